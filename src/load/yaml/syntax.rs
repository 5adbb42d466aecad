//! A file that is not valid YAML, or that the tree refuses (a key written twice, a second
//! document, aliases without end, nesting too deep): its diagnostic. A syntax error is shown in
//! libyaml's words at the position serde_yaml gives; the hint is chosen from what the file shows
//! there, not from the words of the message.

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::load::SourceFile;

use super::tree::TreeError;

/// The hint for a key written twice.
pub(super) const DUPLICATE_HINT: &str =
    "each key may appear only once in the same block; remove one of them";

/// The problem that stopped the tree: each kind in its own words, a syntax error in the parser's.
pub(super) fn tree_problem(
    file: &SourceFile,
    error: TreeError,
    parser: &serde_yaml::Error,
) -> Diagnostic {
    let (message, position, hint) = match error {
        TreeError::Syntax { stopped, open } => {
            // The typed read may have stopped at a value of the wrong type before the syntax
            // error: read for syntax alone to have libyaml's words for it.
            let words = serde_yaml::from_str::<serde_yaml::Value>(&file.text).err();
            return syntax(
                file,
                words.as_ref().unwrap_or(parser),
                Some((stopped, open)),
            );
        }
        TreeError::DuplicateKey(path, at) => {
            let message = match path.rsplit_once('.') {
                Some((block, key)) => format!("{block}: the key `{key}` is written twice"),
                None => format!("the key `{path}` is written twice"),
            };
            (message, at, DUPLICATE_HINT)
        }
        TreeError::SecondDocument(at) => (
            "a second document begins here; a file holds one document".to_string(),
            at,
            "a file holds one plan or one project; remove the `---` line and what follows, or move it to a file of its own",
        ),
        TreeError::RepetitionLimit(at) => (
            "the aliases (`*name`) of this file repeat too many values".to_string(),
            at,
            "the file repeats values through anchors (`&name`) and aliases (`*name`) so often that it would grow enormous; write the values out instead",
        ),
        TreeError::TooDeep(at) => (
            "the values are nested too deeply".to_string(),
            at,
            "a plan's files need only a few levels of keys and lists",
        ),
    };
    Diagnostic::error(Code::Syntax, &file.path, message)
        .at(&file.text, position)
        .with_hint(hint)
}

/// A YAML syntax error in the words of serde_yaml (libyaml), at the position it gives. Where
/// that is past the last line (a quotation mark or a bracket left open is found at the end of
/// the file), it is pointed where the tree's reading stopped (`tree`: where saphyr-parser stopped,
/// and where the innermost bracket still open began), on the first of them that is not blank.
/// A control character is pointed at where it is.
pub(super) fn syntax(
    file: &SourceFile,
    error: &serde_yaml::Error,
    tree: Option<(Position, Option<Position>)>,
) -> Diagnostic {
    // libyaml refuses control characters anywhere, and says where in bytes: point at the first.
    if let Some((offset, _)) = file
        .text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Diagnostic::error(
            Code::Syntax,
            &file.path,
            "control characters are not allowed",
        )
        .at(&file.text, Position::of_offset(&file.text, offset))
        .with_hint(CONTROL_HINT);
    }
    let location = error.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let blank = |p: &Position| file.line(p.line).is_none_or(|l| l.trim().is_empty());
    let (stopped, open) = tree.map_or((None, None), |(stopped, open)| (Some(stopped), open));
    let position = [location, stopped, open]
        .into_iter()
        .flatten()
        .find(|p| !blank(p))
        .or(location);
    let message = without_locations(&error.to_string());
    let mut d = Diagnostic::error(Code::Syntax, &file.path, message);
    if let Some(p) = position {
        d = d.at(&file.text, p);
        if let Some(hint) = syntax_hint(file, p) {
            d = d.with_hint(hint);
        }
    }
    d
}

const CONTROL_HINT: &str = "the file holds an invisible control character here; delete it";

/// The parser's message without the ` at line N column M` it appends: the diagnostic shows the
/// position itself, under the line.
fn without_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        match tail.strip_prefix(" column ") {
            Some(column) if line_len > 0 && digits(column) > 0 => {
                rest = &column[digits(column)..];
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// A hint for a syntax error at `at`, from what the file shows there: a tab, a quotation mark
/// left open, a bracket left open, a second `: ` in a line, a list item out of place, a line that
/// is neither a key nor a list item.
fn syntax_hint(file: &SourceFile, at: Position) -> Option<&'static str> {
    let line = file.line(at.line)?;
    let here = line.chars().nth(at.column.saturating_sub(1));
    let before: Vec<&str> = file.text.lines().take(at.line).collect();
    let open = |open: char, close: char| {
        let text: String = before.join("\n");
        text.matches(open).count() > text.matches(close).count()
    };
    let above = before
        .iter()
        .take(at.line.saturating_sub(1))
        .rev()
        .find(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        });
    if line.contains('\t') {
        Some("YAML does not allow tabs for indentation; indent with spaces")
    } else if matches!(here, Some('"' | '\'')) {
        Some("a quotation mark (\" or ') was opened but not closed")
    } else if open('[', ']') || open('{', '}') {
        Some("a list in brackets (`[…]`) or keys in braces (`{…}`) was opened and not closed")
    } else if here == Some('\\') {
        Some(
            "inside double quotation marks a backslash starts an escape; write `\\\\` for a backslash, or use single quotation marks",
        )
    } else if here == Some(':') {
        Some("a value that contains \": \" must be quoted, or the line is indented wrongly")
    } else if here == Some('-') {
        Some("check the indentation of this line against the lines above it")
    } else if above.is_some_and(|l| !l.contains(':') && !l.starts_with('-')) {
        Some(
            "a line above this one is neither `key: value` nor a list item (`- …`); the lines of a `|-` text block must be indented more than its key",
        )
    } else {
        None
    }
}
