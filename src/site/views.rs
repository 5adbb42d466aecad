//! What the templates read: one serialisable view per page type, built from the model and the
//! site graph's indexes. Every value a page shows is computed here; templates only display.
//!
//! URLs in views are relative to the output root; templates prefix them with `root`.

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

/// A rating or status as residents see it: the code with its wording and colour.
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

/// One sheet's rating in a table row: the part it belongs to (取組事例①) and the tag.
#[derive(Debug, Clone, Serialize)]
pub struct RowRating {
    /// The part's label, when the project has parts.
    pub part: Option<String>,
    /// The rating, if the sheet has one.
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

/// Shared by every page: its title and the trail of links leading to it.
#[derive(Debug, Clone, Serialize)]
pub struct PageHead {
    /// The page's title (its `h1` and, with the site title, its `<title>`).
    pub title: String,
    /// Links from the home page down to the page's parent.
    pub breadcrumbs: Vec<Link>,
}

/// A rating summary with the chart that draws it.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryBlock {
    /// The numbers.
    pub summary: RatingSummary,
    /// The chart's file, relative to the output root.
    pub chart_url: String,
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
    /// Count and percentage of each code, aligned with the block's `codes`.
    pub cells: Vec<(usize, String)>,
    /// Unrated sheets.
    pub unrated: usize,
    /// Rated sheets.
    pub rated: usize,
    /// All sheets counted.
    pub total: usize,
}

/// The home page: every plan.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// One card per plan.
    pub plans: Vec<PlanCard>,
    /// The index of departments.
    pub departments_url: String,
}

/// A plan as listed on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCard {
    /// The plan's page.
    pub url: String,
    /// 計画名.
    pub title: String,
    /// 自治体名.
    pub municipality: String,
    /// The period, e.g. 令和元年度（2019年度）～令和5年度（2023年度）.
    pub period: String,
    /// What a project is called in the plan (事業).
    pub project_level: String,
    /// How many projects the plan has.
    pub project_count: usize,
    /// Its latest rating summary: the latest year with ratings, else the period.
    pub summary: RatingSummary,
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

/// A scale's legend, shown on the plan page.
#[derive(Debug, Clone, Serialize)]
pub struct LegendView {
    /// The scale's name.
    pub name: String,
    /// Which sheets use it: empty for the plan's rating scale.
    pub used_by: String,
    /// Its codes.
    pub codes: Vec<RatingTag>,
    /// Its "not rated" marks.
    pub not_rated: Vec<String>,
}

/// The plan's summary block.
#[derive(Debug, Clone, Serialize)]
pub struct PlanHeader {
    /// The plan's id.
    pub id: String,
    /// 計画名.
    pub title: String,
    /// The second line of the name.
    pub subtitle: Option<String>,
    /// 自治体名.
    pub municipality: String,
    /// The period label.
    pub period: String,
    /// The years the data covers, when fewer than the period.
    pub coverage: Option<String>,
    /// 基本理念.
    pub vision: Option<String>,
    /// The principles: number and text.
    pub principles: Vec<(Option<String>, String)>,
    /// The source document: its name.
    pub source_document: String,
    /// The source's printed title.
    pub source_title: Option<String>,
    /// Where the source is published.
    pub source_url: Option<String>,
    /// A note on the data.
    pub note: Option<String>,
    /// What a project is called (事業).
    pub project_level: String,
    /// The allowed directions.
    pub directions: Vec<String>,
    /// How re-listed placements are counted, in words (empty when the plan has none).
    pub counting: Option<String>,
}

/// A plan's page.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan itself.
    pub plan: PlanHeader,
    /// The policy tree.
    pub tree: Vec<TreeNode>,
    /// Ratings of the whole period, if the plan has any.
    pub period_summary: Option<SummaryBlock>,
    /// Ratings by fiscal year, if the plan has any.
    pub yearly: Option<YearlyBlock>,
    /// The fiscal-year pages.
    pub year_pages: Vec<Link>,
    /// Projects placed under no policy node.
    pub unplaced: Vec<ProjectRow>,
    /// The column heading of the ratings in project tables.
    pub rating_heading: String,
    /// The departments with projects in this plan.
    pub departments: Vec<Link>,
    /// The legends of the plan's scales.
    pub legends: Vec<LegendView>,
    /// The plan's data for download.
    pub downloads: Vec<Link>,
}

