//! The site graph: every page and chart of the site, with its output path and the view its
//! template reads. Aggregates (rating summaries, department indexes) are computed here once.
//!
//! Built from a validated [`Site`]; rendering ([`crate::render`]) only turns it into bytes.

mod department_pages;
mod feeds;
mod finding;
mod kind_pages;
pub mod plan_index;
mod plan_pages;
mod project_page;
mod site_pages;
pub mod summary;
pub mod urls;
pub mod views;
pub mod year_changes;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{PlanData, Site};
pub use crate::site::plan_index::PlanIndex;
use crate::site::summary::{ChartSpec, RatingSummary, When};
use crate::site::views::{HomeView, PageHead, PlanCard};

pub use department_pages::DepartmentIndex;

/// The view of one page; the variant decides the template.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageView {
    /// `index.html`.
    Home(views::HomeView),
    /// A plan's page.
    Plan(Box<views::PlanView>),
    /// A policy node's page.
    Policy(Box<views::PolicyView>),
    /// A plan's page for one fiscal year.
    Year(Box<views::YearView>),
    /// A project's page.
    Project(Box<views::ProjectView>),
    /// A department's page.
    Department(views::DepartmentView),
    /// The index of departments.
    Departments(views::DepartmentIndexView),
    /// The address a department name had before departments were told apart by organisation:
    /// it leads to the departments of that name.
    DepartmentName(views::DepartmentNameView),
    /// A plan's projects that one filter matches.
    Filter(Box<views::FilterView>),
    /// A plan's new and ended projects.
    Changes(Box<views::ChangesView>),
    /// The plans of one kind side by side.
    Kind(Box<views::KindView>),
    /// A plan's or the site's Atom feed (`atom.xml`, not an HTML page).
    Feed(Box<views::FeedView>),
    /// The search page.
    Search(views::SearchView),
    /// The page for a missing address.
    NotFound(views::NotFoundView),
    /// The accessibility policy.
    Accessibility(Box<views::AccessibilityView>),
}

impl PageView {
    /// The theme template that renders this view.
    pub fn template(&self) -> &'static str {
        match self {
            PageView::Home(_) => "index.html",
            PageView::Plan(_) => "plan.html",
            PageView::Policy(_) => "policy.html",
            PageView::Year(_) => "year.html",
            PageView::Project(_) => "project.html",
            PageView::Department(_) => "department.html",
            PageView::Departments(_) => "departments.html",
            PageView::DepartmentName(_) => "department-name.html",
            PageView::Filter(_) => "filter.html",
            PageView::Changes(_) => "changes.html",
            PageView::Kind(_) => "kind.html",
            PageView::Feed(_) => "atom.xml",
            PageView::Search(_) => "search.html",
            PageView::NotFound(_) => "404.html",
            PageView::Accessibility(_) => "accessibility.html",
        }
    }
}

/// One page to write.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its path relative to the output folder, `/`-separated.
    pub path: String,
    /// What its template shows.
    pub view: PageView,
    /// The charts shown on the page, as indices into [`SiteGraph::charts`]; views refer to them
    /// by their position in this list.
    pub charts: Vec<usize>,
}

/// Every page and chart of the site.
#[derive(Debug, Clone, Default)]
pub struct SiteGraph {
    /// The pages, home first.
    pub pages: Vec<Page>,
    /// The charts, each drawn once, inlined in its page and written as its own SVG file.
    pub charts: Vec<ChartSpec>,
}

impl SiteGraph {
    /// Adds the pages and charts of `other` after its own.
    pub fn append(&mut self, other: SiteGraph) {
        let offset = self.charts.len();
        self.charts.extend(other.charts);
        self.pages.extend(other.pages.into_iter().map(|mut page| {
            for chart in &mut page.charts {
                *chart += offset;
            }
            page
        }));
    }

