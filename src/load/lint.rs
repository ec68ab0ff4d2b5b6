//! Warnings: things that build but are probably mistakes.
//!
//! A valid role can still be weak: a skill the checker can never count, a
//! skill no phase teaches, a keyword that counts for two skills, a link to a
//! role that does not exist. These checks run on validated roles and give
//! warnings, placed like errors, which `rolemap check --strict` turns into
//! failures.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::locate::{YamlPath, YamlSource};
use crate::diagnostics::Diagnostic;
use crate::layout::{
    ASSETS_DIR, CHECKER_DATA, CHECKER_PAGE, INDEX_PAGE, NOT_FOUND_PAGE, ROBOTS, ROLES_DIR,
    ROLES_JSON, SITEMAP, STATIC_DIR,
};
use crate::model::Role;

/// Longest summary that still reads as one paragraph on a card.
const SUMMARY_LIMIT: usize = 300;

fn warning(source: &YamlSource, path: &YamlPath, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(source, source.locate(path), message)
        .with_hint(hint)
        .warning()
}

/// Warnings about one role on its own.
pub fn role_warnings(role: &Role, source: &YamlSource) -> Vec<Diagnostic> {
    let root = YamlPath::root();
    let mut found = Vec::new();
    let taught: HashSet<&str> = role
        .phases
        .iter()
        .flat_map(|phase| phase.skills.iter().map(|id| id.as_str()))
        .collect();
    let mut keyword_owner: HashMap<String, &str> = HashMap::new();
    for (index, skill) in role.skills.iter().enumerate() {
        let here = root.key("skills").index(index);
        if skill.keywords.is_empty() {
            found.push(warning(
                source,
                &here.key("id"),
                format!(
                    "skill '{}' has no keywords, so the readiness checker can never count it",
                    skill.id
                ),
                "add the terms a CV would use for it: keywords: [term, other term]",
            ));
        }
        if !taught.contains(skill.id.as_str()) {
            found.push(warning(
                source,
                &here.key("id"),
                format!("no phase teaches skill '{}'", skill.id),
                "add its id to the skills: list of the phase that teaches it, so the checker can point there",
            ));
        }
        for (k, keyword) in skill.keywords.iter().enumerate() {
            let key = keyword.term.to_lowercase();
            match keyword_owner.get(&key) {
                Some(owner) if *owner != skill.id.as_str() => found.push(warning(
                    source,
                    &here.key("keywords").index(k),
                    format!("keyword '{}' also counts for skill '{owner}'", keyword.term),
                    "a mention would count for both skills; keep the keyword in one of them",
                )),
                _ => {
                    keyword_owner.insert(key, skill.id.as_str());
                }
            }
        }
    }
    if role.faqs.is_empty() {
        found.push(warning(
            source,
            &root.key("title"),
            "the role has no FAQs".to_owned(),
            "add a few faqs: the questions people ask before choosing this path",
        ));
    }
    let summary_length = role.summary.chars().count();
    if summary_length > SUMMARY_LIMIT {
        found.push(warning(
            source,
            &root.key("summary"),
            format!("the summary is {summary_length} characters long"),
            "keep it under 300 characters; longer text belongs in description",
        ));
    }
    for (p, phase) in role.phases.iter().enumerate() {
        for (r, resource) in phase.resources.iter().enumerate() {
            let lower = resource.url.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                found.push(warning(
                    source,
                    &root
                        .key("phases")
                        .index(p)
                        .key("resources")
                        .index(r)
                        .key("url"),
                    format!("resource URL '{}' is not an http(s) address", resource.url),
                    "resources are usually external: use the full https:// address",
                ));
            }
        }
    }
    let mut questions: HashMap<String, usize> = HashMap::new();
    for (index, faq) in role.faqs.iter().enumerate() {
        if let Some(first) = questions.insert(faq.question.to_lowercase(), index) {
            found.push(warning(
                source,
                &root.key("faqs").index(index).key("question"),
                format!("this question repeats FAQ {}", first + 1),
                "merge the answers into one question",
            ));
        }
    }
    found.extend(bidi_warnings(role, source));
    found
}

/// Bidirectional-override characters (U+202A–U+202E, U+2066–U+2069) make
/// text display in another order than it reads: in a title or a name they
/// can disguise what a page says.
fn bidi_warnings(role: &Role, source: &YamlSource) -> Vec<Diagnostic> {
    let root = YamlPath::root();
    let mut fields: Vec<(YamlPath, &str)> = vec![(root.key("title"), role.title.as_str())];
    fields.extend(
        role.titles
            .iter()
            .enumerate()
            .map(|(i, t)| (root.key("titles").index(i), t.as_str())),
    );
    fields.extend(
        role.category
            .iter()
            .map(|c| (root.key("category"), c.as_str())),
    );
    for (index, skill) in role.skills.iter().enumerate() {
        fields.push((root.key("skills").index(index).key("name"), &skill.name));
    }
    for (index, phase) in role.phases.iter().enumerate() {
        fields.push((root.key("phases").index(index).key("title"), &phase.title));
    }
    let overrides = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    fields
        .into_iter()
        .filter(|(_, text)| text.chars().any(overrides))
        .map(|(path, _)| {
            warning(
                source,
                &path,
                "this text holds bidirectional-override characters, which make it display in another order than it reads".to_owned(),
                "remove the invisible U+202A–U+202E and U+2066–U+2069 characters",
            )
        })
        .collect()
}

