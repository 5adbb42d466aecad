//! A file that is not valid YAML, or that the tree refuses (a key written twice, a second
//! document, aliases without end, nesting too deep): its diagnostic.
//!
//! Where the parser stopped is a position; what went wrong there is told from what the file shows
//! at that position and around it — a tab in the indentation, a quotation mark or a bracket left
//! open, an escape double quotation marks do not allow, a line that is neither a key nor a list
//! item, a list item out of place — in words for staff, not for programmers. Only an error the
//! file gives no account of is shown in the parser's own words ([`TreeError::Syntax`]'s
//! `words`). Nothing is decided by reading the parser's message.

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::load::SourceFile;

use super::tree::{MAX_DEPTH, TreeError};

/// The hint for a key written twice.
pub(super) const DUPLICATE_HINT: &str =
    "each key may appear only once in the same block; remove one of them";

const TAB_HINT: &str = "YAML does not allow tabs for indentation; indent with spaces";
const QUOTE_HINT: &str = "a quotation mark (\" or ') was opened but not closed; close it at the end of the value, or remove it";
const ESCAPE_HINT: &str = "inside double quotation marks a backslash starts an escape; write `\\\\` for a backslash, or use single quotation marks";
const BRACKET_HINT: &str = "close it where the list ends, or write the items on lines of their own, each starting with `- `";
const BRACE_HINT: &str =
    "close it where the keys end, or write each `key: value` on a line of its own";
const STRAY_LINE_HINT: &str = "if it continues the text above, indent it more than that text's key (the lines of a `|-` block must be indented more than its key); otherwise write it as `key: value`";
const FULL_WIDTH_COLON_HINT: &str = "the colon in this line is full-width (：); a key is followed by a half-width colon and a space (`: `)";
const LIST_ITEM_HINT: &str = "check the indentation of this line against the lines above it: the items of one list start in the same column, below their key and indented more than it";
const COLON_HINT: &str =
    "a value that contains \": \" must be quoted, or the line is indented wrongly";
const TOO_DEEP_HINT: &str = "a plan's files need only a few levels of keys and lists";
const CONTROL_HINT: &str = "the file holds an invisible control character here; delete it";

/// The escapes YAML allows after a backslash inside double quotation marks.
const ESCAPES: &str = "0abt\tnvfre \"/\\N_LPxuU";

/// A control character (other than a line break or a tab) anywhere in the file: YAML does not
/// allow them, and one is most often pasted in unseen. Pointed at the first.
pub(super) fn control_character(file: &SourceFile) -> Option<Diagnostic> {
    let (offset, _) = file
        .text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))?;
    Some(
        Diagnostic::error(
            Code::Syntax,
            &file.path,
            "control characters are not allowed",
        )
        .at(&file.text, Position::of_offset(&file.text, offset))
        .with_hint(CONTROL_HINT),
    )
}

/// The problem that stopped the tree, each kind in its own words.
pub(super) fn tree_problem(file: &SourceFile, error: TreeError) -> Diagnostic {
    let (message, position, hint) = match error {
        TreeError::Syntax {
            stopped,
            words,
            open,
        } => return syntax(file, stopped, words, open),
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
            TOO_DEEP_HINT,
        ),
    };
    Diagnostic::error(Code::Syntax, &file.path, message)
        .at(&file.text, position)
        .with_hint(hint)
}

