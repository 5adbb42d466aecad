//! A plan (計画) as kept in `content/<plan-id>/plan.yaml`: who publishes it, its period, the names
//! of its levels, its policy tree (施策体系), its rating scales and its directions.
//!
//! These are plain serde types; unknown keys are errors so that a typo never silently drops data.
//! Checks that need the whole plan live in [`crate::validate`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fiscal_year::FiscalYear;
use crate::model::notice::Notice;
use crate::model::scale::Scale;
use crate::model::text_or_number;

/// The plan file. Its id is the name of the folder it is in, not a field.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's id: the name of its folder under `content/` (set by the loader).
    #[serde(skip_deserializing)]
    pub id: String,
    /// The municipality that publishes the plan (自治体名), e.g. 本庄市.
    pub municipality: String,
    /// The plan's name (計画名).
    pub title: String,
    /// A second line of the name (第２期本庄市地域福祉計画・…).
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The plan's vision or slogan (基本理念), as printed.
    #[serde(default)]
    pub vision: Option<String>,
    /// The plan's principles (基本方針), in printed order.
    #[serde(default)]
    pub principles: Vec<Principle>,
    /// The fiscal years the plan covers.
    pub period: Period,
    /// The fiscal years the data covers, when fewer than the period (a report on FY2020–FY2022
    /// of a plan for FY2017–FY2025). Timelines and year pages show these years.
    #[serde(default)]
    pub coverage: Option<Period>,
    /// The published document the data was transcribed from.
    pub source: Source,
    /// Names of the levels of the policy tree, top down (重点施策, 施策の方向 …); `~` when the source
    /// gives a level no name.
    pub levels: Vec<Level>,
    /// What one project is called in this plan (事業, 取組, 取組項目).
    #[serde(default = "default_project_level")]
    pub project_level: String,
    /// The policy tree: top-level nodes with their children.
    #[serde(default)]
    pub policies: Vec<Policy>,
    /// Rating scales (評価), each best first.
    pub scales: Vec<Scale>,
    /// The id of the scale that projects' `rating:` uses; the first scale when absent.
    #[serde(default)]
    pub rating_scale: Option<String>,
    /// The id of the scale of the per-year `status:` (進捗状況), if the plan has statuses.
    #[serde(default)]
    pub status_scale: Option<String>,
    /// Whether re-listed placements (再掲) count again in summaries, as some cities count them.
    #[serde(default)]
    pub count_relisted: bool,
    /// The bands the achievement rate (達成率) is summarised in, best first; by default 100%以上,
    /// 50%以上100%未満, 50%未満 and 0%.
    #[serde(default = "default_achievement_bands")]
    pub achievement_bands: Vec<AchievementBand>,
    /// Decimals of the percentages in summaries (the city's rounding; half away from zero).
    #[serde(default = "default_percent_decimals")]
    pub percent_decimals: u8,
    /// How this plan heads each field on its pages.
    #[serde(default)]
    pub labels: Labels,
    /// The allowed values of a project's `direction:` (今後の方向性), e.g. 継続, 拡充, 廃止.
    #[serde(default)]
    pub directions: Vec<String>,
    /// A note on the data: what was inferred, what is ambiguous in the source.
    #[serde(default)]
    pub note: Option<String>,
    /// A notice every page of the plan shows near the top (where to get help now).
    #[serde(default)]
    pub notice: Option<Notice>,
    /// What kind of plan it is (自殺対策計画, 地域福祉計画): plans of one kind on a site are
    /// compared on a page of their own.
    #[serde(default)]
    pub kind: Option<String>,
    /// The date each fiscal year's results were published (`2023-09-29`), by fiscal year: the
    /// date of that year's entry in the plan's feed ([`Plan::results_date`]).
    #[serde(default)]
    pub published: BTreeMap<FiscalYear, String>,
}

fn default_project_level() -> String {
    "事業".to_string()
}

