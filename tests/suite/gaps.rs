//! `rolemap fit --gaps`: the content-gap report on a folder of CVs and on
//! CSV files, through the real binary.

use std::io::Write;

use serde_json::Value;

use crate::common::{rolemap, TestSite};

const BACKEND: &str = r#"title: Backend Developer
summary: Builds APIs.
skills:
  - id: language
    name: A server language
    keywords: [python]
  - id: sql
    name: SQL databases
    keywords: [postgresql]
phases:
  - title: Start
    duration_months: 3
    skills: [language, sql]
"#;

const DATA: &str = r#"title: Data Engineer
summary: Builds pipelines.
skills:
  - id: processing
    name: Batch processing
    keywords: [hadoop, fastapi]
phases:
  - title: Start
    duration_months: 3
    skills: [processing]
"#;

/// Five backend CVs and three data CVs. Every CV names the same city and
/// writes an e-mail address and a year; English words fill the rest.
fn cvs() -> Vec<String> {
    let backend = [
        "Backend developer with Python and PostgreSQL. Built FastAPI services with Redis caching.",
        "Python engineer: PostgreSQL tuning, Redis queues and FastAPI in production since 2019.",
        "I write Python daily, keep PostgreSQL healthy and cache with Redis for the team.",
        "Python and PostgreSQL for the billing team, plus Celery workers.",
        "Python web services on PostgreSQL, Celery for the jobs, Celery beat for schedules.",
    ];
    let data = [
        "Hadoop pipelines feeding Airflow schedules for the analytics team.",
        "Ran Hadoop clusters; orchestrated them with Airflow every night.",
        "Hadoop and Airflow on premises, with the data in the lake.",
    ];
    backend
        .iter()
        .chain(&data)
        .enumerate()
        .map(|(i, body)| {
            format!(
                "Lives in Zorbaville. Mail: cv{i}@kubermail.example\n{body}\nWorked there in 2021."
            )
        })
        .collect()
}

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("roles/backend.yaml", BACKEND);
    site.write("roles/data.yaml", DATA);
    site
}

fn gaps(site: &TestSite, source: &str, extra: &[&str]) -> crate::common::Run {
    let root = site.root().to_str().unwrap();
    rolemap(&[&["fit", "--root", root, "--gaps", source], extra].concat())
}

fn json(run: &crate::common::Run) -> Value {
    serde_json::from_str(&run.success()).expect("JSON")
}

