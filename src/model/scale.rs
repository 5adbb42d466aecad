//! Rating scales (評価) and status scales (進捗状況): the codes a plan rates its projects with,
//! their wording and colours.
//!
//! Ratings are stored in project files as printed; they are read as a scale's code
//! ([`Scale::read`]) after folding the width (`Ａ` is `A`, `ｱ` is `ア`) and spaces, so the
//! printed text can stay verbatim. A code is also read from the forms in which sheets print it:
//! the code followed by its label (`ア　実施済`), the scale's listed `aliases` (`実施済`), and
//! letters of another script that look exactly like a Latin code (Cyrillic `В`, Greek `Α`), which
//! a copy from a PDF can bring; these are reported as warnings by [`crate::validate::lint`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::text::fold_width;

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
    /// Whether the codes' order says which is better (true unless the plan says otherwise): a
    /// year-to-year change between two codes is then "up" or "down", else only "changed".
    #[serde(default = "yes")]
    pub ordered: bool,
}

fn yes() -> bool {
    true
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
    /// Other forms in which sheets print the code (`実施済`, `済`), read as the code. The code
    /// followed by its label (`ア　実施済`, `ア 実施済`) needs no listing.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether the code stands outside the scale's order (オ その他): a change to or from it
    /// is "changed", neither up nor down.
    #[serde(default)]
    pub unranked: bool,
}

/// How a printed text was read as a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// It is the code (`Ａ` for `A`).
    Code,
    /// It is the code followed by its label (`ア　実施済`).
    CodeAndLabel,
    /// It is one of the code's `aliases`.
    Alias,
    /// It has letters of another script that look like the code's Latin letters (`В`, Cyrillic),
    /// listed in order; it counts as the code, and is worth a warning.
    LookAlike(Vec<char>),
}

/// A printed text read as a code of a scale.
#[derive(Debug, Clone)]
pub struct Reading<'a> {
    /// The code it stands for.
    pub code: &'a ScaleCode,
    /// How it was read.
    pub how: How,
}

impl Scale {
    /// The code a printed rating stands for, and how it was read: as the code itself, the code
    /// and its label, an alias, or look-alike letters ([`How`]). `None` if the text is none of
    /// the scale's codes (a "not rated" mark, or a mistake).
    pub fn read(&self, printed: &str) -> Option<Reading<'_>> {
        if let Some(code) = self
            .codes
            .iter()
            .find(|c| folded(printed).eq(c.code.chars()))
        {
            return Some(Reading {
                code,
                how: How::Code,
            });
        }
        let key = match_key(printed);
        let found = self.codes.iter().find_map(|c| {
            let code = match_key(&c.code);
            if key == code {
                Some((c, How::Code))
            } else if c
                .label
                .as_deref()
                .is_some_and(|l| key == code + &match_key(l))
            {
                Some((c, How::CodeAndLabel))
            } else if c.aliases.iter().any(|a| key == match_key(a)) {
                Some((c, How::Alias))
            } else {
                None
            }
        });
        if let Some((code, how)) = found {
            return Some(Reading { code, how });
        }
        let (latin, replaced) = look_alike_latin(&key)?;
        let code = self
            .codes
            .iter()
            .filter(|c| c.code.is_ascii())
            .find(|c| match_key(&c.code) == latin)?;
        Some(Reading {
            code,
            how: How::LookAlike(replaced),
        })
    }

    /// The code a printed rating stands for: `Ａ`, ` A `, `A 順調` and Cyrillic `А` all find
    /// `A` ([`Scale::read`]). `None` if the scale has no such code.
    pub fn find(&self, printed: &str) -> Option<&ScaleCode> {
        self.read(printed).map(|r| r.code)
    }

    /// For a text that is one code followed by another code's label (`ア 未実施`, where 未実施
    /// is `エ`'s): the code given and the code whose label it is.
    pub fn mismatch(&self, printed: &str) -> Option<(&ScaleCode, &ScaleCode)> {
        let key = match_key(printed);
        self.codes.iter().find_map(|given| {
            let rest = key.strip_prefix(&match_key(&given.code))?;
            let labelled = self.codes.iter().find(|c| {
                c.code != given.code && c.label.as_deref().is_some_and(|l| match_key(l) == rest)
            })?;
            Some((given, labelled))
        })
    }

    /// How code `after` compares with code `before` by the scale's order (codes best first):
    /// `Greater` when `after` is better. `None` when either is not a code of the scale, is
    /// `unranked`, or the scale is not `ordered`.
    pub fn compare(&self, before: &str, after: &str) -> Option<std::cmp::Ordering> {
        if !self.ordered {
            return None;
        }
        let rank = |code: &str| {
            self.codes
                .iter()
                .position(|c| c.code == code && !c.unranked)
        };
        // Best first: a lower position is better.
        Some(rank(before)?.cmp(&rank(after)?))
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
    printed.trim().chars().map(fold_width)
}

