//! Bad input: every mistake is an exit code 1 with the file, line, column
//! and a useful message, never a panic.

mod common;

use common::{role_yaml, TestSite};

/// A broken variant of the standard test role: (what to replace, with what).
struct Case {
    name: &'static str,
    edit: (&'static str, &'static str),
    message: &'static str,
    at: &'static str,
}

const CASES: &[Case] = &[
    Case { name: "invalid yaml", edit: ("summary: Builds **things** that matter.", "summary: \"unclosed"), message: "while scanning a quoted scalar", at: "roles/x.yaml:3:10" },
    Case { name: "tab indentation", edit: ("category: Engineering", "category: Engineering\n\tsub: x"), message: "indent with spaces", at: "roles/x.yaml:3:1" },
    Case { name: "unknown key", edit: ("updated:", "skils: []\nupdated:"), message: "unknown key 'skils': did you mean 'skills'?", at: "roles/x.yaml:4:1" },
    Case { name: "unknown nested key", edit: ("    weight: 3", "    wieght: 3"), message: "did you mean 'weight'?", at: "roles/x.yaml:8:5" },
    Case { name: "missing required key", edit: ("summary: Builds **things** that matter.\n", ""), message: "missing field `summary`", at: "roles/x.yaml:1:1" },
    Case { name: "missing nested key", edit: ("    name: Skill two\n", ""), message: "skills[1]: missing field `name`", at: "roles/x.yaml:10:5" },
    Case { name: "bad slug", edit: ("updated:", "slug: Backend_Dev\nupdated:"), message: "slug 'Backend_Dev' is not valid", at: "roles/x.yaml:4:7" },
    Case { name: "bad skill id", edit: ("- id: two", "- id: Two Words"), message: "skill id 'Two Words' is not valid", at: "roles/x.yaml:10:9" },
    Case { name: "duplicate skill id", edit: ("- id: two", "- id: one"), message: "skill id 'one' is used twice", at: "roles/x.yaml:10:9" },
    Case { name: "phase names an unknown skill", edit: ("skills: [two]", "skills: [two, three]"), message: "unknown skill 'three'", at: "roles/x.yaml:19:19" },
    Case { name: "phase names a misspelt skill", edit: ("skills: [two]", "skills: [tow]"), message: "did you mean 'two'?", at: "roles/x.yaml:19:14" },
    Case { name: "related names an unknown role", edit: ("updated:", "related: [nobody]\nupdated:"), message: "related role 'nobody' does not exist", at: "roles/x.yaml:4:11" },
    Case { name: "duration 0", edit: ("duration_months: 4", "duration_months: 0"), message: "a phase lasts at least one month", at: "roles/x.yaml:18:22" },
    Case { name: "negative duration", edit: ("duration_months: 4", "duration_months: -2"), message: "duration_months: invalid type: integer `-2`, expected a whole number of 1 or more", at: "roles/x.yaml:18:22" },
    Case { name: "weight 6", edit: ("weight: 3", "weight: 6"), message: "weight 6 is out of range", at: "roles/x.yaml:8:13" },
    Case { name: "impossible date", edit: ("2026-10-01", "2026-02-30"), message: "'2026-02-30' is not a date", at: "roles/x.yaml:4:10" },
    Case { name: "script url in a resource", edit: ("    skills: [one]\n", "    skills: [one]\n    resources:\n      - { title: X, url: \"javascript:alert(1)\" }\n"), message: "resource URL 'javascript:alert(1)' is not allowed", at: "roles/x.yaml:18:26" },
    Case { name: "no skills", edit: ("skills:\n  - id: one\n    name: Skill one\n    weight: 3\n    keywords: [alpha]\n  - id: two\n    name: Skill two\n    keywords: [beta]\n", "skills: []\n"), message: "a role needs at least one skill", at: "roles/x.yaml:5:9" },
    Case { name: "empty title", edit: ("title: X", "title: \"  \""), message: "title is empty", at: "roles/x.yaml:1:8" },
    Case { name: "wrong type", edit: ("    keywords: [beta]", "    keywords: beta"), message: "invalid type: string \"beta\", expected a sequence", at: "roles/x.yaml:12:15" },
];

