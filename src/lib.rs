//! mieruka (見える化) turns the yearly progress data of municipal plans, kept as YAML, into a
//! static website that residents can browse and any web server can host.
//!
//! Data flows one way:
//!
//! ```text
//! site.toml + content/ ──load──▶ model ──validate──▶ site graph ──render──▶ files ──output──▶ public/
//! ```
//!
//! - [`load`] reads `site.toml` and every plan and project file, in parallel;
//! - [`model`] holds what the files say, as plain serde types; [`fiscal_year`] reads and prints
//!   fiscal years (令和元年度 = FY2019);
//! - [`validate`] checks what needs the whole plan (ids, references, rating codes, years);
//! - [`site`] computes every page, link and aggregate once;
//! - [`render`] fills the theme's Tera templates and draws the SVG charts;
//! - [`output`] writes the files into a staging folder and swaps it in.
//!
//! Problems are [`diagnostics::Diagnostic`]s that name the file, line and column.

// A `Diagnostic` is the error of every fallible step. It is only built on the error path and is
// moved into a report soon after, so its size (about 150 bytes) costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod config;
pub mod diagnostics;
pub mod edit;
pub mod export;
pub mod fiscal_year;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod theme;
pub mod validate;

pub use build::{BuildOptions, BuildReport, build, check};
pub use progress::{Progress, Silent};
