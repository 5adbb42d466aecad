//! Departments (担当課) across all plans: which projects each was responsible for and in which
//! fiscal years, one page per department and an index of them.
//!
//! A department is its organisation and its name: the plan's municipality unless the data names
//! another (`organization:`), so two cities' 学校教育課 on one site are two departments with two
//! pages. The index groups them by organisation, then by division (部), in the order the data
//! first names each — never by character code.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::fiscal_year::FiscalYear;
use crate::model::{DepartmentTerm, Plan};
use crate::site::plan_index::PlanIndex;
use crate::site::views::{
    DepartmentEntry, DepartmentIndexView, DepartmentNameView, DepartmentPlan, DepartmentProject,
    DepartmentView, Link, OrganizationGroup, PageHead, years_label,
};
use crate::site::{Page, PageView, SiteGraph, home_link, urls};

/// One department's responsibility for one project: the spans of fiscal years it held it (more
/// than one when the project came back to it, or when it held several parts).
#[derive(Debug, Clone)]
struct Responsibility {
    plan: usize,
    project: usize,
    spans: Vec<(FiscalYear, Option<FiscalYear>)>,
}

/// A department: its organisation and name, its division as the data last gives it, and what
/// it was responsible for.
#[derive(Debug, Clone)]
pub struct Department {
    /// The organisation (the plan's municipality, or the one the data names).
    pub organization: String,
    /// The name.
    pub name: String,
    /// The division (部), where the data gives one.
    pub division: Option<String>,
    responsibilities: Vec<Responsibility>,
}

impl Department {
    /// Its page.
    pub fn url(&self) -> String {
        urls::department(&self.organization, &self.name)
    }
}

/// The organisation of a department's term in `plan`: the one it names, else the plan's
/// municipality.
pub fn organization<'a>(plan: &'a Plan, term: &DepartmentTerm<'a>) -> &'a str {
    term.organization.unwrap_or(plan.municipality.trim())
}

/// Every department with its responsibilities, in the order the data first names them.
#[derive(Debug, Default)]
pub struct DepartmentIndex {
    departments: Vec<Department>,
}