/// A group of projects on a policy page: those placed directly under one node.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectSection {
    /// The node: level name, number and name, e.g. ① 高齢者の居場所づくりと交流促進.
    pub caption: String,
    /// The node's page (`None` for the page's own node).
    pub url: Option<String>,
    /// Its projects, in number order.
    pub projects: Vec<ProjectRow>,
}

/// A labelled text.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledText {
    /// The heading.
    pub label: String,
    /// The text (Markdown).
    pub text: String,
}

/// A policy node's page.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan's title and page.
    pub plan: Link,
    /// The level's name (重点施策).
    pub level_name: Option<String>,
    /// The node's description (Markdown).
    pub description: Option<String>,
    /// Labelled texts printed for the node.
    pub details: Vec<LabelledText>,
    /// Notes printed on the node.
    pub remarks: Vec<String>,
    /// A note on the data.
    pub note: Option<String>,
    /// The child nodes.
    pub children: Vec<TreeNode>,
    /// The projects, grouped by the node they are placed under.
    pub sections: Vec<ProjectSection>,
    /// The column heading of the ratings.
    pub rating_heading: String,
    /// Ratings of the whole period under the node, if any.
    pub period_summary: Option<SummaryBlock>,
    /// Ratings by fiscal year under the node, if any.
    pub yearly: Option<YearlyBlock>,
    /// What a project is called (事業).
    pub project_level: String,
    /// How re-listed placements are counted, in words.
    pub counting: Option<String>,
}

/// A plan's page for one fiscal year: what was rated what that year.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan.
    pub plan: Link,
    /// 令和5年度（2023年度）.
    pub label: String,
    /// The summary of the year's ratings, if any sheet was rated.
    pub summary: Option<SummaryBlock>,
    /// Every project with an entry that year, grouped as on the policy pages.
    pub sections: Vec<ProjectSection>,
    /// The column heading of the ratings.
    pub rating_heading: String,
    /// The other years' pages.
    pub years: Vec<Link>,
    /// What a project is called.
    pub project_level: String,
    /// How re-listed placements are counted, in words.
    pub counting: Option<String>,
}

/// One span of the planned schedule, for a table with one column per year.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleCell {
    /// The printed text.
    pub text: String,
    /// How many year columns it spans.
    pub span: usize,
}

/// An indicator of a sheet: its table and, where it has numbers, its chart.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// What is measured, as printed.
    pub label: String,
    /// `higher` / `lower` is better, in words.
    pub direction: Option<String>,
    /// One row per year shown.
    pub rows: Vec<IndicatorRow>,
    /// Whether any year has a target.
    pub has_targets: bool,
    /// Whether any year has a value.
    pub has_values: bool,
    /// Its charts: one per unit of its numbers, where it has numbers.
    pub charts: Vec<ChartRef>,
}

/// A chart shown on a page.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    /// The chart's index in the page's `charts`.
    pub chart: usize,
    /// The chart's file.
    pub url: String,
}

/// One year of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// 令和5年度（2023年度）.
    pub year: String,
    /// The target as printed.
    pub target: Option<String>,
    /// The printed note on a revised target.
    pub revision: Option<String>,
    /// The value as printed, with its printed unit.
    pub value: Option<String>,
    /// A printed annotation of the value.
    pub value_note: Option<String>,
}

/// One fiscal year of a sheet's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineYear {
    /// The Gregorian start year (2019).
    pub fy: u16,
    /// 令和元年度（2019年度）.
    pub label: String,
    /// The year's texts, each with the plan's heading for it (Markdown).
    pub texts: Vec<LabelledText>,
    /// 記載なし for an empty year, 事業終了 for a year after the project ended.
    pub status_note: Option<String>,
    /// Whether the year is after the project ended.
    pub ended: bool,
    /// The year's rating.
    pub rating: Option<RatingTag>,
    /// The year's status (進捗状況).
    pub status: Option<RatingTag>,
    /// The achievement rate as printed, with `%` when the printed text is a bare number.
    pub achievement: Option<String>,
    /// The printed remark.
    pub remarks: Option<String>,
    /// The departments responsible that year.
    pub departments: Vec<String>,
    /// A note on this year's data.
    pub note: Option<String>,
}

