//! `mieruka init` and `mieruka new`: starting files that pass `check` and build with the
//! built-in theme, and a new fiscal year added to every active project while every other byte of
//! each file stays.

use crate::common;

use std::fs;

use mieruka::check;
use mieruka::fiscal_year::FiscalYear;
use mieruka::scaffold::{YearAdded, init, new_plan, new_project, new_year};

fn fy(y: i64) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether every line of `before` is in `after`, in order.
fn keeps_every_line(before: &str, after: &str) -> bool {
    let mut lines = after.lines();
    before.lines().all(|line| lines.any(|l| l == line))
}

#[test]
fn a_new_site_passes_check_without_warnings_and_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.path().join("市の計画");
    let done = init(&site, "kenko-2024", fy(2024), fy(2028)).unwrap_or_else(|d| panic!("{d}"));
    assert!(done.config.ends_with("site.toml"));
    assert!(
        done.project
            .ends_with("content/kenko-2024/projects/g1-1-01.yaml")
    );
    let found = check(&site);
    assert_eq!(
        (found.error_count(), found.warning_count()),
        (0, 0),
        "{found}"
    );
    let out = common::build_at(&site);
    assert!(!site.join("themes").exists());
    let project = fs::read_to_string(out.join("kenko-2024/projects/g1-1-01.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(project.contains("<h1>〇〇事業</h1>"), "{project}");
    assert!(out.join("static/style.css").is_file());

    // A folder that holds a site is not started again, and nothing is written.
    let again = init(&site, "other", fy(2024), fy(2028))
        .err()
        .map(|d| d.to_string())
        .unwrap_or_default();
    assert!(
        again.contains("this folder already holds a site"),
        "{again}"
    );
    assert!(!site.join("content/other").exists());
}

#[test]
fn new_files_outside_a_site_say_to_run_init() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let refused = new_plan(dir.path(), "kenko-2024", fy(2024), fy(2028))
        .err()
        .map(|d| (d.message.clone(), d.hint.clone().unwrap_or_default()))
        .unwrap_or_default();
    assert_eq!(
        refused,
        (
            "this folder is not a mieruka site: it has no site.toml".to_string(),
            "start a site here with `mieruka init`, or name the site's folder with `--root <DIR>`"
                .to_string()
        )
    );
    assert!(!dir.path().join("content").exists());
    assert!(new_project(dir.path(), "kenko-2024", "walk").is_err());
}

