//! The view of a project's page: its sheets, timeline, schedule, indicators and placements.

use serde::Serialize;

use super::{ChartRef, LabelledText, Link, PageHead, RatingTag};

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
    /// 記載なし for an empty year, 事業終了 (the plan's word for a project, then 終了) for a year
    /// after the project ended.
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
    /// Its rating or status where it differs from the year before
    /// (`評価：前年度から上がった（B→A）`).
    pub changes: Vec<String>,
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
    /// Whether any department has a division (部): the table of departments gets its column.
    pub has_divisions: bool,
    /// The planned schedule as cells over the year columns.
    pub schedule: Vec<ScheduleCell>,
    /// The indicators.
    pub indicators: Vec<IndicatorView>,
    /// One entry per fiscal year shown.
    pub timeline: Vec<TimelineYear>,
    /// The chart of the sheet's rating across the years (two or more rated years).
    pub years_chart: Option<ChartRef>,
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
    /// The division (部) it belongs to, where given.
    pub division: Option<String>,
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
    /// The heading of the placements: what their nodes' level is called (重点施策), or
    /// 施策体系 when they are of several levels.
    pub placement_heading: String,
    pub has_variants: bool,
    /// The year columns of the schedule table.
    pub year_columns: Vec<String>,
    /// The sheets: the project itself, or one per part.
    pub sheets: Vec<SheetView>,
    /// The rating scale's name (評価).
    pub scale_name: String,
    /// The status scale's name (進捗状況, 取組状況).
    pub status_name: String,
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
    /// The projects before and after it under its policy node.
    pub neighbours: Option<Neighbours>,
}

/// The projects next to one under its policy node, in number order.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbours {
    /// The node.
    pub policy: Link,
    /// What the node's level is called (施策の方向).
    pub level: String,
    /// The project before, if any.
    pub previous: Option<Link>,
    /// The project after, if any.
    pub next: Option<Link>,
}
