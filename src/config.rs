//! The site's configuration, `site.toml` at the root.

use serde::{Deserialize, Serialize};

/// `site.toml`: what the whole site is called and where it is published.
///
/// Every key is optional; an absent `site.toml` means all defaults.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title, shown in every page header.
    #[serde(default = "default_title")]
    pub title: String,
    /// One sentence on what the site is, shown on the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// The address the site is published at, e.g. `https://www.city.example.jp/mieruka/`, or
    /// only its path (`/mieruka/`). When set, links are absolute; when absent, every link is
    /// relative so the folder works from disk, under a sub-path or at `/`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The language of the pages (`lang` attribute).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The licence of the data, shown in every page footer and beside the downloads.
    #[serde(default)]
    pub license: License,
    /// What the ウェブアクセシビリティ方針 page says about the site's owner and its tests.
    #[serde(default)]
    pub accessibility: AccessibilityPolicy,
    /// Whether the site has its own search (a search page, links to it, and the search index,
    /// which is most of a large site's build time). `search = false` for a site published where
    /// the city's own site search covers it. Default: true.
    #[serde(default = "default_search")]
    pub search: bool,
}

/// `[license]`: the licence the data is published under. Japanese public data is usually
/// published under CC BY 4.0, the default.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// Its name as shown (`CC BY 4.0`, `政府標準利用規約（第2.0版）`).
    pub name: String,
    /// Where its text is published.
    #[serde(default)]
    pub url: Option<String>,
}

impl Default for License {
    fn default() -> Self {
        License {
            name: "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）".to_string(),
            url: Some("https://creativecommons.org/licenses/by/4.0/deed.ja".to_string()),
        }
    }
}

/// `[accessibility]`: the facts of the site's ウェブアクセシビリティ方針 (accessibility policy),
/// in the form of 総務省「みんなの公共サイト運用ガイドライン」. Every key is optional; the page
/// leaves out what is not given rather than showing placeholders.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityPolicy {
    /// Who sets the policy (`〇〇市`).
    #[serde(default)]
    pub organization: Option<String>,
    /// The target conformance level of JIS X 8341-3:2016 (default AA).
    #[serde(default)]
    pub level: Level,
    /// How far the site meets it, in the JIS terms; without it the page states only the target.
    #[serde(default)]
    pub conformance: Option<Conformance>,
    /// By when the target is to be met (`令和9年3月`).
    #[serde(default)]
    pub deadline: Option<String>,
    /// When the site was last tested and how, as the owner publishes it.
    #[serde(default)]
    pub tested: Option<String>,
    /// Where the test results are published.
    #[serde(default)]
    pub results_url: Option<String>,
    /// Content outside the policy (for example the PDF documents the data comes from).
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Whom to ask about the site (`〇〇市 〇〇課 電話 …`).
    #[serde(default)]
    pub contact: Option<String>,
}

/// A conformance level of JIS X 8341-3:2016 (= WCAG 2.0).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum Level {
    /// Level A.
    A,
    /// Level AA, what Japanese public bodies are expected to meet.
    #[default]
    AA,
    /// Level AAA.
    AAA,
}

/// How far a site meets its target level, in the terms JIS X 8341-3:2016 allows.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum Conformance {
    /// 準拠: every criterion met and the test results published.
    #[serde(rename = "準拠")]
    Conforms,
    /// 一部準拠: tested and the results published, not every criterion met.
    #[serde(rename = "一部準拠")]
    PartlyConforms,
    /// 配慮: designed with the criteria in mind.
    #[serde(rename = "配慮")]
    Considered,
}

/// Whether `url` is a web address a page may link to: `https://…` or `http://…` (never
/// `javascript:` or `data:`).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl SiteConfig {
    /// The addresses in the configuration that pages link to but that are not web addresses:
    /// each as (table, key, value).
    pub fn bad_urls(&self) -> Vec<(&'static str, &'static str, &str)> {
        let mut bad = Vec::new();
        if let Some(url) = self.license.url.as_deref().filter(|u| !is_web_url(u)) {
            bad.push(("license", "url", url));
        }
        if let Some(url) = self
            .accessibility
            .results_url
            .as_deref()
            .filter(|u| !is_web_url(u))
        {
            bad.push(("accessibility", "results_url", url));
        }
        bad
    }

    /// The base URL when it is a full address (`https://…`): what a sitemap and the pages'
    /// canonical addresses need. `None` for no base URL or a path alone.
    pub fn full_base_url(&self) -> Option<&str> {
        self.base_url
            .as_deref()
            .filter(|b| b.starts_with("https://") || b.starts_with("http://"))
    }
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

fn default_search() -> bool {
    true
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: default_title(),
            description: None,
            base_url: None,
            language: default_language(),
            theme: default_theme(),
            license: License::default(),
            accessibility: AccessibilityPolicy::default(),
            search: default_search(),
        }
    }
}
