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
pub mod table;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position, did_you_mean};
use crate::edit::{EditError, Scalar, YamlEdit, emit};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::load::{CONTENT_DIR, Loaded, PROJECTS_DIR, SourceFile, load_site, yaml};
use crate::model::{PlanData, Project};
use crate::progress::Progress;
use crate::validate::{id_problem, validate};

pub use mapping::{Mapping, MatchBy};
pub use table::{Table, read_table};

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

/// One value to set: where and what.
#[derive(Debug, Clone)]
struct Update {
    /// The row it comes from (1-based), for messages.
    row: usize,
    /// The part's index, for a project with parts.
    part: Option<usize>,
    fy: FiscalYear,
    field: &'static str,
    value: String,
}

/// A project the sheet adds.
#[derive(Debug, Clone)]
struct NewProject {
    id: String,
    number: Option<String>,
    name: String,
    policy: String,
    department: String,
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

/// A project a row refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum ProjectKey {
    /// An existing project, by its index in the plan.
    Existing(usize),
    /// A project the sheet adds, by its index in `new_projects`.
    New(usize),
}

/// The rows of a sheet, sorted into updates by project.
#[derive(Debug, Default)]
struct Reading {
    rows: usize,
    by_project: Vec<(ProjectKey, Vec<Update>)>,
    new_projects: Vec<NewProject>,
}

