//! The site built again and again in memory, for the preview server: the [`Pipeline`] run in
//! [`Mode::Preview`], its batches kept, and what each run changed ([`Update`]) handed to the server
//! so that it replaces only those files.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::batch::{Batch, BatchKey};
use super::pipeline::{Kept, Mode, Pipeline, plan_data_files};
use super::{BuildOptions, BuildReport};
use crate::diagnostics::Diagnostics;
use crate::model::PlanData;
use crate::output::OutputFile;
use crate::progress::Silent;

/// What a build changed, compared with the last good build before it (the first build changes
/// every file).
#[derive(Debug, Default)]
pub struct Update {
    /// The files that are new or whose bytes changed.
    pub changed: Vec<OutputFile>,
    /// The paths of the files that are gone.
    pub removed: Vec<String>,
    /// What the build holds now.
    pub report: BuildReport,
    /// The language to index the pages in (`ja`); `None` when the site has no search.
    pub language: Option<String>,
}

/// A site built in memory, each build reusing what the previous ones made.
#[derive(Debug)]
pub struct Preview {
    pipeline: Pipeline,
    /// The batches of the last good build.
    kept: Kept,
    /// Their keys, in the order a build hands them on.
    order: Vec<BatchKey>,
    /// Each plan's data downloads, by plan id, as [`Preview::downloads`] last made them.
    downloads: HashMap<String, Vec<OutputFile>>,
    /// The plans whose data downloads are older than their pages, by id.
    due: BTreeSet<String>,
    /// Whether the last build was good.
    good: bool,
}

impl Preview {
    /// A site to build from `options.root` (into memory: `options.output` is not used).
    pub fn new(options: BuildOptions) -> Preview {
        Preview {
            pipeline: Pipeline::new(options, Mode::Preview),
            kept: Kept::default(),
            order: Vec::new(),
            downloads: HashMap::new(),
            due: BTreeSet::new(),
            good: false,
        }
    }

    /// Builds the site again: loads and checks it and renders what changed: every file but the
    /// data downloads of the plans that changed, which [`Preview::downloads`] makes next, and
    /// the search index ([`crate::search::index`] of [`Preview::pages`]). Both take longer
    /// than a plan's pages, which can be served meanwhile. `touched` are files known to have
    /// changed, as [`crate::load::reload`] takes them; others are found by their stamps.
    ///
    /// # Errors
    /// As [`super::build`], except for writing and indexing. The last good build is kept, and
    /// the next build's [`Update`] is against it.
    pub fn rebuild(&mut self, touched: &[PathBuf]) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        self.good = false;
        self.pipeline.load(touched)?;
        let mut batches = Vec::new();
        let rendered = self
            .pipeline
            .render(&self.kept, None, &Silent, &mut |batch| {
                batches.push(batch);
                Ok(())
            })?;
        let (mut report, kept) = (rendered.report, rendered.kept);
        let mut update = Update::default();
        for batch in &batches {
            let old = self.kept.batches.get(&batch.key);
            if old.is_some_and(|old| Arc::ptr_eq(old, batch)) {
                continue;
            }
            let old = old.map_or(&[][..], |o| &o.files);
            compare(old, &batch.files, &mut update.changed, &mut update.removed);
            if let BatchKey::Plan(id) = &batch.key {
                self.due.insert(id.clone());
            }
        }
        for (key, old) in &self.kept.batches {
            if kept.batches.contains_key(key) {
                continue;
            }
            update
                .removed
                .extend(old.files.iter().map(|f| f.path.clone()));
            if let BatchKey::Plan(id) = key {
                let downloads = self.downloads.remove(id).unwrap_or_default();
                update.removed.extend(downloads.into_iter().map(|f| f.path));
                self.due.remove(id);
            }
        }
        self.kept = kept;
        self.order = batches.iter().map(|p| p.key.clone()).collect();
        self.good = true;
        report.files += self.downloads.values().map(Vec::len).sum::<usize>();
        report.elapsed = start.elapsed();
        update.report = report;
        let config = self.pipeline.site().map(|site| &site.config);
        update.language = config.filter(|c| c.search).map(|c| c.language.clone());
        Ok(update)
    }

    /// Makes the data downloads ([`plan_data_files`]) of the plans whose pages the good builds
    /// since the last call made again; returns the files whose bytes changed. After a build
    /// that failed it makes none: they wait for the next good build.
    ///
    /// # Errors
    /// A data file that cannot be made; its plan's downloads are made again by the next call.
    pub fn downloads(&mut self) -> Result<Vec<OutputFile>, Diagnostics> {
        let (true, Some(site)) = (self.good, self.pipeline.site()) else {
            return Ok(Vec::new());
        };
        let due: Vec<&PlanData> = (site.plans.iter())
            .filter(|data| self.due.contains(&data.plan.id))
            .collect();
        let made: Vec<_> = due.par_iter().map(|data| plan_data_files(data)).collect();
        let mut changed = Vec::new();
        let mut problems = Diagnostics::default();
        let mut still_due = BTreeSet::new();
        for (data, made) in due.into_iter().zip(made) {
            let id = &data.plan.id;
            match made {
                Ok(files) => {
                    let old = self.downloads.get(id).map_or(&[][..], Vec::as_slice);
                    // A plan's downloads have the same paths in every build: none is removed.
                    compare(old, &files, &mut changed, &mut Vec::new());
                    self.downloads.insert(id.clone(), files);
                }
                Err(made) => {
                    problems.extend(made);
                    still_due.insert(id.clone());
                }
            }
        }
        self.due = still_due;
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(changed)
    }

    /// The batches of the last good build that have pages, in the order a build hands them on:
    /// the shared pages, then each plan's. The search index is made of their pages, one batch
    /// after another, as `build` makes it.
    pub fn pages(&self) -> Vec<Arc<Batch>> {
        (self.order.iter())
            .filter_map(|key| self.kept.batches.get(key))
            .filter(|batch| batch.pages > 0)
            .cloned()
            .collect()
    }
}

/// Adds to `changed` the files of `new` that `old` did not have with the same bytes, and to
/// `removed` the paths of those `old` had and `new` has not.
fn compare(
    old: &[OutputFile],
    new: &[OutputFile],
    changed: &mut Vec<OutputFile>,
    removed: &mut Vec<String>,
) {
    let before: HashMap<&str, &OutputFile> = old.iter().map(|f| (f.path.as_str(), f)).collect();
    for file in new {
        match before.get(file.path.as_str()) {
            Some(b) if Arc::ptr_eq(&b.contents, &file.contents) || b.contents == file.contents => {}
            _ => changed.push(file.clone()),
        }
    }
    let now: HashSet<&str> = new.iter().map(|f| f.path.as_str()).collect();
    removed.extend(
        old.iter()
            .filter(|f| !now.contains(f.path.as_str()))
            .map(|f| f.path.clone()),
    );
}
