//! `mieruka export`: one plan's data as CSV (for Excel) or JSON.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::export::{rows, to_csv, to_json};
use mieruka::load::load_site;

/// The file format of an export.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// CSV in UTF-8 with a byte-order mark, which Excel opens with its Japanese intact.
    Csv,
    /// JSON.
    Json,
}

/// Arguments of `mieruka export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The plan to export.
    #[arg(long)]
    plan: String,
    /// The format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// The file to write [default: standard output].
    #[arg(long)]
    output: Option<PathBuf>,
}

/// Writes the plan's rows.
pub fn run(args: &Args) -> ExitCode {
    let (loaded, problems) = load_site(&args.root);
    let Some(data) = loaded.site.plans.iter().find(|p| p.plan.id == args.plan) else {
        if problems.has_errors() {
            super::report(problems);
        } else {
            eprintln!(
                "error: there is no plan `{}` under {}",
                args.plan,
                args.root.display()
            );
        }
        return ExitCode::FAILURE;
    };
    let rows = rows(data);
    let text = match args.format {
        Format::Csv => to_csv(&rows).map_err(|e| e.to_string()),
        Format::Json => to_json(&args.plan, &rows).map_err(|e| e.to_string()),
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot export: {e}");
            return ExitCode::FAILURE;
        }
    };
    match &args.output {
        Some(path) => match fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {} rows to {}", rows.len(), path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            super::print_stdout(&text);
            ExitCode::SUCCESS
        }
    }
}
