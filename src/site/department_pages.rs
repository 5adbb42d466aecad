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
use crate::model::{DepartmentTerm, Plan, Sheet};
use crate::site::plan_index::PlanIndex;
use crate::site::plan_pages::{YearlySheets, distribution_block, yearly_block};
use crate::site::summary::{Measure, RatingSummary, Weighted, When};
use crate::site::urls::ChartOwner;
use crate::site::views::{
    DepartmentEntry, DepartmentIndexView, DepartmentNameView, DepartmentPlan, DepartmentProject,
    DepartmentView, Link, OrganizationGroup, PageHead, SummaryBlock, YearlyBlock, years_label,
};
use crate::site::{Page, PageCharts, PageView, SiteGraph, home_link, urls};

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
    /// Its name's reading, where the data gives one.
    pub reading: Option<String>,
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
                                reading: None,
                                responsibilities: Vec::new(),
                            });
                            departments.len() - 1
                        });
                        let department = &mut departments[at];
                        if let Some(division) = term.division {
                            department.division = Some(division.to_string());
                        }
                        if let (None, Some(reading)) = (&department.reading, term.reading) {
                            department.reading = Some(reading.to_string());
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
    /// data first names it; within a division, the departments with a reading first, in the
    /// order of their readings, then the others in the order the data first names them.
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
            // A stable sort keeps the data's order where there is no reading.
            list.sort_by_key(|d| {
                let division = divisions
                    .iter()
                    .position(|v| *v == d.division.as_deref())
                    .unwrap_or(usize::MAX);
                (division, d.reading.is_none(), d.reading.clone())
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
        let made: Vec<SiteGraph> = self
            .departments
            .par_iter()
            .map(|d| department_page(d, plans))
            .collect();
        for part in made {
            graph.append(part);
        }
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
                head: PageHead::new("担当課一覧".to_string(), vec![home_link()]),
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
                    head: PageHead::new(name.to_string(), vec![home_link(), departments_link()]),
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

/// The page of department `d` in `plans`, with its summaries' charts.
fn department_page(d: &Department, plans: &[PlanIndex<'_>]) -> SiteGraph {
    let mut graph = SiteGraph::default();
    let mut charts = PageCharts::default();
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
                rating_heading: index.column_heading(index.table_when()),
                project_level: index.data.plan.project_level.clone(),
                period_summary: period_block(&mut graph, &mut charts, d, index, &list),
                yearly: yearly_blocks(&mut graph, &mut charts, d, index, &list),
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
    graph.pages.push(Page {
        path: d.url(),
        view: PageView::Department(DepartmentView {
            head: PageHead::new(d.name.clone(), vec![home_link(), departments_link()]),
            name: d.name.clone(),
            organization: d.organization.clone(),
            division: d.division.clone(),
            plans: department_plans,
        }),
        charts: charts.ids,
    });
    graph
}

/// The ratings for the whole period of the sheets of department `d`'s projects in `index`'s
/// plan (`list`) that it was ever responsible for; `None` when the plan does not rate the
/// period.
fn period_block(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    d: &Department,
    index: &PlanIndex<'_>,
    list: &[&Responsibility],
) -> Option<SummaryBlock> {
    if !index.has_period_ratings {
        return None;
    }
    let data = index.data;
    let period = &data.plan.period;
    let sheets: Vec<Weighted<'_>> = list
        .iter()
        .flat_map(|r| data.projects[r.project].sheets())
        .filter(|sheet| {
            sheet
                .department_terms(period)
                .iter()
                .any(|term| is_department(d, &data.plan, term))
        })
        .map(|sheet| (sheet, 1))
        .collect();
    let summary = RatingSummary::of(&data.plan, Measure::Rating, When::Period, sheets);
    let slug = urls::department_slug(&d.organization, &d.name);
    let title = format!("{}（{}）", d.name, data.plan.title);
    Some(distribution_block(
        graph,
        charts,
        summary,
        urls::chart(index.id(), ChartOwner::Department(&slug), "ratings"),
        &title,
    ))
}

/// The fiscal years a department held a sheet: from, and to within the period (`None` for a
/// department that takes over only after the period), as [`DepartmentTerm`] has them.
type Term = (FiscalYear, Option<FiscalYear>);

/// Whether `term` of a sheet in `plan` names department `d`.
fn is_department(d: &Department, plan: &Plan, term: &DepartmentTerm<'_>) -> bool {
    term.name == d.name && organization(plan, term) == d.organization
}

/// For each measure of `index`'s plan, the summaries of the sheets department `d` was
/// responsible for in each year (`list`: its projects there), in the years some of them have
/// an entry.
fn yearly_blocks(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    d: &Department,
    index: &PlanIndex<'_>,
    list: &[&Responsibility],
) -> Vec<YearlyBlock> {
    let data = index.data;
    let period = &data.plan.period;
    // The department's sheets with the terms it held them, found once: each year's sheets are
    // those it held that year, with an entry for it.
    let own: Vec<(Sheet<'_>, Vec<Term>)> = list
        .iter()
        .flat_map(|r| data.projects[r.project].sheets())
        .filter_map(|sheet| {
            let terms: Vec<Term> = sheet
                .department_terms(period)
                .iter()
                .filter(|term| is_department(d, &data.plan, term))
                .map(|term| (term.from, term.to))
                .collect();
            (!terms.is_empty()).then_some((sheet, terms))
        })
        .collect();
    let mut by_year: BTreeMap<FiscalYear, Vec<Weighted<'_>>> = BTreeMap::new();
    for (_, years) in &index.measures {
        for &fy in years {
            by_year.entry(fy).or_insert_with(|| {
                own.iter()
                    .filter(|(sheet, terms)| {
                        sheet.years().get(fy).is_some()
                            && terms
                                .iter()
                                .any(|&(from, to)| from <= fy && to.is_some_and(|to| fy <= to))
                    })
                    .map(|(sheet, _)| (*sheet, 1))
                    .collect()
            });
        }
    }
    let sheets =
        |fy: FiscalYear| -> Vec<Weighted<'_>> { by_year.get(&fy).cloned().unwrap_or_default() };
    let title = format!("{}（{}）", d.name, data.plan.title);
    let slug = urls::department_slug(&d.organization, &d.name);
    index
        .measures
        .iter()
        .filter_map(|(measure, years)| {
            let years: Vec<FiscalYear> = years
                .iter()
                .copied()
                .filter(|fy| by_year.get(fy).is_some_and(|s| !s.is_empty()))
                .collect();
            let chart = urls::chart(
                index.id(),
                ChartOwner::Department(&slug),
                &format!("{}-by-year", measure.slug()),
            );
            let what = YearlySheets {
                title: &title,
                chart: &chart,
                sheets: &sheets,
            };
            yearly_block(graph, charts, index, &what, *measure, &years)
        })
        .collect()
}

fn departments_link() -> Link {
    Link {
        title: "担当課一覧".to_string(),
        url: urls::departments(),
    }
}
