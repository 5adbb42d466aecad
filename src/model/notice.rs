//! A notice a plan shows on every one of its pages, near the top: for a suicide-prevention plan,
//! where to talk now. It is data, written in plan.yaml by the city, never part of a template.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::{fold_width, is_digit};

/// The notice: a heading, a short text and the contacts, each dialable or openable from a phone.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Its heading (悩みを相談できる窓口); 相談窓口 when absent.
    #[serde(default)]
    pub heading: Option<String>,
    /// A short, calm text before the contacts.
    #[serde(default)]
    pub text: Option<String>,
    /// The contacts, in the order to show them.
    pub contacts: Vec<Contact>,
    /// Where the contacts come from (厚生労働省の案内), shown under them.
    #[serde(default)]
    pub source: Option<String>,
}

/// A place to talk: a telephone number to dial, or a page to open, or both.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Its name as published (こころの健康相談統一ダイヤル).
    pub name: String,
    /// Its telephone number as published (0570-064-556): digits, hyphens, spaces, parentheses,
    /// and `*` or `+` where a number has them. A `#` number (#7119) is refused: a `tel:` link
    /// cannot dial it as written.
    #[serde(default)]
    pub tel: Option<String>,
    /// Its page (`https://…`).
    #[serde(default)]
    pub url: Option<String>,
    /// When it answers, as published (24時間).
    #[serde(default)]
    pub hours: Option<String>,
}

impl Contact {
    /// The number as a `tel:` link's target: its digits and any `+` or `*` (`tel:0570064556`);
    /// `None` without a number or when it has no digit.
    pub fn tel_uri(&self) -> Option<String> {
        let tel = self.tel.as_deref()?;
        let kept: String = tel
            .chars()
            .map(fold_width)
            .filter(|c| matches!(c, '0'..='9' | '+' | '*'))
            .collect();
        kept.chars()
            .any(|c| c.is_ascii_digit())
            .then(|| format!("tel:{kept}"))
    }

    /// Whether the telephone number is written only with what a number has: digits (either
    /// width), hyphens, spaces, parentheses and `+ *`.
    pub fn tel_is_a_number(&self) -> bool {
        self.tel.as_deref().is_none_or(|tel| {
            tel.chars().any(is_digit)
                && tel
                    .chars()
                    .all(|c| is_digit(c) || "-－ー‐ 　()（）+*".contains(c))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(tel: &str) -> Contact {
        Contact {
            name: "窓口".to_string(),
            tel: Some(tel.to_string()),
            url: None,
            hours: None,
        }
    }

    #[test]
    fn a_published_number_becomes_a_number_a_phone_dials() {
        assert_eq!(
            contact("0570-064-556").tel_uri().as_deref(),
            Some("tel:0570064556")
        );
        assert_eq!(
            contact("０１２０－２７９－３３８").tel_uri().as_deref(),
            Some("tel:0120279338")
        );
        assert_eq!(
            contact("+81 3-1234-5678").tel_uri().as_deref(),
            Some("tel:+81312345678")
        );
        assert!(contact("0120-061-338").tel_is_a_number());
        assert!(!contact("いのちの電話").tel_is_a_number());
        assert!(!contact("#7119").tel_is_a_number());
        assert_eq!(contact("いのちの電話").tel_uri(), None);
    }
}
