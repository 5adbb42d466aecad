//! `mieruka schema`: write the JSON Schemas of plan.yaml and of project files for editors.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::model::schema::{plan_schema, project_schema};

/// The schema of `plan.yaml`, as written under the output folder.
pub const PLAN_SCHEMA: &str = "plan.schema.json";
/// The schema of project files.
pub const PROJECT_SCHEMA: &str = "project.schema.json";

/// Arguments of `mieruka schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write plan.schema.json and project.schema.json to.
    #[arg(long, default_value = "schemas")]
    output: PathBuf,
}

/// Writes both schemas.
pub fn run(args: &Args) -> ExitCode {
    if let Err(e) = fs::create_dir_all(&args.output) {
        eprintln!("error: cannot create {}: {e}", args.output.display());
        return ExitCode::FAILURE;
    }
    for (name, schema) in [
        (PLAN_SCHEMA, plan_schema()),
        (PROJECT_SCHEMA, project_schema()),
    ] {
        let path = args.output.join(name);
        let text = match serde_json::to_string_pretty(&schema) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("error: cannot write the schema {name}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
