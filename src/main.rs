//! The `rolemap` command line: declares the arguments and dispatches to
//! the subcommands in `cmd/`, which print; failures are printed in one
//! place, [`cmd::Terminal::fail`], which also picks the exit code.
#![forbid(unsafe_code)]

mod cmd;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// mimalloc instead of the system allocator: a build, a check and a ranking
/// make many small, short-lived allocations (docs/design.md, "Speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for career roadmaps.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: cmd::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site from roles/*.yaml into the output folder (default dist/).
    Build(cmd::build::Args),
    /// Build, serve on 127.0.0.1 and rebuild on every change, with live reload.
    Serve(cmd::serve::Args),
    /// Rebuild into the output folder on every change, without a server.
    Watch(cmd::watch::Args),
    /// Report every problem a build would meet, without writing anything.
    Check(cmd::check::Args),
    /// Score a CV (plain text) against the site's roles, as the readiness checker does.
    Fit(cmd::fit::Args),
    /// Create a ready site: rolemap.yaml, an example role, .gitignore and a README.
    Init(cmd::init::Args),
    /// Write roles/SLUG.yaml from a commented template.
    New(cmd::new::Args),
    /// Print the JSON Schema (draft 2020-12) of a role file or of rolemap.yaml, for editors.
    Schema(cmd::schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(cmd::completions::Args),
}

fn main() -> ExitCode {
    let cli = parse();
    let terminal = cmd::Terminal::new(&cli.global);
    let global = &cli.global;
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(global, args, &terminal),
        Command::Serve(args) => cmd::serve::run(global, args, &terminal),
        Command::Watch(args) => cmd::watch::run(global, args, &terminal),
        Command::Check(args) => cmd::check::run(global, args, &terminal),
        Command::Fit(args) => cmd::fit::run(global, args, &terminal),
        Command::Init(args) => cmd::init::run(args, &terminal),
        Command::New(args) => cmd::new::run(global, args, &terminal),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => terminal.fail(error),
    }
}

/// Parses the command line, with clap's own help and errors coloured as
/// `--color` and `NO_COLOR` say (they are printed before `--color` is parsed).
fn parse() -> Cli {
    let choice = cmd::ColorChoice::from_args(std::env::args_os());
    let command = Cli::command().color(match choice.enabled() {
        true => clap::ColorChoice::Always,
        false => clap::ColorChoice::Never,
    });
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}
