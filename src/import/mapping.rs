//! The column mapping of `mieruka import`: which column of a progress sheet holds what.
//!
//! A mapping is a TOML file. A column is named by its heading in the header row, or by its
//! letter (`"C"`). Every key a project file has can be mapped: the project's own fields and its
//! placement under [`Columns`], each fiscal year's fields under `[columns]` (the year of
//! `fiscal_year`) or `[years.<FY>]`, the planned schedule under `[schedule]`, and indicators
//! under `[[indicators]]`.
//!
//! ```toml
//! sheet = "進捗管理"          # the sheet of a spreadsheet (default: the first)
//! header_row = 2             # the row of column headings, counting from 1
//! fiscal_year = 2023         # the fiscal year of the year fields under [columns]
//! match = "name"             # how rows find their project: id (default), number or name
//! fill_down = ["基本目標"]    # columns printed once for the rows below them
//!
//! [columns]
//! name = "事業名"
//! policy = ["基本目標", "施策"]   # the policy tree, top down; or one column
//! division = "担当部"
//! department = "担当課"
//! status = "進捗状況"
//!
//! [years.2022]
//! results = "令和4年度の実績"
//!
//! [[indicators]]
//! label = "指標"
//! values = { 2022 = "R4実績", 2023 = "R5実績" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::load::SourceFile;
use crate::model::YearField;

/// A mapping file.
#[derive(Debug, Clone, Deserialize)]
pub struct Mapping {
    /// The sheet to read; the first sheet when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row of the column headings.
    #[serde(default = "default_header_row")]
    pub header_row: usize,
    /// The fiscal year of the year fields under `[columns]`, when the sheet has no
    /// fiscal-year column.
    #[serde(default)]
    pub fiscal_year: Option<FiscalYear>,
    /// How a row finds its project.
    #[serde(default, rename = "match")]
    pub key: MatchBy,
    /// What separates the departments of a cell that names several
    /// (`母子健康センター・こども課`); by default `・`, `、`, `，` and a line break.
    #[serde(default = "default_separators")]
    pub separators: Vec<String>,
    /// Columns whose cell is printed once for the rows below it (a merged cell saved as CSV):
    /// an empty cell takes the text of the cell above.
    #[serde(default)]
    pub fill_down: Vec<String>,
    /// The project's fields, and the year fields of `fiscal_year`.
    #[serde(default)]
    pub columns: Columns,
    /// The planned schedule (年次計画): a column per fiscal year. Cells of neighbouring years
    /// with the same text are one span.
    #[serde(default)]
    pub schedule: BTreeMap<FiscalYear, String>,
    /// The year fields of other fiscal years, by year.
    #[serde(default)]
    pub years: BTreeMap<FiscalYear, YearColumns>,
    /// Indicators, each with its label's column.
    #[serde(default)]
    pub indicators: Vec<IndicatorColumns>,
}

fn default_header_row() -> usize {
    1
}

/// The separators of departments named in one cell, by default.
pub fn default_separators() -> Vec<String> {
    ["・", "、", "，", "\n"].map(str::to_string).to_vec()
}

/// How a row finds its project.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MatchBy {
    /// By the project's id.
    #[default]
    Id,
    /// By the printed number, which must be unique in the plan.
    Number,
    /// By the name.
    Name,
}

/// The columns of a project's own fields, and of the year fields of the mapping's
/// `fiscal_year` (or of the row's `fiscal_year` column).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Columns {
    /// The project's id.
    pub id: Option<String>,
    /// The project's printed number.
    pub number: Option<String>,
    /// The project's name.
    pub name: Option<String>,
    /// The part's label (取組事例①).
    pub part: Option<String>,
    /// The fiscal year of the row.
    pub fiscal_year: Option<String>,
    /// What the project does (事業概要).
    pub description: Option<String>,
    /// The page of the plan document (計画書ページ).
    pub page: Option<String>,
    /// The policy node it is placed under: one column, or one per level of the policy tree from
    /// the top (`["基本目標", "施策"]`). A cell holds the node's id, its printed number, its name,
    /// or the level's name with the number (`施策1-1`).
    pub policy: Option<ColumnPath>,
    /// The division (部) of the departments.
    pub division: Option<String>,
    /// The department (担当課); several in one cell are split by the mapping's `separators`.
    pub department: Option<String>,
    /// The department cell as printed, kept as it is.
    pub department_label: Option<String>,
    /// The fiscal year the project was added (新規).
    pub added: Option<String>,
    /// The last fiscal year the project ran (事業終了).
    pub ended: Option<String>,
    /// The year fields of the row's fiscal year.
    #[serde(flatten)]
    pub year: YearColumns,
}

