//! Helpers shared by the integration tests: temporary sites and the real binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A site in a temporary folder.
pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// An empty site folder with a `roles/` folder.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("roles")).expect("roles dir");
        TestSite { dir }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the site root, creating folders.
    pub fn write(&self, relative: &str, contents: &str) -> &Self {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Writes `roles/<slug>.yaml` with a valid role.
    pub fn role(&self, slug: &str, title: &str) -> &Self {
        self.write(&format!("roles/{slug}.yaml"), &role_yaml(title, ""))
    }

    /// Runs `rolemap build --root <site>` plus `args`.
    pub fn build(&self, args: &[&str]) -> Run {
        rolemap(&[&["build", "--root", self.root().to_str().unwrap()], args].concat())
    }

    /// A file of the default output folder.
    pub fn read_output(&self, relative: &str) -> String {
        read(&self.root().join("dist").join(relative))
    }

    /// The packed checker data of `data/checker.js` (docs/checker.md,
    /// section 11), with every phrase index replaced by its phrase.
    pub fn checker_data(&self) -> serde_json::Value {
        let script = self.read_output("data/checker.js");
        let json = script
            .strip_prefix("globalThis.rolemapCheckerData=")
            .and_then(|rest| rest.strip_suffix(";\n"))
            .expect("data/checker.js is one assignment of the data");
        unpacked(serde_json::from_str(json).expect("data/checker.js holds JSON"))
    }

    /// Path of the default output folder.
    pub fn dist(&self) -> PathBuf {
        self.root().join("dist")
    }
}

/// A finished run of the binary.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Asserts success and returns stdout.
    pub fn success(&self) -> String {
        assert_eq!(
            self.code(),
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    /// Asserts exit code 1 without a panic and returns stderr.
    pub fn failure(&self) -> String {
        let stderr = self.stderr();
        assert!(
            !stderr.contains("panicked"),
            "the binary panicked:\n{stderr}"
        );
        assert_eq!(
            self.code(),
            Some(1),
            "expected exit 1\nstdout:\n{}\nstderr:\n{stderr}",
            self.stdout()
        );
        stderr
    }
}

/// Runs the real `rolemap` binary.
pub fn rolemap(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rolemap");
    Run { output }
}

/// Reads a UTF-8 file, with its path in the panic message.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// Every file under `dir` with its bytes, for comparing trees. A file that
/// vanishes while it is read (a watcher renaming over it) is left out, so
/// the snapshot differs and a polling caller looks again.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(dir).ok()?.to_path_buf();
            Some((relative, std::fs::read(entry.path()).ok()?))
        })
        .collect()
}

/// A valid role file; `extra` is appended as more top-level keys.
pub fn role_yaml(title: &str, extra: &str) -> String {
    format!(
        r#"title: {title}
category: Engineering
summary: Builds **things** that matter.
updated: 2026-10-01
skills:
  - id: one
    name: Skill one
    weight: 3
    keywords: [alphadb]
  - id: two
    name: Skill two
    keywords: [beta]
phases:
  - title: Start
    duration_months: 3
    skills: [one]
  - title: Finish
    duration_months: 4
    skills: [two]
{extra}"#
    )
}

