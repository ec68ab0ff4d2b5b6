//! Watching a site's sources and turning file events into rebuild requests.
//!
//! Editors save in odd ways (write a temporary file, rename it over the old
//! one, leave backups behind) and tools touch hundreds of files at once
//! (`git checkout`). The watcher debounces events with
//! notify-debouncer-full, drops everything that is not a source (editor
//! droppings, the output folder and its staging siblings), and sends one
//! [`Batch`] per burst. Directories are watched rather than files, so a
//! `rolemap.yaml` replaced by rename is still seen.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

use crate::build::{BuildError, BuildOptions, BuildReport, Session};
use crate::config::CONFIG_FILE;
use crate::load::ROLES_DIR;
use crate::output::resolved;
use crate::theme::THEMES_DIR;

/// Folder of site files copied as they are to the output root.
pub const STATIC_DIR: &str = "static";

/// How long a burst of events may go quiet before it becomes one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// What a burst of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Only stylesheets changed: the browser can swap them without a reload.
    Styles,
    /// Role files changed.
    Roles,
    /// The configuration, a template or a static file changed.
    Everything,
}

/// One debounced burst of relevant changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The changed source files.
    pub paths: Vec<PathBuf>,
    /// What they affect.
    pub scope: Scope,
}

impl Batch {
    /// Merges a later batch into this one.
    pub fn merge(&mut self, other: Batch) {
        self.scope = match (self.scope, other.scope) {
            (a, b) if a == b => a,
            // Styles alone can be swapped in place; mixed with anything, rebuild all.
            (Scope::Styles, _) | (_, Scope::Styles) => Scope::Everything,
            (a, b) => a.max(b),
        };
        for path in other.paths {
            if !self.paths.contains(&path) {
                self.paths.push(path);
            }
        }
    }
}

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
/// relevant burst arrives on the returned channel.
pub fn watch(
    root: &Path,
    output: &Path,
    poll: bool,
) -> Result<(Watcher, Receiver<Batch>), WatchError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let filter = Filter {
        root: resolved(root),
        output: resolved(output),
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
    let targets = [
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (root.join(ROLES_DIR), RecursiveMode::Recursive),
        (root.join(THEMES_DIR), RecursiveMode::Recursive),
        (root.join(STATIC_DIR), RecursiveMode::Recursive),
    ];
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
            _ => WatchError::Notify { path, source },
        })?;
    }
    Ok((watcher, receiver))
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
        let mut parts = relative
            .components()
            .map(|c| c.as_os_str().to_str().unwrap_or(""));
        match (parts.next()?, parts.next()) {
            (CONFIG_FILE, None) => Some(Scope::Everything),
            (ROLES_DIR, Some(_)) => {
                let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
                // A deleted or renamed folder of roles has no extension.
                (is_yaml || path.extension().is_none()).then_some(Scope::Roles)
            }
            (THEMES_DIR, Some(_)) if name.ends_with(".css") => Some(Scope::Styles),
            (THEMES_DIR | STATIC_DIR, Some(_)) => Some(Scope::Everything),
            _ => None,
        }
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

fn forward(filter: &Filter, result: DebounceEventResult, sender: &Sender<Batch>) {
    let Ok(events) = result else {
        return;
    };
    let mut batch: Option<Batch> = None;
    for event in &events {
        if event.kind.is_access() {
            continue;
        }
        for path in &event.paths {
            let Some(scope) = filter.scope(path) else {
                continue;
            };
            let single = Batch {
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

/// `rolemap watch`: builds once, then rebuilds into the same output after
/// every burst of changes, until the process is stopped. Each result is
/// handed to `report`.
pub fn rebuild_on_change(
    options: &BuildOptions,
    poll: bool,
    mut report: impl FnMut(Result<BuildReport, BuildError>),
) -> Result<(), WatchError> {
    let output = match &options.out {
        Some(out) => out.clone(),
        None => options.root.join(
            crate::config::Config::load(&options.root)
                .map(|c| c.output)
                .unwrap_or_else(|_| PathBuf::from("dist")),
        ),
    };
    // Watch first, so an edit made during the first build is not missed.
    let (_watcher, batches) = watch(&options.root, &output, poll)?;
    let mut session = Session::new(options.clone());
    report(session.rebuild(Scope::Everything, &[]));
    while let Some(batch) = next_batch(&batches) {
        report(session.rebuild(batch.scope, &batch.paths));
    }
    Ok(())
}

/// Waits for the next batch, then folds in any that queued up meanwhile,
/// so a long rebuild is followed by one rebuild, not one per burst.
pub fn next_batch(receiver: &Receiver<Batch>) -> Option<Batch> {
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
