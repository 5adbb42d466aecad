//! What a city does first: installs the binary with `cargo install --path .` into a folder of its
//! own, and runs it in an empty folder outside the repository — `init`, `check`, `build` — with no
//! `themes/` folder. The site's pages exist and every link between them leads to a file.
//!
//! The install builds the release profile in the repository's `target/` (as `cargo build
//! --release` does), so it takes minutes on a fresh checkout and moments after.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the installed `mieruka` with `args` in `dir`.
fn mieruka(bin: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The relative links (`href`, `src`) of an HTML page, without their `#fragment` or `?query`.
fn relative_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let link = &rest[..rest.find('"').unwrap_or(0)];
            let link = link.split(['#', '?']).next().unwrap_or_default();
            let external = link.contains(':') || link.starts_with("//") || link.starts_with('/');
            if !link.is_empty() && !external {
                links.push(link.replace("&amp;", "&"));
            }
        }
    }
    links
}

#[test]
fn the_installed_binary_starts_checks_and_builds_a_site_in_an_empty_folder() {
    let installed = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let install = Command::new(cargo)
        .args(["install", "--locked", "--quiet", "--path"])
        .arg(common::repo_root())
        .arg("--root")
        .arg(installed.path())
        .output()
        .unwrap_or_else(|e| panic!("cargo install: {e}"));
    assert!(install.status.success(), "{}", stderr(&install));
    let bin = installed.path().join("bin/mieruka");

    // A folder that is not a site: `new plan` says what to run.
    let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let refused = mieruka(&bin, empty.path(), &["new", "plan", "kenko-2024"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("start a site here with `mieruka init`"),
        "{}",
        stderr(&refused)
    );
    assert!(!empty.path().join("content").exists());

    let site = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert!(!site.path().starts_with(common::repo_root()));
    let init = mieruka(&bin, site.path(), &["init", "--plan", "kenko-2024"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let check = mieruka(&bin, site.path(), &["check", "--deny-warnings"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("checked: 0 errors, 0 warnings"),
        "{}",
        stderr(&check)
    );
    let build = mieruka(&bin, site.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(!site.path().join("themes").exists());

    let public = site.path().join("public");
    for page in [
        "index.html",
        "kenko-2024/index.html",
        "kenko-2024/projects/g1-1-01.html",
        "kenko-2024/policies/g1-1.html",
        "departments/index.html",
        "search.html",
        "accessibility.html",
        "404.html",
        "static/style.css",
    ] {
        assert!(public.join(page).is_file(), "{page} is missing");
    }
    let pages: Vec<PathBuf> = common::files_under(&public, "html");
    assert!(pages.len() >= 15, "{} pages", pages.len());
    let mut broken = Vec::new();
    let mut links = 0;
    for page in &pages {
        let html = fs::read_to_string(page).unwrap_or_default();
        let dir = page.parent().unwrap_or(&public);
        for link in relative_links(&html) {
            links += 1;
            let target = dir.join(&link);
            let found = if link.ends_with('/') {
                target.join("index.html").is_file()
            } else {
                target.exists()
            };
            if !found {
                broken.push(format!("{} → {link}", page.display()));
            }
        }
    }
    assert_eq!(broken, Vec::<String>::new());
    assert!(
        links > 10 * pages.len(),
        "{links} links in {} pages",
        pages.len()
    );
}
