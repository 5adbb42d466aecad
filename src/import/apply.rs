//! What the sheet says of one project, written into its file in place ([`crate::edit`]): every
//! value that differs is set, every other byte of the file stays. A new project's file starts as
//! its id alone and is written the same way.

use serde_yaml::{Mapping, Value};

use super::rows::same_number;
use super::update::{DepartmentClaim, IndicatorUpdate, ProjectUpdate, SheetUpdate};
use crate::edit::{EditError, YamlEdit, current_value};
use crate::fiscal_year::FiscalYear;
use crate::load::source_map::SourceMap;
use crate::model::project::department_terms;
use crate::model::{Department, Indicator, Plan, Project, ScheduleSpan};

/// One value an import sets, as a dry run lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The dotted path of the value in the project file (`years.2023.rating`, `departments`).
    pub path: String,
    /// The value before, shortened for a listing; `None` when there was none.
    pub before: Option<String>,
    /// The value after, shortened for a listing.
    pub after: String,
}

impl std::fmt::Display for FieldChange {
    /// `years.2023.rating: B → A`, or `name: 見守り事業` for a value that was not there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.before {
            Some(before) => write!(f, "{}: {before} → {}", self.path, self.after),
            None => write!(f, "{}: {}", self.path, self.after),
        }
    }
}

/// `text`, the file of `project` (`None` for a project the sheet adds), with what `update` says
/// of it; the values that changed.
///
/// # Errors
/// The row whose value cannot be set in place, and why.
pub(super) fn apply(
    text: &str,
    update: &ProjectUpdate,
    project: Option<&Project>,
    plan: &Plan,
) -> Result<(String, Vec<FieldChange>), (usize, EditError)> {
    let mut file = File {
        doc: YamlEdit::new(text),
        map: SourceMap::new(text),
        changes: Vec::new(),
    };
    if let Some(cell) = &update.number {
        let same = project
            .and_then(|p| p.number.as_deref())
            .is_some_and(|n| same_number(n, &cell.text));
        if !same {
            file.set(cell.row, &["number"], &text_value(&cell.text))?;
        }
    }
    for (key, cell) in [
        ("name", &update.name),
        ("description", &update.description),
        ("page", &update.page),
    ] {
        if let Some(cell) = cell {
            file.set(cell.row, &[key], &text_value(&cell.text))?;
        }
    }
    placements(&mut file, update, project)?;
    for (key, milestone) in [("added", update.added), ("ended", update.ended)] {
        if let Some((row, fy)) = milestone {
            file.set(row, &[key, "fy"], &year_value(fy))?;
        }
    }
    for sheet in &update.sheets {
        apply_sheet(&mut file, sheet, project, plan)?;
    }
    Ok((file.doc.into_text(), file.changes))
}

/// A project file being edited, and what changed in it.
struct File {
    doc: YamlEdit,
    /// The file as it was, to find the fiscal-year keys it writes (`令和元年度` or `2019`).
    map: SourceMap,
    changes: Vec<FieldChange>,
}

impl File {
    /// Sets `path` to `value` (a scalar, a list or a mapping), listing the change.
    fn set(&mut self, row: usize, path: &[&str], value: &Value) -> Result<(), (usize, EditError)> {
        let before = current_value(self.doc.text(), path);
        if self.doc.set_value(path, value).map_err(|e| (row, e))? {
            self.changes.push(FieldChange {
                path: path.join("."),
                before: before.filter(|v| !v.is_null()).map(|v| shown(&v)),
                after: shown(value),
            });
        }
        Ok(())
    }

    /// Adds `item` to the list at `path`, listing the change.
    fn push(&mut self, row: usize, path: &[&str], item: &Value) -> Result<(), (usize, EditError)> {
        self.doc.push(path, item).map_err(|e| (row, e))?;
        self.changes.push(FieldChange {
            path: path.join("."),
            before: None,
            after: format!("+ {}", shown(item)),
        });
        Ok(())
    }

