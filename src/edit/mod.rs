//! Editing a YAML file in place: setting one value and keeping every other byte — comments,
//! quoting, line breaks — as the staff member wrote it. `mieruka new year` and `mieruka import`
//! edit project files with this.
//!
//! Each edit finds the value (or the mapping to add it to) with the [`SourceMap`], splices the
//! new text in, and reads the file back to make sure the value is what was meant.

mod emit;

pub use emit::{emit, emit_block, emit_entry, emit_value};

use serde_yaml::Value;

use crate::load::source_map::{NodeKind, SourceMap};

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// An empty value, `~`.
    Null,
    /// Text, written plain, quoted or as a `|-` block as YAML needs.
    Text(String),
    /// A whole number, written plain (`2023`), as fiscal years and counts are.
    Integer(i64),
}

impl Scalar {
    /// The value as [`current`] reads it back: YAML numbers are read as their text.
    fn as_read(&self) -> Scalar {
        match self {
            Scalar::Integer(n) => Scalar::Text(n.to_string()),
            other => other.clone(),
        }
    }

    /// The value as a YAML value.
    fn to_value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Text(text) => Value::String(text.clone()),
            Scalar::Integer(n) => Value::Number((*n).into()),
        }
    }
}

/// Why a value could not be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The value would go into a mapping written on one line (`{…}`), which is not edited.
    #[error("`{path}` is written on one line ({{…}}); write it as indented lines to edit it")]
    FlowStyle {
        /// The dotted path of the mapping.
        path: String,
    },
    /// A key on the way is not a mapping (a text, a list).
    #[error("`{path}` is not a block of keys")]
    NotAMapping {
        /// The dotted path.
        path: String,
    },
    /// A list was expected (to add an item to), and the value is something else.
    #[error("`{path}` is not a list")]
    NotAList {
        /// The dotted path.
        path: String,
    },
    /// The value to set is a block of keys or a list, not a single value.
    #[error("`{path}` holds a block, not a single value")]
    NotAScalar {
        /// The dotted path.
        path: String,
    },
    /// The edited text did not read back as the file with only this value changed: a layout the
    /// editor cannot splice into safely. Nothing is changed.
    #[error("editing `{path}` would not give the intended value; the file is left unchanged")]
    Unverified {
        /// The dotted path.
        path: String,
    },
}

/// A YAML document being edited.
#[derive(Debug, Clone)]
pub struct YamlEdit {
    /// The text, with `\n` line ends.
    text: String,
    /// Whether the file's lines end with `\r\n`, as [`YamlEdit::into_text`] gives them back.
    crlf: bool,
}

/// How many spaces one more level of keys is indented by.
const STEP: usize = 2;

