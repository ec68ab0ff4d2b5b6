//! The pipeline every command runs: load → validate → render → write.
//!
//! [`load_site`] reads and validates a site ([`crate::load`]); [`Prepared`]
//! adds the compiled theme and the serialised data; [`Prepared::emit`] sends
//! every output file, rendered, to a [`Sink`]. `build` and the watch loop's
//! full rebuilds give it a staging folder that is swapped into place
//! ([`crate::output`]); [`check`] gives it a sink that only verifies the
//! names, so `check` reports exactly what a build would; `fit` stops after
//! validation. [`Session`] keeps what a watch loop needs between rebuilds
//! and re-renders only what a role change touches.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::i18n::{Localised, Strings, LANGUAGE_NAME};
use crate::layout::{self, SourceKind};
use crate::load::config::{BaseUrl, Config};
use crate::load::{walk, Invalid, ResourceLink, Site, Sources};
use crate::model::{same_role, Role};
use crate::output::{self, LiveOutput, OutputError, Record};
use crate::render::{
    self, listing_paths, DataCache, Document, LanguageInfo, Languages, Page, RenderError, SiteView,
};
use crate::theme::Theme;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `roles/`).
    pub root: PathBuf,
    /// Output folder; defaults to `output` from `rolemap.yaml`, relative to the root.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from `rolemap.yaml`.
    pub base_url: Option<String>,
    /// Build draft roles too.
    pub drafts: bool,
    /// Replace a non-empty output folder that rolemap did not create.
    pub force: bool,
}

impl BuildOptions {
    /// The output folder for a site whose configuration says `configured`.
    pub fn output(&self, root: &Path, configured: &Path) -> PathBuf {
        match &self.out {
            Some(out) => out.clone(),
            None => root.join(configured),
        }
    }

    /// The output folder before anything is built: `--out`, else the
    /// configuration's `output`, else the default, under the root.
    pub fn output_folder(&self) -> PathBuf {
        let root = layout::resolved(&self.root);
        let configured = Config::load(&root)
            .map(|config| config.output)
            .unwrap_or_else(|_| PathBuf::from(layout::DEFAULT_OUTPUT));
        self.output(&root, &configured)
    }
}

/// What a burst of source changes needs from a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Only stylesheets changed: the browser can swap them without a reload.
    Styles,
    /// Role files changed: only the pages that show them are rendered.
    Roles,
    /// The configuration, a template or a static file changed.
    Everything,
}

impl Scope {
    /// What a change to a source of this kind needs.
    pub fn of(kind: SourceKind) -> Scope {
        match kind {
            SourceKind::Role => Scope::Roles,
            SourceKind::Stylesheet => Scope::Styles,
            SourceKind::Config | SourceKind::Theme | SourceKind::Static | SourceKind::Strings => {
                Scope::Everything
            }
        }
    }
}

/// A description of what changed since the last build: the changed source
/// files and what they need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The changed source files.
    pub paths: Vec<PathBuf>,
    /// What they affect.
    pub scope: Scope,
}

impl Change {
    /// Nothing is known about the output: build everything.
    pub fn everything() -> Change {
        Change {
            paths: Vec::new(),
            scope: Scope::Everything,
        }
    }

