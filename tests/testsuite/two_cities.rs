//! Two municipalities on one site: the fixture plan of a fictional town (見本町) — two levels, 部
//! and 課, projects shared by two 課, a status scale ア–オ, achievement rates with blanks, 0 and
//! 「-」, a year's plan beside its results, an indicator with a baseline before the period and a
//! final-year target past the data — beside the shipped 本庄市自殺対策計画, whose 学校教育課 shares
//! its name with the town's.
//!
//! Every count a resident reads is compared with a count the test makes itself from the
//! fixture's YAML files, not with a copied number.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{between, text};
use mieruka::site::urls;
use serde_yaml::Value;

const PLAN: &str = "mihon-kenko";
/// The town's other plan, of the same kind as the city's.
const OTHER_PLAN: &str = "mihon-jisatsu";
const TOWN: &str = "見本町";
const CITY_PLAN: &str = "honjo-suicide-2019";
const STATUS_CODES: [&str; 5] = ["ア", "イ", "ウ", "エ", "オ"];
/// The plan's default achievement bands, best first.
const BANDS: [&str; 4] = ["100%以上", "50%以上100%未満", "50%未満", "0%"];

/// The site: the fixture and a copy of the shipped 本庄市 plan, built once.
fn site() -> &'static (tempfile::TempDir, PathBuf) {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let repo = common::repo_root();
        common::copy_dir(&repo.join("tests/fixtures/two-cities"), dir.path());
        common::copy_dir(
            &repo.join("content").join(CITY_PLAN),
            &dir.path().join("content").join(CITY_PLAN),
        );
        let out = common::build_at(dir.path());
        (dir, out)
    })
}

