//! Summaries: how many sheets of a plan or policy node got each code of a scale — their ratings
//! or their statuses ([`Measure`]) — for the whole period or for one fiscal year, and the charts
//! that show them.
//!
//! Each summary is computed once in the site graph; pages show it as a table and the charts
//! (drawn by [`crate::render::chart`]) show the same numbers.

use serde::Serialize;

use crate::fiscal_year::FiscalYear;
use crate::model::{Plan, Scale, Sheet};

/// What a summary counts: the sheets' ratings, or their statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// `rating:` (per year, or for the period), on the sheet's scale: the plan's rating scale
    /// unless the sheet names a variant.
    Rating,
    /// `status:` (per year), on the plan's status scale.
    Status,
    /// `achievement:` (per year), in the plan's bands of the rate ([`Plan::achievement_band`]);
    /// a printed mark that is not a number (「-」) is counted apart, under its own text.
    Achievement,
}

impl Measure {
    /// The plan's scale of the measure: the rating scale, or the status scale.
    pub fn scale(self, plan: &Plan) -> Option<&Scale> {
        match self {
            Measure::Rating => plan.rating_scale(),
            Measure::Status => plan.status_scale(),
            Measure::Achievement => None,
        }
    }

    /// What the measure is called in the plan: its scale's name, or the heading of the
    /// achievement rate (達成率).
    pub fn name(self, plan: &Plan) -> String {
        match (self, self.scale(plan)) {
            (Measure::Achievement, _) => plan.labels.achievement.clone(),
            (_, Some(scale)) => scale.name.clone(),
            (Measure::Rating, None) => "評価".to_string(),
            (Measure::Status, None) => "進捗状況".to_string(),
        }
    }

    /// The scale `sheet`'s values of the measure are codes of.
    pub fn sheet_scale<'p>(self, plan: &'p Plan, sheet: &Sheet<'_>) -> Option<&'p Scale> {
        match self {
            Measure::Rating => sheet
                .scale()
                .and_then(|id| plan.scale(id))
                .or_else(|| plan.rating_scale()),
            Measure::Status => plan.status_scale(),
            Measure::Achievement => None,
        }
    }

    /// The value `sheet` has for `when`, as printed: a status or a rate is only given per year.
    pub fn printed<'a>(self, sheet: &Sheet<'a>, when: When) -> Option<&'a str> {
        match (self, when) {
            (Measure::Rating, When::Period) => sheet.rating(),
            (Measure::Rating, When::Year(fy)) => sheet.year_rating(fy),
            (Measure::Status | Measure::Achievement, When::Period) => None,
            (Measure::Status, When::Year(fy)) => {
                sheet.years().get(fy).and_then(|e| e.status.as_deref())
            }
            (Measure::Achievement, When::Year(fy)) => sheet
                .years()
                .get(fy)
                .and_then(|e| e.achievement.as_ref())
                .map(|a| a.text.as_str()),
        }
    }

    /// Its key in the plan page's filters and their pages: `rating`, `status`, `achievement`.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Rating => "rating",
            Measure::Status => "status",
            Measure::Achievement => "achievement",
        }
    }

    /// The start of the file names of its charts: `ratings`, `statuses`.
    pub fn slug(self) -> &'static str {
        match self {
            Measure::Rating => "ratings",
            Measure::Status => "statuses",
            Measure::Achievement => "achievement",
        }
    }
}

/// Which rating a summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The rating for the whole plan period (`rating:`).
    Period,
    /// The rating of one fiscal year (`years.<fy>.rating`).
    Year(FiscalYear),
}

/// The count of one code.
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
    /// How many sheets have it.
    pub count: usize,
    /// Its share of the rated sheets, rounded as the plan rounds (`88.2%`); `-` when none is rated.
    pub percent: String,
}

