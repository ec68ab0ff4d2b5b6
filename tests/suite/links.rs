//! `rolemap check --links` against a real HTTP server on 127.0.0.1 that
//! the test starts and that counts the requests it is sent: good,
//! missing, redirected, looping, slow and HEAD-refusing links, the cache
//! between runs, a corrupt cache, and a machine without network.
//!
//! The slow link waits for the server to be dropped (or a minute), which
//! is longer than the 1 s timeout the tests pass; nothing sleeps.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::common::{read, rolemap, Run, TestSite};

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`.
struct Server {
    port: u16,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    /// `"HEAD /good"` → how many such requests arrived.
    requests: Mutex<HashMap<String, usize>>,
    /// Set when the test is done, which releases the slow link.
    stopped: Mutex<bool>,
    stop: Condvar,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if *shared.stopped.lock().unwrap() {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &state));
            }
        });
        Server { port, state }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests of `method` for `path` arrived.
    fn count(&self, method: &str, path: &str) -> usize {
        let requests = self.state.requests.lock().unwrap();
        requests
            .get(&format!("{method} {path}"))
            .copied()
            .unwrap_or(0)
    }

    /// Every request so far.
    fn requests(&self) -> HashMap<String, usize> {
        self.state.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        *self.state.stopped.lock().unwrap() = true;
        self.state.stop.notify_all();
        // Wakes the accept loop so that it sees the flag and ends.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(stream: TcpStream, state: &State) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(&stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    *state
        .requests
        .lock()
        .unwrap()
        .entry(format!("{method} {path}"))
        .or_default() += 1;
    let (status, location) = match (method, path) {
        (_, "/good") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/good")),
        (_, "/loop-a") => ("301 Moved Permanently", Some("/loop-b")),
        (_, "/loop-b") => ("302 Found", Some("/loop-a")),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        ("GET", "/no-head") => ("200 OK", None),
        (_, "/slow") => {
            let stopped = state.stopped.lock().unwrap();
            let _ = state
                .stop
                .wait_timeout_while(stopped, Duration::from_secs(60), |stopped| !*stopped);
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let location = location.map_or(String::new(), |to| format!("Location: {to}\r\n"));
    let _ = write!(
        &stream,
        "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// A role file whose first phase lists `urls` as resources, one a line.
fn role_with(urls: &[String]) -> String {
    let resources: String = urls
        .iter()
        .enumerate()
        .map(|(i, url)| format!("      - title: Resource {i}\n        url: \"{url}\"\n"))
        .collect();
    format!(
        "title: Web developer
category: Engineering
summary: Builds the web.
skills:
  - id: html
    name: HTML
    keywords: [semantic markup]
phases:
  - title: Start
    duration_months: 3
    skills: [html]
    resources:
{resources}faqs:
  - question: Why?
    answer: Because.
"
    )
}

/// `roles/web.yaml:LINE:COLUMN` of `url` in `text`, where a diagnostic
/// about it points (the opening quote).
fn place(text: &str, url: &str) -> String {
    let quoted = format!("\"{url}\"");
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(&quoted))
        .expect("the URL is in the file");
    let column = line[..line.find(&quoted).unwrap()].chars().count() + 1;
    format!("roles/web.yaml:{}:{column}", index + 1)
}

fn check_links(site: &TestSite, extra: &[&str]) -> Run {
    let root = site.root().to_str().unwrap();
    rolemap(
        &[
            &["check", "--links", "--links-timeout", "1", "--root", root],
            extra,
        ]
        .concat(),
    )
}

/// The diagnostic of `url` in `stderr`: its place, then its message.
fn assert_reported(stderr: &str, text: &str, url: &str, problem: &str) {
    let at = stderr
        .find(&format!("broken link {url}: {problem}"))
        .unwrap_or_else(|| panic!("{url} is not reported as {problem}:\n{stderr}"));
    let place = place(text, url);
    assert!(
        stderr[at..].contains(&format!("[{place}]")),
        "{url} is not placed at {place}:\n{stderr}"
    );
}

#[test]
fn broken_links_are_reported_where_they_are_written_and_good_ones_are_cached() {
    let server = Server::start();
    let urls = [
        server.url("/good"),
        server.url("/missing"),
        server.url("/moved"),
        server.url("/loop-a"),
        server.url("/slow"),
        server.url("/no-head"),
        "/checker/".to_owned(),
        "/nowhere/page.html".to_owned(),
        "http://nonexistent.invalid/".to_owned(),
    ];
    let text = role_with(&urls);
    let site = TestSite::new();
    site.write("roles/web.yaml", &text);

    let run = check_links(&site, &[]);
    run.success();
    let stderr = run.stderr();
    assert_reported(&stderr, &text, &urls[1], "404 Not Found");
    assert_reported(&stderr, &text, &urls[3], "redirect loop");
    assert_reported(&stderr, &text, &urls[4], "no answer within 1 s (timeout)");
    assert_reported(
        &stderr,
        &text,
        &urls[7],
        "the site has no page or file there",
    );
    assert_reported(
        &stderr,
        &text,
        &urls[8],
        "the host name does not resolve (DNS failure)",
    );
    for good in [&urls[0], &urls[2], &urls[5], &urls[6]] {
        assert!(
            !stderr.contains(&format!("broken link {good}:")),
            "{good} is reported:\n{stderr}"
        );
    }
    assert!(stderr.contains("help: the page is gone"), "{stderr}");
    assert!(
        stderr.contains("9 links checked, 5 broken, 0 from cache"),
        "{stderr}"
    );
    // The two site paths are also "not an http(s) address", as without --links.
    assert!(stderr.contains("0 errors, 7 warnings"), "{stderr}");
    assert_eq!(server.count("HEAD", "/no-head"), 1);
    assert_eq!(server.count("GET", "/no-head"), 1);
    assert_eq!(server.count("HEAD", "/moved"), 1);
    assert_eq!(
        server.count("HEAD", "/good"),
        2,
        "the link and the redirect"
    );
    assert_eq!(server.count("GET", "/good"), 0, "HEAD is enough");

    // The cache is the site's, and a second run asks nothing of the good links.
    let cache = read(&site.root().join(".rolemap-cache/links.json"));
    for good in [&urls[0], &urls[2], &urls[5]] {
        assert!(cache.contains(good.as_str()), "{good} is cached:\n{cache}");
    }
    assert!(!cache.contains(&urls[1]), "a broken link is not cached");
    let before = server.requests();
    let second = check_links(&site, &["--strict"]);
    let stderr = second.failure();
    assert!(
        stderr.contains("9 links checked, 5 broken, 3 from cache"),
        "{stderr}"
    );
    let after = server.requests();
    for request in ["HEAD /good", "HEAD /moved", "HEAD /no-head", "GET /no-head"] {
        assert_eq!(before.get(request), after.get(request), "{request} again");
    }
    assert_eq!(
        server.count("HEAD", "/missing"),
        2,
        "broken links are checked again"
    );

    // An age limit of 0 asks again.
    let third = check_links(&site, &["--links-max-age", "0"]);
    let stderr = third.stderr();
    assert!(stderr.contains("0 from cache"), "{stderr}");
    assert_eq!(server.count("HEAD", "/moved"), 2);
}

#[test]
fn without_network_the_link_check_is_skipped_and_said_so_once() {
    let site = TestSite::new();
    let urls = [
        "http://nonexistent.invalid/".to_owned(),
        "https://also-missing.invalid/docs/".to_owned(),
    ];
    site.write("roles/web.yaml", &role_with(&urls));
    let run = check_links(&site, &["--strict"]);
    run.success();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("no network").count(), 1, "{stderr}");
    assert!(!stderr.contains("broken link"), "{stderr}");
    assert!(
        !site.root().join(".rolemap-cache/links.json").exists(),
        "nothing is cached from a run without network"
    );
}

#[test]
fn a_corrupt_cache_is_ignored_with_a_warning_and_written_anew() {
    let server = Server::start();
    let site = TestSite::new();
    site.write("roles/web.yaml", &role_with(&[server.url("/good")]));
    site.write(
        ".rolemap-cache/links.json",
        "{\"version\": 1, \"links\": [tru",
    );
    let run = check_links(&site, &[]);
    run.success();
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: ignored the link cache"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 link checked, 0 broken, 0 from cache"),
        "{stderr}"
    );
    let cache: serde_json::Value =
        serde_json::from_str(&read(&site.root().join(".rolemap-cache/links.json"))).unwrap();
    assert!(
        cache["links"][server.url("/good")]["checked"].is_u64(),
        "{cache}"
    );
    assert_eq!(server.count("HEAD", "/good"), 1);
}

#[test]
fn link_options_are_bounded_and_need_links() {
    let site = TestSite::new();
    site.write("roles/web.yaml", &role_with(&[]));
    let root = site.root().to_str().unwrap();
    for args in [
        ["--links-timeout", "0"],
        ["--links-timeout", "121"],
        ["--links-max-age", "366"],
    ] {
        let run = rolemap(&[&["check", "--links", "--root", root], &args[..]].concat());
        assert_ne!(run.code(), Some(0), "{args:?}");
        assert!(
            run.stderr().contains("not in"),
            "{args:?}: {}",
            run.stderr()
        );
    }
    let run = rolemap(&["check", "--links-timeout", "5", "--root", root]);
    assert_ne!(run.code(), Some(0));
    assert!(run.stderr().contains("--links"), "{}", run.stderr());
}
