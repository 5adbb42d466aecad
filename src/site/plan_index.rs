//! Lookups computed once per plan: the policy tree flattened with parents and depths, the projects
//! placed under each node, and the pieces every page of the plan shows (rating tags, project rows,
//! breadcrumbs).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::fiscal_year::FiscalYear;
use crate::model::{PlanData, Policy, Project, Scale};
use crate::site::urls;
use crate::site::views::{Link, ProjectRow, RatingTag};

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

/// A plan with its lookups.
#[derive(Debug)]
pub struct PlanIndex<'a> {
    /// The plan and its projects.
    pub data: &'a PlanData,
    /// The plan's rating scale (an empty scale if the plan has none, which validation rejects).
    pub scale: Cow<'a, Scale>,
    /// Every node, depth first.
    pub nodes: Vec<NodeInfo<'a>>,
    by_id: HashMap<&'a str, usize>,
    /// Per node (and, last, for the root): the indices of its children, in order.
    children: Vec<Vec<usize>>,
    /// Per node: indices into `data.projects` of the projects placed directly under it, in number
    /// order.
    direct: Vec<Vec<usize>>,
    /// Indices of the projects placed under no node, in number order.
    pub unplaced: Vec<usize>,
}

impl<'a> PlanIndex<'a> {
    /// Indexes `data`. Placements naming a node the plan lacks are ignored (validation reports
    /// them).
    pub fn new(data: &'a PlanData) -> Self {
        let scale = data.plan.rating_scale().map_or_else(
            || {
                Cow::Owned(Scale {
                    id: String::new(),
                    name: "評価".to_string(),
                    codes: Vec::new(),
                })
            },
            Cow::Borrowed,
        );
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
        let mut direct = vec![Vec::new(); nodes.len()];
        let mut unplaced = Vec::new();
        let mut order: Vec<usize> = (0..data.projects.len()).collect();
        order.sort_by_cached_key(|&i| number_key(&data.projects[i]));
        for i in order {
            let project = &data.projects[i];
            let mut placed = false;
            for policy in &project.policies {
                if let Some(&n) = by_id.get(policy.as_str()) {
                    // Projects arrive in order, so a policy listed twice shows up as the last one.
                    if direct[n].last() != Some(&i) {
                        direct[n].push(i);
                    }
                    placed = true;
                }
            }
            if !placed {
                unplaced.push(i);
            }
        }
        PlanIndex {
            data,
            scale,
            nodes,
            by_id,
            children,
            direct,
            unplaced,
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

    /// The projects placed directly under node `n`.
    pub fn direct_projects(&self, n: usize) -> &[usize] {
        &self.direct[n]
    }

    /// The children of node `n` (of the root when `None`), in order.
    pub fn children(&self, n: Option<usize>) -> &[usize] {
        &self.children[n.unwrap_or(self.nodes.len())]
    }

    /// Node `n` and all its descendants, depth first.
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
            for &p in &self.direct[node] {
                if !std::mem::replace(&mut seen[p], true) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Node `n` and its ancestors, top-level first.
    pub fn ancestry(&self, n: usize) -> Vec<usize> {
        let mut chain = vec![n];
        while let Some(parent) = self.nodes[*chain.last().unwrap_or(&n)].parent {
            chain.push(parent);
        }
        chain.reverse();
        chain
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

    /// A link to the plan's page.
    pub fn plan_link(&self) -> Link {
        Link {
            title: self.data.plan.title.clone(),
            url: urls::plan(self.id()),
        }
    }

    /// The tag of a printed rating, or `None` if the scale lacks it.
    pub fn rating_tag(&self, printed: &str) -> Option<RatingTag> {
        self.scale.find(printed).map(|code| RatingTag {
            code: code.code.clone(),
            label: code.label.clone(),
            description: code.description.clone(),
            color: code.color.clone(),
            printed: printed.to_string(),
        })
    }

    /// The last fiscal year `project` ran within the plan period.
    pub fn last_year(&self, project: &Project) -> FiscalYear {
        let period = &self.data.plan.period;
        project
            .ended
            .as_ref()
            .map_or(period.to, |e| e.fy.min(period.to))
    }

    /// Project `p` as a row of a project table.
    pub fn project_row(&self, p: usize) -> ProjectRow {
        let project = &self.data.projects[p];
        let period = &self.data.plan.period;
        let departments = project
            .departments_in(self.last_year(project), period)
            .into_iter()
            .map(|name| Link {
                title: name.to_string(),
                url: urls::department(name),
            })
            .collect();
        let status = match (&project.ended, &project.added) {
            (Some(ended), _) => Some(format!("{}で終了", ended.fy.wareki())),
            (None, Some(added)) => Some(format!("新規（{}）", added.fy.wareki())),
            (None, None) => None,
        };
        ProjectRow {
            url: urls::project(self.id(), &project.id),
            number: project.number.clone(),
            name: project.name.clone(),
            departments,
            rating: project.rating.as_deref().and_then(|r| self.rating_tag(r)),
            status,
        }
    }
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

/// Sort key putting projects in printed-number order: numeric numbers by value (full-width
/// digits too), then other numbers as text, then projects without a number; ties by id.
fn number_key(project: &Project) -> (u8, u64, String, String) {
    let id = project.id.clone();
    let Some(number) = project.number.as_deref() else {
        return (2, 0, String::new(), id);
    };
    let digits: String = number
        .chars()
        .filter_map(|c| {
            c.to_digit(10)
                .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
        })
        .map(|d| char::from_digit(d, 10).unwrap_or('0'))
        .collect();
    match digits.parse::<u64>() {
        Ok(n) if digits.chars().count() == number.trim().chars().count() => {
            (0, n, String::new(), id)
        }
        _ => (1, 0, number.to_string(), id),
    }
}