/// The keys of [`Columns`] other than the year fields, as a mapping writes them.
pub const PROJECT_KEYS: [&str; 13] = [
    "id",
    "number",
    "name",
    "part",
    "fiscal_year",
    "description",
    "page",
    "policy",
    "division",
    "department",
    "department_label",
    "added",
    "ended",
];

/// One column, or several in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ColumnPath {
    /// One column.
    One(String),
    /// Several columns, top down.
    Many(Vec<String>),
}

impl ColumnPath {
    /// The columns, in order.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            ColumnPath::One(c) => vec![c.as_str()],
            ColumnPath::Many(cs) => cs.iter().map(String::as_str).collect(),
        }
    }
}

/// The columns of a fiscal year's fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct YearColumns {
    /// The year's plan (実施計画).
    pub plan: Option<String>,
    /// 実施状況.
    pub results: Option<String>,
    /// 成果.
    pub outcome: Option<String>,
    /// 今後の方針.
    pub next_steps: Option<String>,
    /// 備考.
    pub remarks: Option<String>,
    /// 評価.
    pub rating: Option<String>,
    /// 進捗状況.
    pub status: Option<String>,
    /// 達成率.
    pub achievement: Option<String>,
    /// A note on the year's data.
    pub note: Option<String>,
}

impl YearColumns {
    /// The fields mapped, with their columns, in the order a year's entry lists them.
    pub fn fields(&self) -> Vec<(YearField, &str)> {
        YearField::ALL
            .into_iter()
            .filter_map(|field| {
                let column = match field {
                    YearField::Plan => &self.plan,
                    YearField::Results => &self.results,
                    YearField::Outcome => &self.outcome,
                    YearField::NextSteps => &self.next_steps,
                    YearField::Remarks => &self.remarks,
                    YearField::Rating => &self.rating,
                    YearField::Status => &self.status,
                    YearField::Achievement => &self.achievement,
                    YearField::Note => &self.note,
                };
                column.as_deref().map(|c| (field, c))
            })
            .collect()
    }
}

/// The columns of an indicator (指標). The project's indicator of the same label is updated;
/// a label the project does not have adds an indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorColumns {
    /// The column of its label (what is measured).
    pub label: String,
    /// The column of its unit, for a new indicator.
    #[serde(default)]
    pub unit: Option<String>,
    /// Its targets: the column of the row's fiscal year, or a column per fiscal year.
    #[serde(default)]
    pub targets: Option<ByYear>,
    /// Its values, as [`IndicatorColumns::targets`].
    #[serde(default)]
    pub values: Option<ByYear>,
}

/// Columns of values by fiscal year.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ByYear {
    /// One column, of the row's fiscal year.
    Row(String),
    /// A column per fiscal year.
    Years(BTreeMap<FiscalYear, String>),
}

/// The keys of a table, for the check of unknown keys.
#[derive(Clone, Copy)]
enum Keys {
    /// The mapping's top level.
    Top,
    /// `[columns]`.
    Columns,
    /// `[years.<FY>]`.
    Year,
    /// `[[indicators]]`.
    Indicator,
}

impl Keys {
    fn known(self) -> Vec<&'static str> {
        let years = YearField::ALL.map(YearField::key);
        match self {
            Keys::Top => vec![
                "sheet",
                "header_row",
                "fiscal_year",
                "match",
                "separators",
                "fill_down",
                "columns",
                "schedule",
                "years",
                "indicators",
            ],
            Keys::Columns => PROJECT_KEYS.iter().copied().chain(years).collect(),
            Keys::Year => years.to_vec(),
            Keys::Indicator => vec!["label", "unit", "targets", "values"],
        }
    }
}

impl Mapping {
    /// Reads a mapping file.
    ///
    /// # Errors
    /// The file cannot be read, or is not a valid mapping: every unknown key at once, each with
    /// its line and column; else the first value of a wrong type.
    pub fn read(path: &Path) -> Result<Mapping, Diagnostics> {
        let file = SourceFile::read(path).map_err(one)?;
        Mapping::parse(&file.text, path)
    }

    /// Reads the text of a mapping file found at `path` (named in messages).
    ///
    /// # Errors
    /// As [`Mapping::read`].
    pub fn parse(text: &str, path: &Path) -> Result<Mapping, Diagnostics> {
        let table = toml::de::DeTable::parse(text)
            .map_err(|e| one(Diagnostic::from_toml(Code::Syntax, path, text, &e)))?;
        let mut problems = Diagnostics::default();
        unknown_keys(table.get_ref(), Keys::Top, "", text, path, &mut problems);
        if problems.has_errors() {
            return Err(problems);
        }
        toml::from_str(text)
            .map_err(|e| one(Diagnostic::from_toml(Code::WrongType, path, text, &e)))
    }
}

