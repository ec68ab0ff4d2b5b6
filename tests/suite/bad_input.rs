//! Bad input: every mistake is an exit code 1 with the file, line, column
//! and a useful message, never a panic.

use crate::common::{role_yaml, TestSite};

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
    Case { name: "negative duration", edit: ("duration_months: 4", "duration_months: -2"), message: "a phase lasts at least one month", at: "roles/x.yaml:18:22" },
    Case { name: "weight 6", edit: ("weight: 3", "weight: 6"), message: "weight 6 is out of range", at: "roles/x.yaml:8:13" },
    Case { name: "impossible date", edit: ("2026-10-01", "2026-02-30"), message: "'2026-02-30' is not a date", at: "roles/x.yaml:4:10" },
    Case { name: "script url in a resource", edit: ("    skills: [one]\n", "    skills: [one]\n    resources:\n      - { title: X, url: \"javascript:alert(1)\" }\n"), message: "resource URL 'javascript:alert(1)' is not allowed", at: "roles/x.yaml:18:26" },
    Case { name: "no skills", edit: ("skills:\n  - id: one\n    name: Skill one\n    weight: 3\n    keywords: [alphadb]\n  - id: two\n    name: Skill two\n    keywords: [beta]\n", "skills: []\n"), message: "a role needs at least one skill", at: "roles/x.yaml:5:9" },
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
        // Nothing was built before, so nothing is said to be unchanged.
        assert!(!stderr.contains("previous output"), "{}", case.name);
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
        "failed with 5 errors",
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
    assert!(stderr.contains("failed with 2 errors"), "{stderr}");
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
            "line 1 is not UTF-8 (byte 0xFF)",
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

#[test]
fn oversized_files_deep_folders_and_outward_links_are_refused() {
    let site = TestSite::new();
    site.write(
        "roles/huge.yaml",
        &format!("title: X\nsummary: {}\n", "word ".repeat(250_000)),
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("roles/huge.yaml") && stderr.contains("rolemap reads files of up to 1 MiB"),
        "{stderr}"
    );

    let site = TestSite::new();
    site.write(
        &format!("roles/{}x.yaml", "a/".repeat(9)),
        &role_yaml("X", ""),
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("folders nest more than 8 levels deep"),
        "{stderr}"
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), role_yaml("Secret", "")).unwrap();
    let site = TestSite::new();
    site.role("x", "X");
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        site.root().join("roles/secret.yaml"),
    )
    .unwrap();
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("roles/secret.yaml") && stderr.contains("leads outside the site"),
        "{stderr}"
    );
    std::fs::remove_file(site.root().join("roles/secret.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("roles/elsewhere")).unwrap();
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("symbolic link to a folder"), "{stderr}");
    std::fs::remove_file(site.root().join("roles/elsewhere")).unwrap();

    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        site.root().join("themes-link"),
    )
    .unwrap();
    site.write("themes/default/templates/.keep", "");
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        site.root().join("themes/default/templates/404.html"),
    )
    .unwrap();
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("themes/default/templates/404.html")
            && stderr.contains("leads outside the site"),
        "{stderr}"
    );

    // A link to a file inside the site is read like the file.
    std::fs::remove_file(site.root().join("themes/default/templates/404.html")).unwrap();
    site.write("shared/y.yaml", &role_yaml("Linked Role", ""));
    std::os::unix::fs::symlink(
        site.root().join("shared/y.yaml"),
        site.root().join("roles/y.yaml"),
    )
    .unwrap();
    let stdout = site.build(&[]).success();
    assert!(stdout.contains("built 2 roles"), "{stdout}");
}

