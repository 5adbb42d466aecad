//! The index made while a build renders: shards of each plan's pages, made on threads of their
//! own as the pages come ([`Indexer`]).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;

use super::{INDEX_DIR, SHARD_PAGES, SHARDS_FILE, fail, is_indexed, shard};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;

/// A search index made while the site is still being rendered: each plan's pages are handed
/// over as soon as they are made ([`Indexer::add_plan`]), indexed in shards on threads of their
/// own, and each finished shard's files handed to a sink, so that a build holds only the shards
/// in progress, never the whole site's pages.
///
/// Shards are numbered from 1 in the order the pages were added; each plan's pages are in shards
/// of their own, of at most [`SHARD_PAGES`] pages. A shard's files go to the sink under
/// `INDEX_DIR/<n>/`; [`Indexer::finish`] makes `INDEX_DIR/`[`SHARDS_FILE`].
///
/// Its threads are spawned in a [`thread::Scope`] and are not rayon's: each shard blocks on a
/// tokio runtime while Pagefind uses rayon inside it, and a rayon thread blocked there would take
/// up another shard's job meanwhile and start a runtime within the runtime, which tokio refuses
/// with a panic. For the same reason, add pages from a thread that is not one of rayon's: adding
/// waits while the shards' threads are busy.
pub struct Indexer<'scope> {
    /// The shards waiting for a thread; `None` once finished.
    queue: Option<mpsc::SyncSender<Shard>>,
    workers: Vec<thread::ScopedJoinHandle<'scope, Result<Finished, Diagnostic>>>,
    /// Set when a shard failed, or the indexer was dropped unfinished: the threads stop.
    stop: Arc<AtomicBool>,
    shard_pages: usize,
    /// The language the pages are indexed in.
    language: String,
    /// Each shard's key ([`shard_key`]), shard 1 first.
    keys: Vec<u64>,
    /// How many files the threads took from an earlier build's shards.
    reused: Arc<AtomicUsize>,
}

/// Where the files of a finished shard go: written, or kept.
pub type Sink<'a> = dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync + 'a;

/// A question asked before each shard is begun: whether to give up.
pub type Cancelled<'a> = dyn Fn() -> bool + Sync + 'a;

/// Puts in place the files of shard `number` (under `INDEX_DIR/<number>/`) as an earlier build
/// made them, when that build's shard `number` had `key`: how many files, or `None` when there
/// is no such shard (it is then made).
pub type Earlier<'a> = dyn Fn(usize, u64) -> Option<usize> + Sync + 'a;

/// What an index was made of.
#[derive(Debug)]
pub struct Made {
    /// `INDEX_DIR/`[`SHARDS_FILE`], the list of the shards.
    pub list: OutputFile,
    /// Each shard's key ([`shard_key`]), shard 1 first.
    pub keys: Vec<u64>,
    /// How many of the index's files were an earlier build's.
    pub reused: usize,
}

/// One shard to make: its number, its key and its pages (path, HTML).
struct Shard {
    number: usize,
    key: u64,
    pages: Vec<(String, String)>,
}

/// The key of a shard of `pages` (path, HTML): two shards with the same key index the same
/// pages in the same language with the same version of Pagefind, so their files are the same.
pub fn shard_key(language: &str, pages: &[(String, String)]) -> u64 {
    let mut hasher = DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), language, pages).hash(&mut hasher);
    hasher.finish()
}

/// How a shard thread ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finished {
    /// Every shard it took was made.
    Done,
    /// It gave up: cancelled, or another shard failed.
    GaveUp,
}

