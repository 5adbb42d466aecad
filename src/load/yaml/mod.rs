//! Reading one YAML file into a model type, turning every failure into a [`Diagnostic`] that
//! names the file, line and column and says what was expected.
//!
//! A file is parsed once, by saphyr-parser, into a [`tree::Node`] tree that knows where each
//! node is written, and the model type is deserialised from that tree ([`de`]), reading scalars
//! as serde_yaml does. A file that does not deserialise is deserialised from the same tree again
//! and again: serde stops at the first problem, but staff should see all of them in one run. Each
//! time, the problem is recorded with its kind ([`de::Problem`]) at its path
//! (serde_path_to_error), the offending key or item is removed, and the rest is tried again.
//! Whatever remains is returned, so that checks needing the whole plan still run on it.
//!
//! What a diagnostic says is built from those structured values — the kind, the keys allowed, the
//! node's position — never read back out of another crate's message. A YAML syntax error is
//! described from what the file shows where the parser stopped (`syntax`); only one the file
//! gives no account of is shown in the parser's own words.

pub mod de;
mod scalar;
mod syntax;
pub mod tree;

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::diagnostics::{Code, Diagnostic, Position, did_you_mean};
use crate::load::SourceFile;
use crate::load::source_map::join;
use de::{NodeDeserializer, Problem};
use tree::{Node, Value};

/// At most this many problems are reported per file.
const MAX_PROBLEMS: usize = 100;

/// What reading one file gave: the value, if anything could be read, and every problem found.
/// A value with problems is the file without its offending parts.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The deserialised value.
    pub value: Option<T>,
    /// The problems, in document order.
    pub problems: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    fn failed(problem: Diagnostic) -> Parsed<T> {
        Parsed {
            value: None,
            problems: vec![problem],
        }
    }
}

/// Parses `file` as `T`, reporting every problem.
///
/// A YAML syntax error ([`Code::Syntax`]: also a key written twice, a second document, aliases
/// that repeat without end) ends the reading: nothing after it can be trusted. Schema problems
/// ([`Code::UnknownField`], [`Code::MissingField`], [`Code::WrongType`]) are all reported, each
/// with a hint where one helps.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Parsed<T> {
    if file.text.trim().is_empty() {
        let d = Diagnostic::error(Code::MissingField, &file.path, "the file is empty")
            .with_hint("start from another file of the same kind, or remove this one");
        return Parsed::failed(d);
    }
    if let Some(d) = syntax::control_character(file) {
        return Parsed::failed(d);
    }
    let root = match tree::read(&file.text) {
        Ok(Some(root)) => root,
        Ok(None) => return Parsed::failed(not_a_mapping(file, None)),
        Err(e) => return Parsed::failed(syntax::tree_problem(file, e)),
    };
    if !matches!(root.value, Value::Mapping(_)) {
        return Parsed::failed(not_a_mapping(file, Some(&root)));
    }
    from_tree(file, root)
}

/// Deserialises `T` from `root`, the tree of `file` (a YAML file, or another format read into
/// the same tree, as `site.toml` is), reporting every schema problem with its node's position.
pub fn from_tree<T: DeserializeOwned>(file: &SourceFile, mut root: Node) -> Parsed<T> {
    let mut removed = Removed::default();
    let mut pruned: Vec<String> = Vec::new();
    let mut misspelt: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    while problems.len() < MAX_PROBLEMS {
        let error = match serde_path_to_error::deserialize::<_, T>(NodeDeserializer(&root)) {
            Ok(value) => {
                return Parsed {
                    value: Some(value),
                    problems,
                };
            }
            Err(e) => e,
        };
        let segments: Vec<Segment> = error.path().iter().cloned().collect();
        let original = removed.original_path(&segments);
        let problem = error.into_inner();
        // A field found missing because its unreadable value was removed to go on has been
        // reported already; so has a field missing because its key is misspelt (`nmae`).
        let follow_on = match &problem {
            Problem::MissingField(field) => {
                let path = join(&original, field);
                pruned.contains(&path) || misspelt.contains(&path)
            }
            _ => false,
        };
        if !follow_on {
            let (d, meant) = schema_problem(file, &root, &segments, &original, &problem);
            if let Some(meant) = meant {
                let block = original.rsplit_once('.').map_or("", |(parent, _)| parent);
                misspelt.push(join(block, meant));
            }
            problems.push(d);
        }
        if !removed.prune(&mut root, &segments) {
            break;
        }
        pruned.push(original);
    }
    Parsed {
        value: None,
        problems,
    }
}

/// Items removed from sequences so far, to translate paths of the pruned tree back to the file's
/// own indices.
#[derive(Default)]
struct Removed {
    /// For each sequence (by its path in the file), the file's indices of its removed items.
    by_sequence: HashMap<String, Vec<usize>>,
}