    /// Merges a later change into this one.
    pub fn merge(&mut self, other: Change) {
        self.scope = match (self.scope, other.scope) {
            (a, b) if a == b => a,
            // Styles alone can be swapped in place; mixed with anything, rebuild all.
            (Scope::Styles, _) | (_, Scope::Styles) => Scope::Everything,
            (a, b) => a.max(b),
        };
        for path in other.paths {
            if !self.paths.contains(&path) {
                self.paths.push(path);
            }
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Roles built; after an incremental rebuild, the roles that changed.
    pub roles: usize,
    /// Files of pages written.
    pub pages: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Whether `base_url` names a host (else canonical URLs are
    /// root-relative, and there is no sitemap and no feed).
    pub absolute_urls: bool,
    /// Roles without an `updated` date, which the feed leaves out.
    pub undated: usize,
    /// How much was written.
    pub kind: BuildKind,
}

/// How much of the output a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    /// Everything, through a staging folder swapped into place.
    Full,
    /// Only the pages a role change affects, in place.
    Incremental,
    /// Nothing: the inputs are those of the build that wrote the output,
    /// and the output is as that build left it.
    UpToDate,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The site's content, configuration or theme has errors.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The data files could not be serialised.
    #[error("cannot serialise the data files: {0}")]
    Json(#[from] serde_json::Error),
}

/// A failed build, and what became of the previous output.
#[derive(Debug, thiserror::Error)]
#[error("{failure}")]
pub struct BuildError {
    /// What went wrong.
    pub failure: Failure,
    /// The previous output, when there is one and it is untouched.
    pub previous_output: Option<PathBuf>,
}

/// Loads and validates the site the options name, with `--base-url` applied.
pub fn load_site(options: &BuildOptions) -> Result<Site, Invalid> {
    let sources = Sources::read(&options.root)?;
    with_base_url(sources.site()?, options)
}

/// Applies `--base-url` over the configuration's.
fn with_base_url(mut site: Site, options: &BuildOptions) -> Result<Site, Invalid> {
    if let Some(url) = &options.base_url {
        site.config.base_url = BaseUrl::parse(url).map_err(|hint| {
            Diagnostic::for_path(
                Path::new("--base-url"),
                format!("'{url}' is not a usable base URL"),
            )
            .with_hint(hint)
        })?;
    }
    Ok(site)
}

/// The site's settings as the pages of `language` use them, and its
/// interface text: the language's tag, its folder's base URL, checker
/// vocabulary and score band names, and what `i18n/<lang>.yaml` says
/// (title, description, synonyms in addition to the site's).
pub fn localise(site: &Site, language: &str) -> Result<(Config, Localised), Vec<Diagnostic>> {
    let prefix = layout::language_prefix(language, &site.config.language);
    let mut localised = Strings::load(&site.root, &site.config.theme, language)?;
    let mut config = site.config.localised(language, &prefix);
    let untitled = (site.config.title_written && localised.title.is_none())
        || (site.config.description_written && localised.description.is_none());
    if untitled && language != site.config.language {
        localised.warnings.push(
            Diagnostic::for_path(
                &Path::new(layout::I18N_DIR).join(format!("{language}.yaml")),
                format!(
                    "the site's title or description has no '{language}' translation: its pages show the default language's"
                ),
            )
            .with_hint("give `title:` and `description:` in this file")
            .warning(),
        );
    }
    // The site's own words, else the table's stand-ins in this language.
    let text = |given: &Option<String>, written: bool, site: String, key: &str| match given {
        Some(text) => text.clone(),
        None if written => site,
        None => localised.strings.text(key).to_owned(),
    };
    config.title = text(
        &localised.title,
        config.title_written,
        config.title,
        "site_title",
    );
    config.description = text(
        &localised.description,
        config.description_written,
        config.description,
        "site_description",
    );
    for (name, terms) in &localised.synonyms {
        let group = config.synonyms.entry(name.clone()).or_default();
        group.extend(
            terms
                .iter()
                .filter(|term| !group.contains(term))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    localised.strings.localise_bands(&mut config);
    Ok((config, localised))
}

/// A validated site with its theme compiled and its data serialised: ready
/// to render.
pub struct Prepared {
    site: Site,
    theme: Theme,
    /// The site's languages, for every page's switcher and alternates.
    languages: Languages,
    /// Each language's version of the site, the default first.
    editions: Vec<Edition>,
    /// Problems with the strings tables that do not stop a build.
    strings_warnings: Vec<Diagnostic>,
    drafts: bool,
}

/// One language's version of the site: the settings its pages use, its
/// roles' serialised data, its interface text and the templates with its
/// filters.
struct Edition {
    /// The site's settings localised ([`localise`]).
    config: Config,
    data: DataCache,
    strings: Strings,
    tera: tera::Tera,
}

impl Prepared {
    /// Compiles the theme and serialises the data of `site`. Errors carry
    /// the site's warnings too, as every failure report does.
    pub fn new(site: Site, drafts: bool) -> Result<Prepared, Failure> {
        let theme = Theme::load(&site.root, &site.config.theme)
            .map_err(|problem| site.invalid(vec![problem]))?;
        let mut languages = languages_of(&site);
        let mut editions = Vec::with_capacity(languages.list.len());
        let mut strings_warnings = Vec::new();
        for language in &mut languages.list {
            let (config, localised) =
                localise(&site, &language.tag).map_err(|problems| site.invalid(problems))?;
            // Each language renders with its own filters (plurals, numbers, dates).
            let mut tera = theme.tera.clone();
            localised.strings.register(&mut tera);
            strings_warnings.extend(localised.warnings);
            language.name = localised.strings.text(LANGUAGE_NAME).to_owned();
            let mut edition = Edition {
                config,
                data: DataCache::default(),
                strings: localised.strings,
                tera,
            };
            let published = site.published_in(&language.tag, drafts);
            edition.data.update(&edition.config, &published)?;
            editions.push(edition);
        }
        Ok(Prepared {
            site,
            theme,
            languages,
            editions,
            strings_warnings,
            drafts,
        })
    }

    /// The view of each language every page is rendered from, the default
    /// language's first.
    fn views(&self) -> Vec<SiteView<'_>> {
        let originals = as_roles(&self.site.published(self.drafts));
        self.editions
            .iter()
            .enumerate()
            .map(|(index, edition)| {
                let roles = self
                    .site
                    .published_in(&edition.config.language, self.drafts);
                SiteView::new(
                    &edition.config,
                    as_roles(&roles),
                    &edition.data,
                    &edition.strings,
                    &self.languages,
                    index,
                    &originals,
                )
            })
            .collect()
    }

    /// Every problem that did not stop the build: the site's and the
    /// strings tables'.
    fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self.site.warnings.clone();
        warnings.extend(self.strings_warnings.iter().cloned());
        warnings
    }

    /// Renders every output file and hands it to `sink`: the site's static
    /// files, every page (in parallel), the theme's assets, robots.txt and
    /// the data files. Every render error is collected, not only the first.
    /// Returns the number of pages.
    pub fn emit(&self, sink: &dyn Sink) -> Result<usize, Failure> {
        let problems = Mutex::new(Vec::new());
        let guarded = Guarded {
            sink,
            problems: &problems,
        };
        // Site static files first: generated files win on a name clash.
        for (relative, path) in site_static_files(&self.site.root)? {
            let bytes = std::fs::read(&path).map_err(|err| {
                Invalid::from(Diagnostic::for_path(
                    &path,
                    format!("cannot read the static file: {err}"),
                ))
            })?;
            guarded.put(&relative, [bytes.as_slice()])?;
        }
        let views = self.views();
        let pages: Vec<(&SiteView, &tera::Tera, Page)> = views
            .iter()
            .zip(&self.editions)
            .flat_map(|(view, edition)| {
                view.pages(&self.theme)
                    .into_iter()
                    .map(move |page| (view, &edition.tera, page))
            })
            .collect();
        pages
            .par_iter()
            .try_for_each(|(view, tera, page)| -> Result<(), Failure> {
                match view.render(tera, *page) {
                    Ok(html) => guarded.put(&view.output_path(page), [html.as_bytes()])?,
                    Err(err) => guarded.problem(self.render_diagnostic(&err)),
                }
                if let Page::Role(role) = page {
                    let json = view.role_json(role)?;
                    let path = view.localised(&layout::role_data(role.slug.as_str()));
                    guarded.put(&path, [json.as_bytes()])?;
                }
                Ok(())
            })?;
        for (name, bytes) in &self.theme.static_files {
            guarded.put(&layout::asset(name), [bytes.as_slice()])?;
        }
        for (name, document) in site_files(&views, &self.theme)? {
            guarded.put(&name, document.pieces().map(str::as_bytes))?;
        }
        let problems = problems.into_inner().unwrap_or_default();
        if problems.is_empty() {
            Ok(pages.len())
        } else {
            Err(self.site.invalid(problems).into())
        }
    }

    /// A template error as a diagnostic on the template's file.
    fn render_diagnostic(&self, err: &RenderError) -> Diagnostic {
        let template = layout::theme_dir(Path::new(""), &self.site.config.theme)
            .join(layout::TEMPLATES_DIR)
            .join(&err.template);
        Diagnostic::for_path(
            &template,
            format!("rendering {} failed: {}", err.page, err.message),
        )
    }

    fn report(&self, pages: usize, output: &Path, started: Instant) -> BuildReport {
        BuildReport {
            roles: self.site.published(self.drafts).len(),
            pages,
            output: output.to_path_buf(),
            elapsed: started.elapsed(),
            warnings: self.warnings(),
            absolute_urls: self.site.config.base_url.is_absolute(),
            undated: self.undated(),
            kind: BuildKind::Full,
        }
    }

    /// Built roles without an `updated` date.
    fn undated(&self) -> usize {
        self.site
            .published(self.drafts)
            .iter()
            .filter(|role| role.updated.is_none())
            .count()
    }
}

/// Where emitted files go: a staging folder, or nowhere (for `check`).
pub trait Sink: Sync {
    /// Takes the file at `relative` (a `/`-separated path), made of `pieces`.
    fn put(
        &self,
        relative: &str,
        pieces: &mut dyn Iterator<Item = &[u8]>,
    ) -> Result<(), OutputError>;
}

impl Sink for output::Staging {
    fn put(
        &self,
        relative: &str,
        pieces: &mut dyn Iterator<Item = &[u8]>,
    ) -> Result<(), OutputError> {
        self.write_pieces(relative, pieces)
    }
}

/// A sink that writes nothing: `check` renders every page and verifies
/// the names, exactly as a build would, and keeps no bytes.
struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, pieces: &mut dyn Iterator<Item = &[u8]>) -> Result<(), OutputError> {
        pieces.for_each(drop);
        Ok(())
    }
}

/// A sink behind the checks every output name must pass; problems are
/// collected as diagnostics.
struct Guarded<'a> {
    sink: &'a dyn Sink,
    problems: &'a Mutex<Vec<Diagnostic>>,
}

