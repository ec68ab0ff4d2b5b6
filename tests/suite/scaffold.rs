//! `rolemap init` and `rolemap new`.

use crate::common::{read, rolemap};

#[test]
fn init_then_build_works_in_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("careers");
    let stdout = rolemap(&["init", site.to_str().unwrap()]).success();
    assert!(
        stdout.contains("created") && stdout.contains("rolemap.yaml"),
        "{stdout}"
    );
    for file in [
        "rolemap.yaml",
        "roles/example-role.yaml",
        ".gitignore",
        "README.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(read(&site.join(".gitignore")).contains("/dist/"));
    assert!(read(&site.join(".gitignore")).contains("/.rolemap-cache/"));
    let run = rolemap(&["build", "--root", site.to_str().unwrap()]);
    let stdout = run.success();
    assert!(stdout.contains("built 1 role,"), "{stdout}");
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert!(site.join("dist/roles/example-role/index.html").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rolemap.yaml"), "title: Mine\n").unwrap();
    let stderr = rolemap(&["init", dir.path().to_str().unwrap()]).failure();
    assert!(
        stderr.contains("is not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    let stdout = rolemap(&["init", dir.path().to_str().unwrap(), "--force"]).success();
    assert!(stdout.contains("kept existing"), "{stdout}");
    assert_eq!(read(&dir.path().join("rolemap.yaml")), "title: Mine\n");
    assert!(dir.path().join("roles/example-role.yaml").is_file());
}

#[test]
fn new_writes_a_valid_role_and_refuses_clashes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    rolemap(&["init", root]).success();
    let stdout = rolemap(&[
        "new",
        "data-engineer",
        "--root",
        root,
        "--title",
        "Data: \"Engineer\"",
    ])
    .success();
    assert!(stdout.contains("roles/data-engineer.yaml"), "{stdout}");
    let yaml = read(&dir.path().join("roles/data-engineer.yaml"));
    assert!(yaml.contains("title: \"Data: \\\"Engineer\\\"\""), "{yaml}");
    let stdout = rolemap(&["build", "--root", root]).success();
    assert!(stdout.contains("built 2 roles"), "{stdout}");
    let page = read(&dir.path().join("dist/roles/data-engineer/index.html"));
    assert!(page.contains("Data: &quot;Engineer&quot;"));

    let stderr = rolemap(&["new", "data-engineer", "--root", root]).failure();
    assert!(stderr.contains("already exists"), "{stderr}");
    let stderr = rolemap(&["new", "Data Engineer", "--root", root]).failure();
    assert!(
        stderr.contains("is not a valid slug") && stderr.contains("'data-engineer'"),
        "{stderr}"
    );
    let stdout = rolemap(&["new", "ml-engineer", "--root", root]).success();
    assert!(stdout.contains("ml-engineer.yaml"));
    assert!(read(&dir.path().join("roles/ml-engineer.yaml")).contains("title: \"Ml Engineer\""));
}

/// What `init` and `new` write is clean under the strictest check: a new
/// site starts without a warning to explain away.
#[test]
fn a_new_site_and_role_pass_check_strict() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    rolemap(&["init", root]).success();
    rolemap(&["new", "data-analyst", "--root", root]).success();
    let run = rolemap(&["check", "--strict", "--root", root]);
    run.success();
    assert!(
        run.stderr().contains("0 errors, 0 warnings"),
        "{}",
        run.stderr()
    );
}
