//! The `build` pipeline: load → validate → render → write.
//!
//! [`build`] is the one entry point the CLI (and later the watch loop) calls.
//! It loads and validates the site, compiles the theme, renders every page
//! in parallel straight into a staging folder and swaps that folder into
//! place, so the previous output survives any failure.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::load::{walk, Invalid, Site, Sources};
use crate::model::Role;
use crate::output::{self, LiveOutput, OutputError};
use crate::render::{DataCache, Document, Page, RenderError, SiteView};
use crate::theme::Theme;
use crate::watch::{Scope, STATIC_DIR};

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

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Roles built.
    pub roles: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Whether `base_url` names a host (else canonical URLs are root-relative).
    pub absolute_urls: bool,
    /// Whether only the pages a role change affects were written.
    pub incremental: bool,
}

/// Why a build failed. The previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site's content or configuration has errors.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// A template could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// `data/roles.json` could not be serialised.
    #[error("cannot write data/roles.json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Builds the site described by `options`, from scratch.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    Session::new(options.clone()).rebuild(Scope::Everything, &[])
}

/// Repeated builds of one site, for `watch` and `serve`. A change confined
/// to role files re-reads only those files and re-renders only the pages
/// that show them (their own, the roles that link to them, the index, the
/// 404 and checker pages, the data files and the sitemap), writing each file
/// in place; anything else builds everything again through a staging folder.
/// Either way the output equals what a clean build writes.
pub struct Session {
    options: BuildOptions,
    /// Role files read so far, kept even when the site has errors.
    sources: Option<Sources>,
    /// What the output folder holds now.
    written: Option<Written>,
}

