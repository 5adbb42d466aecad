//! The whole site built from a fixture — `tests/fixtures/two-cities/`, two plans of a fictional
//! town — rather than the real plans: every page and chart written, valid structure on every
//! page, links that resolve from disk, charts that are well-formed and accessible. What a test
//! expects of the fixture's plans it reads from the fixture's files.

use crate::common;

mod expected;

use expected::{
    codes_in, departments_of, expected_pages, measure, page, percent, plans, policy_ids, public,
    shown_years, wareki,
};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use common::{files_under, text};
use mieruka::site::urls;
use mieruka::{BuildOptions, Silent, build};

#[test]
fn writes_every_page_of_every_plan() {
    let report = &common::fixture_built().1;
    let plans = plans();
    assert_eq!(report.plans, plans.len());
    assert_eq!(
        report.projects,
        plans.iter().map(|p| p.projects.len()).sum::<usize>()
    );
    let count = |dir: &str| files_under(&public().join(dir), "html").len();
    for plan in &plans {
        let id = &plan.id;
        assert_eq!(
            count(&format!("{id}/policies")),
            policy_ids(&plan.plan).len(),
            "{id}"
        );
        assert_eq!(
            count(&format!("{id}/projects")),
            plan.projects.len(),
            "{id}"
        );
        assert_eq!(
            count(&format!("{id}/years")),
            shown_years(plan).count(),
            "{id}"
        );
    }
    for relative in expected_pages(&plans) {
        assert!(public().join(&relative).is_file(), "{relative}");
    }
}

#[test]
fn the_home_page_lists_each_plan_with_its_period_and_latest_summary() {
    let html = text(&page("index.html"));
    for plan in plans() {
        let field = |key: &str| {
            plan.plan[key]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no {key}", plan.id))
                .to_string()
        };
        let (key, scale, codes) = measure(&plan);
        let last = *plan.years_with_data().last().unwrap_or(&0);
        let values = codes_in(&plan, key, last);
        let valued: Vec<&String> = values.iter().flatten().collect();
        let mut expected = format!(
            "{} 自治体 {} 計画期間 {}～{} {}数 {} {scale}（{}）",
            field("title"),
            field("municipality"),
            wareki(plan.year(&["period", "from"])),
            wareki(plan.year(&["period", "to"])),
            field("project_level"),
            plan.projects.len(),
            wareki(last)
        );
        for (code, label) in &codes {
            let n = valued.iter().filter(|v| **v == code).count();
            if n > 0 {
                let share = percent(n, valued.len());
                expected.push_str(&format!(" {code} {label} {n}件（{share}）"));
            }
        }
        let unvalued = values.len() - valued.len();
        if unvalued > 0 {
            expected.push_str(&format!(" {scale}なし {unvalued}件"));
        }
        assert!(html.contains(&expected), "{expected}\n{html}");
    }
}

#[test]
fn departments_are_indexed_across_plans() {
    // Each of the town's departments (an outside body's are listed apart): how many projects of
    // all plans name it, and the titles of those plans, in the order the site lists them.
    let mut departments: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for plan in plans() {
        let title = plan.plan["title"].as_str().unwrap_or_default().to_string();
        for (_, project) in &plan.projects {
            let names: BTreeSet<&str> = departments_of(project)
                .into_iter()
                .filter(|d| d["organization"].is_null())
                .filter_map(|d| d["name"].as_str())
                .collect();
            for name in names {
                let (count, titles) = departments.entry(name.to_string()).or_default();
                *count += 1;
                if !titles.contains(&title) {
                    titles.push(title.clone());
                }
            }
        }
    }
    let shared: Vec<_> = departments
        .iter()
        .filter(|(_, (_, titles))| titles.len() > 1)
        .collect();
    assert!(
        !shared.is_empty(),
        "the fixture has a department with projects in two plans"
    );
    let html = text(&page("departments/index.html"));
    for (name, (count, titles)) in shared {
        let row = format!("{name} {count} {}", titles.join("、"));
        assert!(html.contains(&row), "{row}\n{html}");
    }
}

