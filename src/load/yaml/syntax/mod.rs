//! A file that is not valid YAML, or that the tree refuses (a key written twice, a second
//! document, aliases without end, nesting too deep): its diagnostic.
//!
//! Where the parser stopped is a position; what went wrong there is told from what the file shows
//! at that position and around it — a tab in the indentation, a quotation mark or a bracket left
//! open, an escape double quotation marks do not allow, a line that is neither a key nor a list
//! item, a list item out of place — in words for staff, not for programmers. Only an error the
//! file gives no account of is shown in the parser's own words ([`TreeError::Syntax`]'s
//! `words`). Nothing is decided by reading the parser's message.

mod shown;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::load::SourceFile;

use super::tree::{MAX_DEPTH, TreeError};
use shown::Shown;

/// The hint for a key written twice.
pub(super) const DUPLICATE_HINT: &str =
    "each key may appear only once in the same block; remove one of them";

const TOO_DEEP_HINT: &str = "a plan's files need only a few levels of keys and lists";
const CONTROL_HINT: &str = "the file holds an invisible control character here; delete it";

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
    let shown = Shown {
        text: &file.text,
        lines: &lines,
    };
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
        .or_else(|| shown.full_width_indent(at))
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

    #[test]
    fn tabs_after_colons_past_the_limit_are_pointed_at() {
        let mut text = String::from("id: a\nname: n\n");
        for i in 0..300 {
            text.push_str(&format!("k{i}:\tv\n"));
        }
        let (at, message, hint) = problem(&text);
        // The first 256 are read as spaces; the next is the one reported, at its tab.
        assert_eq!(at, Some((259, 6)));
        assert_eq!(message, "a tab follows the colon (`:`)");
        assert!(hint.contains("not a tab"), "{hint}");
    }
}
