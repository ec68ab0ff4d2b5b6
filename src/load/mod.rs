//! Reading a site from disk: the two file kinds, `rolemap.yaml` and role files.
//!
//! Loading reads the configuration ([`config`]), finds `roles/**/*.yaml`,
//! parses each file in parallel into the raw, as-written shape ([`raw`]),
//! then validates it into the [`crate::model`] types ([`validate`]) and
//! lints it ([`lint`]). It collects every problem in every file rather than
//! stopping at the first, so an author fixes a batch of mistakes per run.

pub mod config;
mod lint;
pub mod locate;
mod raw;
mod validate;
pub mod walk;
pub(crate) mod yaml;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::layout::{self, ROLES_DIR};
use crate::model::{Role, Slug};
use config::Config;
use yaml::{expansion_problem, too_deeply_nested, yaml_error, MAX_NESTING};

pub use locate::{locate, YamlPath, YamlSource};

/// A resource URL as a role file writes it (`phases[i].resources[j].url`),
/// for `rolemap check --links`.
#[derive(Debug, Clone)]
pub struct ResourceLink {
    /// The URL as written (trimmed).
    pub url: String,
    /// For a URL within the site: whether the built site has the page or
    /// file it leads to, read from the role's page. `None` for http(s).
    pub in_site: Option<bool>,
    /// The file it is written in.
    pub source: Arc<YamlSource>,
    /// Where in that file.
    pub path: YamlPath,
}

impl ResourceLink {
    /// A warning placed at the URL, with its source line.
    pub fn warning(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.source.file(), self.source.locate(&self.path), message)
            .warning()
            .with_hint(hint)
    }
}

/// A site read from disk and validated.
#[derive(Debug)]
pub struct Site {
    /// The site root folder.
    pub root: PathBuf,
    /// Settings from `rolemap.yaml`.
    pub config: Config,
    /// Every role in the default language, drafts included, sorted by slug.
    pub roles: Vec<Arc<Role>>,
    /// The translations of the roles into each other language: language
    /// tag → slug → role. A role without one is shown in the default
    /// language ([`Site::published_in`]).
    pub translations: BTreeMap<String, HashMap<Slug, Arc<Role>>>,
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
    /// Problems in the one order every report uses: errors first, then by
    /// file and position.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Invalid {
        sort(&mut diagnostics);
        Invalid { diagnostics }
    }

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

/// Errors first, then by file and position; stable, so problems at one
/// place keep the order they were found in.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (b.is_error(), &a.file, a.at).cmp(&(a.is_error(), &b.file, b.at)));
}

impl Site {
    /// The roles a build publishes: drafts only when asked for.
    pub fn published(&self, drafts: bool) -> Vec<&Arc<Role>> {
        self.roles
            .iter()
            .filter(|role| drafts || !role.draft)
            .collect()
    }

    /// The roles a build publishes in `language`: each published role's
    /// translation when it has one (a draft translation only with
    /// `drafts`), else the role itself, in the order of [`Site::published`].
    pub fn published_in(&self, language: &str, drafts: bool) -> Vec<&Arc<Role>> {
        let translations = self.translations.get(language);
        self.published(drafts)
            .into_iter()
            .map(|role| {
                translations
                    .and_then(|roles| roles.get(&role.slug))
                    .filter(|translation| drafts || !translation.draft)
                    .unwrap_or(role)
            })
            .collect()
    }

    /// The site's failure with `problems`: they and every warning.
    pub fn invalid(&self, problems: Vec<Diagnostic>) -> Invalid {
        Invalid::new(
            problems
                .into_iter()
                .chain(self.warnings.iter().cloned())
                .collect(),
        )
    }
}

/// One role file, parsed and checked on its own.
#[derive(Debug, Clone)]
struct LoadedFile {
    /// The slug the file claims, or would get from its name.
    slug: String,
    /// The language of a translation (`roles/<name>.<lang>.yaml`); `None`
    /// for a role file of the default language.
    language: Option<String>,
    result: Result<validate::Checked, validate::Rejected>,
}

/// A site's configuration and every role file, each checked on its own and
/// kept, so a watcher re-reads only the files that changed.
#[derive(Debug, Clone)]
pub struct Sources {
    root: PathBuf,
    config: Config,
    /// Why `rolemap.yaml` could not be read; the roles are still read (with
    /// the default settings), so every problem is reported at once.
    config_error: Option<Diagnostic>,
    files: BTreeMap<PathBuf, LoadedFile>,
}

impl Sources {
    /// Reads the configuration and every role file of the site at `root`.
    pub fn read(root: &Path) -> Result<Sources, Invalid> {
        let root = &layout::resolved(root);
        let (config, config_error) = match Config::load(root) {
            Ok(config) => (config, None),
            Err(problem) => (Config::default(), Some(problem)),
        };
        let files = role_files(root).map_err(|problem| {
            Invalid::new(config_error.iter().cloned().chain([problem]).collect())
        })?;
        let files = files
            .par_iter()
            .map(|path| (path.clone(), load_role(root, path, &config.languages)))
            .collect();
        Ok(Sources {
            root: root.to_path_buf(),
            config,
            config_error,
            files,
        })
    }

