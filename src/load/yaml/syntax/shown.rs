//! What a file shows around the spot where the parser stopped: each account of a syntax error
//! (a tab, a full-width space, a quotation mark or a bracket left open, a stray line, a list item
//! out of place), with where it is and how to mend it.

use crate::diagnostics::Position;
use crate::load::yaml::tree::tab_after_colon;

const TAB_HINT: &str = "YAML does not allow tabs for indentation; indent with spaces";
const QUOTE_HINT: &str = "a quotation mark (\" or ') was opened but not closed; close it at the end of the value, or remove it";
const ESCAPE_HINT: &str = "inside double quotation marks a backslash starts an escape; write `\\\\` for a backslash, or use single quotation marks";
const BRACKET_HINT: &str = "close it where the list ends, or write the items on lines of their own, each starting with `- `";
const BRACE_HINT: &str =
    "close it where the keys end, or write each `key: value` on a line of its own";
const STRAY_LINE_HINT: &str = "if it continues the text above, indent it more than that text's key (the lines of a `|-` block must be indented more than its key); otherwise write it as `key: value`";
const FULL_WIDTH_COLON_HINT: &str = "the colon in this line is full-width (：); a key is followed by a half-width colon and a space (`: `)";
const FULL_WIDTH_SPACE_HINT: &str = "YAML reads a full-width space (全角スペース) as text, not as a space; write half-width spaces for indentation and after a key's colon";
const TAB_AFTER_COLON_HINT: &str = "after a key's colon, write a space, not a tab";
const LIST_ITEM_HINT: &str = "check the indentation of this line against the lines above it: the items of one list start in the same column, below their key and indented more than it";
const COLON_HINT: &str =
    "a value that contains \": \" must be quoted, or the line is indented wrongly";

/// The escapes YAML allows after a backslash inside double quotation marks.
const ESCAPES: &str = "0abt\tnvfre \"/\\N_LPxuU";

/// An account of a syntax error: what it is, where, and how to mend it.
pub(super) type Account = (String, Position, &'static str);

/// The lines of a file, to tell what they show.
pub(super) struct Shown<'a> {
    /// The file's text.
    pub(super) text: &'a str,
    /// Its lines.
    pub(super) lines: &'a [&'a str],
}

impl Shown<'_> {
    /// Line `n` (from 1).
    pub(super) fn line(&self, n: usize) -> Option<&str> {
        self.lines.get(n.checked_sub(1)?).copied()
    }

    /// Whether line `n` is blank or past the end.
    pub(super) fn blank(&self, n: usize) -> bool {
        self.line(n).is_none_or(|l| l.trim().is_empty())
    }

    /// The character at `at`.
    pub(super) fn char_at(&self, at: Position) -> Option<char> {
        self.line(at.line)?.chars().nth(at.column.checked_sub(1)?)
    }

    /// Where each list in brackets and each set of keys in braces that is open at `to` began,
    /// outermost first, walking the text from `from` (where none is open) through `to`, or up to
    /// a closing mark that does not match the last one opened (then `true`). Quoted text and
    /// comments are skipped.
    pub(super) fn unclosed(&self, from: Position, to: Position) -> (Vec<Position>, bool) {
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
    pub(super) fn tab(&self, at: Position) -> Option<Account> {
        // Tabs after a key's colon are read as spaces, up to a limit; past it, this is one.
        if let Some(tab) = tab_after_colon(self.text, at) {
            return Some((
                "a tab follows the colon (`:`)".to_string(),
                Position::of_offset(self.text, tab),
                TAB_AFTER_COLON_HINT,
            ));
        }
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

    /// A line indented with a full-width space (全角スペース), which YAML takes for text: the
    /// line where the parser stopped or the nearest line with content above it.
    pub(super) fn full_width_indent(&self, at: Position) -> Option<Account> {
        let n = (1..=at.line)
            .rev()
            .find(|&n| !self.blank(n))
            .filter(|&n| n + 1 >= at.line)?;
        [at.line, n].into_iter().find_map(|n| {
            let line = self.line(n)?;
            let indent = line.chars().take_while(|c| *c == ' ').count();
            (line.chars().nth(indent) == Some('\u{3000}')).then(|| {
                (
                    "this line is indented with a full-width space (全角スペース)".to_string(),
                    Position {
                        line: n,
                        column: indent + 1,
                    },
                    FULL_WIDTH_SPACE_HINT,
                )
            })
        })
    }

    /// A quotation mark at `at` that is never closed, or double quotation marks holding an
    /// escape YAML does not allow.
    pub(super) fn quotation(&self, at: Position) -> Option<Account> {
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
    pub(super) fn open_bracket(
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
    pub(super) fn stray_line(&self, at: Position) -> Option<Account> {
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
        } else if line.contains(":\u{3000}") {
            FULL_WIDTH_SPACE_HINT
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
    pub(super) fn list_item(&self, at: Position) -> Option<Account> {
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
    pub(super) fn hint(&self, at: Position) -> Option<&'static str> {
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
        || line.contains(":\t")
        || line.ends_with(':')
        || line.starts_with('[')
        || line.starts_with('{')
        || line.starts_with('"')
        || line.starts_with('\'')
        || line.starts_with(']')
        || line.starts_with('}')
}
