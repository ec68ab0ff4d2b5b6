//! Themes: the templates and static files a site is rendered with.
//!
//! The default theme is embedded in the binary (see `build.rs`). A site may
//! override any of its files one by one: `themes/<theme>/templates/X` replaces
//! the embedded template `X`, and `themes/<theme>/static/X` replaces or adds
//! the static file `X`. Templates are compiled once per build into a
//! [`tera::Tera`] with autoescaping on and the `markdown` filter registered.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tera::{Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::layout::{self, DEFAULT_THEME, TEMPLATES_DIR, THEMES_DIR, THEME_STATIC_DIR};
use crate::load::walk;
use crate::markdown;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// A compiled theme, ready to render pages.
pub struct Theme {
    /// The compiled templates.
    pub tera: Tera,
    /// Files copied under `assets/`, by path relative to `static/`.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field(
                "templates",
                &self.tera.get_template_names().collect::<Vec<_>>(),
            )
            .field(
                "static_files",
                &self.static_files.keys().collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Where a theme file came from, so template errors name the right file.
#[derive(Debug, Clone)]
enum Origin {
    Embedded,
    Site(PathBuf),
}

impl Theme {
    /// Loads theme `name` for the site at `root`: the embedded default with
    /// the site's override files laid over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let theme_dir = layout::theme_dir(root, name);
        if name != DEFAULT_THEME && !theme_dir.is_dir() {
            let shown = Path::new(THEMES_DIR).join(name);
            return Err(Diagnostic::for_path(&shown, format!("theme '{name}' does not exist"))
                .with_hint("create the folder with templates/ or static/ overrides, or set `theme: default` in rolemap.yaml"));
        }
        let mut templates: BTreeMap<String, (Vec<u8>, Origin)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        for (path, bytes) in EMBEDDED_THEME {
            let under = |dir: &str| path.strip_prefix(dir)?.strip_prefix('/');
            if let Some(name) = under(TEMPLATES_DIR) {
                templates.insert(name.to_owned(), (bytes.to_vec(), Origin::Embedded));
            } else if let Some(name) = under(THEME_STATIC_DIR) {
                static_files.insert(name.to_owned(), bytes.to_vec());
            }
        }
        for (name, file) in overrides(&theme_dir.join(TEMPLATES_DIR), root)? {
            let bytes = walk::read_text(&file, &shown(&file, root))?.into_bytes();
            templates.insert(name, (bytes, Origin::Site(file)));
        }
        for (name, file) in overrides(&theme_dir.join(THEME_STATIC_DIR), root)? {
            static_files.insert(name, read(&file, root)?);
        }
        add_classic_scripts(&mut static_files);
        Ok(Theme {
            tera: compile(templates, root)?,
            static_files,
        })
    }

    /// Whether the theme has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|t| t == name)
    }
}

/// A classic script rolemap derives from the theme's ES modules.
struct ClassicScript {
    /// Its name among the theme's static files, which pages load.
    name: &'static str,
    /// The modules it imports, each with the name of its object in the script.
    modules: &'static [(&'static str, &'static str)],
    /// The page wiring, an ES module that imports the others.
    page: &'static str,
}

/// The theme's classic scripts: the readiness checker (matching core, CV
/// file reader, page wiring), the role comparison, the roadmap's progress
/// and pace, and search; each with the shared interface-text helper.
const CLASSIC_SCRIPTS: [ClassicScript; 4] = [
    ClassicScript {
        name: "checker.classic.js",
        modules: &[
            ("checker.js", "checker"),
            ("cv-file.js", "cvFile"),
            ("messages.js", "messages"),
        ],
        page: "checker-page.js",
    },
    ClassicScript {
        name: "compare.classic.js",
        modules: &[
            ("checker.js", "checker"),
            ("compare.js", "compare"),
            ("messages.js", "messages"),
        ],
        page: "compare-page.js",
    },
    ClassicScript {
        name: "search.classic.js",
        modules: &[("search.js", "siteSearch"), ("messages.js", "messages")],
        page: "search-page.js",
    },
    ClassicScript {
        name: "roadmap.classic.js",
        modules: &[("progress.js", "progress"), ("messages.js", "messages")],
        page: "roadmap-page.js",
    },
];

