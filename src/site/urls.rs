//! Where each page and chart is written, as a path relative to the output folder with `/`
//! separators (`honjo-suicide-2019/projects/j1-1-01.html`). Pages link to each other with these
//! paths prefixed by the page's way back to the root (`../../`), so the site works from disk,
//! under a sub-path and at `/`.

use sha2::{Digest, Sha256};

use crate::fiscal_year::FiscalYear;

/// The folders of the output that belong to the whole site, not to a plan: a plan's folder
/// (its id) cannot be one of them.
pub const SITE_FOLDERS: [&str; 4] = [
    "departments",
    "kinds",
    crate::theme::STATIC_DIR,
    crate::search::INDEX_DIR,
];

/// The home page.
pub fn home() -> String {
    "index.html".to_string()
}

/// A plan's page.
pub fn plan(plan_id: &str) -> String {
    format!("{plan_id}/index.html")
}

/// A policy node's page.
pub fn policy(plan_id: &str, policy_id: &str) -> String {
    format!("{plan_id}/policies/{policy_id}.html")
}

/// A project's page.
pub fn project(plan_id: &str, project_id: &str) -> String {
    format!("{plan_id}/projects/{project_id}.html")
}

/// A plan's page for one fiscal year.
pub fn year(plan_id: &str, fy: FiscalYear) -> String {
    format!("{plan_id}/years/{}.html", fy.year())
}