/// A sheet of a project (the project itself, or one part) on its page.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    /// The part's label (取組事例①), `None` for the project itself.
    pub label: Option<String>,
    /// The department cell as printed.
    pub department_label: Option<String>,
    /// The departments with the years each was responsible.
    pub departments: Vec<DepartmentTermView>,
    /// The planned schedule as cells over the year columns.
    pub schedule: Vec<ScheduleCell>,
    /// The indicators.
    pub indicators: Vec<IndicatorView>,
    /// One entry per fiscal year shown.
    pub timeline: Vec<TimelineYear>,
    /// The chart of the sheet's rating across the years (two or more rated years).
    pub years_chart: Option<usize>,
    /// The evaluation of the period (Markdown).
    pub evaluation: Option<String>,
    /// The rating of the period.
    pub rating: Option<RatingTag>,
    /// The direction.
    pub direction: Option<String>,
    /// The scale's name, when the sheet uses a variant scale.
    pub scale_note: Option<String>,
    /// Printed remarks of the part.
    pub remarks: Vec<String>,
    /// A note on the part's data.
    pub note: Option<String>,
}

/// The fiscal-year span of a department's responsibility.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentTermView {
    /// The department's name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// `令和元年度～令和4年度（2019～2022年度）`.
    pub years: String,
}

/// A change in a project's life, as shown on its page.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    /// What happened and when: 令和5年度（2023年度）に追加.
    pub label: String,
    /// The printed note, if any.
    pub text: Option<String>,
}

/// A placement of a project, with its number and the readings printed differently there.
#[derive(Debug, Clone, Serialize)]
pub struct PlacementView {
    /// The node's page and title.
    pub policy: Link,
    /// The project's number there.
    pub number: Option<String>,
    /// Whether it is a re-listing (再掲).
    pub relisted: bool,
    /// Readings printed differently on the re-listed copy.
    pub variants: Vec<LabelledText>,
}

/// A project's page.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan's title and page.
    pub plan: Link,
    /// What a project is called (事業).
    pub project_level: String,
    /// The project's id.
    pub id: String,
    /// Its number in its original placement.
    pub number: Option<String>,
    /// 実施内容 / 概要 (Markdown).
    pub description: Option<String>,
    /// The plan page it is described on.
    pub page: Option<String>,
    /// Where it is placed (first = original).
    pub placements: Vec<PlacementView>,
    /// Whether some re-listed copy prints a text differently.
    pub has_variants: bool,
    /// The year columns of the schedule table.
    pub year_columns: Vec<String>,
    /// The sheets: the project itself, or one per part.
    pub sheets: Vec<SheetView>,
    /// The rating scale's name (評価).
    pub scale_name: String,
    /// The plan's field headings.
    pub labels: crate::model::Labels,
    /// 新規: when, and the printed note.
    pub added: Option<MilestoneView>,
    /// 事業終了: when, and the printed note.
    pub ended: Option<MilestoneView>,
    /// 達成: when, and the printed note.
    pub completed: Option<MilestoneView>,
    /// 備考, as printed.
    pub remarks: Vec<String>,
    /// A note on the data.
    pub note: Option<String>,
}

/// One plan's projects on a department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPlan {
    /// The plan's title and page.
    pub plan: Link,
    /// The column heading of the ratings.
    pub rating_heading: String,
    /// The projects the department was responsible for, with the years.
    pub projects: Vec<DepartmentProject>,
}

/// A project on a department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentProject {
    /// The project as in any project table.
    pub row: ProjectRow,
    /// The years the department was responsible.
    pub years: String,
}

/// A department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The department's name.
    pub name: String,
    /// Its projects, by plan.
    pub plans: Vec<DepartmentPlan>,
}

/// The index of departments.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentIndexView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// Every department, with its number of projects.
    pub departments: Vec<DepartmentEntry>,
}

/// A department in the index.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentEntry {
    /// Its name and page.
    pub link: Link,
    /// How many projects it was responsible for, across all plans.
    pub project_count: usize,
    /// The plans it has projects in.
    pub plans: Vec<String>,
}
