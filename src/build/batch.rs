//! One batch of the site's output — the pages that draw on every plan, one plan's pages, charts
//! and data downloads, or the site's own files — rendered from its site graph ([`render()`]),
//! reusing what a kept earlier run made of it where what a page or chart shows did not change.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::{hash_of, page_hash};
use super::manifest::{Manifest, Previous};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Bytes, OutputFile};
use crate::render::{self, Renderer};
use crate::site::{SiteGraph, urls};

/// Which batch of the site a [`Batch`] is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BatchKey {
    /// The pages that draw on every plan: home, the departments', the kinds', the site's feed,
    /// search, 404, accessibility.
    Shared,
    /// One plan's pages, charts and data downloads, by the plan's id.
    Plan(String),
    /// The theme's static files and the files for search engines (sitemap, robots.txt).
    SiteFiles,
}

impl BatchKey {
    /// What writes this batch's files, for the error of two outputs on one path.
    pub fn source(&self) -> String {
        match self {
            BatchKey::Shared => "the pages that draw on every plan".to_string(),
            BatchKey::Plan(id) => format!("the pages of plan `{id}`"),
            BatchKey::SiteFiles => "a file of the theme or for search engines".to_string(),
        }
    }
}

/// The files of one batch of the site.
#[derive(Debug)]
pub struct Batch {
    /// Which batch it is.
    pub key: BatchKey,
    /// Its files: its HTML pages first ([`Batch::pages`] of them), then its charts' SVG and CSV
    /// files, then, for a plan, its data downloads when they were made with it.
    pub files: Vec<OutputFile>,
    /// How many of `files` are pages (HTML pages and Atom feeds).
    pub pages: usize,
    /// How many charts its pages draw, inline or as files.
    pub charts: usize,
    /// How many of `files`, at their end, are a plan's data downloads.
    pub downloads: usize,
    /// How many of `files` were not made again but are the bytes a kept batch or the previous
    /// output had.
    pub reused: usize,
    /// The indices in `files` of those whose bytes are the previous output's at the same path
    /// ([`Old::Output`]), which a writer may link instead of writing.
    pub same_as_previous: Vec<usize>,
    /// What its pages and charts showed, for a later run to reuse; `None` when it is not kept.
    memo: Option<Memo>,
}

/// The fingerprints of a batch's pages and charts ([`super::fingerprint`]).
#[derive(Debug, Default)]
struct Memo {
    /// Each page's fingerprint, by path: a page whose fingerprint did not change keeps its bytes.
    pages: HashMap<String, u64>,
    /// Each chart's SVG, and its CSV when it has files, by its fingerprint; those not drawn
    /// because no page made again shows them are not among them.
    charts: HashMap<u64, Drawn>,
    /// The SVG path of each chart with files, by its fingerprint.
    chart_files: HashMap<u64, String>,
}

/// A chart drawn: its SVG, and its numbers as CSV when it has files of its own.
type Drawn = (Arc<str>, Option<Bytes>);

impl Batch {
    /// A batch of ready-made `files`, none of them a page.
    pub fn of_files(key: BatchKey, files: Vec<OutputFile>) -> Batch {
        Batch {
            key,
            files,
            pages: 0,
            charts: 0,
            downloads: 0,
            reused: 0,
            same_as_previous: Vec::new(),
            memo: None,
        }
    }

    /// Its pages, path and bytes, in order.
    pub fn page_files(&self) -> &[OutputFile] {
        &self.files[..self.pages]
    }

    /// Adds its pages' and chart files' fingerprints to `manifest`.
    pub fn record(&self, manifest: &mut Manifest) {
        if let Some(memo) = &self.memo {
            manifest
                .pages
                .extend(memo.pages.iter().map(|(p, &h)| (p.clone(), h)));
            manifest
                .charts
                .extend(memo.chart_files.iter().map(|(&h, p)| (h, p.clone())));
        }
    }
}

