//! A YAML file as a tree of nodes that remember where they are written, read once with
//! saphyr-parser's event stream.
//!
//! Every YAML file is read into this tree, once: [`super::de`] deserialises the model from it
//! with structured errors, and each problem is pointed at its node. Scalars keep the text as
//! written (`010`, `1e3`), so that text fields read what the file says.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostics::Position;
use crate::load::source_map::position;

/// Nesting deeper than this is refused: no plan needs more than a few levels, and a deeper file
/// would only cost stack.
pub const MAX_DEPTH: usize = 128;

/// At most this many nodes may be copied for anchors (`&name`) and aliases (`*name`) in one
/// file: anchors that repeat each other ("billion laughs") would otherwise grow without end.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One node of the tree and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    /// Line and column of its first character.
    pub at: Position,
    /// What it holds.
    pub value: Value,
    /// Its tag in full, when it is written with one: `tag:yaml.org,2002:int` for `!!int`, `!x`
    /// for a tag of the file's own.
    pub tag: Option<Box<str>>,
    /// How many nodes it is made of, itself included.
    size: usize,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum Value {
    /// A scalar: its text as written (without quotes), and whether it was written plain
    /// (unquoted), so that `2019` may be read as a number and `'2019'` only as text.
    Scalar {
        /// The text.
        text: String,
        /// Plain: resolved as null, a boolean or a number where it reads as one, unless a tag
        /// says what it is.
        plain: bool,
    },
    /// A list, in file order.
    Sequence(Vec<Node>),
    /// Keys and values, in file order.
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// A node at `at` holding `value`.
    pub fn new(at: Position, value: Value) -> Node {
        let size = 1 + match &value {
            Value::Scalar { .. } => 0,
            Value::Sequence(items) => items.iter().map(|n| n.size).sum(),
            Value::Mapping(entries) => entries.iter().map(|(k, v)| k.size + v.size).sum(),
        };
        Node {
            at,
            value,
            tag: None,
            size,
        }
    }

    /// Whether the node is a plain, untagged null: nothing, `~` or `null`.
    pub fn is_null(&self) -> bool {
        self.tag.is_none()
            && matches!(&self.value, Value::Scalar { text, plain: true }
                if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a scalar key (`2019` of `2019:`), `?` for any other.
    pub fn key_text(&self) -> &str {
        match &self.value {
            Value::Scalar { text, .. } => text,
            _ => "?",
        }
    }
}

/// Why a file could not be read into a tree, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeError {
    /// The parser stopped: YAML syntax.
    Syntax {
        /// Where the parser stopped.
        stopped: Position,
        /// The parser's own description of what it found there (saphyr-parser's words), shown
        /// when the file gives no clearer account of itself.
        words: String,
        /// Where the outermost list in brackets or keys in braces that was still open began, as
        /// far as the events read show: what an error at the end of the file is about.
        open: Option<Position>,
    },
    /// A key is written twice in one mapping: its dotted path and its second occurrence.
    DuplicateKey(String, Position),
    /// A second document begins (`---`) at this position.
    SecondDocument(Position),
    /// Aliases repeat more than [`MAX_ALIAS_NODES`] nodes; the first alias of the file.
    RepetitionLimit(Position),
    /// Nesting deeper than [`MAX_DEPTH`], at the node that went too deep.
    TooDeep(Position),
}

/// Reads `text` into a tree: `Ok(None)` for a file with no document (only comments).
///
/// # Errors
/// The first [`TreeError`] of the file.
pub fn read(text: &str) -> Result<Option<Node>, TreeError> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        text,
        line_starts,
        anchors: HashMap::new(),
        alias_nodes: 0,
        first_alias: None,
        open: Vec::new(),
        chars: None,
    };
    let mut root = None;
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamEnd => return Ok(root),
            Event::DocumentStart(_) if root.is_some() => {
                return Err(TreeError::SecondDocument(position(span.start)));
            }
            Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {}
            event => root = Some(reader.node(event, span, None, 0)?),
        }
    }
}

/// One step of the way from the root to the node being read: kept on the stack while it is read,
/// and spelt out only for a key written twice.
struct Crumb<'p> {
    parent: Option<&'p Crumb<'p>>,
    step: Step<'p>,
}

/// A key of a mapping, or the index of an item of a list.
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