    /// How many pages of each template, for the build summary: (template, count).
    pub fn page_counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for page in &self.pages {
            let template = page.view.template();
            match counts.iter_mut().find(|(t, _)| *t == template) {
                Some((_, n)) => *n += 1,
                None => counts.push((template, 1)),
            }
        }
        counts
    }
}

/// The charts of the page being built: each chart is added to the graph once and gets an index
/// local to the page, which is also the base of its element ids in the page (`chart-0`).
#[derive(Debug, Default)]
pub struct PageCharts {
    /// The charts' indices in [`SiteGraph::charts`], in page order.
    pub ids: Vec<usize>,
}

impl PageCharts {
    /// Adds `chart` to the graph for this page; returns its index in the page.
    pub fn add(&mut self, graph: &mut SiteGraph, mut chart: ChartSpec) -> usize {
        let local = self.ids.len();
        chart.dom_id = format!("chart-{local}");
        graph.charts.push(chart);
        self.ids.push(graph.charts.len() - 1);
        local
    }
}

/// The pages of one plan (`indexes[number]` of [`build_shared`]): its plan, policy,
/// fiscal-year, filter and changes pages, its project pages, and their charts. They depend on
/// nothing but the plan's data, so a preview can keep those of the plans that did not change.
pub fn build_plan(
    index: &PlanIndex<'_>,
    number: usize,
    departments: &DepartmentIndex,
) -> SiteGraph {
    let mut graph = SiteGraph::default();
    plan_pages::add_plan(&mut graph, number, index, departments);
    let projects: Vec<SiteGraph> = (0..index.data.projects.len())
        .into_par_iter()
        .map(|p| {
            let mut page = SiteGraph::default();
            project_page::add(&mut page, index, p);
            page
        })
        .collect();
    for page in projects {
        graph.append(page);
    }
    graph
}

/// The pages that draw on every plan — home (first), the departments' pages and their index,
/// and the site's own pages (search, 404, accessibility) — from `indexes`, one per plan of
/// `site` in order, and `departments`, their index.
pub fn build_shared(
    site: &Site,
    indexes: &[PlanIndex<'_>],
    departments: &DepartmentIndex,
) -> SiteGraph {
    let cards = indexes
        .iter()
        .map(|index| {
            let plan = &index.data.plan;
            PlanCard {
                url: urls::plan(index.id()),
                title: plan.title.clone(),
                municipality: plan.municipality.clone(),
                period: plan.period.label(),
                project_level: plan.project_level.clone(),
                project_count: index.data.projects.len(),
                summary: index.summary(None, index.table_when(), index.main_measure()),
            }
        })
        .collect();
    let mut kind_graph = SiteGraph::default();
    let kinds = kind_pages::add(&mut kind_graph, indexes);
    let mut graph = SiteGraph::default();
    graph.pages.push(Page {
        path: urls::home(),
        view: PageView::Home(HomeView {
            head: PageHead::new(site.config.title.clone(), Vec::new()),
            plans: cards,
            departments_url: urls::departments(),
            kinds,
        }),
        charts: Vec::new(),
    });
    graph.append(kind_graph);
    feeds::add(&mut graph, &site.config, indexes);
    departments.add_pages(&mut graph, indexes);
    site_pages::add(&mut graph, site);
    graph
}

/// The rating summary of a plan, or of its policy node `policy` (with its children), for the
/// whole period or one fiscal year — the numbers its pages show. Re-listed placements count as
/// the plan's `count_relisted` says. `None` when the plan has no node `policy`.
pub fn summarize(data: &PlanData, policy: Option<&str>, when: When) -> Option<RatingSummary> {
    let index = PlanIndex::new(data);
    let node = match policy {
        Some(id) => Some(index.node(id)?),
        None => None,
    };
    Some(index.summary(node, when, summary::Measure::Rating))
}

/// The link to the home page, first in every trail of breadcrumbs.
fn home_link() -> views::Link {
    views::Link {
        title: "ホーム".to_string(),
        url: urls::home(),
    }
}