fn page(relative: &str) -> String {
    fs::read_to_string(site().1.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A department entry of a project file.
struct Department {
    name: String,
    division: Option<String>,
    organization: Option<String>,
    reading: Option<String>,
    from: Option<u16>,
}

/// One fiscal year's entry: its rating, status and achievement rate as written.
struct Entry {
    rating: Option<String>,
    status: Option<String>,
    achievement: Option<String>,
}

/// A project file, read with a plain YAML parser.
struct Project {
    departments: Vec<Department>,
    years: BTreeMap<u16, Entry>,
}

fn plan_dir(plan: &str) -> PathBuf {
    site().0.path().join("content").join(plan)
}

fn projects(plan: &str) -> Vec<Project> {
    let mut files: Vec<PathBuf> = fs::read_dir(plan_dir(plan).join("projects"))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
        .collect();
    files.sort();
    files.iter().map(|f| project(f)).collect()
}

fn project(file: &Path) -> Project {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
    let yaml: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let string = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let mut departments: Vec<Department> = Vec::new();
    let mut lists = vec![&yaml["departments"]];
    if let Value::Sequence(parts) = &yaml["parts"] {
        lists.extend(parts.iter().map(|p| &p["departments"]));
    }
    for list in lists {
        for d in list.as_sequence().into_iter().flatten() {
            departments.push(Department {
                name: string(&d["name"]).unwrap_or_default(),
                division: string(&d["division"]),
                organization: string(&d["organization"]),
                reading: string(&d["reading"]),
                from: d["from"].as_u64().and_then(|y| u16::try_from(y).ok()),
            });
        }
    }
    let mut years = BTreeMap::new();
    if let Value::Mapping(map) = &yaml["years"] {
        for (fy, entry) in map {
            let fy = fy.as_u64().and_then(|y| u16::try_from(y).ok());
            let (Some(fy), Value::Mapping(_)) = (fy, entry) else {
                continue; // an empty year
            };
            years.insert(
                fy,
                Entry {
                    rating: string(&entry["rating"]),
                    status: string(&entry["status"]),
                    achievement: string(&entry["achievement"]),
                },
            );
        }
    }
    Project { departments, years }
}

/// The code a printed status stands for: its first letter, half-width katakana read as
/// full-width (`ア　実施済` and `ｱ` are both ア).
fn status_code(printed: &str) -> String {
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

/// The band of a printed rate (default bands), or the mark itself in 「」 when it is not a
/// number.
fn band(printed: &str) -> String {
    let folded: String = printed
        .trim()
        .chars()
        .filter(|c| !matches!(c, '%' | '％'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    match folded.parse::<f64>() {
        Ok(v) if v >= 100.0 => BANDS[0].to_string(),
        Ok(v) if v >= 50.0 => BANDS[1].to_string(),
        Ok(v) if v > 0.0 => BANDS[2].to_string(),
        Ok(_) => BANDS[3].to_string(),
        Err(_) => format!("「{}」", printed.trim()),
    }
}

/// `count` of `of` in percent to one decimal, rounded half away from zero as the plan rounds.
fn percent(count: usize, of: usize) -> String {
    if of == 0 {
        return "-".to_string();
    }
    let tenths = (count * 1000 * 2 + of) / (of * 2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

fn year_label(fy: u16) -> String {
    format!("令和{}年度 （{fy}年度）", fy - 2018)
}

/// The row of a year in a yearly table: each column's count and share of the valued entries,
/// then the entries without a value and all entries.
fn yearly_row(fy: u16, columns: &[String], values: &[Option<String>]) -> String {
    let valued: Vec<&String> = values.iter().flatten().collect();
    let mut row = year_label(fy);
    for column in columns {
        let n = valued.iter().filter(|v| *v == &column).count();
        row.push_str(&format!(" {n} {}", percent(n, valued.len())));
    }
    row.push_str(&format!(
        " {} {}",
        values.len() - valued.len(),
        values.len()
    ));
    row
}

/// The fiscal years with data in the fixture.
fn years(projects: &[Project]) -> Vec<u16> {
    let mut years: Vec<u16> = projects
        .iter()
        .flat_map(|p| p.years.keys().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The table of a yearly block headed `heading` in `html`, as text.
fn yearly_table(html: &str, heading: &str) -> String {
    let block = between(html, &format!(">{heading}</h"), "</table>");
    text(block)
}

#[test]
fn the_plan_page_counts_each_status_per_year_as_the_files_have_them() {
    let projects = projects(PLAN);
    let table = yearly_table(&page(&format!("{PLAN}/index.html")), "年度別の取組状況");
    let columns: Vec<String> = STATUS_CODES.iter().map(|c| c.to_string()).collect();
    for fy in years(&projects) {
        let values: Vec<Option<String>> = projects
            .iter()
            .filter_map(|p| p.years.get(&fy))
            .map(|e| e.status.as_deref().map(status_code))
            .collect();
        let row = yearly_row(fy, &columns, &values);
        assert!(table.contains(&row), "{row}\n{table}");
    }
}

#[test]
fn the_plan_page_counts_rates_in_bands_keeping_blank_zero_and_marks_apart() {
    let projects = projects(PLAN);
    let table = yearly_table(&page(&format!("{PLAN}/index.html")), "年度別の達成率");
    let mut columns: Vec<String> = BANDS.iter().map(|b| b.to_string()).collect();
    let mut marks = 0;
    for p in &projects {
        for e in p.years.values() {
            if let Some(b) = e.achievement.as_deref().map(band)
                && !columns.contains(&b)
            {
                columns.push(b);
                marks += 1;
            }
        }
    }
    assert!(marks > 0, "the fixture has a mark that is not a number");
    for fy in years(&projects) {
        let values: Vec<Option<String>> = projects
            .iter()
            .filter_map(|p| p.years.get(&fy))
            .map(|e| e.achievement.as_deref().map(band))
            .collect();
        assert!(values.iter().any(Option::is_none), "{fy} has a blank rate");
        let row = yearly_row(fy, &columns, &values);
        assert!(table.contains(&row), "{row}\n{table}");
    }
}

#[test]
fn the_list_shows_the_rate_beside_the_status_and_filters_by_both() {
    let projects = projects(PLAN);
    let last = *years(&projects).last().unwrap_or(&0);
    let html = page(&format!("{PLAN}/index.html"));
    let find = text(between(&html, "id=\"find\"", "</table>"));
    let wareki = format!("令和{}年度", last - 2018);
    assert!(
        find.contains(&format!(
            "{wareki}の取組状況・{wareki}の達成率・部・担当課・年度で"
        )),
        "{find}"
    );
    assert!(
        find.contains(&format!("{wareki}の取組状況・達成率")),
        "{find}"
    );
    let entries: Vec<&Entry> = projects.iter().filter_map(|p| p.years.get(&last)).collect();
    for b in BANDS {
        let n = entries
            .iter()
            .filter(|e| e.achievement.as_deref().map(band).as_deref() == Some(b))
            .count();
        if n > 0 {
            assert!(find.contains(&format!("{b} {n}件")), "{b} {n}: {find}");
        }
    }
    // Blank is its own filter, not 0%.
    let blank = entries.iter().filter(|e| e.achievement.is_none()).count()
        + projects
            .iter()
            .filter(|p| !p.years.contains_key(&last))
            .count();
    assert!(find.contains(&format!("達成率なし {blank}件")), "{find}");
    // The filter's page lists the same projects for readers without the script.
    let code = "ア";
    let n = entries
        .iter()
        .filter(|e| e.status.as_deref().map(status_code).as_deref() == Some(code))
        .count();
    let filter = page(&urls::measure_filter(PLAN, "status", Some(code)));
    assert_eq!(filter.matches("<tr data-").count(), n);
}

#[test]
fn projects_are_counted_per_division_and_department_as_the_files_name_them() {
    // The index of departments counts the town's projects in all its plans.
    let all_town: Vec<Project> = projects(PLAN)
        .into_iter()
        .chain(projects(OTHER_PLAN))
        .collect();
    let projects = projects(PLAN);
    let html = page(&format!("{PLAN}/index.html"));
    let find = text(between(&html, "id=\"find\"", "<table"));
    let mut divisions: Vec<&str> = Vec::new();
    let mut departments: Vec<&str> = Vec::new();
    for d in projects.iter().flat_map(|p| &p.departments) {
        if let Some(division) = d.division.as_deref()
            && !divisions.contains(&division)
        {
            divisions.push(division);
        }
        if !departments.contains(&d.name.as_str()) {
            departments.push(&d.name);
        }
    }
    assert!(divisions.len() >= 2, "{divisions:?}");
    for division in divisions {
        let n = projects
            .iter()
            .filter(|p| {
                p.departments
                    .iter()
                    .any(|d| d.division.as_deref() == Some(division))
            })
            .count();
        assert!(
            find.contains(&format!("{division} {n}件")),
            "{division}: {find}"
        );
    }
    let index = page("departments/index.html");
    for name in departments {
        let n = projects
            .iter()
            .filter(|p| p.departments.iter().any(|d| d.name == name))
            .count();
        assert!(find.contains(&format!("{name} {n}件")), "{name}: {find}");
        let n = all_town
            .iter()
            .filter(|p| p.departments.iter().any(|d| d.name == name))
            .count();
        // In the index, under its organisation: the town, or the outside body it names.
        let organization = projects
            .iter()
            .flat_map(|p| &p.departments)
            .find(|d| d.name == name)
            .and_then(|d| d.organization.as_deref())
            .unwrap_or(TOWN);
        let section = text(between(
            &index,
            &format!(">{organization}</h2>"),
            "</table>",
        ));
        assert!(
            section.contains(&format!("{name} {n}")),
            "{name}: {section}"
        );
    }
}

#[test]
fn two_cities_sections_of_one_name_are_two_departments() {
    let index = page("departments/index.html");
    let name = "学校教育課";
    let town_count = projects(PLAN)
        .iter()
        .filter(|p| p.departments.iter().any(|d| d.name == name))
        .count();
    let city_count = projects(CITY_PLAN)
        .iter()
        .filter(|p| {
            p.departments
                .iter()
                .any(|d| d.name == name && d.organization.is_none())
        })
        .count();
    assert!(town_count > 0 && city_count > 0);
    let town = urls::department(TOWN, name);
    let city = urls::department("本庄市", name);
    assert_ne!(town, city);
    for (url, count, plan_title, other_title) in [
        (
            &town,
            town_count,
            "見本町健康福祉推進計画",
            "本庄市自殺対策計画",
        ),
        (
            &city,
            city_count,
            "本庄市自殺対策計画",
            "見本町健康福祉推進計画",
        ),
    ] {
        assert!(index.contains(&format!("href=\"../{url}\"")), "{url}");
        let html = text(&page(url));
        assert!(
            html.contains(&format!("{name}が担当した")) && html.contains(&format!("（{count}件）")),
            "{count}: {html}"
        );
        assert!(html.contains(plan_title), "{html}");
        assert!(!html.contains(other_title), "{html}");
    }
}

#[test]
fn a_department_s_page_counts_the_statuses_of_the_years_it_was_responsible() {
    let projects = projects(PLAN);
    let name = "健康づくり課";
    // A department is responsible from its `from` until the year before the next later `from`.
    let start = |d: &Department| d.from.unwrap_or(2022);
    let responsible = |p: &Project, fy: u16| {
        p.departments.iter().any(|d| {
            d.name == name
                && start(d) <= fy
                && !p
                    .departments
                    .iter()
                    .any(|other| start(other) > start(d) && start(other) <= fy)
        })
    };
    let moved = projects.iter().any(|p| {
        p.departments
            .iter()
            .any(|d| d.name == name && d.from.is_some())
    });
    assert!(moved, "the fixture has a project that moves to {name}");
    let html = page(&urls::department(TOWN, name));
    let table = yearly_table(&html, "年度別の取組状況");
    let columns: Vec<String> = STATUS_CODES.iter().map(|c| c.to_string()).collect();
    for fy in years(&projects) {
        let values: Vec<Option<String>> = projects
            .iter()
            .filter(|p| responsible(p, fy))
            .filter_map(|p| p.years.get(&fy))
            .map(|e| e.status.as_deref().map(status_code))
            .collect();
        let row = yearly_row(fy, &columns, &values);
        assert!(table.contains(&row), "{row}\n{table}");
    }
}

#[test]
fn a_division_s_departments_are_in_the_order_of_their_readings() {
    let projects = projects(PLAN);
    let division = "教育部";
    let mut in_data_order: Vec<(&str, Option<&str>)> = Vec::new();
    for d in projects.iter().flat_map(|p| &p.departments) {
        if d.division.as_deref() == Some(division)
            && !in_data_order.iter().any(|(name, _)| *name == d.name)
        {
            in_data_order.push((&d.name, d.reading.as_deref()));
        }
    }
    let mut by_reading = in_data_order.clone();
    by_reading.sort_by_key(|(_, reading)| (reading.is_none(), *reading));
    assert_ne!(
        by_reading, in_data_order,
        "the fixture's readings change the order"
    );
    let index = text(&page("departments/index.html"));
    let shown: Vec<usize> = by_reading
        .iter()
        .map(|(name, _)| {
            index
                .find(&format!("{division} {name}"))
                .unwrap_or_else(|| panic!("{name}: {index}"))
        })
        .collect();
    assert!(shown.is_sorted(), "{by_reading:?}: {index}");
}

#[test]
fn a_year_s_plan_is_shown_in_its_year_beside_the_results() {
    let html = page(&format!("{PLAN}/projects/g1-1-02.html"));
    let fy2023 = text(between(&html, "令和5年度（2023年度）</h3>", "</li>"));
    assert!(
        fy2023.contains("実施計画 健康教室を年8回開催する。 実施状況 健康教室を8回開催した。"),
        "{fy2023}"
    );
}

#[test]
fn a_baseline_before_the_period_and_a_final_year_target_are_in_the_table_and_chart() {
    let html = page(&format!("{PLAN}/projects/g1-1-02.html"));
    let table = text(between(&html, "健康教室の参加者数（年度ごと）", "</table>"));
    assert!(
        table.contains("基準値（令和元年度（2019年度）） 120（人） 令和4年度（2022年度）"),
        "{table}"
    );
    // The final year's target is a row although the data ends in 2024; 2025 has neither.
    assert!(table.ends_with("令和8年度（2026年度） 200"), "{table}");
    assert!(!table.contains("令和7年度"), "{table}");
    let chart = between(&html, "<desc", "</desc>");
    assert!(chart.contains("令和元年度 120"), "{chart}");
    assert!(chart.contains("令和8年度 200"), "{chart}");
}

#[test]
fn pages_name_levels_and_counts_in_the_plan_s_words() {
    let plan = text(&page(&format!("{PLAN}/index.html")));
    let tree = between(&plan, "計画の体系 ", "取組を探す");
    assert!(
        tree.contains("基本目標 基本目標１ 心と体の健康づくり"),
        "{tree}"
    );
    assert!(!plan.contains("施策体系"), "{plan}");
    assert!(
        plan.contains("施策の方向 （１） 生活習慣病の予防 （3件）"),
        "{plan}"
    );
    let project = text(&page(&format!("{PLAN}/projects/g1-1-02.html")));
    assert!(
        project.contains("施策の方向 （１） 生活習慣病の予防"),
        "{project}"
    );
    assert!(!project.contains("施策 （１）"), "{project}");
    // 担当した年度 are the years with data, not the period that a final-year target reaches.
    assert!(
        project.contains("健康づくり課 健康福祉部 令和4年度～令和6年度（2022～2024年度）"),
        "{project}"
    );
}

#[test]
fn the_download_imported_back_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    common::copy_dir(
        &common::repo_root().join("tests/fixtures/two-cities"),
        dir.path(),
    );
    let csv = fs::read_to_string(site().1.join(format!("{PLAN}/data/projects.csv")))
        .unwrap_or_else(|e| panic!("{e}"));
    // Statuses as printed with their codes, divisions, and the band of each rate.
    let heading = csv.lines().next().unwrap_or_default();
    for column in [
        "担当課,部,",
        "進捗状況,進捗状況コード,",
        "達成率（数値）,達成率の区分,",
    ] {
        assert!(heading.contains(column), "{column}: {heading}");
    }
    assert!(csv.contains(",ア　実施済,ア,"), "{csv}");
    assert!(csv.contains(",-,,「-」,"), "{csv}");
    let file = dir.path().join("projects.csv");
    fs::write(&file, &csv).unwrap_or_else(|e| panic!("{e}"));
    let mapping =
        mieruka::import::Mapping::read(&common::repo_root().join("docs/mappings/export.toml"))
            .unwrap_or_else(|d| panic!("{d}"));
    let report = mieruka::import::import(dir.path(), &file, PLAN, &mapping, true, &mieruka::Silent)
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(report.rows > 30, "{}", report.rows);
    assert_eq!(report.changes, []);
}

#[test]
fn a_year_page_counts_what_changed_and_an_unranked_status_only_changes() {
    let projects = projects(PLAN);
    // ア–エ best first; オ その他 has no place in that order.
    let rank = |code: &str| ["ア", "イ", "ウ", "エ"].iter().position(|c| *c == code);
    let years = years(&projects);
    for pair in years.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        // up, down, changed, new, ended, filled in, left blank
        let mut counts = [0usize; 7];
        for p in &projects {
            let status = |fy: u16| {
                p.years
                    .get(&fy)
                    .and_then(|e| e.status.as_deref())
                    .map(status_code)
            };
            let listed = |fy: u16| p.years.contains_key(&fy);
            match (status(before), status(after)) {
                (Some(b), Some(a)) if a != b => match (rank(&b), rank(&a)) {
                    (Some(rb), Some(ra)) if ra < rb => counts[0] += 1,
                    (Some(_), Some(_)) => counts[1] += 1,
                    _ => counts[2] += 1,
                },
                (None, Some(_)) if listed(before) => counts[5] += 1,
                (None, Some(_)) => counts[3] += 1,
                (Some(_), None) if listed(after) => counts[6] += 1,
                (Some(_), None) => counts[4] += 1,
                _ => {}
            }
        }
        assert!(
            counts[2] > 0 || before > 2022,
            "the fixture moves to or from オ"
        );
        let sentence: Vec<String> = [
            "上がった",
            "下がった",
            "変わった",
            "新規",
            "終了",
            "記入あり",
            "記入なし",
        ]
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label} {n}件"))
        .collect();
        let html = page(&format!("{PLAN}/years/{after}.html"));
        let block = text(between(&html, "id=\"changes-status\"", "</table>"));
        assert!(
            block.contains(&sentence.join("・")),
            "{after}: {sentence:?} {block}"
        );
    }
}

#[test]
fn plans_of_one_kind_are_compared_on_a_page_of_their_own() {
    let index = page("index.html");
    let url = urls::kind("自殺対策計画");
    assert!(index.contains(&format!("href=\"{url}\"")), "{index}");
    let html = page(&url);
    let table = text(between(&html, "<table class=\"kind-table\">", "</table>"));
    for (plan, title, municipality) in [
        (OTHER_PLAN, "見本町自殺対策計画", TOWN),
        (CITY_PLAN, "本庄市自殺対策計画", "本庄市"),
    ] {
        let n = projects(plan).len();
        assert!(
            table.contains(&format!("{title} {municipality}")),
            "{table}"
        );
        assert!(table.contains(&format!("{n}事業")), "{n}: {table}");
    }
    // The town's latest year, counted from its files, on its own scale.
    let town = projects(OTHER_PLAN);
    let last = *years(&town).last().unwrap_or(&0);
    let section = text(between(
        &html,
        ">見本町自殺対策計画</a>（見本町）",
        "</section>",
    ));
    let ratings: Vec<String> = town
        .iter()
        .filter_map(|p| p.years.get(&last))
        .filter_map(|e| e.rating.clone())
        .collect();
    for code in ["A", "B", "C"] {
        let n = ratings.iter().filter(|r| r.as_str() == code).count();
        assert!(
            section.contains(&format!("{code} "))
                && section.contains(&format!(" {n} {}", percent(n, ratings.len()))),
            "{code} {n}: {section}"
        );
    }
    // Different scales are never summed, and the page says so.
    assert!(text(&html).contains("件数を合計せず"), "{html}");
}

#[test]
fn each_plan_and_the_site_have_an_atom_feed_whose_links_resolve() {
    let public = &site().1;
    for (feed, plans) in [
        (format!("{PLAN}/feed.xml"), vec![PLAN]),
        (format!("{OTHER_PLAN}/feed.xml"), vec![OTHER_PLAN]),
        ("feed.xml".to_string(), vec![PLAN, OTHER_PLAN, CITY_PLAN]),
    ] {
        let path = public.join(&feed);
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let parsed = atom_syndication::Feed::read_from(&bytes[..])
            .unwrap_or_else(|e| panic!("{feed} is not Atom: {e}"));
        // One entry per fiscal year with results, counted from the files.
        let expected: usize = plans.iter().map(|p| years(&projects(p)).len()).sum();
        assert_eq!(parsed.entries().len(), expected, "{feed}");
        let dir = path.parent().unwrap_or(public);
        for entry in parsed.entries() {
            let link = entry
                .links()
                .first()
                .unwrap_or_else(|| panic!("{feed}: no link"));
            let target = dir.join(link.href());
            assert!(target.is_file(), "{feed}: {} does not resolve", link.href());
        }
        // Every page of the plan points at its feed.
        if let [plan] = plans[..] {
            let html = page(&format!("{plan}/index.html"));
            let link = format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}（Atom）\"",
                parsed.title().as_str()
            );
            assert!(html.contains(&link), "{plan}: {link}");
        }
    }
    // A year's entry is dated as the plan says it was published, else at the end of the next
    // fiscal year.
    let bytes = fs::read(public.join(format!("{OTHER_PLAN}/feed.xml"))).unwrap_or_default();
    let feed = atom_syndication::Feed::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let dates: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| e.updated().to_rfc3339())
        .collect();
    assert_eq!(
        dates,
        ["2024-06-28T00:00:00+09:00", "2023-03-31T00:00:00+09:00"]
    );
}
