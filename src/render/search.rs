//! `data/search.js`: the search index of every role, for the search box of
//! every page. It names each role's title, other titles, category and skill
//! names; category and skill names are kept once (roles refer to them by
//! position), so a site of thousands of roles stays a small download. It is
//! a classic script, like the checker data, so it loads from `file://` too.

use serde::Serialize;

use crate::checker::pack::Interner;
use crate::model::Role;

/// What `data/search.js` starts with: the script assigns its JSON to this global.
pub const SEARCH_DATA_PREFIX: &str = "globalThis.rolemapSearchData=";

/// The version of the index's format, which `search.js` checks.
const FORMAT_VERSION: u8 = 1;

/// One role in the index: `[slug, title, category (position, or -1),
/// other titles, skills (positions)]`, an array to keep the file small.
type RoleEntry<'a> = (&'a str, &'a str, i64, &'a [String], Vec<u32>);

#[derive(Serialize)]
struct SearchIndex<'a> {
    version: u8,
    categories: Vec<&'a str>,
    skills: Vec<&'a str>,
    roles: Vec<RoleEntry<'a>>,
}

/// The script of `data/search.js` for `roles`, in the order given.
pub fn search_script(roles: &[&Role]) -> Result<String, serde_json::Error> {
    let mut categories = Interner::default();
    let mut skills = Interner::default();
    let roles = roles
        .iter()
        .map(|role| {
            let category = role
                .category
                .as_deref()
                .map_or(-1, |name| i64::from(categories.index(name)));
            let skill_names = role
                .skills
                .iter()
                .map(|skill| skills.index(skill.name.as_str()))
                .collect();
            (
                role.slug.as_str(),
                role.title.as_str(),
                category,
                role.titles.as_slice(),
                skill_names,
            )
        })
        .collect();
    let index = SearchIndex {
        version: FORMAT_VERSION,
        categories: categories.list,
        skills: skills.list,
        roles,
    };
    let mut script = String::from(SEARCH_DATA_PREFIX);
    script.push_str(&serde_json::to_string(&index)?);
    script.push_str(";\n");
    Ok(script)
}
