//! The views of a plan's pages: the home page's cards, the plan page, policy pages and
//! fiscal-year pages.

use serde::Serialize;

use super::{
    LabelledText, Link, PageHead, ProjectRow, RatingTag, SummaryBlock, TreeNode, YearlyBlock,
};
use crate::site::summary::RatingSummary;

/// The home page: every plan.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// One card per plan.
    pub plans: Vec<PlanCard>,
    /// The index of departments.
    pub departments_url: String,
    /// The pages comparing the plans of one kind.
    pub kinds: Vec<Link>,
}

/// The page comparing the plans of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The kind (自殺対策計画).
    pub kind: String,
    /// The plans of that kind, in the site's order.
    pub plans: Vec<KindPlan>,
}

/// One plan on the page comparing the plans of its kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindPlan {
    /// The plan's title and page.
    pub plan: Link,
    /// 自治体名.
    pub municipality: String,
    /// The period label.
    pub period: String,
    /// What a project is called in the plan.
    pub project_level: String,
    /// How many projects the plan has.
    pub project_count: usize,
    /// Each measure's distribution in its latest year with values (or the period's ratings),
    /// on the plan's own scale.
    pub summaries: Vec<SummaryBlock>,
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
    /// The word projects are counted with (事業, 件).
    pub project_counter: String,
    /// What the policy tree is called (施策体系).
    pub tree_heading: String,
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
    /// Each measure (ratings, statuses) by fiscal year, for those the plan has.
    pub yearly: Vec<YearlyBlock>,
    /// What changed in each measure in the latest year that has a year before to compare with.
    pub latest_changes: Vec<ChangeSummary>,
    /// The fiscal-year pages.
    pub year_pages: Vec<Link>,
    /// The column heading of the ratings in project tables.
    pub rating_heading: String,
    /// The departments with projects in this plan.
    pub departments: Vec<Link>,
    /// The legends of the plan's scales.
    pub legends: Vec<LegendView>,
    /// The heading of the legends: the scales' names (評価・進捗状況の区分).
    pub legend_heading: String,
    /// The plan's data for download.
    pub downloads: Vec<Link>,
    /// The filters of the project list.
    pub find: FindView,
    /// Every project once, in the order of the policy tree, with what the filters match.
    pub project_list: Vec<ListedProject>,
    /// The page of new and ended projects.
    pub changes: Link,
}

/// The filters above a plan's project list. Without JavaScript each is a link to a page listing
/// the matching projects; the theme's script turns them into buttons that filter the list in
/// place.
#[derive(Debug, Clone, Serialize)]
pub struct FindView {
    /// The heading of the list's column of values (令和5年度の取組状況・達成率).
    pub column_heading: String,
    /// One group of filters per measure the list shows, the main one first.
    pub measures: Vec<MeasureFilters>,
    /// One filter per department.
    pub departments: Vec<FilterLink>,
    /// One filter per division (部) of those departments; none when no department has one.
    pub divisions: Vec<FilterLink>,
    /// One filter per fiscal year shown: the year's page.
    pub years: Vec<FilterLink>,
    /// How many projects the list has.
    pub total: usize,
    /// What the filters count, when the plan's summaries count otherwise (parts, re-listings).
    pub count_note: Option<String>,
}

/// The filters of one measure: one per code (or band) in use, in the scale's order, then one
/// for projects without a value.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureFilters {
    /// The measure's key (`rating`, `status`, `achievement`): the filters' `filter`.
    pub key: &'static str,
    /// What the values are (令和5年度の取組状況).
    pub heading: String,
    /// The filters.
    pub filters: Vec<FilterLink>,
}

/// One filter: what it matches and the page that lists the matches.
#[derive(Debug, Clone, Serialize)]
pub struct FilterLink {
    /// The key it filters on: a measure's key (`rating`, `status`, `achievement`),
    /// `department`, `division` or `year`.
    pub filter: &'static str,
    /// The value rows are matched against (`A`, `none`, a department's slug, `2023`).
    pub value: String,
    /// What it says (高齢者福祉課, 令和5年度（2023年度）).
    pub title: String,
    /// The rating's tag, for a rating filter.
    pub tag: Option<RatingTag>,
    /// How many projects of the list it matches.
    pub count: usize,
    /// The page listing them.
    pub url: String,
}

