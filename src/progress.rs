//! The progress of a long job (a build, an import) for whoever shows it: the command line draws
//! a bar on a terminal; the preview server and the tests pass [`Silent`].

/// Receives the progress of a job as a series of stages, each with a number of steps.
///
/// Implementations must be `Sync`: pages are rendered and files written on several threads,
/// each of which calls [`Progress::advance`].
pub trait Progress: Sync {
    /// A new stage begins: `name` says what it does in a few words ("rendering pages"), and
    /// `steps` how many steps it has (0: unknown).
    fn stage(&self, name: &str, steps: u64);
    /// `steps` more steps of the current stage are done.
    fn advance(&self, steps: u64);
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &str, _steps: u64) {}
    fn advance(&self, _steps: u64) {}
}
