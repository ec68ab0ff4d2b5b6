//! The subcommands, one file each, and what they share: the global
//! options, finding the site, printing to the terminal, and the one place
//! where a failure is printed with its hint and turned into an exit code.

pub mod build;
pub mod check;
pub mod completions;
pub mod fit;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rolemap::build::{BuildError, BuildKind, BuildOptions, BuildReport, Failure};
use rolemap::diagnostics::{self, Diagnostic};
use rolemap::layout;
use rolemap::watch::WatchError;

/// Options every subcommand takes, before or after its name.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The site folder (default: the folder holding rolemap.yaml or roles/,
    /// found from the current folder upwards).
    #[arg(short = 'r', long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// When to use colour in messages; NO_COLOR in the environment means never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print where the site and its output are, and what is watched.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when printing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// The choice a raw command line makes, read before clap parses it so
    /// that clap's own messages follow it too.
    pub fn from_args(args: impl Iterator<Item = std::ffi::OsString>) -> ColorChoice {
        let args: Vec<String> = args.map(|arg| arg.to_string_lossy().into_owned()).collect();
        let value =
            args.iter()
                .enumerate()
                .rev()
                .find_map(|(i, arg)| match arg.strip_prefix("--color") {
                    Some(rest) if rest.starts_with('=') => Some(rest[1..].to_owned()),
                    Some("") => args.get(i + 1).cloned(),
                    _ => None,
                });
        match value.as_deref() {
            Some("always") => ColorChoice::Always,
            Some("never") => ColorChoice::Never,
            _ => ColorChoice::Auto,
        }
    }

    /// Whether to colour output written to standard error.
    pub fn enabled(self) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        }
    }
}

/// Options of the commands that build: `build`, `serve` and `watch`.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// Output folder (default: `output` from rolemap.yaml, else dist/ under the root).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also build roles marked `draft: true`.
    #[arg(short = 'D', long)]
    pub drafts: bool,
}

/// How a command failed; printed once, by [`Terminal::fail`].
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's files, then a summary line.
    Diagnostics {
        /// Errors and warnings, in report order.
        list: Vec<Diagnostic>,
        /// The last line.
        summary: String,
    },
    /// One message with an optional hint.
    Message {
        /// What went wrong.
        message: String,
        /// How to proceed.
        hint: Option<String>,
    },
    /// Everything was printed already; only the exit code is left.
    Reported,
}

impl Error {
    /// A message with a hint.
    pub fn new(message: impl ToString, hint: Option<&str>) -> Error {
        Error::Message {
            message: message.to_string(),
            hint: hint.map(str::to_owned),
        }
    }
}

impl From<&BuildError> for Error {
    fn from(err: &BuildError) -> Error {
        let kept = match &err.previous_output {
            Some(dir) => format!(
                "; the previous output in {} is unchanged",
                shown_dir(dir).display()
            ),
            None => String::new(),
        };
        match &err.failure {
            Failure::Invalid(invalid) => Error::Diagnostics {
                summary: format!(
                    "build failed with {}{kept}",
                    count(invalid.errors().count(), "error")
                ),
                list: invalid.diagnostics.clone(),
            },
            Failure::Output(output) => Error::new(format!("{output}{kept}"), Some(output.hint())),
            Failure::Json(json) => Error::new(format!("{json}{kept}"), None),
        }
    }
}

impl From<BuildError> for Error {
    fn from(err: BuildError) -> Error {
        Error::from(&err)
    }
}

impl From<WatchError> for Error {
    fn from(err: WatchError) -> Error {
        let hint = err.hint();
        Error::new(err, Some(hint))
    }
}

/// Prints to the terminal as the global options say.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    color: bool,
    quiet: bool,
    verbose: bool,
}

impl Terminal {
    /// The terminal the global options describe.
    pub fn new(global: &Global) -> Terminal {
        Terminal {
            color: global.color.enabled(),
            quiet: global.quiet,
            verbose: global.verbose,
        }
    }

    /// Prints diagnostics with their source lines, the first
    /// [`MAX_SHOWN`] of them (then how many more); warnings not when quiet.
    pub fn diagnostics(&self, list: &[Diagnostic]) {
        let shown: Vec<&Diagnostic> = list
            .iter()
            .filter(|d| d.is_error() || !self.quiet)
            .collect();
        for diagnostic in shown.iter().take(MAX_SHOWN) {
            eprint!("{}", diagnostics::render(diagnostic, self.color));
        }
        if shown.len() > MAX_SHOWN {
            eprintln!(
                "… and {} (`rolemap check --format json` lists them all)",
                count(shown.len() - MAX_SHOWN, "more problem")
            );
        }
    }

