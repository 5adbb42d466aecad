//! A city new to mieruka: a site started with `init`, the city's plan, and its own progress sheet
//! (`tests/fixtures/town-sheet/`) imported as the city prints it — as CSV and as Excel with merged
//! cells — with the mapping of the staff guide (`docs/mappings/example.toml`). The project files
//! need no edit: `check` finds nothing, and the pages show every imported cell.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use mieruka::fiscal_year::FiscalYear;
use mieruka::import::{ImportReport, Mapping, import};
use mieruka::load::load_site;
use mieruka::model::PlanData;
use mieruka::scaffold::init;
use mieruka::{Silent, check};
use rust_xlsxwriter::{Format, Workbook};

use common::{text, write};

const PLAN_ID: &str = "mihon-welfare-2022";

fn fixture() -> PathBuf {
    common::repo_root().join("tests/fixtures/town-sheet")
}

fn fy(year: i64) -> FiscalYear {
    FiscalYear::new(year).unwrap_or_else(|e| panic!("{e}"))
}

/// The sheet's rows as the city prints them: a title row, the headings, a row per project, with
/// 基本目標 and 施策 printed once for the rows below them.
fn sheet_rows() -> Vec<Vec<String>> {
    let bytes = fs::read(fixture().join("進捗管理シート.csv")).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(bytes).unwrap_or_default();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The rows of projects, each as heading → cell.
fn projects() -> Vec<Vec<(String, String)>> {
    let rows = sheet_rows();
    let headings = rows[1].clone();
    rows[2..]
        .iter()
        .map(|row| headings.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], heading: &str) -> &'a str {
    row.iter()
        .find(|(h, _)| h == heading)
        .map_or_else(|| panic!("no column {heading}"), |(_, c)| c.as_str())
}

/// The town's plan of the site at `root`, as the build loads it.
fn town_plan(root: &Path) -> PlanData {
    let (loaded, _) = load_site(root);
    loaded
        .site
        .plans
        .into_iter()
        .find(|p| p.plan.id == PLAN_ID)
        .unwrap_or_else(|| panic!("no plan"))
}

/// A site as `mieruka init` starts it, with the town's plan beside the starting one.
fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    init(dir.path(), "plan", fy(2024), fy(2028)).unwrap_or_else(|d| panic!("{d}"));
    let plan = fs::read_to_string(fixture().join("plan.yaml")).unwrap_or_default();
    write(dir.path(), &format!("content/{PLAN_ID}/plan.yaml"), &plan);
    dir
}

/// Imports `sheet` into the town's plan with the guide's mapping.
fn import_sheet(root: &Path, sheet: &Path, dry_run: bool) -> ImportReport {
    let mapping = Mapping::read(&common::repo_root().join("docs/mappings/example.toml"))
        .unwrap_or_else(|d| panic!("{d}"));
    import(root, sheet, PLAN_ID, &mapping, dry_run, &Silent).unwrap_or_else(|d| panic!("{d}"))
}

