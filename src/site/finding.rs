//! Finding projects in a plan: the plan page's list of every project with its filters (rating,
//! department, fiscal year), one page per filter for readers without JavaScript, and the page of
//! new and ended projects.

use std::collections::BTreeMap;

use crate::fiscal_year::FiscalYear;
use crate::site::department_pages::DepartmentIndex;
use crate::site::plan_index::PlanIndex;
use crate::site::views::{
    ChangeEntry, ChangeGroup, ChangesView, FilterLink, FilterView, FindView, Link, ListedProject,
    PageHead,
};
use crate::site::{Page, PageView, SiteGraph, home_link, urls};

/// The value of the rating filter for projects without a rating.
pub const NO_RATING: &str = "none";

/// Every project of the plan once — under its original placement, in the order of the policy
/// tree, then the unplaced ones — with the values the filters match.
pub fn project_list(
    index: &PlanIndex<'_>,
    departments: &DepartmentIndex,
    plan_number: usize,
) -> Vec<ListedProject> {
    let mut order: Vec<(usize, Option<usize>)> = Vec::new();
    for n in 0..index.nodes.len() {
        for placed in index.direct(n) {
            if placed.placement == 0 {
                order.push((placed.project, Some(n)));
            }
        }
    }
    order.extend(index.unplaced.iter().map(|&p| (p, None)));

    let mut slugs: Vec<Vec<String>> = vec![Vec::new(); index.data.projects.len()];
    let mut division_slugs: Vec<Vec<String>> = vec![Vec::new(); index.data.projects.len()];
    for (department, projects) in departments.plan_projects(plan_number) {
        for p in projects {
            if let Some(list) = slugs.get_mut(p) {
                list.push(urls::department_slug(
                    &department.organization,
                    &department.name,
                ));
            }
            if let (Some(division), Some(list)) = (&department.division, division_slugs.get_mut(p))
            {
                let slug = urls::division_slug(&department.organization, division);
                if !list.contains(&slug) {
                    list.push(slug);
                }
            }
        }
    }
    let when = index.table_when();
    let shown = index.data.plan.shown_years();
    order
        .into_iter()
        .map(|(p, node)| {
            let row = index.project_row(p, 0, when);
            let mut ratings: Vec<String> = Vec::new();
            for r in &row.ratings {
                let value = r
                    .tag
                    .as_ref()
                    .map_or(NO_RATING.to_string(), |t| t.code.clone());
                if !ratings.contains(&value) {
                    ratings.push(value);
                }
            }
            let project = &index.data.projects[p];
            let years = shown
                .years()
                .filter(|&fy| project.sheets().iter().any(|s| s.years().get(fy).is_some()))
                .map(FiscalYear::year)
                .collect();
            ListedProject {
                row,
                policy: node.map(|n| index.node_link(n)),
                ratings,
                departments: std::mem::take(&mut slugs[p]),
                divisions: std::mem::take(&mut division_slugs[p]),
                years,
            }
        })
        .collect()
}

/// The filters of `list`: each rating code in use (in the scale's order, then 「なし」), each
/// department, each fiscal year shown.
pub fn find_view(
    index: &PlanIndex<'_>,
    list: &[ListedProject],
    departments: &DepartmentIndex,
    plan_number: usize,
) -> FindView {
    let plan = &index.data.plan;
    let count =
        |matches: &dyn Fn(&ListedProject) -> bool| list.iter().filter(|l| matches(l)).count();

    let mut ratings = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for row in list.iter().flat_map(|l| &l.row.ratings) {
        if let Some(tag) = &row.tag
            && !codes.contains(&tag.code)
        {
            codes.push(tag.code.clone());
        }
    }
    let order = |code: &str| {
        plan.scales
            .iter()
            .flat_map(|s| s.codes.iter())
            .position(|c| c.code == code)
            .unwrap_or(usize::MAX)
    };
    codes.sort_by_key(|c| order(c));
    for code in codes {
        let tag = list
            .iter()
            .flat_map(|l| &l.row.ratings)
            .filter_map(|r| r.tag.as_ref())
            .find(|t| t.code == code)
            .cloned();
        ratings.push(FilterLink {
            filter: "rating",
            count: count(&|l| l.ratings.contains(&code)),
            url: urls::rating_filter(index.id(), Some(&code)),
            title: match &tag {
                Some(t) if t.label != t.code => format!("{} {}", t.code, t.label),
                _ => code.clone(),
            },
            tag,
            value: code,
        });
    }
    let unrated = count(&|l| l.ratings.iter().any(|r| r == NO_RATING));
    if unrated > 0 {
        ratings.push(FilterLink {
            filter: "rating",
            value: NO_RATING.to_string(),
            title: format!("{}なし", scale_name(index)),
            tag: None,
            count: unrated,
            url: urls::rating_filter(index.id(), None),
        });
    }

    let mut divisions: Vec<FilterLink> = Vec::new();
    for (department, _) in departments.plan_projects(plan_number) {
        let Some(division) = &department.division else {
            continue;
        };
        let value = urls::division_slug(&department.organization, division);
        if divisions.iter().any(|d| d.value == value) {
            continue;
        }
        divisions.push(FilterLink {
            filter: "division",
            count: count(&|l| l.divisions.contains(&value)),
            title: division.to_string(),
            tag: None,
            url: urls::division_filter(index.id(), &department.organization, division),
            value,
        });
    }
    let departments = departments
        .plan_projects(plan_number)
        .into_iter()
        .map(|(department, projects)| FilterLink {
            filter: "department",
            value: urls::department_slug(&department.organization, &department.name),
            title: department.name.clone(),
            tag: None,
            count: projects.len(),
            url: urls::department_filter(index.id(), &department.organization, &department.name),
        })
        .collect();
    let years = plan
        .shown_years()
        .years()
        .map(|fy| FilterLink {
            filter: "year",
            value: fy.year().to_string(),
            title: fy.label(),
            tag: None,
            count: count(&|l| l.years.contains(&fy.year())),
            url: urls::year(index.id(), fy),
        })
        .collect();
    FindView {
        rating_heading: index.rating_heading(index.table_when()),
        ratings,
        departments,
        divisions,
        years,
        total: list.len(),
        count_note: count_note(index),
    }
}

