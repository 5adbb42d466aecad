//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root: the real `content/`, `themes/` and `site.toml`.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
policies: [p1-1]
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

/// A root with the valid plan `mini`, its project `a` and the repository's theme.
pub fn mini_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "content/mini/plan.yaml", PLAN);
    write(dir.path(), "content/mini/projects/a.yaml", &project("a"));
    copy_dir(&repo_root().join("themes"), &dir.path().join("themes"));
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
