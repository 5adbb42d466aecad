//! `mieruka import` and `mieruka export`: a year's results from a progress sheet merged into the
//! project files, nothing dropped, nothing written when a row is wrong; export then import
//! changes nothing.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use mieruka::Silent;
use mieruka::check;
use mieruka::diagnostics::{Code, Diagnostic, Position};
use mieruka::export::{rows, to_csv};
use mieruka::import::{FileChange, Mapping, import};
use rust_xlsxwriter::Workbook;

fn mapping(toml: &str) -> Mapping {
    Mapping::parse(toml, Path::new("mapping.toml")).unwrap_or_else(|d| panic!("{d}"))
}

/// The dotted paths of the values a change set.
fn paths(change: &FileChange) -> Vec<String> {
    change.fields.iter().map(|f| f.path.clone()).collect()
}

fn export_mapping() -> Mapping {
    Mapping::read(&common::repo_root().join("docs/mappings/export.toml"))
        .unwrap_or_else(|d| panic!("{d}"))
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn export_then_import_changes_nothing_in_any_real_plan() {
    let dir = common::copy_of_content();
    let before = snapshot(&dir.path().join("content"));
    let (loaded, _) = mieruka::load::load_site(dir.path());
    for data in &loaded.site.plans {
        let csv = to_csv(&rows(data)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            csv.starts_with('\u{FEFF}'),
            "Excel needs the byte-order mark"
        );
        let file = dir.path().join(format!("{}.csv", data.plan.id));
        fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
        let report = import(
            dir.path(),
            &file,
            &data.plan.id,
            &export_mapping(),
            false,
            &Silent,
        )
        .unwrap_or_else(|d| panic!("{}: {d}", data.plan.id));
        assert!(report.rows > 100);
        assert_eq!(report.changes, [], "{}", data.plan.id);
    }
    assert!(
        before == snapshot(&dir.path().join("content")),
        "a file changed"
    );
}

#[test]
fn an_edited_export_changes_only_the_edited_value() {
    let dir = common::copy_of_content();
    let file = dir.path().join("shiroi.csv");
    let (loaded, _) = mieruka::load::load_site(dir.path());
    let data = loaded
        .site
        .plans
        .iter()
        .find(|p| p.plan.id == "shiroi-welfare")
        .unwrap_or_else(|| panic!("no plan"));
    let csv = to_csv(&rows(data)).unwrap_or_else(|e| panic!("{e}"));
    // Excel users change n05's FY2022 rating from B to A.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let mut records: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    let rating = records[0].iter().position(|h| h == "評価").unwrap_or(0);
    let row = records
        .iter()
        .position(|r| r.get(1) == Some("n05") && r.get(5) == Some("2022"))
        .unwrap_or_else(|| panic!("no row for n05 in 2022"));
    assert_eq!(records[row].get(rating), Some("B"));
    let mut cells: Vec<String> = records[row].iter().map(str::to_string).collect();
    cells[rating] = "A".to_string();
    records[row] = csv::StringRecord::from(cells);
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in &records {
        writer
            .write_record(record)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let edited = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    fs::write(&file, edited).unwrap_or_else(|e| panic!("{e}"));
    let before = fs::read_to_string(dir.path().join("content/shiroi-welfare/projects/n05.yaml"))
        .unwrap_or_default();
    let report = import(
        dir.path(),
        &file,
        "shiroi-welfare",
        &export_mapping(),
        false,
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(report.changes.len(), 1);
    assert_eq!(paths(&report.changes[0]), ["years.2022.rating"]);
    let after = fs::read_to_string(dir.path().join("content/shiroi-welfare/projects/n05.yaml"))
        .unwrap_or_default();
    assert_eq!(
        after,
        before.replacen("  2022:\n    rating: B\n", "  2022:\n    rating: A\n", 1)
    );
}

/// A progress sheet for FY2023 in the shape of Shiroi's 進行管理シート: a title row, then the
/// headings, then one row per item.
fn shiroi_sheet(path: &Path, rows: &[(u32, &str, &str, &str, &str)]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name("進行管理シート")
        .unwrap_or_else(|e| panic!("{e}"));
    sheet
        .write(0, 0, "白井市第2次地域福祉計画 進行管理シート（令和5年度）")
        .unwrap_or_else(|e| panic!("{e}"));
    for (c, heading) in [
        "No.",
        "取組項目",
        "評価",
        "進捗状況",
        "取組による成果、今後の課題や方針",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write(1, c as u16, *heading)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (r, (number, name, rating, status, outcome)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write(r, 0, *number).unwrap_or_else(|e| panic!("{e}"));
        sheet.write(r, 1, *name).unwrap_or_else(|e| panic!("{e}"));
        sheet.write(r, 2, *rating).unwrap_or_else(|e| panic!("{e}"));
        sheet.write(r, 3, *status).unwrap_or_else(|e| panic!("{e}"));
        sheet
            .write(r, 4, *outcome)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    workbook.save(path).unwrap_or_else(|e| panic!("{e}"));
}

const SHIROI_MAPPING: &str = r#"
sheet = "進行管理シート"
header_row = 2
fiscal_year = 2023
match = "number"
[columns]
number = "No."
rating = "評価"
status = "進捗状況"
outcome = "取組による成果、今後の課題や方針"
"#;

#[test]
fn a_years_results_from_an_excel_sheet_are_merged_without_touching_other_years() {
    let dir = common::copy_of_content();
    let file = dir.path().join("令和5年度.xlsx");
    shiroi_sheet(
        &file,
        &[
            (
                1,
                "保健福祉ガイドブックの発行",
                "A",
                "順調に進んだ",
                "ガイドブックを改訂し、2,000部を発行した。\n窓口で配布した。",
            ),
            (2, "周知方法の検討", "Ｂ", "概ね進んだ", ""),
        ],
    );
    let n01 = dir.path().join("content/shiroi-welfare/projects/n01.yaml");
    let before = fs::read_to_string(&n01).unwrap_or_default();
    let report = import(
        dir.path(),
        &file,
        "shiroi-welfare",
        &mapping(SHIROI_MAPPING),
        false,
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(report.rows, 2);
    let fields: Vec<Vec<String>> = report.changes.iter().map(paths).collect();
    assert_eq!(
        fields,
        [
            vec![
                "years.2023.outcome",
                "years.2023.rating",
                "years.2023.status"
            ],
            vec!["years.2023.rating", "years.2023.status"],
        ]
    );
    let after = fs::read_to_string(&n01).unwrap_or_default();
    assert!(
        after.starts_with(&before),
        "the earlier years are untouched"
    );
    assert_eq!(
        &after[before.len()..],
        "  2023:\n    outcome: |-\n      ガイドブックを改訂し、2,000部を発行した。\n      窓口で配布した。\n    rating: A\n    status: 順調に進んだ\n"
    );
    let found = check(dir.path());
    assert_eq!(found.error_count(), 0, "{found}");
}

#[test]
fn a_shift_jis_csv_with_japanese_years_is_read() {
    let dir = common::copy_of_content();
    let file = dir.path().join("進捗.csv");
    let text = "事業名,年度,取り組みへの評価\r\n老人クラブ助成事業,令和５年度,会員数の減少への対応を検討する。\r\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let m = mapping(
        "match = \"name\"\n[columns]\nname = \"事業名\"\nfiscal_year = \"年度\"\nnote = \"取り組みへの評価\"\n",
    );
    let report = import(dir.path(), &file, "honjo-suicide-2019", &m, false, &Silent)
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(report.changes.len(), 1);
    assert_eq!(paths(&report.changes[0]), ["years.2023.note"]);
    let text = fs::read_to_string(
        dir.path()
            .join("content/honjo-suicide-2019/projects/j1-1-02.yaml"),
    )
    .unwrap_or_default();
    assert!(
        text.contains("    note: 会員数の減少への対応を検討する。\n"),
        "{text}"
    );
}

#[test]
fn a_bad_row_is_reported_with_sheet_row_and_column_and_nothing_is_written() {
    let dir = common::copy_of_content();
    let file = dir.path().join("bad.xlsx");
    shiroi_sheet(
        &file,
        &[
            (1, "保健福祉ガイドブックの発行", "A", "順調に進んだ", "よい"),
            (99, "ない項目", "A", "順調に進んだ", ""),
            (2, "周知方法の検討", "Z", "順調に進んだ", ""),
            (3, "民生委員・児童委員活動への支援", "B", "とても順調", ""),
        ],
    );
    let before = snapshot(&dir.path().join("content"));
    let problems = import(
        dir.path(),
        &file,
        "shiroi-welfare",
        &mapping(SHIROI_MAPPING),
        false,
        &Silent,
    )
    .err()
    .unwrap_or_else(|| panic!("the import succeeded"))
    .into_sorted();
    let found: Vec<(Code, Option<Position>, String)> = problems
        .iter()
        .map(|d| (d.code, d.position, d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::UnknownProject, Some(Position { line: 4, column: 1 }), "sheet 進行管理シート, row 4, column A (No.): the plan has no project `99`".to_string()),
            (Code::UnknownRating, Some(Position { line: 5, column: 3 }), "sheet 進行管理シート, row 5, column C (評価): `Z` is not a code of the rating scale `rating` (評価)".to_string()),
            (Code::UnknownStatus, Some(Position { line: 6, column: 4 }), "sheet 進行管理シート, row 6, column D (進捗状況): `とても順調` is not a code of the status scale `progress` (進捗状況)".to_string()),
        ]
    );
    assert!(
        before == snapshot(&dir.path().join("content")),
        "a file was written"
    );
}

#[test]
fn a_row_with_a_new_id_adds_a_project_and_a_dry_run_writes_nothing() {
    let dir = common::copy_of_content();
    let file = dir.path().join("new.csv");
    fs::write(
        &file,
        "事業ID,事業名,施策,担当課,年度,実施状況,評価\nn49,新しい取組,b6-3-1,社会福祉課,2023,\"始めた。\n順調。\",A\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = mapping(
        "[columns]\nid = \"事業ID\"\nname = \"事業名\"\npolicy = \"施策\"\ndepartment = \"担当課\"\nfiscal_year = \"年度\"\nresults = \"実施状況\"\nrating = \"評価\"\n",
    );
    let new_file = dir.path().join("content/shiroi-welfare/projects/n49.yaml");
    let dry = import(dir.path(), &file, "shiroi-welfare", &m, true, &Silent)
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(dry.changes.len(), 1);
    assert!(dry.changes[0].created);
    assert!(!new_file.exists(), "a dry run wrote a file");
    import(dir.path(), &file, "shiroi-welfare", &m, false, &Silent)
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        fs::read_to_string(&new_file).unwrap_or_default(),
        "id: n49\nname: 新しい取組\nplacements: [b6-3-1]\ndepartments:\n  - name: 社会福祉課\nyears:\n  2023:\n    results: |-\n      始めた。\n      順調。\n    rating: A\n"
    );
    assert_eq!(check(dir.path()).error_count(), 0);
}

#[test]
fn the_command_reports_what_would_change() {
    let dir = common::copy_of_content();
    let file = dir.path().join("令和5年度.xlsx");
    shiroi_sheet(
        &file,
        &[(1, "保健福祉ガイドブックの発行", "A", "順調に進んだ", "")],
    );
    let mapping_file = dir.path().join("mapping.toml");
    fs::write(&mapping_file, SHIROI_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["import"])
        .arg(&file)
        .args(["--plan", "shiroi-welfare", "--dry-run", "--mapping"])
        .arg(&mapping_file)
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr
            .contains("n01.yaml\n    years.2023.rating: A\n    years.2023.status: 順調に進んだ\n"),
        "{stderr}"
    );
    assert!(stderr.contains("would import 1 row in "), "{stderr}");
    assert!(
        stderr.contains(" s: 1 file would change (0 new); nothing was written (--dry-run)\n"),
        "{stderr}"
    );
}

/// Imports `csv` into 本庄市's welfare plan with `toml` as the mapping, and returns the problems,
/// sorted. Nothing may have been written.
fn honjo_problems(csv: &str, toml: &str) -> Vec<Diagnostic> {
    let dir = common::copy_of_content();
    let file = dir.path().join("sheet.csv");
    fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&dir.path().join("content"));
    let problems = import(
        dir.path(),
        &file,
        "honjo-welfare-2019",
        &mapping(toml),
        false,
        &Silent,
    )
    .err()
    .unwrap_or_else(|| panic!("the import succeeded"))
    .into_sorted();
    assert!(
        before == snapshot(&dir.path().join("content")),
        "a file was written"
    );
    problems
}

/// Each problem as the staff member reads it: its position in the sheet and its message.
fn shown(problems: &[Diagnostic]) -> Vec<(Option<Position>, String)> {
    problems
        .iter()
        .map(|d| (d.position, d.message.clone()))
        .collect()
}

#[test]
fn every_kind_of_bad_row_is_reported_at_its_cell() {
    let csv = "\
事業ID,事業名,施策,担当課,年度,取組事例,評価,進捗
s1-1-1-06,,,,2023,,A,
s1-1-1-06,,,,2023,取組事例③,A,
s1-1-1-01,,,,2030,,A,
,,,,2023,,A,
s1-1-1-01,,,,2023,,A,
s1-1-1-01,,,,2023,,B,
s1-1-1-02,,,,2023,,A,順調
s1-1-1-03,,,,来年,,A,
Bad ID,,,,2023,,A,
n1,,s1-1-1,福祉課,2023,,A,
n2,新しい取組,s9,福祉課,2023,,A,
n3,新しい取組,s1-1-1,福祉課,2023,取組事例①,A,
";
    let toml = "[columns]\nid = \"事業ID\"\nname = \"事業名\"\npolicy = \"施策\"\ndepartment = \"担当課\"\nfiscal_year = \"年度\"\npart = \"取組事例\"\nrating = \"評価\"\nstatus = \"進捗\"\n";
    let at = |line, column| Some(Position { line, column });
    assert_eq!(
        shown(&honjo_problems(csv, toml)),
        [
            (at(2, 6), "sheet sheet.csv, row 2, column F (取組事例): `s1-1-1-06` has parts; the row must say which (取組事例①, 取組事例②)".to_string()),
            (at(3, 6), "sheet sheet.csv, row 3, column F (取組事例): `s1-1-1-06` has no part `取組事例③` (取組事例①, 取組事例②)".to_string()),
            (at(4, 5), "sheet sheet.csv, row 4, column E (年度): fiscal year 2030 (令和12年度) is outside the plan period 2019–2023".to_string()),
            (at(5, 1), "sheet sheet.csv, row 5, column A (事業ID): the row has values but no project to put them in".to_string()),
            (at(7, 7), "sheet sheet.csv, row 7, column G (評価): row 6 already gives this project's rating of 令和5年度 as `A`".to_string()),
            (at(8, 8), "sheet sheet.csv, row 8, column H (進捗): the plan has no scale for `status`".to_string()),
            (at(9, 5), "sheet sheet.csv, row 9, column E (年度): `来年` is not a fiscal year (write 2019, 令和元年度, 平成31年度 or R1)".to_string()),
            (at(10, 1), "sheet sheet.csv, row 10, column A (事業ID): the plan has no project `Bad ID`, and `Bad ID` cannot be a new project's id: an id may only use a–z, 0–9, `-` and `_`".to_string()),
            (at(11, 2), "sheet sheet.csv, row 11, column B (事業名): the plan has no project `n1`; to add it, the row needs its name".to_string()),
            (at(12, 3), "sheet sheet.csv, row 12, column C (施策): the plan has no policy `s9`".to_string()),
            (at(13, 6), "sheet sheet.csv, row 13, column F (取組事例): a new project has no part `取組事例①`".to_string()),
        ]
    );
}

#[test]
fn a_mapping_that_does_not_fit_the_sheet_is_reported_before_any_row() {
    let csv = "No.,評価\n1,A\n";
    assert_eq!(
        shown(&honjo_problems(csv, "match = \"number\"\n[columns]\nname = \"事業名\"\nrating = \"評価\"\n")),
        [
            (None, "sheet sheet.csv, row 1: there is no column `事業名` (for name)".to_string()),
            (None, "the mapping gives no fiscal year: set `fiscal_year = 2023`, or a `fiscal_year` column".to_string()),
            (None, "the mapping matches rows by number, but names no `number` column under [columns]".to_string()),
        ]
    );
    // The column rows are matched by is named once, though it is both the key and the number.
    assert_eq!(
        shown(&honjo_problems(
            csv,
            "match = \"number\"\nfiscal_year = 2023\n[columns]\nnumber = \"番号\"\nrating = \"評価\"\n"
        )),
        [(
            None,
            "sheet sheet.csv, row 1: there is no column `番号` (for number)".to_string()
        )]
    );
}

#[test]
fn a_row_matched_by_number_or_name_must_name_exactly_one_project() {
    // 本庄市's numbers restart under every policy, printed in both widths: `1` and `１` are one.
    let by_number = honjo_problems(
        "No.,評価\n1,A\n",
        "match = \"number\"\nfiscal_year = 2023\n[columns]\nnumber = \"No.\"\nrating = \"評価\"\n",
    );
    assert_eq!(
        shown(&by_number),
        [(
            Some(Position { line: 2, column: 1 }),
            "sheet sheet.csv, row 2, column A (No.): 16 projects have the number `1`".to_string()
        )]
    );
    let by_name = honjo_problems(
        "取組,評価\n相談支援専門職の確,A\n",
        "match = \"name\"\nfiscal_year = 2023\n[columns]\nname = \"取組\"\nrating = \"評価\"\n",
    );
    assert_eq!(
        shown(&by_name),
        [(
            Some(Position { line: 2, column: 1 }),
            "sheet sheet.csv, row 2, column A (取組): the plan has no project `相談支援専門職の確`"
                .to_string()
        )]
    );
    assert_eq!(
        by_name[0].hint.as_deref(),
        Some("did you mean `相談支援専門職の確保`?")
    );
}

#[test]
fn a_new_project_without_a_name_column_asks_for_one_to_be_mapped() {
    let problems = honjo_problems(
        "事業ID,施策,担当課,評価\nn1,s1-1-1,福祉課,A\n",
        "fiscal_year = 2023\n[columns]\nid = \"事業ID\"\npolicy = \"施策\"\ndepartment = \"担当課\"\nrating = \"評価\"\n",
    );
    assert_eq!(
        shown(&problems),
        [(
            Some(Position { line: 2, column: 1 }),
            "sheet sheet.csv, row 2, column A (事業ID): the plan has no project `n1`; to add it, the row needs its name (map a `name` column)".to_string()
        )]
    );
}

/// Writes `csv` as `sheet.csv` in `dir` and imports it into 白井市's plan with `toml`.
fn shiroi_import(
    dir: &Path,
    csv: &str,
    toml: &str,
    dry_run: bool,
) -> Result<mieruka::import::ImportReport, mieruka::diagnostics::Diagnostics> {
    let file = dir.join("sheet.csv");
    fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    import(
        dir,
        &file,
        "shiroi-welfare",
        &mapping(toml),
        dry_run,
        &Silent,
    )
}

#[test]
fn codes_are_read_as_printed_and_written_as_the_code_a_look_alike_with_a_warning() {
    let dir = common::copy_of_content();
    let toml =
        "match = \"number\"\nfiscal_year = 2023\n[columns]\nnumber = \"No.\"\nrating = \"評価\"\n";
    // A code with another code's label is refused, naming whose label it is.
    let refused = shiroi_import(dir.path(), "No.,評価\n4,B 未実施\n", toml, false)
        .err()
        .unwrap_or_else(|| panic!("the import succeeded"));
    assert_eq!(
        shown(&refused.into_sorted()),
        [(
            Some(Position { line: 2, column: 2 }),
            "sheet sheet.csv, row 2, column B (評価): `B 未実施` gives the code `B` with the label of `D` (未実施) of the rating scale `rating`".to_string()
        )]
    );
    // n01: the rating with its label; n02: a Cyrillic В, as a PDF's text layer gives it;
    // n03: full-width, the code itself in another width, kept as printed.
    let csv = "No.,評価\n1,A　順調に進んでいる\n2,\u{0412}\n3,Ｃ\n";
    let report = shiroi_import(dir.path(), csv, toml, false).unwrap_or_else(|d| panic!("{d}"));
    let written: Vec<String> = report
        .changes
        .iter()
        .map(|c| c.fields.iter().map(ToString::to_string).collect::<String>())
        .collect();
    assert_eq!(
        written,
        [
            "years.2023.rating: A",
            "years.2023.rating: B",
            "years.2023.rating: Ｃ"
        ]
    );
    let warnings: Vec<(Option<Position>, String, Option<String>)> = report
        .warnings
        .iter()
        .map(|d| (d.position, d.message.clone(), d.hint.clone()))
        .collect();
    assert_eq!(
        warnings,
        [(
            Some(Position { line: 3, column: 2 }),
            "sheet sheet.csv, row 3, column B (評価): `В` is read as the code `B` of the rating scale `rating` (評価), but `В` is CYRILLIC CAPITAL LETTER VE, not a Latin letter".to_string(),
            Some("type the code again as `B`: a letter copied from a PDF can look the same and be another".to_string())
        )]
    );
    assert_eq!(check(dir.path()).error_count(), 0);
}

#[test]
fn a_changed_name_is_applied_to_the_project_of_its_id_and_a_policy_is_found_by_its_number() {
    let dir = common::copy_of_content();
    let toml = "fiscal_year = 2023\n[columns]\nid = \"事業ID\"\nname = \"事業名\"\npolicy = [\"基本方針\", \"施策の方向\"]\n";
    // n05 renamed, and placed under ③ of 基本方針 (6) (`b6-3`), each named by its number as
    // printed, in full-width characters.
    let csv = "事業ID,事業名,基本方針,施策の方向\nn05,庁内の横断的な連携体制の強化,（６）,③\n";
    let report = shiroi_import(dir.path(), csv, toml, true).unwrap_or_else(|d| panic!("{d}"));
    let listed: Vec<String> = report.changes[0]
        .fields
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        listed,
        [
            "name: 庁内の横断的な連携体制の推進 → 庁内の横断的な連携体制の強化",
            "placements.0: b1-1-3 → b6-3",
        ]
    );
    // A policy the plan does not have gets the same "did you mean" as in a project file.
    let csv = "事業ID,事業名,基本方針,施策の方向\nn05,庁内の横断的な連携体制の推進,基本方針（６）,地域づくりに向けた支縁\n";
    let refused = shiroi_import(dir.path(), csv, toml, true)
        .err()
        .unwrap_or_else(|| panic!("the import succeeded"));
    let found: Vec<(String, Option<String>)> = refused
        .into_sorted()
        .into_iter()
        .map(|d| (d.message, d.hint))
        .collect();
    assert_eq!(
        found,
        [(
            "sheet sheet.csv, row 2, column D (施策の方向): the plan has no policy `地域づくりに向けた支縁` under `基本方針 (6) 包括的な支援体制づくり`".to_string(),
            Some("did you mean `地域づくりに向けた支援`?".to_string())
        )]
    );
}

