//! What residents find besides the plan pages: filters of a plan's projects that work without
//! JavaScript, the page of new and ended projects, previous/next between projects, search,
//! the licence, the 404 and accessibility pages, chart numbers as CSV, and the files for search
//! engines.

use crate::common;

use std::fs;

use common::{between, page, public, text};
use mieruka::{BuildOptions, Silent, build};

/// The links of the rows of the table `#project-list` in `html`.
fn listed(html: &str) -> Vec<String> {
    let table = between(
        html,
        "<table class=\"projects\" id=\"project-list\">",
        "</table>",
    );
    table
        .split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.trim_start_matches("../").to_string())
        .collect()
}

#[test]
fn each_filter_of_a_plan_links_to_a_page_listing_what_it_matches() {
    let plan = page("honjo-suicide-2019/index.html");
    let all = listed(&plan);
    assert_eq!(all.len(), 53, "every project once");
    let find = text(between(&plan, "<section id=\"find\"", "<table"));
    // The published split: 45 A, 6 B, 2 unrated.
    assert!(
        find.contains("A 順調 45件 B 概ね順調 6件 評価なし 2件"),
        "{find}"
    );
    assert!(find.contains("介護保険課 11件"), "{find}");
    assert!(find.contains("令和5年度（2023年度） 51件"), "{find}");

    let rating_a = listed(&page("honjo-suicide-2019/filters/rating-A.html"));
    let unrated = listed(&page("honjo-suicide-2019/filters/rating-none.html"));
    assert_eq!((rating_a.len(), unrated.len()), (45, 2));
    // 介護保険課's filter.
    let department = plan
        .split("data-filter=\"department\" data-value=\"")
        .skip(1)
        .find(|s| s.contains("\">介護保険課<"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default();
    let by_department = listed(&page(&format!(
        "honjo-suicide-2019/filters/department-{department}.html"
    )));
    assert_eq!(by_department.len(), 11);
    // The rows carry what the script filters on, and they agree with the pages.
    for row in plan.split("<tr data-rating=\"").skip(1) {
        let rating = row.split('"').next().unwrap_or_default();
        let link = row
            .split("<th scope=\"row\"><a href=\"../")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_string();
        assert_eq!(rating == "A", rating_a.contains(&link), "{link}");
        assert_eq!(
            row.contains(&format!("data-department=\"{department}"))
                || row.contains(&format!(" {department}")),
            by_department.contains(&link),
            "{link}"
        );
    }
}

#[test]
fn the_changes_page_lists_new_and_ended_projects_by_year() {
    let html = text(&page("honjo-suicide-2019/changes.html"));
    assert!(
        html.contains("新たに加わった事業 令和5年度（2023年度）（2件）"),
        "{html}"
    );
    assert!(html.contains("コミュニケーション講座"), "{html}");
    assert!(
        html.contains("終了した事業 令和元年度（2019年度）（1件）"),
        "{html}"
    );
    assert!(
        html.contains("介護の悩み相談事業 社会福祉協議会 ※令和２年３月３１日をもって事業終了"),
        "{html}"
    );
    assert!(html.contains("目標を達成した事業 ありません。"), "{html}");
    let plan = page("honjo-suicide-2019/index.html");
    assert!(plan.contains("<a href=\"../honjo-suicide-2019/changes.html\">新規・終了した事業</a>"));
}

#[test]
fn a_project_links_to_the_ones_before_and_after_it_under_its_policy() {
    let second = text(between(
        &page("honjo-suicide-2019/projects/j1-1-02.html"),
        "<nav class=\"neighbours\"",
        "</nav>",
    ));
    assert_eq!(
        second,
        "同じ施策（ ① 高齢者の居場所づくりと交流促進 ）の事業 前の事業 1 老人福祉センター管理運営事業 次の事業 3 ふれあいいきいきサロン支援事業"
    );
    let first = page("honjo-suicide-2019/projects/j1-1-01.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("rel=\"next\""));
}

#[test]
fn the_search_index_holds_every_project_page_and_the_search_page_loads_it() {
    // Each plan's project pages in a shard of their own.
    let fragments = |shard: u32| {
        fs::read_dir(public().join(format!("pagefind/{shard}/fragment")))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let mut counts = [fragments(1), fragments(2), fragments(3)];
    counts.sort();
    assert_eq!(counts, [48, 53, 63]);
    assert_eq!(page("pagefind/shards.json"), r#"["1/","2/","3/"]"#);
    assert!(public().join("pagefind/1/pagefind.js").is_file());
    assert!(
        !public().join("pagefind/1/pagefind-ui.js").exists(),
        "unused"
    );
    let search = page("search.html");
    assert!(search.contains("<input type=\"search\" id=\"search-input\" name=\"q\""));
    assert!(search.contains("data-index=\"pagefind/\""));
    assert!(search.contains("<noscript>"));
    let project = page("shiroi-welfare/projects/n01.html");
    assert!(
        project
            .contains("<main id=\"main\" class=\"container\" tabindex=\"-1\" data-pagefind-body>")
    );
}

#[test]
fn every_page_states_the_licence_and_links_the_accessibility_policy() {
    for path in common::files_under(&public(), "html") {
        let html = fs::read_to_string(&path).unwrap_or_default();
        let footer = between(&html, "<footer", "</footer>");
        assert!(
            footer.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/deed.ja\" rel=\"license\">クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）</a>"),
            "{}",
            path.display()
        );
        assert!(footer.contains("accessibility.html\">ウェブアクセシビリティ方針</a>"));
    }
}

#[test]
fn the_404_and_accessibility_pages_come_from_site_toml() {
    let site = common::mini_site();
    common::write(
        site.path(),
        "site.toml",
        "title = \"見本市の計画\"\n[license]\nname = \"政府標準利用規約（第2.0版）\"\n[accessibility]\norganization = \"見本市\"\nconformance = \"一部準拠\"\ndeadline = \"令和9年3月\"\ncontact = \"見本市 企画課\"\n",
    );
    let out = common::build_at(site.path());
    let read = |p: &str| fs::read_to_string(out.join(p)).unwrap_or_default();
    let policy = text(&read("accessibility.html"));
    assert!(
        policy.contains("見本市は、見本市の計画の進捗状況を"),
        "{policy}"
    );
    assert!(
        policy.contains("JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベルAAに一部準拠（達成期限：令和9年3月）。"),
        "{policy}"
    );
    assert!(
        policy.contains("見本市 企画課までお寄せください"),
        "{policy}"
    );
    let missing = text(&read("404.html"));
    assert!(missing.contains("ページが見つかりません"), "{missing}");
    assert!(
        read("index.html")
            .contains("掲載しているデータは政府標準利用規約（第2.0版）の条件で利用できます。")
    );

    // Without [accessibility] the page leaves out what it does not know.
    let plain = text(&fs::read_to_string(public().join("accessibility.html")).unwrap_or_default());
    assert!(
        plain.contains("このサイトの運営者は、本庄市・白井市の計画の進捗状況を"),
        "{plain}"
    );
    assert!(plain.contains("適合レベルAAを目標とします。"), "{plain}");
    assert!(!plain.contains("お問い合わせ"), "{plain}");
}

#[test]
fn every_chart_has_its_numbers_as_csv_beside_it() {
    let csv = fs::read_to_string(public().join("honjo-suicide-2019/charts/ratings.csv"))
        .unwrap_or_default();
    assert!(csv.starts_with("\u{feff}評価,件数,割合\nA 順調,45,88.2%\nB 概ね順調,6,11.8%\n"));
    assert!(csv.ends_with("評価なし,2,\n合計,53,\n"));
    let by_year =
        fs::read_to_string(public().join("honjo-welfare-2019/charts/ratings-by-year.csv"))
            .unwrap_or_default();
    assert!(
        by_year.contains("令和5年度（2023年度）,51,24,5,0,1,81\n"),
        "{by_year}"
    );
    for svg in common::files_under(&public(), "svg")
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "charts"))
    {
        assert!(svg.with_extension("csv").is_file(), "{}", svg.display());
    }
    let plan = page("honjo-suicide-2019/index.html");
    assert!(plan.contains("<a href=\"../honjo-suicide-2019/charts/ratings.csv\">数値（CSV）</a>"));
}