    /// The key under `prefix` (`indicators.0.values.`) that the file writes for `fy`, else the
    /// Gregorian year.
    fn year_key(&self, prefix: &str, fy: FiscalYear) -> String {
        self.map
            .keys_under(prefix)
            .find(|(key, _)| key.parse::<FiscalYear>().ok() == Some(fy))
            .map_or_else(|| fy.year().to_string(), |(key, _)| key.to_string())
    }
}

/// The policies the sheet places the project under: a new project's placements, or an existing
/// one's original placement changed and re-listings added, when the sheet names policies it
/// does not have.
fn placements(
    file: &mut File,
    update: &ProjectUpdate,
    project: Option<&Project>,
) -> Result<(), (usize, EditError)> {
    let Some(project) = project else {
        if let Some(&(row, _)) = update.policies.first() {
            let ids = update.policies.iter().map(|(_, p)| text_value(p)).collect();
            file.set(row, &["placements"], &Value::Sequence(ids))?;
        }
        return Ok(());
    };
    let has = |policy: &str| project.placements.iter().any(|p| p.policy == policy);
    for (i, (row, policy)) in update.policies.iter().enumerate() {
        if has(policy) {
            continue;
        }
        if i == 0 && !project.placements.is_empty() {
            // The original placement moved: the first placement, written as an id or a map.
            let path: &[&str] = match current_value(file.doc.text(), &["placements", "0"]) {
                Some(Value::Mapping(_)) => &["placements", "0", "policy"],
                _ => &["placements", "0"],
            };
            file.set(*row, path, &text_value(policy))?;
        } else {
            file.push(*row, &["placements"], &text_value(policy))?;
        }
    }
    Ok(())
}

