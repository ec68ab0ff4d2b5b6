//! Sites in several languages: `languages` in rolemap.yaml,
//! `roles/<name>.<lang>.yaml` translations, pages under `<lang>/`.

use std::path::Path;

use crate::common::{read, role_yaml, rolemap, TestSite};

/// The two-language fixture site, `tests/sites/bilingual/`.
fn bilingual() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sites/bilingual"
    ))
}

/// Builds the fixture into a temporary folder; returns it and the run's stderr.
fn build_bilingual() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let run = rolemap(&[
        "build",
        "--root",
        bilingual().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    run.success();
    (out, run.stderr())
}

#[test]
fn each_language_has_its_pages_under_its_folder() {
    let (out, stderr) = build_bilingual();
    let dist = out.path();
    let english = read(&dist.join("roles/backend-developer/index.html"));
    let german = read(&dist.join("de/roles/backend-developer/index.html"));
    assert!(english.contains("<html lang=\"en\">"));
    assert!(german.contains("<html lang=\"de\">"));
    assert!(
        german.contains("<h1>Backend-Entwickler/in</h1>"),
        "the translation's text"
    );
    // Every page of the default language has its German twin.
    for page in [
        "index.html",
        "404.html",
        "checker/index.html",
        "compare/index.html",
        "roles/data-engineer/index.html",
        "data/checker.js",
        "data/search.js",
        "data/roles.json",
        "roles/backend-developer/index.json",
    ] {
        assert!(dist.join(page).is_file(), "{page}");
        assert!(dist.join("de").join(page).is_file(), "de/{page}");
    }
    // Shared files are not copied per language.
    assert!(!dist.join("de/assets").exists());
    assert!(!dist.join("de/robots.txt").exists());
    // The role without a translation is named, with the file to add.
    assert!(
        stderr.contains("role 'data-engineer' has no translation into de")
            && stderr.contains("roles/data-engineer.de.yaml"),
        "{stderr}"
    );
    // German data carries the German text, for the checker and the API.
    let data = read(&dist.join("de/data/roles.json"));
    assert!(data.contains("Backend-Entwickler/in"));
    assert!(data.contains("https://careers.example.org/de/roles/backend-developer/"));
}

#[test]
fn pages_name_their_translations_and_a_switcher_leads_to_them() {
    let (out, _) = build_bilingual();
    let dist = out.path();
    let english = read(&dist.join("roles/backend-developer/index.html"));
    let german = read(&dist.join("de/roles/backend-developer/index.html"));
    for page in [&english, &german] {
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="en" href="https://careers.example.org/roles/backend-developer/">"#
        ));
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="de" href="https://careers.example.org/de/roles/backend-developer/">"#
        ));
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="x-default" href="https://careers.example.org/roles/backend-developer/">"#
        ));
    }
    assert!(german.contains(
        r#"<link rel="canonical" href="https://careers.example.org/de/roles/backend-developer/">"#
    ));
    // The switcher: relative links to the same page in each language.
    assert!(english.contains(
        r#"<a href="../../de/roles/backend-developer/index.html" hreflang="de" lang="de">"#
    ));
    assert!(german.contains(
        r#"<a href="../../../roles/backend-developer/index.html" hreflang="en" lang="en">"#
    ));
    assert!(german.contains(r#"hreflang="de" lang="de" aria-current="true">"#));
    // Assets are shared, pages and the feed are the language's own.
    assert!(german.contains(r#"href="../../../assets/style.css""#));
    assert!(german.contains(
        r#"type="application/atom+xml" title="Karrierewege" href="../../../de/atom.xml""#
    ));
    // An untranslated role's German page is the English page's duplicate:
    // its canonical address is the English page, and it claims no alternates.
    let fallback = read(&dist.join("de/roles/data-engineer/index.html"));
    assert!(fallback.contains(
        r#"<link rel="canonical" href="https://careers.example.org/roles/data-engineer/">"#
    ));
    assert!(!fallback.contains("hreflang=\"x-default\""));
    // The 404 page's switcher leads to each language's home page.
    let not_found = read(&dist.join("de/404.html"));
    assert!(
        not_found.contains(r#"<a href="/" hreflang="en" lang="en">"#),
        "{not_found}"
    );
    assert!(not_found.contains(r#"<a href="/de/" hreflang="de" lang="de" aria-current="true">"#));
}

#[test]
fn the_sitemap_lists_every_language_but_not_duplicates() {
    let (out, _) = build_bilingual();
    let sitemap = read(&out.path().join("sitemap.xml"));
    for url in [
        "https://careers.example.org/",
        "https://careers.example.org/de/",
        "https://careers.example.org/roles/data-engineer/",
        "https://careers.example.org/de/roles/backend-developer/",
        "https://careers.example.org/de/checker/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    assert!(!sitemap.contains("/de/roles/data-engineer/"));
    let robots = read(&out.path().join("robots.txt"));
    assert!(robots.contains("Sitemap: https://careers.example.org/sitemap.xml"));
}

#[test]
fn fit_scores_a_language_as_its_pages_do() {
    let root = bilingual().to_str().unwrap();
    let cv = std::env::temp_dir().join(format!("rolemap-fit-de-{}.txt", std::process::id()));
    std::fs::write(&cv, "Java, SQL, Docker, REST, Git").unwrap();
    let cv_path = cv.to_str().unwrap();
    let german = rolemap(&["fit", "--root", root, "--lang", "de", cv_path]).success();
    let english = rolemap(&["fit", "--root", root, cv_path]).success();
    let unknown = rolemap(&["fit", "--root", root, "--lang", "fr", cv_path]).failure();
    std::fs::remove_file(&cv).unwrap();
    assert!(
        german.contains("Backend-Entwickler/in (backend-developer)"),
        "{german}"
    );
    assert!(
        english.contains("Backend Developer (backend-developer)"),
        "{english}"
    );
    assert!(
        unknown.contains("the site has no language 'fr'; it has en, de"),
        "{unknown}"
    );
}

#[test]
fn a_translation_keeps_its_roles_progress_keys() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    let milestones = |first: &str, second: &str| format!("    milestones: [{first}, {second}]\n");
    let english = role_yaml("Role A", "").replacen(
        "    skills: [one]\n",
        &format!(
            "    skills: [one]\n{}",
            milestones("Ship a thing", "Write it up")
        ),
        1,
    );
    site.write("roles/a.yaml", &english);
    let german = role_yaml("Rolle A", "")
        .replace("title: Start", "title: Anfang")
        .replacen(
            "    skills: [one]\n",
            &format!(
                "    skills: [one]\n{}",
                milestones("Etwas ausliefern", "Es aufschreiben")
            ),
            1,
        );
    site.write("roles/a.de.yaml", &german);
    site.build(&[]).success();
    // Phase keys (data-phase) and milestone keys (value="milestone:…").
    let keys = |html: &str| -> Vec<String> {
        ["data-phase=\"", "value=\"milestone:"]
            .iter()
            .flat_map(|start| {
                html.match_indices(start).map(move |(at, _)| {
                    html[at + start.len()..]
                        .split('"')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
            })
            .collect()
    };
    let english = keys(&site.read_output("roles/a/index.html"));
    assert!(!english.is_empty());
    assert_eq!(keys(&site.read_output("de/roles/a/index.html")), english);
}

#[test]
fn a_translation_that_drifts_from_its_role_is_warned_about() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    site.write("roles/a.yaml", &role_yaml("Role A", ""));
    let german = role_yaml("Rolle A", "").replace("duration_months: 3", "duration_months: 5");
    site.write("roles/a.de.yaml", &german);
    let stderr = site.build(&[]).stderr();
    assert!(
        stderr.contains("phase 1 lasts 5 months here and 3 in the default language"),
        "{stderr}"
    );
}

#[test]
fn a_translation_older_than_its_role_is_warned_about() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    site.write(
        "roles/a.yaml",
        &role_yaml("Role A", "").replace("updated: 2026-10-01", "updated: 2026-11-20"),
    );
    site.write("roles/a.de.yaml", &role_yaml("Rolle A", ""));
    let stderr = site.build(&[]).stderr();
    assert!(
        stderr.contains("this translation was updated 2026-10-01, role 'a' since, 2026-11-20"),
        "{stderr}"
    );
    assert!(stderr.contains("[roles/a.de.yaml:4:10]"), "{stderr}");
}

#[test]
fn new_with_a_language_starts_a_translation_from_the_role() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    site.write("roles/team/a.yaml", &role_yaml("Role A", ""));
    let root = site.root().to_str().unwrap();
    let said = rolemap(&["new", "a", "--lang", "de", "--root", root]).success();
    assert!(said.contains("created"), "{said}");
    let translation = read(&site.root().join("roles/team/a.de.yaml"));
    assert!(translation.starts_with("# The 'de' translation of a.yaml"));
    assert!(translation.ends_with(&role_yaml("Role A", "")));
    // As written it is a valid translation: the build says of it only what
    // it says of its role (a role without FAQs).
    let stderr = site.build(&[]).stderr();
    assert_eq!(
        stderr.matches("a.de.yaml").count(),
        stderr.matches("roles/team/a.yaml").count(),
        "{stderr}"
    );
    // Never over a file, never without a role, never in a made-up language.
    let again = rolemap(&["new", "a", "--lang", "de", "--root", root]).failure();
    assert!(again.contains("already exists"), "{again}");
    let missing = rolemap(&["new", "b", "--lang", "de", "--root", root]).failure();
    assert!(
        missing.contains("there is no roles/b.yaml to translate"),
        "{missing}"
    );
    let bad = rolemap(&["new", "a", "--lang", "Deutsch", "--root", root]).failure();
    assert!(bad.contains("'Deutsch' is not a language tag"), "{bad}");
}

#[test]
fn a_site_without_a_title_is_named_in_each_language() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    site.role("a", "Role A");
    let stderr = site.build(&[]).stderr();
    assert!(site
        .read_output("index.html")
        .contains("<title>Career roadmaps</title>"));
    let german = site.read_output("de/index.html");
    assert!(german.contains("<title>Karrierewege</title>"), "{german}");
    assert!(german.contains("Wie Sie den Beruf erreichen"));
    // Nothing to translate, so nothing to warn about.
    assert!(!stderr.contains("i18n/de.yaml"), "{stderr}");
    // A title the site gives is its own: German pages warn until it is translated.
    site.write("rolemap.yaml", "title: Acme careers\nlanguages: [en, de]\n");
    let stderr = site.build(&[]).stderr();
    assert!(
        stderr.contains("the site's title or description has no 'de' translation"),
        "{stderr}"
    );
}

#[test]
fn every_switcher_link_and_alternate_leads_to_a_page() {
    let (out, _) = build_bilingual();
    let dist = out.path();
    let base = "https://careers.example.org/";
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(dist) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if name != "index.html" {
            continue;
        }
        let html = read(entry.path());
        let nav = html
            .split("class=\"site-nav language-nav\"")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or_else(|| panic!("no switcher on {}", entry.path().display()));
        let folder = entry.path().parent().unwrap();
        for href in nav
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            assert!(
                folder.join(href).is_file(),
                "{}: the switcher's {href} leads nowhere",
                entry.path().display()
            );
            checked += 1;
        }
        for alternate in html.split("hreflang=\"").skip(1) {
            let Some(url) = alternate
                .split("href=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
            else {
                continue;
            };
            if let Some(path) = url.strip_prefix(base) {
                assert!(
                    dist.join(path).join("index.html").is_file() || dist.join(path).is_file(),
                    "{}: the alternate {url} leads nowhere",
                    entry.path().display()
                );
            }
        }
    }
    assert!(checked > 20, "{checked}");
    // A translated category keeps its address, shown in the language.
    let german = read(&dist.join("de/categories/software-development/index.html"));
    assert!(german.contains("<h1>Softwareentwicklung</h1>"), "{german}");
}

#[test]
fn a_language_without_a_table_is_named_by_its_tag() {
    let site = TestSite::new();
    site.write("rolemap.yaml", "languages: [en, nl]\n");
    site.role("a", "Role A");
    site.build(&[]).success();
    let index = site.read_output("index.html");
    assert!(
        index.contains(r#"hreflang="nl" lang="nl">nl</a>"#),
        "{index}"
    );
    assert!(index.contains(r#"hreflang="en" lang="en" aria-current="true">English</a>"#));
}