/// Adds each classic script whose first module the theme has.
fn add_classic_scripts(static_files: &mut BTreeMap<String, Vec<u8>>) {
    for classic in &CLASSIC_SCRIPTS {
        let text = |name: &str| {
            static_files
                .get(name)
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        };
        if text(classic.modules[0].0).is_none() {
            continue;
        }
        let modules: Vec<(&str, &str, String)> = classic
            .modules
            .iter()
            .filter_map(|&(file, object)| Some((file, object, text(file)?)))
            .collect();
        let page = text(classic.page).unwrap_or_default();
        let script = classic_script(&modules, classic.page, &page);
        static_files.insert(classic.name.to_owned(), script.into_bytes());
    }
}

/// One classic script from ES modules and the page module (named
/// `page_name`) importing them. Browsers refuse to load module scripts from
/// `file://` pages, and the pages must work from a plain folder; Node and
/// other tools import the modules themselves.
///
/// Each module keeps its own scope. A module's only module syntax is
/// `export` at the start of top-level declarations: the keyword is dropped
/// and the declared names are returned as one object (`checker` for
/// checker.js). The page's only module syntax is one-line
/// `import { a, b } from './checker.js';`, which becomes
/// `const { a, b } = checker;`.
fn classic_script(modules: &[(&str, &str, String)], page_name: &str, page: &str) -> String {
    let size: usize = modules.iter().map(|(_, _, text)| text.len()).sum();
    let mut script = String::with_capacity(size + page.len() + 256);
    let sources: Vec<&str> = modules.iter().map(|(file, _, _)| *file).collect();
    script.push_str(&format!(
        "// Generated by rolemap from {} and {page_name} for pages opened from a folder; edit those.\n",
        sources.join(", ")
    ));
    script.push_str("(function () {\n'use strict';\n");
    for (_, object, text) in modules {
        script.push_str(&format!("const {object} = (function () {{\n"));
        let mut exported = Vec::new();
        for line in text.lines() {
            match line.strip_prefix("export ") {
                Some(declaration) => {
                    exported.extend(declared_name(declaration));
                    script.push_str(declaration);
                }
                None => script.push_str(line),
            }
            script.push('\n');
        }
        script.push_str(&format!("return {{ {} }};\n}})();\n", exported.join(", ")));
    }
    script.push_str("(function () {\n");
    for line in page.lines() {
        let import = line.strip_prefix("import ").and_then(|rest| {
            modules.iter().find_map(|(file, object, _)| {
                let names = rest.strip_suffix(&format!(" from './{file}';"))?;
                Some(format!("const {names} = {object};"))
            })
        });
        match import {
            Some(destructuring) => script.push_str(&destructuring),
            None => script.push_str(line),
        }
        script.push('\n');
    }
    script.push_str("})();\n})();\n");
    script
}

/// The name a top-level declaration declares: `function score(` gives `score`.
fn declared_name(declaration: &str) -> Option<&str> {
    let rest = ["function ", "async function ", "const ", "let ", "class "]
        .iter()
        .find_map(|keyword| declaration.strip_prefix(keyword))?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Files under `dir`, keyed by their path relative to it (`/`-separated).
fn overrides(dir: &Path, root: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let found = walk::site_files(root, dir)?
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            (relative.to_string_lossy().replace('\\', "/"), path)
        })
        .collect();
    Ok(found)
}

fn read(file: &Path, root: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(file).map_err(|err| {
        Diagnostic::for_path(
            &shown(file, root),
            format!("cannot read the theme file: {err}"),
        )
    })
}

fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn compile(
    templates: BTreeMap<String, (Vec<u8>, Origin)>,
    root: &Path,
) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("markdown", MarkdownFilter::default());
    let mut sources = Vec::with_capacity(templates.len());
    let mut origins = HashMap::new();
    for (name, (bytes, origin)) in templates {
        let text = String::from_utf8(bytes)
            .map_err(|_| template_diagnostic(&name, &origin, root, "is not valid UTF-8".into()))?;
        origins.insert(name.clone(), origin);
        sources.push((name, text));
    }
    tera.add_raw_templates(sources).map_err(|err| {
        // Tera names the template in its message; point at the file it came from.
        let name = origins
            .keys()
            .find(|name| err.to_string().contains(&format!("'{name}'")))
            .cloned();
        match name {
            Some(name) => template_diagnostic(&name, &origins[&name], root, error_chain(&err)),
            None => Diagnostic::for_path(Path::new(THEMES_DIR), error_chain(&err)),
        }
    })?;
    Ok(tera)
}

fn template_diagnostic(name: &str, origin: &Origin, root: &Path, message: String) -> Diagnostic {
    let path = match origin {
        Origin::Embedded => PathBuf::from(format!("<embedded theme>/templates/{name}")),
        Origin::Site(file) => shown(file, root),
    };
    Diagnostic::for_path(&path, format!("template error: {message}"))
}

/// Tera's error and its causes in one line: the outer error alone rarely
/// says what went wrong.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(cause.to_string().trim());
        source = cause.source();
    }
    message
}

/// Escapes the five characters that matter in HTML text and quoted
/// attributes. Tera's default also escapes `/`, which turns every URL into
/// `&#x2F;` soup without making anything safer.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// `{{ text | markdown }}` and `{{ text | markdown(inline=true) }}`.
///
/// Keeps what it rendered inline for the life of the theme: the index lists
/// every role's summary, and the watch loop renders it again after each
/// edit. Block markdown (descriptions, answers) appears on one page only and
/// is not kept, so a large build does not hold a second copy of its content.
#[derive(Default)]
struct MarkdownFilter {
    /// Inline markdown rendered so far, by source text; never evicted, since
    /// a theme lives for one build (or one watch session of it).
    rendered: Mutex<HashMap<String, String>>,
}

impl tera::Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let inline = args.get("inline").and_then(Value::as_bool).unwrap_or(false);
        let text = match value {
            Value::Null => return Ok(Value::String(String::new())),
            Value::String(text) => text,
            other => {
                return Err(tera::Error::msg(format!(
                    "the markdown filter needs text, got {other}"
                )))
            }
        };
        if !inline {
            return Ok(Value::String(markdown::to_html(text, false)));
        }
        let cached = self
            .rendered
            .lock()
            .ok()
            .and_then(|cache| cache.get(text).cloned());
        let html = cached.unwrap_or_else(|| {
            let html = markdown::to_html(text, true);
            if let Ok(mut cache) = self.rendered.lock() {
                cache.insert(text.clone(), html.clone());
            }
            html
        });
        Ok(Value::String(html))
    }
}

#[cfg(test)]
mod tests {
    use super::classic_script;

    #[test]
    fn classic_copy_drops_exports_and_returns_them_to_the_page() {
        let classic = classic_script(
            &[
                (
                    "checker.js",
                    "checker",
                    "export function score() {}\nconst x = 'export ';\n  export const no = 1;\nexport const rank = 2;\n".into(),
                ),
                (
                    "cv-file.js",
                    "cvFile",
                    "export class CvFileError {}\nexport async function read() {}\n".into(),
                ),
            ],
            "checker-page.js",
            "import { score, rank } from './checker.js';\nimport { CvFileError } from './cv-file.js';\nscore(rank);\n",
        );
        assert!(classic
            .contains("\nfunction score() {}\nconst x = 'export ';\n  export const no = 1;\nconst rank = 2;\n"));
        assert!(classic.contains("\nreturn { score, rank };\n})();\n"));
        assert!(classic.contains(
            "const cvFile = (function () {\nclass CvFileError {}\nasync function read() {}\nreturn { CvFileError, read };\n})();\n"
        ));
        assert!(classic.contains(
            "\nconst { score, rank } = checker;\nconst { CvFileError } = cvFile;\nscore(rank);\n"
        ));
        assert!(!classic.contains("import "));
        assert!(classic.trim_end().ends_with("})();\n})();"));
    }
}
