//! A problem serde reported while deserialising, kept by kind, and its words in the data
//! format's terms.

use std::fmt;

use serde::de::{self, Expected, Unexpected};

/// One problem serde reported while deserialising, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A key the type does not have; the keys it has.
    UnknownField {
        /// The key as written.
        field: String,
        /// The keys allowed in this block.
        expected: &'static [&'static str],
    },
    /// A key the type needs and the block does not have.
    MissingField(&'static str),
    /// A key given twice for one field (a key and its alias).
    DuplicateField(&'static str),
    /// A value of the wrong shape: what was found and what was expected, in the data format's
    /// words (`a list`, `keys and values`, `text "…"`).
    WrongType {
        /// What the file has.
        found: String,
        /// What the type wants.
        expected: String,
    },
    /// A value that is not one of the few a field allows (an indicator's `direction`); the
    /// values allowed.
    UnknownVariant {
        /// The value as written.
        variant: String,
        /// The values allowed.
        expected: &'static [&'static str],
    },
    /// A model type's own refusal of a value (`` `2019x` is not a fiscal year ``), its words.
    Refused(String),
    /// A problem with a mapping's key rather than its value (a fiscal year key that is not
    /// one): the problem, to be pointed at the key.
    InKey(Box<Problem>),
}

impl Problem {
    /// `self`, marked as a problem with a key.
    pub(super) fn in_key(self) -> Problem {
        match self {
            Problem::InKey(_) => self,
            other => Problem::InKey(Box::new(other)),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownField { field, expected } => {
                write!(f, "unknown field `{field}`, ")?;
                match expected {
                    [] => write!(f, "there are no fields"),
                    [one] => write!(f, "expected `{one}`"),
                    many => {
                        let quoted: Vec<String> = many.iter().map(|k| format!("`{k}`")).collect();
                        write!(f, "expected one of {}", quoted.join(", "))
                    }
                }
            }
            Problem::MissingField(field) => write!(f, "missing field `{field}`"),
            Problem::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            Problem::WrongType { found, expected } => {
                write!(f, "invalid type: {found}, expected {expected}")
            }
            Problem::UnknownVariant { variant, expected } => {
                let quoted: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
                match quoted.as_slice() {
                    [one] => write!(f, "`{variant}` is not {one}, the one value allowed here"),
                    _ => write!(f, "`{variant}` is not one of {}", quoted.join(", ")),
                }
            }
            Problem::Refused(message) => f.write_str(message),
            Problem::InKey(problem) => problem.fmt(f),
        }
    }
}

impl std::error::Error for Problem {}

impl de::Error for Problem {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Problem::Refused(message.to_string())
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: found_words(&found),
            expected: expected_words(expected),
        }
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: found_words(&found),
            expected: expected_words(expected),
        }
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        Problem::WrongType {
            found: format!("{len} items"),
            expected: expected_words(expected),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Problem::UnknownVariant {
            variant: variant.to_string(),
            expected,
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Problem::UnknownField {
            field: field.to_string(),
            expected,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Problem::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        Problem::DuplicateField(field)
    }
}

/// What was found, in the words of the data format rather than of Rust.
pub(super) fn found_words(found: &Unexpected<'_>) -> String {
    match found {
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "keys and values".to_string(),
        Unexpected::Str(text) => format!("text {text:?}"),
        Unexpected::Unit => "an empty value".to_string(),
        Unexpected::Enum => "a value with a tag (`!…`)".to_string(),
        other => other.to_string(),
    }
}

/// What was expected, in the words of the data format: a derived struct expects "struct Name"
/// (a Rust type nobody editing YAML knows), the others what their `expecting` says.
pub(super) fn expected_words(expected: &dyn Expected) -> String {
    let words = expected.to_string();
    if words.starts_with("struct ") {
        return "keys and values (`key: value` lines)".to_string();
    }
    match words.as_str() {
        "a sequence" => "a list".to_string(),
        "a string" => "text".to_string(),
        _ => words,
    }
}
