//! The machine-readable outputs: each role's JSON (`roles/<slug>/index.json`),
//! the index of them all (`data/roles.json`), `data/checker.js` and the
//! checker data embedded in role pages.
//!
//! Each role's part of the shared files is made once and kept in a
//! [`DataCache`] until the role changes (or a role it names as related is
//! published or unpublished: the related slugs of roles that are not built
//! are left out), so the watch loop re-serialises only what an edit
//! touched: its `data/roles.json` entry, its compiled matching data and its
//! page's packed copy. A role's own JSON is written with its page and kept
//! nowhere. Files are assembled by the same code for clean and incremental
//! builds, so both write the same bytes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::checker::compile::{compile_role_in, CheckRole, Settings, Synonyms};
use crate::checker::escape_for_script;
use crate::checker::pack::{pack, pack_roles, PackedSettings, FORMAT};
use crate::layout;
use crate::load::config::Config;
use crate::markdown;
use crate::model::{same_role, Role, Slug};

/// The statement `data/checker.js` opens with; the packed data follows as
/// one JSON value, then `;` and a line break (docs/checker.md, section 11).
pub const CHECKER_DATA_PREFIX: &str = "globalThis.rolemapCheckerData=";

/// One role's serialised parts.
#[derive(Debug, Clone)]
struct Parts {
    /// The role they were made from, to tell when they are stale.
    role: Arc<Role>,
    /// Its related roles that are listed, which its entry names.
    related: Vec<Slug>,
    /// Its entry in `data/roles.json`.
    index: String,
    /// Its summary as inline HTML, for the cards that list it on several pages.
    summary_html: String,
    /// Its matching data, packed with the others into `data/checker.js`.
    checker: CheckRole,
    /// Its page's own checker data without the settings: its packed
    /// roles object, escaped for a `<script>`.
    page_data: String,
}

/// Serialised parts of every role, kept between builds of one session.
/// Valid for one configuration: a new configuration needs a new cache.
#[derive(Debug, Default)]
pub struct DataCache {
    parts: HashMap<String, Parts>,
    settings: Settings,
    /// The packed settings, escaped for a `<script>`: the same on every page.
    settings_script: String,
}

/// A role's own JSON file: its fields as loaded plus derived ones.
#[derive(Serialize)]
struct ApiEntry<'r> {
    #[serde(flatten)]
    role: &'r Role,
    url: String,
    total_months: u32,
}

/// A role in `data/roles.json`: what a listing needs, and where the rest is.
#[derive(Serialize)]
struct IndexEntry<'r> {
    slug: &'r str,
    title: &'r str,
    category: Option<&'r str>,
    summary: &'r str,
    updated: Option<String>,
    total_months: u32,
    /// The role page.
    url: String,
    /// The role's own JSON file.
    data: String,
}

impl DataCache {
    /// Brings the parts of `roles` up to date and forgets roles not listed.
    pub fn update(
        &mut self,
        config: &Config,
        roles: &[&Arc<Role>],
    ) -> Result<(), serde_json::Error> {
        if self.settings_script.is_empty() || self.settings != config.checker {
            self.settings = config.checker.clone();
            self.settings_script =
                escape_for_script(&serde_json::to_string(&PackedSettings(&self.settings))?);
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
                let index = serde_json::to_string(&IndexEntry {
                    slug: role.slug.as_str(),
                    title: &role.title,
                    category: role.category.as_deref(),
                    summary: &role.summary,
                    updated: role.updated.map(|date| date.to_string()),
                    total_months: role.total_months(),
                    url: config.base_url.join(&role.url_path()),
                    data: config.base_url.join(&layout::role_data(role.slug.as_str())),
                })?;
                let checker = compile_role_in(role, &synonyms, Some(&config.language));
                let page_data = escape_for_script(&serde_json::to_string(&pack_roles([&checker]))?);
                let parts = Parts {
                    role: Arc::clone(role),
                    related: related.clone(),
                    index,
                    summary_html: markdown::to_html(&role.summary, true),
                    checker,
                    page_data,
                };
                Ok((role.slug.to_string(), parts))
            })
            .collect::<Result<_, serde_json::Error>>()?;
        self.parts.extend(fresh);
        self.parts.retain(|slug, _| listed.contains(slug.as_str()));
        Ok(())
    }

    /// `data/checker.js` for these roles, in this order: one classic
    /// script, so the checker page loads it from `file://` as well as
    /// over HTTP.
    pub fn checker_data<'c>(
        &'c self,
        slugs: impl Iterator<Item = &'c str>,
    ) -> Result<String, serde_json::Error> {
        let roles = slugs
            .filter_map(|slug| self.parts.get(slug))
            .map(|p| &p.checker);
        let mut script = String::from(CHECKER_DATA_PREFIX);
        script.push_str(&serde_json::to_string(&pack(&self.settings, roles))?);
        script.push_str(";\n");
        Ok(script)
    }

    /// The checker data of one role's page, ready to embed in a
    /// `<script type="application/json">` element; empty for a role not
    /// in the cache. The shared settings are spliced in as the first
    /// members of the role's packed object, so they are kept once.
    pub fn page_data(&self, slug: &str) -> String {
        let Some(parts) = self.parts.get(slug) else {
            return String::new();
        };
        let members = parts.page_data.strip_prefix('{').unwrap_or_default();
        format!(
            "{{\"format\":{FORMAT},\"settings\":{},{members}",
            self.settings_script
        )
    }

    /// A role's summary as inline HTML; empty for a role not in the cache.
    pub fn summary_html(&self, slug: &str) -> &str {
        self.parts.get(slug).map_or("", |p| p.summary_html.as_str())
    }

    /// `data/roles.json` for these roles, in this order.
    pub fn roles_json<'c>(&'c self, slugs: impl Iterator<Item = &'c str>) -> Document<'c> {
        Document {
            head: "{\"roles\":[\n".to_owned(),
            parts: slugs
                .filter_map(|slug| self.parts.get(slug))
                .map(|p| p.index.as_str())
                .collect(),
            tail: "\n]}\n",
        }
    }

    /// A role's own JSON (`roles/<slug>/index.json`): every field as
    /// loaded, its related roles as shown, its URL and total months.
    pub fn role_json(&self, config: &Config, role: &Role) -> Result<String, serde_json::Error> {
        let related = self
            .parts
            .get(role.slug.as_str())
            .map_or(&[][..], |parts| parts.related.as_slice());
        let mut json = serde_json::to_string(&ApiEntry {
            role: &listed_role(role, related),
            url: config.base_url.join(&role.url_path()),
            total_months: role.total_months(),
        })?;
        json.push('\n');
        Ok(json)
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
}