/// Peak resident memory of the children this test process has waited for, in bytes.
/// Builds the site and returns the build's standard error and its peak
/// resident memory, measured for that one process (`wait4`), so other
/// tests' children running in this same test binary do not count.
// The child is reaped by `wait4`, which clippy does not know.
#[allow(clippy::zombie_processes)]
fn build_measured(site: &TestSite) -> (String, u64) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(["build", "--root", site.root().to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 reaps our own child and fills the status and usage it is given.
    let usage = unsafe {
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 1,
        "the build did not fail"
    );
    let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    (reader.join().unwrap(), peak)
}

#[test]
fn alias_bombs_and_deep_nesting_fail_fast_in_bounded_memory() {
    let mut laughs = vec!["title: X".to_owned(), "summary: S".to_owned()];
    laughs.push("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned());
    for level in 1..12 {
        let refs = vec![format!("*l{}", level - 1); 10].join(", ");
        laughs.push(format!("l{level}: &l{level} [{refs}]"));
    }
    let bombs = [
        ("billion laughs in an unknown key", laughs.join("\n") + "\n"),
        (
            "billion laughs in a known key",
            laughs
                .join("\n")
                .replace("l0: &l0", "titles: &l0")
                .replacen("l1: &l1", "description: &l1", 1)
                + "\nrelated: *l11\n",
        ),
        (
            "deeply nested flow sequences",
            format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "deeply nested block mappings",
            (0..5000)
                .map(|d| format!("{}k{d}:\n", "  ".repeat(d)))
                .collect::<String>(),
        ),
    ];
    for (name, yaml) in bombs {
        let site = TestSite::new();
        site.write("roles/bomb.yaml", &yaml);
        assert_fails_fast_and_small(name, &site, "roles/bomb.yaml");
    }
}

fn assert_fails_fast_and_small(name: &str, site: &TestSite, file: &str) {
    let started = std::time::Instant::now();
    let (stderr, peak) = build_measured(site);
    assert!(stderr.contains(file), "{name}: {stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{name}: took {:?}",
        started.elapsed()
    );
    assert!(
        peak < 100 * 1024 * 1024,
        "{name}: the build used {} MB",
        peak / 1024 / 1024
    );
}

#[test]
fn flat_alias_bombs_are_bounded_by_their_expanded_size() {
    let big = "x".repeat(200_000);
    let site = TestSite::new();
    let refs = vec!["*a"; 5000].join(", ");
    let role = crate::common::role_yaml(
        "X",
        &format!("description: &a \"{big}\"\ntitles: [{refs}]\n"),
    );
    site.write("roles/x.yaml", &role);
    assert_fails_fast_and_small("a flat bomb in a role file", &site, "roles/x.yaml");
    let (stderr, _) = build_measured(&site);
    assert!(
        stderr.contains("with its aliases expanded the file would be over 16 MiB"),
        "{stderr}"
    );

    let site = TestSite::new();
    site.role("x", "X");
    let synonyms: String = (0..3000).map(|i| format!("  t{i}: [*a]\n")).collect();
    site.write(
        "rolemap.yaml",
        &format!("description: &a \"{big}\"\nsynonyms:\n{synonyms}"),
    );
    assert_fails_fast_and_small("a flat bomb in rolemap.yaml", &site, "rolemap.yaml");
}

/// Runs the binary with a deadline, so a hang is a failure, not a stuck test.
fn within_deadline(args: &[&str]) -> crate::common::Run {
    use std::time::{Duration, Instant};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("rolemap {args:?} hangs");
        }
        std::thread::yield_now();
    }
    crate::common::Run {
        output: child.wait_with_output().unwrap(),
    }
}

#[test]
fn fifos_are_errors_not_waits() {
    let site = TestSite::new();
    site.role("x", "X");
    let mkfifo = |path: &std::path::Path| {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    };
    mkfifo(&site.root().join("rolemap.yaml"));
    let root = site.root().to_str().unwrap();
    for command in ["build", "check"] {
        let stderr = within_deadline(&[command, "--root", root]).failure();
        assert!(stderr.contains("rolemap.yaml"), "{stderr}");
        assert!(stderr.contains("is not a regular file"), "{stderr}");
    }
    std::fs::remove_file(site.root().join("rolemap.yaml")).unwrap();
    mkfifo(&site.root().join("roles/y.yaml"));
    let stderr = within_deadline(&["check", "--root", root]).failure();
    assert!(stderr.contains("roles/y.yaml"), "{stderr}");
    assert!(stderr.contains("is not a regular file"), "{stderr}");
}

#[test]
fn encodings_other_than_utf8_are_named() {
    let site = TestSite::new();
    let text = role_yaml("X", "");
    std::fs::write(
        site.root().join("roles/x.yaml"),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    site.build(&[]).success();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(site.root().join("roles/x.yaml"), utf16).unwrap();
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("roles/x.yaml"), "{stderr}");
    assert!(stderr.contains("UTF-16 (little-endian)"), "{stderr}");
    assert!(stderr.contains("save the file as UTF-8"), "{stderr}");
    let latin1 = text.replace("title: X", "title: Caf\u{e9}");
    let latin1: Vec<u8> = latin1.chars().map(|c| c as u8).collect();
    std::fs::write(site.root().join("roles/x.yaml"), latin1).unwrap();
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("line 1 is not UTF-8 (byte 0xE9)"),
        "{stderr}"
    );
}

#[test]
fn a_flood_of_broken_files_gets_a_capped_report() {
    let site = TestSite::new();
    for i in 0..1500 {
        site.write(&format!("roles/r{i:04}.yaml"), "title: [broken\n");
    }
    let stderr = site.build(&[]).failure();
    assert!(stderr.len() < 200_000, "{} bytes of report", stderr.len());
    assert_eq!(stderr.matches("  × ").count(), 100, "{stderr}");
    assert!(stderr.contains("… and 1400 more problems"), "{stderr}");
    assert!(stderr.contains("build failed with 1500 errors"), "{stderr}");
}

#[test]
fn yaml_mistakes_point_at_the_line_to_change_with_their_own_hint() {
    let site = TestSite::new();
    let good = role_yaml("X", "");
    for (edit, at, hint) in [
        (
            ("category: Engineering", "category Engineering"),
            "[roles/x.yaml:2:1]",
            "a key needs a colon and a space after it",
        ),
        (
            ("  - id: two\n", "    id: two\n"),
            "[roles/x.yaml:10:5]",
            "put `- ` before it",
        ),
        (
            ("summary: Builds", "title: Again\nsummary: Builds"),
            "[roles/x.yaml:3:1]",
            "a key appears once in each mapping",
        ),
    ] {
        assert!(good.contains(edit.0));
        site.write("roles/x.yaml", &good.replacen(edit.0, edit.1, 1));
        let stderr = site.build(&[]).failure();
        assert!(stderr.contains(at), "not at {at}:\n{stderr}");
        assert!(stderr.contains(hint), "no '{hint}':\n{stderr}");
        assert!(
            !stderr.contains("check the indentation and quoting"),
            "{stderr}"
        );
    }
}
