//! What a staff member sees when a file is wrong: the file, line and column, a stable code and
//! what was expected; every problem of every file in one run; nothing written.

use crate::common;

use std::path::Path;
use std::process::Command;

use mieruka::diagnostics::{Code, Diagnostic, Position};
use mieruka::{BuildOptions, Silent, build};

/// Builds `root` and returns its diagnostics, sorted; panics if the build succeeds.
fn problems(root: &Path) -> Vec<Diagnostic> {
    let out = root.join("public");
    let result = build(
        &BuildOptions {
            root: root.to_path_buf(),
            output: out.clone(),
            base_url: None,
        },
        &Silent,
    );
    assert!(!out.exists(), "a failed build wrote {}", out.display());
    match result {
        Ok(_) => panic!("the build succeeded"),
        Err(d) => d.into_sorted(),
    }
}

/// The site `mini` with project `a` replaced by `text`; its one diagnostic.
fn one_problem(text: &str) -> Diagnostic {
    let site = common::mini_site();
    common::write(site.path(), "content/mini/projects/a.yaml", text);
    let mut found = problems(site.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

fn at(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn the_valid_fixture_builds() {
    let site = common::mini_site();
    let report = build(
        &BuildOptions {
            root: site.path().to_path_buf(),
            output: site.path().join("public"),
            base_url: None,
        },
        &Silent,
    );
    assert!(report.is_ok(), "{:?}", report.err().map(|d| d.to_string()));
}

#[test]
fn a_yaml_syntax_error_names_its_line() {
    let text = common::project("a").replace("  - name: 見本課", "  - name: 見本課\n\tfrom: 2019");
    let d = one_problem(&text);
    assert_eq!(d.code, Code::Syntax);
    assert_eq!(d.position.map(|p| p.line), Some(7));
    assert!(d.file.ends_with("content/mini/projects/a.yaml"));
    assert!(d.hint.unwrap_or_default().contains("tabs"));
}

#[test]
fn an_unclosed_quote_is_a_syntax_error() {
    let d = one_problem(&common::project("a").replace("name: 見本事業", "name: \"見本事業"));
    assert_eq!(d.code, Code::Syntax);
    assert_eq!(
        d.message,
        "a quotation mark (\") is opened here and not closed"
    );
    // The marker points where the quotation mark was opened.
    assert_eq!(
        d.position.map(|p| (p.line, p.column)),
        Some((3, 7)),
        "{}",
        d.render()
    );
}

#[test]
fn a_fiscal_year_key_that_is_not_one_is_marked_at_the_key() {
    let d = one_problem(&common::project("a").replace("  2019:", "  2019x:"));
    assert_eq!(d.code, Code::WrongType);
    assert_eq!(
        d.message,
        "years.2019x: `2019x` is not a fiscal year (write 2019, 令和元年度, 平成31年度 or R1)"
    );
    assert_eq!(d.position, Some(Position { line: 8, column: 3 }));
}

#[test]
fn a_missing_field_is_named() {
    let d = one_problem(&common::project("a").replace("name: 見本事業\n", ""));
    assert_eq!(d.code, Code::MissingField);
    assert!(d.message.contains("missing field `name`"), "{}", d.message);
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    let d = one_problem(&common::project("a").replace("placements: [p1-1]", "placements: p1-1"));
    assert_eq!(d.code, Code::WrongType);
    assert_eq!(d.position, at(4, 13));
    assert_eq!(
        d.message,
        "placements: invalid type: text \"p1-1\", expected a list"
    );
}

#[test]
fn an_unknown_key_suggests_the_right_one() {
    let d = one_problem(&common::project("a").replace("    results:", "    result:"));
    assert_eq!(d.code, Code::UnknownField);
    assert_eq!(d.position, at(9, 5));
    assert!(
        d.message.contains("unknown field `result`"),
        "{}",
        d.message
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `results`?"));
}

#[test]
fn an_unknown_rating_code_lists_the_valid_ones() {
    let d = one_problem(&common::project("a").replace("rating: Ａ", "rating: Ｚ"));
    assert_eq!(d.code, Code::UnknownRating);
    assert_eq!(d.position, at(10, 9));
    assert_eq!(
        d.message,
        "`Ｚ` is not a code of the rating scale `rating` (評価)"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("the codes are: A (順調), B (概ね順調), C (遅れ)")
    );
}

#[test]
fn an_unknown_policy_id_suggests_the_closest() {
    let d = one_problem(&common::project("a").replace("placements: [p1-1]", "placements: [p1-2]"));
    assert_eq!(d.code, Code::UnknownPolicy);
    assert_eq!(d.position, at(4, 14));
    assert_eq!(d.message, "the plan has no policy `p1-2`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `p1-1`?"));
}

#[test]
fn a_fiscal_year_outside_the_period_points_at_its_key() {
    let text = common::project("a").replace("  2019:\n", "  令和6年度:\n");
    let d = one_problem(&text);
    assert_eq!(d.code, Code::YearOutsidePeriod);
    assert_eq!(d.position, at(8, 3));
    assert_eq!(
        d.message,
        "fiscal year 2024 (令和6年度) is outside the plan period 2019–2021"
    );
}

#[test]
fn an_unknown_direction_lists_the_plan_s_directions() {
    let d = one_problem(&common::project("a").replace("direction: 継続", "direction: 縮小"));
    assert_eq!(d.code, Code::UnknownDirection);
    assert_eq!(d.position, at(11, 12));
    assert_eq!(d.hint.as_deref(), Some("write one of: 継続, 廃止"));
}

#[test]
fn an_id_that_differs_from_the_file_name_is_reported() {
    let d = one_problem(&common::project("b"));
    assert_eq!(d.code, Code::BadId);
    assert_eq!(d.message, "the id `b` differs from the file name `a`");
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = common::mini_site();
    let root = site.path();
    common::write(
        root,
        "content/mini/projects/a.yaml",
        &common::project("a").replace("rating: Ａ", "rating: Q"),
    );
    common::write(
        root,
        "content/mini/projects/b.yaml",
        &common::project("b")
            .replace("  2019:", "  2030:")
            .replace("[p1-1]", "[nowhere]"),
    );
    common::write(
        root,
        "content/mini/projects/c.yaml",
        "id: c\nname: [unclosed\n",
    );
    common::write(
        root,
        "content/other/plan.yaml",
        &common::PLAN.replace("period:", "perod:"),
    );
    let found = problems(root);
    let summary: Vec<(String, Code)> = found.iter().map(|d| (d.location(), d.code)).collect();
    let file = |f: &str, line: usize, column: usize| {
        root.join(f).display().to_string() + &format!(":{line}:{column}")
    };
    assert_eq!(
        summary,
        [
            (
                file("content/mini/projects/a.yaml", 10, 9),
                Code::UnknownRating
            ),
            (
                file("content/mini/projects/b.yaml", 4, 14),
                Code::UnknownPolicy
            ),
            (
                file("content/mini/projects/b.yaml", 8, 3),
                Code::YearOutsidePeriod
            ),
            // Where the unclosed `[` opened.
            (file("content/mini/projects/c.yaml", 2, 7), Code::Syntax),
            // The misspelt `perod`; `period` is not also reported missing.
            (file("content/other/plan.yaml", 3, 1), Code::UnknownField),
        ]
    );
}

#[test]
fn the_command_exits_1_prints_file_line_column_and_writes_nothing() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace("rating: Ａ", "rating: X"),
    );
    let out = site.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let location = format!(
        "{}:10:9",
        site.path().join("content/mini/projects/a.yaml").display()
    );
    assert!(
        stderr.contains("error[unknown-rating]: `X` is not a code of the rating scale"),
        "{stderr}"
    );
    assert!(stderr.contains(&location), "{stderr}");
    assert!(stderr.contains("10 | rating: X"), "{stderr}");
    assert!(
        stderr.contains("1 problem found; nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let site = common::mini_site();
    let out = site.path().join("public");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        output: out.clone(),
        base_url: None,
    };
    build(&options, &Silent).unwrap_or_else(|d| panic!("{d}"));
    let before = std::fs::read(out.join("mini/projects/a.html")).unwrap_or_default();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        "id: a\nname: [\n",
    );
    assert!(build(&options, &Silent).is_err());
    assert_eq!(
        std::fs::read(out.join("mini/projects/a.html")).unwrap_or_default(),
        before
    );
}

#[test]
fn a_status_must_be_on_the_plan_s_status_scale() {
    let site = common::mini_site();
    let plan = common::PLAN.replace(
        "directions: [継続, 廃止]",
        "  - id: progress\n    name: 進捗状況\n    codes:\n      - {code: 順調, color: '#1b6e3a'}\nstatus_scale: progress\ndirections: [継続, 廃止]",
    );
    common::write(site.path(), "content/mini/plan.yaml", &plan);
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace(
            "    results: 実施した。",
            "    results: 実施した。\n    status: 遅れ",
        ),
    );
    let found = problems(site.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.code, Code::UnknownStatus);
    assert_eq!(d.position, at(10, 13));
    assert_eq!(
        d.message,
        "`遅れ` is not a code of the status scale `progress` (進捗状況)"
    );
    assert_eq!(d.hint.as_deref(), Some("the codes are: 順調"));
}

