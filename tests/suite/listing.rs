//! Listing pages: the index, the pages of every role and each category's,
//! none listing more than `ROLES_PER_PAGE` roles, linked both ways.

use crate::common::{role_yaml, TestSite};

/// Roles on a listing page: its role cards.
fn cards(html: &str) -> usize {
    html.matches("<article class=\"card\"").count()
}

/// `count` roles named `<prefix>-NNN` in category `category`.
fn roles_in(site: &TestSite, prefix: &str, category: &str, count: usize) {
    for n in 0..count {
        let yaml = role_yaml(&format!("{category} role {n:03}"), "")
            .replace("category: Engineering", &format!("category: {category}"));
        site.write(&format!("roles/{prefix}-{n:03}.yaml"), &yaml);
    }
}

#[test]
fn long_lists_are_paged_and_categories_have_pages() {
    let site = TestSite::new();
    roles_in(&site, "alpha", "Alpha", 70);
    roles_in(&site, "beta", "Beta & Co", 60);
    site.build(&["--base-url", "https://example.org/"])
        .success();

    let index = site.read_output("index.html");
    assert_eq!(
        cards(&index),
        60,
        "the index shows the first page of every role"
    );
    assert!(index.contains("130 roles in 2 categories"), "{index}");
    assert!(index.contains(r#"<link rel="next" href="page/2/index.html">"#));
    assert!(!index.contains(r#"rel="prev""#));
    assert!(index.contains("Page 1 of 3"));
    // Each category with its count, first roles and a link to all of them.
    assert!(index.contains(
        r#"<a href="categories/alpha/index.html">Alpha</a> <span class="count">70</span>"#
    ));
    assert!(index.contains(
        r#"<a href="categories/beta-co/index.html">Beta &amp; Co</a> <span class="count">60</span>"#
    ));
    assert!(index.contains("All 70 roles in Alpha"));

    let second = site.read_output("page/2/index.html");
    assert_eq!(cards(&second), 60);
    assert!(second.contains(r#"<link rel="prev" href="../../index.html">"#));
    assert!(second.contains(r#"<link rel="next" href="../../page/3/index.html">"#));
    let third = site.read_output("page/3/index.html");
    assert_eq!(cards(&third), 10);
    assert!(third.contains("121–130 on this page"), "{third}");
    assert!(!third.contains(r#"rel="next""#));
    assert!(!site.dist().join("page/4").exists());

    let alpha = site.read_output("categories/alpha/index.html");
    assert_eq!(cards(&alpha), 60);
    assert!(alpha.contains(r#"<link rel="next" href="../../categories/alpha/page/2/index.html">"#));
    assert_eq!(
        cards(&site.read_output("categories/alpha/page/2/index.html")),
        10
    );
    let beta = site.read_output("categories/beta-co/index.html");
    assert_eq!(cards(&beta), 60);
    assert!(!beta.contains(r#"rel="next""#), "60 roles fit one page");
    assert!(!site.dist().join("categories/beta-co/page").exists());

    // A role links to its category's page.
    let role = site.read_output("roles/alpha-000/index.html");
    assert!(
        role.contains(r#"<a href="../../categories/alpha/index.html">Alpha</a>"#),
        "{role}"
    );
    // Every listing page is in the sitemap.
    let sitemap = site.read_output("sitemap.xml");
    for path in [
        "/page/3/",
        "/categories/alpha/page/2/",
        "/categories/beta-co/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org{path}</loc>")),
            "{path} in {sitemap}"
        );
    }
    crate::common::assert_links_resolve(&site.dist());
}

#[test]
fn the_checker_and_404_pages_list_categories_not_every_role() {
    let site = TestSite::new();
    roles_in(&site, "alpha", "Alpha", 3);
    site.write(
        "roles/plain.yaml",
        &role_yaml("Plain", "").replace("category: Engineering\n", ""),
    );
    site.build(&[]).success();
    for page in ["checker/index.html", "404.html"] {
        let html = site.read_output(page);
        assert_eq!(cards(&html), 0, "{page}");
        assert!(
            html.contains(r#"Alpha</a> <span class="count">3</span>"#),
            "{page}: {html}"
        );
        assert!(
            html.contains(r#"Other roles</a> <span class="count">1</span>"#),
            "{page}"
        );
    }
}
