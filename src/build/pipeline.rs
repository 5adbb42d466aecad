//! The one build pipeline that `build`, `check`, `serve` and the fuzz target all run: load →
//! check → site graph → render, batch by batch, each batch handed to the caller, who writes it to
//! disk ([`super::build`]), keeps it in memory ([`super::Preview`]) or drops it
//! ([`super::check`]).
//!
//! What a run may reuse from the one before is an option of the same pipeline, used by the
//! preview ([`Mode::Preview`]):
//! - loading reads and parses again only the project files that changed
//!   ([`crate::load::reload`]), and only the plans with changed files are checked again;
//! - a plan whose files did not change keeps its whole batch when the templates and `site.toml`
//!   are the same ([`Kept`]); the shared pages are made again each time;
//! - within a batch made again, a page or chart that shows the same as before keeps its bytes
//!   ([`batch::render`]).
//!
//! `build` reuses too, from the output folder's previous build ([`Previous`]): each page and
//! chart file whose fingerprint is the same, and each search shard whose key is, is linked
//! from there instead of made again.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::batch::{self, Batch, BatchKey, Old};
use super::fingerprint::hash_of;
use super::manifest::Previous;
use super::outputs::Outputs;
use super::{BuildOptions, BuildReport, one};
use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::export;
use crate::load::Loaded;
use crate::load::reload::{Changed, Stamps, reload};
use crate::model::{PlanData, Site};
use crate::output::OutputFile;
use crate::progress::Progress;
use crate::render::{Renderer, crawlers};
use crate::site::{self, DepartmentIndex, PlanIndex, SiteGraph, urls};
use crate::theme::Theme;
use crate::validate::lint::lint;
use crate::validate::validate_plan;

/// What a pipeline is run for; it decides what is checked, what is kept between runs and when
/// the plans' data downloads are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `build`: errors only; the downloads made with each plan's batch; nothing kept in memory,
    /// each batch fingerprinted for the output folder's manifest and reusing its previous build.
    Build,
    /// `check`: errors and warnings; no downloads (they cannot fail on a site that renders);
    /// nothing kept.
    Check,
    /// `serve`: errors only; the downloads left for the caller to make after the pages
    /// ([`plan_data_files`]); the load and the batches kept for the next run to reuse.
    Preview,
}

/// A plan's batch as a [`Mode::Preview`] run made it, with what it was rendered with, for the
/// next run to reuse.
#[derive(Debug, Default)]
pub struct Kept {
    /// The templates' fingerprint and the settings the batches were rendered with.
    basis: Option<(u64, SiteConfig)>,
    /// Each batch, by key.
    pub batches: HashMap<BatchKey, Arc<Batch>>,
}

/// A load without errors, kept for the next run to reuse.
#[derive(Debug)]
struct LastLoad {
    loaded: Loaded,
    /// Its files' stamps.
    stamps: Stamps,
    /// What checking each plan found, in the order of the plans.
    checks: Vec<Diagnostics>,
}

/// The build pipeline of the site under `options.root`.
#[derive(Debug)]
pub struct Pipeline {
    options: BuildOptions,
    mode: Mode,
    /// The last load without errors.
    load: Option<LastLoad>,
    /// Whether the last [`Pipeline::load`] found no error: its site is the one to render.
    loaded: bool,
    /// The plans whose files changed since the last run that rendered, by id (`None`: all).
    dirty: Option<BTreeSet<String>>,
}

impl Pipeline {
    /// A pipeline for the site under `options.root`, run for `mode`.
    pub fn new(options: BuildOptions, mode: Mode) -> Pipeline {
        Pipeline {
            options,
            mode,
            load: None,
            loaded: false,
            dirty: None,
        }
    }

