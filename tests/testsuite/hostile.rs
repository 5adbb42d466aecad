//! Hostile text: whatever is pasted into any field — script tags, event-handler attributes,
//! `javascript:` and `data:` links, SVG with scripts, broken-out quotes, template syntax — reaches
//! no output file as something that runs: not the pages, the SVG charts, the CSV and JSON
//! downloads, nor the search index.

use crate::common;

use std::fs;
use std::io::Read;
use std::path::Path;

/// What residents' browsers must never run.
const PAYLOADS: [&str; 10] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "[link](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a><iframe src=\"javascript:alert(1)\"></iframe>",
    "</title></textarea><style>*{background:url(javascript:alert(1))}</style>",
    "]]><script>alert(1)</script><![CDATA[",
    "{{ site.title }}{% if true %}x{% endif %}",
    "=HYPERLINK(\"javascript:alert(1)\")",
];

/// A plan and a project with `{P}` wherever text goes; `{P}` is replaced by a payload written as
/// a YAML double-quoted string.
const PLAN: &str = "\
municipality: {P}
title: {P}
subtitle: {P}
vision: {P}
principles:
  - {number: {P}, text: {P}}
period: {from: 2019, to: 2021}
source: {document: {P}, title: {P}, url: 'https://example.jp/?q=%3Cscript%3E'}
levels: [{name: {P}}, {name: {P}}]
project_level: {P}
policies:
  - id: p1
    number: {P}
    name: {P}
    description: {P}
    details: [{label: {P}, text: {P}}]
    remarks: [{P}]
    note: {P}
    children:
      - {id: p1-1, number: {P}, name: {P}}
      - {id: p1-2, number: {P}, name: {P}}
scales:
  - id: rating
    name: {P}
    not_rated: [{P}]
    codes:
      - {code: A, label: {P}, description: {P}, color: '#1b6e3a'}
      - {code: B, label: {P}, color: '#2357a6'}
  - id: progress
    name: {P}
    codes:
      - {code: {P}, label: {P}, color: '#8a5a00'}
rating_scale: rating
status_scale: progress
labels: {description: {P}, schedule: {P}, results: {P}, outcome: {P}, next_steps: {P}, remarks: {P}, evaluation: {P}, achievement: {P}, page: {P}}
directions: [{P}]
note: {P}
";

const PROJECT: &str = "\
id: a
number: {P}
name: {P}
description: {P}
page: {P}
placements:
  - p1-1
  - policy: p1-2
    number: {P}
    variants:
      - {path: name, text: {P}}
department_label: {P}
departments:
  - name: {P}
  - name: 見本課
    from: 2021
schedule:
  - {from: 2019, to: 2021, text: {P}}
indicators:
  - label: {P}
    unit: {P}
    series: [{name: {P}, unit: {P}}, {name: {P}}]
    targets:
      2019: {P}
      2020: '100'
    values:
      2019: {P}
      2020: '20 30'
      2021: '40 50'
years:
  2019:
    results: {P}
    outcome: {P}
    next_steps: {P}
    remarks: {P}
    rating: A
    status: {P}
    achievement: {P}
    note: {P}
  2020:
    results: {P}
    rating: {P}
  2021:
    rating: B
evaluation: {P}
rating: A
direction: {P}
added: {fy: 2019, text: {P}}
remarks: [{P}]
note: {P}
";

/// A second project with parts, so that parts' texts are covered too.
const PARTS: &str = "\
id: b
name: {P}
placements: [p1-1]
departments: [{name: {P}}]
ended: {fy: 2020, text: {P}}
parts:
  - label: {P}
    department_label: {P}
    evaluation: {P}
    rating: B
    remarks: [{P}]
    note: {P}
    years:
      2019: {results: {P}, rating: A}
      2020: {results: {P}, rating: B}
";

const SITE: &str = "\
title = {T}
description = {T}
[license]
name = {T}
[accessibility]
organization = {T}
deadline = {T}
tested = {T}
exceptions = [{T}]
contact = {T}
";

/// Builds the site with `payload` in every field; returns its output folder.
fn build_with(payload: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let yaml = serde_json::to_string(payload).unwrap_or_default();
    let toml = toml::Value::String(payload.to_string()).to_string();
    let fill = |template: &str| template.replace("{P}", &yaml);
    common::write(site.path(), "content/xss/plan.yaml", &fill(PLAN));
    common::write(site.path(), "content/xss/projects/a.yaml", &fill(PROJECT));
    common::write(site.path(), "content/xss/projects/b.yaml", &fill(PARTS));
    common::write(site.path(), "site.toml", &SITE.replace("{T}", &toml));
    common::build_at(site.path());
    site
}

