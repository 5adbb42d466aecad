//! `build` over its own output keeps the pages, charts and search shards whose inputs did not
//! change, and still writes exactly what a clean build writes: after each kind of edit a staff
//! member makes, the output is compared byte for byte with a build into an empty folder.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use mieruka::{BuildOptions, BuildReport, Silent, build};

fn options(root: &Path, output: PathBuf) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output,
        base_url: None,
    }
}

/// Builds `root` into its `public/`, over what is there; the report.
fn build_again(root: &Path) -> BuildReport {
    build(&options(root, root.join("public")), &Silent)
        .unwrap_or_else(|d| panic!("the build failed:\n{d}"))
}

/// Asserts that `root/public` holds exactly what a build into an empty folder writes.
fn assert_same_as_clean_build(root: &Path, after: &str) {
    let clean = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = clean.path().join("public");
    build(&options(root, output.clone()), &Silent)
        .unwrap_or_else(|d| panic!("the clean build failed:\n{d}"));
    let clean = common::snapshot(&output);
    let kept = common::snapshot(&root.join("public"));
    common::assert_same_files(&clean, &kept, after, "a clean build");
}

#[test]
fn a_build_over_its_output_keeps_what_did_not_change_and_equals_a_clean_build() {
    let site = common::fixture_copy("two-cities");
    let root = site.path();
    let first = build_again(root);
    assert_eq!(first.reused, 0, "a first build has nothing to keep");

    // A project's name: its pages and its plan's lists change; the other plan's pages are kept.
    let project = root.join("content/mihon-kenko/projects/g1-1-01.yaml");
    common::edit(&project, "name: ", "name: 改 ");
    let again = build_again(root);
    assert!(
        again.reused > first.pages / 2,
        "{} of {} files kept",
        again.reused,
        again.files
    );
    assert_same_as_clean_build(root, "a project's name changed");

    // Built again with nothing changed: every page and chart file is kept.
    let unchanged = build_again(root);
    assert!(unchanged.reused > again.reused, "{unchanged:?}");
    assert_same_as_clean_build(root, "nothing changed");

    // A plan's title.
    common::edit(
        &root.join("content/mihon-jisatsu/plan.yaml"),
        "title: ",
        "title: 改訂 ",
    );
    build_again(root);
    assert_same_as_clean_build(root, "a plan's title changed");

    // A project file removed.
    fs::remove_file(root.join("content/mihon-kenko/projects/g2-2-02.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    build_again(root);
    assert!(
        !root
            .join("public/mihon-kenko/projects/g2-2-02.html")
            .exists()
    );
    assert_same_as_clean_build(root, "a project removed");

    // A template of the site's own: nothing rendered with the old one is kept.
    common::write(
        root,
        "themes/default/templates/project.html",
        &fs::read_to_string(common::repo_root().join("themes/default/templates/project.html"))
            .unwrap_or_default()
            .replacen("{% block content %}", "{% block content %}<p>注記</p>", 1),
    );
    let retemplated = build_again(root);
    assert_eq!(retemplated.reused, 0, "pages of the old template were kept");
    assert_same_as_clean_build(root, "a template changed");

    // site.toml.
    fs::write(root.join("site.toml"), "title = \"別の題\"\n").unwrap_or_else(|e| panic!("{e}"));
    build_again(root);
    assert_same_as_clean_build(root, "site.toml changed");
}

#[test]
fn an_output_folder_that_is_not_the_one_built_keeps_nothing() {
    let site = common::fixture_copy("two-cities");
    let root = site.path();
    build_again(root);
    // The folder replaced by another (a copy, as a hand-made backup restored would be), with a
    // page edited in it: its manifest no longer describes it, and nothing is kept.
    let public = root.join("public");
    let copy = root.join("copy");
    common::copy_dir(&public, &copy);
    fs::remove_dir_all(&public).unwrap_or_else(|e| panic!("{e}"));
    fs::rename(&copy, &public).unwrap_or_else(|e| panic!("{e}"));
    fs::write(public.join("index.html"), "edited by hand").unwrap_or_else(|e| panic!("{e}"));
    let again = build_again(root);
    assert_eq!(again.reused, 0);
    assert_same_as_clean_build(root, "the folder was replaced");
}
