//! Watching a site's sources and turning file events into [`Change`]s.
//!
//! Editors save in odd ways (write a temporary file, rename it over the old
//! one, leave backups behind) and tools touch hundreds of files at once
//! (`git checkout`). The watcher debounces events with
//! notify-debouncer-full, drops everything that is not a source (editor
//! droppings, the output folder and its staging siblings; what counts as a
//! source is [`crate::layout`]'s call), and sends one [`Change`] per burst.
//! Directories are watched rather than files, so a `rolemap.yaml` replaced
//! by rename is still seen, and the site root is watched on its own, so a
//! source folder created (or deleted and made again) while the watcher runs
//! is watched from then on and rebuilds the site.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};

use crate::build::{Change, Scope};
use crate::layout::{self, SOURCE_DIRS};

/// How long a burst of events may go quiet before it becomes one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Why the watcher could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The system's limit on watched folders was reached.
    #[error("the system's limit on watched files is reached")]
    Limit,
    /// Anything else notify reports.
    #[error("cannot watch {}: {source}", path.display())]
    Notify {
        /// The folder.
        path: PathBuf,
        /// notify's error.
        source: notify::Error,
    },
}

impl WatchError {
    /// How to proceed.
    pub fn hint(&self) -> &'static str {
        match self {
            WatchError::Limit => {
                "use --poll, or raise the limit: sudo sysctl fs.inotify.max_user_watches=524288"
            }
            WatchError::Notify { .. } => {
                "on file systems that send no events (WSL's /mnt, network drives) use --poll"
            }
        }
    }
}

/// A running watcher; dropping it stops watching.
///
/// The event handler holds a weak reference to the backend, so that a
/// source folder that appears (or is made again after being deleted) is
/// watched from the moment its event arrives, before the rebuild it causes.
pub struct Watcher {
    _backend: Arc<Mutex<Option<Backend>>>,
}

/// notify's watcher behind the debouncer.
enum Backend {
    /// Native events (inotify, FSEvents, ...).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without events.
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(debouncer) => debouncer.watch(path, mode),
            Backend::Poll(debouncer) => debouncer.watch(path, mode),
        }
    }
}

/// notify's error as ours, for `path`.
fn to_error(path: &Path, source: notify::Error) -> WatchError {
    match source.kind {
        notify::ErrorKind::MaxFilesWatch => WatchError::Limit,
        _ => WatchError::Notify {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Starts watching the site at `root` whose output goes to `output`; each
/// relevant burst arrives on the returned channel. Returns the folders
/// watched too. The root is watched on its own (for [`layout::CONFIG_FILE`]
/// and for source folders that appear later), each of [`SOURCE_DIRS`]
/// that exists with everything in it.
pub fn watch(
    root: &Path,
    output: &Path,
    poll: bool,
) -> Result<(Watcher, Receiver<Change>, Vec<PathBuf>), WatchError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // Events name the paths the watcher was given: give it the same
    // resolved root the filter compares them with.
    let root = layout::resolved(root);
    let filter = Filter {
        root: root.clone(),
        output: layout::resolved(output),
    };
    let slot: Arc<Mutex<Option<Backend>>> = Arc::new(Mutex::new(None));
    let backend = Arc::downgrade(&slot);
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        // Watch a source folder that appeared before its rebuild starts,
        // so nothing written into it afterwards is missed.
        for dir in filter.appeared(&events) {
            if let Some(backend) = backend.upgrade() {
                if let Ok(mut backend) = backend.lock() {
                    if let Some(backend) = backend.as_mut() {
                        let _ = backend.watch(&dir, RecursiveMode::Recursive);
                    }
                }
            }
        }
        forward(&filter, &events, &sender);
    };
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut backend = if poll {
        Backend::Poll(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(|source| to_error(&root, source))?,
        )
    } else {
        Backend::Native(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(|source| to_error(&root, source))?,
        )
    };
    let targets = std::iter::once((root.clone(), RecursiveMode::NonRecursive)).chain(
        SOURCE_DIRS
            .iter()
            .map(|dir| (root.join(dir), RecursiveMode::Recursive)),
    );
    let mut watched = Vec::new();
    for (path, mode) in targets {
        if !path.is_dir() {
            continue;
        }
        backend
            .watch(&path, mode)
            .map_err(|source| to_error(&path, source))?;
        watched.push(path);
    }
    if let Ok(mut slot) = slot.lock() {
        *slot = Some(backend);
    }
    Ok((Watcher { _backend: slot }, receiver, watched))
}

/// Decides which paths are sources.
struct Filter {
    root: PathBuf,
    output: PathBuf,
}

impl Filter {
    /// The scope a changed path needs, or `None` when it is not a source.
    fn scope(&self, path: &Path) -> Option<Scope> {
        let name = path.file_name()?.to_str()?;
        if is_editor_droppings(name) || path.starts_with(&self.output) {
            return None;
        }
        let relative = path.strip_prefix(&self.root).ok()?;
        if layout::is_source_dir(relative) {
            // A source folder itself appeared, went or moved.
            return Some(Scope::Everything);
        }
        layout::source_kind(relative).map(Scope::of)
    }

    /// The source folders that events name and that exist now: created,
    /// made again, or moved into place.
    fn appeared(&self, events: &[DebouncedEvent]) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for event in events {
            if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
                continue;
            }
            for path in &event.paths {
                let is_source_dir = path
                    .strip_prefix(&self.root)
                    .is_ok_and(layout::is_source_dir);
                if is_source_dir && path.is_dir() && !dirs.contains(path) {
                    dirs.push(path.clone());
                }
            }
        }
        dirs
    }
}

