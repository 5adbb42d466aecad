//! Builds that remember the previous one, for the preview server: a save redoes only what it
//! touched.
//!
//! - Loading reads and parses again only the project files the watcher named or whose stamps
//!   changed ([`crate::load::reload`]); only the plans with changed files are checked again.
//! - The site graph is made again only for the plans with changed files ([`site::build_plan`]);
//!   the other plans keep their pages, charts and data files. The pages that draw on every
//!   plan (home, departments, the plans of one kind, the feeds) are made again each time
//!   ([`site::build_shared`]).
//! - A page is rendered again only when what it shows changed: each page is known by a hash of
//!   its view and its charts' data, and each chart by a hash of its data.
//! - A change of a template or of `site.toml` renders everything again.
//!
//! Each build returns what changed since the last good one ([`Update`]), so the server replaces
//! only those files.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::fingerprint::{hash_of, page_hash};
use super::outputs::Outputs;
use super::parts::plan_data_files;
use super::{BuildOptions, BuildReport};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Loaded;
use crate::load::reload::{Changed, Stamps, reload};
use crate::model::PlanData;
use crate::render::{self, OutputFile, Renderer, crawlers};
use crate::site::{self, DepartmentIndex, PlanIndex, SiteGraph};
use crate::theme::Theme;
use crate::validate::validate_plan;

/// A file's bytes, shared between builds and with the server.
pub type Bytes = Arc<[u8]>;

/// What a build changed, compared with the last good build before it (the first build changes
/// every file).
#[derive(Debug, Default)]
pub struct Update {
    /// The files that are new or whose bytes changed, by path relative to the output folder.
    pub changed: Vec<(String, Bytes)>,
    /// The paths of the files that are gone.
    pub removed: Vec<String>,
    /// What the build holds now.
    pub report: BuildReport,
    /// The language to index the pages in (`ja`); `None` when the site has no search.
    pub language: Option<String>,
}

/// One part of the site's output: a plan's, or the pages shared by all plans, or the site's own
/// files.
#[derive(Debug, Default)]
struct Part {
    /// Every file but the data downloads, in order: pages, then charts, then the rest.
    files: Vec<(String, Bytes)>,
    /// A plan's data downloads ([`plan_data_files`]), made after its other files
    /// ([`Incremental::downloads`]).
    downloads: Vec<(String, Bytes)>,
    /// Each page's hash, by path: a page whose hash did not change keeps its bytes.
    pages: HashMap<String, u64>,
    /// Each chart's SVG and CSV, by the hash of its data and place.
    charts: HashMap<u64, (Arc<str>, Bytes)>,
    /// How many pages and charts.
    page_count: usize,
    chart_count: usize,
}

/// A load without errors, kept for the next build to reuse.
#[derive(Debug)]
struct LastLoad {
    loaded: Loaded,
    /// Its files' stamps.
    stamps: Stamps,
    /// What checking each plan found, in the order of the plans.
    checks: Vec<Diagnostics>,
}

/// A site built again and again in memory, each build reusing what the previous ones made.
#[derive(Debug)]
pub struct Incremental {
    options: BuildOptions,
    /// The last load without errors.
    load: Option<LastLoad>,
    /// The plans whose files changed since the last good build, by id (`None`: all of them).
    dirty: Option<BTreeSet<String>>,
    /// Whether the last build was good: its load is the one kept.
    good: bool,
    /// The plans whose data downloads are older than their pages, by id.
    due: BTreeSet<String>,
    /// What the parts were rendered with: the templates' fingerprint and `site.toml`.
    basis: Option<(u64, String)>,
    /// Each plan's part of the last good build, by plan id.
    plans: HashMap<String, Part>,
    /// The pages that draw on every plan.
    shared: Part,
    /// The static files and the files for search engines.
    site_files: Part,
    /// The plans' ids, in order.
    order: Vec<String>,
}

impl Incremental {
    /// A site to build from `options.root` (into memory: `options.output` is not used).
    pub fn new(options: BuildOptions) -> Incremental {
        Incremental {
            options,
            load: None,
            dirty: None,
            good: false,
            due: BTreeSet::new(),
            basis: None,
            plans: HashMap::new(),
            shared: Part::default(),
            site_files: Part::default(),
            order: Vec::new(),
        }
    }

