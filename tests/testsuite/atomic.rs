//! Atomic publishing: whatever stops a build — bad YAML, a template error, a panic, the process
//! killed — the previous output folder is byte-for-byte what it was, and what an interrupted run
//! left behind is cleaned up (or put back) by the next run.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use mieruka::{BuildOptions, Progress, Silent, build};

/// The names of the entries beside `public` that a run leaves (`.public.staging-…`,
/// `.public.old-…`); the manifest of the published build (`.public.manifest.json`) belongs there.
fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".public.") && n != ".public.manifest.json")
                .collect()
        })
        .unwrap_or_default()
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
    }
}

/// A small site built once: its root, and its output as it was.
fn built_site() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let site = common::mini_site();
    build(&options(site.path()), &Silent).unwrap_or_else(|d| panic!("{d}"));
    let before = common::snapshot(&site.path().join("public"));
    assert!(before.len() > 10);
    (site, before)
}

#[test]
fn bad_yaml_keeps_the_previous_output() {
    let (site, before) = built_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        "id: a\nname: [unclosed\n",
    );
    assert!(build(&options(site.path()), &Silent).is_err());
    assert!(
        before == common::snapshot(&site.path().join("public")),
        "changed"
    );
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_template_error_keeps_the_previous_output() {
    let (site, before) = built_site();
    common::write(
        site.path(),
        "themes/default/templates/project.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.name }}{% endblock content %}",
    );
    let problems = build(&options(site.path()), &Silent)
        .err()
        .unwrap_or_else(|| panic!("the build succeeded"));
    assert!(
        problems.to_string().contains("error[template]"),
        "{problems}"
    );
    assert!(
        before == common::snapshot(&site.path().join("public")),
        "changed"
    );
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

/// Progress that panics once `after` parts of the site are written: when the next one is
/// rendered, before it is written.
struct PanicWhileWriting {
    writing: std::sync::atomic::AtomicBool,
    written: AtomicU64,
    after: u64,
}

impl Progress for PanicWhileWriting {
    fn stage(&self, name: &str, _steps: u64) {
        self.writing
            .store(name == "rendering and writing", Ordering::SeqCst);
    }
    fn advance(&self, steps: u64) {
        if self.writing.load(Ordering::SeqCst)
            && self.written.fetch_add(steps, Ordering::SeqCst) >= self.after
        {
            panic!("a planted panic while writing");
        }
    }
}

#[test]
fn a_panic_while_writing_keeps_the_previous_output_and_leaves_nothing_behind() {
    let (site, before) = built_site();
    // A change, so that the interrupted build would have written something different.
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace("見本事業", "変更した事業"),
    );
    let progress = PanicWhileWriting {
        writing: false.into(),
        written: AtomicU64::new(0),
        after: 1,
    };
    let result = catch_unwind(AssertUnwindSafe(|| build(&options(site.path()), &progress)));
    assert!(result.is_err(), "the planted panic did not happen");
    assert!(
        before == common::snapshot(&site.path().join("public")),
        "changed"
    );
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

/// The staging folder of a running build, once it appears.
fn staging_of(root: &Path) -> Option<PathBuf> {
    fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .find_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".public.staging-").then(|| e.path())
        })
}

#[test]
fn a_build_killed_before_publishing_keeps_the_previous_output_and_the_next_run_cleans_up() {
    let (site, before) = built_site();
    common::write(
        site.path(),
        "content/mini/projects/a.yaml",
        &common::project("a").replace("見本事業", "変更した事業"),
    );
    // The build holds once its staging folder is complete and says so; then kill -9.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["build", "--root"])
        .arg(site.path())
        .env(mieruka::build::HOLD_BEFORE_PUBLISHING, "1")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let held = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("holding before publishing"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(held, "the build ended without holding");
    assert!(
        staging_of(site.path()).is_some(),
        "the kill left its staging folder"
    );
    assert!(
        before == common::snapshot(&site.path().join("public")),
        "changed"
    );

    // The next run, even one that fails, removes what the killed one left.
    common::write(site.path(), "content/mini/projects/a.yaml", "id: a\n");
    assert!(build(&options(site.path()), &Silent).is_err());
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
    assert!(
        before == common::snapshot(&site.path().join("public")),
        "changed"
    );
}

#[test]
fn a_site_moved_aside_by_a_killed_run_is_put_back_by_the_next_one() {
    let (site, before) = built_site();
    // What a run killed between moving the old site aside and moving the new one in leaves
    // (with a process id no running process has).
    let public = site.path().join("public");
    fs::rename(&public, site.path().join(".public.old-4294967295"))
        .unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(site.path().join(".public.staging-4294967295/mini"))
        .unwrap_or_else(|e| panic!("{e}"));
    // Even a build that fails puts it back.
    common::write(site.path(), "content/mini/projects/a.yaml", "id: a\n");
    assert!(build(&options(site.path()), &Silent).is_err());
    assert!(before == common::snapshot(&public), "not put back");
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}
