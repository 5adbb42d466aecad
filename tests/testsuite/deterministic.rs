//! Deterministic output: two builds of the same content are byte-for-byte the same, whatever the
//! number of threads, and carry no date of the build.

use crate::common;

use std::path::Path;
use std::process::Command;

/// Builds the site fixture (two plans, two levels, two scales) into `out` with `threads` worker
/// threads.
fn build_with_threads(out: &Path, threads: &str) {
    let run = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["build", "--root"])
        .arg(common::fixture_root(common::SITE_FIXTURE))
        .arg("--output")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn two_builds_with_one_and_two_threads_are_byte_for_byte_the_same() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    build_with_threads(&tmp.path().join("one"), "1");
    build_with_threads(&tmp.path().join("two"), "2");
    let one = common::snapshot(&tmp.path().join("one"));
    let two = common::snapshot(&tmp.path().join("two"));
    // Every project of the fixture has its page among the files compared.
    let projects = common::files_under(&common::fixture_root(common::SITE_FIXTURE), "yaml")
        .iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("projects")))
        .count();
    let pages = one
        .keys()
        .filter(|k| k.contains("/projects/") && k.ends_with(".html"))
        .count();
    assert!(
        projects > 0 && pages >= projects,
        "{pages} project pages for {projects} projects"
    );
    let differing: Vec<&String> = one
        .keys()
        .chain(two.keys())
        .filter(|k| one.get(*k) != two.get(*k))
        .take(10)
        .collect();
    assert!(differing.is_empty(), "files that differ: {differing:?}");

    // Nor does any file carry the day it was built.
    let today = jiff::Zoned::now().date();
    let stamps = [
        today.to_string(),
        format!("{}/{:02}/{:02}", today.year(), today.month(), today.day()),
        format!("{}年{}月{}日", today.year(), today.month(), today.day()),
    ];
    for (path, bytes) in &one {
        let text = String::from_utf8_lossy(bytes);
        for stamp in &stamps {
            assert!(!text.contains(stamp.as_str()), "{path} holds {stamp}");
        }
    }
}
