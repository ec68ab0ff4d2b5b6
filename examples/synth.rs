//! Writes a realistic synthetic site for benchmarks:
//! `cargo run --release --example synth -- N DIR` creates `DIR/rolemap.yaml`
//! and N role files under `DIR/roles/` (12 skills, 4 phases, 5 FAQs each,
//! markdown in every long field, related roles), deterministically.
//!
//! With `--hugo HUGO_DIR` it also writes the same roles as a Hugo site, for
//! `benches/compare.sh`: one content file per role whose front matter holds
//! the same fields (plus each phase's months, which rolemap derives), and the
//! config and layouts copied from `benches/hugo/`.
//!
//! With `--languages en,de` (the first is the default) it also writes
//! `languages:` into `rolemap.yaml`, `i18n/<lang>.yaml` with a title and, for
//! each other language, a translation `roles/<slug>.<lang>.yaml` of every
//! role (issue 13): the same slug, skill ids, weights and phase structure,
//! text drawn from a small German-looking vocabulary instead. `--translated
//! PERCENT` (default 100) translates only that share of the roles, spread
//! evenly; the others fall back to the default language. Without
//! `--languages` the site is byte for byte what it always was (the benches
//! depend on it), and the Hugo twin always holds the default language only.

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
/// The text of translations: German-looking, so a translated page is
/// visibly not the default language's (and carries non-ASCII letters).
const FOREIGN_WORDS: &[&str] = &[
    "Schnittstelle",
    "Dienst",
    "Datenbank",
    "Verarbeitungskette",
    "Rechnerverbund",
    "Prüfung",
    "Entwurf",
    "Zwischenspeicher",
    "Warteschlange",
    "Schema",
    "Bereitstellung",
    "Überwachung",
    "Latenz",
    "Sicherheit",
    "Begutachtung",
    "Haushalt",
    "Fahrplan",
    "Beteiligte",
    "Modell",
    "Datensatz",
    "Abfrage",
    "Verzeichnis",
    "Behälter",
    "Freigabe",
];
const FOREIGN_CATEGORIES: &[&str] = &[
    "Softwareentwicklung",
    "Infrastruktur & Betrieb",
    "Daten & KI",
    "Produkt, Design & Qualität",
    "Sicherheit",
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
        self.sentence_in(WORDS, words)
    }

    fn sentence_in(&mut self, vocabulary: &[&str], words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            let word = self.pick(vocabulary);
            match i % 7 {
                3 => write!(text, "**{word}** "),
                5 => write!(text, "`{}` ", self.pick(TECH)),
                _ => write!(text, "{word} "),
            }
            .expect("writing to a String cannot fail");
        }
        let mut text = text.trim_end().to_owned();
        text.push('.');
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        }
    }
}

struct Skill {
    name: String,
    detail: String,
    weight: usize,
    /// The technology its name and first keyword name.
    tech: &'static str,
    keywords: Vec<String>,
}

struct Phase {
    title: String,
    duration_months: usize,
    summary: String,
    milestones: [String; 2],
    resource_title: String,
    resource_url: String,
}

struct Faq {
    question: String,
    answer: String,
}

