//! JSON Schemas of `plan.yaml` and of project files, generated from the model types, so that an
//! editor (VS Code's YAML extension) completes keys and flags mistakes as staff type.
//!
//! Most of the schema is derived; the types with their own deserialisers (fiscal years, printed
//! numbers, placements, targets and values written as text or as a map) describe themselves
//! here, accepting exactly what they accept.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema, schema_for};

use crate::fiscal_year::FiscalYear;
use crate::model::indicator::{Target, Value};
use crate::model::number::PrintedNumber;
use crate::model::project::{Placement, Variant, YearEntry, Years};
use crate::model::{Plan, Project};

/// The schema of `plan.yaml`, as JSON.
pub fn plan_schema() -> serde_json::Value {
    titled(
        schema_for!(Plan),
        "mieruka plan.yaml",
        "計画ファイル（plan.yaml）",
    )
}

/// The schema of a project file, as JSON.
pub fn project_schema() -> serde_json::Value {
    titled(
        schema_for!(Project),
        "mieruka project file",
        "事業ファイル（projects/<id>.yaml）",
    )
}

fn titled(schema: Schema, title: &str, description: &str) -> serde_json::Value {
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("title".to_string(), title.into());
        object.insert("description".to_string(), description.into());
    }
    value
}

/// A display number written as text or as a number (`number: 1` or `number: "１"`).
pub(crate) fn text_or_number(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["string", "integer", "number", "null"],
        "description": "as printed: text or a number"
    })
}

/// A map keyed by fiscal year (2019 or 令和元年度) of `T`.
pub(crate) fn fiscal_year_map<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    let value = generator.subschema_for::<T>();
    json_schema!({
        "type": "object",
        "description": "by fiscal year: 2019, or 令和元年度",
        "additionalProperties": value
    })
}

impl JsonSchema for FiscalYear {
    fn schema_name() -> Cow<'static, str> {
        "FiscalYear".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "a fiscal year: the Gregorian year it starts in (2019 = 令和元年度), or 令和元年度, 平成31年度, R5",
            "anyOf": [
                {"type": "integer", "minimum": 1926, "maximum": 2999},
                {"type": "string", "minLength": 1}
            ]
        })
    }
}

impl JsonSchema for Years {
    fn schema_name() -> Cow<'static, str> {
        "Years".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let entry = generator.subschema_for::<Option<YearEntry>>();
        json_schema!({
            "type": ["object", "null"],
            "description": "one entry per fiscal year (2019 or 令和元年度); ~ for an empty year",
            "additionalProperties": entry
        })
    }
}

impl JsonSchema for PrintedNumber {
    fn schema_name() -> Cow<'static, str> {
        "PrintedNumber".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "description": "a number, or as printed (\"８０％\")"
        })
    }
}

impl JsonSchema for Placement {
    fn schema_name() -> Cow<'static, str> {
        "Placement".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let variants = generator.subschema_for::<Vec<Variant>>();
        json_schema!({
            "description": "a policy node's id, or {policy, number, variants} for a re-listed placement",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["policy"],
                    "properties": {
                        "policy": {"type": "string", "description": "the policy node's id"},
                        "number": {"type": ["string", "integer"], "description": "the number printed there"},
                        "variants": variants
                    }
                }
            ]
        })
    }
}

impl JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "the target as printed, or {text, number, unit, revision, note}",
            "anyOf": [
                {"type": ["string", "number"]},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "description": "as printed"},
                        "number": {"type": "number", "description": "the target as a number, where it is one"},
                        "unit": {"type": "string"},
                        "revision": {"type": "string", "description": "the printed note on a revised target"},
                        "note": {"type": "string"}
                    }
                }
            ]
        })
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "the value as printed, or {text, unit, numbers, note}",
            "anyOf": [
                {"type": ["string", "number"]},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "description": "the cell as printed"},
                        "unit": {"type": "string", "description": "the unit cell as printed"},
                        "numbers": {
                            "type": "array",
                            "items": {"type": ["number", "null"]},
                            "description": "one per series; ~ where a value is not a number"
                        },
                        "note": {"type": "string"}
                    }
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_refuse_unknown_keys_and_know_the_fields() {
        let project = project_schema();
        assert_eq!(project["additionalProperties"], false);
        let properties = project["properties"]
            .as_object()
            .map(|p| p.len())
            .unwrap_or(0);
        assert!(properties > 15, "{project}");
        assert!(
            project["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|v| v == "name"))
        );
        let plan = plan_schema();
        assert!(plan["properties"]["levels"].is_object(), "{plan}");
        assert!(
            plan["properties"].get("id").is_none(),
            "the plan's id is its folder"
        );
    }
}
