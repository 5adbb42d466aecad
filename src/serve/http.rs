//! Answering one request of the preview: a file of the site, the long poll of the reload
//! script, or the page of problems when the build failed.

use std::sync::Arc;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::Shared;

/// The long poll of the reload script.
const WAIT_PATH: &str = "/__mieruka/wait";
/// The long poll that answers when a version's downloads and search index are served.
const SETTLED_PATH: &str = "/__mieruka/settled";

/// Answers `request`. Failing to send the answer (the browser went away) is not an error.
pub(crate) fn answer(request: Request, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "GET only\n"));
        return;
    }
    if path == WAIT_PATH || path == SETTLED_PATH {
        let asked = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v="))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let version = if path == WAIT_PATH {
            shared.wait_for_change(asked)
        } else {
            shared.wait_until_settled(asked)
        };
        let _ = request.respond(text(200, &version.to_string()).with_header(no_store()));
        return;
    }
    let Some(file) = site_path(path) else {
        let _ = request.respond(text(400, "this address is not allowed\n"));
        return;
    };
    let served = shared.served.read().unwrap_or_else(|e| e.into_inner());
    let version = served.version;
    if let Some(problems) = &served.problems
        && file.ends_with(".html")
    {
        let page = problems_page(problems, version);
        drop(served);
        let _ = request.respond(html(500, page));
        return;
    }
    let found: Option<Arc<[u8]>> = served.files.get(&file).cloned();
    let not_found = served.files.get("404.html").cloned();
    drop(served);
    let response = match found {
        Some(bytes) if file.ends_with(".html") => html(200, with_reload(&bytes, version)),
        Some(bytes) => Response::from_data(bytes.to_vec())
            .with_header(content_type(&file))
            .with_header(no_store()),
        None => {
            let page = not_found.map_or_else(
                || format!("<!DOCTYPE html><html lang=\"ja\"><title>ページがありません</title><h1>ページがありません</h1><p>{}</p></html>", escape(&file)),
                |bytes| String::from_utf8_lossy(&bytes).into_owned(),
            );
            html(404, with_reload(page.as_bytes(), version))
        }
    };
    let _ = request.respond(response);
}

/// The site file a URL path asks for (`/` → `index.html`, `/plan/` → `plan/index.html`), or
/// `None` for a path that tries to leave the site: `..` or `.` segments (also percent-encoded),
/// backslashes, NUL, or a path that is not valid UTF-8 once decoded.
pub(crate) fn site_path(path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded[1..].split('/') {
        match segment {
            "." | ".." => return None,
            "" => {}
            s => segments.push(s),
        }
    }
    let mut file = segments.join("/");
    if decoded.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

/// `page` with the reload script before `</body>`: it waits for the next build and reloads.
fn with_reload(page: &[u8], version: u64) -> String {
    let page = String::from_utf8_lossy(page);
    let script = format!(
        "<script>(function(){{var v={version};function w(){{fetch(\"{WAIT_PATH}?v=\"+v,{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(Number(t)!==v){{location.reload()}}else{{w()}}}}).catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>"
    );
    match page.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &page[..at], &page[at..]),
        None => format!("{page}{script}"),
    }
}

/// The page shown instead of the site while the build has errors.
fn problems_page(problems: &crate::diagnostics::Diagnostics, version: u64) -> String {
    let mut items = String::new();
    for d in problems.clone().into_sorted() {
        items.push_str(&format!(
            "<li><p><strong>{}</strong></p><pre>{}</pre></li>",
            escape(&d.to_string()),
            escape(&d.render())
        ));
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ビルドできませんでした</title><style>body{{font-family:sans-serif;margin:1rem;line-height:1.6}}pre{{white-space:pre-wrap;background:#f3f2f1;padding:.5rem}}</style></head><body><h1>ビルドできませんでした</h1><p>次の問題を直してファイルを保存すると、このページは自動で更新されます。</p><ol>{items}</ol></body></html>"
    );
    with_reload(page.as_bytes(), version)
}

/// `text` escaped for HTML.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn html(status: u16, page: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(page)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(no_store())
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn no_store() -> Header {
    header("Cache-Control", "no-store")
}

/// The Content-Type of a site file, by its extension (mime_guess's table); text in UTF-8.
fn content_type(file: &str) -> Header {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let text =
        mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT;
    let value = if text {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    // A MIME type is ASCII.
    Header::from_bytes(&b"Content-Type"[..], value.as_bytes())
        .unwrap_or_else(|()| header("Content-Type", "application/octet-stream"))
}

/// A header from constant ASCII text (`Header::from_bytes` fails only on non-ASCII bytes).
fn header(name: &'static str, value: &'static str) -> Header {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => header,
        Err(()) => unreachable!("header names and values here are ASCII constants"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files_and_cannot_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/plan/").as_deref(), Some("plan/index.html"));
        assert_eq!(
            site_path("/plan/projects/a.html").as_deref(),
            Some("plan/projects/a.html")
        );
        assert_eq!(
            site_path("/%E8%A8%88%E7%94%BB.html").as_deref(),
            Some("計画.html")
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a\\b",
            "/a%00b",
            "/./x",
            "relative",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload(b"<html><body><p>x</p></body></html>", 7);
        assert!(page.contains("var v=7;"));
        assert!(page.ends_with("</script></body></html>"));
    }

    #[test]
    fn each_kind_of_site_file_is_served_with_its_type() {
        let kind = |file: &str| content_type(file).value.as_str().to_string();
        assert_eq!(kind("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(kind("a/data/projects.csv"), "text/csv; charset=utf-8");
        assert_eq!(kind("a/charts/ratings.svg"), "image/svg+xml");
        assert_eq!(kind("a/data/plan.json"), "application/json");
        assert!(kind("static/search.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(
            kind("pagefind/wasm.ja.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(kind("feed.xml"), "text/xml; charset=utf-8");
    }
}
