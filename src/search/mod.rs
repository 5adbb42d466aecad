//! The search index: Pagefind's, built from the rendered pages that mark their searchable part
//! with `data-pagefind-body` (project pages). Pagefind's extended build splits Japanese text into
//! words, so 老人クラブ finds 老人クラブ助成事業. The index is made in shards of
//! [`SHARD_PAGES`] pages; the search page's script loads them from [`INDEX_DIR`] in the reader's
//! browser; nothing runs on the server.

mod cache;
mod indexer;

use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::thread;

use pagefind::api::PagefindIndex;

use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;

pub use cache::ShardCache;
pub use indexer::{Cancelled, Earlier, Indexer, Made, Sink, shard_key};

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
    use std::sync::atomic::Ordering;

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
