//! Reading a site from disk: the configuration and every role file.
//!
//! Loading finds `roles/**/*.yaml`, parses each file in parallel into the
//! raw, as-written shape ([`raw`]), then validates it into the [`crate::model`]
//! types ([`validate`]). It collects every problem in every file rather than
//! stopping at the first, so an author fixes a batch of mistakes per run.

mod lint;
pub mod locate;
mod raw;
mod validate;
pub mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, LineCol, SourceFile};
use crate::model::Role;

pub use locate::{locate, YamlPath};

/// Folder under the site root that holds role files.
pub const ROLES_DIR: &str = "roles";

/// A site read from disk and validated.
#[derive(Debug)]
pub struct Site {
    /// The site root folder.
    pub root: PathBuf,
    /// Settings from `rolemap.yaml`.
    pub config: Config,
    /// Every role, drafts included, sorted by slug.
    pub roles: Vec<Arc<Role>>,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
}

/// Everything wrong with a site, errors first.
#[derive(Debug, thiserror::Error)]
#[error("the site has {} error(s)", self.errors().count())]
pub struct Invalid {
    /// All problems found, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Invalid {
    /// The problems that stop a build.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl From<Diagnostic> for Invalid {
    fn from(diagnostic: Diagnostic) -> Self {
        Invalid {
            diagnostics: vec![diagnostic],
        }
    }
}

/// JSON Schema (draft 2020-12) of a role file, from the type it is parsed into.
pub fn role_schema() -> schemars::Schema {
    schemars::schema_for!(raw::RoleFile)
}

/// Loads and validates the site at `root`.
pub fn load_site(root: &Path) -> Result<Site, Invalid> {
    Sources::read(root)?.site()
}

/// One role file, parsed and checked on its own.
#[derive(Debug, Clone)]
struct LoadedFile {
    /// The slug the file claims, or would get from its name.
    slug: String,
    result: Result<validate::Checked, Vec<Diagnostic>>,
}

/// A site's configuration and every role file, each checked on its own and
/// kept, so a watcher re-reads only the files that changed.
#[derive(Debug, Clone)]
pub struct Sources {
    root: PathBuf,
    config: Config,
    files: BTreeMap<PathBuf, LoadedFile>,
}

impl Sources {
    /// Reads the configuration and every role file of the site at `root`.
    pub fn read(root: &Path) -> Result<Sources, Invalid> {
        let root = &absolute(root);
        let config = Config::load(root)?;
        let files = role_files(root)?;
        let files = files
            .par_iter()
            .map(|path| (path.clone(), load_role(root, path)))
            .collect();
        Ok(Sources {
            root: root.to_path_buf(),
            config,
            files,
        })
    }

    /// Re-reads `changed` role files: new and edited ones are parsed again,
    /// deleted ones dropped. When a change is not simply a known file edited
    /// or deleted (a new file, a folder moved or removed), the roles folder
    /// is listed again, so nothing is missed.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<(), Invalid> {
        let changed: Vec<PathBuf> = changed.iter().map(|path| absolute(path)).collect();
        let simple = changed.iter().all(|path| self.files.contains_key(path));
        let listed = if simple {
            let (kept, gone): (Vec<PathBuf>, Vec<PathBuf>) =
                changed.iter().cloned().partition(|path| path.is_file());
            for path in gone {
                self.files.remove(&path);
            }
            kept
        } else {
            let listed = role_files(&self.root)?;
            self.files.retain(|path, _| listed.contains(path));
            listed
                .into_iter()
                .filter(|path| !self.files.contains_key(path) || changed.contains(path))
                .collect()
        };
        let reloaded: Vec<(PathBuf, LoadedFile)> = listed
            .par_iter()
            .map(|path| (path.clone(), load_role(&self.root, path)))
            .collect();
        self.files.extend(reloaded);
        Ok(())
    }

    /// Validates the roles across files and assembles the site.
    pub fn site(&self) -> Result<Site, Invalid> {
        let mut config = self.config.clone();
        let mut diagnostics = std::mem::take(&mut config.warnings);
        let mut checked = Vec::with_capacity(self.files.len());
        // Slugs of files that failed their own checks: other roles may still
        // refer to them, and that is not a second error.
        let mut broken_slugs = Vec::new();
        for file in self.files.values() {
            match &file.result {
                Ok(role) => {
                    let mut role = role.clone();
                    diagnostics.append(&mut role.warnings);
                    checked.push(role);
                }
                Err(problems) => {
                    diagnostics.extend(problems.iter().cloned());
                    broken_slugs.push(file.slug.clone());
                }
            }
        }
        let (roles, problems) = validate::across_roles(checked, &broken_slugs, &self.root);
        diagnostics.extend(problems);
        if diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics
                .sort_by(|a, b| (b.is_error(), &a.file, a.at).cmp(&(a.is_error(), &b.file, b.at)));
            return Err(Invalid { diagnostics });
        }
        Ok(Site {
            root: self.root.clone(),
            config,
            roles,
            warnings: diagnostics,
        })
    }
}

