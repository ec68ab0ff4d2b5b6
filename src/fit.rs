//! `rolemap fit`: the readiness checker on the command line.
//!
//! Loads and validates the site through the build pipeline
//! ([`crate::build::load_site`]), compiles the same matching data the build
//! writes to `data/checker.json`, reads a CV ([`crate::cv`]: text, PDF or
//! Word) and scores it
//! against every published role (or one). The JSON output is exactly what `rank()` in checker.js
//! returns for the same text and data.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::build::{load_site, BuildOptions};
use crate::checker::compile::{compile_site, CheckRole};
use crate::checker::{rank, CheckerData, RoleFit};
use crate::diagnostics::did_you_mean;
use crate::load::{Invalid, Site};
use crate::model::Role;

/// What to score.
#[derive(Debug, Clone, Default)]
pub struct FitOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The CV file; `None` or `-` reads standard input.
    pub input: Option<PathBuf>,
    /// Score only this role, in detail.
    pub role: Option<String>,
}

/// Why `fit` could not run.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The site has errors.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The CV could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The CV file gave no text.
    #[error(transparent)]
    Cv(#[from] crate::cv::CvError),
    /// `--role` names no built role.
    #[error("there is no role '{slug}'{}", suggestion.as_ref().map(|s| format!("; did you mean '{s}'?")).unwrap_or_default())]
    UnknownRole {
        /// The slug given.
        slug: String,
        /// The closest existing slug.
        suggestion: Option<String>,
    },
}

/// The scores and the data they were computed from.
#[derive(Debug)]
pub struct FitReport {
    /// Roles ranked, or the one role asked for.
    pub fits: Vec<RoleFit>,
    /// The matching data, for phase titles and skill names.
    pub data: CheckerData,
}

/// Scores the CV named by `options` (or `stdin`) against the site's roles.
pub fn fit(options: &FitOptions, stdin: impl Read) -> Result<FitReport, FitError> {
    let text = read_text(options.input.as_deref(), stdin)?;
    let mut data = site_checker_data(&options.root)?;
    if let Some(slug) = &options.role {
        if !data.roles.iter().any(|role| &role.slug == slug) {
            let suggestion =
                did_you_mean(slug, data.roles.iter().map(|r| r.slug.as_str())).map(str::to_owned);
            return Err(FitError::UnknownRole {
                slug: slug.clone(),
                suggestion,
            });
        }
        data.roles.retain(|role| &role.slug == slug);
    }
    Ok(FitReport {
        fits: rank(&text, &data),
        data,
    })
}

/// The matching data of the published roles of the site at `root`, loaded
/// and validated through the build pipeline.
pub fn site_checker_data(root: &Path) -> Result<CheckerData, Invalid> {
    let site = load_site(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    Ok(checker_data(&site))
}

/// The matching data of the site's published roles, as the build writes
/// it to `data/checker.json`.
pub fn checker_data(site: &Site) -> CheckerData {
    let published: Vec<&Role> = site
        .published(false)
        .into_iter()
        .map(|role| &**role)
        .collect();
    compile_site(&published, &site.config.synonyms, &site.config.checker)
}

/// The CV's text: standard input as UTF-8 text (invalid bytes replaced),
/// a file through [`crate::cv::read`] (text, PDF or Word).
fn read_text(input: Option<&Path>, mut stdin: impl Read) -> Result<String, FitError> {
    match input {
        Some(path) if path != Path::new("-") => Ok(crate::cv::read(path)?),
        _ => {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|source| FitError::Read {
                    path: PathBuf::from("<stdin>"),
                    source,
                })?;
            Ok(crate::cv::decode_text(&bytes))
        }
    }
}

impl FitReport {
    /// `{"roles": [...]}`, the shape of checker.js's `rank()`.
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Output<'a> {
            roles: &'a [RoleFit],
        }
        serde_json::to_string_pretty(&Output { roles: &self.fits })
            .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
    }

    /// A readable report: the ranking, or one role in detail.
    pub fn to_text(&self, detail: bool) -> String {
        let mut out = String::new();
        for fit in &self.fits {
            let Some(role) = self.data.roles.iter().find(|r| r.slug == fit.slug) else {
                continue;
            };
            let _ = writeln!(
                out,
                "{:>3}%  {:<13} {} ({}): {} of {} skills",
                fit.score,
                fit.band,
                fit.title,
                fit.slug,
                fit.met.len(),
                role.skills.len()
            );
            if detail {
                write_detail(&mut out, fit, role);
            } else if let Some(missing) = top_missing(fit, role) {
                let _ = writeln!(out, "      missing: {missing}");
            }
        }
        out
    }
}

fn skill_name<'a>(role: &'a CheckRole, id: &'a str) -> &'a str {
    role.skills
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.name.as_str())
}

fn top_missing(fit: &RoleFit, role: &CheckRole) -> Option<String> {
    let names: Vec<&str> = fit
        .missing
        .iter()
        .take(3)
        .map(|m| skill_name(role, &m.id))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn write_detail(out: &mut String, fit: &RoleFit, role: &CheckRole) {
    if !fit.met.is_empty() {
        let _ = writeln!(out, "\n  Met:");
        for met in &fit.met {
            let _ = writeln!(
                out,
                "    ✓ {} ('{}'): {}",
                skill_name(role, &met.id),
                met.term,
                met.snippet
            );
        }
    }
    if !fit.missing.is_empty() {
        let _ = writeln!(out, "\n  Missing, most important first:");
        for missing in &fit.missing {
            let skill = role.skills.iter().find(|s| s.id == missing.id);
            let name = skill.map_or(missing.id.as_str(), |s| s.name.as_str());
            let _ = write!(out, "    ✗ {name} (weight {})", missing.weight);
            if let Some(phase) = skill.and_then(|s| s.phase.as_ref()) {
                let _ = write!(
                    out,
                    ": learned in Phase {}: {} (months {}–{})",
                    phase.number, phase.title, phase.start_month, phase.end_month
                );
            }
            out.push('\n');
        }
    }
    if !fit.negated.is_empty() {
        let names: Vec<&str> = fit.negated.iter().map(|id| skill_name(role, id)).collect();
        let _ = writeln!(out, "\n  Mentioned, not claimed: {}", names.join(", "));
    }
    let next = fit
        .missing
        .iter()
        .filter_map(|m| role.skills.iter().find(|s| s.id == m.id)?.phase.as_ref())
        .min_by_key(|phase| phase.number);
    if let Some(phase) = next {
        let _ = writeln!(
            out,
            "\n  Next step: Phase {}: {} (months {}–{})",
            phase.number, phase.title, phase.start_month, phase.end_month
        );
    }
}
