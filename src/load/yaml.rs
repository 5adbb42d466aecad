//! Reading one YAML file into a model type, turning every failure into a [`Diagnostic`] that
//! names the file, line and column and says what was expected.
//!
//! serde stops at the first problem, but staff should see all of them in one run. So a file that
//! does not deserialise at once is read as a YAML value, and deserialised again and again: each
//! time serde reports a problem, it is recorded at its path, the offending key or item is removed,
//! and the rest is tried again. Whatever remains is returned, so that checks needing the whole
//! plan still run on it.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use serde_path_to_error::Segment;

use crate::diagnostics::{Code, Diagnostic, Position, did_you_mean};
use crate::load::SourceFile;
use crate::load::source_map::SourceMap;

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

/// Parses `file` as `T`, reporting every problem.
///
/// A YAML syntax error ([`Code::Syntax`]) ends the reading: nothing after it can be trusted.
/// Schema problems ([`Code::UnknownField`], [`Code::MissingField`], [`Code::WrongType`]) are all
/// reported, each with a hint where one helps.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Parsed<T> {
    if file.text.trim().is_empty() {
        let d = Diagnostic::error(Code::MissingField, &file.path, "the file is empty")
            .with_hint("start from another file of the same kind, or remove this one");
        return Parsed {
            value: None,
            problems: vec![d],
        };
    }
    let syntax_error = match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => {
            return Parsed {
                value: Some(value),
                problems: Vec::new(),
            };
        }
        Err(e) => e,
    };
    let yaml: serde_yaml::Value = match serde_yaml::from_str(&file.text) {
        Ok(yaml) => yaml,
        Err(e) => {
            return Parsed {
                value: None,
                problems: vec![syntax(file, &e)],
            };
        }
    };
    let map = SourceMap::new(&file.text);
    if let Some(problem) = not_a_mapping(file, &map, &yaml) {
        return Parsed {
            value: None,
            problems: vec![problem],
        };
    }
    let mut json = to_json(yaml);
    let mut removed = Removed::default();
    let mut pruned: Vec<String> = Vec::new();
    let mut misspelt: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    while problems.len() < MAX_PROBLEMS {
        match serde_path_to_error::deserialize::<_, T>(&json) {
            Ok(value) => {
                return Parsed {
                    value: Some(value),
                    problems,
                };
            }
            Err(e) => {
                let segments: Vec<Segment> = e.path().iter().cloned().collect();
                let original = removed.original_path(&segments);
                let message = e.inner().to_string();
                // A field found missing because its unreadable value was removed to go on has
                // been reported already.
                // So has a field missing because its key is misspelt (`nmae` for `name`).
                let follow_on = message
                    .strip_prefix("missing field `")
                    .and_then(|rest| rest.split('`').next())
                    .is_some_and(|field| {
                        let path = join(&original, field);
                        pruned.contains(&path) || misspelt.contains(&path)
                    });
                if !follow_on {
                    let problem = schema_problem(file, &map, &original, &message);
                    if let Some(meant) = problem
                        .hint
                        .as_deref()
                        .and_then(|h| h.strip_prefix("did you mean `"))
                        .and_then(|rest| rest.split('`').next())
                    {
                        let block = original.rsplit_once('.').map_or("", |(parent, _)| parent);
                        misspelt.push(join(block, meant));
                    }
                    problems.push(problem);
                }
                if !removed.prune(&mut json, &segments) {
                    break;
                }
                pruned.push(original);
            }
        }
    }
    if problems.is_empty() {
        problems.push(syntax(file, &syntax_error));
    }
    Parsed {
        value: None,
        problems,
    }
}

