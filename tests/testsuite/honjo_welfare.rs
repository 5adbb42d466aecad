//! 本庄市「ふくしの杜ほんじょうプラン２１」, reporting FY2023: 81 sheets of 63 取組, re-listed
//! sheets counted as the city counts them, 取組事例 parts with their own ratings, a variant
//! scale. The city's published figures must come out of the data.

use crate::common;

use common::{between, page, text};
use mieruka::fiscal_year::FiscalYear;
use mieruka::site::summarize;
use mieruka::site::summary::{RatingSummary, When};

const PLAN: &str = "honjo-welfare-2019";

fn fy2023() -> When {
    When::Year(FiscalYear::new(2023).unwrap_or_else(|e| panic!("{e}")))
}

/// (code, count, percent) of the codes with a count, and the number rated.
fn split(summary: &RatingSummary) -> (Vec<(String, usize, String)>, usize) {
    let rows = summary
        .rows
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| (r.code.clone(), r.count, r.percent.clone()))
        .collect();
    (rows, summary.rated)
}

fn row(code: &str, count: usize, percent: &str) -> (String, usize, String) {
    (code.to_string(), count, percent.to_string())
}

#[test]
fn there_are_63_projects_on_81_sheets() {
    let data = common::plan(PLAN);
    assert_eq!(data.projects.len(), 63);
    let sheets: usize = data
        .projects
        .iter()
        .map(|p| p.sheets().len() * p.placements.len())
        .sum();
    assert_eq!(sheets, 81);
    let relisted: usize = data
        .projects
        .iter()
        .map(|p| p.sheets().len() * (p.placements.len() - 1))
        .sum();
    assert_eq!(relisted, 12);
}

#[test]
fn the_fy2023_split_of_80_rated_sheets_is_the_published_one() {
    let data = common::plan(PLAN);
    let summary = summarize(&data, None, fy2023()).unwrap_or_else(|| panic!("no summary"));
    assert_eq!(
        split(&summary),
        (
            vec![
                row("A", 51, "63.8%"),
                row("B", 24, "30.0%"),
                row("C", 5, "6.3%")
            ],
            80
        )
    );
    // p.72 is rated 「－」 (achieved in FY2019): counted, but not rated.
    assert_eq!((summary.unrated, summary.total), (1, 81));
}

#[test]
fn the_splits_by_area_are_the_published_ones() {
    let data = common::plan(PLAN);
    let expected = [
        (
            "s1-1",
            vec![
                row("A", 6, "46.2%"),
                row("B", 5, "38.5%"),
                row("C", 2, "15.4%"),
            ],
        ),
        ("s1-2", vec![row("A", 18, "85.7%"), row("B", 3, "14.3%")]),
        ("s1-3", vec![row("A", 10, "90.9%"), row("B", 1, "9.1%")]),
        (
            "s2",
            vec![
                row("A", 3, "27.3%"),
                row("B", 5, "45.5%"),
                row("C", 3, "27.3%"),
            ],
        ),
        ("s3", vec![row("A", 8, "53.3%"), row("B", 7, "46.7%")]),
        ("s4", vec![row("A", 6, "66.7%"), row("B", 3, "33.3%")]),
    ];
    for (policy, rows) in expected {
        let summary = summarize(&data, Some(policy), fy2023())
            .unwrap_or_else(|| panic!("no policy {policy}"));
        assert_eq!(split(&summary).0, rows, "{policy}");
    }
}

#[test]
fn counted_once_each_the_split_would_differ() {
    // The city counts re-listed sheets again; each sheet once gives A 47 / B 16 / C 5.
    let mut data = common::plan(PLAN);
    data.plan.count_relisted = false;
    let summary = summarize(&data, None, fy2023()).unwrap_or_else(|| panic!("no summary"));
    assert_eq!(
        split(&summary),
        (
            vec![
                row("A", 47, "69.1%"),
                row("B", 16, "23.5%"),
                row("C", 5, "7.4%")
            ],
            68
        )
    );
}

