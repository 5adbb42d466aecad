//! Checks that need more than one field or more than one file: ids, references to policy nodes,
//! rating codes and directions against the plan's scales, fiscal years against the plan's period.
//!
//! Every problem is reported with the line and column of the offending key or value, found with a
//! [`SourceMap`] built only for files that have a problem.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position, did_you_mean};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::load::{Loaded, SourceFile};
use crate::model::scale::is_hex_color;
use crate::model::{Period, Plan, PlanData, Policy, Project};

/// The longest id accepted; ids become file names and URLs.
pub const MAX_ID_LEN: usize = 64;

/// Checks a loaded site; returns every problem found (empty when all is well).
pub fn validate(loaded: &Loaded) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for (data, sources) in loaded.site.plans.iter().zip(&loaded.sources) {
        let mut plan_check = FileCheck::new(&sources.plan);
        check_plan(&data.plan, &mut plan_check);
        diagnostics.extend(plan_check.into_diagnostics());

        let policy_ids: Vec<&str> = data
            .plan
            .policy_nodes()
            .into_iter()
            .map(|(_, p)| p.id.as_str())
            .collect();
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for (project, file) in data.projects.iter().zip(&sources.projects) {
            let mut check = FileCheck::new(file);
            check_project(data, project, &policy_ids, &mut check);
            if let Some(first) = seen.insert(project.id.as_str(), file.path.as_path()) {
                check.error(
                    Code::DuplicateId,
                    "id",
                    format!(
                        "project id `{}` is also used by {}",
                        project.id,
                        first.display()
                    ),
                    Some("give each project its own id".to_string()),
                );
            }
            diagnostics.extend(check.into_diagnostics());
        }
    }
    diagnostics
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

/// Collects the problems of one file, locating each by its dotted YAML path.
struct FileCheck<'a> {
    file: &'a SourceFile,
    map: Option<SourceMap>,
    found: Vec<Diagnostic>,
}

impl<'a> FileCheck<'a> {
    fn new(file: &'a SourceFile) -> Self {
        FileCheck {
            file,
            map: None,
            found: Vec::new(),
        }
    }

    fn map(&mut self) -> &SourceMap {
        self.map
            .get_or_insert_with(|| SourceMap::new(&self.file.text))
    }

    /// An error at the value (or key) at `path`.
    fn error(&mut self, code: Code, path: &str, message: String, hint: Option<String>) {
        let position = self.map().locate(path);
        self.push(code, position, message, hint);
    }

    /// The key naming `fy` in the map at `map_path` (`years`), as written (2019, 令和元年度 …),
    /// with its position.
    fn year_key(&mut self, map_path: &str, fy: FiscalYear) -> Option<(String, Position)> {
        let prefix = format!("{map_path}.");
        self.map()
            .keys_under(&prefix)
            .find(|(key, _)| key.parse::<FiscalYear>().ok() == Some(fy))
            .map(|(key, position)| (key.to_string(), position))
    }

    /// An error at the key naming `fy` in the map at `map_path`.
    fn error_at_year_key(&mut self, code: Code, map_path: &str, fy: FiscalYear, message: String) {
        let position = match self.year_key(map_path, fy) {
            Some((_, position)) => position,
            None => self.map().locate(map_path),
        };
        self.push(code, position, message, None);
    }

    fn push(&mut self, code: Code, position: Position, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(code, &self.file.path, message).at(&self.file.text, position);
        d.hint = hint;
        self.found.push(d);
    }

    fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found
    }
}

fn check_plan(plan: &Plan, check: &mut FileCheck<'_>) {
    if let Some(problem) = id_problem(&plan.id) {
        check.error(
            Code::BadId,
            "",
            format!(
                "the plan folder name `{}` cannot be used as a plan id: {problem}",
                plan.id
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
            Code::BadPlan,
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
            format!("`{}` cannot be used as a project id: {problem}", project.id),
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

    for (i, policy) in project.policies.iter().enumerate() {
        if !policy_ids.contains(&policy.as_str()) {
            let hint = match did_you_mean(policy, policy_ids.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the plan's policy ids are: {}", policy_ids.join(", ")),
            };
            check.error(
                Code::UnknownPolicy,
                &format!("policies.{i}"),
                format!("the plan has no policy `{policy}`"),
                Some(hint),
            );
        }
    }

    if project.departments.is_empty() {
        check.error(
            Code::MissingField,
            "departments",
            "a project needs at least one department".to_string(),
            Some("add `- name: <担当課>` under `departments:`".to_string()),
        );
    }
    for (i, department) in project.departments.iter().enumerate() {
        if department.name.trim().is_empty() {
            check.error(
                Code::MissingField,
                &format!("departments.{i}.name"),
                "the department has no name".to_string(),
                None,
            );
        }
        if let Some(fy) = department.from {
            check_year_in_period(fy, &format!("departments.{i}.from"), &period, check);
        }
    }

    for (&fy, entry) in &project.years.0 {
        if !period.contains(fy) {
            check.error_at_year_key(
                Code::YearOutsidePeriod,
                "years",
                fy,
                outside_period_message(fy, &period),
            );
        }
        if let Some(rating) = entry.as_ref().and_then(|e| e.rating.as_deref()) {
            let key = check
                .year_key("years", fy)
                .map_or_else(|| fy.year().to_string(), |(key, _)| key);
            check_rating(plan, rating, &format!("years.{key}.rating"), check);
        }
    }
    if let Some(rating) = &project.rating {
        check_rating(plan, rating, "rating", check);
    }
    if let Some(direction) = &project.direction
        && !plan.directions.is_empty()
        && !plan.directions.contains(direction)
    {
        check.error(
            Code::UnknownDirection,
            "direction",
            format!("`{direction}` is not one of the plan's directions"),
            Some(format!("write one of: {}", plan.directions.join(", "))),
        );
    }
    for (key, milestone) in [("added", &project.added), ("ended", &project.ended)] {
        if let Some(m) = milestone {
            check_year_in_period(m.fy, &format!("{key}.fy"), &period, check);
        }
    }
}

fn check_rating(plan: &Plan, printed: &str, path: &str, check: &mut FileCheck<'_>) {
    let Some(scale) = plan.rating_scale() else {
        return; // reported on plan.yaml
    };
    if scale.find(printed).is_none() {
        check.error(
            Code::UnknownRating,
            path,
            format!(
                "`{printed}` is not a code of the rating scale `{}` ({})",
                scale.id, scale.name
            ),
            Some(format!("the codes are: {}", scale.code_list())),
        );
    }
}

fn check_year_in_period(fy: FiscalYear, path: &str, period: &Period, check: &mut FileCheck<'_>) {
    if !period.contains(fy) {
        check.error(
            Code::YearOutsidePeriod,
            path,
            outside_period_message(fy, period),
            None,
        );
    }
}

fn outside_period_message(fy: FiscalYear, period: &Period) -> String {
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
