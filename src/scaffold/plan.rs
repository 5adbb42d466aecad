//! A new plan (`mieruka new plan`) and a new project (`mieruka new project`), from the
//! commented starting files in `files/`.

use std::fs;
use std::path::{Path, PathBuf};

use super::{current_fiscal_year, fill, io, load_plan, require_site, write, write_schemas};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fiscal_year::FiscalYear;
use crate::load::{CONTENT_DIR, PLAN_FILE, PROJECTS_DIR};
use crate::validate::{id_problem, shown_id};

/// The starting `plan.yaml`: `{from}`, `{to}`, `{from_label}` and `{to_label}` are filled in.
const PLAN_TEMPLATE: &str = include_str!("files/plan.yaml");

/// The starting project file: `{id}`, `{placements}`, `{project_level}`, `{description}`,
/// `{results}`, `{fy}` and `{fy_label}` are filled in.
const PROJECT_TEMPLATE: &str = include_str!("files/project.yaml");

/// Writes `content/<id>/plan.yaml` (and an empty `projects/` folder) for a plan covering
/// `from`–`to`, and the schemas if the root has none. Returns the file written.
///
/// # Errors
/// [`Code::Io`] for a root without `site.toml` ([`require_site`]) or a file that cannot be
/// written; [`Code::BadId`] for an id that cannot be used; [`Code::DuplicateId`] if the plan
/// exists.
pub fn new_plan(
    root: &Path,
    id: &str,
    from: FiscalYear,
    to: FiscalYear,
) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let dir = root.join(CONTENT_DIR).join(id);
    let path = dir.join(PLAN_FILE);
    if let Some(problem) = id_problem(id) {
        return Err(Diagnostic::error(
            Code::BadId,
            &path,
            format!("`{}` cannot be used as a plan id: {problem}", shown_id(id)),
        ));
    }
    if path.exists() {
        return Err(Diagnostic::error(
            Code::DuplicateId,
            &path,
            format!("the plan `{id}` already exists"),
        ));
    }
    let text = fill(
        PLAN_TEMPLATE,
        &[
            ("from", &from.year().to_string()),
            ("to", &to.year().to_string()),
            ("from_label", &from.label()),
            ("to_label", &to.label()),
        ],
    );
    write(&path, &text)?;
    fs::create_dir_all(dir.join(PROJECTS_DIR)).map_err(|e| io(&dir, &e))?;
    write_schemas(root)?;
    Ok(path)
}

/// Writes `content/<plan>/projects/<id>.yaml`, placed under the plan's first policy node that has
/// no children, with an entry for `fy` (the current fiscal year, within the plan's period).
///
/// # Errors
/// [`Code::BadId`], [`Code::DuplicateId`], [`Code::Io`] as for a plan; the plan's own problems
/// when it cannot be loaded.
pub fn new_project(root: &Path, plan_id: &str, id: &str) -> Result<PathBuf, Diagnostics> {
    let data = load_plan(root, plan_id)?;
    let dir = root.join(CONTENT_DIR).join(plan_id).join(PROJECTS_DIR);
    let path = dir.join(format!("{id}.yaml"));
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    if let Some(problem) = id_problem(id) {
        return Err(one(Diagnostic::error(
            Code::BadId,
            &path,
            format!(
                "`{}` cannot be used as a project id: {problem}",
                shown_id(id)
            ),
        )));
    }
    if path.exists() || data.projects.iter().any(|p| p.id == id) {
        return Err(one(Diagnostic::error(
            Code::DuplicateId,
            &path,
            format!("the project `{id}` already exists"),
        )));
    }
    let plan = &data.plan;
    let leaf = plan
        .policy_nodes()
        .into_iter()
        .find(|(_, node)| node.children.is_empty())
        .map(|(_, node)| node.id.clone());
    let placements = leaf.map_or_else(|| "[]".to_string(), |id| format!("[{id}]"));
    let shown = plan.shown_years();
    let fy = current_fiscal_year().clamp(shown.from, shown.to);
    let text = fill(
        PROJECT_TEMPLATE,
        &[
            ("id", id),
            ("placements", &placements),
            ("project_level", &plan.project_level),
            ("description", &plan.labels.description),
            ("results", &plan.labels.results),
            ("fy", &fy.year().to_string()),
            ("fy_label", &fy.label()),
        ],
    );
    write(&path, &text).map_err(one)?;
    write_schemas(root).map_err(one)?;
    Ok(path)
}
