//! The fingerprint of everything a build reads: the program, the options
//! that change its output, and the path, size, modification and change
//! times and inode of `rolemap.yaml` and of every file under `roles/`,
//! `themes/`, `static/` and `i18n/` (file status, not contents: reading every file
//! twice would cost a clean build more than a repeat build saves; the
//! change time cannot be set back, so a restored modification time does
//! not hide an edit). `rolemap build` records it in the output's marker
//! ([`crate::output::Record`]) and, when the next build's inputs have the
//! same fingerprint and the output is as it was written, keeps the output
//! instead of writing the same bytes again (docs/design.md, *Repeat
//! builds*).

use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use foldhash::quality::FixedState;
use rayon::prelude::*;

use crate::layout::{CONFIG_FILE, SOURCE_DIRS};
use crate::load::walk;

/// Two fixed seeds: a 128-bit fingerprint, so two different sets of
/// inputs do not share one in practice.
const SEEDS: [u64; 2] = [0x726f_6c65_6d61_7031, 0x6669_6e67_6572_7032];

/// The fingerprint of a build of the site at `root` with these options, as
/// 32 hex digits; `None` when an input cannot be read (the build then runs
/// and reports it).
pub fn of_inputs(root: &Path, drafts: bool, base_url: Option<&str>) -> Option<String> {
    let mut files = vec![root.join(CONFIG_FILE)];
    for dir in SOURCE_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            files.extend(walk::site_files(root, &dir).ok()?);
        }
    }
    let hashed: Vec<[u64; 2]> = files
        .par_iter()
        .map(|path| file_hash(root, path))
        .collect::<Option<_>>()?;
    let program = program_identity()?;
    let digits: Vec<String> = SEEDS
        .iter()
        .enumerate()
        .map(|(n, &seed)| {
            let mut hasher = FixedState::with_seed(seed).build_hasher();
            hasher.write(program.as_bytes());
            hasher.write_u8(u8::from(drafts));
            hasher.write(base_url.unwrap_or("\0").as_bytes());
            hasher.write_usize(hashed.len());
            for file in &hashed {
                hasher.write_u64(file[n]);
            }
            format!("{:016x}", hasher.finish())
        })
        .collect();
    Some(digits.concat())
}

/// A file's path (relative to the site) and status, hashed with each seed;
/// a missing file hashes as absent, since `rolemap.yaml` is optional.
/// Anything but a regular file gives `None`: the build reports it.
fn file_hash(root: &Path, path: &PathBuf) -> Option<[u64; 2]> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let status = match std::fs::metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Ok(meta) if meta.is_file() => Some(status(&meta)?),
        _ => return None,
    };
    Some(SEEDS.map(|seed| {
        let mut hasher = FixedState::with_seed(seed).build_hasher();
        hasher.write(relative.as_os_str().as_encoded_bytes());
        match status {
            Some(fields) => fields.iter().for_each(|&field| hasher.write_u128(field)),
            None => hasher.write_u8(0),
        }
        hasher.finish()
    }))
}

/// Size, modification and change times (nanoseconds), device and inode.
#[cfg(unix)]
fn status(meta: &std::fs::Metadata) -> Option<[u128; 5]> {
    use std::os::unix::fs::MetadataExt;
    let nanos = |seconds: i64, nanos: i64| {
        (i128::from(seconds) * 1_000_000_000 + i128::from(nanos)) as u128
    };
    Some([
        u128::from(meta.size()),
        nanos(meta.mtime(), meta.mtime_nsec()),
        nanos(meta.ctime(), meta.ctime_nsec()),
        u128::from(meta.dev()),
        u128::from(meta.ino()),
    ])
}

/// Size and modification time: other systems have no change time here.
#[cfg(not(unix))]
fn status(meta: &std::fs::Metadata) -> Option<[u128; 5]> {
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some([u128::from(meta.len()), modified.as_nanos(), 0, 0, 0])
}

/// The running program: its version, and its executable's size and
/// modification time, so a rebuilt binary (whose templates or rendering
/// may differ under the same version) never takes an output as current.
fn program_identity() -> Option<String> {
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = exe.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        exe.len(),
        modified.as_nanos()
    ))
}
