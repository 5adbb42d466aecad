//! Starting files for staff: a new site (`mieruka init`), a new plan or project, a new fiscal
//! year added to every active project of a plan (`mieruka new …`), and the default theme
//! written out to restyle it ([`crate::theme::write_default`]).
//!
//! New files carry a `# yaml-language-server: $schema=…` line, so an editor with the YAML
//! extension completes and checks them, and comments in Japanese that say what each key is for.
//! A new year is added by editing each project file in place ([`crate::edit`]): every other byte,
//! comments included, stays as it was.

mod plan;
mod site;
mod year;

pub use plan::{new_plan, new_project};
pub use site::{Initialized, init};
pub use year::{NewYear, YearAdded, new_year};

use std::fs;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fiscal_year::FiscalYear;
use crate::load::{CONFIG_FILE, CONTENT_DIR, PLAN_FILE, load_site};
use crate::model::PlanData;
use crate::model::schema::{plan_schema, project_schema};

/// The folder of JSON Schemas under the root, named in the files' `$schema` lines.
pub const SCHEMAS_DIR: &str = "schemas";

/// The fiscal year today is in (April to March), in Japan's time.
pub fn current_fiscal_year() -> FiscalYear {
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap_or(jiff::tz::TimeZone::UTC))
        .date();
    FiscalYear::clamped(i64::from(today.year()) - i64::from(today.month() < 4))
}

/// Refuses a folder that is not a site: one without `site.toml`.
///
/// # Errors
/// [`Code::Io`] naming the missing `site.toml`, with the command that starts a site.
pub fn require_site(root: &Path) -> Result<(), Diagnostic> {
    let config = root.join(CONFIG_FILE);
    if config.is_file() {
        return Ok(());
    }
    Err(Diagnostic::error(
        Code::Io,
        &config,
        "this folder is not a mieruka site: it has no site.toml",
    )
    .with_hint(
        "start a site here with `mieruka init`, or name the site's folder with `--root <DIR>`",
    ))
}

/// Loads the plan `plan_id` alone, refusing one with errors.
fn load_plan(root: &Path, plan_id: &str) -> Result<PlanData, Diagnostics> {
    require_site(root).map_err(|d| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    })?;
    let (loaded, problems) = load_site(root);
    let plan_problems: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| d.file.starts_with(root.join(CONTENT_DIR).join(plan_id)))
        .collect();
    if plan_problems
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        let mut all = Diagnostics::default();
        all.extend(plan_problems);
        return Err(all);
    }
    loaded
        .site
        .plans
        .into_iter()
        .find(|p| p.plan.id == plan_id)
        .ok_or_else(|| {
            let mut all = Diagnostics::default();
            all.push(
                Diagnostic::error(
                    Code::Io,
                    &root.join(CONTENT_DIR).join(plan_id).join(PLAN_FILE),
                    format!("there is no plan `{plan_id}`"),
                )
                .with_hint("create it with `mieruka new plan <ID>`"),
            );
            all
        })
}

/// Writes the JSON Schemas under `schemas/` when the root has none.
fn write_schemas(root: &Path) -> Result<(), Diagnostic> {
    let dir = root.join(SCHEMAS_DIR);
    for (name, schema) in [
        ("plan.schema.json", plan_schema()),
        ("project.schema.json", project_schema()),
    ] {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        let text = serde_json::to_string_pretty(&schema)
            .map_err(|e| Diagnostic::error(Code::Io, &path, e.to_string()))?;
        write(&path, &(text + "\n"))?;
    }
    Ok(())
}

/// `template` with each `{name}` replaced by its value. The spaces after a placeholder grow or
/// shrink with the value, so the comments after it stay in their column (a full-width character
/// counts as two columns).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let width =
        |text: &str| -> usize { text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let mut text = template.to_string();
    for (name, value) in values {
        let placeholder = format!("{{{name}}}");
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&placeholder) {
            out.push_str(&rest[..at]);
            out.push_str(value);
            rest = &rest[at + placeholder.len()..];
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            if spaces > 0 {
                let column = spaces + width(&placeholder);
                let kept = column.saturating_sub(width(value)).max(1);
                out.push_str(&" ".repeat(kept));
                rest = &rest[spaces..];
            }
        }
        out.push_str(rest);
        text = out;
    }
    text
}

fn write(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
    }
    fs::write(path, text).map_err(|e| io(path, &e))
}

fn io(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, path, format!("cannot write: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_values_keep_the_comments_in_their_column() {
        let template = "id: {id}       # a\nname: 〇〇     # b\nx: {long}  # c\n";
        let text = fill(template, &[("id", "j4-1-01"), ("long", "abcdefghijkl")]);
        assert_eq!(
            text,
            "id: j4-1-01    # a\nname: 〇〇     # b\nx: abcdefghijkl # c\n"
        );
    }

    #[test]
    fn the_current_fiscal_year_is_a_year_mieruka_accepts() {
        let fy = current_fiscal_year();
        assert!(fy.year() >= 2024);
    }
}
