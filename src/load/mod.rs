//! Loading a site's files: `site.toml` and every plan under `content/`, parsed in parallel.
//!
//! Every problem in every file is collected; a file that cannot be parsed is reported and left
//! out, and the others are still read, so one run shows all syntax and schema errors.

pub mod reload;
pub mod source_map;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Position};
use crate::model::{Plan, PlanData, Project, Site};

/// The folder under the root that holds the plans.
pub const CONTENT_DIR: &str = "content";
/// The plan file in each plan folder.
pub const PLAN_FILE: &str = "plan.yaml";
/// The folder of project files in each plan folder.
pub const PROJECTS_DIR: &str = "projects";
/// The configuration file at the root.
pub const CONFIG_FILE: &str = "site.toml";

/// The text of one file, kept so that later checks can point at its lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in diagnostics (the root joined with the file's place under it).
    pub path: PathBuf,
    /// The file's text, without a byte-order mark.
    pub text: String,
}

impl SourceFile {
    /// Reads `path` as UTF-8 text (a leading byte-order mark is dropped).
    ///
    /// # Errors
    /// [`Code::Io`] when the file cannot be read or is not UTF-8.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let bytes = fs::read(path)
            .map_err(|e| Diagnostic::error(Code::Io, path, format!("cannot read the file: {e}")))?;
        SourceFile::from_bytes(path, bytes)
    }

    /// The file at `path` whose bytes are `bytes`, as UTF-8 text (a leading byte-order mark is
    /// dropped).
    ///
    /// # Errors
    /// [`Code::Io`] when the bytes are not UTF-8, with the line and column of the first byte
    /// that is not, and whether the text looks like Shift_JIS.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]);
            let Position { line, column } = Position::of_offset(&good, good.len());
            let shift_jis = encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(e.as_bytes())
                .is_some();
            let message = if shift_jis {
                "the file is not UTF-8 text: it looks like Shift_JIS"
            } else {
                "the file is not UTF-8 text"
            };
            let mut d = Diagnostic::error(Code::Io, path, message).with_hint(
                "save it as UTF-8 (メモ帳: 名前を付けて保存 → 文字コード UTF-8; VS Code: the encoding in the status bar → エンコード付きで保存 → UTF-8)",
            );
            d.position = Some(Position { line, column });
            d
        })?;
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
        })
    }

    /// The text of 1-based line `n`.
    pub fn line(&self, n: usize) -> Option<&str> {
        self.text.lines().nth(n.saturating_sub(1))
    }
}

/// The source files of one plan, in the same order as [`PlanData::projects`].
#[derive(Debug, Clone)]
pub struct PlanSources {
    /// `plan.yaml`.
    pub plan: SourceFile,
    /// The project files.
    pub projects: Vec<SourceFile>,
}

/// A loaded site and the files it came from, aligned by index with [`Site::plans`].
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub site: Site,
    /// The files, for pointing at lines in later checks.
    pub sources: Vec<PlanSources>,
}

/// Loads the site under `root`: everything that could be read, and a diagnostic for everything
/// that could not (unreadable files, YAML syntax errors, unknown or missing keys, wrong types, a
/// missing `content/` folder or `plan.yaml`).
///
/// A project file that fails is left out of its plan; a plan whose `plan.yaml` fails is left out
/// with its projects (they are still parsed, so their own errors are reported). The rest can
/// then be validated, so that one run reports every problem.
pub fn load_site(root: &Path) -> (Loaded, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let config = load_config(root).unwrap_or_else(|d| {
        diagnostics.push(d);
        SiteConfig::default()
    });

    let content = root.join(CONTENT_DIR);
    if is_link(&content) {
        diagnostics.push(link_error(&content));
    } else if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(Code::Io, &content, "there is no content folder")
                .with_hint("plans go in content/<plan-id>/plan.yaml; see docs/data-format.md"),
        );
    }

    let (plan_dirs, links) = if is_link(&content) {
        (Vec::new(), Vec::new())
    } else {
        subfolders(&content)
    };
    diagnostics.extend(links);
    let results: Vec<(Option<(PlanData, PlanSources)>, Diagnostics)> =
        plan_dirs.par_iter().map(|dir| load_plan(dir)).collect();
    let mut plans = Vec::new();
    let mut sources = Vec::new();
    for (loaded, found) in results {
        if let Some((plan, source)) = loaded {
            plans.push(plan);
            sources.push(source);
        }
        diagnostics.extend(found);
    }
    let loaded = Loaded {
        site: Site { config, plans },
        sources,
    };
    (loaded, diagnostics)
}

