//! The shared checker vectors (`tests/checker/*.json`) against the Rust
//! matcher, then against checker.js under Node, so one `cargo test` proves
//! both implementations agree with the vectors and with each other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rolemap::checker::compile::{
    title_phrases, Band, CheckSkill, NegationTerms, PhaseRef, Synonyms,
};
use rolemap::checker::pack::pack;
use rolemap::checker::{rank, score, CheckRole, CheckerData, Settings};
use rolemap::model::Keyword;
use serde_json::{json, Value};

struct Vector {
    file: String,
    name: String,
    text: String,
    data: CheckerData,
    expect: Value,
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checker")
}

fn load_vectors() -> Vec<Vector> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut vectors = Vec::new();
    for file in files {
        let list: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
        vectors.extend(list.into_iter().map(|v| vector(&file_name, v)));
    }
    vectors
}

fn vector(file: &str, v: Value) -> Vector {
    let name = v["name"].as_str().expect("name").to_owned();
    let repeat = v["repeat"].as_u64().unwrap_or(1) as usize;
    let text = vec![v["text"].as_str().expect("text"); repeat].join("\n");
    let synonyms: BTreeMap<String, Vec<String>> =
        serde_json::from_value(v["synonyms"].clone()).unwrap_or_default();
    // Each negation list of the vector replaces its default, as in rolemap.yaml.
    let mut negation = NegationTerms::default();
    for (key, list) in [
        ("negation_cues", &mut negation.before),
        ("negation_cues_after", &mut negation.after),
        ("negation_stops", &mut negation.stops),
        ("negation_exceptions", &mut negation.exceptions),
        ("double_negation", &mut negation.double),
        ("list_conjunctions", &mut negation.conjunctions),
    ] {
        if let Some(terms) = v.get(key) {
            *list = serde_json::from_value(terms.clone()).unwrap();
        }
    }
    let bands: Vec<Band> = match v.get("bands") {
        Some(bands) => serde_json::from_value(bands.clone()).unwrap(),
        None => Settings::default_bands(),
    };
    let synonyms = Synonyms::new(&synonyms);
    let roles: Vec<CheckRole> = match v.get("roles") {
        Some(roles) => roles
            .as_array()
            .expect("roles")
            .iter()
            .map(|role| check_role(role, &synonyms))
            .collect(),
        None => vec![check_role(&v["role"], &synonyms)],
    };
    Vector {
        file: file.to_owned(),
        name,
        text,
        data: CheckerData {
            settings: Settings::new(&negation, bands),
            roles,
        },
        expect: v["expect"].clone(),
    }
}

/// A role of a vector: `slug`, `title`, `titles` and `skills`, each skill
/// with `id`, `keywords` (strings or `{term, case_sensitive, unless}`),
/// `weight` and `phase`.
fn check_role(role: &Value, synonyms: &Synonyms) -> CheckRole {
    let skills = role["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|skill| {
            let keywords: Vec<Keyword> = skill["keywords"]
                .as_array()
                .expect("keywords")
                .iter()
                .map(|k| match k {
                    Value::String(term) => Keyword {
                        term: term.clone(),
                        case_sensitive: false,
                        unless: Vec::new(),
                    },
                    other => Keyword {
                        term: other["term"].as_str().unwrap().to_owned(),
                        case_sensitive: other["case_sensitive"].as_bool().unwrap_or(false),
                        unless: ids(&other["unless"]),
                    },
                })
                .collect();
            CheckSkill {
                id: skill["id"].as_str().unwrap().to_owned(),
                name: skill["name"].as_str().unwrap_or_default().to_owned(),
                weight: skill["weight"].as_u64().unwrap_or(1) as u8,
                phrases: synonyms.phrases_for(&keywords),
                phase: skill["phase"].as_u64().map(|n| PhaseRef {
                    number: n as u32,
                    title: format!("Phase {n}"),
                    start_month: 1,
                    end_month: 1,
                }),
            }
        })
        .collect();
    let slug = role["slug"].as_str().unwrap_or("t").to_owned();
    let title = role["title"].as_str().unwrap_or("Test role").to_owned();
    let titles: Vec<String> = serde_json::from_value(role["titles"].clone()).unwrap_or_default();
    CheckRole {
        url: format!("roles/{slug}/index.html"),
        titles: title_phrases(std::iter::once(&title).chain(&titles)),
        slug,
        title,
        skills,
    }
}

