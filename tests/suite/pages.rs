//! What pages say about themselves: the breadcrumb, robots and canonical
//! meta, and the text a visitor without JavaScript reads.

use crate::common::TestSite;

/// The part of `html` from `start` to the first `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |at| at + end.len())]
}

#[test]
fn the_breadcrumb_names_the_current_page_without_linking_to_it() {
    let site = TestSite::new();
    site.role("x", "Role X");
    site.build(&[]).success();
    for (page, current, links) in [
        (
            "roles/x/index.html",
            "Role X",
            [
                "../../index.html",
                "../../categories/engineering/index.html",
            ]
            .as_slice(),
        ),
        (
            "checker/index.html",
            "Check your CV",
            ["../index.html"].as_slice(),
        ),
    ] {
        let html = site.read_output(page);
        let trail = between(&html, "<nav class=\"breadcrumb\"", "</nav>");
        let hrefs = crate::common::links(trail);
        assert_eq!(hrefs, links, "{page}: {trail}");
        assert!(
            trail.contains(&format!("<span aria-current=\"page\">{current}</span>")),
            "{page}: {trail}"
        );
        assert_eq!(trail.matches("aria-current").count(), 1, "{page}: {trail}");
    }
}

#[test]
fn the_not_found_page_is_not_indexed_and_names_no_canonical_address() {
    let site = TestSite::new();
    site.role("x", "X");
    site.build(&["--base-url", "https://example.org/careers/"])
        .success();
    let not_found = site.read_output("404.html");
    let head = between(&not_found, "<head>", "</head>");
    assert!(
        head.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{head}"
    );
    assert!(!head.contains("rel=\"canonical\""), "{head}");
    assert!(!head.contains("og:url"), "{head}");
    // Every other page keeps its canonical address and may be indexed.
    for (page, canonical) in [
        ("index.html", "https://example.org/careers/"),
        ("roles/x/index.html", "https://example.org/careers/roles/x/"),
        ("checker/index.html", "https://example.org/careers/checker/"),
    ] {
        let html = site.read_output(page);
        let head = between(&html, "<head>", "</head>");
        assert!(
            head.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{page}: {head}"
        );
        assert!(
            head.contains(&format!(
                "<meta property=\"og:url\" content=\"{canonical}\">"
            )),
            "{page}: {head}"
        );
        assert!(!head.contains("noindex"), "{page}: {head}");
    }
}

/// The text of `html` a visitor reads with JavaScript off: elements the
/// checker's script needs (`<span class="js-only">`, which noscript.css
/// hides) left out,
/// tags stripped.
fn text_without_script(html: &str) -> String {
    let mut shown = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<span class=\"js-only\">") {
        shown.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = &rest[rest
            .find("</span>")
            .map_or(rest.len(), |end| end + "</span>".len())..];
    }
    shown.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in shown.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn without_javascript_the_checker_intro_promises_only_what_works() {
    let site = TestSite::new();
    site.role("x", "Role X");
    site.build(&[]).success();
    let role = site.read_output("roles/x/index.html");
    let checker = site.read_output("checker/index.html");
    for (page, intro) in [
        (
            "role page",
            between(
                between(&role, "id=\"checker\"", "</section>"),
                "<p class=\"section-intro\">",
                "</p>",
            ),
        ),
        (
            "checker page",
            between(&checker, "<p class=\"lead\">", "</p>"),
        ),
    ] {
        let without_script = text_without_script(intro).to_lowercase();
        assert!(without_script.contains("key skills"), "{page}: {intro}");
        for promise in ["paste", "tick", "your cv"] {
            assert!(
                !without_script.contains(promise),
                "{page} promises '{promise}' without JavaScript: {intro}"
            );
        }
        // The script's own wording shows only with the script.
        assert!(
            between(intro, "<span class=\"js-only\">", "</span>").contains("Paste your CV"),
            "{page}: {intro}"
        );
    }
}
