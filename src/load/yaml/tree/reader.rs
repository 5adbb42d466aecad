//! The reading itself: saphyr-parser's events into [`Node`]s, with the limits on depth and on
//! what anchors and aliases may copy, and a key written twice found on the way.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH, Node, TreeError, Value};
use crate::diagnostics::Position;
use crate::load::source_map::position;

/// Reads `text` into a tree, as it is.
pub(super) fn read_once(text: &str) -> Result<Option<Node>, TreeError> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        text,
        line_starts,
        anchors: HashMap::new(),
        alias_nodes: 0,
        alias_bytes: 0,
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
    /// Bytes of text copied for aliases so far.
    alias_bytes: usize,
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

    /// Counts a copy of `node` made at `at` against the budgets of [`MAX_ALIAS_NODES`] and
    /// [`MAX_ALIAS_BYTES`].
    fn count_copy(&mut self, node: &Node, at: Position) -> Result<(), TreeError> {
        self.alias_nodes += node.size;
        self.alias_bytes += node.bytes;
        if self.alias_nodes > MAX_ALIAS_NODES || self.alias_bytes > MAX_ALIAS_BYTES {
            return Err(TreeError::RepetitionLimit(self.first_alias.unwrap_or(at)));
        }
        Ok(())
    }

    /// Whether saphyr-parser gave the block scalar (`|`, `>`) written at `span` a line break the
    /// file does not have. It does so when the block runs to the end of the file and its last
    /// line, with no line break after it, belongs to the block: a line with text, or of spaces
    /// at least as deep as the block's indentation. A shallower line of spaces is no part of it,
    /// and saphyr-parser reads that as YAML (and serde_yaml) does.
    fn added_line_break(&mut self, span: Span) -> bool {
        if self.text.ends_with(['\n', '\r']) {
            return false;
        }
        let text = self.text;
        let chars = *self.chars.get_or_insert_with(|| text.chars().count());
        if span.end.index() != chars {
            return false;
        }
        let last = text.rsplit('\n').next().unwrap_or_default();
        if !last.trim_matches(' ').is_empty() {
            return true;
        }
        // The block's text starts at its indentation, on its first line with text.
        last.len() >= span.start.col()
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
                    && self.added_line_break(span)
                {
                    text.pop();
                }
                let literal = style == ScalarStyle::Literal;
                (
                    Value::Scalar {
                        text,
                        plain,
                        literal,
                    },
                    anchor,
                    tag,
                )
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
                        words: "an alias (`*name`) of an anchor (`&name`) that is not complete \
                            here: an anchor cannot hold an alias of itself"
                            .to_string(),
                        open: None,
                    });
                };
                if depth + copy.height - 1 > MAX_DEPTH {
                    return Err(TreeError::TooDeep(at));
                }
                self.count_copy(&copy, at)?;
                copy.at = at;
                return Ok(copy);
            }
            _ => (
                Value::Scalar {
                    text: String::new(),
                    plain: true,
                    literal: false,
                },
                0,
                None,
            ),
        };
        let mut node = Node::new(at, value);
        node.tag = tag.map(|t| format!("{}{}", t.handle, t.suffix).into_boxed_str());
        if anchor != 0 {
            // Anchors nested in anchors copy what they hold again: counted as aliases are.
            self.count_copy(&node, at)?;
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}