/// `href` and `src` attribute values in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// No script from content in a page: the only script elements are the
/// theme's classic scripts, the shared checker data, embedded JSON data and
/// JSON-LD, every element closes where the theme closes it, and no event
/// handler or script URL appears.
pub fn assert_no_executable_content(html: &str) {
    let lower = html.to_lowercase();
    let opened: Vec<&str> = lower.split("<script").skip(1).collect();
    for tag in &opened {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let allowed = tag.contains("type=\"application/json\"")
            || tag.contains("type=\"application/ld+json\"")
            || tag.contains("assets/checker.classic.js\"")
            || tag.contains("assets/roadmap.classic.js\"")
            || tag.contains("assets/search.classic.js\"")
            || tag.contains("assets/compare.classic.js\"")
            || tag.contains("data/checker.js\"");
        assert!(allowed, "a script element <script{tag}>:\n{html}");
    }
    assert_eq!(
        opened.len(),
        lower.matches("</script>").count(),
        "a script element closed early:\n{html}"
    );
    for link in links(&lower) {
        assert!(
            !link.trim_start().starts_with("javascript:"),
            "a script URL: {link}"
        );
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find(" on") {
        rest = &rest[at + 3..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let is_handler = !name.is_empty() && rest[name.len()..].trim_start().starts_with('=');
        // Inside text or inside a quoted attribute value (content's own
        // quotes are escaped, so it cannot close one) it is harmless prose;
        // only a real attribute counts.
        let before = &lower[..lower.len() - rest.len()];
        let tag_start = before.rfind('<');
        let in_tag = tag_start > before.rfind('>');
        let in_value = tag_start.is_some_and(|start| before[start..].matches('"').count() % 2 == 1);
        assert!(
            !(is_handler && in_tag && !in_value),
            "an event handler on{name}:\n{html}"
        );
    }
}

/// Every relative link and asset of every page must lead to a file.
pub fn assert_links_resolve(dist: &Path) {
    for (page, _) in snapshot(dist) {
        if page.extension().and_then(|e| e.to_str()) != Some("html")
            || page == Path::new("404.html")
        {
            continue;
        }
        let html = read(&dist.join(&page));
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            let target = match path.strip_prefix('/') {
                Some(from_root) => dist.join(from_root),
                None => dist.join(page.parent().unwrap()).join(path),
            };
            let target = if path.is_empty() || path.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(
                target.is_file(),
                "{} links to {link}, which does not exist",
                page.display()
            );
        }
    }
}

/// Packed checker data with each phrase index (in a role's `titles`, a
/// skill's `phrases`) replaced by the phrase as an object, and each skill's
/// phase number by its role's phase, so tests read the fields as compiled.
pub fn unpacked(mut data: serde_json::Value) -> serde_json::Value {
    let phrases: Vec<serde_json::Value> = data["phrases"]
        .as_array()
        .expect("phrases")
        .iter()
        .map(unpacked_phrase)
        .collect();
    let phrase = |index: &serde_json::Value| {
        phrases[index.as_u64().expect("a phrase index") as usize].clone()
    };
    for role in data["roles"].as_array_mut().expect("roles") {
        let phases = role["phases"].as_array().expect("phases").clone();
        for title in role["titles"].as_array_mut().expect("titles") {
            *title = phrase(title);
        }
        for skill in role["skills"].as_array_mut().expect("skills") {
            for p in skill["phrases"].as_array_mut().expect("skill phrases") {
                *p = phrase(p);
            }
            let number = skill["phase"].clone();
            skill["phase"] = phases
                .iter()
                .find(|phase| phase["number"] == number)
                .cloned()
                .unwrap_or(serde_json::Value::Null);
        }
    }
    data
}

/// A packed phrase, `[term, spelling, flags, unless?]`, as an object.
fn unpacked_phrase(packed: &serde_json::Value) -> serde_json::Value {
    let flags = packed[2].as_u64().expect("phrase flags");
    let unless: Vec<serde_json::Value> = packed
        .get(3)
        .and_then(|list| list.as_array())
        .into_iter()
        .flatten()
        .map(|spelling| spelled(spelling.as_str().expect("a spelling")))
        .collect();
    let mut phrase = spelled(packed[1].as_str().expect("a spelling"));
    phrase["term"] = packed[0].clone();
    phrase["case_sensitive"] = (flags & 1 == 1).into();
    phrase["ordinary"] = (flags & 2 == 2).into();
    phrase["unless"] = unless.into();
    phrase
}

/// A spelling split into `keys` and the `joins` between them.
fn spelled(spelling: &str) -> serde_json::Value {
    let mut keys = vec![String::new()];
    let mut joins = Vec::new();
    for c in spelling.chars() {
        if matches!(c, ' ' | '-' | '/') {
            joins.push(c.to_string());
            keys.push(String::new());
        } else if let Some(key) = keys.last_mut() {
            key.push(c);
        }
    }
    serde_json::json!({"keys": keys, "joins": joins})
}

/// Every JSON-LD block of an HTML page, parsed.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| {
            let json = &rest[..rest.find("</script>").expect("the block is closed")];
            serde_json::from_str(json).unwrap_or_else(|err| panic!("not JSON ({err}): {json}"))
        })
        .collect()
}