/// Reads and checks every row.
fn read_rows(
    table: &Table,
    file: &Path,
    data: &PlanData,
    mapping: &Mapping,
) -> Result<Reading, Diagnostics> {
    let mut problems = Diagnostics::default();
    let sheet = &table.sheet;
    let header_row = mapping.header_row.max(1);
    let headings: Vec<String> = table
        .rows
        .get(header_row - 1)
        .map(|row| row.iter().map(|h| h.trim().to_string()).collect())
        .unwrap_or_default();
    let columns = &mapping.columns;
    let mut resolve = |what: &str, column: Option<&str>| -> Option<usize> {
        let column = column?;
        let found = headings
            .iter()
            .position(|h| h == column.trim())
            .or_else(|| table::column_index(column));
        if found.is_none() {
            problems.push(
                Diagnostic::error(
                    Code::MissingField,
                    file,
                    format!("sheet {sheet}, row {header_row}: there is no column `{column}` (for {what})"),
                )
                .with_hint(format!("the headings are: {}", headings.join(", "))),
            );
        }
        found
    };
    let key_column = match mapping.key {
        MatchBy::Id => resolve("id", columns.id.as_deref()),
        MatchBy::Number => resolve("number", columns.number.as_deref()),
        MatchBy::Name => resolve("name", columns.name.as_deref()),
    };
    let number_column = resolve("number", columns.number.as_deref());
    let name_column = resolve("name", columns.name.as_deref());
    let part_column = resolve("part", columns.part.as_deref());
    let fy_column = resolve("fiscal_year", columns.fiscal_year.as_deref());
    let policy_column = resolve("policy", columns.policy.as_deref());
    let department_column = resolve("department", columns.department.as_deref());
    let fields: Vec<(&'static str, usize)> = columns
        .year_fields()
        .into_iter()
        .filter_map(|(field, column)| resolve(field, Some(column)).map(|c| (field, c)))
        .collect();
    if key_column.is_none() {
        let key = match mapping.key {
            MatchBy::Id => "id",
            MatchBy::Number => "number",
            MatchBy::Name => "name",
        };
        problems.push(Diagnostic::error(
            Code::MissingField,
            file,
            format!(
                "the mapping matches rows by {key}, but names no `{key}` column under [columns]"
            ),
        ));
    }
    if mapping.fiscal_year.is_none() && fy_column.is_none() {
        problems.push(Diagnostic::error(
            Code::MissingField,
            file,
            "the mapping gives no fiscal year: set `fiscal_year = 2023`, or a `fiscal_year` column",
        ));
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let Some(key_column) = key_column else {
        return Err(problems);
    };

    let plan = &data.plan;
    let by_id: HashMap<&str, usize> = data
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut reading = Reading::default();
    let mut seen: HashMap<(ProjectKey, Option<usize>, FiscalYear, &'static str), usize> =
        HashMap::new();
    for (r, row) in table.rows.iter().enumerate().skip(header_row) {
        let row_number = r + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        reading.rows += 1;
        let cell = |c: usize| row.get(c).map(String::as_str).unwrap_or_default();
        let at = |c: usize, message: String| {
            let heading = headings
                .get(c)
                .filter(|h| !h.is_empty())
                .map_or(String::new(), |h| format!(" ({h})"));
            let mut d = Diagnostic::error(
                Code::WrongType,
                file,
                format!(
                    "sheet {sheet}, row {row_number}, column {}{heading}: {message}",
                    table::column_letter(c)
                ),
            );
            d.position = Some(Position {
                line: row_number,
                column: c + 1,
            });
            d
        };
        let key = cell(key_column).trim();
        if key.is_empty() {
            let mut d = at(
                key_column,
                "the row has values but no project to put them in".to_string(),
            );
            d.code = Code::MissingField;
            problems.push(d);
            continue;
        }
        let project = match mapping.key {
            MatchBy::Id => by_id.get(key).map(|&p| ProjectKey::Existing(p)),
            MatchBy::Number => unique(data, |p| {
                p.number.as_deref().is_some_and(|n| same_number(n, key))
            })
            .map_err(|n| {
                problems.push(at(
                    key_column,
                    format!("{n} projects have the number `{key}`"),
                ))
            })
            .ok()
            .flatten()
            .map(ProjectKey::Existing),
            MatchBy::Name => unique(data, |p| p.name == key)
                .map_err(|n| {
                    problems.push(at(key_column, format!("{n} projects are named `{key}`")))
                })
                .ok()
                .flatten()
                .map(ProjectKey::Existing),
        };
        let project = match project {
            Some(p) => p,
            None if mapping.key == MatchBy::Id => {
                match reading.new_projects.iter().position(|p| p.id == key) {
                    Some(n) => ProjectKey::New(n),
                    None => match row_new_project(
                        key,
                        row,
                        policy_column,
                        name_column,
                        number_column,
                        department_column,
                        data,
                    ) {
                        Ok(new) => {
                            reading.new_projects.push(new);
                            ProjectKey::New(reading.new_projects.len() - 1)
                        }
                        Err((c, m)) => {
                            problems.push(at(c.unwrap_or(key_column), m));
                            continue;
                        }
                    },
                }
            }
            None => {
                let mut d = at(key_column, format!("the plan has no project `{key}`"));
                d.code = Code::UnknownProject;
                let known = data.projects.iter().filter_map(|p| match mapping.key {
                    MatchBy::Number => p.number.as_deref(),
                    _ => Some(p.name.as_str()),
                });
                d.hint = Some(match did_you_mean(key, known) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "check the spelling against the project files".to_string(),
                });
                problems.push(d);
                continue;
            }
        };
        let fy = match (fy_column, mapping.fiscal_year) {
            (Some(c), _) => match cell(c).trim().parse::<FiscalYear>() {
                Ok(fy) => fy,
                Err(e) => {
                    problems.push(at(c, e.to_string()));
                    continue;
                }
            },
            (None, Some(fy)) => fy,
            (None, None) => continue,
        };
        if !plan.period.contains(fy) {
            let mut d = at(
                fy_column.unwrap_or(key_column),
                format!(
                    "fiscal year {} ({}) is outside the plan period {}–{}",
                    fy.year(),
                    fy.wareki(),
                    plan.period.from.year(),
                    plan.period.to.year()
                ),
            );
            d.code = Code::YearOutsidePeriod;
            problems.push(d);
            continue;
        }
        let existing = match project {
            ProjectKey::Existing(p) => Some(&data.projects[p]),
            ProjectKey::New(_) => None,
        };
        let part_label = part_column
            .map(|c| cell(c).trim())
            .filter(|l| !l.is_empty());
        let part = match (part_label, existing) {
            (None, Some(p)) if !p.parts.is_empty() => {
                problems.push(at(
                    part_column.unwrap_or(key_column),
                    format!(
                        "`{}` has parts; the row must say which ({})",
                        p.id,
                        labels(p)
                    ),
                ));
                continue;
            }
            (None, _) => None,
            (Some(label), Some(p)) => match p.parts.iter().position(|part| part.label == label) {
                Some(i) => Some(i),
                None => {
                    problems.push(at(
                        part_column.unwrap_or(key_column),
                        format!(
                            "`{}` has no part `{label}`{}",
                            p.id,
                            if p.parts.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", labels(p))
                            }
                        ),
                    ));
                    continue;
                }
            },
            (Some(label), None) => {
                problems.push(at(
                    part_column.unwrap_or(key_column),
                    format!("a new project has no part `{label}`"),
                ));
                continue;
            }
        };
        let sheet_scale = existing
            .and_then(|p| {
                let sheet = p.sheets().into_iter().nth(part.unwrap_or(0));
                sheet.and_then(|s| s.scale()).and_then(|id| plan.scale(id))
            })
            .or_else(|| plan.rating_scale());
        let mut updates = Vec::new();
        for &(field, c) in &fields {
            let value = cell(c);
            if value.trim().is_empty() {
                continue;
            }
            let scale = match field {
                "rating" => sheet_scale,
                "status" => plan.status_scale(),
                _ => None,
            };
            if matches!(field, "rating" | "status") {
                match scale {
                    Some(scale) if scale.find(value).is_some() || scale.is_not_rated(value) => {}
                    Some(scale) => {
                        let mut d = at(
                            c,
                            format!(
                                "`{value}` is not a code of the scale `{}` ({})",
                                scale.id, scale.name
                            ),
                        )
                        .with_hint(format!("the codes are: {}", scale.code_list()));
                        d.code = if field == "rating" {
                            Code::UnknownRating
                        } else {
                            Code::UnknownStatus
                        };
                        problems.push(d);
                        continue;
                    }
                    None => {
                        let mut d = at(c, format!("the plan has no scale for `{field}`"));
                        d.code = Code::UnknownScale;
                        problems.push(d);
                        continue;
                    }
                }
            }
            if let Some(first) = seen.insert((project, part, fy, field), row_number) {
                problems.push(at(
                    c,
                    format!("row {first} already gives {field} for this project and year"),
                ));
                continue;
            }
            updates.push(Update {
                row: row_number,
                part,
                fy,
                field,
                value: value.to_string(),
            });
        }
        match reading.by_project.iter_mut().find(|(k, _)| *k == project) {
            Some((_, list)) => list.extend(updates),
            None => reading.by_project.push((project, updates)),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(reading)
}

/// A project the row `row` adds, with id `id`: its name, policy and department must be given.
fn row_new_project(
    id: &str,
    row: &[String],
    policy: Option<usize>,
    name: Option<usize>,
    number: Option<usize>,
    department: Option<usize>,
    data: &PlanData,
) -> Result<NewProject, (Option<usize>, String)> {
    let cell = |c: Option<usize>| {
        c.and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    if let Some(problem) = id_problem(id) {
        return Err((
            None,
            format!(
                "the plan has no project `{id}`, and `{id}` cannot be a new project's id: {problem}"
            ),
        ));
    }
    let missing = |what: &str| {
        (
            None,
            format!(
                "the plan has no project `{id}`; to add it, the row needs its {what} (map a `{what}` column)"
            ),
        )
    };
    let name_text = cell(name).ok_or_else(|| missing("name"))?;
    let policy_text = cell(policy).ok_or_else(|| missing("policy"))?;
    let department_text = cell(department).ok_or_else(|| missing("department"))?;
    if data
        .plan
        .policy_nodes()
        .iter()
        .all(|(_, n)| n.id != policy_text)
    {
        return Err((policy, format!("the plan has no policy `{policy_text}`")));
    }
    Ok(NewProject {
        id: id.to_string(),
        number: cell(number),
        name: name_text,
        policy: policy_text,
        department: department_text,
    })
}

/// The only project `matches` accepts: `Ok(None)` for none, `Err(count)` for several.
fn unique(data: &PlanData, matches: impl Fn(&Project) -> bool) -> Result<Option<usize>, usize> {
    let found: Vec<usize> = data
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| matches(p))
        .map(|(i, _)| i)
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(many.len()),
    }
}

/// Whether two printed numbers are the same, whatever the width of their digits (`１` = `1`).
fn same_number(a: &str, b: &str) -> bool {
    crate::model::scale::normalize_code(a) == crate::model::scale::normalize_code(b)
}

/// The labels of a project's parts, for messages.
fn labels(project: &Project) -> String {
    project
        .parts
        .iter()
        .map(|p| p.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
