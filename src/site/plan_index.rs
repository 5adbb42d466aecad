//! Lookups computed once per plan: the policy tree flattened with parents and depths, the
//! placements under each node, the sheets a summary counts, and the pieces every page of the plan
//! shows (rating tags, project rows, breadcrumbs).

use std::collections::{BTreeSet, HashMap};

use crate::fiscal_year::FiscalYear;
use crate::model::number::PrintedNumber;
use crate::model::{PlanData, Policy, Project, Scale, Sheet};
use crate::site::department_pages::organization;
use crate::site::summary::{Measure, RatingSummary, Weighted, When};
use crate::site::urls;
use crate::site::views::{
    ContactView, Link, MeasureValue, NoticeView, PageHead, ProjectRow, RatingTag, RowRating,
};
use crate::text::fold_width;

/// The colour of a "not rated" tag (4.5:1 on white).
const NOT_RATED_COLOR: &str = "#767676";

/// One node of the policy tree with its place in it.
#[derive(Debug)]
pub struct NodeInfo<'a> {
    /// The node.
    pub node: &'a Policy,
    /// 0 for a top-level node.
    pub depth: usize,
    /// The parent's index in [`PlanIndex::nodes`].
    pub parent: Option<usize>,
}

/// A project placed under a node: the project's index and which of its placements it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index into `data.projects`.
    pub project: usize,
    /// Index into the project's `placements` (0 = original, others re-listed).
    pub placement: usize,
}

/// A plan with its lookups.
#[derive(Debug)]
pub struct PlanIndex<'a> {
    /// The plan and its projects.
    pub data: &'a PlanData,
    /// Every node, depth first.
    pub nodes: Vec<NodeInfo<'a>>,
    by_id: HashMap<&'a str, usize>,
    /// Per node (and, last, for the root): the indices of its children, in order.
    children: Vec<Vec<usize>>,
    /// Per node: the placements directly under it, in printed-number order.
    direct: Vec<Vec<Placed>>,
    /// Projects placed under no node, in number order.
    pub unplaced: Vec<usize>,
    /// What the plan's summaries count, each with the fiscal years (shown) in which some sheet
    /// has a value: the ratings, when some sheet has one or the plan has neither statuses nor
    /// rates; then the statuses and the achievement rates, when some sheet has one. The first is
    /// the plan's main measure: the one its project tables and filters show.
    pub measures: Vec<(Measure, Vec<FiscalYear>)>,
    /// Whether some sheet has a rating for the whole period.
    pub has_period_ratings: bool,
}