#[test]
fn the_plan_and_area_pages_show_the_figures_as_the_city_rounds_them() {
    let html = page(&format!("{PLAN}/index.html"));
    let table = text(between(&html, "<table class=\"yearly-table\">", "</table>"));
    assert!(
        table.contains("令和5年度 （2023年度） 51 63.8% 24 30.0% 5 6.3% 0 0.0% 1 81"),
        "{table}"
    );
    assert!(
        text(&html).contains("再掲されている取組は、掲載されている箇所ごとに件数に含めています。")
    );
    // The filters count projects (63), the summary sheets and re-listings (81): the page says so.
    let find = text(between(&html, "<section id=\"find\"", "<table"));
    assert!(find.contains("全63件"), "{find}");
    assert!(
        find.contains("絞り込みの件数は取組の数です。自己評価の集計は取組事例ごと・再掲された箇所ごとに数えているため、件数が異なることがあります。"),
        "{find}"
    );
    let html = page(&format!("{PLAN}/policies/s2.html"));
    let table = text(between(&html, "<table class=\"yearly-table\">", "</table>"));
    assert!(table.contains("3 27.3% 5 45.5% 3 27.3%"), "{table}");
}

#[test]
fn the_fy2023_page_lists_every_sheet_with_its_rating() {
    let html = page(&format!("{PLAN}/years/2023.html"));
    let summary = text(between(
        &html,
        "<table class=\"summary-table\">",
        "</table>",
    ));
    assert!(summary.contains("A 達成 51 63.8%"), "{summary}");
    let listed = between(&html, "この年度に記載のある取組", "</main>");
    // One row per placement: 69 original rows (parts in one row) … re-listed rows included.
    assert_eq!(listed.matches("<td class=\"col-number\">").count(), 63 + 10);
    assert_eq!(
        listed.matches("<span class=\"status\">再掲</span>").count(),
        10
    );
}

#[test]
fn a_project_with_parts_shows_each_part_with_its_departments_and_rating() {
    let html = page(&format!("{PLAN}/projects/s1-1-1-06.html"));
    let part1 = text(between(&html, "取組事例①</h2>", "取組事例②</h2>"));
    assert!(part1.contains("担当課 生活支援課・地域福祉課"), "{part1}");
    assert!(part1.contains("自己評価 A 達成"), "{part1}");
    let part2 = text(between(&html, "取組事例②</h2>", "</main>"));
    assert!(part2.contains("担当課 こども家庭センター"), "{part2}");
    // The rename: 子育て支援課 up to FY2023, こども家庭センター from FY2024.
    assert!(
        part2.contains("子育て支援課 令和元年度～令和5年度（2019～2023年度）"),
        "{part2}"
    );
    assert!(
        part2.contains("こども家庭センター 令和6年度（2024年度）～"),
        "{part2}"
    );
    // Placed twice: originally under 重点施策①, re-listed under （２）①.
    let placements = text(between(&html, "<dt>重点施策</dt>", "</div>"));
    assert!(
        placements.contains("① 包括的な相談支援体制の構築 （取組 6）"),
        "{placements}"
    );
    assert!(
        placements.contains("① 生きづらさを抱えている人への支援 （取組 3） 再掲"),
        "{placements}"
    );
}

#[test]
fn a_re_listed_copy_that_prints_differently_keeps_both_readings() {
    let html = page(&format!("{PLAN}/projects/s2-2-03.html"));
    // p.54 prints 「複雑化」; its re-listed copy p.71 prints 「複複雑化」.
    let next_steps = between(&html, "令和5年度（2023年度）</h3>", "</li>");
    assert!(next_steps.contains("複雑化") && !next_steps.contains("複複雑化"));
    let variants = text(between(&html, "再掲箇所での記載の違い", "</section>"));
    assert!(
        variants.contains("令和5年度（2023年度） 今後の方針"),
        "{variants}"
    );
    assert!(variants.contains("複複雑化"), "{variants}");
}

#[test]
fn sheets_on_the_variant_scale_say_that_d_means_needs_verification() {
    let html = page(&format!("{PLAN}/projects/s4-3-01.html"));
    assert!(text(&html).contains("D 要検証"));
    let plan = text(&page(&format!("{PLAN}/index.html")));
    assert!(plan.contains("D 中止"));
    assert!(plan.contains("D 要検証"));
}

#[test]
fn a_revised_target_keeps_its_revision_note_and_numbers_are_charted() {
    let html = page(&format!("{PLAN}/projects/s1-3-2-02.html"));
    let table = text(between(&html, "<table class=\"indicator\">", "</table>"));
    assert!(table.contains("令和3年度（2021年度）"), "{table}");
    assert!(table.contains("※指標目標86万人を新型コロナウイルス感染症の影響による利用者の減少を考慮した数値に修正しています。"), "{table}");
    // The chart is drawn in the page (a project's charts are not written as files).
    let svg = between(&html, "<svg", "</svg>");
    assert!(
        svg.contains(
            "目標（万人）：令和元年度 84、令和2年度 85、令和3年度 66、令和4年度 73.5、令和5年度 74"
        ),
        "{svg}"
    );
}
