//! The data model: what a site's files hold, as plain serde types.
//!
//! [`Site`] is everything loaded from one root folder: the configuration from `site.toml` and each
//! plan with its projects. It is built by [`crate::load`] and checked by [`crate::validate`];
//! nothing here reads files or knows about pages.

pub mod indicator;
pub mod notice;
pub mod number;
pub mod plan;
pub mod project;
pub mod scale;
pub mod schema;

pub use indicator::{Baseline, Indicator, Series, Target, Value};
pub use notice::{Contact, Notice};
pub use plan::{AchievementBand, Detail, Labels, Level, Period, Plan, Policy, Principle, Source};
pub use project::{
    Department, DepartmentTerm, Milestone, Part, Placement, Project, ScheduleSpan, Sheet, Variant,
    YearEntry, YearField, Years,
};
pub use scale::{Scale, ScaleCode};

use crate::config::SiteConfig;

/// Everything loaded from one root folder.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.toml`.
    pub config: SiteConfig,
    /// The plans, ordered by id.
    pub plans: Vec<PlanData>,
}

/// One plan and its projects.
#[derive(Debug, Clone)]
pub struct PlanData {
    /// `plan.yaml`.
    pub plan: Plan,
    /// The project files, ordered by id.
    pub projects: Vec<Project>,
}

/// Deserialisers for fields that staff may write as text or as a number (`number: 1` or
/// `number: "1"`); both are kept as the text.
pub(crate) mod text_or_number {
    use std::fmt;

    use serde::Deserializer;
    use serde::de::{self, Visitor};

    struct TextOrNumber;

    impl Visitor<'_> for TextOrNumber {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text or a number")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    /// An optional field written as text or a number.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        struct OptionalTextOrNumber;

        impl<'de> Visitor<'de> for OptionalTextOrNumber {
            type Value = Option<String>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text or a number")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(TextOrNumber).map(Some)
            }
        }

        d.deserialize_option(OptionalTextOrNumber)
    }
}
