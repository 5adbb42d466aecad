//! The whole build — load, validate, compute the site graph, render, write — and `check`, which
//! does all of it but writing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::export;
use crate::load::load_site;
use crate::output::write_site;
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
#[derive(Debug, Clone)]
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
/// got (stages: loading, rendering pages and charts, writing files).
///
/// # Errors
/// Every problem found, when any is an error: unreadable or malformed files, validation errors,
/// template errors, files that could not be written. Nothing is written then, and a previous
/// output folder is left as it was.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    crate::output::recover(&options.output);
    let (files, mut report) = render_site(options, progress)?;
    progress.stage("writing files", files.len() as u64);
    write_site(&options.output, &files, progress).map_err(|d| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    })?;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Loads, checks and renders the site under `options.root` in memory: every file of the
/// finished site, and the report. Nothing is written. `progress` hears of the loading and the
/// rendering.
///
/// # Errors
/// As [`build`], except for writing.
pub fn render_site(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(Vec<OutputFile>, BuildReport), Diagnostics> {
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
    let site = &loaded.site;
    let graph = crate::site::build(site);
    let theme = options.root.join(THEMES_DIR).join(&site.config.theme);
    let renderer = Renderer::new(&theme)?;
    progress.stage(
        "rendering pages and charts",
        (graph.pages.len() + graph.charts.len()) as u64,
    );
    let mut files = renderer.render(&graph, &site.config, progress)?;
    progress.stage("indexing for search", 0);
    let index = search::index(&files, &site.config.language).map_err(|d| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    })?;
    files.extend(index);
    files.extend(data_files(site)?);
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

/// Each plan's data for download: `data/projects.csv` (UTF-8 with a byte-order mark),
/// `data/projects.json` and `data/plan.json`.
fn data_files(site: &crate::model::Site) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    for data in &site.plans {
        let id = &data.plan.id;
        let rows = export::rows(data);
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            let mut all = Diagnostics::default();
            all.push(Diagnostic::error(
                Code::Io,
                Path::new(&urls::data(id, what)),
                format!("cannot write the data file: {e}"),
            ));
            all
        };
        let csv = export::to_csv(&rows).map_err(|e| fail("projects.csv", &e))?;
        let json = export::to_json(id, &rows).map_err(|e| fail("projects.json", &e))?;
        let plan = export::plan_json(data).map_err(|e| fail("plan.json", &e))?;
        for (name, text) in [
            ("projects.csv", csv),
            ("projects.json", json),
            ("plan.json", plan),
        ] {
            files.push(OutputFile {
                path: urls::data(id, name),
                contents: text.into_bytes(),
            });
        }
    }
    Ok(files)
}

/// Checks the site under `root` without writing anything: every error and warning of every
/// file, and, when there is no error, whatever rendering the pages would find (template errors).
pub fn check(root: &Path) -> Diagnostics {
    let (loaded, mut problems) = load_site(root);
    problems.extend(validate(&loaded));
    problems.merge(lint(&loaded));
    if !problems.has_errors() {
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: None,
        };
        if let Err(render_problems) = render_site(&options, &Silent) {
            problems.extend(render_problems);
        }
    }
    problems
}