fn terms(report: &Value, slug: &str) -> Vec<(String, u64, Vec<String>)> {
    let role = report["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == slug)
        .unwrap_or_else(|| panic!("no role {slug} in {report}"));
    role["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["term"].as_str().unwrap().to_owned(),
                t["cvs"].as_u64().unwrap(),
                t["keyword_of"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_folder_of_cvs_gives_the_terms_each_role_lacks() {
    let site = site();
    let folder = site.root().join("cvs");
    for (i, cv) in cvs().iter().enumerate() {
        let extension = if i % 2 == 0 { "txt" } else { "md" };
        site.write(&format!("cvs/{}/cv{i}.{extension}", i % 3), cv);
    }
    site.write("cvs/notes.json", "{\"Redis\": \"not a CV\"}");
    let report = json(&gaps(&site, folder.to_str().unwrap(), &["--json"]));
    assert_eq!(report["cvs"], 8);
    assert_eq!(report["min_cvs"], 3);
    assert_eq!(terms(&report, "backend"), [("Redis".to_owned(), 3, vec![])]);
    assert_eq!(terms(&report, "data"), [("Airflow".to_owned(), 3, vec![])]);

    // FastAPI is a keyword of the data role, which the report names;
    // Celery counts once per CV however often a CV writes it.
    let report = json(&gaps(
        &site,
        folder.to_str().unwrap(),
        &["--json", "--min-cvs", "2"],
    ));
    let backend = terms(&report, "backend");
    assert!(
        backend.contains(&("FastAPI".to_owned(), 2, vec!["data".to_owned()])),
        "{backend:?}"
    );
    assert!(
        backend.contains(&("Celery".to_owned(), 2, vec![])),
        "{backend:?}"
    );

    // English words, numbers, the city every CV names (so it says nothing
    // about one role), e-mail addresses and the file that is not a CV are
    // never terms.
    let report = json(&gaps(
        &site,
        folder.to_str().unwrap(),
        &["--json", "--min-cvs", "1", "--top", "1000"],
    ));
    let all: Vec<String> = ["backend", "data"]
        .iter()
        .flat_map(|slug| terms(&report, slug))
        .map(|(term, _, _)| term.to_lowercase())
        .collect();
    assert!(all.contains(&"redis".to_owned()), "{all:?}");
    for word in [
        "team",
        "the",
        "for",
        "2021",
        "2019",
        "zorbaville",
        "kubermail.example",
        "cv0",
        "mail",
        "python",
        "postgresql",
        "developer",
        "{\"redis\"",
    ] {
        assert!(
            !all.iter()
                .any(|t| t.split([' ', '-']).any(|part| part == word)),
            "{word} in {all:?}"
        );
    }

    let text = gaps(&site, folder.to_str().unwrap(), &["--min-cvs", "2"]).success();
    assert!(
        text.contains("Backend Developer (backend): best role of 5 CVs"),
        "{text}"
    );
    let fastapi = text
        .lines()
        .find(|l| l.contains("FastAPI"))
        .unwrap_or_default();
    assert!(
        fastapi.trim_start().starts_with("2  FastAPI") && fastapi.ends_with("keyword of data"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with(
            "8 CVs read: 8 ranked, 0 matched no role; 4 terms missing from 2 roles (each used by at least 2 of the role's CVs)"
        ),
        "{text}"
    );
}

fn write_csv(path: &std::path::Path, header: &str, cvs: &[String], gzip: bool) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["Category", header]).unwrap();
    for cv in cvs {
        writer.write_record(["x", cv.as_str()]).unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    let file = std::fs::File::create(path).unwrap();
    if gzip {
        let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        encoder.write_all(&bytes).unwrap();
        encoder.finish().unwrap();
    } else {
        (&file).write_all(&bytes).unwrap();
    }
}

#[test]
fn csv_files_plain_or_gzipped_give_the_same_report() {
    let site = site();
    let mut cvs = cvs();
    // Exact duplicates count once.
    cvs.push(cvs[0].clone());
    let plain = site.root().join("cvs.csv");
    let gzipped = site.root().join("cvs.csv.gz");
    write_csv(&plain, "Resume_str", &cvs, false);
    write_csv(&gzipped, "Resume_str", &cvs, true);
    let a = json(&gaps(&site, plain.to_str().unwrap(), &["--json"]));
    let b = json(&gaps(&site, gzipped.to_str().unwrap(), &["--json"]));
    assert_eq!(a, b);
    assert_eq!(
        (a["cvs"].as_u64(), a["duplicates"].as_u64()),
        (Some(9), Some(1))
    );
    assert_eq!(terms(&a, "data"), [("Airflow".to_owned(), 3, vec![])]);

    // Another column name is given with --column; a wrong one is named.
    let other = site.root().join("other.csv");
    write_csv(&other, "body", &cvs, false);
    let stderr = gaps(&site, other.to_str().unwrap(), &[]).failure();
    assert!(stderr.contains("has no column named resume"), "{stderr}");
    assert!(
        stderr.contains("Category, body") && stderr.contains("--column"),
        "{stderr}"
    );
    let c = json(&gaps(
        &site,
        other.to_str().unwrap(),
        &["--json", "--column", "body"],
    ));
    assert_eq!(a, c);
}

#[test]
fn what_is_not_a_collection_is_refused_with_a_hint() {
    let site = site();
    site.write("cv.txt", "Python");
    let stderr = gaps(&site, site.root().join("cv.txt").to_str().unwrap(), &[]).failure();
    assert!(
        stderr.contains("is not a folder of CVs or a .csv"),
        "{stderr}"
    );
    assert!(
        stderr.contains("give a folder of .txt, .md, .pdf or .docx CVs"),
        "{stderr}"
    );
    let stderr = gaps(&site, site.root().join("nothing").to_str().unwrap(), &[]).failure();
    assert!(stderr.contains("cannot read"), "{stderr}");
    // A CV file over 10 MB is named, not read.
    site.write("big/cv.txt", &"Python ".repeat(1_600_000));
    let stderr = gaps(&site, site.root().join("big").to_str().unwrap(), &[]).failure();
    assert!(stderr.contains("up to 10 MB"), "{stderr}");
    let root = site.root().to_str().unwrap();
    let stderr = rolemap(&["fit", "--root", root, "--min-cvs", "2"]).stderr();
    assert!(stderr.contains("--gaps"), "{stderr}");
}

#[test]
fn a_folder_reads_pdf_cvs_and_names_one_it_cannot_read() {
    let site = site();
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cv/cv.pdf")).unwrap();
    let folder = site.root().join("cvs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("printed.pdf"), &pdf).unwrap();
    site.write("cvs/plain.txt", &cvs()[0]);
    let report = json(&gaps(&site, folder.to_str().unwrap(), &["--json"]));
    assert_eq!(report["cvs"], 2);

    std::fs::write(folder.join("broken.pdf"), b"%PDF-1.7 not really").unwrap();
    let stderr = gaps(&site, folder.to_str().unwrap(), &[]).failure();
    assert!(stderr.contains("broken.pdf"), "{stderr}");
}
