//! The search index: Pagefind's, built from the rendered pages that mark their searchable part
//! with `data-pagefind-body` (project pages). Pagefind's extended build splits Japanese text into
//! words, so 老人クラブ finds 老人クラブ助成事業. The search page's script loads the index from
//! [`INDEX_DIR`] in the reader's browser; nothing runs on the server.

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

/// The index of the pages among `files` marked with `data-pagefind-body`, in `language`, as
/// files under [`INDEX_DIR`]. Page URLs in the index are relative to the output root
/// (`/plan/projects/x.html`); the search page tells Pagefind where that root is.
///
/// # Errors
/// When Pagefind cannot read a page or write its index (an [`Code::Io`] diagnostic naming the
/// page).
pub fn index(files: &[OutputFile], language: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    let fail = |path: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error(
            Code::Io,
            std::path::Path::new(path),
            format!("cannot build the search index: {e}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(INDEX_DIR, &e))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .keep_index_url(true)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| fail(INDEX_DIR, &e))?;
        for file in files {
            if !file.path.ends_with(".html") {
                continue;
            }
            let Ok(html) = std::str::from_utf8(&file.contents) else {
                continue;
            };
            if !html.contains(BODY_MARKER) {
                continue;
            }
            index
                .add_html_file(None, Some(format!("/{}", file.path)), html.to_string())
                .await
                .map_err(|e| fail(&file.path, &e))?;
        }
        let written = index.get_files().await.map_err(|e| fail(INDEX_DIR, &e))?;
        Ok(written
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.contains(&name.as_str())).then(|| OutputFile {
                    path: format!("{INDEX_DIR}/{name}"),
                    contents: f.contents,
                })
            })
            .collect())
    })
}