/// Reports every key of `table` (the table at `prefix`) that a mapping does not have there, and
/// looks inside the tables it knows.
fn unknown_keys(
    table: &toml::de::DeTable<'_>,
    keys: Keys,
    prefix: &str,
    text: &str,
    path: &Path,
    problems: &mut Diagnostics,
) {
    let known = keys.known();
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let key_at = Position::of_offset(text, key.span().start);
        let shown = format!("{prefix}{name}");
        if !known.contains(&name) {
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the keys here are: {}", known.join(", ")),
            };
            problems.push(
                Diagnostic::error(
                    Code::UnknownField,
                    path,
                    format!("a mapping has no key `{shown}`"),
                )
                .at(text, key_at)
                .with_hint(hint),
            );
            continue;
        }
        let inner = value.get_ref();
        match (keys, name) {
            (Keys::Top, "columns") => {
                if let Some(t) = inner.as_table() {
                    unknown_keys(t, Keys::Columns, "columns.", text, path, problems);
                }
            }
            (Keys::Top, "schedule") => {
                if let Some(t) = inner.as_table() {
                    year_keys(t, "schedule.", text, path, problems);
                }
            }
            (Keys::Top, "years") => {
                if let Some(t) = inner.as_table() {
                    year_keys(t, "years.", text, path, problems);
                    for (year, columns) in t {
                        if let Some(columns) = columns.get_ref().as_table() {
                            let prefix = format!("years.{}.", year.get_ref());
                            unknown_keys(columns, Keys::Year, &prefix, text, path, problems);
                        }
                    }
                }
            }
            (Keys::Top, "indicators") => {
                for (i, item) in inner.as_array().into_iter().flatten().enumerate() {
                    if let Some(t) = item.get_ref().as_table() {
                        let prefix = format!("indicators.{i}.");
                        unknown_keys(t, Keys::Indicator, &prefix, text, path, problems);
                    }
                }
            }
            (Keys::Indicator, "targets" | "values") => {
                if let Some(t) = inner.as_table() {
                    year_keys(t, &format!("{shown}."), text, path, problems);
                }
            }
            _ => {}
        }
    }
}

/// Reports every key of `table` that is not a fiscal year.
fn year_keys(
    table: &toml::de::DeTable<'_>,
    prefix: &str,
    text: &str,
    path: &Path,
    problems: &mut Diagnostics,
) {
    for (key, _) in table {
        let name = key.get_ref().as_ref();
        if let Err(e) = name.parse::<FiscalYear>() {
            problems.push(
                Diagnostic::error(Code::UnknownField, path, format!("`{prefix}{name}`: {e}"))
                    .at(text, Position::of_offset(text, key.span().start)),
            );
        }
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_key_is_reported_at_once_with_its_line() {
        let text = "header_row = 2\nsheets = \"x\"\n[columns]\nname = \"事業名\"\npage = \"頁\"\nplna = \"計画\"\n[years.2022]\nresults = \"R4\"\nrating_ = \"評価\"\n[years.\"来年\"]\nresults = \"x\"\n";
        let problems: Vec<String> = Mapping::parse(text, Path::new("m.toml"))
            .err()
            .map(|d| {
                d.into_sorted()
                    .into_iter()
                    .map(|d| format!("{} {}", d.location(), d.message))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            problems,
            [
                "m.toml:2:1 a mapping has no key `sheets`",
                "m.toml:6:1 a mapping has no key `columns.plna`",
                "m.toml:9:1 a mapping has no key `years.2022.rating_`",
                "m.toml:10:8 `years.来年`: `来年` is not a fiscal year (write 2019, 令和元年度, 平成31年度 or R1)",
            ]
        );
    }

    #[test]
    fn a_whole_sheet_can_be_mapped() {
        let text = "fiscal_year = 2023\nmatch = \"name\"\n[columns]\nname = \"事業名\"\npolicy = [\"基本目標\", \"施策\"]\nstatus = \"状況\"\n[schedule]\n2023 = \"R5\"\n[years.\"令和4年度\"]\nresults = \"R4実績\"\n[[indicators]]\nlabel = \"指標\"\nvalues = { 2022 = \"R4\", 2023 = \"R5\" }\ntargets = \"目標\"\n";
        let mapping = Mapping::parse(text, Path::new("m.toml")).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(mapping.key, MatchBy::Name);
        assert_eq!(
            mapping.columns.policy.as_ref().map(ColumnPath::columns),
            Some(vec!["基本目標", "施策"])
        );
        assert_eq!(mapping.columns.year.fields(), [(YearField::Status, "状況")]);
        assert_eq!(mapping.years.len(), 1);
        assert_eq!(mapping.separators, default_separators());
        assert!(matches!(
            mapping.indicators[0].targets,
            Some(ByYear::Row(_))
        ));
        assert!(matches!(&mapping.indicators[0].values, Some(ByYear::Years(y)) if y.len() == 2));
    }
}