    /// The site folder, made absolute with symbolic links resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The site's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How many role files the site has, valid or not.
    pub fn role_count(&self) -> usize {
        self.files.len()
    }

    /// Every resource URL of every role file that passed its own checks,
    /// drafts included, in file order; a site-relative one already looked
    /// up in the page set a build writes ([`lint::site_page_exists`]).
    pub fn resource_links(&self) -> Vec<ResourceLink> {
        let checked: Vec<&validate::Checked> = (self.files.values())
            .filter_map(|file| file.result.as_ref().ok())
            .collect();
        let roles: Vec<Arc<Role>> = checked.iter().map(|file| file.role()).collect();
        let slugs = roles.iter().map(|role| role.slug.as_str()).collect();
        let mut found = Vec::new();
        for (file, role) in checked.iter().zip(&roles) {
            for (p, phase) in role.phases.iter().enumerate() {
                for (r, resource) in phase.resources.iter().enumerate() {
                    let lower = resource.url.to_ascii_lowercase();
                    let external = lower.starts_with("http://") || lower.starts_with("https://");
                    let in_site = (!external)
                        .then(|| lint::site_page_exists(&resource.url, &slugs, &self.root));
                    found.push(ResourceLink {
                        url: resource.url.clone(),
                        in_site,
                        source: Arc::clone(file.source()),
                        path: YamlPath::root()
                            .key("phases")
                            .index(p)
                            .key("resources")
                            .index(r)
                            .key("url"),
                    });
                }
            }
        }
        found
    }

    /// Re-reads `changed` role files: new and edited ones are parsed again,
    /// deleted ones dropped. When a change is not simply a known file edited
    /// or deleted (a new file, a folder moved or removed), the roles folder
    /// is listed again, so nothing is missed.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<(), Invalid> {
        let changed: Vec<PathBuf> = changed.iter().map(|path| layout::resolved(path)).collect();
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
            .map(|path| {
                let file = load_role(&self.root, path, &self.config.languages);
                (path.clone(), file)
            })
            .collect();
        self.files.extend(reloaded);
        Ok(())
    }

    /// Validates the roles across files and assembles the site.
    pub fn site(&self) -> Result<Site, Invalid> {
        let mut config = self.config.clone();
        let mut diagnostics = std::mem::take(&mut config.warnings);
        diagnostics.extend(self.config_error.clone());
        let mut groups: BTreeMap<Option<&str>, FileGroup> = BTreeMap::new();
        for file in self.files.values() {
            let group = groups.entry(file.language.as_deref()).or_default();
            match &file.result {
                Ok(role) => {
                    let mut role = role.clone();
                    diagnostics.append(&mut role.warnings);
                    group.checked.push(role);
                }
                Err(failed) => {
                    diagnostics.extend(failed.diagnostics.iter().cloned());
                    group.rejected.push((file.slug.as_str(), failed));
                }
            }
        }
        let defaults = groups.remove(&None).unwrap_or_default();
        let broken: Vec<&str> = defaults.rejected.iter().map(|(slug, _)| *slug).collect();
        let (roles, problems) =
            validate::across_roles(defaults.checked, &defaults.rejected, &self.root);
        diagnostics.extend(problems);
        let mut translations = BTreeMap::new();
        for (language, group) in groups {
            let Some(language) = language else { continue };
            let (found, problems) = validate::translations(
                language,
                group.checked,
                &group.rejected,
                &roles,
                &broken,
                &self.root,
            );
            diagnostics.extend(problems);
            translations.insert(language.to_owned(), found);
        }
        diagnostics.extend(self.untranslated(&config, &roles, &translations));
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Invalid::new(diagnostics));
        }
        sort(&mut diagnostics);
        Ok(Site {
            root: self.root.clone(),
            config,
            roles,
            translations,
            warnings: diagnostics,
        })
    }

    /// A warning for each role that lacks a translation into one of the
    /// site's other languages: its pages there show it in the default
    /// language.
    fn untranslated(
        &self,
        config: &Config,
        roles: &[Arc<Role>],
        translations: &BTreeMap<String, HashMap<Slug, Arc<Role>>>,
    ) -> Vec<Diagnostic> {
        let others = config.languages.get(1..).unwrap_or_default();
        if others.is_empty() {
            return Vec::new();
        }
        let files: HashMap<&str, &Path> = self
            .files
            .iter()
            .filter(|(_, file)| file.language.is_none())
            .map(|(path, file)| (file.slug.as_str(), path.as_path()))
            .collect();
        roles
            .iter()
            .filter_map(|role| {
                let missing: Vec<&str> = others
                    .iter()
                    .filter(|language| {
                        translations
                            .get(language.as_str())
                            .is_none_or(|found| !found.contains_key(&role.slug))
                    })
                    .map(String::as_str)
                    .collect();
                let first = missing.first()?;
                let path = files.get(role.slug.as_str())?;
                let shown = path.strip_prefix(&self.root).unwrap_or(path);
                let name = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or(role.slug.as_str());
                let translation = shown.with_file_name(layout::translation_file(name, first));
                Some(
                    Diagnostic::for_path(
                        shown,
                        format!(
                            "role '{}' has no translation into {}: its pages there show it in {}",
                            role.slug,
                            missing.join(", "),
                            config.language
                        ),
                    )
                    .with_hint(format!("add {} to translate it", translation.display()))
                    .warning(),
                )
            })
            .collect()
    }
}

