//! `rolemap fit`: a CV scored against the site's roles, as the checker does.

use std::path::PathBuf;

use rolemap::fit::{fit, FitError, FitOptions};

use super::{count, site_root, Error, Global, Terminal};

/// Score a CV (PDF, Word .docx, text or Markdown) against the site's roles, as the readiness checker does.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CV: a .pdf, .docx, .txt or .md file; `-` or nothing reads text from standard input.
    file: Option<PathBuf>,
    /// Score only this role, in detail.
    #[arg(long, value_name = "SLUG")]
    role: Option<String>,
    /// Print JSON: exactly what checker.js's rank() returns.
    #[arg(long)]
    json: bool,
}

/// Runs `rolemap fit`.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let options = FitOptions {
        root: site_root(global, terminal)?,
        input: args.file,
        role: args.role,
    };
    let detail = options.role.is_some();
    match fit(&options, std::io::stdin().lock()) {
        Ok(report) if args.json => println!("{}", report.to_json()),
        Ok(report) => print!("{}", report.to_text(detail)),
        Err(FitError::Invalid(invalid)) => {
            return Err(Error::Diagnostics {
                summary: format!("the site has {}", count(invalid.errors().count(), "error")),
                list: invalid.diagnostics,
            })
        }
        Err(FitError::Cv(err)) => return Err(Error::new(&err, Some(err.hint()))),
        Err(err) => return Err(Error::new(err, None)),
    }
    Ok(())
}
