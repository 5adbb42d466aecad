//! mieruka reads YAML once, with its own deserialiser over saphyr-parser's events
//! (`mieruka::load::yaml`). These tests hold it to serde_yaml's reading, value for value: every
//! plan and project file in this repository (the real plans, the fixtures, the fuzz corpus and
//! the bad-input corpus) and a list of scalars chosen for their edges must read the same, or be
//! refused by both.

use std::fs;
use std::path::{Path, PathBuf};

use mieruka::load::SourceFile;
use mieruka::load::yaml::de::NodeDeserializer;
use mieruka::load::yaml::{parse, tree};
use mieruka::model::{Plan, Project};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::common;

/// Every file under `dir` whose name ends in `.yaml`, or every file when `any` is set.
fn files(dir: &Path, any: bool, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, any, found);
        } else if any || path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            found.push(path);
        }
    }
}

/// What reading `text` as `T` gives, in a form to compare: the value's `Debug`, or `None` when
/// the file is refused.
fn both<T: DeserializeOwned + std::fmt::Debug>(
    path: &Path,
    text: &str,
) -> (Option<String>, Option<String>) {
    let theirs = serde_yaml::from_str::<T>(text)
        .ok()
        .map(|v| format!("{v:?}"));
    let file = SourceFile {
        path: path.to_path_buf(),
        text: text.to_string(),
    };
    let parsed = parse::<T>(&file);
    let ours = match (parsed.value, parsed.problems.is_empty()) {
        (Some(v), true) => Some(format!("{v:?}")),
        _ => None,
    };
    (theirs, ours)
}