/// `keys` after `prefix`: a path in the project file.
fn joined<'a>(prefix: &[&'a str], keys: &[&'a str]) -> Vec<&'a str> {
    prefix.iter().chain(keys).copied().collect()
}

/// What the sheet says of one sheet of the project (its part, or the project itself).
fn apply_sheet(
    file: &mut File,
    sheet: &SheetUpdate,
    project: Option<&Project>,
    plan: &Plan,
) -> Result<(), (usize, EditError)> {
    let part = sheet
        .part
        .and_then(|i| project.and_then(|p| p.parts.get(i)).map(|p| (i, p)));
    let index = sheet.part.map(|i| i.to_string());
    let prefix: Vec<&str> = match &index {
        Some(i) => vec!["parts", i.as_str()],
        None => Vec::new(),
    };
    let dotted = prefix.iter().map(|k| format!("{k}.")).collect::<String>();

    if let Some(cell) = &sheet.department_label {
        file.set(
            cell.row,
            &joined(&prefix, &["department_label"]),
            &text_value(&cell.text),
        )?;
    }
    let (own_departments, own_schedule, own_indicators): (
        &[Department],
        &[ScheduleSpan],
        &[Indicator],
    ) = match (part, project) {
        (Some((_, p)), _) => (&p.departments, &p.schedule, &p.indicators),
        (None, Some(p)) => (&p.departments, &p.schedule, &p.indicators),
        (None, None) => (&[], &[], &[]),
    };
    // A part without departments of its own has the project's.
    let inherited = match (part, project) {
        (Some((_, p)), Some(whole)) if p.departments.is_empty() => whole.departments.as_slice(),
        _ => own_departments,
    };
    let mut departments = inherited.to_vec();
    // A part that has the project's departments gets a list of its own, written whole.
    let mut whole = own_departments.is_empty();
    for (&year, claim) in &sheet.departments {
        departments_claim(
            file,
            &joined(&prefix, &["departments"]),
            (&mut departments, &mut whole),
            year,
            claim,
            plan,
        )?;
    }
    if let Some((row, spans)) = &sheet.schedule {
        let same = spans.len() == own_schedule.len()
            && spans
                .iter()
                .zip(own_schedule)
                .all(|(a, b)| (a.from, a.to, &a.text) == (b.from, b.to, &b.text));
        if !same {
            let list = spans
                .iter()
                .map(|s| {
                    mapping([
                        ("from", Some(year_value(s.from))),
                        ("to", Some(year_value(s.to))),
                        ("text", Some(text_value(&s.text))),
                    ])
                })
                .collect();
            file.set(
                *row,
                &joined(&prefix, &["schedule"]),
                &Value::Sequence(list),
            )?;
        }
    }
    for indicator in &sheet.indicators {
        let found = own_indicators
            .iter()
            .position(|i| i.label.trim() == indicator.label);
        match found {
            Some(i) => {
                let i = i.to_string();
                for (key, years) in [
                    ("targets", &indicator.targets),
                    ("values", &indicator.values),
                ] {
                    for (&fy, text) in years {
                        let year = file.year_key(&format!("{dotted}indicators.{i}.{key}."), fy);
                        let mut path =
                            joined(&prefix, &["indicators", i.as_str(), key, year.as_str()]);
                        if let Some(Value::Mapping(_)) = current_value(file.doc.text(), &path) {
                            path.push("text");
                        }
                        file.set(indicator.row, &path, &text_value(text))?;
                    }
                }
            }
            None => file.push(
                indicator.row,
                &joined(&prefix, &["indicators"]),
                &new_indicator(indicator),
            )?,
        }
    }
    // Years in order, each year's fields in the order an entry lists them.
    let mut years: Vec<&super::update::Update> = sheet.years.iter().collect();
    years.sort_by_key(|u| (u.fy, u.field));
    for update in years {
        let year = file.year_key(&format!("{dotted}years."), update.fy);
        let path = joined(&prefix, &["years", year.as_str(), update.field.key()]);
        file.set(update.row, &path, &text_value(&update.value))?;
    }
    Ok(())
}

/// The departments `claim` names for `year`, written when they are not those responsible that
/// year (in any order; a division only compared where the sheet gives one):
/// - in place of those responsible when they became responsible that year (or the plan's first
///   year, or the sheet gives no year), keeping their `from` and every other entry;
/// - else added with `from: year`, so the earlier ones keep their years.
///
/// `list` is the sheet's departments as written so far; with `whole`, it is written as a whole
/// list (a part that had the project's), else changed in place.
fn departments_claim(
    file: &mut File,
    path: &[&str],
    (list, whole): (&mut Vec<Department>, &mut bool),
    year: Option<FiscalYear>,
    claim: &DepartmentClaim,
    plan: &Plan,
) -> Result<(), (usize, EditError)> {
    let period = plan.period;
    let when = year.unwrap_or(period.to).clamp(period.from, period.to);
    let terms = department_terms(list, &period);
    let responsible: Vec<usize> = (0..list.len())
        .filter(|&i| terms[i].from <= when && terms[i].to.is_some_and(|to| when <= to))
        .collect();
    let same = responsible.len() == claim.departments.len()
        && claim.departments.iter().all(|(name, division)| {
            responsible.iter().any(|&i| {
                terms[i].name == name
                    && (division.is_none() || terms[i].division == division.as_deref())
            })
        });
    if same {
        return Ok(());
    }
    // A department named without its division keeps the one it had.
    let division_of = |name: &str, division: &Option<String>| {
        division.clone().or_else(|| {
            list.iter()
                .rev()
                .find(|d| d.name.trim() == name)
                .and_then(|d| d.division.clone())
        })
    };
    // …and the organisation it had.
    let organization_of = |name: &str| {
        list.iter()
            .rev()
            .find(|d| d.name.trim() == name)
            .and_then(|d| d.organization.clone())
    };
    // A department the project already names keeps its reading.
    let reading_of = |name: &str| {
        list.iter()
            .rev()
            .find(|d| d.name.trim() == name)
            .and_then(|d| d.reading.clone())
    };
    let in_place = year.is_none()
        || responsible.is_empty() && list.is_empty()
        || !responsible.is_empty() && responsible.iter().all(|&i| terms[i].from == when);
    let new_list: Vec<Department> = if in_place {
        let from = responsible.first().and_then(|&i| list[i].from);
        let named = claim.departments.iter().map(|(name, division)| Department {
            name: name.clone(),
            division: division_of(name, division),
            organization: organization_of(name),
            reading: reading_of(name),
            from,
        });
        let first = responsible.first().copied().unwrap_or(list.len());
        let mut new_list: Vec<Department> = Vec::new();
        for (i, department) in list.iter().enumerate() {
            if i == first {
                new_list.extend(named.clone());
            }
            if !responsible.contains(&i) {
                new_list.push(department.clone());
            }
        }
        if first == list.len() {
            new_list.extend(named);
        }
        new_list
    } else {
        let added: Vec<Department> = claim
            .departments
            .iter()
            .map(|(name, division)| Department {
                name: name.clone(),
                division: division_of(name, division),
                organization: organization_of(name),
                reading: reading_of(name),
                from: Some(when),
            })
            .collect();
        if !*whole {
            for department in &added {
                file.push(claim.row, path, &department_value(department))?;
            }
            list.extend(added);
            return Ok(());
        }
        list.iter().cloned().chain(added).collect()
    };
    let value = Value::Sequence(new_list.iter().map(department_value).collect());
    file.set(claim.row, path, &value)?;
    *list = new_list;
    *whole = false;
    Ok(())
}

/// A new indicator as the file writes it: its label, unit, targets and values.
fn new_indicator(indicator: &IndicatorUpdate) -> Value {
    let by_year = |years: &std::collections::BTreeMap<FiscalYear, String>| {
        (!years.is_empty()).then(|| {
            Value::Mapping(
                years
                    .iter()
                    .map(|(fy, text)| (year_value(*fy), text_value(text)))
                    .collect(),
            )
        })
    };
    mapping([
        ("label", Some(text_value(&indicator.label))),
        ("unit", indicator.unit.as_deref().map(text_value)),
        ("targets", by_year(&indicator.targets)),
        ("values", by_year(&indicator.values)),
    ])
}

/// A department as the file writes it.
fn department_value(department: &Department) -> Value {
    mapping([
        ("name", Some(text_value(&department.name))),
        ("division", department.division.as_deref().map(text_value)),
        (
            "organization",
            department.organization.as_deref().map(text_value),
        ),
        ("reading", department.reading.as_deref().map(text_value)),
        ("from", department.from.map(year_value)),
    ])
}

/// A mapping of the keys that have a value, in order.
fn mapping<const N: usize>(entries: [(&str, Option<Value>); N]) -> Value {
    let mut map = Mapping::new();
    for (key, value) in entries {
        if let Some(value) = value {
            map.insert(text_value(key), value);
        }
    }
    Value::Mapping(map)
}

fn text_value(text: &str) -> Value {
    Value::String(text.to_string())
}

fn year_value(fy: FiscalYear) -> Value {
    Value::Number(fy.year().into())
}

/// A department (`福祉部 福祉課（令和5年度から）`), an indicator (`相談件数 令和4年度 1,024`) or
/// another mapping (its values) as a listing shows it.
fn shown_mapping(map: &Mapping) -> String {
    let get = |key: &str| map.get(key).map(shown);
    let year = |value: &Value| {
        value
            .as_i64()
            .and_then(|y| FiscalYear::new(y).ok())
            .map_or_else(|| shown(value), FiscalYear::wareki)
    };
    if let Some(name) = get("name") {
        let division = get("division").map(|d| format!("{d} ")).unwrap_or_default();
        let from = map
            .get("from")
            .map(|f| format!("（{}から）", year(f)))
            .unwrap_or_default();
        return format!("{division}{name}{from}");
    }
    if let (Some(text), Some(from), Some(to)) = (get("text"), map.get("from"), map.get("to")) {
        let (from, to) = (year(from), year(to));
        return if from == to {
            format!("{from} {text}")
        } else {
            format!("{from}～{to} {text}")
        };
    }
    if let Some(label) = get("label") {
        let mut out = label;
        for key in ["targets", "values"] {
            if let Some(Value::Mapping(years)) = map.get(key) {
                for (fy, text) in years {
                    out.push_str(&format!(" {} {}", year(fy), shown(text)));
                }
            }
        }
        return out;
    }
    map.values().map(shown).collect::<Vec<_>>().join(" ")
}

/// A value as a listing shows it: text on one line, at most 40 characters.
fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Sequence(items) => items.iter().map(shown).collect::<Vec<_>>().join("、"),
        Value::Mapping(map) => shown_mapping(map),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Tagged(t) => shown(&t.value),
    };
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(39).collect::<String>())
    } else {
        line
    }
}
