//! `mieruka import`: a progress sheet (Excel, LibreOffice or CSV) merged into the plan's project
//! files — every field a project file has, for the projects the plan has and those the sheet
//! adds.
//!
//! A [`Mapping`] says which column holds what ([`mapping`]); its columns are found in the
//! sheet's header row (`columns`). Every row is checked first — its project, fiscal year and
//! part (`rows`), then its values (`values`): the policy it names (`policy`), the
//! departments of its cells, a rating or status read as a code of its scale — gathered into what
//! the sheet says of each project (`update`); every problem is reported with its sheet, row
//! and column. Then each project file is edited in place
//! (`apply`, [`crate::edit`]): only the cells that have text change a value, a value that is
//! already the same changes nothing, and other years' data is never touched. The edited plan is
//! validated as a whole before anything is written; if any row or file fails, nothing is
//! written.

mod apply;
mod columns;
pub mod mapping;
mod policy;
mod rows;
pub mod table;
mod update;
mod values;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::load::{CONTENT_DIR, Loaded, PROJECTS_DIR, SourceFile, load_site, yaml};
use crate::model::Project;
use crate::progress::Progress;
use crate::validate::validate;

pub use apply::FieldChange;
pub use mapping::{Mapping, MatchBy};
pub use table::{Table, read_table};

use rows::read_rows;
use update::ProjectKey;

/// What an import changed (or, on a dry run, would change) in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The project file.
    pub path: PathBuf,
    /// Whether the file is new (a project the sheet adds).
    pub created: bool,
    /// The values set, in the order they were set.
    pub fields: Vec<FieldChange>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Rows read (empty rows not counted).
    pub rows: usize,
    /// The files changed, in the order of the sheet.
    pub changes: Vec<FileChange>,
    /// What was read but is worth a look: a rating or status in look-alike letters, a new
    /// project named like one the sheet leaves out.
    pub warnings: Vec<Diagnostic>,
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
    progress.stage("merging rows", reading.projects.len() as u64);
    for update in &reading.projects {
        progress.advance(1);
        let (path, text, project) = match update.key {
            ProjectKey::Existing(p) => {
                let source = &sources.projects[p];
                (
                    source.path.clone(),
                    source.text.clone(),
                    Some(&data.projects[p]),
                )
            }
            ProjectKey::New(_) => (
                projects_dir.join(format!("{}.yaml", update.id)),
                format!("id: {}\n", update.id),
                None,
            ),
        };
        let created = project.is_none();
        match apply::apply(&text, update, project, &data.plan) {
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
                    format!(
                        "sheet {}, row {row}: its value cannot be written into this file: {e}",
                        table.sheet
                    ),
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
        warnings: reading.warnings,
    })
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

/// Writes `text` to `path` through a temporary file in the same folder (tempfile's `persist`),
/// so that a reader never sees half a file. The file keeps its permissions; a new one gets the
/// folder's usual `rw-r--r--`, not a temporary file's owner-only ones.
fn write_atomically(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(Code::Io, path, format!("cannot write the file: {e}"))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let permissions = match fs::metadata(path) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => fs::metadata(dir).map_err(fail)?.permissions(),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".import-")
        .tempfile_in(dir)
        .map_err(fail)?;
    temp.write_all(text.as_bytes()).map_err(fail)?;
    temp.as_file()
        .set_permissions(new_file(permissions))
        .map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// `permissions` (a file's, or its folder's) for a file: without anybody's execute bit.
fn new_file(permissions: fs::Permissions) -> fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(permissions.mode() & 0o666)
    }
    #[cfg(not(unix))]
    {
        permissions
    }
}