/// What a syntax error is, told from the file: the parser stopped at `stopped`, saying `words`,
/// with the innermost list in brackets or keys in braces that was still open beginning at `open`.
fn syntax(
    file: &SourceFile,
    stopped: Position,
    words: String,
    open: Option<Position>,
) -> Diagnostic {
    let lines: Vec<&str> = file.text.lines().collect();
    let shown = Shown { lines: &lines };
    // The brackets and braces still open where the parser stopped, from the outermost the
    // events showed (the parser reads ahead of its events), or from the start of that line.
    let from = open.filter(|o| o.line <= stopped.line).unwrap_or(Position {
        line: stopped.line,
        column: 1,
    });
    let (unclosed, mismatched) = shown.unclosed(from, stopped);
    if let Some(&deep) = unclosed.get(MAX_DEPTH) {
        return Diagnostic::error(Code::Syntax, &file.path, "the values are nested too deeply")
            .at(&file.text, deep)
            .with_hint(TOO_DEEP_HINT);
    }
    let open = unclosed.last().copied();
    // An error found at the end of the file is about what was left open before it.
    let at = if shown.blank(stopped.line) {
        open.filter(|p| !shown.blank(p.line)).unwrap_or(stopped)
    } else {
        stopped
    };
    let account = shown
        .tab(at)
        .or_else(|| shown.quotation(at))
        .or_else(|| shown.open_bracket(at, open, mismatched))
        .or_else(|| shown.stray_line(at))
        .or_else(|| shown.list_item(at));
    let (message, position, hint) = match account {
        Some((message, position, hint)) => (message, position, Some(hint)),
        None => (words, at, shown.hint(at)),
    };
    let mut d = Diagnostic::error(Code::Syntax, &file.path, message).at(&file.text, position);
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d
}

/// An account of a syntax error: what it is, where, and how to mend it.
type Account = (String, Position, &'static str);

/// The lines of a file, to tell what they show.
struct Shown<'a> {
    lines: &'a [&'a str],
}

