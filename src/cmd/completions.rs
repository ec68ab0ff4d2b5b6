//! `rolemap completions`: shell completion scripts, from the argument
//! declarations themselves (clap_complete).

use clap_complete::Shell;

/// Print a shell completion script, e.g. `rolemap completions bash > /etc/bash_completion.d/rolemap`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// Runs `rolemap completions` for the command line `command` describes.
pub fn run(args: Args, mut command: clap::Command) -> Result<(), super::Error> {
    let name = command.get_name().to_owned();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    Ok(())
}
