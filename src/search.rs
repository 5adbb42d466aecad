//! The search index: Pagefind's, built from the rendered pages that mark their searchable part
//! with `data-pagefind-body` (project pages). Pagefind's extended build splits Japanese text into
//! words, so 老人クラブ finds 老人クラブ助成事業. The index is made in shards of
//! [`SHARD_PAGES`] pages; the search page's script loads them from [`INDEX_DIR`] in the reader's
//! browser; nothing runs on the server.

use std::path::Path;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use pagefind::api::PagefindIndex;

use crate::diagnostics::{Code, Diagnostic};
use crate::render::OutputFile;

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

/// The index of the pages among `files` (path and bytes) marked with `data-pagefind-body`, in
/// `language`: the files of each shard under `INDEX_DIR/<n>/` and
/// `INDEX_DIR/`[`SHARDS_FILE`]. Each plan's pages
/// (grouped by the first segment of their paths, in the order of `files`) are in shards of their
/// own, of at most [`SHARD_PAGES`] pages; shards are numbered from 1. Page URLs in the index are
/// relative to the output root (`/plan/projects/x.html`); the search page tells Pagefind where
/// that root is.
///
/// Call it from a thread of its own, not from one of rayon's: it waits for the shards' threads,
/// and Pagefind in those needs rayon's threads free.
///
/// # Errors
/// When Pagefind cannot read a page or write its index (an [`Code::Io`] diagnostic naming the
/// page).
pub fn index<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let index = index_in_shards(files, language, SHARD_PAGES, &|| false)?;
    Ok(index.unwrap_or_default())
}

/// [`index`], given up (`Ok(None)`) as soon as `cancelled` says so: it is asked before each
/// shard is begun. For the preview, whose index is outdated by the next save.
///
/// # Errors
/// As [`index`].
pub fn index_unless<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    language: &str,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<OutputFile>>, Diagnostic> {
    index_in_shards(files, language, SHARD_PAGES, cancelled)
}

/// [`index_unless`] with shards of `shard_pages` pages.
fn index_in_shards<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    language: &str,
    shard_pages: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<OutputFile>>, Diagnostic> {
    let pages: Vec<(&str, &str)> = files
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, contents)| {
            let html = std::str::from_utf8(contents).ok()?;
            html.contains(BODY_MARKER).then_some((path, html))
        })
        .collect();
    // Each plan's pages (the first segment of their paths) in shards of their own.
    let mut plans: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for (path, html) in pages {
        let plan = path.split('/').next().unwrap_or_default();
        match plans.last_mut() {
            Some((last, group)) if *last == plan => group.push((path, html)),
            _ => plans.push((plan, vec![(path, html)])),
        }
    }
    let chunks: Vec<&[(&str, &str)]> = plans
        .iter()
        .flat_map(|(_, group)| group.chunks(shard_pages.max(1)))
        .collect();
    let mut shards: Vec<Vec<OutputFile>> = Vec::with_capacity(chunks.len());
    let Some(made) = in_parallel(&chunks, language, cancelled) else {
        return Ok(None);
    };
    for (i, files) in made.into_iter().enumerate() {
        shards.push(
            files?
                .into_iter()
                .map(|f| OutputFile {
                    path: format!("{INDEX_DIR}/{}/{}", i + 1, f.path),
                    contents: f.contents,
                })
                .collect(),
        );
    }
    let names: Vec<String> = (1..=shards.len()).map(|n| format!("{n}/")).collect();
    let list = serde_json::to_string(&names).map_err(|e| fail(SHARDS_FILE, &e))?;
    let mut out: Vec<OutputFile> = shards.into_iter().flatten().collect();
    out.push(OutputFile {
        path: format!("{INDEX_DIR}/{SHARDS_FILE}"),
        contents: list.into_bytes(),
    });
    Ok(Some(out))
}

/// [`shard`] of each of `chunks`, in order, on as many threads of their own as rayon has.
///
/// Not on rayon's threads: each shard blocks on a tokio runtime while Pagefind uses rayon
/// inside it, and a rayon thread blocked there would take up another shard's job meanwhile and
/// start a runtime within the runtime, which tokio refuses with a panic.
fn in_parallel(
    chunks: &[&[(&str, &str)]],
    language: &str,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Result<Vec<OutputFile>, Diagnostic>>> {
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, chunks.len().max(1));
    let mut done: Vec<(usize, Result<Vec<OutputFile>, Diagnostic>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(chunk) = chunks.get(i) else { break };
                        if cancelled() {
                            break;
                        }
                        mine.push((i, shard(chunk, language)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    if done.len() < chunks.len() {
        return None;
    }
    done.sort_by_key(|(i, _)| *i);
    Some(done.into_iter().map(|(_, files)| files).collect())
}

/// One shard: the index of `pages` (path, HTML), its files' paths relative to the shard, less
/// those in [`UNUSED`].
fn shard(pages: &[(&str, &str)], language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
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
                .add_html_file(None, Some(format!("/{path}")), html.to_string())
                .await
                .map_err(|e| fail(path, &e))?;
        }
        let written = index.get_files().await.map_err(|e| fail(INDEX_DIR, &e))?;
        Ok(written
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.contains(&name.as_str())).then_some(OutputFile {
                    path: name,
                    contents: f.contents,
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
            .into_bytes(),
        }
    }

    #[test]
    fn each_plans_pages_are_indexed_in_shards_listed_in_order() -> Result<(), Diagnostic> {
        let files = [
            page("p/projects/a.html", "老人クラブ助成事業"),
            page("p/projects/b.html", "子育て支援"),
            OutputFile {
                path: "p/index.html".to_string(),
                contents: b"<html><body><main>not indexed</main></body></html>".to_vec(),
            },
            page("p/projects/c.html", "見守り活動"),
            page("q/projects/d.html", "防災訓練"),
        ];
        let out = index_in_shards(
            files
                .iter()
                .map(|f| (f.path.as_str(), f.contents.as_slice())),
            "ja",
            2,
            &|| false,
        )?
        .unwrap_or_default();
        let shards = out.iter().find(|f| f.path == "pagefind/shards.json");
        assert_eq!(
            shards.map(|f| f.contents.as_slice()),
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
}
