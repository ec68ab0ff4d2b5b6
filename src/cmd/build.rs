//! `rolemap build`: the site, once, into the output folder.

use std::path::PathBuf;

use super::{build_note, build_options, site_root, BuildArgs, Error, Global, Terminal};

/// Build the site from roles/*.yaml into the output folder (default dist/).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    build: BuildArgs,
    /// Overrides base_url from rolemap.yaml, e.g. https://example.org/careers/.
    #[arg(short = 'u', long, value_name = "URL")]
    base_url: Option<String>,
    /// Replace a non-empty output folder that rolemap did not create.
    #[arg(short, long)]
    force: bool,
}

/// Runs `rolemap build`.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let root: PathBuf = site_root(global, terminal)?;
    let mut options = build_options(root, &args.build);
    options.base_url = args.base_url;
    options.force = args.force;
    let report = rolemap::build::build(&options)?;
    if let Some(note) = build_note(&report) {
        terminal.note(note);
    }
    terminal.built(&report);
    Ok(())
}