fn default_achievement_bands() -> Vec<AchievementBand> {
    [
        ("100%以上", 100.0, None, "#1b6e3a"),
        ("50%以上100%未満", 50.0, None, "#2357a6"),
        ("50%未満", 0.0, None, "#8a5a00"),
        ("0%", 0.0, Some(0.0), "#b3261e"),
    ]
    .into_iter()
    .map(|(label, min, max, color)| AchievementBand {
        label: label.to_string(),
        min,
        max,
        color: color.to_string(),
    })
    .collect()
}

fn default_percent_decimals() -> u8 {
    1
}

impl Plan {
    /// The scale used by projects' `rating:` — `rating_scale`, or the first scale.
    /// `None` only when the plan has no scales or names one it does not have (a validation error).
    pub fn rating_scale(&self) -> Option<&Scale> {
        match &self.rating_scale {
            Some(id) => self.scale(id),
            None => self.scales.first(),
        }
    }

    /// The scale of per-year statuses, if the plan has one.
    pub fn status_scale(&self) -> Option<&Scale> {
        self.status_scale.as_deref().and_then(|id| self.scale(id))
    }

    /// The scale with `id`.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// The fiscal years pages show: the coverage, else the period.
    pub fn shown_years(&self) -> Period {
        self.coverage.unwrap_or(self.period)
    }

    /// Every node of the policy tree, depth first, with its depth (0 = top level).
    pub fn policy_nodes(&self) -> Vec<(usize, &Policy)> {
        fn walk<'a>(nodes: &'a [Policy], depth: usize, out: &mut Vec<(usize, &'a Policy)>) {
            for node in nodes {
                out.push((depth, node));
                walk(&node.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.policies, 0, &mut out);
        out
    }

    /// The word projects are counted with: `labels.counter`, else what a project is called.
    pub fn project_counter(&self) -> &str {
        self.labels
            .counter
            .as_deref()
            .unwrap_or(&self.project_level)
    }

    /// The name of the level at `depth` (0 = top), if the source names it.
    pub fn level_name(&self, depth: usize) -> Option<&str> {
        self.levels.get(depth).and_then(|l| l.name.as_deref())
    }
}

/// One of the plan's principles, e.g. 「（１） 生きることの包括的な支援として推進する」.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Its number as printed, e.g. （１）.
    #[serde(default, deserialize_with = "text_or_number::optional")]
    #[schemars(schema_with = "crate::model::schema::text_or_number")]
    pub number: Option<String>,
    /// Its text.
    pub text: String,
}

/// A band of the achievement rate in summaries: the rates from `min` (in percent) up to `max`.
/// A rate is counted in the band with the highest `min` that holds it, a band with a `max`
/// before one without (so `0%` (min 0, max 0) is apart from `50%未満` (min 0)).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AchievementBand {
    /// What it is called on pages (100%以上).
    pub label: String,
    /// The lowest rate in it, in percent, included.
    pub min: f64,
    /// The highest rate in it, in percent, included; none when it has no upper end.
    #[serde(default)]
    pub max: Option<f64>,
    /// The colour of its tag and chart bar, as a CSS hex colour.
    pub color: String,
}

impl Plan {
    /// The date of fiscal year `fy`'s results in the plan's feed: the `published` date the plan
    /// gives, else 31 March after the fiscal year, the day the year it reports on ends. `None`
    /// when the given date is not a date (validation reports it).
    pub fn results_date(&self, fy: FiscalYear) -> Option<jiff::civil::Date> {
        match self.published.get(&fy) {
            Some(text) => text.trim().parse().ok(),
            None => jiff::civil::Date::new(i16::try_from(fy.year()).ok()? + 1, 3, 31).ok(),
        }
    }

    /// The band of the achievement rate `rate` (percent): see [`AchievementBand`]. `None` for a
    /// rate no band holds (below every `min`).
    pub fn achievement_band(&self, rate: f64) -> Option<&AchievementBand> {
        self.achievement_bands
            .iter()
            .filter(|b| b.min <= rate && b.max.is_none_or(|max| rate <= max))
            .max_by(|a, b| {
                a.min
                    .total_cmp(&b.min)
                    .then(a.max.is_some().cmp(&b.max.is_some()))
            })
    }
}

