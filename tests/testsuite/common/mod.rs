//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mieruka::load::load_site;
use mieruka::model::PlanData;
use mieruka::{BuildOptions, BuildReport, Silent, build};

/// The repository's root: the real `content/`, `themes/` and `site.toml`.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The site of the repository's `content/`, built once per test binary into a temporary folder.
pub fn built() -> &'static (tempfile::TempDir, BuildReport) {
    static SITE: OnceLock<(tempfile::TempDir, BuildReport)> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let report = build(
            &BuildOptions {
                root: repo_root(),
                output: out.path().join("public"),
                base_url: None,
            },
            &Silent,
        )
        .unwrap_or_else(|d| panic!("the build failed:\n{d}"));
        (out, report)
    })
}

/// The output folder of [`built`].
pub fn public() -> PathBuf {
    built().0.path().join("public")
}

/// A page of [`built`], by its path under the output folder.
pub fn page(relative: &str) -> String {
    fs::read_to_string(public().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The plan `id` of the repository's `content/`, loaded as the build loads it.
pub fn plan(id: &str) -> PlanData {
    let (loaded, diagnostics) = load_site(&repo_root());
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    loaded
        .site
        .plans
        .into_iter()
        .find(|p| p.plan.id == id)
        .unwrap_or_else(|| panic!("no plan {id}"))
}

/// The text of `html` from `start` up to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// `html` with its tags removed and white space collapsed: the text a resident reads. The copy
/// of a table's department column that narrow screens show under the name instead
/// (`<span class="row-departments">`) is left out, as a reader sees one or the other.
pub fn text(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(start) = html.find("<span class=\"row-departments\">") {
        let end = html[start..]
            .find("</span>")
            .map_or(html.len(), |e| start + e + "</span>".len());
        html.replace_range(start..end, "");
    }
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The files under `dir` with `extension`.
pub fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

/// Writes `text` to `root/relative`, creating folders.
pub fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
}

/// A small valid plan `mini`: two levels, a scale A–C, FY2019–FY2021.
pub const PLAN: &str = "\
municipality: 見本市
title: 見本計画
period:
  from: 2019
  to: 2021
source:
  document: test.txt
levels:
  - name: 基本方針
  - name: ~
policies:
  - id: p1
    number: '1'
    name: 方針一
    children:
      - id: p1-1
        number: ①
        name: 方向一
scales:
  - id: rating
    name: 評価
    codes:
      - {code: A, label: 順調, color: '#1b6e3a'}
      - {code: B, label: 概ね順調, color: '#2357a6'}
      - {code: C, label: 遅れ, color: '#8a5a00'}
directions: [継続, 廃止]
";

/// A valid project of `mini`, with id `id`.
pub fn project(id: &str) -> String {
    format!(
        "\
id: {id}
number: 1
name: 見本事業
placements: [p1-1]
departments:
  - name: 見本課
years:
  2019:
    results: 実施した。
rating: Ａ
direction: 継続
"
    )
}

/// A site with the valid plan `mini` and its project `a`: a `site.toml` with only a title, no
/// `themes/` folder (the theme is built in).
pub fn mini_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "site.toml", "title = \"見本市の計画\"\n");
    write(dir.path(), "content/mini/plan.yaml", PLAN);
    write(dir.path(), "content/mini/projects/a.yaml", &project("a"));
    dir
}

/// Builds the site at `root` into `root/public`, panicking with the diagnostics if it fails.
pub fn build_at(root: &Path) -> PathBuf {
    let out = root.join("public");
    build(
        &BuildOptions {
            root: root.to_path_buf(),
            output: out.clone(),
            base_url: None,
        },
        &Silent,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    out
}

/// A temporary copy of the repository's site — `site.toml` and `content/` — to edit. The
/// theme is the built-in one.
pub fn copy_of_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    fs::copy(repo_root().join("site.toml"), dir.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap_or(e.path());
            (
                relative.display().to_string(),
                fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

/// A copy of the fixture `tests/fixtures/<name>/` in a temporary folder, to edit.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&repo_root().join("tests/fixtures").join(name), site.path());
    site
}

/// Replaces the first `from` in `file` with `to`; `from` must be there.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
}

/// Asserts that `actual` holds exactly the files of `expected` (by path, with their bytes), naming
/// up to five that differ, `after` what, and against what (`a clean build`).
pub fn assert_same_files(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
    after: &str,
    against: &str,
) {
    let differ: Vec<&String> = (expected.keys().chain(actual.keys()))
        .filter(|path| expected.get(*path) != actual.get(*path))
        .collect();
    assert!(
        differ.is_empty(),
        "after {after}, {} files differ from {against}, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
}
