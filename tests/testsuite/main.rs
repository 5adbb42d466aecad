//! The integration tests, in one binary (as mdBook keeps them): one module per area, sharing
//! `common`. One binary links once, where one per file linked each on its own.

mod common;

mod atomic;
mod bad_input;
mod check;
mod deterministic;
mod errors;
mod fixture_plan;
mod fuzz_regressions;
mod honjo_suicide;
mod honjo_welfare;
mod hostile;
mod import;
mod install;
mod new_city;
mod preview;
mod rebuild;
mod residents;
mod scaffold;
mod schema;
mod serve;
mod shiroi;
mod site;
mod two_cities;
mod yaml_reading;
