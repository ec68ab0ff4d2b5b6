//! `rolemap serve` and `rolemap watch`, driven over real HTTP on 127.0.0.1.
//! Every wait has a deadline and polls a condition; nothing sleeps blindly.
//! Every process gets a TMPDIR of its own, stops with SIGTERM (so its
//! temporary folder is removed) and must leave that TMPDIR empty.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::common::{role_yaml, rolemap, snapshot, Run, TestSite};
use tempfile::TempDir;

/// Polls `check` until it returns `Some` or the deadline passes.
fn poll_until<T>(deadline: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if start.elapsed() >= deadline {
            return None;
        }
        std::thread::yield_now();
        std::thread::park_timeout(Duration::from_millis(20));
    }
}

/// Like [`poll_until`], failing the test when the deadline passes.
fn wait_for<T>(what: &str, deadline: Duration, check: impl FnMut() -> Option<T>) -> T {
    poll_until(deadline, check)
        .unwrap_or_else(|| panic!("timed out after {deadline:?} waiting for {what}"))
}

/// A folder to be a process's TMPDIR.
fn own_tmpdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("rolemap-test-tmp-")
        .tempdir()
        .unwrap()
}

/// The `rolemap-serve-*` folders that a server left in `tmpdir`.
fn leftovers(tmpdir: &Path) -> Vec<String> {
    std::fs::read_dir(tmpdir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("rolemap-serve-"))
        .collect()
}

/// Runs the binary to its end with `tmpdir` as its TMPDIR.
fn rolemap_in(tmpdir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rolemap"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("TMPDIR", tmpdir)
        .output()
        .unwrap();
    Run { output }
}

/// A running `rolemap serve` or `watch`; dropping it stops it as
/// [`Running::stop`] does and checks that it left nothing behind.
pub(crate) struct Running {
    pub(crate) child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    tmpdir: TempDir,
}

impl Running {
    pub(crate) fn start(args: &[&str]) -> Running {
        Running::start_in(None, args)
    }

    /// Starts the binary in the folder `dir` (the current one when `None`).
    fn start_in(dir: Option<&Path>, args: &[&str]) -> Running {
        let tmpdir = own_tmpdir();
        let mut command = Command::new(env!("CARGO_BIN_EXE_rolemap"));
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = command
            .args(args)
            .env("NO_COLOR", "1")
            .env("TMPDIR", tmpdir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        Running {
            child,
            lines,
            seen: Vec::new(),
            tmpdir,
        }
    }

    /// Sends `signal` to the process.
    fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: kill(2) only sends a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill {pid}");
    }

    /// Waits for the process to end, for `deadline` at most.
    fn exit_within(&mut self, deadline: Duration) -> Option<ExitStatus> {
        poll_until(deadline, || self.child.try_wait().unwrap())
    }

    /// Stops the process the way Ctrl-C would (SIGTERM, which serve treats
    /// like SIGINT), unless it has ended already, and waits for it.
    fn stop(&mut self) -> Option<ExitStatus> {
        if let Some(status) = self.child.try_wait().unwrap() {
            return Some(status);
        }
        self.signal(libc::SIGTERM);
        self.exit_within(Duration::from_secs(10))
    }

    /// Waits for an output line containing `needle` and returns it.
    pub(crate) fn line_containing(&mut self, needle: &str) -> String {
        self.wait_until(&format!("a line with '{needle}'"), |seen| {
            seen.iter().find(|l| l.contains(needle)).cloned()
        })
    }

    /// Collects the output lines of a process that has ended.
    fn drain(&mut self) {
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(10)) {
            self.seen.push(line);
        }
    }

    /// Waits until `found` finds something in the output lines so far.
    pub(crate) fn wait_until<T>(
        &mut self,
        what: &str,
        found: impl Fn(&[String]) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(value) = found(&self.seen) {
                return value;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("no {what}; output so far:\n{}", self.seen.join("\n")),
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // SIGKILL would leave serve's temporary folder behind: it is the
        // last resort for a process that does not stop when asked.
        let stopped = self.stop();
        if stopped.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            return;
        }
        assert!(stopped.is_some(), "the process did not stop on SIGTERM");
        let left = leftovers(self.tmpdir.path());
        assert!(left.is_empty(), "left behind in TMPDIR: {left:?}");
    }
}

/// A served site: the process, its base URL and its output folder.
struct Served {
    process: Running,
    url: String,
    port: u16,
}

fn serve(site: &TestSite, extra: &[&str]) -> Served {
    let mut args = vec![
        "serve",
        "--root",
        site.root().to_str().unwrap(),
        "--port",
        "0",
    ];
    args.extend_from_slice(extra);
    let mut process = Running::start(&args);
    let line = process.line_containing("serving http://");
    let url = line.split_whitespace().nth(1).unwrap().to_owned();
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Served { process, url, port }
}

