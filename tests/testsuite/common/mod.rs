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
    SITE.get_or_init(|| build_into_temporary_folder(repo_root()))
}

/// The site at `root` built into `public/` of a new temporary folder, panicking with the
/// diagnostics if the build fails.
fn build_into_temporary_folder(root: PathBuf) -> (tempfile::TempDir, BuildReport) {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = build(
        &BuildOptions {
            root,
            output: out.path().join("public"),
            base_url: None,
        },
        &Silent,
    )
    .unwrap_or_else(|d| panic!("the build failed:\n{d}"));
    (out, report)
}

/// The fixture that the tests of the site's machinery (pages, links, charts, scripts, a new
/// year) use, whatever the real plans of `content/` hold: two plans of a fictional town,
/// `tests/fixtures/two-cities/`.
pub const SITE_FIXTURE: &str = "two-cities";

/// The folder of the fixture `tests/fixtures/<name>/`.
pub fn fixture_root(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// The site of [`SITE_FIXTURE`], built once per test binary into a temporary folder (the build
/// writes nothing beside the fixture's files).
pub fn fixture_built() -> &'static (tempfile::TempDir, BuildReport) {
    static SITE: OnceLock<(tempfile::TempDir, BuildReport)> = OnceLock::new();
    SITE.get_or_init(|| build_into_temporary_folder(fixture_root(SITE_FIXTURE)))
}

/// The output folder of [`fixture_built`].
pub fn fixture_public() -> PathBuf {
    fixture_built().0.path().join("public")
}

/// A page of [`fixture_built`], by its path under the output folder.
pub fn fixture_page(relative: &str) -> String {
    fs::read_to_string(fixture_public().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A plan of a site as its files have it, read with a plain YAML parser rather than as the build
/// loads it, so that what a test expects comes from the files and not from the code it tests.
pub struct PlanFiles {
    /// The plan's id: the name of its folder.
    pub id: String,
    /// Its `plan.yaml`.
    pub plan: serde_yaml::Value,
    /// Each file of its `projects/`, by file name, with its YAML, in the order of the names.
    pub projects: Vec<(String, serde_yaml::Value)>,
}

impl PlanFiles {
    /// A year of `plan.yaml`, at the keys `path` (`["period", "to"]`).
    pub fn year(&self, path: &[&str]) -> u16 {
        let value = path.iter().fold(&self.plan, |v, key| &v[*key]);
        value
            .as_u64()
            .and_then(|y| u16::try_from(y).ok())
            .unwrap_or_else(|| panic!("{}: {path:?} is not a year", self.id))
    }

    /// The fiscal years with an entry in any of its project files, in order.
    pub fn years_with_data(&self) -> Vec<u16> {
        let mut years: Vec<u16> = self
            .projects
            .iter()
            .flat_map(|(_, project)| entry_years(project))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }
}

/// The fiscal years a project file has an entry for (under `years`).
pub fn entry_years(project: &serde_yaml::Value) -> Vec<u16> {
    project["years"]
        .as_mapping()
        .into_iter()
        .flatten()
        .filter_map(|(fy, _)| fy.as_u64().and_then(|y| u16::try_from(y).ok()))
        .collect()
}

/// The plans of the site at `root`, in the order of their folders' names (the order the site
/// lists them in).
pub fn plan_files(root: &Path) -> Vec<PlanFiles> {
    let yaml = |path: &Path| -> serde_yaml::Value {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let sorted = |dir: &Path| -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
            .collect();
        paths.sort();
        paths
    };
    sorted(&root.join("content"))
        .into_iter()
        .filter(|dir| dir.is_dir())
        .map(|dir| PlanFiles {
            id: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            plan: yaml(&dir.join("plan.yaml")),
            projects: sorted(&dir.join("projects"))
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .map(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (name, yaml(p))
                })
                .collect(),
        })
        .collect()
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
    copy_dir(&fixture_root(name), site.path());
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
