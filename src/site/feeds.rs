//! Atom feeds of new results: one per plan (`<plan>/feed.xml`) and one for the site
//! (`feed.xml`), with an entry per fiscal year whose results the plan has, linking to that
//! year's page. Pages link to them with `<link rel="alternate">`.
//!
//! An entry is dated with the plan's `published` date for that year, else 31 March after the
//! fiscal year ([`crate::model::Plan::results_date`]): never the date of the build, so that two
//! builds of the same data are the same.

use sha2::{Digest, Sha256};

use crate::config::SiteConfig;
use crate::fiscal_year::FiscalYear;
use crate::site::plan_index::PlanIndex;
use crate::site::summary::When;
use crate::site::views::{FeedEntry, FeedView, Link};
use crate::site::{Page, PageView, SiteGraph, urls, year_changes};

/// The entries of `index`'s plan, newest first: one per fiscal year with results
/// ([`PlanIndex::results_years`]), each with its fiscal year.
fn entries(site: &str, index: &PlanIndex<'_>) -> Vec<(jiff::civil::Date, FiscalYear, FeedEntry)> {
    let plan = &index.data.plan;
    let mut out: Vec<(jiff::civil::Date, FiscalYear, FeedEntry)> = index
        .results_years()
        .into_iter()
        .filter_map(|fy| {
            let date = plan.results_date(fy)?;
            Some((
                date,
                fy,
                FeedEntry {
                    id: entry_id(site, index.id(), fy),
                    title: format!("{}の実施状況", fy.label()),
                    updated: timestamp(date),
                    url: urls::year(index.id(), fy),
                    summary: summary(index, fy),
                },
            ))
        })
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.0));
    out
}

/// What the year's page says first: each measure's counts, and what changed.
fn summary(index: &PlanIndex<'_>, fy: FiscalYear) -> String {
    let mut parts: Vec<String> = index
        .measures
        .iter()
        .filter(|(_, years)| years.contains(&fy))
        .map(|&(measure, _)| index.summary(None, When::Year(fy), measure).sentence("件"))
        .collect();
    for &(measure, _) in &index.measures {
        if let Some(list) = year_changes::changes(index, measure, fy) {
            parts.push(format!(
                "前年度からの{}の変化：{}。",
                index.measure_name(measure),
                year_changes::count_sentence(&list)
            ));
        }
    }
    if parts.is_empty() {
        let n = index
            .data
            .projects
            .iter()
            .filter(|p| p.sheets().iter().any(|s| s.years().get(fy).is_some()))
            .count();
        parts.push(format!(
            "{n}件の{}の実施状況を掲載しています。",
            index.data.plan.project_level
        ));
    }
    parts.join(" ")
}

/// Adds the feed of each plan with results, and the site's, for the site `config` describes. A feed without entries (a site
/// whose plans have no results yet) is dated 1970-01-01: nothing in it is new.
pub fn add(graph: &mut SiteGraph, config: &SiteConfig, indexes: &[PlanIndex<'_>]) {
    let site_title = config.title.as_str();
    // Ids are unique per site: its full address where known, else its title.
    let site = config.full_base_url().unwrap_or(site_title);
    let mut all: Vec<(jiff::civil::Date, usize, FeedEntry)> = Vec::new();
    for (i, index) in indexes.iter().enumerate() {
        let plan = &index.data.plan;
        let own = entries(site, index);
        if own.is_empty() {
            continue; // no results yet: no feed, and its pages link to none
        }
        // The site's feed has the same entries, titled with the plan's title.
        all.extend(own.iter().map(|(d, fy, e)| {
            let title = format!("{} {}の実施状況", plan.title, fy.label());
            (*d, i, FeedEntry { title, ..e.clone() })
        }));
        graph.pages.push(feed_page(
            urls::feed(index.id()),
            FeedView {
                id: feed_id(site, index.id()),
                title: format!("{}の実施状況", plan.title),
                author: plan.municipality.clone(),
                updated: own
                    .first()
                    .map_or_else(String::new, |(d, _, _)| timestamp(*d)),
                page: index.plan_link(),
                entries: own.into_iter().map(|(_, _, e)| e).collect(),
            },
        ));
    }
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    graph.pages.push(feed_page(
        urls::site_feed(),
        FeedView {
            id: feed_id(site, ""),
            title: format!("{site_title}の更新"),
            author: site_title.to_string(),
            updated: all.first().map_or_else(
                || "1970-01-01T00:00:00Z".to_string(),
                |(d, _, _)| timestamp(*d),
            ),
            page: Link {
                title: site_title.to_string(),
                url: urls::home(),
            },
            entries: all.into_iter().map(|(_, _, e)| e).collect(),
        },
    ));
}

/// The feed at `path`, with every text made fit for XML ([`xml_text`]).
fn feed_page(path: String, mut view: FeedView) -> Page {
    view.title = xml_text(&view.title);
    view.author = xml_text(&view.author);
    for entry in &mut view.entries {
        entry.title = xml_text(&entry.title);
        entry.summary = xml_text(&entry.summary);
    }
    Page {
        path,
        view: PageView::Feed(Box::new(view)),
        charts: Vec::new(),
    }
}

/// `text` without the characters XML 1.0 cannot hold (control characters other than tab and
/// line breaks, U+FFFE, U+FFFF): one of them in a plan's title would make the whole feed
/// unreadable. Escaping `<` and `&` is the template's.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (!c.is_control() && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

/// Midnight in Japan at the start of `date`, as Atom writes a time.
fn timestamp(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00+09:00")
}

/// The feed's id: a `urn:uuid:` made from the site (its address or title) and the plan's id
/// (the site feed's for `""`), the same in every build.
fn feed_id(site: &str, plan_id: &str) -> String {
    uuid(&format!("mieruka feed {site}\u{1f}{plan_id}"))
}

/// An entry's id: the site, the plan and the fiscal year, the same in every build.
fn entry_id(site: &str, plan_id: &str, fy: FiscalYear) -> String {
    uuid(&format!(
        "mieruka results {site}\u{1f}{plan_id} {}",
        fy.year()
    ))
}

/// A name-based UUID (version 8, from SHA-256) of `name`, as a URN.
fn uuid(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Uuid::new_v8(bytes).urn().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_that_do_not_change() {
        let a = uuid("mieruka results honjo 2022");
        assert_eq!(a, uuid("mieruka results honjo 2022"));
        assert_ne!(a, uuid("mieruka results honjo 2023"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a["urn:uuid:".len() + 14..][..1], "8");
    }

    #[test]
    fn a_control_character_cannot_break_the_feed() {
        assert_eq!(xml_text("見本\u{b}計画\u{0}"), "見本計画");
        assert_eq!(xml_text("一行目\n二行目"), "一行目\n二行目");
    }
}
