//! The rows of a progress sheet, read and checked against the plan: each row's project (an
//! existing one, or one the sheet adds), fiscal year and part, then its values ([`super::values`]),
//! gathered into what the sheet says of each project.
//!
//! A row with a problem gives nothing; every problem of every row is reported, each at its cell.

use std::collections::HashMap;
use std::path::Path;

use super::columns::{Columns, YearFrom};
use super::mapping::{Mapping, MatchBy};
use super::policy::PolicyTree;
use super::table::{self, Table};
use super::update::{ProjectKey, ProjectUpdate, Reading};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::model::{PlanData, Project, YearField};
use crate::validate::{id_problem, outside_period_message};

/// Reads and checks every row of `table` (read from `file`) for the plan `data`.
///
/// # Errors
/// Columns of the mapping that the header row lacks, and what else the mapping gets wrong; else
/// every problem of every row, at its cell.
pub(super) fn read_rows(
    table: &Table,
    file: &Path,
    data: &PlanData,
    mapping: &Mapping,
) -> Result<Reading, Diagnostics> {
    let columns = Columns::find(table, file, mapping, &data.plan)?;
    let rows = filled_down(&table.rows, &columns);
    let mut reader = Reader {
        data,
        mapping,
        tree: PolicyTree::new(&data.plan),
        by_id: data
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect(),
        known_departments: data
            .projects
            .iter()
            .flat_map(|p| {
                let parts = p.parts.iter().flat_map(|part| &part.departments);
                p.departments.iter().chain(parts)
            })
            .fold(HashMap::new(), |mut known, d| {
                let division = known.entry(d.name.trim()).or_insert(None);
                if d.division.is_some() {
                    *division = d.division.as_deref().map(str::trim);
                }
                known
            }),
        new_keys: HashMap::new(),
        slots: HashMap::new(),
        seen: HashMap::new(),
        reading: Reading::default(),
        problems: Diagnostics::default(),
    };
    for (r, cells) in rows.iter().enumerate().skip(columns.header_row) {
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
    reader.warn_of_renamed_projects(file);
    if reader.problems.has_errors() {
        return Err(reader.problems);
    }
    Ok(reader.reading)
}

/// The rows with each empty cell of a `fill_down` column given the text above it (within the
/// rows that have text).
fn filled_down(rows: &[Vec<String>], columns: &Columns) -> Vec<Vec<String>> {
    let mut rows = rows.to_vec();
    for &c in &columns.fill_down {
        let mut above = String::new();
        for row in rows.iter_mut().skip(columns.header_row) {
            if row.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            if row[c].trim().is_empty() {
                row[c].clone_from(&above);
            } else {
                above.clone_from(&row[c]);
            }
        }
    }
    rows
}

/// One row of the sheet: its cells, and where a problem in one of them is.
pub(super) struct Row<'a> {
    pub cells: &'a [String],
    /// The 1-based row number, as a spreadsheet shows it.
    pub number: usize,
    pub sheet: &'a str,
    pub file: &'a Path,
    pub columns: &'a Columns,
}

impl Row<'_> {
    /// The text of column `c`; empty when the row is shorter.
    pub fn cell(&self, c: usize) -> &str {
        self.cells.get(c).map(String::as_str).unwrap_or_default()
    }

    /// The text of column `c`, trimmed, when the mapping has the column and the cell has text.
    pub fn text(&self, c: Option<usize>) -> Option<&str> {
        c.map(|c| self.cell(c).trim()).filter(|s| !s.is_empty())
    }

    /// A problem at column `c` of this row: "sheet S, row R, column C (heading): message".
    pub fn problem(&self, code: Code, c: usize, message: impl std::fmt::Display) -> Diagnostic {
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

    /// A warning at column `c`, worded as [`Row::problem`].
    pub fn warning(&self, code: Code, c: usize, message: impl std::fmt::Display) -> Diagnostic {
        let mut d = self.problem(code, c, message);
        d.severity = crate::diagnostics::Severity::Warning;
        d
    }
}

