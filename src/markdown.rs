//! Markdown to safe HTML.
//!
//! Content fields are CommonMark with tables, strikethrough and footnotes,
//! rendered by pulldown-cmark. Raw HTML and unusual link schemes are the only
//! ways markdown can carry script, so output containing either goes through
//! ammonia's sanitiser; plain markdown (nearly all of it) skips that parse,
//! since pulldown-cmark already escapes text and attributes.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders markdown to sanitised HTML. With `inline`, a single paragraph is
/// returned without its `<p>` wrapper, for use inside headings or cards.
pub fn to_html(markdown: &str, inline: bool) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .map(demote_heading)
        .collect();
    let needs_sanitising = events.iter().any(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !is_plain_link(dest_url)
        }
        _ => false,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if needs_sanitising {
        out = sanitiser().clean(&out).to_string();
    }
    let out = out.trim_end();
    if inline {
        if let Some(inner) = single_paragraph(out) {
            return inner.to_owned();
        }
    }
    out.to_owned()
}

/// Markdown fields sit inside page sections that already have an `<h2>`, so
/// a `#` heading in content becomes `<h3>` (and so on, down to `<h6>`),
/// keeping the page's heading outline in order.
fn demote_heading(event: Event) -> Event {
    let demote = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    }
}

/// The contents of `<p>…</p>` when the HTML is exactly one paragraph.
fn single_paragraph(html: &str) -> Option<&str> {
    let inner = html.strip_prefix("<p>")?.strip_suffix("</p>")?;
    (!inner.contains("<p>")).then_some(inner)
}

/// Links that need no sanitising: web, mail and relative URLs.
fn is_plain_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme = lower.split(['/', '?', '#']).next().unwrap_or("");
    !scheme.contains(':')
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
}

/// Ammonia's defaults (no script, no event handlers, only safe URL schemes)
/// plus what pulldown-cmark's footnotes and tables need.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static SANITISER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITISER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tag_attributes("div", ["id"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_tag_attributes("th", ["align"])
            .add_tag_attributes("td", ["align"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]));
        builder
    })
}

/// Markdown reduced to plain text for meta descriptions.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in pulldown_cmark::Parser::new(markdown) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => text.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_extensions() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n", false);
        assert!(
            html.contains("<table>") && html.contains("<del>2</del>"),
            "{html}"
        );
        let note = to_html("Text[^1].\n\n[^1]: The note.\n", false);
        assert!(note.contains("footnote-definition"), "{note}");
    }

    #[test]
    fn headings_stay_below_the_page_sections() {
        let html = to_html("# Top\n\n## Next\n\n#### Deep", false);
        assert_eq!(html, "<h3>Top</h3>\n<h4>Next</h4>\n<h6>Deep</h6>");
    }

    #[test]
    fn inline_drops_the_paragraph_only_for_one_paragraph() {
        assert_eq!(to_html("Hello *you*", true), "Hello <em>you</em>");
        assert!(to_html("One\n\nTwo", true).starts_with("<p>One</p>"));
    }

    #[test]
    fn neutralises_script() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
        ];
        for case in cases {
            let html = to_html(case, false).to_ascii_lowercase();
            for bad in ["<script", "onerror", "javascript:", "<iframe", "data:text"] {
                assert!(!html.contains(bad), "{case} -> {html}");
            }
        }
        assert_eq!(to_html("a < b & \"c\"", true), "a &lt; b &amp; \"c\"");
    }
}
