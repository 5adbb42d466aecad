//! The views of the site's own pages: search, the page for a missing address, and the
//! accessibility policy.

use serde::Serialize;

use super::{Link, PageHead};
use crate::config::AccessibilityPolicy;

/// The search page. The results are found by the theme's script in the browser.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The folder of the search index, relative to the output root.
    pub index_url: String,
}

/// The page served for an address that has no page (`404.html`).
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// The search page; `None` when the site has no search.
    pub search_url: Option<String>,
}

/// The ウェブアクセシビリティ方針 page.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityView {
    /// Title and breadcrumbs.
    pub head: PageHead,
    /// What `site.toml` says about the policy.
    pub policy: AccessibilityPolicy,
    /// Who the policy is of: the organisation, else 「このサイト」's owner in words.
    pub owner: String,
    /// The municipalities whose plans the site shows.
    pub municipalities: Vec<String>,
}

/// An Atom feed: a plan's or the site's.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// Its id (`urn:uuid:…`), the same in every build.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who publishes it (the municipality, or the site).
    pub author: String,
    /// When its newest entry was updated (RFC 3339).
    pub updated: String,
    /// The page it is the feed of.
    pub page: Link,
    /// Its entries, newest first.
    pub entries: Vec<FeedEntry>,
}

/// A fiscal year's results in a feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// Its id (`urn:uuid:…`), the same in every build.
    pub id: String,
    /// 令和4年度（2022年度）の実施状況.
    pub title: String,
    /// Its date (RFC 3339).
    pub updated: String,
    /// The year's page.
    pub url: String,
    /// The year's counts and changes in words.
    pub summary: String,
}
