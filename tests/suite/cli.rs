//! The command line as users meet it: short flags, options before or after
//! the subcommand, finding the site from inside it, colour, quiet and
//! verbose output, completions and messages that are true.

use std::path::Path;
use std::process::Command;

use crate::common::{role_yaml, Run, TestSite};

/// Runs the binary in `dir`, with `NO_COLOR` as given.
fn rolemap_in(dir: &Path, args: &[&str], no_color: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolemap"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    Run {
        output: command.output().expect("run rolemap"),
    }
}

#[test]
fn short_flags_and_options_before_the_subcommand() {
    let site = TestSite::new();
    site.role("x", "X");
    site.write("roles/y.yaml", &role_yaml("Y", "draft: true\n"));
    let out = site.root().join("public");
    let root = site.root().to_str().unwrap();
    let run = rolemap_in(
        Path::new("/"),
        &[
            "-r",
            root,
            "build",
            "-o",
            out.to_str().unwrap(),
            "-D",
            "-u",
            "https://example.org/jobs/",
        ],
        Some("1"),
    );
    let stdout = run.success();
    assert!(stdout.contains("built 2 roles"), "{stdout}");
    let sitemap = crate::common::read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("https://example.org/jobs/roles/y/"),
        "{sitemap}"
    );
    // The same options after the subcommand, and -f over a foreign folder.
    let foreign = site.root().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "x").unwrap();
    let args = ["build", "-r", root, "-o", foreign.to_str().unwrap()];
    rolemap_in(Path::new("/"), &args, Some("1")).failure();
    let forced = [&args[..], &["-f"]].concat();
    rolemap_in(Path::new("/"), &forced, Some("1")).success();
}

#[test]
fn the_site_is_found_from_any_folder_inside_it() {
    let site = TestSite::new();
    site.role("x", "X");
    let inside = site.root().join("roles");
    let stdout = rolemap_in(&inside, &["build"], Some("1")).success();
    assert!(stdout.contains("built 1 role,"), "{stdout}");
    assert!(site.dist().join("index.html").is_file());
    // The output's own roles/ folder is not mistaken for a site.
    let in_output = site.dist().join("roles/x");
    let stdout = rolemap_in(&in_output, &["check"], Some("1")).stderr();
    assert!(stdout.contains("checked 1 role:"), "{stdout}");
}

#[test]
fn outside_a_site_rolemap_says_so_and_new_creates_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let stderr = rolemap_in(empty.path(), &["build"], Some("1")).failure();
    assert!(stderr.contains("is not inside a rolemap site"), "{stderr}");
    assert!(stderr.contains("rolemap init"), "{stderr}");
    let stderr = rolemap_in(empty.path(), &["new", "data-engineer"], Some("1")).failure();
    assert!(stderr.contains("is not inside a rolemap site"), "{stderr}");
    assert!(
        !empty.path().join("roles").exists(),
        "new made a stray roles/"
    );
    let root = empty.path().to_str().unwrap();
    let stderr = rolemap_in(empty.path(), &["new", "x", "--root", root], Some("1")).failure();
    assert!(stderr.contains("is not a rolemap site"), "{stderr}");
    assert!(
        !empty.path().join("roles").exists(),
        "new made a stray roles/"
    );
}

#[test]
fn a_root_that_does_not_exist_is_named() {
    let stderr = rolemap_in(
        Path::new("/"),
        &["build", "--root", "/nonexistent/site"],
        None,
    )
    .failure();
    assert!(
        stderr.contains("the site folder /nonexistent/site does not exist"),
        "{stderr}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let site = TestSite::new();
    site.write(
        "roles/x.yaml",
        &role_yaml("X", "").replace("weight: 3", "weight: 9"),
    );
    let root = site.root().to_str().unwrap();
    let escape = "\u{1b}[";
    let always = rolemap_in(
        Path::new("/"),
        &["check", "-r", root, "--color", "always"],
        None,
    );
    assert!(always.stderr().contains(escape), "{}", always.stderr());
    for (args, no_color) in [
        (vec!["check", "-r", root, "--color=never"], None),
        (vec!["check", "-r", root], Some("1")),
        (vec!["build", "-r", root], Some("1")),
    ] {
        let run = rolemap_in(Path::new("/"), &args, no_color);
        assert!(run.stderr().contains("weight 9"), "{}", run.stderr());
        assert!(!run.stderr().contains(escape), "{args:?}: {}", run.stderr());
    }
    let help = rolemap_in(Path::new("/"), &["--color", "never", "--help"], None);
    assert!(!help.stdout().contains(escape));
}

#[test]
fn quiet_prints_only_errors_and_verbose_says_where() {
    let site = TestSite::new();
    site.role("x", "X");
    let root = site.root().to_str().unwrap();
    let quiet = rolemap_in(Path::new("/"), &["build", "-q", "-r", root], Some("1"));
    quiet.success();
    assert_eq!(quiet.stdout(), "");
    assert_eq!(quiet.stderr(), "", "warnings and notes are not errors");
    let verbose = rolemap_in(Path::new("/"), &["build", "-v", "-r", root], Some("1"));
    verbose.success();
    assert!(verbose.stderr().contains("site: "), "{}", verbose.stderr());
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = rolemap_in(Path::new("/"), &["completions", shell], None);
        let script = run.success();
        for word in ["rolemap", "build", "serve", "drafts"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn the_previous_output_is_only_said_to_be_unchanged_when_there_is_one() {
    let site = TestSite::new();
    site.write("roles/x.yaml", "title: [broken\n");
    let first = site.build(&[]).failure();
    assert!(!first.contains("previous output"), "{first}");
    site.role("x", "X");
    site.build(&[]).success();
    site.write("roles/x.yaml", "title: [broken\n");
    let second = site.build(&[]).failure();
    assert!(
        second.contains("build failed with 1 error; the previous output in"),
        "{second}"
    );
    assert!(second.contains("is unchanged"), "{second}");
}

#[test]
fn the_declared_minimum_rust_is_that_of_every_locked_package() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let host = Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
        ])
        .arg(&host)
        .current_dir(manifest)
        .output()
        .expect("cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let version =
        |text: &str| -> Vec<u32> { text.split('.').map(|n| n.parse().unwrap()).collect() };
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "rolemap")
        .and_then(|p| p["rust_version"].as_str())
        .expect("rolemap declares rust-version");
    let newest = packages
        .iter()
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .unwrap();
    assert!(
        version(ours) >= newest.0,
        "rust-version {ours} is older than {} needs ({:?})",
        newest.1,
        newest.0
    );
}