impl YamlEdit {
    /// Starts editing `text`. A file with Windows line ends (`\r\n`) keeps them.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.contains("\r\n") {
            YamlEdit {
                text: text.replace("\r\n", "\n"),
                crlf: true,
            }
        } else {
            YamlEdit { text, crlf: false }
        }
    }

    /// The text as edited so far, with `\n` line ends.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, with the file's own line ends, giving up the editor.
    pub fn into_text(self) -> String {
        if self.crlf {
            self.text.replace('\n', "\r\n")
        } else {
            self.text
        }
    }

    /// Keeps `edited` as the text when it reads back as the text before with only the value at
    /// `path` set to `wanted`.
    ///
    /// # Errors
    /// [`EditError::Unverified`] otherwise; the text is unchanged then.
    fn commit(&mut self, edited: String, path: &[&str], wanted: &Value) -> Result<(), EditError> {
        let expected = serde_yaml::from_str::<Value>(&self.text)
            .ok()
            .and_then(|mut doc| put(&mut doc, path, wanted.clone()).then_some(doc));
        let read = serde_yaml::from_str::<Value>(&edited).ok();
        if expected.is_none() || expected != read {
            return Err(EditError::Unverified {
                path: path.join("."),
            });
        }
        self.text = edited;
        Ok(())
    }

    /// Sets the value at `path` (keys from the top, sequence items by index), creating the
    /// mappings on the way as indented blocks. Returns whether the text changed: setting a value
    /// it already has changes nothing.
    ///
    /// # Errors
    /// See [`EditError`]; the text is unchanged then.
    pub fn set(&mut self, path: &[&str], value: &Scalar) -> Result<bool, EditError> {
        let dotted = path.join(".");
        let wanted = value.as_read();
        if current(&self.text, path) == Some(wanted.clone()) {
            return Ok(false);
        }
        let map = SourceMap::new(&self.text);
        let edited = match map.value_node(&dotted) {
            Some(node) => match node.kind {
                NodeKind::Scalar | NodeKind::Null => {
                    let text = &self.text;
                    let indent = key_indent(&map, &dotted) + STEP;
                    let mut new = emit(value, indent);
                    let written = &text[node.start..node.end.max(node.start)];
                    // The value as written (`A`, `"…"`, `~`, a `|-` block with its line break);
                    // for `key:` with nothing after it, the end of the colon.
                    let (start, mut end) =
                        if node.kind == NodeKind::Null && written.trim().is_empty() {
                            let colon = after_colon(&map, &dotted, text);
                            new.insert(0, ' ');
                            (colon, colon)
                        } else {
                            (node.start, node.end)
                        };
                    if text[start..end].ends_with('\n') {
                        // A `|-` block ends with its line break; a replacement must too.
                        if !new.ends_with('\n') {
                            new.push('\n');
                        }
                    } else if let Some((indicator, lines)) = new.split_once('\n') {
                        // A block in place of a one-line value: a comment after the value
                        // (`results: ""  # 実施状況`) goes after the block's indicator, not
                        // into its text.
                        let line = line_end(text, end);
                        let tail = &text[end..line];
                        if tail.trim_start().starts_with('#') {
                            new = format!("{indicator}{tail}\n{lines}");
                            end = line;
                        }
                    }
                    let mut edited = text.clone();
                    edited.replace_range(start..end, &new);
                    edited
                }
                _ => return Err(EditError::NotAScalar { path: dotted }),
            },
            None => self.insert(&map, path, &value.to_value())?,
        };
        if current(&edited, path) != Some(wanted) {
            return Err(EditError::Unverified { path: dotted });
        }
        self.commit(edited, path, &value.to_value())?;
        Ok(true)
    }

    /// Sets the value at `path` to `value`, which may be a list or a mapping: written as indented
    /// lines in place of what was there (comments inside the old value are lost, those around it
    /// kept), or added as [`YamlEdit::set`] adds a key. A scalar `value` is set as
    /// [`YamlEdit::set`] sets it. Returns whether the text changed.
    ///
    /// # Errors
    /// See [`EditError`]; the text is unchanged then.
    pub fn set_value(&mut self, path: &[&str], value: &Value) -> Result<bool, EditError> {
        match value {
            Value::Null => return self.set(path, &Scalar::Null),
            Value::String(text) => return self.set(path, &Scalar::Text(text.clone())),
            Value::Number(n) => {
                if let Some(n) = n.as_i64() {
                    return self.set(path, &Scalar::Integer(n));
                }
            }
            _ => {}
        }
        if current_value(&self.text, path).as_ref() == Some(value) {
            return Ok(false);
        }
        let dotted = path.join(".");
        let map = SourceMap::new(&self.text);
        let text = &self.text;
        let edited = match map.value_node(&dotted) {
            None => self.insert(&map, path, value)?,
            Some(node) => {
                let mut edited = text.clone();
                let colon = after_colon(&map, &dotted, text);
                let inline = emit_value(value, key_indent(&map, &dotted) + STEP);
                match node.kind {
                    NodeKind::BlockMapping | NodeKind::BlockSequence
                        if inline.starts_with('\n') =>
                    {
                        // The lines of the old block, from its first to its last.
                        let start = line_start(text, node.start);
                        let end = block_end(&map, &dotted, text).max(node.start);
                        let indent = line_indent(text, node.start);
                        edited.replace_range(start..end, &emit_block(value, indent));
                    }
                    NodeKind::BlockMapping | NodeKind::BlockSequence => {
                        // A block that becomes one line (a list of ids).
                        let end = block_end(&map, &dotted, text).max(node.start);
                        edited.replace_range(colon..end, &inline);
                    }
                    _ => {
                        // `key: x`, `key: [a]`, `key:`: from the colon to the end of the value's
                        // line, its line break included (a `|-` block ends with its own).
                        let end = if text[..node.end.max(colon)].ends_with('\n') {
                            node.end
                        } else {
                            let end = line_end(text, node.end.max(colon));
                            if text[end..].starts_with('\n') {
                                end + 1
                            } else {
                                end
                            }
                        };
                        edited.replace_range(colon..end, &inline);
                    }
                }
                edited
            }
        };
        self.commit(edited, path, value)?;
        Ok(true)
    }

    /// Adds `item` at the end of the list at `path`, as a `- ` item under the list's last one
    /// (every other line kept), or makes the list when there is none. A list written on one
    /// line (`[a, b]`) is written again as indented lines.
    ///
    /// # Errors
    /// [`EditError::NotAList`] when `path` holds something else; see [`EditError`]. The text is
    /// unchanged then.
    pub fn push(&mut self, path: &[&str], item: &Value) -> Result<(), EditError> {
        let dotted = path.join(".");
        let mut wanted = match current_value(&self.text, path) {
            Some(Value::Sequence(items)) => items,
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(EditError::NotAList { path: dotted }),
        };
        wanted.push(item.clone());
        let wanted = Value::Sequence(wanted);
        let map = SourceMap::new(&self.text);
        match map.value_node(&dotted) {
            Some(node) if node.kind == NodeKind::BlockSequence => {
                let text = &self.text;
                let at = block_end(&map, &dotted, text).max(node.start);
                let mut lines = String::new();
                if at > 0 && !text[..at].ends_with('\n') {
                    lines.push('\n');
                }
                lines.push_str(&emit_block(
                    &Value::Sequence(vec![item.clone()]),
                    line_indent(text, node.start),
                ));
                let mut edited = text.clone();
                edited.insert_str(at, &lines);
                self.commit(edited, path, &wanted)
            }
            _ => self.set_value(path, &wanted).map(|_| ()),
        }
    }

    /// The text with the missing keys of `path` added under the deepest mapping that exists.
    fn insert(&self, map: &SourceMap, path: &[&str], value: &Value) -> Result<String, EditError> {
        let (existing, missing) = (0..path.len())
            .rev()
            .map(|i| path.split_at(i))
            .find(|(prefix, _)| prefix.is_empty() || map.value_node(&prefix.join(".")).is_some())
            .unwrap_or((&[], path));
        let prefix = existing.join(".");
        let text = &self.text;
        let (at, indent, head) = match map.value_node(&prefix) {
            None => (text.len(), 0, String::new()),
            Some(node) if prefix.is_empty() && node.kind == NodeKind::BlockMapping => {
                (block_end(map, "", text), 0, String::new())
            }
            Some(node) => match node.kind {
                NodeKind::BlockMapping => {
                    let end = block_end(map, &prefix, text).max(node.start);
                    (end, node.position.column - 1, String::new())
                }
                NodeKind::Null if !prefix.is_empty() => {
                    // `key:` or `key: ~`: drop the `~` and write the block below the key.
                    let indent = key_indent(map, &prefix) + STEP;
                    (node.start, indent, String::new())
                }
                NodeKind::FlowMapping => return Err(EditError::FlowStyle { path: prefix }),
                _ => return Err(EditError::NotAMapping { path: prefix }),
            },
        };
        let mut block = String::new();
        for (depth, key) in missing.iter().enumerate() {
            if depth + 1 == missing.len() {
                block.push_str(&emit_entry(key, value, indent + depth * STEP));
            } else {
                let pad = " ".repeat(indent + depth * STEP);
                block.push_str(&format!("{pad}{key}:\n"));
            }
        }
        let mut edited = text.clone();
        match map.value_node(&prefix) {
            Some(node) if node.kind == NodeKind::Null && !prefix.is_empty() => {
                // `key:` or `key: ~`: the block replaces what follows the colon, line break
                // included.
                let colon = after_colon(map, &prefix, text);
                let end = line_end(text, colon);
                let end = if text[end..].starts_with('\n') {
                    end + 1
                } else {
                    end
                };
                edited.replace_range(colon..end, &format!("\n{block}"));
            }
            _ => {
                let mut insert = head;
                if at > 0 && !text[..at].ends_with('\n') {
                    insert.push('\n');
                }
                insert.push_str(&block);
                edited.insert_str(at, &insert);
            }
        }
        Ok(edited)
    }
}

