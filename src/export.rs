//! A plan's data as a table: one row per project (per part) and fiscal year, with the text as
//! printed and the values parsed from it. Written as CSV (UTF-8 with a byte-order mark, so that
//! Excel reads Japanese correctly) and as JSON, by `mieruka export` and under each plan's `data/`
//! by `mieruka build`.
//!
//! The CSV's column headings are the ones `docs/mappings/export.toml` maps, so an exported file
//! can be edited in Excel and imported again.

use serde::Serialize;

use crate::fiscal_year::FiscalYear;
use crate::model::{Plan, PlanData, Scale, Sheet, YearEntry};

/// The byte-order mark that tells Excel a CSV file is UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// `cell` as a CSV cell that a spreadsheet shows as text rather than runs as a formula: a cell
/// that starts with `=`, `+`, `@`, a tab or a carriage return, or with `-` and is not a number,
/// gets a leading `'` (which Excel hides). [`crate::import`] takes it off again, so an export
/// imported back is unchanged.
pub fn protect_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = |cell: &str| match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell != "-" && cell.replace(',', "").parse::<f64>().is_err(),
        _ => false,
    };
    // A cell that already looks protected is protected again, so that taking one `'` off
    // gives it back.
    if risky(cell) || cell.strip_prefix('\'').is_some_and(risky) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `cell` without the `'` that [`protect_cell`] put before it.
pub fn unprotect_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if protect_cell(rest).len() > rest.len() => rest,
        _ => cell,
    }
}

/// One row: a sheet of a project in one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The plan's id.
    pub plan_id: String,
    /// The project's id.
    pub project_id: String,
    /// The part's label (取組事例①), empty for a project without parts.
    pub part: String,
    /// The project's display number.
    pub number: String,
    /// The project's name.
    pub name: String,
    /// The fiscal year (Gregorian start year).
    pub fy: u16,
    /// 令和元年度.
    pub fy_label: String,
    /// The departments responsible that year, joined with 「・」.
    pub departments: String,
    /// Their divisions (部), each once, joined with 「・」; empty where none is given.
    pub divisions: String,
    /// The year's plan (年度計画) as printed.
    pub plan: String,
    /// 実施状況 as printed.
    pub results: String,
    /// 成果 as printed.
    pub outcome: String,
    /// 今後の方針 as printed.
    pub next_steps: String,
    /// 備考 as printed.
    pub remarks: String,
    /// The rating as printed (`Ａ`).
    pub rating: String,
    /// The rating's code (`A`); empty when there is none.
    pub rating_code: String,
    /// The status as printed.
    pub status: String,
    /// The status's code on the plan's status scale (`ア`); empty when there is none.
    pub status_code: String,
    /// The achievement rate as printed (`８０％`).
    pub achievement: String,
    /// The achievement rate as a number, where it is one.
    pub achievement_value: Option<f64>,
    /// The plan's band of the rate (`50%以上100%未満`); a printed mark that is not a number in
    /// 「」 (`「-」`); empty for a blank rate. Blank, 0 and 「-」 stay three different things.
    pub achievement_band: String,
    /// A note on the year's data.
    pub note: String,
    /// The fiscal year before's rating code, status code and achievement rate as printed: the
    /// change from it can be computed from the row alone.
    pub previous: Previous,
    /// The indicators' target and value in that year.
    pub indicators: Vec<IndicatorCell>,
}

/// A row's values of the fiscal year before (empty where it has none).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Previous {
    /// The rating's code.
    pub rating_code: String,
    /// The status's code.
    pub status_code: String,
    /// The achievement rate as printed.
    pub achievement: String,
}

/// One indicator in one year of a row.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorCell {
    /// What is measured.
    pub label: String,
    /// The target as printed.
    pub target: String,
    /// The target as a number, where it is one.
    pub target_number: Option<f64>,
    /// The value as printed, with its printed unit.
    pub value: String,
    /// The value's numbers, one per series (`None` where not a number).
    pub numbers: Vec<Option<f64>>,
}

/// The rows of a plan: for each project, each of its sheets, each fiscal year the plan shows
/// and each later or earlier year of the period that one of its indicators has a target for.
pub fn rows(data: &PlanData) -> Vec<Row> {
    let plan = &data.plan;
    let shown = plan.shown_years();
    let mut rows = Vec::new();
    for project in &data.projects {
        for sheet in project.sheets() {
            let mut years: Vec<FiscalYear> = shown.years().collect();
            for indicator in sheet.indicators() {
                for &fy in indicator.targets.keys() {
                    if plan.period.contains(fy) && !years.contains(&fy) {
                        years.push(fy);
                    }
                }
            }
            years.sort();
            for fy in years {
                rows.push(row(data, &sheet, fy));
            }
        }
    }
    rows
}