#[test]
fn a_heading_over_two_columns_or_a_letter_past_the_sheet_names_no_column() {
    let csv = "No.,評価,評価\n1,A,B\n";
    assert_eq!(
        shown(&honjo_problems(
            csv,
            "match = \"number\"\nfiscal_year = 2023\n[columns]\nnumber = \"No.\"\nrating = \"評価\"\nnote = \"ID\"\n"
        )),
        [
            (
                None,
                "sheet sheet.csv, row 1: the heading `評価` (for rating) is over columns B and C"
                    .to_string()
            ),
            (
                None,
                "sheet sheet.csv, row 1: there is no column `ID` (for note)".to_string()
            ),
        ]
    );
}

#[test]
fn an_excel_sheet_of_merged_blank_cells_and_dates_is_read_without_a_panic() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("blank.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 3, "", &rust_xlsxwriter::Format::new())
        .unwrap_or_else(|e| panic!("{e}"));
    workbook.save(&path).unwrap_or_else(|e| panic!("{e}"));
    let table = mieruka::import::read_table(&path, None).unwrap_or_else(|d| panic!("{d}"));
    assert!(table.rows.iter().flatten().all(String::is_empty));

    let path = dir.path().join("dates.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date =
        rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 4, 1).unwrap_or_else(|e| panic!("{e}"));
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_with_format(0, 0, &date, &format)
        .unwrap_or_else(|e| panic!("{e}"));
    workbook.save(&path).unwrap_or_else(|e| panic!("{e}"));
    let table = mieruka::import::read_table(&path, None).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(table.rows[0][0], "2023/4/1");
}