/// Reads `site.toml`; all defaults when there is none.
fn load_config(root: &Path) -> Result<SiteConfig, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.exists() {
        return Ok(SiteConfig::default());
    }
    let file = SourceFile::read(&path)?;
    let config = read_config(&file)?;
    if let Some((table, key, url)) = config.bad_urls().first() {
        let d = Diagnostic::error(
            Code::WrongType,
            &path,
            format!("[{table}] {key}: `{url}` is not a web address"),
        )
        .with_hint("write an address that starts with https://");
        return Err(match key_position(&file.text, table, key) {
            Some(p) => d.at(&file.text, p),
            None => d,
        });
    }
    Ok(config)
}

/// `site.toml` as a [`SiteConfig`]. A file that does not deserialise at once is read into the
/// same tree as a YAML file ([`yaml::tree`]) and deserialised from it, so that its problem has a
/// kind, a position and a hint (`titel` → did you mean `title`?).
///
/// # Errors
/// A TOML syntax error ([`Code::Syntax`]), else the first schema problem.
fn read_config(file: &SourceFile) -> Result<SiteConfig, Diagnostic> {
    let error = match toml::from_str(&file.text) {
        Ok(config) => return Ok(config),
        Err(e) => e,
    };
    let syntax =
        |e: &toml::de::Error| Diagnostic::from_toml(Code::Syntax, &file.path, &file.text, e);
    let table = toml::de::DeTable::parse(&file.text).map_err(|e| syntax(&e))?;
    let root = toml_node(&file.text, 0, toml::de::DeValue::Table(table.into_inner()));
    let parsed = yaml::from_tree::<SiteConfig>(file, root);
    // No file is taken that toml refused, even when the tree reads it (a date where text
    // belongs): then toml's words.
    Err(parsed
        .problems
        .into_iter()
        .next()
        .unwrap_or_else(|| syntax(&error)))
}

/// A TOML value, starting at byte `start` of `text`, as a tree node.
fn toml_node(text: &str, start: usize, value: toml::de::DeValue<'_>) -> yaml::tree::Node {
    use toml::de::DeValue;
    use yaml::tree::{Node, Value};
    let at = Position::of_offset(text, start);
    let scalar = |text: String, plain: bool| Value::Scalar {
        text,
        plain,
        literal: false,
    };
    let value = match value {
        DeValue::String(s) => scalar(s.into_owned(), false),
        DeValue::Integer(n) => match i64::from_str_radix(&n.as_str().replace('_', ""), n.radix()) {
            Ok(n) => scalar(n.to_string(), true),
            Err(_) => scalar(n.as_str().to_string(), false),
        },
        DeValue::Float(f) => scalar(f.as_str().to_string(), true),
        DeValue::Boolean(b) => scalar(b.to_string(), true),
        DeValue::Datetime(d) => scalar(d.to_string(), false),
        DeValue::Array(items) => Value::Sequence(
            items
                .into_iter()
                .map(|item| {
                    let start = item.span().start;
                    toml_node(text, start, item.into_inner())
                })
                .collect(),
        ),
        DeValue::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(key, item)| {
                    let key_at = Position::of_offset(text, key.span().start);
                    let key = Node::new(key_at, scalar(key.into_inner().into_owned(), false));
                    let start = item.span().start;
                    (key, toml_node(text, start, item.into_inner()))
                })
                .collect(),
        ),
    };
    Node::new(at, value)
}

/// Where `key` of the TOML table `[table]` is written in `text`.
fn key_position(text: &str, table: &str, key: &str) -> Option<Position> {
    let header = format!("[{table}]");
    let start = text.lines().position(|l| l.trim() == header)?;
    text.lines()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(i, l)| Position {
            line: i + 1,
            column: l.len() - l.trim_start().len() + 1,
        })
}