/// An absolute path without `.` or `..`, so file events and listed files
/// compare equal.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Every `.yaml`/`.yml` file under `roles/`, sorted for stable output.
fn role_files(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = root.join(ROLES_DIR);
    if !dir.is_dir() {
        return Err(
            Diagnostic::for_path(Path::new(ROLES_DIR), "there is no roles/ folder here").with_hint(
                "run rolemap in a site folder, pass --root DIR, or create roles/<slug>.yaml",
            ),
        );
    }
    let files = walk::site_files(root, &dir)?
        .into_iter()
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        })
        .collect();
    Ok(files)
}

/// Reads, parses and validates one role file on its own.
fn load_role(root: &Path, path: &Path) -> LoadedFile {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let failed = |problem: Diagnostic| LoadedFile {
        slug: stem.to_owned(),
        result: Err(vec![problem]),
    };
    let text = match walk::read_text(path, shown) {
        Ok(text) => text,
        Err(problem) => return failed(problem),
    };
    parse_role(shown, stem, text)
}

/// Parses and validates one role file's text on its own, as the loader does.
fn parse_role(shown: &Path, stem: &str, text: String) -> LoadedFile {
    let failed = |problem: Diagnostic| LoadedFile {
        slug: stem.to_owned(),
        result: Err(vec![problem]),
    };
    if text.trim().is_empty() {
        return failed(
            Diagnostic::for_path(shown, "the role file is empty")
                .with_hint("start from an existing role, or delete the file"),
        );
    }
    let source = SourceFile::new(shown, text);
    if let Some(at) = too_deeply_nested(&source.text) {
        let message = format!("values nest more than {MAX_NESTING} levels deep");
        let hint = "a role file needs a few levels; this looks like generated or malicious input";
        return failed(Diagnostic::error(&source, Some(at), message).with_hint(hint));
    }
    match serde_yaml::from_str::<raw::RoleFile>(&source.text) {
        Ok(raw) => LoadedFile {
            slug: raw.slug.clone().unwrap_or_else(|| stem.to_owned()),
            result: validate::role(raw, stem, &source),
        },
        Err(err) => failed(yaml_error(&source, &err, raw::ROLE_KEYS)),
    }
}

/// Checks one role file's text on its own (everything but the checks that
/// need other roles), as `roles/<stem>.yaml`. For fuzzing and tools.
pub fn check_role_text(stem: &str, text: &str) -> Result<Arc<Role>, Vec<Diagnostic>> {
    let shown = Path::new(ROLES_DIR).join(format!("{stem}.yaml"));
    parse_role(&shown, stem, text.to_owned())
        .result
        .map(|checked| checked.role())
}

/// Deepest flow nesting (`[[[...`) a file may have. serde_yaml would reject
/// anything past 128 levels anyway, but only after its parser has spent time
/// that grows with the square of the depth.
const MAX_NESTING: usize = 256;

