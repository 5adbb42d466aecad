//! The checks of one project file against its plan: its id and file name, placements under the
//! plan's policies, departments, and each sheet's fiscal years, ratings, statuses, indicators
//! and directions.

use super::file_check::FileCheck;
use super::{code_problem, id_problem, outside_period_message, shown_id};
use crate::diagnostics::{Code, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::model::number::in_range;
use crate::model::{Period, Plan, PlanData, Project, Scale, Sheet};

/// Checks `project` (read from `check`'s file) against its plan `data`; `policy_ids` are the
/// ids of the plan's policy nodes.
pub(super) fn check_project(
    data: &PlanData,
    project: &Project,
    policy_ids: &[&str],
    check: &mut FileCheck<'_>,
) {
    let plan = &data.plan;
    let period = plan.period;
    let stem = check
        .file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(problem) = id_problem(&project.id) {
        check.error(
            Code::BadId,
            "id",
            format!(
                "`{}` cannot be used as a project id: {problem}",
                shown_id(&project.id)
            ),
            None,
        );
    } else if project.id != stem {
        check.error(
            Code::BadId,
            "id",
            format!(
                "the id `{}` differs from the file name `{stem}`",
                project.id
            ),
            Some(format!(
                "rename the file to {}.yaml or change the id",
                project.id
            )),
        );
    }

    for (i, placement) in project.placements.iter().enumerate() {
        let policy = placement.policy.as_str();
        if !policy_ids.contains(&policy) {
            let hint = match did_you_mean(policy, policy_ids.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the plan's policy ids are: {}", policy_ids.join(", ")),
            };
            check.error(
                Code::UnknownPolicy,
                &format!("placements.{i}.policy"),
                format!("the plan has no policy `{policy}`"),
                Some(hint),
            );
        }
        for (j, variant) in placement.variants.iter().enumerate() {
            if check.map().value(&variant.path).is_none() {
                check.error(
                    Code::UnknownPath,
                    &format!("placements.{i}.variants.{j}.path"),
                    format!(
                        "this file has no `{}` for the variant to differ from",
                        variant.path
                    ),
                    Some(
                        "write the dotted path of the original reading, e.g. years.2023.outcome"
                            .to_string(),
                    ),
                );
            }
        }
    }

    if !project.parts.is_empty() {
        let whole = project.whole();
        for (key, present) in [
            ("years", !project.years.0.is_empty()),
            ("rating", whole.rating().is_some()),
            ("evaluation", whole.evaluation().is_some()),
            ("direction", whole.direction().is_some()),
        ] {
            if present {
                check.error(
                    Code::MisplacedField,
                    key,
                    format!("`{key}` belongs in each part when a project has parts"),
                    Some(format!("move `{key}` into the part it belongs to")),
                );
            }
        }
    }
    for sheet in project.sheets() {
        check_sheet(plan, &sheet, check);
    }

    if let Some(direction) = project.direction.as_deref() {
        check_direction(plan, direction, "direction", check);
    }
    for (key, milestone) in [
        ("added", &project.added),
        ("ended", &project.ended),
        ("completed", &project.completed),
    ] {
        if let Some(m) = milestone {
            check_year_in_period(m.fy, &format!("{key}.fy"), &period, check);
        }
    }
}

/// Checks what a sheet holds: departments, schedule, indicators, years, ratings and statuses.
fn check_sheet(plan: &Plan, sheet: &Sheet<'_>, check: &mut FileCheck<'_>) {
    let period = plan.period;
    let at = sheet.path_prefix();
    // Departments written but unreadable (a wrong type) were reported when the file was read.
    // (Looked up only when there are none: finding a key reads the file's layout.)
    if sheet.departments().is_empty()
        && check.map().key(&format!("{at}departments")).is_none()
        && check.map().key("departments").is_none()
    {
        let (path, hint) = match sheet.part {
            Some(_) => (
                format!("{at}label"),
                "add `departments:` to the part or to the project",
            ),
            None => (
                "name".to_string(),
                "add `departments:` with `- name: <担当課>`",
            ),
        };
        check.error(
            Code::MissingField,
            &path,
            "a project needs at least one department".to_string(),
            Some(hint.to_string()),
        );
    }
    let own_departments = match sheet.part {
        Some((_, part)) => part.departments.as_slice(),
        None => sheet.project.departments.as_slice(),
    };
    for (i, department) in own_departments.iter().enumerate() {
        if department.name.trim().is_empty() {
            check.error(
                Code::MissingField,
                &format!("{at}departments.{i}.name"),
                "the department has no name".to_string(),
                None,
            );
        }
        if let Some(fy) = department.from {
            // A successor named for after the period is allowed; before the period is not.
            if fy < period.from {
                check.error(
                    Code::YearOutsidePeriod,
                    &format!("{at}departments.{i}.from"),
                    outside_period_message(fy, &period),
                    None,
                );
            }
        }
    }

    let own_schedule = match sheet.part {
        Some((_, part)) => part.schedule.as_slice(),
        None => sheet.project.schedule.as_slice(),
    };
    for (i, span) in own_schedule.iter().enumerate() {
        let path = format!("{at}schedule.{i}");
        if span.from > span.to {
            check.error(
                Code::WrongType,
                &format!("{path}.to"),
                format!(
                    "the span ends ({}) before it starts ({})",
                    span.to.year(),
                    span.from.year()
                ),
                None,
            );
        }
        check_year_in_period(span.from, &format!("{path}.from"), &period, check);
        check_year_in_period(span.to, &format!("{path}.to"), &period, check);
    }

    let own_indicators = match sheet.part {
        Some((_, part)) => part.indicators.as_slice(),
        None => sheet.project.indicators.as_slice(),
    };
    for (i, indicator) in own_indicators.iter().enumerate() {
        let path = format!("{at}indicators.{i}");
        for (&fy, target) in &indicator.targets {
            if outside(fy, &period) {
                check.error_at_year_key(
                    Code::YearOutsidePeriod,
                    &format!("{path}.targets"),
                    fy,
                    outside_period_message(fy, &period),
                );
            }
            if let Some(number) = target.number.filter(|&n| !in_range(n)) {
                let key = check
                    .year_key(&format!("{path}.targets"), fy)
                    .map_or_else(|| fy.year().to_string(), |(key, _)| key);
                out_of_range(check, &format!("{path}.targets.{key}.number"), number);
            }
        }
        if let Some(number) = indicator
            .baseline
            .as_ref()
            .and_then(|b| b.number)
            .filter(|&n| !in_range(n))
        {
            out_of_range(check, &format!("{path}.baseline.number"), number);
        }
        for (&fy, value) in &indicator.values {
            if outside(fy, &period) {
                check.error_at_year_key(
                    Code::YearOutsidePeriod,
                    &format!("{path}.values"),
                    fy,
                    outside_period_message(fy, &period),
                );
            }
            if let Some(number) = value.numbers.iter().flatten().find(|&&n| !in_range(n)) {
                let key = check
                    .year_key(&format!("{path}.values"), fy)
                    .map_or_else(|| fy.year().to_string(), |(key, _)| key);
                out_of_range(check, &format!("{path}.values.{key}.numbers"), *number);
            }
            if value.numbers.len() > indicator.series_count() {
                let key = check
                    .year_key(&format!("{path}.values"), fy)
                    .map_or_else(|| fy.year().to_string(), |(key, _)| key);
                check.error(
                    Code::WrongType,
                    &format!("{path}.values.{key}.numbers"),
                    format!(
                        "{} numbers for {} series",
                        value.numbers.len(),
                        indicator.series_count()
                    ),
                    Some(
                        "give one number per series (`series:`), ~ where a value is not a number"
                            .to_string(),
                    ),
                );
            }
        }
    }

    let scale = match sheet.scale() {
        Some(id) => match plan.scale(id) {
            Some(scale) => Some(scale),
            None => {
                let ids: Vec<&str> = plan.scales.iter().map(|s| s.id.as_str()).collect();
                check.error(
                    Code::UnknownScale,
                    &format!("{at}scale"),
                    format!("the plan has no scale `{id}`"),
                    Some(format!("the scales are: {}", ids.join(", "))),
                );
                None
            }
        },
        None => plan.rating_scale(),
    };
    let years_path = format!("{at}years");
    for (&fy, entry) in &sheet.years().0 {
        if outside(fy, &period) {
            check.error_at_year_key(
                Code::YearOutsidePeriod,
                &years_path,
                fy,
                outside_period_message(fy, &period),
            );
        }
        let Some(entry) = entry else { continue };
        // The year as written (2019, 令和元年度 …) is looked up only for a problem's path.
        let entry_path = |check: &mut FileCheck<'_>, field: &str| {
            let key = check
                .year_key(&years_path, fy)
                .map_or_else(|| fy.year().to_string(), |(key, _)| key);
            format!("{years_path}.{key}.{field}")
        };
        if let (Some(rating), Some(scale)) = (entry.rating.as_deref(), scale)
            && let Some((message, hint)) = code_problem(scale, rating, Code::UnknownRating)
        {
            let path = entry_path(check, "rating");
            check.error(Code::UnknownRating, &path, message, Some(hint));
        }
        if let Some(status) = entry.status.as_deref() {
            match plan.status_scale() {
                Some(statuses) => {
                    if let Some((message, hint)) =
                        code_problem(statuses, status, Code::UnknownStatus)
                    {
                        let path = entry_path(check, "status");
                        check.error(Code::UnknownStatus, &path, message, Some(hint));
                    }
                }
                None => {
                    let path = entry_path(check, "status");
                    check.error(
                        Code::UnknownScale,
                        &path,
                        "the plan has no status scale for `status:`".to_string(),
                        Some("name one with `status_scale:` in plan.yaml".to_string()),
                    );
                }
            }
        }
    }
    if let (Some(rating), Some(scale)) = (sheet.rating(), scale) {
        check_code(
            scale,
            rating,
            &format!("{at}rating"),
            Code::UnknownRating,
            check,
        );
    }
    if let (Some(_), Some(direction)) = (sheet.part, sheet.direction()) {
        check_direction(plan, direction, &format!("{at}direction"), check);
    }
}

