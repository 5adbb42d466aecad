//! `mieruka new plan|project|theme|year`: starting files, the built-in theme to restyle, and a
//! new fiscal year for every project.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mieruka::diagnostics::shown_path;
use mieruka::fiscal_year::FiscalYear;
use mieruka::load::load_site;
use mieruka::scaffold::{
    YearAdded, current_fiscal_year, new_plan, new_project, new_year, require_site,
};
use mieruka::theme::{Written, write_default};

/// Arguments of `mieruka new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with content/).
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
    #[command(subcommand)]
    what: What,
}

/// What to create.
#[derive(Debug, clap::Subcommand)]
enum What {
    /// Write content/<ID>/plan.yaml, a commented starting plan.
    Plan {
        /// The plan's id: a–z, 0–9 and `-`, e.g. honjo-welfare-2024.
        id: String,
        /// The plan's first fiscal year (2024 or 令和6年度) [default: this fiscal year].
        #[arg(long)]
        from: Option<FiscalYear>,
        /// The plan's last fiscal year [default: four years after the first].
        #[arg(long)]
        to: Option<FiscalYear>,
    },
    /// Write content/<PLAN-ID>/projects/<ID>.yaml, a commented starting project.
    Project {
        /// The plan's id.
        plan_id: String,
        /// The project's id: a–z, 0–9 and `-`.
        id: String,
    },
    /// Write the built-in theme's files into themes/<theme>/, to restyle them.
    ///
    /// Only the files named are written (all when none is); a file the site already has is
    /// kept. A file written here takes the place of the built-in one, also when mieruka is
    /// updated: write out only the files you change.
    Theme {
        /// Files to write, e.g. static/style.css or templates/base.html.
        files: Vec<String>,
    },
    /// Add an empty entry for a fiscal year to every active project of a plan.
    Year {
        /// The plan's id.
        plan_id: String,
        /// The fiscal year: 2024 or 令和6年度.
        fy: FiscalYear,
    },
}

/// Creates what was asked and says what it wrote.
pub fn run(args: &Args) -> ExitCode {
    match &args.what {
        What::Plan { id, from, to } => {
            let from = from.unwrap_or_else(current_fiscal_year);
            let to = to.unwrap_or_else(|| FiscalYear::clamped(i64::from(from.year()) + 4));
            match new_plan(&args.root, id, from, to) {
                Ok(path) => {
                    eprintln!("wrote {}", shown_path(&path));
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{}", d.render());
                    ExitCode::FAILURE
                }
            }
        }
        What::Project { plan_id, id } => match new_project(&args.root, plan_id, id) {
            Ok(path) => {
                eprintln!("wrote {}", shown_path(&path));
                ExitCode::SUCCESS
            }
            Err(problems) => {
                super::report(problems);
                ExitCode::FAILURE
            }
        },
        What::Theme { files } => theme(&args.root, files),
        What::Year { plan_id, fy } => match new_year(&args.root, plan_id, *fy) {
            Ok(done) => {
                let count =
                    |what: &YearAdded| done.projects.iter().filter(|(_, s)| s == what).count();
                eprintln!(
                    "{}: added {} to {} projects ({} already had it, {} had ended, {} start later)",
                    plan_id,
                    fy.label(),
                    count(&YearAdded::Added),
                    count(&YearAdded::AlreadyThere),
                    count(&YearAdded::Ended),
                    count(&YearAdded::NotYetAdded)
                );
                if let Some(coverage) = done.coverage_widened {
                    eprintln!(
                        "{plan_id}: the years the pages show (coverage in plan.yaml) are now {}～{}",
                        coverage.from.label(),
                        coverage.to.label()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(problems) => {
                super::report(problems);
                ExitCode::FAILURE
            }
        },
    }
}

/// Writes the built-in theme into the folder of the site's theme.
fn theme(root: &Path, files: &[String]) -> ExitCode {
    if let Err(d) = require_site(root) {
        eprintln!("{}", d.render());
        return ExitCode::FAILURE;
    }
    let (loaded, _) = load_site(root);
    let written = write_default(root, &loaded.site.config.theme, files);
    match written {
        Ok(done) => {
            for file in &done {
                match file {
                    Written::Written(path) => eprintln!("wrote {}", shown_path(path)),
                    Written::Kept(path) => {
                        eprintln!("kept {} (the site already has it)", shown_path(path));
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render());
            ExitCode::FAILURE
        }
    }
}
