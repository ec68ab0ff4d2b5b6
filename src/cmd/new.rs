//! `rolemap new`: a role file from a commented template.

use rolemap::{layout, scaffold};

use super::init::scaffold_error;
use super::{site_root, Error, Global, Terminal};

/// Write roles/SLUG.yaml from a commented template.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new role's slug, e.g. data-engineer.
    slug: String,
    /// The role's title (default: from the slug).
    #[arg(long)]
    title: Option<String>,
}

/// Runs `rolemap new`. Outside a site it refuses rather than start a stray
/// `roles/` folder.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let root = site_root(global, terminal)?;
    if !layout::is_site(&root) {
        return Err(Error::new(
            format!("{} is not a rolemap site", root.display()),
            Some("create one with `rolemap init`, or pass the site folder with --root"),
        ));
    }
    let path =
        scaffold::new_role(&root, &args.slug, args.title.as_deref()).map_err(scaffold_error)?;
    terminal.say(format_args!("created {}", path.display()));
    Ok(())
}
