//! A project (事業, 取組, 取組項目) as kept in `content/<plan-id>/projects/<id>.yaml`: where it is
//! placed in the policy tree, who was responsible in which fiscal year, what was planned, measured,
//! done and rated each year — for the whole project, or for each of its parts (取組事例①②).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::fiscal_year::FiscalYear;
use crate::model::indicator::Indicator;
use crate::model::number::PrintedNumber;
use crate::model::plan::Period;
use crate::model::text_or_number;

/// One project file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Stable ASCII id, equal to the file name without `.yaml`.
    pub id: String,
    /// The display number in its original placement, as printed (1, ６, ①).
    #[serde(default, deserialize_with = "text_or_number::optional")]
    #[schemars(schema_with = "crate::model::schema::text_or_number")]
    pub number: Option<String>,
    /// The project's name (事業名).
    pub name: String,
    /// What the plan says will be done (実施内容, 概要, 取組内容); Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// The page of the plan document that describes the project.
    #[serde(default, deserialize_with = "text_or_number::optional")]
    #[schemars(schema_with = "crate::model::schema::text_or_number")]
    pub page: Option<String>,
    /// Where the project is placed; the first is its original placement, the others are
    /// re-listings (再掲). Empty: listed on the plan page outside the policy tree.
    #[serde(default)]
    pub placements: Vec<Placement>,
    /// The department cell exactly as printed, e.g. 地域福祉課(→R5-高齢者福祉課へ).
    #[serde(default)]
    pub department_label: Option<String>,
    /// Who was responsible, by fiscal year (see [`Department`]).
    #[serde(default)]
    pub departments: Vec<Department>,
    /// The planned schedule (年次計画).
    #[serde(default)]
    pub schedule: Vec<ScheduleSpan>,
    /// What is measured.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// One entry per fiscal year; a year that is absent or `~` is an empty year.
    #[serde(default)]
    pub years: Years,
    /// The evaluation of the plan period (取り組みへの評価、課題や今後の方針等); Markdown.
    #[serde(default)]
    pub evaluation: Option<String>,
    /// The rating for the whole plan period, as printed (`Ａ` or `A`).
    #[serde(default)]
    pub rating: Option<String>,
    /// The direction decided for the project (継続, 拡充, 廃止 …).
    #[serde(default)]
    pub direction: Option<String>,
    /// The id of the plan's scale this project rates on, when not the plan's rating scale.
    #[serde(default)]
    pub scale: Option<String>,
    /// Separate sheets of the project (取組事例①②), each with its own departments and ratings.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// Set when the project was added to the plan during its period (新規).
    #[serde(default)]
    pub added: Option<Milestone>,
    /// Set when the project ended during the plan period (事業終了); `fy` is the last year it ran.
    #[serde(default)]
    pub ended: Option<Milestone>,
    /// Set when the project's aim was achieved (達成済み); `fy` is the year it was.
    #[serde(default)]
    pub completed: Option<Milestone>,
    /// Other notes printed in the source about the project (備考), as printed.
    #[serde(default)]
    pub remarks: Vec<String>,
    /// A note on the data (what was inferred, what is ambiguous); not printed in the source.
    #[serde(default)]
    pub note: Option<String>,
}

/// One sheet of a project with parts: a 取組事例 with its own departments, data and rating. Keys
/// left out are taken from the project (departments, schedule, indicators).
///
/// Its keys repeat the sheet keys of [`Project`] on purpose: serde cannot share them through
/// `flatten` while refusing unknown keys, and refusing unknown keys is what turns a staff member's
/// typo into an error instead of silently dropped data. [`Sheet`] reads either.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// What the part is called, as printed (取組事例①).
    pub label: String,
    /// The department cell as printed.
    #[serde(default)]
    pub department_label: Option<String>,
    /// Who was responsible for this part.
    #[serde(default)]
    pub departments: Vec<Department>,
    /// This part's planned schedule.
    #[serde(default)]
    pub schedule: Vec<ScheduleSpan>,
    /// This part's indicators.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// This part's fiscal years.
    #[serde(default)]
    pub years: Years,
    /// This part's evaluation of the period.
    #[serde(default)]
    pub evaluation: Option<String>,
    /// This part's rating for the period.
    #[serde(default)]
    pub rating: Option<String>,
    /// This part's direction.
    #[serde(default)]
    pub direction: Option<String>,
    /// The scale this part rates on, when not the project's.
    #[serde(default)]
    pub scale: Option<String>,
    /// Printed notes on this part.
    #[serde(default)]
    pub remarks: Vec<String>,
    /// A note on this part's data.
    #[serde(default)]
    pub note: Option<String>,
}