impl DepartmentIndex {
    /// Indexes the departments of every project of every plan.
    pub fn new(plans: &[PlanIndex<'_>]) -> Self {
        let mut departments: Vec<Department> = Vec::new();
        let mut by_key: HashMap<(String, String), usize> = HashMap::new();
        for (plan, index) in plans.iter().enumerate() {
            let data = index.data;
            let period = &data.plan.period;
            for (project, p) in data.projects.iter().enumerate() {
                let ended = p.ended.as_ref().map(|e| e.fy);
                for sheet in p.sheets() {
                    for term in sheet.department_terms(period) {
                        if ended.is_some_and(|last| term.from > last) {
                            continue; // took over after the project ended
                        }
                        let (from, to) = sheet.term_with_data(&term);
                        let to = match (to, ended) {
                            (Some(to), Some(last)) => Some(to.min(last)),
                            (to, _) => to,
                        };
                        let span = (from, to);
                        let key = (
                            organization(&data.plan, &term).to_string(),
                            term.name.to_string(),
                        );
                        let at = *by_key.entry(key).or_insert_with_key(|(org, name)| {
                            departments.push(Department {
                                organization: org.clone(),
                                name: name.clone(),
                                division: None,
                                responsibilities: Vec::new(),
                            });
                            departments.len() - 1
                        });
                        let department = &mut departments[at];
                        if let Some(division) = term.division {
                            department.division = Some(division.to_string());
                        }
                        let list = &mut department.responsibilities;
                        match list.last_mut() {
                            Some(r) if r.plan == plan && r.project == project => {
                                if !r.spans.contains(&span) {
                                    r.spans.push(span);
                                }
                            }
                            _ => list.push(Responsibility {
                                plan,
                                project,
                                spans: vec![span],
                            }),
                        }
                    }
                }
            }
        }
        DepartmentIndex { departments }
    }

    /// The departments grouped by organisation, then by division, each group in the order the
    /// data first names it.
    fn grouped(&self) -> Vec<(&str, Vec<&Department>)> {
        let mut groups: Vec<(&str, Vec<&Department>)> = Vec::new();
        for d in &self.departments {
            match groups.iter_mut().find(|(org, _)| *org == d.organization) {
                Some((_, list)) => list.push(d),
                None => groups.push((&d.organization, vec![d])),
            }
        }
        for (_, list) in &mut groups {
            let mut divisions: Vec<Option<&str>> = Vec::new();
            for d in list.iter() {
                if !divisions.contains(&d.division.as_deref()) {
                    divisions.push(d.division.as_deref());
                }
            }
            // A stable sort keeps the data's order within each division.
            list.sort_by_key(|d| {
                divisions
                    .iter()
                    .position(|v| *v == d.division.as_deref())
                    .unwrap_or(usize::MAX)
            });
        }
        groups
    }

    /// The departments with at least one project in the `plan`th plan, in the index's order.
    fn of_plan(&self, plan: usize) -> Vec<&Department> {
        self.grouped()
            .into_iter()
            .flat_map(|(_, list)| list)
            .filter(|d| d.responsibilities.iter().any(|r| r.plan == plan))
            .collect()
    }

    /// Links to the departments with at least one project in the `plan`th plan.
    pub fn plan_departments(&self, plan: usize) -> Vec<Link> {
        self.of_plan(plan)
            .into_iter()
            .map(|d| Link {
                title: d.name.clone(),
                url: d.url(),
            })
            .collect()
    }

    /// The departments with projects in the `plan`th plan, each with the indices of those
    /// projects (in any year, as on the department's page).
    pub fn plan_projects(&self, plan: usize) -> Vec<(&Department, Vec<usize>)> {
        self.of_plan(plan)
            .into_iter()
            .map(|d| {
                let projects = d
                    .responsibilities
                    .iter()
                    .filter(|r| r.plan == plan)
                    .map(|r| r.project)
                    .collect();
                (d, projects)
            })
            .collect()
    }

    /// Adds one page per department and the index page.
    pub fn add_pages(&self, graph: &mut SiteGraph, plans: &[PlanIndex<'_>]) {
        let made: Vec<Page> = self
            .departments
            .par_iter()
            .map(|d| department_page(d, plans))
            .collect();
        graph.pages.extend(made);
        self.add_name_pages(graph);
        let organizations = self
            .grouped()
            .into_iter()
            .map(|(name, list)| OrganizationGroup {
                name: name.to_string(),
                departments: list.into_iter().map(|d| entry(d, plans)).collect(),
            })
            .collect();
        graph.pages.push(Page {
            path: urls::departments(),
            view: PageView::Departments(DepartmentIndexView {
                head: PageHead {
                    title: "担当課一覧".to_string(),
                    breadcrumbs: vec![home_link()],
                },
                organizations,
                has_divisions: self.departments.iter().any(|d| d.division.is_some()),
            }),
            charts: Vec::new(),
        });
    }
}

impl DepartmentIndex {
    /// One page per department name at the address the name alone had, leading to the
    /// departments of that name: links published before departments were told apart by
    /// organisation stay valid.
    fn add_name_pages(&self, graph: &mut SiteGraph) {
        let mut names: Vec<(&str, Vec<&Department>)> = Vec::new();
        for d in &self.departments {
            match names.iter_mut().find(|(name, _)| *name == d.name) {
                Some((_, list)) => list.push(d),
                None => names.push((&d.name, vec![d])),
            }
        }
        for (name, list) in names {
            let departments: Vec<Link> = list
                .iter()
                .map(|d| Link {
                    title: format!("{}（{}）", d.name, d.organization),
                    url: d.url(),
                })
                .collect();
            graph.pages.push(Page {
                path: urls::department_name(name),
                view: PageView::DepartmentName(DepartmentNameView {
                    head: PageHead {
                        title: name.to_string(),
                        breadcrumbs: vec![home_link(), departments_link()],
                    },
                    departments,
                }),
                charts: Vec::new(),
            });
        }
    }
}

/// The entry of department `d` in the index of departments.
fn entry(d: &Department, plans: &[PlanIndex<'_>]) -> DepartmentEntry {
    let mut plan_titles: Vec<String> = Vec::new();
    for r in &d.responsibilities {
        let title = &plans[r.plan].data.plan.title;
        if !plan_titles.contains(title) {
            plan_titles.push(title.clone());
        }
    }
    DepartmentEntry {
        link: Link {
            title: d.name.clone(),
            url: d.url(),
        },
        division: d.division.clone(),
        project_count: d.responsibilities.len(),
        plans: plan_titles,
    }
}

/// The page of department `d` in `plans`.
fn department_page(d: &Department, plans: &[PlanIndex<'_>]) -> Page {
    let mut by_plan: BTreeMap<usize, Vec<&Responsibility>> = BTreeMap::new();
    for r in &d.responsibilities {
        by_plan.entry(r.plan).or_default().push(r);
    }
    let department_plans = by_plan
        .into_iter()
        .map(|(plan, list)| {
            let index = &plans[plan];
            DepartmentPlan {
                plan: index.plan_link(),
                rating_heading: index.rating_heading(index.table_when()),
                project_level: index.data.plan.project_level.clone(),
                projects: list
                    .iter()
                    .map(|r| DepartmentProject {
                        row: index.project_row(r.project, 0, index.table_when()),
                        years: r
                            .spans
                            .iter()
                            .map(|&(from, to)| years_label(from, to))
                            .collect::<Vec<_>>()
                            .join("、"),
                    })
                    .collect(),
            }
        })
        .collect();
    Page {
        path: d.url(),
        view: PageView::Department(DepartmentView {
            head: PageHead {
                title: d.name.clone(),
                breadcrumbs: vec![home_link(), departments_link()],
            },
            name: d.name.clone(),
            organization: d.organization.clone(),
            division: d.division.clone(),
            plans: department_plans,
        }),
        charts: Vec::new(),
    }
}

fn departments_link() -> Link {
    Link {
        title: "担当課一覧".to_string(),
        url: urls::departments(),
    }
}
