//! `rolemap serve`: build, serve on loopback, rebuild and reload on change.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rolemap::build::{BuildError, BuildReport, Failure};
use rolemap::diagnostics;
use rolemap::serve::{serve, Reporter, ServeError, ServeOptions};

use super::{site_root, BuildArgs, Error, Global, Terminal};

/// Build, serve on 127.0.0.1 and rebuild on every change, with live reload.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Build into this folder instead of a temporary one, and never --drafts by default.
    #[command(flatten)]
    build: BuildArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Poll for changes, for file systems that send no events (WSL's /mnt, network drives).
    #[arg(long)]
    poll: bool,
}

/// Runs `rolemap serve` until Ctrl-C.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let options = ServeOptions {
        root: site_root(global, terminal)?,
        out: args.build.out,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.build.drafts,
        poll: args.poll,
    };
    serve(options, Printer(*terminal)).map_err(|err| match err {
        ServeError::Watch(watch) => Error::from(watch),
        ServeError::Bind { .. } => Error::new(
            err,
            Some("choose another port with --port, or --port 0 for any free one"),
        ),
        ServeError::Io(_) => Error::new(err, None),
    })
}

/// Tells the author what the server does.
struct Printer(Terminal);

impl Reporter for Printer {
    fn listening(&self, url: &str, output: &Path, watched: &[PathBuf]) {
        self.0
            .say(format_args!("serving {url} from {}", output.display()));
        if let Some(root) = watched.first() {
            self.0.watching(root, watched);
        }
    }

    fn built(&self, report: &BuildReport) {
        self.0.built(report);
    }

    fn failed(&self, error: &BuildError) {
        self.0.fail(Error::from(error));
        if error.previous_output.is_some() {
            eprintln!("still serving the last good build");
        } else {
            eprintln!(
                "there is no good build yet; every page shows the errors until a build succeeds"
            );
        }
    }

    fn failure_text(&self, error: &BuildError) -> String {
        match &error.failure {
            Failure::Invalid(invalid) => invalid
                .errors()
                .map(|d| diagnostics::render(d, false))
                .collect(),
            other => other.to_string(),
        }
    }
}