/// A place of the project in the policy tree: the node, and the number printed there.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// The policy node's id.
    pub policy: String,
    /// The project's number under that node, as printed; for the first placement, the project's
    /// `number` when absent.
    pub number: Option<String>,
    /// Texts printed differently on a re-listed copy (再掲).
    pub variants: Vec<Variant>,
}

/// A reading printed on a re-listed copy that differs from the original.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Where the original reading is in this project file, as a dotted path
    /// (`years.2023.outcome`, `parts.1.years.2023.results`, `name`).
    pub path: String,
    /// The reading on the copy, as printed.
    pub text: String,
}

impl<'de> Deserialize<'de> for Placement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            policy: String,
            #[serde(default, deserialize_with = "text_or_number::optional")]
            number: Option<String>,
            #[serde(default)]
            variants: Vec<Variant>,
        }

        struct PlacementVisitor;

        impl<'de> Visitor<'de> for PlacementVisitor {
            type Value = Placement;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a policy id, or {policy, number, variants}")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Placement, E> {
                Ok(Placement {
                    policy: v.to_string(),
                    number: None,
                    variants: Vec::new(),
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Placement, A::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Placement {
                    policy: full.policy,
                    number: full.number,
                    variants: full.variants,
                })
            }
        }

        deserializer.deserialize_any(PlacementVisitor)
    }
}

/// One department's responsibility: from its `from` year until the year before the next later
/// `from` in the list (or on). Entries with the same `from` share the project.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The department's name (担当課), or an outside body (社会福祉協議会).
    pub name: String,
    /// The division (部) it belongs to, as printed (福祉部), where the source names one.
    #[serde(default)]
    pub division: Option<String>,
    /// The organisation it belongs to, when not the plan's municipality (本庄市社会福祉協議会).
    /// Departments of two organisations are two departments, whatever their names.
    #[serde(default)]
    pub organization: Option<String>,
    /// Its name's reading in hiragana (こうれいしゃふくしか), where given: the index of
    /// departments sorts the departments of a division by it instead of the data's order.
    #[serde(default)]
    pub reading: Option<String>,
    /// The first fiscal year it was responsible; the plan's first year when absent.
    #[serde(default)]
    pub from: Option<FiscalYear>,
}

/// A department's responsibility resolved to a span of fiscal years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentTerm<'a> {
    /// The department's name, trimmed.
    pub name: &'a str,
    /// The division (部) it belongs to, trimmed, where given.
    pub division: Option<&'a str>,
    /// The organisation it belongs to, trimmed, when not the plan's municipality.
    pub organization: Option<&'a str>,
    /// Its name's reading, trimmed, where given.
    pub reading: Option<&'a str>,
    /// First fiscal year responsible.
    pub from: FiscalYear,
    /// Last fiscal year responsible within the period; `None` for a department that takes over
    /// only after the period (its successor, named in the source).
    pub to: Option<FiscalYear>,
}

/// A span of the planned schedule (年次計画): one printed cell, possibly merged across years.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpan {
    /// The first fiscal year of the cell.
    pub from: FiscalYear,
    /// The last fiscal year of the cell.
    pub to: FiscalYear,
    /// The cell as printed.
    pub text: String,
}

/// A change in the project's life: added (新規), ended (事業終了) or completed (達成済み).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// For `added`: the year it was added. For `ended`: the last year it ran. For `completed`:
    /// the year it was achieved.
    pub fy: FiscalYear,
    /// The printed text that says so.
    #[serde(default)]
    pub text: Option<String>,
}