/// The role files of one language, sorted into those that passed their own
/// checks and those that did not (by the slug they claim).
#[derive(Default)]
struct FileGroup<'s> {
    checked: Vec<validate::Checked>,
    rejected: Vec<(&'s str, &'s validate::Rejected)>,
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
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(layout::is_role_file)
        })
        .collect();
    Ok(files)
}

/// Reads, parses and validates one role file on its own. `languages` are
/// the site's, the default first: `<name>.<lang>.yaml` with `lang` one of
/// the others is a translation of `<name>`.
fn load_role(root: &Path, path: &Path, languages: &[String]) -> LoadedFile {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (name, language) = match translation_of(shown, stem, languages) {
        Ok(found) => found,
        Err(problem) => return LoadedFile::rejected(stem, None, problem),
    };
    let text = match walk::read_text(path, shown) {
        Ok(text) => text,
        Err(problem) => return LoadedFile::rejected(name, language, problem),
    };
    let file = parse_role(shown, name, text, language.as_deref());
    LoadedFile { language, ..file }
}

/// The role name and translation language a file name gives: `x.de`
/// is `x` in German when `de` is one of the site's other languages. A
/// suffix that is the default language, or a language the site does not
/// have, is a mistake worth naming; any other dot is left to the slug
/// check.
fn translation_of<'s>(
    shown: &Path,
    stem: &'s str,
    languages: &[String],
) -> Result<(&'s str, Option<String>), Diagnostic> {
    let (name, Some(tag)) = layout::split_translation(stem) else {
        return Ok((stem, None));
    };
    let default = languages.first().map(String::as_str);
    if Some(tag) == default {
        return Err(Diagnostic::for_path(
            shown,
            format!(
                "'{tag}' is the site's default language, so this file's name needs no language"
            ),
        )
        .with_hint(format!("rename it {name}.yaml")));
    }
    if languages.iter().any(|language| language == tag) {
        return Ok((name, Some(tag.to_owned())));
    }
    if config::is_language_tag(tag) {
        let listed = languages.join(", ");
        return Err(Diagnostic::for_path(
            shown,
            format!("the file name says it is in '{tag}', which is not one of the site's languages ({listed})"),
        )
        .with_hint(format!(
            "add {tag} to `languages` in rolemap.yaml, or rename the file"
        )));
    }
    Ok((stem, None))
}

impl LoadedFile {
    /// A file rejected with one problem, before it could be parsed.
    fn rejected(slug: &str, language: Option<String>, problem: Diagnostic) -> LoadedFile {
        LoadedFile {
            slug: slug.to_owned(),
            language,
            result: Err(validate::Rejected::one(problem)),
        }
    }
}

/// Parses and validates one role file's text on its own, as the loader does.
fn parse_role(shown: &Path, stem: &str, text: String, language: Option<&str>) -> LoadedFile {
    let failed = |problem: Diagnostic| LoadedFile::rejected(stem, None, problem);
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
    if let Some(problem) = expansion_problem(&source) {
        return failed(problem);
    }
    match serde_yaml::from_str::<raw::RoleFile>(&source.text) {
        Ok(raw) => LoadedFile {
            slug: raw.slug.clone().unwrap_or_else(|| stem.to_owned()),
            language: None,
            result: validate::role(raw, stem, &source, language),
        },
        Err(err) => failed(yaml_error(&source, &err, raw::ROLE_KEYS)),
    }
}

/// Checks one role file's text on its own (everything but the checks that
/// need other roles), as `roles/<stem>.yaml`. For fuzzing and tools.
pub fn check_role_text(stem: &str, text: &str) -> Result<Arc<Role>, Vec<Diagnostic>> {
    let shown = Path::new(ROLES_DIR).join(format!("{stem}.yaml"));
    parse_role(&shown, stem, text.to_owned(), None)
        .result
        .map(|checked| checked.role())
        .map_err(|rejected| rejected.diagnostics)
}
