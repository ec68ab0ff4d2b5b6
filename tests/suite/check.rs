//! `rolemap check`: every problem at once, warnings, --strict and JSON.

use crate::common::{role_yaml, rolemap, TestSite};

fn check(site: &TestSite, args: &[&str]) -> crate::common::Run {
    rolemap(&[&["check", "--root", site.root().to_str().unwrap()], args].concat())
}

/// A role that passes `check --strict` on its own: `role_yaml` with FAQs.
fn clean_role() -> String {
    role_yaml("X", "faqs:\n  - question: Why?\n    answer: Because.\n")
}

/// A site whose clean role has `keywords` in place of `replaced`, checked
/// with `args` and `--format json`, which fails: the site and the
/// diagnostics it reports.
fn failing_keywords(
    replaced: &str,
    keywords: &str,
    args: &[&str],
) -> (TestSite, Vec<serde_json::Value>) {
    let site = TestSite::new();
    site.write("roles/x.yaml", &clean_role().replace(replaced, keywords));
    let run = check(&site, &[args, &["--format", "json"]].concat());
    run.failure();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap().clone();
    (site, diagnostics)
}

const WEAK_ROLE: &str = r#"title: Weak
summary: >-
  This summary goes on and on about the role, well past the length that reads as one paragraph on a card,
  repeating itself to make the point that it is too long, and then adding a few more words for good measure
  so that it is certainly longer than three hundred characters in all, which it now is, without a doubt.
description: See [the other role](../nobody/), [a good one](../x/), [the index](../../index.html) and [a page](../../about.html).
skills:
  - id: one
    name: One
    keywords: [alphadb, beta]
  - id: two
    name: Two
    keywords: [Beta]
  - id: three
    name: Three
phases:
  - title: Start
    duration_months: 2
    skills: [one, two]
    resources:
      - { title: Local notes, url: "notes/start.html" }
faqs:
  - question: Why?
    answer: Because.
  - question: why?
    answer: Again.
"#;

#[test]
fn a_clean_site_passes() {
    let site = TestSite::new();
    site.write("roles/x.yaml", &clean_role());
    let run = check(&site, &["--strict"]);
    run.success();
    assert!(
        run.stderr()
            .contains("checked 1 role: 0 errors, 0 warnings"),
        "{}",
        run.stderr()
    );
    assert!(!site.dist().exists(), "check wrote output");
}

#[test]
fn weak_content_gets_located_warnings_and_strict_fails() {
    let site = TestSite::new();
    site.write("roles/x.yaml", &clean_role());
    site.write("roles/weak.yaml", WEAK_ROLE);
    let run = check(&site, &[]);
    run.success();
    let stderr = run.stderr();
    for (message, at) in [
        (
            "the summary is 312 characters long",
            "[roles/weak.yaml:3:3]",
        ),
        (
            "the link '../nobody/' leads to role 'nobody', which does not exist",
            "[roles/weak.yaml:6:14]",
        ),
        (
            "keyword 'Beta' also counts for skill 'one'",
            "[roles/weak.yaml:13:16]",
        ),
        ("skill 'three' has no keywords", "[roles/weak.yaml:14:9]"),
        ("no phase teaches skill 'three'", "[roles/weak.yaml:14:9]"),
        (
            "resource URL 'notes/start.html' is not an http(s) address",
            "[roles/weak.yaml:21:36]",
        ),
        ("this question repeats FAQ 1", "[roles/weak.yaml:25:15]"),
    ] {
        assert!(stderr.contains(message), "no '{message}' in\n{stderr}");
        assert!(stderr.contains(at), "'{message}' not at {at} in\n{stderr}");
    }
    assert!(stderr.contains("0 errors, 8 warnings"), "{stderr}");
    assert_eq!(
        stderr.matches("leads to role").count(),
        1,
        "a link to an existing role was flagged:\n{stderr}"
    );
    check(&site, &["--strict"]).failure();

    let site = TestSite::new();
    site.write("roles/x.yaml", &role_yaml("X", ""));
    let stderr = check(&site, &["--strict"]).failure();
    assert!(stderr.contains("the role has no FAQs"), "{stderr}");
}

