//! One module per subcommand: its arguments, and a `run` that calls the library and reports.

pub mod build;
pub mod check;
pub mod new;
pub mod schema;

use mieruka::diagnostics::Diagnostics;

/// Prints every diagnostic to stderr, then how many errors there were.
pub fn report(diagnostics: Diagnostics) {
    let errors = diagnostics.error_count();
    for d in diagnostics.into_sorted() {
        eprintln!("{}\n", d.render());
    }
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        eprintln!("error: {errors} problem{s} found; nothing was written");
    }
}