/// Serves `site` built into its folder `served`, which is returned too.
fn serve_into_folder(site: &TestSite) -> (Served, PathBuf) {
    let out = site.root().join("served");
    (serve(site, &["--out", out.to_str().unwrap()]), out)
}

/// A minimal HTTP/1.1 response.
struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    /// The value of header `name`, if there is one (both in lower case).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .lines()
            .filter_map(|line| line.split_once(": "))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}

fn request(port: u16, method: &str, path: &str) -> Response {
    request_with(port, method, path, "")
}

/// A request with `extra` header lines (each ending in CRLF).
fn request_with(port: u16, method: &str, path: &str, extra: &str) -> Response {
    request_to(port, "127.0.0.1", method, path, extra)
}

/// A request with the Host header `host` and `extra` header lines.
fn request_to(port: u16, host: &str, method: &str, path: &str, extra: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers: head.to_lowercase(),
        body: body.to_owned(),
    }
}

fn get(port: u16, path: &str) -> Response {
    request(port, "GET", path)
}

/// GETs `path`, which must be answered by the site's 404 page with status 404.
fn site_404(port: u16, path: &str) -> Response {
    let response = get(port, path);
    assert_eq!(response.status, 404, "{path}");
    assert!(
        response.body.contains("This page is off the map"),
        "{path}: not the site's 404 page"
    );
    response
}

/// An open Server-Sent Events connection.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__rolemap/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "event stream: {line}");
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        Events { reader }
    }

    /// Reads events until one named `name` arrives; returns its data.
    fn next(&mut self, name: &str) -> String {
        let mut current = String::new();
        let mut data = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            assert!(Instant::now() < deadline, "no '{name}' event");
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("event stream");
            assert!(read > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_owned();
            } else if let Some(more) = line.strip_prefix("data: ") {
                data.push_str(more);
                data.push('\n');
            } else if line.is_empty() && !current.is_empty() {
                if current == name {
                    return data;
                }
                current.clear();
                data.clear();
            }
        }
    }
}

fn two_role_site() -> TestSite {
    let site = TestSite::new();
    site.write("roles/x.yaml", &role_yaml("Role X", "related: [y]\n"));
    site.write("roles/y.yaml", &role_yaml("Role Y", ""));
    site
}

#[test]
fn a_missing_address_gets_the_nearest_404_page() {
    let site = two_role_site();
    site.write("rolemap.yaml", "languages: [en, de]\n");
    let served = serve(&site, &[]);
    let port = served.port;
    let german = get(port, "/de/roles/gone/");
    assert_eq!(german.status, 404);
    assert!(
        german.body.contains("<html lang=\"de\">"),
        "{}",
        german.body
    );
    let english = site_404(port, "/roles/gone/");
    assert!(english.body.contains("<html lang=\"en\">"));
    // A path that is refused outright gets the site's own 404 page too.
    site_404(port, "/de/%2e%2e/x");
}

#[test]
fn serves_the_site_and_nothing_else() {
    let site = two_role_site();
    let (served, out) = serve_into_folder(&site);
    let port = served.port;
    assert!(served.url.starts_with("http://127.0.0.1:"));

    let index = get(port, "/");
    assert_eq!(index.status, 200);
    assert!(index
        .headers
        .contains("content-type: text/html; charset=utf-8"));
    assert!(index.body.contains("Role X") && index.body.contains("/__rolemap/livereload.js"));
    let redirect = get(port, "/roles/x");
    assert_eq!(redirect.status, 308);
    assert!(
        redirect.headers.contains("location: /roles/x/"),
        "{}",
        redirect.headers
    );
    assert_eq!(get(port, "/roles/x/").status, 200);
    for (path, content_type) in [
        ("/assets/style.css", "text/css"),
        ("/data/roles.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/__rolemap/livereload.js", "text/javascript"),
    ] {
        let response = get(port, path);
        assert_eq!(response.status, 200, "{path}");
        assert!(
            response
                .headers
                .contains(&format!("content-type: {content_type}")),
            "{path}: {}",
            response.headers
        );
    }
    let head = request(port, "HEAD", "/roles/y/");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(request(port, "POST", "/").status, 405);
    assert_eq!(request(port, "DELETE", "/roles/x/").status, 405);

    std::os::unix::fs::symlink("/etc/hostname", out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.root().join("roles"), out.join("leak-dir")).unwrap();
    for path in [
        "/../rolemap.yaml",
        "/..%2froles/x.yaml",
        "/%2e%2e/roles/x.yaml",
        "/roles/../../roles/x.yaml",
        "//etc/passwd",
        "/leak.txt",
        "/leak-dir/x.yaml",
        "/nope/",
    ] {
        site_404(port, path);
    }
}

