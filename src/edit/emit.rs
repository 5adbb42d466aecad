//! Values written as YAML text: a scalar after `key: ` (plain, quoted or a `|-` block, whichever
//! reads back as the same text), and lists and mappings as indented lines.

use serde_yaml::Value;

use super::{STEP, Scalar};

/// `value` as YAML text after `key: `, with block lines indented by `indent` spaces.
pub fn emit(value: &Scalar, indent: usize) -> String {
    let text = match value {
        Scalar::Null => return "~".to_string(),
        Scalar::Integer(n) => return n.to_string(),
        Scalar::Text(text) => text,
    };
    if text.is_empty() {
        return "\"\"".to_string();
    }
    let controls = text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t');
    if text.contains('\n') && !controls && !text.contains('\r') {
        let trailing = text.len() - text.trim_end_matches('\n').len();
        let chomp = match trailing {
            0 => "-",
            1 => "",
            _ => "+",
        };
        let indicator = if text.starts_with(' ') || text.starts_with('\n') {
            "2"
        } else {
            ""
        };
        let pad = " ".repeat(indent);
        let body: Vec<String> = text
            .trim_end_matches('\n')
            .split('\n')
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!("{pad}{line}")
                }
            })
            .collect();
        let mut out = format!("|{indicator}{chomp}\n{}", body.join("\n"));
        for _ in 1..trailing {
            out.push('\n');
        }
        return out;
    }
    if plain_reads_back(text) {
        return text.clone();
    }
    double_quoted(text)
}

/// Whether `text` written plain reads back as the same text — in YAML 1.2, and in YAML 1.1 as
/// older tools read it (`yes`, `on`, `1:20` and numbers are quoted).
fn plain_reads_back(text: &str) -> bool {
    const YAML_1_1_WORDS: [&str; 22] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    let number_like = text.is_ascii()
        && text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if YAML_1_1_WORDS.contains(&text) || number_like {
        return false;
    }
    if text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains(['\n', '\t', '#'])
        || text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
            '`',
        ])
    {
        return false;
    }
    matches!(
        serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {text}")),
        Ok(serde_yaml::Value::Mapping(map))
            if map.get("k") == Some(&serde_yaml::Value::String(text.to_string()))
    )
}

/// `text` as a double-quoted YAML scalar.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` as the lines of a block whose entries are indented by `indent` spaces, each line
/// ending with a line break: a mapping as `key: value` lines, a list as `- ` items (an item that
/// is a mapping starts on the `- ` line). Scalars inside are written as [`emit`] writes them; an
/// empty list or mapping as `[]` or `{}`. A scalar `value` is one line, `emit`'s text.
pub fn emit_block(value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    match value {
        Value::Mapping(map) if !map.is_empty() => {
            for (key, item) in map {
                out.push_str(&pad);
                out.push_str(&key_text(key));
                out.push(':');
                entry(&mut out, item, indent + STEP);
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Value::Mapping(map) if !map.is_empty() => {
                        // The first key goes on the `- ` line, the others under it.
                        let lines = emit_block(item, indent + STEP);
                        out.push(' ');
                        out.push_str(&lines[indent + STEP..]);
                    }
                    _ => entry(&mut out, item, indent + STEP),
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&inline(other, indent));
            out.push('\n');
        }
    }
    out
}

/// Writes what follows `key:` (or `-`) for `item`, whose own lines are indented by `indent`. A
/// list of ids (`[g1-1, g2-3]`) stays on the key's line.
fn entry(out: &mut String, item: &Value, indent: usize) {
    match item {
        Value::Sequence(items) if !items.is_empty() && items.iter().all(is_id) => {
            let ids: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            out.push_str(&format!(" [{}]\n", ids.join(", ")));
        }
        Value::Mapping(map) if !map.is_empty() => {
            out.push('\n');
            out.push_str(&emit_block(item, indent));
        }
        Value::Sequence(items) if !items.is_empty() => {
            out.push('\n');
            out.push_str(&emit_block(item, indent));
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other, indent));
            out.push('\n');
        }
    }
}

/// Whether `value` is text that reads as itself in a one-line list: an id (`a`–`z`, digits, `-`,
/// `_`, starting with a letter).
fn is_id(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    })
}

/// A value that fits after `key: `: a scalar, or an empty list or mapping.
fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "~".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => emit(&Scalar::Text(s.clone()), indent),
        Value::Sequence(_) => "[]".to_string(),
        Value::Mapping(_) => "{}".to_string(),
        Value::Tagged(tagged) => inline(&tagged.value, indent),
    }
}

/// A mapping key as written: numbers (fiscal years) plain, text as [`emit`] writes it.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => emit(&Scalar::Text(s.clone()), 0),
        other => inline(other, 0),
    }
}

/// What follows `key:` for `value`, whose own lines are indented by `indent` spaces: ` text\n`
/// for a scalar or a list of ids, a line break and the block's lines for a list or a mapping.
pub fn emit_value(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    entry(&mut out, value, indent);
    out
}

/// The entry `key: value` as lines indented by `indent` spaces: on one line for a scalar, with
/// `value`'s lines under the key for a list or a mapping.
pub fn emit_entry(key: &str, value: &Value, indent: usize) -> String {
    let mut out = " ".repeat(indent);
    out.push_str(key);
    out.push(':');
    entry(&mut out, value, indent + STEP);
    out
}
