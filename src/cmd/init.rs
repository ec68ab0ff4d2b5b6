//! `rolemap init`: a ready site in a new folder.

use std::path::PathBuf;

use rolemap::scaffold;

use super::{Error, Terminal};

/// Create a ready site: rolemap.yaml, an example role, .gitignore and a README.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Add the files to a non-empty folder (existing files are never overwritten).
    #[arg(short, long)]
    force: bool,
}

/// Runs `rolemap init`.
pub fn run(args: Args, terminal: &Terminal) -> Result<(), Error> {
    let report = scaffold::init(&args.dir, args.force).map_err(scaffold_error)?;
    for file in &report.written {
        terminal.say(format_args!("created {}", args.dir.join(file).display()));
    }
    for file in &report.kept {
        terminal.say(format_args!(
            "kept existing {}",
            args.dir.join(file).display()
        ));
    }
    terminal.say(format_args!(
        "next: cd {} && rolemap serve",
        args.dir.display()
    ));
    Ok(())
}

/// A scaffold failure with its hint.
pub fn scaffold_error(err: scaffold::ScaffoldError) -> Error {
    let hint = err.hint();
    Error::new(err, hint)
}
