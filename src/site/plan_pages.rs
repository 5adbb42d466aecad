//! The pages of a plan's structure: the plan page (principles, policy tree, rating summary) and one
//! page per policy node (its projects and their ratings).

use crate::site::department_pages::DepartmentIndex;
use crate::site::plan_index::PlanIndex;
use crate::site::summary::{ChartSpec, RatingSummary};
use crate::site::views::{PageHead, PlanHeader, PlanView, PolicyView, ProjectSection, TreeNode};
use crate::site::{Page, PageView, SiteGraph, home_link, urls};

/// Adds the plan page, its chart and every policy page; returns the plan's rating summary (for
/// the home page).
pub fn add_plan(
    graph: &mut SiteGraph,
    plan_number: usize,
    index: &PlanIndex<'_>,
    departments: &DepartmentIndex,
) -> RatingSummary {
    let plan = &index.data.plan;
    let unit = &plan.project_level;
    let mut summary = RatingSummary::of(&index.scale, &index.data.projects);
    let chart = graph.add_chart(ChartSpec {
        path: urls::plan_chart(index.id()),
        title: format!("{}の{}の分布", plan.title, summary.scale_name),
        description: summary.sentence(unit),
        summary: summary.clone(),
        unrated_label: format!("{}なし", summary.scale_name),
    });
    summary.chart = Some(chart);
    summary.chart_url = Some(urls::plan_chart(index.id()));

    let view = PlanView {
        head: PageHead {
            title: plan.title.clone(),
            breadcrumbs: vec![home_link()],
        },
        plan: PlanHeader {
            id: plan.id.clone(),
            title: plan.title.clone(),
            municipality: plan.municipality.clone(),
            period: plan.period.label(),
            vision: plan.vision.clone(),
            principles: plan
                .principles
                .iter()
                .map(|p| (p.number.clone(), p.text.clone()))
                .collect(),
            source_document: plan.source.document.clone(),
            source_title: plan.source.title.clone(),
            source_url: plan.source.url.clone(),
            note: plan.note.clone(),
            project_level: plan.project_level.clone(),
            directions: plan.directions.clone(),
        },
        tree: tree(index, None),
        summary: summary.clone(),
        unplaced: index
            .unplaced
            .iter()
            .map(|&p| index.project_row(p))
            .collect(),
        departments: departments.plan_departments(plan_number),
    };
    graph.pages.push(Page {
        path: urls::plan(index.id()),
        view: PageView::Plan(view),
        chart: Some(chart),
    });

    for n in 0..index.nodes.len() {
        add_policy(graph, index, n);
    }
    summary
}

/// The tree below `parent` (the whole tree for `None`).
fn tree(index: &PlanIndex<'_>, parent: Option<usize>) -> Vec<TreeNode> {
    index
        .children(parent)
        .iter()
        .map(|&n| {
            let info = &index.nodes[n];
            TreeNode {
                url: urls::policy(index.id(), &info.node.id),
                level_name: index.data.plan.level_name(info.depth).map(str::to_string),
                number: info.node.number.clone(),
                name: info.node.name.clone(),
                project_count: index.subtree_projects(n).len(),
                children: tree(index, Some(n)),
            }
        })
        .collect()
}

fn add_policy(graph: &mut SiteGraph, index: &PlanIndex<'_>, n: usize) {
    let plan = &index.data.plan;
    let info = &index.nodes[n];
    let node = info.node;
    let projects = index.subtree_projects(n);
    let mut summary = RatingSummary::of(
        &index.scale,
        projects.iter().map(|&p| &index.data.projects[p]),
    );
    let title = index.node_title(n);
    let level_name = plan.level_name(info.depth).map(str::to_string);
    let chart = graph.add_chart(ChartSpec {
        path: urls::policy_chart(index.id(), &node.id),
        title: format!("{}の{}の分布", title, summary.scale_name),
        description: summary.sentence(&plan.project_level),
        summary: summary.clone(),
        unrated_label: format!("{}なし", summary.scale_name),
    });
    summary.chart = Some(chart);
    summary.chart_url = Some(urls::policy_chart(index.id(), &node.id));

    let sections = index
        .subtree(n)
        .into_iter()
        .filter(|&m| !index.direct_projects(m).is_empty())
        .map(|m| ProjectSection {
            caption: caption(index, m),
            url: (m != n).then(|| urls::policy(index.id(), &index.nodes[m].node.id)),
            projects: index
                .direct_projects(m)
                .iter()
                .map(|&p| index.project_row(p))
                .collect(),
        })
        .collect();

    let mut breadcrumbs = vec![home_link(), index.plan_link()];
    let ancestry = index.ancestry(n);
    breadcrumbs.extend(
        ancestry[..ancestry.len() - 1]
            .iter()
            .map(|&a| index.node_link(a)),
    );

    let view = PolicyView {
        head: PageHead {
            title: title.clone(),
            breadcrumbs,
        },
        plan: index.plan_link(),
        level_name,
        number: node.number.clone(),
        name: node.name.clone(),
        description: node.description.clone(),
        note: node.note.clone(),
        children: tree(index, Some(n)),
        sections,
        summary,
        project_level: plan.project_level.clone(),
    };
    graph.pages.push(Page {
        path: urls::policy(index.id(), &node.id),
        view: PageView::Policy(view),
        chart: Some(chart),
    });
}

/// `重点施策 （1） 高齢者に対する支援`: the level name (if any) and the node's title.
fn caption(index: &PlanIndex<'_>, n: usize) -> String {
    match index.data.plan.level_name(index.nodes[n].depth) {
        Some(level) => format!("{level} {}", index.node_title(n)),
        None => index.node_title(n),
    }
}