/// Where flow collections first nest deeper than [`MAX_NESTING`], found in
/// one linear pass that skips quoted strings and comments.
fn too_deeply_nested(text: &str) -> Option<LineCol> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(LineCol {
                            line: index + 1,
                            column: column + 1,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Turns a serde_yaml error into a diagnostic at its line and column, with a
/// did-you-mean hint for unknown keys. `keys` lists the top-level keys the
/// file accepts.
pub(crate) fn yaml_error(
    source: &Arc<SourceFile>,
    err: &serde_yaml::Error,
    keys: &[&str],
) -> Diagnostic {
    // serde names Rust types; authors think in numbers.
    let mut message = without_first_position(&err.to_string())
        .replace("expected u32", "expected a whole number of 1 or more")
        .replace("expected u8", "expected a whole number from 1 to 5")
        .replace(
            "expected struct RoleFile",
            "expected a role: a mapping with title, summary, skills and phases",
        )
        .replace(
            "expected struct RawConfig",
            "expected a mapping of settings such as title and base_url",
        );
    let mut at = err.location().map(|loc| LineCol {
        line: loc.line(),
        column: loc.column(),
    });
    // "found unexpected end of stream, while scanning a quoted scalar at line
    // 3 column 10", "did not find expected ',' or ']', while parsing a flow
    // sequence at line 9 column 15": something was never closed, and its
    // start is where the author has to look, not where parsing gave up.
    if message.contains("end of stream") || message.contains("while parsing a flow") {
        if let Some((context_at, rest)) = first_position(&message) {
            at = Some(context_at);
            message = rest;
        }
    }
    if let Some(key) = message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.split('`').next())
    {
        // serde points at the mapping; the author needs the second key.
        at = second_top_level_key(&source.text, key).or(at);
    }
    let diagnostic = Diagnostic::error(source, at, message.as_str());
    match unknown_key_hint(&message, keys) {
        Some(hint) => diagnostic.with_hint(hint),
        None if message.contains("tab character") => {
            diagnostic.with_hint("indent with spaces: YAML does not allow tabs for indentation")
        }
        None if message.contains("missing field") => {
            diagnostic.with_hint("add the key; the role file reference in the README lists what each part needs")
        }
        None if at.is_some() && !message.contains("unknown field") && !message.contains("invalid") => {
            diagnostic.with_hint("check the indentation and quoting; strings containing ': ' or starting with '[', '{', '*' or '&' need quotes")
        }
        None => diagnostic,
    }
}

/// Drops the first " at line L column C" from a serde_yaml message: the
/// diagnostic shows the position itself.
fn without_first_position(message: &str) -> String {
    first_position(message).map_or_else(|| message.to_owned(), |(_, rest)| rest)
}

/// The first " at line L column C" in a message, and the message without it.
fn first_position(message: &str) -> Option<(LineCol, String)> {
    const LINE: &str = " at line ";
    const COLUMN: &str = " column ";
    let start = message.find(LINE)?;
    let number = |text: &str| -> Option<(usize, usize)> {
        let len = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((text[..len].parse().ok()?, len))
    };
    let after_line = &message[start + LINE.len()..];
    let (line, line_len) = number(after_line)?;
    let after_column = after_line[line_len..].strip_prefix(COLUMN)?;
    let (column, column_len) = number(after_column)?;
    let end = message.len() - after_column.len() + column_len;
    Some((
        LineCol { line, column },
        format!("{}{}", &message[..start], &message[end..]),
    ))
}

/// The line of the second top-level `key:` in a YAML text.
fn second_top_level_key(text: &str, key: &str) -> Option<LineCol> {
    let prefix = format!("{key}:");
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with(&prefix));
    lines.nth(1).map(|(index, _)| LineCol {
        line: index + 1,
        column: 1,
    })
}

/// For serde's "unknown field `skils`, expected one of `title`, ..." message,
/// names the closest accepted key.
fn unknown_key_hint(message: &str, top_level_keys: &[&str]) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, expected) = rest.split_once('`')?;
    let accepted: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let accepted = if accepted.is_empty() {
        top_level_keys.to_vec()
    } else {
        accepted
    };
    Some(match did_you_mean(unknown, accepted.iter().copied()) {
        Some(best) => format!("unknown key '{unknown}': did you mean '{best}'?"),
        None => format!(
            "unknown key '{unknown}'; accepted keys here: {}",
            accepted.join(", ")
        ),
    })
}
