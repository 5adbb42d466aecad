//! Indicators (指標): what a project measures, its target for each fiscal year and the values
//! printed for each year, with numbers parsed only where they are numbers.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::fiscal_year::FiscalYear;
use crate::model::number::parse_number;
use crate::model::project::fiscal_year_map;

/// An indicator of a project or part.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// What is measured, as printed (実績の指標, 指標目標).
    pub label: String,
    /// The unit of its numbers when they share one (件, 人, 万人).
    #[serde(default)]
    pub unit: Option<String>,
    /// Names and units of the values of each year, in printed order (上段, 中段, 下段).
    #[serde(default)]
    pub series: Vec<Series>,
    /// Whether a higher or a lower value is better.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The value it started from (基準値), with the year it was measured in, which may be before
    /// the plan period.
    #[serde(default)]
    pub baseline: Option<Baseline>,
    /// The target of each fiscal year.
    #[serde(default, deserialize_with = "fiscal_year_map")]
    #[schemars(schema_with = "crate::model::schema::fiscal_year_map::<Target>")]
    pub targets: BTreeMap<FiscalYear, Target>,
    /// The values of each fiscal year.
    #[serde(default, deserialize_with = "fiscal_year_map")]
    #[schemars(schema_with = "crate::model::schema::fiscal_year_map::<Value>")]
    pub values: BTreeMap<FiscalYear, Value>,
}

/// An indicator's baseline (基準値): the value it started from and the fiscal year it was
/// measured in, which may be before the plan period.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The fiscal year it was measured in (基準年度).
    pub fy: FiscalYear,
    /// The value as printed.
    pub text: String,
    /// The value as a number, where the text is not one number as it stands.
    #[serde(default)]
    pub number: Option<f64>,
    /// A printed note on it.
    #[serde(default)]
    pub note: Option<String>,
}

impl Baseline {
    /// The value as a number: `number`, else the text read as one number.
    pub fn value(&self) -> Option<f64> {
        self.number.or_else(|| parse_number(&self.text))
    }
}

/// One of the values an indicator has each year.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Its name (発行部数).
    pub name: String,
    /// Its unit (部).
    #[serde(default)]
    pub unit: Option<String>,
}

/// Whether more is better (相談件数) or less (待機児童数).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A higher value is better.
    Higher,
    /// A lower value is better.
    Lower,
}

/// A year's target: its printed text and, where it states one quantity, the number (read from
/// a text that is one number, `1,300`, when written in the short form).
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// The target as printed.
    pub text: String,
    /// The quantity, where the target is one.
    pub number: Option<f64>,
    /// The unit of `number`.
    pub unit: Option<String>,
    /// The printed note on a revised target (※指標目標86万人を…修正しています。).
    pub revision: Option<String>,
    /// A note on the data.
    pub note: Option<String>,
}

/// A year's value cell: its printed text and unit, and the numbers in it.
#[derive(Debug, Clone, Serialize)]
pub struct Value {
    /// The cell as printed (`2,300 1,990`, `12 書面会議`).
    pub text: String,
    /// The unit cell as printed (`部 部`).
    pub unit: Option<String>,
    /// One number per series, `None` where that value is not a number. Given in the file, or
    /// read from `text` when it is one number.
    pub numbers: Vec<Option<f64>>,
    /// A printed annotation (小規模複数開催).
    pub note: Option<String>,
}

impl Indicator {
    /// How many values each year has: the number of series, at least one.
    pub fn series_count(&self) -> usize {
        self.series.len().max(1)
    }

    /// The name of series `i` (empty when the indicator has one unnamed series).
    pub fn series_name(&self, i: usize) -> &str {
        self.series.get(i).map_or("", |s| s.name.as_str())
    }

    /// The unit of series `i`: its own, else the indicator's.
    pub fn series_unit(&self, i: usize) -> Option<&str> {
        self.series
            .get(i)
            .and_then(|s| s.unit.as_deref())
            .or(self.unit.as_deref())
    }

