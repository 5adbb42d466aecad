//! The rows of a progress sheet, read and checked against the plan: each row's project, fiscal
//! year, part and values, sorted into the updates of each project file.
//!
//! A row with a problem gives nothing; every problem of every row is reported, each at its cell.

use std::collections::HashMap;
use std::path::Path;

use super::mapping::{Mapping, MatchBy};
use super::table::{self, Table};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::model::{PlanData, Project};
use crate::validate::{code_problem, id_problem, outside_period_message};

/// One value to set: where and what.
#[derive(Debug, Clone)]
pub(super) struct Update {
    /// The row it comes from (1-based), for messages.
    pub row: usize,
    /// The part's index, for a project with parts.
    pub part: Option<usize>,
    pub fy: FiscalYear,
    /// The key under the fiscal year (`rating`, `results`, …).
    pub field: &'static str,
    /// The cell's text as the sheet has it.
    pub value: String,
}

/// A project the sheet adds.
#[derive(Debug, Clone)]
pub(super) struct NewProject {
    pub id: String,
    pub number: Option<String>,
    pub name: String,
    /// The id of the policy node it is placed under.
    pub policy: String,
    pub department: String,
}

/// A project a row refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum ProjectKey {
    /// An existing project, by its index in the plan.
    Existing(usize),
    /// A project the sheet adds, by its index in [`Reading::new_projects`].
    New(usize),
}

/// The rows of a sheet, sorted into updates by project.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// Rows read (empty rows not counted).
    pub rows: usize,
    /// Each project's updates, in the order the sheet first names the project.
    pub by_project: Vec<(ProjectKey, Vec<Update>)>,
    pub new_projects: Vec<NewProject>,
}

/// Reads and checks every row of `table` (read from `file`) for the plan `data`.
///
/// # Errors
/// Columns of the mapping that the header row lacks, or a mapping without a key column or a
/// fiscal year; else every problem of every row, at its cell.
pub(super) fn read_rows(
    table: &Table,
    file: &Path,
    data: &PlanData,
    mapping: &Mapping,
) -> Result<Reading, Diagnostics> {
    let columns = Columns::find(table, file, mapping)?;
    let mut reader = Reader {
        data,
        key: mapping.key,
        by_id: data
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect(),
        seen: HashMap::new(),
        slots: HashMap::new(),
        reading: Reading::default(),
        problems: Diagnostics::default(),
    };
    for (r, cells) in table.rows.iter().enumerate().skip(columns.header_row) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        reader.reading.rows += 1;
        reader.read(&Row {
            cells,
            number: r + 1,
            sheet: &table.sheet,
            file,
            columns: &columns,
        });
    }
    if reader.problems.has_errors() {
        return Err(reader.problems);
    }
    Ok(reader.reading)
}

/// Where a row's fiscal year comes from.
#[derive(Debug, Clone, Copy)]
enum YearFrom {
    /// A column of the sheet.
    Column(usize),
    /// The mapping's `fiscal_year`, for every row.
    Every(FiscalYear),
}