    /// Builds the site again: loads and checks it and renders what changed: every file but the
    /// data downloads of the plans that changed, which [`Incremental::downloads`] makes next,
    /// and the search index ([`crate::search::index`]; [`Incremental::pages`] are its input).
    /// Both take longer than a plan's pages, which can be served meanwhile. `touched` are files
    /// known to have changed, as [`reload`] takes them; others are found by their stamps.
    ///
    /// # Errors
    /// As [`super::build`], except for writing and indexing. The last good build is kept, and
    /// the next build's [`Update`] is against it.
    pub fn rebuild(&mut self, touched: &[PathBuf]) -> Result<Update, Diagnostics> {
        let start = Instant::now();
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
            .map(|plan| {
                if unchanged(plan) {
                    old_checks[plan].clone()
                } else {
                    validate_plan(&loaded, plan)
                }
            })
            .collect();
        let mut problems = reloaded.problems;
        // Kept after every good build, for `downloads`. Loading reports only errors: a warning
        // would have to be kept with the load, to be reported again when a reload reuses it.
        let clean_load = !problems.has_errors();
        if let Some(base_url) = &self.options.base_url {
            loaded.site.config.base_url = Some(base_url.clone());
        }
        for check in &checks {
            problems.extend(check.clone());
        }
        let result = if problems.has_errors() {
            Err(problems)
        } else {
            self.render(&loaded).map(|mut update| {
                update.report.elapsed = start.elapsed();
                update
            })
        };
        self.good = result.is_ok();
        if self.good {
            self.dirty = Some(BTreeSet::new());
        }
        if clean_load {
            self.load = Some(LastLoad {
                loaded,
                stamps: reloaded.stamps,
                checks,
            });
        }
        result
    }

    /// Makes the data downloads ([`plan_data_files`]) of the plans whose pages the good builds
    /// since the last call made again; returns the files whose bytes changed, by path. After a
    /// build that failed it makes none: they wait for the next good build.
    ///
    /// # Errors
    /// A data file that cannot be made; its plan's downloads are made again by the next call.
    pub fn downloads(&mut self) -> Result<Vec<(String, Bytes)>, Diagnostics> {
        let (true, Some(last)) = (self.good, &self.load) else {
            return Ok(Vec::new());
        };
        let due: Vec<&PlanData> = (last.loaded.site.plans.iter())
            .filter(|data| self.due.contains(&data.plan.id))
            .collect();
        let made: Vec<_> = due.par_iter().map(|data| plan_data_files(data)).collect();
        let mut changed = Vec::new();
        let mut problems = Diagnostics::default();
        let mut still_due = BTreeSet::new();
        for (data, made) in due.into_iter().zip(made) {
            let id = &data.plan.id;
            match (made, self.plans.get_mut(id)) {
                (Ok(files), Some(part)) => {
                    let files: Vec<(String, Bytes)> =
                        files.into_iter().map(OutputFile::shared).collect();
                    // A plan's downloads have the same paths in every build: none is removed.
                    compare(&part.downloads, &files, &mut changed, &mut Vec::new());
                    part.downloads = files;
                }
                (Err(made), _) => {
                    problems.extend(made);
                    still_due.insert(id.clone());
                }
                // A good build has a part for each of its plans.
                (Ok(_), None) => {}
            }
        }
        self.due = still_due;
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(changed)
    }

    /// The HTML pages of the last good build, in the order of a full build's (the search
    /// index groups them by plan in that order).
    pub fn pages(&self) -> Vec<(String, Bytes)> {
        let plans = self.order.iter().filter_map(|id| self.plans.get(id));
        std::iter::once(&self.shared)
            .chain(plans)
            .flat_map(|part| &part.files[..part.page_count])
            .cloned()
            .collect()
    }

