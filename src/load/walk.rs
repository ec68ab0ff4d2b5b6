//! Listing a site's files without leaving the site.
//!
//! Role, template and static folders are walked with the same rules:
//! hidden files are skipped, nesting deeper than [`MAX_DEPTH`] is an error
//! (a runaway folder structure, not a site), and a symbolic link is only
//! read when it leads to a file inside the site; one leading outside, or to
//! a folder, is an error rather than a silent follow.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// How deep folders may nest under `roles/`, `themes/<theme>/...` or `static/`.
pub const MAX_DEPTH: usize = 8;

/// Largest role, configuration or template file rolemap reads.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Every non-hidden file under `dir`, sorted, for the site at `root`.
pub fn site_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    for entry in WalkDir::new(dir)
        .max_depth(MAX_DEPTH + 1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir);
            Diagnostic::for_path(&shown(path), format!("cannot read the folder: {err}"))
        })?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden && entry.depth() > 0 {
            continue;
        }
        if entry.depth() > MAX_DEPTH {
            return Err(Diagnostic::for_path(
                &shown(entry.path()),
                format!("folders nest more than {MAX_DEPTH} levels deep here"),
            )
            .with_hint(
                "flatten the folder structure; rolemap stops here rather than walk a runaway tree",
            ));
        }
        if entry.path_is_symlink() {
            let target = std::fs::canonicalize(entry.path()).ok();
            match target {
                Some(target) if target.starts_with(&site) && target.is_file() => {}
                Some(target) if target.is_dir() => {
                    return Err(Diagnostic::for_path(
                        &shown(entry.path()),
                        "is a symbolic link to a folder, which rolemap does not follow",
                    )
                    .with_hint("copy or move the folder into the site instead"));
                }
                _ => {
                    return Err(Diagnostic::for_path(
                        &shown(entry.path()),
                        "is a symbolic link that leads outside the site (or nowhere)",
                    )
                    .with_hint(
                        "rolemap only reads files inside the site folder; copy the file in",
                    ));
                }
            }
            files.push(entry.into_path());
        } else if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Reads a text file the author wrote, refusing files over [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|err| Diagnostic::for_path(shown, format!("cannot read the file: {err}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::for_path(
            shown,
            format!("the file is {size} bytes; rolemap reads files of up to 1 MiB"),
        )
        .with_hint(
            "a role or template this large is a mistake; split it or remove what does not belong",
        ));
    }
    std::fs::read_to_string(path)
        .map_err(|err| Diagnostic::for_path(shown, format!("cannot read the file: {err}")))
}