/// What a value of the sheet is: the project's own, a part's, or a year's. Two rows may give the
/// same value; different values for one of these are a problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Slot {
    /// A field of the project (`name`, `description`).
    Project(&'static str),
    /// A field of a sheet (`department_label`, `schedule`).
    Sheet(Option<usize>, &'static str),
    /// The departments of a sheet named for a fiscal year.
    Departments(Option<usize>, Option<FiscalYear>),
    /// A year's field of a sheet.
    Year(Option<usize>, FiscalYear, YearField),
    /// An indicator's target (`true`) or value in a year, by its label.
    Indicator(Option<usize>, String, FiscalYear, bool),
}

/// Reads the rows one by one, keeping what they give and what is wrong with them.
pub(super) struct Reader<'a> {
    pub data: &'a PlanData,
    pub mapping: &'a Mapping,
    pub tree: PolicyTree<'a>,
    by_id: HashMap<&'a str, usize>,
    /// The departments of the plan's projects, by name, each with its division where one is
    /// given.
    pub known_departments: HashMap<&'a str, Option<&'a str>>,
    /// The projects the sheet adds, by their key cell.
    new_keys: HashMap<String, usize>,
    /// Where each project's update is in `reading.projects`.
    slots: HashMap<ProjectKey, usize>,
    /// The row and value that first gave each value.
    seen: HashMap<(ProjectKey, Slot), (usize, String)>,
    pub reading: Reading,
    pub problems: Diagnostics,
}

impl<'a> Reader<'a> {
    /// Reads one row that has text: its project, fiscal year and part, then its values.
    fn read(&mut self, row: &Row<'_>) {
        let located = self.project(row).and_then(|project| {
            let fy = self.fiscal_year(row)?;
            let part = self.part(row, project)?;
            Ok((project, fy, part))
        });
        match located {
            Ok((project, fy, part)) => {
                let id = match project {
                    ProjectKey::Existing(p) => Some(self.data.projects[p].id.clone()),
                    ProjectKey::New(_) => None,
                };
                let update = self.update(project);
                if update.row == 0 {
                    update.row = row.number;
                }
                if let Some(id) = id {
                    update.id = id;
                }
                self.values(row, project, fy, part);
            }
            Err(problem) => self.problems.push(problem),
        }
    }

    /// The update of `project`, made when the sheet names it first.
    pub fn update(&mut self, project: ProjectKey) -> &mut ProjectUpdate {
        let projects = &mut self.reading.projects;
        let slot = *self.slots.entry(project).or_insert_with(|| {
            projects.push(ProjectUpdate {
                key: project,
                id: String::new(),
                row: 0,
                number: None,
                name: None,
                description: None,
                page: None,
                policies: Vec::new(),
                added: None,
                ended: None,
                sheets: Vec::new(),
            });
            projects.len() - 1
        });
        &mut projects[slot]
    }

    /// Whether `value` at column `c` of `row` is the first for `slot` of `project` (`Ok(true)`),
    /// the same as an earlier row's (`Ok(false)`), or differs from it (a problem).
    pub fn claim(
        &mut self,
        row: &Row<'_>,
        c: usize,
        project: ProjectKey,
        slot: Slot,
        what: &str,
        value: &str,
    ) -> Result<bool, Diagnostic> {
        match self.seen.get(&(project, slot.clone())) {
            None => {
                self.seen
                    .insert((project, slot), (row.number, value.to_string()));
                Ok(true)
            }
            Some((_, first)) if first == value => Ok(false),
            Some((first, given)) => Err(row.problem(
                Code::WrongType,
                c,
                format!(
                    "row {first} already gives this project's {what} as `{}`",
                    given.replace('\n', " ")
                ),
            )),
        }
    }

