//! Loading a site again after some of its files changed, for the preview server: when only the
//! text of project files changed, only those files are read and parsed again, and the plans they
//! belong to are reported as changed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::{
    CONFIG_FILE, CONTENT_DIR, Loaded, PLAN_FILE, PROJECTS_DIR, SourceFile, load_site,
    project_files, subfolders, yaml,
};
use crate::diagnostics::Diagnostics;
use crate::model::Project;

/// What a file's metadata says of its content: its length and when it was last modified. A
/// save changes one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The stamps of a site's source files (`site.toml`, each `plan.yaml` and project file), by
/// path, in the order the loader reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamps(Vec<(PathBuf, Option<Stamp>)>);

impl Stamps {
    /// The stamps of the files under `root` now. A file whose metadata cannot be read (a
    /// missing `site.toml`) has none.
    pub fn of(root: &Path) -> Stamps {
        let mut paths = vec![root.join(CONFIG_FILE)];
        let (plans, _) = subfolders(&root.join(CONTENT_DIR));
        for plan in plans {
            paths.push(plan.join(PLAN_FILE));
            paths.extend(project_files(&plan.join(PROJECTS_DIR)).0);
        }
        Stamps(
            paths
                .into_par_iter()
                .map(|path| {
                    let stamp = stamp_of(&path);
                    (path, stamp)
                })
                .collect(),
        )
    }
}

/// The stamp of the file at `path`; `None` when its metadata cannot be read.
fn stamp_of(path: &Path) -> Option<Stamp> {
    fs::symlink_metadata(path).ok().map(|m| Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

/// Which plans a reload found changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Everything was loaded again: any plan may have changed, and plans may have come or gone.
    All,
    /// Only these plans (indices into [`crate::model::Site::plans`]) have files that changed.
    Plans(BTreeSet<usize>),
}

/// A site loaded again.
#[derive(Debug)]
pub struct Reloaded {
    /// The site.
    pub loaded: Loaded,
    /// The problems found while loading, as [`load_site`] reports them.
    pub problems: Diagnostics,
    /// The files' stamps when they were read.
    pub stamps: Stamps,
    /// What changed since the previous load.
    pub changed: Changed,
}

/// Loads the site under `root`, reusing `previous`: a load of the same root that found no
/// problem, made when its files had `stamps`. A file changed when its stamp did or when it is
/// among `touched` (paths as the loader makes them: `root` joined with the file's place under
/// it), which the caller knows changed: a stamp's time may be too coarse to tell two quick
/// saves of the same length apart. When the same files are there and only project files
/// changed, those are read and parsed again and take the place of their old versions; the
/// result is what [`load_site`] would give. In every other case (files added or removed,
/// `site.toml` or a `plan.yaml` changed, a changed file with a problem, no previous load) the
/// whole site is loaded with [`load_site`].
///
/// When `touched` are all project files of the previous load (or files that came and went, such
/// as an editor's temporary copy), they are taken to be the whole change, as a watcher reports
/// it, and only their stamps are read again: a site's other files are not looked at.
pub fn reload(root: &Path, previous: Option<(Loaded, Stamps)>, touched: &[PathBuf]) -> Reloaded {
    // Every file's stamps, when they were read; a full load takes them before it reads.
    let mut whole = None;
    if let Some((loaded, stamps)) = previous {
        let (now, of_every_file) = match only_touched(&stamps, touched) {
            Some(now) => (now, false),
            None => (Stamps::of(root), true),
        };
        if let Some((loaded, changed)) = patch(loaded, &stamps, &now, touched) {
            return Reloaded {
                loaded,
                problems: Diagnostics::default(),
                stamps: now,
                changed: Changed::Plans(changed),
            };
        }
        whole = of_every_file.then_some(now);
    }
    let now = whole.unwrap_or_else(|| Stamps::of(root));
    let (loaded, problems) = load_site(root);
    // Stamps taken after the load could miss a save made during it; those taken before cannot.
    Reloaded {
        loaded,
        problems,
        stamps: now,
        changed: Changed::All,
    }
}

/// `stamps` with the stamps of `touched` read again, when `touched` can be the whole change:
/// each is a project file among `stamps`, or a file that neither is there now nor holds any
/// file of `stamps` (a temporary file renamed or removed). `None` otherwise (`site.toml`, a
/// `plan.yaml`, a new file or folder, a removed folder), or when nothing is `touched`.
fn only_touched(stamps: &Stamps, touched: &[PathBuf]) -> Option<Stamps> {
    // A burst of many files (a checkout) is looked at whole.
    if touched.is_empty() || touched.len() > MAX_TOUCHED {
        return None;
    }
    let mut now = stamps.clone();
    let places: HashMap<&Path, usize> = stamps
        .0
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (path.as_path(), i))
        .collect();
    // A watcher reports a file once for each thing done to it.
    let touched: HashSet<&Path> = touched.iter().map(PathBuf::as_path).collect();
    for path in touched {
        match places.get(path) {
            Some(&i) if is_project_file(path) => now.0[i].1 = stamp_of(path),
            Some(_) => return None,
            None if path.symlink_metadata().is_err()
                && !stamps.0.iter().any(|(p, _)| holds(path, p)) => {}
            None => return None,
        }
    }
    Some(now)
}

