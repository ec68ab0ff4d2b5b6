//! Themes: the templates and static files a site is rendered with.
//!
//! The default theme is embedded in the binary (see `build.rs`). A site may
//! override any of its files one by one: `themes/<theme>/templates/X` replaces
//! the embedded template `X`, and `themes/<theme>/static/X` replaces or adds
//! the static file `X`. Templates are compiled once per build into a
//! [`tera::Tera`] with autoescaping on and the `markdown` filter registered.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::markdown;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// Folder under the site root that holds theme overrides.
pub const THEMES_DIR: &str = "themes";

/// Name of the theme that needs no folder on disk.
pub const DEFAULT_THEME: &str = "default";

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
        let theme_dir = root.join(THEMES_DIR).join(name);
        if name != DEFAULT_THEME && !theme_dir.is_dir() {
            let shown = Path::new(THEMES_DIR).join(name);
            return Err(Diagnostic::for_path(&shown, format!("theme '{name}' does not exist"))
                .with_hint("create the folder with templates/ or static/ overrides, or set `theme: default` in rolemap.yaml"));
        }
        let mut templates: BTreeMap<String, (Vec<u8>, Origin)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        for (path, bytes) in EMBEDDED_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(name.to_owned(), (bytes.to_vec(), Origin::Embedded));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_owned(), bytes.to_vec());
            }
        }
        for (name, file) in overrides(&theme_dir.join("templates"), root)? {
            let bytes = read(&file, root)?;
            templates.insert(name, (bytes, Origin::Site(file)));
        }
        for (name, file) in overrides(&theme_dir.join("static"), root)? {
            static_files.insert(name, read(&file, root)?);
        }
        Ok(Theme {
            tera: compile(templates, root)?,
            static_files,
        })
    }
}

/// Files under `dir`, keyed by their path relative to it (`/`-separated).
fn overrides(dir: &Path, root: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            Diagnostic::for_path(
                &shown(dir, root),
                format!("cannot read the theme folder: {err}"),
            )
        })?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if entry.file_type().is_file() && !hidden {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = relative.to_string_lossy().replace('\\', "/");
            found.push((name, entry.into_path()));
        }
    }
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
    tera.register_filter("markdown", markdown_filter);
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
fn escape_html(text: &str) -> String {
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
fn markdown_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let inline = args.get("inline").and_then(Value::as_bool).unwrap_or(false);
    match value {
        Value::Null => Ok(Value::String(String::new())),
        Value::String(text) => Ok(Value::String(markdown::to_html(text, inline))),
        other => Err(tera::Error::msg(format!(
            "the markdown filter needs text, got {other}"
        ))),
    }
}
