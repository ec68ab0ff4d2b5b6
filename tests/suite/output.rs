//! What the output folder is allowed to be, and what a build or a watch
//! loop leaves in it when writing fails: the outcome reported is the
//! outcome on disk, and no temporary file or folder remains.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{role_yaml, snapshot, Run, TestSite};

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

/// Entries of `dir` whose names carry rolemap's temporary suffix.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains(".rolemap-"))
        .filter(|entry| entry.file_name() != ".rolemap-output")
        .map(|entry| entry.path().to_path_buf())
        .collect()
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

/// The binary, run as an unprivileged user when the tests run as root
/// (root ignores permission bits), with `dir` as its working folder.
fn rolemap_unprivileged(dir: &Path, args: &[&str]) -> Run {
    let binary = env!("CARGO_BIN_EXE_rolemap");
    // SAFETY: geteuid has no preconditions.
    let mut command = if unsafe { libc::geteuid() } == 0 {
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
        command
    } else {
        Command::new(binary)
    };
    let output: Output = command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    Run { output }
}

/// Sets the permission bits of every entry under `dir` with `change`.
fn chmod_tree(dir: &Path, change: impl Fn(u32) -> u32) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let mode = entry.metadata().unwrap().permissions().mode();
        let permissions = std::fs::Permissions::from_mode(change(mode));
        std::fs::set_permissions(entry.path(), permissions).unwrap();
    }
}

#[test]
fn a_read_only_output_folder_is_a_clean_failure() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    std::fs::create_dir_all(site.join("roles")).unwrap();
    std::fs::write(site.join("roles/x.yaml"), role_yaml("X", "")).unwrap();
    for entry in walkdir::WalkDir::new(scratch.path()) {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(65534), Some(65534)).unwrap();
    }
    let build =
        || rolemap_unprivileged(scratch.path(), &["build", "--root", "site", "--out", "out"]);
    build().success();
    std::fs::write(site.join("roles/x.yaml"), role_yaml("X Changed", "")).unwrap();
    let out = scratch.path().join("out");
    chmod_tree(&out, |mode| mode & !0o222);
    let before = snapshot(&out);
    let stderr = build().failure();
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(stderr.contains("could not be deleted"), "{stderr}");
    assert!(stderr.contains("is unchanged"), "{stderr}");
    assert_same(&snapshot(&out), &before, "the old site");
    assert_eq!(temporaries(scratch.path()), Vec::<PathBuf>::new());
    chmod_tree(&out, |mode| mode | 0o200);
    build().success();
    assert!(crate::common::read(&out.join("roles/x/index.html")).contains("X Changed"));
    assert_eq!(temporaries(scratch.path()), Vec::<PathBuf>::new());
}
