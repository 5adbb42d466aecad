//! The pages of a plan's structure: the plan page (principles, policy tree, rating summaries), one
//! page per policy node (its projects and their ratings) and one per fiscal year (what was rated
//! what that year).

use rayon::prelude::*;

use crate::fiscal_year::FiscalYear;
use crate::site::department_pages::DepartmentIndex;
use crate::site::plan_index::{Placed, PlanIndex};
use crate::site::summary::{self, ChartData, ChartSpec, Measure, RatingSummary, Weighted, When};
use crate::site::urls::ChartOwner;
use crate::site::views::{
    CodeHead, LabelledText, LegendView, Link, PlanHeader, PlanView, PolicyView, ProjectSection,
    SummaryBlock, TreeNode, YearView, YearlyBlock, YearlyRow,
};
use crate::site::{Page, PageCharts, PageView, SiteGraph, finding, home_link, urls, year_changes};

/// Adds the plan page, every policy page and every fiscal-year page.
pub fn add_plan(
    graph: &mut SiteGraph,
    plan_number: usize,
    index: &PlanIndex<'_>,
    departments: &DepartmentIndex,
) {
    let plan = &index.data.plan;
    let mut charts = PageCharts::default();
    let period_summary = period_block(graph, &mut charts, index, None, &plan.title);
    let yearly = yearly_blocks(graph, &mut charts, index, None, &plan.title);
    let shown = plan.shown_years();
    let project_list = finding::project_list(index, departments, plan_number);
    let find = finding::find_view(index, &project_list, departments, plan_number);
    finding::add_filter_pages(graph, index, &project_list, &find);
    let changes = finding::add_changes(graph, index);
    let view = PlanView {
        head: index.page_head(plan.title.clone(), vec![home_link()]),
        plan: PlanHeader {
            id: plan.id.clone(),
            title: plan.title.clone(),
            subtitle: plan.subtitle.clone(),
            municipality: plan.municipality.clone(),
            period: plan.period.label(),
            coverage: plan.coverage.map(|c| c.label()),
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
            project_counter: plan.project_counter().to_string(),
            tree_heading: plan.labels.tree.clone(),
            directions: plan.directions.clone(),
            counting: counting(index),
        },
        tree: tree(index, None),
        period_summary,
        yearly,
        latest_changes: year_changes::latest(index),
        year_pages: shown
            .years()
            .map(|fy| Link {
                title: fy.label(),
                url: urls::year(index.id(), fy),
            })
            .collect(),
        rating_heading: index.column_heading(index.table_when()),
        departments: departments.plan_departments(plan_number),
        legends: legends(index),
        legend_heading: legend_heading(plan),
        downloads: [
            ("projects.csv", "年度ごとの{}（CSV、Excelで開けます）"),
            ("plan.json", "計画と{}のすべてのデータ（JSON）"),
        ]
        .into_iter()
        .map(|(file, title)| Link {
            title: title.replace("{}", &plan.project_level),
            url: urls::data(index.id(), file),
        })
        .collect(),
        find,
        project_list,
        changes,
    };
    graph.pages.push(Page {
        path: urls::plan(index.id()),
        view: PageView::Plan(Box::new(view)),
        charts: charts.ids,
    });

    // The policies' and years' pages, made in parallel, added in order.
    let years: Vec<FiscalYear> = shown.years().collect();
    let (policies, years) = rayon::join(
        || parts(0..index.nodes.len(), |part, n| add_policy(part, index, n)),
        || parts(years, |part, fy| add_year(part, index, fy)),
    );
    for part in policies.into_iter().chain(years) {
        graph.append(part);
    }
}

/// One graph for each of `items`, made in parallel by `add`, in the order of `items`.
fn parts<I: IntoParallelIterator>(
    items: I,
    add: impl Fn(&mut SiteGraph, I::Item) + Sync + Send,
) -> Vec<SiteGraph> {
    items
        .into_par_iter()
        .map(|item| {
            let mut part = SiteGraph::default();
            add(&mut part, item);
            part
        })
        .collect()
}

/// How re-listed placements are counted, in words; `None` when the plan has none.
fn counting(index: &PlanIndex<'_>) -> Option<String> {
    let plan = &index.data.plan;
    let relisted = index.data.projects.iter().any(|p| p.placements.len() > 1);
    relisted.then(|| {
        if plan.count_relisted {
            format!(
                "再掲されている{}は、掲載されている箇所ごとに件数に含めています。",
                plan.project_level
            )
        } else {
            format!(
                "再掲されている{}は、1件として数えています。",
                plan.project_level
            )
        }
    })
}

