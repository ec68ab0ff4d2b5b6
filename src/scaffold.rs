//! `rolemap init` and `rolemap new`: starting a site and a role.
//!
//! Both write commented starting points that pass validation as they are,
//! and neither ever overwrites a file.

use std::io;
use std::path::{Path, PathBuf};

use crate::layout::{self, CACHE_DIR, CONFIG_FILE, DEFAULT_OUTPUT, ROLES_DIR};
use crate::load::walk;
use crate::model::Slug;

const CONFIG_TEMPLATE: &str = include_str!("scaffold/rolemap.yaml");
const ROLE_TEMPLATE: &str = include_str!("scaffold/role.yaml");

/// Folder `init` writes the editor schemas into.
const SCHEMA_DIR: &str = "schema";

/// Slug of the example role `init` writes.
const EXAMPLE_SLUG: &str = "example-role";

/// Why a scaffold could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `init` into a folder that already has files.
    #[error("{} is not empty", path.display())]
    NotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// `new` for a role file that exists.
    #[error("{} already exists", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// `new` with a slug that is not valid.
    #[error("'{slug}' is not a valid slug: use lower-case letters, digits and single hyphens{}", suggestion.as_ref().map(|s| format!(", e.g. '{s}'")).unwrap_or_default())]
    BadSlug {
        /// The slug given.
        slug: String,
        /// A valid slug close to it.
        suggestion: Option<String>,
    },
    /// `new --lang` for a role that has no file of its own.
    #[error("there is no roles/{slug}.yaml to translate")]
    NoOriginal {
        /// The slug given.
        slug: String,
    },
    /// `new --lang` with something that is not a language tag.
    #[error("'{language}' is not a language tag")]
    BadLanguage {
        /// The tag given.
        language: String,
    },
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

impl ScaffoldError {
    /// How to proceed.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ScaffoldError::NotEmpty { .. } => Some("choose an empty folder, or pass --force to add the missing files (existing files are kept)"),
            ScaffoldError::Exists { .. } => Some("choose another slug, or edit the existing file"),
            ScaffoldError::NoOriginal { .. } => Some("a translation starts from its role's file: create the role first with `rolemap new SLUG`"),
            ScaffoldError::BadLanguage { .. } => Some("a BCP 47 tag such as `de`, `fr` or `pt-BR`, one of `languages` in rolemap.yaml"),
            _ => None,
        }
    }
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files written, relative to the site folder.
    pub written: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
}

/// Creates a ready site in `dir`: config, an example role, `.gitignore`, a
/// README and the JSON Schemas editors use to check and complete the files.
pub fn init(dir: &Path, force: bool) -> Result<InitReport, ScaffoldError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    let has_files = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => false,
        Err(err) => return Err(io_err(dir)(err)),
    };
    if has_files && !force {
        return Err(ScaffoldError::NotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let role = role_file("Example Role");
    let files: [(PathBuf, String); 4] = [
        (PathBuf::from(CONFIG_FILE), CONFIG_TEMPLATE.to_owned()),
        (Path::new(ROLES_DIR).join(format!("{EXAMPLE_SLUG}.yaml")), role),
        (
            PathBuf::from(".gitignore"),
            format!("# rolemap's output\n/{DEFAULT_OUTPUT}/\n# rolemap's cache (check --links)\n/{CACHE_DIR}/\n"),
        ),
        (
            PathBuf::from("README.md"),
            "# Career roadmaps\n\nBuilt with rolemap: edit `roles/*.yaml`, then run `rolemap build` (output in `dist/`) or `rolemap serve` to preview.\n"
                .to_owned(),
        ),
    ];
    let files = files.into_iter().chain(schema_files());
    let mut report = InitReport::default();
    for (relative, contents) in files {
        let path = dir.join(&relative);
        if path.exists() {
            report.kept.push(relative);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        write_new(&path, &contents).map_err(io_err(&path))?;
        report.written.push(relative);
    }
    Ok(report)
}

/// The JSON Schemas the comment line at the top of `rolemap.yaml` and of
/// role files points editors (yaml-language-server) at.
fn schema_files() -> Vec<(PathBuf, String)> {
    let pretty =
        |schema: schemars::Schema| serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    vec![
        (
            Path::new(SCHEMA_DIR).join("role.schema.json"),
            pretty(crate::load::role_schema()),
        ),
        (
            Path::new(SCHEMA_DIR).join("rolemap.schema.json"),
            pretty(crate::load::config::schema()),
        ),
    ]
}

/// Writes `roles/<slug>.yaml` under `root` from the commented template.
pub fn new_role(root: &Path, slug: &str, title: Option<&str>) -> Result<PathBuf, ScaffoldError> {
    let slug = Slug::parse(slug).map_err(|err| ScaffoldError::BadSlug {
        slug: slug.to_owned(),
        suggestion: err.suggestion,
    })?;
    let title = title
        .map(str::to_owned)
        .unwrap_or_else(|| title_from_slug(slug.as_str()));
    let dir = root.join(ROLES_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| ScaffoldError::Io {
        path: dir.clone(),
        source,
    })?;
    let path = dir.join(format!("{slug}.yaml"));
    create(path, &role_file(&title))
}

/// Writes `<name>.<language>.yaml` beside the role file of `slug` under
/// `root`: a copy of it to translate, headed by what a translation keeps.
pub fn new_translation(root: &Path, slug: &str, language: &str) -> Result<PathBuf, ScaffoldError> {
    if !crate::load::config::is_language_tag(language) {
        return Err(ScaffoldError::BadLanguage {
            language: language.to_owned(),
        });
    }
    let no_original = || ScaffoldError::NoOriginal {
        slug: slug.to_owned(),
    };
    let files = walk::site_files(root, &root.join(ROLES_DIR)).map_err(|_| no_original())?;
    let original = files
        .into_iter()
        .find(|path| {
            path.extension().is_some_and(|ext| ext == "yaml")
                && path.file_stem().is_some_and(|stem| stem == slug)
        })
        .ok_or_else(no_original)?;
    let text = walk::read_text(&original, &original).map_err(|_| no_original())?;
    let path = original.with_file_name(layout::translation_file(slug, language));
    let header = format!(
        "# The '{language}' translation of {slug}.yaml: translate the text, and keep\n\
         # the slug, the skill ids, the weights and the phases' months as they are\n\
         # (README, \"Languages\").\n"
    );
    create(path, &format!("{header}{text}"))
}

/// `backend-developer` → `Backend Developer`.
fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn role_file(title: &str) -> String {
    // A JSON string is a valid YAML scalar, whatever punctuation the title has.
    let json =
        |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"New role\"".to_owned());
    ROLE_TEMPLATE
        .replace("__TITLE_JSON__", &json(title))
        .replace(
            "__QUESTION_JSON__",
            &json(&format!("How long does it take to become a {title}?")),
        )
        .replace("__TITLE__", title)
}

/// Creates the role file `path`, which must not exist yet, and returns it.
fn create(path: PathBuf, contents: &str) -> Result<PathBuf, ScaffoldError> {
    match write_new(&path, contents) {
        Ok(()) => Ok(path),
        Err(source) if source.kind() == io::ErrorKind::AlreadyExists => {
            Err(ScaffoldError::Exists { path })
        }
        Err(source) => Err(ScaffoldError::Io { path, source }),
    }
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, contents: &str) -> io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_slugs() {
        assert_eq!(
            title_from_slug("site-reliability-engineer"),
            "Site Reliability Engineer"
        );
    }
}
