//! What changed from one fiscal year to the next: for each of a plan's measures, the sheets whose
//! value rose, fell or changed, newly appeared or ended, compared with the fiscal year before.
//!
//! Which value is better comes from the plan: a scale's codes are listed best first, unless the
//! scale is not `ordered` or a code is `unranked` (オ その他), when a change is only "changed";
//! an achievement rate is better when higher. A "not rated" mark (「－」) is a value shown as
//! printed, ranked against nothing.
//!
//! 新規 and 終了 say that the project is listed in one of the two years only; a value filled in
//! or left blank in a year both list is 記入あり or 記入なし.

use std::cmp::Ordering;

use crate::fiscal_year::FiscalYear;
use crate::model::Sheet;
use crate::model::number::PrintedNumber;
use crate::site::plan_index::PlanIndex;
use crate::site::summary::{Measure, When};
use crate::site::urls;
use crate::site::views::{ChangeList, ChangeRow, ChangeSummary, ChangesBlock};

/// How a sheet's value moved from the year before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shift {
    /// To a better code, or a higher rate.
    Up,
    /// To a worse code, or a lower rate.
    Down,
    /// To another value that the plan's order does not rank against it.
    Changed,
    /// A value this year; the year before did not list the sheet.
    New,
    /// A value the year before; this year does not list the sheet.
    Ended,
    /// A value this year where the year before, which listed the sheet, had none.
    Filled,
    /// No value this year, which lists the sheet, where the year before had one.
    Blanked,
}

impl Shift {
    /// Every shift, in the order pages list them.
    pub const ALL: [Shift; 7] = [
        Shift::Up,
        Shift::Down,
        Shift::Changed,
        Shift::New,
        Shift::Ended,
        Shift::Filled,
        Shift::Blanked,
    ];

    /// What residents read (上がった).
    pub fn label(self) -> &'static str {
        match self {
            Shift::Up => "上がった",
            Shift::Down => "下がった",
            Shift::Changed => "変わった",
            Shift::New => "新規",
            Shift::Ended => "終了",
            Shift::Filled => "記入あり",
            Shift::Blanked => "記入なし",
        }
    }

    /// Its key in element ids and classes (`up`).
    pub fn key(self) -> &'static str {
        match self {
            Shift::Up => "up",
            Shift::Down => "down",
            Shift::Changed => "changed",
            Shift::New => "new",
            Shift::Ended => "ended",
            Shift::Filled => "filled",
            Shift::Blanked => "blanked",
        }
    }
}

/// A sheet's value of a measure in one year, as compared and as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The code on the measure's scale, the rate's number, or the printed text.
    key: Key,
    /// As residents read it: the code (`B`), or the rate (`80%`).
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Code(String),
    Rate(f64),
    Text(String),
}

/// One sheet whose value moved.
#[derive(Debug, Clone)]
pub struct SheetChange<'a> {
    /// The project's index in the plan.
    pub project: usize,
    /// The sheet (the project, or one of its parts).
    pub sheet: Sheet<'a>,
    /// The value the year before, if any.
    pub before: Option<Value>,
    /// The value this year, if any.
    pub after: Option<Value>,
    /// How it moved.
    pub shift: Shift,
}

/// The fiscal year before `fy` that `measure` is compared with: the previous fiscal year when
/// both have values of the measure in the plan, else `None` (nothing to compare).
pub fn previous_year(
    index: &PlanIndex<'_>,
    measure: Measure,
    fy: FiscalYear,
) -> Option<FiscalYear> {
    let years = index.measure_years(measure);
    let previous = FiscalYear::new(i64::from(fy.year()) - 1).ok()?;
    (years.contains(&fy) && years.contains(&previous)).then_some(previous)
}