/// The mapping's columns, found in the sheet: 0-based column indexes.
#[derive(Debug)]
struct Columns {
    /// The 1-based row of the headings.
    header_row: usize,
    /// The headings, trimmed.
    headings: Vec<String>,
    /// The column that names the project (id, number or name, as the mapping matches).
    key: usize,
    number: Option<usize>,
    name: Option<usize>,
    part: Option<usize>,
    fiscal_year: YearFrom,
    policy: Option<usize>,
    department: Option<usize>,
    /// The year fields the sheet fills, each with its column.
    fields: Vec<(&'static str, usize)>,
}

impl Columns {
    /// Finds each column `mapping` names in the header row of `table`, by its heading or its
    /// letter.
    ///
    /// # Errors
    /// Every column the sheet lacks; a mapping with no column for its key, or no fiscal year.
    fn find(table: &Table, file: &Path, mapping: &Mapping) -> Result<Columns, Diagnostics> {
        let mut problems = Diagnostics::default();
        let sheet = &table.sheet;
        let header_row = mapping.header_row.max(1);
        let headings: Vec<String> = table
            .rows
            .get(header_row - 1)
            .map(|row| row.iter().map(|h| h.trim().to_string()).collect())
            .unwrap_or_default();
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
                        format!(
                            "sheet {sheet}, row {header_row}: there is no column `{column}` (for {what})"
                        ),
                    )
                    .with_hint(format!("the headings are: {}", headings.join(", "))),
                );
            }
            found
        };
        let columns = &mapping.columns;
        let number = resolve("number", columns.number.as_deref());
        let name = resolve("name", columns.name.as_deref());
        let (key_name, key_column, key) = match mapping.key {
            MatchBy::Id => ("id", &columns.id, resolve("id", columns.id.as_deref())),
            MatchBy::Number => ("number", &columns.number, number),
            MatchBy::Name => ("name", &columns.name, name),
        };
        let part = resolve("part", columns.part.as_deref());
        let fiscal_year = resolve("fiscal_year", columns.fiscal_year.as_deref());
        let policy = resolve("policy", columns.policy.as_deref());
        let department = resolve("department", columns.department.as_deref());
        let fields: Vec<(&'static str, usize)> = columns
            .year_fields()
            .into_iter()
            .filter_map(|(field, column)| resolve(field, Some(column)).map(|c| (field, c)))
            .collect();
        if key_column.is_none() {
            problems.push(Diagnostic::error(
                Code::MissingField,
                file,
                format!(
                    "the mapping matches rows by {key_name}, but names no `{key_name}` column under [columns]"
                ),
            ));
        }
        let fiscal_year = match (fiscal_year, mapping.fiscal_year) {
            (Some(column), _) => Some(YearFrom::Column(column)),
            (None, Some(fy)) => Some(YearFrom::Every(fy)),
            (None, None) => {
                if columns.fiscal_year.is_none() {
                    problems.push(Diagnostic::error(
                        Code::MissingField,
                        file,
                        "the mapping gives no fiscal year: set `fiscal_year = 2023`, or a `fiscal_year` column",
                    ));
                }
                None
            }
        };
        match (key, fiscal_year) {
            (Some(key), Some(fiscal_year)) if !problems.has_errors() => Ok(Columns {
                header_row,
                headings,
                key,
                number,
                name,
                part,
                fiscal_year,
                policy,
                department,
                fields,
            }),
            _ => Err(problems),
        }
    }
}

/// One row of the sheet: its cells, and where a problem in one of them is.
struct Row<'a> {
    cells: &'a [String],
    /// The 1-based row number, as a spreadsheet shows it.
    number: usize,
    sheet: &'a str,
    file: &'a Path,
    columns: &'a Columns,
}

impl Row<'_> {
    /// The text of column `c`; empty when the row is shorter.
    fn cell(&self, c: usize) -> &str {
        self.cells.get(c).map(String::as_str).unwrap_or_default()
    }

    /// The text of column `c`, trimmed, when the mapping has the column and the cell has text.
    fn text(&self, c: Option<usize>) -> Option<&str> {
        c.map(|c| self.cell(c).trim()).filter(|s| !s.is_empty())
    }

    /// A problem at column `c` of this row: "sheet S, row R, column C (heading): message".
    fn problem(&self, code: Code, c: usize, message: impl std::fmt::Display) -> Diagnostic {
        let heading = self
            .columns
            .headings
            .get(c)
            .filter(|h| !h.is_empty())
            .map_or(String::new(), |h| format!(" ({h})"));
        let mut d = Diagnostic::error(
            code,
            self.file,
            format!(
                "sheet {}, row {}, column {}{heading}: {message}",
                self.sheet,
                self.number,
                table::column_letter(c)
            ),
        );
        d.position = Some(Position {
            line: self.number,
            column: c + 1,
        });
        d
    }
}

/// Reads the rows one by one, keeping what they give and what is wrong with them.
struct Reader<'a> {
    data: &'a PlanData,
    key: MatchBy,
    by_id: HashMap<&'a str, usize>,
    /// The row that first gave each value, to report a second one.
    seen: HashMap<(ProjectKey, Option<usize>, FiscalYear, &'static str), usize>,
    /// Where each project's updates are in `reading.by_project`.
    slots: HashMap<ProjectKey, usize>,
    reading: Reading,
    problems: Diagnostics,
}