#[test]
fn a_new_plan_and_project_pass_check_and_name_their_schema() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    init(dir.path(), "first", fy(2024), fy(2028)).unwrap_or_else(|d| panic!("{d}"));
    let plan =
        new_plan(dir.path(), "kenko-2024", fy(2024), fy(2028)).unwrap_or_else(|d| panic!("{d}"));
    let project = new_project(dir.path(), "kenko-2024", "walk").unwrap_or_else(|d| panic!("{d}"));
    let plan_text = fs::read_to_string(&plan).unwrap_or_default();
    assert!(
        plan_text.starts_with("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    );
    let project_text = fs::read_to_string(&project).unwrap_or_default();
    assert!(
        project_text
            .starts_with("# yaml-language-server: $schema=../../../schemas/project.schema.json\n")
    );
    assert!(project_text.contains("placements: [g1-1]"));
    assert!(dir.path().join("schemas/project.schema.json").is_file());
    let found = check(dir.path());
    assert_eq!(
        (found.error_count(), found.warning_count()),
        (0, 0),
        "{found}"
    );

    assert!(new_plan(dir.path(), "kenko-2024", fy(2024), fy(2028)).is_err());
    assert!(new_plan(dir.path(), "Bad/Id", fy(2024), fy(2028)).is_err());
    assert!(new_project(dir.path(), "kenko-2024", "walk").is_err());
    assert!(new_project(dir.path(), "nowhere", "walk").is_err());
}

#[test]
fn a_new_year_is_added_to_every_project_and_keeps_every_other_byte() {
    let dir = common::copy_of_content();
    let projects = dir.path().join("content/shiroi-welfare/projects");
    let before: Vec<(String, String)> = fs::read_dir(&projects)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let plan_file = dir.path().join("content/shiroi-welfare/plan.yaml");
    let plan_before = fs::read_to_string(&plan_file).unwrap_or_default();
    let done = new_year(dir.path(), "shiroi-welfare", fy(2023)).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(done.projects.len(), 48);
    assert!(done.projects.iter().all(|(_, s)| *s == YearAdded::Added));
    // The pages showed FY2020–FY2022; now they show the new year too, and the plan file changed
    // in that one place.
    assert_eq!(
        done.coverage_widened.map(|c| (c.from.year(), c.to.year())),
        Some((2020, 2023))
    );
    let plan_after = fs::read_to_string(&plan_file).unwrap_or_default();
    assert!(
        plan_after
            == plan_before.replace(
                "coverage: {from: 2020, to: 2022}",
                "coverage: {from: 2020, to: 2023}"
            ),
        "plan.yaml changed elsewhere: {:?}",
        plan_after.lines().find(|l| l.starts_with("coverage"))
    );
    for (name, old) in &before {
        let new = fs::read_to_string(projects.join(name)).unwrap_or_default();
        assert!(keeps_every_line(old, &new), "{name} lost a line");
        let added: Vec<&str> = new
            .lines()
            .filter(|l| !old.lines().any(|o| o == *l))
            .collect();
        assert!(
            added.iter().any(|l| l.trim() == "2023:"),
            "{name}: {added:?}"
        );
        assert!(
            added
                .iter()
                .all(|l| ["2023:", "rating: ~", "status: ~", "outcome: \"\""].contains(&l.trim())),
            "{name}: {added:?}"
        );
    }
    let n01 = fs::read_to_string(projects.join("n01.yaml")).unwrap_or_default();
    assert!(
        n01.contains("  2022:\n    rating: A\n    status: 順調に進んだ\n    outcome:"),
        "{n01}"
    );
    assert!(
        n01.contains("  2023:\n    rating: ~\n    status: ~\n    outcome: \"\"\n"),
        "{n01}"
    );
    // Still valid, with no new warning; the empty year is shown as 記載なし, not counted.
    let found = check(dir.path());
    assert_eq!(found.error_count(), 0, "{found}");
    assert_eq!(found.warning_count(), 0, "{found}");
    // A second run adds nothing.
    let again = new_year(dir.path(), "shiroi-welfare", fy(2023)).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        again
            .projects
            .iter()
            .all(|(_, s)| *s == YearAdded::AlreadyThere)
    );
    assert!(again.coverage_widened.is_none());
}

#[test]
fn ended_projects_get_no_new_year_and_parts_each_get_one() {
    let dir = common::copy_of_content();
    let results =
        new_year(dir.path(), "honjo-suicide-2019", fy(2023)).unwrap_or_else(|d| panic!("{d}"));
    let ended: Vec<String> = results
        .projects
        .iter()
        .filter(|(_, s)| *s == YearAdded::Ended)
        .map(|(p, _)| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(ended, ["j1-2-10.yaml", "j1-2-12.yaml"]);
    assert_eq!(
        results
            .projects
            .iter()
            .filter(|(_, s)| *s == YearAdded::Added)
            .count(),
        0
    );
    assert!(
        new_year(dir.path(), "honjo-suicide-2019", fy(2024)).is_err(),
        "outside the period"
    );

    let site = common::mini_site();
    let parts = "id: a\nname: 見本事業\nplacements: [p1-1]\ndepartments: [{name: 見本課}]\nparts:\n  - label: 取組事例①\n    years:\n      2019:\n        results: 実施した。\n        rating: A\n  - label: 取組事例②\n    years:\n      2019:\n        rating: B\n";
    common::write(site.path(), "content/mini/projects/a.yaml", parts);
    new_year(site.path(), "mini", fy(2020)).unwrap_or_else(|d| panic!("{d}"));
    let text =
        fs::read_to_string(site.path().join("content/mini/projects/a.yaml")).unwrap_or_default();
    assert_eq!(
        text,
        "id: a\nname: 見本事業\nplacements: [p1-1]\ndepartments: [{name: 見本課}]\nparts:\n  - label: 取組事例①\n    years:\n      2019:\n        results: 実施した。\n        rating: A\n      2020:\n        results: \"\"\n        rating: ~\n  - label: 取組事例②\n    years:\n      2019:\n        rating: B\n      2020:\n        rating: ~\n"
    );
    assert_eq!(check(site.path()).error_count(), 0);
}
