//! Departments (担当課) across all plans: which projects each was responsible for and in which
//! fiscal years, one page per department and an index of them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::fiscal_year::FiscalYear;
use crate::site::plan_index::PlanIndex;
use crate::site::views::{
    DepartmentEntry, DepartmentIndexView, DepartmentPlan, DepartmentProject, DepartmentView, Link,
    PageHead, years_label,
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

/// Every department name with its responsibilities, ordered by name.
#[derive(Debug, Default)]
pub struct DepartmentIndex {
    by_name: BTreeMap<String, Vec<Responsibility>>,
}

impl DepartmentIndex {
    /// Indexes the departments of every project of every plan.
    pub fn new(plans: &[PlanIndex<'_>]) -> Self {
        let mut by_name: BTreeMap<String, Vec<Responsibility>> = BTreeMap::new();
        for (plan, index) in plans.iter().enumerate() {
            let period = &index.data.plan.period;
            for (project, p) in index.data.projects.iter().enumerate() {
                let ended = p.ended.as_ref().map(|e| e.fy);
                for sheet in p.sheets() {
                    for term in sheet.department_terms(period) {
                        if ended.is_some_and(|last| term.from > last) {
                            continue; // took over after the project ended
                        }
                        let to = match (term.to, ended) {
                            (Some(to), Some(last)) => Some(to.min(last)),
                            (to, _) => to,
                        };
                        let span = (term.from, to);
                        let list = by_name.entry(term.name.to_string()).or_default();
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
        DepartmentIndex { by_name }
    }

    /// Links to the departments with at least one project in the `plan`th plan, by name.
    pub fn plan_departments(&self, plan: usize) -> Vec<Link> {
        self.by_name
            .iter()
            .filter(|(_, list)| list.iter().any(|r| r.plan == plan))
            .map(|(name, _)| Link {
                title: name.clone(),
                url: urls::department(name),
            })
            .collect()
    }

    /// The departments with projects in the `plan`th plan, by name, each with the indices of
    /// those projects (in any year, as on the department's page).
    pub fn plan_projects(&self, plan: usize) -> Vec<(&str, Vec<usize>)> {
        self.by_name
            .iter()
            .filter_map(|(name, list)| {
                let projects: Vec<usize> = list
                    .iter()
                    .filter(|r| r.plan == plan)
                    .map(|r| r.project)
                    .collect();
                (!projects.is_empty()).then_some((name.as_str(), projects))
            })
            .collect()
    }

    /// Adds one page per department and the index page.
    pub fn add_pages(&self, graph: &mut SiteGraph, plans: &[PlanIndex<'_>]) {
        let departments: Vec<(&String, &Vec<Responsibility>)> = self.by_name.iter().collect();
        let made: Vec<(DepartmentEntry, Page)> = departments
            .par_iter()
            .map(|(name, responsibilities)| department_page(name, responsibilities, plans))
            .collect();
        let mut entries = Vec::with_capacity(made.len());
        for (entry, page) in made {
            entries.push(entry);
            graph.pages.push(page);
        }
        graph.pages.push(Page {
            path: urls::departments(),
            view: PageView::Departments(DepartmentIndexView {
                head: PageHead {
                    title: "担当課一覧".to_string(),
                    breadcrumbs: vec![home_link()],
                },
                departments: entries,
            }),
            charts: Vec::new(),
        });
    }
}

/// The page of the department `name`, responsible for `responsibilities` in `plans`, and its
/// entry in the index of departments.
fn department_page(
    name: &str,
    responsibilities: &[Responsibility],
    plans: &[PlanIndex<'_>],
) -> (DepartmentEntry, Page) {
    let mut by_plan: BTreeMap<usize, Vec<&Responsibility>> = BTreeMap::new();
    for r in responsibilities {
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
    let url = urls::department(name);
    let mut plan_titles: Vec<String> = Vec::new();
    for r in responsibilities {
        let title = &plans[r.plan].data.plan.title;
        if !plan_titles.contains(title) {
            plan_titles.push(title.clone());
        }
    }
    let entry = DepartmentEntry {
        link: Link {
            title: name.to_string(),
            url: url.clone(),
        },
        project_count: responsibilities.len(),
        plans: plan_titles,
    };
    let page = Page {
        path: url,
        view: PageView::Department(DepartmentView {
            head: PageHead {
                title: name.to_string(),
                breadcrumbs: vec![home_link(), departments_link()],
            },
            name: name.to_string(),
            plans: department_plans,
        }),
        charts: Vec::new(),
    };
    (entry, page)
}

fn departments_link() -> Link {
    Link {
        title: "担当課一覧".to_string(),
        url: urls::departments(),
    }
}