impl Guarded<'_> {
    fn put<'p>(
        &self,
        relative: &str,
        pieces: impl IntoIterator<Item = &'p [u8]>,
    ) -> Result<(), Failure> {
        if let Some(name) = layout::overlong_name(relative) {
            self.problem(
                Diagnostic::for_path(
                    Path::new(relative),
                    format!(
                        "the output name '{name}' is {} bytes; file systems accept {}",
                        name.len(),
                        layout::MAX_NAME_BYTES
                    ),
                )
                .with_hint("shorten the slug or file name it comes from"),
            );
            return Ok(());
        }
        Ok(self.sink.put(relative, &mut pieces.into_iter())?)
    }

    fn problem(&self, diagnostic: Diagnostic) {
        if let Ok(mut problems) = self.problems.lock() {
            problems.push(diagnostic);
        }
    }
}

/// What `check` found: every diagnostic a build would report.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Roles checked (drafts included), counted even when files have errors.
    pub roles: usize,
    /// The resource URLs of every role that passed its own checks, for
    /// `check --links` ([`crate::links`]).
    pub links: Vec<ResourceLink>,
}

/// `rolemap check`: the build pipeline without writing. Drafts are checked
/// too, since they are built with `--drafts`.
pub fn check(options: &BuildOptions) -> CheckReport {
    let sources = match Sources::read(&options.root) {
        Ok(sources) => sources,
        Err(invalid) => {
            return CheckReport {
                diagnostics: invalid.diagnostics,
                roles: 0,
                links: Vec::new(),
            }
        }
    };
    let checking = BuildOptions {
        drafts: true,
        ..options.clone()
    };
    let outcome = prepare(&sources, &checking).and_then(|prepared| {
        prepared.emit(&Discard)?;
        Ok(prepared.warnings())
    });
    let diagnostics = match outcome {
        Ok(warnings) => warnings,
        Err(Failure::Invalid(invalid)) => invalid.diagnostics,
        Err(other) => vec![Diagnostic::for_path(
            Path::new(layout::CHECKER_DATA),
            other.to_string(),
        )],
    };
    CheckReport {
        diagnostics,
        roles: sources.role_count(),
        links: sources.resource_links(),
    }
}

