//! The bad-input corpus: every mistake a staff member (or a hostile file) can make gets the exact
//! diagnostic it must — file, line, column, code and message — and never a panic, a hang, or a
//! file written anywhere.
//!
//! Each `tests/bad_input/*.case` file holds a description, the expected errors and warnings
//! (`<file>:<line>:<column> warning <code>: …`) and the files to write over a small valid site:
//!
//! ```text
//! # A tab used to indent a key.
//! # expect: content/mini/projects/a.yaml:8:1 syntax: found a tab character …
//! === content/mini/projects/a.yaml
//! id: a
//! …
//! ```
//!
//! Cases that need bytes a text file cannot hold (Shift_JIS, a byte-order mark with CRLF, 10 MB
//! of text, 10,000 levels of nesting, a symbolic link) are made by the functions at the end.
//!
//! `BLESS=1 cargo test --test testsuite bad_input` rewrites the `# expect:` lines of the case files from
//! what the build reports; review the change with `git diff` before committing it.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use mieruka::diagnostics::Severity;
use mieruka::{BuildOptions, Silent, build, check};

/// How long one case may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// A case: its name, what it shows, the errors it must give and the files it writes.
struct Case {
    name: String,
    description: String,
    expect: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
    /// Something to do to the site after the files are written (a link, a folder).
    prepare: Option<fn(&Path)>,
}

/// Reads a `.case` file.
fn parse(name: &str, text: &str) -> Case {
    let mut description = String::new();
    let mut expect = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("=== ") {
            files.push((path.trim_end().to_string(), Vec::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.extend_from_slice(line.as_bytes());
        } else if let Some(e) = line.strip_prefix("# expect: ") {
            expect.push(e.trim_end().to_string());
        } else if let Some(d) = line.strip_prefix("# ") {
            description.push_str(d.trim_end());
        }
    }
    Case {
        name: name.to_string(),
        description,
        expect,
        files,
        prepare: None,
    }
}

/// The folder of the case files.
fn corpus_dir() -> PathBuf {
    common::repo_root().join("tests/bad_input")
}

/// Every case: the files, then the generated ones.
fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "case"));
    paths.sort();
    let mut cases: Vec<Case> = paths
        .iter()
        .map(|p| {
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            parse(&name, &fs::read_to_string(p).unwrap_or_default())
        })
        .collect();
    cases.extend(generated());
    cases
}

/// What checking the site gives, one line per problem: `<file>:<line>:<column> <code>: <message>`
/// for an error, `<file>:<line>:<column> warning <code>: <message>` for a warning, with the file
/// relative to the root.
fn problems_of(root: &Path) -> (Vec<String>, bool) {
    let found = check(root);
    let has_errors = found.has_errors();
    let lines = found
        .into_sorted()
        .into_iter()
        .map(|mut d| {
            d.file = d.file.strip_prefix(root).unwrap_or(&d.file).to_path_buf();
            let warning = if d.severity == Severity::Warning {
                "warning "
            } else {
                ""
            };
            format!("{} {warning}{}: {}", d.location(), d.code, d.message)
        })
        .collect();
    (lines, has_errors)
}

/// Runs `case` on a fresh small site: its errors and warnings, and whether building wrote
/// anything (it must not when there are errors) — or the reason the case could not run.
fn run(case: &Case) -> Result<Vec<String>, String> {
    let site = common::mini_site();
    let root = site.path().to_path_buf();
    for (path, bytes) in &case.files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{path}: {e}"))?;
        }
        fs::write(&target, bytes).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(prepare) = case.prepare {
        prepare(&root);
    }
    let before = listing(site.path());
    let (problems, has_errors) = problems_of(&root);
    let output = root.join("public");
    let built = build(
        &BuildOptions {
            root: root.clone(),
            output: output.clone(),
            base_url: None,
        },
        &Silent,
    );
    if has_errors {
        if built.is_ok() {
            return Err("check found errors but build succeeded".to_string());
        }
        let after = listing(site.path());
        if before != after {
            return Err(format!(
                "a failed build wrote files: {:?}",
                diff(&before, &after)
            ));
        }
    } else if let Err(d) = built {
        return Err(format!("check found no error but build failed:\n{d}"));
    }
    Ok(problems)
}

/// Every path under `dir`, relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .display()
                .to_string()
        })
        .collect();
    paths.sort();
    paths
}

fn diff(before: &[String], after: &[String]) -> Vec<String> {
    after
        .iter()
        .filter(|p| !before.contains(p))
        .cloned()
        .collect()
}

/// Runs `case` on its own thread: a panic or a hang is reported, not suffered.
fn run_guarded(case: Case) -> (Case, Result<Vec<String>, String>) {
    let (sender, receiver) = mpsc::channel();
    let files = case.files.clone();
    let prepare = case.prepare;
    let name = case.name.clone();
    let worker = thread::spawn(move || {
        let result = run(&Case {
            name,
            description: String::new(),
            expect: Vec::new(),
            files,
            prepare,
        });
        let _ = sender.send(result);
    });
    let result = match receiver.recv_timeout(TIME_LIMIT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("took longer than {TIME_LIMIT:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().err().map(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            });
            Err(format!("panicked: {}", panic.unwrap_or_default()))
        }
    };
    (case, result)
}

