//! The mapping's columns found in the sheet's header row: each column the mapping names, as the
//! 0-based index of a column of the sheet.

use std::path::Path;

use super::mapping::{ByYear, Mapping, MatchBy};
use super::table::{self, Table};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fiscal_year::FiscalYear;
use crate::model::{Plan, YearField};
use crate::validate::outside_period_message;

/// Where a row's fiscal year comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum YearFrom {
    /// A column of the sheet.
    Column(usize),
    /// The mapping's `fiscal_year`, for every row.
    Every(FiscalYear),
}

/// The fiscal year a column's values are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearOf {
    /// The row's fiscal year ([`Columns::fiscal_year`]).
    Row,
    /// This fiscal year.
    Year(FiscalYear),
}

/// The columns of one indicator.
#[derive(Debug)]
pub(super) struct IndicatorColumns {
    /// The column of its label.
    pub label: usize,
    /// The column of its unit.
    pub unit: Option<usize>,
    /// Its targets' columns.
    pub targets: Vec<(YearOf, usize)>,
    /// Its values' columns.
    pub values: Vec<(YearOf, usize)>,
}

/// The mapping's columns, found in the sheet.
#[derive(Debug)]
pub(super) struct Columns {
    /// The 1-based row of the headings.
    pub header_row: usize,
    /// The headings, trimmed.
    pub headings: Vec<String>,
    /// The column that names the project (id, number or name, as the mapping matches).
    pub key: usize,
    pub id: Option<usize>,
    pub number: Option<usize>,
    pub name: Option<usize>,
    pub part: Option<usize>,
    /// The row's fiscal year; `None` when only `[years.<FY>]` columns are mapped.
    pub fiscal_year: Option<YearFrom>,
    pub description: Option<usize>,
    pub page: Option<usize>,
    /// The policy tree's columns, top down.
    pub policy: Vec<usize>,
    pub division: Option<usize>,
    pub department: Option<usize>,
    pub department_label: Option<usize>,
    pub added: Option<usize>,
    pub ended: Option<usize>,
    /// The year fields, each with its year and column.
    pub fields: Vec<(YearOf, YearField, usize)>,
    /// The schedule's columns, by fiscal year.
    pub schedule: Vec<(FiscalYear, usize)>,
    pub indicators: Vec<IndicatorColumns>,
    /// The columns whose empty cells repeat the cell above.
    pub fill_down: Vec<usize>,
}

impl Columns {
    /// Finds each column `mapping` names in the header row of `table` (read from `file`), by
    /// its heading or its letter, for the plan `plan`.
    ///
    /// # Errors
    /// Every column the sheet lacks; a mapping with no column for its key; year fields with no
    /// fiscal year; a fiscal year outside the plan's period.
    pub fn find(
        table: &Table,
        file: &Path,
        mapping: &Mapping,
        plan: &Plan,
    ) -> Result<Columns, Diagnostics> {
        let mut problems = Diagnostics::default();
        let header_row = mapping.header_row.max(1);
        let headings: Vec<String> = table
            .rows
            .get(header_row - 1)
            .map(|row| row.iter().map(|h| h.trim().to_string()).collect())
            .unwrap_or_default();
        let mut finder = Finder {
            table,
            file,
            header_row,
            headings: &headings,
            problems: &mut problems,
        };
        let mut resolve = |what: &str, column: Option<&str>| finder.resolve(what, column);
        let c = &mapping.columns;
        let id = resolve("id", c.id.as_deref());
        let number = resolve("number", c.number.as_deref());
        let name = resolve("name", c.name.as_deref());
        let (key_name, key_column, key) = match mapping.key {
            MatchBy::Id => ("id", &c.id, id),
            MatchBy::Number => ("number", &c.number, number),
            MatchBy::Name => ("name", &c.name, name),
        };
        let part = resolve("part", c.part.as_deref());
        let year_column = resolve("fiscal_year", c.fiscal_year.as_deref());
        let description = resolve("description", c.description.as_deref());
        let page = resolve("page", c.page.as_deref());
        let policy: Vec<usize> = c
            .policy
            .iter()
            .flat_map(|p| p.columns())
            .filter_map(|column| resolve("policy", Some(column)))
            .collect();
        let division = resolve("division", c.division.as_deref());
        let department = resolve("department", c.department.as_deref());
        let department_label = resolve("department_label", c.department_label.as_deref());
        let added = resolve("added", c.added.as_deref());
        let ended = resolve("ended", c.ended.as_deref());
        let mut fields: Vec<(YearOf, YearField, usize)> = c
            .year
            .fields()
            .into_iter()
            .filter_map(|(field, column)| {
                resolve(field.key(), Some(column)).map(|c| (YearOf::Row, field, c))
            })
            .collect();
        for (&fy, year) in &mapping.years {
            for (field, column) in year.fields() {
                let what = format!("{} of {}", field.key(), fy.wareki());
                if let Some(c) = resolve(&what, Some(column)) {
                    fields.push((YearOf::Year(fy), field, c));
                }
            }
        }
        let schedule: Vec<(FiscalYear, usize)> = mapping
            .schedule
            .iter()
            .filter_map(|(&fy, column)| {
                resolve(&format!("the schedule of {}", fy.wareki()), Some(column)).map(|c| (fy, c))
            })
            .collect();
        let indicators: Vec<IndicatorColumns> = mapping
            .indicators
            .iter()
            .filter_map(|i| {
                let targets = by_year(&mut resolve, "an indicator's targets", &i.targets);
                let values = by_year(&mut resolve, "an indicator's values", &i.values);
                let unit = resolve("an indicator's unit", i.unit.as_deref());
                let label = resolve("an indicator's label", Some(&i.label))?;
                Some(IndicatorColumns {
                    label,
                    unit,
                    targets,
                    values,
                })
            })
            .collect();
        let fill_down: Vec<usize> = mapping
            .fill_down
            .iter()
            .filter_map(|column| resolve("fill_down", Some(column)))
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
        let fiscal_year = match (year_column, mapping.fiscal_year) {
            (Some(column), _) => Some(YearFrom::Column(column)),
            (None, Some(fy)) => Some(YearFrom::Every(fy)),
            (None, None) => None,
        };
        let row_years_used = fields.iter().any(|(y, _, _)| *y == YearOf::Row)
            || indicators
                .iter()
                .flat_map(|i| i.targets.iter().chain(&i.values))
                .any(|(y, _)| *y == YearOf::Row);
        if fiscal_year.is_none() && c.fiscal_year.is_none() && row_years_used {
            problems.push(Diagnostic::error(
                Code::MissingField,
                file,
                "the mapping gives no fiscal year: set `fiscal_year = 2023`, or a `fiscal_year` column",
            ));
        }
        let named_years = mapping
            .years
            .keys()
            .chain(mapping.schedule.keys())
            .chain(mapping.fiscal_year.iter());
        let mut outside: Vec<FiscalYear> = named_years
            .copied()
            .filter(|fy| !plan.period.contains(*fy))
            .collect();
        outside.sort();
        outside.dedup();
        for fy in outside {
            problems.push(Diagnostic::error(
                Code::YearOutsidePeriod,
                file,
                format!(
                    "the mapping names {}",
                    outside_period_message(fy, &plan.period)
                ),
            ));
        }
        match key {
            Some(key) if !problems.has_errors() => Ok(Columns {
                header_row,
                headings,
                key,
                id,
                number,
                name,
                part,
                fiscal_year,
                description,
                page,
                policy,
                division,
                department,
                department_label,
                added,
                ended,
                fields,
                schedule,
                indicators,
                fill_down,
            }),
            _ => Err(problems),
        }
    }

