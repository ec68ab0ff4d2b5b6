//! `rolemap fit`: a CV scored against the site's roles, as the checker does.

use std::path::PathBuf;

use rolemap::fit::{fit, FitError, FitOptions};
use rolemap::gaps::{gaps, GapError, GapOptions};
use rolemap::load::Invalid;

use super::{count, site_root, Error, Global, Terminal};

/// Score a CV (PDF, Word .docx, text or Markdown) against the site's roles, as the readiness checker does.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CV: a .pdf, .docx, .txt or .md file; `-` or nothing reads text from standard input.
    file: Option<PathBuf>,
    /// Score only this role, in detail.
    #[arg(long, value_name = "SLUG")]
    role: Option<String>,
    /// Score the roles as the pages of this language show them (its
    /// translations and matching vocabulary); default: the site's default language.
    #[arg(long = "lang", value_name = "TAG", conflicts_with = "gaps")]
    language: Option<String>,
    /// Print JSON: exactly what checker.js's rank() returns (with --gaps, the report).
    #[arg(long)]
    json: bool,
    /// Report the frequent terms of a folder of CVs (.txt, .md) or a CSV
    /// file (.csv, .csv.gz) that no keyword of each CV's best role matches.
    #[arg(long, value_name = "FOLDER_OR_CSV", conflicts_with_all = ["file", "role"])]
    gaps: Option<PathBuf>,
    /// With --gaps: the CSV column holding the CV text (default: one named
    /// like resume, resume_text or text).
    #[arg(long, value_name = "NAME", requires = "gaps")]
    column: Option<String>,
    /// With --gaps: report a term used by at least this many CVs of a role.
    #[arg(long, value_name = "N", default_value_t = 3, requires = "gaps",
          value_parser = clap::value_parser!(u32).range(1..))]
    min_cvs: u32,
    /// With --gaps: at most this many terms per role.
    #[arg(long, value_name = "N", default_value_t = 20, requires = "gaps",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    top: u32,
}

/// Runs `rolemap fit`.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    if let Some(source) = args.gaps {
        let options = GapOptions {
            root: site_root(global, terminal)?,
            source,
            column: args.column,
            min_cvs: args.min_cvs as usize,
            top: args.top as usize,
        };
        match gaps(&options) {
            Ok(report) if args.json => println!("{}", report.to_json()),
            Ok(report) => print!("{}", report.to_text()),
            Err(GapError::Invalid(invalid)) => return Err(site_errors(invalid)),
            Err(err) => return Err(Error::new(&err, err.hint())),
        }
        return Ok(());
    }
    let options = FitOptions {
        root: site_root(global, terminal)?,
        input: args.file,
        role: args.role,
        language: args.language,
    };
    let detail = options.role.is_some();
    match fit(&options, std::io::stdin().lock()) {
        Ok(report) if args.json => println!("{}", report.to_json()),
        Ok(report) => print!("{}", report.to_text(detail)),
        Err(FitError::Invalid(invalid)) => return Err(site_errors(invalid)),
        Err(FitError::Cv(err)) => return Err(Error::new(&err, Some(err.hint()))),
        Err(err @ FitError::UnknownLanguage { .. }) => {
            return Err(Error::new(&err, Some("give one of the site's `languages`")))
        }
        Err(err) => return Err(Error::new(err, None)),
    }
    Ok(())
}

/// The site's errors, when it cannot be loaded.
fn site_errors(invalid: Invalid) -> Error {
    Error::Diagnostics {
        summary: format!("the site has {}", count(invalid.errors().count(), "error")),
        list: invalid.diagnostics,
    }
}