#[test]
fn every_bad_input_gets_its_exact_diagnostic_and_nothing_is_written() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let (case, result) = run_guarded(case);
        match result {
            Err(why) => failures.push(format!("{}: {why}", case.name)),
            Ok(errors) if errors == case.expect => {}
            Ok(errors) if bless && rewrite_expectations(&case, &errors) => {}
            Ok(errors) => failures.push(format!(
                "{} ({}):\n  expected: {:#?}\n  got:      {:#?}",
                case.name, case.description, case.expect, errors
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Replaces the `# expect:` lines of the case's file with `errors`; `false` for a case that has
/// no file (a generated one).
fn rewrite_expectations(case: &Case, errors: &[String]) -> bool {
    let path = corpus_dir().join(format!("{}.case", case.name));
    let Ok(text) = fs::read_to_string(&path) else {
        return false;
    };
    let (head, files) = text.split_at(text.find("\n=== ").map_or(text.len(), |i| i + 1));
    let mut out: String = head
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("# expect: "))
        .collect();
    for e in errors {
        out.push_str(&format!("# expect: {e}\n"));
    }
    out.push_str(files);
    fs::write(path, out).is_ok()
}

/// The cases made in code.
fn generated() -> Vec<Case> {
    let project = common::project("a");
    let with = |name: &str, description: &str, expect: &[&str], files: Vec<(&str, Vec<u8>)>| Case {
        name: name.to_string(),
        description: description.to_string(),
        expect: expect.iter().map(|e| e.to_string()).collect(),
        files: files.into_iter().map(|(p, b)| (p.to_string(), b)).collect(),
        prepare: None,
    };
    let a = "content/mini/projects/a.yaml";
    let (shift_jis, _, _) = encoding_rs::SHIFT_JIS.encode(&project);
    let crlf = format!(
        "\u{feff}{}",
        project
            .replace("placements: [p1-1]", "placements: [p9]")
            .replace('\n', "\r\n")
    );
    let deep = format!(
        "id: a\nname: x\nplacements: [p1-1]\nremarks: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let huge = project.replace(
        "name: 見本事業\n",
        &format!("name: 見本事業\ndescription: {}\n", "あ".repeat(3_500_000)),
    );
    let mut cases = vec![
        with(
            "generated-shift-jis",
            "A project file saved as Shift_JIS.",
            &[
                "content/mini/projects/a.yaml:3:7 io: the file is not UTF-8 text: it looks like Shift_JIS",
            ],
            vec![(a, shift_jis.into_owned())],
        ),
        with(
            "generated-bom-and-crlf",
            "A file with a byte-order mark and CRLF line ends loads; positions stay right.",
            &["content/mini/projects/a.yaml:4:14 unknown-policy: the plan has no policy `p9`"],
            vec![(a, crlf.into_bytes())],
        ),
        with(
            "generated-deep-nesting",
            "10,000 levels of brackets.",
            &["content/mini/projects/a.yaml:4:138 syntax: the values are nested too deeply"],
            vec![(a, deep.into_bytes())],
        ),
        with(
            "generated-ten-megabytes",
            "A text field of 10 MB loads and builds.",
            &[],
            vec![(a, huge.into_bytes())],
        ),
        with(
            "generated-raw-nul-byte",
            "A raw NUL byte in the text.",
            &["content/mini/projects/a.yaml:3:9 syntax: control characters are not allowed"],
            vec![(
                a,
                project
                    .replace("name: 見本事業", "name: 見本\0事業")
                    .into_bytes(),
            )],
        ),
    ];
    let mut link = with(
        "generated-symlink-outside",
        "A symbolic link in content/ that points outside it.",
        &[
            "content/mini/projects/outside.yaml io: this is a symbolic link; mieruka does not follow links in content/",
        ],
        Vec::new(),
    );
    link.prepare = Some(|root| {
        let target = root.join("outside.yaml");
        let _ = fs::write(&target, common::project("outside"));
        #[cfg(unix)]
        let _ =
            std::os::unix::fs::symlink(&target, root.join("content/mini/projects/outside.yaml"));
    });
    cases.push(link);
    let mut reserved = with(
        "generated-plan-folder-con",
        "A plan folder named with a name Windows reserves.",
        &[
            "content/con/plan.yaml:1:1 bad-id: the plan folder name `con` cannot be used as a plan id: `con` is a name Windows reserves for devices",
        ],
        Vec::new(),
    );
    reserved.prepare = Some(|root| {
        let _ = fs::create_dir_all(root.join("content/con"));
        let _ = fs::write(root.join("content/con/plan.yaml"), common::PLAN);
    });
    cases.push(reserved);
    cases
}