/// The sheets of the plan whose value of `measure` moved from the year before `fy` to `fy`, in
/// the plan's project order; `None` when there is no year before to compare with.
pub fn changes<'a>(
    index: &PlanIndex<'a>,
    measure: Measure,
    fy: FiscalYear,
) -> Option<Vec<SheetChange<'a>>> {
    let previous = previous_year(index, measure, fy)?;
    let mut out = Vec::new();
    for (p, project) in index.data.projects.iter().enumerate() {
        for sheet in project.sheets() {
            if let Some(moved) = sheet_moved(index, measure, &sheet, (previous, fy)) {
                out.push(SheetChange {
                    project: p,
                    sheet,
                    before: moved.before,
                    after: moved.after,
                    shift: moved.shift,
                });
            }
        }
    }
    Some(out)
}

/// How one sheet's value moved.
#[derive(Debug, Clone)]
pub struct Moved {
    /// The value the year before, if any.
    pub before: Option<Value>,
    /// The value this year, if any.
    pub after: Option<Value>,
    /// How it moved.
    pub shift: Shift,
}

impl Moved {
    /// `上がった（B→A）`, `記入あり（なし→A）`.
    pub fn describe(&self) -> String {
        let shown =
            |v: &Option<Value>| v.as_ref().map_or("なし".to_string(), |v| v.shown.clone());
        format!(
            "{}（{}→{}）",
            self.shift.label(),
            shown(&self.before),
            shown(&self.after)
        )
    }
}

/// How `sheet` moved in `measure` from the first year of `years` to the second; `None` when it
/// did not.
pub fn sheet_moved(
    index: &PlanIndex<'_>,
    measure: Measure,
    sheet: &Sheet<'_>,
    (previous, fy): (FiscalYear, FiscalYear),
) -> Option<Moved> {
    let before = value(index, measure, sheet, previous);
    let after = value(index, measure, sheet, fy);
    let listed = (
        sheet.years().get(previous).is_some(),
        sheet.years().get(fy).is_some(),
    );
    let shift = shift(
        index,
        measure,
        sheet,
        listed,
        before.as_ref(),
        after.as_ref(),
    )?;
    Some(Moved {
        before,
        after,
        shift,
    })
}

/// `sheet`'s value of `measure` in `fy`, if it has one.
pub fn value(
    index: &PlanIndex<'_>,
    measure: Measure,
    sheet: &Sheet<'_>,
    fy: FiscalYear,
) -> Option<Value> {
    let printed = measure.printed(sheet, When::Year(fy))?;
    if printed.trim().is_empty() {
        return None;
    }
    match measure {
        Measure::Achievement => {
            let rate = PrintedNumber::from_text(printed);
            Some(Value {
                key: rate
                    .value
                    .map_or_else(|| Key::Text(printed.trim().to_string()), Key::Rate),
                shown: rate.as_percent(),
            })
        }
        Measure::Rating | Measure::Status => {
            let scale = measure.sheet_scale(&index.data.plan, sheet)?;
            // A "not rated" mark is no code: it stays text, shown as printed.
            let code = scale.find(printed).map(|c| c.code.clone());
            Some(match code {
                Some(code) => Value {
                    shown: code.clone(),
                    key: Key::Code(code),
                },
                None => Value {
                    key: Key::Text(printed.trim().to_string()),
                    shown: printed.trim().to_string(),
                },
            })
        }
    }
}

/// How `before` moved to `after`, where `listed` says whether the sheet has an entry in the
/// year before and this year; `None` when it did not move.
fn shift(
    index: &PlanIndex<'_>,
    measure: Measure,
    sheet: &Sheet<'_>,
    listed: (bool, bool),
    before: Option<&Value>,
    after: Option<&Value>,
) -> Option<Shift> {
    let (before, after) = match (before, after) {
        (None, None) => return None,
        (None, Some(_)) if listed.0 => return Some(Shift::Filled),
        (None, Some(_)) => return Some(Shift::New),
        (Some(_), None) if listed.1 => return Some(Shift::Blanked),
        (Some(_), None) => return Some(Shift::Ended),
        (Some(b), Some(a)) => (b, a),
    };
    if before.key == after.key {
        return None;
    }
    let order = match (&before.key, &after.key) {
        (Key::Rate(b), Key::Rate(a)) => a.partial_cmp(b),
        (Key::Code(b), Key::Code(a)) => measure
            .sheet_scale(&index.data.plan, sheet)
            .and_then(|scale| scale.compare(b, a)),
        _ => None,
    };
    Some(match order {
        Some(Ordering::Greater) => Shift::Up,
        Some(Ordering::Less) => Shift::Down,
        _ => Shift::Changed,
    })
}

