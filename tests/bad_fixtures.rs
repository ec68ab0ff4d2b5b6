//! `tests/bad/`: one invalid site per folder, each with an `expect.txt`
//! naming the message fragment and, where there is one, the place
//! (`file:line:col`, or a file alone). Every one must fail the build and
//! `rolemap check` with exit code 1, the message and the place, never a panic.

mod common;

use std::path::Path;

use common::rolemap;

struct Expectation {
    message: String,
    at: Option<String>,
}

fn expectation(dir: &Path) -> Expectation {
    let text = std::fs::read_to_string(dir.join("expect.txt")).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
    };
    Expectation {
        message: field("message:").expect("a message line"),
        at: field("at:"),
    }
}

fn assert_reported(case: &str, stderr: &str, expect: &Expectation) {
    assert!(!stderr.contains("panicked"), "{case}: panicked\n{stderr}");
    assert!(
        stderr.contains(&expect.message),
        "{case}: no '{}' in\n{stderr}",
        expect.message
    );
    if let Some(at) = &expect.at {
        // A line and column are shown as miette's [file:line:col]; a file alone as its path.
        let shown = if at.matches(':').count() == 2 {
            format!("[{at}]")
        } else {
            at.clone()
        };
        assert!(
            stderr.contains(&shown),
            "{case}: not at {shown} in\n{stderr}"
        );
    }
}

#[test]
fn every_bad_site_fails_with_its_message_and_place() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} bad sites", cases.len());
    let out = tempfile::tempdir().unwrap();
    for dir in cases {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expect = expectation(&dir);
        let target = out.path().join(&case);
        let build = rolemap(&[
            "build",
            "--root",
            dir.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ]);
        assert_reported(&case, &build.failure(), &expect);
        assert!(!target.exists(), "{case}: a failed build wrote output");
        let check = rolemap(&["check", "--root", dir.to_str().unwrap()]);
        assert_reported(&case, &check.failure(), &expect);
    }
}
