//! Numbers as printed: the text stays as it was written (`１３，５３３`, `８０％`), and a number is
//! read from it only when the text is one number.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::text::fold_width;

/// The largest magnitude read as a number (10^15, a thousand trillion): a longer run of digits is
/// kept as text, so that no chart has to draw it and no axis is computed from infinity.
pub const MAX_NUMBER: f64 = 1e15;

/// Whether `value` is a number mieruka reads and draws: finite and under [`MAX_NUMBER`] in
/// magnitude.
pub fn in_range(value: f64) -> bool {
    value.is_finite() && value.abs() < MAX_NUMBER
}

/// Reads `text` as a number when it is exactly one: digits in either width, `,` or `，` between
/// thousands, an optional sign, decimal point and trailing `%`/`％`. `2,300` → 2300,
/// `１０，０５９` → 10059, `１８．６%` → 18.6; `12 書面会議`, `10(5)` and `15/664` are not numbers,
/// and neither is a number of 10^15 or more ([`MAX_NUMBER`]).
pub fn parse_number(text: &str) -> Option<f64> {
    let mut folded = String::with_capacity(text.len());
    for c in text.trim().chars().map(fold_width) {
        match c {
            '−' => folded.push('-'),
            ',' => {}
            _ => folded.push(c),
        }
    }
    let body = folded.strip_suffix('%').unwrap_or(&folded).trim_end();
    let digits = body.trim_start_matches(['-', '+']);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || digits.matches('.').count() > 1
        || digits.starts_with('.')
        || digits.ends_with('.')
    {
        return None;
    }
    body.parse().ok().filter(|&v| in_range(v))
}

/// A number as residents read it: no trailing `.0`, thousands separated.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if value < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        format!("{value}")
    }
}

/// An optional [`PrintedNumber`] that is absent when written as text of spaces only (`""`):
/// blank is blank, whether the key is left out, `~` or empty text.
///
/// # Errors
/// What deserialising a [`PrintedNumber`] gives.
pub fn unless_blank<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PrintedNumber>, D::Error> {
    let number: Option<PrintedNumber> = Option::deserialize(deserializer)?;
    Ok(number.filter(|n| !n.text.trim().is_empty()))
}

/// A number as printed: its text, and its value when the text is a number (in range,
/// [`in_range`]).
///
/// Deserialises from a YAML number (`80`) or text (`"８０％"`); serialises as the text.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedNumber {
    /// The text as written.
    pub text: String,
    /// The number, when the text is one.
    pub value: Option<f64>,
}

impl PrintedNumber {
    /// The text as a percentage is shown: a bare number gets `%` (`80` → `80%`); anything else
    /// is shown as printed (`６０％`, `-`).
    pub fn as_percent(&self) -> String {
        let text = self.text.trim();
        if self.value.is_some() && text.chars().all(|c| c.is_ascii_digit() || c == '.') {
            format!("{text}%")
        } else {
            self.text.clone()
        }
    }

    /// From printed text.
    pub fn from_text(text: &str) -> Self {
        PrintedNumber {
            text: text.to_string(),
            value: parse_number(text),
        }
    }
}

impl Serialize for PrintedNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for PrintedNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PrintedVisitor;

        impl Visitor<'_> for PrintedVisitor {
            type Value = PrintedNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or text such as \"８０％\"")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PrintedNumber, E> {
                Ok(PrintedNumber {
                    text: v.to_string(),
                    value: Some(v as f64).filter(|&v| in_range(v)),
                })
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PrintedNumber, E> {
                Ok(PrintedNumber {
                    text: v.to_string(),
                    value: Some(v as f64).filter(|&v| in_range(v)),
                })
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PrintedNumber, E> {
                Ok(PrintedNumber {
                    text: v.to_string(),
                    value: Some(v).filter(|&v| in_range(v)),
                })
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PrintedNumber, E> {
                Ok(PrintedNumber::from_text(v))
            }
        }

        deserializer.deserialize_any(PrintedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_too_long_to_draw_is_text() {
        assert_eq!(parse_number(&"9".repeat(400)), None);
        assert_eq!(parse_number("1,000,000,000,000,000"), None);
        assert_eq!(
            parse_number("999,999,999,999,999"),
            Some(999_999_999_999_999.0)
        );
    }

    #[test]
    fn numbers_in_either_width_with_separators_are_read() {
        assert_eq!(parse_number("2,300"), Some(2300.0));
        assert_eq!(parse_number("１０，０５９"), Some(10059.0));
        assert_eq!(parse_number("9３８"), Some(938.0));
        assert_eq!(parse_number("１８．６%"), Some(18.6));
        assert_eq!(parse_number("80"), Some(80.0));
        assert_eq!(parse_number(" 73.5 "), Some(73.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
    }

    #[test]
    fn text_that_is_not_one_number_is_not_read() {
        for text in [
            "",
            "12 書面会議",
            "10(5)",
            "15/664",
            "1.2.3",
            ".5",
            "約80",
            "－",
            "1,990 2,300",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_print_without_trailing_zeros_and_with_separators() {
        assert_eq!(format_number(790548.0), "790,548");
        assert_eq!(format_number(73.5), "73.5");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-1200.0), "-1,200");
    }

    #[test]
    fn a_blank_is_not_zero() {
        let blank: Option<PrintedNumber> = serde_yaml::from_str("~").unwrap_or(None);
        assert!(blank.is_none());
        let printed: PrintedNumber =
            serde_yaml::from_str("\"８０％\"").unwrap_or_else(|_| PrintedNumber::from_text(""));
        assert_eq!(
            (printed.text.as_str(), printed.value),
            ("８０％", Some(80.0))
        );
    }
}