/// Validates the read sources into a site and prepares it for rendering.
fn prepare(sources: &Sources, options: &BuildOptions) -> Result<Prepared, Failure> {
    let site = with_base_url(sources.site()?, options)?;
    Prepared::new(site, options.drafts)
}

/// Builds the site described by `options`, from scratch, unless its
/// output is current: built from the same inputs (same fingerprint) by a
/// build without warnings, and unchanged since.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let root = layout::resolved(&options.root);
    let fingerprint = fingerprint::of_inputs(&root, options.drafts, options.base_url.as_deref());
    if let Some(fingerprint) = &fingerprint {
        let output = options.output_folder();
        if let Some(record) = output::keep_current(&output, fingerprint) {
            return Ok(BuildReport {
                roles: record.roles,
                pages: record.pages,
                output,
                elapsed: started.elapsed(),
                warnings: Vec::new(),
                absolute_urls: record.absolute_urls,
                undated: record.undated,
                kind: BuildKind::UpToDate,
            });
        }
    }
    let mut session = Session::new(options.clone());
    session.fingerprint = fingerprint;
    session.rebuild(&Change::everything())
}

/// Repeated builds of one site, for `watch` and `serve`. A change confined
/// to role files re-reads only those files and re-renders only the pages
/// that show them (their own, the roles that link to them, the index, the
/// 404 and checker pages, the data files and the sitemap), writing each file
/// beside its final name and renaming them into place only when all are
/// written, so a failed write leaves the output as it was, and a failed
/// rename is followed by a full build; anything else builds everything
/// again through a staging folder. Either way the output equals what a
/// clean build writes.
pub struct Session {
    options: BuildOptions,
    /// Role files read so far, kept even when the site has errors.
    sources: Option<Sources>,
    /// What the output folder holds now.
    written: Option<Written>,
    /// The fingerprint of the inputs, to record in the output's marker
    /// after a full build without warnings (`rolemap build` only: a watch
    /// loop's updates would outdate it).
    fingerprint: Option<String>,
}