/// The sheet as an Excel file, 基本目標 and 施策 each merged over the rows it covers.
fn excel_sheet(path: &Path) {
    let rows = sheet_rows();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if c > 1 || r < 2 {
                sheet
                    .write(r as u32, c as u16, text.as_str())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    for c in 0..2u16 {
        // Each printed cell covers the empty ones below it.
        let starts: Vec<usize> = (2..rows.len())
            .filter(|&r| !rows[r][usize::from(c)].is_empty())
            .collect();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(rows.len(), |&next| next) - 1;
            let text = rows[start][usize::from(c)].as_str();
            if end > start {
                sheet
                    .merge_range(start as u32, c, end as u32, c, text, &plain)
                    .unwrap_or_else(|e| panic!("{e}"));
            } else {
                sheet
                    .write(start as u32, c, text)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    workbook.save(path).unwrap_or_else(|e| panic!("{e}"));
}

/// The project files of the town's plan, by name, with their bytes.
fn project_files(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    common::snapshot(&root.join(format!("content/{PLAN_ID}/projects")))
}

#[test]
fn a_city_s_sheet_as_csv_and_as_excel_gives_project_files_that_need_no_edit() {
    let from_csv = new_site();
    let csv = from_csv.path().join("進捗管理シート.csv");
    fs::copy(fixture().join("進捗管理シート.csv"), &csv).unwrap_or_else(|e| panic!("{e}"));
    let report = import_sheet(from_csv.path(), &csv, false);
    assert_eq!(report.rows, projects().len());
    assert_eq!(
        report.changes.iter().filter(|c| c.created).count(),
        projects().len()
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // The files are the staff's to edit and the web server's to read, as any file they make.
    #[cfg(unix)]
    for change in &report.changes {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&change.path)
            .unwrap_or_else(|e| panic!("{}: {e}", change.path.display()))
            .permissions()
            .mode();
        assert_eq!(mode & 0o644, 0o644, "{}: {mode:o}", change.path.display());
    }

    let from_excel = new_site();
    let xlsx = from_excel.path().join("進捗管理シート.xlsx");
    excel_sheet(&xlsx);
    import_sheet(from_excel.path(), &xlsx, false);
    assert_eq!(
        project_files(from_csv.path()),
        project_files(from_excel.path()),
        "the Excel sheet, merged cells and all, reads as the CSV does"
    );

    let found = check(from_csv.path());
    assert_eq!(
        (found.error_count(), found.warning_count()),
        (0, 0),
        "{found}"
    );
    // Importing the same sheet again changes nothing.
    let again = import_sheet(from_csv.path(), &csv, false);
    assert_eq!(again.changes, []);
}

#[test]
fn the_pages_show_every_imported_cell() {
    let site = imported_site();
    let out = common::build_at(site.path());
    let plan = town_plan(site.path());
    let scale = plan
        .plan
        .status_scale()
        .unwrap_or_else(|| panic!("no scale"));
    let mut policy = (String::new(), String::new());
    for row in projects() {
        let name = cell(&row, "事業名");
        let project = plan
            .projects
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no project {name}"));
        let html = fs::read_to_string(out.join(format!("{PLAN_ID}/projects/{}.html", project.id)))
            .unwrap_or_else(|e| panic!("{e}"));
        let page = text(&html);
        let seen = |what: &str, shown: &str| {
            assert!(
                page.contains(shown),
                "{name}: {what} `{shown}` is not on the page:\n{page}"
            );
        };
        assert!(html.contains(&format!("<h1>{name}</h1>")), "{html}");
        for heading in [
            "事業概要",
            "令和4年度の取組実績",
            "令和5年度の取組計画",
            "令和5年度の取組実績",
        ] {
            // Line breaks in a cell are lines of one paragraph.
            let lines: Vec<&str> = cell(&row, heading).lines().collect();
            for line in lines {
                seen(heading, line);
            }
        }
        seen(
            "計画書ページ",
            &format!("計画書ページ {}", cell(&row, "計画書ページ")),
        );
        // The policy printed once for the rows below it belongs to them too.
        for (i, heading) in ["基本目標", "施策"].iter().enumerate() {
            let printed = cell(&row, heading);
            if !printed.is_empty() {
                if i == 0 {
                    policy.0 = printed.to_string();
                }
                policy.1 = printed.to_string();
            }
        }
        let policy_name = policy.1.split_once('）').map_or("", |(_, n)| n);
        seen("施策", policy_name);
        // Every section of the cell, each with its division.
        let divisions: Vec<&str> = cell(&row, "担当部").split('・').collect();
        for (i, department) in cell(&row, "担当課").split('・').enumerate() {
            let division = divisions
                .get(i)
                .or(divisions.first())
                .copied()
                .unwrap_or_default();
            seen("担当部・担当課", &format!("{division} {department}"));
        }
        let status = scale
            .find(cell(&row, "取組状況"))
            .unwrap_or_else(|| panic!("{name}: no status"));
        seen(
            "取組状況",
            &format!("取組状況 {} {}", status.code, status.label()),
        );
        match cell(&row, "達成率") {
            "" => assert!(!page.contains("達成率"), "{name}: a blank rate is shown"),
            rate => seen("達成率", &format!("達成率 {rate}%")),
        }
        let indicator = cell(&row, "指標");
        if !indicator.is_empty() {
            seen("指標", &format!("指標：{indicator}"));
            for heading in ["令和4年度実績値", "令和5年度実績値"] {
                seen(
                    heading,
                    &format!("{}（{}）", cell(&row, heading), cell(&row, "単位")),
                );
            }
        }
    }
}

#[test]
fn a_changed_name_policy_or_department_is_applied_and_listed() {
    let site = new_site();
    let csv = site.path().join("進捗管理シート.csv");
    fs::copy(fixture().join("進捗管理シート.csv"), &csv).unwrap_or_else(|e| panic!("{e}"));
    import_sheet(site.path(), &csv, false);
    // The next sheet: 子育てひろば事業 has passed from こども課 to 母子健康センター alone, and is
    // listed under 施策 (1) of 基本目標 2. Rows are matched by name, so a changed name is a new
    // project; matched by id, the name would change (tests/testsuite/import.rs).
    let edited = fs::read_to_string(&csv)
        .unwrap_or_default()
        .replace(
            ",,子育てひろば事業,乳幼児と保護者が集える場を設け、子育ての相談に応じる。,28,子ども未来部,こども課・母子健康センター,",
            "２　安心して暮らせる仕組みづくり,（１）相談支援体制の充実,子育てひろば事業,乳幼児と保護者が集える場を設け、子育ての相談に応じる。,28,子ども未来部,母子健康センター,",
        );
    fs::write(&csv, edited).unwrap_or_else(|e| panic!("{e}"));
    let dry = import_sheet(site.path(), &csv, true);
    let listed: Vec<String> = dry
        .changes
        .iter()
        .flat_map(|c| c.fields.iter().map(|f| f.to_string()))
        .collect();
    assert_eq!(
        listed,
        [
            "placements.0: g1-2 → g2-1",
            "departments: + 子ども未来部 母子健康センター（令和5年度から）",
        ]
    );
    import_sheet(site.path(), &csv, false);
    let file = fs::read_to_string(
        site.path()
            .join(format!("content/{PLAN_ID}/projects/g1-2-02.yaml")),
    )
    .unwrap_or_default();
    assert!(file.contains("placements: [g2-1]\n"), "{file}");
    assert!(
        file.contains("departments:\n  - name: こども課\n    division: 子ども未来部\n  - name: 母子健康センター\n    division: 子ども未来部\n  - name: 母子健康センター\n    division: 子ども未来部\n    from: 2023\n"),
        "{file}"
    );
    let found = check(site.path());
    assert_eq!(found.error_count(), 0, "{found}");
}

/// Imports `csv` (headings on row 1) into a site that already has the town's sheet imported,
/// with `toml` as the mapping; the report, or the problems as `(row, column, message)`.
fn import_more(
    root: &Path,
    csv: &str,
    toml: &str,
    dry_run: bool,
) -> Result<ImportReport, Vec<String>> {
    let file = root.join("more.csv");
    fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let mapping = Mapping::parse(toml, Path::new("more.toml")).unwrap_or_else(|d| panic!("{d}"));
    import(root, &file, PLAN_ID, &mapping, dry_run, &Silent)
        .map_err(|d| d.into_sorted().into_iter().map(|d| d.message).collect())
}

/// A site with the town's sheet imported.
fn imported_site() -> tempfile::TempDir {
    let site = new_site();
    let csv = site.path().join("進捗管理シート.csv");
    fs::copy(fixture().join("進捗管理シート.csv"), &csv).unwrap_or_else(|e| panic!("{e}"));
    import_sheet(site.path(), &csv, false);
    site
}

fn project_file(root: &Path, id: &str) -> String {
    fs::read_to_string(root.join(format!("content/{PLAN_ID}/projects/{id}.yaml")))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_department_change_keeps_the_history_and_the_divisions() {
    let site = imported_site();
    let root = site.path();
    // 子ども見守り隊支援事業 (g1-1-02) has 教育部 学校教育課 and 子ども未来部 こども課: named in the
    // other order, without divisions, nothing changes.
    let by_name = "fiscal_year = 2023\nmatch = \"name\"\n[columns]\nname = \"事業名\"\ndepartment = \"担当課\"\n";
    let same = import_more(
        root,
        "事業名,担当課\n子ども見守り隊支援事業,こども課・学校教育課\n",
        by_name,
        false,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(same.changes, []);
    // A successor named for FY2025 stays when FY2022's department is corrected; the
    // department the plan has elsewhere comes with its division.
    let file = root.join(format!("content/{PLAN_ID}/projects/g1-2-01.yaml"));
    let text = project_file(root, "g1-2-01").replace(
        "departments:\n  - name: 長寿介護課\n    division: 福祉部\n",
        "departments:\n  - name: 長寿介護課\n    division: 福祉部\n  - name: 地域包括ケア課  # 令和7年度から\n    division: 福祉部\n    from: 2025\n",
    );
    fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let in_2022 = "fiscal_year = 2022\nmatch = \"name\"\n[columns]\nname = \"事業名\"\ndepartment = \"担当課\"\n";
    import_more(
        root,
        "事業名,担当課\n地域サロン運営補助,福祉課\n",
        in_2022,
        false,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert!(
        project_file(root, "g1-2-01").contains(
            "departments:\n  - name: 福祉課\n    division: 福祉部\n  - name: 地域包括ケア課\n    division: 福祉部\n    from: 2025\n"
        ),
        "{}",
        project_file(root, "g1-2-01")
    );
    // A department that takes over in FY2023 keeps the division it had in the plan.
    import_more(
        root,
        "事業名,担当課\n総合相談窓口の運営,長寿介護課\n",
        by_name,
        false,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert!(
        project_file(root, "g2-1-01").contains(
            "departments:\n  - name: 福祉課\n    division: 福祉部\n  - name: 長寿介護課\n    division: 福祉部\n    from: 2023\n"
        ),
        "{}",
        project_file(root, "g2-1-01")
    );
    assert_eq!(check(root).error_count(), 0);
}

#[test]
fn a_new_project_never_takes_the_id_of_another() {
    let site = imported_site();
    let root = site.path();
    let toml = "fiscal_year = 2023\nmatch = \"name\"\n[columns]\nid = \"ID\"\nname = \"事業名\"\npolicy = \"施策\"\ndepartment = \"担当課\"\n";
    let before = project_files(root);
    let refused = import_more(
        root,
        "ID,事業名,施策,担当課\ng1-1-02,新しい事業,g1-1,福祉課\nnew-a,事業甲,g1-1,福祉課\nnew-a,事業乙,g1-1,福祉課\n",
        toml,
        false,
    )
    .err()
    .unwrap_or_default();
    assert_eq!(
        refused,
        [
            "sheet more.csv, row 2, column A (ID): `g1-1-02` is the id of `子ども見守り隊支援事業`; the row names `新しい事業`, which the plan does not have",
            "sheet more.csv, row 4, column A (ID): row 3 already adds a project with the id `new-a`",
        ]
    );
    assert_eq!(project_files(root), before);
}

#[test]
fn a_cell_split_into_what_is_not_a_department_is_a_warning() {
    let site = imported_site();
    let toml = "fiscal_year = 2023\nmatch = \"name\"\n[columns]\nname = \"事業名\"\ndepartment = \"担当課\"\n";
    let report = import_more(
        site.path(),
        "事業名,担当課\n見守りネットワーク事業,子ども・子育て支援課\n",
        toml,
        true,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        warnings,
        [
            "sheet more.csv, row 2, column B (担当課): `子ども・子育て支援課` is read as 2 departments (子ども, 子育て支援課); `子ども` does not look like a department's name"
        ]
    );
    // Names match whatever their spaces and width.
    let spaced = import_more(
        site.path(),
        "事業名,担当課\n見守り ネットワーク事業,福祉課\n",
        toml,
        true,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(spaced.changes, []);
}

#[test]
fn a_plan_of_statuses_counts_charts_and_filters_them_like_ratings() {
    let site = imported_site();
    let out = common::build_at(site.path());
    let plan = town_plan(site.path());
    let scale = plan
        .plan
        .status_scale()
        .unwrap_or_else(|| panic!("no scale"));
    let year = fy(2023);
    let page = text(
        &fs::read_to_string(out.join(format!("{PLAN_ID}/years/2023.html")))
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let plan_page = text(
        &fs::read_to_string(out.join(format!("{PLAN_ID}/index.html")))
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(page.contains("取組状況の分布"), "{page}");
    for code in &scale.codes {
        let count = plan
            .projects
            .iter()
            .filter_map(|p| p.year(year).and_then(|e| e.status.as_deref()))
            .filter(|s| scale.find(s).is_some_and(|c| c.code == code.code))
            .count();
        // The year's summary table, and the plan page's filter with its count.
        assert!(
            page.contains(&format!("{} {} {count} ", code.code, code.label())),
            "{} {count}: {page}",
            code.code
        );
        if count > 0 {
            assert!(
                plan_page.contains(&format!("{} {} {count}件", code.code, code.label())),
                "{} {count}: {plan_page}",
                code.code
            );
        }
    }
    assert!(plan_page.contains("年度別の取組状況"), "{plan_page}");
    // The tree counts in the plan's own counter word.
    let under_g1 = plan
        .projects
        .iter()
        .filter(|p| p.placements.iter().any(|pl| pl.policy.starts_with("g1")))
        .count();
    assert!(
        plan_page.contains(&format!("みんなで支え合うまちづくり （{under_g1}件）")),
        "{plan_page}"
    );
    assert!(plan_page.contains("取組状況の区分"), "{plan_page}");
    assert!(!plan_page.contains("取組状況なし 7件"), "{plan_page}");
}

#[test]
fn two_municipalities_sections_of_one_name_are_two_departments() {
    // The shipped plans of 本庄市 and 白井市 beside the town's: each has a 学校教育課.
    let site = common::copy_of_content();
    let root = site.path();
    write(
        root,
        &format!("content/{PLAN_ID}/plan.yaml"),
        &fs::read_to_string(fixture().join("plan.yaml")).unwrap_or_default(),
    );
    let csv = root.join("進捗管理シート.csv");
    fs::copy(fixture().join("進捗管理シート.csv"), &csv).unwrap_or_else(|e| panic!("{e}"));
    import_sheet(root, &csv, false);
    let found = check(root);
    assert_eq!(found.error_count(), 0, "{found}");
    let out = common::build_at(root);
    let (loaded, _) = load_site(root);
    // 学校教育課's projects in each municipality, counted from the files.
    let count = |municipality: &str| {
        loaded
            .site
            .plans
            .iter()
            .filter(|p| p.plan.municipality == municipality)
            .flat_map(|p| &p.projects)
            .filter(|p| {
                p.sheets()
                    .iter()
                    .any(|s| s.departments().iter().any(|d| d.name == "学校教育課"))
            })
            .count()
    };
    let index = fs::read_to_string(out.join("departments/index.html")).unwrap_or_default();
    let mut pages = Vec::new();
    for municipality in ["本庄市", "見本町"] {
        let section = common::between(&index, &format!(">{municipality}</h2>"), "</table>");
        let row = common::between(section, ">学校教育課</a>", "</tr>");
        let url = common::between(section, "<a href=\"", "\">学校教育課</a>");
        let url = url.rsplit('"').next().unwrap_or_default().to_string();
        assert!(
            text(row)
                .trim_start_matches('>')
                .starts_with(&format!("学校教育課 {} ", count(municipality))),
            "{municipality}: {}",
            text(row)
        );
        pages.push(url);
    }
    assert_ne!(pages[0], pages[1], "one page each");
    let town = fs::read_to_string(
        out.join("departments").join(
            pages[1]
                .trim_start_matches("../")
                .trim_start_matches("departments/"),
        ),
    )
    .unwrap_or_default();
    assert!(
        text(&town).contains("見本町 教育部の担当課"),
        "{}",
        text(&town)
    );
    assert!(
        !text(&town).contains("本庄市自殺対策計画"),
        "{}",
        text(&town)
    );
    // The address the name alone had leads to both.
    let by_name = fs::read_to_string(out.join(mieruka::site::urls::department_name("学校教育課")))
        .unwrap_or_default();
    assert!(
        text(&by_name).contains("学校教育課（本庄市） 学校教育課（見本町）"),
        "{}",
        text(&by_name)
    );
}

#[test]
fn a_baseline_before_the_period_and_a_final_target_past_the_data_are_shown() {
    let site = imported_site();
    let root = site.path();
    let file = root.join(format!("content/{PLAN_ID}/projects/g2-1-01.yaml"));
    let text_before = project_file(root, "g2-1-01");
    let edited = text_before.replace(
        "  - label: 相談件数\n    unit: 件\n",
        "  - label: 相談件数\n    unit: 件\n    baseline: {fy: 2020, text: \"980\"}\n    targets:\n      2026: \"1,300\"\n",
    );
    assert_ne!(edited, text_before);
    fs::write(&file, edited).unwrap_or_else(|e| panic!("{e}"));
    let found = check(root);
    assert_eq!(
        (found.error_count(), found.warning_count()),
        (0, 0),
        "{found}"
    );
    let out = common::build_at(root);
    let html = fs::read_to_string(out.join(format!("{PLAN_ID}/projects/g2-1-01.html")))
        .unwrap_or_else(|e| panic!("{e}"));
    let table = text(common::between(
        &html,
        "<table class=\"indicator\">",
        "</table>",
    ));
    assert_eq!(
        table,
        "相談件数（年度ごと） 年度 目標 実績 基準値（令和2年度（2020年度）） 980（件） 令和4年度（2022年度） 1,024（件） 令和5年度（2023年度） 1,187（件） 令和8年度（2026年度） 1,300"
    );
    let csv =
        fs::read_to_string(out.join(format!("{PLAN_ID}/data/projects.csv"))).unwrap_or_default();
    let row = csv
        .lines()
        .find(|l| l.contains(",g2-1-01,") && l.contains(",2026,"))
        .unwrap_or_else(|| panic!("no 2026 row:\n{csv}"));
    assert!(row.contains(",相談件数,\"1,300\",1300,"), "{row}");
}

#[test]
fn achievement_rates_are_counted_in_bands_with_blank_zero_and_a_dash_apart() {
    let site = imported_site();
    let root = site.path();
    // 地域サロン運営補助's 80 becomes 「-」, as a sheet prints a year with nothing to measure.
    let file = root.join(format!("content/{PLAN_ID}/projects/g1-2-01.yaml"));
    let edited = project_file(root, "g1-2-01").replace("achievement: \"80\"", "achievement: \"-\"");
    assert!(edited.contains("achievement: \"-\""), "{edited}");
    fs::write(&file, edited).unwrap_or_else(|e| panic!("{e}"));
    let out = common::build_at(root);
    let plan = town_plan(root);
    // The default bands, by hand: 100 and over, 50 to under 100, under 50 (above 0), exactly 0.
    let mut counts = [
        ("100%以上", 0),
        ("50%以上100%未満", 0),
        ("50%未満", 0),
        ("0%", 0),
        ("「-」", 0),
    ];
    let mut blank = 0;
    for project in &plan.projects {
        let Some(entry) = project.year(fy(2023)) else {
            continue;
        };
        let band = match entry.achievement.as_ref() {
            None => {
                blank += 1;
                continue;
            }
            Some(rate) => match rate.value {
                None => 4,
                Some(v) if v >= 100.0 => 0,
                Some(v) if v >= 50.0 => 1,
                Some(v) if v > 0.0 => 2,
                Some(_) => 3,
            },
        };
        counts[band].1 += 1;
    }
    assert_eq!(
        (counts[3].1, counts[4].1, blank),
        (1, 1, 1),
        "one each of 0, 「-」 and blank"
    );
    let page = text(
        &fs::read_to_string(out.join(format!("{PLAN_ID}/years/2023.html")))
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let table = common::between(&page, "達成率の内訳", "合計");
    for (label, count) in counts {
        assert!(
            table.contains(&format!("{label} {count} ")),
            "{label} {count}: {table}"
        );
    }
    assert!(table.contains(&format!("達成率なし {blank} ")), "{table}");
}

#[test]
fn the_plan_page_filters_by_division_as_by_department() {
    let site = imported_site();
    let out = common::build_at(site.path());
    let plan = town_plan(site.path());
    let html = fs::read_to_string(out.join(format!("{PLAN_ID}/index.html")))
        .unwrap_or_else(|e| panic!("{e}"));
    let filters = text(common::between(
        &html,
        "<h3 id=\"filter-division\">",
        "</ul>",
    ));
    for division in ["福祉部", "子ども未来部", "教育部"] {
        let count = plan
            .projects
            .iter()
            .filter(|p| {
                p.departments
                    .iter()
                    .any(|d| d.division.as_deref() == Some(division))
            })
            .count();
        assert!(
            filters.contains(&format!("{division} {count}件")),
            "{division} {count}: {filters}"
        );
    }
    // The filter's own page lists as many, for readers without the script.
    let page = fs::read_to_string(out.join(format!(
        "{PLAN_ID}/filters/division-{}.html",
        mieruka::site::urls::division_slug("見本町", "福祉部")
    )))
    .unwrap_or_else(|e| panic!("{e}"));
    let listed = page.matches("<tr data-").count();
    assert_eq!(
        listed,
        plan.projects
            .iter()
            .filter(|p| p
                .departments
                .iter()
                .any(|d| d.division.as_deref() == Some("福祉部")))
            .count()
    );
}
