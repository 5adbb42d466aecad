//! Each chart's numbers as a table, written beside its SVG as CSV (UTF-8 with a byte-order mark,
//! so Excel opens the Japanese intact): the same numbers the chart draws and its page's table
//! shows.

use crate::export::{BOM, protect_cell};
use crate::model::number::format_number;
use crate::site::summary::{ChartData, ChartSpec, RatingSummary};

/// The chart's numbers: a heading row, then one row per bar, year or point.
pub fn table(chart: &ChartSpec) -> Vec<Vec<String>> {
    match &chart.data {
        ChartData::Distribution(summary) => distribution(summary, &chart.unrated_label),
        ChartData::ByYear(summaries) => by_year(summaries, &chart.unrated_label),
        ChartData::SheetYears { scale_name, years } => {
            let mut rows = vec![vec!["年度".to_string(), scale_name.clone()]];
            rows.extend(years.iter().map(|(year, tag)| {
                vec![
                    year.clone(),
                    tag.as_ref()
                        .map(|(code, _)| code.clone())
                        .unwrap_or_default(),
                ]
            }));
            rows
        }
        ChartData::Indicator(data) => {
            let mut heading = vec!["年度".to_string()];
            heading.extend(data.lines.iter().map(|(name, _)| match &data.unit {
                Some(unit) => format!("{name}（{unit}）"),
                None => name.clone(),
            }));
            if data.targets.is_some() {
                heading.push("目標".to_string());
            }
            // Plain digits (no thousands separators), so spreadsheets read them as numbers.
            let number = |n: &Option<f64>| {
                n.map(|n| format_number(n).replace(',', ""))
                    .unwrap_or_default()
            };
            let mut rows = vec![heading];
            for (i, year) in data.years.iter().enumerate() {
                let mut row = vec![year.clone()];
                row.extend(
                    data.lines
                        .iter()
                        .map(|(_, values)| values.get(i).map(number).unwrap_or_default()),
                );
                if let Some(targets) = &data.targets {
                    row.push(targets.get(i).map(number).unwrap_or_default());
                }
                rows.push(row);
            }
            rows
        }
    }
}

/// [`table`] as CSV with a byte-order mark.
///
/// # Errors
/// When the CSV writer fails (only on a bug: it writes to memory).
pub fn csv(chart: &ChartSpec) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in table(chart) {
        writer.write_record(row.iter().map(|c| protect_cell(c).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(format!("{BOM}{}", String::from_utf8_lossy(&bytes)))
}

fn distribution(summary: &RatingSummary, unrated_label: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        summary.scale_name.clone(),
        "件数".to_string(),
        "割合".to_string(),
    ]];
    for row in &summary.rows {
        rows.push(vec![
            code_label(&row.code, &row.label),
            row.count.to_string(),
            row.percent.clone(),
        ]);
    }
    if summary.unrated > 0 {
        rows.push(vec![
            unrated_label.to_string(),
            summary.unrated.to_string(),
            String::new(),
        ]);
    }
    rows.push(vec![
        "合計".to_string(),
        summary.total.to_string(),
        String::new(),
    ]);
    rows
}

fn by_year(summaries: &[RatingSummary], unrated_label: &str) -> Vec<Vec<String>> {
    let Some(first) = summaries.first() else {
        return Vec::new();
    };
    let mut heading = vec!["年度".to_string()];
    heading.extend(first.rows.iter().map(|r| code_label(&r.code, &r.label)));
    heading.extend([unrated_label.to_string(), "合計".to_string()]);
    let mut rows = vec![heading];
    for summary in summaries {
        let mut row = vec![summary.when.clone()];
        row.extend(summary.rows.iter().map(|r| r.count.to_string()));
        row.extend([summary.unrated.to_string(), summary.total.to_string()]);
        rows.push(row);
    }
    rows
}

/// `A 順調`, or the code alone when it is its own wording.
fn code_label(code: &str, label: &str) -> String {
    if code == label {
        code.to_string()
    } else {
        format!("{code} {label}")
    }
}