#[test]
fn a_sheet_naming_a_scale_the_plan_lacks_is_reported() {
    let d = one_problem(&(common::project("a") + "scale: verify\n"));
    assert_eq!(d.code, Code::UnknownScale);
    assert_eq!(d.message, "the plan has no scale `verify`");
    assert_eq!(d.hint.as_deref(), Some("the scales are: rating"));
}

#[test]
fn a_variant_must_point_at_a_reading_of_the_file() {
    let text = common::project("a").replace(
        "placements: [p1-1]",
        "placements:\n  - p1-1\n  - policy: p1\n    variants:\n      - {path: years.2020.results, text: 別の記載}",
    );
    let d = one_problem(&text);
    assert_eq!(d.code, Code::UnknownPath);
    assert_eq!(d.position, at(8, 16));
    assert_eq!(
        d.message,
        "this file has no `years.2020.results` for the variant to differ from"
    );
}

#[test]
fn a_project_with_parts_keeps_its_years_in_the_parts() {
    let text =
        common::project("a") + "parts:\n  - label: 取組事例①\n    years: {2019: {rating: A}}\n";
    let site = common::mini_site();
    common::write(site.path(), "content/mini/projects/a.yaml", &text);
    let found = problems(site.path());
    let codes: Vec<(Code, String)> = found.iter().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(
        codes,
        [
            (
                Code::MisplacedField,
                "`years` belongs in each part when a project has parts".to_string()
            ),
            (
                Code::MisplacedField,
                "`rating` belongs in each part when a project has parts".to_string()
            ),
            (
                Code::MisplacedField,
                "`direction` belongs in each part when a project has parts".to_string()
            ),
        ]
    );
}

#[test]
fn a_value_with_more_numbers_than_series_is_reported() {
    let text = common::project("a")
        + "indicators:\n  - label: 上段:件数\n    values:\n      2019: {text: '1 2', numbers: [1, 2]}\n";
    let d = one_problem(&text);
    assert_eq!(d.code, Code::WrongType);
    assert_eq!(d.message, "2 numbers for 1 series");
    assert_eq!(d.position, at(15, 36));
}
