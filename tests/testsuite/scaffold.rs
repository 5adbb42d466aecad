//! `mieruka init` and `mieruka new`: starting files that pass `check` and build with the
//! built-in theme, and a new fiscal year added to every active project while every other byte of
//! each file stays.

use crate::common;

use std::fs;
use std::path::Path;

use mieruka::check;
use mieruka::fiscal_year::FiscalYear;
use mieruka::scaffold::{YearAdded, init, new_plan, new_project, new_year};
use serde_yaml::Value;

fn fy(y: i64) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"))
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

/// The plan of the site fixture ([`common::SITE_FIXTURE`]) whose pages show fewer years than its
/// period has (its `coverage`), so that a new year within the period widens them. It has a
/// project that ended during the period.
const PLAN: &str = "mihon-kenko";

/// A copy of the site fixture to edit, made a site for `new` by a `site.toml`: an empty one, all
/// defaults, as the fixture is built without one.
fn fixture_site() -> tempfile::TempDir {
    let dir = common::fixture_copy(common::SITE_FIXTURE);
    common::write(dir.path(), "site.toml", "");
    dir
}

/// [`PLAN`] as the files of the site at `root` have it.
fn plan_files(root: &Path) -> common::PlanFiles {
    common::plan_files(root)
        .into_iter()
        .find(|p| p.id == PLAN)
        .unwrap_or_else(|| panic!("the fixture has no plan {PLAN}"))
}

/// Whether a project file says that the project ended before `fy`.
fn ended_before(project: &Value, fy: u16) -> bool {
    project["ended"]["fy"]
        .as_u64()
        .is_some_and(|e| e < u64::from(fy))
}

/// The file name of a path `new_year` reports.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entry for `fy` that `new year` adds to a project file whose `years` is its last key: the
/// keys of its latest year (its notes left out), in the file's order, a rating, status or rate
/// left `~` and a text `""`.
fn empty_entry(project: &Value, fy: u16) -> String {
    let latest = project["years"]
        .as_mapping()
        .and_then(|years| years.iter().max_by_key(|(year, _)| year.as_u64()))
        .map(|(_, entry)| entry)
        .and_then(Value::as_mapping);
    let mut entry = format!("  {fy}:\n");
    for key in latest.into_iter().flatten().filter_map(|(k, _)| k.as_str()) {
        let value = match key {
            "note" => continue,
            "rating" | "status" | "achievement" => "~",
            _ => "\"\"",
        };
        entry.push_str(&format!("    {key}: {value}\n"));
    }
    entry
}

