//! `rolemap build` end to end: the real binary on sites in temporary folders.

use std::path::Path;

use crate::common::{
    assert_links_resolve, assert_no_executable_content, read, role_yaml, rolemap, snapshot,
    TestSite,
};

#[test]
fn builds_every_page_of_a_minimal_site() {
    let site = TestSite::new();
    site.role("backend-developer", "Backend Developer")
        .role("data-engineer", "Data Engineer");
    let stdout = site.build(&[]).success();
    assert!(stdout.contains("built 2 roles, 7 pages in"), "{stdout}");
    assert!(stdout.trim_end().ends_with("dist/"), "{stdout}");

    let files = snapshot(&site.dist());
    for expected in [
        "index.html",
        "404.html",
        "roles/backend-developer/index.html",
        "roles/data-engineer/index.html",
        "robots.txt",
        "data/roles.json",
        "roles/backend-developer/index.json",
        "data/checker.js",
        "checker/index.html",
        "assets/style.css",
        "assets/checker.js",
        "assets/checker.classic.js",
        "assets/roadmap.classic.js",
        "assets/search.classic.js",
        "data/search.js",
        "categories/engineering/index.html",
    ] {
        assert!(
            files.contains_key(Path::new(expected)),
            "missing {expected}: {:?}",
            files.keys()
        );
    }
    // Without a host in base_url there are no absolute addresses to list.
    for absent in ["sitemap.xml", "atom.xml"] {
        assert!(!files.contains_key(Path::new(absent)), "{absent} written");
    }
    let index = site.read_output("index.html");
    assert!(index.contains("Backend Developer") && index.contains("Data Engineer"));
    assert!(index.contains("roles/backend-developer/index.html"));
    assert_links_resolve(&site.dist());
}

#[test]
fn role_pages_show_derived_months() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "").replace(
            "  - title: Finish\n    duration_months: 4\n    skills: [two]\n",
            "  - title: Middle\n    duration_months: 4\n    skills: [two]\n  - title: Later\n    duration_months: 5\n  - title: Last\n    duration_months: 6\n",
        ),
    );
    site.build(&[]).success();
    let page = site.read_output("roles/x/index.html");
    for months in ["Months 1–3", "Months 4–7", "Months 8–12", "Months 13–18"] {
        assert!(page.contains(months), "no '{months}' in the page");
    }
    let index: serde_json::Value =
        serde_json::from_str(&site.read_output("data/roles.json")).unwrap();
    assert_eq!(index["roles"][0]["total_months"], 18);
    assert_eq!(index["roles"][0]["data"], "/roles/x/index.json");
    let role: serde_json::Value =
        serde_json::from_str(&site.read_output("roles/x/index.json")).unwrap();
    assert_eq!(role["total_months"], 18);
    assert_eq!(role["url"], "/roles/x/");
    let phases: Vec<(u64, u64, u64, u64)> = role["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |key: &str| p[key].as_u64().unwrap();
            (
                n("number"),
                n("start_month"),
                n("end_month"),
                n("duration_months"),
            )
        })
        .collect();
    assert_eq!(
        phases,
        [(1, 1, 3, 3), (2, 4, 7, 4), (3, 8, 12, 5), (4, 13, 18, 6)]
    );
    assert_eq!(role["skills"][0]["keywords"][0]["term"], "alphadb");
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let site = TestSite::new();
    site.write(
        "roles/live.yaml",
        &role_yaml("Live Role", "related: [secret]\n"),
    );
    site.write(
        "roles/secret.yaml",
        &role_yaml("Secret Role", "draft: true\n"),
    );
    let stdout = site
        .build(&["--base-url", "https://example.org/"])
        .success();
    assert!(stdout.contains("built 1 role,"), "{stdout}");
    assert!(!site.dist().join("roles/secret").exists());
    assert!(!site.read_output("index.html").contains("Secret Role"));
    assert!(!site.read_output("sitemap.xml").contains("secret"));
    assert!(!site.read_output("atom.xml").contains("secret"));
    assert!(!site
        .read_output("roles/live/index.html")
        .contains("roles/secret/"));

    let stdout = site.build(&["--drafts"]).success();
    assert!(stdout.contains("built 2 roles"), "{stdout}");
    assert!(site
        .read_output("roles/live/index.html")
        .contains("../../roles/secret/index.html"));
}

