//! `rolemap fit` and the checker data the build emits.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{role_yaml, rolemap, TestSite};

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "roles/backend.yaml",
        r#"title: Backend Developer
summary: Builds APIs.
skills:
  - id: language
    name: A server language
    weight: 3
    keywords: [python, golang, {term: Go, case_sensitive: true}]
  - id: sql
    name: SQL databases
    weight: 2
    keywords: [postgresql, mysql]
  - id: containers
    name: Containers
    weight: 1
    keywords: [docker, kubernetes]
phases:
  - title: Fundamentals
    duration_months: 3
    skills: [language]
  - title: Data
    duration_months: 4
    skills: [sql, containers]
"#,
    );
    site.write("roles/other.yaml", &role_yaml("Other Role", ""));
    site.write(
        "rolemap.yaml",
        "synonyms:\n  postgresql: [postgres]\n  kubernetes: [k8s]\n",
    );
    site
}

/// Writes `cv` as the site's `cv.txt` and runs `rolemap fit` on it with `args`.
fn fit_cv(site: &TestSite, cv: &str, args: &[&str]) -> crate::common::Run {
    site.write("cv.txt", cv);
    let file = site.root().join("cv.txt");
    fit(site, &[&[file.to_str().unwrap()], args].concat())
}

fn fit(site: &TestSite, args: &[&str]) -> crate::common::Run {
    rolemap(&[&["fit", "--root", site.root().to_str().unwrap()], args].concat())
}

#[test]
fn ranks_roles_for_a_cv_file() {
    let site = site();
    let stdout = fit_cv(
        &site,
        "Five years of Python and Postgres. I do not use Docker.\n",
        &[],
    )
    .success();
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(" 83%  nearly ready  Backend Developer (backend): 2 of 3 skills"),
        "{stdout}"
    );
    assert!(stdout.contains("Other Role (other)"), "{stdout}");
}

#[test]
fn one_role_in_detail() {
    let site = site();
    let stdout = fit_cv(
        &site,
        "Python developer. No Kubernetes or Docker yet.",
        &["--role", "backend"],
    )
    .success();
    assert!(
        stdout.contains("✓ A server language ('python'): Python developer."),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ SQL databases (weight 2): learned in Phase 2: Data (months 4–7)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "✗ Containers (weight 1): learned in Phase 2: Data (months 4–7)\n      not counted: 'kubernetes' in \"Python developer. No Kubernetes or Docker yet.\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Next step: Phase 2: Data (months 4–7). It teaches: SQL databases; Containers."
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("Other Role"));
}

