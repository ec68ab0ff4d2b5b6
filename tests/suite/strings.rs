//! The interface text in the site's language (src/i18n.rs): the shipped
//! tables, a site's own `i18n/<lang>.yaml`, and the problems in one.

use std::path::Path;

use crate::common::{read, role_yaml, TestSite};

const GERMAN: &str = "title: Berufswege\ndescription: Wege in neue Berufe.\nlanguage: de\n";

/// A German site with two roles in one category.
fn german_site() -> TestSite {
    let site = TestSite::new();
    site.write("rolemap.yaml", GERMAN)
        .write(
            "roles/a.yaml",
            &role_yaml("Datenbankprofi", "").replace("2026-10-01", "2026-11-01"),
        )
        .write(
            "roles/b.yaml",
            &role_yaml("Netzwerkprofi", "related: [a]\n"),
        );
    site
}

/// Every text of the English table, placeholders cut out: the pieces a
/// translated page must not show.
fn english_pieces() -> Vec<String> {
    let table: serde_yaml::Mapping = serde_yaml::from_str(
        &std::fs::read_to_string("themes/default/i18n/en.yaml").expect("en.yaml"),
    )
    .expect("en.yaml is a mapping");
    let mut texts = Vec::new();
    for (_, value) in table {
        match value {
            serde_yaml::Value::String(text) => texts.push(text),
            serde_yaml::Value::Mapping(forms) => {
                texts.extend(forms.values().filter_map(|v| v.as_str().map(str::to_owned)))
            }
            _ => {}
        }
    }
    let mut pieces: Vec<String> = texts
        .iter()
        .flat_map(|text| {
            text.split(['{', '}'])
                .step_by(2)
                .map(|piece| piece.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|piece| piece.chars().count() > 12)
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

/// A page's HTML with the five escapes undone.
fn unescaped(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn a_german_site_has_german_pages() {
    let site = german_site();
    site.build(&[]).success();
    let index = site.read_output("index.html");
    assert!(index.contains("<html lang=\"de\">"), "{index}");
    assert!(index.contains("<h2 id=\"categories-title\">Berufe nach Kategorie</h2>"));
    assert!(index.contains("2 Berufe in 1 Kategorie"), "plural counts");
    let role = site.read_output("roles/a/index.html");
    assert!(role.contains("<h2 id=\"roadmap-title\">Lernpfad</h2>"));
    assert!(role.contains(">Meinen Fortschritt in einer Datei speichern</button>"));
    assert!(role.contains("<time datetime=\"2026-11-01\">1. Nov. 2026</time>"));
    assert!(
        role.contains("data-msg-summary-many=\"Sie zeigen {met} von {n} Schlüsselkompetenzen.\"")
    );
    assert!(role.contains("<span data-phase-duration>3 Monate</span>"));
    // The default score bands are interface text; their limits stay.
    assert!(role.contains("\"label\":\"fast bereit\"") && !role.contains("nearly ready"));
    let checker = site.read_output("checker/index.html");
    assert!(checker.contains("<h1>Wie bereit sind Sie?</h1>"));
}

#[test]
fn no_english_interface_text_is_left_on_german_pages() {
    let site = german_site();
    site.build(&[]).success();
    let pieces = english_pieces();
    assert!(pieces.len() > 100, "{} pieces", pieces.len());
    for page in [
        "index.html",
        "404.html",
        "checker/index.html",
        "compare/index.html",
        "categories/engineering/index.html",
        "roles/a/index.html",
        "roles/b/index.html",
    ] {
        let html = unescaped(&site.read_output(page));
        let left: Vec<&String> = pieces
            .iter()
            .filter(|piece| html.contains(piece.as_str()))
            .collect();
        assert!(left.is_empty(), "{page} shows English: {left:?}");
    }
}

#[test]
fn numbers_are_grouped_in_the_site_language() {
    let site = german_site();
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"n\">{{ 1234567 | num }} · {{ t.count_roles | fill(n=1234) }} · {{ \"2026-03-09\" | date }}</p>{% endblock content %}",
    );
    site.build(&[]).success();
    let page = site.read_output("404.html");
    assert!(
        page.contains("<p id=\"n\">1.234.567 · 1.234 Berufe · 9. März 2026</p>"),
        "{page}"
    );
}

#[test]
fn a_site_table_overrides_one_string() {
    let site = german_site();
    site.write(
        "i18n/de.yaml",
        "title: Karrieren\nstrings:\n  nav_checker: Lebenslauf-Check\n",
    );
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr().contains("interface text"), "{}", run.stderr());
    let index = site.read_output("index.html");
    assert!(index.contains(">Lebenslauf-Check</a>"), "{index}");
    assert!(index.contains("<h2 id=\"roles-title\">Alle Berufe</h2>"));
}

#[test]
fn an_unknown_key_is_an_error_at_the_key_with_a_hint() {
    let site = german_site();
    site.write(
        "i18n/de.yaml",
        "strings:\n  nav_home: Start\n  nav_chekcer: Prüfen\n",
    );
    let stderr = site.build(&[]).failure();
    assert!(
        stderr.contains("'nav_chekcer' is not a key of the strings table")
            && stderr.contains("did you mean 'nav_checker'?")
            && stderr.contains("[i18n/de.yaml:3:3]"),
        "{stderr}"
    );
}

#[test]
fn values_of_the_wrong_shape_are_errors() {
    let cases = [
        ("  count_roles: Berufe\n", "must be a plural"),
        ("  nav_home: {one: a, other: b}\n", "must be a text"),
        (
            "  count_roles: {one: a}\n",
            "needs exactly `one` and `other`",
        ),
        (
            "  nav_home: \"Start {seite}\"\n",
            "the placeholder(s) {seite}",
        ),
        ("  months: [Jan, Feb]\n", "it needs the 12 months"),
        ("  nav_home: 42\n", "must be text"),
    ];
    for (line, message) in cases {
        let site = german_site();
        site.write("i18n/de.yaml", &format!("strings:\n{line}"));
        let stderr = site.build(&[]).failure();
        assert!(
            stderr.contains(message) && stderr.contains("[i18n/de.yaml:2:3]"),
            "{line}: {stderr}"
        );
    }
    let site = german_site();
    site.write("i18n/de.yaml", "titel: Karrieren\n");
    let stderr = site.build(&[]).failure();
    assert!(stderr.contains("did you mean 'title'?"), "{stderr}");
}

#[test]
fn a_language_without_a_table_is_english_with_a_warning() {
    let site = german_site();
    site.write(
        "rolemap.yaml",
        &GERMAN.replace("language: de", "language: nl"),
    );
    let run = site.build(&[]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("no interface text in 'nl'") && stderr.contains("i18n/nl.yaml"),
        "{stderr}"
    );
    assert!(site
        .read_output("index.html")
        .contains(">Roles by category</h2>"));
    // A partial table: one warning naming what is missing.
    site.write(
        "i18n/nl.yaml",
        "strings:\n  nav_home: Start\n  list_by_category: Beroepen per categorie\n",
    );
    let run = site.build(&[]);
    run.success();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("lacks").count(), 1, "{stderr}");
    let english = read(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/i18n/en.yaml"
    )));
    let keys = english
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .count();
    assert!(
        stderr.contains(&format!(
            "the interface text in 'nl' lacks {} key(s)",
            keys - 2
        )) && stderr.contains("checker_all_shown"),
        "{stderr}"
    );
    assert!(site
        .read_output("index.html")
        .contains(">Beroepen per categorie</h2>"));
}

#[test]
fn an_edited_table_is_noticed_by_a_repeat_build() {
    let site = german_site();
    site.write("i18n/de.yaml", "strings:\n  nav_checker: Erste Fassung\n");
    site.build(&[]).success();
    site.write("i18n/de.yaml", "strings:\n  nav_checker: Zweite Fassung\n");
    site.build(&[]).success();
    assert!(site
        .read_output("index.html")
        .contains(">Zweite Fassung</a>"));
}