/// The entries directly in `dir` that `keep` accepts, sorted by name, and an error for each
/// symbolic link among them: links are never followed, since one could lead outside `content/`.
/// A missing or unreadable folder has no entries.
fn entries(
    dir: &Path,
    keep: impl Fn(&walkdir::DirEntry) -> bool,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut kept = Vec::new();
    let mut links = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path_is_symlink() {
            links.push(link_error(entry.path()));
        } else if keep(&entry) {
            kept.push(entry.into_path());
        }
    }
    (kept, links)
}

/// The error for a symbolic link found under `content/`.
fn link_error(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        path,
        "this is a symbolic link; mieruka does not follow links in content/",
    )
    .with_hint("copy the file or folder here instead of linking to it")
}

/// Whether `path` itself is a symbolic link.
fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The folders directly under `dir`, except hidden ones (`.git`), and the links among them.
fn subfolders(dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    entries(dir, |e| {
        e.file_type().is_dir() && !e.file_name().to_string_lossy().starts_with('.')
    })
}

/// A file that was read: its value and text, if it could be read at all, and its problems.
type LoadedFile<T> = (Option<(T, SourceFile)>, Vec<Diagnostic>);

/// Loads one plan folder: `plan.yaml` and `projects/*.yaml`. The plan is `None` when its
/// `plan.yaml` could not be loaded; projects that could not be loaded are left out.
fn load_plan(dir: &Path) -> (Option<(PlanData, PlanSources)>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let plan_path = dir.join(PLAN_FILE);
    if is_link(&plan_path) {
        diagnostics.push(link_error(&plan_path));
        return (None, diagnostics);
    }
    if !plan_path.is_file() {
        diagnostics.push(
            Diagnostic::error(Code::Io, &plan_path, "this plan folder has no plan.yaml")
                .with_hint("every folder under content/ is a plan and needs a plan.yaml"),
        );
    }
    let plan_file = if plan_path.is_file() {
        SourceFile::read(&plan_path)
            .map_err(|d| diagnostics.push(d))
            .ok()
    } else {
        None
    };

    let projects_dir = dir.join(PROJECTS_DIR);
    let (project_paths, links) = if is_link(&projects_dir) {
        (Vec::new(), vec![link_error(&projects_dir)])
    } else {
        project_files(&projects_dir)
    };
    diagnostics.extend(links);
    let read: Vec<Result<SourceFile, Diagnostic>> = project_paths
        .par_iter()
        .map(|p| SourceFile::read(p))
        .collect();
    let mut project_files = Vec::new();
    for file in read {
        match file {
            Ok(file) => project_files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (loaded, problems) = parse_plan(&id, plan_file, project_files);
    diagnostics.merge(problems);
    (loaded, diagnostics)
}

/// Parses a plan from files already read: its `plan.yaml` (`None` when it has none) and its
/// project files; `id` is the plan's id (its folder's name). Everything that could be parsed,
/// and the problems of everything that could not, as [`load_site`] gives them. No file is read.
pub fn parse_plan(
    id: &str,
    plan_file: Option<SourceFile>,
    project_files: Vec<SourceFile>,
) -> (Option<(PlanData, PlanSources)>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let plan: Option<(Plan, SourceFile)> = plan_file.and_then(|file| {
        let parsed = yaml::parse::<Plan>(&file);
        diagnostics.extend(parsed.problems);
        parsed.value.map(|mut plan| {
            plan.id = id.to_string();
            (plan, file)
        })
    });
    let parsed: Vec<LoadedFile<Project>> = project_files
        .into_par_iter()
        .map(|file| {
            let parsed = yaml::parse::<Project>(&file);
            (parsed.value.map(|p| (p, file)), parsed.problems)
        })
        .collect();
    let mut projects = Vec::new();
    let mut files = Vec::new();
    for (loaded, problems) in parsed {
        if let Some((project, file)) = loaded {
            projects.push(project);
            files.push(file);
        }
        diagnostics.extend(problems);
    }

    let loaded = plan.map(|(plan, plan_file)| {
        (
            PlanData { plan, projects },
            PlanSources {
                plan: plan_file,
                projects: files,
            },
        )
    });
    (loaded, diagnostics)
}

/// The `.yaml` and `.yml` files directly in `dir`, and the links among them.
fn project_files(dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    entries(dir, |e| {
        e.file_type().is_file()
            && matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
    })
}