/// The distribution of ratings over a set of sheets, for the period or one fiscal year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RatingSummary {
    /// What is counted: 計画期間 or 令和5年度（2023年度）.
    pub when: String,
    /// The fiscal year counted, `None` for the period.
    pub fy: Option<u16>,
    /// The scale's name (評価).
    pub scale_name: String,
    /// One row per code of the plan's rating scale, best first, zero counts included; then codes
    /// of other scales that the rating scale lacks.
    pub rows: Vec<SummaryRow>,
    /// Sheets with no rating, or a "not rated" mark.
    pub unrated: usize,
    /// Sheets with a rating.
    pub rated: usize,
    /// All sheets counted.
    pub total: usize,
}

/// A sheet counted `weight` times (its placements under a node, when re-listings count).
pub type Weighted<'a> = (Sheet<'a>, usize);

impl RatingSummary {
    /// Counts the values of `measure` of `sheets` for `when`, on the measure's scale.
    ///
    /// For the period every sheet counts; for a fiscal year, the sheets with an entry that year.
    /// A value is matched to its sheet's scale, then to the measure's scale by code; a "not
    /// rated" mark and a missing value count as unrated.
    pub fn of<'a>(
        plan: &Plan,
        measure: Measure,
        when: When,
        sheets: impl IntoIterator<Item = Weighted<'a>>,
    ) -> Self {
        if measure == Measure::Achievement {
            return Self::of_achievement(plan, when, sheets);
        }
        let empty = Scale {
            id: String::new(),
            name: measure.name(plan),
            codes: Vec::new(),
            not_rated: Vec::new(),
            ordered: true,
        };
        let main = measure.scale(plan).unwrap_or(&empty);
        let mut rows: Vec<SummaryRow> = main
            .codes
            .iter()
            .map(|c| SummaryRow {
                code: c.code.clone(),
                label: c.label().to_string(),
                description: c.description.clone(),
                color: c.color.clone(),
                count: 0,
                percent: String::new(),
            })
            .collect();
        let (mut unrated, mut total) = (0, 0);
        for (sheet, weight) in sheets {
            if let When::Year(fy) = when
                && sheet.years().get(fy).is_none()
            {
                continue;
            }
            let printed = measure.printed(&sheet, when);
            total += weight;
            let scale = measure.sheet_scale(plan, &sheet).unwrap_or(main);
            let code = printed
                .filter(|p| !scale.is_not_rated(p))
                .and_then(|p| scale.find(p));
            let Some(code) = code else {
                unrated += weight;
                continue;
            };
            match rows.iter_mut().find(|r| r.code == code.code) {
                Some(row) => row.count += weight,
                None => rows.push(SummaryRow {
                    code: code.code.clone(),
                    label: code.label().to_string(),
                    description: code.description.clone(),
                    color: code.color.clone(),
                    count: weight,
                    percent: String::new(),
                }),
            }
        }
        Self::counted(plan, when, main.name.clone(), rows, unrated, total)
    }

    /// Counts the achievement rates of `sheets` in fiscal year `when` (the sheets with an entry
    /// that year) in the plan's bands, best first, zero counts included; then each printed mark
    /// that is not a number (「-」), under its own text. A blank rate counts as unrated: blank, 0
    /// and 「-」 are three different things.
    fn of_achievement<'a>(
        plan: &Plan,
        when: When,
        sheets: impl IntoIterator<Item = Weighted<'a>>,
    ) -> Self {
        let row = |label: &str, color: &str| SummaryRow {
            code: label.to_string(),
            label: label.to_string(),
            description: None,
            color: color.to_string(),
            count: 0,
            percent: String::new(),
        };
        let mut rows: Vec<SummaryRow> = plan
            .achievement_bands
            .iter()
            .map(|b| row(&b.label, &b.color))
            .collect();
        let (mut unrated, mut total) = (0, 0);
        for (sheet, weight) in sheets {
            let When::Year(fy) = when else { continue };
            let Some(entry) = sheet.years().get(fy) else {
                continue;
            };
            total += weight;
            let Some(rate) = &entry.achievement else {
                unrated += weight;
                continue;
            };
            let band = rate
                .value
                .and_then(|v| plan.achievement_band(v))
                .map(|b| b.label.clone());
            let label = band.unwrap_or_else(|| format!("「{}」", rate.text.trim()));
            match rows.iter_mut().find(|r| r.code == label) {
                Some(r) => r.count += weight,
                None => {
                    let mut other = row(&label, OTHER_COLOR);
                    other.count = weight;
                    rows.push(other);
                }
            }
        }
        Self::counted(
            plan,
            when,
            Measure::Achievement.name(plan),
            rows,
            unrated,
            total,
        )
    }

    /// The summary of `rows` counted for `when` on the measure called `scale_name`, out of
    /// `total` sheets of which `unrated` have no value: each row's share of the rated ones,
    /// rounded as the plan rounds.
    fn counted(
        plan: &Plan,
        when: When,
        scale_name: String,
        mut rows: Vec<SummaryRow>,
        unrated: usize,
        total: usize,
    ) -> Self {
        let rated = total - unrated;
        for row in &mut rows {
            row.percent = percent(row.count, rated, plan.percent_decimals);
        }
        RatingSummary {
            when: match when {
                When::Period => "計画期間".to_string(),
                When::Year(fy) => fy.label(),
            },
            fy: match when {
                When::Period => None,
                When::Year(fy) => Some(fy.year()),
            },
            scale_name,
            rows,
            unrated,
            rated,
            total,
        }
    }

    /// The numbers in one sentence, for a chart's description and screen readers:
    /// `全53事業のうち評価あり51事業：A 順調 45事業（88.2%）、…、評価なし 2事業。`
    pub fn sentence(&self, unit: &str) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| {
                let name = if r.label == r.code {
                    r.code.clone()
                } else {
                    format!("{} {}", r.code, r.label)
                };
                format!("{name} {}{unit}（{}）", r.count, r.percent)
            })
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

