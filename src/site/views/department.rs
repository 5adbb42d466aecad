//! The views of the department pages.

use serde::Serialize;

use super::{Link, PageHead, ProjectRow, SummaryBlock, YearlyBlock};

/// One plan's projects on a department's page.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPlan {
    /// The plan's title and page.
    pub plan: Link,
    /// The column heading of the ratings.
    pub rating_heading: String,
    /// What a project is called in the plan (事業, 取組).
    pub project_level: String,
    /// The ratings for the whole period of the sheets the department was responsible for, if
    /// the plan rates the period.
    pub period_summary: Option<SummaryBlock>,
    /// Each of the plan's measures (ratings, statuses, rates) by fiscal year, counting the
    /// sheets the department was responsible for that year.
    pub yearly: Vec<YearlyBlock>,
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
    /// The organisation it belongs to (本庄市, 本庄市社会福祉協議会).
    pub organization: String,
    /// The division (部) it belongs to, as the data last gives it.
    pub division: Option<String>,
    /// Its projects, by plan.
    pub plans: Vec<DepartmentPlan>,
}

/// The index of departments, by organisation.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentIndexView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// Each organisation with its departments, in the order the data first names them.
    pub organizations: Vec<OrganizationGroup>,
    /// Whether any department has a division (部): the tables get its column.
    pub has_divisions: bool,
}

/// An organisation in the index of departments.
#[derive(Debug, Clone, Serialize)]
pub struct OrganizationGroup {
    /// Its name (本庄市).
    pub name: String,
    /// Its departments, by division in the order the data first names them, then in the order
    /// the data first names each.
    pub departments: Vec<DepartmentEntry>,
}

/// A department in the index.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentEntry {
    /// Its name and page.
    pub link: Link,
    /// The division (部) it belongs to, where given.
    pub division: Option<String>,
    /// How many projects it was responsible for, across all plans.
    pub project_count: usize,
    /// The plans it has projects in.
    pub plans: Vec<String>,
}

/// The page at the address a department's name alone had (`departments/<hash of the name>`),
/// kept so that links published before stay valid: it leads to each department of that name.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentNameView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The departments of that name, each with its organisation in the title
    /// (`学校教育課（本庄市）`).
    pub departments: Vec<Link>,
}
