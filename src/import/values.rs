//! The values of one row, once its project, fiscal year and part are known: the project's own
//! fields, its policy and departments, each year's fields (a rating or status read as a code of
//! its scale), the schedule and the indicators. Each bad cell is a problem of its own; the others
//! are kept.

use super::columns::YearOf;
use super::mapping::MatchBy;
use super::rows::{Reader, Row, Slot};
use super::update::{Cell, DepartmentClaim, IndicatorUpdate, ProjectKey, Update};
use crate::diagnostics::{Code, Diagnostic};
use crate::fiscal_year::FiscalYear;
use crate::model::scale::How;
use crate::model::{ScheduleSpan, YearField};
use crate::validate::{code_problem, look_alike_problem, outside_period_message};

impl Reader<'_> {
    /// Reads the values of `row`, whose project, fiscal year (`None` when the mapping gives
    /// none) and part are known, into the project's update.
    pub(super) fn values(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        fy: Option<FiscalYear>,
        part: Option<usize>,
    ) {
        let columns = row.columns;
        let results = [
            self.project_fields(row, project),
            self.policy_of(row, project),
            self.milestones(row, project),
            self.department_label(row, project, part),
            self.departments(row, project, fy.or_else(|| columns.latest_year()), part),
            self.schedule(row, project, part),
            self.year_fields(row, project, fy, part),
            self.indicators(row, project, fy, part),
        ];
        for problems in results {
            self.problems.extend(problems);
        }
    }

    /// The project's number, name, description and page.
    fn project_fields(&mut self, row: &Row<'_>, project: ProjectKey) -> Vec<Diagnostic> {
        let columns = row.columns;
        let mut problems = Vec::new();
        for (what, column) in [
            ("number", columns.number),
            ("name", columns.name),
            ("description", columns.description),
            ("page", columns.page),
        ] {
            let (Some(c), Some(text)) = (column, row.text(column)) else {
                continue;
            };
            // The cell that found an existing project is its name or number already (written
            // perhaps with other spaces or widths).
            let key = match self.mapping.key {
                MatchBy::Name => "name",
                MatchBy::Number => "number",
                MatchBy::Id => "id",
            };
            if what == key && matches!(project, ProjectKey::Existing(_)) {
                continue;
            }
            match self.claim(row, c, project, Slot::Project(what), what, text) {
                Ok(true) => {
                    let cell = Some(Cell {
                        row: row.number,
                        text: text.to_string(),
                    });
                    let update = self.update(project);
                    match what {
                        "number" => update.number = cell,
                        "name" => update.name = cell,
                        "description" => update.description = cell,
                        _ => update.page = cell,
                    }
                }
                Ok(false) => {}
                Err(problem) => problems.push(problem),
            }
        }
        problems
    }

    /// The policy node the row places the project under.
    fn policy_of(&mut self, row: &Row<'_>, project: ProjectKey) -> Vec<Diagnostic> {
        let columns = &row.columns.policy;
        if !columns.iter().any(|&c| row.text(Some(c)).is_some()) {
            return Vec::new();
        }
        match self.policy(row) {
            Ok(policy) => {
                let update = self.update(project);
                if !update.policies.iter().any(|(_, p)| *p == policy) {
                    update.policies.push((row.number, policy));
                }
                Vec::new()
            }
            Err(problem) => vec![problem],
        }
    }

    /// The years the project was added (新規) and ended (事業終了).
    fn milestones(&mut self, row: &Row<'_>, project: ProjectKey) -> Vec<Diagnostic> {
        let columns = row.columns;
        let mut problems = Vec::new();
        for (what, column) in [("added", columns.added), ("ended", columns.ended)] {
            let (Some(c), Some(text)) = (column, row.text(column)) else {
                continue;
            };
            let fy = match text.parse::<FiscalYear>() {
                Ok(fy) if self.data.plan.period.contains(fy) => fy,
                Ok(fy) => {
                    problems.push(row.problem(
                        Code::YearOutsidePeriod,
                        c,
                        outside_period_message(fy, &self.data.plan.period),
                    ));
                    continue;
                }
                Err(e) => {
                    problems.push(row.problem(Code::WrongType, c, e));
                    continue;
                }
            };
            let shown = fy.year().to_string();
            match self.claim(row, c, project, Slot::Project(what), what, &shown) {
                Ok(true) => {
                    let update = self.update(project);
                    let at = Some((row.number, fy));
                    if what == "added" {
                        update.added = at;
                    } else {
                        update.ended = at;
                    }
                }
                Ok(false) => {}
                Err(problem) => problems.push(problem),
            }
        }
        problems
    }

    /// The department cell as printed, kept as it is.
    fn department_label(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        part: Option<usize>,
    ) -> Vec<Diagnostic> {
        let columns = row.columns;
        let (Some(c), Some(text)) = (columns.department_label, row.text(columns.department_label))
        else {
            return Vec::new();
        };
        let slot = Slot::Sheet(part, "department_label");
        match self.claim(row, c, project, slot, "department cell", text) {
            Ok(true) => {
                self.update(project).sheet(part).department_label = Some(Cell {
                    row: row.number,
                    text: text.to_string(),
                });
                Vec::new()
            }
            Ok(false) => Vec::new(),
            Err(problem) => vec![problem],
        }
    }

    /// The departments the department cell names, split by the mapping's separators (a cell that
    /// is a department the plan already has stays whole), each with its division: one division
    /// for them all, or one each.
    fn departments(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        year: Option<FiscalYear>,
        part: Option<usize>,
    ) -> Vec<Diagnostic> {
        let columns = row.columns;
        let mut problems = Vec::new();
        let (Some(c), Some(text)) = (columns.department, row.text(columns.department)) else {
            return problems;
        };
        let separators = &self.mapping.separators;
        let names = if self.known_departments.contains_key(text) {
            vec![text.to_string()]
        } else {
            split(text, separators)
        };
        if names.len() > 1
            && let Some(odd) = names.iter().find(|n| !looks_like_a_department(n))
        {
            let warning = row.warning(
                Code::SplitDepartment,
                c,
                format!(
                    "`{text}` is read as {} departments ({}); `{odd}` does not look like a department's name",
                    names.len(),
                    names.join(", ")
                ),
            );
            let hint = "if the cell is one department's name, leave its separator out of `separators` in the mapping";
            self.reading.warnings.push(warning.with_hint(hint));
        }
        let divisions = row.text(columns.division).map(|d| split(d, separators));
        // Without a division column, a department the plan has keeps its division.
        let known = |name: &str| {
            self.known_departments
                .get(name)
                .copied()
                .flatten()
                .map(str::to_string)
        };
        let paired: Vec<(String, Option<String>)> = match divisions.as_deref() {
            None | Some([]) => names
                .into_iter()
                .map(|n| {
                    let division = known(&n);
                    (n, division)
                })
                .collect(),
            Some([one]) => names.into_iter().map(|n| (n, Some(one.clone()))).collect(),
            Some(several) if several.len() == names.len() => names
                .into_iter()
                .zip(several.iter().cloned().map(Some))
                .collect(),
            Some(several) => {
                problems.push(row.problem(
                    Code::WrongType,
                    columns.division.unwrap_or(c),
                    format!(
                        "{} divisions for {} departments: give one division for all of them, or one each in the same order",
                        several.len(),
                        names.len()
                    ),
                ));
                return problems;
            }
        };
        let shown: Vec<String> = paired
            .iter()
            .map(|(n, d)| format!("{}/{n}", d.as_deref().unwrap_or_default()))
            .collect();
        let slot = Slot::Departments(part, year);
        match self.claim(row, c, project, slot, "departments", &shown.join("・")) {
            Ok(true) => {
                self.update(project).sheet(part).departments.insert(
                    year,
                    DepartmentClaim {
                        row: row.number,
                        departments: paired,
                    },
                );
            }
            Ok(false) => {}
            Err(problem) => problems.push(problem),
        }
        problems
    }

    /// The planned schedule: the cells of the schedule's columns, neighbouring years with the
    /// same text joined into one span.
    fn schedule(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        part: Option<usize>,
    ) -> Vec<Diagnostic> {
        let columns = row.columns;
        let mut spans: Vec<ScheduleSpan> = Vec::new();
        for &(fy, c) in &columns.schedule {
            let Some(text) = row.text(Some(c)) else {
                continue;
            };
            match spans.last_mut() {
                Some(last) if last.text == text && last.to.next() == fy => last.to = fy,
                _ => spans.push(ScheduleSpan {
                    from: fy,
                    to: fy,
                    text: text.to_string(),
                }),
            }
        }
        let Some(&(_, c)) = columns.schedule.first() else {
            return Vec::new();
        };
        if spans.is_empty() {
            return Vec::new();
        }
        let shown: Vec<String> = spans
            .iter()
            .map(|s| format!("{}-{}:{}", s.from.year(), s.to.year(), s.text))
            .collect();
        let slot = Slot::Sheet(part, "schedule");
        match self.claim(row, c, project, slot, "schedule", &shown.join("\n")) {
            Ok(true) => {
                self.update(project).sheet(part).schedule = Some((row.number, spans));
                Vec::new()
            }
            Ok(false) => Vec::new(),
            Err(problem) => vec![problem],
        }
    }

    /// The year fields with text. A rating or status must be a code of its scale; it is written
    /// as the code when the sheet prints it another way (with its label, as an alias, with
    /// look-alike letters — the last with a warning).
    fn year_fields(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        fy: Option<FiscalYear>,
        part: Option<usize>,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for &(year_of, field, c) in &row.columns.fields {
            let value = row.cell(c);
            if value.trim().is_empty() {
                continue;
            }
            let year = match year_of {
                YearOf::Year(year) => year,
                YearOf::Row => match fy {
                    Some(fy) => fy,
                    None => continue,
                },
            };
            let value = match field {
                YearField::Rating | YearField::Status => {
                    match self.code(row, c, project, part, (year, field), value) {
                        Ok(code) => code,
                        Err(problem) => {
                            problems.push(problem);
                            continue;
                        }
                    }
                }
                _ => value.to_string(),
            };
            let slot = Slot::Year(part, year, field);
            let what = format!("{} of {}", field.key(), year.wareki());
            match self.claim(row, c, project, slot, &what, &value) {
                Ok(true) => self.update(project).sheet(part).years.push(Update {
                    row: row.number,
                    fy: year,
                    field,
                    value,
                }),
                Ok(false) => {}
                Err(problem) => problems.push(problem),
            }
        }
        problems
    }

    /// The text to write for a rating or status cell of fiscal year `year`: the text the
    /// project file already has when it reads as the same code (`ア　実施済` stays as printed),
    /// else the cell as printed when it is the code (`Ａ`) or a "not rated" mark, else the code
    /// it is read as.
    fn code(
        &mut self,
        row: &Row<'_>,
        c: usize,
        project: ProjectKey,
        part: Option<usize>,
        (year, field): (FiscalYear, YearField),
        value: &str,
    ) -> Result<String, Diagnostic> {
        let plan = &self.data.plan;
        let existing = match project {
            ProjectKey::Existing(p) => self.data.projects[p]
                .sheets()
                .into_iter()
                .nth(part.unwrap_or(0))
                .and_then(|s| s.years().get(year))
                .and_then(|e| match field {
                    YearField::Rating => e.rating.clone(),
                    _ => e.status.clone(),
                }),
            ProjectKey::New(_) => None,
        };
        let scale = if field == YearField::Rating {
            match project {
                ProjectKey::Existing(p) => self.data.projects[p]
                    .sheets()
                    .into_iter()
                    .nth(part.unwrap_or(0))
                    .and_then(|s| s.scale())
                    .and_then(|id| plan.scale(id)),
                ProjectKey::New(_) => None,
            }
            .or_else(|| plan.rating_scale())
        } else {
            plan.status_scale()
        };
        let code = if field == YearField::Rating {
            Code::UnknownRating
        } else {
            Code::UnknownStatus
        };
        let Some(scale) = scale else {
            return Err(row.problem(
                Code::UnknownScale,
                c,
                format!("the plan has no scale for `{}`", field.key()),
            ));
        };
        match scale.read(value) {
            Some(reading) => {
                if let How::LookAlike(_) = reading.how
                    && let Some((message, hint)) = look_alike_problem(scale, value, code)
                {
                    let warning = row.warning(Code::LookAlikeCode, c, message).with_hint(hint);
                    self.reading.warnings.push(warning);
                }
                let same = existing.as_deref().and_then(|e| scale.read(e));
                if let (Some(existing), Some(same)) = (&existing, same)
                    && same.code.code == reading.code.code
                {
                    return Ok(existing.clone());
                }
                Ok(match reading.how {
                    How::Code => value.trim().to_string(),
                    _ => reading.code.code.clone(),
                })
            }
            None => match code_problem(scale, value, code) {
                Some((message, hint)) => Err(row.problem(code, c, message).with_hint(hint)),
                None => Ok(value.trim().to_string()),
            },
        }
    }

    /// The indicators' targets and values with text, by the label in the row's label cell.
    fn indicators(
        &mut self,
        row: &Row<'_>,
        project: ProjectKey,
        fy: Option<FiscalYear>,
        part: Option<usize>,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for columns in &row.columns.indicators {
            let cells: Vec<(bool, FiscalYear, usize, &str)> =
                [(true, &columns.targets), (false, &columns.values)]
                    .into_iter()
                    .flat_map(|(target, by_year)| by_year.iter().map(move |&(y, c)| (target, y, c)))
                    .filter_map(|(target, year_of, c)| {
                        let year = match year_of {
                            YearOf::Year(year) => Some(year),
                            YearOf::Row => fy,
                        }?;
                        row.text(Some(c)).map(|text| (target, year, c, text))
                    })
                    .collect();
            if cells.is_empty() {
                continue;
            }
            let Some(label) = row.text(Some(columns.label)) else {
                problems.push(row.problem(
                    Code::MissingField,
                    columns.label,
                    "the row gives an indicator's values but not what it measures",
                ));
                continue;
            };
            let unit = row.text(columns.unit).map(str::to_string);
            let mut kept: Vec<(bool, FiscalYear, String)> = Vec::new();
            for (target, year, c, text) in cells {
                let what = format!(
                    "{} of `{label}` for {}",
                    if target { "target" } else { "value" },
                    year.wareki()
                );
                let slot = Slot::Indicator(part, label.to_string(), year, target);
                match self.claim(row, c, project, slot, &what, text) {
                    Ok(true) => kept.push((target, year, text.to_string())),
                    Ok(false) => {}
                    Err(problem) => problems.push(problem),
                }
            }
            let sheet = self.update(project).sheet(part);
            let at = match sheet.indicators.iter().position(|i| i.label == label) {
                Some(at) => at,
                None => {
                    sheet.indicators.push(IndicatorUpdate {
                        row: row.number,
                        label: label.to_string(),
                        unit: unit.clone(),
                        ..IndicatorUpdate::default()
                    });
                    sheet.indicators.len() - 1
                }
            };
            let indicator = &mut sheet.indicators[at];
            if indicator.unit.is_none() {
                indicator.unit = unit;
            }
            for (target, year, text) in kept {
                if target {
                    indicator.targets.insert(year, text);
                } else {
                    indicator.values.insert(year, text);
                }
            }
        }
        problems
    }
}

