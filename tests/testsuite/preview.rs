//! The preview's builds redo only what a change touched, and still give exactly the files a full
//! build gives: after each kind of change a staff member makes, the preview's site in memory,
//! search index included, is compared byte for byte with `mieruka build` of the same sources.
//! The site is the fixture of two towns' plans (`tests/fixtures/two-cities/`), not the real
//! plans of `content/`.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use mieruka::build::{self, Update};
use mieruka::search::{self, INDEX_DIR};
use mieruka::{BuildOptions, Silent};

/// A preview of a site and the files it holds, kept up to date from its updates.
struct Preview {
    site: build::Preview,
    files: BTreeMap<String, Vec<u8>>,
}

impl Preview {
    fn new(root: &Path) -> Preview {
        let mut preview = Preview {
            site: build::Preview::new(options(root)),
            files: BTreeMap::new(),
        };
        preview.rebuild(&[]);
        preview
    }

    /// Rebuilds after `touched` changed, then makes the downloads as the server does; the
    /// update, with the downloads that changed last in `changed`.
    fn rebuild(&mut self, touched: &[PathBuf]) -> Update {
        let mut update = self
            .site
            .rebuild(touched)
            .unwrap_or_else(|d| panic!("the rebuild failed:\n{d}"));
        let downloads = self
            .site
            .downloads()
            .unwrap_or_else(|d| panic!("the downloads failed:\n{d}"));
        assert!(
            update.changed.iter().all(|f| !is_download(&f.path)),
            "the rebuild made downloads itself"
        );
        update.changed.extend(downloads);
        self.apply(&update);
        update
    }

    /// Replaces the files `update` changed or removed.
    fn apply(&mut self, update: &Update) {
        for path in &update.removed {
            self.files.remove(path);
        }
        for file in &update.changed {
            self.files.insert(file.path.clone(), file.contents.to_vec());
        }
    }

    /// Its files with the search index the server makes of its pages.
    fn with_index(&self) -> BTreeMap<String, Vec<u8>> {
        let batches = self.site.pages();
        let index = search::index(batches.iter().map(|batch| batch.page_files()), "ja")
            .unwrap_or_else(|d| panic!("the preview's search index failed:\n{d}"));
        let mut files = self.files.clone();
        files.retain(|path, _| !path.starts_with(&format!("{INDEX_DIR}/")));
        files.extend(index.into_iter().map(|f| (f.path, f.contents.to_vec())));
        files
    }
}

/// Whether `path` is one of a plan's data downloads (`<plan>/data/...`).
fn is_download(path: &str) -> bool {
    path.split('/').nth(1) == Some("data")
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
    }
}

/// The files of a full build of `root`, search index included.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut options = options(root);
    options.output = out.path().join("public");
    build::build(&options, &Silent).unwrap_or_else(|d| panic!("the full build failed:\n{d}"));
    common::snapshot(&options.output)
}

/// Asserts that `preview` holds exactly the files of a full build of `root`, byte for byte, and
/// that the search index made of its pages is the full build's.
fn assert_same_as_full_build(preview: &Preview, root: &Path, after: &str) {
    let full = full_build(root);
    let shown = preview.with_index();
    assert!(
        full.keys()
            .any(|path| path.starts_with(&format!("{INDEX_DIR}/"))),
        "the full build has no search index"
    );
    common::assert_same_files(&full, &shown, after, "a full build");
}

/// The plan the edits are made in, and the other plan of the fixture.
const PLAN: &str = "mihon-kenko";
const OTHER: &str = "mihon-jisatsu";

/// A copy of the fixture of two plans (`tests/fixtures/two-cities/`), to edit.
fn fixture() -> tempfile::TempDir {
    common::fixture_copy("two-cities")
}

fn project_file(root: &Path, id: &str) -> PathBuf {
    root.join(format!("content/{PLAN}/projects/{id}.yaml"))
}