/// The prepared site the output folder was last written from.
struct Written {
    prepared: Prepared,
    output: PathBuf,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            sources: None,
            written: None,
            fingerprint: None,
        }
    }

    /// Brings the output up to date after `change`.
    pub fn rebuild(&mut self, change: &Change) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        if change.scope == Scope::Roles && self.written.is_some() {
            if let Some(sources) = self.sources.as_mut() {
                let refreshed = sources.refresh(&change.paths);
                let site = refreshed.and_then(|()| sources.site());
                return self.update_roles(site, started);
            }
        }
        match self.full(started) {
            Ok(report) => Ok(report),
            Err(failure) => {
                let previous_output = self
                    .known_output()
                    .filter(|dir| dir.join(layout::OUTPUT_MARKER).is_file());
                // After a failed full build nothing is known to be current.
                self.sources = None;
                self.written = None;
                Err(BuildError {
                    failure,
                    previous_output,
                })
            }
        }
    }

    /// The output folder, as far as it can be known: `--out`, the folder
    /// last written, or the configuration's `output`.
    fn known_output(&self) -> Option<PathBuf> {
        match (&self.options.out, &self.written) {
            (Some(out), _) => Some(out.clone()),
            (None, Some(written)) => Some(written.output.clone()),
            (None, None) => {
                let root = layout::resolved(&self.options.root);
                let config = Config::load(&root).ok()?;
                Some(self.options.output(&root, &config.output))
            }
        }
    }

    fn full(&mut self, started: Instant) -> Result<BuildReport, Failure> {
        let sources = Sources::read(&self.options.root)?;
        let prepared = prepare(&sources, &self.options)?;
        let target = self
            .options
            .output(&prepared.site.root, &prepared.site.config.output);
        let staging = output::begin(&target, &prepared.site.root, self.options.force)?;
        let pages = prepared.emit(&staging)?;
        let output = staging.target().to_path_buf();
        let record = self
            .fingerprint
            .take()
            .filter(|_| prepared.warnings().is_empty())
            .map(|fingerprint| Record {
                fingerprint,
                roles: prepared.site.published(prepared.drafts).len(),
                pages,
                absolute_urls: prepared.site.config.base_url.is_absolute(),
                undated: prepared.undated(),
            });
        let leftover = match &record {
            Some(record) => staging.commit_recorded(record)?,
            None => staging.commit()?,
        };
        let mut report = prepared.report(pages, &output, started);
        if let Some(left) = leftover {
            report.warnings.push(
                Diagnostic::for_path(
                    &left.path,
                    format!(
                        "the new site is in place, but the previous one could not be deleted: {}",
                        left.source
                    ),
                )
                .warning()
                .with_hint("delete it by hand; the next build also tries"),
            );
        }
        self.sources = Some(sources);
        self.written = Some(Written { prepared, output });
        Ok(report)
    }

    /// Writes the changes that `site`, freshly assembled from the refreshed
    /// sources, brings to the written output.
    fn update_roles(
        &mut self,
        site: Result<Site, Invalid>,
        started: Instant,
    ) -> Result<BuildReport, BuildError> {
        let Some(mut written) = self.written.take() else {
            return self.rebuild(&Change::everything());
        };
        let output = written.output.clone();
        let outcome = site
            .and_then(|site| with_base_url(site, &self.options))
            .map_err(Failure::from)
            .and_then(|site| Ok((write_changes(&mut written, &site)?, site)));
        match outcome {
            Ok((staged, site)) => {
                let Staged { live, roles, pages } = staged;
                if let Err(err) = live.apply() {
                    // Some files are renamed into place and some are not: a
                    // full build through a staging folder makes the site whole.
                    self.sources = None;
                    return match self.rebuild(&Change::everything()) {
                        Ok(mut report) => {
                            report.warnings.push(
                                Diagnostic::for_path(&output, format!("{err}; rebuilt everything"))
                                    .warning(),
                            );
                            Ok(report)
                        }
                        Err(mut failed) => {
                            // The output is partly updated, not the previous one.
                            failed.previous_output = None;
                            Err(failed)
                        }
                    };
                }
                written.prepared.site = site;
                let mut report = written.prepared.report(pages, &output, started);
                report.roles = roles;
                report.kind = BuildKind::Incremental;
                self.written = Some(written);
                Ok(report)
            }
            Err(failure) => {
                // Nothing was renamed into the output: it is what was written.
                self.written = Some(written);
                Err(BuildError {
                    failure,
                    previous_output: Some(output),
                })
            }
        }
    }
}

