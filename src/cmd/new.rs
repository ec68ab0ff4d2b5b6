//! `rolemap new`: a role file from a commented template.

use rolemap::{layout, scaffold};

use super::init::scaffold_error;
use super::{site_root, Error, Global, Terminal};

/// Write roles/SLUG.yaml from a commented template, or with --lang a translation to start from.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new role's slug, e.g. data-engineer.
    slug: String,
    /// The role's title (default: from the slug).
    #[arg(long, conflicts_with = "language")]
    title: Option<String>,
    /// Write roles/SLUG.LANG.yaml, a copy of the role's file to translate into LANG.
    #[arg(long = "lang", value_name = "LANG")]
    language: Option<String>,
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
    let path = match &args.language {
        Some(language) => scaffold::new_translation(&root, &args.slug, language),
        None => scaffold::new_role(&root, &args.slug, args.title.as_deref()),
    }
    .map_err(scaffold_error)?;
    terminal.say(format_args!("created {}", path.display()));
    Ok(())
}
