//! Arbitrary bytes as a project file of a valid plan: loaded, checked and built in memory.
//! Run with `cargo fuzz run project` (see RELIABILITY.md).
#![no_main]

include!("../exercise.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    exercise(data);
});