/// Renders what changed between the written site and `site` and writes it
/// beside the output, to be renamed into place by [`LiveOutput::apply`].
/// On failure nothing in the output has changed.
fn write_changes(written: &mut Written, site: &Site) -> Result<Staged, Failure> {
    let prepared = &mut written.prepared;
    let drafts = prepared.drafts;
    // A role is touched when its text changed in any language: its pages
    // in every language are rendered again (they name each other).
    let mut touched: HashSet<String> = HashSet::new();
    let mut removed: HashSet<String> = HashSet::new();
    let mut feed_changed = Vec::new();
    for edition in &prepared.editions {
        let language = edition.config.language.as_str();
        let before: HashMap<&str, &Arc<Role>> = prepared
            .site
            .published_in(language, drafts)
            .into_iter()
            .map(|role| (role.slug.as_str(), role))
            .collect();
        let now = site.published_in(language, drafts);
        let now_slugs: HashSet<&str> = now.iter().map(|role| role.slug.as_str()).collect();
        touched.extend(
            now.iter()
                .filter(|role| {
                    before
                        .get(role.slug.as_str())
                        .is_none_or(|old| !same_role(old, role))
                })
                .map(|role| role.slug.as_str().to_owned()),
        );
        removed.extend(
            before
                .keys()
                .filter(|slug| !now_slugs.contains(*slug))
                .map(|slug| slug.to_string()),
        );
        let had_feed = render::feed_exists(
            &edition.config,
            &as_roles(&before.into_values().collect::<Vec<_>>()),
        );
        let has_feed = render::feed_exists(&edition.config, &as_roles(&now));
        feed_changed.push((had_feed, has_feed));
    }
    touched.extend(removed.iter().cloned());
    let listed_before: Vec<BTreeSet<String>> = prepared
        .editions
        .iter()
        .map(|edition| listings(&prepared.site, &edition.config.language, drafts))
        .collect();
    prepared.languages.translated = languages_of(site).translated;
    for edition in &mut prepared.editions {
        let now = site.published_in(&edition.config.language, drafts);
        edition.data.update(&edition.config, &now)?;
    }
    let prepared = &written.prepared;
    let originals = as_roles(&site.published(drafts));
    let views: Vec<SiteView> = prepared
        .editions
        .iter()
        .enumerate()
        .map(|(index, edition)| {
            let roles = site.published_in(&edition.config.language, drafts);
            SiteView::new(
                &edition.config,
                as_roles(&roles),
                &edition.data,
                &edition.strings,
                &prepared.languages,
                index,
                &originals,
            )
        })
        .collect();
    let any_feed_changed = feed_changed.iter().any(|(had, has)| had != has);
    let mut pages: Vec<(&SiteView, &tera::Tera, Page)> = Vec::new();
    for (view, edition) in views.iter().zip(&prepared.editions) {
        // Every page's `<head>` links the feed when there is one.
        pages.extend(
            view.pages(&prepared.theme)
                .into_iter()
                .filter(|page| match page {
                    Page::Role(_) if any_feed_changed => true,
                    Page::Role(role) => {
                        touched.contains(role.slug.as_str())
                            || role
                                .related
                                .iter()
                                .any(|slug| touched.contains(slug.as_str()))
                    }
                    _ => true,
                })
                .map(|page| (view, &edition.tera, page)),
        );
    }
    // Render everything before writing anything, so a template error
    // leaves the output as it was; the data files meanwhile.
    let (rendered, data) = rayon::join(
        || {
            pages
                .par_iter()
                .map(|(view, tera, page)| {
                    view.render(tera, *page)
                        .map(|html| (view.output_path(page), html))
                        .map_err(|err| prepared.render_diagnostic(&err))
                })
                .collect::<Vec<_>>()
        },
        || site_files(&views, &prepared.theme),
    );
    let data = data?;
    let (rendered, problems): (Vec<_>, Vec<_>) = rendered.into_iter().partition(Result::is_ok);
    if !problems.is_empty() {
        let problems = problems.into_iter().filter_map(Result::err).collect();
        return Err(site.invalid(problems).into());
    }
    // Pages and the JSON files of their roles, which fail as the build's do.
    let mut rendered: Vec<(String, String)> = rendered.into_iter().filter_map(Result::ok).collect();
    for (view, _, page) in &pages {
        if let Page::Role(role) = page {
            let path = view.localised(&layout::role_data(role.slug.as_str()));
            rendered.push((path, view.role_json(role)?));
        }
    }
    // Every file is written beside its final name before any is renamed
    // over it: a failed write leaves the output as it was.
    let mut live = LiveOutput::new(&written.output);
    let files = rendered
        .par_iter()
        .map(|(path, text)| live.stage(path, std::iter::once(text.as_bytes())));
    let documents = data
        .par_iter()
        .map(|(name, document)| live.stage(name, document.pieces().map(str::as_bytes)));
    files
        .chain(documents)
        .collect::<Result<(), OutputError>>()?;
    for ((view, (had_feed, has_feed)), before) in views.iter().zip(feed_changed).zip(&listed_before)
    {
        for slug in &removed {
            live.remove(&view.localised(&layout::role_dir(slug)));
        }
        if had_feed && !has_feed {
            live.remove(&view.localised(layout::FEED));
        }
        // Listing pages the site no longer has: a category gone, a list shorter.
        let now = listings(site, view.language(), drafts);
        for gone in before.difference(&now) {
            live.remove(layout::page_dir(gone));
        }
    }
    Ok(Staged {
        live,
        roles: touched.len(),
        pages: pages.len(),
    })
}

