//! Fiscal years (年度) and their Japanese-era names (和暦).
//!
//! A Japanese fiscal year runs from April to March. mieruka stores a fiscal year as the Gregorian
//! year in which it starts: FY2019 is April 2019 – March 2020, printed 令和元年度（2019年度）.
//! The era changed on 1 May 2019, so 平成31年度 and 令和元年度 name the same FY2019; mieruka
//! prints the newer era name.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The earliest and latest fiscal years mieruka accepts (昭和元年 … far enough ahead).
const MIN_YEAR: u16 = 1926;
const MAX_YEAR: u16 = 2999;

/// A Japanese era: its name, its one-letter abbreviation and the Gregorian year of its first year.
struct Era {
    name: &'static str,
    letter: char,
    first_year: u16,
}

/// Eras newest first; a fiscal year is named by the newest era that began on or before its April.
const ERAS: [Era; 3] = [
    Era {
        name: "令和",
        letter: 'R',
        first_year: 2019,
    },
    Era {
        name: "平成",
        letter: 'H',
        first_year: 1989,
    },
    Era {
        name: "昭和",
        letter: 'S',
        first_year: 1926,
    },
];

/// A fiscal year, stored as the Gregorian year in which it starts (FY2019 = `FiscalYear(2019)`).
///
/// Deserialises from an integer (`2019`) or a string in any form [`FiscalYear::from_str`] accepts
/// (`令和元年度`, `平成31年度`, `R5`, `2019年度`); serialises as the integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(u16);

/// Why a text could not be read as a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiscalYearError {
    /// The text is not in any of the accepted forms.
    #[error("`{0}` is not a fiscal year (write 2019, 令和元年度, 平成31年度 or R1)")]
    Unreadable(String),
    /// The year is outside 1926–2999.
    #[error("fiscal year {0} is out of range ({MIN_YEAR}–{MAX_YEAR})")]
    OutOfRange(i64),
}

impl FiscalYear {
    /// The fiscal year that starts in April of the Gregorian `year`.
    ///
    /// # Errors
    /// [`FiscalYearError::OutOfRange`] outside 1926–2999.
    pub fn new(year: i64) -> Result<Self, FiscalYearError> {
        match u16::try_from(year) {
            Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(FiscalYear(y)),
            _ => Err(FiscalYearError::OutOfRange(year)),
        }
    }

    /// The fiscal year that starts in `year`, moved into 1926–2999 if it is outside.
    pub fn clamped(year: i64) -> Self {
        FiscalYear(year.clamp(i64::from(MIN_YEAR), i64::from(MAX_YEAR)) as u16)
    }

    /// The Gregorian year in which this fiscal year starts.
    pub fn year(self) -> u16 {
        self.0
    }

    /// The next fiscal year.
    pub fn next(self) -> FiscalYear {
        FiscalYear(self.0.saturating_add(1))
    }

    /// The Japanese-era name: `令和元年度`, `令和5年度`, `平成30年度`.
    pub fn wareki(self) -> String {
        let era = ERAS
            .iter()
            .find(|era| self.0 >= era.first_year)
            .unwrap_or(&ERAS[ERAS.len() - 1]);
        let n = self.0 - era.first_year + 1;
        if n == 1 {
            format!("{}元年度", era.name)
        } else {
            format!("{}{}年度", era.name, n)
        }
    }

    /// Both names, as residents read them: `令和元年度（2019年度）`.
    pub fn label(self) -> String {
        format!("{}（{}年度）", self.wareki(), self.0)
    }

    /// Every fiscal year from `first` to `last`, both included (empty when `last < first`).
    pub fn range(first: FiscalYear, last: FiscalYear) -> impl Iterator<Item = FiscalYear> {
        (first.0..=last.0).map(FiscalYear)
    }
}

impl fmt::Display for FiscalYear {
    /// `2019年度`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年度", self.0)
    }
}