/// The value at `path` in `text`: `None` when the path does not exist or the text is not YAML.
pub fn current_value(text: &str, path: &[&str]) -> Option<Value> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    for key in path {
        value = match value {
            serde_yaml::Value::Mapping(mut map) => {
                let found = map
                    .iter()
                    .find(|(k, _)| key_matches(k, key))
                    .map(|(k, _)| k.clone())?;
                map.remove(&found)?
            }
            serde_yaml::Value::Sequence(mut items) => {
                let index: usize = key.parse().ok()?;
                if index >= items.len() {
                    return None;
                }
                items.swap_remove(index)
            }
            _ => return None,
        };
    }
    Some(value)
}

/// The value at `path` in `text`, as a [`Scalar`]: `None` when the path does not exist or holds
/// a block.
fn current(text: &str, path: &[&str]) -> Option<Scalar> {
    match current_value(text, path)? {
        serde_yaml::Value::Null => Some(Scalar::Null),
        serde_yaml::Value::String(s) => Some(Scalar::Text(s)),
        serde_yaml::Value::Number(n) => Some(Scalar::Text(n.to_string())),
        serde_yaml::Value::Bool(b) => Some(Scalar::Text(b.to_string())),
        _ => None,
    }
}

/// Whether the YAML key `key` is written `text` (`2019` matches the number 2019).
fn key_matches(key: &serde_yaml::Value, text: &str) -> bool {
    match key {
        serde_yaml::Value::String(s) => s == text,
        serde_yaml::Value::Number(n) => n.to_string() == text,
        serde_yaml::Value::Bool(b) => b.to_string() == text,
        _ => false,
    }
}