impl Crumb<'_> {
    /// The dotted path (`years.2019.rating`, `departments.1.name`).
    fn dotted(&self) -> String {
        let mut steps = vec![&self.step];
        let mut at = self.parent;
        while let Some(crumb) = at {
            steps.push(&crumb.step);
            at = crumb.parent;
        }
        let mut path = String::new();
        for (i, step) in steps.iter().rev().enumerate() {
            if i > 0 {
                path.push('.');
            }
            match step {
                Step::Key(key) => path.push_str(key),
                Step::Index(index) => {
                    let _ = write!(path, "{index}");
                }
            }
        }
        path
    }
}

/// Reads events into nodes.
struct Reader<'a> {
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    text: &'a str,
    /// The byte offset where each line of `text` starts.
    line_starts: Vec<usize>,
    /// Anchored nodes by anchor id (a later anchor of the same name has another id).
    anchors: HashMap<usize, Node>,
    /// Nodes copied for aliases so far.
    alias_nodes: usize,
    /// Where the first alias is.
    first_alias: Option<Position>,
    /// Where the lists and mappings being read began, outermost first.
    open: Vec<Position>,
    /// How many characters `text` has, once a node's end is compared with it.
    chars: Option<usize>,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), TreeError> {
        match self.events.next() {
            Some(Ok(next)) => Ok(next),
            Some(Err(e)) => Err(TreeError::Syntax {
                stopped: position(*e.marker()),
                words: e.info().to_string(),
                open: self.outermost_open_bracket(),
            }),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    /// The node that begins with `event`; `path` is the way to it, for duplicate keys.
    fn node(
        &mut self,
        event: Event<'a>,
        span: Span,
        path: Option<&Crumb<'_>>,
        depth: usize,
    ) -> Result<Node, TreeError> {
        let at = position(span.start);
        if depth > MAX_DEPTH {
            return Err(TreeError::TooDeep(at));
        }
        let collection = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if collection {
            self.open.push(at);
        }
        let node = self.collection_or_scalar(event, span, path, depth);
        if collection {
            self.open.pop();
        }
        node
    }

    /// Whether a node ends where the file ends, on a line with no line break after it.
    /// saphyr-parser ends a block scalar (`|`, `>`) there with a line break the file does not
    /// have; YAML, and serde_yaml, do not (`d: |` and `  a` at the end of a file is `a`).
    fn ends_at_end_without_line_break(&mut self, span: Span) -> bool {
        if self.text.ends_with(['\n', '\r']) {
            return false;
        }
        let text = self.text;
        let chars = *self.chars.get_or_insert_with(|| text.chars().count());
        span.end.index() == chars
    }

    /// Where the outermost list in brackets or keys in braces still open began: looked for only
    /// when the parser stops, as it costs a walk along each open collection's line.
    fn outermost_open_bracket(&self) -> Option<Position> {
        self.open.iter().copied().find(|at| {
            self.line_starts
                .get(at.line.saturating_sub(1))
                .and_then(|&start| self.text.get(start..))
                .and_then(|line| line.chars().nth(at.column.saturating_sub(1)))
                .is_some_and(|c| c == '[' || c == '{')
        })
    }

    /// The node that begins with `event`, written at `span`.
    fn collection_or_scalar(
        &mut self,
        event: Event<'a>,
        span: Span,
        path: Option<&Crumb<'_>>,
        depth: usize,
    ) -> Result<Node, TreeError> {
        let at = position(span.start);
        let (value, anchor, tag) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let mut text = text.into_owned();
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && text.ends_with('\n')
                    && self.ends_at_end_without_line_break(span)
                {
                    text.pop();
                }
                (Value::Scalar { text, plain }, anchor, tag)
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd | Event::StreamEnd) {
                        break;
                    }
                    let item = Crumb {
                        parent: path,
                        step: Step::Index(items.len()),
                    };
                    items.push(self.node(event, span, Some(&item), depth + 1)?);
                }
                (Value::Sequence(items), anchor, tag)
            }
            Event::MappingStart(anchor, tag) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                // The keys so far, once a mapping has more than a few: a scan of the entries
                // finds a second one sooner in the small mappings a plan is made of.
                let mut many: Option<HashSet<String>> = None;
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd | Event::StreamEnd) {
                        break;
                    }
                    let in_key = Crumb {
                        parent: path,
                        step: Step::Key("?"),
                    };
                    let key = self.node(event, span, Some(&in_key), depth + 1)?;
                    let text = key.key_text();
                    let again = match &mut many {
                        Some(keys) => !keys.insert(text.to_string()),
                        None if entries.len() < 16 => {
                            entries.iter().any(|(k, _)| k.key_text() == text)
                        }
                        None => {
                            let mut keys: HashSet<String> = entries
                                .iter()
                                .map(|(k, _)| k.key_text().to_string())
                                .collect();
                            let again = !keys.insert(text.to_string());
                            many = Some(keys);
                            again
                        }
                    };
                    let entry = Crumb {
                        parent: path,
                        step: Step::Key(text),
                    };
                    if again {
                        return Err(TreeError::DuplicateKey(entry.dotted(), key.at));
                    }
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, Some(&entry), depth + 1)?;
                    entries.push((key, value));
                }
                (Value::Mapping(entries), anchor, tag)
            }
            Event::Alias(id) => {
                self.first_alias.get_or_insert(at);
                let copy = self.anchors.get(&id).cloned();
                let Some(mut copy) = copy else {
                    return Err(TreeError::Syntax {
                        stopped: at,
                        words: "an alias (`*name`) of an anchor (`&name`) not written before it"
                            .to_string(),
                        open: None,
                    });
                };
                self.alias_nodes += copy.size;
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(TreeError::RepetitionLimit(self.first_alias.unwrap_or(at)));
                }
                copy.at = at;
                return Ok(copy);
            }
            _ => (
                Value::Scalar {
                    text: String::new(),
                    plain: true,
                },
                0,
                None,
            ),
        };
        let mut node = Node::new(at, value);
        node.tag = tag.map(|t| format!("{}{}", t.handle, t.suffix).into_boxed_str());
        if anchor != 0 {
            // Anchors nested in anchors copy what they hold again: counted as aliases are.
            self.alias_nodes += node.size;
            if self.alias_nodes > MAX_ALIAS_NODES {
                return Err(TreeError::RepetitionLimit(self.first_alias.unwrap_or(at)));
            }
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        read(text)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .unwrap_or_else(|| panic!("no document"))
    }

    #[test]
    fn scalars_keep_their_text_and_nodes_their_place() {
        let root = tree("id: a\nnumber: 010\nname: '12'\nyears:\n  2019: {rating: Ａ}\n");
        let Value::Mapping(entries) = &root.value else {
            panic!("{root:?}")
        };
        let texts: Vec<(&str, String, Position)> = entries
            .iter()
            .map(|(k, v)| {
                let shown = match &v.value {
                    Value::Scalar { text, plain } => format!("{text}/{plain}"),
                    Value::Sequence(_) => "list".into(),
                    Value::Mapping(_) => "map".into(),
                };
                (k.key_text(), shown, v.at)
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("id", "a/true".into(), Position { line: 1, column: 5 }),
                ("number", "010/true".into(), Position { line: 2, column: 9 }),
                ("name", "12/false".into(), Position { line: 3, column: 7 }),
                ("years", "map".into(), Position { line: 5, column: 3 }),
            ]
        );
    }

    #[test]
    fn a_key_written_twice_a_second_document_and_an_alias_bomb_are_refused() {
        assert_eq!(
            read("a: 1\nb:\n  c: 1\n  c: 2\n").err(),
            Some(TreeError::DuplicateKey(
                "b.c".into(),
                Position { line: 4, column: 3 }
            ))
        );
        // In a list's item, and in a mapping of more keys than are scanned one by one.
        assert_eq!(
            read("d:\n  - {n: 1}\n  - {n: 1, n: 2}\n").err(),
            Some(TreeError::DuplicateKey(
                "d.1.n".into(),
                Position {
                    line: 3,
                    column: 12
                }
            ))
        );
        let mut many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        many.push_str("k7: again\n");
        assert_eq!(
            read(&many).err(),
            Some(TreeError::DuplicateKey(
                "k7".into(),
                Position {
                    line: 41,
                    column: 1
                }
            ))
        );
        assert_eq!(
            read("a: 1\n---\na: 2\n").err(),
            Some(TreeError::SecondDocument(Position { line: 2, column: 1 }))
        );
        let mut bomb = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let p = i - 1;
            bomb.push_str(&format!(
                "l{i}: &l{i} [{}]\n",
                vec![format!("*l{p}"); 10].join(", ")
            ));
        }
        assert_eq!(
            read(&bomb).err(),
            Some(TreeError::RepetitionLimit(Position {
                line: 2,
                column: 10
            }))
        );
        assert!(matches!(
            read(&"[".repeat(500)).err(),
            Some(TreeError::TooDeep(_) | TreeError::Syntax { .. })
        ));
    }
}