/// A project in a plan's project list, with the values its filters match: codes of each
/// measure (`none` for no value), department slugs and fiscal years with an entry.
#[derive(Debug, Clone, Serialize)]
pub struct ListedProject {
    /// The project as in any project table.
    pub row: ProjectRow,
    /// The policy node it is placed under (its original placement).
    pub policy: Option<Link>,
    /// Per measure the list shows, the main one first: the filter values of its sheets.
    pub measures: Vec<ListedValues>,
    /// The slugs of every department responsible for it in any year.
    pub departments: Vec<String>,
    /// The slugs of those departments' divisions (部).
    pub divisions: Vec<String>,
    /// The fiscal years (Gregorian start years) with an entry.
    pub years: Vec<u16>,
}

/// The filter values of a listed project's sheets for one measure.
#[derive(Debug, Clone, Serialize)]
pub struct ListedValues {
    /// The measure's key (`rating`, `status`, `achievement`).
    pub key: &'static str,
    /// The values: codes (or bands of a rate) in the list's year, each once; `none` when a
    /// sheet has none.
    pub values: Vec<String>,
}

/// A page listing the projects of a plan that one filter matches, for readers without
/// JavaScript and for links.
#[derive(Debug, Clone, Serialize)]
pub struct FilterView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan.
    pub plan: Link,
    /// The matching projects, as in the plan's list.
    pub project_list: Vec<ListedProject>,
    /// The heading of the ratings column.
    pub rating_heading: String,
    /// What a project is called.
    pub project_level: String,
    /// The plan page's filters, to choose another.
    pub find_url: String,
}

/// A plan's page of what is new and what ended, by fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The plan.
    pub plan: Link,
    /// What a project is called.
    pub project_level: String,
    /// Projects added during the plan, by the year they were added.
    pub added: Vec<ChangeGroup>,
    /// Projects that ended, by their last year.
    pub ended: Vec<ChangeGroup>,
    /// Projects that reached their goal, by the year.
    pub completed: Vec<ChangeGroup>,
}

/// The projects of one kind of change in one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeGroup {
    /// 令和5年度（2023年度）.
    pub label: String,
    /// The projects, with the printed note on the change.
    pub entries: Vec<ChangeEntry>,
}

/// A project in a [`ChangeGroup`].
#[derive(Debug, Clone, Serialize)]
pub struct ChangeEntry {
    /// The project's number, name, page and departments.
    pub row: ProjectRow,
    /// The printed note on the change, if any.
    pub note: Option<String>,
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
    /// Each measure (ratings, statuses) by fiscal year under the node, for those it has.
    pub yearly: Vec<YearlyBlock>,
    /// What a project is called (事業).
    pub project_level: String,
    /// The word projects are counted with (事業, 件).
    pub project_counter: String,
    /// How re-listed placements are counted, in words.
    pub counting: Option<String>,
}

/// What changed in one measure from the fiscal year before, on a year page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesBlock {
    /// The measure's key (`rating`), for the block's id (`changes-rating`).
    pub key: &'static str,
    /// 評価の変化（令和3年度→令和4年度）.
    pub heading: String,
    /// The year before (令和3年度).
    pub previous: String,
    /// This year (令和4年度).
    pub current: String,
    /// 上がった 6件・下がった 3件・新規 2件・終了 1件.
    pub sentence: String,
    /// The sheets that moved, grouped by the policy node of their project's original placement,
    /// in the order of the policy tree.
    pub groups: Vec<ChangeList>,
}

/// The sheets under one policy node whose value moved.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeList {
    /// The node's path of names (`重点施策 （1） 高齢者に対する支援`).
    pub caption: String,
    /// The node's page, `None` for projects outside the tree.
    pub url: Option<String>,
    /// The sheets.
    pub rows: Vec<ChangeRow>,
}

/// A sheet whose value moved from one year to the next.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// The project's page.
    pub url: String,
    /// Its number.
    pub number: Option<String>,
    /// Its name.
    pub name: String,
    /// The part's label (取組事例①), when the project has parts.
    pub part: Option<String>,
    /// The value the year before (`B`, `80%`), or `なし`.
    pub before: String,
    /// The value this year, or `なし`.
    pub after: String,
    /// How it moved (上がった).
    pub shift: &'static str,
    /// Its key (`up`), for styling.
    pub shift_key: &'static str,
}

/// The latest year's changes in one measure, on the plan page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeSummary {
    /// 令和4年度の評価の変化（令和3年度から）.
    pub heading: String,
    /// 上がった 6件・下がった 3件・新規 2件・終了 1件.
    pub sentence: String,
    /// The list on the year's page.
    pub url: String,
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
    /// The summary of each measure (ratings, statuses) the year has values of.
    pub summaries: Vec<SummaryBlock>,
    /// The name of the plan's main measure (評価, 取組状況), for a year without values.
    pub measure_name: String,
    /// What changed from the year before, per measure that both years have values of.
    pub changes: Vec<ChangesBlock>,
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
