//! A project (事業) as kept in `content/<plan-id>/projects/<id>.yaml`: its placement in the policy
//! tree, the departments responsible by fiscal year, one entry per fiscal year, and the overall
//! evaluation, rating and direction.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::fiscal_year::FiscalYear;
use crate::model::plan::Period;
use crate::model::text_or_number;

/// One project file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Stable ASCII id, equal to the file name without `.yaml`.
    pub id: String,
    /// The display number as printed (1, 12, ①); unique only within its policy node.
    #[serde(default, deserialize_with = "text_or_number::optional")]
    pub number: Option<String>,
    /// The project's name (事業名).
    pub name: String,
    /// What the plan says will be done (実施内容); Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Ids of the policy nodes the project is placed under; the first is its primary placement.
    /// Empty: the project is listed on the plan page outside the policy tree.
    #[serde(default)]
    pub policies: Vec<String>,
    /// The department cell exactly as printed, e.g. 地域福祉課(→R5-高齢者福祉課へ).
    #[serde(default)]
    pub department_label: Option<String>,
    /// Who was responsible, by fiscal year (see [`Department`]).
    pub departments: Vec<Department>,
    /// One entry per fiscal year; a year that is absent or `~` is an empty year.
    #[serde(default)]
    pub years: Years,
    /// The evaluation of the plan period (取り組みへの評価、課題や今後の方針等); Markdown.
    #[serde(default)]
    pub evaluation: Option<String>,
    /// The overall rating for the plan period, as printed (`Ａ` or `A`), on the plan's rating scale.
    #[serde(default)]
    pub rating: Option<String>,
    /// The direction decided for the project (継続, 拡充, 廃止 …), one of the plan's directions.
    #[serde(default)]
    pub direction: Option<String>,
    /// Set when the project was added to the plan during its period (新規).
    #[serde(default)]
    pub added: Option<Milestone>,
    /// Set when the project ended during the plan period (事業終了).
    #[serde(default)]
    pub ended: Option<Milestone>,
    /// Other notes printed in the source about the project (備考), as printed.
    #[serde(default)]
    pub remarks: Vec<String>,
    /// A note on the data (what was inferred, what is ambiguous); not printed in the source.
    #[serde(default)]
    pub note: Option<String>,
}

/// One department's responsibility for a project: from its `from` year until the year before the
/// next later `from` in the list (or the end of the plan). Entries with the same `from` share the
/// project.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The department's name (担当課), or an outside body (社会福祉協議会).
    pub name: String,
    /// The first fiscal year it was responsible; the plan's first year when absent.
    #[serde(default)]
    pub from: Option<FiscalYear>,
}

/// A department's responsibility resolved to a span of fiscal years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentTerm<'a> {
    /// The department's name.
    pub name: &'a str,
    /// First fiscal year responsible.
    pub from: FiscalYear,
    /// Last fiscal year responsible.
    pub to: FiscalYear,
}

/// A change in the project's life during the plan: added (新規) or ended (事業終了).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// For `added`: the fiscal year it was added. For `ended`: the last fiscal year it ran.
    pub fy: FiscalYear,
    /// The printed text that says so, e.g. ★R5年度確認時に確認できた新規事業….
    #[serde(default)]
    pub text: Option<String>,
}

/// What a project did in one fiscal year.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// The year's text as printed (実施状況・成果・評価); Markdown.
    #[serde(default)]
    pub results: Option<String>,
    /// A rating for this year alone, as printed, on the plan's rating scale.
    #[serde(default)]
    pub rating: Option<String>,
    /// A note on this year's data.
    #[serde(default)]
    pub note: Option<String>,
}

/// The per-year entries of a project, by fiscal year; `None` for a year written as `~`.
///
/// Keys may be written 2019 or 令和元年度; two keys naming the same fiscal year are an error.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Years(pub BTreeMap<FiscalYear, Option<YearEntry>>);

impl<'de> Deserialize<'de> for Years {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct YearsVisitor;