/// What a chart of a plan belongs to: its folder under the plan's `charts/`. Ids cannot hold a
/// `/`, so two owners' charts never share a path, whatever their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartOwner<'a> {
    /// The plan itself: `charts/<name>.svg`.
    Plan,
    /// A policy node: `charts/policies/<id>/<name>.svg`.
    Policy(&'a str),
    /// A fiscal year's page: `charts/years/<fy>/<name>.svg`.
    Year(FiscalYear),
    /// A project: `charts/projects/<id>/<name>.svg`.
    Project(&'a str),
    /// A department, by its slug ([`department_slug`]): `charts/departments/<slug>/<name>.svg`.
    Department(&'a str),
}

/// A chart of a plan: `name` (`ratings`, `statuses-by-year`) under its owner's folder
/// ([`ChartOwner`]); names are the measures' fixed words, unique within an owner.
pub fn chart(plan_id: &str, owner: ChartOwner<'_>, name: &str) -> String {
    match owner {
        ChartOwner::Plan => format!("{plan_id}/charts/{name}.svg"),
        ChartOwner::Policy(id) => format!("{plan_id}/charts/policies/{id}/{name}.svg"),
        ChartOwner::Year(fy) => format!("{plan_id}/charts/years/{}/{name}.svg", fy.year()),
        ChartOwner::Project(id) => format!("{plan_id}/charts/projects/{id}/{name}.svg"),
        ChartOwner::Department(slug) => format!("{plan_id}/charts/departments/{slug}/{name}.svg"),
    }
}

/// The page comparing the plans of one kind (自殺対策計画): named by a short hash of the kind.
pub fn kind(kind: &str) -> String {
    format!("kinds/{}.html", slug(kind, 'k'))
}

/// A chart on the page comparing the plans of `kind`, by a name unique on that page
/// (`<plan id>-ratings`).
pub fn kind_chart(kind: &str, name: &str) -> String {
    format!("kinds/{}/{name}.svg", slug(kind, 'k'))
}

/// The numbers of the chart at `chart_path` as CSV, beside it (`ratings.svg` → `ratings.csv`).
pub fn chart_data(chart_path: &str) -> String {
    match chart_path.strip_suffix(".svg") {
        Some(stem) => format!("{stem}.csv"),
        None => format!("{chart_path}.csv"),
    }
}

/// A plan's data file for download (`projects.csv`, `plan.json`).
pub fn data(plan_id: &str, file: &str) -> String {
    format!("{plan_id}/data/{file}")
}

/// A plan's Atom feed of new results.
pub fn feed(plan_id: &str) -> String {
    format!("{plan_id}/feed.xml")
}

/// The site's Atom feed of new results of every plan.
pub fn site_feed() -> String {
    "feed.xml".to_string()
}

/// A plan's page of what is new and what ended.
pub fn changes(plan_id: &str) -> String {
    format!("{plan_id}/changes.html")
}

/// A plan's list of the projects whose value of the measure keyed `key` (`rating`, `status`,
/// `achievement`) is `code` in its project list (`None`: no value). ASCII codes name the file
/// (`rating-A.html`); others are named by a short hash (`status-r1a2b3c4d5e.html`).
pub fn measure_filter(plan_id: &str, key: &str, code: Option<&str>) -> String {
    let slug = match code {
        None => "none".to_string(),
        Some(code) if code.chars().all(|c| c.is_ascii_alphanumeric()) => code.to_string(),
        Some(code) => slug(code, 'r'),
    };
    format!("{plan_id}/filters/{key}-{slug}.html")
}

/// A plan's list of the projects department `name` was responsible for.
pub fn department_filter(plan_id: &str, organization: &str, name: &str) -> String {
    format!(
        "{plan_id}/filters/department-{}.html",
        department_slug(organization, name)
    )
}

/// A plan's list of the projects of the departments of division (部) `division` of
/// `organization`.
pub fn division_filter(plan_id: &str, organization: &str, division: &str) -> String {
    format!(
        "{plan_id}/filters/division-{}.html",
        division_slug(organization, division)
    )
}

/// The short, stable, ASCII name of a division in the filters of plan pages.
pub fn division_slug(organization: &str, division: &str) -> String {
    slug(&format!("{organization}\u{1f}{division}"), 'v')
}

/// The search page.
pub fn search() -> String {
    "search.html".to_string()
}

/// The page served for an address that has no page.
pub fn not_found() -> String {
    "404.html".to_string()
}

/// The ウェブアクセシビリティ方針 page.
pub fn accessibility() -> String {
    "accessibility.html".to_string()
}

/// The index of all departments.
pub fn departments() -> String {
    "departments/index.html".to_string()
}

/// A department's page: the department `name` of the organisation `organization` (a
/// municipality, or an outside body). Department names are free text, so the file is named by a
/// short hash of both: stable across builds, safe on every file system and web server, and
/// different for two organisations' departments of one name.
pub fn department(organization: &str, name: &str) -> String {
    format!("departments/{}.html", department_slug(organization, name))
}

/// The address a department's page had when departments were named by their name alone; it
/// now leads to the departments of that name ([`crate::site::views::DepartmentNameView`]).
pub fn department_name(name: &str) -> String {
    format!("departments/{}.html", slug(name, 'd'))
}

/// The short, stable, ASCII name of a department in URLs and in the filters of plan pages.
pub fn department_slug(organization: &str, name: &str) -> String {
    slug(&format!("{organization}\u{1f}{name}"), 'd')
}

/// `prefix` and the first 10 hex digits of the SHA-256 of `text`.
fn slug(text: &str, prefix: char) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("{prefix}{}", hex::encode(&digest[..5]))
}

/// The way from the page at `path` back to the output root: `""` for `index.html`, `"../"` for
/// `plan/index.html`, `"../../"` for `plan/projects/x.html`. With a base URL, the base URL.
pub fn root_from(path: &str, base_url: Option<&str>) -> String {
    match base_url {
        Some(base) if base.ends_with('/') => base.to_string(),
        Some(base) => format!("{base}/"),
        None => "../".repeat(path.matches('/').count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_pages_have_stable_ascii_names_per_organisation() {
        let a = department("本庄市", "高齢者福祉課");
        assert_eq!(a, department("本庄市", "高齢者福祉課"));
        assert_ne!(a, department("本庄市", "地域福祉課"));
        assert_ne!(a, department("熊谷市", "高齢者福祉課"));
        assert!(a.starts_with("departments/d") && a.ends_with(".html") && a.is_ascii());
        assert_eq!(a.len(), "departments/d0123456789.html".len());
        // The first 10 hex digits of the name's SHA-256: the address a department had before
        // departments were told apart by organisation, which still leads to it.
        assert_eq!(department_name("福祉課"), "departments/d2da7b174b4.html");
        assert_ne!(department_name("福祉課"), department("本庄市", "福祉課"));
    }

    #[test]
    fn links_climb_back_to_the_root_or_use_the_base_url() {
        assert_eq!(root_from("index.html", None), "");
        assert_eq!(root_from("p/index.html", None), "../");
        assert_eq!(root_from("p/projects/x.html", None), "../../");
        assert_eq!(
            root_from("p/projects/x.html", Some("https://example.jp/sub")),
            "https://example.jp/sub/"
        );
    }
}
