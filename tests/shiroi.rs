//! 白井市第2次地域福祉計画, FY2020–FY2022 of a FY2017–FY2025 plan: four levels, a rating per
//! year, a progress status, indicators with several values per year, re-listed items counted
//! once, items new in FY2022.

mod common;

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
    let svg = std::fs::read_to_string(
        common::public()
            .join(PLAN)
            .join("charts/n01-indicator1-1.svg"),
    )
    .unwrap_or_default();
    assert!(
        svg.contains("発行部数（部）：令和2年度 2,300、令和3年度 2,300、令和4年度 2,000"),
        "{svg}"
    );
    assert!(
        svg.contains("配布部数（部）：令和2年度 1,990、令和3年度 1,990、令和4年度 1,880"),
        "{svg}"
    );
    assert!(
        html.contains("charts/n01-ratings.svg")
            || html.contains("n01の年度別の評価")
            || html.contains("年度別の評価")
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