/// Adds one page per rating and department filter of `find`, listing the projects of `list`
/// it matches. (A year filter's page is the year's page.)
pub fn add_filter_pages(
    graph: &mut SiteGraph,
    index: &PlanIndex<'_>,
    list: &[ListedProject],
    find: &FindView,
) {
    let plan = &index.data.plan;
    let filters = find
        .ratings
        .iter()
        .chain(&find.departments)
        .chain(&find.divisions);
    for filter in filters {
        let matches: Vec<ListedProject> = list
            .iter()
            .filter(|l| match filter.filter {
                "rating" => l.ratings.contains(&filter.value),
                "division" => l.divisions.contains(&filter.value),
                _ => l.departments.contains(&filter.value),
            })
            .cloned()
            .collect();
        let title = match (filter.filter, filter.value.as_str()) {
            ("rating", NO_RATING) => {
                format!("{}のない{}", find.rating_heading, plan.project_level)
            }
            ("rating", _) => format!(
                "{}が「{}」の{}",
                find.rating_heading, filter.title, plan.project_level
            ),
            ("division", _) => format!("{}の課が担当した{}", filter.title, plan.project_level),
            _ => format!("{}が担当した{}", filter.title, plan.project_level),
        };
        graph.pages.push(Page {
            path: filter.url.clone(),
            view: PageView::Filter(Box::new(FilterView {
                head: PageHead {
                    title,
                    breadcrumbs: vec![home_link(), index.plan_link()],
                },
                plan: index.plan_link(),
                project_list: matches,
                rating_heading: find.rating_heading.clone(),
                project_level: plan.project_level.clone(),
                find_url: format!("{}#find", urls::plan(index.id())),
            })),
            charts: Vec::new(),
        });
    }
}

/// Adds the page of new, ended and completed projects; returns a link to it.
pub fn add_changes(graph: &mut SiteGraph, index: &PlanIndex<'_>) -> Link {
    let plan = &index.data.plan;
    let when = index.table_when();
    let mut added: BTreeMap<FiscalYear, Vec<ChangeEntry>> = BTreeMap::new();
    let mut ended: BTreeMap<FiscalYear, Vec<ChangeEntry>> = BTreeMap::new();
    let mut completed: BTreeMap<FiscalYear, Vec<ChangeEntry>> = BTreeMap::new();
    for (p, project) in index.data.projects.iter().enumerate() {
        for (milestone, groups) in [
            (&project.added, &mut added),
            (&project.ended, &mut ended),
            (&project.completed, &mut completed),
        ] {
            if let Some(m) = milestone {
                groups.entry(m.fy).or_default().push(ChangeEntry {
                    row: index.project_row(p, 0, when),
                    note: m.text.clone(),
                });
            }
        }
    }
    let groups = |map: BTreeMap<FiscalYear, Vec<ChangeEntry>>| {
        map.into_iter()
            .map(|(fy, entries)| ChangeGroup {
                label: fy.label(),
                entries,
            })
            .collect()
    };
    let title = format!("新規・終了した{}", plan.project_level);
    let link = Link {
        title: title.clone(),
        url: urls::changes(index.id()),
    };
    graph.pages.push(Page {
        path: link.url.clone(),
        view: PageView::Changes(Box::new(ChangesView {
            head: PageHead {
                title,
                breadcrumbs: vec![home_link(), index.plan_link()],
            },
            plan: index.plan_link(),
            project_level: plan.project_level.clone(),
            added: groups(added),
            ended: groups(ended),
            completed: groups(completed),
        })),
        charts: Vec::new(),
    });
    link
}

/// What the filters count, when the summaries count something else: the summaries count each
/// part of a project (取組事例) and, where the plan says so, each re-listing; the filters count
/// projects. `None` when both count the same.
fn count_note(index: &PlanIndex<'_>) -> Option<String> {
    let data = index.data;
    let plan = &data.plan;
    let parts = data.projects.iter().any(|p| !p.parts.is_empty());
    let relisted = plan.count_relisted && data.projects.iter().any(|p| p.placements.len() > 1);
    let what = match (parts, relisted) {
        (false, false) => return None,
        (true, false) => "取組事例ごと",
        (false, true) => "再掲された箇所ごと",
        (true, true) => "取組事例ごと・再掲された箇所ごと",
    };
    Some(format!(
        "絞り込みの件数は{level}の数です。{name}の集計は{what}に数えているため、件数が異なることがあります。",
        level = plan.project_level,
        name = scale_name(index),
    ))
}

/// The name of the plan's main measure (評価, 取組状況).
fn scale_name(index: &PlanIndex<'_>) -> String {
    index.measure_name(index.main_measure())
}
