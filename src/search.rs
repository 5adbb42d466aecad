//! The search index: Pagefind's, built from the rendered pages that mark their searchable part
//! with `data-pagefind-body` (project pages). Pagefind's extended build splits Japanese text into
//! words, so 老人クラブ finds 老人クラブ助成事業. The index is made in shards of
//! [`SHARD_PAGES`] pages; the search page's script loads them from [`INDEX_DIR`] in the reader's
//! browser; nothing runs on the server.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;

use pagefind::api::PagefindIndex;

use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;

/// The folder of the index in the output.
pub const INDEX_DIR: &str = "pagefind";

/// The attribute that marks the part of a page to index.
const BODY_MARKER: &str = "data-pagefind-body";

/// Pagefind's ready-made interfaces, which the theme does not use: its search page has its own.
const UNUSED: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The most pages in one shard of the index. Pagefind holds every page of an index in memory
/// until the index is written, some 0.7 MB per page of Japanese text, and takes longer per page
/// the more pages an index has; shards of this size keep a build's memory bounded and its time
/// linear, and are built in parallel. The reader's browser loads one shard's script and merges
/// the others' indexes into it ([`SHARDS_FILE`]).
pub const SHARD_PAGES: usize = 500;

/// The list of the shards' folders, relative to [`INDEX_DIR`], as a JSON array (`["1/","2/"]`).
pub const SHARDS_FILE: &str = "shards.json";

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
    fn with_shards_of<'env>(
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

/// Whether the page at `path` goes into the index: an HTML page marked with
/// `data-pagefind-body`.
fn is_indexed(path: &str, html: &str) -> bool {
    path.ends_with(".html") && html.contains(BODY_MARKER)
}

/// The pages among `files` that go into the index, as [`Indexer::add_plan`] takes them: path
/// and HTML, copied.
pub fn pages_of(files: &[OutputFile]) -> impl Iterator<Item = (String, String)> + '_ {
    files.iter().filter_map(|f| {
        let html = std::str::from_utf8(&f.contents).ok()?;
        is_indexed(&f.path, html).then(|| (f.path.clone(), html.to_string()))
    })
}

/// The index of the pages among `batches` (each a batch of the site, as a build hands them to an
/// [`Indexer`]: the shared pages, then each plan's) that are marked
/// with `data-pagefind-body`, in `language`: the files of each shard under `INDEX_DIR/<n>/`,
/// sorted by path, and `INDEX_DIR/`[`SHARDS_FILE`] — the files a build writes for the same batches.
///
/// Call it from a thread that is not one of rayon's ([`Indexer`] says why).
///
/// # Errors
/// When Pagefind cannot read a page or write its index (an [`Code::Io`] diagnostic naming the
/// page).
pub fn index<'a>(
    batches: impl IntoIterator<Item = &'a [OutputFile]>,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let index = index_in_shards(batches, language, SHARD_PAGES, &|| false, None)?;
    Ok(index.unwrap_or_default())
}

/// The shards of the last index a preview made, by number and key ([`shard_key`]), so that the
/// next index makes again only the shards whose pages changed: after one saved project, the
/// shard of that project's plan, not the whole site's.
#[derive(Debug, Default)]
pub struct ShardCache {
    shards: Mutex<HashMap<(usize, u64), Vec<OutputFile>>>,
    /// How many shards were taken from the cache, in all.
    hits: AtomicUsize,
}

impl ShardCache {
    /// The files of shard `number` with `key`, if the last index had it.
    fn get(&self, number: usize, key: u64) -> Option<Vec<OutputFile>> {
        let files = self
            .shards
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(number, key))
            .cloned()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(files)
    }

    /// How many shards the indexes made with this cache took from it instead of making them.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Keeps the shards of an index just made (`files`, its shards' `keys`, shard 1 first) in
    /// place of those kept until now.
    fn keep(&self, files: &[OutputFile], keys: &[u64]) {
        let mut shards: HashMap<(usize, u64), Vec<OutputFile>> = HashMap::new();
        for file in files {
            let number = file
                .path
                .strip_prefix(INDEX_DIR)
                .and_then(|rest| rest.strip_prefix('/'))
                .and_then(|rest| rest.split_once('/'))
                .and_then(|(n, _)| n.parse::<usize>().ok());
            if let Some(number) = number
                && let Some(key) = keys.get(number.wrapping_sub(1))
            {
                shards.entry((number, *key)).or_default().push(file.clone());
            }
        }
        *self.shards.lock().unwrap_or_else(PoisonError::into_inner) = shards;
    }
}

/// [`index`], given up (`Ok(None)`) as soon as `cancelled` says so: it is asked before each
/// batch is read and each shard is begun. For the preview, whose index is outdated by the next
/// save. The shards `cache` holds are not made again, and the shards of this index replace them.
///
/// # Errors
/// As [`index`].
pub fn index_unless<'a>(
    batches: impl IntoIterator<Item = &'a [OutputFile]>,
    language: &str,
    cancelled: &Cancelled<'_>,
    cache: &ShardCache,
) -> Result<Option<Vec<OutputFile>>, Diagnostic> {
    index_in_shards(batches, language, SHARD_PAGES, cancelled, Some(cache))
}

