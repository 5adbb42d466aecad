//! What the templates read: one serialisable view per page type, built from the model and the
//! site graph's indexes. Every value a page shows is computed here; templates only display.
//!
//! URLs in views are relative to the output root; templates prefix them with `root`.

mod common;
mod department;
mod plan;
mod project;
mod site;

pub use common::*;
pub use department::*;
pub use plan::*;
pub use project::*;
pub use site::*;
