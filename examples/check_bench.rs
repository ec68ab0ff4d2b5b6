//! Times `rolemap check` on one large role: a site in a temporary folder
//! whose only role has SKILLS skills without keywords (50,000 by default),
//! each giving two located warnings ("has no keywords", "no phase
//! teaches"). `cargo build --release && cargo run --release --example
//! check_bench -- [SKILLS] [RUNS]` runs the release binary RUNS times (3 by
//! default), its diagnostics going through a pipe, and prints the median.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// A short, unique skill id: `n` in base 36, so 50,000 skills stay under
/// the 1 MiB limit of a role file.
fn id(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// A role with `skills` keyword-less skills that no phase teaches.
fn role(skills: usize) -> String {
    let mut text = String::from("title: Bench\nsummary: Many skills without keywords.\nskills:\n");
    for n in 0..skills {
        text.push_str(&format!("- id: {}\n  name: x\n", id(n)));
    }
    text.push_str("phases:\n- title: Only\n  duration_months: 1\n  skills: []\n");
    text.push_str("faqs:\n- question: Why?\n  answer: To time check.\n");
    text
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The release binary next to this example (`target/release/rolemap`).
fn binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let release = exe.parent()?.parent()?;
    let binary = release.join(format!("rolemap{}", std::env::consts::EXE_SUFFIX));
    binary.is_file().then_some(binary)
}

/// One `rolemap check` of `root`: seconds taken and the summary line.
fn run(binary: &Path, root: &Path) -> Result<(f64, String), String> {
    let started = Instant::now();
    let output = Command::new(binary)
        .args(["check", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|err| format!("cannot run {}: {err}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr.lines().last().unwrap_or_default().to_owned();
    Ok((seconds, summary))
}

/// The allocator `rolemap` itself uses (src/main.rs), so the figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let skills: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let Some(binary) = binary() else {
        eprintln!("no release binary: run `cargo build --release` first");
        return ExitCode::FAILURE;
    };
    let site = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("cannot create a temporary folder: {err}");
            return ExitCode::FAILURE;
        }
    };
    let text = role(skills);
    let written = std::fs::create_dir(site.path().join("roles"))
        .and_then(|()| std::fs::write(site.path().join("roles/bench.yaml"), &text));
    if let Err(err) = written {
        eprintln!("cannot write the site: {err}");
        return ExitCode::FAILURE;
    }
    println!(
        "{skills} skills without keywords, a role file of {} KB",
        text.len() / 1000
    );
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        match run(&binary, site.path()) {
            Ok((seconds, summary)) => {
                println!("  {seconds:.3} s  ({summary})");
                times.push(seconds);
            }
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "rolemap check: median {:.3} s of {runs} run(s)",
        median(times)
    );
    ExitCode::SUCCESS
}
