//! Where each key and value of a YAML file is, so that a problem found after parsing (an unknown
//! rating code, a policy id that does not exist) can point at its line and column, and so that a
//! file can be edited in place ([`crate::edit`]).
//!
//! serde does not keep positions, so the file is read a second time with saphyr-parser's event
//! stream, and each node is recorded under its dotted path (`years.2019.rating`,
//! `departments.1.name`): where it starts, the byte range it covers and what kind of node it is.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use crate::diagnostics::Position;

/// Nesting deeper than this is not mapped (serde rejects such files before this is used).
const MAX_DEPTH: usize = 256;

/// What kind of node a value is, as far as editing it in place needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar with text (`A`, `"…"`, a `|-` block).
    Scalar,
    /// An empty value: nothing after the colon, or `~` / `null`.
    Null,
    /// A mapping written as indented lines.
    BlockMapping,
    /// A mapping written on one line, `{a: 1}`.
    FlowMapping,
    /// A sequence written as `- ` lines.
    BlockSequence,
    /// A sequence written on one line, `[a, b]`.
    FlowSequence,
}

/// One node: where it starts, the bytes it covers and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// Line and column (in characters) of its first character.
    pub position: Position,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// What kind of node it is.
    pub kind: NodeKind,
}

/// Positions of the keys and values of one YAML document, by dotted path.
#[derive(Debug, Default)]
pub struct SourceMap {
    keys: HashMap<String, Node>,
    values: HashMap<String, Node>,
    /// Keys written a second time in the same mapping: their paths and where the second is.
    duplicates: Vec<(String, Position)>,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl SourceMap {
    /// Maps `text`. A text that is not valid YAML is mapped up to the error.
    pub fn new(text: &str) -> SourceMap {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut map = SourceMap {
            line_starts,
            ..SourceMap::default()
        };
        let mut events = Parser::new_from_str(text).map_while(Result::ok);
        // Skip StreamStart and DocumentStart; map the first document's root node.
        while let Some((event, _)) = events.next() {
            if matches!(event, Event::DocumentStart(_)) {
                if let Some(root) = events.next() {
                    map.node(text, &mut events, String::new(), root, 0);
                }
                break;
            }
        }
        map
    }

    /// Where the value at `path` starts (`rating` → the `A` of `rating: A`).
    pub fn value(&self, path: &str) -> Option<Position> {
        self.values.get(path).map(|n| n.position)
    }

    /// The value node at `path`.
    pub fn value_node(&self, path: &str) -> Option<Node> {
        self.values.get(path).copied()
    }

    /// Where the key of the entry at `path` starts (`years.2024` → the `2024` of `2024:`).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).map(|n| n.position)
    }

    /// The key node of the entry at `path`.
    pub fn key_node(&self, path: &str) -> Option<Node> {
        self.keys.get(path).copied()
    }