#[test]
fn errors_from_every_file_and_the_theme_are_reported() {
    let site = TestSite::new();
    site.write(
        "roles/a.yaml",
        &role_yaml("A", "").replace("weight: 3", "weight: 8"),
    );
    site.write("roles/b.yaml", &role_yaml("B", "related: [nobody]\n"));
    let stderr = check(&site, &[]).failure();
    assert!(
        stderr.contains("[roles/a.yaml:8:13]") && stderr.contains("[roles/b.yaml:20:11]"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors"), "{stderr}");

    let site = TestSite::new();
    site.role("x", "X");
    site.write("themes/default/templates/role.html", "{% extends \"base.html\" %}{% block content %}{{ role.nope.deeper }}{% endblock content %}");
    let stderr = check(&site, &[]).failure();
    assert!(
        stderr.contains("themes/default/templates/role.html")
            && stderr.contains("rendering roles/x/index.html failed"),
        "{stderr}"
    );
}

#[test]
fn json_output_for_editors_and_ci() {
    let site = TestSite::new();
    site.write(
        "roles/a.yaml",
        &role_yaml("A", "").replace("weight: 3", "weight: 8"),
    );
    site.write("roles/w.yaml", WEAK_ROLE);
    let run = check(&site, &["--format", "json"]);
    run.failure();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    // Eight weak spots, its link to ../x/, which this site lacks, and the
    // broken role's missing FAQs: its error hides none of its warnings.
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(1), Some(10))
    );
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "roles/a.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(8), Some(13))
    );
    assert_eq!(first["message"], "weight 8 is out of range");
    assert!(first["hint"]
        .as_str()
        .unwrap()
        .contains("1 (nice to have) to 5 (core)"));
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .all(|d| d["severity"] == "warning"));
}

#[test]
fn a_bad_false_friend_is_located_with_a_hint() {
    let keywords = "keywords:\n      - {term: Oracle, case_sensitive: true, unless: [VirtualBox, \"\", \"/\"]}";
    let (site, diagnostics) = failing_keywords("keywords: [beta]", keywords, &[]);
    let found: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d["file"], "roles/x.yaml");
            assert!(d["hint"].as_str().unwrap().contains("unless: [VirtualBox]"));
            let at = |key: &str| d[key].as_u64().unwrap();
            (
                d["message"].as_str().unwrap().to_owned(),
                at("line"),
                at("column"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("false friend is empty".to_owned(), 13, 67),
            ("false friend '/' has no words to match".to_owned(), 13, 71),
        ]
    );
    // Fixed, the site builds and the checker data holds the false friend.
    site.write(
        "roles/x.yaml",
        &clean_role().replace(
            "keywords: [beta]",
            "keywords: [{term: Oracle, case_sensitive: true, unless: [VirtualBox]}]",
        ),
    );
    check(&site, &["--strict"]).success();
    site.build(&[]).success();
    let data: serde_json::Value = site.checker_data();
    assert_eq!(
        data["roles"][0]["skills"][1]["phrases"][0]["unless"],
        serde_json::json!([{"keys": ["virtualbox"], "joins": []}])
    );
}

#[test]
fn a_symbolic_link_under_static_fails_check_as_it_fails_build() {
    let site = TestSite::new();
    site.role("x", "X");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("static/leak.txt"),
    )
    .unwrap();
    let built = site.build(&[]).failure();
    let checked = check(&site, &[]).failure();
    let message = "is a symbolic link that leads outside the site";
    assert!(built.contains(message), "{built}");
    assert!(checked.contains(message), "{checked}");
    assert!(checked.contains("static/leak.txt"), "{checked}");
}

#[test]
fn check_counts_every_role_file_even_when_one_is_broken() {
    let site = TestSite::new();
    site.role("a", "A").role("b", "B");
    site.write("roles/c.yaml", "title: [broken\n");
    let stderr = check(&site, &[]).failure();
    assert!(stderr.contains("checked 3 roles: 1 error"), "{stderr}");
}

#[test]
fn a_broken_configuration_does_not_hide_the_roles_problems() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "titel: Careers\n");
    site.role("a", "A");
    site.write(
        "roles/b.yaml",
        &role_yaml("B", "").replace("weight: 3", "weight: 9"),
    );
    let stderr = check(&site, &[]).failure();
    assert!(stderr.contains("unknown field `titel`"), "{stderr}");
    assert!(stderr.contains("weight 9 is out of range"), "{stderr}");
    assert!(stderr.contains("checked 2 roles: 2 errors"), "{stderr}");
    site.write("rolemap.yaml", "titel: Careers\n");
    std::fs::remove_dir_all(site.root().join("roles")).unwrap();
    let stderr = check(&site, &[]).failure();
    assert!(stderr.contains("unknown field `titel`"), "{stderr}");
    assert!(
        stderr.contains("there is no roles/ folder here"),
        "{stderr}"
    );
}