/// What the file server (ServeDir and what is kept around it) answers.
#[test]
fn the_file_server_keeps_its_http_guarantees() {
    let site = two_role_site();
    let (served, out) = serve_into_folder(&site);
    let port = served.port;
    let script = "<script src=\"/__rolemap/livereload.js\" defer></script>";
    let uncached = |what: &str, response: &Response| {
        assert_eq!(response.header("cache-control"), Some("no-store"), "{what}");
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
    };

    // Types, and the live-reload script in HTML only, once, before </body>.
    std::fs::write(out.join("blob.unknownext"), "?").unwrap();
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/roles/x/index.html", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/checker.js", "text/javascript; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/data/roles.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/blob.unknownext", "application/octet-stream"),
    ] {
        let response = get(port, path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        uncached(path, &response);
        let injected = response.body.matches(script).count();
        if content_type.starts_with("text/html") {
            assert_eq!(injected, 1, "{path}");
            assert!(
                response.body.contains(&format!("{script}</body>")),
                "{path}"
            );
        } else {
            assert_eq!(injected, 0, "{path}: the script is only for HTML");
        }
        assert_eq!(
            response.header("content-length"),
            Some(response.body.len().to_string().as_str()),
            "{path}"
        );
    }
    assert!(
        !crate::common::read(&out.join("index.html")).contains("livereload"),
        "the script went into the file"
    );

    // HEAD: the headers of GET, no body; also for the 404 page.
    for path in ["/", "/roles/y/", "/assets/style.css", "/nope"] {
        let (head, get) = (request(port, "HEAD", path), get(port, path));
        assert_eq!(
            (head.status, head.body.as_str()),
            (get.status, ""),
            "{path}"
        );
        for name in ["content-type", "content-length", "cache-control"] {
            assert_eq!(head.header(name), get.header(name), "{path}: {name}");
        }
    }

    // Other methods: 405 with Allow, wherever they aim.
    for (method, path) in [("POST", "/"), ("PUT", "/roles/x/"), ("DELETE", "/../x")] {
        let response = request(port, method, path);
        assert_eq!(response.status, 405, "{method} {path}");
        let allow = response.header("allow").unwrap_or_default().to_owned();
        assert!(
            allow.contains("get") && allow.contains("head"),
            "{method} {path}: allow {allow}"
        );
    }

    // A folder without its slash: a permanent redirect that keeps the query.
    for (path, location) in [
        ("/roles/x?tab=skills&x=1", "/roles/x/?tab=skills&x=1"),
        ("/roles", "/roles/"),
    ] {
        let response = get(port, path);
        assert_eq!(response.status, 308, "{path}");
        assert_eq!(response.header("location"), Some(location), "{path}");
        uncached(path, &response);
    }

    // Whole files only, whatever Range asks for.
    let ranged = request_with(port, "GET", "/assets/style.css", "Range: bytes=0-3\r\n");
    assert_eq!(ranged.status, 200);
    assert_eq!(ranged.body, get(port, "/assets/style.css").body);

    // The site's 404 page with status 404, for missing and refused paths.
    std::fs::create_dir(out.join("inner")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", out.join("inner/index.html")).unwrap();
    for path in [
        "/nope",
        "/roles/x/index.html/",
        "/./index.html",
        "/roles/./x/",
        "/roles%5cx/",
        "/index.html%00",
        "/inner/",
    ] {
        let response = site_404(port, path);
        assert_eq!(response.body.matches(script).count(), 1, "{path}");
        uncached(path, &response);
    }
    // Without a 404.html, a plain page, with the script too.
    std::fs::remove_file(out.join("404.html")).unwrap();
    let plain = get(port, "/nope");
    assert_eq!(plain.status, 404);
    assert_eq!(
        plain.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(plain.body.contains("Not found") && plain.body.ends_with(script));
}

#[test]
fn edits_errors_and_deletions_reach_the_browser() {
    let site = two_role_site();
    let (served, out) = serve_into_folder(&site);
    let port = served.port;
    let mut events = Events::open(port);

    site.write(
        "roles/x.yaml",
        &role_yaml("Role X Renamed", "related: [y]\n"),
    );
    let started = Instant::now();
    wait_for("the edit to be served", Duration::from_secs(2), || {
        get(port, "/roles/x/")
            .body
            .contains("Role X Renamed")
            .then_some(())
    });
    assert!(started.elapsed() < Duration::from_secs(2));
    events.next("reload");
    assert!(
        get(port, "/").body.contains("Role X Renamed"),
        "the index was not rebuilt"
    );

    site.write("roles/x.yaml", "title: [broken\n");
    let error = events.next("build-error");
    assert!(
        error.contains("roles/x.yaml:1:8") || error.contains("roles/x.yaml"),
        "{error}"
    );
    assert!(
        get(port, "/roles/x/").body.contains("Role X Renamed"),
        "the last good page is gone"
    );
    // A page opened while the site is broken learns about the error at once.
    Events::open(port).next("build-error");

    site.write("roles/x.yaml", &role_yaml("Role X Fixed", "related: [y]\n"));
    events.next("reload");
    assert!(get(port, "/roles/x/").body.contains("Role X Fixed"));

    std::fs::remove_file(site.root().join("roles/x.yaml")).unwrap();
    wait_for(
        "the deleted role to disappear",
        Duration::from_secs(2),
        || (get(port, "/roles/x/").status == 404).then_some(()),
    );
    site.write("roles/z.yaml", &role_yaml("Role Z", ""));
    wait_for("the new role on the index", Duration::from_secs(2), || {
        get(port, "/").body.contains("Role Z").then_some(())
    });

    // What is served equals a clean build of the same sources.
    let clean = site.root().join("clean");
    rolemap(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        clean.to_str().unwrap(),
        "--base-url",
        &served.url,
    ])
    .success();
    assert_eq!(snapshot(&out), snapshot(&clean));
}

#[test]
fn editor_droppings_and_bursts_do_not_rebuild_needlessly() {
    let site = two_role_site();
    let mut served = serve(&site, &[]);
    let is_build = |line: &&String| line.starts_with("built") || line.starts_with("updated");
    let before = served.process.seen.iter().filter(is_build).count();
    site.write("roles/.x.yaml.swp", "junk");
    site.write("roles/x.yaml~", "junk");
    site.write("roles/4913", "");
    // A burst of writes (a checkout) becomes one rebuild.
    for i in 0..20 {
        site.write(
            &format!("roles/burst-{i}.yaml"),
            &role_yaml(&format!("Burst {i}"), ""),
        );
    }
    wait_for("the burst to be served", Duration::from_secs(5), || {
        get(served.port, "/roles/burst-19/")
            .body
            .contains("Burst 19")
            .then_some(())
    });
    // "updated 20 roles, ..." (or over two rebuilds, or one full build).
    let roles_in = |line: &String| -> usize {
        line.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    served
        .process
        .wait_until("report of the burst's 20 roles", |seen| {
            let reported: usize = seen
                .iter()
                .filter(is_build)
                .skip(before)
                .map(roles_in)
                .sum();
            (reported >= 20).then_some(())
        });
    let after: Vec<&String> = served.process.seen.iter().filter(is_build).collect();
    assert!(
        after.len() - before <= 2,
        "{} rebuilds for one burst: {after:?}",
        after.len() - before
    );
    assert!(!served
        .process
        .seen
        .iter()
        .any(|l| l.contains("swp") || l.contains("4913")));
}

#[test]
fn ctrl_c_and_sigterm_stop_cleanly_and_remove_the_temporary_folder() {
    let site = two_role_site();
    for (signal, name) in [(libc::SIGINT, "SIGINT"), (libc::SIGTERM, "SIGTERM")] {
        let mut served = serve(&site, &[]);
        let line = served.process.line_containing("serving http://");
        let folder = PathBuf::from(line.split(" from ").nth(1).unwrap());
        assert!(folder.join("index.html").is_file());
        assert!(
            !site.root().join("dist").exists(),
            "serve wrote into the site's dist/"
        );
        assert!(
            folder.starts_with(served.process.tmpdir.path()),
            "{} is not in the TMPDIR given",
            folder.display()
        );
        // An open live-reload connection must not hold the shutdown up.
        let _events = Events::open(served.port);
        served.process.signal(signal);
        let status = served
            .process
            .exit_within(Duration::from_secs(10))
            .unwrap_or_else(|| panic!("serve did not exit on {name}"));
        assert!(status.success(), "{name}: {status:?}");
        assert!(
            !folder.parent().unwrap().exists(),
            "{name}: {} is left behind",
            folder.display()
        );
        assert_eq!(
            leftovers(served.process.tmpdir.path()),
            Vec::<String>::new()
        );
    }
}

#[test]
fn watch_rebuilds_into_the_output_folder() {
    let site = two_role_site();
    let mut watching = Running::start(&["watch", "--root", site.root().to_str().unwrap()]);
    watching.line_containing("built 2 roles");
    site.write("roles/y.yaml", &role_yaml("Role Y Edited", ""));
    let page = site.dist().join("roles/y/index.html");
    wait_for("the rebuilt page", Duration::from_secs(2), || {
        std::fs::read_to_string(&page)
            .ok()
            .filter(|html| html.contains("Role Y Edited"))
    });
    assert!(
        !std::fs::read_to_string(&page)
            .unwrap()
            .contains("livereload"),
        "watch output must not carry the live-reload script"
    );
    site.write("roles/y.yaml", "skills: oops\n");
    watching.line_containing("build failed");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Role Y Edited"));
}

#[test]
fn watch_prints_what_it_watches_and_the_base_url_note_once() {
    let site = two_role_site();
    let mut watching = Running::start(&["watch", "--root", site.root().to_str().unwrap()]);
    let line = watching.line_containing("watching ");
    assert!(line.contains("rolemap.yaml, roles/"), "{line}");
    assert!(line.contains("press Ctrl-C to stop"), "{line}");
    watching.line_containing("built 2 roles");
    site.write("roles/y.yaml", &role_yaml("Role Y Edited", ""));
    watching.line_containing("updated 1 role, 7 pages");
    let notes = watching
        .seen
        .iter()
        .filter(|line| line.contains("base_url is not set"))
        .count();
    assert_eq!(notes, 1, "{:?}", watching.seen);
}

#[test]
fn a_root_given_through_a_symbolic_link_is_watched() {
    let site = two_role_site();
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("site");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    let mut watching = Running::start(&["watch", "--root", link.to_str().unwrap()]);
    watching.line_containing("built 2 roles");
    site.write("roles/y.yaml", &role_yaml("Role Y Through A Link", ""));
    watching.line_containing("updated 1 role");
    let page = site.dist().join("roles/y/index.html");
    assert!(crate::common::read(&page).contains("Role Y Through A Link"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = two_role_site();
    let served = serve(&site, &[]);
    let port = served.port.to_string();
    let tmpdir = own_tmpdir();
    let run = rolemap_in(
        tmpdir.path(),
        &[
            "serve",
            "--root",
            site.root().to_str().unwrap(),
            "--port",
            &port,
        ],
    );
    let stderr = run.failure();
    assert!(
        stderr.contains("cannot listen on 127.0.0.1:") && stderr.contains("--port 0"),
        "{stderr}"
    );
    assert_eq!(leftovers(tmpdir.path()), Vec::<String>::new());
}

/// `rolemap build` of `site` into the folder `out`.
fn build_into(site: &TestSite, out: &Path) -> Run {
    rolemap(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// `rolemap watch` of `site` into the folder `out`.
fn watch_into(site: &TestSite, out: &Path) -> Running {
    Running::start(&[
        "watch",
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Waits for the watched output `out` to equal a clean build of `site`
/// into `clean` after change `step`; returns the clean build's files.
fn watched_equals_clean_build(
    site: &TestSite,
    out: &Path,
    clean: &Path,
    step: usize,
) -> BTreeMap<PathBuf, Vec<u8>> {
    let _ = std::fs::remove_dir_all(clean);
    let expected = match build_into(site, clean) {
        run if run.code() == Some(0) => snapshot(clean),
        run => panic!("step {step}: the clean build failed:\n{}", run.stderr()),
    };
    wait_for(
        &format!("step {step} to match a clean build"),
        Duration::from_secs(5),
        || (snapshot(out) == expected).then_some(()),
    );
    expected
}

#[test]
fn watch_output_matches_a_clean_build_after_every_kind_of_change() {
    let site = TestSite::new();
    site.write("roles/a.yaml", &role_yaml("Role A", "related: [b]\n"));
    site.write("roles/b.yaml", &role_yaml("Role B", "related: [c]\n"));
    site.write("roles/c.yaml", &role_yaml("Role C", ""));
    let out = site.root().join("out");
    let clean = site.root().join("clean");
    let mut watching = watch_into(&site, &out);
    watching.line_containing("built 3 roles");
    let changes: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {
            site.write("roles/c.yaml", &role_yaml("Role C Renamed", ""));
        }),
        Box::new(|| {
            site.write("roles/d.yaml", &role_yaml("Role D", "related: [a]\n"));
        }),
        Box::new(|| {
            site.write("roles/b.yaml", &role_yaml("Role B", "draft: true\n"));
        }),
        Box::new(|| {
            site.write("roles/a.yaml", &role_yaml("Role A", "slug: a2\n"));
            site.write("roles/d.yaml", &role_yaml("Role D", "related: [a2]\n"));
        }),
        Box::new(|| {
            std::fs::remove_file(site.root().join("roles/d.yaml")).unwrap();
        }),
        // A role in a category of its own, then gone: its category page goes too.
        Box::new(|| {
            let role = role_yaml("Role E", "").replace("category: Engineering", "category: Design");
            site.write("roles/e.yaml", &role);
        }),
        Box::new(|| {
            std::fs::remove_file(site.root().join("roles/e.yaml")).unwrap();
        }),
        Box::new(|| {
            std::fs::create_dir_all(site.root().join("roles/nested")).unwrap();
            std::fs::rename(
                site.root().join("roles/c.yaml"),
                site.root().join("roles/nested/c.yaml"),
            )
            .unwrap();
        }),
    ];
    for (step, change) in changes.iter().enumerate() {
        change();
        watched_equals_clean_build(&site, &out, &clean, step);
    }
}

#[test]
fn watch_output_matches_a_clean_build_as_translations_come_change_and_go() {
    let site = TestSite::new();
    site.write(
        "rolemap.yaml",
        "base_url: https://example.org/\nlanguages: [en, de]\n",
    );
    site.write("roles/a.yaml", &role_yaml("Role A", "related: [b]\n"));
    site.write("roles/b.yaml", &role_yaml("Role B", ""));
    site.write("roles/b.de.yaml", &role_yaml("Rolle B", ""));
    let out = site.root().join("out");
    let clean = site.root().join("clean");
    let mut watching = watch_into(&site, &out);
    watching.line_containing("built 2 roles");
    let german = |title: &str, extra: &str| {
        role_yaml(title, extra).replace("category: Engineering", "category: Technik")
    };
    let steps: Vec<(&str, Option<String>)> = vec![
        // A translation added: A's German page and B's (which links it) change.
        ("roles/a.de.yaml", Some(german("Rolle A", "related: [b]\n"))),
        // Edited, in a category of its own.
        ("roles/b.de.yaml", Some(german("Rolle B, neu", ""))),
        // Gone: the German pages show the English text again.
        ("roles/a.de.yaml", None),
        // The role itself gone: its pages in both languages go.
        ("roles/b.de.yaml", None),
        ("roles/b.yaml", None),
    ];
    for (step, (file, text)) in steps.iter().enumerate() {
        match text {
            Some(text) => {
                site.write(file, text);
            }
            None => std::fs::remove_file(site.root().join(file)).unwrap(),
        }
        if *file == "roles/b.yaml" {
            site.write("roles/a.yaml", &role_yaml("Role A", ""));
        }
        let expected = watched_equals_clean_build(&site, &out, &clean, step);
        assert!(
            expected.contains_key(Path::new("de/index.html")),
            "step {step}"
        );
    }
}

#[test]
fn watch_adds_and_removes_the_feed_as_a_clean_build_does() {
    let site = TestSite::new();
    let undated = |title: &str| role_yaml(title, "").replace("updated: 2026-10-01\n", "");
    site.write("rolemap.yaml", "base_url: https://example.org/\n");
    site.write("roles/a.yaml", &role_yaml("Role A", "related: [b]\n"));
    site.write("roles/b.yaml", &undated("Role B"));
    let out = site.root().join("out");
    let clean = site.root().join("clean");
    let mut watching = watch_into(&site, &out);
    watching.line_containing("built 2 roles");
    assert!(out.join("atom.xml").is_file());
    // The last dated role loses its date: no feed, and no page links one;
    // then a role gains one: the feed is back on every page.
    let steps = [
        ("roles/a.yaml", undated("Role A")),
        ("roles/b.yaml", role_yaml("Role B", "")),
    ];
    for (step, (file, text)) in steps.iter().enumerate() {
        site.write(file, text);
        let expected = watched_equals_clean_build(&site, &out, &clean, step);
        assert_eq!(
            expected.contains_key(Path::new("atom.xml")),
            step == 1,
            "step {step}"
        );
    }
}

#[test]
fn stylesheet_changes_swap_styles_and_a_renamed_config_is_seen() {
    let site = two_role_site();
    site.write(
        "themes/default/static/style.css",
        "body { color: black; }\n",
    );
    site.write("rolemap.yaml", "title: First Title\n");
    let served = serve(&site, &[]);
    let port = served.port;
    let mut events = Events::open(port);

    site.write("themes/default/static/style.css", "body { color: navy; }\n");
    events.next("styles");
    assert_eq!(
        get(port, "/assets/style.css").body,
        "body { color: navy; }\n"
    );

    // Editors such as vim save by writing a new file and renaming it over the old one.
    site.write("rolemap.yaml.tmp", "title: Second Title\n");
    std::fs::rename(
        site.root().join("rolemap.yaml.tmp"),
        site.root().join("rolemap.yaml"),
    )
    .unwrap();
    events.next("reload");
    wait_for("the new title", Duration::from_secs(2), || {
        get(port, "/").body.contains("Second Title").then_some(())
    });
}

/// Waits until GET `path` answers 200 with a body containing `needle`.
fn wait_for_page(port: u16, path: &str, needle: &str) {
    wait_for(
        &format!("{path} with '{needle}'"),
        Duration::from_secs(5),
        || {
            let response = get(port, path);
            (response.status == 200 && response.body.contains(needle)).then_some(())
        },
    );
}

#[test]
fn source_folders_created_after_start_are_watched_and_built() {
    let site = two_role_site();
    let mut served = serve(&site, &[]);
    let port = served.port;
    wait_for_page(port, "/", "Role X");

    // static/ does not exist when serve starts.
    std::fs::create_dir(site.root().join("static")).unwrap();
    site.write("static/CNAME", "x\n");
    wait_for_page(port, "/CNAME", "x");
    // Nor does themes/, and a file in a folder made inside it later.
    site.write("themes/default/static/extra.css", "p { color: red; }\n");
    wait_for_page(port, "/assets/extra.css", "color: red");
    site.write(
        "themes/default/static/more/late.css",
        "p { color: blue; }\n",
    );
    wait_for_page(port, "/assets/more/late.css", "color: blue");
    site.write("static/CNAME", "y\n");
    wait_for_page(port, "/CNAME", "y");

    // roles/ deleted, then made again: both are seen, and so are later edits.
    std::fs::remove_dir_all(site.root().join("roles")).unwrap();
    served.process.line_containing("there is no roles/ folder");
    site.write("roles/z.yaml", &role_yaml("Role Z", ""));
    wait_for_page(port, "/roles/z/", "Role Z");
    site.write("roles/z.yaml", &role_yaml("Role Z Edited", ""));
    wait_for_page(port, "/roles/z/", "Role Z Edited");
}

#[test]
fn watch_notices_a_roles_folder_that_appears_or_is_made_again() {
    let site = TestSite::new();
    std::fs::remove_dir(site.root().join("roles")).unwrap();
    site.write("rolemap.yaml", "title: Later\n");
    let out = site.root().join("out");
    let mut watching = watch_into(&site, &out);
    watching.line_containing("watching ");
    let page = |slug: &str| out.join(format!("roles/{slug}/index.html"));
    let shows = |slug: &str, text: &str| {
        std::fs::read_to_string(page(slug))
            .ok()
            .filter(|html| html.contains(text))
            .map(|_| ())
    };
    site.write("roles/a.yaml", &role_yaml("Role A", ""));
    wait_for("roles/ to be noticed", Duration::from_secs(5), || {
        shows("a", "Role A")
    });
    std::fs::remove_dir_all(site.root().join("roles")).unwrap();
    site.write("roles/b.yaml", &role_yaml("Role B", ""));
    wait_for("the new roles/ to be built", Duration::from_secs(5), || {
        shows("b", "Role B")
    });
    site.write("roles/b.yaml", &role_yaml("Role B Edited", ""));
    wait_for("an edit in the new roles/", Duration::from_secs(5), || {
        shows("b", "Role B Edited")
    });
}

#[test]
fn a_first_build_that_fails_serves_the_errors_until_it_is_fixed() {
    let site = two_role_site();
    site.write("roles/x.yaml", "title: [broken\n");
    let mut served = serve(&site, &[]);
    let port = served.port;
    served.process.line_containing("there is no good build yet");
    assert!(
        !served
            .process
            .seen
            .iter()
            .any(|l| l.contains("still serving")),
        "{:?}",
        served.process.seen
    );
    for path in ["/", "/roles/y/", "/anything"] {
        let page = get(port, path);
        assert_eq!(page.status, 503, "{path}");
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(page.body.contains("no good build"), "{path}: {}", page.body);
        assert!(page.body.contains("rolemap-no-build"), "{path}");
        assert!(page.body.contains("/__rolemap/livereload.js"), "{path}");
    }
    let script = get(port, "/__rolemap/livereload.js").body;
    assert!(script.contains("rolemap-no-build") && script.contains("no good build yet"));
    // The page's script learns the error at once and reloads when fixed.
    let mut events = Events::open(port);
    let error = events.next("build-error");
    assert!(error.contains("roles/x.yaml"), "{error}");
    site.write("roles/x.yaml", &role_yaml("Role X", "related: [y]\n"));
    events.next("reload");
    wait_for_page(port, "/", "Role X");
    // A later failure keeps the good site.
    site.write("roles/x.yaml", "title: [broken\n");
    events.next("build-error");
    served
        .process
        .line_containing("still serving the last good build");
    wait_for_page(port, "/roles/y/", "Role Y");
}

/// `rolemap serve` with `args`, which must end (with an error) by itself;
/// returns its standard error.
fn serve_refused(site: &TestSite, dir: Option<&Path>, args: &[&str]) -> String {
    let root = site.root().to_str().unwrap();
    let mut all = vec!["serve", "--port", "0"];
    if dir.is_none() {
        all.extend_from_slice(&["--root", root]);
    }
    all.extend_from_slice(args);
    let mut process = Running::start_in(dir, &all);
    let status = process
        .exit_within(Duration::from_secs(10))
        .expect("serve did not refuse");
    assert_eq!(status.code(), Some(1));
    process.drain();
    process.seen.join("\n")
}

#[test]
fn serve_never_writes_into_the_deployable_output_and_marks_any_other() {
    let site = two_role_site();
    let dist = site.root().join("dist");
    let stderr = serve_refused(&site, None, &["--out", dist.to_str().unwrap()]);
    assert!(
        stderr.contains("dist") && stderr.contains("rolemap build"),
        "{stderr}"
    );
    assert!(!dist.exists(), "serve wrote into dist/");
    // The same for the configured `output`, also given relative.
    site.write("rolemap.yaml", "output: public\n");
    let public = site.root().join("public");
    let stderr = serve_refused(&site, None, &["--out", public.to_str().unwrap()]);
    assert!(stderr.contains("public"), "{stderr}");
    serve_refused(&site, Some(site.root()), &["--out", "public/"]);
    assert!(!public.exists());

    // Any other folder: said at start and at the end, and `rolemap build`
    // replaces it (it is rolemap's output).
    let (mut served, other) = serve_into_folder(&site);
    let warning = "holds a development build";
    let line = served.process.line_containing(warning);
    assert!(
        line.contains(&served.url) && line.contains("do not deploy"),
        "{line}"
    );
    assert!(crate::common::read(&other.join("sitemap.xml")).contains(&served.url));
    served.process.stop();
    served.process.wait_until("the warning at the end", |seen| {
        (seen.iter().filter(|l| l.contains(warning)).count() >= 2).then_some(())
    });
    build_into(&site, &other).success();
    // A build without base_url writes no sitemap: the server's is gone.
    assert!(!other.join("sitemap.xml").exists());
    assert!(!crate::common::read(&other.join("index.html")).contains("127.0.0.1"));
}

/// A GET of `path` with the Host header `host`, read to its end.
fn get_with_host(port: u16, path: &str, host: &str) -> Response {
    request_to(port, host, "GET", path, "")
}

#[test]
fn only_the_servers_own_host_names_are_answered() {
    let site = two_role_site();
    let served = serve(&site, &[]);
    let port = served.port;
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "localhost.evil.example".to_owned(),
        "127.0.0.1:1".to_owned(),
        String::new(),
    ] {
        for path in [
            "/",
            "/roles/x/",
            "/__rolemap/events",
            "/__rolemap/livereload.js",
        ] {
            let response = get_with_host(port, path, &host);
            assert_eq!(response.status, 421, "{host} {path}");
            for secret in ["Role", "livereload", "<html", "event:"] {
                assert!(
                    !response.body.contains(secret),
                    "{host} {path}: {}",
                    response.body
                );
            }
        }
    }
    for host in [
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{port}"),
        "localhost".to_owned(),
        format!("LocalHost:{port}"),
        "[::1]".to_owned(),
        format!("[::1]:{port}"),
    ] {
        let response = get_with_host(port, "/", &host);
        assert_eq!(response.status, 200, "{host}");
        assert!(response.body.contains("Role X"), "{host}");
    }
}

#[test]
fn a_bind_address_other_machines_reach_is_warned_about_and_answered() {
    let site = two_role_site();
    let mut served = serve(&site, &["--bind", "0.0.0.0"]);
    let line = served.process.line_containing("warning:");
    assert!(
        line.contains("0.0.0.0") && line.contains("other machines"),
        "{line}"
    );
    let response = get_with_host(served.port, "/", &format!("192.0.2.7:{}", served.port));
    assert_eq!(response.status, 200);
    let response = get_with_host(served.port, "/", "rebound.example");
    assert_eq!(response.status, 421);
}

/// Waits until the server closes `stream`; returns how long that took.
fn closed_within(mut stream: TcpStream, deadline: Duration) -> Duration {
    let started = Instant::now();
    stream.set_read_timeout(Some(deadline)).unwrap();
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(err) => panic!("not closed within {deadline:?}: {err}"),
    }
    started.elapsed()
}

#[test]
fn slow_and_idle_connections_time_out_but_live_reload_stays() {
    let site = two_role_site();
    let served = serve(&site, &[]);
    let port = served.port;
    let mut events = Events::open(port);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET / HT").unwrap();
    let idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let deadline = Duration::from_secs(15);
    assert!(closed_within(slow, deadline) < deadline);
    assert!(closed_within(idle, deadline) < deadline);
    // The event stream outlived the timeout and still delivers.
    site.write("roles/y.yaml", &role_yaml("Role Y Later", ""));
    events.next("reload");
}

#[test]
fn live_reload_streams_are_bounded() {
    let site = two_role_site();
    let served = serve(&site, &[]);
    let port = served.port;
    let open: Vec<Events> = (0..64).map(|_| Events::open(port)).collect();
    let refused = get(port, "/__rolemap/events");
    assert_eq!(refused.status, 503);
    // Pages are still served.
    assert_eq!(get(port, "/").status, 200);
    drop(open);
}
