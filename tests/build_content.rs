//! End to end: the real plan in `content/` built into a temporary folder, checked for what a
//! resident sees.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mieruka::{BuildOptions, BuildReport, build};

const PLAN: &str = "honjo-suicide-2019";

/// The site built once for all tests of this file.
fn site() -> &'static (tempfile::TempDir, BuildReport) {
    static SITE: OnceLock<(tempfile::TempDir, BuildReport)> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let report = build(&BuildOptions {
            root: common::repo_root(),
            output: out.path().join("public"),
            base_url: None,
        })
        .unwrap_or_else(|d| panic!("the build failed:\n{d}"));
        (out, report)
    })
}

fn public() -> PathBuf {
    site().0.path().join("public")
}

fn page(relative: &str) -> String {
    fs::read_to_string(public().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

/// The text of `html` between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn writes_every_page_and_chart() {
    let report = &site().1;
    assert_eq!(report.plans, 1);
    assert_eq!(report.projects, 53);
    let count = |dir: &str| files_under(&public().join(dir), "html").len();
    assert!(public().join("index.html").is_file());
    assert!(public().join(PLAN).join("index.html").is_file());
    assert_eq!(count(&format!("{PLAN}/projects")), 53);
    // 3 重点施策 and 9 sub-areas.
    assert_eq!(count(&format!("{PLAN}/policies")), 12);
    // 13 departments and bodies, plus the index.
    assert_eq!(count("departments"), 14);
    // One chart for the plan and one per policy node.
    assert_eq!(
        files_under(&public().join(PLAN).join("charts"), "svg").len(),
        13
    );
    assert_eq!(report.pages, 1 + 1 + 12 + 53 + 14);
}

#[test]
fn the_plan_page_sums_up_45_a_6_b_and_2_unrated() {
    let html = page(&format!("{PLAN}/index.html"));
    let table = between(&html, "<table class=\"summary-table\">", "</table>");
    let row = |code: &str| {
        let row = between(table, &format!("rating-code\">{code}</span>"), "</tr>");
        row.split("<td class=\"num\">")
            .nth(1)
            .and_then(|c| c.split('<').next())
            .map(str::to_string)
    };
    assert_eq!(row("A").as_deref(), Some("45"));
    assert_eq!(row("B").as_deref(), Some("6"));
    assert_eq!(row("C").as_deref(), Some("0"));
    assert!(
        table.contains("評価なし</span></th><td class=\"num\">2</td>"),
        "{table}"
    );
    assert!(
        html.contains("（5） 関係機関との連携・協働を推進する")
            || html.contains("（5）</span> 関係機関との連携・協働を推進する")
    );
}

#[test]
fn a_project_page_shows_each_year_and_the_department_history() {
    let html = page(&format!("{PLAN}/projects/j1-1-01.html"));
    assert!(html.contains("<h1>老人福祉センター管理運営事業</h1>"));
    let fy2019 = between(&html, "<h3>令和元年度（2019年度）</h3>", "</li>");
    assert!(fy2019.contains("年間入館者数：22,310人"), "{fy2019}");
    assert!(fy2019.contains("担当課：地域福祉課"));
    let fy2023 = between(&html, "<h3>令和5年度（2023年度）</h3>", "</li>");
    assert!(fy2023.contains("年間入場者数：１３，５３３人"), "{fy2023}");
    assert!(fy2023.contains("担当課：高齢者福祉課"));
    let history = between(&html, "<caption>担当課と担当した年度</caption>", "</table>");
    assert!(
        history.contains("地域福祉課</a></th><td>令和元年度～令和4年度（2019～2022年度）</td>"),
        "{history}"
    );
    assert!(
        history.contains("高齢者福祉課</a></th><td>令和5年度（2023年度）</td>"),
        "{history}"
    );
    assert!(html.contains("地域福祉課(→R5-高齢者福祉課へ)"));
}

#[test]
fn ended_and_empty_years_say_so() {
    let html = page(&format!("{PLAN}/projects/j1-2-10.html"));
    let fy2019 = between(&html, "<h3>令和元年度（2019年度）</h3>", "</li>");
    assert!(fy2019.contains("相談件数１３件"));
    assert!(!fy2019.contains("year-status"));
    for year in [
        "令和2年度（2020年度）",
        "令和4年度（2022年度）",
        "令和5年度（2023年度）",
    ] {
        let cell = between(&html, &format!("<h3>{year}</h3>"), "</li>");
        assert!(
            cell.contains("<p class=\"year-status\">事業終了</p>"),
            "{year}: {cell}"
        );
    }
    assert!(html.contains("評価なし"));

    let html = page(&format!("{PLAN}/projects/new-02.html"));
    let fy2019 = between(&html, "<h3>令和元年度（2019年度）</h3>", "</li>");
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
    let rating = between(&html, "<dt>評価</dt>", "</div>");
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
    let first = between(table, "<td class=\"col-number\">1</td>", "</tr>");
    assert!(first.contains("家族介護支援事業"), "{first}");
    assert!(first.contains(">高齢者福祉課</a>"), "{first}");
    assert!(first.contains("rating-code\">A</span> 順調"), "{first}");
    // Projects stay in printed order: 9 comes before 10.
    assert!(
        table.find(">筋トレサポーター").unwrap_or(0)
            < table.find(">介護の悩み相談事業").unwrap_or(0)
    );
}

#[test]
fn a_department_page_lists_its_projects_with_the_years() {
    let index = page("departments/index.html");
    let href = between(&index, "departments/d", "\">生活支援課</a>");
    let file = href.rsplit("departments/").next().unwrap_or_default();
    let html = page(&format!(
        "departments/{}",
        &file[..file.find('"').unwrap_or(file.len())]
    ));
    assert!(html.contains("<h1>生活支援課</h1>"), "{file}");
    // 総合相談支援業務 moved to 生活支援課 in FY2022.
    let row = between(&html, "総合相談支援業務", "</tr>");
    assert!(
        row.contains("令和4年度～令和5年度（2022～2023年度）"),
        "{row}"
    );
}

#[test]
fn charts_are_well_formed_svg_with_an_accessible_name() {
    for path in files_under(&public().join(PLAN).join("charts"), "svg") {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let svg = doc.root_element();
        assert_eq!(svg.tag_name().name(), "svg");
        assert_eq!(svg.attribute("role"), Some("img"));
        let title = svg.children().find(|n| n.has_tag_name("title"));
        let desc = svg.children().find(|n| n.has_tag_name("desc"));
        let title = title.and_then(|t| t.text()).unwrap_or_default();
        let desc = desc.and_then(|t| t.text()).unwrap_or_default();
        assert!(title.contains("評価の分布"), "{title}");
        assert!(desc.contains("A 順調"), "{desc}");
    }
    let plan_chart =
        fs::read_to_string(public().join(PLAN).join("charts/ratings.svg")).unwrap_or_default();
    assert!(
        plan_chart.contains("A 順調 45事業（88.2%）"),
        "{plan_chart}"
    );
    // The chart is inline on the plan page too, beside its table.
    let html = page(&format!("{PLAN}/index.html"));
    assert!(
        html.contains("<svg")
            && html.contains("aria-labelledby=\"rating-chart-title rating-chart-desc\"")
    );
}

#[test]
fn every_page_is_japanese_needs_no_script_and_every_link_resolves() {
    let pages = files_under(&public(), "html");
    assert!(pages.len() > 80);
    for path in &pages {
        let html = fs::read_to_string(path).unwrap_or_default();
        let name = path.display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"),
            "{name}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}");
        assert!(!html.contains("<script"), "{name}");
        for link in links(&html) {
            if link.starts_with("http:") || link.starts_with("https:") || link.starts_with('#') {
                continue;
            }
            let target = path.parent().map(|dir| dir.join(&link)).unwrap_or_default();
            assert!(target.is_file(), "{name}: link {link} does not resolve");
        }
    }
}