impl Removed {
    /// The dotted path in the file of a path in the pruned tree.
    fn original_path(&self, segments: &[Segment]) -> String {
        let mut path = String::new();
        for segment in segments {
            let part = match segment {
                Segment::Seq { index } => self.original_index(&path, *index).to_string(),
                Segment::Map { key } => key.clone(),
                Segment::Enum { variant } => variant.clone(),
                Segment::Unknown => "?".to_string(),
            };
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&part);
        }
        path
    }

    /// The file's index of item `index` of the pruned sequence at `sequence`.
    fn original_index(&self, sequence: &str, index: usize) -> usize {
        let mut gone = self.by_sequence.get(sequence).cloned().unwrap_or_default();
        gone.sort_unstable();
        let mut original = index;
        for g in gone {
            if g <= original {
                original += 1;
            }
        }
        original
    }

    /// Removes the node at `segments` from the tree so that deserialising can go on; `false`
    /// when there is nothing to remove (the problem is the whole document).
    fn prune(&mut self, root: &mut Node, segments: &[Segment]) -> bool {
        let Some((last, parent)) = segments.split_last() else {
            return false;
        };
        let mut node = root;
        for segment in parent {
            let child = match (segment, &mut node.value) {
                (Segment::Map { key }, Value::Mapping(entries)) => entries
                    .iter_mut()
                    .find(|(k, _)| k.key_text() == key)
                    .map(|(_, v)| v),
                (Segment::Seq { index }, Value::Sequence(items)) => items.get_mut(*index),
                _ => None,
            };
            match child {
                Some(child) => node = child,
                None => return false,
            }
        }
        match (last, &mut node.value) {
            (Segment::Map { key }, Value::Mapping(entries)) => {
                let before = entries.len();
                entries.retain(|(k, _)| k.key_text() != key);
                entries.len() < before
            }
            (Segment::Seq { index }, Value::Sequence(items)) if *index < items.len() => {
                let sequence = self.original_path(parent);
                let original = self.original_index(&sequence, *index);
                items.remove(*index);
                self.by_sequence.entry(sequence).or_default().push(original);
                true
            }
            _ => false,
        }
    }
}

/// The node at `segments` of `root`, or the deepest one on the way there; and the key node of
/// its entry when the whole path was found and ends at a key.
fn find<'a>(root: &'a Node, segments: &[Segment]) -> (&'a Node, Option<&'a Node>) {
    let mut node = root;
    let mut key = None;
    for segment in segments {
        let next = match (segment, &node.value) {
            (Segment::Map { key }, Value::Mapping(entries)) => entries
                .iter()
                .find(|(k, _)| k.key_text() == key)
                .map(|(k, v)| (v, Some(k))),
            (Segment::Seq { index }, Value::Sequence(items)) => {
                items.get(*index).map(|v| (v, None))
            }
            _ => None,
        };
        match next {
            Some((child, k)) => {
                node = child;
                key = k;
            }
            None => return (node, None),
        }
    }
    (node, key)
}

/// A schema problem serde reported at `segments` (`path` in the file's own indices), and the
/// key it suggests instead of a misspelt one.
fn schema_problem(
    file: &SourceFile,
    root: &Node,
    segments: &[Segment],
    path: &str,
    problem: &Problem,
) -> (Diagnostic, Option<&'static str>) {
    let (node, key) = find(root, segments);
    // A problem in a key (a fiscal year key that is not one) is pointed at the key.
    let (problem, in_key) = match problem {
        Problem::InKey(inner) => (&**inner, true),
        other => (other, false),
    };
    let (code, block, at_key, hint, meant) = match problem {
        Problem::UnknownField { field, expected } => {
            // The path ends with the field itself; the message names the block it is in.
            let block = path.rsplit_once('.').map_or("", |(parent, _)| parent);
            let unspaced = field.trim_matches('\u{3000}');
            let meant = expected
                .iter()
                .copied()
                .find(|k| unspaced != field.as_str() && *k == unspaced)
                .or_else(|| did_you_mean(field, expected.iter().copied()));
            let hint = match meant {
                _ if unspaced != field.as_str() => {
                    "the key is written with a full-width space (全角スペース), which YAML reads as part of the key; indent with half-width spaces".to_string()
                }
                Some(best) => format!("did you mean `{best}`?"),
                None if expected.is_empty() => "remove it".to_string(),
                None => format!("the keys allowed here are: {}", expected.join(", ")),
            };
            (Code::UnknownField, block, true, Some(hint), meant)
        }
        Problem::MissingField(_) => (Code::MissingField, path, false, None, None),
        Problem::DuplicateField(_) => (
            Code::Syntax,
            path,
            false,
            Some(syntax::DUPLICATE_HINT.to_string()),
            None,
        ),
        Problem::UnknownVariant { variant, expected } => {
            let hint = did_you_mean(variant, expected.iter().copied())
                .map(|best| format!("did you mean `{best}`?"));
            (Code::WrongType, path, in_key, hint, None)
        }
        Problem::WrongType { .. } | Problem::Refused(_) | Problem::InKey(_) => {
            (Code::WrongType, path, in_key, None, None)
        }
    };
    let message = match block {
        "" => problem.to_string(),
        block => format!("{block}: {problem}"),
    };
    let position = match key {
        Some(key) if at_key => key.at,
        _ => node.at,
    };
    let mut d = Diagnostic::error(code, &file.path, message).at(&file.text, position);
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    (d, meant)
}

