//! Reading one YAML file into a model type, turning every failure into a [`Diagnostic`] that
//! names the file, line and column and says what was expected.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, Position, did_you_mean};
use crate::load::SourceFile;

/// Parses `file` as `T`.
///
/// # Errors
/// The first syntax or schema problem in the file (serde stops at the first), as a diagnostic
/// with a code ([`Code::Syntax`], [`Code::UnknownField`], [`Code::MissingField`],
/// [`Code::WrongType`]) and, where one helps, a hint.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(
            Diagnostic::error(Code::MissingField, &file.path, "the file is empty")
                .with_hint("start from another file of the same kind, or remove this one"),
        );
    }
    serde_yaml::from_str(&file.text).map_err(|err| diagnostic(file, &err))
}

fn diagnostic(file: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let position = err.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let message = match position {
        Some(p) => full.replacen(&format!(" at line {} column {}", p.line, p.column), "", 1),
        None => full,
    };
    let (code, hint) = classify(&message, position.and_then(|p| file.line(p.line)));
    let mut d = Diagnostic::error(code, &file.path, message);
    if let Some(p) = position {
        d = d.at(&file.text, p);
    }
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d
}

/// The code of a serde_yaml message and a hint for the staff member who wrote the file.
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
    } else if message.contains("duplicate entry") || message.contains("duplicate field") {
        Some("each key may appear only once in the same block".to_string())
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

    fn error(text: &str) -> Diagnostic {
        let file = SourceFile {
            path: PathBuf::from("p.yaml"),
            text: text.to_string(),
        };
        parse::<Project>(&file)
            .err()
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
    fn a_tab_gets_a_hint_about_indentation() {
        let d = error("id: a\nname: n\n\tdepartments: []\n");
        assert_eq!(d.code, Code::Syntax);
        assert_eq!(d.position.map(|p| p.line), Some(3));
        assert!(d.hint.unwrap_or_default().contains("tabs"));
    }

    #[test]
    fn a_missing_field_and_a_wrong_type_are_named() {
        assert_eq!(error("id: a\nnumber: 1\n").code, Code::MissingField);
        let d = error("id: a\nname: n\ndepartments: [{name: x}]\nyears:\n  二千年: {}\n");
        assert_eq!(d.code, Code::WrongType);
        assert!(d.message.contains("is not a fiscal year"), "{}", d.message);
        assert_eq!(d.position.map(|p| p.line), Some(5));
    }

    #[test]
    fn an_empty_file_is_reported_as_such() {
        assert_eq!(error("\n  \n").message, "the file is empty");
    }
}