/// Gives every summary of `summaries` (one per fiscal year, say) the same rows in the same
/// order: each code any of them has, in the order they first have it, with a count of 0 where
/// a summary lacks it. A mark counted in one year only (「-」) is then a column of every year's
/// table and chart.
pub fn align(summaries: &mut [RatingSummary], decimals: u8) {
    let mut all: Vec<SummaryRow> = Vec::new();
    for summary in summaries.iter() {
        for row in &summary.rows {
            if !all.iter().any(|r| r.code == row.code) {
                all.push(row.clone());
            }
        }
    }
    for summary in summaries.iter_mut() {
        let rated = summary.rated;
        summary.rows = all
            .iter()
            .map(|template| {
                summary
                    .rows
                    .iter()
                    .find(|r| r.code == template.code)
                    .cloned()
                    .unwrap_or_else(|| SummaryRow {
                        count: 0,
                        percent: percent(0, rated, decimals),
                        ..template.clone()
                    })
            })
            .collect();
    }
}

/// The colour of a printed rate that is not a number (「-」): a grey of 4.5:1 on white.
const OTHER_COLOR: &str = "#5b5b5b";

/// `count` as a share of `of` in percent, rounded half away from zero to `decimals`:
/// `88.2%`; `-` when `of` is 0.
pub fn percent(count: usize, of: usize, decimals: u8) -> String {
    if of == 0 {
        return "-".to_string();
    }
    let scale = 10u128.pow(u32::from(decimals));
    let scaled = (count as u128 * 100 * scale * 2 + of as u128) / (of as u128 * 2);
    if decimals == 0 {
        format!("{scaled}%")
    } else {
        let width = usize::from(decimals);
        format!("{}.{:0width$}%", scaled / scale, scaled % scale)
    }
}

