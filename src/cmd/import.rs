//! `mieruka import`: a progress sheet merged into the project files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use mieruka::diagnostics::shown_path;
use mieruka::import::{Mapping, import};

use super::progress::Bar;

/// Arguments of `mieruka import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The progress sheet: .xlsx, .xls, .ods or .csv (UTF-8 or Shift_JIS).
    file: PathBuf,
    /// The plan to merge into.
    #[arg(long)]
    plan: String,
    /// The column mapping (TOML); see docs/mappings/.
    #[arg(long)]
    mapping: PathBuf,
    /// Say what would change, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The site's folder (with content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Imports the sheet and says what changed.
pub fn run(args: &Args) -> ExitCode {
    let mapping = match Mapping::read(&args.mapping) {
        Ok(mapping) => mapping,
        Err(problems) => {
            super::report(problems);
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let bar = Bar::new();
    let result = import(
        &args.root,
        &args.file,
        &args.plan,
        &mapping,
        args.dry_run,
        &bar,
    );
    bar.finish();
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{}\n", warning.render());
            }
            for change in &report.changes {
                let what = if change.created {
                    "new file"
                } else {
                    "changed"
                };
                eprintln!("{what}: {}", shown_path(&change.path));
                for field in &change.fields {
                    eprintln!("    {field}");
                }
            }
            let created = report.changes.iter().filter(|c| c.created).count();
            let rows = count(report.rows, "row");
            let files = count(report.changes.len(), "file");
            let seconds = started.elapsed().as_secs_f64();
            if args.dry_run {
                eprintln!(
                    "would import {rows} in {seconds:.2} s: {files} would change ({created} new); nothing was written (--dry-run)"
                );
            } else {
                eprintln!("imported {rows} in {seconds:.2} s: {files} changed ({created} new)");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            super::report(problems);
            ExitCode::FAILURE
        }
    }
}

/// `n` and `noun`, plural when `n` is not 1: "1 row", "2 rows".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
