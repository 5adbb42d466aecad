//! Pieces many views share: links, rating tags, rows of project tables, page heads, summary
//! blocks, the policy tree.

use serde::Serialize;

use crate::fiscal_year::FiscalYear;
use crate::site::summary::RatingSummary;

/// A link: the text and where it goes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// What the link says.
    pub title: String,
    /// Where it goes, relative to the output root.
    pub url: String,
}

/// A rating or status as residents see it: the code with its wording and colour. For an
/// achievement rate, the code is its band (100%以上) and the label the rate (80%).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RatingTag {
    /// The scale's code (`A`), whatever width was printed; a "not rated" mark as printed.
    pub code: String,
    /// The code's wording (順調), shown after the code unless it is the code itself.
    pub label: String,
    /// The code's legend (順調（75％）以上), if the plan gives one.
    pub description: Option<String>,
    /// The tag's colour.
    pub color: String,
    /// The rating as printed in the source (`Ａ`).
    pub printed: String,
}

/// One sheet's values in a table row: the part it belongs to (取組事例①), its value of the
/// plan's main measure, and its values of the plan's other measures that year.
#[derive(Debug, Clone, Serialize)]
pub struct RowRating {
    /// The part's label, when the project has parts.
    pub part: Option<String>,
    /// The main measure's key (`rating`, `status`, `achievement`).
    pub measure: &'static str,
    /// The value of the main measure (a rating, a status or a rate), if the sheet has one.
    pub tag: Option<RatingTag>,
    /// The values of the plan's other measures in the same fiscal year, when the sheet has an
    /// entry that year: a status, or an achievement rate beside a rating.
    pub also: Vec<MeasureValue>,
}

/// A sheet's value of one of the plan's other measures, shown beside the main one.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureValue {
    /// The measure's key in the filters (`status`, `achievement`).
    pub key: &'static str,
    /// What the measure is called (取組状況, 達成率), with the year when it is not the row's.
    pub name: String,
    /// The value; `None` when the sheet has none that year (blank, not 0).
    pub tag: Option<RatingTag>,
}

/// One project in a table of projects.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    /// The project's page.
    pub url: String,
    /// Its number in this placement.
    pub number: Option<String>,
    /// Its name.
    pub name: String,
    /// Whether this placement is a re-listing (再掲).
    pub relisted: bool,
    /// The departments responsible in its last year, with their pages.
    pub departments: Vec<Link>,
    /// Its ratings (one per sheet) for the table's year or the period.
    pub ratings: Vec<RowRating>,
    /// 事業終了, 達成 or 新規 and when, if any applies.
    pub status: Option<String>,
}

/// `令和元年度～令和4年度（2019～2022年度）`; one year alone as `令和5年度（2023年度）`; an open
/// end as `令和6年度（2024年度）～`.
pub fn years_label(from: FiscalYear, to: Option<FiscalYear>) -> String {
    match to {
        None => format!("{}～", from.label()),
        Some(to) if to == from => from.label(),
        Some(to) => format!(
            "{}～{}（{}～{}年度）",
            from.wareki(),
            to.wareki(),
            from.year(),
            to.year()
        ),
    }
}

/// Shared by every page: its title, the trail of links leading to it, and on a plan's pages
/// what every page of the plan shows.
#[derive(Debug, Clone, Serialize)]
pub struct PageHead {
    /// The page's title (its `h1` and, with the site title, its `<title>`).
    pub title: String,
    /// Links from the home page down to the page's parent.
    pub breadcrumbs: Vec<Link>,
    /// The plan's notice (where to get help now), on every page of a plan that has one.
    pub notice: Option<NoticeView>,
    /// The plan's feed of new results, on every page of a plan.
    pub feed: Option<Link>,
}

impl PageHead {
    /// The head of a page that belongs to no plan.
    pub fn new(title: impl Into<String>, breadcrumbs: Vec<Link>) -> Self {
        PageHead {
            title: title.into(),
            breadcrumbs,
            notice: None,
            feed: None,
        }
    }
}

/// A plan's notice as its pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// Its heading (相談窓口 by default).
    pub heading: String,
    /// Its short text.
    pub text: Option<String>,
    /// The contacts.
    pub contacts: Vec<ContactView>,
    /// Where the contacts come from.
    pub source: Option<String>,
}

/// A contact of a notice.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Its name.
    pub name: String,
    /// Its number as published.
    pub tel: Option<String>,
    /// The number as a link a phone dials (`tel:0570064556`).
    pub tel_uri: Option<String>,
    /// Its page.
    pub url: Option<String>,
    /// When it answers.
    pub hours: Option<String>,
}

/// A rating summary with the chart that draws it.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryBlock {
    /// The numbers.
    pub summary: RatingSummary,
    /// The chart's file, relative to the output root.
    pub chart_url: String,
    /// The chart's numbers as CSV.
    pub data_url: String,
    /// The chart's index in the page's `charts`.
    pub chart: usize,
}

/// Summaries of several fiscal years: a table with a row per year, and a stacked-bar chart.
#[derive(Debug, Clone, Serialize)]
pub struct YearlyBlock {
    /// One row per year, oldest first.
    pub years: Vec<YearlyRow>,
    /// The codes (columns).
    pub codes: Vec<CodeHead>,
    /// The scale's name.
    pub scale_name: String,
    /// The chart's file.
    pub chart_url: String,
    /// The chart's numbers as CSV.
    pub data_url: String,
    /// The chart's index in the page's `charts`.
    pub chart: usize,
}

/// A column of a [`YearlyBlock`]: one code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeHead {
    /// The code.
    pub code: String,
    /// Its wording.
    pub label: String,
    /// Its colour.
    pub color: String,
}

/// One fiscal year in a [`YearlyBlock`].
#[derive(Debug, Clone, Serialize)]
pub struct YearlyRow {
    /// The year's page.
    pub url: String,
    /// 令和5年度（2023年度）.
    pub label: String,
    /// 令和5年度, for narrow tables that show the Gregorian year on a line of its own.
    pub wareki: String,
    /// The Gregorian start year (2023).
    pub fy: u16,
    /// Count and percentage of each code, aligned with the block's `codes`.
    pub cells: Vec<(usize, String)>,
    /// Unrated sheets.
    pub unrated: usize,
    /// Rated sheets.
    pub rated: usize,
    /// All sheets counted.
    pub total: usize,
}

/// A node of the policy tree as listed on the plan page and on its parent's page.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode {
    /// The node's page.
    pub url: String,
    /// The level's name (重点施策), if the source names it.
    pub level_name: Option<String>,
    /// The display number ((1), ①).
    pub number: Option<String>,
    /// The node's name.
    pub name: String,
    /// How many projects are placed under the node and its children.
    pub project_count: usize,
    /// The child nodes.
    pub children: Vec<TreeNode>,
}

/// A labelled text.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledText {
    /// The heading.
    pub label: String,
    /// The text (Markdown).
    pub text: String,
}

/// A chart shown on a page.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    /// The chart's index in the page's `charts`.
    pub chart: usize,
}
