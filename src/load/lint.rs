//! Warnings: things that build but are probably mistakes.
//!
//! A valid role can still be weak: a skill the checker can never count, a
//! skill no phase teaches, a keyword that counts for two skills, a link to a
//! role that does not exist. These checks run on validated roles and give
//! warnings, placed like errors, which `rolemap check --strict` turns into
//! failures.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag};

use super::locate::{locate, YamlPath};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::Role;

/// Longest summary that still reads as one paragraph on a card.
const SUMMARY_LIMIT: usize = 300;

fn warning(source: &Arc<SourceFile>, path: &YamlPath, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(source, locate(&source.text, path), message)
        .with_hint(hint)
        .warning()
}

/// Warnings about one role on its own.
pub fn role_warnings(role: &Role, source: &Arc<SourceFile>) -> Vec<Diagnostic> {
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
    found
}

/// Warnings about links in a role's markdown to role pages that do not exist.
pub fn link_warnings(
    role: &Role,
    source: &Arc<SourceFile>,
    slugs: &HashSet<&str>,
) -> Vec<Diagnostic> {
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
    let mut found = Vec::new();
    for (path, markdown) in fields {
        for target in links(markdown) {
            if let Some(slug) = linked_role(&target) {
                if !slugs.contains(slug.as_str()) {
                    found.push(warning(
                        source,
                        &path,
                        format!("the link '{target}' leads to role '{slug}', which does not exist"),
                        "link to an existing role's page, e.g. ../backend-developer/",
                    ));
                }
            }
        }
    }
    found
}

fn links(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// The slug a relative link from a role page points at, if it points at a
/// role page: `../x/`, `../../roles/x/index.html`, `/roles/x/`.
fn linked_role(target: &str) -> Option<String> {
    let path = target.split(['#', '?']).next()?;
    if path.is_empty() || path.contains(':') || path.starts_with("//") {
        return None;
    }
    // Resolve against the role page's folder, roles/<slug>/.
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        vec!["roles", "_"]
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    match parts.as_slice() {
        ["roles", slug] | ["roles", slug, "index.html"] if *slug != "_" => Some((*slug).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::linked_role;

    #[test]
    fn role_links_are_recognised() {
        assert_eq!(
            linked_role("../data-engineer/"),
            Some("data-engineer".into())
        );
        assert_eq!(
            linked_role("../../roles/x/index.html#faq"),
            Some("x".into())
        );
        assert_eq!(linked_role("/roles/y/"), Some("y".into()));
        assert_eq!(linked_role("https://example.org/roles/z/"), None);
        assert_eq!(linked_role("#phase-2"), None);
        assert_eq!(linked_role("../../index.html"), None);
    }
}
