//! Embeds the default theme: every file under `themes/default/` becomes an
//! entry of `EMBEDDED_THEME` (path relative to the theme, bytes), so
//! `rolemap build` works in any folder without a `themes/` directory.
//! Third-party files live apart in `vendor/` (so a site's own
//! `themes/default/static/` overrides never copy them) and are embedded as
//! `static/vendor/…`; one stored gzipped (`NAME.gz`, too large to keep plain
//! in git) is inflated here and embedded as `NAME`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed={}", theme.display());

    let mut files = Vec::new();
    collect(&theme, &mut files)?;
    files.sort();

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code =
        String::from("/// The default theme's files: path relative to the theme, contents.\n");
    code.push_str("pub static EMBEDDED_THEME: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&theme)
            .expect("collected under the theme")
            .to_string_lossy()
            .replace('\\', "/");
        let relative = match relative.strip_prefix("vendor/") {
            Some(rest) => format!("static/vendor/{rest}"),
            None => relative,
        };
        let (relative, contents) = match relative.strip_suffix(".gz") {
            Some(plain) => (plain.to_owned(), inflated(file, &out_dir, plain)?),
            None => (relative, file.clone()),
        };
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({:?})),\n",
            contents.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("embedded_theme.rs"), code)
}

/// Inflates a gzipped theme file into `OUT_DIR` and returns where it is.
fn inflated(file: &Path, out_dir: &Path, plain: &str) -> io::Result<PathBuf> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(file)?).read_to_end(&mut bytes)?;
    let target = out_dir.join("inflated").join(plain);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&target, bytes)?;
    Ok(target)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}