/// The listing pages beyond the index that `site` has in `language`, by
/// their path in the output. Categories are named by the default
/// language's slugs in every language.
fn listings(site: &Site, language: &str, drafts: bool) -> BTreeSet<String> {
    let prefix = layout::language_prefix(language, &site.config.language);
    listing_paths(
        site.published(drafts)
            .iter()
            .map(|role| role.category.as_deref()),
    )
    .into_iter()
    .map(|path| layout::in_language(&prefix, &path))
    .collect()
}

/// An incremental update written beside the output, ready to take effect.
struct Staged {
    live: LiveOutput,
    /// Roles that changed.
    roles: usize,
    /// Pages written.
    pages: usize,
}

/// Roles behind their shared pointers, as rendering takes them.
fn as_roles<'s>(roles: &[&'s Arc<Role>]) -> Vec<&'s Role> {
    roles.iter().map(|role| &***role).collect()
}

/// The files of one language that list its roles, by their path in the
/// output: the feed (when there is one), the checker data, the search
/// index and the roles API.
fn data_files<'v>(view: &'v SiteView) -> Result<Vec<(String, Document<'v>)>, serde_json::Error> {
    let mut files = vec![
        (layout::CHECKER_DATA, view.checker_data()?),
        (layout::SEARCH_DATA, view.search_data()?),
        (layout::ROLES_JSON, view.roles_json()),
    ];
    if let Some(xml) = view.feed() {
        files.push((layout::FEED, Document::whole(xml)));
    }
    Ok(files
        .into_iter()
        .map(|(name, document)| (view.localised(name), document))
        .collect())
}

