//! Rating summaries: how many projects of a plan or policy node got each code of the rating
//! scale, and the chart that shows it.
//!
//! Each summary is computed once in the site graph; the page shows it as a table and the chart
//! (drawn by [`crate::render::chart`]) shows the same numbers.

use serde::Serialize;

use crate::model::{Project, Scale};

/// The count of one code of the scale.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryRow {
    /// The code (`A`).
    pub code: String,
    /// Its wording (順調).
    pub label: String,
    /// Its printed legend, if any (順調（75％）以上).
    pub description: Option<String>,
    /// Its colour (`#1b6e3a`).
    pub color: String,
    /// How many projects have it.
    pub count: usize,
    /// Its share of the rated projects, printed with one decimal (`88.2%`); `-` when none is rated.
    pub percent: String,
}

/// The distribution of overall ratings over a set of projects.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RatingSummary {
    /// The scale's name (評価).
    pub scale_name: String,
    /// One row per code of the scale, best first, zero counts included.
    pub rows: Vec<SummaryRow>,
    /// Projects with no rating (e.g. ended before the evaluation).
    pub unrated: usize,
    /// Projects with a rating.
    pub rated: usize,
    /// All projects counted.
    pub total: usize,
    /// The index of the chart that draws this summary in [`crate::site::SiteGraph::charts`].
    pub chart: Option<usize>,
    /// The chart's file, relative to the output root.
    pub chart_url: Option<String>,
}

impl RatingSummary {
    /// Counts the overall ratings of `projects` on `scale`. A rating that is not on the scale
    /// cannot reach here: validation rejects it.
    pub fn of<'a>(scale: &Scale, projects: impl IntoIterator<Item = &'a Project>) -> RatingSummary {
        let mut counts = vec![0usize; scale.codes.len()];
        let mut unrated = 0;
        let mut total = 0;
        for project in projects {
            total += 1;
            let code = project
                .rating
                .as_deref()
                .and_then(|r| scale.find(r))
                .and_then(|c| scale.codes.iter().position(|x| x.code == c.code));
            match code {
                Some(i) => counts[i] += 1,
                None => unrated += 1,
            }
        }
        let rated = total - unrated;
        let rows = scale
            .codes
            .iter()
            .zip(counts)
            .map(|(code, count)| SummaryRow {
                code: code.code.clone(),
                label: code.label.clone(),
                description: code.description.clone(),
                color: code.color.clone(),
                count,
                percent: percent(count, rated),
            })
            .collect();
        RatingSummary {
            scale_name: scale.name.clone(),
            rows,
            unrated,
            rated,
            total,
            chart: None,
            chart_url: None,
        }
    }

    /// The numbers in one sentence, for a chart's description and screen readers:
    /// `全53事業のうち評価あり51事業：A 順調 45事業（88.2%）、B 概ね順調 6事業（11.8%）、…評価なし 2事業。`
    pub fn sentence(&self, unit: &str) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| format!("{} {} {}{unit}（{}）", r.code, r.label, r.count, r.percent))
            .collect();
        let mut text = format!(
            "全{}{unit}のうち{}あり{}{unit}：{}",
            self.total,
            self.scale_name,
            self.rated,
            rows.join("、")
        );
        if self.unrated > 0 {
            text.push_str(&format!("、{}なし {}{unit}", self.scale_name, self.unrated));
        }
        text.push('。');
        text
    }
}

/// `count` as a share of `of`, with one decimal: `88.2%`; `-` when `of` is 0.
fn percent(count: usize, of: usize) -> String {
    if of == 0 {
        return "-".to_string();
    }
    let tenths = (count * 1000 + of / 2) / of;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A chart to draw: one rating summary, where it goes and what it says in words.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    /// The SVG file, relative to the output root.
    pub path: String,
    /// The chart's accessible name (its SVG `<title>`).
    pub title: String,
    /// What it shows, with every number (its SVG `<desc>`).
    pub description: String,
    /// The data.
    pub summary: RatingSummary,
    /// The label of the bar for unrated projects (評価なし).
    pub unrated_label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percent(45, 51), "88.2%");
        assert_eq!(percent(6, 51), "11.8%");
        assert_eq!(percent(0, 51), "0.0%");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 0), "-");
    }
}
