//! `mieruka build`: load, check and render the site into the output folder.

use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::diagnostics::shown_path;
use mieruka::{BuildOptions, build};

use super::progress::{Bar, Timings};

/// Arguments of `mieruka build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with site.toml, content/ and themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// The address the site is published at, e.g. https://www.city.example.jp/plans/;
    /// makes links absolute. Without it (and without base_url in site.toml) links are relative.
    #[arg(long)]
    base_url: Option<String>,
    /// Print how long each stage took (loading; rendering and writing, plan by plan, while the
    /// search index is made; the rest of the search index; publishing), and how many files
    /// were made and how many kept from the previous build because what they show is the same.
    #[arg(long)]
    timings: bool,
}

/// Runs the build and reports its outcome.
pub fn run(args: &Args) -> ExitCode {
    let options = BuildOptions {
        output: args
            .output
            .clone()
            .unwrap_or_else(|| args.root.join("public")),
        root: args.root.clone(),
        base_url: args.base_url.clone(),
    };
    let bar = Bar::new();
    let timings = Timings::new(&bar);
    let result = build(&options, &timings);
    bar.finish();
    if args.timings {
        eprint!("{}", timings.lines());
        if let Ok(report) = &result {
            eprintln!(
                "{:>9}  files made, {} kept from the previous build",
                report.files - report.reused,
                report.reused
            );
        }
    }
    match result {
        Ok(report) => {
            eprintln!(
                "built {} plan{}, {} projects: {} pages and {} charts in {} ({:.2} s)",
                report.plans,
                if report.plans == 1 { "" } else { "s" },
                report.projects,
                report.pages,
                report.charts,
                shown_path(&options.output),
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::report(diagnostics);
            ExitCode::FAILURE
        }
    }
}
