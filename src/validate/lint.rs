//! Warnings: what is allowed but probably a mistake. They never stop a build; `mieruka check
//! --deny-warnings` makes them fail a check.
//!
//! A warning that a staff member has looked at and found right is marked on the line it points
//! at with a comment, `# mieruka: allow <code>` (several codes separated by commas), and is then
//! left out and only counted.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::load::Loaded;
use crate::model::scale::contrast_with_white;
use crate::model::{Department, PlanData, Project, Sheet};
use crate::validate::file_check::FileCheck;
use crate::validate::look_alike_problem;

/// The comment that marks a warning as reviewed: `# mieruka: allow single-department`.
pub const ALLOW_MARKER: &str = "mieruka: allow";

/// The warnings of a loaded site, without those whose line allows them (counted instead).
pub fn lint(loaded: &Loaded) -> Diagnostics {
    let mut warnings = Diagnostics::default();
    let departments = department_counts(loaded);
    let names: Vec<DepartmentKey<'_>> = departments.keys().copied().collect();
    let mut keep = |check: FileCheck<'_>| {
        for mut warning in check.into_diagnostics() {
            if is_allowed(&warning) {
                warnings.count_allowed();
                continue;
            }
            let allow = format!(
                "if it is right as it is, end the line with `# {ALLOW_MARKER} {}`",
                warning.code.as_str()
            );
            warning.hint = Some(match warning.hint.take() {
                Some(hint) => format!("{hint}\n{allow}"),
                None => allow,
            });
            warnings.push(warning);
        }
    };
    for (data, sources) in loaded.site.plans.iter().zip(&loaded.sources) {
        let mut check = FileCheck::new(&sources.plan);
        lint_plan(data, &mut check);
        keep(check);
        for (project, file) in data.projects.iter().zip(&sources.projects) {
            let mut check = FileCheck::new(file);
            lint_project(data, project, &departments, &names, &mut check);
            keep(check);
        }
    }
    warnings
}

/// The contrast a colour of a scale needs against the white of the charts: 3:1 for graphical
/// objects (WCAG 1.4.11).
const CHART_CONTRAST: f64 = 3.0;

/// Scale colours too light for the charts' bars.
fn lint_plan(data: &PlanData, check: &mut FileCheck<'_>) {
    for (s, scale) in data.plan.scales.iter().enumerate() {
        for (c, code) in scale.codes.iter().enumerate() {
            if let Some(ratio) = contrast_with_white(&code.color)
                && ratio < CHART_CONTRAST
            {
                // Rounded down, so that 2.99 does not read as the 3.0 it falls short of.
                let shown = (ratio * 10.0).floor() / 10.0;
                check.warning(
                    Code::LowContrastColor,
                    &format!("scales.{s}.codes.{c}.color"),
                    format!(
                        "the colour {} of `{}` has a contrast of {shown:.1}:1 against white; chart bars need 3:1",
                        code.color, code.code
                    ),
                    Some("choose a darker colour, e.g. \"#1b6e3a\", \"#2357a6\", \"#8a5a00\" or \"#b3261e\"".to_string()),
                );
            }
        }
    }
}

/// Whether the line `warning` points at allows its code with `# mieruka: allow <code>`.
fn is_allowed(warning: &Diagnostic) -> bool {
    let Some(line) = warning.source_line.as_deref() else {
        return false;
    };
    let Some((_, comment)) = line.rsplit_once('#') else {
        return false;
    };
    comment
        .trim()
        .strip_prefix(ALLOW_MARKER)
        .is_some_and(|codes| {
            codes
                .split([',', ' '])
                .any(|code| code.trim() == warning.code.as_str())
        })
}

/// A department as warnings tell departments apart: its organisation (the plan's municipality
/// unless it names another) and its name.
type DepartmentKey<'a> = (&'a str, &'a str);

/// The key of department `d` of a project of `plan`.
fn department_key<'a>(plan: &'a crate::model::Plan, d: &'a Department) -> DepartmentKey<'a> {
    let organization = d.organization.as_deref().unwrap_or(&plan.municipality);
    (organization.trim(), d.name.trim())
}

