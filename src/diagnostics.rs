//! Problems found in a site's files, reported to the staff who keep them.
//!
//! Every problem is a [`Diagnostic`]: a severity, a stable code, a message in plain words, the file,
//! line and column, the offending line of the file and, where there is one, a hint. Loading and
//! validation collect all of them instead of stopping at the first, so that one run shows
//! everything to fix.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on; nothing is written.
    Error,
    /// Probably a mistake, but the site can still be built.
    Warning,
}

/// A stable identifier of the kind of problem, printed as `error[unknown-rating]`.
///
/// Tests and editor integrations match on these, so existing codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A file could not be read (missing, unreadable, not UTF-8).
    Io,
    /// The YAML or TOML text itself is malformed.
    Syntax,
    /// A key the format does not know (often a typo).
    UnknownField,
    /// A required key is absent.
    MissingField,
    /// A value has the wrong type or form (text where a number belongs, a bad fiscal year …).
    WrongType,
    /// An id is not in the allowed form, or does not match its file name.
    BadId,
    /// Two things share an id that must be unique.
    DuplicateId,
    /// A rating code that is not in the plan's rating scale.
    UnknownRating,
    /// A direction (継続/拡充/廃止 …) that is not among the plan's directions.
    UnknownDirection,
    /// A reference to a policy node the plan does not have.
    UnknownPolicy,
    /// A row of an imported sheet names a project the plan does not have.
    UnknownProject,
    /// A status code that is not in the plan's status scale.
    UnknownStatus,
    /// A reference to a scale the plan does not have.
    UnknownScale,
    /// A variant of a re-listed copy points at a path the project file does not have.
    UnknownPath,
    /// A key that belongs elsewhere (a project with parts keeps its years in the parts).
    MisplacedField,
    /// A fiscal year outside the plan's period.
    YearOutsidePeriod,
    /// The plan's own structure is inconsistent (levels, scales, period).
    BadPlan,
    /// A number written as a number (`number:`, `numbers:`) that is not finite or is 10^15 or
    /// more in magnitude: no chart can draw it.
    NumberOutOfRange,
    /// A template of the theme failed to load or render.
    Template,
    /// Warning: a fiscal year in the period but outside the years the plan shows (`coverage`).
    YearOutsideCoverage,
    /// Warning: a department named only once across all plans (often a typo).
    SingleDepartment,
    /// Warning: a year's text says 中止 (stopped) while its achievement is 100%.
    StoppedButAchieved,
    /// Warning: full-width digits in a field read as a number.
    FullWidthNumber,
    /// Warning: a re-listed copy prints a text differently from the original.
    RelistedDrift,
    /// Warning: an indicator's unit changes from one year to the next.
    UnitChanged,
    /// Warning: a scale's colour is too light for the charts' bars (under 3:1 on white).
    LowContrastColor,
    /// Warning: a rating or status written with a letter of another script that looks like the
    /// code's Latin letter (Cyrillic `В` for `B`); it is read as that code.
    LookAlikeCode,
    /// Warning (import): a cell of departments split into parts one of which does not look like
    /// a department's name (`子ども・子育て支援課` read as two).
    SplitDepartment,
}