#[test]
fn json_has_the_shared_shape() {
    let site = site();
    let stdout = fit_cv(
        &site,
        "I run k8s clusters and write Go.\nGo is great.",
        &["--json"],
    )
    .success();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let roles = json["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 2);
    let backend = &roles[0];
    // Key order matters: checker.js's rank() output is compared as text too.
    let order: Vec<usize> = [
        "slug",
        "title",
        "score",
        "band",
        "met",
        "missing",
        "negated",
        "next_phase",
        "relevance",
    ]
    .iter()
    .map(|key| stdout.find(&format!("\"{key}\":")).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    assert_eq!(backend["slug"], "backend");
    assert_eq!(backend["met"][0]["id"], "language");
    assert_eq!(backend["met"][0]["term"], "Go");
    assert_eq!(backend["met"][1]["term"], "k8s");
    assert_eq!(
        backend["missing"],
        serde_json::json!([{"id": "sql", "weight": 2, "phase": 2}])
    );
    assert_eq!(backend["score"], 67);
}

#[test]
fn reads_standard_input_and_replaces_invalid_bytes() {
    let site = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args([
            "fit",
            "-",
            "--role",
            "backend",
            "--json",
            "--root",
            site.root().to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"MySQL \xff\xfe and Python")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["roles"][0]["score"], 83);
    assert_eq!(
        json["roles"][0]["met"][1]["snippet"],
        "MySQL \u{fffd}\u{fffd} and Python"
    );
}

#[test]
fn a_missing_file_or_role_is_a_clear_error() {
    let site = site();
    let stderr = fit(&site, &["/nonexistent/cv.txt"]).failure();
    assert!(
        stderr.contains("cannot read /nonexistent/cv.txt"),
        "{stderr}"
    );
    let stderr = fit_cv(&site, "Python", &["--role", "bakend"]).failure();
    assert!(
        stderr.contains("there is no role 'bakend'; did you mean 'backend'?"),
        "{stderr}"
    );
}

#[test]
fn the_build_writes_the_same_data_fit_scores_against() {
    let site = site();
    site.build(&[]).success();
    let data: serde_json::Value = site.checker_data();
    let backend = &data["roles"][0];
    assert_eq!(backend["url"], "roles/backend/index.html");
    let sql = &backend["skills"][1];
    let terms: Vec<&str> = sql["phrases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["postgresql", "postgres", "mysql"]);
    assert_eq!(
        sql["phase"],
        serde_json::json!({"number": 2, "title": "Data", "start_month": 4, "end_month": 7})
    );
    let go = &backend["skills"][0]["phrases"][2];
    assert_eq!(
        go,
        &serde_json::json!({"term": "Go", "keys": ["Go"], "joins": [], "case_sensitive": true, "ordinary": true, "unless": []})
    );
    assert_eq!(
        data["settings"]["bands"][3],
        serde_json::json!({"from": 90, "label": "ready"})
    );
}

#[test]
fn ordinary_words_as_keywords_are_warned_about() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "").replace("keywords: [alphadb]", "keywords: [alphadb, go]"),
    );
    let run = site.build(&[]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("keyword 'go' is also an ordinary English word"),
        "{stderr}"
    );
    assert!(stderr.contains("[roles/x.yaml:9:25]"), "{stderr}");
    assert!(
        stderr.contains("{term: Go, case_sensitive: true}"),
        "{stderr}"
    );
}

#[test]
fn checker_settings_come_from_the_config() {
    let site = site();
    site.write(
        "rolemap.yaml",
        "checker:\n  negation_cues: [sadly no]\n  bands: [{from: 0, label: early}, {from: 50, label: close}]\n",
    );
    let stdout = fit_cv(
        &site,
        "No docker. Sadly no PostgreSQL. Python.",
        &["--role", "backend", "--json"],
    )
    .success();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["roles"][0]["band"], "close");
    assert_eq!(json["roles"][0]["negated"][0]["id"], "sql");
    assert_eq!(json["roles"][0]["score"], 67);

    site.write(
        "rolemap.yaml",
        "checker:\n  bands: [{from: 10, label: early}]\n",
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("the first band must start at 0") && stderr.contains("[rolemap.yaml:2:18]"),
        "{stderr}"
    );
}

#[test]
fn roles_are_ranked_by_relevance_and_a_stated_title_counts() {
    let site = site();
    site.write(
        "roles/python-dev.yaml",
        r#"title: Python Developer
summary: Builds things in Python.
skills:
  - id: python
    name: Python
    weight: 5
    keywords: [python]
  - id: django
    name: Django
    weight: 3
    keywords: [django]
  - id: sql
    name: SQL
    weight: 2
    keywords: [postgresql]
  - id: testing
    name: Testing
    weight: 2
    keywords: [pytest]
phases:
  - title: All
    duration_months: 3
    skills: [python, django, sql, testing]
"#,
    );
    let ranked = |cv: &str| -> Vec<(String, u64, u64)> {
        let stdout = fit_cv(&site, cv, &["--json"]).success();
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        json["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let field = |key: &str| r[key].as_u64().unwrap();
                (
                    r["slug"].as_str().unwrap().to_owned(),
                    field("score"),
                    field("relevance"),
                )
            })
            .collect()
    };
    // The same two mentions count for both roles (500 each); the specific
    // role weighs them more, so it ranks first on a lower fit.
    let plain = ranked("Python and PostgreSQL.");
    assert_eq!(plain[0], ("python-dev".to_owned(), 58, 5 * 500 + 2 * 500));
    assert_eq!(plain[1], ("backend".to_owned(), 83, 3 * 500 + 2 * 500));
    // A stated title counts like a weight-5 skill of that role alone.
    let titled = ranked("Backend Developer since 2019.\nPython and PostgreSQL.");
    assert_eq!(titled[0], ("backend".to_owned(), 83, 2500 + 5 * 1000));
    let text = fit_cv(&site, "Python and PostgreSQL.", &[]).success();
    assert!(text.starts_with(" 58%"), "{text}");
}