#[test]
fn every_page_is_japanese_has_one_h1_and_every_link_resolves() {
    let pages = files_under(&public(), "html");
    let checked: BTreeSet<&PathBuf> = pages.iter().collect();
    for relative in expected_pages(&plans()) {
        assert!(
            checked.contains(&public().join(&relative)),
            "{relative} is not among the pages"
        );
    }
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
    // Without the script the filters are links to pages listing the same projects: each code
    // of each plan's latest year.
    let mut filters = 0;
    for plan in plans() {
        let (key, _, codes) = measure(&plan);
        let last = *plan.years_with_data().last().unwrap_or(&0);
        let values = codes_in(&plan, key, last);
        let index = page(&format!("{}/index.html", plan.id));
        let find = common::between(&index, "<section id=\"find\"", "</section>");
        for (code, _) in &codes {
            let n = values.iter().flatten().filter(|v| *v == code).count();
            if n == 0 {
                continue;
            }
            let url = urls::measure_filter(&plan.id, key, Some(code));
            let link = format!(
                "<a class=\"filter\" href=\"../{url}\" data-filter=\"{key}\" data-value=\"{code}\">"
            );
            assert!(find.contains(&link), "{link}\n{find}");
            let listed = page(&url);
            assert_eq!(
                listed.matches(&format!("<tr data-{key}=")).count(),
                n,
                "{url}"
            );
            filters += 1;
        }
    }
    assert!(filters > 0);
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
    // Among them, a chart of each plan, of each of its policy nodes and of each year its pages
    // show.
    for plan in plans() {
        let dir = public().join(&plan.id).join("charts");
        let mut folders = vec![dir.clone()];
        folders.extend(
            policy_ids(&plan.plan)
                .iter()
                .map(|p| dir.join("policies").join(p)),
        );
        folders.extend(shown_years(&plan).map(|fy| dir.join("years").join(fy.to_string())));
        for folder in folders {
            assert!(
                charts.iter().any(|c| c.parent() == Some(folder.as_path())),
                "no chart in {}",
                folder.display()
            );
        }
    }
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
    // A project with an indicator and a rating each year: its page draws a chart of each.
    let url = plans()
        .iter()
        .find_map(|plan| {
            plan.projects.iter().find_map(|(_, p)| {
                let indicators = p["indicators"].as_sequence().is_some_and(|i| !i.is_empty());
                let rated = p["years"]
                    .as_mapping()
                    .is_some_and(|years| years.iter().all(|(_, e)| !e["rating"].is_null()));
                (indicators && rated).then(|| {
                    format!(
                        "{}/projects/{}.html",
                        plan.id,
                        p["id"].as_str().unwrap_or_default()
                    )
                })
            })
        })
        .unwrap_or_else(|| panic!("the fixture has a rated project with an indicator"));
    let html = page(&url);
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{url}: {ids:?}");
    assert!(html.matches("role=\"img\"").count() >= 2, "{url}");
}

#[test]
fn a_base_url_makes_links_absolute() {
    let plans = plans();
    let plan = plans
        .first()
        .unwrap_or_else(|| panic!("the fixture has no plan"));
    let policy = policy_ids(&plan.plan)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{} has no policy", plan.id));
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    build(
        &BuildOptions {
            root: common::fixture_root(common::SITE_FIXTURE),
            output: out.path().join("site"),
            base_url: Some("https://www.city.example.jp/mieruka".to_string()),
        },
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let id = &plan.id;
    let html =
        fs::read_to_string(out.path().join(format!("site/{id}/index.html"))).unwrap_or_default();
    assert!(html.contains("href=\"https://www.city.example.jp/mieruka/static/style.css\""));
    assert!(html.contains(&format!(
        "href=\"https://www.city.example.jp/mieruka/{id}/policies/{policy}.html\""
    )));
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
            root: common::fixture_root(common::SITE_FIXTURE),
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