impl Code {
    /// The code as printed and as matched by tests: `unknown-rating`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::Syntax => "syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::WrongType => "wrong-type",
            Code::BadId => "bad-id",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownRating => "unknown-rating",
            Code::UnknownDirection => "unknown-direction",
            Code::UnknownPolicy => "unknown-policy",
            Code::UnknownProject => "unknown-project",
            Code::UnknownStatus => "unknown-status",
            Code::UnknownScale => "unknown-scale",
            Code::UnknownPath => "unknown-path",
            Code::MisplacedField => "misplaced-field",
            Code::YearOutsidePeriod => "year-outside-period",
            Code::BadPlan => "bad-plan",
            Code::NumberOutOfRange => "number-out-of-range",
            Code::Template => "template",
            Code::YearOutsideCoverage => "year-outside-coverage",
            Code::SingleDepartment => "single-department",
            Code::StoppedButAchieved => "stopped-but-achieved",
            Code::FullWidthNumber => "full-width-number",
            Code::RelistedDrift => "relisted-drift",
            Code::UnitChanged => "unit-changed",
            Code::LookAlikeCode => "look-alike-code",
            Code::SplitDepartment => "split-department",
            Code::LowContrastColor => "low-contrast-color",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl Position {
    /// The line and column of the byte `offset` of `text` (an offset past the end, or inside a
    /// character, counts as the end, or as that character's start).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong, in plain words.
    pub message: String,
    /// The file, as given to the build (relative to the current directory when the root was).
    pub file: PathBuf,
    /// Where in the file; `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// The text of the line at `position`, shown under the message.
    pub source_line: Option<String>,
    /// What to do about it, e.g. the valid rating codes or "did you mean `results`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about the whole of `file`.
    pub fn error(code: Code, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: visible(&message.into()),
            file: file.to_path_buf(),
            position: None,
            source_line: None,
            hint: None,
        }
    }

    /// An error of `code` for the TOML `error` of `file`, whose text is `text`: the parser's
    /// message, at the place its span begins.
    pub fn from_toml(code: Code, file: &Path, text: &str, error: &toml::de::Error) -> Self {
        let d = Diagnostic::error(code, file, error.message().trim().to_string());
        match error.span() {
            Some(span) => d.at(text, Position::of_offset(text, span.start)),
            None => d,
        }
    }

    /// Points the diagnostic at `position` in `source`, the full text of its file.
    pub fn at(mut self, source: &str, position: Position) -> Self {
        self.source_line = source
            .lines()
            .nth(position.line.saturating_sub(1))
            .map(str::to_string);
        self.position = Some(position);
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(visible(&hint.into()));
        self
    }

