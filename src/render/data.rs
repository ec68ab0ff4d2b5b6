//! The machine-readable outputs: `data/roles.json`, `data/checker.json` and
//! the checker data embedded in pages.
//!
//! Each role's part of these files is serialised once and kept in a
//! [`DataCache`] until the role changes (or a role it names as related is
//! published or unpublished: the related slugs of roles that are not built
//! are left out), so the watch loop re-serialises only what an edit touched. Files are assembled from those parts, one role
//! per line, by the same code for clean and incremental builds, so both
//! write the same bytes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::checker::compile::{compile_role, Synonyms};
use crate::checker::escape_for_script;
use crate::load::config::Config;
use crate::model::{same_role, Role, Slug};

/// One role's serialised parts.
#[derive(Debug, Clone)]
struct Parts {
    /// The role they were made from, to tell when they are stale.
    role: Arc<Role>,
    /// Its related roles that are listed, which its entry names.
    related: Vec<Slug>,
    /// Its entry in `data/roles.json`.
    api: String,
    /// Its entry in `data/checker.json` (a compiled `CheckRole`).
    checker: String,
}

/// Serialised parts of every role, kept between builds of one session.
/// Valid for one configuration: a new configuration needs a new cache.
#[derive(Debug, Default)]
pub struct DataCache {
    parts: HashMap<String, Parts>,
    settings: String,
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
    pub fn update(
        &mut self,
        config: &Config,
        roles: &[&Arc<Role>],
    ) -> Result<(), serde_json::Error> {
        if self.settings.is_empty() {
            self.settings = serde_json::to_string(&config.checker)?;
        }
        let listed: HashSet<&str> = roles.iter().map(|r| r.slug.as_str()).collect();
        // A role's parts are stale when it changed, or when a role it names
        // as related was published or unpublished.
        let stale: Vec<(&Arc<Role>, Vec<Slug>)> = roles
            .iter()
            .map(|role| (*role, shown_related(role, &listed)))
            .filter(|(role, related)| {
                self.parts
                    .get(role.slug.as_str())
                    .is_none_or(|parts| !same_role(&parts.role, role) || &parts.related != related)
            })
            .collect();
        // Compiling the synonym table is only worth it when a role changed.
        let synonyms = if stale.is_empty() {
            Synonyms::default()
        } else {
            Synonyms::new(&config.synonyms)
        };
        let fresh: Vec<(String, Parts)> = stale
            .par_iter()
            .map(|(role, related)| {
                let api = serde_json::to_string(&ApiEntry {
                    role: &listed_role(role, related),
                    url: config.base_url.join(&role.url_path()),
                    total_months: role.total_months(),
                })?;
                let checker = serde_json::to_string(&compile_role(role, &synonyms))?;
                let parts = Parts {
                    role: Arc::clone(role),
                    related: related.clone(),
                    api,
                    checker,
                };
                Ok((role.slug.to_string(), parts))
            })
            .collect::<Result<_, serde_json::Error>>()?;
        self.parts.extend(fresh);
        self.parts.retain(|slug, _| listed.contains(slug.as_str()));
        Ok(())
    }

    /// `data/checker.json` for these roles, in this order.
    pub fn checker_json<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> Document<'c> {
        let parts = slugs
            .filter_map(|slug| self.parts.get(slug))
            .map(|p| p.checker.as_str());
        checker_document(&self.settings, parts)
    }

    /// The checker data of some roles, ready to embed in a
    /// `<script type="application/json">` element. Escaping never touches
    /// the JSON punctuation that joins the parts, so each part is escaped
    /// on its own as it is written.
    pub fn checker_script<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> String {
        let document = self.checker_json(slugs);
        let mut out = String::with_capacity(document.byte_len() + document.byte_len() / 64);
        for piece in document.pieces() {
            out.push_str(&escape_for_script(piece));
        }
        out
    }

    /// `data/roles.json` for these roles, in this order.
    pub fn roles_json<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> Document<'c> {
        Document {
            head: "{\"roles\":[\n".to_owned(),
            parts: slugs
                .filter_map(|slug| self.parts.get(slug))
                .map(|p| p.api.as_str())
                .collect(),
            tail: "\n]}\n",
        }
    }
}

/// The related slugs of `role` that are among the `listed` roles: a draft
/// is not built unless drafts are, so it is not named either.
fn shown_related(role: &Role, listed: &HashSet<&str>) -> Vec<Slug> {
    role.related
        .iter()
        .filter(|slug| listed.contains(slug.as_str()))
        .cloned()
        .collect()
}

/// `role` with only the `related` slugs that are shown, copied only when
/// some are left out.
fn listed_role<'r>(role: &'r Role, related: &[Slug]) -> Cow<'r, Role> {
    if role.related.len() == related.len() {
        Cow::Borrowed(role)
    } else {
        Cow::Owned(Role {
            related: related.to_vec(),
            ..role.clone()
        })
    }
}

fn checker_document<'p>(settings: &str, roles: impl Iterator<Item = &'p str>) -> Document<'p> {
    Document {
        head: format!("{{\"settings\":{settings},\"roles\":[\n"),
        parts: roles.collect(),
        tail: "\n]}\n",
    }
}

/// A file made of a head, parts separated by `,` and a line break, and a
/// tail. It is written piece by piece rather than joined first: these files
/// run to megabytes for large sites.
#[derive(Debug)]
pub struct Document<'p> {
    head: String,
    parts: Vec<&'p str>,
    tail: &'static str,
}

impl<'p> Document<'p> {
    /// A document of one piece.
    pub fn whole(text: String) -> Document<'p> {
        Document {
            head: text,
            parts: Vec::new(),
            tail: "",
        }
    }

    /// The pieces in order.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        let parts = self
            .parts
            .iter()
            .enumerate()
            .flat_map(|(i, part)| [if i == 0 { "" } else { ",\n" }, *part]);
        std::iter::once(self.head.as_str())
            .chain(parts)
            .chain(std::iter::once(self.tail))
    }

    /// Length in bytes.
    fn byte_len(&self) -> usize {
        self.pieces().map(str::len).sum()
    }
}
