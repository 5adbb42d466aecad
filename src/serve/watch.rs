//! Watching a site's sources: `content/` and `themes/` (with everything in them) and
//! `site.toml`. Changes that come in a burst (an editor saving several files) cause one rebuild.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::ServeError;
use crate::load::{CONFIG_FILE, CONTENT_DIR};
use crate::theme::THEMES_DIR;

/// How long a file must stay quiet before a rebuild (notify-debouncer-full's timeout). An
/// editor's save (write, or write a copy and rename it) comes within a few milliseconds; a
/// longer burst (a `git checkout`) may cause a rebuild in the middle, and another one after it.
const QUIET: Duration = Duration::from_millis(20);

/// A watch of a site's sources; dropping it stops the watch.
pub(crate) type SourceWatch = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Watches the sources under `root`, calling `rebuild` after each burst of changes with the
/// paths that changed (absolute, under `root`), or with `root` itself when the system lost
/// track of changes (too many at once) and everything must be looked at.
///
/// # Errors
/// When a folder cannot be watched.
pub(crate) fn watch(
    root: &Path,
    rebuild: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<SourceWatch, ServeError> {
    let config = root.join(CONFIG_FILE);
    let sources = [root.join(CONTENT_DIR), root.join(THEMES_DIR)];
    let watched_sources = sources.clone();
    let whole = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        // The watcher's own errors: everything is looked at.
        let Ok(events) = result else {
            return rebuild(vec![whole.clone()]);
        };
        let mut paths = Vec::new();
        for event in events {
            if event.need_rescan() {
                // Changes were lost (too many at once): the root, so that everything is looked at.
                paths.push(whole.clone());
            } else if !event.kind.is_access() {
                paths.extend(event.event.paths.into_iter().filter(|path| {
                    let relevant =
                        *path == config || watched_sources.iter().any(|s| path.starts_with(s));
                    relevant && !is_editor_scratch(path)
                }));
            }
        }
        if !paths.is_empty() {
            rebuild(paths);
        }
    };
    let mut watch = new_debouncer(QUIET, None, handler).map_err(cannot_watch(root))?;
    for source in &sources {
        if source.is_dir() {
            watch
                .watch(source, RecursiveMode::Recursive)
                .map_err(cannot_watch(source))?;
        }
    }
    watch
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(cannot_watch(root))?;
    Ok(watch)
}

/// The error for a folder that cannot be watched.
fn cannot_watch(path: &Path) -> impl FnOnce(notify::Error) -> ServeError + '_ {
    move |e| ServeError::Watch {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Whether `path` is an editor's temporary file (`.x.swp`, `x~`, `#x#`, `.#x`), whose changes
/// are not saves.
fn is_editor_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}
