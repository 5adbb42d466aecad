//! The whole site built from `content/`: every page and chart written, valid structure on every
//! page, links that resolve from disk, charts that are well-formed and accessible.

use crate::common;

use std::collections::BTreeSet;
use std::fs;

use common::{files_under, page, public, text};
use mieruka::{BuildOptions, Silent, build};

#[test]
fn writes_every_page_of_every_plan() {
    let report = &common::built().1;
    assert_eq!(report.plans, 3);
    assert_eq!(report.projects, 53 + 63 + 48);
    let count = |dir: &str| files_under(&public().join(dir), "html").len();
    // 本庄市自殺対策: 3 重点施策 and 9 sub-areas, 53 projects, 5 fiscal years.
    assert_eq!(count("honjo-suicide-2019/policies"), 12);
    assert_eq!(count("honjo-suicide-2019/projects"), 53);
    assert_eq!(count("honjo-suicide-2019/years"), 5);
    // ふくしの杜: 4 基本戦略, 10 施策細目, 9 重点施策; 63 取組.
    assert_eq!(count("honjo-welfare-2019/policies"), 23);
    assert_eq!(count("honjo-welfare-2019/projects"), 63);
    // 白井市: 6 基本方針, 18 施策の方向, 29 事業; 48 取組項目; FY2020–FY2022.
    assert_eq!(count("shiroi-welfare/policies"), 53);
    assert_eq!(count("shiroi-welfare/projects"), 48);
    assert_eq!(count("shiroi-welfare/years"), 3);
    assert!(public().join("index.html").is_file());
    assert!(public().join("departments/index.html").is_file());
}

#[test]
fn the_home_page_lists_each_plan_with_its_period_and_latest_summary() {
    let html = text(&page("index.html"));
    assert!(html.contains("本庄市自殺対策計画 自治体 本庄市 計画期間 令和元年度（2019年度）～令和5年度（2023年度） 事業数 53 評価（計画期間） A 順調 45件（88.2%） B 概ね順調 6件（11.8%） 評価なし 2件"), "{html}");
    assert!(html.contains("自己評価（令和5年度（2023年度）） A 達成 51件（63.8%） B 未達成 24件（30.0%） C 検討中 5件（6.3%） 自己評価なし 1件"), "{html}");
    assert!(html.contains("計画期間 平成29年度（2017年度）～令和7年度（2025年度） 取組項目数 48 評価（令和4年度（2022年度）） A 順調に進んでいる 31件（64.6%）"), "{html}");
}

#[test]
fn departments_are_indexed_across_plans() {
    let html = text(&page("departments/index.html"));
    // 地域福祉課 has projects in both of 本庄市's plans.
    assert!(html.contains("地域福祉課 "), "{html}");
    let row = html.split("地域福祉課 ").nth(1).unwrap_or_default();
    assert!(
        row.contains("本庄市自殺対策計画、ふくしの杜ほんじょうプラン２１"),
        "{row}"
    );
}

#[test]
fn every_page_is_japanese_has_one_h1_and_every_link_resolves() {
    let pages = files_under(&public(), "html");
    assert!(pages.len() > 290);
    for path in &pages {
        let html = fs::read_to_string(path).unwrap_or_default();
        let name = path.display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"),
            "{name}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}");
        for link in links(&html) {
            let outside = ["http:", "https:", "tel:"];
            if outside.iter().any(|s| link.starts_with(s)) || link.starts_with('#') {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = path.parent().map(|dir| dir.join(file)).unwrap_or_default();
            assert!(target.is_file(), "{name}: link {link} does not resolve");
            if !fragment.is_empty() {
                let linked = fs::read_to_string(&target).unwrap_or_default();
                assert!(
                    linked.contains(&format!(" id=\"{fragment}\"")),
                    "{name}: link {link} points to no element"
                );
            }
        }
    }
}

#[test]
fn scripts_are_only_the_filters_and_search_and_everything_they_enhance_is_in_the_html() {
    for path in files_under(&public(), "html") {
        let html = fs::read_to_string(&path).unwrap_or_default();
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter_map(|s| s.split("src=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(
            scripts.len(),
            html.matches("<script").count(),
            "{}",
            path.display()
        );
        for src in scripts {
            assert!(
                src.ends_with("static/filter.js") || src.ends_with("static/search.js"),
                "{}: {src}",
                path.display()
            );
        }
    }
    // Without the script the filters are links to pages listing the same projects.
    let plan = page("honjo-suicide-2019/index.html");
    let find = common::between(&plan, "<section id=\"find\"", "</section>");
    assert!(find.contains("<a class=\"filter\" href=\"../honjo-suicide-2019/filters/rating-A.html\" data-filter=\"rating\" data-value=\"A\">"), "{find}");
    let listed = page("honjo-suicide-2019/filters/rating-A.html");
    assert_eq!(listed.matches("<tr data-rating=").count(), 45);
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
fn charts_are_well_formed_svg_that_state_their_data() {
    let charts: Vec<_> = files_under(&public(), "svg")
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "charts"))
        .collect();
    assert!(charts.len() > 150);
    for path in charts {
        let source = fs::read_to_string(&path).unwrap_or_default();
        let doc = roxmltree::Document::parse(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let svg = doc.root_element();
        assert_eq!(svg.tag_name().name(), "svg");
        assert_eq!(svg.attribute("role"), Some("img"), "{}", path.display());
        let child = |name: &str| {
            svg.children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        let (title, desc) = (child("title"), child("desc"));
        assert!(
            !title.is_empty() && desc.chars().any(|c| c.is_ascii_digit()),
            "{}: {title} / {desc}",
            path.display()
        );
        let labelled_by = svg.attribute("aria-labelledby").unwrap_or_default();
        for id in labelled_by.split(' ') {
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(id)),
                "{}: no #{id}",
                path.display()
            );
        }
    }
}