fn ids(values: &Value) -> Vec<String> {
    values
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn vectors_hold_for_the_rust_matcher_and_checker_js() {
    let vectors = load_vectors();
    assert!(vectors.len() >= 60, "only {} vectors", vectors.len());
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    for v in &vectors {
        let fits = rank(&v.text, &v.data);
        let label = format!("{} / {}", v.file, v.name);
        // The expectations are of the vector's first role, wherever it ranks.
        let fit = &score(&v.text, &v.data.roles[0], &v.data.settings);
        let ranked = fits.iter().find(|f| f.slug == fit.slug).unwrap();
        if (&ranked.met, &ranked.negated, ranked.score) != (&fit.met, &fit.negated, fit.score) {
            failures.push(format!(
                "{label}: rank() and score() disagree on the first role"
            ));
        }
        if let Some(order) = v.expect.get("order") {
            let got: Vec<&str> = fits.iter().map(|f| f.slug.as_str()).collect();
            if got != ids(order) {
                failures.push(format!("{label}: order {got:?}, expected {order}"));
            }
        }
        if let Some(relevance) = v.expect.get("relevance") {
            let got: Vec<u32> = fits.iter().map(|f| f.relevance).collect();
            if serde_json::to_value(&got).unwrap() != *relevance {
                failures.push(format!("{label}: relevance {got:?}, expected {relevance}"));
            }
        }
        let met: Vec<String> = fit.met.iter().map(|m| m.id.clone()).collect();
        if met != ids(&v.expect["met"]) {
            failures.push(format!(
                "{label}: met {met:?}, expected {}",
                v.expect["met"]
            ));
        }
        let negated: Vec<String> = fit.negated.iter().map(|n| n.id.clone()).collect();
        if negated != ids(&v.expect["negated"]) {
            failures.push(format!(
                "{label}: negated {negated:?}, expected {}",
                v.expect["negated"]
            ));
        }
        // A negated skill is a skill to learn (section 10).
        if let Some(stray) = fit
            .negated
            .iter()
            .find(|n| !fit.missing.iter().any(|m| m.id == n.id))
        {
            failures.push(format!("{label}: negated {} is not in missing", stray.id));
        }
        if let Some(missing) = v.expect.get("missing") {
            let got: Vec<&str> = fit.missing.iter().map(|m| m.id.as_str()).collect();
            if got != ids(missing) {
                failures.push(format!("{label}: missing {got:?}, expected {missing}"));
            }
        }
        if let Some(next) = v.expect.get("next_phase") {
            if serde_json::to_value(fit.next_phase).unwrap() != *next {
                failures.push(format!(
                    "{label}: next_phase {:?}, expected {next}",
                    fit.next_phase
                ));
            }
        }
        for (id, want) in v.expect["discounted"].as_object().into_iter().flatten() {
            let got = fit.negated.iter().find(|n| &n.id == id).map(|n| &n.snippet);
            if got.map(String::as_str) != want.as_str() {
                failures.push(format!(
                    "{label}: discounted snippet of {id} is {got:?}, expected {want}"
                ));
            }
        }
        if Some(u64::from(fit.score)) != v.expect["score"].as_u64() {
            failures.push(format!(
                "{label}: score {}, expected {}",
                fit.score, v.expect["score"]
            ));
        }
        if let Some(band) = v.expect["band"].as_str() {
            if fit.band != band {
                failures.push(format!("{label}: band {}, expected {band}", fit.band));
            }
        }
        for (field, expected) in [("terms", "term"), ("snippets", "snippet")] {
            for (id, want) in v.expect[field].as_object().into_iter().flatten() {
                let got = fit.met.iter().find(|m| &m.id == id).map(|m| {
                    if expected == "term" {
                        &m.term
                    } else {
                        &m.snippet
                    }
                });
                if got.map(String::as_str) != want.as_str() {
                    failures.push(format!(
                        "{label}: {expected} of {id} is {got:?}, expected {want}"
                    ));
                }
            }
        }
        cases.push(json!({
            "name": label,
            "text": v.text,
            "data": pack(&v.data.settings, &v.data.roles),
            // As text: a serde_json::Value would sort the keys.
            "rust": serde_json::to_string(&fits).unwrap(),
            "rust_one": serde_json::to_string(fit).unwrap(),
            "expect": {"met": ids(&v.expect["met"]), "negated": ids(&v.expect["negated"]), "score": v.expect["score"], "order": v.expect.get("order")},
        }));
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors fail in Rust:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    run_node(&cases);
}

/// Runs the same cases through checker.js with `node --test`.
fn run_node(cases: &[Value]) {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("WARNING: node is not installed; checker.js was NOT checked against the vectors");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.json");
    std::fs::write(&file, serde_json::to_string(cases).unwrap()).unwrap();
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(vectors_dir().join("parity.test.mjs"))
        .env("ROLEMAP_PARITY_CASES", &file)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "checker.js disagrees:\n{}\n{}",
        stdout
            .lines()
            .filter(|l| !l.trim_start().starts_with('✔'))
            .collect::<Vec<_>>()
            .join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("pass {}", cases.len())),
        "node ran fewer tests than cases:\n{stdout}"
    );
}

/// The matching core is what every visitor downloads before the checker
/// works: it stays within 10 KB gzipped (issue 9's budget).
#[test]
fn the_matching_core_stays_within_its_size_budget() {
    use std::io::Write;
    let source = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/checker.js"),
    )
    .unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&source).unwrap();
    let compressed = gzip.finish().unwrap().len();
    assert!(
        compressed <= 10_000,
        "checker.js is {compressed} bytes gzipped, over its 10,000-byte budget"
    );
}
