//! Writes a realistic synthetic site for benchmarks:
//! `cargo run --release --example synth -- N DIR` creates `DIR/rolemap.yaml`
//! and N role files under `DIR/roles/` (12 skills, 4 phases, 5 FAQs each,
//! markdown in every long field, related roles), deterministically.
//!
//! With `--hugo HUGO_DIR` it also writes the same roles as a Hugo site, for
//! `benches/compare.sh`: one content file per role whose front matter holds
//! the same fields (plus each phase's months, which rolemap derives), and the
//! config and layouts copied from `benches/hugo/`.

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

struct Skill {
    name: String,
    detail: String,
    weight: usize,
    keywords: [String; 3],
}

struct Phase {
    title: String,
    duration_months: usize,
    summary: String,
    milestones: [String; 2],
    resource_url: String,
}

struct Faq {
    question: String,
    answer: String,
}

/// One synthetic role, written out as rolemap YAML or as Hugo front matter.
struct Role {
    index: usize,
    category: &'static str,
    summary: String,
    description: String,
    updated: String,
    skills: Vec<Skill>,
    phases: Vec<Phase>,
    faqs: Vec<Faq>,
    related: Vec<String>,
}

impl Role {
    /// Draws a role from `rng` (always in the same order, so a site of N roles
    /// is the same on every run).
    fn new(index: usize, total: usize, rng: &mut Lcg) -> Self {
        let summary = rng.sentence(18);
        let description = format!(
            "{}\n\n{}\n\n- {}\n- {}",
            rng.sentence(30),
            rng.sentence(25),
            rng.sentence(8),
            rng.sentence(8)
        );
        let skills = (0..12)
            .map(|s| {
                let (a, b) = (rng.pick(TECH), rng.pick(WORDS));
                Skill {
                    name: format!("Skill {s} with {a}"),
                    detail: rng.sentence(12),
                    weight: 1 + s % 5,
                    keywords: [format!("{a} {s}"), format!("{b} {s}"), format!("term-{s}")],
                }
            })
            .collect();
        let phases = (0..4)
            .map(|p| Phase {
                title: format!("Phase {p} of role {index}"),
                duration_months: 2 + (index + p) % 5,
                summary: format!("{}\n\n{}", rng.sentence(25), rng.sentence(20)),
                milestones: [rng.sentence(6), rng.sentence(6)],
                resource_url: format!("https://example.org/guide/{index}/{p}"),
            })
            .collect();
        let faqs = (0..5)
            .map(|f| Faq {
                question: format!("Question {f} about {}?", rng.pick(WORDS)),
                answer: format!("{}\n\n{}", rng.sentence(30), rng.sentence(15)),
            })
            .collect();
        let mut related: Vec<String> = Vec::new();
        for step in [1, 7, 31] {
            let slug = slug((index + step) % total);
            if slug != self::slug(index) && !related.contains(&slug) {
                related.push(slug);
            }
        }
        Role {
            index,
            category: CATEGORIES[index % CATEGORIES.len()],
            summary,
            description,
            updated: format!("2026-{:02}-{:02}", 1 + index % 12, 1 + index % 28),
            skills,
            phases,
            faqs,
            related,
        }
    }