/// A link in a role's markdown to a page of the site, found once when the
/// role is loaded and checked against the site each time it is assembled.
#[derive(Debug, Clone)]
pub struct SiteLink {
    /// The markdown field the link is in.
    field: YamlPath,
    /// The link as written.
    target: String,
}

/// The links in a role's markdown that lead to pages of the site.
pub fn site_links(role: &Role) -> Vec<SiteLink> {
    let root = YamlPath::root();
    let mut fields: Vec<(YamlPath, &str)> = vec![(root.key("summary"), role.summary.as_str())];
    if let Some(description) = &role.description {
        fields.push((root.key("description"), description));
    }
    for (index, skill) in role.skills.iter().enumerate() {
        if let Some(detail) = &skill.detail {
            fields.push((root.key("skills").index(index).key("detail"), detail));
        }
    }
    for (index, phase) in role.phases.iter().enumerate() {
        if let Some(summary) = &phase.summary {
            fields.push((root.key("phases").index(index).key("summary"), summary));
        }
    }
    for (index, faq) in role.faqs.iter().enumerate() {
        fields.push((root.key("faqs").index(index).key("answer"), &faq.answer));
    }
    fields
        .into_iter()
        .flat_map(|(field, markdown)| {
            links(markdown)
                .into_iter()
                .filter(|target| site_path(target).is_some())
                .map(move |target| SiteLink {
                    field: field.clone(),
                    target,
                })
        })
        .collect()
}

/// Warnings about `links` that lead to pages the site does not have. `site`
/// is the site folder, whose `static/` files count as pages.
pub fn link_warnings(
    links: &[SiteLink],
    source: &YamlSource,
    slugs: &HashSet<&str>,
    site: &Path,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for link in links {
        let Some(parts) = site_path(&link.target) else {
            continue;
        };
        let target = &link.target;
        let message = match parts.as_slice() {
            [ROLES_DIR, slug] | [ROLES_DIR, slug, INDEX_PAGE] if !slugs.contains(*slug) => {
                format!("the link '{target}' leads to role '{slug}', which does not exist")
            }
            parts if !page_exists(parts, slugs, site) => {
                format!("the link '{target}' leads to a page the site does not have")
            }
            _ => continue,
        };
        found.push(warning(
            source,
            &link.field,
            message,
            "link to an existing page, e.g. ../backend-developer/ for a role",
        ));
    }
    found
}

/// Whether a site-relative `target`, written on a role page, leads to a
/// page or file the built site has (as [`link_warnings`] decides): a role
/// page of `slugs`, a generated page, a theme asset or a file of `static/`
/// under `site`. A fragment alone (`#faq`) is the page itself; a link that
/// climbs out of the site leads nowhere.
pub fn site_page_exists(target: &str, slugs: &HashSet<&str>, site: &Path) -> bool {
    if target.split(['#', '?']).next().is_some_and(str::is_empty) {
        return true;
    }
    site_path(target).is_some_and(|parts| page_exists(&parts, slugs, site))
}

fn links(markdown: &str) -> Vec<String> {
    // Every link (inline, reference or autolink) needs one of these; most
    // fields have none, and parsing them is most of linting's cost.
    if !markdown.bytes().any(|b| b == b'[' || b == b'<') {
        return Vec::new();
    }
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// The site path a relative link on a role page (`roles/<slug>/`) leads
/// to, as segments: `../x/` gives `["roles", "x"]`. `None` for external
/// links, fragments and links that climb out of the site.
fn site_path(target: &str) -> Option<Vec<&str>> {
    let path = target.split(['#', '?']).next()?;
    if path.is_empty() || path.contains(':') || path.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        // Links are written on a role page, `roles/<slug>/`.
        vec![ROLES_DIR, "_"]
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts)
}

/// Whether the built site has a page at `parts` (other than a role page,
/// checked against `slugs` by the caller). Theme assets are assumed present.
fn page_exists(parts: &[&str], slugs: &HashSet<&str>, root: &Path) -> bool {
    let parts = match parts {
        [folder @ .., INDEX_PAGE] => folder,
        all => all,
    };
    match parts {
        [] => true,
        [ROLES_DIR, slug] => slugs.contains(slug),
        [ASSETS_DIR, ..] => true,
        other => {
            let path = other.join("/");
            let generated = [NOT_FOUND_PAGE, SITEMAP, ROBOTS, ROLES_JSON, CHECKER_DATA];
            generated.contains(&path.as_str())
                || format!("{path}/{INDEX_PAGE}") == CHECKER_PAGE
                || root.join(STATIC_DIR).join(&path).is_file()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn links_resolve_from_the_role_page() {
        assert_eq!(
            site_path("../data-engineer/"),
            Some(vec!["roles", "data-engineer"])
        );
        assert_eq!(
            site_path("../../roles/x/index.html#faq"),
            Some(vec!["roles", "x", "index.html"])
        );
        assert_eq!(site_path("/roles/y/"), Some(vec!["roles", "y"]));
        assert_eq!(site_path("../../about.html"), Some(vec!["about.html"]));
        assert_eq!(site_path("https://example.org/roles/z/"), None);
        assert_eq!(site_path("#phase-2"), None);
        assert_eq!(site_path("../../../outside"), None);
    }
}