/// The summary of the whole period under node `n` (or the plan) with its chart, if any sheet
/// has a rating for the period.
fn period_block(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    index: &PlanIndex<'_>,
    n: Option<usize>,
    title: &str,
) -> Option<SummaryBlock> {
    if !index.has_period_ratings {
        return None;
    }
    let summary = index.summary(n, When::Period, Measure::Rating);
    Some(distribution_block(
        graph,
        charts,
        summary,
        urls::chart(index.id(), owner(index, n), "ratings"),
        title,
    ))
}

/// The owner of the charts of node `n`'s page (of the plan's page when `None`).
fn owner<'a>(index: &PlanIndex<'a>, n: Option<usize>) -> ChartOwner<'a> {
    match n {
        Some(n) => ChartOwner::Policy(&index.nodes[n].node.id),
        None => ChartOwner::Plan,
    }
}

/// A summary as a block with its bar chart, written at `path`; `title` names what is counted.
pub(super) fn distribution_block(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    summary: RatingSummary,
    path: String,
    title: &str,
) -> SummaryBlock {
    let chart = charts.add(
        graph,
        ChartSpec {
            path: path.clone(),
            dom_id: String::new(),
            title: format!("{title}の{}の分布（{}）", summary.scale_name, summary.when),
            description: summary.sentence("件"),
            unrated_label: format!("{}なし", summary.scale_name),
            files: true,
            data: ChartData::Distribution(summary.clone()),
        },
    );
    SummaryBlock {
        summary,
        data_url: urls::chart_data(&path),
        chart_url: path,
        chart,
    }
}

/// For each of the plan's measures, the summaries of every year with values under node `n` (or
/// in the plan), with a stacked-bar chart; none for a measure no sheet has a value of in any
/// year.
fn yearly_blocks(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    index: &PlanIndex<'_>,
    n: Option<usize>,
    title: &str,
) -> Vec<YearlyBlock> {
    let sheets = index.weighted_sheets(n);
    index
        .measures
        .iter()
        .filter_map(|(measure, years)| {
            let chart = urls::chart(
                index.id(),
                owner(index, n),
                &format!("{}-by-year", measure.slug()),
            );
            let block = YearlySheets {
                title,
                chart: &chart,
                sheets: &|_| sheets.clone(),
            };
            yearly_block(graph, charts, index, &block, *measure, years)
        })
        .collect()
}

/// What a [`YearlyBlock`] summarises: the sheets counted in each fiscal year, what the chart's
/// title names, and the chart's path.
pub(super) struct YearlySheets<'s, 'a> {
    /// What the block summarises (the plan's, a node's or a department's title).
    pub title: &'s str,
    /// The chart's path ([`urls::chart`]).
    pub chart: &'s str,
    /// The sheets counted in a fiscal year, with their weights.
    pub sheets: &'s (dyn Fn(FiscalYear) -> Vec<Weighted<'a>> + Sync),
}

/// The summaries of `measure` in `rated_years` of `what`'s sheets, with a stacked-bar chart;
/// `None` without years.
pub(super) fn yearly_block(
    graph: &mut SiteGraph,
    charts: &mut PageCharts,
    index: &PlanIndex<'_>,
    what: &YearlySheets<'_, '_>,
    measure: Measure,
    rated_years: &[FiscalYear],
) -> Option<YearlyBlock> {
    if rated_years.is_empty() {
        return None;
    }
    let plan = &index.data.plan;
    let mut summaries: Vec<RatingSummary> = rated_years
        .iter()
        .map(|&fy| RatingSummary::of(plan, measure, When::Year(fy), (what.sheets)(fy)))
        .collect();
    summary::align(&mut summaries, plan.percent_decimals);
    let mut codes: Vec<CodeHead> = Vec::new();
    for summary in &summaries {
        for row in &summary.rows {
            if !codes.iter().any(|c| c.code == row.code) {
                codes.push(CodeHead {
                    code: row.code.clone(),
                    label: row.label.clone(),
                    color: row.color.clone(),
                });
            }
        }
    }
    let scale_name = summaries
        .first()
        .map(|s| s.scale_name.clone())
        .unwrap_or_default();
    let years = summaries
        .iter()
        .zip(rated_years)
        .map(|(summary, &fy)| YearlyRow {
            url: urls::year(index.id(), fy),
            label: fy.label(),
            wareki: fy.wareki(),
            fy: fy.year(),
            cells: codes
                .iter()
                .map(|c| {
                    summary
                        .rows
                        .iter()
                        .find(|r| r.code == c.code)
                        .map_or((0, "-".to_string()), |r| (r.count, r.percent.clone()))
                })
                .collect(),
            unrated: summary.unrated,
            rated: summary.rated,
            total: summary.total,
        })
        .collect();
    let path = what.chart.to_string();
    let description = summaries
        .iter()
        .map(|s| format!("{}：{}", s.when, s.sentence("件")))
        .collect::<Vec<_>>()
        .join(" ");
    let chart = charts.add(
        graph,
        ChartSpec {
            path: path.clone(),
            dom_id: String::new(),
            title: format!("{}の年度別の{scale_name}", what.title),
            description,
            unrated_label: format!("{scale_name}なし"),
            files: true,
            data: ChartData::ByYear(summaries),
        },
    );
    Some(YearlyBlock {
        years,
        codes,
        scale_name,
        data_url: urls::chart_data(&path),
        chart_url: path,
        chart,
    })
}

