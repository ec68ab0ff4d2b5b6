//! `rolemap schema`: the JSON Schema of a role file or of rolemap.yaml.

use super::Error;

/// Print the JSON Schema (draft 2020-12) of a role file or of rolemap.yaml, for editors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which file's schema.
    #[arg(value_enum, default_value_t = SchemaKind::Role)]
    which: SchemaKind,
}

/// The files `rolemap schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SchemaKind {
    /// A role file, roles/*.yaml.
    Role,
    /// The site configuration, rolemap.yaml.
    Config,
}

/// Runs `rolemap schema`.
pub fn run(args: Args) -> Result<(), Error> {
    let schema = match args.which {
        SchemaKind::Role => rolemap::load::role_schema(),
        SchemaKind::Config => rolemap::load::config::schema(),
    };
    let json = serde_json::to_string_pretty(&schema).map_err(|err| Error::new(err, None))?;
    println!("{json}");
    Ok(())
}