/// The byte offset just past the colon that follows the key of the entry at `path`.
fn after_colon(map: &SourceMap, path: &str, text: &str) -> usize {
    let key_end = map.key_node(path).map_or(0, |k| k.end);
    text[key_end..]
        .find(':')
        .map_or(key_end, |i| key_end + i + 1)
}

/// `doc` with the value at `path` set to `value`, making the mappings on the way (a key of digits
/// as the number it reads as); `false` when the path goes through something else.
fn put(doc: &mut Value, path: &[&str], value: Value) -> bool {
    let Some((key, rest)) = path.split_first() else {
        *doc = value;
        return true;
    };
    if doc.is_null() {
        *doc = Value::Mapping(serde_yaml::Mapping::new());
    }
    match doc {
        Value::Mapping(map) => {
            let found = map.keys().find(|k| key_matches(k, key)).cloned();
            let key = found.unwrap_or_else(|| match key.parse::<u64>() {
                Ok(n) => Value::Number(n.into()),
                Err(_) => Value::String((*key).to_string()),
            });
            put(map.entry(key).or_insert(Value::Null), rest, value)
        }
        Value::Sequence(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
            Some(item) => put(item, rest, value),
            None => false,
        },
        _ => false,
    }
}

/// The byte offset of the start of the line containing `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The spaces before the first character of the line containing `at`: where a block's `- ` or
/// keys start.
fn line_indent(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    text[start..].len() - text[start..].trim_start_matches(' ').len()
}

/// The byte offset of the end of the line containing `at` (its `\n`, or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The indentation (in characters) of the key of the entry at `path`.
fn key_indent(map: &SourceMap, path: &str) -> usize {
    map.key_node(path).map_or(0, |k| k.position.column - 1)
}

