//! Rating scales (評価): the codes a plan rates its projects with, their wording and colours.
//!
//! Ratings are stored in project files as printed, full-width or half-width (`Ａ` or `A`); they
//! are matched to a scale's code after folding the width, so the printed text can stay verbatim.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A rating scale, e.g. Ａ順調 / Ｂ概ね順調 / … / Ｇ廃止事業, best first.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Stable ASCII id, unique in the plan.
    pub id: String,
    /// What the scale is called (評価, 自己評価, 進捗状況).
    pub name: String,
    /// The codes, in order from best to worst.
    pub codes: Vec<ScaleCode>,
    /// Printed marks that mean "not rated" (「－」), counted as unrated.
    #[serde(default)]
    pub not_rated: Vec<String>,
}

/// One code of a scale.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleCode {
    /// The code as printed, half-width for Latin letters (`A`, `ア`, `順調に進んだ`); printed
    /// ratings are compared after width folding.
    pub code: String,
    /// Its short wording (順調); the code when absent.
    #[serde(default)]
    pub label: Option<String>,
    /// Its full legend as printed (順調（75％）以上).
    #[serde(default)]
    pub description: Option<String>,
    /// The colour of its tag and chart bar, as a CSS hex colour (`#1b6e3a`).
    pub color: String,
}

impl Scale {
    /// The code a printed rating stands for: `Ａ` and ` A ` both find `A`. `None` if the scale has
    /// no such code.
    pub fn find(&self, printed: &str) -> Option<&ScaleCode> {
        self.codes
            .iter()
            .find(|c| folded(printed).eq(c.code.chars()))
    }

    /// Whether `printed` is one of the scale's "not rated" marks.
    pub fn is_not_rated(&self, printed: &str) -> bool {
        self.not_rated.iter().any(|m| folded(m).eq(folded(printed)))
    }

    /// The codes joined for a hint: `A (順調), B (概ね順調)`, then the "not rated" marks.
    pub fn code_list(&self) -> String {
        let mut list: Vec<String> = self
            .codes
            .iter()
            .map(|c| match &c.label {
                Some(label) if label != &c.code => format!("{} ({label})", c.code),
                _ => c.code.clone(),
            })
            .collect();
        list.extend(self.not_rated.iter().map(|m| format!("{m} (not rated)")));
        list.join(", ")
    }
}

impl ScaleCode {
    /// The wording: the label, else the code.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.code)
    }
}

/// A printed code in its canonical form: surrounding spaces removed and full-width ASCII folded to
/// half-width (`Ａ` → `A`, `ｂ` → `b`). Case is kept: codes are case-sensitive.
pub fn normalize_code(printed: &str) -> String {
    folded(printed).collect()
}

/// The characters of `printed` in its canonical form ([`normalize_code`]), without making a
/// string: ratings are compared with the scale's codes for every project and year.
fn folded(printed: &str) -> impl Iterator<Item = char> + '_ {
    printed.trim().chars().map(|c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    })
}

/// Whether `color` is a CSS hex colour: `#rgb` or `#rrggbb`.
pub fn is_hex_color(color: &str) -> bool {
    color
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The contrast ratio of `color` (`#rgb` or `#rrggbb`) against white, as WCAG 2 defines it
/// (1 to 21); `None` when it is not a hex colour.
pub fn contrast_with_white(color: &str) -> Option<f64> {
    if !is_hex_color(color) {
        return None;
    }
    let hex = &color[1..];
    let channel = |i: usize| -> Option<f64> {
        let value = if hex.len() == 3 {
            let digit = u8::from_str_radix(&hex[i..=i], 16).ok()?;
            digit * 17
        } else {
            u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?
        };
        let c = f64::from(value) / 255.0;
        Some(if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(1)? + 0.0722 * channel(2)?;
    Some(1.05 / (luminance + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_against_white_is_the_wcag_ratio() {
        let ratio = |c: &str| contrast_with_white(c).map(|r| (r * 10.0).round() / 10.0);
        assert_eq!(ratio("#000"), Some(21.0));
        assert_eq!(ratio("#ffffff"), Some(1.0));
        assert_eq!(ratio("#767676"), Some(4.5));
        assert_eq!(ratio("#ffdd00"), Some(1.3));
        assert_eq!(ratio("red"), None);
    }

    fn scale() -> Scale {
        let code = |c: &str, l: &str| ScaleCode {
            code: c.into(),
            label: Some(l.into()),
            description: None,
            color: "#000".into(),
        };
        Scale {
            id: "rating".into(),
            name: "評価".into(),
            codes: vec![code("A", "順調"), code("B", "概ね順調")],
            not_rated: vec!["－".into()],
        }
    }

    #[test]
    fn full_width_ratings_find_their_code() {
        let s = scale();
        assert_eq!(s.find("Ａ").map(ScaleCode::label), Some("順調"));
        assert_eq!(s.find("B").map(ScaleCode::label), Some("概ね順調"));
        assert!(s.is_not_rated("－") && !s.is_not_rated("A"));
        assert_eq!(s.find("　Ｂ ").map(|c| c.code.as_str()), Some("B"));
        assert!(s.find("C").is_none());
        assert!(s.find("a").is_none());
    }

    #[test]
    fn only_hex_colours_are_colours() {
        assert!(is_hex_color("#1b6e3a"));
        assert!(is_hex_color("#FFF"));
        assert!(!is_hex_color("red"));
        assert!(!is_hex_color("#12345"));
        assert!(!is_hex_color("#fff;background:url(x)"));
    }
}
