//! One module per subcommand: its arguments, and a `run` that calls the library and reports.

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod schema;
pub mod serve;

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

/// Writes `text` to standard output. A reader that stops early (`| head`) is not an error; any
/// other failure is reported on stderr. Returns whether everything was written.
pub fn print_stdout(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            false
        }
    }
}