    /// The last fiscal year of the mapping's year fields (`[years.<FY>]`), for a sheet whose
    /// rows have no fiscal year of their own: the year the departments a row names are taken to
    /// be responsible in.
    pub fn latest_year(&self) -> Option<FiscalYear> {
        self.fields
            .iter()
            .filter_map(|(y, _, _)| match y {
                YearOf::Year(fy) => Some(*fy),
                YearOf::Row => None,
            })
            .max()
    }
}

/// Finds the mapping's columns in the header row, keeping a problem for each it cannot find.
struct Finder<'a> {
    table: &'a Table,
    file: &'a Path,
    header_row: usize,
    headings: &'a [String],
    problems: &'a mut Diagnostics,
}

impl Finder<'_> {
    /// The column named `column` (for `what`, in messages): by its heading, else its letter
    /// within the sheet's columns. A heading printed over two columns names neither.
    fn resolve(&mut self, what: &str, column: Option<&str>) -> Option<usize> {
        let column = column?;
        let at: Vec<usize> = (0..self.headings.len())
            .filter(|&i| self.headings[i] == column.trim())
            .collect();
        if let [first, second, ..] = at.as_slice() {
            self.problems.push(
                Diagnostic::error(
                    Code::MissingField,
                    self.file,
                    format!(
                        "sheet {}, row {}: the heading `{column}` (for {what}) is over columns {} and {}",
                        self.table.sheet,
                        self.header_row,
                        table::column_letter(*first),
                        table::column_letter(*second)
                    ),
                )
                .with_hint("name the column by its letter, or set `header_row` to a row whose headings differ"),
            );
            return None;
        }
        let width = self.table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let found = at
            .first()
            .copied()
            .or_else(|| table::column_index(column).filter(|&i| i < width));
        if found.is_none() {
            self.problems.push(
                Diagnostic::error(
                    Code::MissingField,
                    self.file,
                    format!(
                        "sheet {}, row {}: there is no column `{column}` (for {what})",
                        self.table.sheet, self.header_row
                    ),
                )
                .with_hint(format!("the headings are: {}", self.headings.join(", "))),
            );
        }
        found
    }
}

/// The columns of `columns` with the year each is for.
fn by_year(
    resolve: &mut impl FnMut(&str, Option<&str>) -> Option<usize>,
    what: &str,
    columns: &Option<ByYear>,
) -> Vec<(YearOf, usize)> {
    match columns {
        None => Vec::new(),
        Some(ByYear::Row(column)) => resolve(what, Some(column))
            .map(|c| (YearOf::Row, c))
            .into_iter()
            .collect(),
        Some(ByYear::Years(years)) => years
            .iter()
            .filter_map(|(&fy, column)| {
                resolve(&format!("{what} of {}", fy.wareki()), Some(column))
                    .map(|c| (YearOf::Year(fy), c))
            })
            .collect(),
    }
}