/// Temporary and backup files editors write next to the real one.
pub fn is_editor_droppings(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bck",
            ".bak",
            ".orig",
            ".crswap",
            ".kate-swp",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

fn forward(filter: &Filter, events: &[DebouncedEvent], sender: &Sender<Change>) {
    let mut batch: Option<Change> = None;
    for event in events {
        if event.kind.is_access() {
            continue;
        }
        for path in &event.paths {
            let Some(scope) = filter.scope(path) else {
                continue;
            };
            let single = Change {
                paths: vec![path.clone()],
                scope,
            };
            match &mut batch {
                Some(batch) => batch.merge(single),
                None => batch = Some(single),
            }
        }
    }
    if let Some(batch) = batch {
        let _ = sender.send(batch);
    }
}

/// Waits for the next batch, then folds in any that queued up meanwhile,
/// so a long rebuild is followed by one rebuild, not one per burst.
pub fn next_change(receiver: &Receiver<Change>) -> Option<Change> {
    let mut batch = receiver.recv().ok()?;
    while let Ok(more) = receiver.try_recv() {
        batch.merge(more);
    }
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_are_ignored() {
        for name in [
            ".backend.yaml.swp",
            "backend.yaml~",
            "4913",
            "#backend.yaml#",
            ".#backend.yaml",
            "backend.yaml___jb_tmp___",
            "x.bck",
        ] {
            assert!(is_editor_droppings(name), "{name}");
        }
        assert!(!is_editor_droppings("backend.yaml"));
    }

    #[test]
    fn paths_are_scoped() {
        let filter = Filter {
            root: PathBuf::from("/site"),
            output: PathBuf::from("/site/dist"),
        };
        let scope = |p: &str| filter.scope(Path::new(p));
        assert_eq!(scope("/site/rolemap.yaml"), Some(Scope::Everything));
        assert_eq!(scope("/site/roles/a/x.yaml"), Some(Scope::Roles));
        assert_eq!(scope("/site/roles/notes.txt"), None);
        assert_eq!(
            scope("/site/themes/default/static/style.css"),
            Some(Scope::Styles)
        );
        assert_eq!(
            scope("/site/themes/default/templates/role.html"),
            Some(Scope::Everything)
        );
        assert_eq!(scope("/site/static/logo.png"), Some(Scope::Everything));
        assert_eq!(scope("/site/dist/index.html"), None);
        assert_eq!(scope("/site/.dist.rolemap-tmp-1"), None);
        assert_eq!(scope("/site/README.md"), None);
        assert_eq!(scope("/site/roles"), Some(Scope::Everything));
        assert_eq!(scope("/site/static"), Some(Scope::Everything));
        assert_eq!(scope("/site/themes"), Some(Scope::Everything));
        assert_eq!(scope("/site/dist"), None);
    }
}