/// The site and theme the output folder was last written from.
struct Written {
    site: Site,
    theme: Theme,
    output: PathBuf,
    data: DataCache,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            sources: None,
            written: None,
        }
    }

    /// Brings the output up to date after changes of `scope` to `changed`.
    pub fn rebuild(
        &mut self,
        scope: Scope,
        changed: &[PathBuf],
    ) -> Result<BuildReport, BuildError> {
        if scope == Scope::Roles && self.written.is_some() {
            if let Some(sources) = self.sources.as_mut() {
                sources.refresh(changed)?;
                let site = sources.site();
                return self.update_roles(site);
            }
        }
        self.full().inspect_err(|_| {
            // After a failed full build nothing is known to be current.
            self.sources = None;
            self.written = None;
        })
    }

    /// Applies `--base-url` over the configuration's.
    fn with_base_url(&self, mut site: Site) -> Result<Site, BuildError> {
        if let Some(url) = &self.options.base_url {
            site.config.base_url = BaseUrl::parse(url)
                .map_err(|hint| {
                    Diagnostic::for_path(
                        Path::new("--base-url"),
                        format!("'{url}' is not a usable base URL"),
                    )
                    .with_hint(hint)
                })
                .map_err(Invalid::from)?;
        }
        Ok(site)
    }

    fn published<'s>(&self, site: &'s Site) -> Vec<&'s Arc<Role>> {
        site.roles
            .iter()
            .filter(|role| self.options.drafts || !role.draft)
            .collect()
    }

    fn report(
        &self,
        site: &Site,
        pages: usize,
        output: &Path,
        started: Instant,
        incremental: bool,
    ) -> BuildReport {
        BuildReport {
            roles: self.published(site).len(),
            pages,
            output: output.to_path_buf(),
            elapsed: started.elapsed(),
            warnings: site.warnings.clone(),
            absolute_urls: site.config.base_url.is_absolute(),
            incremental,
        }
    }

    fn full(&mut self) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        let sources = Sources::read(&self.options.root)?;
        let site = self.with_base_url(sources.site()?)?;
        let theme = Theme::load(&site.root, &site.config.theme).map_err(Invalid::from)?;
        let published = self.published(&site);
        let mut data = DataCache::default();
        data.update(&site.config, &published)?;
        let view = SiteView::new(&site.config, as_roles(&published), &data);
        let target = match &self.options.out {
            Some(out) => out.clone(),
            None => site.root.join(&site.config.output),
        };
        let staging = output::begin(&target, &site.root, self.options.force)?;
        // Site static files first: generated files win on a name clash.
        copy_site_static(&site.root, &staging)?;
        let pages = view.pages(&theme);
        pages
            .par_iter()
            .try_for_each(|page| -> Result<(), BuildError> {
                let html = view.render(&theme, *page)?;
                staging.write(&page.output_path(), html.as_bytes())?;
                Ok(())
            })?;
        for (name, bytes) in &theme.static_files {
            staging.write(&format!("assets/{name}"), bytes)?;
        }
        staging.write("robots.txt", view.robots().as_bytes())?;
        for (name, document) in data_files(&view) {
            staging.write_pieces(name, document.pieces())?;
        }
        let output = staging.target().to_path_buf();
        staging.commit()?;
        let report = self.report(&site, pages.len(), &output, started, false);
        drop(view);
        self.sources = Some(sources);
        self.written = Some(Written {
            site,
            theme,
            output,
            data,
        });
        Ok(report)
    }

    /// Writes the changes that `site`, freshly assembled from the refreshed
    /// sources, brings to the written output.
    fn update_roles(&mut self, site: Result<Site, Invalid>) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        let site = self.with_base_url(site?)?;
        let Some(mut written) = self.written.take() else {
            return self.full();
        };
        match self.write_changes(&mut written, &site) {
            Ok(pages) => {
                let report = self.report(&site, pages, &written.output, started, true);
                written.site = site;
                self.written = Some(written);
                Ok(report)
            }
            Err(err) => {
                // The output may be partly updated: the next change rebuilds all.
                self.sources = None;
                Err(err)
            }
        }
    }

    /// Renders what changed between the written site and `site`, then
    /// writes it in place. Returns the number of pages written.
    fn write_changes(&self, written: &mut Written, site: &Site) -> Result<usize, BuildError> {
        let before: HashMap<&str, &Arc<Role>> = self
            .published(&written.site)
            .into_iter()
            .map(|role| (role.slug.as_str(), role))
            .collect();
        let now = self.published(site);
        let now_slugs: HashSet<&str> = now.iter().map(|role| role.slug.as_str()).collect();
        let mut touched: HashSet<&str> = now
            .iter()
            .filter(|role| {
                before
                    .get(role.slug.as_str())
                    .is_none_or(|old| !same_role(old, role))
            })
            .map(|role| role.slug.as_str())
            .collect();
        let removed: Vec<&str> = before
            .keys()
            .copied()
            .filter(|slug| !now_slugs.contains(slug))
            .collect();
        touched.extend(&removed);
        written.data.update(&site.config, &now)?;
        let view = SiteView::new(&site.config, as_roles(&now), &written.data);
        let mut pages = view.pages(&written.theme);
        pages.retain(|page| match page {
            Page::Role(role) => {
                touched.contains(role.slug.as_str())
                    || role
                        .related
                        .iter()
                        .any(|slug| touched.contains(slug.as_str()))
            }
            _ => true,
        });
        // Render everything before writing anything, so a template error
        // leaves the output as it was; the data files meanwhile.
        let (rendered, data) = rayon::join(
            || {
                pages
                    .par_iter()
                    .map(|page| Ok((page.output_path(), view.render(&written.theme, *page)?)))
                    .collect::<Result<Vec<(String, String)>, BuildError>>()
            },
            || data_files(&view),
        );
        let rendered = rendered?;
        let live = LiveOutput::new(&written.output);
        let pages = rendered
            .par_iter()
            .map(|(path, html)| live.replace(path, std::iter::once(html.as_str())));
        let documents = data
            .par_iter()
            .map(|(name, document)| live.replace(name, document.pieces()));
        pages
            .chain(documents)
            .collect::<Result<(), OutputError>>()?;
        for slug in removed {
            live.remove_dir(&format!("roles/{slug}"))?;
        }
        Ok(rendered.len())
    }
}

/// Roles behind their shared pointers, as rendering takes them.
fn as_roles<'s>(roles: &[&'s Arc<Role>]) -> Vec<&'s Role> {
    roles.iter().map(|role| &***role).collect()
}

/// Whether two loads of a role are the same: usually the very same value,
/// since unchanged files are not read again.
pub(crate) fn same_role(a: &Arc<Role>, b: &Arc<Role>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The files that list every role: the sitemap and the two JSON APIs.
fn data_files<'v>(view: &'v SiteView) -> Vec<(&'static str, Document<'v>)> {
    vec![
        ("sitemap.xml", Document::whole(view.sitemap())),
        ("data/checker.json", view.checker_json()),
        ("data/roles.json", view.roles_json()),
    ]
}

/// Copies `static/` under the site root, as it is, to the output root
/// (`static/CNAME` becomes `CNAME`). Hidden files are skipped.
fn copy_site_static(root: &Path, staging: &output::Staging) -> Result<(), BuildError> {
    let dir = root.join(STATIC_DIR);
    if !dir.is_dir() {
        return Ok(());
    }
    for path in walk::site_files(root, &dir).map_err(Invalid::from)? {
        let bytes = std::fs::read(&path).map_err(|err| {
            Invalid::from(Diagnostic::for_path(
                &path,
                format!("cannot read the static file: {err}"),
            ))
        })?;
        let relative = path.strip_prefix(&dir).unwrap_or(&path);
        staging.write(&relative.to_string_lossy().replace('\\', "/"), &bytes)?;
    }
    Ok(())
}