impl<'a> PlanIndex<'a> {
    /// Indexes `data`. Placements naming a node the plan lacks are ignored (validation reports
    /// them).
    pub fn new(data: &'a PlanData) -> Self {
        let mut nodes = Vec::new();
        flatten(&data.plan.policies, 0, None, &mut nodes);
        let by_id: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.node.id.as_str(), i))
            .collect();
        let mut children = vec![Vec::new(); nodes.len() + 1];
        for (i, n) in nodes.iter().enumerate() {
            children[n.parent.unwrap_or(nodes.len())].push(i);
        }
        let mut direct: Vec<Vec<(Placed, NumberKey)>> = vec![Vec::new(); nodes.len()];
        let mut unplaced = Vec::new();
        for (p, project) in data.projects.iter().enumerate() {
            let mut placed = false;
            for (k, placement) in project.placements.iter().enumerate() {
                if let Some(&n) = by_id.get(placement.policy.as_str()) {
                    let key = number_key(project.number_in(k), &project.id);
                    direct[n].push((
                        Placed {
                            project: p,
                            placement: k,
                        },
                        key,
                    ));
                    placed = true;
                }
            }
            if !placed {
                unplaced.push(p);
            }
        }
        let direct = direct
            .into_iter()
            .map(|mut list| {
                list.sort_by(|a, b| a.1.cmp(&b.1));
                list.into_iter().map(|(placed, _)| placed).collect()
            })
            .collect();
        unplaced.sort_by_cached_key(|&p| {
            number_key(data.projects[p].number.as_deref(), &data.projects[p].id)
        });

        let shown = data.plan.shown_years();
        let mut rated_years = BTreeSet::new();
        let mut status_years = BTreeSet::new();
        let mut rate_years = BTreeSet::new();
        let mut has_period_ratings = false;
        for project in &data.projects {
            for sheet in project.sheets() {
                has_period_ratings |= sheet.rating().is_some();
                for (fy, entry) in &sheet.years().0 {
                    let Some(entry) = entry.as_ref().filter(|_| shown.contains(*fy)) else {
                        continue;
                    };
                    if entry.rating.is_some() {
                        rated_years.insert(*fy);
                    }
                    if entry.status.is_some() {
                        status_years.insert(*fy);
                    }
                    if entry.achievement.is_some() {
                        rate_years.insert(*fy);
                    }
                }
            }
        }
        let has_statuses = data.plan.status_scale().is_some() && !status_years.is_empty();
        let mut measures = Vec::new();
        if has_period_ratings || !rated_years.is_empty() || (!has_statuses && rate_years.is_empty())
        {
            measures.push((Measure::Rating, rated_years.into_iter().collect()));
        }
        if has_statuses {
            measures.push((Measure::Status, status_years.into_iter().collect()));
        }
        if !rate_years.is_empty() {
            measures.push((Measure::Achievement, rate_years.into_iter().collect()));
        }
        PlanIndex {
            data,
            nodes,
            by_id,
            children,
            direct,
            unplaced,
            measures,
            has_period_ratings,
        }
    }

    /// The plan's id.
    pub fn id(&self) -> &'a str {
        &self.data.plan.id
    }

    /// The index of the node with `id`.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The placements directly under node `n`.
    pub fn direct(&self, n: usize) -> &[Placed] {
        &self.direct[n]
    }

    /// The children of node `n` (of the root when `None`), in order.
    pub fn children(&self, n: Option<usize>) -> &[usize] {
        &self.children[n.unwrap_or(self.nodes.len())]
    }

    /// Node `n` and all its descendants, in tree order.
    pub fn subtree(&self, n: usize) -> Vec<usize> {
        let mut out = vec![n];
        let mut i = 0;
        while i < out.len() {
            out.extend_from_slice(self.children(Some(out[i])));
            i += 1;
        }
        out.sort_unstable();
        out
    }

    /// The projects under node `n` and its descendants, each once, in tree order.
    pub fn subtree_projects(&self, n: usize) -> Vec<usize> {
        let mut seen = vec![false; self.data.projects.len()];
        let mut out = Vec::new();
        for node in self.subtree(n) {
            for placed in &self.direct[node] {
                if !std::mem::replace(&mut seen[placed.project], true) {
                    out.push(placed.project);
                }
            }
        }
        out
    }

    /// The sheets a summary of node `n` (of the whole plan when `None`) counts, each with its
    /// weight: its number of placements there when the plan counts re-listings, else 1.
    pub fn weighted_sheets(&self, n: Option<usize>) -> Vec<Weighted<'a>> {
        let projects: &'a [Project] = &self.data.projects;
        let mut weights = vec![0usize; projects.len()];
        match n {
            Some(n) => {
                for node in self.subtree(n) {
                    for placed in &self.direct[node] {
                        weights[placed.project] += 1;
                    }
                }
            }
            None => {
                for (p, project) in projects.iter().enumerate() {
                    weights[p] = project.placements.len().max(1);
                }
            }
        }
        let count_relisted = self.data.plan.count_relisted;
        projects
            .iter()
            .zip(weights)
            .filter(|(_, w)| *w > 0)
            .flat_map(|(project, w)| {
                let weight = if count_relisted { w } else { 1 };
                project.sheets().into_iter().map(move |s| (s, weight))
            })
            .collect()
    }

    /// The summary of `measure` under node `n` (or in the plan) for `when`.
    pub fn summary(&self, n: Option<usize>, when: When, measure: Measure) -> RatingSummary {
        RatingSummary::of(&self.data.plan, measure, when, self.weighted_sheets(n))
    }

    /// The plan's main measure: what its project tables and filters show.
    pub fn main_measure(&self) -> Measure {
        self.measures.first().map_or(Measure::Rating, |(m, _)| *m)
    }

    /// The fiscal years in which some sheet has a value of `measure`.
    pub fn measure_years(&self, measure: Measure) -> &[FiscalYear] {
        self.measures
            .iter()
            .find(|(m, _)| *m == measure)
            .map_or(&[], |(_, years)| years.as_slice())
    }

    /// What a table of projects shows of the main measure: its latest year, else the period.
    pub fn table_when(&self) -> When {
        self.measure_years(self.main_measure())
            .last()
            .map_or(When::Period, |&fy| When::Year(fy))
    }

    /// What `measure` is called in the plan (評価, 進捗状況, 達成率).
    pub fn measure_name(&self, measure: Measure) -> String {
        measure.name(&self.data.plan)
    }

    /// The column heading of the main measure in project tables for `when`: 評価,
    /// 令和5年度の取組状況.
    pub fn rating_heading(&self, when: When) -> String {
        self.measure_heading(self.main_measure(), when)
    }

    /// The heading of the column of project tables for `when`: the main measure's heading and
    /// the names of the other measures its cells show (令和5年度の取組状況・達成率).
    pub fn column_heading(&self, when: When) -> String {
        let mut heading = self.rating_heading(when);
        for (measure, fy) in self.other_measures(when) {
            heading.push('・');
            if when == When::Year(fy) {
                heading.push_str(&self.measure_name(measure));
            } else {
                heading.push_str(&self.measure_heading(measure, When::Year(fy)));
            }
        }
        heading
    }

    /// What `measure`'s values for `when` are called: 評価, 令和5年度の達成率.
    pub fn measure_heading(&self, measure: Measure, when: When) -> String {
        let name = self.measure_name(measure);
        match when {
            When::Period => name,
            When::Year(fy) => format!("{}の{name}", fy.wareki()),
        }
    }

    /// The plan's measures other than the main one that a table whose main measure is shown
    /// for `when` also shows, each with its year: the same year, or for a period's table the
    /// measure's latest year. A measure no sheet has a value of in that year is left out.
    pub fn other_measures(&self, when: When) -> Vec<(Measure, FiscalYear)> {
        self.measures
            .iter()
            .skip(1)
            .filter_map(|(measure, years)| {
                let fy = match when {
                    When::Year(fy) => years.contains(&fy).then_some(fy)?,
                    When::Period => *years.last()?,
                };
                Some((*measure, fy))
            })
            .collect()
    }

    /// The tag of the value of `measure` printed on `sheet`.
    pub fn measure_tag(
        &self,
        measure: Measure,
        sheet: &Sheet<'_>,
        printed: &str,
    ) -> Option<RatingTag> {
        match measure {
            Measure::Rating => self.rating_tag(sheet, printed),
            Measure::Status => self.status_tag(printed),
            Measure::Achievement => self.achievement_tag(printed),
        }
    }

    /// Node `n` and its ancestors, top-level first.
    pub fn ancestry(&self, n: usize) -> Vec<usize> {
        let mut chain = vec![n];
        let mut current = n;
        while let Some(parent) = self.nodes[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }

    /// What node `n`'s level is called (重点施策, 施策の方向), or 施策 where the plan gives the
    /// level no name.
    pub fn level_word(&self, n: usize) -> String {
        self.data
            .plan
            .level_name(self.nodes[n].depth)
            .unwrap_or("施策")
            .to_string()
    }

    /// `（1） 高齢者に対する支援` — number and name, as a link title.
    pub fn node_title(&self, n: usize) -> String {
        let node = self.nodes[n].node;
        match &node.number {
            Some(number) => format!("{number} {}", node.name),
            None => node.name.clone(),
        }
    }

    /// A link to node `n`'s page.
    pub fn node_link(&self, n: usize) -> Link {
        Link {
            title: self.node_title(n),
            url: urls::policy(self.id(), &self.nodes[n].node.id),
        }
    }

    /// The head of one of the plan's pages: its title and breadcrumbs, with the plan's notice
    /// and feed.
    pub fn page_head(&self, title: String, breadcrumbs: Vec<Link>) -> PageHead {
        let notice = self.data.plan.notice.as_ref().map(|n| NoticeView {
            heading: n.heading.clone().unwrap_or_else(|| "相談窓口".to_string()),
            text: n.text.clone(),
            contacts: n
                .contacts
                .iter()
                .map(|c| ContactView {
                    name: c.name.clone(),
                    tel: c.tel.clone(),
                    tel_uri: c.tel_uri(),
                    url: c.url.clone(),
                    hours: c.hours.clone(),
                })
                .collect(),
            source: n.source.clone(),
        });
        PageHead {
            title,
            breadcrumbs,
            notice,
            feed: (!self.results_years().is_empty()).then(|| Link {
                title: format!("{}の実施状況（Atom）", self.data.plan.title),
                url: urls::feed(self.id()),
            }),
        }
    }

    /// The fiscal years shown that some sheet reports results for
    /// ([`crate::model::YearEntry::has_results`]; a year's plan alone is not one): each an
    /// entry of the plan's feed.
    pub fn results_years(&self) -> Vec<FiscalYear> {
        self.data
            .plan
            .shown_years()
            .years()
            .filter(|&fy| {
                self.data.projects.iter().any(|p| {
                    p.sheets()
                        .iter()
                        .any(|s| s.years().get(fy).is_some_and(|e| e.has_results()))
                })
            })
            .collect()
    }

    /// A link to the plan's page.
    pub fn plan_link(&self) -> Link {
        Link {
            title: self.data.plan.title.clone(),
            url: urls::plan(self.id()),
        }
    }

    /// The scale `sheet` rates on.
    pub fn sheet_scale(&self, sheet: &Sheet<'_>) -> Option<&'a Scale> {
        let plan = &self.data.plan;
        sheet
            .scale()
            .and_then(|id| plan.scale(id))
            .or_else(|| plan.rating_scale())
    }

    /// The tag of a rating printed on `sheet`: its code on the sheet's scale, or a "not rated"
    /// tag for a "not rated" mark; `None` if the scale lacks it.
    pub fn rating_tag(&self, sheet: &Sheet<'_>, printed: &str) -> Option<RatingTag> {
        let scale = self.sheet_scale(sheet)?;
        tag_on(scale, printed)
    }

    /// The tag of a printed status on the plan's status scale.
    pub fn status_tag(&self, printed: &str) -> Option<RatingTag> {
        tag_on(self.data.plan.status_scale()?, printed)
    }

    /// The tag of a printed achievement rate: its band (with the rate as printed), or the text
    /// itself for a mark that is not a number (「-」).
    pub fn achievement_tag(&self, printed: &str) -> Option<RatingTag> {
        let plan = &self.data.plan;
        let rate = PrintedNumber::from_text(printed);
        let (code, color) = match rate.value.and_then(|v| plan.achievement_band(v)) {
            Some(band) => (band.label.clone(), band.color.clone()),
            None => (
                format!("「{}」", printed.trim()),
                NOT_RATED_COLOR.to_string(),
            ),
        };
        Some(RatingTag {
            label: rate.as_percent().trim().to_string(),
            code,
            description: None,
            color,
            printed: printed.to_string(),
        })
    }

    /// The last fiscal year `project` ran within the years shown.
    pub fn last_year(&self, project: &Project) -> FiscalYear {
        let shown = self.data.plan.shown_years();
        project
            .ended
            .as_ref()
            .map_or(shown.to, |e| e.fy.min(shown.to))
    }

    /// Project `p` in placement `placement` as a row of a table, with its values of the main
    /// measure for `when`.
    pub fn project_row(&self, p: usize, placement: usize, when: When) -> ProjectRow {
        let project = &self.data.projects[p];
        let period = &self.data.plan.period;
        let last = self.last_year(project);
        let plan = &self.data.plan;
        let mut departments: Vec<(&str, &str)> = Vec::new();
        let mut ratings = Vec::new();
        let measure = self.main_measure();
        let others = self.other_measures(when);
        for sheet in project.sheets() {
            for term in sheet.department_terms(period) {
                let responsible = term.from <= last && term.to.is_some_and(|to| last <= to);
                let key = (organization(plan, &term), term.name);
                if responsible && !departments.contains(&key) {
                    departments.push(key);
                }
            }
            let tag = measure
                .printed(&sheet, when)
                .and_then(|printed| self.measure_tag(measure, &sheet, printed));
            let also = others
                .iter()
                .filter(|(_, fy)| sheet.years().get(*fy).is_some())
                .map(|&(other, fy)| MeasureValue {
                    key: other.key(),
                    name: if when == When::Year(fy) {
                        self.measure_name(other)
                    } else {
                        self.measure_heading(other, When::Year(fy))
                    },
                    tag: other
                        .printed(&sheet, When::Year(fy))
                        .and_then(|printed| self.measure_tag(other, &sheet, printed)),
                })
                .collect();
            ratings.push(RowRating {
                part: sheet.label().map(str::to_string),
                measure: measure.key(),
                tag,
                also,
            });
        }
        let status = match (&project.ended, &project.completed, &project.added) {
            (Some(ended), _, _) => Some(format!("{}で終了", ended.fy.wareki())),
            (None, Some(done), _) => Some(format!("{}達成", done.fy.wareki())),
            (None, None, Some(added)) => Some(format!("新規（{}）", added.fy.wareki())),
            (None, None, None) => None,
        };
        ProjectRow {
            url: urls::project(self.id(), &project.id),
            number: project.number_in(placement).map(str::to_string),
            name: project.name.clone(),
            relisted: placement > 0,
            departments: departments
                .into_iter()
                .map(|(org, name)| Link {
                    title: name.to_string(),
                    url: urls::department(org, name),
                })
                .collect(),
            ratings,
            status,
        }
    }
}

/// The tag of `printed` on `scale`.
fn tag_on(scale: &Scale, printed: &str) -> Option<RatingTag> {
    if scale.is_not_rated(printed) {
        return Some(RatingTag {
            code: printed.trim().to_string(),
            label: format!("{}なし", scale.name),
            description: None,
            color: NOT_RATED_COLOR.to_string(),
            printed: printed.to_string(),
        });
    }
    scale.find(printed).map(|code| RatingTag {
        code: code.code.clone(),
        label: code.label().to_string(),
        description: code.description.clone(),
        color: code.color.clone(),
        printed: printed.to_string(),
    })
}

fn flatten<'a>(
    nodes: &'a [Policy],
    depth: usize,
    parent: Option<usize>,
    out: &mut Vec<NodeInfo<'a>>,
) {
    for node in nodes {
        let index = out.len();
        out.push(NodeInfo {
            node,
            depth,
            parent,
        });
        flatten(&node.children, depth + 1, Some(index), out);
    }
}

/// Sort key of a printed number: numeric numbers by value (full-width digits too), then other
/// numbers as text, then no number; ties by id.
type NumberKey = (u8, u64, String, String);

fn number_key(number: Option<&str>, id: &str) -> NumberKey {
    let id = id.to_string();
    let Some(number) = number else {
        return (2, 0, String::new(), id);
    };
    let digits: String = number.trim().chars().map(fold_width).collect();
    match digits.parse::<u64>() {
        Ok(n) => (0, n, String::new(), id),
        Err(_) => (1, 0, number.to_string(), id),
    }
}
