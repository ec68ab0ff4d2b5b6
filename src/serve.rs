//! `rolemap serve`: build, watch, serve over HTTP and reload the browser.
//!
//! The site is built into a temporary folder (or `--out`), served on
//! loopback by a small axum server that only ever reads files below that
//! folder, and rebuilt whenever a source changes. Every HTML response gets a
//! script tag for `/__rolemap/livereload.js`, which listens on a
//! Server-Sent Events channel: after a successful rebuild (once the new
//! output is completely in place) the page reloads, or only swaps its
//! stylesheets; after a failed one it shows the error over the page while
//! the server keeps serving the last good site.

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::build::{BuildError, BuildOptions, BuildReport, Change, Scope, Session};
use crate::watch::{self, WatchError};

const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");
const LIVERELOAD_CSS: &str = include_str!("serve/livereload.css");
const SCRIPT_TAG: &str = "<script src=\"/__rolemap/livereload.js\" defer></script>";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Build here instead of a temporary folder.
    pub out: Option<PathBuf>,
    /// Address to listen on; loopback unless the author asks otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Build drafts too.
    pub drafts: bool,
    /// Poll the file system instead of waiting for events.
    pub poll: bool,
}

/// What the server tells the author as it works.
pub trait Reporter: Send + Sync + 'static {
    /// The server is listening, and the watcher watches `watched`.
    fn listening(&self, url: &str, output: &Path, watched: &[PathBuf]);
    /// A build succeeded.
    fn built(&self, report: &BuildReport);
    /// A build failed; the last good site is still served.
    fn failed(&self, error: &BuildError);
    /// Plain text of a failure, for the browser overlay.
    fn failure_text(&self, error: &BuildError) -> String;
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken or the address is not local.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file watcher could not start.
    #[error(transparent)]
    Watch(#[from] WatchError),
    /// Anything else the runtime reports.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A message on the live-reload channel.
#[derive(Debug, Clone)]
enum LiveEvent {
    Reload,
    Styles,
    Failed(String),
    /// The server is stopping: event streams end so shutdown need not wait.
    Shutdown,
}

struct Shared {
    output: PathBuf,
    events: broadcast::Sender<LiveEvent>,
    failure: Mutex<Option<String>>,
}

/// Builds, serves and rebuilds until Ctrl-C.
pub fn serve(options: ServeOptions, reporter: impl Reporter) -> Result<(), ServeError> {
    let temporary = match options.out {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new()
                .prefix("rolemap-serve-")
                .tempdir()?,
        ),
    };
    let output = match (&options.out, &temporary) {
        (Some(out), _) => out.clone(),
        (None, Some(dir)) => dir.path().join("site"),
        (None, None) => unreachable!("a temporary folder exists when --out is not given"),
    };
    let addr = SocketAddr::new(options.bind, options.port);
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let url = format!("http://{local}/");

    let build_options = BuildOptions {
        root: options.root.clone(),
        out: Some(output.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        force: false,
    };
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        output: output.clone(),
        events,
        failure: Mutex::new(None),
    });
    let reporter = Arc::new(reporter);
    // Watch first, so an edit made during the first build is not missed.
    let (watcher, changes, watched) = watch::watch(&options.root, &output, options.poll)?;
    let mut session = Session::new(build_options);
    rebuild(
        &mut session,
        &shared,
        reporter.as_ref(),
        &Change::everything(),
    );
    let builder = {
        let (shared, reporter) = (Arc::clone(&shared), Arc::clone(&reporter));
        std::thread::spawn(move || {
            while let Some(change) = watch::next_change(&changes) {
                rebuild(&mut session, &shared, reporter.as_ref(), &change);
            }
        })
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        // Catch Ctrl-C before telling anyone the server is up.
        let stop = stop_signal()?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        reporter.listening(&url, &output, &watched);
        if options.open {
            let _ = open::that_detached(&url);
        }
        let app = Router::new()
            .route(
                "/__rolemap/livereload.js",
                get(|| async { asset("text/javascript; charset=utf-8", LIVERELOAD_JS) }),
            )
            .route(
                "/__rolemap/livereload.css",
                get(|| async { asset("text/css; charset=utf-8", LIVERELOAD_CSS) }),
            )
            .route("/__rolemap/events", get(live_events))
            .fallback(serve_file)
            .with_state(Arc::clone(&shared));
        let stopping = async move {
            stop.await;
            let _ = shared.events.send(LiveEvent::Shutdown);
        };
        axum::serve(listener, app)
            .with_graceful_shutdown(stopping)
            .await
    })?;
    // Stop watching; the builder thread ends when the channel closes.
    drop(watcher);
    let _ = builder.join();
    drop(temporary);
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when
/// this is called, not when the future is first polled.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Rebuilds and tells every open page what happened.
fn rebuild(session: &mut Session, shared: &Shared, reporter: &dyn Reporter, change: &Change) {
    match session.rebuild(change) {
        Ok(report) => {
            reporter.built(&report);
            if let Ok(mut failure) = shared.failure.lock() {
                *failure = None;
            }
            let event = if change.scope == Scope::Styles {
                LiveEvent::Styles
            } else {
                LiveEvent::Reload
            };
            let _ = shared.events.send(event);
        }
        Err(error) => {
            reporter.failed(&error);
            let text = reporter.failure_text(&error);
            if let Ok(mut failure) = shared.failure.lock() {
                *failure = Some(text.clone());
            }
            let _ = shared.events.send(LiveEvent::Failed(text));
        }
    }
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The Server-Sent Events channel; a page that connects while the site is
/// broken gets the current error at once.
async fn live_events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let current = shared
        .failure
        .lock()
        .ok()
        .and_then(|failure| failure.clone());
    let first = tokio_stream::iter(current.map(|text| Ok(to_sse(LiveEvent::Failed(text)))));
    let updates = BroadcastStream::new(shared.events.subscribe())
        .filter_map(Result::ok)
        .take_while(|event| !matches!(event, LiveEvent::Shutdown))
        .map(|event| Ok(to_sse(event)));
    Sse::new(first.chain(updates)).keep_alive(KeepAlive::default())
}