        impl<'de> Visitor<'de> for YearsVisitor {
            type Value = Years;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from fiscal year (2019 or 令和元年度) to that year's entry")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Years, E> {
                Ok(Years::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Years, A::Error> {
                let mut years = BTreeMap::new();
                while let Some(fy) = map.next_key::<FiscalYear>()? {
                    let entry: Option<YearEntry> = map.next_value()?;
                    if years.insert(fy, entry).is_some() {
                        return Err(de::Error::custom(format_args!(
                            "fiscal year {} ({}) appears twice",
                            fy.year(),
                            fy.wareki()
                        )));
                    }
                }
                Ok(Years(years))
            }
        }

        deserializer.deserialize_any(YearsVisitor)
    }
}

impl Project {
    /// The departments with the fiscal years each was responsible, within `period`, in list order.
    /// A department whose `from` is after the period is left out. Names are trimmed of spaces.
    pub fn department_terms(&self, period: &Period) -> Vec<DepartmentTerm<'_>> {
        let start = |d: &Department| d.from.unwrap_or(period.from).max(period.from);
        self.departments
            .iter()
            .filter(|d| start(d) <= period.to)
            .map(|d| {
                let from = start(d);
                let to = self
                    .departments
                    .iter()
                    .map(start)
                    .filter(|&next| next > from)
                    .min()
                    .map_or(period.to, |next| {
                        FiscalYear::new(i64::from(next.year()) - 1).unwrap_or(from)
                    });
                DepartmentTerm {
                    name: d.name.trim(),
                    from,
                    to: to.min(period.to),
                }
            })
            .collect()
    }

    /// The names of the departments responsible in `fy`.
    pub fn departments_in(&self, fy: FiscalYear, period: &Period) -> Vec<&str> {
        self.department_terms(period)
            .into_iter()
            .filter(|t| t.from <= fy && fy <= t.to)
            .map(|t| t.name)
            .collect()
    }

    /// Whether the project had ended by `fy` (its `ended.fy` is before `fy`).
    pub fn ended_before(&self, fy: FiscalYear) -> bool {
        self.ended.as_ref().is_some_and(|e| e.fy < fy)
    }

    /// The entry for `fy`, if the year is not empty.
    pub fn year(&self, fy: FiscalYear) -> Option<&YearEntry> {
        self.years.0.get(&fy).and_then(Option::as_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: i64) -> FiscalYear {
        FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"))
    }

    fn project(yaml: &str) -> Project {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_rename_ends_the_earlier_department_the_year_before() {
        let p = project(
            "id: x\nname: n\ndepartments:\n  - {name: 介護保険課}\n  - {name: 地域福祉課, from: 2020}\n  - {name: 生活支援課, from: 令和4年度}\n",
        );
        let period = Period {
            from: fy(2019),
            to: fy(2023),
        };
        let terms: Vec<_> = p
            .department_terms(&period)
            .into_iter()
            .map(|t| (t.name, t.from.year(), t.to.year()))
            .collect();
        assert_eq!(
            terms,
            [
                ("介護保険課", 2019, 2019),
                ("地域福祉課", 2020, 2021),
                ("生活支援課", 2022, 2023)
            ]
        );
        assert_eq!(p.departments_in(fy(2021), &period), ["地域福祉課"]);
    }

    #[test]
    fn departments_with_the_same_start_share_the_project() {
        let p = project(
            "id: x\nname: n\ndepartments:\n  - {name: 収納課}\n  - {name: 債権回収対策室}\n",
        );
        let period = Period {
            from: fy(2019),
            to: fy(2023),
        };
        assert_eq!(
            p.departments_in(fy(2023), &period),
            ["収納課", "債権回収対策室"]
        );
    }

    #[test]
    fn the_same_year_written_twice_is_an_error() {
        let err = serde_yaml::from_str::<Project>(
            "id: x\nname: n\ndepartments: [{name: a}]\nyears:\n  2019: {results: a}\n  令和元年度: {results: b}\n",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            err.contains("fiscal year 2019 (令和元年度) appears twice"),
            "{err}"
        );
    }

    #[test]
    fn empty_years_are_kept_as_empty() {
        let p = project(
            "id: x\nname: n\ndepartments: [{name: a}]\nyears:\n  2019: {results: a}\n  2020: ~\n",
        );
        assert!(p.year(fy(2019)).is_some());
        assert!(p.year(fy(2020)).is_none());
        assert!(p.years.0.contains_key(&fy(2020)));
    }
}