impl Reader<'_> {
    /// Reads one row that has text: its project, fiscal year, part, then its values.
    fn read(&mut self, row: &Row<'_>) {
        let located = self.project(row).and_then(|project| {
            let fy = self.fiscal_year(row)?;
            let part = self.part(row, project)?;
            Ok((project, fy, part))
        });
        match located {
            Ok((project, fy, part)) => {
                let updates = self.updates(row, project, part, fy);
                let by_project = &mut self.reading.by_project;
                let slot = *self.slots.entry(project).or_insert_with(|| {
                    by_project.push((project, Vec::new()));
                    by_project.len() - 1
                });
                by_project[slot].1.extend(updates);
            }
            Err(problem) => self.problems.push(problem),
        }
    }

    /// The project the row names; with ids, an unknown id is a new project when the row gives
    /// what a new project needs.
    fn project(&mut self, row: &Row<'_>) -> Result<ProjectKey, Diagnostic> {
        let c = row.columns.key;
        let key = row.cell(c).trim();
        if key.is_empty() {
            return Err(row.problem(
                Code::MissingField,
                c,
                "the row has values but no project to put them in",
            ));
        }
        let data = self.data;
        let found = match self.key {
            MatchBy::Id => Ok(self.by_id.get(key).copied()),
            MatchBy::Number => unique(data, |p| {
                p.number.as_deref().is_some_and(|n| same_number(n, key))
            })
            .map_err(|n| format!("{n} projects have the number `{key}`")),
            MatchBy::Name => unique(data, |p| p.name == key)
                .map_err(|n| format!("{n} projects are named `{key}`")),
        };
        match found {
            Ok(Some(p)) => Ok(ProjectKey::Existing(p)),
            Err(message) => Err(row.problem(Code::WrongType, c, message)),
            Ok(None) if self.key == MatchBy::Id => {
                let new = &mut self.reading.new_projects;
                if let Some(n) = new.iter().position(|p| p.id == key) {
                    return Ok(ProjectKey::New(n));
                }
                new.push(new_project(key, row, data)?);
                Ok(ProjectKey::New(new.len() - 1))
            }
            Ok(None) => {
                let known = data.projects.iter().filter_map(|p| match self.key {
                    MatchBy::Number => p.number.as_deref(),
                    _ => Some(p.name.as_str()),
                });
                let hint = match did_you_mean(key, known) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "check the spelling against the project files".to_string(),
                };
                Err(row
                    .problem(
                        Code::UnknownProject,
                        c,
                        format!("the plan has no project `{key}`"),
                    )
                    .with_hint(hint))
            }
        }
    }

    /// The row's fiscal year, which must be in the plan's period.
    fn fiscal_year(&self, row: &Row<'_>) -> Result<FiscalYear, Diagnostic> {
        let (fy, c) = match row.columns.fiscal_year {
            YearFrom::Column(c) => match row.cell(c).trim().parse::<FiscalYear>() {
                Ok(fy) => (fy, c),
                Err(e) => return Err(row.problem(Code::WrongType, c, e)),
            },
            YearFrom::Every(fy) => (fy, row.columns.key),
        };
        let period = &self.data.plan.period;
        if period.contains(fy) {
            return Ok(fy);
        }
        Err(row.problem(
            Code::YearOutsidePeriod,
            c,
            outside_period_message(fy, period),
        ))
    }

    /// The index of the part the row names: required for a project with parts, refused for
    /// one without.
    fn part(&self, row: &Row<'_>, project: ProjectKey) -> Result<Option<usize>, Diagnostic> {
        let c = row.columns.part.unwrap_or(row.columns.key);
        let label = row.text(row.columns.part);
        let existing = match project {
            ProjectKey::Existing(p) => &self.data.projects[p],
            ProjectKey::New(_) => {
                return match label {
                    None => Ok(None),
                    Some(label) => Err(row.problem(
                        Code::WrongType,
                        c,
                        format!("a new project has no part `{label}`"),
                    )),
                };
            }
        };
        let Some(label) = label else {
            if existing.parts.is_empty() {
                return Ok(None);
            }
            return Err(row.problem(
                Code::WrongType,
                c,
                format!(
                    "`{}` has parts; the row must say which ({})",
                    existing.id,
                    labels(existing)
                ),
            ));
        };
        if let Some(i) = existing.parts.iter().position(|part| part.label == label) {
            return Ok(Some(i));
        }
        let known = if existing.parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", labels(existing))
        };
        Err(row.problem(
            Code::WrongType,
            c,
            format!("`{}` has no part `{label}`{known}", existing.id),
        ))
    }

    /// The values the row gives for `project`'s `part` in `fy`: every non-empty cell of a mapped
    /// year field. A rating or status must be a code of its scale, and no value may be given by
    /// two rows; each bad cell is a problem of its own.
    fn updates(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        part: Option<usize>,
        fy: FiscalYear,
    ) -> Vec<Update> {
        let plan = &self.data.plan;
        let sheet_scale = match project {
            ProjectKey::Existing(p) => self.data.projects[p]
                .sheets()
                .into_iter()
                .nth(part.unwrap_or(0))
                .and_then(|s| s.scale())
                .and_then(|id| plan.scale(id)),
            ProjectKey::New(_) => None,
        }
        .or_else(|| plan.rating_scale());
        let mut updates = Vec::new();
        for &(field, c) in &row.columns.fields {
            let value = row.cell(c);
            if value.trim().is_empty() {
                continue;
            }
            let scale = match field {
                "rating" => Some(sheet_scale),
                "status" => Some(plan.status_scale()),
                _ => None,
            };
            let code = if field == "rating" {
                Code::UnknownRating
            } else {
                Code::UnknownStatus
            };
            let problem = match scale {
                Some(Some(scale)) => code_problem(scale, value, code)
                    .map(|(message, hint)| row.problem(code, c, message).with_hint(hint)),
                Some(None) => Some(row.problem(
                    Code::UnknownScale,
                    c,
                    format!("the plan has no scale for `{field}`"),
                )),
                None => None,
            };
            let problem = problem.or_else(|| {
                let first = self.seen.insert((project, part, fy, field), row.number)?;
                Some(row.problem(
                    Code::WrongType,
                    c,
                    format!("row {first} already gives {field} for this project and year"),
                ))
            });
            match problem {
                Some(problem) => self.problems.push(problem),
                None => updates.push(Update {
                    row: row.number,
                    part,
                    fy,
                    field,
                    value: value.to_string(),
                }),
            }
        }
        updates
    }
}

