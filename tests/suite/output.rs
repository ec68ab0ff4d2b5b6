//! What the output folder is allowed to be, and what a build or a watch
//! loop leaves in it when writing fails: the outcome reported is the
//! outcome on disk, and no temporary file or folder remains.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{snapshot, Run, TestSite};

/// A site with every kind of source: roles, a theme override, static files
/// and a configuration file.
fn full_site(site: &TestSite) {
    site.role("x", "X")
        .write("rolemap.yaml", "title: Careers\n")
        .write(
            "themes/default/templates/404.html",
            "{% extends \"base.html\" %}{% block content %}lost{% endblock content %}",
        )
        .write("static/CNAME", "example.org\n");
}

/// Runs the binary with `dir` as its working folder.
fn rolemap_at(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run { output }
}

/// Asserts two snapshots are equal, naming the files that differ.
fn assert_same(now: &BTreeMap<PathBuf, Vec<u8>>, then: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let differ: Vec<&PathBuf> = now
        .keys()
        .chain(then.keys())
        .filter(|path| now.get(*path) != then.get(*path))
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
}

#[test]
fn no_source_folder_is_ever_an_output_folder() {
    for out in [
        "roles",
        "roles/sub",
        "themes/default",
        "static",
        ".",
        "nowhere/../roles",
    ] {
        let site = TestSite::new();
        full_site(&site);
        let before = snapshot(site.root());
        let stderr = rolemap_at(site.root(), &["build", "--out", out, "--force"]).failure();
        assert!(stderr.contains("refusing to use"), "--out {out}: {stderr}");
        assert_same(&snapshot(site.root()), &before, &format!("--out {out}"));
        assert!(!site.root().join("nowhere").exists(), "--out {out}");
    }
    // A folder that contains the site.
    let scratch = tempfile::tempdir().unwrap();
    let site = TestSite::new();
    full_site(&site);
    let inner = scratch.path().join("site");
    std::fs::rename(site.root(), &inner).unwrap();
    std::fs::create_dir(site.root()).unwrap();
    let before = snapshot(scratch.path());
    let stderr = rolemap_at(&inner, &["build", "--out", "..", "--force"]).failure();
    assert!(stderr.contains("refusing to use"), "{stderr}");
    assert_same(&snapshot(scratch.path()), &before, "--out ..");
}
