//! `rolemap schema`: the printed JSON Schemas accept every shipped file and
//! reject what the loader rejects.

use std::path::Path;

use crate::common::{read, role_yaml, rolemap};
use serde_json::Value;

fn schema(which: &str) -> jsonschema::Validator {
    let json: Value = serde_json::from_str(&rolemap(&["schema", which]).success()).unwrap();
    assert_eq!(
        json["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&json).expect("a valid schema")
}

fn yaml_to_json(text: &str) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(yaml).unwrap()
}

#[test]
fn every_shipped_file_matches_the_printed_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let role = schema("role");
    let mut checked = 0;
    for entry in std::fs::read_dir(repo.join("roles")).unwrap() {
        let path = entry.unwrap().path();
        let errors: Vec<String> = role
            .iter_errors(&yaml_to_json(&read(&path)))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 15);
    let config = schema("config");
    assert!(config.is_valid(&yaml_to_json(&read(&repo.join("rolemap.yaml")))));
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let role = schema("role");
    let good = yaml_to_json(&role_yaml("X", ""));
    assert!(role.is_valid(&good));
    // The first skill's keywords replaced by `list`.
    let keywords = |list: &str| role_yaml("X", "").replace("keywords: [alphadb]", list);
    let with_false_friends =
        keywords("keywords: [{term: Oracle, case_sensitive: true, unless: [VirtualBox]}]");
    assert!(role.is_valid(&yaml_to_json(&with_false_friends)));
    let too_many = format!(
        "keywords: [{{term: Oracle, unless: [{}]}}]",
        ["x"; 17].join(", ")
    );
    for (name, bad) in [
        (
            "weight 6",
            role_yaml("X", "").replace("weight: 3", "weight: 6"),
        ),
        ("unknown key", role_yaml("X", "skils: []\n")),
        (
            "duration 0",
            role_yaml("X", "").replace("duration_months: 3", "duration_months: 0"),
        ),
        ("bad slug", role_yaml("X", "slug: Not A Slug\n")),
        (
            "missing summary",
            role_yaml("X", "").replace("summary: Builds **things** that matter.\n", ""),
        ),
        (
            "keyword option typo",
            keywords("keywords: [{term: Go, case_sensitiv: true}]"),
        ),
        (
            "empty false friend",
            keywords("keywords: [{term: Oracle, unless: [\"\"]}]"),
        ),
        (
            "false friends not a list",
            keywords("keywords: [{term: Oracle, unless: VirtualBox}]"),
        ),
        ("too many false friends", keywords(&too_many)),
    ] {
        assert!(
            !role.is_valid(&yaml_to_json(&bad)),
            "{name} passed the schema"
        );
    }
    let config = schema("config");
    assert!(!config.is_valid(&yaml_to_json("base_ulr: https://example.org/\n")));
}

#[test]
fn init_points_editors_at_the_schemas() {
    let dir = tempfile::tempdir().unwrap();
    rolemap(&["init", dir.path().to_str().unwrap()]).success();
    let role = read(&dir.path().join("roles/example-role.yaml"));
    assert!(
        role.starts_with("# yaml-language-server: $schema=../schema/role.schema.json\n"),
        "{role}"
    );
    let config = read(&dir.path().join("rolemap.yaml"));
    assert!(config.starts_with("# yaml-language-server: $schema=schema/rolemap.schema.json\n"));
    let written: Value =
        serde_json::from_str(&read(&dir.path().join("schema/role.schema.json"))).unwrap();
    let printed: Value = serde_json::from_str(&rolemap(&["schema", "role"]).success()).unwrap();
    assert_eq!(written, printed);
    assert!(jsonschema::draft202012::new(&written)
        .unwrap()
        .is_valid(&yaml_to_json(&role)));
}
