//! The fingerprint of everything a build reads: the program, the options
//! that change its output, `rolemap.yaml` and every file under `roles/`,
//! `themes/` and `static/`. `rolemap build` records it in the output's
//! marker ([`crate::output::Record`]) and, when the next build's inputs
//! have the same fingerprint and the output is as it was written, keeps the
//! output instead of writing the same bytes again (docs/design.md, *Repeat
//! builds*).

use std::hash::{BuildHasher, Hasher};
use std::io::Read;
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

/// A file's path (relative to the site) and contents, hashed with each
/// seed, read in blocks so memory stays bounded; a missing file hashes as
/// absent, since `rolemap.yaml` is optional. Anything but a regular file
/// (a FIFO would block the read) gives `None`.
fn file_hash(root: &Path, path: &PathBuf) -> Option<[u64; 2]> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut hashers = SEEDS.map(|seed| {
        let mut hasher = FixedState::with_seed(seed).build_hasher();
        hasher.write(relative.as_os_str().as_encoded_bytes());
        hasher
    });
    match std::fs::metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            hashers.iter_mut().for_each(|h| h.write_u8(0));
        }
        Ok(meta) if meta.is_file() => {
            let mut file = std::fs::File::open(path).ok()?;
            let mut block = vec![0; BLOCK_BYTES];
            loop {
                let read = file.read(&mut block).ok()?;
                if read == 0 {
                    break;
                }
                hashers.iter_mut().for_each(|h| h.write(&block[..read]));
            }
            hashers.iter_mut().for_each(|h| h.write_u8(1));
        }
        _ => return None,
    }
    Some(hashers.map(|h| h.finish()))
}

/// How much of a file is hashed at a time.
const BLOCK_BYTES: usize = 64 * 1024;

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
