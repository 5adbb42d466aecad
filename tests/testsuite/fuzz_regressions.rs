//! The fuzz target's steps (`fuzz/exercise.rs`) on the seeds of its corpus (`fuzz/seeds/`) and on
//! the inputs kept from its runs (`fuzz/regressions/`): every input that once broke it, and a
//! sample of its corpus. Each kept file's name says how far it must get — `built-…` (no error,
//! pages built), `diagnosed-…` (an error, reported) or `not-text-…` (not UTF-8) — so that a
//! change that makes a valid file fail, or a broken one pass, shows here as well as a panic.

use std::fs;
use std::path::PathBuf;

mod target {
    include!("../../fuzz/exercise.rs");
}
use mieruka::load::SourceFile;
use target::{Reached, exercise};

fn inputs(folder: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect()
}

#[test]
fn the_seeds_build_without_an_error() {
    let seeds = inputs("seeds");
    assert!(seeds.len() >= 5);
    for (path, bytes) in seeds {
        let text = String::from_utf8_lossy(&bytes);
        let file = SourceFile {
            path: path.clone(),
            text: text.into_owned(),
        };
        let parsed = mieruka::load::yaml::parse::<mieruka::model::Project>(&file);
        assert!(
            parsed.problems.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.problems
        );
        assert_eq!(exercise(&bytes), Reached::Built, "{}", path.display());
    }
}

/// What an input named `built-…`, `diagnosed-…` or `not-text-…` must reach.
fn expected(name: &str) -> Option<&'static str> {
    ["built", "diagnosed", "not-text"]
        .into_iter()
        .find(|kind| name.starts_with(&format!("{kind}-")))
}

#[test]
fn the_kept_inputs_reach_what_their_names_say_and_none_panics() {
    let kept = inputs("regressions");
    assert!(kept.len() >= 40, "{} inputs", kept.len());
    let mut failures = Vec::new();
    for (path, bytes) in kept {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reached = match std::panic::catch_unwind(|| exercise(&bytes)) {
            Ok(Reached::Built) => "built",
            Ok(Reached::Diagnosed(_)) => "diagnosed",
            Ok(Reached::NotText) => "not-text",
            Err(_) => "a panic",
        };
        if expected(&name) != Some(reached) {
            failures.push(format!("{name}: {reached}"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