impl Shown<'_> {
    /// Line `n` (from 1).
    fn line(&self, n: usize) -> Option<&str> {
        self.lines.get(n.checked_sub(1)?).copied()
    }

    /// Whether line `n` is blank or past the end.
    fn blank(&self, n: usize) -> bool {
        self.line(n).is_none_or(|l| l.trim().is_empty())
    }

    /// The character at `at`.
    fn char_at(&self, at: Position) -> Option<char> {
        self.line(at.line)?.chars().nth(at.column.checked_sub(1)?)
    }

    /// Where each list in brackets and each set of keys in braces that is open at `to` began,
    /// outermost first, walking the text from `from` (where none is open) through `to`, or up to
    /// a closing mark that does not match the last one opened (then `true`). Quoted text and
    /// comments are skipped.
    fn unclosed(&self, from: Position, to: Position) -> (Vec<Position>, bool) {
        // Each open mark with where it is.
        let mut open: Vec<(char, Position)> = Vec::new();
        let positions = |open: Vec<(char, Position)>| open.into_iter().map(|(_, p)| p).collect();
        let mut quote: Option<char> = None;
        for n in from.line..=to.line.min(self.lines.len()) {
            let Some(line) = self.line(n) else { break };
            let first = if n == from.line { from.column } else { 1 };
            let mut previous = ' ';
            let mut chars = line
                .chars()
                .enumerate()
                .skip(first.saturating_sub(1))
                .peekable();
            while let Some((i, c)) = chars.next() {
                let column = i + 1;
                if n == to.line && column > to.column {
                    break;
                }
                match (quote, c) {
                    (Some('"'), '\\') => {
                        chars.next();
                    }
                    (Some('\''), '\'') if chars.next_if(|(_, c)| *c == '\'').is_some() => {}
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    // A quotation mark opens quoted text only where a value begins (not in
                    // `it's`).
                    (None, '"' | '\'') if matches!(previous, ' ' | '[' | '{' | ',') => {
                        quote = Some(c);
                    }
                    (None, '#') if previous == ' ' => break,
                    (None, '[' | '{') => open.push((c, Position { line: n, column })),
                    (None, ']' | '}') => {
                        let opener = if c == ']' { '[' } else { '{' };
                        match open.last() {
                            Some(&(o, _)) if o == opener => {
                                open.pop();
                            }
                            // `]` for a `{` (or `}` for a `[`): what is open stays open.
                            Some(_) => return (positions(open), true),
                            None => {}
                        }
                    }
                    _ => {}
                }
                previous = c;
            }
        }
        (positions(open), false)
    }

    /// A tab in the indentation of the line where the parser stopped or of the next one (the
    /// parser may stop at the end of the line before, still reading its value).
    fn tab(&self, at: Position) -> Option<Account> {
        (at.line..=at.line + 1).find_map(|n| {
            let line = self.line(n)?;
            let indent = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .position(|c| c == '\t')?;
            Some((
                "a tab is used to indent this line".to_string(),
                Position {
                    line: n,
                    column: indent + 1,
                },
                TAB_HINT,
            ))
        })
    }

    /// A quotation mark at `at` that is never closed, or double quotation marks holding an
    /// escape YAML does not allow.
    fn quotation(&self, at: Position) -> Option<Account> {
        let mark = self.char_at(at)?;
        if mark != '"' && mark != '\'' {
            return None;
        }
        // The quoted text, from just after the mark to the end of the file.
        let first = self.line(at.line)?;
        let start = first
            .char_indices()
            .nth(at.column)
            .map_or(first.len(), |(i, _)| i);
        let mut rest = vec![(at.line, &first[start..], at.column + 1)];
        rest.extend((at.line + 1..=self.lines.len()).filter_map(|n| Some((n, self.line(n)?, 1))));
        for (n, line, first_column) in rest {
            let mut chars = line.chars().enumerate().peekable();
            while let Some((i, c)) = chars.next() {
                let column = first_column + i;
                match (mark, c) {
                    ('"', '\\') => match chars.next() {
                        Some((_, e)) if ESCAPES.contains(e) => {}
                        // A backslash at the end of a line continues the text on the next.
                        None => break,
                        Some((_, e)) => {
                            let message = format!(
                                "`\\{e}` is not an escape that double quotation marks allow"
                            );
                            return Some((message, Position { line: n, column }, ESCAPE_HINT));
                        }
                    },
                    ('"', '"') => return None,
                    // Two single quotation marks are one, written inside single ones.
                    ('\'', '\'') => {
                        chars.next_if(|(_, next)| *next == '\'')?;
                    }
                    _ => {}
                }
            }
        }
        Some((
            format!("a quotation mark ({mark}) is opened here and not closed"),
            at,
            QUOTE_HINT,
        ))
    }

    /// A list in brackets or keys in braces, opened at `open`, still open when the parser
    /// stopped on a later line, or closed by the other kind of mark (`mismatched`: `[{a: 1]`).
    fn open_bracket(
        &self,
        at: Position,
        open: Option<Position>,
        mismatched: bool,
    ) -> Option<Account> {
        let open = open?;
        if !mismatched && open.line >= at.line && open != at {
            return None;
        }
        match self.char_at(open)? {
            '[' => Some((
                "a list in brackets (`[…]`) is opened here and not closed".to_string(),
                open,
                BRACKET_HINT,
            )),
            '{' => Some((
                "keys in braces (`{…}`) are opened here and not closed".to_string(),
                open,
                BRACE_HINT,
            )),
            _ => None,
        }
    }

    /// A line that is neither `key: value` nor a list item nor a comment, at `at` or the nearest
    /// line with content above it, indented no more than the line where the parser stopped (a
    /// line indented more may be the continuation of a value).
    fn stray_line(&self, at: Position) -> Option<Account> {
        let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let stopped_indent = indent(self.line(at.line)?);
        let n = (1..=at.line).rev().find(|&n| {
            let line = self.line(n).unwrap_or_default().trim();
            !line.is_empty() && !line.starts_with('#')
        })?;
        let n = if n == at.line && is_key_or_item(self.line(n)?) {
            (1..at.line).rev().find(|&n| {
                let line = self.line(n).unwrap_or_default().trim();
                !line.is_empty() && !line.starts_with('#')
            })?
        } else {
            n
        };
        let line = self.line(n)?;
        if is_key_or_item(line) || indent(line) > stopped_indent {
            return None;
        }
        let hint = if line.contains('：') {
            FULL_WIDTH_COLON_HINT
        } else {
            STRAY_LINE_HINT
        };
        Some((
            "this line is neither `key: value` nor a list item (`- …`)".to_string(),
            Position {
                line: n,
                column: indent(line) + 1,
            },
            hint,
        ))
    }

    /// A list item (`- …`) on the line where the parser stopped, where no list can be.
    fn list_item(&self, at: Position) -> Option<Account> {
        let line = self.line(at.line)?;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let item = line[indent..].starts_with("- ") || line[indent..] == *"-";
        item.then(|| {
            (
                "a list item (`- …`) is not expected here".to_string(),
                Position {
                    line: at.line,
                    column: indent + 1,
                },
                LIST_ITEM_HINT,
            )
        })
    }

    /// A hint for an error told in the parser's words, from the character where it stopped.
    fn hint(&self, at: Position) -> Option<&'static str> {
        match self.char_at(at)? {
            ':' => Some(COLON_HINT),
            '\t' => Some(TAB_HINT),
            _ => None,
        }
    }
}