/// Whether `name` ends as the names of sections and outside bodies do (課, 室, センター,
/// 協議会 …): a part of a split cell that does not may be half of one name
/// (`子ども・子育て支援課`).
fn looks_like_a_department(name: &str) -> bool {
    const ENDINGS: [&str; 17] = [
        "課",
        "室",
        "係",
        "所",
        "館",
        "局",
        "部",
        "署",
        "園",
        "校",
        "会",
        "団",
        "センター",
        "組合",
        "法人",
        "機構",
        "チーム",
    ];
    ENDINGS.iter().any(|e| name.ends_with(e))
}

/// The parts of `cell` between any of `separators`, trimmed, empty ones left out.
pub(super) fn split(cell: &str, separators: &[String]) -> Vec<String> {
    let mut parts = vec![cell.to_string()];
    for separator in separators.iter().filter(|s| !s.is_empty()) {
        parts = parts
            .iter()
            .flat_map(|p| p.split(separator.as_str()))
            .map(str::to_string)
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_of_several_departments_is_split_by_the_separators() {
        let default = super::super::mapping::default_separators();
        assert_eq!(
            split("母子健康センター・こども課", &default),
            ["母子健康センター", "こども課"]
        );
        assert_eq!(
            split("福祉課、\n 社会福祉協議会 ", &default),
            ["福祉課", "社会福祉協議会"]
        );
        assert_eq!(split("生涯学習課 社協", &default), ["生涯学習課 社協"]);
        let with_space = [" ".to_string(), "　".to_string()];
        assert_eq!(
            split("生涯学習課 社協", &with_space),
            ["生涯学習課", "社協"]
        );
    }
}