/// The problem of a file whose top is not a block of keys: only comments (`None`), a list, one
/// value.
fn not_a_mapping(file: &SourceFile, root: Option<&Node>) -> Diagnostic {
    let (code, message, hint) = match root.map(|r| &r.value) {
        None => (
            Code::MissingField,
            "the file has only comments",
            "start from another file of the same kind, or remove this one",
        ),
        Some(_) if root.is_some_and(Node::is_null) => (
            Code::MissingField,
            "the file has only comments",
            "start from another file of the same kind, or remove this one",
        ),
        Some(Value::Sequence(_)) => (
            Code::WrongType,
            "the file is a list (lines starting with `- `); it must be keys and values",
            "write `id: …`, `name: …` at the start of the lines, without `- `",
        ),
        Some(_) => (
            Code::WrongType,
            "the file is a single value; it must be keys and values",
            "write `id: …`, `name: …`, each on its own line",
        ),
    };
    let position = root.map_or(Position { line: 1, column: 1 }, |r| r.at);
    Diagnostic::error(code, &file.path, message)
        .at(&file.text, position)
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::Project;

    fn problems(text: &str) -> Vec<Diagnostic> {
        let file = SourceFile {
            path: PathBuf::from("p.yaml"),
            text: text.to_string(),
        };
        parse::<Project>(&file).problems
    }

    fn error(text: &str) -> Diagnostic {
        problems(text)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{text:?} was accepted"))
    }

    #[test]
    fn an_unknown_field_suggests_the_closest_one() {
        let d = error("id: a\nname: n\ndepartments: [{name: x}]\nyears:\n  2019:\n    reslts: a\n");
        assert_eq!(d.code, Code::UnknownField);
        assert_eq!(d.position, Some(Position { line: 6, column: 5 }));
        assert_eq!(d.hint.as_deref(), Some("did you mean `results`?"));
        assert!(
            d.message.starts_with("years.2019: unknown field `reslts`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn every_schema_problem_of_a_file_is_reported_in_document_order() {
        let found = problems(
            "id: a\nnme: n\ndepartments:\n  - {name: x, form: 2020}\n  - {from: 2020}\n  - {name: z, frm: 1}\nyears:\n  2019: {reslts: a}\n",
        );
        let summary: Vec<(Code, usize, usize)> = found
            .iter()
            .map(|d| {
                let p = d.position.unwrap_or_default();
                (d.code, p.line, p.column)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Code::UnknownField, 2, 1),
                (Code::UnknownField, 4, 15),
                (Code::MissingField, 5, 5),
                (Code::UnknownField, 6, 15),
                (Code::UnknownField, 8, 10),
                // `name` is not also reported missing: `nme` is taken for its misspelling.
            ]
        );
        assert_eq!(
            found[3].message,
            "departments.2: unknown field `frm`, expected one of `name`, `division`, `organization`, `reading`, `from`"
        );
    }

    #[test]
    fn a_tab_gets_a_hint_about_indentation() {
        let d = error("id: a\nname: n\n\tdepartments: []\n");
        assert_eq!(d.code, Code::Syntax);
        assert_eq!(d.position.map(|p| p.line), Some(3));
        assert!(d.hint.unwrap_or_default().contains("tabs"));
    }

    #[test]
    fn a_missing_field_and_a_wrong_type_are_named() {
        assert_eq!(error("id: a\nnumber: 1\n").code, Code::MissingField);
        let d = error("id: a\nname: n\nyears:\n  二千年: {}\n");
        assert_eq!(d.code, Code::WrongType);
        assert!(d.message.contains("is not a fiscal year"), "{}", d.message);
        assert_eq!(d.position.map(|p| p.line), Some(4));
    }

    #[test]
    fn an_empty_file_is_reported_as_such() {
        assert_eq!(error("\n  \n").message, "the file is empty");
    }
}
