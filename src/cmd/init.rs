//! `mieruka init`: a new site in an empty folder.

use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::diagnostics::shown_path;
use mieruka::fiscal_year::FiscalYear;
use mieruka::scaffold::{current_fiscal_year, init};

/// Arguments of `mieruka init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to start the site in (made if absent).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The starting plan's id: a–z, 0–9 and `-`, e.g. kumagaya-suicide-2024.
    #[arg(long, default_value = "plan")]
    plan: String,
    /// The plan's first fiscal year (2024 or 令和6年度) [default: this fiscal year].
    #[arg(long)]
    from: Option<FiscalYear>,
    /// The plan's last fiscal year [default: four years after the first].
    #[arg(long)]
    to: Option<FiscalYear>,
}

/// Writes the starting files and says what to do next.
pub fn run(args: &Args) -> ExitCode {
    let from = args.from.unwrap_or_else(current_fiscal_year);
    let to = args
        .to
        .unwrap_or_else(|| FiscalYear::clamped(i64::from(from.year()) + 4));
    match init(&args.dir, &args.plan, from, to) {
        Ok(done) => {
            for path in [&done.config, &done.plan, &done.project] {
                eprintln!("wrote {}", shown_path(path));
            }
            let cd = if args.dir.as_os_str() == "." {
                String::new()
            } else {
                format!("cd {}\n  ", shown_path(&args.dir))
            };
            eprintln!(
                "\nReplace the 〇〇 in these files with the plan's own words, then:\n  {cd}mieruka check    # every problem, nothing written\n  mieruka serve    # preview at http://127.0.0.1:1111/\n  mieruka build    # the site in public/"
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            super::report(problems);
            ExitCode::FAILURE
        }
    }
}
