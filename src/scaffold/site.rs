//! A new site in a folder that has none (`mieruka init`): a commented `site.toml`, a starting plan
//! with one project, and the JSON Schemas, which together pass `mieruka check --deny-warnings`
//! and build. The theme is built in ([`crate::theme`]); the site needs no `themes/` folder.

use std::path::{Path, PathBuf};

use super::{new_plan, new_project, write};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fiscal_year::FiscalYear;
use crate::load::{CONFIG_FILE, CONTENT_DIR};

/// The starting `site.toml`.
const SITE_TEMPLATE: &str = include_str!("files/site.toml");

/// The id of the starting plan's one project, placed under the plan's first policy node.
pub const FIRST_PROJECT: &str = "g1-1-01";

/// What [`init`] wrote.
#[derive(Debug, Clone)]
pub struct Initialized {
    /// `site.toml`.
    pub config: PathBuf,
    /// The starting plan's `plan.yaml`.
    pub plan: PathBuf,
    /// Its one project file.
    pub project: PathBuf,
}

/// Starts a site in `dir` (made if absent): `site.toml`, the plan `plan_id` covering
/// `from`–`to` with one project (`FIRST_PROJECT`), and `schemas/`.
///
/// # Errors
/// [`Code::DuplicateId`] when `dir` already has a `site.toml` or a `content/` folder (nothing
/// is written then); the errors of [`new_plan`] and [`new_project`]; [`Code::Io`] when a file
/// cannot be written.
pub fn init(
    dir: &Path,
    plan_id: &str,
    from: FiscalYear,
    to: FiscalYear,
) -> Result<Initialized, Diagnostics> {
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    for existing in [dir.join(CONFIG_FILE), dir.join(CONTENT_DIR)] {
        if existing.exists() {
            return Err(one(Diagnostic::error(
                Code::DuplicateId,
                &existing,
                "this folder already holds a site",
            )
            .with_hint(
                "run `mieruka init` in an empty folder, or `mieruka new plan <ID>` to add a plan here",
            )));
        }
    }
    // The plan's id is checked before anything is written.
    if let Some(problem) = crate::validate::id_problem(plan_id) {
        return Err(one(Diagnostic::error(
            Code::BadId,
            &dir.join(CONTENT_DIR).join(plan_id),
            format!(
                "`{}` cannot be used as a plan id: {problem}",
                crate::validate::shown_id(plan_id)
            ),
        )));
    }
    let config = dir.join(CONFIG_FILE);
    write(&config, SITE_TEMPLATE).map_err(one)?;
    let plan = new_plan(dir, plan_id, from, to).map_err(one)?;
    let project = new_project(dir, plan_id, FIRST_PROJECT)?;
    Ok(Initialized {
        config,
        plan,
        project,
    })
}