    /// The fields both generators read, in rolemap's order; `hugo` adds each
    /// phase's months and leaves out the checker's keywords.
    fn write(&self, w: &mut String, hugo: bool) -> std::fmt::Result {
        let index = self.index;
        writeln!(w, "title: Synthetic Role {index}")?;
        writeln!(w, "category: \"{}\"", self.category)?;
        writeln!(w, "summary: \"{}\"", self.summary)?;
        block(w, "description", "", &self.description)?;
        writeln!(
            w,
            "titles: [Synthetic Engineer {index}, Synthetic Specialist {index}]"
        )?;
        writeln!(w, "updated: {}", self.updated)?;
        writeln!(w, "skills:")?;
        for (s, skill) in self.skills.iter().enumerate() {
            writeln!(
                w,
                "  - id: skill-{s}\n    name: {}\n    detail: \"{}\"\n    weight: {}",
                skill.name, skill.detail, skill.weight
            )?;
            if !hugo {
                let [a, b, c] = &skill.keywords;
                writeln!(w, "    keywords: [\"{a}\", \"{b}\", {c}]")?;
            }
        }
        writeln!(w, "phases:")?;
        let mut start = 1;
        for (p, phase) in self.phases.iter().enumerate() {
            writeln!(
                w,
                "  - title: {}\n    duration_months: {}",
                phase.title, phase.duration_months
            )?;
            if hugo {
                let end = start + phase.duration_months - 1;
                writeln!(w, "    start_month: {start}\n    end_month: {end}")?;
                start = end + 1;
            }
            block(w, "summary", "    ", &phase.summary)?;
            writeln!(
                w,
                "    skills: [skill-{}, skill-{}, skill-{}]",
                p * 3,
                p * 3 + 1,
                p * 3 + 2
            )?;
            let [m1, m2] = &phase.milestones;
            writeln!(w, "    milestones: [\"{m1}\", \"{m2}\"]")?;
            writeln!(
                w,
                "    resources:\n      - {{ title: Guide {p}, url: \"{}\" }}",
                phase.resource_url
            )?;
        }
        if hugo {
            writeln!(w, "total_months: {}", start - 1)?;
        }
        writeln!(w, "faqs:")?;
        for faq in &self.faqs {
            writeln!(w, "  - question: \"{}\"", faq.question)?;
            block(w, "answer", "    ", &faq.answer)?;
        }
        writeln!(w, "related: [{}]", self.related.join(", "))
    }
}

/// Writes `key: |` and `text` as a YAML block scalar under `indent`.
fn block(w: &mut String, key: &str, indent: &str, text: &str) -> std::fmt::Result {
    writeln!(w, "{indent}{key}: |")?;
    for line in text.lines() {
        if line.is_empty() {
            writeln!(w)?;
        } else {
            writeln!(w, "{indent}  {line}")?;
        }
    }
    Ok(())
}

fn slug(index: usize) -> String {
    format!("role-{index:05}")
}

fn write_site(count: usize, dir: &Path, hugo: Option<&Path>) -> std::io::Result<()> {
    let roles = dir.join("roles");
    std::fs::create_dir_all(&roles)?;
    std::fs::write(
        dir.join("rolemap.yaml"),
        "title: Synthetic careers\nbase_url: https://example.org/\n",
    )?;
    let hugo_content = match hugo {
        Some(hugo) => {
            copy_dir(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hugo"),
                hugo,
            )?;
            let content = hugo.join("content/roles");
            std::fs::create_dir_all(&content)?;
            Some(content)
        }
        None => None,
    };
    let mut rng = Lcg(42);
    let mut text = String::new();
    for index in 0..count {
        let role = Role::new(index, count, &mut rng);
        text.clear();
        role.write(&mut text, false).expect(WRITE);
        std::fs::write(roles.join(format!("{}.yaml", slug(index))), &text)?;
        if let Some(content) = &hugo_content {
            text.clear();
            text.push_str("---\n");
            role.write(&mut text, true).expect(WRITE);
            text.push_str("---\n");
            std::fs::write(content.join(format!("{}.md", slug(index))), &text)?;
        }
    }
    Ok(())
}

const WRITE: &str = "writing to a String cannot fail";

/// Copies the Hugo config and layouts from the repository into `to`.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

const USAGE: &str = "usage: cargo run --release --example synth -- N DIR [--hugo HUGO_DIR]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut hugo = None;
    while let Some(arg) = args.next() {
        if arg == "--hugo" {
            let Some(dir) = args.next() else {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            };
            hugo = Some(PathBuf::from(dir));
        } else {
            positional.push(arg);
        }
    }
    let (Some(count), Some(dir), 2) = (
        positional.first().and_then(|n| n.parse::<usize>().ok()),
        positional.get(1),
        positional.len(),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    match write_site(count.max(1), &PathBuf::from(dir), hugo.as_deref()) {
        Ok(()) => {
            match &hugo {
                Some(hugo) => println!(
                    "wrote {count} roles to {dir} and their Hugo twin to {}",
                    hugo.display()
                ),
                None => println!("wrote {count} roles to {dir}"),
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("cannot write the site: {err}");
            ExitCode::FAILURE
        }
    }
}
