//! 本庄市's suicide-prevention plan, FY2019–FY2023: one overall rating per project, renamed
//! departments, ended and new projects — what a resident sees on its pages.

use crate::common;

use common::{between, page, text};
use mieruka::site::summarize;
use mieruka::site::summary::When;

const PLAN: &str = "honjo-suicide-2019";

#[test]
fn the_data_holds_53_projects_rated_45_a_and_6_b_with_2_unrated() {
    let data = common::plan(PLAN);
    assert_eq!(data.projects.len(), 53);
    let summary = summarize(&data, None, When::Period).unwrap_or_else(|| panic!("no summary"));
    let counts: Vec<(&str, usize)> = summary
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("A", 45),
            ("B", 6),
            ("C", 0),
            ("D", 0),
            ("E", 0),
            ("F", 0),
            ("G", 0)
        ]
    );
    assert_eq!((summary.unrated, summary.total), (2, 53));
}

#[test]
fn the_plan_page_shows_the_summary_and_the_principles() {
    let html = page(&format!("{PLAN}/index.html"));
    let table = text(between(
        &html,
        "<table class=\"summary-table\">",
        "</table>",
    ));
    assert!(table.contains("A 順調 45 88.2%"), "{table}");
    assert!(table.contains("B 概ね順調 6 11.8%"), "{table}");
    assert!(table.contains("評価なし 2"), "{table}");
    assert!(text(&html).contains("（5） 関係機関との連携・協働を推進する"));
}

#[test]
fn a_project_page_shows_each_year_and_the_department_history() {
    let html = page(&format!("{PLAN}/projects/j1-1-01.html"));
    assert!(html.contains("<h1>老人福祉センター管理運営事業</h1>"));
    let fy2019 = text(between(&html, "令和元年度（2019年度）</h3>", "</li>"));
    assert!(fy2019.contains("年間入館者数：22,310人"), "{fy2019}");
    assert!(fy2019.contains("担当課：地域福祉課"), "{fy2019}");
    let fy2023 = text(between(&html, "令和5年度（2023年度）</h3>", "</li>"));
    assert!(fy2023.contains("年間入場者数：１３，５３３人"), "{fy2023}");
    assert!(fy2023.contains("担当課：高齢者福祉課"), "{fy2023}");
    let history = text(between(
        &html,
        "<caption>担当課と担当した年度</caption>",
        "</table>",
    ));
    assert!(
        history.contains("地域福祉課 令和元年度～令和4年度（2019～2022年度）"),
        "{history}"
    );
    assert!(
        history.contains("高齢者福祉課 令和5年度（2023年度）"),
        "{history}"
    );
    assert!(html.contains("地域福祉課(→R5-高齢者福祉課へ)"));
    assert!(text(&html).contains("今後の方向性 継続"));
}

#[test]
fn ended_and_empty_years_say_so() {
    let html = page(&format!("{PLAN}/projects/j1-2-10.html"));
    let fy2019 = between(&html, "令和元年度（2019年度）</h3>", "</li>");
    assert!(fy2019.contains("相談件数１３件"));
    assert!(!fy2019.contains("year-status"));
    for year in [
        "令和2年度（2020年度）",
        "令和4年度（2022年度）",
        "令和5年度（2023年度）",
    ] {
        let cell = between(&html, &format!("{year}</h3>"), "</li>");
        assert!(
            cell.contains("<p class=\"year-status\">事業終了</p>"),
            "{year}: {cell}"
        );
    }

    let html = page(&format!("{PLAN}/projects/new-02.html"));
    let fy2019 = between(&html, "令和元年度（2019年度）</h3>", "</li>");
    assert!(
        fy2019.contains("<p class=\"year-status\">記載なし</p>"),
        "{fy2019}"
    );
    assert!(html.contains("★R5年度確認時に確認できた新規事業で、第２期計画に記載している事業"));
}

#[test]
fn a_full_width_rating_shows_as_its_scale_code() {
    // 本庄市パートナーシップ宣誓制度 is printed 「Ｂ 継続」.
    let html = page(&format!("{PLAN}/projects/new-02.html"));
    let rating = between(&html, "<dt>評価（計画期間）</dt>", "</div>");
    assert!(
        rating.contains("<span class=\"rating-code\">B</span> 概ね順調"),
        "{rating}"
    );
}

#[test]
fn a_policy_page_lists_its_projects_with_number_department_and_rating() {
    let html = page(&format!("{PLAN}/policies/j1-2.html"));
    let table = between(&html, "<table class=\"projects\">", "</table>");
    assert_eq!(table.matches("<tr>").count(), 1 + 14);
    let first = text(between(table, "<td class=\"col-number\">1</td>", "</tr>"));
    assert_eq!(first, "1 家族介護支援事業 高齢者福祉課 A 順調");
    // Projects stay in printed order: 9 comes before 10.
    let nine = table.find(">筋トレサポーター").unwrap_or(usize::MAX);
    let ten = table.find(">介護の悩み相談事業").unwrap_or(0);
    assert!(nine < ten);
}

#[test]
fn a_department_page_lists_its_projects_with_the_years() {
    let index = page("departments/index.html");
    let row = between(
        &index,
        "<tr><th scope=\"row\"><a href=\"",
        "\">生活支援課</a>",
    );
    let file = row
        .rsplit('"')
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let html = page(&format!("departments/{file}"));
    assert!(html.contains("<h1>生活支援課</h1>"), "{file}");
    // 総合相談支援業務 moved to 生活支援課 in FY2022.
    let row = text(between(&html, "総合相談支援業務", "</tr>"));
    assert!(
        row.contains("令和4年度～令和5年度（2022～2023年度）"),
        "{row}"
    );
}

#[test]
fn the_plan_chart_states_every_number() {
    let svg = std::fs::read_to_string(common::public().join(PLAN).join("charts/ratings.svg"))
        .unwrap_or_default();
    assert!(svg.contains("A 順調 45件（88.2%）"), "{svg}");
    assert!(svg.contains("評価なし 2件"), "{svg}");
}

/// The notice's numbers as plan.yaml gives them, each as the `tel:` link a phone dials.
fn notice_links() -> Vec<String> {
    let path = common::repo_root().join(format!("content/{PLAN}/plan.yaml"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let plan: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    plan["notice"]["contacts"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|c| c["tel"].as_str())
        .map(|tel| {
            let digits: String = tel.chars().filter(char::is_ascii_digit).collect();
            format!("href=\"tel:{digits}\"")
        })
        .collect()
}

#[test]
fn every_page_of_the_plan_shows_the_notice_with_numbers_to_dial_and_no_other_does() {
    let links = notice_links();
    assert_eq!(links.len(), 4, "{links:?}");
    let public = common::public();
    let mut pages = 0;
    for file in common::files_under(&public, "html") {
        let html = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        let relative = file.strip_prefix(&public).unwrap_or(&file);
        let of_plan = relative.starts_with(PLAN);
        assert_eq!(
            html.contains("<aside class=\"notice"),
            of_plan,
            "{}",
            relative.display()
        );
        if of_plan {
            pages += 1;
            // Before the main content, so that it is read first.
            let notice = html.find("<aside class=\"notice").unwrap_or(usize::MAX);
            assert!(
                notice < html.find("<main").unwrap_or(0),
                "{}",
                relative.display()
            );
            for link in &links {
                assert!(html.contains(link), "{link}: {}", relative.display());
            }
        }
    }
    assert!(pages > 50, "{pages}");
}
