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

/// A rating as residents see it: the code with its wording and colour.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RatingTag {
    /// The scale's code (`A`), whatever width was printed.
    pub code: String,
    /// The code's wording (順調).
    pub label: String,
    /// The code's legend (順調（75％）以上), if the plan gives one.
    pub description: Option<String>,
    /// The tag's colour.
    pub color: String,
    /// The rating as printed in the source (`Ａ`).
    pub printed: String,
}

/// One project in a table of projects.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    /// The project's page.
    pub url: String,
    /// Its display number.
    pub number: Option<String>,
    /// Its name.
    pub name: String,
    /// The departments responsible in its last year, with their pages.
    pub departments: Vec<Link>,
    /// Its overall rating.
    pub rating: Option<RatingTag>,
    /// 事業終了 / 新規 and when, if either applies.
    pub status: Option<String>,
}

/// The fiscal-year span of a department's responsibility, for a project page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentTermView {
    /// The department's name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// `令和元年度～令和4年度（2019～2022年度）`, or one year alone.
    pub years: String,
}

/// `令和元年度～令和4年度（2019～2022年度）`; one year alone as `令和5年度（2023年度）`.
pub fn years_label(from: FiscalYear, to: FiscalYear) -> String {
    if from == to {
        from.label()
    } else {
        format!(
            "{}～{}（{}～{}年度）",
            from.wareki(),
            to.wareki(),
            from.year(),
            to.year()
        )
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
    /// Its rating summary.
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

/// The plan's summary block: its scale legend and the directions.
#[derive(Debug, Clone, Serialize)]
pub struct PlanHeader {
    /// The plan's id.
    pub id: String,
    /// 計画名.
    pub title: String,
    /// 自治体名.
    pub municipality: String,
    /// The period label.
    pub period: String,
    /// 基本理念.
    pub vision: Option<String>,
    /// The principles: number and text.
    pub principles: Vec<(Option<String>, String)>,
    /// The source document: its name, printed title and address.
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
    /// Ratings of all the plan's projects.
    pub summary: RatingSummary,
    /// Projects placed under no policy node.
    pub unplaced: Vec<ProjectRow>,
    /// The departments with projects in this plan.
    pub departments: Vec<Link>,
}

/// A group of projects on a policy page: those placed directly under one node.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectSection {
    /// The node: level name, number and name, e.g. ① 高齢者の居場所づくりと交流促進.
    pub caption: String,
    /// The node's page (empty for the page's own node).
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
    /// The node's number.
    pub number: Option<String>,
    /// The node's name.
    pub name: String,
    /// The node's description (Markdown).
    pub description: Option<String>,
    /// A note on the data.
    pub note: Option<String>,
    /// The child nodes.
    pub children: Vec<TreeNode>,
    /// The projects, grouped by the node they are placed under.
    pub sections: Vec<ProjectSection>,
    /// Ratings of the projects under the node.
    pub summary: RatingSummary,
    /// What a project is called (事業).
    pub project_level: String,
}

/// One fiscal year on a project's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    /// The Gregorian start year (2019).
    pub fy: u16,
    /// 令和元年度（2019年度）.
    pub label: String,
    /// The year's text (Markdown), if any.
    pub results: Option<String>,
    /// 記載なし for an empty year, 事業終了 for a year after the project ended.
    pub status: Option<String>,
    /// A rating for this year alone.
    pub rating: Option<RatingTag>,
    /// The departments responsible this year.
    pub departments: Vec<String>,
    /// A note on this year's data.
    pub note: Option<String>,
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
    /// Its display number.
    pub number: Option<String>,
    /// 実施内容 (Markdown).
    pub description: Option<String>,
    /// The policy nodes it is placed under (first = primary).
    pub placements: Vec<Link>,
    /// 担当部署名 as printed.
    pub department_label: Option<String>,
    /// The departments with the years each was responsible.
    pub departments: Vec<DepartmentTermView>,
    /// One entry per fiscal year of the plan.
    pub timeline: Vec<YearView>,
    /// 取り組みへの評価 (Markdown).
    pub evaluation: Option<String>,
    /// The overall rating.
    pub rating: Option<RatingTag>,
    /// The rating scale's name (評価).
    pub scale_name: String,
    /// The direction (継続 …).
    pub direction: Option<String>,
    /// 新規: when, and the printed note.
    pub added: Option<MilestoneView>,
    /// 事業終了: when, and the printed note.
    pub ended: Option<MilestoneView>,
    /// 備考, as printed.
    pub remarks: Vec<String>,
    /// A note on the data.
    pub note: Option<String>,
}

/// A change in a project's life, as shown on its page.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    /// What happened and when: 令和5年度（2023年度）に追加, 令和元年度（2019年度）で終了.
    pub label: String,
    /// The printed note, if any.
    pub text: Option<String>,
}

/// One plan's projects on a department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPlan {
    /// The plan's title and page.
    pub plan: Link,
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
}
