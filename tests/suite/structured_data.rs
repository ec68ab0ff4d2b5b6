//! Structured data: every page's schema.org JSON-LD, parsed as a search
//! engine reads it.

use serde_json::Value;

use crate::common::{assert_no_executable_content, json_ld, role_yaml, TestSite};

/// The nodes of a page's one JSON-LD block, by `@type`.
fn nodes(html: &str) -> Vec<Value> {
    let blocks = json_ld(html);
    assert_eq!(blocks.len(), 1, "one JSON-LD block per page:\n{html}");
    assert_eq!(blocks[0]["@context"], "https://schema.org");
    blocks[0]["@graph"].as_array().expect("a @graph").to_owned()
}

fn node<'n>(nodes: &'n [Value], kind: &str) -> &'n Value {
    nodes
        .iter()
        .find(|node| node["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {nodes:#?}"))
}

/// The `field` of every element of the array `list`.
fn each<'v>(list: &'v Value, field: &str) -> Vec<&'v Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|item| &item[field])
        .collect()
}

const EXTRA: &str = r#"titles: [Role Person, Doer of X]
faqs:
  - question: Is it hard?
    answer: "Not **very**: see [the roadmap](#roadmap)."
  - question: How long?
    answer: Seven months.
"#;

#[test]
fn role_and_index_pages_describe_themselves_in_json_ld() {
    let site = TestSite::new();
    site.write("roles/x.yaml", &role_yaml("Role X", EXTRA))
        .role("y", "Role Y")
        .write("rolemap.yaml", "title: Careers\n");
    site.build(&["--base-url", "https://example.org/jobs/"])
        .success();

    let role = nodes(&site.read_output("roles/x/index.html"));
    let occupation = node(&role, "Occupation");
    assert_eq!(occupation["name"], "Role X");
    assert_eq!(occupation["description"], "Builds things that matter.");
    assert_eq!(
        occupation["skills"],
        serde_json::json!(["Skill one", "Skill two"])
    );
    assert_eq!(
        occupation["alternateName"],
        serde_json::json!(["Role Person", "Doer of X"])
    );
    assert_eq!(occupation["occupationalCategory"], "Engineering");
    assert_eq!(occupation["url"], "https://example.org/jobs/roles/x/");
    // The time to learn: the roadmap as a HowTo about the occupation.
    let roadmap = node(&role, "HowTo");
    assert_eq!(roadmap["about"]["@id"], occupation["@id"]);
    assert_eq!(roadmap["totalTime"], "P7M");
    assert_eq!(each(&roadmap["step"], "timeRequired"), ["P3M", "P4M"]);

    let faq = node(&role, "FAQPage");
    assert_eq!(each(&faq["mainEntity"], "@type"), ["Question", "Question"]);
    assert_eq!(
        each(&faq["mainEntity"], "name"),
        ["Is it hard?", "How long?"]
    );
    let answers: Vec<&Value> = each(&faq["mainEntity"], "acceptedAnswer");
    assert_eq!(
        each(&serde_json::json!(answers), "@type"),
        ["Answer", "Answer"]
    );
    assert_eq!(
        answers[0]["text"],
        "<p>Not <strong>very</strong>: see <a href=\"#roadmap\">the roadmap</a>.</p>"
    );

    let trail = &node(&role, "BreadcrumbList")["itemListElement"];
    assert_eq!(each(trail, "position"), [1, 2, 3]);
    assert_eq!(each(trail, "name"), ["Careers", "Engineering", "Role X"]);
    assert_eq!(
        each(trail, "item"),
        [
            "https://example.org/jobs/",
            "https://example.org/jobs/categories/engineering/",
            "https://example.org/jobs/roles/x/"
        ]
    );

    // A role without FAQs has no FAQPage.
    let plain = nodes(&site.read_output("roles/y/index.html"));
    assert!(
        plain.iter().all(|node| node["@type"] != "FAQPage"),
        "{plain:#?}"
    );
    assert!(node(&plain, "Occupation").get("alternateName").is_none());

    let index = nodes(&site.read_output("index.html"));
    let list = &node(&index, "ItemList")["itemListElement"];
    assert_eq!(each(list, "position"), [1, 2]);
    assert_eq!(each(list, "name"), ["Role X", "Role Y"]);
    assert_eq!(
        each(list, "item"),
        [
            "https://example.org/jobs/roles/x/",
            "https://example.org/jobs/roles/y/"
        ]
    );
    // The checker and 404 pages carry none.
    for page in ["checker/index.html", "404.html"] {
        assert!(json_ld(&site.read_output(page)).is_empty(), "{page}");
    }
}

#[test]
fn without_a_host_structured_data_uses_paths_from_the_root() {
    let site = TestSite::new();
    site.role("a", "A").role("b", "B").role("c", "C");
    site.build(&["--base-url", "/careers/"]).success();
    let index = nodes(&site.read_output("index.html"));
    let list = &node(&index, "ItemList")["itemListElement"];
    assert_eq!(each(list, "position"), [1, 2, 3], "one item per role");
    assert_eq!(
        each(list, "item"),
        [
            "/careers/roles/a/",
            "/careers/roles/b/",
            "/careers/roles/c/"
        ]
    );
    let role = nodes(&site.read_output("roles/b/index.html"));
    let trail = &node(&role, "BreadcrumbList")["itemListElement"];
    assert_eq!(
        each(trail, "item"),
        [
            "/careers/",
            "/careers/categories/engineering/",
            "/careers/roles/b/"
        ]
    );
}

#[test]
fn content_cannot_break_out_of_the_json_ld() {
    let attack = "</script><script>alert(1)</script>";
    let site = TestSite::new();
    let role = role_yaml(
        &format!("\"Role {attack}\""),
        &format!("faqs:\n  - question: \"Why {attack}?\"\n    answer: \"Because.\"\n"),
    )
    .replace("name: Skill one", &format!("name: \"{attack} & <!--\""));
    site.write("roles/x.yaml", &role);
    site.build(&[]).success();
    for page in ["roles/x/index.html", "index.html"] {
        let html = site.read_output(page);
        assert_no_executable_content(&html);
        assert!(!html.contains("<script>alert(1)"), "{page}:\n{html}");
    }
    let role = nodes(&site.read_output("roles/x/index.html"));
    let occupation = node(&role, "Occupation");
    assert_eq!(occupation["name"], format!("Role {attack}"));
    assert_eq!(occupation["skills"][0], format!("{attack} & <!--"));
    assert_eq!(
        node(&role, "FAQPage")["mainEntity"][0]["name"],
        format!("Why {attack}?")
    );
    let index = nodes(&site.read_output("index.html"));
    assert_eq!(
        node(&index, "ItemList")["itemListElement"][0]["name"],
        format!("Role {attack}")
    );
}