/// Issue 9, item 8: a CV that mentions a skill negatively. `fit --json`
/// and the text report tell one story: the negated skill is a skill to
/// learn, shown with its discounted mention, and the next step teaches it.
#[test]
fn a_negated_skill_is_a_skill_to_learn_everywhere() {
    let site = site();
    let cv = "Python and PostgreSQL for years.\nContainers: none so far; no Docker yet.";
    let stdout = fit_cv(&site, cv, &["--role", "backend", "--json"]).success();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let backend = &json["roles"][0];
    assert_eq!(
        backend["negated"],
        serde_json::json!([{"id": "containers", "term": "docker", "snippet": "…for years. Containers: none so far; no Docker yet."}])
    );
    assert_eq!(
        backend["missing"],
        serde_json::json!([{"id": "containers", "weight": 1, "phase": 2}])
    );
    assert_eq!(backend["next_phase"], 2);

    let text = fit_cv(&site, cv, &["--role", "backend"]).success();
    assert!(
        text.contains("Skills to learn, most important first:\n    ✗ Containers (weight 1): learned in Phase 2: Data (months 4–7)\n      not counted: 'docker' in \"…for years. Containers: none so far; no Docker yet.\""),
        "{text}"
    );
    assert!(
        text.contains("Next step: Phase 2: Data (months 4–7). It teaches: Containers."),
        "{text}"
    );
    let ranking = fit_cv(&site, cv, &[]).success();
    assert!(
        ranking.contains(
            "      to learn next: Containers\n      mentioned, not counted: Containers\n"
        ),
        "{ranking}"
    );
}

/// Every negation list of `checker:` replaces its default; a term without
/// words, or with too many, is an error at its line and column.
#[test]
fn negation_lists_come_from_the_config_and_are_checked() {
    let site = site();
    site.write(
        "rolemap.yaml",
        "checker:\n  negation_cues_after: [nope]\n  negation_stops: [sauf]\n",
    );
    let json = |cv: &str| -> serde_json::Value {
        let stdout = fit_cv(&site, cv, &["--role", "backend", "--json"]).success();
        serde_json::from_str(&stdout).unwrap()
    };
    let got = json("Docker: nope. Python: none. No MySQL sauf PostgreSQL.");
    let negated: Vec<&str> = got["roles"][0]["negated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(negated, ["containers"], "{got}");

    site.write(
        "rolemap.yaml",
        "checker:\n  negation_exceptions:\n    - not limited to\n    - '--'\n",
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("the negation_exceptions term '--' has no letters or digits")
            && stderr.contains("[rolemap.yaml:4:7]"),
        "{stderr}"
    );
    site.write(
        "rolemap.yaml",
        "checker:\n  double_negation: [one two three four five six seven eight nine]\n",
    );
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("has more than 8 words"), "{stderr}");
}

/// A CV that repeats its keywords tens of thousands of times (pasted
/// twice over, or hostile) is ranked in time linear in its mentions: the
/// overlap test of the matcher was quadratic in them.
#[test]
fn a_cv_repeating_its_keywords_is_ranked_without_stalling() {
    let site = site();
    let cv = "Backend Developer: Python, PostgreSQL and Docker.\n".repeat(60_000);
    let started = std::time::Instant::now();
    let out = fit_cv(&site, &cv, &["--json"]).success();
    let elapsed = started.elapsed();
    let ranked: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(ranked["roles"][0]["slug"], "backend");
    assert_eq!(ranked["roles"][0]["score"], 100);
    assert!(
        elapsed < std::time::Duration::from_secs(60),
        "ranking a 3 MB CV took {elapsed:?}"
    );
}

/// Standard input is bounded like a CV file: more than 10 MB piped in is
/// refused, not read into memory without end.
#[test]
fn standard_input_over_the_cv_bound_is_refused() {
    let site = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(["fit", "-", "--root", site.root().to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1024 * 1024];
        // The reader may stop early and close the pipe: a failed write ends it.
        for _ in 0..12 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("up to 10 MB"), "{stderr}");
}