/// The byte offset just past the line where the last value inside `prefix` ends: where a new
/// key of that block goes (before any comment that follows it).
fn block_end(map: &SourceMap, prefix: &str, text: &str) -> usize {
    let stop = map
        .descendants_end(prefix)
        .or_else(|| map.value_node(prefix).map(|n| n.end))
        .unwrap_or(text.len());
    if stop == 0 || text[..stop].ends_with('\n') {
        stop
    } else {
        text[stop..].find('\n').map_or(text.len(), |i| stop + i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Scalar {
        Scalar::Text(s.to_string())
    }

    fn edit(source: &str, path: &[&str], value: &Scalar) -> String {
        let mut doc = YamlEdit::new(source);
        doc.set(path, value).unwrap_or_else(|e| panic!("{e}"));
        doc.into_text()
    }

    #[test]
    fn replaces_a_value_and_keeps_everything_else() {
        let source = "# 事業\nid: a   # 変えない\nrating: A  # 評価\nname: n\n";
        assert_eq!(
            edit(source, &["rating"], &text("Ｂ")),
            "# 事業\nid: a   # 変えない\nrating: Ｂ  # 評価\nname: n\n"
        );
    }

    #[test]
    fn a_whole_number_is_written_plain_even_inside_braces() {
        let mut doc = YamlEdit::new("coverage: {from: 2020, to: 2022}  # 表示する年度\n");
        assert_eq!(
            doc.set(&["coverage", "to"], &Scalar::Integer(2023)),
            Ok(true)
        );
        assert_eq!(
            doc.text(),
            "coverage: {from: 2020, to: 2023}  # 表示する年度\n"
        );
        assert_eq!(
            doc.set(&["coverage", "to"], &Scalar::Integer(2023)),
            Ok(false)
        );
    }

    #[test]
    fn setting_the_same_value_changes_nothing() {
        let mut doc = YamlEdit::new("rating: \"A\"\n");
        assert_eq!(doc.set(&["rating"], &text("A")), Ok(false));
        assert_eq!(doc.text(), "rating: \"A\"\n");
    }

    #[test]
    fn adds_a_year_at_the_end_of_the_years_block() {
        let source = "years:\n  2022:\n    results: |-\n      一行目\n      二行目\n  # 次の年度\nrating: A\n";
        let out = edit(source, &["years", "2023", "results"], &text(""));
        assert_eq!(
            out,
            "years:\n  2022:\n    results: |-\n      一行目\n      二行目\n  2023:\n    results: \"\"\n  # 次の年度\nrating: A\n"
        );
        let out = edit(&out, &["years", "2023", "rating"], &Scalar::Null);
        assert!(
            out.contains("  2023:\n    results: \"\"\n    rating: ~\n"),
            "{out}"
        );
    }

    #[test]
    fn replaces_a_block_with_a_block() {
        let source = "years:\n  2023:\n    results: |-\n      古い\n    rating: A\n";
        let out = edit(
            source,
            &["years", "2023", "results"],
            &text("新しい一行目\n二行目"),
        );
        assert_eq!(
            out,
            "years:\n  2023:\n    results: |-\n      新しい一行目\n      二行目\n    rating: A\n"
        );
    }

    #[test]
    fn fills_an_empty_key_and_creates_missing_blocks() {
        assert_eq!(
            edit(
                "id: a\nyears:\n",
                &["years", "2024", "results"],
                &text("実施した。")
            ),
            "id: a\nyears:\n  2024:\n    results: 実施した。\n"
        );
        assert_eq!(
            edit(
                "id: a\nyears: ~\nname: n\n",
                &["years", "2024", "rating"],
                &text("A")
            ),
            "id: a\nyears:\n  2024:\n    rating: A\nname: n\n"
        );
        assert_eq!(
            edit("id: a", &["years", "2024", "rating"], &text("A")),
            "id: a\nyears:\n  2024:\n    rating: A\n"
        );
    }

    #[test]
    fn edits_inside_a_part() {
        let source = "parts:\n  - label: 取組事例①\n    years:\n      2023: {rating: A}\n  - label: 取組事例②\n    departments: []\n";
        let out = edit(
            source,
            &["parts", "1", "years", "2023", "rating"],
            &text("B"),
        );
        assert_eq!(
            out,
            "parts:\n  - label: 取組事例①\n    years:\n      2023: {rating: A}\n  - label: 取組事例②\n    departments: []\n    years:\n      2023:\n        rating: B\n"
        );
        let mut doc = YamlEdit::new(source);
        assert_eq!(
            doc.set(&["parts", "0", "years", "2023", "results"], &text("x")),
            Err(EditError::FlowStyle {
                path: "parts.0.years.2023".to_string()
            })
        );
        assert_eq!(doc.text(), source);
    }

    #[test]
    fn quotes_what_would_read_as_something_else() {
        assert_eq!(emit(&text("A"), 4), "A");
        assert_eq!(emit(&text("－"), 4), "－");
        assert_eq!(emit(&text("123"), 4), "\"123\"");
        assert_eq!(emit(&text("yes"), 4), "\"yes\"");
        assert_eq!(emit(&text("a: b"), 4), "\"a: b\"");
        assert_eq!(emit(&text("・利用実績３組"), 4), "・利用実績３組");
        assert_eq!(emit(&text("- x"), 4), "\"- x\"");
        assert_eq!(emit(&text("say \"hi\""), 4), "say \"hi\"");
        assert_eq!(emit(&text(" 先頭に空白"), 4), "\" 先頭に空白\"");
        assert_eq!(emit(&text("行1\n行2\n"), 2), "|\n  行1\n  行2");
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_list_replaces_a_list_and_keeps_the_lines_around_it() {
        let source =
            "name: n\ndepartments:  # 担当課\n  - name: 旧課\n  - {name: 別課}\n# 年度\nyears: ~\n";
        let mut doc = YamlEdit::new(source);
        let value =
            yaml("- {name: こども課, division: 子ども未来部}\n- {name: 母子健康センター}\n");
        assert_eq!(doc.set_value(&["departments"], &value), Ok(true));
        assert_eq!(
            doc.text(),
            "name: n\ndepartments:  # 担当課\n  - name: こども課\n    division: 子ども未来部\n  - name: 母子健康センター\n# 年度\nyears: ~\n"
        );
        assert_eq!(doc.set_value(&["departments"], &value), Ok(false));
    }

    #[test]
    fn a_list_replaces_a_one_line_value_and_is_added_where_there_is_none() {
        let mut doc = YamlEdit::new("placements: [a]  # 施策\nname: n\n");
        let value = yaml("[b, c]");
        assert_eq!(doc.set_value(&["placements"], &value), Ok(true));
        assert_eq!(doc.text(), "placements: [b, c]\nname: n\n");
        let schedule = yaml("- {from: 2023, to: 2024, text: 実施}\n");
        let mut doc = YamlEdit::new("id: a\n");
        assert_eq!(doc.set_value(&["schedule"], &schedule), Ok(true));
        assert_eq!(
            doc.text(),
            "id: a\nschedule:\n  - from: 2023\n    to: 2024\n    text: 実施\n"
        );
    }

    #[test]
    fn an_item_is_added_under_the_last_one_of_a_list() {
        let source = "departments:\n  - name: 地域福祉課  # mieruka: allow single-department\nyears:\n  2023: {}\n";
        let mut doc = YamlEdit::new(source);
        let item = yaml("{name: 高齢者福祉課, from: 2023}");
        assert_eq!(doc.push(&["departments"], &item), Ok(()));
        assert_eq!(
            doc.text(),
            "departments:\n  - name: 地域福祉課  # mieruka: allow single-department\n  - name: 高齢者福祉課\n    from: 2023\nyears:\n  2023: {}\n"
        );
        let mut doc = YamlEdit::new("id: a\nindicators: []\n");
        let indicator = yaml("{label: 相談件数, values: {2023: '120'}}");
        assert_eq!(doc.push(&["indicators"], &indicator), Ok(()));
        assert_eq!(
            doc.text(),
            "id: a\nindicators:\n  - label: 相談件数\n    values:\n      2023: \"120\"\n"
        );
        let mut doc = YamlEdit::new("name: n\n");
        assert_eq!(
            doc.push(&["name"], &item),
            Err(EditError::NotAList {
                path: "name".to_string()
            })
        );
    }

    #[test]
    fn a_comment_after_a_value_stays_a_comment() {
        let template = "years:\n  2024:\n    results: \"\"                  # 実施状況\n    status:   # 未記入\nname: n\n";
        let mut doc = YamlEdit::new(template);
        assert_eq!(
            doc.set(&["years", "2024", "results"], &text("一行目\n二行目")),
            Ok(true)
        );
        assert_eq!(doc.set(&["years", "2024", "status"], &text("ア")), Ok(true));
        assert_eq!(
            doc.text(),
            "years:\n  2024:\n    results: |-                  # 実施状況\n      一行目\n      二行目\n    status: ア   # 未記入\nname: n\n"
        );
    }

    #[test]
    fn an_empty_value_in_braces_is_set_in_place() {
        let mut doc = YamlEdit::new("years:\n  2022: {results: 実施した。, status: ~}\n");
        assert_eq!(doc.set(&["years", "2022", "status"], &text("ア")), Ok(true));
        assert_eq!(
            doc.text(),
            "years:\n  2022: {results: 実施した。, status: ア}\n"
        );
    }

    #[test]
    fn a_block_replaced_by_a_list_keeps_the_next_line() {
        let mut doc = YamlEdit::new("a: |-\n  text\nb: keep\nc: 1\n");
        assert_eq!(doc.set_value(&["a"], &yaml("[x, y]")), Ok(true));
        assert_eq!(doc.text(), "a: [x, y]\nb: keep\nc: 1\n");
    }

    #[test]
    fn an_item_is_added_to_a_list_written_without_indentation() {
        let mut doc = YamlEdit::new("departments:\n- name: A\nyears: ~\n");
        assert_eq!(doc.push(&["departments"], &yaml("{name: B}")), Ok(()));
        assert_eq!(doc.text(), "departments:\n- name: A\n- name: B\nyears: ~\n");
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let mut doc = YamlEdit::new("id: a\r\nyears:\r\n  2023:\r\n    rating: A\r\n");
        assert_eq!(
            doc.set(&["years", "2023", "results"], &text("行1\n行2")),
            Ok(true)
        );
        assert_eq!(
            doc.into_text(),
            "id: a\r\nyears:\r\n  2023:\r\n    rating: A\r\n    results: |-\r\n      行1\r\n      行2\r\n"
        );
    }
}
