//! `mieruka serve` as staff use it: it serves the site, a saved file rebuilds it and signals the
//! open pages to reload, and a broken file shows its problem on the page until it is fixed.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// A running `mieruka serve` on a copy of the content, killed when dropped.
struct Preview {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
}

impl Preview {
    /// The project file the tests save changes to, and its text as it is now.
    fn edited_file(&self) -> (PathBuf, String) {
        let file = self
            .root
            .path()
            .join("content/mihon-kenko/projects/g1-1-01.yaml");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        (file, text)
    }
}

/// Saves `text` as `file`, as an editor would.
fn save(file: &Path, text: &str) {
    std::fs::write(file, text).unwrap_or_else(|e| panic!("{e}"));
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `mieruka serve` on a copy of the two-cities fixture.
fn start() -> Preview {
    start_in(common::fixture_copy("two-cities"))
}

/// A running `mieruka serve` on the site at `root`.
fn start_in(root: tempfile::TempDir) -> Preview {
    // Run from the site's folder with the default `--root .`, as staff do.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(["serve", "--port", "0"])
        .current_dir(root.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(port) = line
                .split("http://127.0.0.1:")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .and_then(|p| p.parse::<u16>().ok())
            {
                let _ = sender.send(port);
            }
        }
    });
    let port = receiver
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("the server did not start"));
    Preview { child, port, root }
}

/// GETs `path`: the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .unwrap_or_else(|e| panic!("{e}"));
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Starts a long poll for a version after `seen`; the version it answers with arrives on the
/// receiver.
fn wait_for_reload(port: u16, seen: u64) -> mpsc::Receiver<u64> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let (_, body) = get(port, &format!("/__mieruka/wait?v={seen}"));
        let _ = sender.send(body.trim().parse().unwrap_or(0));
    });
    receiver
}

/// Waits for the reload signal: a version other than `seen` (long polls may answer with the
/// same version when nothing happened for a while; then they are asked again).
fn next_version(port: u16, seen: u64) -> u64 {
    for _ in 0..4 {
        let version = wait_for_reload(port, seen)
            .recv_timeout(Duration::from_secs(40))
            .unwrap_or(seen);
        if version != seen {
            return version;
        }
    }
    panic!("no reload signal after version {seen}")
}

#[test]
fn a_saved_file_rebuilds_the_page_and_signals_the_reload() {
    let preview = start();
    let page = "/mihon-kenko/projects/g1-1-01.html";
    let (status, body) = get(preview.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("<h1>特定健診の受診勧奨</h1>"), "{body}");
    assert!(
        body.contains("/__mieruka/wait?v="),
        "the page has the reload script"
    );
    let (_, version) = get(preview.port, "/__mieruka/wait?v=999999");
    let version: u64 = version.trim().parse().unwrap_or(0);

    let (file, text) = preview.edited_file();
    let waiting = wait_for_reload(preview.port, version);
    save(
        &file,
        &text.replace("name: 特定健診の受診勧奨", "name: 特定健診の個別受診勧奨"),
    );
    let reloaded = waiting
        .recv_timeout(Duration::from_secs(40))
        .unwrap_or(version);
    let reloaded = if reloaded == version {
        next_version(preview.port, version)
    } else {
        reloaded
    };
    assert!(reloaded > version);
    let (status, body) = get(preview.port, page);
    assert_eq!(status, 200);
    assert!(
        body.contains("<h1>特定健診の個別受診勧奨</h1>"),
        "the page was rebuilt"
    );

    // A broken file: every page shows the problem, with its file and line, until it is fixed.
    save(&file, &text.replacen("status: ア", "status: Ｚ", 1));
    let broken = next_version(preview.port, reloaded);
    let (status, body) = get(preview.port, page);
    assert_eq!(status, 500);
    assert!(body.contains("ビルドできませんでした"), "{status}");
    assert!(body.contains("g1-1-01.yaml:"), "the problem names the file");
    assert!(body.contains("error[unknown-status]"), "{body}");
    let (status, _) = get(preview.port, "/index.html");
    assert_eq!(status, 500);

    save(&file, &text);
    next_version(preview.port, broken);
    let (status, body) = get(preview.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("<h1>特定健診の受診勧奨</h1>"));
}

/// Waits until the downloads and search index of `version` are served.
fn settled(port: u16, version: u64) {
    for _ in 0..4 {
        let (_, body) = get(port, &format!("/__mieruka/settled?v={version}"));
        if body.trim().parse::<u64>().is_ok_and(|v| v >= version) {
            return;
        }
    }
    panic!("the downloads and index of version {version} were not served")
}

#[test]
fn after_a_save_the_new_pages_are_served_at_once_and_the_downloads_and_search_index_follow() {
    let preview = start();
    // The shard of mihon-kenko, the second plan (pagefind/shards.json lists one per plan).
    let entry = "/pagefind/2/pagefind-entry.json";
    let csv = "/mihon-kenko/data/projects.csv";
    let (status, entry_before) = get(preview.port, entry);
    assert_eq!(status, 200, "the first build serves its index");
    let (status, csv_before) = get(preview.port, csv);
    assert_eq!(status, 200, "the first build serves its downloads");
    let (_, version) = get(preview.port, "/__mieruka/wait?v=999999");
    let version: u64 = version.trim().parse().unwrap_or(0);
    let (file, text) = preview.edited_file();
    save(&file, &text.replace("特定健診", "特定健康診査"));
    let version = next_version(preview.port, version);
    settled(preview.port, version);
    let (status, csv_now) = get(preview.port, csv);
    assert_eq!(status, 200);
    assert!(csv_now.contains("特定健康診査の受診勧奨"), "{csv_now}");
    assert_ne!(csv_now, csv_before);
    let (status, entry_now) = get(preview.port, entry);
    assert_eq!(status, 200);
    assert_ne!(entry_now, entry_before, "the search index was made again");
}