/// A YAML value as JSON: keys become text (`2019` → `"2019"`), tags are dropped, numbers that
/// JSON cannot hold (`.nan`) become text.
fn to_json(value: serde_yaml::Value) -> Json {
    match value {
        serde_yaml::Value::Null => Json::Null,
        serde_yaml::Value::Bool(b) => Json::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Json::String(n.to_string()), Json::Number)
            }
        }
        serde_yaml::Value::String(s) => Json::String(s),
        serde_yaml::Value::Sequence(items) => Json::Array(items.into_iter().map(to_json).collect()),
        serde_yaml::Value::Mapping(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(&k), to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

/// A mapping key as the text it was written as.
fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "~".to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Items removed from sequences so far, to translate paths of the pruned value back to the
/// file's own indices.
#[derive(Default)]
struct Removed {
    /// For each sequence (by its path in the file), the file's indices of its removed items.
    by_sequence: HashMap<String, Vec<usize>>,
}

impl Removed {
    /// The dotted path in the file of a path in the pruned value.
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

    /// Removes the node at `segments` from `json` so that deserialising can go on; `false` when
    /// there is nothing to remove (the problem is the whole document).
    fn prune(&mut self, json: &mut Json, segments: &[Segment]) -> bool {
        let Some((last, parent)) = segments.split_last() else {
            return false;
        };
        let mut node = json;
        for segment in parent {
            node = match (segment, node) {
                (Segment::Map { key }, Json::Object(map)) => match map.get_mut(key) {
                    Some(child) => child,
                    None => return false,
                },
                (Segment::Seq { index }, Json::Array(items)) => match items.get_mut(*index) {
                    Some(child) => child,
                    None => return false,
                },
                _ => return false,
            };
        }
        match (last, node) {
            (Segment::Map { key }, Json::Object(map)) => map.shift_remove(key).is_some(),
            (Segment::Seq { index }, Json::Array(items)) if *index < items.len() => {
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

/// A schema problem serde reported at `path` (dotted, in the file's own indices).
fn schema_problem(file: &SourceFile, map: &SourceMap, path: &str, message: &str) -> Diagnostic {
    // An unknown field's path ends with the field itself; the message names the block it is in.
    let block = if message.starts_with("unknown field") {
        path.rsplit_once('.').map_or("", |(parent, _)| parent)
    } else {
        path
    };
    // A key written twice inside `path`: name it and point at its second occurrence.
    let duplicate = message
        .contains("duplicate entry")
        .then(|| {
            map.duplicate_keys()
                .iter()
                .find(|(p, _)| p.rsplit_once('.').map_or("", |(parent, _)| parent) == path)
        })
        .flatten();
    let message = plain_words(message);
    let message = match (duplicate, block) {
        (Some((p, _)), _) => match p.rsplit_once('.') {
            Some((parent, key)) => format!("{parent}: the key `{key}` is written twice"),
            None => format!("the key `{p}` is written twice"),
        },
        (None, "") => message,
        (None, block) => format!("{block}: {message}"),
    };
    let (code, hint) = classify(&message, None);
    // The key itself is wrong when the field is unknown, or when the message quotes the key (a
    // fiscal year that is not one: "`2019x` is not a fiscal year"): point at the key then.
    let last = path.rsplit('.').next().unwrap_or(path);
    let key_is_wrong = code == Code::UnknownField || message.contains(&format!("`{last}` is not"));
    let position = if let Some((_, second)) = duplicate {
        *second
    } else if key_is_wrong {
        map.key(path).unwrap_or_else(|| map.locate(path))
    } else {
        map.locate(path)
    };
    let mut d = Diagnostic::error(code, &file.path, message).at(&file.text, position);
    d.hint = hint;
    d
}

/// serde's words for YAML's shapes in the words of the data format: a list, keys and values,
/// text. `expected struct YearEntry` names a Rust type nobody editing YAML knows.
fn plain_words(message: &str) -> String {
    let mut out = message
        .replace("invalid type: map", "invalid type: keys and values")
        .replace("invalid type: sequence", "invalid type: a list")
        .replace("invalid type: string", "invalid type: text")
        .replace("expected a sequence", "expected a list")
        .replace("expected a string", "expected text");
    if let Some(at) = out.find("expected struct ") {
        out.replace_range(at.., "expected keys and values (`key: value` lines)");
    }
    out
}

/// `block.key`, or `key` at the top.
fn join(block: &str, key: &str) -> String {
    if block.is_empty() {
        key.to_string()
    } else {
        format!("{block}.{key}")
    }
}

/// The problem of a file whose top is not a block of keys: only comments, a list, one value.
fn not_a_mapping(
    file: &SourceFile,
    map: &SourceMap,
    yaml: &serde_yaml::Value,
) -> Option<Diagnostic> {
    let (code, message, hint) = match yaml {
        serde_yaml::Value::Mapping(_) => return None,
        serde_yaml::Value::Null => (
            Code::MissingField,
            "the file has only comments",
            "start from another file of the same kind, or remove this one",
        ),
        serde_yaml::Value::Sequence(_) => (
            Code::WrongType,
            "the file is a list (lines starting with `- `); it must be keys and values",
            "write `id: …`, `name: …` at the start of the lines, without `- `",
        ),
        _ => (
            Code::WrongType,
            "the file is a single value; it must be keys and values",
            "write `id: …`, `name: …`, each on its own line",
        ),
    };
    let position = map.value("").unwrap_or(Position { line: 1, column: 1 });
    Some(
        Diagnostic::error(code, &file.path, message)
            .at(&file.text, position)
            .with_hint(hint),
    )
}

/// A YAML syntax error (or, when the file is valid YAML, serde's first error) as a diagnostic.
fn syntax(file: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let mut position = err.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let mut message = full.clone();
    if let Some(p) = position {
        message = message.replacen(&format!(" at line {} column {}", p.line, p.column), "", 1);
    }
    // A second document has no place of its own either: point at its `---`.
    if position.is_none() && message.contains("more than one document") {
        position = file
            .text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.starts_with("---"))
            .map(|(i, _)| Position {
                line: i + 1,
                column: 1,
            });
    }
    // Too many repetitions has no place of its own: point at the first alias.
    if position.is_none() && message.contains("repetition limit") {
        position = first_alias(&file.text);
    }
    // At the end of the file there is no line to point at, but the message names where the
    // unfinished construct (an open quotation mark) began: point there instead.
    if position.is_none_or(|p| file.line(p.line).is_none_or(|l| l.trim().is_empty()))
        && let Some(began) = position_in_message(&message)
    {
        let at = format!(" at line {} column {}", began.line, began.column);
        message = message.replacen(&at, "", 1);
        position = Some(began);
    }
    // A key written twice: point at its second occurrence and say which block it is in.
    if message.contains("duplicate entry")
        && let Some((path, second)) = SourceMap::new(&file.text).duplicate_keys().first()
    {
        position = Some(*second);
        message = match path.rsplit_once('.') {
            Some((block, key)) => format!("{block}: the key `{key}` is written twice"),
            None => format!("the key `{path}` is written twice"),
        };
    }
    // A control character (NUL …) is reported at a byte offset: turn it into a line and column.
    if let Some(offset) = message
        .split(" at position ")
        .nth(1)
        .and_then(|n| n.trim().parse::<usize>().ok())
    {
        message = message
            .split(" at position ")
            .next()
            .unwrap_or_default()
            .to_string();
        position = Some(Position::of_offset(&file.text, offset));
    }
    // Positions the message still names are where a construct began; the marker says where the
    // problem is, so they are left out.
    while let Some(p) = position_in_message(&message) {
        let at = format!(" at line {} column {}", p.line, p.column);
        if !message.contains(&at) {
            break;
        }
        message = message.replacen(&at, "", 1);
    }
    let (code, hint) = classify(&message, position.and_then(|p| file.line(p.line)));
    let mut d = Diagnostic::error(code, &file.path, message);
    if let Some(p) = position {
        d = d.at(&file.text, p);
    }
    d.hint = hint;
    d
}

/// The last `at line N column M` of a parser message.
fn position_in_message(message: &str) -> Option<Position> {
    let rest = message.rsplit(" at line ").next()?;
    let (line, column) = rest.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some(Position {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// Where the first alias (`*name`) of `text` is.
fn first_alias(text: &str) -> Option<Position> {
    saphyr_parser::Parser::new_from_str(text)
        .map_while(Result::ok)
        .find(|(event, _)| matches!(event, saphyr_parser::Event::Alias(_)))
        .map(|(_, span)| Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        })
}

/// The code of a serde message and a hint for the staff member who wrote the file.
fn classify(message: &str, line: Option<&str>) -> (Code, Option<String>) {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match did_you_mean(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove it".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return (Code::UnknownField, Some(hint));
    }
    if message.contains("missing field `") {
        return (Code::MissingField, None);
    }
    if message.contains("invalid type")
        || message.contains("invalid value")
        || message.contains("unknown variant")
        || message.contains("fiscal year")
        || message.contains("invalid length")
    {
        return (Code::WrongType, None);
    }
    let hint = if line.is_some_and(|l| l.contains('\t')) {
        Some("YAML does not allow tabs for indentation; indent with spaces".to_string())
    } else if message.contains("quoted scalar") {
        Some("a quotation mark (\" or ') was opened but not closed".to_string())
    } else if message.contains("mapping values are not allowed") {
        Some(
            "a value that contains \": \" must be quoted, or the line is indented wrongly"
                .to_string(),
        )
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        Some("check the indentation of this line against the lines above it".to_string())
    } else if message.contains("could not find expected ':'") {
        Some("a line above this one is neither `key: value` nor a list item (`- …`); the lines of a `|-` text block must be indented more than its key".to_string())
    } else if message.contains("written twice")
        || message.contains("duplicate entry")
        || message.contains("duplicate field")
    {
        Some("each key may appear only once in the same block; remove one of them".to_string())
    } else if message.contains("more than one document") {
        Some("a file holds one plan or one project; remove the `---` line and what follows, or move it to a file of its own".to_string())
    } else if message.contains("control characters") {
        Some("the file holds an invisible control character here; delete it".to_string())
    } else if message.contains("repetition limit") {
        Some(
            "the file repeats values through anchors (`&name`) and aliases (`*name`) so often that it would grow enormous; write the values out instead"
                .to_string(),
        )
    } else if message.contains("recursion limit") {
        Some("the values are nested too deeply; a plan's files need only a few levels".to_string())
    } else {
        None
    };
    (Code::Syntax, hint)
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