/// `上がった 6件・下がった 3件・新規 2件・終了 1件`: the count of each shift that occurs, in
/// [`Shift::ALL`]'s order; `変化なし` when none does.
pub fn count_sentence(changes: &[SheetChange<'_>]) -> String {
    let parts: Vec<String> = Shift::ALL
        .iter()
        .filter_map(|&shift| {
            let n = changes.iter().filter(|c| c.shift == shift).count();
            (n > 0).then(|| format!("{} {n}件", shift.label()))
        })
        .collect();
    if parts.is_empty() {
        "変化なし".to_string()
    } else {
        parts.join("・")
    }
}

/// The blocks of fiscal year `fy`'s page: one per measure with a year before to compare with.
/// `caption` gives a policy node's caption on the year page.
pub fn blocks(
    index: &PlanIndex<'_>,
    fy: FiscalYear,
    caption: impl Fn(usize) -> String,
) -> Vec<ChangesBlock> {
    let plan = &index.data.plan;
    index
        .measures
        .iter()
        .filter_map(|&(measure, _)| {
            let list = changes(index, measure, fy)?;
            let previous = previous_year(index, measure, fy)?;
            // By the node of the original placement, in tree order; then the unplaced.
            let node_of = |c: &SheetChange<'_>| {
                let project = &index.data.projects[c.project];
                project
                    .placements
                    .first()
                    .and_then(|p| index.node(&p.policy))
            };
            let mut nodes: Vec<Option<usize>> = list.iter().map(node_of).collect();
            nodes.sort_by_key(|n| n.map_or(usize::MAX, |n| n));
            nodes.dedup();
            let groups = nodes
                .into_iter()
                .map(|node| ChangeList {
                    caption: match node {
                        Some(n) => caption(n),
                        None => {
                            format!("{}に位置付けのない{}", plan.labels.tree, plan.project_level)
                        }
                    },
                    url: node.map(|n| index.node_link(n).url),
                    rows: list
                        .iter()
                        .filter(|c| node_of(c) == node)
                        .map(|c| row(index, c))
                        .collect(),
                })
                .collect();
            let name = index.measure_name(measure);
            Some(ChangesBlock {
                key: measure.key(),
                heading: format!("{name}の変化（{}→{}）", previous.wareki(), fy.wareki()),
                previous: previous.wareki(),
                current: fy.wareki(),
                sentence: count_sentence(&list),
                groups,
            })
        })
        .collect()
}

/// For each measure, the changes of the latest year that has a year before to compare with.
pub fn latest(index: &PlanIndex<'_>) -> Vec<ChangeSummary> {
    index
        .measures
        .iter()
        .filter_map(|&(measure, ref years)| {
            let fy = *years
                .iter()
                .rev()
                .find(|&&fy| previous_year(index, measure, fy).is_some())?;
            let previous = previous_year(index, measure, fy)?;
            let list = changes(index, measure, fy)?;
            Some(ChangeSummary {
                heading: format!(
                    "{}の{}の変化（{}から）",
                    fy.wareki(),
                    index.measure_name(measure),
                    previous.wareki()
                ),
                sentence: count_sentence(&list),
                url: format!("{}#changes-{}", urls::year(index.id(), fy), measure.key()),
            })
        })
        .collect()
}

/// The row of change `c` in a year page's list.
fn row(index: &PlanIndex<'_>, c: &SheetChange<'_>) -> ChangeRow {
    let project = &index.data.projects[c.project];
    let shown = |v: &Option<Value>| v.as_ref().map_or("なし".to_string(), |v| v.shown.clone());
    ChangeRow {
        url: urls::project(index.id(), &project.id),
        number: project.number.clone(),
        name: project.name.clone(),
        part: c.sheet.label().map(str::to_string),
        before: shown(&c.before),
        after: shown(&c.after),
        shift: c.shift.label(),
        shift_key: c.shift.key(),
    }
}
