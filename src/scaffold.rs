//! Starting files for staff: a new plan, a new project, and a new fiscal year added to every
//! active project of a plan (`mieruka new …`).
//!
//! New files carry a `# yaml-language-server: $schema=…` line, so an editor with the YAML
//! extension completes and checks them, and comments in Japanese that say what each key is for.
//! A new year is added by editing each project file in place ([`crate::edit`]): every other byte,
//! comments included, stays as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::edit::{Scalar, YamlEdit};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::load::{CONTENT_DIR, PLAN_FILE, PROJECTS_DIR, load_site};
use crate::model::schema::{plan_schema, project_schema};
use crate::model::{Period, PlanData, Project, Sheet};
use crate::validate::{id_problem, outside_period_message, shown_id};

/// The folder of JSON Schemas under the root, named in the files' `$schema` lines.
pub const SCHEMAS_DIR: &str = "schemas";

/// The fiscal year today is in (April to March), in Japan's time.
pub fn current_fiscal_year() -> FiscalYear {
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap_or(jiff::tz::TimeZone::UTC))
        .date();
    FiscalYear::clamped(i64::from(today.year()) - i64::from(today.month() < 4))
}

/// Writes `content/<id>/plan.yaml` (and an empty `projects/` folder) for a plan covering
/// `from`–`to`, and the schemas if the root has none. Returns the file written.
///
/// # Errors
/// [`Code::BadId`] for an id that cannot be used; [`Code::DuplicateId`] if the plan exists;
/// [`Code::Io`] if a file cannot be written.
pub fn new_plan(
    root: &Path,
    id: &str,
    from: FiscalYear,
    to: FiscalYear,
) -> Result<PathBuf, Diagnostic> {
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

/// What adding a fiscal year did to one project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearAdded {
    /// An entry was added (to each of its parts, if it has parts).
    Added,
    /// The project already has an entry for the year.
    AlreadyThere,
    /// The project had ended before the year.
    Ended,
    /// The project is added to the plan only in a later year.
    NotYetAdded,
}

/// What [`new_year`] did.
#[derive(Debug, Clone)]
pub struct NewYear {
    /// Each project file of the plan, and what was done to it.
    pub projects: Vec<(PathBuf, YearAdded)>,
    /// The plan's `coverage` (the years its pages show) after it was widened to include the
    /// year; `None` when it already did, or the plan has no `coverage`.
    pub coverage_widened: Option<Period>,
}

/// Adds an empty entry for `fy` to every active project of the plan (each part of a project with
/// parts), with the keys the project's latest year has, left empty, and widens the plan's
/// `coverage` to include `fy` when it does not. Every other byte of each file is kept. Nothing is
/// written unless every file can be edited.
///
/// # Errors
/// A fiscal year outside the plan period; a file whose `years` is written on one line; the plan's
/// own problems when it cannot be loaded; a file that cannot be written.
pub fn new_year(root: &Path, plan_id: &str, fy: FiscalYear) -> Result<NewYear, Diagnostics> {
    let data = load_plan(root, plan_id)?;
    let plan_path = root.join(CONTENT_DIR).join(plan_id).join(PLAN_FILE);
    let mut problems = Diagnostics::default();
    if !data.plan.period.contains(fy) {
        problems.push(Diagnostic::error(
            Code::YearOutsidePeriod,
            &plan_path,
            outside_period_message(fy, &data.plan.period),
        ));
        return Err(problems);
    }
    let dir = root.join(CONTENT_DIR).join(plan_id).join(PROJECTS_DIR);
    let mut results = Vec::new();
    let mut edits = Vec::new();
    for project in &data.projects {
        let path = dir.join(format!("{}.yaml", project.id));
        let status = if project.ended_before(fy) {
            YearAdded::Ended
        } else if project.added.as_ref().is_some_and(|a| a.fy > fy) {
            YearAdded::NotYetAdded
        } else if project
            .sheets()
            .iter()
            .all(|s| s.years().0.contains_key(&fy))
        {
            YearAdded::AlreadyThere
        } else {
            YearAdded::Added
        };
        if status == YearAdded::Added {
            let text = fs::read_to_string(&path).map_err(|e| {
                let mut all = Diagnostics::default();
                all.push(io(&path, &e));
                all
            })?;
            match add_year(&text, project, fy) {
                Ok(edited) => edits.push((path.clone(), edited)),
                Err(e) => problems.push(Diagnostic::error(
                    Code::MisplacedField,
                    &path,
                    e.to_string(),
                )),
            }
        }
        results.push((path, status));
    }
    let coverage_widened = match data.plan.coverage {
        Some(coverage) if !coverage.contains(fy) => {
            let widened = Period {
                from: coverage.from.min(fy),
                to: coverage.to.max(fy),
            };
            match widen_coverage(&plan_path, widened) {
                Ok(text) => edits.push((plan_path.clone(), text)),
                Err(d) => problems.push(d),
            }
            Some(widened)
        }
        _ => None,
    };
    if problems.has_errors() {
        return Err(problems);
    }
    for (path, text) in edits {
        write(&path, &text).map_err(|d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        })?;
    }
    Ok(NewYear {
        projects: results,
        coverage_widened,
    })
}

