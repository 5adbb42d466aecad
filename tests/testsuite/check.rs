//! `mieruka check`: every problem of every file, with its line; warnings that do not fail unless
//! asked; JSON for editors.

use crate::common;

use std::process::Command;

use mieruka::check;
use mieruka::diagnostics::{Code, Severity};

/// A project with five mistakes of five kinds, each on its own line.
const FIVE_MISTAKES: &str = "\
id: a
number: [1]
name: 見本事業
placements: [p9]
departments:
  - name: 見本課
years:
  2019:
    reslts: 実施した。
  2030:
    results: 実施予定。
rating: Z
direction: 継続
";

#[test]
fn five_planted_mistakes_are_all_reported_with_their_lines() {
    let site = common::mini_site();
    common::write(site.path(), "content/mini/projects/a.yaml", FIVE_MISTAKES);
    let errors: Vec<(usize, Code)> = check(site.path())
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.position.map_or(0, |p| p.line), d.code))
        .collect();
    assert_eq!(
        errors,
        [
            (2, Code::WrongType),
            (4, Code::UnknownPolicy),
            (9, Code::UnknownField),
            (10, Code::YearOutsidePeriod),
            (12, Code::UnknownRating),
        ]
    );
}

#[test]
fn the_real_content_has_no_errors() {
    let found = check(&common::repo_root());
    assert_eq!(found.error_count(), 0, "{found}");
}

#[test]
fn probable_mistakes_are_warnings() {
    let site = common::mini_site();
    let plan = common::PLAN.replace(
        "  to: 2021\n",
        "  to: 2021\ncoverage: {from: 2019, to: 2020}\n",
    );
    common::write(site.path(), "content/mini/plan.yaml", &plan);
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace(
            "    results: 実施した。\n",
            "    results: 会場の都合で中止した。\n    achievement: 100\n  2021:\n    achievement: '８０'\n",
        ),
    );
    common::write(
        site.path(),
        "content/mini/projects/b.yaml",
        &(common::project("b").replace("見本課", "見本果")
            + "indicators:\n  - label: 件数\n    values:\n      2019: {text: '3', unit: 件}\n      2020: {text: '4', unit: 人}\n"),
    );
    let warnings: Vec<(String, Code)> = check(site.path())
        .into_sorted()
        .into_iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d}");
            let file = d.file.file_name().map(|f| f.to_string_lossy().into_owned());
            (
                format!(
                    "{}:{}",
                    file.unwrap_or_default(),
                    d.position.map_or(0, |p| p.line)
                ),
                d.code,
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            ("a.yaml:6".to_string(), Code::SingleDepartment),
            ("a.yaml:10".to_string(), Code::StoppedButAchieved),
            ("a.yaml:11".to_string(), Code::YearOutsideCoverage),
            ("a.yaml:12".to_string(), Code::FullWidthNumber),
            ("b.yaml:6".to_string(), Code::SingleDepartment),
            ("b.yaml:16".to_string(), Code::UnitChanged),
        ]
    );
}

#[test]
fn the_command_prints_json_and_fails_on_warnings_only_when_asked() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "content/mini/projects/b.yaml",
        &common::project("b").replace("見本課", "見本果"),
    );
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mieruka"))
            .arg("check")
            .arg("--root")
            .arg(site.path())
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let plain = run(&[]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("checked: 0 errors, 2 warnings"));
    assert_eq!(run(&["--deny-warnings"]).status.code(), Some(1));

    let json = run(&["--format", "json"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["code"], "single-department");
    assert_eq!(lines[0]["line"], 6);
    assert_eq!(lines[0]["column"], 11);
    assert!(
        lines[0]["file"]
            .as_str()
            .unwrap_or_default()
            .ends_with("content/mini/projects/a.yaml")
    );
    assert_eq!(lines[0]["source_line"], "  - name: 見本課");

    common::write(
        site.path(),
        "content/mini/projects/b.yaml",
        "id: b\nname: [\n",
    );
    let broken = run(&["--format", "json"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&broken.stdout)
            .contains("\"severity\":\"error\",\"code\":\"syntax\"")
    );
}

#[test]
fn a_warning_marked_on_its_line_is_counted_but_not_reported() {
    let site = common::mini_site();
    // b names a department no other project names, one character off a's; a's department is
    // then also alone.
    common::write(
        site.path(),
        "content/mini/projects/b.yaml",
        &common::project("b").replace(
            "  - name: 見本課",
            "  - name: 見本果  # mieruka: allow single-department",
        ),
    );
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        // A marker for another code does not allow this one.
        &common::project("a").replace(
            "  - name: 見本課",
            "  - name: 見本課  # mieruka: allow unit-changed",
        ),
    );
    let found = check(site.path());
    assert_eq!(found.allowed_count(), 1);
    let warnings: Vec<String> = found
        .into_sorted()
        .into_iter()
        .map(|d| d.location())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].ends_with("a.yaml:6:11"), "{warnings:?}");

    let run = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["check", "--deny-warnings", "--root"])
        .arg(site.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("end the line with `# mieruka: allow single-department`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("checked: 0 errors, 1 warning (1 more marked `# mieruka: allow`)"),
        "{stderr}"
    );
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn the_real_content_has_no_warnings_left_unreviewed() {
    let found = check(&common::repo_root());
    assert_eq!(found.warning_count(), 0, "{found}");
    assert!(found.allowed_count() > 0);
}

#[test]
fn a_scale_colour_too_light_for_the_charts_is_a_warning_on_its_line() {
    let site = common::mini_site();
    let plan = common::PLAN.replace("color: '#8a5a00'", "color: '#ffdd00'");
    common::write(site.path(), "content/mini/plan.yaml", &plan);
    let found = check(site.path());
    let warnings: Vec<String> = found
        .into_sorted()
        .into_iter()
        .filter(|d| d.code == Code::LowContrastColor)
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    let line = plan
        .lines()
        .position(|l| l.contains("#ffdd00"))
        .map_or(0, |i| i + 1);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(&format!(
            "plan.yaml:{line}:37: the colour #ffdd00 of `C` has a contrast of 1.3:1 against white; chart bars need 3:1"
        )),
        "{warnings:?}"
    );
}
