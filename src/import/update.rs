//! What a sheet says of each project, gathered from its rows ([`super::rows`]) before anything is
//! written ([`super::apply`]): the project's own fields and placements, and for each of its sheets
//! (the project, or a part) the departments, schedule, indicators and year values.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::fiscal_year::FiscalYear;
use crate::model::{ScheduleSpan, YearField};

/// A cell's text, trimmed, and where it is.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    /// The 1-based row.
    pub row: usize,
    /// The text.
    pub text: String,
}

/// One year value to set.
#[derive(Debug, Clone)]
pub(super) struct Update {
    /// The row it comes from (1-based), for messages.
    pub row: usize,
    pub fy: FiscalYear,
    pub field: YearField,
    /// The text to write: the cell as the sheet has it, or a scale's code for a code printed
    /// another way.
    pub value: String,
}

/// The departments a row names, each with its division (部) where the sheet gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DepartmentClaim {
    pub row: usize,
    pub departments: Vec<(String, Option<String>)>,
}

/// An indicator's targets and values, by the label that finds it.
#[derive(Debug, Clone, Default)]
pub(super) struct IndicatorUpdate {
    pub row: usize,
    pub label: String,
    pub unit: Option<String>,
    pub targets: BTreeMap<FiscalYear, String>,
    pub values: BTreeMap<FiscalYear, String>,
}

/// What the sheet says of one sheet of a project: the project itself, or one of its parts.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetUpdate {
    /// The part's index; `None` for the project itself.
    pub part: Option<usize>,
    pub department_label: Option<Cell>,
    /// The departments named, by the fiscal year they are named for (`None`: the sheet's rows
    /// have no year).
    pub departments: BTreeMap<Option<FiscalYear>, DepartmentClaim>,
    pub schedule: Option<(usize, Vec<ScheduleSpan>)>,
    pub years: Vec<Update>,
    pub indicators: Vec<IndicatorUpdate>,
}

/// A project a row refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum ProjectKey {
    /// An existing project, by its index in the plan.
    Existing(usize),
    /// A project the sheet adds, by the order the sheet first names it.
    New(usize),
}

/// What the sheet says of one project, from all its rows.
#[derive(Debug, Clone)]
pub(super) struct ProjectUpdate {
    pub key: ProjectKey,
    /// The project's id (for a new project, as given or made).
    pub id: String,
    /// The first row that names it.
    pub row: usize,
    pub number: Option<Cell>,
    pub name: Option<Cell>,
    pub description: Option<Cell>,
    pub page: Option<Cell>,
    /// The policy nodes it is placed under, in the order the sheet names them.
    pub policies: Vec<(usize, String)>,
    pub added: Option<(usize, FiscalYear)>,
    pub ended: Option<(usize, FiscalYear)>,
    pub sheets: Vec<SheetUpdate>,
}

impl ProjectUpdate {
    /// The update of the sheet `part`, made when the sheet names it first.
    pub fn sheet(&mut self, part: Option<usize>) -> &mut SheetUpdate {
        match self.sheets.iter().position(|s| s.part == part) {
            Some(i) => &mut self.sheets[i],
            None => {
                self.sheets.push(SheetUpdate {
                    part,
                    ..SheetUpdate::default()
                });
                let last = self.sheets.len() - 1;
                &mut self.sheets[last]
            }
        }
    }
}

/// The rows of a sheet, gathered by project.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// Rows read (empty rows not counted).
    pub rows: usize,
    /// What the sheet says of each project, in the order the sheet first names them.
    pub projects: Vec<ProjectUpdate>,
    /// What is worth a look but was read (a look-alike letter, a new project named like one
    /// the sheet leaves out).
    pub warnings: Vec<Diagnostic>,
}