    /// A line of progress on standard output, unless quiet.
    pub fn say(&self, line: impl std::fmt::Display) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// A note on standard error, unless quiet.
    pub fn note(&self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("note: {line}");
        }
    }

    /// A detail only `--verbose` shows.
    pub fn detail(&self, line: impl std::fmt::Display) {
        if self.verbose {
            eprintln!("{line}");
        }
    }

    /// The warnings and the summary line of a build.
    pub fn built(&self, report: &BuildReport) {
        self.diagnostics(&report.warnings);
        if report.kind == BuildKind::UpToDate {
            self.say(format_args!(
                "{} is up to date: the sources have not changed since it was built ({} ms)",
                shown_dir(&report.output).display(),
                report.elapsed.as_millis()
            ));
            return;
        }
        let what = if report.kind == BuildKind::Incremental {
            "updated"
        } else {
            "built"
        };
        self.say(format_args!(
            "{what} {}, {} in {} ms -> {}",
            count(report.roles, "role"),
            count(report.pages, "page"),
            report.elapsed.as_millis(),
            shown_dir(&report.output).display()
        ));
    }

    /// Prints what the watcher watches and how to stop.
    pub fn watching(&self, root: &Path, watched: &[PathBuf]) {
        let names: Vec<String> = watched
            .iter()
            .map(|dir| match dir.strip_prefix(root) {
                Ok(inside) if inside.as_os_str().is_empty() => layout::CONFIG_FILE.to_owned(),
                Ok(inside) => format!("{}/", inside.display()),
                Err(_) => dir.display().to_string(),
            })
            .collect();
        self.say(format_args!(
            "watching {} for changes; press Ctrl-C to stop",
            names.join(", ")
        ));
        self.detail(format_args!("site: {}", root.display()));
    }

    /// Prints a failure and gives the exit code: 1 for every failure.
    pub fn fail(&self, error: Error) -> ExitCode {
        match error {
            Error::Diagnostics { list, summary } => {
                self.diagnostics(&list);
                eprintln!("error: {summary}");
            }
            Error::Message { message, hint } => {
                eprintln!("error: {message}");
                if let Some(hint) = hint {
                    eprintln!("hint: {hint}");
                }
            }
            Error::Reported => {}
        }
        ExitCode::FAILURE
    }
}

/// How many diagnostics a terminal is shown: past that, a list helps
/// nobody and a runaway folder would print megabytes.
pub const MAX_SHOWN: usize = 100;

/// The note a build gets once per command about what it could not
/// write: without a host in `base_url`, the sitemap and the feed; with
/// one, the feed's entries of roles without an `updated` date.
pub fn build_note(report: &rolemap::build::BuildReport) -> Option<String> {
    use rolemap::layout::{FEED, SITEMAP};
    if !report.absolute_urls {
        return Some(format!(
            "base_url is not set, so canonical links use paths without a host, and {SITEMAP} and {FEED} are not written (their addresses must be absolute); set base_url in rolemap.yaml before publishing"
        ));
    }
    match report.undated {
        0 => None,
        n if n == report.roles => Some(format!(
            "no role has an `updated` date, so {FEED} is not written; give each role `updated: YYYY-MM-DD`"
        )),
        n => Some(format!(
            "{FEED} leaves out {} without an `updated` date",
            count(n, "role")
        )),
    }
}

/// `1 role`, `2 roles`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The site folder: `--root` when given (it must exist), else the site the
/// current folder is in.
pub fn site_root(global: &Global, terminal: &Terminal) -> Result<PathBuf, Error> {
    let root = match &global.root {
        Some(root) if !root.exists() => {
            return Err(Error::new(
                format!("the site folder {} does not exist", root.display()),
                Some("check the path given to --root"),
            ))
        }
        Some(root) if !root.is_dir() => {
            return Err(Error::new(
                format!("{} is not a folder", root.display()),
                Some("--root names the site folder, the one holding roles/"),
            ))
        }
        Some(root) => root.clone(),
        None => {
            let here = std::env::current_dir().map_err(|err| {
                Error::new(format!("cannot read the current folder: {err}"), None)
            })?;
            layout::find_site(&here).ok_or_else(|| {
                Error::new(
                    format!(
                        "{} is not inside a rolemap site (no {} or {}/ here or above)",
                        here.display(),
                        layout::CONFIG_FILE,
                        layout::ROLES_DIR
                    ),
                    Some("create one with `rolemap init`, or pass --root DIR"),
                )
            })?
        }
    };
    terminal.detail(format_args!("site: {}", shown(&root).display()));
    Ok(root)
}

/// The build options of a site command.
pub fn build_options(root: PathBuf, args: &BuildArgs) -> BuildOptions {
    BuildOptions {
        root,
        out: args.out.clone(),
        drafts: args.drafts,
        ..BuildOptions::default()
    }
}

/// `path` relative to the current folder when it is inside it.
pub fn shown(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel,
        None => path.to_path_buf(),
    }
}

/// A folder as [`shown`], with a trailing `/` that says it is one.
pub fn shown_dir(path: &Path) -> PathBuf {
    match shown(path) {
        here if here == Path::new(".") => here,
        other => other.join(""),
    }
}