/// `text` as compared with codes, labels and aliases when it is not a code as it stands: width
/// folded (full-width ASCII to half-width; a text with half-width katakana by NFKC, so `ｱ` is
/// `ア`) and without any space, so `ア　実施済`, `ｱ 実施済` and `ア実施済` compare equal.
fn match_key(text: &str) -> String {
    let key: String = folded(text).filter(|c| !c.is_whitespace()).collect();
    if key.chars().any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)) {
        key.nfkc().collect()
    } else {
        key
    }
}

/// `key` with each letter of another script that looks like a Latin letter replaced by that
/// letter (Unicode's confusables, as `unicode-security` gives them), and the letters replaced;
/// `None` when nothing was replaced or the result is not all ASCII.
fn look_alike_latin(key: &str) -> Option<(String, Vec<char>)> {
    let mut latin = String::with_capacity(key.len());
    let mut replaced = Vec::new();
    for c in key.chars() {
        if c.is_ascii() {
            latin.push(c);
            continue;
        }
        let mut buffer = [0u8; 4];
        let skeleton: String =
            unicode_security::confusable_detection::skeleton(c.encode_utf8(&mut buffer)).collect();
        let mut chars = skeleton.chars();
        match (chars.next(), chars.next()) {
            (Some(l), None) if l.is_ascii_alphabetic() => {
                latin.push(l);
                replaced.push(c);
            }
            _ => return None,
        }
    }
    (!replaced.is_empty()).then_some((latin, replaced))
}

/// The Unicode name of `c` (`CYRILLIC CAPITAL LETTER VE`), for messages about look-alike letters.
pub fn char_name(c: char) -> String {
    unicode_names2::name(c).map_or_else(|| format!("U+{:04X}", c as u32), |n| n.to_string())
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
            aliases: Vec::new(),
            unranked: false,
        };
        Scale {
            id: "rating".into(),
            name: "評価".into(),
            codes: vec![code("A", "順調"), code("B", "概ね順調")],
            not_rated: vec!["－".into()],
            ordered: true,
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

    fn statuses() -> Scale {
        let code = |c: &str, l: &str, aliases: &[&str]| ScaleCode {
            code: c.into(),
            label: Some(l.into()),
            description: None,
            color: "#000".into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            unranked: false,
        };
        let mut other = code("オ", "その他", &[]);
        other.unranked = true;
        Scale {
            id: "status".into(),
            name: "取組状況".into(),
            codes: vec![
                code("ア", "実施済", &["済"]),
                code("イ", "一部実施", &[]),
                code("エ", "未実施", &[]),
                other,
            ],
            not_rated: Vec::new(),
            ordered: true,
        }
    }

    #[test]
    fn a_change_is_up_or_down_only_between_ranked_codes_of_an_ordered_scale() {
        use std::cmp::Ordering;
        let mut s = statuses();
        assert_eq!(s.compare("イ", "ア"), Some(Ordering::Greater));
        assert_eq!(s.compare("イ", "エ"), Some(Ordering::Less));
        assert_eq!(s.compare("イ", "イ"), Some(Ordering::Equal));
        assert_eq!(s.compare("イ", "オ"), None);
        assert_eq!(s.compare("イ", "－"), None);
        s.ordered = false;
        assert_eq!(s.compare("イ", "ア"), None);
    }

    #[test]
    fn a_code_printed_with_its_label_or_an_alias_is_the_code() {
        let s = statuses();
        for (printed, how) in [
            ("ア", How::Code),
            ("ア　実施済", How::CodeAndLabel),
            ("ア 実施済", How::CodeAndLabel),
            ("ア実施済", How::CodeAndLabel),
            ("ｱ 実施済", How::CodeAndLabel),
            ("済", How::Alias),
        ] {
            let read = s.read(printed);
            assert_eq!(
                read.map(|r| (r.code.code.as_str(), r.how)),
                Some(("ア", how)),
                "{printed}"
            );
        }
        assert!(s.find("実施済").is_none(), "a label alone needs an alias");
        assert!(s.find("ア 未実施").is_none());
        assert_eq!(
            s.mismatch("ア　未実施")
                .map(|(given, labelled)| (given.code.as_str(), labelled.code.as_str())),
            Some(("ア", "エ"))
        );
    }

    #[test]
    fn cyrillic_and_greek_look_alikes_are_read_as_the_latin_code_and_named() {
        let s = scale();
        let read = s.read("В");
        assert_eq!(
            read.map(|r| (r.code.code.as_str(), r.how)),
            Some(("B", How::LookAlike(vec!['\u{0412}'])))
        );
        assert_eq!(s.find("Α").map(|c| c.code.as_str()), Some("A"));
        assert_eq!(char_name('\u{0412}'), "CYRILLIC CAPITAL LETTER VE");
        assert_eq!(char_name('\u{0391}'), "GREEK CAPITAL LETTER ALPHA");
        // Full-width Latin is the same letter in another width, not a look-alike.
        assert_eq!(s.read("Ｂ").map(|r| r.how), Some(How::Code));
        // Nothing that is not a letter is taken for one.
        assert!(s.find("Б").is_none());
        assert!(s.find("ア").is_none());
    }
}