/// The targets of `href` and `src` attributes.
fn links(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            if let Some(end) = piece.find('"') {
                out.insert(piece[..end].to_string());
            }
        }
    }
    out
}

#[test]
fn a_base_url_makes_links_absolute() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    build(&BuildOptions {
        root: common::repo_root(),
        output: out.path().join("site"),
        base_url: Some("https://www.city.example.jp/mieruka".to_string()),
    })
    .unwrap_or_else(|d| panic!("{d}"));
    let html = fs::read_to_string(out.path().join("site").join(PLAN).join("index.html"))
        .unwrap_or_default();
    assert!(html.contains("href=\"https://www.city.example.jp/mieruka/static/style.css\""));
    assert!(html.contains(
        "href=\"https://www.city.example.jp/mieruka/honjo-suicide-2019/policies/j1.html\""
    ));
}

#[test]
fn raw_html_in_the_data_is_escaped() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace("実施した。", "<script>alert(1)</script>と<b>太字</b>"),
    );
    let out = site.path().join("public");
    build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: out.clone(),
        base_url: None,
    })
    .unwrap_or_else(|d| panic!("{d}"));
    let html = fs::read_to_string(out.join("mini/projects/a.html")).unwrap_or_default();
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_department_that_takes_a_project_back_lists_it_once_with_both_spans() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace(
            "  - name: 見本課\n",
            "  - name: 見本課\n  - {name: 別の課, from: 2020}\n  - {name: ' 見本課 ', from: 2021}\n",
        ),
    );
    let out = site.path().join("public");
    build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: out.clone(),
        base_url: None,
    })
    .unwrap_or_else(|d| panic!("{d}"));
    let index = fs::read_to_string(out.join("departments/index.html")).unwrap_or_default();
    assert_eq!(index.matches("見本課</a>").count(), 1, "{index}");
    let href = between(&index, "<a href=\"", "\">見本課</a>");
    let html = fs::read_to_string(out.join("departments").join(href.rsplit('/').next().unwrap_or_default()))
        .unwrap_or_default();
    assert_eq!(html.matches("見本事業</a>").count(), 1, "{html}");
    assert!(html.contains("<td>令和元年度（2019年度）、令和3年度（2021年度）</td>"), "{html}");
}