/// Whether `file` is inside the folder `folder` (compared as bytes: this is asked of every file
/// of a site).
fn holds(folder: &Path, file: &Path) -> bool {
    let (folder, file) = (
        folder.as_os_str().as_encoded_bytes(),
        file.as_os_str().as_encoded_bytes(),
    );
    file.len() > folder.len()
        && file.starts_with(folder)
        && std::path::is_separator(char::from(file[folder.len()]))
}

/// The most files a change may touch for [`only_touched`] to look at them alone.
const MAX_TOUCHED: usize = 64;

/// Whether `path`, one of a site's stamped files, is a project file (not `site.toml` or a
/// `plan.yaml`).
fn is_project_file(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|folder| folder == PROJECTS_DIR)
}

/// `loaded`, read when its files had `before`, with the project files changed by `now` or
/// among `touched` read again; the indices of the plans they belong to. `None` when more than
/// project files changed or a changed file has a problem.
fn patch(
    mut loaded: Loaded,
    before: &Stamps,
    now: &Stamps,
    touched: &[PathBuf],
) -> Option<(Loaded, BTreeSet<usize>)> {
    if before.0.len() != now.0.len() {
        return None;
    }
    let touched: HashSet<&Path> = touched.iter().map(PathBuf::as_path).collect();
    let mut changed_paths = Vec::new();
    for ((path, old), (new_path, new)) in before.0.iter().zip(&now.0) {
        if path != new_path {
            return None;
        }
        if old != new || touched.contains(path.as_path()) {
            changed_paths.push(path);
        }
    }
    // Where each project file is: (plan, project).
    let places: HashMap<&Path, (usize, usize)> = loaded
        .sources
        .iter()
        .enumerate()
        .flat_map(|(plan, sources)| {
            sources
                .projects
                .iter()
                .enumerate()
                .map(move |(project, file)| (file.path.as_path(), (plan, project)))
        })
        .collect();
    let mut targets = Vec::with_capacity(changed_paths.len());
    for path in changed_paths {
        // site.toml or a plan.yaml, or a file the previous load left out.
        targets.push((path, *places.get(path.as_path())?));
    }
    let parsed: Vec<(usize, usize, Project, SourceFile)> = targets
        .into_par_iter()
        .map(|(path, (plan, project))| {
            let file = SourceFile::read(path).ok()?;
            let parsed = yaml::parse::<Project>(&file);
            match (parsed.value, parsed.problems.is_empty()) {
                (Some(value), true) => Some((plan, project, value, file)),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    let mut plans = BTreeSet::new();
    for (plan, project, value, file) in parsed {
        loaded.site.plans[plan].projects[project] = value;
        loaded.sources[plan].projects[project] = file;
        plans.insert(plan);
    }
    Some((loaded, plans))
}