/// What was done, measured and rated in one fiscal year.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// What was planned for the year (実施計画, 年度計画), printed beside its results; Markdown.
    #[serde(default)]
    pub plan: Option<String>,
    /// What was done (実施状況, 具体的な取組内容); Markdown.
    #[serde(default)]
    pub results: Option<String>,
    /// What it achieved (成果); Markdown.
    #[serde(default)]
    pub outcome: Option<String>,
    /// What comes next (今後の方針); Markdown.
    #[serde(default)]
    pub next_steps: Option<String>,
    /// A printed remark (備考).
    #[serde(default)]
    pub remarks: Option<String>,
    /// The year's rating, as printed.
    #[serde(default)]
    pub rating: Option<String>,
    /// The year's status on the plan's status scale, as printed.
    #[serde(default)]
    pub status: Option<String>,
    /// The achievement rate in percent, as printed; absent when blank (blank is not 0), also
    /// when written as empty text (`""`).
    #[serde(default, deserialize_with = "crate::model::number::unless_blank")]
    pub achievement: Option<PrintedNumber>,
    /// A note on this year's data.
    #[serde(default)]
    pub note: Option<String>,
    /// Whether nothing is filled in, found the first time it is asked ([`YearEntry::is_empty`]):
    /// pages ask it of every entry many times over. The fields are not changed after loading.
    #[serde(skip)]
    empty: std::sync::OnceLock<bool>,
}

/// The fields of a year's entry ([`YearEntry`]) that each hold one printed value, by their key
/// in the project file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum YearField {
    /// `plan`: what was planned for the year.
    Plan,
    /// `results`: what was done.
    Results,
    /// `outcome`: what it achieved.
    Outcome,
    /// `next_steps`: what comes next.
    NextSteps,
    /// `remarks`: a printed remark.
    Remarks,
    /// `rating`: the year's rating, a code of the sheet's rating scale.
    Rating,
    /// `status`: the year's status, a code of the plan's status scale.
    Status,
    /// `achievement`: the achievement rate, as printed.
    Achievement,
    /// `note`: a note on the year's data.
    Note,
}

impl YearField {
    /// Every field, in the order a year's entry lists them.
    pub const ALL: [YearField; 9] = [
        YearField::Plan,
        YearField::Results,
        YearField::Outcome,
        YearField::NextSteps,
        YearField::Remarks,
        YearField::Rating,
        YearField::Status,
        YearField::Achievement,
        YearField::Note,
    ];

    /// The key in the project file (`next_steps`).
    pub fn key(self) -> &'static str {
        match self {
            YearField::Plan => "plan",
            YearField::Results => "results",
            YearField::Outcome => "outcome",
            YearField::NextSteps => "next_steps",
            YearField::Remarks => "remarks",
            YearField::Rating => "rating",
            YearField::Status => "status",
            YearField::Achievement => "achievement",
            YearField::Note => "note",
        }
    }

    /// The field whose key is `key`.
    pub fn from_key(key: &str) -> Option<YearField> {
        YearField::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The per-year entries, by fiscal year; `None` for a year written as `~`.
///
/// Keys may be written 2019 or 令和元年度; two keys naming the same fiscal year are an error.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Years(pub BTreeMap<FiscalYear, Option<YearEntry>>);

impl<'de> Deserialize<'de> for Years {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fiscal_year_map(deserializer).map(Years)
    }
}

impl Years {
    /// The entry for `fy`, if the year is not empty: an entry written `~`, or one with nothing
    /// filled in yet (as `mieruka new year` writes it), is an empty year.
    pub fn get(&self, fy: FiscalYear) -> Option<&YearEntry> {
        self.0
            .get(&fy)
            .and_then(Option::as_ref)
            .filter(|entry| !entry.is_empty())
    }
}

impl YearEntry {
    /// Whether nothing is filled in: no plan or text, rating, status, achievement or note.
    pub fn is_empty(&self) -> bool {
        *self.empty.get_or_init(|| self.nothing_filled_in())
    }

    /// [`YearEntry::is_empty`], found from the fields.
    fn nothing_filled_in(&self) -> bool {
        let blank = |t: &Option<String>| {
            t.as_deref()
                .is_none_or(|t| t.chars().all(char::is_whitespace))
        };
        blank(&self.plan)
            && blank(&self.results)
            && blank(&self.outcome)
            && blank(&self.next_steps)
            && blank(&self.remarks)
            && blank(&self.rating)
            && blank(&self.status)
            && blank(&self.note)
            && self.achievement.is_none()
    }

    /// Whether it reports results: what was done, its outcome or next steps, a rating, a status
    /// or an achievement rate. A year's plan or a note alone is not a result.
    pub fn has_results(&self) -> bool {
        let filled = |t: &Option<String>| {
            t.as_deref()
                .is_some_and(|t| !t.chars().all(char::is_whitespace))
        };
        filled(&self.results)
            || filled(&self.outcome)
            || filled(&self.next_steps)
            || filled(&self.rating)
            || filled(&self.status)
            || self.achievement.is_some()
    }
}

