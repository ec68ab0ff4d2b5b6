//! `rolemap serve`: build, serve on loopback, rebuild and reload on change.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rolemap::build::{BuildError, BuildOptions, BuildReport, Failure};
use rolemap::serve::{serve, Reporter, ServeError, ServeOptions};
use rolemap::{diagnostics, layout};

use super::{shown_dir, site_root, BuildArgs, Error, Global, Terminal};

/// Build, serve on 127.0.0.1 and rebuild on every change, with live reload.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Build into this folder instead of a temporary one (never the site's
    /// output folder: serve's build links to its own address).
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
    let root = site_root(global, terminal)?;
    if let Some(out) = &args.build.out {
        refuse_deployable(&root, out)?;
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach: anyone on the network can read the site and its build errors",
            args.bind
        );
    }
    let options = ServeOptions {
        root,
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

/// Refuses `--out` when it is the folder `rolemap build` writes, the one
/// that gets deployed: serve's build has canonical links and a sitemap
/// that point at the dev server.
fn refuse_deployable(root: &Path, out: &Path) -> Result<(), Error> {
    let configured = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
    .output_folder();
    if normalised(out) != normalised(&configured) {
        return Ok(());
    }
    Err(Error::new(
        format!(
            "serve will not build into {}: it is the site's output folder, which gets deployed, and serve's build links to the dev server's address",
            shown_dir(out).display()
        ),
        Some("leave out --out (serve builds into a temporary folder) or give another folder; `rolemap build` writes the site to deploy"),
    ))
}

/// `path` as [`layout::resolved`] gives it, with symbolic links above a
/// folder that does not exist yet resolved too.
fn normalised(path: &Path) -> PathBuf {
    let resolved = layout::resolved(path);
    match (resolved.parent(), resolved.file_name()) {
        (Some(parent), Some(name)) if !resolved.exists() => layout::resolved(parent).join(name),
        _ => resolved,
    }
}

/// The warning an `--out` folder gets when serve starts and when it stops.
fn development_build(output: &Path, url: &str) {
    eprintln!(
        "warning: {} holds a development build: its canonical links and sitemap point at {url}; do not deploy it (`rolemap build` replaces it with the site to deploy)",
        shown_dir(output).display()
    );
}

/// Tells the author what the server does.
struct Printer(Terminal);

impl Reporter for Printer {
    fn listening(&self, url: &str, output: &Path, temporary: bool, watched: &[PathBuf]) {
        self.0
            .say(format_args!("serving {url} from {}", output.display()));
        if !temporary {
            development_build(output, url);
        }
        if let Some(root) = watched.first() {
            self.0.watching(root, watched);
        }
    }

    fn stopped(&self, url: &str, output: &Path, temporary: bool) {
        if !temporary {
            development_build(output, url);
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
