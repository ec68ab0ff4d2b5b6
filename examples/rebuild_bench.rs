//! Times the watch loop's rebuild after one role file changes, against a
//! full build of the same site. `cargo run --release --example
//! rebuild_bench -- SITE [OUT_PARENT]` (a site from `examples/synth.rs`):
//! writes a role file, then measures from the write to the rebuilt output
//! being on disk, without the debounce window (the watcher's 100 ms wait
//! for quiet). The output goes to a temporary folder, under OUT_PARENT if
//! given (e.g. /dev/shm, to take the disk out of the figure).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rolemap::build::{BuildOptions, Change, Scope, Session};

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The allocator `rolemap` itself uses (src/main.rs), so the figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --release --example rebuild_bench -- SITE [OUT_PARENT]");
        return ExitCode::FAILURE;
    };
    let parent = std::env::args()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let out = match tempfile::tempdir_in(&parent) {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("cannot create a temporary folder: {err}");
            return ExitCode::FAILURE;
        }
    };
    let options = BuildOptions {
        root: root.clone(),
        out: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options);
    let mut full = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        if let Err(err) = session.rebuild(&Change::everything()) {
            eprintln!("the site does not build: {err}");
            return ExitCode::FAILURE;
        }
        full.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let Some(file) = std::fs::read_dir(root.join("roles"))
        .ok()
        .and_then(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        })
    else {
        eprintln!("no role files in {}", root.display());
        return ExitCode::FAILURE;
    };
    let original = std::fs::read_to_string(&file).unwrap_or_default();
    let mut incremental = Vec::new();
    for round in 0..11 {
        let edited = original.replacen("title: ", &format!("title: Edit {round} of "), 1);
        let started = Instant::now();
        if std::fs::write(&file, edited).is_err() {
            eprintln!("cannot write {}", file.display());
            return ExitCode::FAILURE;
        }
        match session.rebuild(&Change {
            paths: vec![file.clone()],
            scope: Scope::Roles,
        }) {
            Ok(report) => assert_eq!(report.kind, rolemap::build::BuildKind::Incremental),
            Err(err) => {
                eprintln!("rebuild failed: {err}");
                return ExitCode::FAILURE;
            }
        }
        incremental.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let _ = std::fs::write(&file, original);
    println!(
        "one role changed, write to output on disk: median {:.1} ms (11 runs); full build: median {:.1} ms (3 runs)",
        median(incremental),
        median(full)
    );
    ExitCode::SUCCESS
}