#[test]
fn theme_files_override_the_embedded_ones_one_by_one() {
    let site = TestSite::new();
    site.role("x", "X");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">Lost in {{ site.title }}</p>{% endblock content %}",
    );
    site.write(
        "themes/default/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    site.write(
        "themes/default/static/extra/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build(&[]).success();
    assert!(site
        .read_output("404.html")
        .contains("<p class=\"custom\">Lost in Career roadmaps</p>"));
    assert_eq!(
        site.read_output("assets/style.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(site
        .read_output("assets/extra/logo.svg")
        .starts_with("<svg"));
    // Untouched files still come from the embedded theme.
    assert!(site.read_output("roles/x/index.html").contains("Skill one"));
    assert!(site.dist().join("assets/favicon.svg").is_file());
}

#[test]
fn an_unknown_theme_is_an_error() {
    let site = TestSite::new();
    site.role("x", "X").write("rolemap.yaml", "theme: fancy\n");
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("theme 'fancy' does not exist"), "{stderr}");
}

#[test]
fn a_broken_template_names_its_file() {
    let site = TestSite::new();
    site.role("x", "X").write(
        "themes/default/templates/role.html",
        "{% extends \"base.html\" %}{% block content %}{{ role.title }{% endblock content %}",
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("themes/default/templates/role.html"),
        "{stderr}"
    );
}

#[test]
fn links_work_under_a_base_url_sub_path() {
    let site = TestSite::new();
    site.role("x", "X").role("y", "Y");
    site.build(&["--base-url", "https://example.org/careers"])
        .success();
    let role = site.read_output("roles/x/index.html");
    assert!(
        role.contains("<link rel=\"canonical\" href=\"https://example.org/careers/roles/x/\">"),
        "{role}"
    );
    assert!(role.contains("href=\"../../assets/style.css\""));
    let not_found = site.read_output("404.html");
    assert!(
        not_found.contains("href=\"/careers/assets/style.css\""),
        "{not_found}"
    );
    assert!(not_found.contains("href=\"/careers/categories/engineering/index.html\""));
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/careers/roles/x/</loc><lastmod>2026-10-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(site
        .read_output("robots.txt")
        .contains("Sitemap: https://example.org/careers/sitemap.xml"));
    assert_links_resolve(&site.dist());
}

#[test]
fn base_url_from_the_config_file() {
    let site = TestSite::new();
    site.role("x", "X").write(
        "rolemap.yaml",
        "title: Careers at Example\nbase_url: https://example.org\nlanguage: en-GB\n",
    );
    site.build(&[]).success();
    let index = site.read_output("index.html");
    assert!(index.contains("<html lang=\"en-GB\""), "{index}");
    assert!(index.contains("Careers at Example"));
    assert!(index.contains("href=\"https://example.org/\""));
}

#[test]
fn markdown_is_rendered_and_raw_script_neutralised() {
    let site = TestSite::new();
    let hostile = r#"description: |
  Some **bold** text and a [link](https://example.org).

  <script>alert("x")</script> <img src=x onerror="alert(1)">

  A [bad](javascript:alert(1)) link and <a href="JaVaScRiPt:alert(4)">another</a>.
faqs:
  - question: "<script>alert('q')</script> Is it safe?"
    answer: "</script><script>alert(5)</script>"
  - question: Another

    answer: "Yes: `code` <b onclick=\"alert(2)\">bold</b>"
"#;
    site.write(
        "roles/x.yaml",
        &role_yaml("Title <script>alert(3)</script>", hostile),
    );
    site.build(&[]).success();
    for page in ["roles/x/index.html", "index.html"] {
        assert_no_executable_content(&site.read_output(page));
    }
    let html = site.read_output("roles/x/index.html");
    assert!(html.contains("<strong>bold</strong>"));
    assert!(
        html.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">link</a>")
            || html.contains("<a href=\"https://example.org\">link</a>")
    );
    assert!(
        html.contains("&lt;script&gt;alert(&#x27;q&#x27;)&lt;&#x2F;script&gt; Is it safe?")
            || html.contains("&lt;script&gt;")
    );
    assert!(html.contains("<code>code</code>"));
}

#[test]
fn every_shipped_role_builds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("site");
    let run = rolemap(&[
        "build",
        "--root",
        repo.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.org/",
    ]);
    let stdout = run.success();
    let shipped = std::fs::read_dir(repo.join("roles")).unwrap().count();
    assert!(shipped >= 15, "only {shipped} shipped roles");
    assert!(
        stdout.contains(&format!("built {shipped} roles")),
        "{stdout}"
    );
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let sitemap = read(&out.join("sitemap.xml"));
    for entry in std::fs::read_dir(repo.join("roles")).unwrap() {
        let slug = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            out.join("roles").join(&slug).join("index.html").is_file(),
            "{slug}"
        );
        assert!(
            sitemap.contains(&format!("roles/{slug}/</loc>")),
            "{slug} is not in the sitemap"
        );
    }
    assert_links_resolve(&out);
}

