//! The whole build — load, validate, compute the site graph, render, write — and `check`, which
//! does all of it but writing, both as runs of the one [`Pipeline`]; [`Preview`] runs it again
//! and again in memory, redoing only what changed, for the preview server.

pub mod batch;
mod fingerprint;
pub mod manifest;
mod outputs;
pub mod pipeline;
mod preview;

pub use batch::{Batch, BatchKey};
pub use pipeline::{Mode, Pipeline};
pub use preview::{Preview, Update};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{OutputFile, Staging};
use crate::progress::{Progress, Silent};
use crate::search;
use manifest::{Manifest, Previous};

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
    /// Pages written: the HTML pages and the Atom feeds.
    pub pages: usize,
    /// SVG charts written.
    pub charts: usize,
    /// All files written, static files included.
    pub files: usize,
    /// How many of `files` were not made again: the bytes of the output's previous build
    /// (`build`) or of the last preview build (`serve`), for pages, charts and search shards
    /// that show the same.
    pub reused: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// Builds the site under `options.root` into `options.output`, telling `progress` how far it
/// got (stages: loading; rendering and writing, one step per batch of the site ([`batch`]); the
/// rest of the search index; publishing).
///
/// Each batch (the shared pages, each plan's) is written as soon as it is rendered, and its pages
/// handed to the search index, which is made meanwhile on threads of its own
/// ([`search::Indexer`]): the build holds one plan's pages and the shards in progress, not the
/// whole site.
///
/// Over an output folder that a build made ([`manifest`]), every page, chart file and search
/// shard that shows the same is hard-linked from it instead of made again; the result is the
/// same bytes as a build into an empty folder. The report's `reused` counts those files.
///
/// # Errors
/// Every problem found, when any is an error: unreadable or malformed files, validation errors,
/// template errors, files that could not be written. Nothing is written then, and a previous
/// output folder is left as it was.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    crate::output::recover(&options.output);
    progress.stage("loading", 0);
    let mut pipeline = Pipeline::new(options.clone(), Mode::Build);
    pipeline.load(&[])?;
    let (search, language) = match pipeline.site() {
        Some(site) => (site.config.search, site.config.language.clone()),
        None => (false, String::new()),
    };
    // What the output folder holds now, to be reused where it shows the same.
    let previous = Previous::of(&options.output);
    let staging = Staging::create(&options.output).map_err(one)?;
    // The search index's files, written by its threads as each shard is done.
    let index_files = AtomicUsize::new(0);
    let write = |files: Vec<OutputFile>| {
        index_files.fetch_add(files.len(), Ordering::Relaxed);
        staging.write(&files, &Silent)
    };
    let earlier =
        |number: usize, key: u64| previous.as_ref()?.link_shard(number, key, staging.folder());
    // The fingerprints of what is written, for the next build over this output.
    let mut manifest = Manifest::default();
    let mut report = std::thread::scope(|scope| {
        let mut indexer =
            search.then(|| search::Indexer::start(scope, &language, &write, &|| false, &earlier));
        let each = &mut |batch: std::sync::Arc<Batch>| {
            match &previous {
                Some(previous) => staging.write_or_link(
                    &batch.files,
                    &batch.same_as_previous,
                    &previous.folder,
                    &Silent,
                ),
                None => staging.write(&batch.files, &Silent),
            }
            .map_err(one)?;
            if let Some(indexer) = &mut indexer
                && batch.pages > 0
            {
                indexer.add_plan(search::pages_of(batch.page_files()));
            }
            batch.record(&mut manifest);
            Ok(())
        };
        let kept = pipeline::Kept::default();
        let rendered = pipeline.render(&kept, previous.as_ref(), progress, each)?;
        let mut report = rendered.report;
        manifest.basis = rendered.basis;
        if let Some(indexer) = indexer {
            progress.stage("finishing the search index", 0);
            if let Some(made) = indexer.finish().map_err(one)? {
                write(vec![made.list]).map_err(one)?;
                manifest.shards = made.keys;
                report.files += made.reused;
                report.reused += made.reused;
            }
        }
        Ok::<_, Diagnostics>(report)
    })?;
    report.files += index_files.into_inner();
    progress.stage("publishing", 0);
    // Without its manifest the next build makes everything again, as the first one did.
    if manifest.write(staging.folder(), &options.output).is_err() {
        manifest::remove(&options.output);
    }
    hold_before_publishing(staging.folder());
    staging.publish().map_err(one)?;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The environment variable that makes a build hold before publishing, for the tests of what a
/// killed build leaves behind: a build whose staging folder is complete then says so on standard
/// error (`holding before publishing <folder>`) and waits until its standard input is closed.
pub const HOLD_BEFORE_PUBLISHING: &str = "MIERUKA_HOLD_BEFORE_PUBLISHING";

/// For the tests of what a killed build leaves behind: when [`HOLD_BEFORE_PUBLISHING`] is set,
/// a build whose staging folder is complete says so on standard error (`holding before
/// publishing <folder>`) and waits until its standard input is closed, so that a test can kill it
/// at that point rather than race it. Unset (always, outside those tests), it does nothing.
fn hold_before_publishing(staging: &Path) {
    if std::env::var_os(HOLD_BEFORE_PUBLISHING).is_some() {
        eprintln!("holding before publishing {}", staging.display());
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    }
}

/// One diagnostic as a list of them.
fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// Checks the site under `root` without writing anything: every error and warning of every
/// file, and, when there is no error, whatever rendering the pages would find (template errors).
/// The search index and the data downloads are not made: they cannot fail on input that renders.
pub fn check(root: &Path) -> Diagnostics {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
    };
    let mut pipeline = Pipeline::new(options, Mode::Check);
    let mut problems = match pipeline.load(&[]) {
        Ok(warnings) => warnings,
        Err(problems) => return problems,
    };
    if let Err(render_problems) =
        pipeline.render(&pipeline::Kept::default(), None, &Silent, &mut |_| Ok(()))
    {
        problems.extend(render_problems);
    }
    problems
}
