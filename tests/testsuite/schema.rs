//! The JSON Schemas for editors: the committed files are the ones the types generate, and every
//! real plan and project file validates against them.

use crate::common;

use std::fs;

use mieruka::model::schema::{plan_schema, project_schema};

fn committed(name: &str) -> serde_json::Value {
    let path = common::repo_root().join("schemas").join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_committed_schemas_are_up_to_date() {
    assert_eq!(
        committed("plan.schema.json"),
        plan_schema(),
        "run `mieruka schema`"
    );
    assert_eq!(
        committed("project.schema.json"),
        project_schema(),
        "run `mieruka schema`"
    );
}

#[test]
fn every_real_file_validates() {
    let plan = jsonschema::validator_for(&plan_schema()).unwrap_or_else(|e| panic!("{e}"));
    let project = jsonschema::validator_for(&project_schema()).unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for path in common::files_under(&common::repo_root().join("content"), "yaml")
        .into_iter()
        .chain(common::files_under(
            &common::repo_root().join("tests/fixtures"),
            "yaml",
        ))
    {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        // JSON keys are text; YAML writes fiscal years as numbers.
        let json: serde_json::Value = serde_json::to_value(&yaml).unwrap_or_else(|e| panic!("{e}"));
        let validator = if path.ends_with("plan.yaml") {
            &plan
        } else {
            &project
        };
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked > 160, "{checked}");
}