#[test]
fn each_mistake_is_reported_at_its_place() {
    for case in CASES {
        let site = TestSite::new();
        let good = role_yaml("X", "");
        assert!(
            good.contains(case.edit.0),
            "{}: the edit does not apply",
            case.name
        );
        site.write("roles/x.yaml", &good.replacen(case.edit.0, case.edit.1, 1));
        let stderr = site.build(&[]).failure();
        assert!(
            stderr.contains(case.message),
            "{}: no '{}' in\n{stderr}",
            case.name,
            case.message
        );
        assert!(
            stderr.contains(&format!("[{}]", case.at)),
            "{}: not at {} in\n{stderr}",
            case.name,
            case.at
        );
        assert!(
            stderr.contains("the previous output is unchanged"),
            "{}",
            case.name
        );
    }
}

#[test]
fn duplicate_slugs_across_files_name_both() {
    let site = TestSite::new();
    site.role("a", "A");
    site.write("roles/nested/b.yaml", &role_yaml("B", "slug: a\n"));
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("slug 'a' is already used by roles/a.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("[roles/nested/b.yaml:20:7]"), "{stderr}");
}

#[test]
fn a_file_name_that_is_no_slug_is_explained() {
    let site = TestSite::new();
    site.write("roles/Backend Dev.yaml", &role_yaml("X", ""));
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("the file name gives the slug 'Backend Dev'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rename the file to backend-dev.yaml"),
        "{stderr}"
    );
}

#[test]
fn all_errors_of_all_files_are_reported_at_once() {
    let site = TestSite::new();
    site.write(
        "roles/a.yaml",
        &role_yaml("A", "").replace("weight: 3", "weight: 9"),
    );
    site.write(
        "roles/b.yaml",
        &role_yaml("B", "")
            .replace("duration_months: 3", "duration_months: 0")
            .replace("- id: two", "- id: one"),
    );
    site.write("roles/c.yaml", &role_yaml("C", "related: [zzz]\n"));
    let stderr = site.build(&[]).failure();
    let expected = [
        "[roles/a.yaml:8:13]",
        "[roles/b.yaml:10:9]",
        "[roles/b.yaml:15:22]",
        "[roles/b.yaml:19:14]",
        "[roles/c.yaml:20:11]",
        "failed with 5 error(s)",
    ];
    for expected in expected {
        assert!(stderr.contains(expected), "no {expected} in\n{stderr}");
    }
    // Reported in file and line order.
    let positions: Vec<usize> = expected[..5]
        .iter()
        .map(|at| stderr.find(at).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{stderr}"
    );
}

#[test]
fn config_mistakes_are_located_too() {
    let site = TestSite::new();
    site.role("x", "X")
        .write("rolemap.yaml", "title: T\nbase_ulr: https://example.org/\n");
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("did you mean 'base_url'?") && stderr.contains("[rolemap.yaml:2:1]"),
        "{stderr}"
    );

    site.write("rolemap.yaml", "title: T\nbase_url: example.org\n");
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("base_url 'example.org' is not a usable URL")
            && stderr.contains("[rolemap.yaml:2:11]"),
        "{stderr}"
    );

    site.write("rolemap.yaml", "title: T\n");
    let stderr = site.build(&["--base-url", "ftp://x"]).failure();
    assert!(
        stderr.contains("'ftp://x' is not a usable base URL"),
        "{stderr}"
    );
}

#[test]
fn a_broken_role_does_not_make_links_to_it_errors_too() {
    let site = TestSite::new();
    site.write(
        "roles/a.yaml",
        &role_yaml("A", "").replace("weight: 3", "weight: 7"),
    );
    site.write("roles/b.yaml", &role_yaml("B", "related: [a]\n"));
    site.write("roles/c.yaml", "title: [broken\n");
    site.write("roles/d.yaml", &role_yaml("D", "related: [c]\n"));
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("failed with 2 error(s)"), "{stderr}");
    assert!(!stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn files_that_are_not_roles_at_all() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty", b"  \n", "the role file is empty"),
        (
            "a list",
            b"- a\n- b\n",
            "expected a role: a mapping with title, summary, skills and phases",
        ),
        ("null", b"~\n", "expected a role"),
        (
            "not UTF-8",
            b"title: \xff\xfe\n",
            "stream did not contain valid UTF-8",
        ),
        (
            "duplicate key",
            b"title: a\ntitle: b\n",
            "duplicate field `title`",
        ),
    ];
    for (name, bytes, message) in cases {
        let site = TestSite::new();
        std::fs::write(site.root().join("roles/x.yaml"), bytes).unwrap();
        let stderr = site.build(&[]).failure();
        assert!(
            stderr.contains(message),
            "{name}: no '{message}' in\n{stderr}"
        );
        assert!(
            stderr.contains("roles/x.yaml"),
            "{name}: no file name in\n{stderr}"
        );
    }
}