/// Deserialises a map keyed by fiscal year (2019 or 令和元年度); `~` is an empty map; two keys
/// naming the same year are an error.
pub(crate) fn fiscal_year_map<'de, D, T>(
    deserializer: D,
) -> Result<BTreeMap<FiscalYear, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct MapVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
        type Value = BTreeMap<FiscalYear, T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map from fiscal year (2019 or 令和元年度) to that year's entry")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(BTreeMap::new())
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut years = BTreeMap::new();
            while let Some(fy) = map.next_key::<FiscalYear>()? {
                let entry: T = map.next_value()?;
                if years.insert(fy, entry).is_some() {
                    return Err(de::Error::custom(format_args!(
                        "fiscal year {} ({}) appears twice",
                        fy.year(),
                        fy.wareki()
                    )));
                }
            }
            Ok(years)
        }
    }

    deserializer.deserialize_any(MapVisitor(std::marker::PhantomData))
}

/// One rated unit of a project: the project itself, or one of its parts. Summaries count sheets.
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    /// The project.
    pub project: &'a Project,
    /// The part, with its index in `project.parts`; `None` for a project without parts.
    pub part: Option<(usize, &'a Part)>,
}

impl<'a> Sheet<'a> {
    /// The part's label (取組事例①), or `None` for the project itself.
    pub fn label(&self) -> Option<&'a str> {
        self.part.map(|(_, p)| p.label.as_str())
    }

    /// The dotted path of this sheet's keys in the project file: `""` or `parts.1.`.
    pub fn path_prefix(&self) -> String {
        self.part
            .map_or_else(String::new, |(i, _)| format!("parts.{i}."))
    }

    /// The department cell as printed: the part's, else the project's.
    pub fn department_label(&self) -> Option<&'a str> {
        self.part
            .and_then(|(_, p)| p.department_label.as_deref())
            .or(self.project.department_label.as_deref())
    }

    /// The departments: the part's, else the project's.
    pub fn departments(&self) -> &'a [Department] {
        match self.part {
            Some((_, p)) if !p.departments.is_empty() => &p.departments,
            _ => &self.project.departments,
        }
    }

    /// The planned schedule: the part's, else the project's.
    pub fn schedule(&self) -> &'a [ScheduleSpan] {
        match self.part {
            Some((_, p)) if !p.schedule.is_empty() => &p.schedule,
            _ => &self.project.schedule,
        }
    }

    /// The indicators: the part's, else the project's.
    pub fn indicators(&self) -> &'a [Indicator] {
        match self.part {
            Some((_, p)) if !p.indicators.is_empty() => &p.indicators,
            _ => &self.project.indicators,
        }
    }

    /// The fiscal years (a part's own).
    pub fn years(&self) -> &'a Years {
        self.part.map_or(&self.project.years, |(_, p)| &p.years)
    }

    /// The evaluation of the period.
    pub fn evaluation(&self) -> Option<&'a str> {
        match self.part {
            Some((_, p)) => p.evaluation.as_deref(),
            None => self.project.evaluation.as_deref(),
        }
    }

    /// The rating for the period, as printed.
    pub fn rating(&self) -> Option<&'a str> {
        match self.part {
            Some((_, p)) => p.rating.as_deref(),
            None => self.project.rating.as_deref(),
        }
    }

    /// The rating of `fy`, as printed.
    pub fn year_rating(&self, fy: FiscalYear) -> Option<&'a str> {
        self.years().get(fy).and_then(|e| e.rating.as_deref())
    }

    /// The direction.
    pub fn direction(&self) -> Option<&'a str> {
        match self.part {
            Some((_, p)) => p.direction.as_deref(),
            None => self.project.direction.as_deref(),
        }
    }

    /// The id of the scale the sheet rates on, if not the plan's rating scale.
    pub fn scale(&self) -> Option<&'a str> {
        self.part
            .and_then(|(_, p)| p.scale.as_deref())
            .or(self.project.scale.as_deref())
    }

    /// The part's printed remarks (a project's are shown with the project).
    pub fn remarks(&self) -> &'a [String] {
        self.part.map_or(&[], |(_, p)| p.remarks.as_slice())
    }

    /// The part's note (a project's is shown with the project).
    pub fn note(&self) -> Option<&'a str> {
        self.part.and_then(|(_, p)| p.note.as_deref())
    }

    /// The departments with the fiscal years each was responsible, within `period`
    /// ([`department_terms`]).
    pub fn department_terms(&self, period: &Period) -> Vec<DepartmentTerm<'a>> {
        department_terms(self.departments(), period)
    }

    /// The first and the last fiscal year the sheet has data for: an entry that is not empty, a
    /// span of its schedule, an indicator's value. An indicator's target is not counted: a
    /// final-year target says what is aimed at, not that anything was done that year. `None`
    /// when it has none.
    pub fn data_years(&self) -> Option<(FiscalYear, FiscalYear)> {
        let entries = self
            .years()
            .0
            .keys()
            .copied()
            .filter(|&fy| self.years().get(fy).is_some());
        let schedule = self.schedule().iter().flat_map(|s| [s.from, s.to]);
        let indicators = self
            .indicators()
            .iter()
            .flat_map(|i| i.values.keys().copied());
        let mut years = entries.chain(schedule).chain(indicators);
        let first = years.next()?;
        Some(years.fold((first, first), |(lo, hi), fy| (lo.min(fy), hi.max(fy))))
    }

    /// The fiscal years of `term` that the sheet has data for: the term cut to the sheet's
    /// first and last year with data ([`Sheet::data_years`]), so that a department is not shown
    /// responsible for years nothing is known of. The term as it is when the cut leaves nothing.
    pub fn term_with_data(&self, term: &DepartmentTerm<'_>) -> (FiscalYear, Option<FiscalYear>) {
        let Some((first, last)) = self.data_years() else {
            return (term.from, term.to);
        };
        let from = term.from.max(first);
        match term.to {
            Some(to) if from <= to.min(last) => (from, Some(to.min(last))),
            _ => (term.from, term.to),
        }
    }

    /// The names of the departments responsible in `fy`.
    pub fn departments_in(&self, fy: FiscalYear, period: &Period) -> Vec<&'a str> {
        self.department_terms(period)
            .into_iter()
            .filter(|t| t.from <= fy && t.to.is_some_and(|to| fy <= to))
            .map(|t| t.name)
            .collect()
    }
}

