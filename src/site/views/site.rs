//! The views of the site's own pages: search, the page for a missing address, and the
//! accessibility policy.

use serde::Serialize;

use super::PageHead;
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