/// `text` escaped as the templates escape it.
fn escaped(text: &str) -> String {
    let mut out = Vec::new();
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The tags of `html`: everything between `<` and `>` (text and attribute values cannot hold a
/// raw `<` in escaped output, so this finds every tag).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .collect()
}

/// The name and attributes of a tag's text (`a href="x" class=y`), quotes respected.
fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let mut chars = tag.trim_start_matches('/').chars().peekable();
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '/' {
            break;
        }
        name.push(c.to_ascii_lowercase());
        chars.next();
    }
    let mut attributes = Vec::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c.to_ascii_lowercase());
            chars.next();
        }
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            match chars.peek().copied() {
                Some(quote @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        attributes.push((key, value));
    }
    (name, attributes)
}

/// Why `html` could run something, if it could.
fn executable_in_html(html: &str) -> Option<String> {
    for tag in tags(html) {
        let (name, attributes) = parse_tag(tag);
        if matches!(
            name.as_str(),
            "iframe" | "object" | "embed" | "img" | "style" | "textarea" | "foreignobject"
        ) {
            return Some(format!("<{tag}>"));
        }
        if name == "script" && !tag.starts_with('/') {
            let src = attributes
                .iter()
                .find(|(k, _)| k == "src")
                .map(|(_, v)| v.as_str());
            if !src
                .is_some_and(|s| s.ends_with("static/filter.js") || s.ends_with("static/search.js"))
            {
                return Some(format!("<{tag}>"));
            }
        }
        for (key, value) in &attributes {
            let value = value.to_lowercase();
            if key.starts_with("on") {
                return Some(format!("an event handler in <{tag}>"));
            }
            if matches!(key.as_str(), "href" | "src" | "action" | "content")
                && (value.trim_start().starts_with("javascript:")
                    || value.trim_start().starts_with("data:"))
            {
                return Some(format!("a script address in <{tag}>"));
            }
            if key == "style" {
                let colour = value.strip_prefix("--rating-color: #").unwrap_or("x");
                if !colour.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Some(format!("a style other than a rating colour in <{tag}>"));
                }
            }
        }
    }
    None
}

/// Why the SVG could run something, if it could.
fn executable_in_svg(svg: &str) -> Option<String> {
    let doc = match roxmltree::Document::parse(svg) {
        Ok(doc) => doc,
        Err(e) => return Some(format!("not well-formed: {e}")),
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "a" | "use" | "image"
        ) {
            return Some(format!("an element <{name}>"));
        }
        for attribute in node.attributes() {
            let key = attribute.name().to_lowercase();
            if key.starts_with("on") || key == "href" {
                return Some(format!("an attribute {key} on <{name}>"));
            }
        }
    }
    None
}

/// The search index's entries as JSON (Pagefind's fragments are gzipped JSON).
fn index_entries(public: &Path) -> Vec<serde_json::Value> {
    common::files_under(&public.join("pagefind"), "pf_fragment")
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).unwrap_or_default();
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let json = text.trim_start_matches("pagefind_dcd");
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

#[test]
fn no_payload_in_any_field_reaches_an_output_file_as_something_that_runs() {
    for payload in PAYLOADS {
        let site = build_with(payload);
        let public = site.path().join("public");
        let mut problems = Vec::new();
        let mut shown = false;
        for entry in walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let path = entry.path();
            let name = path
                .strip_prefix(&public)
                .unwrap_or(path)
                .display()
                .to_string();
            let Ok(text) = fs::read_to_string(path) else {
                continue; // the search index's binary files: checked below
            };
            let found = match path.extension().and_then(|e| e.to_str()) {
                Some("html") => executable_in_html(&text),
                Some("svg") => executable_in_svg(&text),
                Some("csv") => text
                    .trim_start_matches('\u{feff}')
                    .lines()
                    .flat_map(|line| line.split(','))
                    .find(|cell| cell.trim_matches('"').starts_with(['=', '+', '@']))
                    .map(|cell| format!("a cell a spreadsheet would run: {cell}")),
                Some("json") => serde_json::from_str::<serde_json::Value>(&text)
                    .err()
                    .map(|e| format!("not JSON: {e}")),
                _ => None,
            };
            if let Some(why) = found {
                problems.push(format!("{name}: {why}"));
            }
            // The payload is shown as the text it is: escaped, template syntax not evaluated.
            if name == "xss/projects/a.html" {
                shown = text.contains(&format!("<h1>{}</h1>", escaped(payload)));
            }
        }
        // The index holds the text as written, which Pagefind escapes before it shows it.
        let entries = index_entries(&public);
        let page = entries.iter().find(|e| {
            e["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/xss/projects/a.html"))
        });
        match page {
            Some(entry) if entry["meta"]["title"] == payload => {}
            Some(entry) => problems.push(format!("index: title {}", entry["meta"]["title"])),
            None => problems.push("index: no entry for the project".to_string()),
        }
        assert!(
            problems.is_empty(),
            "payload {payload:?}:\n{}",
            problems.join("\n")
        );
        assert!(
            shown,
            "payload {payload:?}: not shown as text on the project page"
        );
    }
}
