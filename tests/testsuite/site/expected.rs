//! What the fixture's files say its site must show: the pages there must be, the codes each
//! year's entries hold, the departments named. Read from the YAML with serde_yaml's `Value`,
//! not with mieruka's loader, so that the tests do not take the loader's word for it.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use serde_yaml::Value;

use crate::common::{self, PlanFiles};

/// The output folder of the fixture's site, built once.
pub(super) fn public() -> PathBuf {
    common::fixture_public()
}

/// A page of the fixture's site, by its path under the output folder.
pub(super) fn page(relative: &str) -> String {
    common::fixture_page(relative)
}

/// The fixture's plans, as their files have them, in the order the site lists them.
pub(super) fn plans() -> Vec<PlanFiles> {
    common::plan_files(&common::fixture_root(common::SITE_FIXTURE))
}

/// The ids of a plan's policy nodes, at every level.
pub(super) fn policy_ids(plan: &Value) -> Vec<String> {
    fn walk(nodes: &Value, ids: &mut Vec<String>) {
        for node in nodes.as_sequence().into_iter().flatten() {
            ids.extend(node["id"].as_str().map(str::to_string));
            walk(&node["children"], ids);
        }
    }
    let mut ids = Vec::new();
    walk(&plan["policies"], &mut ids);
    ids
}

/// The fiscal years a plan's pages show: its `coverage`, or else its period.
pub(super) fn shown_years(plan: &PlanFiles) -> RangeInclusive<u16> {
    let key = if plan.plan["coverage"].is_mapping() {
        "coverage"
    } else {
        "period"
    };
    plan.year(&[key, "from"])..=plan.year(&[key, "to"])
}

/// The page of the site, of each plan, of each of its policy nodes, projects and shown years,
/// and the index of departments, by path under the output folder.
pub(super) fn expected_pages(plans: &[PlanFiles]) -> Vec<String> {
    let mut pages = vec![
        "index.html".to_string(),
        "departments/index.html".to_string(),
    ];
    for plan in plans {
        let id = &plan.id;
        pages.push(format!("{id}/index.html"));
        for policy in policy_ids(&plan.plan) {
            pages.push(format!("{id}/policies/{policy}.html"));
        }
        for (name, project) in &plan.projects {
            let project = project["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{name} has no id"));
            pages.push(format!("{id}/projects/{project}.html"));
        }
        for fy in shown_years(plan) {
            pages.push(format!("{id}/years/{fy}.html"));
        }
    }
    pages
}

/// A project file's entry for `fy`.
pub(super) fn entry(project: &Value, fy: u16) -> Option<&Value> {
    project["years"]
        .as_mapping()?
        .iter()
        .find(|(year, _)| year.as_u64() == Some(u64::from(fy)))
        .map(|(_, entry)| entry)
}

/// What a plan's projects are measured by: the key of their entries that holds a code of the
/// plan's one scale (`rating` or `status`), the scale's name, and its codes with their labels.
pub(super) fn measure(plan: &PlanFiles) -> (&'static str, String, Vec<(String, String)>) {
    let scales = plan.plan["scales"]
        .as_sequence()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        scales.len(),
        1,
        "{}: each plan of the fixture has one scale",
        plan.id
    );
    let string = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let codes = scales[0]["codes"]
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|c| (string(&c["code"]), string(&c["label"])))
        .collect();
    let rated = plan.projects.iter().any(|(_, p)| {
        p["years"]
            .as_mapping()
            .into_iter()
            .flatten()
            .any(|(_, e)| !e["rating"].is_null())
    });
    let key = if rated { "rating" } else { "status" };
    (key, string(&scales[0]["name"]), codes)
}

/// The code of each project's entry for `fy` under `key`, for the projects with an entry
/// (`None` when it has no code).
pub(super) fn codes_in(plan: &PlanFiles, key: &str, fy: u16) -> Vec<Option<String>> {
    plan.projects
        .iter()
        .filter_map(|(_, p)| entry(p, fy))
        .map(|e| e[key].as_str().map(code))
        .collect()
}

/// The code a printed rating or status stands for: its first letter, half-width katakana read as
/// full-width (`ア　実施済` and `ｱ` are both ア).
pub(super) fn code(printed: &str) -> String {
    let first = printed.trim().chars().next().unwrap_or(' ');
    let full = match first {
        'ｱ' => 'ア',
        'ｲ' => 'イ',
        'ｳ' => 'ウ',
        'ｴ' => 'エ',
        'ｵ' => 'オ',
        c => c,
    };
    full.to_string()
}

/// `count` of `of` in percent to one decimal, rounded half away from zero as the plans round.
pub(super) fn percent(count: usize, of: usize) -> String {
    let tenths = (count * 1000 * 2 + of) / (of * 2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A fiscal year as the pages name it: 令和4年度（2022年度）.
pub(super) fn wareki(fy: u16) -> String {
    assert!(fy >= 2019, "{fy} is before 令和");
    match fy - 2018 {
        1 => format!("令和元年度（{fy}年度）"),
        n => format!("令和{n}年度（{fy}年度）"),
    }
}

/// The department entries of a project file, its parts' included.
pub(super) fn departments_of(project: &Value) -> Vec<&Value> {
    let mut lists = vec![&project["departments"]];
    lists.extend(
        project["parts"]
            .as_sequence()
            .into_iter()
            .flatten()
            .map(|part| &part["departments"]),
    );
    lists
        .into_iter()
        .flat_map(|list| list.as_sequence().into_iter().flatten())
        .collect()
}
