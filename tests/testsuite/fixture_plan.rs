//! A plan unlike any of the real ones — two levels, a status scale ア 実施済 … オ その他 with an
//! achievement rate per year that may be blank, a page number per project — builds and renders
//! with no change to code or templates.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{between, text};

/// The fixture, built once with the built-in theme.
fn public() -> &'static PathBuf {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fixture = common::repo_root().join("tests/fixtures/status-plan");
        common::copy_dir(&fixture, dir.path());
        let out = common::build_at(dir.path());
        (dir, out)
    })
    .1
}

fn page(relative: &str) -> String {
    let path: &Path = public();
    fs::read_to_string(path.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

#[test]
fn every_page_of_the_plan_is_written() {
    for page in [
        "kensho-2021/index.html",
        "kensho-2021/policies/g1.html",
        "kensho-2021/policies/g1-a.html",
        "kensho-2021/policies/g2.html",
        "kensho-2021/projects/walk.html",
        "kensho-2021/projects/salt.html",
        "kensho-2021/years/2021.html",
        "kensho-2021/years/2024.html",
    ] {
        assert!(public().join(page).is_file(), "{page}");
    }
}

#[test]
fn the_plan_page_counts_statuses_by_year_in_the_plan_s_own_words() {
    let html = page("kensho-2021/index.html");
    let table = text(between(&html, "<table class=\"yearly-table\">", "</table>"));
    assert!(
        table.starts_with(
            "年度別の進捗状況の件数と割合 年度 ア 実施済 イ 一部実施 ウ 準備中 エ 未実施 オ その他"
        ),
        "{table}"
    );
    assert!(
        table.contains("令和3年度 （2021年度） 1 50.0% 0 0.0% 0 0.0% 1 50.0% 0 0.0% 0 2"),
        "{table}"
    );
    // Only walk has an entry for FY2023.
    assert!(
        table.contains("令和5年度 （2023年度） 0 0.0% 0 0.0% 1 100.0% 0 0.0% 0 0.0% 0 1"),
        "{table}"
    );
    let tree = text(between(&html, "施策体系</h2>", "</section>"));
    assert!(tree.contains("目標 目標１ 健康寿命をのばす"), "{tree}");
    assert!(tree.contains("取組の柱 ア 運動習慣の定着"), "{tree}");
}

#[test]
fn a_blank_achievement_is_not_zero() {
    let html = page("kensho-2021/projects/walk.html");
    let fy2021 = text(between(&html, "令和3年度（2021年度）</h3>", "</li>"));
    assert!(fy2021.contains("進捗状況 ア 実施済"), "{fy2021}");
    assert!(fy2021.contains("達成率 100%"), "{fy2021}");
    let fy2022 = text(between(&html, "令和4年度（2022年度）</h3>", "</li>"));
    assert!(fy2022.contains("達成率 ６０％"), "{fy2022}");
    let fy2023 = text(between(&html, "令和5年度（2023年度）</h3>", "</li>"));
    assert!(fy2023.contains("進捗状況 ウ 準備中"), "{fy2023}");
    assert!(!fy2023.contains("達成率"), "{fy2023}");
    let salt = page("kensho-2021/projects/salt.html");
    let fy2022 = text(between(&salt, "令和4年度（2022年度）</h3>", "</li>"));
    assert!(fy2022.contains("達成率 0%"), "{fy2022}");
}

#[test]
fn the_page_number_and_the_plan_s_labels_are_shown() {
    let html = text(&page("kensho-2021/projects/walk.html"));
    assert!(html.contains("計画書の掲載ページ 24"), "{html}");
    assert!(html.contains("取組の内容 教室を12回開催した。"), "{html}");
    assert!(html.starts_with("施策 1") || html.contains("施策 1 ウォーキング教室"));
}