    /// Renders what changed in `loaded`, a site without errors, and keeps the new parts.
    fn render(&mut self, loaded: &Loaded) -> Result<Update, Diagnostics> {
        let site = &loaded.site;
        let config = &site.config;
        let renderer = Renderer::new(&Theme::load(&self.options.root, &config.theme)?)?;
        let basis = (renderer.fingerprint(), format!("{config:?}"));
        let same_basis = self.basis.as_ref() == Some(&basis);

        let indexes: Vec<PlanIndex<'_>> = site.plans.par_iter().map(PlanIndex::new).collect();
        let departments = DepartmentIndex::new(&indexes);
        // The plans made again (by position in `site.plans`; the others keep their parts), while
        // the shared pages are made.
        let stale: Vec<usize> = indexes
            .iter()
            .enumerate()
            .filter(|(_, index)| {
                let id = index.id();
                !(same_basis
                    && self.plans.contains_key(id)
                    && self.dirty.as_ref().is_some_and(|d| !d.contains(id)))
            })
            .map(|(number, _)| number)
            .collect();
        let (rebuilt, shared) = rayon::join(
            || -> Result<Vec<(usize, Part)>, Diagnostics> {
                let mut rebuilt = Vec::with_capacity(stale.len());
                for &number in &stale {
                    let index = &indexes[number];
                    let old = self.plans.get(index.id());
                    let graph = site::build_plan(index, number, &departments);
                    let mut part =
                        render_part(&renderer, config, &graph, old.filter(|_| same_basis))?;
                    // Served until `downloads` makes them again.
                    part.downloads = old.map(|o| o.downloads.clone()).unwrap_or_default();
                    rebuilt.push((number, part));
                }
                Ok(rebuilt)
            },
            || {
                let graph = site::build_shared(site, &indexes, &departments);
                render_part(
                    &renderer,
                    config,
                    &graph,
                    Some(&self.shared).filter(|_| same_basis),
                )
            },
        );
        let (rebuilt, shared) = (rebuilt?, shared?);

        let order: Vec<String> = site.plans.iter().map(|d| d.plan.id.clone()).collect();
        let mut rebuilt_by_id: HashMap<String, Part> = rebuilt
            .into_iter()
            .map(|(number, part)| (order[number].clone(), part))
            .collect();
        // The sitemap lists every page: the shared ones, then each plan's.
        let page_paths: Vec<&str> = std::iter::once(&shared)
            .chain(
                order
                    .iter()
                    .filter_map(|id| rebuilt_by_id.get(id).or_else(|| self.plans.get(id))),
            )
            .flat_map(|part| {
                part.files[..part.page_count]
                    .iter()
                    .map(|(p, _)| p.as_str())
            })
            .collect();
        let mut site_files = renderer.static_files();
        site_files.extend(crawlers::files(page_paths, config.full_base_url()));
        let site_files = Part {
            files: site_files.into_iter().map(OutputFile::shared).collect(),
            ..Part::default()
        };
        // No two outputs on one path, as `build` checks.
        let mut outputs = Outputs::default();
        fn paths(part: &Part) -> impl Iterator<Item = &str> {
            part.files.iter().map(|(p, _)| p.as_str())
        }
        outputs.paths(paths(&shared), "the pages that draw on every plan")?;
        for id in &order {
            if let Some(part) = rebuilt_by_id.get(id).or_else(|| self.plans.get(id)) {
                outputs.paths(paths(part), &format!("the pages of plan `{id}`"))?;
            }
        }
        outputs.paths(
            paths(&site_files),
            "a file of the theme or for search engines",
        )?;

        // Everything is made: compare with the last good build and keep the new parts.
        let mut update = Update::default();
        for (id, part) in rebuilt_by_id.drain() {
            let old = self.plans.get(&id).map_or(&[][..], |o| &o.files);
            compare(old, &part.files, &mut update.changed, &mut update.removed);
            self.due.insert(id.clone());
            self.plans.insert(id, part);
        }
        let gone: Vec<String> = self
            .plans
            .keys()
            .filter(|id| !order.contains(id))
            .cloned()
            .collect();
        for id in gone {
            if let Some(part) = self.plans.remove(&id) {
                update.removed.extend(
                    (part.files.into_iter())
                        .chain(part.downloads)
                        .map(|(path, _)| path),
                );
            }
        }
        compare(
            &self.shared.files,
            &shared.files,
            &mut update.changed,
            &mut update.removed,
        );
        self.shared = shared;
        compare(
            &self.site_files.files,
            &site_files.files,
            &mut update.changed,
            &mut update.removed,
        );
        self.site_files = site_files;
        self.basis = Some(basis);
        self.order = order;

        let parts = || std::iter::once(&self.shared).chain(self.plans.values());
        update.report = BuildReport {
            plans: site.plans.len(),
            projects: site.plans.iter().map(|p| p.projects.len()).sum(),
            pages: parts().map(|p| p.page_count).sum(),
            charts: parts().map(|p| p.chart_count).sum(),
            files: parts()
                .chain([&self.site_files])
                .map(|p| p.files.len() + p.downloads.len())
                .sum(),
            elapsed: std::time::Duration::ZERO,
        };
        update.language = config.search.then(|| config.language.clone());
        Ok(update)
    }
}

