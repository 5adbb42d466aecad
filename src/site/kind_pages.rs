//! Plans of one kind side by side (自殺対策計画 of several municipalities, on a prefecture's
//! portal): a page per kind that two or more plans share, with each plan's period, number of
//! projects and latest year's distribution of each measure, drawn as the same chart.
//!
//! Each plan's scale is its own: the page shows the plans side by side and never sums them.

use crate::model::Plan;
use crate::site::plan_index::PlanIndex;
use crate::site::plan_pages::distribution_block;
use crate::site::summary::When;
use crate::site::views::{KindPlan, KindView, Link, PageHead};
use crate::site::{Page, PageCharts, PageView, SiteGraph, home_link, urls};

/// The kinds two or more plans share, in the order the plans first name them, each with the
/// indices of its plans.
pub fn shared_kinds(plans: &[&Plan]) -> Vec<(String, Vec<usize>)> {
    let mut kinds: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let Some(kind) = plan
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        else {
            continue;
        };
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, list)) => list.push(i),
            None => kinds.push((kind.to_string(), vec![i])),
        }
    }
    kinds.retain(|(_, list)| list.len() > 1);
    kinds
}

/// Adds a page per kind that two or more plans share; returns links to them.
pub fn add(graph: &mut SiteGraph, indexes: &[PlanIndex<'_>]) -> Vec<Link> {
    let plans: Vec<&Plan> = indexes.iter().map(|i| &i.data.plan).collect();
    let mut links = Vec::new();
    for (kind, members) in shared_kinds(&plans) {
        let mut charts = PageCharts::default();
        let page = urls::kind(&kind);
        let title = format!("{kind}をくらべる");
        let plans = members
            .iter()
            .map(|&i| {
                let index = &indexes[i];
                let plan = &index.data.plan;
                let summaries = index
                    .measures
                    .iter()
                    .filter_map(|&(measure, ref years)| {
                        let when = years.last().map_or(When::Period, |&fy| When::Year(fy));
                        if when == When::Period && !index.has_period_ratings {
                            return None;
                        }
                        let summary = index.summary(None, when, measure);
                        let name = format!("{}-{}", plan.id, measure.slug());
                        Some(distribution_block(
                            graph,
                            &mut charts,
                            summary,
                            urls::kind_chart(&kind, &name),
                            &format!("{}（{}）", plan.title, plan.municipality),
                        ))
                    })
                    .collect();
                KindPlan {
                    plan: index.plan_link(),
                    municipality: plan.municipality.clone(),
                    period: plan.period.label(),
                    project_level: plan.project_level.clone(),
                    project_count: index.data.projects.len(),
                    summaries,
                }
            })
            .collect();
        graph.pages.push(Page {
            path: page.clone(),
            view: PageView::Kind(Box::new(KindView {
                head: PageHead::new(title.clone(), vec![home_link()]),
                kind: kind.clone(),
                plans,
            })),
            charts: charts.ids,
        });
        links.push(Link { title, url: page });
    }
    links
}