#[test]
fn a_base_url_gives_a_sitemap_canonical_addresses_and_robots_points_to_it() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    build(
        &BuildOptions {
            root: common::repo_root(),
            output: out.path().join("site"),
            base_url: Some("https://www.city.example.jp/plans/".to_string()),
        },
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let read = |p: &str| fs::read_to_string(out.path().join("site").join(p)).unwrap_or_default();
    let sitemap = read("sitemap.xml");
    let pages = common::files_under(&out.path().join("site"), "html").len();
    assert_eq!(
        sitemap.matches("<loc>").count(),
        pages - 1,
        "all but 404.html"
    );
    assert!(sitemap.contains(
        "<loc>https://www.city.example.jp/plans/honjo-suicide-2019/projects/j1-1-01.html</loc>"
    ));
    assert!(!sitemap.contains("404.html"));
    assert_eq!(
        read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://www.city.example.jp/plans/sitemap.xml\n"
    );
    let project = read("honjo-suicide-2019/projects/j1-1-01.html");
    assert!(project.contains("<link rel=\"canonical\" href=\"https://www.city.example.jp/plans/honjo-suicide-2019/projects/j1-1-01.html\">"));
    assert!(
        project.contains("<meta property=\"og:title\" content=\"老人福祉センター管理運営事業\">")
    );

    // Without one there is no sitemap (it needs full addresses) and no canonical address.
    assert!(!public().join("sitemap.xml").exists());
    assert_eq!(
        fs::read_to_string(public().join("robots.txt")).unwrap_or_default(),
        "User-agent: *\nAllow: /\n"
    );
    assert!(!page("index.html").contains("rel=\"canonical\""));
}

#[test]
fn a_base_url_that_is_only_a_path_makes_links_absolute_but_gives_no_sitemap() {
    let site = common::mini_site();
    common::write(site.path(), "site.toml", "base_url = \"/mieruka/\"\n");
    let out = common::build_at(site.path());
    let missing = fs::read_to_string(out.join("404.html")).unwrap_or_default();
    assert!(missing.contains("<link rel=\"stylesheet\" href=\"/mieruka/static/style.css\">"));
    assert!(missing.contains("<a href=\"/mieruka/index.html\">計画一覧（トップページ）</a>"));
    assert!(!missing.contains("rel=\"canonical\""));
    assert!(!out.join("sitemap.xml").exists());
}