/// The project the row adds with the id `id`: its name, policy and department must be given,
/// and the policy must be one of the plan's.
///
/// # Errors
/// An id that cannot be a file name, a missing name, policy or department (at its column when
/// the mapping has one), or an unknown policy.
fn new_project(id: &str, row: &Row<'_>, data: &PlanData) -> Result<NewProject, Diagnostic> {
    let columns = row.columns;
    if let Some(problem) = id_problem(id) {
        return Err(row.problem(
            Code::WrongType,
            columns.key,
            format!(
                "the plan has no project `{id}`, and `{id}` cannot be a new project's id: {problem}"
            ),
        ));
    }
    let needed = |what: &str, column: Option<usize>| {
        row.text(column).map(str::to_string).ok_or_else(|| {
            let to_add =
                format!("the plan has no project `{id}`; to add it, the row needs its {what}");
            match column {
                Some(c) => row.problem(Code::MissingField, c, to_add),
                None => row.problem(
                    Code::MissingField,
                    columns.key,
                    format!("{to_add} (map a `{what}` column)"),
                ),
            }
        })
    };
    let name = needed("name", columns.name)?;
    let policy = needed("policy", columns.policy)?;
    let department = needed("department", columns.department)?;
    if data.plan.policy_nodes().iter().all(|(_, n)| n.id != policy) {
        return Err(row.problem(
            Code::UnknownPolicy,
            columns.policy.unwrap_or(columns.key),
            format!("the plan has no policy `{policy}`"),
        ));
    }
    Ok(NewProject {
        id: id.to_string(),
        number: row.text(columns.number).map(str::to_string),
        name,
        policy,
        department,
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
