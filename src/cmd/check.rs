//! `mieruka check`: every problem of every file, without writing a site.

use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::check;
use mieruka::validate::lint::ALLOW_MARKER;

/// How `check` prints what it finds.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people: each problem with its line and a marker, on stderr.
    Human,
    /// For editors and CI: one JSON object per problem per line, on stdout.
    Json,
}

/// Arguments of `mieruka check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with site.toml, content/ and themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// How to print the problems.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail (exit status 1) on warnings too, not only on errors.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs the check: exit status 1 on errors (and on warnings with `--deny-warnings`).
pub fn run(args: &Args) -> ExitCode {
    let diagnostics = check(&args.root);
    let errors = diagnostics.error_count();
    let warnings = diagnostics.warning_count();
    let allowed = diagnostics.allowed_count();
    match args.format {
        Format::Json => {
            let mut lines = String::new();
            for d in diagnostics.into_sorted() {
                match serde_json::to_string(&d) {
                    Ok(line) => {
                        lines.push_str(&line);
                        lines.push('\n');
                    }
                    Err(e) => eprintln!("error: cannot print a diagnostic as JSON: {e}"),
                }
            }
            super::print_stdout(&lines);
        }
        Format::Human => {
            for d in diagnostics.into_sorted() {
                eprintln!("{}\n", d.render());
            }
            let allowed = if allowed > 0 {
                format!(" ({allowed} more marked `# {ALLOW_MARKER}`)")
            } else {
                String::new()
            };
            eprintln!(
                "{}: {errors} error{}, {warnings} warning{}{allowed}",
                if errors > 0 { "error" } else { "checked" },
                plural(errors),
                plural(warnings)
            );
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
