//! The progress bar of `build` and `import`: drawn on stderr only when it is a terminal, and
//! only once the job has taken more than a moment, so quick runs and logs stay quiet.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mieruka::Progress;

/// How long a job runs before its bar appears.
const DELAY: Duration = Duration::from_millis(300);

/// A progress bar on stderr, hidden until [`DELAY`] has passed.
pub struct Bar {
    bar: ProgressBar,
    /// Set by [`Bar::finish`]; the bar must not appear after that.
    finished: Arc<Mutex<bool>>,
}

impl Bar {
    /// A bar that will appear after [`DELAY`] if stderr is a terminal.
    pub fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let finished = Arc::new(Mutex::new(false));
        if std::io::stderr().is_terminal() {
            let bar = bar.clone();
            let finished = Arc::clone(&finished);
            thread::spawn(move || {
                thread::sleep(DELAY);
                let finished = finished.lock().unwrap_or_else(|e| e.into_inner());
                if !*finished {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(100));
                }
            });
        }
        Bar { bar, finished }
    }

    /// Removes the bar, leaving the terminal for the summary line.
    pub fn finish(&self) {
        let mut finished = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        *finished = true;
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn stage(&self, name: &str, steps: u64) {
        self.bar.set_position(0);
        self.bar.set_length(steps);
        let template = if steps == 0 {
            "{spinner} {msg}"
        } else {
            "{spinner} {msg} [{bar:30}] {pos}/{len}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(name.to_string());
    }

    fn advance(&self, steps: u64) {
        self.bar.inc(steps);
    }
}

/// Progress that also notes when each stage began, for `build --timings`; passes everything on
/// to `inner`.
pub struct Timings<'a> {
    inner: &'a dyn Progress,
    started: Instant,
    stages: Mutex<Vec<(String, Instant)>>,
}

impl<'a> Timings<'a> {
    /// Starts the clock.
    pub fn new(inner: &'a dyn Progress) -> Timings<'a> {
        Timings {
            inner,
            started: Instant::now(),
            stages: Mutex::new(Vec::new()),
        }
    }

    /// Each stage's name and wall time in seconds, in order, ending now.
    pub fn lines(&self) -> String {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut out = String::new();
        for (i, (name, began)) in stages.iter().enumerate() {
            let ended = stages.get(i + 1).map_or(now, |(_, next)| *next);
            out.push_str(&format!(
                "  {:>7.3} s  {name}\n",
                ended.duration_since(*began).as_secs_f64()
            ));
        }
        out.push_str(&format!(
            "  {:>7.3} s  in all\n",
            now.duration_since(self.started).as_secs_f64()
        ));
        out
    }
}

impl Progress for Timings<'_> {
    fn stage(&self, name: &str, steps: u64) {
        self.stages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name.to_string(), Instant::now()));
        self.inner.stage(name, steps);
    }

    fn advance(&self, steps: u64) {
        self.inner.advance(steps);
    }
}