    /// Whether any value or target of the indicator is a number (a chart can be drawn).
    pub fn has_numbers(&self) -> bool {
        self.values
            .values()
            .any(|v| v.numbers.iter().any(Option::is_some))
            || self.targets.values().any(|t| t.number.is_some())
    }
}

/// The keys of the map form of a target or a value; each accepts the keys it documents.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cell {
    text: String,
    #[serde(default)]
    number: Option<f64>,
    #[serde(default)]
    numbers: Option<Vec<Option<f64>>>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    revision: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// Reads a cell written either as its printed text or as a map of [`Cell`] keys.
struct TextOrMap<T> {
    expecting: &'static str,
    from_text: fn(&str) -> T,
    from_map: fn(Cell) -> Result<T, &'static str>,
}

impl<'de, T> Visitor<'de> for TextOrMap<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.from_text)(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok((self.from_text)(&v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok((self.from_text)(&v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Ok((self.from_text)(&v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let cell = Cell::deserialize(de::value::MapAccessDeserializer::new(map))?;
        (self.from_map)(cell).map_err(|field| {
            de::Error::custom(format_args!(
                "unknown field `{field}`, expected one of {}",
                self.expecting
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrMap {
            expecting: "`text`, `number`, `unit`, `revision`, `note`",
            from_text: |text| Target {
                text: text.to_string(),
                number: parse_number(text),
                unit: None,
                revision: None,
                note: None,
            },
            from_map: |cell| match cell.numbers {
                Some(_) => Err("numbers"),
                None => Ok(Target {
                    text: cell.text,
                    number: cell.number,
                    unit: cell.unit,
                    revision: cell.revision,
                    note: cell.note,
                }),
            },
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrMap {
            expecting: "`text`, `unit`, `numbers`, `note`",
            from_text: |text| Value {
                text: text.to_string(),
                unit: None,
                numbers: vec![parse_number(text)],
                note: None,
            },
            from_map: |cell| match (cell.number, cell.revision) {
                (Some(_), _) => Err("number"),
                (_, Some(_)) => Err("revision"),
                (None, None) => Ok(Value {
                    numbers: cell
                        .numbers
                        .unwrap_or_else(|| vec![parse_number(&cell.text)]),
                    text: cell.text,
                    unit: cell.unit,
                    note: cell.note,
                }),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(yaml: &str) -> Indicator {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_value_that_is_one_number_is_parsed_and_others_are_kept_as_text() {
        let i = indicator(
            "label: 会議\nvalues:\n  2020: 12 書面会議\n  2021: '１２'\n  2022: {text: '2,000 1,880', unit: 部 部, numbers: [2000, 1880]}\n",
        );
        let numbers: Vec<Vec<Option<f64>>> = i.values.values().map(|v| v.numbers.clone()).collect();
        assert_eq!(
            numbers,
            [
                vec![None],
                vec![Some(12.0)],
                vec![Some(2000.0), Some(1880.0)]
            ]
        );
        assert_eq!(
            i.values.values().next().map(|v| v.text.as_str()),
            Some("12 書面会議")
        );
        assert!(i.has_numbers());
    }

    #[test]
    fn targets_keep_their_text_and_revision() {
        let i = indicator(
            "label: 指標目標\ntargets:\n  令和元年度: 講演会等の実施\n  2021: {text: 利用者数66万人, number: 66, unit: 万人, revision: ※修正}\n",
        );
        let t: Vec<&Target> = i.targets.values().collect();
        assert_eq!(t[0].number, None);
        assert_eq!(
            (t[1].number, t[1].unit.as_deref(), t[1].revision.as_deref()),
            (Some(66.0), Some("万人"), Some("※修正"))
        );
    }

    #[test]
    fn a_key_of_the_other_form_is_refused() {
        let err = serde_yaml::from_str::<Indicator>(
            "label: x\nvalues:\n  2020: {text: '1', number: 1}\n",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("unknown field `number`"), "{err}");
    }
}