fn check_direction(plan: &Plan, direction: &str, path: &str, check: &mut FileCheck<'_>) {
    if !plan.directions.is_empty() && !plan.directions.iter().any(|d| d == direction) {
        check.error(
            Code::UnknownDirection,
            path,
            format!("`{direction}` is not one of the plan's directions"),
            Some(format!("write one of: {}", plan.directions.join(", "))),
        );
    }
}

/// Checks that `printed` is a code (or a "not rated" mark) of `scale`.
fn check_code(scale: &Scale, printed: &str, path: &str, code: Code, check: &mut FileCheck<'_>) {
    if let Some((message, hint)) = code_problem(scale, printed, code) {
        check.error(code, path, message, Some(hint));
    }
}

/// Whether `fy` is outside `period`. A period that ends before it starts is the plan's own
/// error, reported once there, not again for every year of every project.
fn outside(fy: FiscalYear, period: &Period) -> bool {
    period.from <= period.to && !period.contains(fy)
}

fn check_year_in_period(fy: FiscalYear, path: &str, period: &Period, check: &mut FileCheck<'_>) {
    if outside(fy, period) {
        check.error(
            Code::YearOutsidePeriod,
            path,
            outside_period_message(fy, period),
            None,
        );
    }
}

/// Reports `number`, written at `path`, as out of the range mieruka reads and draws.
fn out_of_range(check: &mut FileCheck<'_>, path: &str, number: f64) {
    check.error(
        Code::NumberOutOfRange,
        path,
        format!("the number {number:e} is out of range: numbers are read up to 10^15"),
        Some("check for extra digits, or write the value as text".to_string()),
    );
}
