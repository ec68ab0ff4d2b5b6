//! What the output folder is allowed to be, and what a build or a watch
//! loop leaves in it when writing fails: the outcome reported is the
//! outcome on disk, and no temporary file or folder remains.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{role_yaml, rolemap, snapshot, Run, TestSite};
use crate::serve::Running;

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
    use std::os::unix::fs::MetadataExt;
    // A file this process creates belongs to its effective user.
    let as_root = tempfile::tempfile()
        .and_then(|file| file.metadata())
        .is_ok_and(|metadata| metadata.uid() == 0);
    let mut command = if as_root {
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

/// `rolemap watch` of `site` into `out`, once its first build is done.
fn watch(site: &TestSite, out: &Path) -> Running {
    let root = site.root().to_str().unwrap();
    let mut watching = Running::start(&["watch", "--root", root, "--out", out.to_str().unwrap()]);
    watching.line_containing("built ");
    watching
}

/// Waits for the `count`th output line containing `needle`.
fn nth_line(watching: &mut Running, needle: &str, count: usize) {
    watching.wait_until(&format!("line #{count} with '{needle}'"), |seen| {
        (seen.iter().filter(|l| l.contains(needle)).count() >= count).then_some(())
    });
}

/// What a clean build of `site` writes.
fn clean_build(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("out");
    let root = site.root().to_str().unwrap();
    rolemap(&["build", "--root", root, "--out", out.to_str().unwrap()]).success();
    snapshot(&out)
}

/// Polls until `out` holds what a clean build writes.
fn wait_for_clean(out: &Path, site: &TestSite, step: &str) {
    let expected = clean_build(site);
    let deadline = Instant::now() + Duration::from_secs(10);
    while snapshot(out) != expected && Instant::now() < deadline {
        std::thread::park_timeout(Duration::from_millis(20));
    }
    assert_same(&snapshot(out), &expected, step);
}

/// A site of three roles watched into `<parent>/out`, its first build done.
fn three_roles_watched(parent: &Path) -> (TestSite, PathBuf, Running) {
    let site = TestSite::new();
    site.write("roles/a.yaml", &role_yaml("Role A", "related: [b]\n"))
        .write("roles/b.yaml", &role_yaml("Role B", ""))
        .write("roles/c.yaml", &role_yaml("Role C", ""));
    let out = parent.join("out");
    let watching = watch(&site, &out);
    (site, out, watching)
}

#[test]
fn a_failed_incremental_write_leaves_the_previous_output() {
    let scratch = tempfile::tempdir().unwrap();
    let (site, out, mut watching) = three_roles_watched(scratch.path());
    let before = snapshot(&out);
    // A folder where the watcher must write a temporary file: that write fails.
    let blocker = out.join(format!("data/roles.json.rolemap-{}", watching.child.id()));
    std::fs::create_dir(&blocker).unwrap();
    site.write("roles/b.yaml", &role_yaml("Role B Edited", ""));
    nth_line(&mut watching, "error: ", 1);
    assert_same(&snapshot(&out), &before, "a mixed site");
    assert_eq!(temporaries(&out), vec![blocker.clone()]);
    std::fs::remove_dir(&blocker).unwrap();
    site.write("roles/c.yaml", &role_yaml("Role C Edited", ""));
    wait_for_clean(&out, &site, "after the failure");
    assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
}

#[test]
fn a_failed_incremental_rename_ends_in_a_full_rebuild() {
    let scratch = tempfile::tempdir().unwrap();
    let (site, out, mut watching) = three_roles_watched(scratch.path());
    // A folder where a page must be renamed over: that rename fails.
    std::fs::remove_file(out.join("404.html")).unwrap();
    std::fs::create_dir_all(out.join("404.html/in-the-way")).unwrap();
    site.write("roles/b.yaml", &role_yaml("Role B Edited", ""));
    nth_line(&mut watching, "built 3 roles", 2);
    wait_for_clean(&out, &site, "after the rebuild");
    assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
    assert_eq!(temporaries(scratch.path()), Vec::<PathBuf>::new());
}

/// A small tmpfs, unmounted when dropped; `None` where mounting is not
/// allowed (tests not run as root).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(SmallDisk { dir })
    }

    /// Writes a file until the disk is full.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.dir.path().join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        while file.write_all(&block[..512]).is_ok() {}
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_during_an_incremental_rebuild_leaves_the_previous_output() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    {
        let (site, out, mut watching) = three_roles_watched(disk.dir.path());
        let before = snapshot(&out);
        let filler = disk.fill();
        site.write("roles/b.yaml", &role_yaml("Role B Edited", ""));
        nth_line(&mut watching, "No space left", 1);
        assert_same(&snapshot(&out), &before, "a mixed site");
        assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
        std::fs::remove_file(filler).unwrap();
        site.write("roles/c.yaml", &role_yaml("Role C Edited", ""));
        wait_for_clean(&out, &site, "with space again");
    }
    assert_eq!(temporaries(disk.dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn draft_slugs_appear_nowhere_unless_drafts_are_built() {
    // A slug no vendored asset (pdf.js names "secret") could contain.
    let site = TestSite::new();
    site.write(
        "roles/live.yaml",
        &role_yaml("Live", "related: [unseen-draft, other]\n"),
    )
    .write("roles/other.yaml", &role_yaml("Other", ""))
    .write(
        "roles/unseen-draft.yaml",
        &role_yaml("Hidden", "draft: true\n"),
    );
    site.build(&[]).success();
    for (file, bytes) in snapshot(&site.dist()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("unseen-draft"),
            "{} names the draft",
            file.display()
        );
    }
    let live: serde_json::Value =
        serde_json::from_str(&site.read_output("roles/live/index.json")).unwrap();
    assert_eq!(live["related"], serde_json::json!(["other"]));
    site.build(&["--drafts"]).success();
    assert!(site
        .read_output("data/roles.json")
        .contains("\"unseen-draft\""));

    // Toggling the draft in watch mode agrees with a clean build each time.
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let mut watching = watch(&site, &out);
    wait_for_clean(&out, &site, "first build");
    site.write("roles/unseen-draft.yaml", &role_yaml("Hidden", ""));
    nth_line(&mut watching, "updated", 1);
    wait_for_clean(&out, &site, "published");
    site.write(
        "roles/unseen-draft.yaml",
        &role_yaml("Hidden", "draft: true\n"),
    );
    nth_line(&mut watching, "updated", 2);
    wait_for_clean(&out, &site, "a draft again");
}