    /// Loads and checks the site, reusing the last load for the files not among `touched` and
    /// whose stamps did not change ([`reload`]); `touched` is empty for a first load. In
    /// [`Mode::Check`] the warnings of [`lint`] are added.
    ///
    /// Returns the problems that are not errors.
    ///
    /// # Errors
    /// Every problem found, when any is an error; [`Pipeline::render`] then renders nothing.
    pub fn load(&mut self, touched: &[PathBuf]) -> Result<Diagnostics, Diagnostics> {
        self.loaded = false;
        let (previous, old_checks) = match self.load.take() {
            Some(last) => (Some((last.loaded, last.stamps)), last.checks),
            None => (None, Vec::new()),
        };
        let reloaded = reload(&self.options.root, previous, touched);
        let mut loaded = reloaded.loaded;
        let plans = &loaded.site.plans;
        match (&reloaded.changed, &mut self.dirty) {
            (Changed::Plans(changed), Some(dirty)) => {
                dirty.extend(changed.iter().map(|&p| plans[p].plan.id.clone()));
            }
            _ => self.dirty = None,
        }
        // Only the plans with changed files are checked again: a plan's checks read no other.
        let unchanged = |plan: usize| match &reloaded.changed {
            Changed::Plans(changed) => !changed.contains(&plan) && plan < old_checks.len(),
            Changed::All => false,
        };
        let checks: Vec<Diagnostics> = (0..plans.len())
            .map(
                |plan| match old_checks.get(plan).filter(|_| unchanged(plan)) {
                    Some(old) => old.clone(),
                    None => validate_plan(&loaded, plan),
                },
            )
            .collect();
        let mut problems = reloaded.problems;
        // Kept only without a loading error: loading reports no warning that a reuse would
        // have to report again.
        let clean_load = !problems.has_errors();
        for check in &checks {
            problems.extend(check.clone());
        }
        if self.mode == Mode::Check {
            problems.merge(lint(&loaded));
        }
        if let Some(base_url) = &self.options.base_url {
            loaded.site.config.base_url = Some(base_url.clone());
        }
        self.loaded = !problems.has_errors();
        if clean_load {
            self.load = Some(LastLoad {
                loaded,
                stamps: reloaded.stamps,
                checks,
            });
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(problems)
    }

    /// The site of the last load without errors.
    pub fn site(&self) -> Option<&Site> {
        self.load.as_ref().map(|last| &last.loaded.site)
    }

    /// Renders the site of the last [`Pipeline::load`], which must have found no error (else
    /// nothing is rendered), telling `progress` of each batch, and hands each batch to `each`
    /// ([`render_batches`]). In [`Mode::Preview`], `kept` are the batches of the last run that
    /// rendered: the plans whose files did not change since keep theirs. In [`Mode::Build`],
    /// the pages and chart files that show the same as in `previous`, the output folder's
    /// previous build, keep their bytes.
    ///
    /// # Errors
    /// As [`render_batches`]; the theme's templates that do not compile.
    pub fn render(
        &mut self,
        kept: &Kept,
        previous: Option<&Previous>,
        progress: &dyn Progress,
        each: &mut dyn FnMut(Arc<Batch>) -> Result<(), Diagnostics>,
    ) -> Result<Rendered, Diagnostics> {
        let (true, Some(last)) = (self.loaded, &self.load) else {
            return Ok(Rendered::default());
        };
        let site = &last.loaded.site;
        let renderer = Renderer::new(&Theme::load(&self.options.root, &site.config.theme)?)?;
        let basis = (renderer.fingerprint(), site.config.clone());
        let basis_hash = hash_of(&basis);
        let reuse = match self.mode {
            Mode::Check => Reuse::Nothing,
            Mode::Build => Reuse::Output(previous.filter(|p| p.manifest.basis == basis_hash)),
            Mode::Preview => {
                let same = kept.basis.as_ref() == Some(&basis);
                Reuse::Kept {
                    kept: same.then_some(kept),
                    dirty: self.dirty.as_ref().filter(|_| same),
                    basis: Box::new(basis),
                }
            }
        };
        let downloads = match self.mode {
            Mode::Build => Downloads::Made,
            Mode::Check | Mode::Preview => Downloads::Skipped,
        };
        let (report, kept) = render_batches(site, &renderer, downloads, reuse, progress, each)?;
        self.dirty = Some(BTreeSet::new());
        Ok(Rendered {
            report,
            kept,
            basis: basis_hash,
        })
    }
}

/// What [`Pipeline::render`] made, besides the batches it handed on.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The counts.
    pub report: BuildReport,
    /// The batches kept for the next run ([`Mode::Preview`]).
    pub kept: Kept,
    /// The fingerprint of the templates and settings the pages were rendered with, for the
    /// output's [`super::manifest::Manifest`].
    pub basis: u64,
}

/// Whether the batches include each plan's data downloads ([`plan_data_files`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Downloads {
    /// With them.
    Made,
    /// Without them: for `check`, or made apart by the caller.
    Skipped,
}

/// What a run may reuse of an earlier one.
#[derive(Debug)]
pub enum Reuse<'a> {
    /// Nothing, and nothing is fingerprinted (`check`, the fuzz target).
    Nothing,
    /// The batches a preview run kept.
    Kept {
        /// The batches of the last run, when they were rendered with the same templates and
        /// settings.
        kept: Option<&'a Kept>,
        /// The plans whose files changed since, by id (`None`: all).
        dirty: Option<&'a BTreeSet<String>>,
        /// The templates' fingerprint and the settings of this run.
        basis: Box<(u64, SiteConfig)>,
    },
    /// The files of the output folder's previous build, when there is one to reuse.
    Output(Option<&'a Previous>),
}

