//! `rolemap build` of a site whose sources have not changed since its
//! output was built keeps that output, which is byte for byte what a clean
//! build writes; any change to the sources, the options or the output
//! itself makes it build again.

use std::path::Path;

use crate::common::{role_yaml, rolemap, snapshot, TestSite};

const FAQS: &str = "faqs:\n  - question: Why?\n    answer: Because.\n";

/// A site of two roles that builds without warnings, built once.
fn built_site() -> TestSite {
    let site = TestSite::new();
    site.write("roles/a.yaml", &role_yaml("Alpha", FAQS));
    site.write("roles/b.yaml", &role_yaml("Beta", FAQS));
    rolemap(&["check", "--strict", "--root", site.root().to_str().unwrap()]).success();
    site.build(&[]).success();
    site
}

fn says_up_to_date(site: &TestSite, args: &[&str]) -> bool {
    let run = site.build(args);
    run.success();
    let said = run.stdout() + &run.stderr();
    said.contains("is up to date")
}

#[test]
fn an_unchanged_site_is_up_to_date_and_its_output_is_what_a_clean_build_writes() {
    let site = built_site();
    let before = snapshot(&site.dist());
    assert!(says_up_to_date(&site, &[]));
    assert_eq!(snapshot(&site.dist()), before, "the output changed");
    // A clean build elsewhere writes the same bytes, the marker included.
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("out");
    site.build(&["--out", out.to_str().unwrap()]).success();
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_changed_role_file_builds_again() {
    let site = built_site();
    site.write("roles/b.yaml", &role_yaml("Beta Two", FAQS));
    assert!(!says_up_to_date(&site, &[]));
    assert!(site.read_output("roles/b/index.html").contains("Beta Two"));
    assert!(says_up_to_date(&site, &[]), "the new output is recorded");
}

#[test]
fn other_sources_and_options_build_again() {
    let site = built_site();
    site.write("static/CNAME", "careers.example.org\n");
    assert!(!says_up_to_date(&site, &[]));
    assert_eq!(site.read_output("CNAME"), "careers.example.org\n");
    site.write("rolemap.yaml", "title: Careers\n");
    assert!(!says_up_to_date(&site, &[]));
    assert!(!says_up_to_date(
        &site,
        &["--base-url", "https://example.org/"]
    ));
    assert!(says_up_to_date(
        &site,
        &["--base-url", "https://example.org/"]
    ));
    assert!(
        !says_up_to_date(&site, &[]),
        "the option is part of the inputs"
    );
}

#[test]
fn an_output_file_changed_by_hand_is_built_again() {
    let site = built_site();
    let page = site.dist().join("roles/a/index.html");
    let original = std::fs::read(&page).unwrap();
    // Same length, other bytes: only the modification time tells. File
    // times tick in milliseconds, so the edit is dated as made a moment
    // later, as an edit by hand would be.
    let mut edited = original.clone();
    edited[0] = b'X';
    std::fs::write(&page, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(2))
        .unwrap();
    assert!(!says_up_to_date(&site, &[]));
    assert_eq!(
        std::fs::read(&page).unwrap(),
        original,
        "the page is restored"
    );
    std::fs::remove_file(site.dist().join("robots.txt")).unwrap();
    assert!(!says_up_to_date(&site, &[]));
    assert!(site.dist().join("robots.txt").is_file());
    std::fs::write(site.dist().join("extra.html"), "x").unwrap();
    assert!(!says_up_to_date(&site, &[]));
    assert!(
        !site.dist().join("extra.html").exists(),
        "a stray file is not carried"
    );
}

#[test]
fn a_build_with_warnings_is_never_taken_as_current() {
    let site = TestSite::new();
    // No FAQs: builds, with a warning the author should see every time.
    site.write("roles/a.yaml", &role_yaml("Alpha", ""));
    for _ in 0..2 {
        let run = site.build(&[]);
        run.success();
        assert!(run.stderr().contains("has no FAQs"), "{}", run.stderr());
        assert!(!(run.stdout() + &run.stderr()).contains("up to date"));
    }
    assert_marker_without_record(&site.dist());
}

/// The marker of an output no build recorded: its fixed text alone.
fn assert_marker_without_record(dist: &Path) {
    let marker = std::fs::read_to_string(dist.join(".rolemap-output")).unwrap();
    assert!(!marker.contains("fingerprint"), "{marker}");
}