#[test]
fn repeated_entries_and_bidi_overrides_warn_and_show_once() {
    let site = TestSite::new();
    site.role("y", "Y");
    site.write(
        "roles/x.yaml",
        &role_yaml(
            "X \u{202E}evil",
            "titles: [Builder, builder, X \u{202E}evil]\nrelated: [y, y]\nfaqs:\n  - question: Why?\n    answer: Because.\n",
        ),
    );
    let run = check(&site, &[]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("related role 'y' is listed twice"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the title 'builder' is given twice"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bidirectional-override characters"),
        "{stderr}"
    );
    site.build(&[]).success();
    let page = site.read_output("roles/x/index.html");
    assert_eq!(
        page.matches("href=\"../../roles/y/index.html\"").count(),
        1,
        "the related card twice"
    );
}

#[test]
fn thousands_of_warnings_in_one_file_are_all_placed() {
    const SKILLS: usize = 5_000;
    let mut role = String::from("title: Big\nsummary: Many skills.\nskills:\n");
    for n in 0..SKILLS {
        role.push_str(&format!("  - id: s{n}\n    name: Skill {n}\n"));
    }
    role.push_str("phases:\n  - title: Only\n    duration_months: 1\n    skills: []\n");
    role.push_str("faqs:\n  - question: Why?\n    answer: Because.\n");
    let site = TestSite::new();
    site.write("roles/big.yaml", &role);
    // Skill n's id is on line 4 + 2n, after `  - id: `.
    let line_of = |n: usize| 4 + 2 * n as u64;

    let run = check(&site, &["--format", "json"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["warnings"].as_u64(), Some(2 * SKILLS as u64));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for n in [0, 1, 2_345, SKILLS - 1] {
        let message = format!("no phase teaches skill 's{n}'");
        let found = diagnostics
            .iter()
            .find(|d| d["message"] == message.as_str())
            .unwrap_or_else(|| panic!("no warning '{message}'"));
        assert_eq!(
            (found["line"].as_u64(), found["column"].as_u64()),
            (Some(line_of(n)), Some(9)),
            "{message}"
        );
    }

    // A terminal is shown the first hundred, in file order, then a count.
    let stderr = check(&site, &[]).stderr();
    let first = format!("[roles/big.yaml:{}:9]", line_of(0));
    assert!(stderr.contains(&first), "no snippet at {first}");
    assert!(stderr.contains("… and 9900 more problems"), "{stderr}");
    assert!(stderr.contains("checked 1 role: 0 errors, 10000 warnings"));
}

#[test]
fn an_error_in_a_file_does_not_hide_its_other_problems() {
    let site = TestSite::new();
    site.role("y", "Y");
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "related: [nobody, y]\n").replace("weight: 3", "weight: 9"),
    );
    let stderr = check(&site, &[]).failure();
    assert!(stderr.contains("weight 9 is out of range"), "{stderr}");
    assert!(
        stderr.contains("related role 'nobody' does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("[roles/x.yaml:20:11]"), "{stderr}");
    assert!(stderr.contains("the role has no FAQs"), "{stderr}");
    assert!(
        stderr.contains("checked 2 roles: 2 errors, 2 warnings"),
        "{stderr}"
    );
}

#[test]
fn everyday_english_keywords_warn_at_their_place_with_a_hint() {
    let keywords = "keywords: [the, it, with, design, data, Android, {term: Data, case_sensitive: true}, data modelling, rust]";
    let (_site, diagnostics) = failing_keywords("keywords: [alphadb]", keywords, &["--strict"]);
    let warnings: Vec<(String, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d["file"], "roles/x.yaml");
            assert_eq!(d["line"].as_u64(), Some(9));
            (
                d["message"].as_str().unwrap().to_owned(),
                d["column"].as_u64().unwrap(),
                d["hint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let words: Vec<(&str, u64)> = warnings
        .iter()
        .map(|(message, column, _)| (message.split('\'').nth(1).unwrap(), *column))
        .collect();
    // Android names the system whatever its case, the case-sensitive Data
    // and the longer phrase cannot be misread: they pass.
    assert_eq!(
        words,
        [
            ("the", 16),
            ("it", 21),
            ("with", 25),
            ("design", 31),
            ("data", 39),
            ("rust", 106)
        ]
    );
    let (message, _, hint) = &warnings[3];
    assert!(message.contains("ordinary English word"), "{message}");
    assert!(hint.contains("longer phrase"), "{hint}");
    assert!(
        hint.contains("{term: Design, case_sensitive: true}"),
        "{hint}"
    );
    // A technology name's hint leads with its capitalised form.
    let (_, _, hint) = &warnings[5];
    assert!(
        hint.starts_with("write {term: Rust, case_sensitive: true}"),
        "{hint}"
    );
}
