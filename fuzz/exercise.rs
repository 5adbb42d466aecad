// What the fuzz target does with one input, shared with the regression tests
// (`tests/testsuite/fuzz_regressions.rs` includes this file): read the bytes as a project file of a valid
// plan, check it, and — when it has no error — render its pages, charts and data with the build
// pipeline's own `render_batches`, keeping nothing. Nothing may panic or hang on any input, and
// a file serde_yaml reads must read the same through mieruka's own deserialiser.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mieruka::Silent;
use mieruka::build::pipeline::{Downloads, Reuse, render_batches};
use mieruka::config::SiteConfig;
use mieruka::load::{Loaded, SourceFile, parse_plan};
use mieruka::model::{Project, Site};
use mieruka::render::Renderer;
use mieruka::theme::Theme;
use mieruka::validate::lint::lint;
use mieruka::validate::validate;

/// The plan the input is a project of: two levels, a rating scale, a status scale, FY2019–2023.
const PLAN: &str = "\
municipality: 見本市
title: 見本計画
period: {from: 2019, to: 2023}
source: {document: fuzz}
levels: [{name: 基本方針}, {name: ~}]
policies:
  - id: p1
    number: '1'
    name: 方針一
    children:
      - {id: p1-1, number: ①, name: 方向一}
      - {id: p1-2, number: ②, name: 方向二}
scales:
  - id: rating
    name: 評価
    not_rated: ['－']
    codes:
      - {code: A, label: 順調, color: '#1b6e3a'}
      - {code: B, label: 概ね順調, color: '#2357a6'}
      - {code: C, label: やや遅れ, color: '#8a5a00'}
      - {code: D, label: 遅れ, color: '#a1262b'}
      - {code: ア, label: 達成, color: '#1b6e3a'}
      - {code: イ, label: 一部達成, color: '#2357a6'}
      - {code: ウ, label: 未達成, color: '#a1262b'}
  - id: progress
    name: 進捗状況
    codes:
      - {code: 順調に進んだ, color: '#1b6e3a'}
      - {code: 概ね進んだ, color: '#2357a6'}
rating_scale: rating
status_scale: progress
directions: [継続, 廃止]
";

/// The built-in theme's templates, compiled once.
fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| {
        Renderer::new(&Theme::built_in())
            .unwrap_or_else(|d| panic!("the built-in theme does not compile: {d}"))
    })
}

/// mieruka reads a YAML file with its own deserialiser over saphyr-parser; a file serde_yaml
/// reads, mieruka must read as the same project. Only a syntax error may part them: a key
/// written twice (serde_yaml keeps the last), or where the two parsers differ on YAML's syntax.
fn same_as_serde_yaml(file: &SourceFile) {
    let Ok(theirs) = serde_yaml::from_str::<Project>(&file.text) else {
        return;
    };
    let parsed = mieruka::load::yaml::parse::<Project>(file);
    match (&parsed.value, parsed.problems.as_slice()) {
        (Some(ours), []) => {
            let (ours, theirs) = (format!("{ours:?}"), format!("{theirs:?}"));
            assert!(ours == theirs, "mieruka read\n{ours}\nwhere serde_yaml read\n{theirs}");
        }
        (_, problems) => {
            let other: Vec<String> = problems
                .iter()
                .filter(|d| d.code != mieruka::diagnostics::Code::Syntax)
                .map(|d| d.to_string())
                .collect();
            assert!(other.is_empty(), "mieruka refused what serde_yaml read: {other:?}");
        }
    }
}

/// How far [`exercise`] got with an input.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(dead_code)] // the fuzz target only runs it
pub enum Reached {
    /// The bytes are not UTF-8 text.
    NotText,
    /// The file was read and checked; it has an error. The text is every diagnostic, rendered.
    Diagnosed(String),
    /// The file had no error; its pages and data were built.
    Built,
}

/// Reads `bytes` as the project file `content/fuzz/projects/a.yaml` and does everything a build
/// does with it, in memory.
pub fn exercise(bytes: &[u8]) -> Reached {
    let plan = SourceFile {
        path: PathBuf::from("content/fuzz/plan.yaml"),
        text: PLAN.to_string(),
    };
    let project = match SourceFile::from_bytes(Path::new("content/fuzz/projects/a.yaml"), bytes.to_vec()) {
        Ok(file) => file,
        Err(d) => {
            let _ = d.render();
            return Reached::NotText;
        }
    };
    same_as_serde_yaml(&project);
    let (data, mut problems) = parse_plan("fuzz", Some(plan), vec![project]);
    let Some((data, sources)) = data else {
        panic!("the fixed plan does not load: {problems}");
    };
    let loaded = Loaded {
        site: Site {
            config: SiteConfig::default(),
            plans: vec![data],
        },
        sources: vec![sources],
    };
    problems.extend(validate(&loaded));
    problems.merge(lint(&loaded));
    // Every diagnostic must render, whatever text it quotes.
    let has_errors = problems.has_errors();
    let mut shown = String::new();
    for d in problems.into_sorted() {
        shown.push_str(&d.render());
        let _ = d.to_string();
    }
    if has_errors {
        return Reached::Diagnosed(shown);
    }
    let rendered = render_batches(&loaded.site, renderer(), Downloads::Made, Reuse::Nothing, &Silent, &mut |_| Ok(()));
    if let Err(problems) = rendered {
        // Input that passes every check renders.
        panic!("a checked site did not render:\n{problems}");
    }
    Reached::Built
}
