//! The `build` pipeline: load → validate → render → write.
//!
//! [`build`] is the one entry point the CLI (and later the watch loop) calls.
//! It loads and validates the site, compiles the theme, renders every page
//! in parallel straight into a staging folder and swaps that folder into
//! place, so the previous output survives any failure.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Invalid};
use crate::output::{self, OutputError};
use crate::render::{RenderError, SiteView};
use crate::theme::Theme;
use crate::watch::STATIC_DIR;

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

/// Builds the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut site = load::load_site(&options.root)?;
    if let Some(url) = &options.base_url {
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
    let theme = Theme::load(&site.root, &site.config.theme).map_err(Invalid::from)?;
    let roles = site
        .roles
        .iter()
        .filter(|role| options.drafts || !role.draft)
        .collect();
    let view = SiteView::new(&site.config, roles);

    let target = match &options.out {
        Some(out) => out.clone(),
        None => site.root.join(&site.config.output),
    };
    let staging = output::begin(&target, &site.root, options.force)?;
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
    staging.write("sitemap.xml", view.sitemap().as_bytes())?;
    staging.write("robots.txt", view.robots().as_bytes())?;
    staging.write_with("data/checker.json", |out| -> Result<(), BuildError> {
        Ok(view.write_checker_json(out)?)
    })?;
    staging.write_with("data/roles.json", |out| -> Result<(), BuildError> {
        Ok(view.write_roles_json(out)?)
    })?;
    let output = staging.target().to_path_buf();
    staging.commit()?;

    Ok(BuildReport {
        roles: view.roles.len(),
        pages: pages.len(),
        output,
        elapsed: started.elapsed(),
        warnings: site.warnings,
        absolute_urls: site.config.base_url.is_absolute(),
    })
}

/// Copies `static/` under the site root, as it is, to the output root
/// (`static/CNAME` becomes `CNAME`). Hidden files are skipped.
fn copy_site_static(root: &Path, staging: &output::Staging) -> Result<(), BuildError> {
    let dir = root.join(STATIC_DIR);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(&dir).to_path_buf();
            Invalid::from(Diagnostic::for_path(
                &path,
                format!("cannot read the static folder: {err}"),
            ))
        })?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|err| {
            Invalid::from(Diagnostic::for_path(
                entry.path(),
                format!("cannot read the static file: {err}"),
            ))
        })?;
        let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        staging.write(&relative.to_string_lossy().replace('\\', "/"), &bytes)?;
    }
    Ok(())
}
