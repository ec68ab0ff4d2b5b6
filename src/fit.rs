//! `rolemap fit`: the readiness checker on the command line.
//!
//! Loads and validates the site through the build pipeline
//! ([`crate::build::load_site`]), compiles the same matching data the build
//! packs into `data/checker.js`, reads a CV ([`crate::cv`]: text, PDF or
//! Word) and scores it
//! against every published role (or one). The JSON output is exactly what `rank()` in checker.js
//! returns for the same text and data.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::build::{load_site, localise, BuildOptions};
use crate::checker::compile::{compile_site_in, CheckRole, PhaseRef};
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
    /// Score the roles of this language's pages (with its matching
    /// vocabulary); `None` for the default language.
    pub language: Option<String>,
}

/// Why `fit` could not run.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The site has errors.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The CV could not be read as text.
    #[error(transparent)]
    Cv(#[from] crate::cv::CvError),
    /// `--lang` names no language of the site.
    #[error("the site has no language '{language}'; it has {}", languages.join(", "))]
    UnknownLanguage {
        /// The tag given.
        language: String,
        /// The site's languages.
        languages: Vec<String>,
    },
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
    let site = load_site(&BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    })?;
    let language = match &options.language {
        Some(tag) if !site.config.languages.contains(tag) => {
            return Err(FitError::UnknownLanguage {
                language: tag.clone(),
                languages: site.config.languages.clone(),
            })
        }
        Some(tag) => tag.clone(),
        None => site.config.language.clone(),
    };
    let mut data = checker_data(&site, &language)?;
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
    checker_data(&site, &site.config.language)
}

/// The matching data of the site's published roles in `language`, as the
/// build packs it into that language's `data/checker.js`.
pub fn checker_data(site: &Site, language: &str) -> Result<CheckerData, Invalid> {
    let published: Vec<&Role> = site
        .published_in(language, false)
        .into_iter()
        .map(|role| &**role)
        .collect();
    let (config, _) = localise(site, language).map_err(Invalid::new)?;
    Ok(compile_site_in(
        &published,
        &config.synonyms,
        &config.checker,
        Some(language),
    ))
}

/// The CV's text: standard input as text, a file through
/// [`crate::cv::read`] (text, PDF or Word), both within the same bound.
fn read_text(input: Option<&Path>, stdin: impl Read) -> Result<String, FitError> {
    match input {
        Some(path) if path != Path::new("-") => Ok(crate::cv::read(path)?),
        _ => Ok(crate::cv::read_input(stdin)?),
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
                continue;
            }
            if let Some(to_learn) = names(role, fit.missing.iter().take(3).map(|m| &m.id)) {
                let _ = writeln!(out, "      to learn next: {to_learn}");
            }
            if let Some(discounted) = names(role, fit.negated.iter().map(|n| &n.id)) {
                let _ = writeln!(out, "      mentioned, not counted: {discounted}");
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

/// The skills' names joined, or `None` for no skills.
fn names<'a>(role: &'a CheckRole, ids: impl Iterator<Item = &'a String>) -> Option<String> {
    let names: Vec<&str> = ids.map(|id| skill_name(role, id)).collect();
    (!names.is_empty()).then(|| names.join("; "))
}

/// "months 4–7", or "month 4" for a phase of one month, as the pages say it.
fn months(phase: &PhaseRef) -> String {
    if phase.start_month == phase.end_month {
        format!("month {}", phase.start_month)
    } else {
        format!("months {}–{}", phase.start_month, phase.end_month)
    }
}

/// One role's result, in the order and words of the role page's panel.
fn write_detail(out: &mut String, fit: &RoleFit, role: &CheckRole) {
    if !fit.met.is_empty() {
        let _ = writeln!(out, "\n  Skills you show:");
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
        let _ = writeln!(out, "\n  Skills to learn, most important first:");
        for missing in &fit.missing {
            let skill = role.skills.iter().find(|s| s.id == missing.id);
            let name = skill.map_or(missing.id.as_str(), |s| s.name.as_str());
            let _ = write!(out, "    ✗ {name} (weight {})", missing.weight);
            match skill.and_then(|s| s.phase.as_ref()) {
                Some(phase) => {
                    let _ = write!(
                        out,
                        ": learned in Phase {}: {} ({})",
                        phase.number,
                        phase.title,
                        months(phase)
                    );
                }
                None => out.push_str(": not taught in a phase of this roadmap"),
            }
            out.push('\n');
            if let Some(negated) = fit.negated.iter().find(|n| n.id == missing.id) {
                let _ = writeln!(
                    out,
                    "      not counted: '{}' in \"{}\"",
                    negated.term, negated.snippet
                );
            }
        }
    }
    let phase = fit.next_phase.and_then(|number| {
        role.skills
            .iter()
            .filter_map(|s| s.phase.as_ref())
            .find(|p| p.number == number)
    });
    match phase {
        _ if fit.missing.is_empty() => {
            let _ = writeln!(out, "\n  You show every key skill of this role.");
        }
        Some(phase) => {
            let taught = names(
                role,
                fit.missing
                    .iter()
                    .filter(|m| m.phase == Some(phase.number))
                    .map(|m| &m.id),
            )
            .unwrap_or_default();
            let _ = writeln!(
                out,
                "\n  Next step: Phase {}: {} ({}). It teaches: {taught}.",
                phase.number,
                phase.title,
                months(phase)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\n  The skills you have yet to show are not taught in a phase of this roadmap."
            );
        }
    }
}