/// Renders `graph` (a plan's pages, or the shared ones) into a part; pages and charts that are
/// the same as in `old` keep their bytes.
fn render_part(
    renderer: &Renderer,
    config: &SiteConfig,
    graph: &SiteGraph,
    old: Option<&Part>,
) -> Result<Part, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let chart_hashes: Vec<u64> = graph.charts.par_iter().map(hash_of).collect();
    let charts: Vec<Result<(Arc<str>, Bytes), Diagnostic>> = graph
        .charts
        .par_iter()
        .zip(&chart_hashes)
        .map(|(spec, hash)| {
            if let Some((svg, csv)) = old.and_then(|o| o.charts.get(hash)) {
                return Ok((Arc::clone(svg), Arc::clone(csv)));
            }
            let svg = render::draw(spec)?;
            let csv = render::chart_csv(spec)?;
            Ok((Arc::from(svg), Bytes::from(csv.contents)))
        })
        .collect();
    let charts: Vec<Option<(Arc<str>, Bytes)>> = charts
        .into_iter()
        .map(|r| r.map_err(|d| diagnostics.push(d)).ok())
        .collect();

    let old_pages: HashMap<&str, (u64, &Bytes)> = old
        .map(|o| {
            o.files
                .iter()
                .filter_map(|(path, bytes)| Some((path.as_str(), (*o.pages.get(path)?, bytes))))
                .collect()
        })
        .unwrap_or_default();
    let pages: Vec<Result<(String, u64, Bytes), Diagnostic>> = graph
        .pages
        .par_iter()
        .map(|page| {
            let hash = page_hash(page, &chart_hashes);
            if let Some(&(old_hash, bytes)) = old_pages.get(page.path.as_str())
                && old_hash == hash
            {
                return Ok((page.path.clone(), hash, Arc::clone(bytes)));
            }
            let svgs: Vec<Option<&str>> = page
                .charts
                .iter()
                .map(|&c| {
                    charts
                        .get(c)
                        .and_then(Option::as_ref)
                        .map(|(svg, _)| &**svg)
                })
                .collect();
            let file = renderer.page(page, config, &svgs)?;
            Ok((file.path, hash, Bytes::from(file.contents)))
        })
        .collect();

    let mut part = Part {
        page_count: graph.pages.len(),
        chart_count: graph.charts.len(),
        ..Part::default()
    };
    for page in pages {
        match page {
            Ok((path, hash, bytes)) => {
                part.pages.insert(path.clone(), hash);
                part.files.push((path, bytes));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for ((spec, hash), chart) in graph.charts.iter().zip(chart_hashes).zip(charts) {
        if let Some((svg, csv)) = chart {
            if spec.files {
                part.files
                    .push((spec.path.clone(), Bytes::from(Arc::clone(&svg))));
                part.files
                    .push((crate::site::urls::chart_data(&spec.path), Arc::clone(&csv)));
            }
            part.charts.insert(hash, (svg, csv));
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(part)
}

/// Adds to `changed` the files of `new` that `old` did not have with the same bytes, and to
/// `removed` the paths of those `old` had and `new` has not.
fn compare(
    old: &[(String, Bytes)],
    new: &[(String, Bytes)],
    changed: &mut Vec<(String, Bytes)>,
    removed: &mut Vec<String>,
) {
    let before: HashMap<&str, &Bytes> = old.iter().map(|(p, b)| (p.as_str(), b)).collect();
    for (path, bytes) in new {
        match before.get(path.as_str()) {
            Some(b) if Arc::ptr_eq(b, bytes) || b[..] == bytes[..] => {}
            _ => changed.push((path.clone(), Arc::clone(bytes))),
        }
    }
    let now: std::collections::HashSet<&str> = new.iter().map(|(p, _)| p.as_str()).collect();
    removed.extend(
        old.iter()
            .filter(|(p, _)| !now.contains(p.as_str()))
            .map(|(p, _)| p.clone()),
    );
}
