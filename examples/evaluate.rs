//! Measures the readiness checker's ranking on the public labelled CV set
//! (issue 9, item 10): `cargo run --release --example evaluate -- [CSV_GZ]`
//! (default `../shared/data/resumes-labelled.csv.gz`, relative to the
//! repository root; see that folder's README).
//!
//! Every CV is ranked against the shipped site's roles with
//! `rolemap::checker::rank` (by relevance), by the same fits sorted by fit
//! and slug (the ranking before relevance), and with a naive matcher for comparison
//! (lower-case substring search of every term of a skill, score = weighted
//! share of skills met, ties by slug), and with the same naive matcher
//! restricted to whole words. It prints top-1 and top-3 accuracy
//! per mapped tech category and overall, and for the CVs outside tech the
//! spread of the best score and the share under 40. Mislabelled CVs are
//! excluded only by the list in [`EXCLUDED`], printed with its reasons; the
//! figures are also given with them included.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rolemap::checker::{rank, CheckerData};
use rolemap::fit::site_checker_data;

/// Category → the role that should rank first, and any other role that
/// also counts in the top three.
const MAPPING: &[(&str, &str, Option<&str>)] = &[
    ("Java Developer", "java-developer", None),
    ("Python Developer", "python-developer", None),
    ("DevOps Engineer", "devops-engineer", None),
    ("Data Science", "data-scientist", None),
    ("Database", "database-administrator", None),
    ("Automation Testing", "qa-automation-engineer", None),
    ("Testing", "qa-automation-engineer", None),
    ("DotNet Developer", "dotnet-developer", None),
    ("Hadoop", "data-engineer", None),
    ("ETL Developer", "data-engineer", None),
    ("Blockchain", "blockchain-developer", None),
    ("Network Security Engineer", "security-engineer", None),
    (
        "Web Designing",
        "ux-ui-designer",
        Some("frontend-developer"),
    ),
    ("Business Analyst", "business-analyst", None),
];

/// Categories outside tech: their best score should stay low.
const OUTSIDE: &[&str] = &[
    "HR",
    "Advocate",
    "Arts",
    "Civil Engineer",
    "Health and fitness",
    "Sales",
    "Mechanical Engineer",
    "Electrical Engineering",
    "Operations Manager",
    "PMO",
];

/// Categories with no shipped role.
const UNMAPPED: &[&str] = &["SAP Developer"];

/// CVs whose label does not match their text, by data row (1-based, after
/// the header), with the label and the start of the text they must have, so
/// a different file cannot silently exclude other rows. Each was read in
/// full: they test or build electrical and electronic hardware, not software.
const EXCLUDED: &[(usize, &str, &str, &str)] = &[
    (
        89,
        "Automation Testing",
        "SOCIAL SKILLS",
        "industrial automation and electrical engineer: PLC panels, sensors, valve actuators",
    ),
    (
        160,
        "Testing",
        "• Good logical",
        "electrical engineer testing power-management systems",
    ),
    (
        162,
        "Testing",
        "Computer Skills",
        "electrical testing of circuit breakers, transformers and HV cables",
    ),
    (
        163,
        "Testing",
        "❖ Willingness",
        "electronics engineer testing electronic systems and hardware PCBs",
    ),
    (
        164,
        "Testing",
        "PERSONAL SKILLS",
        "routine and type tests of power transformers",
    ),
    (
        165,
        "Testing",
        "COMPUTER SKILLS & SOFTWARE",
        "quality engineer in electronics: PCB design, Matlab, Keil",
    ),
];

struct Cv {
    row: usize,
    category: String,
    text: String,
}

/// One matcher's ranking of a CV: role slugs, best first, and the best score.
struct Ranking {
    slugs: Vec<String>,
    best: u8,
}

fn read_cvs(path: &Path) -> Result<Vec<Cv>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut csv = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut csv)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    if headers.iter().collect::<Vec<_>>() != ["category", "resume"] {
        return Err(format!("unexpected columns {headers:?}"));
    }
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let record = record.map_err(|e| e.to_string())?;
            Ok(Cv {
                row: i + 1,
                category: record[0].to_owned(),
                text: record[1].to_owned(),
            })
        })
        .collect()
}

/// The naive matcher: a skill is met when any of its terms occurs as a
/// lower-case substring of the lower-cased text.
fn naive(text: &str, data: &CheckerData) -> Ranking {
    naive_by(text, data, |text, term| text.contains(term))
}

