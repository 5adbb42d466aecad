//! Checks that need more than one field or more than one file: ids, references to policy nodes,
//! rating codes and directions against the plan's scales, fiscal years against the plan's period
//! (errors, here), and what is probably a mistake (warnings, in [`lint`]).
//!
//! Every problem is reported with the line and column of the offending key or value, found with a
//! source map built only for files that have a problem.

mod file_check;
pub mod lint;

use file_check::FileCheck;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostics, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::load::Loaded;
use crate::model::scale::is_hex_color;
use crate::model::{Period, Plan, PlanData, Policy, Project, Scale, Sheet};

/// The longest id accepted; ids become file names and URLs.
pub const MAX_ID_LEN: usize = 64;

/// Checks a loaded site; returns every problem found (empty when all is well).
pub fn validate(loaded: &Loaded) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for plan in 0..loaded.site.plans.len() {
        diagnostics.extend(validate_plan(loaded, plan));
    }
    diagnostics
}

/// Checks the `plan`th plan of a loaded site (its `plan.yaml` and project files); returns every
/// problem found. A plan's checks read nothing of the other plans, so a site whose files
/// changed in one plan only needs that plan checked again.
///
/// # Panics
/// When `plan` is not an index into `loaded.site.plans`.
pub fn validate_plan(loaded: &Loaded, plan: usize) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let (data, sources) = (&loaded.site.plans[plan], &loaded.sources[plan]);
    let mut plan_check = FileCheck::new(&sources.plan);
    check_plan(&data.plan, &mut plan_check);
    diagnostics.extend(plan_check.into_diagnostics());

    let policy_ids: Vec<&str> = data
        .plan
        .policy_nodes()
        .into_iter()
        .map(|(_, p)| p.id.as_str())
        .collect();
    // Each project is checked on its own (in parallel); ids shared within the plan after.
    let mut checks: Vec<FileCheck<'_>> = data
        .projects
        .par_iter()
        .zip(&sources.projects)
        .map(|(project, file)| {
            let mut check = FileCheck::new(file);
            check_project(data, project, &policy_ids, &mut check);
            check
        })
        .collect();
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for ((project, file), check) in data.projects.iter().zip(&sources.projects).zip(&mut checks) {
        if let Some(first) = seen.insert(project.id.as_str(), file.path.as_path()) {
            check.error(
                Code::DuplicateId,
                "id",
                format!(
                    "project id `{}` is also used by {} in the same folder",
                    project.id,
                    first.file_name().map_or_else(
                        || first.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    )
                ),
                Some("give each project its own id".to_string()),
            );
        }
    }
    for check in checks {
        diagnostics.extend(check.into_diagnostics());
    }
    diagnostics
}

/// `id` as a message shows it: a very long one cut to its first 40 characters.
pub fn shown_id(id: &str) -> String {
    let count = id.chars().count();
    if count <= 40 {
        id.to_string()
    } else {
        let head: String = id.chars().take(40).collect();
        format!("{head}…({count} characters)")
    }
}

/// Why `id` cannot be used as an id, or `None` when it can: lower-case ASCII letters, digits,
/// `-` and `_`, starting with a letter or digit, at most [`MAX_ID_LEN`] characters, not a name
/// Windows reserves.
pub fn id_problem(id: &str) -> Option<String> {
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let reserved = RESERVED.contains(&id)
        || ((id.starts_with("com") || id.starts_with("lpt"))
            && id.len() == 4
            && id.as_bytes()[3].is_ascii_digit());
    if id.is_empty() {
        Some("an id cannot be empty".to_string())
    } else if id.chars().count() > MAX_ID_LEN {
        Some(format!("an id can have at most {MAX_ID_LEN} characters"))
    } else if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        Some("an id may only use a–z, 0–9, `-` and `_`".to_string())
    } else if !id.as_bytes()[0].is_ascii_alphanumeric() {
        Some("an id must start with a letter or a digit".to_string())
    } else if reserved {
        Some(format!("`{id}` is a name Windows reserves for devices"))
    } else {
        None
    }
}

