//! `mieruka serve`: a preview for staff. The site is built in memory and served on loopback;
//! `content/`, `themes/` and `site.toml` are watched, and each save rebuilds what it touched
//! ([`Preview`]) and reloads the open pages by themselves. A file with an error does not
//! stop the server: every page shows the problems (file, line, message) until they are fixed.
//!
//! A rebuild's changed pages replace the old ones all at once, so a reader never sees half of a
//! build. The changed plans' data downloads follow right after them, and the search index, which
//! takes longest, a moment later; the previous ones are served meanwhile. Pages learn of a new
//! build by long polling `/__mieruka/wait?v=<version>`, which answers as soon as the version
//! changes (or after a while, to be asked again). `/__mieruka/settled?v=<version>` answers once
//! that version's downloads and search index are served too, for whoever needs to know (the tests).

mod http;
mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::build::{Batch, BuildOptions, Preview};
use crate::diagnostics::Diagnostics;
use crate::output::{Bytes, OutputFile};
use crate::search;

/// How long after a build its search index is begun, unless another build comes first.
const INDEX_PAUSE: Duration = Duration::from_secs(1);

/// How long a long poll waits for a new build before answering with the same version.
const WAIT: Duration = Duration::from_secs(25);

/// The site being served: its files, or the problems that stopped its build, and a version that
/// grows with every build.
#[derive(Debug, Default)]
pub(crate) struct Served {
    /// The files of the last good build, by path (`plan/index.html`).
    files: HashMap<String, Bytes>,
    /// The problems of the last build, if it failed.
    problems: Option<Diagnostics>,
    /// Incremented by every build, good or not.
    version: u64,
}

/// When a rebuild makes the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Search {
    /// Before serving the new pages.
    Now,
    /// After serving the new pages, in the background.
    After,
}

impl Served {
    /// Serves `index` in place of the search index served until now.
    fn replace_index(&mut self, index: Vec<OutputFile>) {
        self.files.retain(|path, _| !in_index(path));
        self.files
            .extend(index.into_iter().map(|f| (f.path, f.contents)));
    }
}

/// The search index of the pages of `batches` in `language`, made again only for the shards not
/// in `cache`; `None` when it cannot be made, which leaves the previous one: the preview goes
/// on, and `build` reports the failure.
fn index_of(
    batches: &[Arc<Batch>],
    language: &str,
    cache: &search::ShardCache,
) -> Option<Vec<OutputFile>> {
    let pages = batches.iter().map(|batch| batch.page_files());
    search::index_unless(pages, language, &|| false, cache)
        .ok()
        .flatten()
}

/// The summary of a failure of `what` (`the build`) with `problems`.
fn failure(what: &str, problems: &Diagnostics) -> String {
    let errors = problems.error_count();
    let s = if errors == 1 { "" } else { "s" };
    format!("{what} failed with {errors} error{s}; the pages show them")
}