    /// The keys directly under `prefix` (which ends with a dot, e.g. `years.`): each key's text
    /// and position, in no particular order.
    pub fn keys_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, Position)> + 'a {
        self.keys.iter().filter_map(move |(path, node)| {
            path.strip_prefix(prefix)
                .filter(|rest| !rest.contains('.'))
                .map(|rest| (rest, node.position))
        })
    }

    /// The byte offset where the last node inside the value at `prefix` ends (the whole document
    /// for `""`); `None` when it has no nodes inside.
    pub fn descendants_end(&self, prefix: &str) -> Option<usize> {
        let inside = |path: &str| {
            prefix.is_empty() && !path.is_empty()
                || path.len() > prefix.len()
                    && path.starts_with(prefix)
                    && path.as_bytes().get(prefix.len()) == Some(&b'.')
        };
        // Block containers end where the next token starts (past trailing comments), so only
        // what holds text counts.
        self.values
            .iter()
            .filter(|(path, node)| {
                inside(path)
                    && !matches!(node.kind, NodeKind::BlockMapping | NodeKind::BlockSequence)
            })
            .map(|(_, node)| node.end)
            .max()
    }

    /// The keys written twice in the same mapping, in file order: each one's dotted path and
    /// where its second occurrence is.
    pub fn duplicate_keys(&self) -> &[(String, Position)] {
        &self.duplicates
    }

    /// The value at `path`, else the key, else the nearest enclosing node that is mapped.
    pub fn locate(&self, path: &str) -> Position {
        let mut path = path;
        loop {
            if let Some(p) = self.value(path).or_else(|| self.key(path)) {
                return p;
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => {
                    return self.value("").unwrap_or(Position { line: 1, column: 1 });
                }
            }
        }
    }

    /// The byte offset of `marker` in `text`.
    fn offset(&self, text: &str, marker: Marker) -> usize {
        let line_start = self
            .line_starts
            .get(marker.line().saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let line = &text[line_start.min(text.len())..];
        line_start
            + line
                .char_indices()
                .nth(marker.col())
                .map_or(line.len(), |(i, _)| i)
    }

    fn record(&self, text: &str, span: Span, end: Marker, kind: NodeKind) -> Node {
        Node {
            position: position(span.start),
            start: self.offset(text, span.start),
            end: self.offset(text, end),
            kind,
        }
    }

    fn node<'a>(
        &mut self,
        text: &str,
        events: &mut impl Iterator<Item = (Event<'a>, Span)>,
        path: String,
        (event, span): (Event<'a>, Span),
        depth: usize,
    ) {
        let starts_with = |c: char| text[self.offset(text, span.start)..].starts_with(c);
        match event {
            Event::SequenceStart(..) => {
                let kind = if starts_with('[') {
                    NodeKind::FlowSequence
                } else {
                    NodeKind::BlockSequence
                };
                let mut end = span.end;
                let mut index = 0;
                while let Some(next) = events.next() {
                    if matches!(next.0, Event::SequenceEnd) {
                        end = next.1.end;
                        break;
                    }
                    if depth <= MAX_DEPTH {
                        self.node(
                            text,
                            events,
                            join(&path, &index.to_string()),
                            next,
                            depth + 1,
                        );
                    }
                    index += 1;
                }
                let node = self.record(text, span, end, kind);
                self.values.insert(path, node);
            }
            Event::MappingStart(..) => {
                let kind = if starts_with('{') {
                    NodeKind::FlowMapping
                } else {
                    NodeKind::BlockMapping
                };
                let mut end = span.end;
                while let Some((key, key_span)) = events.next() {
                    if matches!(key, Event::MappingEnd) {
                        end = key_span.end;
                        break;
                    }
                    let name = match &key {
                        Event::Scalar(text, ..) => text.to_string(),
                        _ => String::from("?"),
                    };
                    let child = join(&path, &name);
                    if !matches!(key, Event::Scalar(..)) && depth <= MAX_DEPTH {
                        // A complex key: map it under a placeholder and go on.
                        self.node(text, events, child.clone(), (key, key_span), depth + 1);
                    }
                    let key_node = self.record(text, key_span, key_span.end, NodeKind::Scalar);
                    if self.keys.contains_key(&child) {
                        self.duplicates.push((child.clone(), key_node.position));
                    }
                    self.keys.insert(child.clone(), key_node);
                    match events.next() {
                        Some(value) if depth <= MAX_DEPTH => {
                            self.node(text, events, child, value, depth + 1);
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
                let node = self.record(text, span, end, kind);
                self.values.insert(path, node);
            }
            Event::Scalar(value, style, ..) => {
                let null = style == ScalarStyle::Plain
                    && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let kind = if null {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar
                };
                let mut node = self.record(text, span, span.end, kind);
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    // The parser's span covers the content only, up to the next line's
                    // indentation: widen it to the `|-` header and end it after the last line.
                    let head = text[..node.start].rfind(['|', '>']).unwrap_or(node.start);
                    let tail = &text[..node.end];
                    let end = match tail.rfind('\n') {
                        Some(nl) if tail[nl + 1..].chars().all(|c| c == ' ') => nl + 1,
                        _ => node.end,
                    };
                    node.position = Position::of_offset(text, head);
                    node.start = head;
                    node.end = end.max(head);
                } else {
                    node.end = node.start + scalar_len(&text[node.start..node.end.max(node.start)]);
                }
                self.values.insert(path, node);
            }
            _ => {
                let node = self.record(text, span, span.end, NodeKind::Scalar);
                self.values.insert(path, node);
            }
        }
    }
}

/// The length in bytes of the scalar `written` starts with: a quoted one up to its closing quote,
/// a plain one up to a comment (` #`), without the spaces after it. The parser's span of a
/// scalar can run on over the spaces and the comment that follow it on its line.
fn scalar_len(written: &str) -> usize {
    let bytes = written.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            written.len()
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            written.len()
        }
        _ => {
            let plain = [" #", "\t#"]
                .iter()
                .filter_map(|c| written.find(c))
                .min()
                .map_or(written, |at| &written[..at]);
            plain.trim_end().len()
        }
    }
}

/// The dotted path of `segment` under `path` (`years` + `2019` → `years.2019`; `segment` alone
/// at the top).
pub(crate) fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}.{segment}")
    }
}

/// The line and column (1-based, in characters) of a saphyr-parser marker.
pub(crate) fn position(marker: Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str =
        "id: a\nyears:\n  2019:\n    rating: Z\ndepartments:\n  - name: 課\n    from: 2020\n";

    #[test]
    fn finds_values_and_keys_by_dotted_path() {
        let map = SourceMap::new(DOC);
        assert_eq!(
            map.value("years.2019.rating"),
            Some(Position {
                line: 4,
                column: 13
            })
        );
        assert_eq!(map.key("years.2019"), Some(Position { line: 3, column: 3 }));
        assert_eq!(
            map.value("departments.0.from"),
            Some(Position {
                line: 7,
                column: 11
            })
        );
    }

    #[test]
    fn falls_back_to_the_nearest_enclosing_node() {
        let map = SourceMap::new(DOC);
        assert_eq!(
            map.locate("years.2019.results"),
            Position { line: 4, column: 5 }
        );
        assert_eq!(map.locate("nothing.here"), Position { line: 1, column: 1 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let map = SourceMap::new("名前: 老人クラブ\n評価: Ｚ\n");
        assert_eq!(map.value("評価"), Some(Position { line: 2, column: 5 }));
        let node = map
            .value_node("評価")
            .unwrap_or_else(|| panic!("not mapped"));
        assert_eq!(&"名前: 老人クラブ\n評価: Ｚ\n"[node.start..node.end], "Ｚ");
    }

    #[test]
    fn knows_the_extent_and_style_of_each_node() {
        let text = "years:\n  2019:\n    results: |-\n      一行目\n      二行目\n  2020: ~\nmap: {a: 1}\nlist: [x]\nempty:\n";
        let map = SourceMap::new(text);
        let node = |p: &str| map.value_node(p).unwrap_or_else(|| panic!("{p}"));
        let results = node("years.2019.results");
        assert_eq!(
            &text[results.start..results.end],
            "|-\n      一行目\n      二行目\n"
        );
        assert_eq!(node("years").kind, NodeKind::BlockMapping);
        assert_eq!(node("years.2020").kind, NodeKind::Null);
        assert_eq!(node("map").kind, NodeKind::FlowMapping);
        assert_eq!(node("list").kind, NodeKind::FlowSequence);
        assert_eq!(node("empty").kind, NodeKind::Null);
    }
}
