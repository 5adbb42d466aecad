//! 白井市第2次地域福祉計画, FY2020–FY2022 of a FY2017–FY2025 plan: four levels, a rating per
//! year, a progress status, indicators with several values per year, re-listed items counted
//! once, items new in FY2022.

use crate::common;

use common::{between, page, text};
use mieruka::fiscal_year::FiscalYear;
use mieruka::site::summarize;
use mieruka::site::summary::When;

const PLAN: &str = "shiroi-welfare";

fn year(y: i64) -> When {
    When::Year(FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn the_rating_counts_per_year_are_the_printed_ones() {
    let data = common::plan(PLAN);
    assert_eq!(data.projects.len(), 48);
    let counts = |y| {
        let s = summarize(&data, None, year(y)).unwrap_or_else(|| panic!("no summary"));
        let rows: Vec<usize> = s.rows.iter().map(|r| r.count).collect();
        (rows, s.unrated, s.total)
    };
    // Items 46–48 are new in FY2022, so FY2020 and FY2021 count 45 items.
    assert_eq!(counts(2020), (vec![17, 11, 7, 10], 0, 45));
    assert_eq!(counts(2021), (vec![20, 14, 6, 4], 1, 45));
    assert_eq!(counts(2022), (vec![31, 15, 2, 0], 0, 48));
}

#[test]
fn re_listed_items_are_placements_not_copies() {
    let data = common::plan(PLAN);
    let relisted: usize = data.projects.iter().map(|p| p.placements.len() - 1).sum();
    assert_eq!(relisted, 10);
    let n11 = data.projects.iter().find(|p| p.id == "n11");
    assert_eq!(n11.map(|p| p.placements.len()), Some(3));
}

#[test]
fn the_plan_page_shows_the_counts_for_each_year() {
    let html = page(&format!("{PLAN}/index.html"));
    let table = text(between(&html, "<table class=\"yearly-table\">", "</table>"));
    assert!(
        table.contains("令和2年度 （2020年度） 17 37.8% 11 24.4% 7 15.6% 10 22.2% 0 45"),
        "{table}"
    );
    assert!(
        table.contains("令和3年度 （2021年度） 20 45.5% 14 31.8% 6 13.6% 4 9.1% 1 45"),
        "{table}"
    );
    assert!(
        table.contains("令和4年度 （2022年度） 31 64.6% 15 31.3% 2 4.2% 0 0.0% 0 48"),
        "{table}"
    );
    // Only the years the data covers have pages, timelines and rows.
    assert!(html.contains("years/2020.html") && !html.contains("years/2019.html"));
}

#[test]
fn an_item_page_shows_its_values_its_chart_and_its_ratings_by_year() {
    let html = page(&format!("{PLAN}/projects/n01.html"));
    let table = text(between(&html, "<table class=\"indicator\">", "</table>"));
    assert!(
        table.contains("令和2年度（2020年度） 2,300 1,990（部 部）"),
        "{table}"
    );
    assert!(
        table.contains("令和4年度（2022年度） 2,000 1,880（部 部）"),
        "{table}"
    );
    // The chart is drawn in the page (a project's charts are not written as files).
    let svg = between(&html, "<svg", "</svg>");
    assert!(
        svg.contains("発行部数（部）：令和2年度 2,300、令和3年度 2,300、令和4年度 2,000"),
        "{svg}"
    );
    assert!(
        svg.contains("配布部数（部）：令和2年度 1,990、令和3年度 1,990、令和4年度 1,880"),
        "{svg}"
    );
    assert!(
        html.contains("の年度別の評価</title>"),
        "the ratings' chart"
    );
    assert!(
        !common::public().join(PLAN).join("charts/projects").exists(),
        "no project chart is written as a file"
    );
    let fy2022 = text(between(&html, "令和4年度（2022年度）</h3>", "</li>"));
    assert!(fy2022.contains("評価 A 順調に進んでいる"), "{fy2022}");
    assert!(fy2022.contains("進捗状況 順調に進んだ"), "{fy2022}");
}

#[test]
fn a_value_that_is_not_a_number_stays_text() {
    let data = common::plan(PLAN);
    let n02 = data
        .projects
        .iter()
        .find(|p| p.id == "n02")
        .unwrap_or_else(|| panic!("no n02"));
    let fy2020 = FiscalYear::new(2020).unwrap_or_else(|e| panic!("{e}"));
    let value = n02.indicators[0]
        .values
        .get(&fy2020)
        .unwrap_or_else(|| panic!("no value"));
    assert_eq!(value.text, "12 書面会議");
}

#[test]
fn items_new_in_fy2022_have_no_earlier_years() {
    let html = page(&format!("{PLAN}/projects/n46.html"));
    let fy2020 = between(&html, "令和2年度（2020年度）</h3>", "</li>");
    assert!(fy2020.contains("記載なし"), "{fy2020}");
    assert!(text(&html).contains("令和4年度（2022年度）に追加"));
}

/// The rating codes of the plan's rating scale, best first, read from plan.yaml.
fn rating_order() -> Vec<String> {
    let path = common::repo_root().join(format!("content/{PLAN}/plan.yaml"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let plan: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let scales = plan["scales"].as_sequence().cloned().unwrap_or_default();
    let rating = scales
        .iter()
        .find(|s| s["id"].as_str() == plan["rating_scale"].as_str())
        .unwrap_or_else(|| panic!("no rating scale"));
    rating["codes"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|c| c["code"].as_str().map(str::to_string))
        .collect()
}

/// A year's rating: `None` when the year has no entry, `Some(None)` when its rating is blank.
type YearRating = Option<Option<String>>;

/// Each project's (name, FY2021 rating, FY2022 rating) as the project files print them, with
/// full-width letters read as half-width.
fn ratings_2021_2022() -> Vec<(String, YearRating, YearRating)> {
    let dir = common::repo_root().join(format!("content/{PLAN}/projects"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let half = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| match c {
                'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
                c => c,
            })
            .collect()
    };
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{e}"));
            let p: serde_yaml::Value =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let rating = |fy: u64| -> YearRating {
                let entry = p["years"]
                    .as_mapping()?
                    .iter()
                    .find(|(k, _)| k.as_u64() == Some(fy))?
                    .1;
                entry.as_mapping()?;
                Some(entry["rating"].as_str().map(half).filter(|r| !r.is_empty()))
            };
            let name = p["name"].as_str().unwrap_or_default().to_string();
            (name, rating(2021), rating(2022))
        })
        .collect()
}

#[test]
fn the_year_page_lists_the_ratings_that_rose_and_fell_since_the_year_before() {
    let order = rating_order();
    let rank = |code: &str| order.iter().position(|c| c == code);
    let mut rose: Vec<String> = Vec::new();
    let mut fell: Vec<String> = Vec::new();
    // 新規: not listed the year before; 記入あり: listed, but without a rating.
    let (mut new, mut filled) = (0, 0);
    for (name, before, after) in ratings_2021_2022() {
        let code = |r: &YearRating| r.clone().flatten();
        match (
            code(&before).as_deref().and_then(rank),
            code(&after).as_deref().and_then(rank),
        ) {
            (Some(b), Some(a)) if a < b => rose.push(name),
            (Some(b), Some(a)) if a > b => fell.push(name),
            (None, Some(_)) if before.is_some() => filled += 1,
            (None, Some(_)) => new += 1,
            _ => {}
        }
    }
    assert!(!rose.is_empty(), "FY2022 has ratings that rose");
    let html = page(&format!("{PLAN}/years/2022.html"));
    let block = between(&html, "id=\"changes-rating\"", "</section>");
    let listed = |shift: &str| -> Vec<String> {
        block
            .split("<tr>")
            .filter(|row| row.contains(&format!("<td class=\"shift shift-{shift}\">")))
            .map(|row| text(between(row, "<a ", "</a>")))
            .collect()
    };
    let mut shown_rose = listed("up");
    let mut shown_fell = listed("down");
    for list in [&mut rose, &mut fell, &mut shown_rose, &mut shown_fell] {
        list.sort();
    }
    assert_eq!(shown_rose, rose);
    assert_eq!(shown_fell, fell);
    // The plan page counts the same, and links to the list.
    let mut sentence = vec![format!("上がった {}件", rose.len())];
    if !fell.is_empty() {
        sentence.push(format!("下がった {}件", fell.len()));
    }
    if new > 0 {
        sentence.push(format!("新規 {new}件"));
    }
    if filled > 0 {
        sentence.push(format!("記入あり {filled}件"));
    }
    let plan = page(&format!("{PLAN}/index.html"));
    let changes = text(between(
        &plan,
        "id=\"latest-changes-heading\"",
        "</section>",
    ));
    assert!(
        changes.contains(&format!(
            "令和4年度の評価の変化（令和3年度から） ：{}",
            sentence.join("・")
        )),
        "{changes}"
    );
    assert!(plan.contains("href=\"../shiroi-welfare/years/2022.html#changes-rating\""));
}
