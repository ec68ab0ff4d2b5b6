//! The XML files' shared escaping, and `atom.xml`: the roles as an Atom
//! feed (RFC 4287), newest `updated` first, so feed readers learn when a
//! role is added or revised.
//!
//! An Atom `id` must be an absolute IRI and the feed is fetched from a
//! host, so it is written only when `base_url` names one (as the sitemap
//! is): the feed's `id` is the site's URL, each entry's the URL of its
//! role page, both stable as long as `base_url` is. An entry must say when
//! it last changed, so roles without `updated` are left out rather than
//! given an invented date, and a site none of whose roles has one has no
//! feed. Every text comes from the content or the configuration.

use std::fmt::Write as _;

use crate::layout;
use crate::load::config::Config;
use crate::markdown::plain_text;
use crate::model::{Date, Role};
use crate::theme::escape_html;

/// The roles the feed lists, newest `updated` first (then by slug, so
/// the order is stable), or `None` when there is no feed.
pub fn entries<'a>(config: &Config, roles: &[&'a Role]) -> Option<Vec<(&'a Role, Date)>> {
    if !config.base_url.is_absolute() {
        return None;
    }
    let mut dated: Vec<(&Role, Date)> = roles
        .iter()
        .filter_map(|role| role.updated.map(|date| (*role, date)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    dated.sort_by(|(a, a_date), (b, b_date)| b_date.cmp(a_date).then_with(|| a.slug.cmp(&b.slug)));
    Some(dated)
}

/// Whether a site of `roles` has a feed.
pub fn feed_exists(config: &Config, roles: &[&Role]) -> bool {
    entries(config, roles).is_some()
}

/// The feed's XML, or `None` when there is no feed ([`entries`]).
pub fn atom(config: &Config, roles: &[&Role]) -> Option<String> {
    let entries = entries(config, roles)?;
    let newest = entries.first()?.1;
    let site = config.base_url.as_str();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape(site));
    let _ = writeln!(xml, "  <title>{}</title>", escape(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape(&config.description)
        );
    }
    let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(newest));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&config.base_url.join(layout::FEED))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(site)
    );
    // Entries name no author of their own, so the feed must (section 4.1.1).
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape(&config.title)
    );
    let _ = writeln!(
        xml,
        "  <generator version=\"{}\">{}</generator>",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_NAME")
    );
    for (role, updated) in entries {
        let page = escape(&config.base_url.join(&role.url_path()));
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <id>{page}</id>");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&role.title));
        let _ = writeln!(xml, "    <updated>{}</updated>", timestamp(updated));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>"
        );
        let _ = writeln!(
            xml,
            "    <summary>{}</summary>",
            escape(&plain_text(&role.summary))
        );
        if let Some(category) = &role.category {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(category));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// `text` escaped for XML text and attribute values (as for HTML), without
/// the control characters XML 1.0 does not allow at all (a YAML string can
/// hold them).
pub fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    escape_html(&allowed)
}

/// A date as an RFC 3339 date-time: the start of the day in UTC.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}