/// Whether `path` is a file of the search index.
fn in_index(path: &str) -> bool {
    path.strip_prefix(search::INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// How far the builds have come, by version.
#[derive(Debug, Default, Clone, Copy)]
struct Progress {
    /// The version whose pages are served.
    pages: u64,
    /// The newest version whose data downloads are served.
    downloads: u64,
    /// The newest version whose search index is served.
    index: u64,
}

/// Which of a build's files a [`Progress`] records as served.
#[derive(Debug, Clone, Copy)]
enum Stage {
    Pages,
    Downloads,
    Index,
}

/// The state the server threads share.
#[derive(Debug)]
pub(crate) struct Shared {
    served: RwLock<Served>,
    /// Signalled after every build and when its downloads and index follow, for long polls.
    changed: (Mutex<Progress>, Condvar),
    /// The site, built again on each change; locked by the build in progress.
    site: Mutex<Preview>,
    /// The search index's shards as last made, reused for the pages that did not change.
    shards: search::ShardCache,
}

impl Shared {
    /// Builds the site again and serves what changed; returns a one-line summary. `touched`
    /// are the files known to have changed ([`Preview::rebuild`]).
    ///
    /// The search index and the changed plans' data downloads take longer than the pages:
    /// with `search` [`Search::Now`] they are made before the pages are served (the first
    /// build); with [`Search::After`] the new pages are served at once, the downloads right
    /// after them, and the new index replaces the previous one when it is ready, unless another
    /// build has come in between.
    pub(crate) fn rebuild(self: &Arc<Self>, search: Search, touched: &[PathBuf]) -> String {
        let started = Instant::now();
        let mut site = self.site.lock().unwrap_or_else(|e| e.into_inner());
        let mut result = site.rebuild(touched);
        if let (Ok(update), Search::Now) = (&mut result, search) {
            match site.downloads() {
                Ok(downloads) => update.changed.extend(downloads),
                Err(problems) => result = Err(problems),
            }
        }
        // The pages the index reads: shared, not copied.
        let pages = match &result {
            Ok(update) if update.language.is_some() => site.pages(),
            _ => Vec::new(),
        };
        let good = result.is_ok();
        // The first build's index is made before its pages are served.
        let first_index = match (&result, search) {
            (Ok(update), Search::Now) => update
                .language
                .as_deref()
                .and_then(|language| index_of(&pages, language, &self.shards)),
            _ => None,
        };
        let mut summary;
        {
            let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
            served.version += 1;
            match result {
                Ok(update) => {
                    for path in &update.removed {
                        served.files.remove(path);
                    }
                    served
                        .files
                        .extend(update.changed.into_iter().map(|f| (f.path, f.contents)));
                    if update.language.is_none() {
                        served.files.retain(|path, _| !in_index(path));
                    }
                    let indexed = update.language.is_none() || search == Search::Now;
                    if let Some(index) = first_index {
                        served.replace_index(index);
                    }
                    if indexed {
                        self.signal(Stage::Index, served.version);
                    }
                    if search == Search::Now {
                        self.signal(Stage::Downloads, served.version);
                    }
                    served.problems = None;
                    if let (Search::After, Some(language)) = (search, update.language) {
                        let version = served.version;
                        let shared = Arc::clone(self);
                        thread::spawn(move || shared.store_index(version, &pages, &language));
                    }
                    summary = format!(
                        "built {} pages in {:.2} s",
                        update.report.pages,
                        started.elapsed().as_secs_f64()
                    );
                }
                Err(problems) => {
                    summary = failure("the build", &problems);
                    served.problems = Some(problems);
                    // No downloads or index will come for a build that failed.
                    self.signal(Stage::Downloads, served.version);
                    self.signal(Stage::Index, served.version);
                }
            }
            self.signal(Stage::Pages, served.version);
        }
        if good
            && search == Search::After
            && let Err(failed) = self.serve_downloads(&mut site)
        {
            summary = format!("{summary}; {failed}");
        }
        summary
    }

    /// Makes the downloads that `site`'s last build left to make and serves them; the open pages
    /// are not reloaded for them, unless they fail (then the pages show why).
    ///
    /// # Errors
    /// The summary of the failure.
    fn serve_downloads(&self, site: &mut Preview) -> Result<(), String> {
        let downloads = site.downloads();
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        match downloads {
            Ok(downloads) => {
                served
                    .files
                    .extend(downloads.into_iter().map(|f| (f.path, f.contents)));
                self.signal(Stage::Downloads, served.version);
                Ok(())
            }
            Err(problems) => {
                let failed = failure("the data downloads", &problems);
                served.version += 1;
                served.problems = Some(problems);
                self.signal(Stage::Downloads, served.version);
                self.signal(Stage::Index, served.version);
                self.signal(Stage::Pages, served.version);
                Err(failed)
            }
        }
    }

    /// Tells the long polls that `stage` of `version` is served.
    fn signal(&self, stage: Stage, version: u64) {
        let (lock, signal) = &self.changed;
        let mut progress = lock.lock().unwrap_or_else(|e| e.into_inner());
        match stage {
            Stage::Pages => progress.pages = version,
            Stage::Downloads => progress.downloads = version,
            Stage::Index => progress.index = version,
        }
        signal.notify_all();
    }

    /// Makes the search index of `pages` and serves it in place of the previous one, if the
    /// site is still at `version`. A newer build stops it (before it begins, or before its next
    /// shard), so that indexes of old versions do not slow down the builds of new ones.
    fn store_index(&self, version: u64, batches: &[Arc<Batch>], language: &str) {
        // Saves come in runs while a staff member edits: wait for a pause before beginning.
        thread::sleep(INDEX_PAUSE);
        let pages = batches.iter().map(|batch| batch.page_files());
        let cancelled = || self.version() != version;
        match search::index_unless(pages, language, &cancelled, &self.shards) {
            Ok(Some(index)) => {
                let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
                if served.version == version {
                    served.replace_index(index);
                    self.signal(Stage::Index, version);
                }
            }
            // A newer build came first: it signals its own index.
            Ok(None) => {}
            // The previous index stays, and no other comes for this version.
            Err(_) => self.signal(Stage::Index, version),
        }
    }

    /// The current version.
    fn version(&self) -> u64 {
        self.served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .version
    }

    /// Waits until the version is not `seen` any more, or `WAIT` has passed; the version then.
    fn wait_for_change(&self, seen: u64) -> u64 {
        let (lock, signal) = &self.changed;
        let progress = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (progress, _) = signal
            .wait_timeout_while(progress, WAIT, |p| p.pages == seen)
            .unwrap_or_else(|e| e.into_inner());
        progress.pages
    }

    /// Waits until the downloads and search index of `version` (or of a later one) are served,
    /// or will not come (its build, its downloads or its index failed), or `WAIT` has passed;
    /// the newest version whose files are all settled then.
    fn wait_until_settled(&self, version: u64) -> u64 {
        let (lock, signal) = &self.changed;
        let progress = lock.lock().unwrap_or_else(|e| e.into_inner());
        let settled = |p: &Progress| p.downloads.min(p.index);
        let (progress, _) = signal
            .wait_timeout_while(progress, WAIT, |p| settled(p) < version)
            .unwrap_or_else(|e| e.into_inner());
        settled(&progress)
    }
}

/// A running preview server.
pub struct Server {
    /// The address it listens on (the port chosen when 0 was asked for).
    pub address: SocketAddr,
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    _watch: watch::SourceWatch,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be listened on.
    #[error("cannot listen on {address}: {message}")]
    Listen {
        /// What was asked for.
        address: String,
        /// Why not.
        message: String,
    },
    /// The folders could not be watched.
    #[error("cannot watch {path}: {message}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why not.
        message: String,
    },
}

/// Sends each response without waiting to gather more (`TCP_NODELAY`), which the connections
/// accepted on `listener` inherit on Linux: responses are written in parts, and waiting would
/// hold each of them back for the reader's delayed acknowledgement (some 40 ms).
#[cfg(target_os = "linux")]
fn no_delay(listener: &std::net::TcpListener) {
    let _ = rustix::net::sockopt::set_tcp_nodelay(listener, true);
}

#[cfg(not(target_os = "linux"))]
fn no_delay(_: &std::net::TcpListener) {}

/// How many threads answer requests (long polls hold one each while they wait).
const WORKERS: usize = 16;

impl Server {
    /// Builds the site under `root` and starts serving it on `bind:port` (port 0: any free
    /// port), watching for changes. `log` receives one line per build.
    ///
    /// # Errors
    /// When the address cannot be listened on or the folders cannot be watched.
    pub fn start(
        root: &Path,
        bind: &str,
        port: u16,
        log: impl Fn(&str) + Send + Sync + 'static,
    ) -> Result<Server, ServeError> {
        // Watchers report absolute paths, so the watch uses the absolute root; builds keep the
        // root as given so that problems name files as the staff member typed them.
        let watched_root = root.canonicalize().map_err(|e| ServeError::Watch {
            path: root.to_path_buf(),
            message: e.to_string(),
        })?;
        let shared = Arc::new(Shared {
            served: RwLock::new(Served::default()),
            changed: (Mutex::new(Progress::default()), Condvar::new()),
            site: Mutex::new(Preview::new(BuildOptions {
                root: root.to_path_buf(),
                output: root.join("public"),
                base_url: None,
            })),
            shards: search::ShardCache::default(),
        });
        log(&shared.rebuild(Search::Now, &[]));
        let address = format!("{bind}:{port}");
        let listen_error = |e: &dyn std::fmt::Display| ServeError::Listen {
            address: address.clone(),
            message: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(&address).map_err(|e| listen_error(&e))?;
        no_delay(&listener);
        let http =
            tiny_http::Server::from_listener(listener, None).map_err(|e| listen_error(&e))?;
        let address = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| ServeError::Listen {
                address: address.clone(),
                message: "not an IP address".to_string(),
            })?;
        let http = Arc::new(http);
        for _ in 0..WORKERS {
            let http = Arc::clone(&http);
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                while let Ok(request) = http.recv() {
                    http::answer(request, &shared);
                }
            });
        }
        let log = Arc::new(log);
        let watcher = watch::watch(&watched_root, {
            let shared = Arc::clone(&shared);
            let root = root.to_path_buf();
            let watched_root = watched_root.clone();
            move |paths| {
                // As the loader names them: the root as given, joined with the place under it.
                let touched: Vec<PathBuf> = paths
                    .iter()
                    .filter_map(|p| p.strip_prefix(&watched_root).ok())
                    .map(|p| root.join(p))
                    .collect();
                log(&shared.rebuild(Search::After, &touched));
            }
        })?;
        Ok(Server {
            address,
            shared,
            http,
            _watch: watcher,
        })
    }

    /// The version of the site being served (it grows with every build).
    pub fn version(&self) -> u64 {
        self.shared.version()
    }

    /// Stops answering requests.
    pub fn stop(&self) {
        for _ in 0..WORKERS {
            self.http.unblock();
        }
    }
}
