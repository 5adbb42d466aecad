//! A new fiscal year added to every active project of a plan (`mieruka new year`).

use std::fs;
use std::path::{Path, PathBuf};

use super::{io, load_plan, write};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::edit::{Scalar, YamlEdit};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::load::{CONTENT_DIR, PLAN_FILE, PROJECTS_DIR};
use crate::model::{Period, Project, Sheet, YearField};
use crate::validate::outside_period_message;

/// What adding a fiscal year did to one project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearAdded {
    /// An entry was added (to each of its parts, if it has parts).
    Added,
    /// The project already has an entry for the year.
    AlreadyThere,
    /// The project had ended before the year.
    Ended,
    /// The project is added to the plan only in a later year.
    NotYetAdded,
}

/// What [`new_year`] did.
#[derive(Debug, Clone)]
pub struct NewYear {
    /// Each project file of the plan, and what was done to it.
    pub projects: Vec<(PathBuf, YearAdded)>,
    /// The plan's `coverage` (the years its pages show) after it was widened to include the
    /// year; `None` when it already did, or the plan has no `coverage`.
    pub coverage_widened: Option<Period>,
}

/// Adds an empty entry for `fy` to every active project of the plan (each part of a project with
/// parts), with the keys the project's latest year has, left empty, and widens the plan's
/// `coverage` to include `fy` when it does not. Every other byte of each file is kept. Nothing is
/// written unless every file can be edited.
///
/// # Errors
/// A fiscal year outside the plan period; a file whose `years` is written on one line; the plan's
/// own problems when it cannot be loaded; a file that cannot be written.
pub fn new_year(root: &Path, plan_id: &str, fy: FiscalYear) -> Result<NewYear, Diagnostics> {
    let data = load_plan(root, plan_id)?;
    let plan_path = root.join(CONTENT_DIR).join(plan_id).join(PLAN_FILE);
    let mut problems = Diagnostics::default();
    if !data.plan.period.contains(fy) {
        problems.push(Diagnostic::error(
            Code::YearOutsidePeriod,
            &plan_path,
            outside_period_message(fy, &data.plan.period),
        ));
        return Err(problems);
    }
    let dir = root.join(CONTENT_DIR).join(plan_id).join(PROJECTS_DIR);
    let mut results = Vec::new();
    let mut edits = Vec::new();
    for project in &data.projects {
        let path = dir.join(format!("{}.yaml", project.id));
        let status = if project.ended_before(fy) {
            YearAdded::Ended
        } else if project.added.as_ref().is_some_and(|a| a.fy > fy) {
            YearAdded::NotYetAdded
        } else if project
            .sheets()
            .iter()
            .all(|s| s.years().0.contains_key(&fy))
        {
            YearAdded::AlreadyThere
        } else {
            YearAdded::Added
        };
        if status == YearAdded::Added {
            let text = fs::read_to_string(&path).map_err(|e| {
                let mut all = Diagnostics::default();
                all.push(io(&path, &e));
                all
            })?;
            match add_year(&text, project, fy) {
                Ok(edited) => edits.push((path.clone(), edited)),
                Err(e) => problems.push(Diagnostic::error(
                    Code::MisplacedField,
                    &path,
                    e.to_string(),
                )),
            }
        }
        results.push((path, status));
    }
    let coverage_widened = match data.plan.coverage {
        Some(coverage) if !coverage.contains(fy) => {
            let widened = Period {
                from: coverage.from.min(fy),
                to: coverage.to.max(fy),
            };
            match widen_coverage(&plan_path, widened) {
                Ok(text) => edits.push((plan_path.clone(), text)),
                Err(d) => problems.push(d),
            }
            Some(widened)
        }
        _ => None,
    };
    if problems.has_errors() {
        return Err(problems);
    }
    for (path, text) in edits {
        write(&path, &text).map_err(|d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        })?;
    }
    Ok(NewYear {
        projects: results,
        coverage_widened,
    })
}

/// The text of `plan.yaml` at `path` with `coverage` set to `widened`.
fn widen_coverage(path: &Path, widened: Period) -> Result<String, Diagnostic> {
    let text = fs::read_to_string(path).map_err(|e| io(path, &e))?;
    let mut edit = YamlEdit::new(text);
    for (key, fy) in [("from", widened.from), ("to", widened.to)] {
        edit.set(&["coverage", key], &Scalar::Integer(i64::from(fy.year())))
            .map_err(|e| Diagnostic::error(Code::MisplacedField, path, e.to_string()))?;
    }
    Ok(edit.into_text())
}

/// `text` of `project` with an empty entry for `fy` in each sheet that lacks one.
fn add_year(
    text: &str,
    project: &Project,
    fy: FiscalYear,
) -> Result<String, crate::edit::EditError> {
    let map = SourceMap::new(text);
    let mut doc = YamlEdit::new(text);
    let year = fy.year().to_string();
    for sheet in project.sheets() {
        if sheet.years().0.contains_key(&fy) {
            continue;
        }
        let prefix: Vec<String> = match sheet.part {
            Some((i, _)) => vec!["parts".to_string(), i.to_string()],
            None => Vec::new(),
        };
        for key in entry_keys(&map, &sheet) {
            let value = match key.as_str() {
                "rating" | "status" | "achievement" => Scalar::Null,
                _ => Scalar::Text(String::new()),
            };
            let mut path: Vec<&str> = prefix.iter().map(String::as_str).collect();
            path.extend(["years", year.as_str(), key.as_str()]);
            doc.set(&path, &value)?;
        }
    }
    Ok(doc.into_text())
}

/// The keys of a new year's entry: those of the sheet's latest year, in the order the file writes
/// them (notes left out), or just `results`.
fn entry_keys(map: &SourceMap, sheet: &Sheet<'_>) -> Vec<String> {
    let years = format!("{}years.", sheet.path_prefix());
    let latest = map
        .keys_under(&years)
        .filter_map(|(key, _)| {
            key.parse::<FiscalYear>()
                .ok()
                .map(|fy| (fy, key.to_string()))
        })
        .max();
    let mut keys: Vec<(crate::diagnostics::Position, String)> = match latest {
        Some((_, key)) => map
            .keys_under(&format!("{years}{key}."))
            .filter(|(name, _)| YearField::from_key(name).is_some_and(|f| f != YearField::Note))
            .map(|(name, position)| (position, name.to_string()))
            .collect(),
        None => Vec::new(),
    };
    keys.sort();
    let mut keys: Vec<String> = keys.into_iter().map(|(_, name)| name).collect();
    if keys.is_empty() {
        keys.push(YearField::Results.key().to_string());
    }
    keys
}
