//! `rolemap check`: every problem a build would meet, without writing.

use rolemap::build::BuildOptions;
use rolemap::diagnostics;

use super::{count, site_root, Error, Global, Terminal};

/// Report every problem a build would meet, without writing anything.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Messages with the source line underlined.
    Human,
    /// One JSON document, for editors and CI.
    Json,
}

/// Runs `rolemap check`.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let options = BuildOptions {
        root: site_root(global, terminal)?,
        ..BuildOptions::default()
    };
    let report = rolemap::build::check(&options);
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    match args.format {
        Format::Json => println!("{}", diagnostics::to_json(&report.diagnostics)),
        Format::Human => {
            terminal.diagnostics(&report.diagnostics);
            if !global.quiet || errors > 0 {
                eprintln!(
                    "checked {}: {}, {}",
                    count(report.roles, "role"),
                    count(errors, "error"),
                    count(warnings, "warning")
                );
            }
        }
    }
    if errors > 0 || (args.strict && warnings > 0) {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}
