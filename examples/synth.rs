//! Writes a realistic synthetic site for benchmarks:
//! `cargo run --release --example synth -- N DIR` creates `DIR/rolemap.yaml`
//! and N role files under `DIR/roles/` (12 skills, 4 phases, 5 FAQs each,
//! markdown in every long field, related roles), deterministically.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CATEGORIES: &[&str] = &[
    "Software Development",
    "Infrastructure & Operations",
    "Data & AI",
    "Product, Design & Quality",
    "Security",
];
const WORDS: &[&str] = &[
    "api",
    "service",
    "database",
    "pipeline",
    "cluster",
    "testing",
    "design",
    "cache",
    "queue",
    "schema",
    "deploy",
    "monitor",
    "latency",
    "security",
    "review",
    "budget",
    "roadmap",
    "stakeholder",
    "model",
    "dataset",
    "query",
    "index",
    "container",
    "release",
];
const TECH: &[&str] = &[
    "python",
    "java",
    "node.js",
    "postgresql",
    "redis",
    "kafka",
    "docker",
    "kubernetes",
    "terraform",
    "react",
    "typescript",
    "c#",
    "golang",
    "aws",
    "azure",
    "gcp",
    "spark",
    "airflow",
    "pytorch",
    "figma",
    "selenium",
    "graphql",
    "mongodb",
    "linux",
];

/// A small deterministic generator so every run writes the same site.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            let word = self.pick(WORDS);
            match i % 7 {
                3 => write!(text, "**{word}** "),
                5 => write!(text, "`{}` ", self.pick(TECH)),
                _ => write!(text, "{word} "),
            }
            .expect("writing to a String cannot fail");
        }
        let mut text = text.trim_end().to_owned();
        text.push('.');
        text[..1].to_uppercase() + &text[1..]
    }
}

fn role(index: usize, total: usize, rng: &mut Lcg) -> String {
    let mut y = String::new();
    let w = &mut y;
    let category = CATEGORIES[index % CATEGORIES.len()];
    writeln!(w, "title: Synthetic Role {index}").ok();
    writeln!(w, "category: \"{category}\"").ok();
    writeln!(w, "summary: \"{}\"", rng.sentence(18)).ok();
    writeln!(
        w,
        "description: |\n  {}\n\n  {}\n\n  - {}\n  - {}",
        rng.sentence(30),
        rng.sentence(25),
        rng.sentence(8),
        rng.sentence(8)
    )
    .ok();
    writeln!(
        w,
        "titles: [Synthetic Engineer {index}, Synthetic Specialist {index}]"
    )
    .ok();
    writeln!(
        w,
        "updated: 2026-{:02}-{:02}",
        1 + index % 12,
        1 + index % 28
    )
    .ok();
    writeln!(w, "skills:").ok();
    for s in 0..12 {
        let (a, b) = (rng.pick(TECH), rng.pick(WORDS));
        writeln!(
            w,
            "  - id: skill-{s}\n    name: Skill {s} with {a}\n    detail: \"{}\"\n    weight: {}",
            rng.sentence(12),
            1 + s % 5
        )
        .ok();
        writeln!(w, "    keywords: [\"{a} {s}\", \"{b} {s}\", term-{s}]").ok();
    }
    writeln!(w, "phases:").ok();
    for p in 0..4 {
        writeln!(
            w,
            "  - title: Phase {p} of role {index}\n    duration_months: {}",
            2 + (index + p) % 5
        )
        .ok();
        writeln!(
            w,
            "    summary: |\n      {}\n\n      {}",
            rng.sentence(25),
            rng.sentence(20)
        )
        .ok();
        writeln!(
            w,
            "    skills: [skill-{}, skill-{}, skill-{}]",
            p * 3,
            p * 3 + 1,
            p * 3 + 2
        )
        .ok();
        writeln!(
            w,
            "    milestones: [\"{}\", \"{}\"]",
            rng.sentence(6),
            rng.sentence(6)
        )
        .ok();
        writeln!(w, "    resources:\n      - {{ title: Guide {p}, url: \"https://example.org/guide/{index}/{p}\" }}").ok();
    }
    writeln!(w, "faqs:").ok();
    for f in 0..5 {
        writeln!(
            w,
            "  - question: \"Question {f} about {}?\"\n    answer: |\n      {}\n\n      {}",
            rng.pick(WORDS),
            rng.sentence(30),
            rng.sentence(15)
        )
        .ok();
    }
    let related: Vec<String> = [1, 7, 31]
        .iter()
        .map(|step| format!("role-{:05}", (index + step) % total))
        .filter(|slug| *slug != format!("role-{index:05}"))
        .collect();
    writeln!(w, "related: [{}]", related.join(", ")).ok();
    y
}

fn write_site(count: usize, dir: &Path) -> std::io::Result<()> {
    let roles = dir.join("roles");
    std::fs::create_dir_all(&roles)?;
    std::fs::write(
        dir.join("rolemap.yaml"),
        "title: Synthetic careers\nbase_url: https://example.org/\n",
    )?;
    let mut rng = Lcg(42);
    for index in 0..count {
        std::fs::write(
            roles.join(format!("role-{index:05}.yaml")),
            role(index, count, &mut rng),
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: cargo run --release --example synth -- N DIR");
        return ExitCode::FAILURE;
    };
    match write_site(count.max(1), &PathBuf::from(dir)) {
        Ok(()) => {
            println!("wrote {count} roles to {dir}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("cannot write the site: {err}");
            ExitCode::FAILURE
        }
    }
}
