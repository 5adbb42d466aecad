//! `mieruka import`: one fiscal year's results from a progress sheet (Excel, LibreOffice or CSV),
//! merged into the plan's project files.
//!
//! A [`Mapping`] says which column holds what. Every row is checked first — its project, fiscal
//! year, part, rating and status — and every problem is reported with its sheet, row and column.
//! Then each project file is edited in place ([`crate::edit`]): only the cells that have text
//! change a value, a value that is already the same changes nothing, and other years' data is
//! never touched. The edited plan is validated as a whole before anything is written; if any
//! row or file fails, nothing is written.

pub mod mapping;
mod rows;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::edit::{EditError, Scalar, YamlEdit, emit};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::load::{CONTENT_DIR, Loaded, PROJECTS_DIR, SourceFile, load_site, yaml};
use crate::model::Project;
use crate::progress::Progress;
use crate::validate::validate;

pub use mapping::{Mapping, MatchBy};
pub use table::{Table, read_table};

use rows::{NewProject, ProjectKey, Update, read_rows};

/// What an import changed (or, on a dry run, would change) in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The project file.
    pub path: PathBuf,
    /// Whether the file is new (a project the sheet adds).
    pub created: bool,
    /// The values set, as dotted paths (`years.2023.rating`).
    pub fields: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Rows read (empty rows not counted).
    pub rows: usize,
    /// The files changed, in the order of the sheet.
    pub changes: Vec<FileChange>,
}

