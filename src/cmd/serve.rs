//! `mieruka serve`: preview the site on this computer, rebuilt and reloaded on every save.

use std::path::PathBuf;
use std::process::ExitCode;

use mieruka::serve::Server;

/// Arguments of `mieruka serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with site.toml, content/ and themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. The default, 127.0.0.1, is reachable from this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
}

/// Serves until interrupted (Ctrl-C).
pub fn run(args: &Args) -> ExitCode {
    let server = match Server::start(&args.root, &args.bind, args.port, |line| {
        eprintln!("{line}")
    }) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "serving http://{}/ — pages reload when you save; Ctrl-C stops",
        server.address
    );
    loop {
        std::thread::park();
    }
}