#[test]
fn sitemap_lists_every_page() {
    let site = TestSite::new();
    site.role("a", "A").role("b", "B").role("c", "C");
    site.build(&["--base-url", "https://example.org"]).success();
    let sitemap = site.read_output("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let host = "https://example.org";
    assert_eq!(
        locs,
        [
            "/",
            "/categories/engineering/",
            "/checker/",
            "/compare/",
            "/roles/a/",
            "/roles/b/",
            "/roles/c/"
        ]
        .map(|path| format!("{host}{path}"))
    );
    assert!(sitemap.starts_with("<?xml"));
    // The checker page lists every role, so it changes with the newest.
    assert!(
        sitemap.contains("<loc>https://example.org/checker/</loc><lastmod>2026-10-01</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new();
    site.role("x", "X");
    site.build(&[]).success();
    let before = snapshot(&site.dist());
    site.write("roles/x.yaml", "title: [unclosed\n");
    site.build(&[]).failure();
    assert_eq!(snapshot(&site.dist()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("rolemap-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_folder_rolemap_did_not_create_is_not_replaced() {
    let site = TestSite::new();
    site.role("x", "X").write("dist/notes.txt", "mine");
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("was not created by rolemap") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(site.read_output("notes.txt"), "mine");
    site.build(&["--force"]).success();
    assert!(!site.dist().join("notes.txt").exists());

    let stderr = site
        .build(&["--out", site.root().to_str().unwrap()])
        .failure();
    assert!(stderr.contains("site folder"), "{stderr}");
    assert!(site.root().join("roles/x.yaml").is_file());
}

#[test]
fn a_folder_without_roles_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = rolemap(&["build", "--root", dir.path().to_str().unwrap()]).failure();
    assert!(
        stderr.contains("there is no roles/ folder here"),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_holding_sources_is_refused_even_with_force() {
    let site = TestSite::new();
    site.role("x", "X");
    let other = TestSite::new();
    other.role("y", "Y");
    let stderr = site
        .build(&["--out", other.root().to_str().unwrap(), "--force"])
        .failure();
    assert!(stderr.contains("holds a site's sources"), "{stderr}");
    assert!(other.root().join("roles/y.yaml").is_file());
    // Rebuilding into its own output (which has roles/<slug>/ pages) is fine.
    site.build(&[]).success();
    site.build(&[]).success();
}

#[test]
fn content_cannot_break_out_of_the_embedded_checker_data() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "").replace(
            "name: Skill one",
            "name: \"</script><script>alert(1)</script> & <!--\"",
        ),
    );
    site.build(&[]).success();
    let html = site.read_output("roles/x/index.html");
    assert_no_executable_content(&html);
    assert!(
        html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"),
        "the name is not escaped in the role page's data"
    );
    // The checker page embeds no data: it loads the shared script.
    let checker = site.read_output("checker/index.html");
    assert_no_executable_content(&checker);
    assert!(!checker.contains("alert(1)"), "{checker}");
    assert!(checker.contains(r#"<script src="../data/checker.js" defer></script>"#));
    let data = site.checker_data();
    assert_eq!(
        data["roles"][0]["skills"][0]["name"],
        "</script><script>alert(1)</script> & <!--"
    );
}

#[test]
fn only_external_resources_show_a_host() {
    let site = TestSite::new();
    let role = role_yaml("X", "").replace(
        "    skills: [one]\n",
        "    skills: [one]\n    resources:\n      - { title: Guide, url: \"../../guide/intro.html\" }\n      - { title: Book, url: \"https://www.doc.rust-lang.org/book/\" }\n",
    );
    assert!(role.contains("Guide"), "the edit does not apply:\n{role}");
    site.write("roles/x.yaml", &role);
    site.build(&[]).success();
    let page = site.read_output("roles/x/index.html");
    assert!(
        page.contains("<span class=\"host\">doc.rust-lang.org</span>"),
        "{page}"
    );
    assert_eq!(page.matches("class=\"host\"").count(), 1, "{page}");
    assert!(!page.contains(">guide<"), "{page}");
}