    /// `path:line:column` (or just the path), as editors and terminals link it.
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.shown_file(), p.line, p.column),
            None => self.shown_file(),
        }
    }

    /// The file as shown to people: see [`shown_path`].
    pub fn shown_file(&self) -> String {
        shown_path(&self.file)
    }

    /// The diagnostic as cargo and rustc print theirs: header, location, the offending line with a
    /// marker under the column, and the hint.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.shown_file();
        let title = level
            .clone()
            .primary_title(self.message.as_str())
            .id(self.code.as_str());
        let mut group = match (&self.source_line, self.position) {
            (Some(line), Some(p)) => {
                let start = char_to_byte(line, p.column.saturating_sub(1));
                let end = token_end(line, start);
                title.element(
                    Snippet::source(line.as_str())
                        .line_start(p.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            (None, Some(p)) => title.element(
                annotate_snippets::Origin::path(path.as_str())
                    .line(p.line)
                    .char_column(p.column),
            ),
            _ => title.element(annotate_snippets::Origin::path(path.as_str())),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let report: [Group<'_>; 1] = [group];
        Renderer::plain().render(&report)
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `path:line:column: error[code]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location(),
            severity,
            self.code,
            self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

impl serde::Serialize for Diagnostic {
    /// One object per diagnostic, for editors and CI: `severity` (`error` or `warning`), `code`,
    /// `message`, `file`, `line` and `column` (1-based, `null` for the whole file), `hint` and
    /// `source_line` (`null` when absent).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Diagnostic", 8)?;
        s.serialize_field(
            "severity",
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        )?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("file", &self.shown_file())?;
        s.serialize_field("line", &self.position.map(|p| p.line))?;
        s.serialize_field("column", &self.position.map(|p| p.column))?;
        s.serialize_field("hint", &self.hint)?;
        s.serialize_field("source_line", &self.source_line)?;
        s.end()
    }
}

/// The byte offset of the `n`th character of `line` (its length when `n` is past the end).
fn char_to_byte(line: &str, n: usize) -> usize {
    line.char_indices().nth(n).map_or(line.len(), |(i, _)| i)
}

/// The end of the token that starts at byte `start`: up to the next space or end of line, so the
/// marker underlines the offending value; at least one character when there is one.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start + len
}

/// All diagnostics of a run, in a stable order (by file, then position), and how many warnings
/// were left out because their line marks them as reviewed (`# mieruka: allow <code>`).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    allowed: usize,
}

impl Diagnostics {
    /// Adds `other`'s diagnostics and its count of allowed warnings.
    pub fn merge(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
        self.allowed += other.allowed;
    }

    /// Counts a warning that was left out as reviewed.
    pub fn count_allowed(&mut self) {
        self.allowed += 1;
    }

    /// How many warnings were left out as reviewed.
    pub fn allowed_count(&self) -> usize {
        self.allowed
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many are warnings.
    pub fn warning_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// How many are errors.
    pub fn error_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sorted by file, position and message, so output does not depend on thread timing.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.list
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    /// One line per diagnostic, as [`Diagnostic`]'s `Display`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.list {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// `text` with its control characters (NUL, escape sequences …) written out as `\u{0}`, so that
/// a hostile or broken file cannot garble the terminal or hide what is wrong; line breaks and tabs
/// stay.
pub fn visible(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `path` as shown to people: without a leading `./` (`content/…` when the root is `.`).
pub fn shown_path(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// The suggestion for a misspelt `word` among `candidates`: the closest one, if close enough to be
/// a likely typo — one character changed, added, dropped or swapped in a word of three or more
/// characters (`保育科` for `保育課`), or at least 70% of its characters in place: normalised
/// Damerau–Levenshtein, which counts two swapped neighbours, `nmae` for `name`, as one change,
/// and gives little weight to a shared suffix such as 課.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let long = word.chars().count() >= 3;
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, c)| *score >= 0.7 || (long && strsim::damerau_levenshtein(word, c) <= 1))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_under_the_current_folder_is_named_without_dot_slash() {
        let d = Diagnostic::error(Code::Io, Path::new("./content/p/plan.yaml"), "x")
            .at("id: p\n", Position { line: 1, column: 5 });
        assert_eq!(d.location(), "content/p/plan.yaml:1:5");
        assert!(d.render().contains("--> content/p/plan.yaml:1:5"));
    }

    #[test]
    fn renders_the_line_with_a_marker_under_the_value() {
        let source = "id: x\nrating: Z\n";
        let d = Diagnostic::error(
            Code::UnknownRating,
            Path::new("content/p/projects/x.yaml"),
            "unknown rating `Z`",
        )
        .at(source, Position { line: 2, column: 9 })
        .with_hint("valid ratings: A, B");
        let text = d.render();
        assert!(
            text.contains("error[unknown-rating]: unknown rating `Z`"),
            "{text}"
        );
        assert!(text.contains("content/p/projects/x.yaml:2:9"), "{text}");
        assert!(text.contains("2 | rating: Z"), "{text}");
        assert!(text.contains("^"), "{text}");
        assert!(text.contains("valid ratings: A, B"), "{text}");
        assert_eq!(
            d.to_string(),
            "content/p/projects/x.yaml:2:9: error[unknown-rating]: unknown rating `Z`"
        );
    }

    #[test]
    fn suggests_close_field_names_only() {
        let fields = ["results", "rating", "note"];
        assert_eq!(did_you_mean("reslts", fields), Some("results"));
        assert_eq!(did_you_mean("ratng", fields), Some("rating"));
        assert_eq!(did_you_mean("budget", fields), None);
        let departments = ["子育て支援課", "地域福祉課"];
        assert_eq!(did_you_mean("地域福祉果", departments), Some("地域福祉課"));
        assert_eq!(did_you_mean("教育支援課", departments), None);
    }
}