    /// The project the row names. An unknown one is a new project when the row can give what a
    /// new project needs: always with ids, and with numbers or names when the mapping has name,
    /// policy and department columns.
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
        let found = match self.mapping.key {
            MatchBy::Id => Ok(self.by_id.get(key).copied()),
            MatchBy::Number => unique(data, |p| {
                p.number.as_deref().is_some_and(|n| same_number(n, key))
            })
            .map_err(|n| format!("{n} projects have the number `{key}`")),
            MatchBy::Name => unique(data, |p| same_name(&p.name, key))
                .map_err(|n| format!("{n} projects are named `{key}`")),
        };
        let columns = row.columns;
        let can_add = self.mapping.key == MatchBy::Id
            || (columns.name.is_some()
                && !columns.policy.is_empty()
                && columns.department.is_some());
        match found {
            Ok(Some(p)) => Ok(ProjectKey::Existing(p)),
            Err(message) => Err(row.problem(Code::WrongType, c, message)),
            Ok(None) if can_add => {
                // Two rows name the same new project when their keys are the same (names
                // whatever their width and spaces).
                let new_key = match self.mapping.key {
                    MatchBy::Name => loose(key),
                    _ => key.to_string(),
                };
                if let Some(&n) = self.new_keys.get(&new_key) {
                    return Ok(ProjectKey::New(n));
                }
                let id = self.new_id(row, key)?;
                let n = self.new_keys.len();
                self.new_keys.insert(new_key, n);
                let update = self.update(ProjectKey::New(n));
                update.id = id;
                update.row = row.number;
                Ok(ProjectKey::New(n))
            }
            Ok(None) => {
                let known = data.projects.iter().filter_map(|p| match self.mapping.key {
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

    /// The id of the project the row adds, named `key` in the sheet: the key itself with ids,
    /// the id column's cell when there is one, else made from its policy ([`Reader::made_id`]).
    /// Its name, policy and department must be given (checked here, read with its values).
    fn new_id(&mut self, row: &Row<'_>, key: &str) -> Result<String, Diagnostic> {
        let columns = row.columns;
        let given = match self.mapping.key {
            MatchBy::Id => Some((key, columns.key)),
            _ => columns.id.and_then(|c| row.text(Some(c)).map(|t| (t, c))),
        };
        if let Some((id, c)) = given
            && let Some(problem) = id_problem(id)
        {
            return Err(row.problem(
                Code::WrongType,
                c,
                format!(
                    "the plan has no project `{key}`, and `{id}` cannot be a new project's id: {problem}"
                ),
            ));
        }
        if let Some((id, c)) = given {
            if let Some(&p) = self.by_id.get(id) {
                return Err(row
                    .problem(
                        Code::DuplicateId,
                        c,
                        format!(
                            "`{id}` is the id of `{}`; the row names `{key}`, which the plan does not have",
                            self.data.projects[p].name
                        ),
                    )
                    .with_hint("to rename that project, match the rows by id; to add a project, give it an id of its own"));
            }
            if let Some(other) = self.reading.projects.iter().find(|p| p.id == id) {
                return Err(row.problem(
                    Code::DuplicateId,
                    c,
                    format!(
                        "row {} already adds a project with the id `{id}`",
                        other.row
                    ),
                ));
            }
        }
        // Each as (what, whether the row gives it, the column to point at).
        let policy_given = columns.policy.iter().any(|&c| row.text(Some(c)).is_some());
        for (what, given, column) in [
            ("name", row.text(columns.name).is_some(), columns.name),
            ("policy", policy_given, columns.policy.last().copied()),
            (
                "department",
                row.text(columns.department).is_some(),
                columns.department,
            ),
        ] {
            if given {
                continue;
            }
            let to_add =
                format!("the plan has no project `{key}`; to add it, the row needs its {what}");
            let problem = match column {
                Some(c) => row.problem(Code::MissingField, c, to_add),
                None => row.problem(
                    Code::MissingField,
                    columns.key,
                    format!("{to_add} (map a `{what}` column)"),
                ),
            };
            // A mistyped id is more likely than a new project without a name.
            let ids = self.by_id.keys().copied();
            return Err(match did_you_mean(key, ids) {
                Some(best) if self.mapping.key == MatchBy::Id => {
                    problem.with_hint(format!("did you mean `{best}`?"))
                }
                _ => problem,
            });
        }
        match given {
            Some((id, _)) => Ok(id.to_string()),
            None => {
                let policy = self.policy(row)?;
                Ok(self.made_id(&policy))
            }
        }
    }

    /// An id for a new project under `policy`: `<policy>-01`, `<policy>-02` …, the first not
    /// taken by a project of the plan or of the sheet.
    fn made_id(&self, policy: &str) -> String {
        let taken = |id: &str| {
            self.by_id.contains_key(id) || self.reading.projects.iter().any(|p| p.id == id)
        };
        (1..)
            .map(|n| format!("{policy}-{n:02}"))
            .find(|id| !taken(id))
            .unwrap_or_default()
    }

    /// The policy node the row's policy columns name.
    ///
    /// # Errors
    /// No policy column, or cells that name no node or several.
    pub fn policy(&self, row: &Row<'_>) -> Result<String, Diagnostic> {
        let columns = &row.columns.policy;
        let cells: Vec<&str> = columns.iter().map(|&c| row.cell(c)).collect();
        self.tree
            .find(&cells)
            .map(str::to_string)
            .map_err(|(i, message, hint)| {
                let c = columns.get(i).copied().unwrap_or(row.columns.key);
                let d = row.problem(Code::UnknownPolicy, c, message);
                if hint.is_empty() {
                    d
                } else {
                    d.with_hint(hint)
                }
            })
    }

    /// The row's fiscal year, which must be in the plan's period; `None` when the mapping gives
    /// none.
    fn fiscal_year(&self, row: &Row<'_>) -> Result<Option<FiscalYear>, Diagnostic> {
        let (fy, c) = match row.columns.fiscal_year {
            None => return Ok(None),
            Some(YearFrom::Column(c)) => match row.cell(c).trim().parse::<FiscalYear>() {
                Ok(fy) => (fy, c),
                Err(e) => return Err(row.problem(Code::WrongType, c, e)),
            },
            Some(YearFrom::Every(fy)) => (fy, row.columns.key),
        };
        let period = &self.data.plan.period;
        if period.contains(fy) {
            return Ok(Some(fy));
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

    /// A warning for each project the sheet adds whose name is close to that of a project of the
    /// plan that the sheet does not name: it may be that project, renamed.
    fn warn_of_renamed_projects(&mut self, file: &Path) {
        let named: Vec<usize> = self
            .reading
            .projects
            .iter()
            .filter_map(|p| match p.key {
                ProjectKey::Existing(i) => Some(i),
                ProjectKey::New(_) => None,
            })
            .collect();
        let left_out: Vec<&str> = (0..self.data.projects.len())
            .filter(|i| !named.contains(i))
            .map(|i| self.data.projects[i].name.as_str())
            .collect();
        for project in &self.reading.projects {
            let (ProjectKey::New(_), Some(name)) = (project.key, &project.name) else {
                continue;
            };
            if let Some(close) = did_you_mean(&name.text, left_out.iter().copied()) {
                let mut d = Diagnostic::error(
                    Code::UnknownProject,
                    file,
                    format!(
                        "row {}: `{}` is added as a new project `{}`; the plan's `{close}` is not in the sheet",
                        name.row, name.text, project.id
                    ),
                )
                .with_hint("if it is that project renamed, match the rows by id or number");
                d.severity = crate::diagnostics::Severity::Warning;
                self.reading.warnings.push(d);
            }
        }
    }
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

/// Whether two names are the same, whatever the width of their characters and the spaces in
/// them (`見守り　事業` = `見守り事業`).
fn same_name(a: &str, b: &str) -> bool {
    loose(a) == loose(b)
}

/// `text` compared loosely: NFKC (full-width letters and digits to half-width), without spaces.
pub(super) fn loose(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Whether two printed numbers are the same, whatever the width of their digits (`１` = `1`).
pub(super) fn same_number(a: &str, b: &str) -> bool {
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
