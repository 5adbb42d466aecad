//! Finding projects in a plan: the plan page's list of every project with its filters (rating,
//! department, fiscal year), one page per filter for readers without JavaScript, and the page of
//! new and ended projects.

use std::collections::BTreeMap;

use crate::fiscal_year::FiscalYear;
use crate::site::department_pages::DepartmentIndex;
use crate::site::plan_index::PlanIndex;
use crate::site::summary::{Measure, When};
use crate::site::views::{
    ChangeEntry, ChangeGroup, ChangesView, FilterLink, FilterView, FindView, Link, ListedProject,
    ListedValues, MeasureFilters, ProjectRow, RatingTag,
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
            let project = &index.data.projects[p];
            let years = shown
                .years()
                .filter(|&fy| project.sheets().iter().any(|s| s.years().get(fy).is_some()))
                .map(FiscalYear::year)
                .collect();
            ListedProject {
                measures: listed_values(index, &row),
                row,
                policy: node.map(|n| index.node_link(n)),
                departments: std::mem::take(&mut slugs[p]),
                divisions: std::mem::take(&mut division_slugs[p]),
                years,
            }
        })
        .collect()
}

/// The filter values of `row`'s sheets, per measure the list shows (the main one first): the
/// codes of their tags, each once, or `none`.
fn listed_values(index: &PlanIndex<'_>, row: &ProjectRow) -> Vec<ListedValues> {
    let mut measures = vec![ListedValues {
        key: index.main_measure().key(),
        values: Vec::new(),
    }];
    for (measure, _) in index.other_measures(index.table_when()) {
        measures.push(ListedValues {
            key: measure.key(),
            values: Vec::new(),
        });
    }
    let mut add = |key: &str, tag: Option<&RatingTag>| {
        let value = tag.map_or(NO_RATING.to_string(), |t| filter_value(&t.code));
        if let Some(m) = measures.iter_mut().find(|m| m.key == key)
            && !m.values.contains(&value)
        {
            m.values.push(value);
        }
    };
    for r in &row.ratings {
        add(index.main_measure().key(), r.tag.as_ref());
        for also in &r.also {
            add(also.key, also.tag.as_ref());
        }
    }
    for m in &mut measures {
        if m.values.is_empty() {
            m.values.push(NO_RATING.to_string());
        }
    }
    measures
}

/// A code as a filter value: one word, for the list's space-separated `data-` attributes.
fn filter_value(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The filters of `list`: each measure's codes in use (in the scale's order, then 「なし」),
/// each division, each department, each fiscal year shown.
pub fn find_view(
    index: &PlanIndex<'_>,
    list: &[ListedProject],
    departments: &DepartmentIndex,
    plan_number: usize,
) -> FindView {
    let plan = &index.data.plan;
    let count =
        |matches: &dyn Fn(&ListedProject) -> bool| list.iter().filter(|l| matches(l)).count();
    let when = index.table_when();
    let mut measures = vec![measure_filters(
        index,
        list,
        index.main_measure(),
        index.rating_heading(when),
    )];
    for (measure, fy) in index.other_measures(when) {
        let heading = index.measure_heading(measure, When::Year(fy));
        measures.push(measure_filters(index, list, measure, heading));
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
        column_heading: index.column_heading(when),
        measures,
        departments,
        divisions,
        years,
        total: list.len(),
        count_note: count_note(index),
    }
}

