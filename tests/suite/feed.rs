//! `atom.xml` (RFC 4287) and `sitemap.xml`: written when `base_url` names
//! a host, linked from every page's `<head>`; without a host, neither is
//! written and the build says why.

use std::path::Path;

use crate::common::{read, role_yaml, snapshot, TestSite};

const ATOM: &str = "http://www.w3.org/2005/Atom";

const FAQS: &str = "faqs:\n  - question: Why?\n    answer: Because.\n";

/// Roles updated on different days, one without a category, one without
/// `updated`, and a title that needs escaping; no warnings.
fn dated_site() -> TestSite {
    let site = TestSite::new();
    site.write("roles/old.yaml", &role_yaml("Old & <Odd> \"Role\"", FAQS))
        .write(
            "roles/new.yaml",
            &role_yaml("New Role", FAQS).replace("2026-10-01", "2026-12-24"),
        )
        .write(
            "roles/mid.yaml",
            &role_yaml("Mid Role", FAQS)
                .replace("2026-10-01", "2026-11-15")
                .replace("category: Engineering\n", ""),
        )
        .write(
            "roles/undated.yaml",
            &role_yaml("Undated Role", FAQS).replace("updated: 2026-10-01\n", ""),
        );
    site
}

/// The one child of `node` in the Atom namespace named `name`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = node
        .children()
        .filter(|n| n.has_tag_name((ATOM, name)))
        .collect();
    assert_eq!(found.len(), 1, "{name} in {:?}", node.tag_name());
    found[0]
}

fn text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    child(node, name).text().unwrap_or("")
}

/// The `href` of the link with relation `rel`.
fn link<'a>(node: roxmltree::Node<'a, '_>, rel: &str) -> &'a str {
    let links: Vec<_> = node
        .children()
        .filter(|n| n.has_tag_name((ATOM, "link")))
        .filter(|n| n.attribute("rel").unwrap_or("alternate") == rel)
        .collect();
    assert_eq!(links.len(), 1, "link rel={rel}");
    links[0].attribute("href").expect("href")
}

/// An RFC 3339 date-time, as section 3.3 of RFC 4287 requires.
fn assert_rfc3339(date: &str) {
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    assert!(
        bytes.len() == 20
            && digits(0..4)
            && bytes[4] == b'-'
            && digits(5..7)
            && bytes[7] == b'-'
            && digits(8..10)
            && bytes[10] == b'T'
            && digits(11..13)
            && bytes[13] == b':'
            && digits(14..16)
            && bytes[16] == b':'
            && digits(17..19)
            && bytes[19] == b'Z',
        "not an RFC 3339 date-time: {date}"
    );
}

fn assert_absolute(iri: &str) {
    let url = url::Url::parse(iri).unwrap_or_else(|err| panic!("not absolute ({err}): {iri}"));
    assert!(url.host_str().is_some(), "{iri}");
}

#[test]
fn the_feed_is_valid_atom_newest_first() {
    let site = dated_site();
    let run = site.build(&["--base-url", "https://example.org/careers"]);
    run.success();
    assert!(
        run.stderr()
            .contains("atom.xml leaves out 1 role without an `updated` date"),
        "{}",
        run.stderr()
    );
    let xml = site.read_output("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{xml}");

    // Section 4.1.1: id, title, updated, author (no entry has one), self link.
    let id = text(feed, "id");
    assert_eq!(id, "https://example.org/careers/");
    assert_absolute(id);
    assert_eq!(text(feed, "title"), "Career roadmaps");
    assert_eq!(text(feed, "updated"), "2026-12-24T00:00:00Z");
    assert_eq!(text(child(feed, "author"), "name"), "Career roadmaps");
    assert_eq!(link(feed, "self"), "https://example.org/careers/atom.xml");
    assert_eq!(link(feed, "alternate"), "https://example.org/careers/");
    assert_eq!(text(feed, "generator"), "rolemap");

    // Section 4.1.2: each entry's id, title, updated, alternate link, summary.
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect();
    let dated = 3;
    assert_eq!(entries.len(), dated, "{xml}");
    let mut previous = None;
    let mut titles = Vec::new();
    for entry in &entries {
        let id = text(*entry, "id");
        assert_absolute(id);
        assert_eq!(link(*entry, "alternate"), id);
        let updated = text(*entry, "updated");
        assert_rfc3339(updated);
        if let Some(before) = previous {
            assert!(updated <= before, "{updated} after {before}");
        }
        previous = Some(updated);
        assert_eq!(text(*entry, "summary"), "Builds things that matter.");
        titles.push(text(*entry, "title"));
    }
    assert_eq!(titles, ["New Role", "Mid Role", "Old & <Odd> \"Role\""]);
    assert_eq!(
        text(entries[0], "id"),
        "https://example.org/careers/roles/new/"
    );
    let categories = |entry: roxmltree::Node| -> Vec<String> {
        entry
            .children()
            .filter(|n| n.has_tag_name((ATOM, "category")))
            .map(|n| n.attribute("term").expect("term").to_owned())
            .collect()
    };
    assert_eq!(categories(entries[0]), ["Engineering"]);
    assert!(categories(entries[1]).is_empty());
}