/// The terms of `departments`, within `period`, in list order: each from its `from` (the
/// period's first year when absent) to the year before the next later `from`. Names are trimmed
/// of spaces. A department whose `from` is after the period is its successor: its term has no end
/// within the period.
pub fn department_terms<'a>(
    departments: &'a [Department],
    period: &Period,
) -> Vec<DepartmentTerm<'a>> {
    let start = |d: &Department| d.from.unwrap_or(period.from).max(period.from);
    departments
        .iter()
        .map(|d| {
            let from = start(d);
            if from > period.to {
                return DepartmentTerm {
                    name: d.name.trim(),
                    division: d.division.as_deref().map(str::trim),
                    organization: d.organization.as_deref().map(str::trim),
                    reading: d.reading.as_deref().map(str::trim),
                    from,
                    to: None,
                };
            }
            let to = departments
                .iter()
                .map(start)
                .filter(|&next| next > from)
                .min()
                .map_or(period.to, |next| {
                    FiscalYear::new(i64::from(next.year()) - 1).unwrap_or(from)
                });
            DepartmentTerm {
                name: d.name.trim(),
                division: d.division.as_deref().map(str::trim),
                organization: d.organization.as_deref().map(str::trim),
                reading: d.reading.as_deref().map(str::trim),
                from,
                to: Some(to.min(period.to)),
            }
        })
        .collect()
}