/// [`index_unless`] with shards of `shard_pages` pages, reusing and filling `cache` if given.
fn index_in_shards<'a>(
    batches: impl IntoIterator<Item = &'a [OutputFile]>,
    language: &str,
    shard_pages: usize,
    cancelled: &Cancelled<'_>,
    cache: Option<&ShardCache>,
) -> Result<Option<Vec<OutputFile>>, Diagnostic> {
    let made = Mutex::new(Vec::new());
    let keep = |files: Vec<OutputFile>| {
        made.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(files);
        Ok(())
    };
    let earlier = |number: usize, key: u64| {
        let files = cache?.get(number, key)?;
        let count = files.len();
        made.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(files);
        Some(count)
    };
    let list = thread::scope(|scope| {
        let mut indexer =
            Indexer::with_shards_of(scope, shard_pages, language, &keep, cancelled, &earlier);
        for batch in batches {
            // Copying the pages of a site no longer wanted would take as long as a rebuild:
            // give up (dropping the indexer stops its threads).
            if cancelled() {
                return Ok(None);
            }
            // Only the pages to index are copied, one batch at a time.
            indexer.add_plan(pages_of(batch).collect::<Vec<_>>());
        }
        indexer.finish()
    })?;
    let Some(Made { list, keys, .. }) = list else {
        return Ok(None);
    };
    let mut made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    made.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(cache) = cache {
        cache.keep(&made, &keys);
    }
    made.push(list);
    Ok(Some(made))
}

/// One shard: the index of `pages` (path, HTML), its files' paths relative to the shard, less
/// those in [`UNUSED`].
fn shard(pages: Vec<(String, String)>, language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(INDEX_DIR, &e))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .keep_index_url(true)
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| fail(INDEX_DIR, &e))?;
        for (path, html) in pages {
            index
                .add_html_file(None, Some(format!("/{path}")), html)
                .await
                .map_err(|e| fail(&path, &e))?;
        }
        let written = index.get_files().await.map_err(|e| fail(INDEX_DIR, &e))?;
        Ok(written
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.contains(&name.as_str())).then_some(OutputFile {
                    path: name,
                    contents: f.contents.into(),
                })
            })
            .collect())
    })
}

/// A failure of Pagefind at `path` as a diagnostic.
fn fail(path: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(path),
        format!("cannot build the search index: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            contents: format!(
                "<!DOCTYPE html><html lang=\"ja\"><head><title>{text}</title></head><body><main data-pagefind-body><h1>{text}</h1><p>{text}を実施した。</p></main></body></html>"
            )
            .into_bytes()
            .into(),
        }
    }

    #[test]
    fn each_plans_pages_are_indexed_in_shards_listed_in_order() -> Result<(), Diagnostic> {
        let files = [
            page("p/projects/a.html", "老人クラブ助成事業"),
            page("p/projects/b.html", "子育て支援"),
            OutputFile {
                path: "p/index.html".to_string(),
                contents: b"<html><body><main>not indexed</main></body></html>"[..].into(),
            },
            page("p/projects/c.html", "見守り活動"),
            page("q/projects/d.html", "防災訓練"),
        ];
        // Plan p's pages, then plan q's.
        let batches = [&files[..4], &files[4..]];
        let out = index_in_shards(batches, "ja", 2, &|| false, None)?.unwrap_or_default();
        let shards = out.iter().find(|f| f.path == "pagefind/shards.json");
        assert_eq!(
            shards.map(|f| &f.contents[..]),
            Some(&br#"["1/","2/","3/"]"#[..])
        );
        let fragments = |n: u32| {
            out.iter()
                .filter(|f| f.path.starts_with(&format!("pagefind/{n}/fragment/")))
                .count()
        };
        // Plan p's three pages in two shards, plan q's page in one of its own.
        assert_eq!(
            (fragments(1), fragments(2), fragments(3), fragments(4)),
            (2, 1, 1, 0)
        );
        assert!(out.iter().any(|f| f.path == "pagefind/2/pagefind.js"));
        assert!(!out.iter().any(|f| f.path.ends_with("pagefind-ui.js")));
        Ok(())
    }

    #[test]
    fn an_index_made_with_the_cache_makes_only_the_changed_shard_again() -> Result<(), Diagnostic> {
        let cache = ShardCache::default();
        let mut files = vec![
            page("p/projects/a.html", "老人クラブ助成事業"),
            page("p/projects/b.html", "子育て支援"),
            page("q/projects/c.html", "見守り活動"),
        ];
        let index = |files: &[OutputFile], cache: Option<&ShardCache>| {
            let batches = [&files[..2], &files[2..]];
            index_in_shards(batches, "ja", 2, &|| false, cache)
        };
        index(&files, Some(&cache))?;
        assert_eq!(cache.hits(), 0);
        files[2] = page("q/projects/c.html", "見守り活動の拡充");
        let again = index(&files, Some(&cache))?;
        assert_eq!(cache.hits(), 1, "the first plan's shard is taken as it was");
        assert_eq!(again, index(&files, None)?, "the same files as made afresh");
        Ok(())
    }

    #[test]
    fn a_cancelled_index_reads_no_further_plan() -> Result<(), Diagnostic> {
        let files = [
            page("p/projects/a.html", "老人クラブ助成事業"),
            page("q/projects/b.html", "子育て支援"),
            page("r/projects/c.html", "見守り活動"),
        ];
        let read = std::sync::atomic::AtomicUsize::new(0);
        let out = index_unless(
            files.iter().map(|f| {
                read.fetch_add(1, Ordering::Relaxed);
                std::slice::from_ref(f)
            }),
            "ja",
            &|| true,
            &ShardCache::default(),
        )?;
        assert!(out.is_none());
        assert_eq!(read.load(Ordering::Relaxed), 1);
        Ok(())
    }
}
