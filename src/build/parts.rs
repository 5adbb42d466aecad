//! The site rendered part by part — the pages that draw on every plan, then each plan's pages,
//! charts and data downloads, then the site's own files — each part handed on as soon as it is
//! made and dropped after. A build therefore holds one plan's site graph and files at a time,
//! not the whole site's.

use std::path::Path;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::export;
use crate::model::{PlanData, Site};
use crate::progress::Progress;
use crate::render::{OutputFile, Renderer, crawlers};
use crate::site::{self, DepartmentIndex, PlanIndex, SiteGraph, urls};

use super::outputs::Outputs;
use super::{BuildReport, one};

/// The files of one part of the site.
#[derive(Debug)]
pub struct Part {
    /// Its files: first its HTML pages, then the rest.
    pub files: Vec<OutputFile>,
    /// How many of `files` are pages.
    pub pages: usize,
}

impl Part {
    /// Its pages as path and HTML, for the search index; the other files are dropped.
    pub fn into_pages(self) -> impl Iterator<Item = (String, String)> {
        self.files
            .into_iter()
            .take(self.pages)
            .filter_map(|f| Some((f.path, String::from_utf8(f.contents).ok()?)))
    }
}

/// Whether the parts include each plan's data downloads ([`plan_data_files`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Downloads {
    /// With them, for a build.
    Made,
    /// Without them, for `check`: they cannot fail on a site that renders.
    Skipped,
}

/// Renders `site`, a site loaded without errors, with `renderer`, one part after another, and
/// hands each part to `each`: the shared pages (home first), then each plan's in order, then the
/// theme's static files and the files for search engines. Tells `progress` of each part (the
/// caller begins the stage, of `site.plans.len() + 2` steps).
///
/// The report's `elapsed` is zero; its `files` counts every file handed on.
///
/// # Errors
/// The template errors of the first part that has any (a broken template breaks every part
/// alike), an unreadable static file, a data file that cannot be made, or what `each` returns;
/// the parts after it are not made.
pub fn render_parts(
    site: &Site,
    renderer: &Renderer,
    downloads: Downloads,
    progress: &dyn Progress,
    each: &mut dyn FnMut(Part) -> Result<(), Diagnostics>,
) -> Result<BuildReport, Diagnostics> {
    let config = &site.config;
    let indexes: Vec<PlanIndex<'_>> = site.plans.par_iter().map(PlanIndex::new).collect();
    let departments = DepartmentIndex::new(&indexes);
    let mut report = BuildReport {
        plans: site.plans.len(),
        projects: site.plans.iter().map(|p| p.projects.len()).sum(),
        ..BuildReport::default()
    };
    // Every page's path, for the sitemap.
    let mut page_paths: Vec<String> = Vec::new();

    let mut outputs = Outputs::default();
    let shared = site::build_shared(site, &indexes, &departments);
    outputs.graph(&shared)?;
    let part = rendered(
        renderer,
        config,
        shared,
        Vec::new(),
        &mut report,
        &mut page_paths,
    )?;
    progress.advance(1);
    each(part)?;

    for (number, index) in indexes.iter().enumerate() {
        let (graph, data) = rayon::join(
            || site::build_plan(index, number, &departments),
            || match downloads {
                Downloads::Made => plan_data_files(index.data),
                Downloads::Skipped => Ok(Vec::new()),
            },
        );
        outputs.graph(&graph)?;
        let data = data?;
        outputs.files(&data, "a data download")?;
        let part = rendered(renderer, config, graph, data, &mut report, &mut page_paths)?;
        progress.advance(1);
        each(part)?;
    }

    let mut files = renderer.static_files();
    files.extend(crawlers::files(
        page_paths.iter().map(String::as_str),
        config.full_base_url(),
    ));
    outputs.files(&files, "a file of the theme or for search engines")?;
    report.files += files.len();
    progress.advance(1);
    each(Part { files, pages: 0 })?;
    Ok(report)
}

/// The part of `graph`'s pages and charts, rendered, followed by `extra`; counted in `report`,
/// and its pages' paths added to `page_paths`. The graph is dropped.
fn rendered(
    renderer: &Renderer,
    config: &SiteConfig,
    graph: SiteGraph,
    extra: Vec<OutputFile>,
    report: &mut BuildReport,
    page_paths: &mut Vec<String>,
) -> Result<Part, Diagnostics> {
    let mut files = renderer.render(&graph, config)?;
    let pages = graph.pages.len();
    report.pages += pages;
    report.charts += graph.charts.len();
    page_paths.extend(graph.pages.into_iter().map(|page| page.path));
    files.extend(extra);
    report.files += files.len();
    Ok(Part { files, pages })
}

/// A plan's data for download: `data/projects.csv` (UTF-8 with a byte-order mark),
/// `data/projects.json` and `data/plan.json` under the plan's folder.
///
/// # Errors
/// A [`Code::Io`] diagnostic naming the file that could not be made.
pub fn plan_data_files(data: &PlanData) -> Result<Vec<OutputFile>, Diagnostics> {
    let id = &data.plan.id;
    let rows = export::rows(data);
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        one(Diagnostic::error(
            Code::Io,
            Path::new(&urls::data(id, what)),
            format!("cannot write the data file: {e}"),
        ))
    };
    let csv = export::to_csv(&rows).map_err(|e| fail("projects.csv", &e))?;
    let json = export::to_json(id, &rows).map_err(|e| fail("projects.json", &e))?;
    let plan = export::plan_json(data).map_err(|e| fail("plan.json", &e))?;
    Ok([
        ("projects.csv", csv),
        ("projects.json", json),
        ("plan.json", plan),
    ]
    .into_iter()
    .map(|(name, text)| OutputFile {
        path: urls::data(id, name),
        contents: text.into_bytes(),
    })
    .collect())
}