/// The heading of the legends: the scales' names, each once (`評価・進捗状況の区分`).
fn legend_heading(plan: &crate::model::Plan) -> String {
    let mut names: Vec<&str> = Vec::new();
    for scale in &plan.scales {
        if !names.contains(&scale.name.as_str()) {
            names.push(&scale.name);
        }
    }
    format!("{}の区分", names.join("・"))
}

/// The legends of the plan's scales.
fn legends(index: &PlanIndex<'_>) -> Vec<LegendView> {
    let plan = &index.data.plan;
    let main = plan.rating_scale().map(|s| s.id.as_str());
    let status = plan.status_scale.as_deref();
    plan.scales
        .iter()
        .map(|scale| {
            let used_by = if Some(scale.id.as_str()) == main || Some(scale.id.as_str()) == status {
                String::new()
            } else {
                let users: Vec<String> = index
                    .data
                    .projects
                    .iter()
                    .flat_map(|p| p.sheets())
                    .filter(|s| s.scale() == Some(scale.id.as_str()))
                    .map(|s| s.project.name.clone())
                    .fold(Vec::new(), |mut acc, name| {
                        if !acc.contains(&name) {
                            acc.push(name);
                        }
                        acc
                    });
                users.join("、")
            };
            LegendView {
                name: scale.name.clone(),
                used_by,
                codes: scale
                    .codes
                    .iter()
                    .map(|c| crate::site::views::RatingTag {
                        code: c.code.clone(),
                        label: c.label().to_string(),
                        description: c.description.clone(),
                        color: c.color.clone(),
                        printed: c.code.clone(),
                    })
                    .collect(),
                not_rated: scale.not_rated.clone(),
            }
        })
        .collect()
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

/// The sections of projects under node `n` (all nodes for `None`), with their ratings for
/// `when`; `keep` decides which placements are listed.
fn sections(
    index: &PlanIndex<'_>,
    n: Option<usize>,
    when: When,
    keep: impl Fn(&Placed) -> bool,
) -> Vec<ProjectSection> {
    let nodes: Vec<usize> = match n {
        Some(n) => index.subtree(n),
        None => (0..index.nodes.len()).collect(),
    };
    nodes
        .into_iter()
        .filter_map(|m| {
            let projects: Vec<_> = index
                .direct(m)
                .iter()
                .filter(|placed| keep(placed))
                .map(|placed| index.project_row(placed.project, placed.placement, when))
                .collect();
            (!projects.is_empty()).then(|| ProjectSection {
                caption: caption(index, m, n),
                url: (Some(m) != n).then(|| urls::policy(index.id(), &index.nodes[m].node.id)),
                projects,
            })
        })
        .collect()
}

fn add_policy(graph: &mut SiteGraph, index: &PlanIndex<'_>, n: usize) {
    let plan = &index.data.plan;
    let info = &index.nodes[n];
    let node = info.node;
    let title = index.node_title(n);
    let mut charts = PageCharts::default();
    let period_summary = period_block(graph, &mut charts, index, Some(n), &title);
    let yearly = yearly_blocks(graph, &mut charts, index, Some(n), &title);
    let when = index.table_when();

    let mut breadcrumbs = vec![home_link(), index.plan_link()];
    let ancestry = index.ancestry(n);
    breadcrumbs.extend(
        ancestry[..ancestry.len() - 1]
            .iter()
            .map(|&a| index.node_link(a)),
    );

    let view = PolicyView {
        head: index.page_head(title.clone(), breadcrumbs),
        plan: index.plan_link(),
        level_name: plan.level_name(info.depth).map(str::to_string),
        description: node.description.clone(),
        details: node
            .details
            .iter()
            .map(|d| LabelledText {
                label: d.label.clone(),
                text: d.text.clone(),
            })
            .collect(),
        remarks: node.remarks.clone(),
        note: node.note.clone(),
        children: tree(index, Some(n)),
        sections: sections(index, Some(n), when, |_| true),
        rating_heading: index.column_heading(when),
        period_summary,
        yearly,
        project_level: plan.project_level.clone(),
        project_counter: plan.project_counter().to_string(),
        counting: counting(index),
    };
    graph.pages.push(Page {
        path: urls::policy(index.id(), &node.id),
        view: PageView::Policy(Box::new(view)),
        charts: charts.ids,
    });
}

fn add_year(graph: &mut SiteGraph, index: &PlanIndex<'_>, fy: FiscalYear) {
    let plan = &index.data.plan;
    let mut charts = PageCharts::default();
    let summaries: Vec<SummaryBlock> = index
        .measures
        .iter()
        .filter(|(_, years)| years.contains(&fy))
        .map(|&(measure, _)| {
            let summary = index.summary(None, When::Year(fy), measure);
            distribution_block(
                graph,
                &mut charts,
                summary,
                urls::chart(index.id(), ChartOwner::Year(fy), measure.slug()),
                &plan.title,
            )
        })
        .collect();
    let has_entry = |placed: &Placed| {
        let project = &index.data.projects[placed.project];
        project.sheets().iter().any(|s| s.years().get(fy).is_some())
    };
    let mut sections = sections(index, None, When::Year(fy), has_entry);
    let unplaced: Vec<_> = index
        .unplaced
        .iter()
        .filter(|&&p| {
            has_entry(&Placed {
                project: p,
                placement: 0,
            })
        })
        .map(|&p| index.project_row(p, 0, When::Year(fy)))
        .collect();
    if !unplaced.is_empty() {
        sections.push(ProjectSection {
            caption: format!("{}に位置付けのない{}", plan.labels.tree, plan.project_level),
            url: None,
            projects: unplaced,
        });
    }
    let view = YearView {
        head: index.page_head(
            format!("{} {}", plan.title, fy.label()),
            vec![home_link(), index.plan_link()],
        ),
        plan: index.plan_link(),
        label: fy.label(),
        summaries,
        measure_name: index.measure_name(index.main_measure()),
        changes: year_changes::blocks(index, fy, |n| {
            format!("{} {}", index.level_word(n), index.node_title(n))
        }),
        sections,
        rating_heading: index.column_heading(When::Year(fy)),
        years: plan
            .shown_years()
            .years()
            .map(|y| Link {
                title: y.label(),
                url: urls::year(index.id(), y),
            })
            .collect(),
        project_level: plan.project_level.clone(),
        counting: counting(index),
    };
    graph.pages.push(Page {
        path: urls::year(index.id(), fy),
        view: PageView::Year(Box::new(view)),
        charts: charts.ids,
    });
}

/// The caption of node `m`'s projects on the page of node `page` (the plan when `None`): the
/// path of nodes from below `page` down to `m`, each with its level name, e.g.
/// `施策細目 （１） 相談支援の仕組みづくり ＞ 重点施策 ① 包括的な相談支援体制の構築`.
fn caption(index: &PlanIndex<'_>, m: usize, page: Option<usize>) -> String {
    let ancestry = index.ancestry(m);
    let start = page
        .and_then(|p| ancestry.iter().position(|&a| a == p))
        .map_or(0, |i| i + 1);
    let path: Vec<usize> = if start >= ancestry.len() {
        vec![m]
    } else {
        ancestry[start..].to_vec()
    };
    path.iter()
        .map(
            |&a| match index.data.plan.level_name(index.nodes[a].depth) {
                Some(level) => format!("{level} {}", index.node_title(a)),
                None => index.node_title(a),
            },
        )
        .collect::<Vec<_>>()
        .join(" ＞ ")
}