/// Renders `site`, a site loaded without errors, with `renderer`, one batch after another, and
/// hands each batch to `each`: the shared pages (home first), then each plan's in order, then the
/// theme's static files and the files for search engines. Tells `progress` it begins a stage of
/// `site.plans.len() + 2` steps, one per batch. No two outputs may share a path: a second file
/// for one is an error naming both.
///
/// With [`Reuse::Kept`], a plan that did not change keeps its kept batch whole, pages and charts
/// that show the same keep their bytes, and the batches made are returned as the [`Kept`] of the
/// next run; otherwise the returned [`Kept`] is empty and nothing is held after `each` returns.
/// With [`Reuse::Output`], pages and chart files that show the same as in the previous output
/// are read from it instead of being rendered, and every batch carries its fingerprints for the
/// next build's [`super::manifest::Manifest`]. The report's `elapsed`
/// is zero; its `files` counts every file handed on.
///
/// # Errors
/// The template errors of the first batch that has any (a broken template breaks every batch
/// alike), two outputs on one path, an unreadable static file, a data file that cannot be made,
/// or what `each` returns; the batches after it are not made.
pub fn render_batches(
    site: &Site,
    renderer: &Renderer,
    downloads: Downloads,
    reuse: Reuse<'_>,
    progress: &dyn Progress,
    each: &mut dyn FnMut(Arc<Batch>) -> Result<(), Diagnostics>,
) -> Result<(BuildReport, Kept), Diagnostics> {
    let config = &site.config;
    let indexes: Vec<PlanIndex<'_>> = site.plans.par_iter().map(PlanIndex::new).collect();
    let departments = DepartmentIndex::new(&indexes);
    let report = BuildReport {
        plans: site.plans.len(),
        projects: site.plans.iter().map(|p| p.projects.len()).sum(),
        ..BuildReport::default()
    };
    progress.stage("rendering and writing", site.plans.len() as u64 + 2);
    let keep = matches!(reuse, Reuse::Kept { .. });
    let old = |key: &BatchKey| match &reuse {
        Reuse::Nothing => Old::Nothing,
        Reuse::Output(Some(previous)) => Old::Output(previous),
        Reuse::Output(None) | Reuse::Kept { kept: None, .. } => Old::Fingerprinted,
        Reuse::Kept {
            kept: Some(kept), ..
        } => kept
            .batches
            .get(key)
            .map_or(Old::Fingerprinted, |batch| Old::Kept(batch)),
    };
    // A plan's kept batch, whole, when none of its files changed.
    let unchanged = |key: &BatchKey| {
        let BatchKey::Plan(id) = key else { return None };
        let Reuse::Kept {
            kept: Some(kept),
            dirty: Some(dirty),
            ..
        } = &reuse
        else {
            return None;
        };
        let batch = kept.batches.get(key)?;
        (!dirty.contains(id)).then(|| Arc::clone(batch))
    };
    let mut run = Run {
        keep,
        report,
        page_paths: Vec::new(),
        next: Kept::default(),
    };
    let mut outputs = Outputs::default();

    // A plan's batch: kept whole, or made with its graph (for the check of its paths).
    let make_plan = |number: usize| -> Result<Made, Diagnostics> {
        let index = &indexes[number];
        let key = BatchKey::Plan(index.id().to_string());
        if let Some(kept) = unchanged(&key) {
            return Ok(Made::Kept(kept));
        }
        let (graph, data) = rayon::join(
            || site::build_plan(index, number, &departments),
            || match downloads {
                Downloads::Made => plan_data_files(index.data),
                Downloads::Skipped => Ok(Vec::new()),
            },
        );
        let data = data?;
        let batch = batch::render(renderer, config, key.clone(), &graph, old(&key), data)?;
        Ok(Made::New(graph, Box::new(batch)))
    };
    // The shared pages are made beside the first plan, or, when kept batches are reused, beside
    // the plans made again (after one saved file, the plan it belongs to): the rest are kept
    // whole and take no time. At most one plan per thread is made ahead, as each holds its graph
    // until it is handed on: a change to every plan makes the others in turn.
    let ahead: Vec<usize> = match &reuse {
        Reuse::Kept {
            kept: Some(_),
            dirty: Some(_),
            ..
        } => (0..indexes.len())
            .filter(|&n| unchanged(&BatchKey::Plan(indexes[n].id().to_string())).is_none())
            .take(rayon::current_num_threads().max(1))
            .collect(),
        _ => (0..indexes.len().min(1)).collect(),
    };
    let (shared, early) = rayon::join(
        || -> Result<(SiteGraph, Batch), Diagnostics> {
            let graph = site::build_shared(site, &indexes, &departments);
            let key = BatchKey::Shared;
            let batch =
                batch::render(renderer, config, key.clone(), &graph, old(&key), Vec::new())?;
            Ok((graph, batch))
        },
        || {
            ahead
                .par_iter()
                .map(|&n| (n, make_plan(n)))
                .collect::<HashMap<usize, Result<Made, Diagnostics>>>()
        },
    );
    let (shared, batch) = shared?;
    outputs.graph(&shared)?;
    drop(shared);
    run.hand_on(Arc::new(batch), progress, each)?;
    // Plans made ahead are taken in order, so that the first plan with a problem is the one
    // reported, as when each is made in turn.
    let mut early = early;
    for number in 0..indexes.len() {
        let made = match early.remove(&number) {
            Some(made) => made?,
            None => make_plan(number)?,
        };
        let batch = match made {
            Made::Kept(batch) => {
                let source = batch.key.source();
                outputs.paths(batch.files.iter().map(|f| f.path.as_str()), &source)?;
                batch
            }
            Made::New(graph, batch) => {
                outputs.graph(&graph)?;
                let data = &batch.files[batch.files.len() - batch.downloads..];
                outputs.files(data, "a data download")?;
                Arc::from(batch)
            }
        };
        run.hand_on(batch, progress, each)?;
    }

    let mut files = renderer.static_files();
    files.extend(crawlers::files(
        run.page_paths.iter().map(String::as_str),
        config.full_base_url(),
    ));
    outputs.files(&files, &BatchKey::SiteFiles.source())?;
    let batch = Batch::of_files(BatchKey::SiteFiles, files);
    run.hand_on(Arc::new(batch), progress, each)?;
    if let Reuse::Kept { basis, .. } = reuse {
        run.next.basis = Some(*basis);
    }
    Ok((run.report, run.next))
}