#[test]
fn every_page_links_the_feed_and_the_link_resolves() {
    let site = dated_site();
    site.build(&["--base-url", "https://example.org/careers/"])
        .success();
    let dist = site.dist();
    let mut pages = 0;
    for (page, _) in snapshot(&dist) {
        if page.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        pages += 1;
        let html = read(&dist.join(&page));
        let tag = html
            .lines()
            .find(|line| line.contains("type=\"application/atom+xml\""))
            .unwrap_or_else(|| panic!("{} does not link the feed", page.display()));
        assert!(tag.contains("rel=\"alternate\""), "{tag}");
        assert!(tag.contains("title=\"Career roadmaps\""), "{tag}");
        let href = tag
            .split("href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("href");
        // The 404 page is served at any address, so its links start at
        // base_url's path; the others are relative to the page.
        let target = match href.strip_prefix("/careers/") {
            Some(from_root) => dist.join(from_root),
            None => dist.join(page.parent().unwrap_or(Path::new(""))).join(href),
        };
        assert!(
            target.is_file() && target.ends_with("atom.xml"),
            "{} links the feed as {href}",
            page.display()
        );
    }
    assert!(pages >= 6, "{pages} pages");
}

#[test]
fn without_a_host_there_is_no_sitemap_and_no_feed() {
    let site = dated_site();
    site.write("rolemap.yaml", "base_url: /careers/\n");
    let run = site.build(&[]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("sitemap.xml and atom.xml are not written")
            && stderr.contains("set base_url"),
        "{stderr}"
    );
    for absent in ["sitemap.xml", "atom.xml"] {
        assert!(!site.dist().join(absent).exists(), "{absent} written");
    }
    assert_eq!(site.read_output("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!site
        .read_output("index.html")
        .contains("application/atom+xml"));
    // The repeat build keeps the output: the marker counts what was written.
    let again = site.build(&[]).success();
    assert!(again.contains("is up to date"), "{again}");

    // With a host, both are there, and robots.txt names the sitemap.
    site.write("rolemap.yaml", "base_url: https://example.org/careers/\n");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr().contains("not written"), "{}", run.stderr());
    assert!(site.dist().join("atom.xml").is_file());
    assert!(site
        .read_output("robots.txt")
        .ends_with("\nSitemap: https://example.org/careers/sitemap.xml\n"));
    let again = site.build(&[]).success();
    assert!(again.contains("is up to date"), "{again}");
}

#[test]
fn roles_without_dates_give_no_feed() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "").replace("updated: 2026-10-01\n", ""),
    );
    let run = site.build(&["--base-url", "https://example.org/"]);
    run.success();
    assert!(
        run.stderr()
            .contains("no role has an `updated` date, so atom.xml is not written"),
        "{}",
        run.stderr()
    );
    assert!(!site.dist().join("atom.xml").exists());
    assert!(site.dist().join("sitemap.xml").is_file());
    assert!(!site
        .read_output("roles/x/index.html")
        .contains("application/atom+xml"));
}

#[test]
fn control_characters_do_not_break_the_xml() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("\"Bell\\a and \\u0001 tab\\t\"", ""),
    );
    site.build(&["--base-url", "https://example.org/"])
        .success();
    for name in ["atom.xml", "sitemap.xml"] {
        let xml = site.read_output(name);
        roxmltree::Document::parse(&xml)
            .unwrap_or_else(|err| panic!("{name} is not XML ({err}):\n{xml}"));
    }
    assert!(site
        .read_output("atom.xml")
        .contains("<title>Bell and  tab</title>"));
}