fn check_plan(plan: &Plan, check: &mut FileCheck<'_>) {
    if let Some(url) = plan.source.url.as_deref()
        && !crate::config::is_web_url(url)
    {
        check.error(
            Code::WrongType,
            "source.url",
            format!("`{url}` is not a web address"),
            Some("write an address that starts with https://".to_string()),
        );
    }
    if let Some(problem) = id_problem(&plan.id) {
        check.error(
            Code::BadId,
            "",
            format!(
                "the plan folder name `{}` cannot be used as a plan id: {problem}",
                shown_id(&plan.id)
            ),
            Some("rename the folder under content/".to_string()),
        );
    }
    if plan.period.from > plan.period.to {
        check.error(
            Code::BadPlan,
            "period",
            format!(
                "the period ends ({}) before it starts ({})",
                plan.period.to.year(),
                plan.period.from.year()
            ),
            None,
        );
    }

    if let Some(coverage) = plan.coverage
        && (!plan.period.contains(coverage.from)
            || !plan.period.contains(coverage.to)
            || coverage.from > coverage.to)
    {
        check.error(
            Code::BadPlan,
            "coverage",
            format!(
                "the coverage {}–{} is not a span within the period {}–{}",
                coverage.from.year(),
                coverage.to.year(),
                plan.period.from.year(),
                plan.period.to.year()
            ),
            None,
        );
    }
    if plan.percent_decimals > 4 {
        check.error(
            Code::BadPlan,
            "percent_decimals",
            "percentages can have at most 4 decimals".to_string(),
            None,
        );
    }
    if let Some(id) = &plan.status_scale
        && plan.status_scale().is_none()
    {
        let ids: Vec<&str> = plan.scales.iter().map(|s| s.id.as_str()).collect();
        check.error(
            Code::UnknownScale,
            "status_scale",
            format!("there is no scale `{id}`"),
            Some(format!("the scales are: {}", ids.join(", "))),
        );
    }

    let nodes = plan.policy_nodes();
    let depth = nodes.iter().map(|(d, _)| d + 1).max().unwrap_or(0);
    if depth > plan.levels.len() {
        check.error(
            Code::BadPlan,
            "levels",
            format!(
                "the policy tree is {depth} levels deep but `levels` names {}",
                plan.levels.len()
            ),
            Some(
                "add one entry to `levels` per level (`- name: ~` for a level without a name)"
                    .to_string(),
            ),
        );
    }
    let mut ids = HashSet::new();
    check_policies(&plan.policies, "policies", &mut ids, check);

    if plan.scales.is_empty() {
        check.error(
            Code::MissingField,
            "scales",
            "the plan has no rating scale".to_string(),
            Some("add `scales:` with at least one scale and its codes".to_string()),
        );
    }
    let mut scale_ids = HashSet::new();
    for (i, scale) in plan.scales.iter().enumerate() {
        let path = format!("scales.{i}");
        if let Some(problem) = id_problem(&scale.id) {
            check.error(Code::BadId, &format!("{path}.id"), problem, None);
        }
        if !scale_ids.insert(scale.id.as_str()) {
            check.error(
                Code::DuplicateId,
                &format!("{path}.id"),
                format!("scale id `{}` is used twice", scale.id),
                None,
            );
        }
        let mut codes = HashSet::new();
        for (j, code) in scale.codes.iter().enumerate() {
            let code_path = format!("{path}.codes.{j}");
            if code.code.trim().is_empty() || !codes.insert(code.code.as_str()) {
                check.error(
                    Code::DuplicateId,
                    &format!("{code_path}.code"),
                    format!(
                        "rating code `{}` is empty or used twice in scale `{}`",
                        code.code, scale.id
                    ),
                    None,
                );
            }
            if scale.is_not_rated(&code.code) {
                check.error(
                    Code::DuplicateId,
                    &format!("{code_path}.code"),
                    format!(
                        "`{}` is both a code and a \"not rated\" mark of scale `{}`",
                        code.code, scale.id
                    ),
                    None,
                );
            }
            if !is_hex_color(&code.color) {
                check.error(
                    Code::WrongType,
                    &format!("{code_path}.color"),
                    format!("`{}` is not a colour", code.color),
                    Some("write a CSS hex colour such as \"#1b6e3a\" (in quotes)".to_string()),
                );
            }
        }
    }
    if let Some(id) = &plan.rating_scale
        && plan.rating_scale().is_none()
    {
        let ids: Vec<&str> = plan.scales.iter().map(|s| s.id.as_str()).collect();
        check.error(
            Code::UnknownScale,
            "rating_scale",
            format!("there is no scale `{id}`"),
            Some(format!("the scales are: {}", ids.join(", "))),
        );
    }
}

fn check_policies<'p>(
    nodes: &'p [Policy],
    path: &str,
    ids: &mut HashSet<&'p str>,
    check: &mut FileCheck<'_>,
) {
    for (i, node) in nodes.iter().enumerate() {
        let node_path = format!("{path}.{i}");
        if let Some(problem) = id_problem(&node.id) {
            check.error(Code::BadId, &format!("{node_path}.id"), problem, None);
        }
        if !ids.insert(node.id.as_str()) {
            check.error(
                Code::DuplicateId,
                &format!("{node_path}.id"),
                format!("policy id `{}` is used twice", node.id),
                Some("every node of the policy tree needs its own id".to_string()),
            );
        }
        check_policies(&node.children, &format!("{node_path}.children"), ids, check);
    }
}

fn check_project(
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
        for &fy in indicator.targets.keys() {
            if outside(fy, &period) {
                check.error_at_year_key(
                    Code::YearOutsidePeriod,
                    &format!("{path}.targets"),
                    fy,
                    outside_period_message(fy, &period),
                );
            }
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

/// The message and hint when `printed` is neither a code nor a "not rated" mark of `scale`;
/// `code` tells a rating ([`Code::UnknownRating`]) from a status.
fn code_problem(scale: &Scale, printed: &str, code: Code) -> Option<(String, String)> {
    if scale.find(printed).is_some() || scale.is_not_rated(printed) {
        return None;
    }
    let what = if code == Code::UnknownStatus {
        "status"
    } else {
        "rating"
    };
    Some((
        format!(
            "`{printed}` is not a code of the {what} scale `{}` ({})",
            scale.id, scale.name
        ),
        format!("the codes are: {}", scale.code_list()),
    ))
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

/// The message for a fiscal year outside the plan's period, the same wherever a year is refused
/// (a project file, an imported row, `mieruka new-year`): "fiscal year 2030 (令和12年度) is
/// outside the plan period 2019–2023".
pub fn outside_period_message(fy: FiscalYear, period: &Period) -> String {
    format!(
        "fiscal year {} ({}) is outside the plan period {}–{}",
        fy.year(),
        fy.wareki(),
        period.from.year(),
        period.to.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_lower_case_ascii_and_safe_as_file_names() {
        assert_eq!(id_problem("j1-1-01"), None);
        assert_eq!(id_problem("new_02"), None);
        for bad in [
            "", "../x", "a/b", "a\\b", ".hidden", "-x", "Abc", "老人", "con", "com1", "a\0b",
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?} was accepted");
        }
        assert!(id_problem(&"a".repeat(65)).is_some());
        assert_eq!(id_problem("console"), None);
    }
}
