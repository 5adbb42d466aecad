//! The views of the department pages.

use serde::Serialize;

use super::{Link, PageHead, ProjectRow};

/// One plan's projects on a department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPlan {
    /// The plan's title and page.
    pub plan: Link,
    /// The column heading of the ratings.
    pub rating_heading: String,
    /// What a project is called in the plan (事業, 取組).
    pub project_level: String,
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
