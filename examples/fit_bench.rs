//! Times `rolemap fit`'s matcher: a 1,000-word CV ranked against every role
//! of a site. `cargo run --release --example fit_bench -- SITE [CV_OUT]`
//! builds the CV deterministically from the site's own keywords and filler
//! words, ranks it repeatedly and prints the median; with CV_OUT it also
//! writes the CV, so `node benches/checker.mjs` can time checker.js on the
//! same text.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rolemap::checker::{rank, CheckerData};
use rolemap::fit::site_checker_data;

const FILLER: &[&str] = &[
    "led",
    "a",
    "team",
    "of",
    "engineers",
    "delivering",
    "reliable",
    "services",
    "for",
    "customers",
    "and",
    "improved",
    "performance",
    "by",
    "working",
    "closely",
    "with",
    "product",
    "managers",
    "on",
    "the",
    "roadmap",
    "not",
    "only",
    "but",
    "also",
    "mentoring",
    "junior",
    "colleagues",
    "in",
    "daily",
    "reviews.",
];

/// A deterministic CV of `words` words: filler with the site's terms mixed in.
fn cv(data: &CheckerData, words: usize) -> String {
    let terms: Vec<&str> = data
        .roles
        .iter()
        .flat_map(|role| &role.skills)
        .flat_map(|skill| &skill.phrases)
        .map(|phrase| phrase.term.as_str())
        .collect();
    let mut state: u64 = 7;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut text: Vec<&str> = Vec::with_capacity(words);
    while text.len() < words {
        let pick = if next() % 8 == 0 && !terms.is_empty() {
            terms[next() % terms.len()]
        } else {
            FILLER[next() % FILLER.len()]
        };
        text.extend(pick.split_whitespace());
    }
    text.truncate(words);
    text.join(" ")
}

/// The allocator `rolemap` itself uses (src/main.rs), so the figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo run --release --example fit_bench -- SITE [CV_OUT]");
        return ExitCode::FAILURE;
    };
    let data = match site_checker_data(&root) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("cannot load {}: {err}", root.display());
            return ExitCode::FAILURE;
        }
    };
    let text = cv(&data, 1000);
    if let Some(out) = args.get(1) {
        if let Err(err) = std::fs::write(out, &text) {
            eprintln!("cannot write {out}: {err}");
            return ExitCode::FAILURE;
        }
    }
    let mut times: Vec<f64> = (0..31)
        .map(|_| {
            let started = Instant::now();
            let fits = rank(&text, &data);
            std::hint::black_box(fits);
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "rank: 1,000-word CV against {} roles: median {:.2} ms (min {:.2}, max {:.2}, 31 runs)",
        data.roles.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    ExitCode::SUCCESS
}