/// One synthetic role, written out as rolemap YAML or as Hugo front matter.
struct Role {
    index: usize,
    title: String,
    titles: String,
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
                    tech: a,
                    keywords: vec![format!("{a} {s}"), format!("{b} {s}"), format!("term-{s}")],
                }
            })
            .collect();
        let phases = (0..4)
            .map(|p| Phase {
                title: format!("Phase {p} of role {index}"),
                duration_months: 2 + (index + p) % 5,
                summary: format!("{}\n\n{}", rng.sentence(25), rng.sentence(20)),
                milestones: [rng.sentence(6), rng.sentence(6)],
                resource_title: format!("Guide {p}"),
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
            title: format!("Synthetic Role {index}"),
            titles: format!("Synthetic Engineer {index}, Synthetic Specialist {index}"),
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

    /// This role in language `lang`: the same slug, skill ids, weights,
    /// keywords (plus one foreign term each), durations, phase skills and
    /// related roles, every text drawn anew from [`FOREIGN_WORDS`] by a
    /// generator of its own (so the default site's text stays as it was).
    fn translated(&self, lang: &str) -> Self {
        let seed = lang.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        let mut rng = Lcg(seed ^ (self.index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next();
        let words = FOREIGN_WORDS;
        let index = self.index;
        let summary = rng.sentence_in(words, 18);
        let description = format!(
            "{}\n\n{}\n\n- {}\n- {}",
            rng.sentence_in(words, 30),
            rng.sentence_in(words, 25),
            rng.sentence_in(words, 8),
            rng.sentence_in(words, 8)
        );
        let skills = self
            .skills
            .iter()
            .enumerate()
            .map(|(s, skill)| {
                let mut keywords = skill.keywords.clone();
                keywords.push(format!("{}-{s}", rng.pick(words).to_lowercase()));
                Skill {
                    name: format!("Fähigkeit {s} mit {}", skill.tech),
                    detail: rng.sentence_in(words, 12),
                    weight: skill.weight,
                    tech: skill.tech,
                    keywords,
                }
            })
            .collect();
        let phases = self
            .phases
            .iter()
            .enumerate()
            .map(|(p, phase)| Phase {
                title: format!("Abschnitt {p} der Rolle {index}"),
                duration_months: phase.duration_months,
                summary: format!(
                    "{}\n\n{}",
                    rng.sentence_in(words, 25),
                    rng.sentence_in(words, 20)
                ),
                milestones: [rng.sentence_in(words, 6), rng.sentence_in(words, 6)],
                resource_title: format!("Leitfaden {p}"),
                resource_url: phase.resource_url.clone(),
            })
            .collect();
        let faqs = (0..self.faqs.len())
            .map(|f| Faq {
                question: format!("Frage {f} zu {}?", rng.pick(words)),
                answer: format!(
                    "{}\n\n{}",
                    rng.sentence_in(words, 30),
                    rng.sentence_in(words, 15)
                ),
            })
            .collect();
        Role {
            index,
            title: format!("Synthetische Rolle {index} ({lang})"),
            titles: format!("Synthetischer Ingenieur {index}, Synthetische Fachkraft {index}"),
            category: FOREIGN_CATEGORIES[index % FOREIGN_CATEGORIES.len()],
            summary,
            description,
            updated: self.updated.clone(),
            skills,
            phases,
            faqs,
            related: self.related.clone(),
        }
    }

    /// The fields both generators read, in rolemap's order; `hugo` adds each
    /// phase's months and leaves out the checker's keywords.
    fn write(&self, w: &mut String, hugo: bool) -> std::fmt::Result {
        writeln!(w, "title: {}", self.title)?;
        writeln!(w, "category: \"{}\"", self.category)?;
        writeln!(w, "summary: \"{}\"", self.summary)?;
        block(w, "description", "", &self.description)?;
        writeln!(w, "titles: [{}]", self.titles)?;
        writeln!(w, "updated: {}", self.updated)?;
        writeln!(w, "skills:")?;
        for (s, skill) in self.skills.iter().enumerate() {
            writeln!(
                w,
                "  - id: skill-{s}\n    name: {}\n    detail: \"{}\"\n    weight: {}",
                skill.name, skill.detail, skill.weight
            )?;
            if !hugo {
                // The third keyword (`term-N`) was always written bare.
                let quoted: Vec<String> = skill
                    .keywords
                    .iter()
                    .enumerate()
                    .map(|(k, term)| match k {
                        2 => term.clone(),
                        _ => format!("\"{term}\""),
                    })
                    .collect();
                writeln!(w, "    keywords: [{}]", quoted.join(", "))?;
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
                "    resources:\n      - {{ title: {}, url: \"{}\" }}",
                phase.resource_title, phase.resource_url
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

/// Languages of the site: `codes[0]` is the default; each other one gets a
/// translation of `percent` per cent of the roles.
struct Languages {
    codes: Vec<String>,
    percent: usize,
}

impl Languages {
    /// Whether role `index` of `count` is translated: exactly
    /// ⌊count × percent ÷ 100⌋ roles are, spread evenly over the site.
    fn translates(&self, index: usize) -> bool {
        (index + 1) * self.percent / 100 > index * self.percent / 100
    }
}

/// Writes the site; returns the number of translation files.
fn write_site(
    count: usize,
    dir: &Path,
    hugo: Option<&Path>,
    languages: Option<&Languages>,
) -> std::io::Result<usize> {
    let roles = dir.join("roles");
    std::fs::create_dir_all(&roles)?;
    let mut config = String::from("title: Synthetic careers\nbase_url: https://example.org/\n");
    let others: &[String] = match languages {
        Some(languages) => {
            config.push_str(&format!("languages: [{}]\n", languages.codes.join(", ")));
            let i18n = dir.join("i18n");
            std::fs::create_dir_all(&i18n)?;
            for lang in &languages.codes[1..] {
                std::fs::write(
                    i18n.join(format!("{lang}.yaml")),
                    format!("title: Synthetische Karrieren ({lang})\n"),
                )?;
            }
            &languages.codes[1..]
        }
        None => &[],
    };
    std::fs::write(dir.join("rolemap.yaml"), config)?;
    let mut translations = 0;
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
        if languages.is_some_and(|languages| languages.translates(index)) {
            for lang in others {
                text.clear();
                role.translated(lang).write(&mut text, false).expect(WRITE);
                std::fs::write(roles.join(format!("{}.{lang}.yaml", slug(index))), &text)?;
                translations += 1;
            }
        }
    }
    Ok(translations)
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

const USAGE: &str = "usage: cargo run --release --example synth -- N DIR [--hugo HUGO_DIR] \
                     [--languages en,de [--translated PERCENT]]";

/// `en,de` as language codes: at least one, each a lower-case letter code
/// (optionally with `-` parts, as `pt-br`), none twice.
fn parse_languages(list: &str) -> Option<Vec<String>> {
    let codes: Vec<String> = list.split(',').map(|code| code.trim().to_owned()).collect();
    let well_formed = |code: &String| {
        code.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        }) && code.as_bytes()[0].is_ascii_lowercase()
    };
    let unique = codes
        .iter()
        .enumerate()
        .all(|(n, code)| !codes[..n].contains(code));
    (codes.iter().all(well_formed) && unique).then_some(codes)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut hugo = None;
    let mut languages = None;
    let mut percent = None;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--hugo" | "--languages" | "--translated" => args.next(),
            _ => {
                positional.push(arg);
                continue;
            }
        };
        let parsed = match (arg.as_str(), value) {
            ("--hugo", Some(dir)) => {
                hugo = Some(PathBuf::from(dir));
                true
            }
            ("--languages", Some(list)) => {
                languages = parse_languages(&list);
                languages.is_some()
            }
            ("--translated", Some(n)) => {
                percent = n.parse::<usize>().ok().filter(|n| *n <= 100);
                percent.is_some()
            }
            _ => false,
        };
        if !parsed {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
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
    if percent.is_some() && languages.is_none() {
        eprintln!("--translated needs --languages\n{USAGE}");
        return ExitCode::FAILURE;
    }
    let languages = languages.map(|codes| Languages {
        codes,
        percent: percent.unwrap_or(100),
    });
    match write_site(
        count.max(1),
        &PathBuf::from(dir),
        hugo.as_deref(),
        languages.as_ref(),
    ) {
        Ok(translations) => {
            match &hugo {
                Some(hugo) => println!(
                    "wrote {count} roles to {dir} and their Hugo twin to {}",
                    hugo.display()
                ),
                None => println!("wrote {count} roles to {dir}"),
            }
            if let Some(languages) = &languages {
                println!(
                    "languages {}: {translations} translations",
                    languages.codes.join(", ")
                );
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("cannot write the site: {err}");
            ExitCode::FAILURE
        }
    }
}
