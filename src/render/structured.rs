//! Structured data: the schema.org description of a page as JSON-LD, one
//! `@graph` per page, serialised here and escaped for the
//! `<script type="application/ld+json">` element `base.html` puts it in.
//!
//! A role page describes its [`Occupation`](https://schema.org/Occupation),
//! its learning roadmap, its FAQs as an
//! [`FAQPage`](https://schema.org/FAQPage) and its
//! [`BreadcrumbList`](https://schema.org/BreadcrumbList) (the site, the
//! role's category, the role); the index page lists the roles as an
//! [`ItemList`](https://schema.org/ItemList). Addresses are absolute when
//! `base_url` names a host, else paths from the host's root, as canonical
//! links are. Every text comes from the content or the configuration:
//! nothing here is interface wording.

use serde_json::{json, Value};

use crate::checker::escape_for_script;
use crate::load::config::Config;
use crate::markdown;
use crate::model::Role;

/// The `@graph` of `nodes`, serialised and made safe inside `<script>`:
/// `<`, `>` and `&` are written as JSON escapes, so a `</script>` in the
/// content cannot end the element. `json!` only serialises strings,
/// numbers and lists of them here, which cannot fail, and `Value`'s
/// `Display` writes it without a fallible step.
fn script(nodes: Vec<Value>) -> String {
    let graph = json!({ "@context": "https://schema.org", "@graph": nodes });
    escape_for_script(&graph.to_string())
}

/// A role page's graph: `description` is the summary as plain text,
/// `category` the role's category and `category_url` its page's URL path;
/// `language` is the language the role's text is written in.
pub fn role_page(
    config: &Config,
    role: &Role,
    description: &str,
    (category, category_url): (&str, &str),
    language: &str,
) -> String {
    let page = config.base_url.join(&role.url_path());
    let occupation_id = format!("{page}#occupation");
    let mut occupation = json!({
        "@type": "Occupation",
        "@id": occupation_id,
        "name": role.title,
        "description": description,
        "url": page,
        "skills": role.skills.iter().map(|skill| skill.name.as_str()).collect::<Vec<_>>(),
    });
    if !role.titles.is_empty() {
        occupation["alternateName"] = json!(role.titles);
    }
    if let Some(category) = &role.category {
        occupation["occupationalCategory"] = json!(category);
    }
    // The time to learn the role. Occupation has no property for it
    // (educationRequirements and experienceRequirements say what an
    // employer asks, not how long learning takes, and timeToComplete
    // belongs to EducationalOccupationalProgram, a programme someone
    // offers), so the roadmap is a HowTo about the occupation: its
    // totalTime is the whole roadmap and each phase a HowToStep with its
    // own timeRequired, all ISO 8601 durations in months ("P18M").
    let roadmap = json!({
        "@type": "HowTo",
        "@id": format!("{page}#roadmap"),
        "name": role.title,
        "inLanguage": language,
        "about": { "@id": occupation_id },
        "totalTime": months(role.total_months()),
        "step": role.phases.iter().map(|phase| json!({
            "@type": "HowToStep",
            "position": phase.number,
            "name": phase.title,
            "timeRequired": months(phase.months.duration()),
            "url": format!("{page}#phase-{}", phase.number),
        })).collect::<Vec<_>>(),
    });
    let home = config.base_url.join("");
    let trail = [
        (home.clone(), config.title.as_str()),
        (config.base_url.join(category_url), category),
        (page.clone(), role.title.as_str()),
    ];
    let breadcrumbs = json!({
        "@type": "BreadcrumbList",
        "@id": format!("{page}#breadcrumb"),
        "itemListElement": list_items(trail),
    });
    let mut nodes = vec![occupation, roadmap, breadcrumbs];
    if !role.faqs.is_empty() {
        nodes.push(json!({
            "@type": "FAQPage",
            "inLanguage": language,
            "@id": format!("{page}#faq"),
            "url": page,
            // Answers are the sanitised HTML the page shows, which
            // schema.org's Answer text allows; questions are plain text.
            "mainEntity": role.faqs.iter().map(|faq| json!({
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": { "@type": "Answer", "text": markdown::to_html(&faq.answer, false) },
            })).collect::<Vec<_>>(),
        }));
    }
    script(nodes)
}

/// The index page's graph: every role, in the order given, as an ItemList.
/// `roles` are each role's URL path from the site root and its title.
pub fn index_page<'r>(
    config: &Config,
    roles: impl IntoIterator<Item = (String, &'r str)>,
) -> String {
    let items = roles
        .into_iter()
        .map(|(url_path, title)| (config.base_url.join(&url_path), title));
    script(vec![json!({
        "@type": "ItemList",
        "@id": format!("{}#roles", config.base_url.join("")),
        "itemListElement": list_items(items),
    })])
}

/// ListItems numbered from 1, each naming its address and title.
fn list_items<'t>(items: impl IntoIterator<Item = (String, &'t str)>) -> Vec<Value> {
    items
        .into_iter()
        .zip(1..)
        .map(|((url, name), position): ((String, &str), u32)| {
            json!({ "@type": "ListItem", "position": position, "item": url, "name": name })
        })
        .collect()
}

/// An ISO 8601 duration of whole months.
fn months(count: u32) -> String {
    format!("P{count}M")
}
