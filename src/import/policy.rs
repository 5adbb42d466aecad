//! The policy node a sheet's cells name: by its id, its printed number, its name, or the level's
//! name with the number (`基本施策１`, `施策1-1-②`), whatever the width of the characters and
//! the spaces between them. With several columns, each names a node under the one before.

use crate::diagnostics::did_you_mean;
use crate::model::{Plan, Policy};

/// The plan's policy tree, with the forms in which a sheet may print each node.
pub(super) struct PolicyTree<'a> {
    nodes: Vec<Node<'a>>,
}

struct Node<'a> {
    policy: &'a Policy,
    /// The index of its parent in `nodes`.
    parent: Option<usize>,
    /// The node as shown in messages: `施策 1-1 地域で支え合う`.
    shown: String,
    /// The forms that name it, as [`key`]s: its id, its name, the level with the number, the
    /// number with the name.
    forms: Vec<String>,
    /// Its number alone, as a [`key`]: a weaker form, as numbers restart under each parent.
    number: Option<String>,
    /// The forms as printed, for "did you mean".
    printed: Vec<String>,
}

impl<'a> PolicyTree<'a> {
    /// The tree of `plan`.
    pub fn new(plan: &'a Plan) -> PolicyTree<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut parents: Vec<usize> = Vec::new();
        for (depth, policy) in plan.policy_nodes() {
            parents.truncate(depth);
            let level = plan.level_name(depth).unwrap_or_default();
            let number = policy.number.as_deref().unwrap_or_default();
            let mut printed = vec![policy.id.clone(), policy.name.clone()];
            if !number.is_empty() {
                printed.extend([
                    number.to_string(),
                    format!("{level}{number}"),
                    format!("{number} {}", policy.name),
                    format!("{level}{number} {}", policy.name),
                ]);
            }
            let shown = [level, number, &policy.name]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            nodes.push(Node {
                policy,
                parent: parents.last().copied(),
                shown,
                forms: printed
                    .iter()
                    .filter(|p| p.as_str() != number)
                    .map(|p| key(p))
                    .collect(),
                number: (!number.is_empty()).then(|| key(number)),
                printed,
            });
            parents.push(nodes.len() - 1);
        }
        PolicyTree { nodes }
    }

    /// The id of the node the cells name, top down; empty cells are skipped.
    ///
    /// # Errors
    /// The index of the cell that names no node, or several, and why, with a hint.
    pub fn find(&self, cells: &[&str]) -> Result<&'a str, (usize, String, String)> {
        let mut within: Option<usize> = None;
        for (i, cell) in cells.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let wanted = key(cell);
            // The next column may name the same node again (a name column, then a number one).
            let under = |n: usize| within.is_none_or(|w| n == w || self.is_under(n, w));
            let strong: Vec<usize> = (0..self.nodes.len())
                .filter(|&n| under(n) && self.nodes[n].forms.contains(&wanted))
                .collect();
            // A number alone counts only when nothing is named by a fuller form.
            let best: Vec<usize> = if strong.is_empty() {
                (0..self.nodes.len())
                    .filter(|&n| under(n) && self.nodes[n].number.as_ref() == Some(&wanted))
                    .collect()
            } else {
                strong
            };
            match best.as_slice() {
                [one] => within = Some(*one),
                [] => {
                    let printed = (0..self.nodes.len())
                        .filter(|&n| under(n))
                        .flat_map(|n| self.nodes[n].printed.iter().map(String::as_str));
                    let hint = match did_you_mean(cell, printed) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => {
                            "write the policy's id, its number or its name as plan.yaml has them"
                                .to_string()
                        }
                    };
                    let place = match within {
                        Some(w) => format!(" under `{}`", self.nodes[w].shown),
                        None => String::new(),
                    };
                    return Err((i, format!("the plan has no policy `{cell}`{place}"), hint));
                }
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .map(|&n| {
                            format!("`{}` ({})", self.nodes[n].shown, self.nodes[n].policy.id)
                        })
                        .collect();
                    return Err((
                        i,
                        format!("`{cell}` could be any of {}", names.join(", ")),
                        "write the level's name with the number (施策1-2), or map a column per level: policy = [\"…\", \"…\"]"
                            .to_string(),
                    ));
                }
            }
        }
        match within {
            Some(n) => Ok(self.nodes[n].policy.id.as_str()),
            None => Err((0, "the row names no policy".to_string(), String::new())),
        }
    }

    /// Whether node `n` is `ancestor` or below it.
    fn is_under(&self, n: usize, ancestor: usize) -> bool {
        let mut at = Some(n);
        while let Some(i) = at {
            if i == ancestor {
                return i != n;
            }
            at = self.nodes[i].parent;
        }
        false
    }
}

/// `text` as compared with the forms of a node ([`super::rows::loose`]).
fn key(text: &str) -> String {
    super::rows::loose(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        let mut plan: Plan = serde_yaml::from_str(
            "municipality: 見本町\ntitle: t\nperiod: {from: 2022, to: 2026}\nsource: {document: d}\nlevels: [{name: 基本目標}, {name: 施策}]\npolicies:\n  - {id: g1, number: '1', name: 支え合う, children: [{id: g1-1, number: （１）, name: 見守り}, {id: g1-2, number: （２）, name: 居場所}]}\n  - {id: g2, number: '2', name: 相談する, children: [{id: g2-1, number: （１）, name: 窓口}]}\nscales: []\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        plan.id = "p".to_string();
        plan
    }

    #[test]
    fn a_node_is_found_by_id_number_name_or_level_and_number() {
        let plan = plan();
        let tree = PolicyTree::new(&plan);
        for cells in [
            vec!["g1-2"],
            vec!["居場所"],
            vec!["基本目標１", "（２）"],
            vec!["1", "(2)"],
            vec!["１　支え合う", "施策（２）"],
            vec!["支え合う", "(2) 居場所"],
        ] {
            assert_eq!(tree.find(&cells), Ok("g1-2"), "{cells:?}");
        }
        assert_eq!(tree.find(&["基本目標2", ""]), Ok("g2"));
        // Two columns of one level: the name, then the number.
        assert_eq!(tree.find(&["見守り", "（１）"]), Ok("g1-1"));
    }

    #[test]
    fn a_number_used_under_two_nodes_needs_its_parent() {
        let plan = plan();
        let tree = PolicyTree::new(&plan);
        let (at, message, _) = tree.find(&["(1)"]).err().unwrap_or_default();
        assert_eq!(at, 0);
        assert_eq!(
            message,
            "`(1)` could be any of `施策 （１） 見守り` (g1-1), `施策 （１） 窓口` (g2-1)"
        );
        let (at, message, hint) = tree.find(&["1", "居場書"]).err().unwrap_or_default();
        assert_eq!(
            (at, message.as_str(), hint.as_str()),
            (
                1,
                "the plan has no policy `居場書` under `基本目標 1 支え合う`",
                "did you mean `居場所`?"
            )
        );
    }
}