/// Maps full-width ASCII (`０`–`９`, `Ｒ`, …) to half-width and drops spaces, so that
/// `令和５年度`, `Ｒ５` and `FY 2019` read like their half-width forms.
fn fold_width(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl FromStr for FiscalYear {
    type Err = FiscalYearError;

    /// Reads `2019`, `2019年度`, `FY2019`, `令和元年度`, `令和２年度`, `令和2年`, `平成31年度`,
    /// `R5`, `R5年度`, `H31` (full-width digits and letters too).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unreadable = || FiscalYearError::Unreadable(text.to_string());
        let folded = fold_width(text);
        let body = folded
            .strip_suffix("年度")
            .or_else(|| folded.strip_suffix('年'))
            .unwrap_or(&folded);
        let body = body.strip_prefix("FY").unwrap_or(body);
        if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
            let year: i64 = body.parse().map_err(|_| unreadable())?;
            return FiscalYear::new(year);
        }
        for era in &ERAS {
            let rest = body
                .strip_prefix(era.name)
                .or_else(|| body.strip_prefix(era.letter));
            if let Some(rest) = rest {
                let n: i64 = if rest == "元" {
                    1
                } else if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                    rest.parse().map_err(|_| unreadable())?
                } else {
                    return Err(unreadable());
                };
                if n < 1 {
                    return Err(unreadable());
                }
                return FiscalYear::new(i64::from(era.first_year) + n - 1);
            }
        }
        Err(unreadable())
    }
}

impl Serialize for FiscalYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.0)
    }
}

impl<'de> Deserialize<'de> for FiscalYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FiscalYearVisitor;

        impl Visitor<'_> for FiscalYearVisitor {
            type Value = FiscalYear;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fiscal year such as 2019 or 令和元年度")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FiscalYear, E> {
                FiscalYear::new(v).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FiscalYear, E> {
                FiscalYear::new(i64::try_from(v).unwrap_or(i64::MAX)).map_err(E::custom)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<FiscalYear, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(FiscalYearVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(text: &str) -> u16 {
        text.parse::<FiscalYear>()
            .map(FiscalYear::year)
            .unwrap_or(0)
    }

    #[test]
    fn reiwa_gannen_and_heisei_31_are_fy2019() {
        assert_eq!(fy("令和元年度"), 2019);
        assert_eq!(fy("平成31年度"), 2019);
        assert_eq!(fy("H31"), 2019);
    }

    #[test]
    fn reads_full_width_digits_abbreviations_and_gregorian_forms() {
        assert_eq!(fy("令和２年度"), 2020);
        assert_eq!(fy("令和5年度"), 2023);
        assert_eq!(fy("Ｒ５"), 2023);
        assert_eq!(fy("R5年度"), 2023);
        assert_eq!(fy("2021"), 2021);
        assert_eq!(fy("２０２２年度"), 2022);
        assert_eq!(fy("FY2019"), 2019);
        assert_eq!(fy("平成元年度"), 1989);
        assert_eq!(fy("昭和64年"), 1989);
    }

    #[test]
    fn rejects_what_is_not_a_fiscal_year() {
        for bad in [
            "",
            "令和",
            "令和0年度",
            "令和x年度",
            "明治5年",
            "R",
            "12345",
            "1800",
        ] {
            assert!(bad.parse::<FiscalYear>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn prints_the_newer_era_with_gannen() {
        let label = |y| {
            FiscalYear::new(y)
                .map(FiscalYear::label)
                .unwrap_or_default()
        };
        assert_eq!(label(2019), "令和元年度（2019年度）");
        assert_eq!(label(2023), "令和5年度（2023年度）");
        assert_eq!(label(2018), "平成30年度（2018年度）");
        assert_eq!(label(1989), "平成元年度（1989年度）");
        assert_eq!(label(1988), "昭和63年度（1988年度）");
    }

    #[test]
    fn printing_and_reading_round_trip() {
        for year in 1926..=2100 {
            let fy = FiscalYear::new(year).unwrap_or(FiscalYear(MIN_YEAR));
            assert_eq!(fy.wareki().parse::<FiscalYear>(), Ok(fy));
        }
    }

    #[test]
    fn deserialises_from_integers_and_strings() {
        let years: Vec<FiscalYear> =
            serde_yaml::from_str("[2019, 令和２年度, R3]").unwrap_or_default();
        let years: Vec<u16> = years.into_iter().map(FiscalYear::year).collect();
        assert_eq!(years, [2019, 2020, 2021]);
    }
}
