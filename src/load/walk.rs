//! Listing a site's files without leaving the site.
//!
//! Role, template and static folders are walked with the same rules:
//! hidden files are skipped, nesting deeper than [`MAX_DEPTH`] is an error
//! (a runaway folder structure, not a site), and a symbolic link is only
//! read when it leads to a file inside the site; one leading outside, or to
//! a folder, is an error rather than a silent follow. Only regular files are
//! read: a FIFO, socket or device is an error, never a wait. Text files must
//! be UTF-8 (a byte-order mark is accepted); UTF-16 and Latin-1 are named.

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
        if !entry.file_type().is_file() && !entry.file_type().is_dir() && !entry.path_is_symlink() {
            return Err(not_regular(&shown(entry.path())));
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

/// A path that is not a regular file or folder.
fn not_regular(shown: &Path) -> Diagnostic {
    Diagnostic::for_path(
        shown,
        "is not a regular file (a FIFO, socket or device), so rolemap does not read it",
    )
    .with_hint("replace it with a plain file, or move it out of the site")
}

/// Reads a text file the author wrote, refusing files over
/// [`MAX_FILE_BYTES`], anything but a regular file, and text that is not
/// UTF-8.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let cannot =
        |err: std::io::Error| Diagnostic::for_path(shown, format!("cannot read the file: {err}"));
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        return Err(not_regular(shown));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::for_path(
            shown,
            format!("the file is {size} bytes; rolemap reads files of up to 1 MiB"),
        )
        .with_hint(
            "a role or template this large is a mistake; split it or remove what does not belong",
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Bounded even if the file grows while it is read.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(cannot)?,
            MAX_FILE_BYTES + 1,
        ),
        &mut bytes,
    )
    .map_err(cannot)?;
    decode(bytes, shown)
}

/// The text of a file's bytes: UTF-8, with a byte-order mark dropped.
fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
    let hint = "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)";
    if let Some(endian) = utf16(&bytes) {
        return Err(Diagnostic::for_path(
            shown,
            format!("the file is UTF-16 ({endian}), not UTF-8"),
        )
        .with_hint(hint));
    }
    let bytes = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let byte = bytes[at];
        Diagnostic::for_path(
            shown,
            format!(
                "line {line} is not UTF-8 (byte 0x{byte:02X}); the file looks like Latin-1 or Windows-1252"
            ),
        )
        .with_hint(hint)
    })
}

/// `Some("little-endian")` or `Some("big-endian")` when the bytes look like
/// UTF-16: a byte-order mark, or the NUL bytes every ASCII character has.
pub(crate) fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 2 > pairs && even == 0 {
        Some("little-endian")
    } else if even * 2 > pairs && odd == 0 {
        Some("big-endian")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        let shown = Path::new("roles/x.yaml");
        assert_eq!(
            decode(b"\xEF\xBB\xBFtitle: X\n".to_vec(), shown).unwrap(),
            "title: X\n"
        );
        let utf16: Vec<u8> = "title: X\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(utf16.clone(), shown)
            .unwrap_err()
            .message
            .contains("UTF-16 (little-endian)"));
        let with_bom = [&[0xFF, 0xFE][..], &utf16].concat();
        assert!(decode(with_bom, shown)
            .unwrap_err()
            .message
            .contains("UTF-16"));
        let big: Vec<u8> = "title: X\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(decode(big, shown)
            .unwrap_err()
            .message
            .contains("big-endian"));
        let latin1 = b"title: X\nsummary: caf\xE9\n".to_vec();
        let message = decode(latin1, shown).unwrap_err().message;
        assert!(
            message.contains("line 2 is not UTF-8 (byte 0xE9)"),
            "{message}"
        );
        assert!(message.contains("Latin-1"), "{message}");
    }
}