/// Imports `file` into the plan `plan_id` under `root`, as `mapping` says. With `dry_run`,
/// nothing is written and the report says what would change. `progress` hears of the stages:
/// loading, reading the sheet, merging (one step per project), checking, writing (one step per
/// file).
///
/// # Errors
/// Every problem found: unreadable files, columns the sheet lacks, rows that name no project,
/// an unknown part, a fiscal year outside the period, a rating or status not on its scale, a
/// project file that cannot be edited in place, and what validating the edited plan finds.
pub fn import(
    root: &Path,
    file: &Path,
    plan_id: &str,
    mapping: &Mapping,
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<ImportReport, Diagnostics> {
    progress.stage("loading", 0);
    let (loaded, problems) = load_site(root);
    let plan_dir = root.join(CONTENT_DIR).join(plan_id);
    let plan_errors: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| {
            d.file.starts_with(&plan_dir) && d.severity == crate::diagnostics::Severity::Error
        })
        .collect();
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    if !plan_errors.is_empty() {
        let mut all = Diagnostics::default();
        all.extend(plan_errors);
        return Err(all);
    }
    let Some(index) = loaded.site.plans.iter().position(|p| p.plan.id == plan_id) else {
        return Err(one(Diagnostic::error(
            Code::Io,
            &plan_dir,
            format!("there is no plan `{plan_id}`"),
        )));
    };
    let data = &loaded.site.plans[index];
    progress.stage("reading the sheet", 0);
    let table = read_table(file, mapping.sheet.as_deref()).map_err(one)?;
    let reading = read_rows(&table, file, data, mapping)?;

    let projects_dir = plan_dir.join(PROJECTS_DIR);
    let sources = &loaded.sources[index];
    let mut changes = Vec::new();
    let mut edited: Vec<(PathBuf, String)> = Vec::new();
    let mut problems = Diagnostics::default();
    progress.stage("merging rows", reading.by_project.len() as u64);
    for (key, updates) in &reading.by_project {
        progress.advance(1);
        let (path, text, created) = match key {
            ProjectKey::Existing(p) => {
                let source = &sources.projects[*p];
                (source.path.clone(), source.text.clone(), false)
            }
            ProjectKey::New(n) => {
                let new = &reading.new_projects[*n];
                (
                    projects_dir.join(format!("{}.yaml", new.id)),
                    new_project_text(new),
                    true,
                )
            }
        };
        match apply(&text, updates) {
            Ok((text, fields)) => {
                if created || !fields.is_empty() {
                    changes.push(FileChange {
                        path: path.clone(),
                        created,
                        fields,
                    });
                    edited.push((path, text));
                }
            }
            Err((row, e)) => problems.push(
                Diagnostic::error(
                    Code::MisplacedField,
                    &path,
                    format!("row {row} cannot be merged: {e}"),
                )
                .with_hint("edit the file by hand, or write this block as indented lines"),
            ),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    progress.stage("checking the plan", 0);
    let errors = validate_edits(&loaded, index, &edited);
    if errors.has_errors() {
        return Err(errors);
    }
    if !dry_run {
        progress.stage("writing files", edited.len() as u64);
        for (path, text) in &edited {
            write_atomically(path, text).map_err(one)?;
            progress.advance(1);
        }
    }
    Ok(ImportReport {
        rows: reading.rows,
        changes,
    })
}

/// The text of a new project file.
fn new_project_text(new: &NewProject) -> String {
    let mut text = format!("id: {}\n", new.id);
    if let Some(number) = &new.number {
        text.push_str(&format!(
            "number: {}\n",
            emit(&Scalar::Text(number.clone()), 2)
        ));
    }
    text.push_str(&format!(
        "name: {}\nplacements: [{}]\ndepartments:\n  - name: {}\n",
        emit(&Scalar::Text(new.name.clone()), 2),
        new.policy,
        emit(&Scalar::Text(new.department.clone()), 4)
    ));
    text
}

/// `text` with `updates` set; the dotted paths of the values that changed. On failure, the row
/// and why.
fn apply(text: &str, updates: &[Update]) -> Result<(String, Vec<String>), (usize, EditError)> {
    let map = SourceMap::new(text);
    let mut doc = YamlEdit::new(text);
    let mut changed = Vec::new();
    for update in updates {
        let prefix = update
            .part
            .map_or_else(String::new, |i| format!("parts.{i}."));
        // The year's key as the file writes it (2019 or 令和元年度), else the Gregorian year.
        let year = map
            .keys_under(&format!("{prefix}years."))
            .find(|(key, _)| key.parse::<FiscalYear>().ok() == Some(update.fy))
            .map_or_else(|| update.fy.year().to_string(), |(key, _)| key.to_string());
        let mut path: Vec<String> = Vec::new();
        if let Some(i) = update.part {
            path.extend(["parts".to_string(), i.to_string()]);
        }
        path.extend(["years".to_string(), year, update.field.to_string()]);
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        if doc
            .set(&path, &Scalar::Text(update.value.clone()))
            .map_err(|e| (update.row, e))?
        {
            changed.push(path.join("."));
        }
    }
    Ok((doc.into_text(), changed))
}

/// The errors of the plan with the edited and new files in place of the old ones.
fn validate_edits(loaded: &Loaded, plan: usize, edited: &[(PathBuf, String)]) -> Diagnostics {
    let mut trial = loaded.clone();
    let mut problems = Diagnostics::default();
    for (path, text) in edited {
        let file = SourceFile {
            path: path.clone(),
            text: text.clone(),
        };
        let parsed = yaml::parse::<Project>(&file);
        problems.extend(parsed.problems);
        let Some(project) = parsed.value else {
            continue;
        };
        let sources = &mut trial.sources[plan];
        let data = &mut trial.site.plans[plan];
        match sources.projects.iter().position(|s| &s.path == path) {
            Some(i) => {
                sources.projects[i] = file;
                data.projects[i] = project;
            }
            None => {
                sources.projects.push(file);
                data.projects.push(project);
            }
        }
    }
    let edited_paths: Vec<&PathBuf> = edited.iter().map(|(p, _)| p).collect();
    problems.extend(
        validate(&trial)
            .into_iter()
            .filter(|d| edited_paths.contains(&&d.file)),
    );
    problems
}

/// Writes `text` to `path` through a temporary file in the same folder, so that a reader never
/// sees half a file.
fn write_atomically(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(Code::Io, path, format!("cannot write the file: {e}"))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.import-{}", std::process::id()));
    fs::write(&temp, text).map_err(fail)?;
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        fail(e)
    })
}
