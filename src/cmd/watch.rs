//! `rolemap watch`: rebuild into the output folder on every change.

use rolemap::build::{Change, Session};
use rolemap::watch;

use super::{build_note, build_options, site_root, BuildArgs, Error, Global, Terminal};

/// Rebuild into the output folder on every change, without a server.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    build: BuildArgs,
    /// Poll for changes, for file systems that send no events (WSL's /mnt, network drives).
    #[arg(long)]
    poll: bool,
}

/// Runs `rolemap watch` until the process is stopped.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let options = build_options(site_root(global, terminal)?, &args.build);
    let output = options.output_folder();
    // Watch first, so an edit made during the first build is not missed.
    let (_watcher, changes, watched) = watch::watch(&options.root, &output, args.poll)?;
    terminal.watching(&rolemap::layout::resolved(&options.root), &watched);
    let mut session = Session::new(options);
    let mut noted = false;
    let mut change = Change::everything();
    loop {
        match session.rebuild(&change) {
            Ok(report) => {
                if let Some(note) = build_note(&report).filter(|_| !noted) {
                    terminal.note(note);
                    noted = true;
                }
                terminal.built(&report);
            }
            Err(err) => {
                terminal.fail(err.into());
            }
        }
        match watch::next_change(&changes) {
            Some(next) => change = next,
            None => return Ok(()),
        }
    }
}