#[test]
fn a_new_year_is_added_to_every_project_and_keeps_every_other_byte() {
    let dir = fixture_site();
    let files = plan_files(dir.path());
    let (from, to) = (
        files.year(&["coverage", "from"]),
        files.year(&["coverage", "to"]),
    );
    // The year after the last the pages show, still in the period.
    let new = to + 1;
    assert!(
        new <= files.year(&["period", "to"]),
        "the fixture's coverage ends before its period"
    );
    let projects = dir.path().join(format!("content/{PLAN}/projects"));
    let read = |name: &str| fs::read_to_string(projects.join(name)).unwrap_or_default();
    let before: Vec<(String, String)> = files
        .projects
        .iter()
        .map(|(name, _)| (name.clone(), read(name)))
        .collect();
    let plan_file = dir.path().join(format!("content/{PLAN}/plan.yaml"));
    let plan_before = fs::read_to_string(&plan_file).unwrap_or_default();
    let done = new_year(dir.path(), PLAN, fy(i64::from(new))).unwrap_or_else(|d| panic!("{d}"));

    // Every project gets the year but one that had ended before it.
    assert_eq!(done.projects.len(), files.projects.len());
    for (path, status) in &done.projects {
        let name = file_name(path);
        let (_, yaml) = files
            .projects
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} is not in the fixture"));
        let expected = if ended_before(yaml, new) {
            YearAdded::Ended
        } else {
            YearAdded::Added
        };
        assert_eq!(*status, expected, "{name}");
    }
    let added = done
        .projects
        .iter()
        .filter(|(_, s)| *s == YearAdded::Added)
        .count();
    assert!(added > 0 && added < files.projects.len(), "{added}");

    // The pages showed the coverage's years; now they show the new year too, and the plan file
    // changed in that one place.
    assert_eq!(
        done.coverage_widened.map(|c| (c.from.year(), c.to.year())),
        Some((from, new))
    );
    let coverage = format!("coverage: {{from: {from}, to: {to}}}");
    assert!(plan_before.contains(&coverage), "{plan_before}");
    let plan_after = fs::read_to_string(&plan_file).unwrap_or_default();
    assert!(
        plan_after
            == plan_before.replace(&coverage, &format!("coverage: {{from: {from}, to: {new}}}")),
        "plan.yaml changed elsewhere: {:?}",
        plan_after.lines().find(|l| l.starts_with("coverage"))
    );

    // Each file is as it was, with the empty entry after its latest year: `years` is the last
    // key of every project file of the fixture.
    for ((name, old), (_, yaml)) in before.iter().zip(&files.projects) {
        let edited = read(name);
        if ended_before(yaml, new) {
            assert_eq!(edited, *old, "{name} ended, and was edited");
            continue;
        }
        let last_key = yaml
            .as_mapping()
            .and_then(|m| m.keys().last())
            .and_then(Value::as_str);
        assert_eq!(last_key, Some("years"), "{name}");
        let entry = empty_entry(yaml, new);
        assert!(entry.lines().count() > 1, "{name}: {entry}");
        assert_eq!(edited, format!("{old}{entry}"), "{name}");
    }

    // Still valid, with no new warning; the empty year is shown as 記載なし, not counted.
    let found = check(dir.path());
    assert_eq!(found.error_count(), 0, "{found}");
    assert_eq!(found.warning_count(), 0, "{found}");

    // A second run adds nothing: no project, no file changed.
    let content = common::snapshot(&dir.path().join("content"));
    let again = new_year(dir.path(), PLAN, fy(i64::from(new))).unwrap_or_else(|d| panic!("{d}"));
    let expected: Vec<YearAdded> = done
        .projects
        .iter()
        .map(|(_, s)| match s {
            YearAdded::Added => YearAdded::AlreadyThere,
            s => s.clone(),
        })
        .collect();
    let statuses: Vec<YearAdded> = again.projects.iter().map(|(_, s)| s.clone()).collect();
    assert_eq!(statuses, expected);
    assert!(again.coverage_widened.is_none());
    common::assert_same_files(
        &content,
        &common::snapshot(&dir.path().join("content")),
        "a second run",
        "the first",
    );
}

#[test]
fn ended_projects_get_no_new_year_and_parts_each_get_one() {
    let dir = fixture_site();
    let files = plan_files(dir.path());
    // The last year of the fixture's data: every project still running has its entry, and one
    // that ended before it has none.
    let last = *files.years_with_data().last().unwrap_or(&0);
    let (ended, running): (Vec<_>, Vec<_>) = files
        .projects
        .iter()
        .partition(|(_, yaml)| ended_before(yaml, last));
    assert!(
        !ended.is_empty(),
        "the fixture has a project that ended before {last}"
    );
    assert!(
        ended
            .iter()
            .all(|(_, yaml)| !common::entry_years(yaml).contains(&last))
    );
    assert!(
        running
            .iter()
            .all(|(_, yaml)| common::entry_years(yaml).contains(&last))
    );
    let content = common::snapshot(&dir.path().join("content"));
    let results = new_year(dir.path(), PLAN, fy(i64::from(last))).unwrap_or_else(|d| panic!("{d}"));
    let got: Vec<String> = results
        .projects
        .iter()
        .filter(|(_, s)| *s == YearAdded::Ended)
        .map(|(p, _)| file_name(p))
        .collect();
    let expected: Vec<String> = ended.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(got, expected);
    assert_eq!(
        results
            .projects
            .iter()
            .filter(|(_, s)| *s == YearAdded::Added)
            .count(),
        0
    );
    common::assert_same_files(
        &content,
        &common::snapshot(&dir.path().join("content")),
        "a year every running project has",
        "before",
    );
    let after_period = files.year(&["period", "to"]) + 1;
    assert!(
        new_year(dir.path(), PLAN, fy(i64::from(after_period))).is_err(),
        "outside the period"
    );

    // A project with parts: each part gets the year.
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