/// The naive matcher with whole words: the substring must not have a letter
/// or digit right before or after it (`r` no longer occurs in "report").
fn naive_words(text: &str, data: &CheckerData) -> Ranking {
    naive_by(text, data, |text, term| {
        text.match_indices(term).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + term.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

fn naive_by(text: &str, data: &CheckerData, occurs: impl Fn(&str, &str) -> bool) -> Ranking {
    let text = text.to_lowercase();
    let mut scored: Vec<(u32, &str)> = data
        .roles
        .iter()
        .map(|role| {
            let (mut met, mut total) = (0u32, 0u32);
            for skill in &role.skills {
                total += u32::from(skill.weight);
                if skill
                    .phrases
                    .iter()
                    .any(|p| occurs(&text, &p.term.to_lowercase()))
                {
                    met += u32::from(skill.weight);
                }
            }
            let fit = if total == 0 {
                0
            } else {
                (200 * met + total) / (2 * total)
            };
            (fit, role.slug.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    Ranking {
        best: scored.first().map_or(0, |s| s.0 as u8),
        slugs: scored.into_iter().map(|s| s.1.to_owned()).collect(),
    }
}

fn rolemap_rank(text: &str, data: &CheckerData) -> Ranking {
    let fits = rank(text, data);
    Ranking {
        best: fits.iter().map(|f| f.score).max().unwrap_or(0),
        slugs: fits.into_iter().map(|f| f.slug).collect(),
    }
}

/// The ranking before relevance (docs/checker.md section 12): by fit, then slug.
fn rolemap_by_fit(text: &str, data: &CheckerData) -> Ranking {
    let mut fits = rank(text, data);
    fits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.slug.cmp(&b.slug)));
    Ranking {
        best: fits.iter().map(|f| f.score).max().unwrap_or(0),
        slugs: fits.into_iter().map(|f| f.slug).collect(),
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    cvs: usize,
    top1: usize,
    top3: usize,
}

impl Tally {
    fn add(&mut self, ranking: &Ranking, want: &str, also: Option<&str>) {
        self.cvs += 1;
        self.top1 += usize::from(ranking.slugs.first().is_some_and(|s| s == want));
        self.top3 += usize::from(
            ranking
                .slugs
                .iter()
                .take(3)
                .any(|s| s == want || Some(s.as_str()) == also),
        );
    }

    fn cells(&self) -> String {
        format!("{}/{} | {}/{}", self.top1, self.cvs, self.top3, self.cvs)
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.0} %", 100.0 * part as f64 / whole as f64)
}

type Matcher = (&'static str, fn(&str, &CheckerData) -> Ranking);

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::args().nth(1).map_or_else(
        || root.join("../shared/data/resumes-labelled.csv.gz"),
        PathBuf::from,
    );
    let cvs = match read_cvs(&path) {
        Ok(cvs) => cvs,
        Err(err) => {
            eprintln!("cannot read the CV set: {err}");
            return ExitCode::FAILURE;
        }
    };
    let data = match site_checker_data(&root) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("cannot load the shipped site: {err}");
            return ExitCode::FAILURE;
        }
    };
    for (row, category, start, reason) in EXCLUDED {
        let ok = cvs
            .get(row - 1)
            .is_some_and(|cv| cv.category == *category && cv.text.starts_with(start));
        if !ok {
            eprintln!("row {row} is not the {category} CV the exclusion list means ({reason}): is this the right file?");
            return ExitCode::FAILURE;
        }
    }
    let excluded = |cv: &Cv| EXCLUDED.iter().any(|e| e.0 == cv.row);

    println!(
        "{} CVs from {}, {} roles.",
        cvs.len(),
        path.display(),
        data.roles.len()
    );
    println!("Excluded from the tech figures (label does not match the text; each read in full):");
    for (row, category, _, reason) in EXCLUDED {
        println!("  row {row} ({category}): {reason}");
    }
    for category in UNMAPPED {
        let n = cvs.iter().filter(|cv| cv.category == *category).count();
        println!("Not mapped (no shipped role): {category}, {n} CVs.");
    }
    let known =
        |c: &str| MAPPING.iter().any(|m| m.0 == c) || OUTSIDE.contains(&c) || UNMAPPED.contains(&c);
    if let Some(cv) = cvs.iter().find(|cv| !known(&cv.category)) {
        eprintln!("unknown category {:?} (row {})", cv.category, cv.row);
        return ExitCode::FAILURE;
    }

    let matchers: [Matcher; 4] = [
        ("rolemap", rolemap_rank),
        ("rolemap by fit", rolemap_by_fit),
        ("naive", naive),
        ("naive, whole words", naive_words),
    ];
    let rankings: Vec<Vec<Ranking>> = matchers
        .iter()
        .map(|(_, matcher)| cvs.iter().map(|cv| matcher(&cv.text, &data)).collect())
        .collect();

    // Tech: per category, then overall with and without the exclusions.
    println!();
    print!("| Category | CVs |");
    for (name, _) in &matchers {
        print!(" {name} top-1 | {name} top-3 |");
    }
    println!();
    println!("|---|---:|{}", "---:|---:|".repeat(matchers.len()));
    let mut all = vec![Tally::default(); matchers.len()];
    let mut kept = vec![Tally::default(); matchers.len()];
    for (category, want, also) in MAPPING {
        let mut tallies = vec![Tally::default(); matchers.len()];
        let mut n = 0;
        for (i, cv) in cvs.iter().enumerate() {
            if cv.category != *category {
                continue;
            }
            for (m, per_matcher) in rankings.iter().enumerate() {
                all[m].add(&per_matcher[i], want, *also);
                if !excluded(cv) {
                    kept[m].add(&per_matcher[i], want, *also);
                    tallies[m].add(&per_matcher[i], want, *also);
                }
            }
            n += usize::from(!excluded(cv));
        }
        let target = match also {
            Some(also) => format!("{want}, or {also} in the top 3"),
            None => (*want).to_owned(),
        };
        print!("| {category} → {target} | {n} |");
        for tally in &tallies {
            print!(" {} |", tally.cells());
        }
        println!();
    }
    for (label, tallies) in [
        ("**Tech, excluding the listed rows**", &kept),
        ("Tech, all rows (the issue's measure)", &all),
    ] {
        print!("| {label} | {} |", tallies[0].cvs);
        for tally in tallies {
            print!(
                " {} ({}) | {} ({}) |",
                tally.top1,
                percent(tally.top1, tally.cvs),
                tally.top3,
                percent(tally.top3, tally.cvs)
            );
        }
        println!();
    }

    // Outside tech: the best score of each CV.
    println!();
    println!(
        "Outside tech ({}): best score of each CV",
        OUTSIDE.join(", ")
    );
    println!();
    println!(
        "| Matcher | CVs | 0–9 | 10–19 | 20–29 | 30–39 | 40–59 | 60+ | median | max | under 40 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (m, (name, _)) in matchers.iter().enumerate() {
        let mut best: Vec<u8> = cvs
            .iter()
            .zip(&rankings[m])
            .filter(|(cv, _)| OUTSIDE.contains(&cv.category.as_str()))
            .map(|(_, r)| r.best)
            .collect();
        best.sort_unstable();
        let count = |lo: u8, hi: u8| best.iter().filter(|&&b| lo <= b && b <= hi).count();
        let under = best.iter().filter(|&&b| b < 40).count();
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {under} ({}) |",
            best.len(),
            count(0, 9),
            count(10, 19),
            count(20, 29),
            count(30, 39),
            count(40, 59),
            count(60, 100),
            best.get(best.len() / 2).copied().unwrap_or(0),
            best.last().copied().unwrap_or(0),
            percent(under, best.len())
        );
    }

    // Which role wins the misses, the first thing to look at when a figure moves.
    println!();
    for (m, (name, _)) in matchers.iter().enumerate() {
        let mut winners: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, cv) in cvs.iter().enumerate() {
            let Some((_, want, _)) = MAPPING.iter().find(|m| m.0 == cv.category) else {
                continue;
            };
            let first = rankings[m][i].slugs.first().map_or("", String::as_str);
            if !excluded(cv) && first != *want {
                *winners.entry(first).or_default() += 1;
            }
        }
        let mut winners: Vec<(&str, usize)> = winners.into_iter().collect();
        winners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = winners.iter().map(|(s, n)| format!("{s} {n}")).collect();
        println!("{name}: ranked first on a miss: {}", list.join(", "));
    }
    println!();
    println!("rolemap's misses (row, category: ranked first, then the right role's place):");
    for (i, cv) in cvs.iter().enumerate() {
        let Some((_, want, _)) = MAPPING.iter().find(|m| m.0 == cv.category) else {
            continue;
        };
        let slugs = &rankings[0][i].slugs;
        if !excluded(cv) && slugs.first().is_some_and(|s| s != want) {
            let place = slugs.iter().position(|s| s == want).map_or(0, |p| p + 1);
            println!(
                "  row {} ({}): {}, then {want} at {place}",
                cv.row, cv.category, slugs[0]
            );
        }
    }
    ExitCode::SUCCESS
}
