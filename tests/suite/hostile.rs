//! The hostile corpus: `tests/hostile/` carries script tags, event handlers,
//! script URLs, `</script>` sequences and HTML entities in every string an
//! author controls. After a build, no page may contain script or a handler
//! that came from content.

use std::path::Path;

use crate::common::{assert_no_executable_content, read, rolemap, snapshot};

#[test]
fn no_content_reaches_a_page_as_code() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("site");
    rolemap(&[
        "build",
        "--root",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
    let pages: Vec<_> = snapshot(&out)
        .into_keys()
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    // The index, 404, checker, compare, two roles and their two categories.
    assert_eq!(pages.len(), 8, "{pages:?}");
    for page in &pages {
        let html = read(&out.join(page));
        assert_no_executable_content(&html);
        // Pages forbid inline script outright, should anything slip through.
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; worker-src 'self'\">"),
            "{}: no CSP",
            page.display()
        );
        // Text keeps its meaning: escaped, not dropped.
        if page.ends_with("roles/hostile/index.html") {
            assert!(html.contains("Hacker &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp;amp; &amp;lt;b&amp;gt;"), "{html}");
            assert!(
                html.contains("href=\"https://example.org/?q=&quot;&gt;&lt;script&gt;"),
                "the resource URL is not escaped"
            );
        }
    }
    // The JSON files carry the text as data, exactly.
    let hostile: serde_json::Value =
        serde_json::from_str(&read(&out.join("roles/hostile/index.json"))).unwrap();
    assert_eq!(
        hostile["skills"][0]["name"],
        "</script><script>alert('skill name')</script>"
    );
}
