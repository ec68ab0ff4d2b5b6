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
            ["../../index.html", "../../index.html#engineering"].as_slice(),
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