/// Adds project `g9-9-99`, numbered 99, a copy of `g1-1-01` as it is now; its file.
fn add_copy_of_g1_1_01(root: &Path) -> PathBuf {
    let added = project_file(root, "g9-9-99");
    fs::write(
        &added,
        fs::read_to_string(project_file(root, "g1-1-01"))
            .unwrap_or_else(|e| panic!("{e}"))
            .replacen("id: g1-1-01", "id: g9-9-99", 1)
            .replacen("number: \"1\"", "number: \"99\"", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    added
}

#[test]
fn after_each_kind_of_change_the_preview_has_the_files_of_a_full_build() {
    let root = fixture();
    let root = root.path();
    let mut preview = Preview::new(root);
    assert_same_as_full_build(&preview, root, "the first build");

    // A project's name: its plan's pages and the departments' pages change, no other plan's.
    let file = project_file(root, "g1-1-01");
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap_or_else(|| panic!("no name in {}", file.display()))
        .to_string();
    common::edit(
        &file,
        &format!("name: {name}"),
        &format!("name: {name}（改）"),
    );
    let other_plan = |preview: &Preview| {
        let batches = preview.site.pages();
        let key = build::BatchKey::Plan(OTHER.to_string());
        batches.into_iter().find(|batch| batch.key == key)
    };
    let before = other_plan(&preview);
    let update = preview.rebuild(std::slice::from_ref(&file));
    // Another plan's batch is kept whole, not rendered again.
    assert!(
        before
            .zip(other_plan(&preview))
            .is_some_and(|(a, b)| std::sync::Arc::ptr_eq(&a, &b)),
        "{OTHER} was rendered again"
    );
    let changed: Vec<&str> = update.changed.iter().map(|f| f.path.as_str()).collect();
    assert!(
        changed.contains(&format!("{PLAN}/projects/g1-1-01.html").as_str()),
        "{changed:?}"
    );
    assert!(
        changed
            .iter()
            .all(|p| p.starts_with(&format!("{PLAN}/")) || p.starts_with("departments/")),
        "a change in {PLAN} changed other files: {changed:?}"
    );
    assert!(update.removed.is_empty(), "{:?}", update.removed);
    assert_same_as_full_build(&preview, root, "a project's name changed");

    // Saved again within the clock's tick (the same time and length as the previous save):
    // known by the path the change came with.
    let modified = fs::metadata(&file)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{e}"));
    common::edit(&file, "（改）", "（再）");
    fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .unwrap_or_else(|e| panic!("{e}"));
    let update = preview.rebuild(std::slice::from_ref(&file));
    assert!(!update.changed.is_empty(), "the second save was not seen");
    assert_same_as_full_build(&preview, root, "a second save of the same length");

    // A project added, and another removed.
    let added = add_copy_of_g1_1_01(root);
    preview.rebuild(&[]);
    assert!(
        preview
            .files
            .contains_key(&format!("{PLAN}/projects/g9-9-99.html"))
    );
    assert_same_as_full_build(&preview, root, "a project added");
    fs::remove_file(&added).unwrap_or_else(|e| panic!("{e}"));
    let update = preview.rebuild(&[]);
    assert!(
        update
            .removed
            .contains(&format!("{PLAN}/projects/g9-9-99.html")),
        "{:?}",
        update.removed
    );
    assert_same_as_full_build(&preview, root, "a project removed");

    // The plan's title, the site's title, and a template.
    common::edit(
        &root.join(format!("content/{PLAN}/plan.yaml")),
        "title: ",
        "title: 改訂 ",
    );
    preview.rebuild(&[]);
    assert_same_as_full_build(&preview, root, "a plan's title changed");
    fs::write(root.join("site.toml"), "title = \"別の題\"\n").unwrap_or_else(|e| panic!("{e}"));
    preview.rebuild(&[]);
    assert_same_as_full_build(&preview, root, "site.toml changed");
    // The site's own copy of a template takes the place of the built-in one.
    let template = root.join("themes/default/templates/project.html");
    common::write(
        root,
        "themes/default/templates/project.html",
        &fs::read_to_string(common::repo_root().join("themes/default/templates/project.html"))
            .unwrap_or_default(),
    );
    common::edit(
        &template,
        "{% block content %}",
        "{% block content %}<p>注記</p>",
    );
    preview.rebuild(&[]);
    assert_same_as_full_build(&preview, root, "a template changed");
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_its_fix_brings_every_change_since() {
    let root = fixture();
    let root = root.path();
    let mut preview = Preview::new(root);
    let before = preview.files.clone();

    // One plan broken, another changed meanwhile: the build fails and nothing is served new.
    let broken = project_file(root, "g1-1-01");
    common::edit(&broken, "placements: [g1-1]", "placements: [g9-9]");
    let other = root.join(format!("content/{OTHER}/projects/k1-01.yaml"));
    common::edit(&other, "name: ", "name: 改 ");
    let problems = preview
        .site
        .rebuild(&[broken.clone(), other.clone()])
        .err()
        .unwrap_or_else(|| panic!("a broken file was built"));
    let shown = problems.to_string();
    assert!(
        shown.contains("g1-1-01.yaml:4:") && shown.contains("the plan has no policy `g9-9`"),
        "{shown}"
    );
    assert_eq!(preview.files, before);

    // Another save in the other plan: the broken plan is not checked again, and its problem is
    // still reported.
    common::edit(&other, "name: 改 ", "name: 改め ");
    let problems = preview
        .site
        .rebuild(std::slice::from_ref(&other))
        .err()
        .unwrap_or_else(|| panic!("a broken file was built after a save elsewhere"));
    assert!(
        problems
            .to_string()
            .contains("the plan has no policy `g9-9`"),
        "{problems}"
    );
    assert_eq!(preview.files, before);

    // The fix: the site has both changes, as a full build has them.
    common::edit(&broken, "placements: [g9-9]", "placements: [g1-1]");
    preview.rebuild(std::slice::from_ref(&broken));
    assert_same_as_full_build(&preview, root, "the fix");
}

#[test]
fn the_downloads_are_made_from_the_last_good_build_and_wait_through_a_broken_one() {
    let root = fixture();
    let root = root.path();
    let mut preview = Preview::new(root);
    let csv = format!("{PLAN}/data/projects.csv");

    // A good build: its pages are new, its plan's downloads not yet.
    let file = project_file(root, "g1-1-01");
    common::edit(&file, "name: ", "name: 改 ");
    let update = preview
        .site
        .rebuild(std::slice::from_ref(&file))
        .unwrap_or_else(|d| panic!("the rebuild failed:\n{d}"));
    preview.apply(&update);
    assert!(
        !preview.files[&csv]
            .windows(4)
            .any(|w| w == "改 ".as_bytes())
    );

    // A broken file in another plan before the downloads are made: none is made from the
    // broken build.
    let broken = root.join(format!("content/{OTHER}/projects/k1-01.yaml"));
    common::edit(&broken, "placements: [k1]", "placements: [k9]");
    assert!(
        preview.site.rebuild(&[]).is_err(),
        "a broken file was built"
    );
    let made = preview
        .site
        .downloads()
        .unwrap_or_else(|d| panic!("the downloads failed:\n{d}"));
    assert!(
        made.is_empty(),
        "{:?}",
        made.iter().map(|f| &f.path).collect::<Vec<_>>()
    );

    // The fix: the first plan's downloads, due since the good build, come with it.
    common::edit(&broken, "placements: [k9]", "placements: [k1]");
    let update = preview.rebuild(std::slice::from_ref(&broken));
    assert!(
        update.changed.iter().any(|f| f.path == csv),
        "{csv} was not made"
    );
    assert_same_as_full_build(&preview, root, "the fix");
}

#[test]
fn the_paths_a_change_is_reported_with_are_enough_to_find_it() {
    let root = fixture();
    let root = root.path();
    let mut preview = Preview::new(root);

    // A save through a temporary copy (as `sed -i` saves): the copy is reported too, and gone.
    let file = project_file(root, "g1-1-01");
    common::edit(&file, "name: ", "name: 改 ");
    let scratch = file.with_file_name("sedAbC123");
    let update = preview.rebuild(&[scratch, file.clone()]);
    assert!(
        update
            .changed
            .iter()
            .any(|f| f.path == format!("{PLAN}/projects/g1-1-01.html")),
        "the save was not seen"
    );
    assert_same_as_full_build(&preview, root, "a save through a temporary copy");

    // A new project file, reported alone.
    let added = add_copy_of_g1_1_01(root);
    preview.rebuild(std::slice::from_ref(&added));
    assert!(
        preview
            .files
            .contains_key(&format!("{PLAN}/projects/g9-9-99.html"))
    );
    assert_same_as_full_build(&preview, root, "a project added");

    // A plan's folder removed, reported as the folder alone.
    let plan = root.join(format!("content/{OTHER}"));
    fs::remove_dir_all(&plan).unwrap_or_else(|e| panic!("{e}"));
    let update = preview.rebuild(&[plan]);
    assert!(
        update
            .removed
            .iter()
            .any(|p| p.starts_with(&format!("{OTHER}/"))),
        "{:?}",
        update.removed
    );
    assert_same_as_full_build(&preview, root, "a plan removed");
}