fn to_sse(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Styles => Event::default().event("styles").data("styles"),
        LiveEvent::Failed(text) => Event::default().event("build-error").data(text),
        LiveEvent::Shutdown => Event::default().comment("shutdown"),
    }
}

/// Serves a file of the output folder, and nothing outside it.
async fn serve_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let Some(relative) = request_path(uri.path()) else {
        return not_found(&shared);
    };
    let Some(path) = confined(&shared.output, &shared.output.join(&relative)) else {
        return not_found(&shared);
    };
    if path.is_dir() {
        if !uri.path().ends_with('/') {
            let location = match uri.query() {
                Some(query) => format!("{}/?{query}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        return match confined(&shared.output, &path.join("index.html")) {
            Some(index) => {
                file_response(&index, StatusCode::OK).unwrap_or_else(|| not_found(&shared))
            }
            None => not_found(&shared),
        };
    }
    file_response(&path, StatusCode::OK).unwrap_or_else(|| not_found(&shared))
}

/// The decoded request path as a relative path, or `None` when it tries to
/// leave the folder (`..`, backslashes, NUL bytes, invalid UTF-8).
fn request_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    // Windows prefixes or anything else that would not stay relative.
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

/// `path` with symlinks resolved, if it exists and stays inside `root`.
fn confined(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let resolved = std::fs::canonicalize(path).ok()?;
    resolved.starts_with(&root).then_some(resolved)
}

fn file_response(path: &Path, status: StatusCode) -> Option<Response> {
    let bytes = std::fs::read(path).ok()?;
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject_live_reload(bytes)
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Some(response)
}

/// The site's own 404 page with status 404, or a plain one.
fn not_found(shared: &Shared) -> Response {
    let page = confined(&shared.output, &shared.output.join("404.html"));
    page.and_then(|page| file_response(&page, StatusCode::NOT_FOUND))
        .unwrap_or_else(|| {
            let html =
                format!("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>{SCRIPT_TAG}");
            (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response()
        })
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject_live_reload(html: Vec<u8>) -> Vec<u8> {
    let Ok(mut text) = String::from_utf8(html) else {
        return Vec::new();
    };
    match text.rfind("</body>") {
        Some(at) => text.insert_str(at, SCRIPT_TAG),
        None => text.push_str(SCRIPT_TAG),
    }
    text.into_bytes()
}

fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside() {
        assert_eq!(request_path("/roles/x/"), Some(PathBuf::from("roles/x")));
        assert_eq!(request_path("/a%20b.html"), Some(PathBuf::from("a b.html")));
        assert_eq!(
            request_path("//etc/passwd"),
            Some(PathBuf::from("etc/passwd"))
        );
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a/../../x",
            "/a\\..\\x",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(request_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
    }
}