/// Whether `line` is a key (`key:`), a list item (`- `) or a value's continuation that reads as
/// one, as far as a line on its own shows.
fn is_key_or_item(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("- ")
        || line == "-"
        || line.starts_with('#')
        || line.contains(": ")
        || line.ends_with(':')
        || line.starts_with('[')
        || line.starts_with('{')
        || line.starts_with('"')
        || line.starts_with('\'')
        || line.starts_with(']')
        || line.starts_with('}')
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::diagnostics::Diagnostic;
    use crate::load::SourceFile;
    use crate::load::yaml::parse;
    use crate::model::Project;

    /// The one problem of `text` as a project file: (line, column), message, hint.
    fn problem(text: &str) -> (Option<(usize, usize)>, String, String) {
        let file = SourceFile {
            path: PathBuf::from("a.yaml"),
            text: text.to_string(),
        };
        let problems = parse::<Project>(&file).problems;
        let [d]: [Diagnostic; 1] = problems
            .try_into()
            .unwrap_or_else(|p| panic!("{text:?}: {p:?}"));
        (
            d.position.map(|p| (p.line, p.column)),
            d.message,
            d.hint.unwrap_or_default(),
        )
    }

    #[test]
    fn a_full_width_colon_is_named_in_the_hint() {
        let (at, message, hint) = problem("id: a\nname: n\nrating：Ａ\ndirection: 継続\n");
        assert_eq!(at, Some((3, 1)));
        assert_eq!(
            message,
            "this line is neither `key: value` nor a list item (`- …`)"
        );
        assert!(hint.contains("full-width (：)"), "{hint}");
    }

    #[test]
    fn a_brace_closed_by_a_bracket_is_the_one_left_open() {
        let (at, message, _) = problem("id: a\nname: n\ndepartments: [{name: 課]\n");
        assert_eq!(at, Some((3, 15)));
        assert_eq!(
            message,
            "keys in braces (`{…}`) are opened here and not closed"
        );
    }

    #[test]
    fn quoted_text_with_brackets_and_closed_quotes_is_not_blamed() {
        // The bracket inside the quotation marks is text; the list is the one left open.
        let (at, message, _) = problem("id: a\nname: \"[注]\"\nplacements: [p1-1\nrating: A\n");
        assert_eq!(at, Some((3, 13)));
        assert!(message.starts_with("a list in brackets"), "{message}");
        // An apostrophe inside plain text opens nothing.
        let (at, message, _) = problem("id: a\nname: n\ndepartments: [{name: it's 課]\n");
        assert_eq!(at, Some((3, 15)));
        assert!(message.starts_with("keys in braces"), "{message}");
        // `''` inside single quotation marks is one mark, not the end.
        let (at, message, _) = problem("id: a\nname: 'it''s\nrating: A\n");
        assert_eq!(at, Some((2, 7)));
        assert_eq!(
            message,
            "a quotation mark (') is opened here and not closed"
        );
    }

    #[test]
    fn an_error_the_file_gives_no_account_of_is_in_the_parsers_words() {
        let (at, message, _) = problem("id: a\nname: n\n  number: 1\n");
        assert_eq!(at, Some((3, 9)));
        assert_eq!(message, "mapping values are not allowed in this context");
    }
}