impl Project {
    /// The project's sheets: one per part, or the project itself when it has none.
    pub fn sheets(&self) -> Vec<Sheet<'_>> {
        if self.parts.is_empty() {
            vec![Sheet {
                project: self,
                part: None,
            }]
        } else {
            self.parts
                .iter()
                .enumerate()
                .map(|(i, p)| Sheet {
                    project: self,
                    part: Some((i, p)),
                })
                .collect()
        }
    }

    /// The project as one sheet, ignoring parts (for what projects share: name, description).
    pub fn whole(&self) -> Sheet<'_> {
        Sheet {
            project: self,
            part: None,
        }
    }

    /// The number of the project in `placement`: its own there, else (for the original
    /// placement) the project's number.
    pub fn number_in(&self, placement: usize) -> Option<&str> {
        let own = self
            .placements
            .get(placement)
            .and_then(|p| p.number.as_deref());
        match (own, placement) {
            (Some(n), _) => Some(n),
            (None, 0) => self.number.as_deref(),
            (None, _) => None,
        }
    }

    /// Whether the project had ended by `fy` (its `ended.fy` is before `fy`).
    pub fn ended_before(&self, fy: FiscalYear) -> bool {
        self.ended.as_ref().is_some_and(|e| e.fy < fy)
    }

    /// The entry for `fy` of the project itself (not of its parts), if the year is not empty.
    pub fn year(&self, fy: FiscalYear) -> Option<&YearEntry> {
        self.years.get(fy)
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

    fn period() -> Period {
        Period {
            from: fy(2019),
            to: fy(2023),
        }
    }

    #[test]
    fn a_rename_ends_the_earlier_department_the_year_before() {
        let p = project(
            "id: x\nname: n\ndepartments:\n  - {name: 介護保険課}\n  - {name: 地域福祉課, from: 2020}\n  - {name: 生活支援課, from: 令和4年度}\n",
        );
        let terms: Vec<_> = p
            .whole()
            .department_terms(&period())
            .into_iter()
            .map(|t| (t.name, t.from.year(), t.to.map(FiscalYear::year)))
            .collect();
        assert_eq!(
            terms,
            [
                ("介護保険課", 2019, Some(2019)),
                ("地域福祉課", 2020, Some(2021)),
                ("生活支援課", 2022, Some(2023))
            ]
        );
        assert_eq!(
            p.whole().departments_in(fy(2021), &period()),
            ["地域福祉課"]
        );
    }

    #[test]
    fn a_successor_after_the_period_has_an_open_term() {
        let p = project(
            "id: x\nname: n\ndepartments:\n  - {name: 子育て支援課}\n  - {name: こども家庭センター, from: 2024}\n",
        );
        let terms = p.whole().department_terms(&period());
        assert_eq!(terms[0].to.map(FiscalYear::year), Some(2023));
        assert_eq!((terms[1].from.year(), terms[1].to), (2024, None));
        assert_eq!(
            p.whole().departments_in(fy(2023), &period()),
            ["子育て支援課"]
        );
    }

    #[test]
    fn departments_with_the_same_start_share_the_project() {
        let p = project(
            "id: x\nname: n\ndepartments:\n  - {name: 収納課}\n  - {name: 債権回収対策室}\n",
        );
        assert_eq!(
            p.whole().departments_in(fy(2023), &period()),
            ["収納課", "債権回収対策室"]
        );
    }

    #[test]
    fn the_same_year_written_twice_is_an_error() {
        let err = serde_yaml::from_str::<Project>(
            "id: x\nname: n\nyears:\n  2019: {results: a}\n  令和元年度: {results: b}\n",
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
    fn parts_are_sheets_that_inherit_what_they_leave_out() {
        let p = project(
            "id: x\nname: n\ndepartments: [{name: 地域福祉課}]\nparts:\n  - label: 取組事例①\n    years: {2023: {rating: A}}\n  - label: 取組事例②\n    departments: [{name: 学校教育課}]\n    years: {2023: {rating: Ｂ}}\n",
        );
        let sheets = p.sheets();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].departments()[0].name, "地域福祉課");
        assert_eq!(sheets[1].departments()[0].name, "学校教育課");
        assert_eq!(sheets[1].year_rating(fy(2023)), Some("Ｂ"));
        assert_eq!(sheets[1].path_prefix(), "parts.1.");
    }

    #[test]
    fn placements_are_ids_or_maps_with_their_own_number() {
        let p = project(
            "id: x\nnumber: ６\nname: n\nplacements:\n  - s1-1-1\n  - {policy: s1-2-1, number: ３, variants: [{path: name, text: 別表記}]}\n",
        );
        assert_eq!(p.number_in(0), Some("６"));
        assert_eq!(p.number_in(1), Some("３"));
        assert_eq!(p.placements[1].variants[0].text, "別表記");
    }

    #[test]
    fn empty_years_are_kept_as_empty() {
        let p = project(
            "id: x\nname: n\nyears:\n  2019: {results: a}\n  2020: ~\n  2021: {results: '', rating: ~}\n",
        );
        assert!(p.year(fy(2019)).is_some());
        assert!(p.year(fy(2020)).is_none());
        assert!(p.year(fy(2021)).is_none());
        assert!(p.years.0.contains_key(&fy(2020)));
    }
}