/// The text of `plan.yaml` at `path` with `coverage` set to `widened`.
fn widen_coverage(path: &Path, widened: Period) -> Result<String, Diagnostic> {
    let text = fs::read_to_string(path).map_err(|e| io(path, &e))?;
    let mut edit = YamlEdit::new(text);
    for (key, fy) in [("from", widened.from), ("to", widened.to)] {
        edit.set(&["coverage", key], &Scalar::Integer(i64::from(fy.year())))
            .map_err(|e| Diagnostic::error(Code::MisplacedField, path, e.to_string()))?;
    }
    Ok(edit.into_text())
}

/// `text` of `project` with an empty entry for `fy` in each sheet that lacks one.
fn add_year(
    text: &str,
    project: &Project,
    fy: FiscalYear,
) -> Result<String, crate::edit::EditError> {
    let map = SourceMap::new(text);
    let mut doc = YamlEdit::new(text);
    let year = fy.year().to_string();
    for sheet in project.sheets() {
        if sheet.years().0.contains_key(&fy) {
            continue;
        }
        let prefix: Vec<String> = match sheet.part {
            Some((i, _)) => vec!["parts".to_string(), i.to_string()],
            None => Vec::new(),
        };
        for key in entry_keys(&map, &sheet) {
            let value = match key.as_str() {
                "rating" | "status" | "achievement" => Scalar::Null,
                _ => Scalar::Text(String::new()),
            };
            let mut path: Vec<&str> = prefix.iter().map(String::as_str).collect();
            path.extend(["years", year.as_str(), key.as_str()]);
            doc.set(&path, &value)?;
        }
    }
    Ok(doc.into_text())
}

/// The keys of a new year's entry: those of the sheet's latest year, in the order the file writes
/// them (notes left out), or just `results`.
fn entry_keys(map: &SourceMap, sheet: &Sheet<'_>) -> Vec<String> {
    const FIELDS: [&str; 7] = [
        "results",
        "outcome",
        "next_steps",
        "remarks",
        "rating",
        "status",
        "achievement",
    ];
    let years = format!("{}years.", sheet.path_prefix());
    let latest = map
        .keys_under(&years)
        .filter_map(|(key, _)| {
            key.parse::<FiscalYear>()
                .ok()
                .map(|fy| (fy, key.to_string()))
        })
        .max();
    let mut keys: Vec<(crate::diagnostics::Position, String)> = match latest {
        Some((_, key)) => map
            .keys_under(&format!("{years}{key}."))
            .filter(|(name, _)| FIELDS.contains(name))
            .map(|(name, position)| (position, name.to_string()))
            .collect(),
        None => Vec::new(),
    };
    keys.sort();
    let mut keys: Vec<String> = keys.into_iter().map(|(_, name)| name).collect();
    if keys.is_empty() {
        keys.push("results".to_string());
    }
    keys
}

/// Loads the plan `plan_id` alone, refusing one with errors.
fn load_plan(root: &Path, plan_id: &str) -> Result<PlanData, Diagnostics> {
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

/// The starting `plan.yaml`.
const PLAN_TEMPLATE: &str = r##"# yaml-language-server: $schema=../../schemas/plan.schema.json
# 計画ファイルです。各項目の意味は docs/data-format.md を参照してください。
# 「〇〇」の部分を書き換えてから、mieruka check で確認します。

municipality: 〇〇市             # 自治体名
title: 〇〇計画                  # 計画名
period:                          # 計画期間（{from_label}～{to_label}）
  from: {from}                   # 最初の年度（西暦の開始年。令和6年度 のようにも書けます）
  to: {to}                       # 最後の年度
source:
  document: 〇〇計画 進捗管理シート   # データの出典となる資料

levels:                          # 施策体系の階層の名前（上の階層から順に）
  - name: 基本目標
  - name: 施策

policies:                        # 施策体系。id は半角英小文字・数字・ハイフンで、URLになります
  - id: g1
    number: "1"                  # 計画書に印刷されている番号
    name: 〇〇の基本目標
    children:
      - id: g1-1
        number: "(1)"
        name: 〇〇の施策

scales:                          # 評価の区分（よいものから順に）
  - id: rating
    name: 評価
    codes:
      - {code: A, label: 順調, color: "#1b6e3a"}
      - {code: B, label: 概ね順調, color: "#2357a6"}
      - {code: C, label: 遅れている, color: "#8a5a00"}
      - {code: D, label: 未実施, color: "#b3261e"}

directions: [継続, 拡充, 縮小, 廃止]   # 今後の方向性として書けるもの
"##;

/// The starting project file.
const PROJECT_TEMPLATE: &str = r##"# yaml-language-server: $schema=../../../schemas/project.schema.json
# {project_level}のファイルです。各項目の意味は docs/data-format.md を参照してください。
# 「〇〇」の部分を書き換えてから、mieruka check で確認します。

id: {id}                         # この{project_level}の id（ファイル名と同じ。変えないでください）
number: "1"                      # 計画書に印刷されている番号
name: 〇〇事業                   # {project_level}名
description: |-                  # {description}
  〇〇を行います。
placements: {placements}         # 位置付けられている施策の id（plan.yaml の policies）
departments:                     # 担当課（担当が変わった年度は from で）
  - name: 〇〇課

years:                           # 年度ごとの取組（{fy_label}）
  {fy}:
    results: ""                  # {results}
"##;

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
