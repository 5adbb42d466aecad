//! The column mapping of `mieruka import`: which column of a progress sheet holds what.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::load::SourceFile;

/// A mapping file (TOML).
///
/// ```toml
/// sheet = "進捗管理"        # the sheet of a spreadsheet (default: the first)
/// header_row = 1           # the row of column headings, counting from 1
/// fiscal_year = 2023       # the fiscal year of every row (or a `fiscal_year` column)
/// match = "number"         # how rows find their project: id (default), number or name
///
/// [columns]                # a heading as printed in the header row, or a column letter ("C")
/// number = "No."
/// rating = "評価"
/// status = "進捗状況"
/// outcome = "取組による成果、今後の課題や方針"
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The sheet to read; the first sheet when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row of the column headings.
    #[serde(default = "default_header_row")]
    pub header_row: usize,
    /// The fiscal year of every row, when the sheet has no fiscal-year column.
    #[serde(default)]
    pub fiscal_year: Option<crate::fiscal_year::FiscalYear>,
    /// How a row finds its project.
    #[serde(default, rename = "match")]
    pub key: MatchBy,
    /// Which column holds what.
    pub columns: Columns,
}

fn default_header_row() -> usize {
    1
}

/// How a row finds its project.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MatchBy {
    /// By the project's id; a row with an unknown id creates a project (with name, policy and
    /// department columns).
    #[default]
    Id,
    /// By the printed number, which must be unique in the plan.
    Number,
    /// By the name.
    Name,
}

/// The columns, each a heading of the header row or a column letter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// For a new project: the policy node's id it is placed under.
    pub policy: Option<String>,
    /// For a new project: its department.
    pub department: Option<String>,
}

impl Columns {
    /// The year fields the mapping fills, with their columns: (key in the project file, column).
    pub fn year_fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("results", &self.results),
            ("outcome", &self.outcome),
            ("next_steps", &self.next_steps),
            ("remarks", &self.remarks),
            ("rating", &self.rating),
            ("status", &self.status),
            ("achievement", &self.achievement),
            ("note", &self.note),
        ]
        .into_iter()
        .filter_map(|(key, column)| column.as_deref().map(|c| (key, c)))
        .collect()
    }
}

impl Mapping {
    /// Reads a mapping file.
    ///
    /// # Errors
    /// The file cannot be read, or is not a valid mapping (with its line and column).
    pub fn read(path: &Path) -> Result<Mapping, Diagnostic> {
        let file = SourceFile::read(path)?;
        toml::from_str(&file.text).map_err(|e| {
            let code = if e.message().contains("unknown field") {
                Code::UnknownField
            } else {
                Code::Syntax
            };
            let d = Diagnostic::error(code, path, e.message().trim().to_string());
            match e.span() {
                Some(span) => {
                    let before = &file.text[..span.start.min(file.text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    d.at(&file.text, Position { line, column })
                }
                None => d,
            }
        })
    }
}