/// The codes of `entry`'s rating (on `sheet`'s scale) and status, empty where it has none.
fn codes(plan: &Plan, sheet: &Sheet<'_>, entry: Option<&YearEntry>) -> (String, String) {
    let code = |scale: Option<&Scale>, printed: Option<&str>| {
        printed
            .filter(|p| !p.trim().is_empty())
            .and_then(|p| scale?.find(p))
            .map_or_else(String::new, |c| c.code.clone())
    };
    let scale = sheet
        .scale()
        .and_then(|id| plan.scale(id))
        .or_else(|| plan.rating_scale());
    (
        code(scale, entry.and_then(|e| e.rating.as_deref())),
        code(plan.status_scale(), entry.and_then(|e| e.status.as_deref())),
    )
}

fn row(data: &PlanData, sheet: &Sheet<'_>, fy: FiscalYear) -> Row {
    let plan = &data.plan;
    let project = sheet.project;
    let entry = sheet.years().0.get(&fy).and_then(Option::as_ref);
    let text =
        |f: fn(&YearEntry) -> &Option<String>| entry.and_then(|e| f(e).clone()).unwrap_or_default();
    let rating = text(|e| &e.rating);
    let (rating_code, status_code) = codes(plan, sheet, entry);
    let previous = FiscalYear::new(i64::from(fy.year()) - 1)
        .ok()
        .and_then(|before| sheet.years().get(before))
        .map(|before| {
            let (rating_code, status_code) = codes(plan, sheet, Some(before));
            Previous {
                rating_code,
                status_code,
                achievement: before
                    .achievement
                    .as_ref()
                    .map(|a| a.text.clone())
                    .unwrap_or_default(),
            }
        })
        .unwrap_or_default();
    let status = text(|e| &e.status).trim().to_string();
    let achievement = entry.and_then(|e| e.achievement.as_ref());
    let achievement_band = achievement.map_or_else(String::new, |a| {
        match a.value.and_then(|v| plan.achievement_band(v)) {
            Some(band) => band.label.clone(),
            None => format!("「{}」", a.text.trim()),
        }
    });
    let mut divisions: Vec<&str> = Vec::new();
    for term in sheet.department_terms(&plan.period) {
        if term.from <= fy
            && term.to.is_some_and(|to| fy <= to)
            && let Some(division) = term.division
            && !divisions.contains(&division)
        {
            divisions.push(division);
        }
    }
    let indicators = sheet
        .indicators()
        .iter()
        .map(|indicator| {
            let target = indicator.targets.get(&fy);
            let value = indicator.values.get(&fy);
            IndicatorCell {
                label: indicator.label.clone(),
                target: target.map(|t| t.text.clone()).unwrap_or_default(),
                target_number: target.and_then(|t| t.number),
                value: value
                    .map(|v| match &v.unit {
                        Some(unit) => format!("{} {unit}", v.text),
                        None => v.text.clone(),
                    })
                    .unwrap_or_default(),
                numbers: value.map(|v| v.numbers.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Row {
        plan_id: plan.id.clone(),
        project_id: project.id.clone(),
        part: sheet.label().unwrap_or_default().to_string(),
        number: project.number.clone().unwrap_or_default(),
        name: project.name.clone(),
        fy: fy.year(),
        fy_label: fy.wareki(),
        departments: sheet.departments_in(fy, &plan.period).join("・"),
        divisions: divisions.join("・"),
        plan: text(|e| &e.plan),
        results: text(|e| &e.results),
        outcome: text(|e| &e.outcome),
        next_steps: text(|e| &e.next_steps),
        remarks: text(|e| &e.remarks),
        rating_code,
        rating,
        status_code,
        status,
        achievement: achievement.map(|a| a.text.clone()).unwrap_or_default(),
        achievement_value: achievement.and_then(|a| a.value),
        achievement_band,
        note: text(|e| &e.note),
        previous,
        indicators,
    }
}

/// The CSV column headings, in order, before the indicator columns.
pub const HEADINGS: [&str; 25] = [
    "計画ID",
    "事業ID",
    "取組事例",
    "番号",
    "事業名",
    "年度",
    "和暦",
    "担当課",
    "部",
    "年度計画",
    "実施状況",
    "成果",
    "今後の方針",
    "備考",
    "評価",
    "評価コード",
    "進捗状況",
    "進捗状況コード",
    "達成率",
    "達成率（数値）",
    "達成率の区分",
    "注記",
    "前年度の評価コード",
    "前年度の進捗状況コード",
    "前年度の達成率",
];

/// The rows as CSV text, with a byte-order mark: the columns of [`HEADINGS`], then for each
/// indicator `指標N`, `指標N目標`, `指標N目標（数値）`, `指標N実績`, `指標N実績（数値）`.
///
/// # Errors
/// When the CSV writer fails (it writes to memory, so only on a bug).
pub fn to_csv(rows: &[Row]) -> Result<String, csv::Error> {
    let indicators = rows.iter().map(|r| r.indicators.len()).max().unwrap_or(0);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut headings: Vec<String> = HEADINGS.iter().map(|h| h.to_string()).collect();
    for i in 1..=indicators {
        for suffix in ["", "目標", "目標（数値）", "実績", "実績（数値）"] {
            headings.push(format!("指標{i}{suffix}"));
        }
    }
    writer.write_record(&headings)?;
    let number = |n: Option<f64>| {
        n.map(crate::model::number::format_number)
            .unwrap_or_default()
    };
    for row in rows {
        let mut record: Vec<String> = vec![
            row.plan_id.clone(),
            row.project_id.clone(),
            row.part.clone(),
            row.number.clone(),
            row.name.clone(),
            row.fy.to_string(),
            row.fy_label.clone(),
            row.departments.clone(),
            row.divisions.clone(),
            row.plan.clone(),
            row.results.clone(),
            row.outcome.clone(),
            row.next_steps.clone(),
            row.remarks.clone(),
            row.rating.clone(),
            row.rating_code.clone(),
            row.status.clone(),
            row.status_code.clone(),
            row.achievement.clone(),
            number(row.achievement_value).replace(',', ""),
            row.achievement_band.clone(),
            row.note.clone(),
            row.previous.rating_code.clone(),
            row.previous.status_code.clone(),
            row.previous.achievement.clone(),
        ];
        for i in 0..indicators {
            match row.indicators.get(i) {
                Some(cell) => {
                    let numbers: Vec<String> = cell
                        .numbers
                        .iter()
                        .map(|n| {
                            n.map(|n| number(Some(n)).replace(',', ""))
                                .unwrap_or_default()
                        })
                        .collect();
                    record.extend([
                        cell.label.clone(),
                        cell.target.clone(),
                        number(cell.target_number).replace(',', ""),
                        cell.value.clone(),
                        numbers.join(" / "),
                    ]);
                }
                None => record.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        writer.write_record(record.iter().map(|c| protect_cell(c).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(format!("{BOM}{}", String::from_utf8_lossy(&bytes)))
}

/// The rows as pretty-printed JSON: `{"plan": <id>, "rows": [...]}`.
///
/// # Errors
/// When serialising fails (only on a bug).
pub fn to_json(plan_id: &str, rows: &[Row]) -> Result<String, serde_json::Error> {
    #[derive(Serialize)]
    struct Export<'a> {
        plan: &'a str,
        rows: &'a [Row],
    }
    serde_json::to_string_pretty(&Export {
        plan: plan_id,
        rows,
    })
    .map(|s| s + "\n")
}

/// The whole plan — plan.yaml and every project — as one JSON document, for open data.
///
/// # Errors
/// When serialising fails (only on a bug).
pub fn plan_json(data: &PlanData) -> Result<String, serde_json::Error> {
    #[derive(Serialize)]
    struct Whole<'a> {
        plan: &'a crate::model::Plan,
        projects: &'a [crate::model::Project],
    }
    serde_json::to_string_pretty(&Whole {
        plan: &data.plan,
        projects: &data.projects,
    })
    .map(|s| s + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text_and_come_back_unchanged() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+81", "'+81"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("-", "-"),
            ("-1,990", "-1,990"),
            ("'=x", "''=x"),
            ("順調", "順調"),
        ] {
            assert_eq!(protect_cell(cell), written, "{cell}");
            assert_eq!(unprotect_cell(&protect_cell(cell)), cell, "{cell}");
        }
    }
}
