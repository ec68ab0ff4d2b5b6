//! The `rolemap` command line: parses arguments and calls the library.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rolemap::build::{build, BuildError, BuildOptions, BuildReport};
use rolemap::check::check;
use rolemap::diagnostics::{self, Diagnostic};
use rolemap::fit::{fit, FitError, FitOptions};
use rolemap::scaffold;
use rolemap::serve::{serve, Reporter, ServeError, ServeOptions};
use rolemap::watch::rebuild_on_change;

/// A static site generator for career roadmaps.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site from roles/*.yaml into the output folder (default dist/).
    Build {
        /// The site folder, holding roles/ and optionally rolemap.yaml and themes/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` in rolemap.yaml, else dist/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overrides base_url from rolemap.yaml, e.g. https://example.org/careers/.
        #[arg(long)]
        base_url: Option<String>,
        /// Also build roles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace a non-empty output folder that rolemap did not create.
        #[arg(long)]
        force: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, with live reload.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Build into this folder instead of a temporary one.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Also build roles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Poll for changes, for file systems that send no events (WSL's /mnt, network drives).
        #[arg(long)]
        poll: bool,
    },
    /// Rebuild into the output folder on every change, without a server.
    Watch {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` from rolemap.yaml, else dist/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also build roles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Poll for changes, for file systems that send no events.
        #[arg(long)]
        poll: bool,
    },
    /// Report every problem a build would meet, without writing anything.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the JSON Schema (draft 2020-12) of a role file or of rolemap.yaml, for editors.
    Schema {
        /// Which file's schema.
        #[arg(value_enum, default_value_t = SchemaKind::Role)]
        which: SchemaKind,
    },
    /// Create a ready site: rolemap.yaml, an example role, .gitignore and a README.
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Add the files to a non-empty folder (existing files are never overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Write roles/SLUG.yaml from a commented template.
    New {
        /// The new role's slug, e.g. data-engineer.
        slug: String,
        /// The role's title (default: from the slug).
        #[arg(long)]
        title: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Score a CV (plain text) against the site's roles, as the readiness checker does.
    Fit {
        /// The CV as a text file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Score only this role, in detail.
        #[arg(long)]
        role: Option<String>,
        /// Print JSON: exactly what checker.js's rank() returns.
        #[arg(long)]
        json: bool,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            force,
        } => {
            let options = BuildOptions {
                root,
                out,
                base_url,
                drafts,
                force,
            };
            match build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    print_report(&report);
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    print_build_error(&err);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Fit {
            file,
            role,
            json,
            root,
        } => run_fit(
            FitOptions {
                root,
                input: file,
                role,
            },
            json,
        ),
        Command::Init { dir, force } => match scaffold::init(&dir, force) {
            Ok(report) => {
                for file in &report.written {
                    println!("created {}", dir.join(file).display());
                }
                for file in &report.kept {
                    println!("kept existing {}", dir.join(file).display());
                }
                println!("next: cd {} && rolemap serve", dir.display());
                ExitCode::SUCCESS
            }
            Err(err) => scaffold_failure(&err),
        },
        Command::New { slug, title, root } => {
            match scaffold::new_role(&root, &slug, title.as_deref()) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(err) => scaffold_failure(&err),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            out,
            open,
            drafts,
            poll,
        } => {
            let options = ServeOptions {
                root,
                out,
                bind,
                port,
                open,
                drafts,
                poll,
            };
            match serve(options, Terminal) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err}");
                    match &err {
                        ServeError::Watch(watch) => eprintln!("hint: {}", watch.hint()),
                        ServeError::Bind { .. } => eprintln!(
                            "hint: choose another port with --port, or --port 0 for any free one"
                        ),
                        ServeError::Io(_) => {}
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Watch {
            root,
            out,
            drafts,
            poll,
        } => {
            let options = BuildOptions {
                root,
                out,
                drafts,
                ..BuildOptions::default()
            };
            let result = rebuild_on_change(&options, poll, |result| match result {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    print_report(&report);
                }
                Err(err) => print_build_error(&err),
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err}\nhint: {}", err.hint());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            strict,
            format,
        } => run_check(&root, strict, format),
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Role => rolemap::load::role_schema(),
                SchemaKind::Config => rolemap::config::schema(),
            };
            match serde_json::to_string_pretty(&schema) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The files `rolemap schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SchemaKind {
    /// A role file, roles/*.yaml.
    Role,
    /// The site configuration, rolemap.yaml.
    Config,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Messages with the source line underlined.
    Human,
    /// One JSON document, for editors and CI.
    Json,
}

fn run_check(root: &Path, strict: bool, format: Format) -> ExitCode {
    let (found, roles) = check(root);
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    match format {
        Format::Json => println!("{}", diagnostics::to_json(&found)),
        Format::Human => {
            print_diagnostics(&found);
            eprintln!("checked {roles} roles: {errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what `serve` does to the terminal.
struct Terminal;

impl Reporter for Terminal {
    fn listening(&self, url: &str, output: &Path) {
        println!("serving {url} from {}", output.display());
        println!("watching for changes; press Ctrl-C to stop");
    }

    fn built(&self, report: &BuildReport) {
        print_diagnostics(&report.warnings);
        print_report(report);
    }

    fn failed(&self, error: &BuildError) {
        print_build_error(error);
        eprintln!("still serving the last good version");
    }

    fn failure_text(&self, error: &BuildError) -> String {
        match error {
            BuildError::Invalid(invalid) => invalid
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| diagnostics::render(d, false))
                .collect(),
            other => other.to_string(),
        }
    }
}

fn scaffold_failure(err: &scaffold::ScaffoldError) -> ExitCode {
    eprintln!("error: {err}");
    if let Some(hint) = err.hint() {
        eprintln!("hint: {hint}");
    }
    ExitCode::FAILURE
}

fn run_fit(options: FitOptions, json: bool) -> ExitCode {
    let detail = options.role.is_some();
    match fit(&options, std::io::stdin().lock()) {
        Ok(report) if json => {
            println!("{}", report.to_json());
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print!("{}", report.to_text(detail));
            ExitCode::SUCCESS
        }
        Err(FitError::Invalid(invalid)) => {
            print_diagnostics(&invalid.diagnostics);
            eprintln!("error: the site has {} error(s)", invalid.errors().count());
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn print_report(report: &BuildReport) {
    if !report.absolute_urls {
        eprintln!("note: base_url is not set, so canonical links and the sitemap use paths without a host; set base_url in rolemap.yaml before publishing");
    }
    let what = if report.incremental {
        "updated"
    } else {
        "built"
    };
    println!(
        "{what} {} roles, {} pages in {} ms -> {}",
        report.roles,
        report.pages,
        report.elapsed.as_millis(),
        shown_path(&report.output).display()
    );
}

/// The output path relative to the working folder when it is inside it.
fn shown_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel.join(""),
        None => path.join(""),
    }
}

fn print_diagnostics(list: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    for text in diagnostics::render_batches(list, color) {
        eprint!("{text}");
    }
}

fn print_build_error(err: &BuildError) {
    match err {
        BuildError::Invalid(invalid) => {
            print_diagnostics(&invalid.diagnostics);
            eprintln!(
                "error: build failed with {} error(s); the previous output is unchanged",
                invalid.errors().count()
            );
        }
        BuildError::Output(output) => {
            eprintln!("error: {output}\nhint: {}", output.hint());
        }
        other => eprintln!("error: {other}\nthe previous output is unchanged"),
    }
}
