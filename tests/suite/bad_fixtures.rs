//! `tests/bad/`: one invalid site per folder, each with an `expect.txt`
//! naming the message fragment and, where there is one, the place
//! (`file:line:col`, or a file alone). Every one must fail the build and
//! `rolemap check` with exit code 1, the message and the place, never a panic.

use std::path::Path;

use crate::common::rolemap;

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

/// What is wrong with how one fixture was reported, if anything.
fn problem(case: &str, stderr: &str, expect: &Expectation) -> Option<String> {
    if stderr.contains("panicked") {
        return Some(format!("{case}: panicked\n{stderr}"));
    }
    if !stderr.contains(&expect.message) {
        return Some(format!("{case}: no '{}' in\n{stderr}", expect.message));
    }
    let at = expect.at.as_ref()?;
    // A line and column are shown as miette's [file:line:col]; a file alone as its path.
    let shown = if at.matches(':').count() == 2 {
        format!("[{at}]")
    } else {
        at.clone()
    };
    (!stderr.contains(&shown)).then(|| format!("{case}: not at {shown} in\n{stderr}"))
}

/// The diagnostics of a failed run: everything before its summary line.
fn diagnostics(stderr: &str) -> &str {
    let end = stderr
        .rfind("error: build failed")
        .or_else(|| stderr.rfind("checked "));
    &stderr[..end.unwrap_or(stderr.len())]
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
    let mut failures = Vec::new();
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
        let check = rolemap(&["check", "--root", dir.to_str().unwrap()]);
        for (what, run) in [("build", &build), ("check", &check)] {
            if run.code() != Some(1) {
                failures.push(format!("{case}: {what} exited with {:?}", run.code()));
            }
        }
        let (build, check) = (build.stderr(), check.stderr());
        failures.extend(problem(&format!("{case} (build)"), &build, &expect));
        failures.extend(problem(&format!("{case} (check)"), &check, &expect));
        if target.exists() {
            failures.push(format!("{case}: a failed build wrote output"));
        }
        if diagnostics(&build) != diagnostics(&check) {
            failures.push(format!(
                "{case}: build and check report differently\nbuild:\n{build}\ncheck:\n{check}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