#[test]
fn it_refuses_paths_that_leave_the_site_and_answers_unknown_pages_with_404() {
    let preview = start();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/a/..%2f..%2fetc/passwd",
        "/static\\..\\x",
        "/..%5c..%5cCargo.toml",
        "/%00/index.html",
        "/%c0%ae%c0%ae/Cargo.toml",
    ] {
        let (status, _) = get(preview.port, path);
        assert_eq!(status, 400, "{path}");
    }
    // Absolute paths of the machine are paths of the site, which has none of them.
    for path in [
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/proc/self/environ",
    ] {
        let (status, body) = get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
    assert_eq!(get(preview.port, "/nothing-here.html").0, 404);
    let (status, body) = get(preview.port, "/static/style.css");
    assert_eq!(status, 200);
    assert!(body.contains("--ink"));
}

/// One HTTP/1.1 connection kept open for many requests.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(port: u16) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("{e}"));
        Client {
            reader: BufReader::new(stream),
        }
    }

    /// GETs `path` on the open connection: the status and the body.
    fn get(&mut self, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked") {
                    chunked = true;
                }
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2]; // the data and its CRLF
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            body.resize(length, 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok((status, body))
    }
}

#[test]
fn it_answers_50_clients_making_20000_requests_while_it_rebuilds() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    const CLIENTS: usize = 50;
    /// Requests each client makes at least; it goes on (up to 10 times as many) until the
    /// rebuild is over, so that the rebuild happens in the middle of the load.
    const EACH: usize = 400;
    /// Requests each client makes after the rebuild, from the new site.
    const AFTER: usize = 20;
    // One plan, so that the rebuild is quick enough to fall in the middle of the load.
    let root = common::fixture_copy("two-cities");
    std::fs::remove_dir_all(root.path().join("content/mihon-jisatsu"))
        .unwrap_or_else(|e| panic!("{e}"));
    let preview = start_in(root);
    let port = preview.port;
    let pages: Arc<[&str]> = Arc::from(
        [
            "/index.html",
            "/mihon-kenko/index.html",
            "/mihon-kenko/projects/g1-1-01.html",
            "/mihon-kenko/projects/g2-1-01.html",
            "/static/style.css",
            "/mihon-kenko/charts/policies/g1/statuses-by-year.svg",
            "/pagefind/1/pagefind.js",
            "/search.html",
        ]
        .as_slice(),
    );
    let (_, version) = get(port, "/__mieruka/wait?v=999999");
    let version: u64 = version.trim().parse().unwrap_or(0);
    let done = Arc::new(AtomicUsize::new(0));
    let rebuilt = Arc::new(AtomicBool::new(false));
    let started = std::time::Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (pages, done, rebuilt) =
                (Arc::clone(&pages), Arc::clone(&done), Arc::clone(&rebuilt));
            thread::spawn(move || {
                let mut client = Client::connect(port);
                let mut failures = Vec::new();
                let mut i = 0;
                let mut after_rebuild = 0;
                while i < EACH
                    || (!rebuilt.load(Ordering::SeqCst) && i < 10 * EACH)
                    || after_rebuild < AFTER
                {
                    if rebuilt.load(Ordering::SeqCst) {
                        after_rebuild += 1;
                    }
                    let path = pages[(c + i) % pages.len()];
                    match client.get(path) {
                        Ok((200, body))
                            if !path.ends_with(".html") || body.ends_with(b"</html>\n") => {}
                        Ok((status, body)) => {
                            failures.push(format!("{path}: {status}, {} bytes", body.len()))
                        }
                        Err(e) => failures.push(format!("{path}: {e}")),
                    }
                    done.fetch_add(1, Ordering::SeqCst);
                    i += 1;
                }
                failures
            })
        })
        .collect();

    // A save in the middle of it all: the site is rebuilt and swapped in while clients read.
    while done.load(Ordering::SeqCst) < CLIENTS * EACH / 10 {
        thread::yield_now();
    }
    let (file, text) = preview.edited_file();
    save(
        &file,
        &text.replace("name: 特定健診の受診勧奨", "name: 改名した事業"),
    );
    let saved_at = done.load(Ordering::SeqCst);
    next_version(port, version);
    let rebuilt_at = done.load(Ordering::SeqCst);
    rebuilt.store(true, Ordering::SeqCst);

    let failures: Vec<String> = clients
        .into_iter()
        .flat_map(|c| {
            c.join()
                .unwrap_or_else(|_| vec!["a client panicked".to_string()])
        })
        .collect();
    let total = done.load(Ordering::SeqCst);
    let elapsed = started.elapsed();
    eprintln!(
        "{total} requests from {CLIENTS} clients in {:.1} s ({:.0}/s); saved after {saved_at}, rebuilt after {rebuilt_at}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failed, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(total >= CLIENTS * EACH);
    assert!(total >= rebuilt_at + CLIENTS * AFTER);
    let (_, body) = get(port, "/mihon-kenko/projects/g1-1-01.html");
    assert!(body.contains("<h1>改名した事業</h1>"));
}