/// The fiscal years a plan covers, both ends included (FY = Gregorian start year).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first fiscal year.
    pub from: FiscalYear,
    /// The last fiscal year.
    pub to: FiscalYear,
}

impl Period {
    /// Whether `fy` is in the period.
    pub fn contains(&self, fy: FiscalYear) -> bool {
        self.from <= fy && fy <= self.to
    }

    /// Every fiscal year of the period, in order.
    pub fn years(&self) -> impl Iterator<Item = FiscalYear> {
        FiscalYear::range(self.from, self.to)
    }

    /// `令和元年度（2019年度）～令和5年度（2023年度）`.
    pub fn label(&self) -> String {
        format!("{}～{}", self.from.label(), self.to.label())
    }
}

/// The published document a plan's data comes from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's file name or identifier, e.g. `000_15331aebef2b7b79.txt`.
    pub document: String,
    /// Its printed title, e.g. 資料３－１.
    #[serde(default)]
    pub title: Option<String>,
    /// Where it is published.
    #[serde(default)]
    pub url: Option<String>,
}

/// The name of one level of the policy tree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The name (重点施策), or `None` where the source gives the level no name.
    pub name: Option<String>,
}

/// A node of the policy tree (施策): a priority measure, an area, a direction …
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Stable ASCII id, unique in the plan; projects refer to it in `policies:`.
    pub id: String,
    /// The display number as printed: （1）, ①, 1-2.
    #[serde(default, deserialize_with = "text_or_number::optional")]
    #[schemars(schema_with = "crate::model::schema::text_or_number")]
    pub number: Option<String>,
    /// The node's name.
    pub name: String,
    /// A longer description (Markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Labelled texts printed for the node (取り組み目標, 主な取り組み).
    #[serde(default)]
    pub details: Vec<Detail>,
    /// Notes printed on the node (R4以降見直しあり), as printed.
    #[serde(default)]
    pub remarks: Vec<String>,
    /// A note on the data.
    #[serde(default)]
    pub note: Option<String>,
    /// Child nodes, one level down.
    #[serde(default)]
    pub children: Vec<Policy>,
}

/// A labelled text printed for a policy node.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Detail {
    /// Its heading as printed (取り組み目標).
    pub label: String,
    /// The text (Markdown).
    pub text: String,
}

/// How a plan heads the fields of its projects on its pages; each has a generic default.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// `description` (実施内容, 概要, 取組内容).
    pub description: String,
    /// `schedule` (年次計画).
    pub schedule: String,
    /// `years.*.plan` (計画, 実施計画).
    pub plan: String,
    /// `years.*.results` (実施状況, 具体的な取組内容).
    pub results: String,
    /// `years.*.outcome` (成果).
    pub outcome: String,
    /// `years.*.next_steps` (今後の方針).
    pub next_steps: String,
    /// `remarks` (備考).
    pub remarks: String,
    /// `evaluation` (取り組みへの評価、課題や今後の方針等).
    pub evaluation: String,
    /// `years.*.achievement` (達成率).
    pub achievement: String,
    /// `page` (計画書のページ).
    pub page: String,
    /// The word projects are counted with (件, 事業); what a project is called
    /// (`project_level`) when absent.
    pub counter: Option<String>,
    /// What the policy tree is called (施策体系, 計画の体系).
    pub tree: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            description: "実施内容".to_string(),
            schedule: "年次計画".to_string(),
            plan: "計画".to_string(),
            results: "実施状況".to_string(),
            outcome: "成果".to_string(),
            next_steps: "今後の方針".to_string(),
            remarks: "備考".to_string(),
            evaluation: "評価・今後の方針".to_string(),
            achievement: "達成率".to_string(),
            page: "計画書のページ".to_string(),
            counter: None,
            tree: "施策体系".to_string(),
        }
    }
}