/// A plan's batch as [`render_batches`] made it.
enum Made {
    /// The kept batch, whole.
    Kept(Arc<Batch>),
    /// A batch made again, with the graph it was rendered from.
    New(SiteGraph, Box<Batch>),
}

/// What [`render_batches`] gathers from the batches it hands on.
struct Run {
    /// Whether the batches are kept for the next run.
    keep: bool,
    report: BuildReport,
    /// Every page's path, for the sitemap.
    page_paths: Vec<String>,
    /// The batches kept for the next run.
    next: Kept,
}

impl Run {
    /// Counts `batch`, keeps it if asked to, and hands it to `each`.
    fn hand_on(
        &mut self,
        batch: Arc<Batch>,
        progress: &dyn Progress,
        each: &mut dyn FnMut(Arc<Batch>) -> Result<(), Diagnostics>,
    ) -> Result<(), Diagnostics> {
        self.report.pages += batch.pages;
        self.report.charts += batch.charts;
        self.report.files += batch.files.len();
        self.report.reused += batch.reused;
        (self.page_paths).extend(batch.page_files().iter().map(|f| f.path.clone()));
        if self.keep {
            self.next
                .batches
                .insert(batch.key.clone(), Arc::clone(&batch));
        }
        progress.advance(1);
        each(batch)
    }
}

/// A plan's data for download: `data/projects.csv` (UTF-8 with a byte-order mark; one row per
/// project, fiscal year and part) and `data/plan.json` (the plan and its projects, whole) under
/// the plan's folder. The rows as JSON (`mieruka export --format json`) are not published: they
/// hold what the CSV holds, and doubled the bytes of the downloads.
///
/// # Errors
/// A [`Code::Io`] diagnostic naming the file that could not be made.
pub fn plan_data_files(data: &PlanData) -> Result<Vec<OutputFile>, Diagnostics> {
    let id = &data.plan.id;
    let rows = export::rows(data);
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        one(Diagnostic::error(
            Code::Io,
            std::path::Path::new(&urls::data(id, what)),
            format!("cannot write the data file: {e}"),
        ))
    };
    let csv = export::to_csv(&rows).map_err(|e| fail("projects.csv", &e))?;
    let plan = export::plan_json(data).map_err(|e| fail("plan.json", &e))?;
    Ok([("projects.csv", csv), ("plan.json", plan)]
        .into_iter()
        .map(|(name, text)| OutputFile {
            path: urls::data(id, name),
            contents: text.into_bytes().into(),
        })
        .collect())
}
