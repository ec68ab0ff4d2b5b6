//! The machine-readable outputs: `data/roles.json`, `data/checker.json` and
//! the checker data embedded in pages.
//!
//! Each role's part of these files is serialised once and kept in a
//! [`DataCache`] until the role changes, so the watch loop re-serialises
//! only what an edit touched. Files are assembled from those parts, one role
//! per line, by the same code for clean and incremental builds, so both
//! write the same bytes.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::checker::compile::{compile_role, Synonyms};
use crate::checker::escape_for_script;
use crate::config::Config;
use crate::model::Role;

/// One role's serialised parts.
#[derive(Debug, Clone)]
struct Parts {
    /// The role they were made from, to tell when they are stale.
    role: Role,
    /// Its entry in `data/roles.json`.
    api: String,
    /// Its entry in `data/checker.json` (a compiled `CheckRole`).
    checker: String,
    /// The same, escaped for a `<script>` element.
    script: String,
}

/// Serialised parts of every role, kept between builds of one session.
/// Valid for one configuration: a new configuration needs a new cache.
#[derive(Debug, Default)]
pub struct DataCache {
    parts: HashMap<String, Parts>,
    settings: String,
    settings_script: String,
}

/// A role in `data/roles.json`: its fields as loaded plus derived ones.
#[derive(Serialize)]
struct ApiEntry<'r> {
    #[serde(flatten)]
    role: &'r Role,
    url: String,
    total_months: u32,
}

impl DataCache {
    /// Brings the parts of `roles` up to date and forgets roles not listed.
    pub fn update(&mut self, config: &Config, roles: &[&Role]) -> Result<(), serde_json::Error> {
        if self.settings.is_empty() {
            self.settings = serde_json::to_string(&config.checker)?;
            self.settings_script = escape_for_script(&self.settings);
        }
        let stale: Vec<&Role> = roles
            .iter()
            .copied()
            .filter(|role| {
                self.parts
                    .get(role.slug.as_str())
                    .is_none_or(|parts| &parts.role != *role)
            })
            .collect();
        let synonyms = Synonyms::new(&config.synonyms);
        let fresh: Vec<(String, Parts)> = stale
            .par_iter()
            .map(|role| {
                let api = serde_json::to_string(&ApiEntry {
                    role,
                    url: config.base_url.join(&role.url_path()),
                    total_months: role.total_months(),
                })?;
                let checker = serde_json::to_string(&compile_role(role, &synonyms))?;
                let parts = Parts {
                    role: (*role).clone(),
                    api,
                    script: escape_for_script(&checker),
                    checker,
                };
                Ok((role.slug.to_string(), parts))
            })
            .collect::<Result<_, serde_json::Error>>()?;
        self.parts.extend(fresh);
        let listed: std::collections::HashSet<&str> =
            roles.iter().map(|r| r.slug.as_str()).collect();
        self.parts.retain(|slug, _| listed.contains(slug.as_str()));
        Ok(())
    }

    /// `data/checker.json` for these roles, in this order.
    pub fn checker_json<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> String {
        let parts = slugs
            .filter_map(|slug| self.parts.get(slug))
            .map(|p| p.checker.as_str());
        checker_document(&self.settings, parts)
    }

    /// The checker data of some roles, ready to embed in a
    /// `<script type="application/json">` element. Assembled from escaped
    /// parts: escaping never touches the JSON punctuation that joins them.
    pub fn checker_script<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> String {
        let parts = slugs
            .filter_map(|slug| self.parts.get(slug))
            .map(|p| p.script.as_str());
        checker_document(&self.settings_script, parts)
    }

    /// `data/roles.json` for these roles, in this order.
    pub fn roles_json<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> String {
        let parts: Vec<&str> = slugs
            .filter_map(|slug| self.parts.get(slug))
            .map(|p| p.api.as_str())
            .collect();
        format!("{{\"roles\":[\n{}\n]}}\n", parts.join(",\n"))
    }
}

fn checker_document<'p>(settings: &str, roles: impl Iterator<Item = &'p str>) -> String {
    let head = format!("{{\"settings\":{settings},\"roles\":[\n");
    document(&head, roles, "\n]}\n")
}

/// `head`, the parts separated by `,` and a line break, and `tail`, built
/// in one allocation: these files run to megabytes.
fn document<'p>(head: &str, parts: impl Iterator<Item = &'p str>, tail: &str) -> String {
    let parts: Vec<&str> = parts.collect();
    let size = head.len() + tail.len() + parts.iter().map(|p| p.len() + 2).sum::<usize>();
    let mut out = String::with_capacity(size);
    out.push_str(head);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(part);
    }
    out.push_str(tail);
    out
}
