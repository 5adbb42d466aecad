//! One part of the site's output — the pages that draw on every plan, one plan's pages, charts
//! and data downloads, or the site's own files — rendered from its site graph ([`render`]),
//! reusing what a kept earlier run made of it where what a page or chart shows did not change.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::{hash_of, page_hash};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, OutputFile};
use crate::render::{self, Renderer};
use crate::site::{SiteGraph, urls};

/// Which part of the site a [`Part`] is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartKey {
    /// The pages that draw on every plan: home, the departments', the kinds', the site's feed,
    /// search, 404, accessibility.
    Shared,
    /// One plan's pages, charts and data downloads, by the plan's id.
    Plan(String),
    /// The theme's static files and the files for search engines (sitemap, robots.txt).
    SiteFiles,
}

impl PartKey {
    /// What writes this part's files, for the error of two outputs on one path.
    pub fn source(&self) -> String {
        match self {
            PartKey::Shared => "the pages that draw on every plan".to_string(),
            PartKey::Plan(id) => format!("the pages of plan `{id}`"),
            PartKey::SiteFiles => "a file of the theme or for search engines".to_string(),
        }
    }
}

/// The files of one part of the site.
#[derive(Debug)]
pub struct Part {
    /// Which part it is.
    pub key: PartKey,
    /// Its files: its HTML pages first ([`Part::pages`] of them), then its charts' SVG and CSV
    /// files, then, for a plan, its data downloads when they were made with it.
    pub files: Vec<OutputFile>,
    /// How many of `files` are pages (HTML pages and Atom feeds).
    pub pages: usize,
    /// How many charts its pages draw, inline or as files.
    pub charts: usize,
    /// What its pages and charts showed, for a later run to reuse; `None` when it is not kept.
    memo: Option<Memo>,
}

/// The fingerprints of a part's pages and charts ([`super::fingerprint`]).
#[derive(Debug, Default)]
struct Memo {
    /// Each page's fingerprint, by path: a page whose fingerprint did not change keeps its bytes.
    pages: HashMap<String, u64>,
    /// Each chart's SVG, and its CSV when it has files, by its fingerprint.
    charts: HashMap<u64, Drawn>,
}

/// A chart drawn: its SVG, and its numbers as CSV when it has files of its own.
type Drawn = (Arc<str>, Option<Bytes>);

impl Part {
    /// A part of ready-made `files`, none of them a page.
    pub fn of_files(key: PartKey, files: Vec<OutputFile>) -> Part {
        Part {
            key,
            files,
            pages: 0,
            charts: 0,
            memo: None,
        }
    }

    /// Its pages, path and bytes, in order.
    pub fn page_files(&self) -> &[OutputFile] {
        &self.files[..self.pages]
    }
}

/// Renders `graph` (a plan's pages and charts, or the shared ones) into the part `key`, followed
/// by `extra` files. With `keep`, the part holds its pages' and charts' fingerprints, and pages
/// and charts that show the same as in `old` (a kept part rendered with the same templates and
/// settings) keep its bytes instead of being rendered again.
///
/// # Errors
/// Every page and chart that failed to render.
pub fn render(
    renderer: &Renderer,
    config: &SiteConfig,
    key: PartKey,
    graph: &SiteGraph,
    keep: bool,
    old: Option<&Part>,
    extra: Vec<OutputFile>,
) -> Result<Part, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let old = old.and_then(|o| o.memo.as_ref().map(|memo| (o, memo)));
    let chart_hashes: Vec<u64> = if keep {
        graph.charts.par_iter().map(hash_of).collect()
    } else {
        Vec::new()
    };
    let charts: Vec<Result<Drawn, Diagnostic>> = graph
        .charts
        .par_iter()
        .enumerate()
        .map(|(n, spec)| {
            let hash = chart_hashes.get(n);
            if let Some(drawn) = old.zip(hash).and_then(|((_, memo), h)| memo.charts.get(h)) {
                return Ok(drawn.clone());
            }
            let svg = render::draw(spec)?;
            let csv = if spec.files {
                Some(render::chart_csv(spec)?.contents)
            } else {
                None
            };
            Ok((Arc::from(svg), csv))
        })
        .collect();
    let charts: Vec<Option<Drawn>> = charts
        .into_iter()
        .map(|r| r.map_err(|d| diagnostics.push(d)).ok())
        .collect();

    let old_pages: HashMap<&str, (u64, &Bytes)> = old
        .map(|(part, memo)| {
            (part.page_files().iter())
                .filter_map(|f| Some((f.path.as_str(), (*memo.pages.get(&f.path)?, &f.contents))))
                .collect()
        })
        .unwrap_or_default();
    let pages: Vec<Result<(OutputFile, u64), Diagnostic>> = graph
        .pages
        .par_iter()
        .map(|page| {
            let hash = if keep {
                page_hash(page, &chart_hashes)
            } else {
                0
            };
            if let Some(&(old_hash, bytes)) = old_pages.get(page.path.as_str())
                && old_hash == hash
            {
                let file = OutputFile {
                    path: page.path.clone(),
                    contents: Arc::clone(bytes),
                };
                return Ok((file, hash));
            }
            let svgs: Vec<Option<&str>> = (page.charts.iter())
                .map(|&c| {
                    charts
                        .get(c)
                        .and_then(Option::as_ref)
                        .map(|(svg, _)| &**svg)
                })
                .collect();
            Ok((renderer.page(page, config, &svgs)?, hash))
        })
        .collect();

    let mut memo = Memo::default();
    let mut files = Vec::with_capacity(pages.len() + extra.len());
    for page in pages {
        match page {
            Ok((file, hash)) => {
                if keep {
                    memo.pages.insert(file.path.clone(), hash);
                }
                files.push(file);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for (n, (spec, chart)) in graph.charts.iter().zip(charts).enumerate() {
        let Some((svg, csv)) = chart else { continue };
        if let Some(csv) = &csv {
            files.push(OutputFile {
                path: spec.path.clone(),
                contents: Bytes::from(svg.as_bytes()),
            });
            files.push(OutputFile {
                path: urls::chart_data(&spec.path),
                contents: Arc::clone(csv),
            });
        }
        if let Some(&hash) = chart_hashes.get(n) {
            memo.charts.insert(hash, (svg, csv));
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    files.extend(extra);
    Ok(Part {
        key,
        files,
        pages: graph.pages.len(),
        charts: graph.charts.len(),
        memo: keep.then_some(memo),
    })
}