impl<'scope> Indexer<'scope> {
    /// Starts as many shard threads in `scope` as rayon has threads, indexing in `language`,
    /// handing each shard's files to `sink`, and asking `cancelled` before each shard.
    ///
    /// A shard whose key `earlier` knows is not made again: its files are `earlier`'s.
    pub fn start<'env>(
        scope: &'scope thread::Scope<'scope, 'env>,
        language: &'env str,
        sink: &'env Sink<'env>,
        cancelled: &'env Cancelled<'env>,
        earlier: &'env Earlier<'env>,
    ) -> Indexer<'scope> {
        Indexer::with_shards_of(scope, SHARD_PAGES, language, sink, cancelled, earlier)
    }

    /// [`Indexer::start`] with shards of at most `shard_pages` pages.
    pub(super) fn with_shards_of<'env>(
        scope: &'scope thread::Scope<'scope, 'env>,
        shard_pages: usize,
        language: &'env str,
        sink: &'env Sink<'env>,
        cancelled: &'env Cancelled<'env>,
        earlier: &'env Earlier<'env>,
    ) -> Indexer<'scope> {
        let reused = Arc::new(AtomicUsize::new(0));
        let threads = rayon::current_num_threads().max(1);
        // One shard waits while each thread makes one: enough to keep them busy, and few
        // enough pages held.
        let (queue, shards) = mpsc::sync_channel::<Shard>(1);
        let shards = Arc::new(Mutex::new(shards));
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..threads)
            .map(|_| {
                let shards = Arc::clone(&shards);
                let stop = Arc::clone(&stop);
                let reused = Arc::clone(&reused);
                scope.spawn(move || {
                    let give_up = || stop.load(Ordering::Relaxed) || cancelled();
                    let reuse = |number: usize, key: u64| {
                        let files = earlier(number, key)?;
                        reused.fetch_add(files, Ordering::Relaxed);
                        Some(())
                    };
                    let made = make_shards(&shards, language, sink, &give_up, &reuse);
                    if made.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    made
                })
            })
            .collect();
        Indexer {
            queue: Some(queue),
            workers,
            stop,
            shard_pages: shard_pages.max(1),
            language: language.to_string(),
            keys: Vec::new(),
            reused,
        }
    }

    /// Adds one plan's pages (path relative to the output root, HTML), in shards of their own:
    /// those marked with `data-pagefind-body`. Waits while the threads are busy. Pages added
    /// after a shard failed or the index was cancelled are left out; [`Indexer::finish`] says
    /// so.
    pub fn add_plan(&mut self, pages: impl IntoIterator<Item = (String, String)>) {
        let Some(queue) = &self.queue else { return };
        let mut pages = pages
            .into_iter()
            .filter(|(path, html)| is_indexed(path, html))
            .peekable();
        while pages.peek().is_some() {
            let shard: Vec<(String, String)> = pages.by_ref().take(self.shard_pages).collect();
            self.keys.push(shard_key(&self.language, &shard));
            let shard = Shard {
                number: self.keys.len(),
                key: self.keys.last().copied().unwrap_or_default(),
                pages: shard,
            };
            if queue.send(shard).is_err() {
                // Every thread has stopped: `finish` tells why.
                return;
            }
        }
    }

    /// Waits for the last shards: the list of the shards ([`SHARDS_FILE`]) and their keys,
    /// `None` when the index was cancelled.
    ///
    /// # Errors
    /// When Pagefind could not read a page or make its index, or the sink failed: the first
    /// such failure.
    pub fn finish(mut self) -> Result<Option<Made>, Diagnostic> {
        drop(self.queue.take());
        let mut finished = Finished::Done;
        let mut failure = None;
        for worker in std::mem::take(&mut self.workers) {
            match worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            {
                Ok(Finished::Done) => {}
                Ok(Finished::GaveUp) => finished = Finished::GaveUp,
                Err(d) => {
                    failure.get_or_insert(d);
                }
            }
        }
        if let Some(d) = failure {
            return Err(d);
        }
        if finished == Finished::GaveUp {
            return Ok(None);
        }
        let names: Vec<String> = (1..=self.keys.len()).map(|n| format!("{n}/")).collect();
        let list = serde_json::to_string(&names).map_err(|e| fail(SHARDS_FILE, &e))?;
        Ok(Some(Made {
            list: OutputFile {
                path: format!("{INDEX_DIR}/{SHARDS_FILE}"),
                contents: list.into_bytes().into(),
            },
            keys: std::mem::take(&mut self.keys),
            reused: self.reused.load(Ordering::Relaxed),
        }))
    }
}

impl Drop for Indexer<'_> {
    /// An indexer dropped unfinished (the build failed elsewhere) stops its threads before
    /// their next shard.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A shard thread: makes the shards it takes from `shards` until there are none left or
/// `give_up` says so, handing their files to `sink`; a shard that `reuse` puts in place (an
/// earlier build's shard of the same number and key) is not made again.
fn make_shards(
    shards: &Mutex<mpsc::Receiver<Shard>>,
    language: &str,
    sink: &Sink<'_>,
    give_up: &dyn Fn() -> bool,
    reuse: &dyn Fn(usize, u64) -> Option<()>,
) -> Result<Finished, Diagnostic> {
    loop {
        let next = shards.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(Shard { number, key, pages }) = next else {
            return Ok(Finished::Done);
        };
        if give_up() {
            return Ok(Finished::GaveUp);
        }
        if reuse(number, key).is_some() {
            continue;
        }
        let files = shard(pages, language)?
            .into_iter()
            .map(|f| OutputFile {
                path: format!("{INDEX_DIR}/{number}/{}", f.path),
                contents: f.contents,
            })
            .collect();
        sink(files)?;
    }
}