/// What a chart draws.
#[derive(Debug, Clone, Serialize)]
pub enum ChartData {
    /// One summary: a bar per code.
    Distribution(RatingSummary),
    /// Several fiscal years: a stacked bar per year.
    ByYear(Vec<RatingSummary>),
    /// One sheet's rating in each fiscal year: (year label, code and colour, `None` when none).
    SheetYears {
        /// The name of the sheet's rating scale (評価).
        scale_name: String,
        /// The years.
        years: Vec<(String, Option<(String, String)>)>,
    },
    /// An indicator's numbers across the years.
    Indicator(IndicatorChart),
}

/// The numbers of one indicator to draw: lines of values (one per series) and of targets.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorChart {
    /// The fiscal years on the axis, as labels (`2020`).
    pub years: Vec<String>,
    /// The unit on the value axis (`部`), if any.
    pub unit: Option<String>,
    /// The lines: name and one value per year (`None` where there is no number).
    pub lines: Vec<(String, Vec<Option<f64>>)>,
    /// The targets, one per year, if any target is a number.
    pub targets: Option<Vec<Option<f64>>>,
}

/// A chart to draw: its data, where it goes and what it says in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChartSpec {
    /// The SVG file, relative to the output root (where it would be, for a chart drawn only in
    /// its page).
    pub path: String,
    /// The base of its element ids, unique in the page that shows it (set by
    /// [`crate::site::PageCharts::add`]).
    pub dom_id: String,
    /// The chart's accessible name (its SVG `<title>`).
    pub title: String,
    /// What it shows, with every number (its SVG `<desc>`).
    pub description: String,
    /// The data.
    pub data: ChartData,
    /// The label of the bar for unrated sheets (評価なし).
    pub unrated_label: String,
    /// Whether the chart is also written as files for download (`path` and its CSV), as the
    /// summaries of a plan, policy, year or department are; a project's charts are only drawn
    /// in its page, whose tables hold their numbers, as the plan's downloads do.
    pub files: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(when: &str, rows: &[(&str, usize)], unrated: usize) -> RatingSummary {
        let rated = rows.iter().map(|(_, n)| n).sum();
        RatingSummary {
            when: when.to_string(),
            fy: None,
            scale_name: "達成率".to_string(),
            rows: rows
                .iter()
                .map(|&(code, count)| SummaryRow {
                    code: code.to_string(),
                    label: code.to_string(),
                    description: None,
                    color: OTHER_COLOR.to_string(),
                    count,
                    percent: percent(count, rated, 1),
                })
                .collect(),
            unrated,
            rated,
            total: rated + unrated,
        }
    }

    #[test]
    fn a_mark_of_one_year_is_a_zero_column_of_the_others() {
        let mut years = [
            summary("2022", &[("100%以上", 2), ("「-」", 1)], 0),
            summary("2023", &[("100%以上", 3)], 1),
            summary("2024", &[("100%以上", 1), ("「－」", 1)], 0),
        ];
        align(&mut years, 1);
        for year in &years {
            let codes: Vec<&str> = year.rows.iter().map(|r| r.code.as_str()).collect();
            assert_eq!(codes, ["100%以上", "「-」", "「－」"], "{}", year.when);
        }
        assert_eq!(years[1].rows[1].count, 0);
        assert_eq!(years[1].rows[1].percent, "0.0%");
        assert_eq!(years[2].rows[2].count, 1);
        assert_eq!(years[2].rows[2].percent, "50.0%");
    }

    #[test]
    fn percentages_round_half_away_from_zero_like_the_cities() {
        assert_eq!(percent(45, 51, 1), "88.2%");
        assert_eq!(percent(6, 51, 1), "11.8%");
        assert_eq!(percent(51, 80, 1), "63.8%");
        assert_eq!(percent(5, 80, 1), "6.3%");
        assert_eq!(percent(24, 80, 1), "30.0%");
        assert_eq!(percent(6, 13, 1), "46.2%");
        assert_eq!(percent(1, 3, 0), "33%");
        assert_eq!(percent(2, 3, 2), "66.67%");
        assert_eq!(percent(0, 0, 1), "-");
    }
}
