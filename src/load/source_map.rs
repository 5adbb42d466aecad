//! Where each key and value of a YAML file is, so that a problem found after parsing (an unknown
//! rating code, a policy id that does not exist) can point at its line and column.
//!
//! serde does not keep positions, so the file is read a second time with saphyr-parser's event
//! stream, and each node's position is recorded under its dotted path (`years.2019.rating`,
//! `departments.1.name`). This only happens for files that have a problem.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};

use crate::diagnostics::Position;

/// Nesting deeper than this is not mapped (serde rejects such files before this is used).
const MAX_DEPTH: usize = 256;

/// Positions of the keys and values of one YAML document, by dotted path.
#[derive(Debug, Default)]
pub struct SourceMap {
    keys: HashMap<String, Position>,
    values: HashMap<String, Position>,
}

impl SourceMap {
    /// Maps `text`. A text that is not valid YAML is mapped up to the error.
    pub fn new(text: &str) -> SourceMap {
        let mut map = SourceMap::default();
        let mut events = Parser::new_from_str(text).map_while(Result::ok);
        // Skip StreamStart and DocumentStart; map the first document's root node.
        while let Some((event, _)) = events.next() {
            if matches!(event, Event::DocumentStart(_)) {
                if let Some(root) = events.next() {
                    map.node(&mut events, String::new(), root, 0);
                }
                break;
            }
        }
        map
    }

    /// Where the value at `path` starts (`rating` → the `A` of `rating: A`).
    pub fn value(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied()
    }

    /// Where the key of the entry at `path` starts (`years.2024` → the `2024` of `2024:`).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied()
    }

    /// The keys directly under `prefix` (which ends with a dot, e.g. `years.`): each key's text
    /// and position, in no particular order.
    pub fn keys_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, Position)> + 'a {
        self.keys.iter().filter_map(move |(path, &position)| {
            path.strip_prefix(prefix)
                .filter(|rest| !rest.contains('.'))
                .map(|rest| (rest, position))
        })
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

    fn node<'a>(
        &mut self,
        events: &mut impl Iterator<Item = (Event<'a>, Span)>,
        path: String,
        (event, span): (Event<'a>, Span),
        depth: usize,
    ) {
        self.values.insert(path.clone(), position(span));
        if depth > MAX_DEPTH {
            return;
        }
        match event {
            Event::SequenceStart(..) => {
                let mut index = 0;
                while let Some(next) = events.next() {
                    if matches!(next.0, Event::SequenceEnd) {
                        break;
                    }
                    self.node(events, join(&path, &index.to_string()), next, depth + 1);
                    index += 1;
                }
            }
            Event::MappingStart(..) => {
                while let Some((key, key_span)) = events.next() {
                    if matches!(key, Event::MappingEnd) {
                        break;
                    }
                    let name = match &key {
                        Event::Scalar(text, ..) => text.to_string(),
                        _ => String::from("?"),
                    };
                    let child = join(&path, &name);
                    if !matches!(key, Event::Scalar(..)) {
                        // A complex key: map it under a placeholder and go on.
                        self.node(events, child.clone(), (key, key_span), depth + 1);
                    }
                    self.keys.insert(child.clone(), position(key_span));
                    match events.next() {
                        Some(value) => self.node(events, child, value, depth + 1),
                        None => break,
                    }
                }
            }
            _ => {}
        }
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}.{segment}")
    }
}

fn position(span: Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
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
    }
}