#[test]
fn charts_inlined_in_a_page_have_ids_unique_in_that_page() {
    let html = page("shiroi-welfare/projects/n01.html");
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert!(html.matches("role=\"img\"").count() >= 2);
}

#[test]
fn a_base_url_makes_links_absolute() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    build(
        &BuildOptions {
            root: common::repo_root(),
            output: out.path().join("site"),
            base_url: Some("https://www.city.example.jp/mieruka".to_string()),
        },
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let html = fs::read_to_string(out.path().join("site/honjo-suicide-2019/index.html"))
        .unwrap_or_default();
    assert!(html.contains("href=\"https://www.city.example.jp/mieruka/static/style.css\""));
    assert!(html.contains(
        "href=\"https://www.city.example.jp/mieruka/honjo-suicide-2019/policies/j1.html\""
    ));
}

#[test]
fn a_site_without_search_has_no_search_page_link_or_index() {
    let site = common::mini_site();
    let with_search = common::build_at(site.path());
    assert!(with_search.join("search.html").is_file());
    assert!(with_search.join("pagefind/shards.json").is_file());
    common::write(
        site.path(),
        "site.toml",
        "title = \"見本\"\nsearch = false\n",
    );
    let out = common::build_at(site.path());
    assert!(!out.join("search.html").exists());
    assert!(!out.join("pagefind").exists());
    for page in common::files_under(&out, "html") {
        let html = fs::read_to_string(&page).unwrap_or_default();
        assert!(!html.contains("search.html"), "{}", page.display());
    }
}

#[test]
fn raw_html_in_the_data_is_escaped() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace("実施した。", "<script>alert(1)</script>と<b>太字</b>"),
    );
    let out = common::build_at(site.path());
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
    let out = common::build_at(site.path());
    let index = fs::read_to_string(out.join("departments/index.html")).unwrap_or_default();
    assert_eq!(index.matches("見本課</a>").count(), 1, "{index}");
    let href = common::between(&index, "<tr><th scope=\"row\"><a href=\"", "\">見本課</a>");
    let file = href
        .rsplit('"')
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let html = fs::read_to_string(out.join("departments").join(file)).unwrap_or_default();
    assert_eq!(html.matches("見本事業</a>").count(), 1, "{html}");
    assert!(
        text(&html).contains("令和元年度（2019年度）、令和3年度（2021年度）"),
        "{html}"
    );
}

/// Progress as a recorder: each stage with its announced and its done steps.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<(String, u64, u64)>>);

impl mieruka::Progress for Recorder {
    fn stage(&self, name: &str, steps: u64) {
        let mut stages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        stages.push((name.to_string(), steps, 0));
    }
    fn advance(&self, steps: u64) {
        let mut stages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(last) = stages.last_mut() {
            last.2 += steps;
        }
    }
}

#[test]
fn the_build_reports_each_stage_with_steps_that_add_up() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let recorder = Recorder::default();
    let report = build(
        &BuildOptions {
            root: common::repo_root(),
            output: out.path().join("site"),
            base_url: None,
        },
        &recorder,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let stages = recorder.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let names: Vec<&str> = stages.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "loading",
            "rendering and writing",
            "finishing the search index",
            "publishing"
        ]
    );
    for (name, announced, done) in &stages {
        assert_eq!(announced, done, "{name}");
    }
    // A step for the shared pages, one for each plan and one for the site's own files.
    assert_eq!(stages[1].1, report.plans as u64 + 2);
    let written = walkdir::WalkDir::new(out.path().join("site"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(report.files, written);
}

#[test]
fn a_policy_and_a_project_of_one_id_keep_their_own_charts() {
    let dir = common::mini_site();
    let plan = common::PLAN.replace("id: p1-1", "id: ratings");
    common::write(dir.path(), "content/mini/plan.yaml", &plan);
    let project = common::project("ratings")
        .replace("placements: [p1-1]", "placements: [ratings]")
        .replace(
            "  2019:\n    results: 実施した。\n",
            "  2019:\n    results: 実施した。\n    rating: B\n  2020:\n    results: 実施した。\n    rating: C\n",
        );
    common::write(dir.path(), "content/mini/projects/ratings.yaml", &project);
    fs::remove_file(dir.path().join("content/mini/projects/a.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = common::build_at(dir.path());
    let policy = out.join("mini/charts/policies/ratings/ratings.csv");
    let policy =
        fs::read_to_string(&policy).unwrap_or_else(|e| panic!("{}: {e}", policy.display()));
    // The policy's chart counts the period's ratings (A 1); the project's, drawn in its page,
    // its rating per year.
    assert!(policy.contains("A 順調,1"), "{policy}");
    let page = fs::read_to_string(out.join("mini/policies/ratings.html")).unwrap_or_default();
    assert!(
        page.contains("charts/policies/ratings/ratings.csv"),
        "{page}"
    );
    let project = fs::read_to_string(out.join("mini/projects/ratings.html")).unwrap_or_default();
    assert!(project.contains("見本事業の年度別の評価"), "{project}");
}
