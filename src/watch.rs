//! Watching a site's sources and turning file events into [`Change`]s.
//!
//! Editors save in odd ways (write a temporary file, rename it over the old
//! one, leave backups behind) and tools touch hundreds of files at once
//! (`git checkout`). The watcher debounces events with
//! notify-debouncer-full, drops everything that is not a source (editor
//! droppings, the output folder and its staging siblings; what counts as a
//! source is [`crate::layout`]'s call), and sends one [`Change`] per burst.
//! Directories are watched rather than files, so a `rolemap.yaml` replaced
//! by rename is still seen.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

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
pub enum Watcher {
    /// Native events (inotify, FSEvents, ...).
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Polling, for file systems without events.
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// Starts watching the site at `root` whose output goes to `output`; each
/// relevant burst arrives on the returned channel. Returns the folders
/// watched too.
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
    let handler = move |result: DebounceEventResult| forward(&filter, result, &sender);
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let to_error = |source: notify::Error| match source.kind {
        notify::ErrorKind::MaxFilesWatch => WatchError::Limit,
        _ => WatchError::Notify {
            path: root.to_path_buf(),
            source,
        },
    };
    let mut watcher = if poll {
        Watcher::Poll(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(to_error)?,
        )
    } else {
        Watcher::Native(
            new_debouncer_opt(DEBOUNCE, None, handler, RecommendedCache::new(), config)
                .map_err(to_error)?,
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
        let result = match &mut watcher {
            Watcher::Native(debouncer) => debouncer.watch(&path, mode),
            Watcher::Poll(debouncer) => debouncer.watch(&path, mode),
        };
        result.map_err(|source| match source.kind {
            notify::ErrorKind::MaxFilesWatch => WatchError::Limit,
            _ => WatchError::Notify {
                path: path.clone(),
                source,
            },
        })?;
        watched.push(path);
    }
    Ok((watcher, receiver, watched))
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
        layout::source_kind(relative).map(Scope::of)
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

fn forward(filter: &Filter, result: DebounceEventResult, sender: &Sender<Change>) {
    let Ok(events) = result else {
        return;
    };
    let mut batch: Option<Change> = None;
    for event in &events {
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
    }
}
