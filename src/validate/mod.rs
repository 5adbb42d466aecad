//! Checks that need more than one field or more than one file: ids, references to policy nodes,
//! rating codes and directions against the plan's scales, fiscal years against the plan's period
//! (errors: of the plan's own file in `plan`, of each project file in `project`), and what is
//! probably a mistake (warnings, in [`lint`]).
//!
//! Every problem is reported with the line and column of the offending key or value, found with a
//! source map built only for files that have a problem.

mod file_check;
pub mod lint;
mod plan;
mod project;

use file_check::FileCheck;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostics};
use crate::fiscal_year::FiscalYear;
use crate::load::Loaded;
use crate::model::scale::{How, char_name};
use crate::model::{Period, Scale};

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
    plan::check_plan(&data.plan, &mut plan_check);
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
            project::check_project(data, project, &policy_ids, &mut check);
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

/// The message and hint when `printed` is read as a code of `scale` only because letters of
/// another script look like the code's Latin letters ([`How::LookAlike`]): which code, and the
/// name of each letter. `None` when it is read any other way, or not at all. `code` tells a
/// rating ([`Code::UnknownRating`]) from a status.
pub fn look_alike_problem(scale: &Scale, printed: &str, code: Code) -> Option<(String, String)> {
    let reading = scale.read(printed)?;
    let How::LookAlike(letters) = reading.how else {
        return None;
    };
    let what = if code == Code::UnknownStatus {
        "status"
    } else {
        "rating"
    };
    let names: Vec<String> = letters
        .iter()
        .map(|&c| format!("`{c}` is {}", char_name(c)))
        .collect();
    Some((
        format!(
            "`{}` is read as the code `{}` of the {what} scale `{}` ({}), but {}, not a Latin letter",
            printed.trim(),
            reading.code.code,
            scale.id,
            scale.name,
            names.join(", ")
        ),
        format!(
            "type the code again as `{}`: a letter copied from a PDF can look the same and be another",
            reading.code.code
        ),
    ))
}

/// The message and hint when `printed` is neither a code nor a "not rated" mark of `scale`;
/// `code` tells a rating ([`Code::UnknownRating`]) from a status.
pub fn code_problem(scale: &Scale, printed: &str, code: Code) -> Option<(String, String)> {
    if scale.find(printed).is_some() || scale.is_not_rated(printed) {
        return None;
    }
    let what = if code == Code::UnknownStatus {
        "status"
    } else {
        "rating"
    };
    if let Some((given, labelled)) = scale.mismatch(printed) {
        return Some((
            format!(
                "`{printed}` gives the code `{}` with the label of `{}` ({}) of the {what} scale `{}`",
                given.code,
                labelled.code,
                labelled.label(),
                scale.id
            ),
            format!("write the code alone; the codes are: {}", scale.code_list()),
        ));
    }
    Some((
        format!(
            "`{printed}` is not a code of the {what} scale `{}` ({})",
            scale.id, scale.name
        ),
        format!("the codes are: {}", scale.code_list()),
    ))
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
