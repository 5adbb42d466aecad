//! A YAML file as a tree of nodes that remember where they are written, read once with
//! saphyr-parser's event stream.
//!
//! Every YAML file is read into this tree, once: [`super::de`] deserialises the model from it
//! with structured errors, and each problem is pointed at its node. Scalars keep the text as
//! written (`010`, `1e3`), so that text fields read what the file says.

mod reader;

use crate::diagnostics::Position;

/// Nesting deeper than this is refused: no plan needs more than a few levels, and a deeper file
/// would only cost stack.
pub const MAX_DEPTH: usize = 128;

/// At most this many nodes may be copied for anchors (`&name`) and aliases (`*name`) in one
/// file: anchors that repeat each other ("billion laughs") would otherwise grow without end.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// At most this many bytes of text may be copied for anchors and aliases in one file: a few
/// nodes of long text repeated would otherwise fill the memory as surely as many nodes.
pub const MAX_ALIAS_BYTES: usize = 16 << 20;

/// At most this many tabs after a key's colon are read as spaces in one file (see [`read`]).
pub const MAX_TABS_AFTER_COLONS: usize = 256;

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
    /// How many levels it has: 1 for a scalar.
    height: usize,
    /// How many bytes of text its scalars hold.
    bytes: usize,
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
        /// A literal block (`|`): read as a number or a boolean where a tag says it is one, as
        /// serde_yaml reads it.
        literal: bool,
    },
    /// A list, in file order.
    Sequence(Vec<Node>),
    /// Keys and values, in file order.
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// A node at `at` holding `value`.
    pub fn new(at: Position, value: Value) -> Node {
        // Count, depth and text of what it is made of, in one pass and without a list of them.
        let (mut size, mut height, mut bytes) = (1, 1, 0);
        let mut add = |child: &Node| {
            size += child.size;
            height = height.max(child.height + 1);
            bytes += child.bytes;
        };
        match &value {
            Value::Scalar { text, .. } => bytes = text.len(),
            Value::Sequence(items) => items.iter().for_each(&mut add),
            Value::Mapping(entries) => entries.iter().for_each(|(k, v)| {
                add(k);
                add(v);
            }),
        }
        Node {
            at,
            tag: None,
            size,
            height,
            bytes,
            value,
        }
    }

    /// Whether the node is a plain, untagged null: nothing, `~` or `null`.
    pub fn is_null(&self) -> bool {
        self.tag.is_none()
            && matches!(&self.value, Value::Scalar { text, plain: true, .. }
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
    /// Aliases repeat more than [`MAX_ALIAS_NODES`] nodes or [`MAX_ALIAS_BYTES`] of text; the
    /// first alias of the file.
    RepetitionLimit(Position),
    /// Nesting deeper than [`MAX_DEPTH`], at the node that went too deep (or the alias that
    /// copied it there).
    TooDeep(Position),
}

/// Reads `text` into a tree: `Ok(None)` for a file with no document (only comments).
///
/// Two things saphyr-parser reads otherwise than YAML (and serde_yaml) are mended on the way,
/// without moving any position: block text (`|`, `>`) that ends the file on a line with no line
/// break gains none (saphyr-parser adds one), and a tab between a key's
/// colon and its value, which saphyr-parser refuses before a letter or a digit, is read as the
/// space it stands for, up to [`MAX_TABS_AFTER_COLONS`] times a file.
///
/// # Errors
/// The first [`TreeError`] of the file.
pub fn read(text: &str) -> Result<Option<Node>, TreeError> {
    let mut mended: Option<String> = None;
    for _ in 0..MAX_TABS_AFTER_COLONS {
        let current = mended.as_deref().unwrap_or(text);
        let read = reader::read_once(current);
        let tab = match &read {
            Err(TreeError::Syntax { stopped, .. }) => tab_after_colon(current, *stopped),
            _ => None,
        };
        let Some(tab) = tab else { return read };
        let mut next = current.to_string();
        next.replace_range(tab..=tab, " ");
        mended = Some(next);
    }
    reader::read_once(mended.as_deref().unwrap_or(text))
}

/// The byte offset of the tab right after a key's colon, where the parser stopped at `stopped`
/// on the value that follows the tab(s).
pub(in crate::load::yaml) fn tab_after_colon(text: &str, stopped: Position) -> Option<usize> {
    let line_start = text
        .split_inclusive('\n')
        .take(stopped.line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let line = text.get(line_start..)?;
    let column = line
        .char_indices()
        .nth(stopped.column.checked_sub(1)?)
        .map_or(line.len(), |(i, _)| i);
    let before = line.get(..column)?;
    let colon = before.trim_end_matches('\t');
    (colon.len() < before.len() && colon.ends_with(':')).then_some(line_start + colon.len())
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
                    Value::Scalar { text, plain, .. } => format!("{text}/{plain}"),
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

    #[test]
    fn aliases_may_not_nest_deeper_nor_copy_more_text_than_the_limits() {
        // Each anchor nests the one before 20 levels deeper: each line is shallow, the copies
        // are not.
        let mut deep = String::from("a0: &a0 [x]\n");
        for i in 1..10 {
            let p = i - 1;
            deep.push_str(&format!(
                "a{i}: &a{i} {}*a{p}{}\n",
                "[".repeat(20),
                "]".repeat(20)
            ));
        }
        assert!(
            matches!(read(&deep), Err(TreeError::TooDeep(_))),
            "{:?}",
            read(&deep).err()
        );
        // A few nodes of long text, copied 300 times: 18 MB.
        let long = "あ".repeat(20_000);
        let copies = vec!["*b"; 300].join(", ");
        let big = format!("x: [&b {long}, {copies}]\n");
        assert!(matches!(read(&big), Err(TreeError::RepetitionLimit(_))));
    }

    #[test]
    fn a_tab_after_a_colon_reads_as_a_space_and_block_text_ends_as_the_file_does() {
        let root = tree("id:\ta\nrating:\tA\nflow: {k:\t1}\n");
        let Value::Mapping(entries) = &root.value else {
            panic!("{root:?}")
        };
        let texts: Vec<(&str, &str, Position)> = entries
            .iter()
            .filter_map(|(k, v)| match &v.value {
                Value::Scalar { text, .. } => Some((k.key_text(), text.as_str(), v.at)),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("id", "a", Position { line: 1, column: 5 }),
                ("rating", "A", Position { line: 2, column: 9 })
            ]
        );
        let block = tree("d: |\n  a\n  ");
        let Value::Mapping(entries) = &block.value else {
            panic!("{block:?}")
        };
        assert!(matches!(&entries[0].1.value, Value::Scalar { text, .. } if text == "a\n"));
    }
}
