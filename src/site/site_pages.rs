//! The site's own pages: search, the page for a missing address (`404.html`) and the
//! ウェブアクセシビリティ方針.

use crate::model::Site;
use crate::search::INDEX_DIR;
use crate::site::views::{AccessibilityView, NotFoundView, PageHead, SearchView};
use crate::site::{Page, PageView, SiteGraph, home_link, urls};

/// Adds the search page (unless `search = false`), the 404 page and the accessibility policy.
pub fn add(graph: &mut SiteGraph, site: &Site) {
    let page = |path: String, view: PageView| Page {
        path,
        view,
        charts: Vec::new(),
    };
    if site.config.search {
        graph.pages.push(page(
            urls::search(),
            PageView::Search(SearchView {
                head: PageHead::new("サイト内検索".to_string(), vec![home_link()]),
                index_url: format!("{INDEX_DIR}/"),
            }),
        ));
    }
    graph.pages.push(page(
        urls::not_found(),
        PageView::NotFound(NotFoundView {
            head: PageHead::new("ページが見つかりません".to_string(), vec![home_link()]),
            search_url: site.config.search.then(urls::search),
        }),
    ));
    let mut municipalities: Vec<String> = Vec::new();
    for data in &site.plans {
        if !municipalities.contains(&data.plan.municipality) {
            municipalities.push(data.plan.municipality.clone());
        }
    }
    let policy = site.config.accessibility.clone();
    let owner = policy
        .organization
        .clone()
        .unwrap_or_else(|| "このサイトの運営者".to_string());
    graph.pages.push(page(
        urls::accessibility(),
        PageView::Accessibility(Box::new(AccessibilityView {
            head: PageHead::new("ウェブアクセシビリティ方針".to_string(), vec![home_link()]),
            policy,
            owner,
            municipalities,
        })),
    ));
}