/// Every language's [`data_files`], then the files of the whole site:
/// `robots.txt` and the sitemap (when there is one).
fn site_files<'v>(
    views: &'v [SiteView],
    theme: &Theme,
) -> Result<Vec<(String, Document<'v>)>, serde_json::Error> {
    let mut files = Vec::new();
    for view in views {
        files.extend(data_files(view)?);
    }
    if let Some(first) = views.first() {
        files.push((layout::ROBOTS.to_owned(), Document::whole(first.robots())));
    }
    if let Some(xml) = render::sitemap(views, theme) {
        files.push((layout::SITEMAP.to_owned(), Document::whole(xml)));
    }
    Ok(files)
}

/// The site's languages: each with its folder (its name is its tag until
/// its strings table is read), and which roles each has translated.
fn languages_of(site: &Site) -> Languages {
    let default = site.config.language.as_str();
    let list: Vec<LanguageInfo> = site
        .config
        .languages
        .iter()
        .map(|tag| LanguageInfo {
            tag: tag.clone(),
            prefix: layout::language_prefix(tag, default),
            name: tag.clone(),
        })
        .collect();
    let mut translated: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, language) in list.iter().enumerate() {
        for slug in site
            .translations
            .get(&language.tag)
            .into_iter()
            .flat_map(HashMap::keys)
        {
            translated
                .entry(slug.as_str().to_owned())
                .or_default()
                .push(index);
        }
    }
    Languages {
        list,
        site_base: site.config.base_url.clone(),
        translated,
    }
}

/// The files under `static/` at the site root, each with its path in the
/// output (`static/CNAME` becomes `CNAME`). Hidden files are skipped.
fn site_static_files(root: &Path) -> Result<Vec<(String, PathBuf)>, Invalid> {
    let dir = root.join(layout::STATIC_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let files = walk::site_files(root, &dir)?
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&dir).unwrap_or(&path);
            (relative.to_string_lossy().replace('\\', "/"), path)
        })
        .collect();
    Ok(files)
}
