//! The whole build — load, validate, compute the site graph, render, write — and `check`, which
//! does all of it but writing. [`Incremental`] builds in memory again and again, redoing only
//! what changed, for the preview server.

pub mod incremental;

pub use incremental::{Incremental, Update};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::export;
use crate::load::load_site;
use crate::model::{PlanData, Site};
use crate::output::Staging;
use crate::progress::{Progress, Silent};
use crate::render::{OutputFile, Renderer};
use crate::search;
use crate::site::urls;
use crate::validate::lint::lint;
use crate::validate::validate;

/// The folder under the root that holds the themes.
pub const THEMES_DIR: &str = "themes";

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder with `site.toml`, `content/` and `themes/`.
    pub root: PathBuf,
    /// The folder to write the site to; replaced as a whole when the build succeeds.
    pub output: PathBuf,
    /// Overrides `base_url` of `site.toml`; links are relative when neither is set.
    pub base_url: Option<String>,
}

/// What a successful build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Plans built.
    pub plans: usize,
    /// Projects across all plans.
    pub projects: usize,
    /// HTML pages written.
    pub pages: usize,
    /// SVG charts written.
    pub charts: usize,
    /// All files written, static files included.
    pub files: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// Builds the site under `options.root` into `options.output`, telling `progress` how far it
/// got (stages: loading, rendering pages and charts, writing files and indexing for search,
/// exporting data, publishing).
///
/// # Errors
/// Every problem found, when any is an error: unreadable or malformed files, validation errors,
/// template errors, files that could not be written. Nothing is written then, and a previous
/// output folder is left as it was.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    crate::output::recover(&options.output);
    let (site, pages, mut report) = render_pages(options, progress)?;
    let staging = Staging::create(&options.output).map_err(one)?;
    // The pages are written (by rayon) while the search index is made from them on a thread of
    // its own: the index must not block one of rayon's threads, which Pagefind needs.
    progress.stage("writing files and indexing for search", pages.len() as u64);
    let (written, index) = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            if site.config.search {
                search::index(
                    pages
                        .iter()
                        .map(|f| (f.path.as_str(), f.contents.as_slice())),
                    &site.config.language,
                )
            } else {
                Ok(Vec::new())
            }
        });
        let written = staging.write(&pages, progress);
        let index = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, index)
    });
    written.map_err(one)?;
    let index = index.map_err(one)?;
    drop(pages);
    progress.stage("exporting data", 0);
    let data = data_files(&site)?;
    staging.write(&index, &Silent).map_err(one)?;
    staging.write(&data, &Silent).map_err(one)?;
    report.files += index.len() + data.len();
    progress.stage("publishing", 0);
    staging.publish().map_err(one)?;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// One diagnostic as a list of them.
fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// The first steps of a build: loads and checks the site and renders its pages, charts and
/// static files, without the search index and the data downloads. Returns the loaded site too.
fn render_pages(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(Site, Vec<OutputFile>, BuildReport), Diagnostics> {
    let start = Instant::now();
    progress.stage("loading", 0);
    let (mut loaded, mut problems) = load_site(&options.root);
    problems.extend(validate(&loaded));
    if problems.has_errors() {
        return Err(problems);
    }
    if let Some(base_url) = &options.base_url {
        loaded.site.config.base_url = Some(base_url.clone());
    }
    let (files, mut report) = render_loaded(&loaded.site, &options.root, progress)?;
    report.elapsed = start.elapsed();
    Ok((loaded.site, files, report))
}

/// The pages, charts and static files of `site`, a site loaded from `root` without errors, with
/// the theme `site.config.theme` under `root`.
///
/// # Errors
/// Template errors of the theme, and a page that cannot be rendered.
fn render_loaded(
    site: &Site,
    root: &Path,
    progress: &dyn Progress,
) -> Result<(Vec<OutputFile>, BuildReport), Diagnostics> {
    let start = Instant::now();
    let graph = crate::site::build(site);
    let theme = root.join(THEMES_DIR).join(&site.config.theme);
    let renderer = Renderer::new(&theme)?;
    progress.stage(
        "rendering pages and charts",
        (graph.pages.len() + graph.charts.len()) as u64,
    );
    let files = renderer.render(&graph, &site.config, progress)?;
    let report = BuildReport {
        plans: site.plans.len(),
        projects: site.plans.iter().map(|p| p.projects.len()).sum(),
        pages: graph.pages.len(),
        charts: graph.charts.len(),
        files: files.len(),
        elapsed: start.elapsed(),
    };
    Ok((files, report))
}

/// Each plan's data for download ([`plan_data_files`]).
fn data_files(site: &Site) -> Result<Vec<OutputFile>, Diagnostics> {
    let per_plan: Vec<Vec<OutputFile>> = site
        .plans
        .par_iter()
        .map(plan_data_files)
        .collect::<Result<_, Diagnostics>>()?;
    Ok(per_plan.into_iter().flatten().collect())
}

/// A plan's data for download: `data/projects.csv` (UTF-8 with a byte-order mark),
/// `data/projects.json` and `data/plan.json` under the plan's folder.
///
/// # Errors
/// A [`Code::Io`] diagnostic naming the file that could not be made.
fn plan_data_files(data: &PlanData) -> Result<Vec<OutputFile>, Diagnostics> {
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

/// Checks the site under `root` without writing anything: every error and warning of every
/// file, and, when there is no error, whatever rendering the pages would find (template errors).
/// The search index and the data downloads are not made: they cannot fail on input that renders.
pub fn check(root: &Path) -> Diagnostics {
    let (loaded, mut problems) = load_site(root);
    problems.extend(validate(&loaded));
    problems.merge(lint(&loaded));
    if !problems.has_errors()
        && let Err(render_problems) = render_loaded(&loaded.site, root, &Silent)
    {
        problems.extend(render_problems);
    }
    problems
}