/// The filters of `measure` in `list`, headed `heading`: one per code (or band) in use, in
/// the order of the plan's scales (or bands), then one for projects without a value.
fn measure_filters(
    index: &PlanIndex<'_>,
    list: &[ListedProject],
    measure: Measure,
    heading: String,
) -> MeasureFilters {
    let plan = &index.data.plan;
    let key = measure.key();
    let values_of = |l: &ListedProject| -> Vec<String> {
        l.measures
            .iter()
            .find(|m| m.key == key)
            .map_or_else(Vec::new, |m| m.values.clone())
    };
    let count = |value: &str| {
        list.iter()
            .filter(|l| values_of(l).iter().any(|v| v == value))
            .count()
    };
    let tags = list.iter().flat_map(|l| &l.row.ratings).filter_map(|r| {
        if key == index.main_measure().key() {
            r.tag.as_ref()
        } else {
            r.also.iter().find(|a| a.key == key)?.tag.as_ref()
        }
    });
    let mut in_use: Vec<RatingTag> = Vec::new();
    for tag in tags {
        if !in_use.iter().any(|t| t.code == tag.code) {
            in_use.push(tag.clone());
        }
    }
    let order: Vec<&str> = match measure {
        Measure::Achievement => plan
            .achievement_bands
            .iter()
            .map(|b| b.label.as_str())
            .collect(),
        _ => plan
            .scales
            .iter()
            .flat_map(|s| s.codes.iter())
            .map(|c| c.code.as_str())
            .collect(),
    };
    in_use.sort_by_key(|t| {
        order
            .iter()
            .position(|c| *c == t.code)
            .unwrap_or(usize::MAX)
    });
    let mut filters: Vec<FilterLink> = in_use
        .into_iter()
        .map(|mut tag| {
            let value = filter_value(&tag.code);
            if measure == Measure::Achievement {
                // A band, not one project's printed rate.
                tag.label = tag.code.clone();
            }
            FilterLink {
                filter: key,
                count: count(&value),
                url: urls::measure_filter(index.id(), key, Some(&tag.code)),
                title: if tag.label != tag.code {
                    format!("{} {}", tag.code, tag.label)
                } else {
                    tag.code.clone()
                },
                tag: Some(tag),
                value,
            }
        })
        .collect();
    let none = count(NO_RATING);
    if none > 0 {
        filters.push(FilterLink {
            filter: key,
            value: NO_RATING.to_string(),
            title: format!("{}なし", index.measure_name(measure)),
            tag: None,
            count: none,
            url: urls::measure_filter(index.id(), key, None),
        });
    }
    MeasureFilters {
        key,
        heading,
        filters,
    }
}

/// Adds one page per measure, division and department filter of `find`, listing the projects of `list`
/// it matches. (A year filter's page is the year's page.)
pub fn add_filter_pages(
    graph: &mut SiteGraph,
    index: &PlanIndex<'_>,
    list: &[ListedProject],
    find: &FindView,
) {
    let plan = &index.data.plan;
    let measures = find
        .measures
        .iter()
        .flat_map(|m| m.filters.iter().map(move |f| (f, Some(m))));
    let others = find
        .departments
        .iter()
        .chain(&find.divisions)
        .map(|f| (f, None));
    for (filter, measure) in measures.chain(others) {
        let matches: Vec<ListedProject> = list
            .iter()
            .filter(|l| match filter.filter {
                "division" => l.divisions.contains(&filter.value),
                "department" => l.departments.contains(&filter.value),
                key => l
                    .measures
                    .iter()
                    .any(|m| m.key == key && m.values.contains(&filter.value)),
            })
            .cloned()
            .collect();
        let level = &plan.project_level;
        let title = match (measure, filter.filter, filter.value.as_str()) {
            (Some(m), _, NO_RATING) => format!("{}のない{level}", m.heading),
            (Some(m), _, _) => format!("{}が「{}」の{level}", m.heading, filter.title),
            (None, "division", _) => format!("{}の課が担当した{level}", filter.title),
            (None, _, _) => format!("{}が担当した{level}", filter.title),
        };
        graph.pages.push(Page {
            path: filter.url.clone(),
            view: PageView::Filter(Box::new(FilterView {
                head: index.page_head(title, vec![home_link(), index.plan_link()]),
                plan: index.plan_link(),
                project_list: matches,
                rating_heading: find.column_heading.clone(),
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
            head: index.page_head(title, vec![home_link(), index.plan_link()]),
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
