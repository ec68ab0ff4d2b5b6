//! Any bytes as the one role file of a site, built end to end: the
//! pipeline (load, validate, render, write into a staging folder, swap)
//! must succeed or fail with diagnostics, never panic, and a failed build
//! must leave no output behind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolemap::build::{build, BuildOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(site) = tempfile::tempdir() else {
        return;
    };
    let roles = site.path().join("roles");
    if std::fs::create_dir(&roles).is_err() || std::fs::write(roles.join("x.yaml"), data).is_err() {
        return;
    }
    let out = site.path().join("out");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        out: Some(out.clone()),
        ..BuildOptions::default()
    };
    match build(&options) {
        Ok(report) => assert!(report.output.join("index.html").is_file()),
        Err(err) => {
            if let rolemap::build::Failure::Invalid(invalid) = &err.failure {
                for problem in &invalid.diagnostics {
                    let _ = rolemap::diagnostics::render(problem, false);
                }
            }
            assert!(!out.exists(), "a failed build wrote output");
        }
    }
});