/// How many project files name each department, across all plans.
fn department_counts(loaded: &Loaded) -> HashMap<DepartmentKey<'_>, usize> {
    let mut counts: HashMap<DepartmentKey<'_>, usize> = HashMap::new();
    for data in &loaded.site.plans {
        for project in &data.projects {
            let mut seen: Vec<DepartmentKey<'_>> = Vec::new();
            for sheet in project.sheets() {
                for d in sheet.departments() {
                    let key = department_key(&data.plan, d);
                    if !seen.contains(&key) {
                        seen.push(key);
                        *counts.entry(key).or_default() += 1;
                    }
                }
            }
        }
    }
    counts
}

fn lint_project(
    data: &PlanData,
    project: &Project,
    departments: &HashMap<DepartmentKey<'_>, usize>,
    names: &[DepartmentKey<'_>],
    check: &mut FileCheck<'_>,
) {
    let plan = &data.plan;
    for sheet in project.sheets() {
        let at = sheet.path_prefix();
        let own = match sheet.part {
            Some((_, part)) => part.departments.as_slice(),
            None => project.departments.as_slice(),
        };
        for (i, d) in own.iter().enumerate() {
            let key = department_key(plan, d);
            let (organization, name) = key;
            // A department named once is common (a section with one project); it is worth a
            // warning only when another department's name in the same organisation is so close
            // that it may be a typo.
            let others = names
                .iter()
                .filter(|(o, n)| *o == organization && *n != name)
                .map(|(_, n)| *n);
            if departments.get(&key).copied().unwrap_or(0) == 1
                && let Some(best) = did_you_mean(name, others)
            {
                check.warning(
                    Code::SingleDepartment,
                    &format!("{at}departments.{i}.name"),
                    format!(
                        "the department `{name}` of {organization} appears in no other project of any plan"
                    ),
                    Some(format!("did you mean `{best}`?")),
                );
            }
        }
        lint_years(plan, &sheet, &at, check);
        lint_codes(plan, &sheet, &at, check);
        lint_indicators(&sheet, &at, check);
    }
    if let Some(page) = project.page.as_deref().filter(|p| has_full_width_digit(p)) {
        check.warning(
            Code::FullWidthNumber,
            "page",
            format!("the page number `{page}` is written with full-width digits"),
            Some("write it with half-width digits, e.g. 12".to_string()),
        );
    }
    for (i, placement) in project.placements.iter().enumerate() {
        for (j, variant) in placement.variants.iter().enumerate() {
            check.warning(
                Code::RelistedDrift,
                &format!("placements.{i}.variants.{j}.path"),
                format!(
                    "the re-listed copy under `{}` prints `{}` differently from the original",
                    placement.policy, variant.path
                ),
                Some("both readings are published; check which one the source means".to_string()),
            );
        }
    }
}

/// Years outside the shown years, stopped years marked achieved, full-width achievements.
fn lint_years(plan: &crate::model::Plan, sheet: &Sheet<'_>, at: &str, check: &mut FileCheck<'_>) {
    let shown = plan.shown_years();
    let years_path = format!("{at}years");
    let keys: Vec<(String, crate::diagnostics::Position)> = check
        .map()
        .keys_under(&format!("{years_path}."))
        .map(|(k, p)| (k.to_string(), p))
        .collect();
    for (key, position) in &keys {
        let Ok(fy) = key.parse::<FiscalYear>() else {
            continue;
        };
        if plan.period.contains(fy) && !shown.contains(fy) {
            check.warning_at(
                Code::YearOutsideCoverage,
                *position,
                format!(
                    "fiscal year {} ({}) is outside the years the plan shows ({}–{}); it will not appear on the pages",
                    fy.year(),
                    fy.wareki(),
                    shown.from.year(),
                    shown.to.year()
                ),
                Some("widen `coverage` in plan.yaml, or correct the year".to_string()),
            );
        }
        if has_full_width_digit(key) {
            check.warning_at(
                Code::FullWidthNumber,
                *position,
                format!("the fiscal year `{key}` is written with full-width digits"),
                Some(format!("write {}", fy.year())),
            );
        }
        let Some(entry) = sheet.years().get(fy) else {
            continue;
        };
        if let Some(achievement) = &entry.achievement {
            let path = format!("{years_path}.{key}.achievement");
            if has_full_width_digit(&achievement.text) {
                check.warning(
                    Code::FullWidthNumber,
                    &path,
                    format!(
                        "the achievement `{}` is written with full-width digits",
                        achievement.text
                    ),
                    Some("write the number with half-width digits, e.g. 60".to_string()),
                );
            }
            let texts = [
                &entry.results,
                &entry.outcome,
                &entry.next_steps,
                &entry.remarks,
            ];
            let stopped = texts
                .iter()
                .filter_map(|t| t.as_deref())
                .any(|t| t.contains("中止"));
            if stopped && achievement.value.is_some_and(|v| v >= 100.0) {
                check.warning(
                    Code::StoppedButAchieved,
                    &path,
                    format!(
                        "{}'s text says 中止 (stopped), but its achievement is {}",
                        fy.label(),
                        achievement.text
                    ),
                    Some("check the achievement rate, or the text".to_string()),
                );
            }
        }
    }
}

/// Ratings and statuses read as a code only through look-alike letters ([`look_alike_problem`]).
fn lint_codes(plan: &crate::model::Plan, sheet: &Sheet<'_>, at: &str, check: &mut FileCheck<'_>) {
    let ratings = sheet
        .scale()
        .map_or_else(|| plan.rating_scale(), |id| plan.scale(id));
    let statuses = plan.status_scale();
    let years_path = format!("{at}years");
    for (&fy, entry) in &sheet.years().0 {
        let Some(entry) = entry else { continue };
        for (field, printed, scale, code) in [
            ("rating", &entry.rating, ratings, Code::UnknownRating),
            ("status", &entry.status, statuses, Code::UnknownStatus),
        ] {
            let (Some(printed), Some(scale)) = (printed.as_deref(), scale) else {
                continue;
            };
            if let Some((message, hint)) = look_alike_problem(scale, printed, code) {
                let key = check
                    .year_key(&years_path, fy)
                    .map_or_else(|| fy.year().to_string(), |(k, _)| k);
                check.warning(
                    Code::LookAlikeCode,
                    &format!("{years_path}.{key}.{field}"),
                    message,
                    Some(hint),
                );
            }
        }
    }
    if let (Some(printed), Some(scale)) = (sheet.rating(), ratings)
        && let Some((message, hint)) = look_alike_problem(scale, printed, Code::UnknownRating)
    {
        check.warning(
            Code::LookAlikeCode,
            &format!("{at}rating"),
            message,
            Some(hint),
        );
    }
}

/// Indicators whose printed unit changes between years.
fn lint_indicators(sheet: &Sheet<'_>, at: &str, check: &mut FileCheck<'_>) {
    let own = match sheet.part {
        Some((_, part)) => part.indicators.as_slice(),
        None => sheet.project.indicators.as_slice(),
    };
    for (i, indicator) in own.iter().enumerate() {
        let mut previous: Option<(FiscalYear, &str)> = None;
        for (&fy, value) in &indicator.values {
            let Some(unit) = value.unit.as_deref() else {
                continue;
            };
            if let Some((before, old)) = previous
                && old != unit
            {
                let key = check
                    .year_key(&format!("{at}indicators.{i}.values"), fy)
                    .map_or_else(|| fy.year().to_string(), |(k, _)| k);
                check.warning(
                    Code::UnitChanged,
                    &format!("{at}indicators.{i}.values.{key}.unit"),
                    format!(
                        "the unit changes from `{old}` in {} to `{unit}` in {}",
                        before.wareki(),
                        fy.wareki()
                    ),
                    Some(
                        "values in different units are not comparable; say why in `note`"
                            .to_string(),
                    ),
                );
            }
            previous = Some((fy, unit));
        }
    }
}

/// Whether `text` has a full-width digit (０–９).
fn has_full_width_digit(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii_digit() && crate::text::is_digit(c))
}
