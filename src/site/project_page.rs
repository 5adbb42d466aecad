//! A project's page: its placement, its departments with their years, and its timeline — one entry
//! for every fiscal year of the plan, empty and ended years included.

use crate::site::plan_index::PlanIndex;
use crate::site::views::{
    DepartmentTermView, MilestoneView, PageHead, ProjectView, YearView, years_label,
};
use crate::site::{Page, PageView, SiteGraph, home_link, urls};

/// What an empty year says.
const EMPTY_YEAR: &str = "記載なし";
/// What a year after the project ended says.
const ENDED_YEAR: &str = "事業終了";

/// Adds the page of project `p` of the plan.
pub fn add(graph: &mut SiteGraph, index: &PlanIndex<'_>, p: usize) {
    let plan = &index.data.plan;
    let project = &index.data.projects[p];
    let period = &plan.period;

    let placements: Vec<usize> = project
        .policies
        .iter()
        .filter_map(|id| index.node(id))
        .collect();
    let mut breadcrumbs = vec![home_link(), index.plan_link()];
    if let Some(&primary) = placements.first() {
        breadcrumbs.extend(
            index
                .ancestry(primary)
                .into_iter()
                .map(|n| index.node_link(n)),
        );
    }

    let departments = project
        .department_terms(period)
        .into_iter()
        .map(|term| DepartmentTermView {
            name: term.name.to_string(),
            url: urls::department(term.name),
            years: years_label(term.from, term.to),
        })
        .collect();

    let timeline = period
        .years()
        .map(|fy| {
            let entry = project.year(fy);
            let results = entry
                .and_then(|e| e.results.clone())
                .filter(|t| !t.trim().is_empty());
            let status = if project.ended_before(fy) {
                Some(ENDED_YEAR.to_string())
            } else if results.is_none() {
                Some(EMPTY_YEAR.to_string())
            } else {
                None
            };
            YearView {
                fy: fy.year(),
                label: fy.label(),
                results,
                status,
                rating: entry
                    .and_then(|e| e.rating.as_deref())
                    .and_then(|r| index.rating_tag(r)),
                departments: project
                    .departments_in(fy, period)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                note: entry.and_then(|e| e.note.clone()),
            }
        })
        .collect();

    let view = ProjectView {
        head: PageHead {
            title: project.name.clone(),
            breadcrumbs,
        },
        plan: index.plan_link(),
        project_level: plan.project_level.clone(),
        id: project.id.clone(),
        number: project.number.clone(),
        description: project.description.clone(),
        placements: placements.iter().map(|&n| index.node_link(n)).collect(),
        department_label: project.department_label.clone(),
        departments,
        timeline,
        evaluation: project.evaluation.clone(),
        rating: project.rating.as_deref().and_then(|r| index.rating_tag(r)),
        scale_name: index.scale.name.clone(),
        direction: project.direction.clone(),
        added: project.added.as_ref().map(|m| MilestoneView {
            label: format!("{}に追加", m.fy.label()),
            text: m.text.clone(),
        }),
        ended: project.ended.as_ref().map(|m| MilestoneView {
            label: format!("{}で終了", m.fy.label()),
            text: m.text.clone(),
        }),
        remarks: project.remarks.clone(),
        note: project.note.clone(),
    };
    graph.pages.push(Page {
        path: urls::project(index.id(), &project.id),
        view: PageView::Project(Box::new(view)),
        chart: None,
    });
}
