//! The site's configuration, `site.toml` at the root.

use serde::{Deserialize, Serialize};

/// `site.toml`: what the whole site is called and where it is published.
///
/// Every key is optional; an absent `site.toml` means all defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title, shown in every page header.
    #[serde(default = "default_title")]
    pub title: String,
    /// One sentence on what the site is, shown on the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// The address the site is published at, e.g. `https://www.city.example.jp/mieruka/`.
    /// When set, links are absolute; when absent, every link is relative so the folder works from
    /// disk, under a sub-path or at `/`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The language of the pages (`lang` attribute).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
}

fn default_title() -> String {
    "計画の進捗状況".to_string()
}

fn default_language() -> String {
    "ja".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: default_title(),
            description: None,
            base_url: None,
            language: default_language(),
            theme: default_theme(),
        }
    }
}