/// What rendering a batch may reuse.
#[derive(Debug, Clone, Copy)]
pub enum Old<'a> {
    /// Nothing, and nothing is fingerprinted: a build that keeps nothing.
    Nothing,
    /// Nothing yet, but the batch is fingerprinted for a later run.
    Fingerprinted,
    /// The same batch as a kept earlier run made it, in memory (the preview).
    Kept(&'a Batch),
    /// The files of a previous build in its output folder (a build over its own output).
    Output(&'a Previous),
}

/// Renders `graph` (a plan's pages and charts, or the shared ones) into the batch `key`, followed
/// by `extra` files (a plan's data downloads). Unless `old` is [`Old::Nothing`], the batch holds its pages' and charts'
/// fingerprints, and each page and chart file that shows the same as in `old` (rendered with
/// the same templates and settings) keeps its bytes instead of being rendered again; a chart is
/// drawn only for a page or a file that is made again.
///
/// # Errors
/// Every page and chart that failed to render.
pub fn render(
    renderer: &Renderer,
    config: &SiteConfig,
    key: BatchKey,
    graph: &SiteGraph,
    old: Old<'_>,
    extra: Vec<OutputFile>,
) -> Result<Batch, Diagnostics> {
    let keep = !matches!(old, Old::Nothing);
    let mut diagnostics = Diagnostics::default();
    let chart_hashes: Vec<u64> = if keep {
        graph.charts.par_iter().map(hash_of).collect()
    } else {
        Vec::new()
    };
    let page_hashes: Vec<u64> = if keep {
        (graph.pages.par_iter())
            .map(|page| page_hash(page, &chart_hashes))
            .collect()
    } else {
        Vec::new()
    };

    // Each page's bytes as the old batch or folder has them, when it shows the same.
    let old_pages: HashMap<&str, (u64, &Bytes)> = match old {
        Old::Kept(batch) => batch.memo.as_ref().map_or_else(HashMap::new, |memo| {
            (batch.page_files().iter())
                .filter_map(|f| Some((f.path.as_str(), (*memo.pages.get(&f.path)?, &f.contents))))
                .collect()
        }),
        _ => HashMap::new(),
    };
    let reused_pages: Vec<Option<Bytes>> = (graph.pages.par_iter())
        .enumerate()
        .map(|(n, page)| {
            let hash = *page_hashes.get(n)?;
            match old {
                Old::Kept(_) => old_pages
                    .get(page.path.as_str())
                    .filter(|(old, _)| *old == hash)
                    .map(|(_, bytes)| Arc::clone(bytes)),
                Old::Output(previous) => {
                    let same = previous.manifest.pages.get(&page.path) == Some(&hash);
                    same.then(|| previous.read(&page.path))
                        .flatten()
                        .map(Bytes::from)
                }
                Old::Nothing | Old::Fingerprinted => None,
            }
        })
        .collect();

    // The charts to draw: those of the pages made again, and those with files not kept.
    let mut needed = vec![false; graph.charts.len()];
    for (page, reused) in graph.pages.iter().zip(&reused_pages) {
        if reused.is_none() {
            for &c in &page.charts {
                if let Some(n) = needed.get_mut(c) {
                    *n = true;
                }
            }
        }
    }
    let mut reused = reused_pages.iter().filter(|r| r.is_some()).count();
    let charts: Vec<Result<Option<(Drawn, bool)>, Diagnostic>> = (graph.charts.par_iter())
        .zip(needed.par_iter())
        .enumerate()
        .map(|(n, (spec, &needed))| {
            let hash = chart_hashes.get(n);
            let kept = match (old, hash) {
                (Old::Kept(batch), Some(h)) => batch.memo.as_ref().and_then(|m| m.charts.get(h)),
                _ => None,
            };
            if let Some(drawn) = kept {
                return Ok(Some((drawn.clone(), true)));
            }
            if let (Old::Output(previous), Some(h), true, false) = (old, hash, spec.files, needed)
                && previous.manifest.charts.get(h) == Some(&spec.path)
                && let (Some(svg), Some(csv)) = (
                    previous.read(&spec.path),
                    previous.read(&urls::chart_data(&spec.path)),
                )
                && let Ok(svg) = String::from_utf8(svg)
            {
                return Ok(Some(((Arc::from(svg), Some(Bytes::from(csv))), true)));
            }
            if !needed && !spec.files {
                return Ok(None);
            }
            let svg = render::draw(spec)?;
            let csv = if spec.files {
                Some(render::chart_csv(spec)?.contents)
            } else {
                None
            };
            Ok(Some(((Arc::from(svg), csv), false)))
        })
        .collect();
    let charts: Vec<Option<(Drawn, bool)>> = charts
        .into_iter()
        .map(|r| {
            let (drawn, kept) = r.map_err(|d| diagnostics.push(d)).ok().flatten()?;
            if kept && drawn.1.is_some() {
                reused += 2;
            }
            Some((drawn, kept))
        })
        .collect();
    let from_output = matches!(old, Old::Output(_));

    let pages: Vec<Result<(OutputFile, bool), Diagnostic>> = (graph.pages.par_iter())
        .zip(reused_pages)
        .map(|(page, reused)| {
            if let Some(contents) = reused {
                let path = page.path.clone();
                return Ok((OutputFile { path, contents }, true));
            }
            let svgs: Vec<Option<&str>> = (page.charts.iter())
                .map(|&c| {
                    charts
                        .get(c)
                        .and_then(Option::as_ref)
                        .map(|((svg, _), _)| &**svg)
                })
                .collect();
            Ok((renderer.page(page, config, &svgs)?, false))
        })
        .collect();

    let mut memo = Memo::default();
    let mut files = Vec::with_capacity(pages.len() + extra.len());
    let mut same_as_previous = Vec::new();
    for (n, page) in pages.into_iter().enumerate() {
        match page {
            Ok((file, reused)) => {
                if reused && from_output {
                    same_as_previous.push(files.len());
                }
                if let Some(&hash) = page_hashes.get(n) {
                    memo.pages.insert(file.path.clone(), hash);
                }
                files.push(file);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for (n, (spec, chart)) in graph.charts.iter().zip(charts).enumerate() {
        let Some(((svg, csv), kept)) = chart else {
            continue;
        };
        if let Some(csv) = &csv {
            if kept && from_output {
                same_as_previous.extend([files.len(), files.len() + 1]);
            }
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
            if spec.files {
                memo.chart_files.insert(hash, spec.path.clone());
            }
            memo.charts.insert(hash, (svg, csv));
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let downloads = extra.len();
    files.extend(extra);
    Ok(Batch {
        key,
        files,
        pages: graph.pages.len(),
        charts: graph.charts.len(),
        downloads,
        reused,
        same_as_previous,
        memo: keep.then_some(memo),
    })
}