#[test]
fn every_file_of_the_repository_reads_as_serde_yaml_reads_it() {
    let root = common::repo_root();
    let mut yaml = Vec::new();
    files(&root.join("content"), false, &mut yaml);
    files(&root.join("tests/fixtures"), false, &mut yaml);
    let mut projects_only = Vec::new();
    files(&root.join("fuzz/seeds"), true, &mut projects_only);
    files(&root.join("fuzz/regressions"), true, &mut projects_only);
    let mut read = 0;
    let mut differ = Vec::new();
    let mut each = |path: &Path, text: &str, plan: bool| {
        let (theirs, ours) = if plan {
            both::<Plan>(path, text)
        } else {
            both::<Project>(path, text)
        };
        if theirs.is_some() {
            read += 1;
        }
        if theirs != ours {
            differ.push(format!(
                "{}:\n  serde_yaml: {theirs:?}\n  mieruka:    {ours:?}",
                path.display()
            ));
        }
    };
    for path in &yaml {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let plan = path.file_stem().is_some_and(|s| s == "plan");
        if plan || path.parent().is_some_and(|p| p.ends_with("projects")) {
            each(path, &text, plan);
        }
    }
    for path in &projects_only {
        if let Ok(text) = fs::read_to_string(path) {
            each(path, &text, false);
        }
    }
    // The bad-input corpus: each case's files, split on their `=== path` lines.
    let mut cases = Vec::new();
    files(&root.join("tests/bad_input"), true, &mut cases);
    for case in &cases {
        let text = fs::read_to_string(case).unwrap_or_default();
        for section in text.split("\n=== ").skip(1) {
            let (name, body) = section.split_once('\n').unwrap_or((section, ""));
            let plan = name.ends_with("plan.yaml");
            if plan || name.contains("/projects/") {
                each(&case.join(name), body, plan);
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The real plans alone have more than 100 files that read.
    assert!(read > 100, "only {read} files read");
}

/// One value, `k: <scalar>`, read into serde_yaml's own `Value` by serde_yaml and by mieruka;
/// the file ends with a line break unless the value is a block (`|`, `>`), which is written at
/// the very end.
fn scalar(written: &str) -> (String, String) {
    let text = if written.starts_with(['|', '>']) {
        format!("k: {written}")
    } else {
        format!("k: {written}\n")
    };
    let theirs = match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(v) => format!("{v:?}"),
        Err(_) => "refused".to_string(),
    };
    let ours = match tree::read(&text) {
        Ok(Some(root)) => match serde_yaml::Value::deserialize(NodeDeserializer(&root)) {
            Ok(v) => format!("{v:?}"),
            Err(_) => "refused".to_string(),
        },
        _ => "refused".to_string(),
    };
    (theirs, ours)
}

#[test]
fn scalars_at_the_edges_read_as_serde_yaml_reads_them() {
    let written = [
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "yes",
        "no",
        "on",
        "0",
        "00",
        "010",
        "-010",
        "+010",
        "01.5",
        "0.5",
        ".5",
        "5.",
        "-.5",
        "+5",
        "++5",
        "+-5",
        "-0",
        "1e3",
        "1E+3",
        "1e999",
        "-1e999",
        "1_000",
        "0x1f",
        "0X1F",
        "-0x1f",
        "+0x1f",
        "0x-1",
        "0o17",
        "-0o17",
        "0b101",
        "-0b101",
        "0x",
        "0o",
        "0b",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "340282366920938463463374607431768211456",
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".nan",
        ".NaN",
        "inf",
        "nan",
        "infinity",
        "'2019'",
        "\"2019\"",
        "'~'",
        "\"\"",
        "''",
        "|-\n  2019",
        ">\n  1e3",
        "!!int 5",
        "!!int '5'",
        "!!int x",
        "!!float 1",
        "!!float x",
        "!!bool true",
        "!!bool 1",
        "!!null ~",
        "!!null x",
        "!!str 5",
        "!local 5",
        "!local",
        "!!int",
        "１２",
        "６０％",
        "1,000",
        "R3",
        "令和２年度",
        "2019-04-01",
        "12:30",
        "1:30:00",
        "[1, '1', ~]",
        "{a: 1}",
        "&a 5",
        "!x [1]",
        "!!seq [1]",
        // Block text at the end of a file with no line break after its last line, as Notepad
        // saves it.
        "|\n  a",
        "|\r\n  a",
        "|+\n  a",
        ">\n  a\n  b",
        "|\n  a\n  ",
        "|+\n  a\n\n  ",
        "|\n  日本",
        "|\n  a\n# c",
        "|\n  a\n  # c",
        "|-\n  a",
    ];
    let differ: Vec<String> = written
        .iter()
        .filter_map(|w| {
            let (theirs, ours) = scalar(w);
            (theirs != ours).then(|| format!("{w:?}: serde_yaml {theirs}, mieruka {ours}"))
        })
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// The files of `tests/fixtures/yaml-edges/`: plan and project files (and plain values) at the
/// edges of YAML and of serde_yaml's typed reading — empty values for lists and blocks of keys, a
/// list where keys are wanted, numbers with leading zeros or tags, enums by tag, tabs after
/// colons and before comments, line ends of every kind, block text at the end of a file.
fn edges(kind: &str) -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files(
        &common::repo_root()
            .join("tests/fixtures/yaml-edges")
            .join(kind),
        true,
        &mut paths,
    );
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect()
}

/// Where mieruka refuses a file serde_yaml reads: a key written twice in a block of keys, which
/// serde_yaml reads as the last of them, silently dropping the first (on purpose); and quoted
/// text whose continuation line is indented with a tab, which saphyr-parser refuses (the
/// diagnostic says a tab indents the line, and where).
const REFUSED_ON_PURPOSE: [&str; 4] = [
    "05-published-dup",
    "18-dup",
    "tab-t12-sq-tab-cont",
    "36-dq-tab-cont",
];

#[test]
fn files_at_the_edges_read_as_serde_yaml_reads_them() {
    let mut differ = Vec::new();
    let mut read = 0;
    for (kind, found) in [("plan", edges("plan")), ("project", edges("project"))] {
        assert!(!found.is_empty(), "no {kind} files");
        for (path, text) in found {
            let (theirs, ours) = if kind == "plan" {
                both::<Plan>(&path, &text)
            } else {
                both::<Project>(&path, &text)
            };
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let on_purpose = name.is_some_and(|n| REFUSED_ON_PURPOSE.contains(&n.as_str()));
            // What serde_yaml reads, mieruka reads the same; what serde_yaml refuses, mieruka
            // may read where YAML 1.2 allows it (a lone CR as a line end, a tab in a blank line).
            if theirs.is_some() && theirs != ours && !on_purpose {
                differ.push(format!(
                    "{}:\n  serde_yaml: {theirs:?}\n  mieruka:    {ours:?}",
                    path.display()
                ));
            }
            read += usize::from(theirs.is_some());
        }
    }
    for (path, text) in edges("value") {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| REFUSED_ON_PURPOSE.contains(&n.as_str())) {
            continue;
        }
        let theirs = serde_yaml::from_str::<serde_yaml::Value>(&text).ok();
        let ours = tree::read(&text)
            .ok()
            .flatten()
            .and_then(|root| serde_yaml::Value::deserialize(NodeDeserializer(&root)).ok());
        if theirs.is_some() && format!("{theirs:?}") != format!("{ours:?}") {
            differ.push(format!(
                "{}:\n  serde_yaml: {theirs:?}\n  mieruka:    {ours:?}",
                path.display()
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(read > 50, "only {read} files read by serde_yaml");
}

/// Block text (`|`, `>`, with every chomping and an indentation indicator) at the very end of a
/// file, its last line with or without a line break and followed by lines of spaces of every
/// depth: saphyr-parser's reading differs from YAML's there, and the tree mends it.
#[test]
fn block_text_at_the_end_of_a_file_reads_as_serde_yaml_reads_it() {
    let mut differ = Vec::new();
    let mut tried = 0;
    for indicator in ["|", "|-", "|+", ">", ">-", ">+", "|2", "|-2", ">2"] {
        for tail in [
            "", " ", "  ", "   ", "     ", "\n", "\n ", "\n  ", "\n   ", "\n     ", "\n\n   ",
            "\n \n ", "\n#c", "\n  #c",
        ] {
            for (key, lead, indent) in [
                ("k: ", "", "  "),
                ("  k: ", "p:\n", "    "),
                ("  - ", "p:\n", "    "),
            ] {
                for lines in [&["a"][..], &["a", "b"], &["", "a"]] {
                    let body: Vec<String> = lines
                        .iter()
                        .map(|l| {
                            if l.is_empty() {
                                String::new()
                            } else {
                                format!("{indent}{l}")
                            }
                        })
                        .collect();
                    let text = format!("{lead}{key}{indicator}\n{}{tail}", body.join("\n"));
                    let theirs = serde_yaml::from_str::<serde_yaml::Value>(&text).ok();
                    let ours = tree::read(&text).ok().flatten().and_then(|root| {
                        serde_yaml::Value::deserialize(NodeDeserializer(&root)).ok()
                    });
                    tried += 1;
                    if theirs.is_some() && format!("{theirs:?}") != format!("{ours:?}") {
                        differ.push(format!("{text:?}: serde_yaml {theirs:?}, mieruka {ours:?}"));
                    }
                }
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {tried}:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
