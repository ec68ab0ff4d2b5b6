//! `rolemap serve`: build, watch, serve over HTTP and reload the browser.
//!
//! The site is built into a temporary folder (or `--out`), served on
//! loopback by a small axum server that only ever reads files below that
//! folder, and rebuilt whenever a source changes. Every HTML response gets a
//! script tag for `/__rolemap/livereload.js`, which listens on a
//! Server-Sent Events channel: after a successful rebuild (once the new
//! output is completely in place) the page reloads, or only swaps its
//! stylesheets; after a failed one it shows the error over the page while
//! the server keeps serving the last good site. Until there is one, every
//! page request gets a page that only carries the errors and reloads once a
//! build succeeds.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{broadcast, Semaphore};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;
use tower::ServiceExt;
use tower_http::services::fs::{Backend, TokioBackend, TokioFile};
use tower_http::services::ServeDir;
use tower_http::set_status::SetStatus;

use crate::build::{BuildError, BuildOptions, BuildReport, Change, Scope, Session};
use crate::layout;
use crate::watch::{self, WatchError};

const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");
const LIVERELOAD_CSS: &str = include_str!("serve/livereload.css");
const SCRIPT_TAG: &str = "<script src=\"/__rolemap/livereload.js\" defer></script>";
/// How long a connection may take to send a request's headers, or stay idle
/// between requests, before it is closed. Live-reload streams, which only
/// receive, are not affected.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Live-reload streams open at once; one more is answered 503.
const MAX_EVENT_STREAMS: usize = 64;

/// How long open connections get to finish when the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What every page request gets while there is no good build: the
/// live-reload script shows the errors over it and reloads it once a build
/// succeeds. The meta tag tells the script there is no last good version.
const NO_BUILD_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"rolemap-no-build\" content=\"\"><title>No good build yet</title></head>\n\
<body><h1>rolemap has no good build of this site yet</h1>\n\
<p>The errors are shown over this page, which reloads once a build succeeds.</p></body></html>\n";

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
    /// The server is listening on `url`, serving `output` (a temporary
    /// folder, or `--out`), and the watcher watches `watched`.
    fn listening(&self, url: &str, output: &Path, temporary: bool, watched: &[PathBuf]);
    /// The server has stopped; a temporary `output` is gone.
    fn stopped(&self, url: &str, output: &Path, temporary: bool);
    /// A build succeeded.
    fn built(&self, report: &BuildReport);
    /// A build failed; the last good site, if there is one
    /// ([`BuildError::previous_output`]), is still served.
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
    site: Site,
    events: broadcast::Sender<LiveEvent>,
    failure: Mutex<Option<String>>,
    /// Whether the output folder holds a complete build to serve.
    good: AtomicBool,
    /// Permits for live-reload streams, [`MAX_EVENT_STREAMS`] in all.
    streams: Arc<Semaphore>,
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
        site: Site::new(&output),
        events,
        failure: Mutex::new(None),
        good: AtomicBool::new(false),
        streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
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
    let is_temporary = temporary.is_some();
    let stopped = (url.clone(), output.clone(), Arc::clone(&reporter));
    runtime.block_on(async move {
        // Catch Ctrl-C before telling anyone the server is up.
        let stop = stop_signal()?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        reporter.listening(&url, &output, is_temporary, &watched);
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
            .fallback(serve_site)
            .with_state(Arc::clone(&shared))
            .layer(from_fn_with_state(
                HostNames::new(options.bind, local.port()),
                check_host,
            ));
        run_server(listener, app, stop, &shared).await;
        Ok::<(), io::Error>(())
    })?;
    // Stop watching; the builder thread ends when the channel closes.
    drop(watcher);
    let _ = builder.join();
    drop(temporary);
    let (url, output, reporter) = stopped;
    reporter.stopped(&url, &output, is_temporary);
    Ok(())
}

/// Accepts connections until `stop` resolves, each served by hyper with
/// [`HEADER_READ_TIMEOUT`], then ends the live-reload streams and gives
/// open connections [`SHUTDOWN_GRACE`] to finish.
async fn run_server(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
    shared: &Shared,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let (closing, closed) = tokio::sync::watch::channel(());
    let mut connections = tokio::task::JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors, most likely: let some close first.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let (builder, service) = (builder.clone(), TowerToHyperService::new(app.clone()));
        let mut closed = closed.clone();
        connections.spawn(async move {
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = shared.events.send(LiveEvent::Shutdown);
    let _ = closing.send(());
    let all_closed = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, all_closed)
        .await
        .is_err()
    {
        connections.abort_all();
    }
}

/// The Host values the server answers: its loopback names and the bound
/// address, each with or without the port. Any other name may be one that
/// a web page had resolved to this machine (DNS rebinding).
#[derive(Clone)]
struct HostNames {
    names: Arc<[String]>,
    port: u16,
    /// Bound to every interface: any IP address is one of ours, and an
    /// address, unlike a name, cannot be rebound.
    any_address: bool,
}

impl HostNames {
    fn new(bind: IpAddr, port: u16) -> HostNames {
        let bound = match bind {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        let names = ["127.0.0.1", "localhost", "[::1]", &bound]
            .iter()
            .flat_map(|name| [(*name).to_owned(), format!("{name}:{port}")])
            .collect();
        HostNames {
            names,
            port,
            any_address: bind.is_unspecified(),
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        self.any_address
            && match host.parse::<SocketAddr>() {
                Ok(addr) => addr.port() == self.port,
                Err(_) => host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok(),
            }
    }
}

/// Answers only requests whose Host (and absolute URI, if any) names this
/// server; anything else gets 421 and nothing of the site.
async fn check_host(State(hosts): State<HostNames>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let authority = request.uri().authority().map(|a| a.as_str());
    if host.is_some_and(|host| hosts.allows(host)) && authority.is_none_or(|a| hosts.allows(a)) {
        return next.run(request).await;
    }
    let mut response = (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "421 Misdirected Request: this development server answers only to its own address\n",
    )
        .into_response();
    set_no_store(response.headers_mut());
    response
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
            shared.good.store(true, Ordering::Release);
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
            let good = error.previous_output.is_some();
            shared.good.store(good, Ordering::Release);
            let text = reporter.failure_text(&error);
            if let Ok(mut failure) = shared.failure.lock() {
                *failure = Some(text.clone());
            }
            let _ = shared.events.send(LiveEvent::Failed(text));
        }
    }
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    set_no_store(response.headers_mut());
    response
}

/// The Server-Sent Events channel; a page that connects while the site is
/// broken gets the current error at once. At most [`MAX_EVENT_STREAMS`]
/// are open at a time; the stream holds its permit until it is dropped.
async fn live_events(State(shared): State<Arc<Shared>>) -> Response {
    let Ok(permit) = Arc::clone(&shared.streams).try_acquire_owned() else {
        let mut response = (
            StatusCode::SERVICE_UNAVAILABLE,
            "too many live-reload connections are open\n",
        )
            .into_response();
        set_no_store(response.headers_mut());
        return response;
    };
    let current = shared
        .failure
        .lock()
        .ok()
        .and_then(|failure| failure.clone());
    let first = tokio_stream::iter(current.map(|text| Ok(to_sse(LiveEvent::Failed(text)))));
    let updates = BroadcastStream::new(shared.events.subscribe())
        .filter_map(Result::ok)
        .take_while(|event| !matches!(event, LiveEvent::Shutdown))
        .map(move |event| {
            let _held = &permit;
            Ok::<_, Infallible>(to_sse(event))
        });
    Sse::new(first.chain(updates))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn to_sse(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Styles => Event::default().event("styles").data("styles"),
        LiveEvent::Failed(text) => Event::default().event("build-error").data(text),
        LiveEvent::Shutdown => Event::default().comment("shutdown"),
    }
}

/// The output folder as the dev server shows it: files through
/// [`ServeDir`], confined by [`Confined`], the site's 404 page for anything
/// missing, and every answer finished by [`finish`].
#[derive(Clone)]
struct Site {
    output: Arc<Path>,
    files: ServeDir<SetStatus<NotFoundPage>, Confined>,
}

type NotFoundPage = tower::util::BoxCloneSyncService<Request, Response, Infallible>;

impl Site {
    fn new(output: &Path) -> Site {
        let output: Arc<Path> = Arc::from(output);
        let page = {
            let output = Arc::clone(&output);
            tower::service_fn(move |request: Request| {
                let output = Arc::clone(&output);
                async move { Ok(not_found(&output, request.uri().path()).await) }
            })
        };
        let files = ServeDir::with_backend(&*output, Confined(Arc::clone(&output)))
            .not_found_service(NotFoundPage::new(page));
        Site { output, files }
    }
}

/// Serves a file of the output folder, and nothing outside it. ServeDir
/// answers methods other than GET and HEAD with 405 itself; paths with `.`,
/// `..`, backslashes or NUL bytes are refused here before it sees them.
async fn serve_site(State(shared): State<Arc<Shared>>, mut request: Request) -> Response {
    let site = shared.site.clone();
    let method = request.method().clone();
    let readable = method == Method::GET || method == Method::HEAD;
    if readable && !shared.good.load(Ordering::Acquire) {
        return finish(no_build_page()).await;
    }
    if readable && request_path(request.uri().path()).is_none() {
        return finish(not_found(&site.output, "/").await).await;
    }
    if method == Method::HEAD {
        // Answered as GET, so the headers (the length of an injected page
        // included) are those of GET; hyper drops the body.
        *request.method_mut() = Method::GET;
    }
    // Whole files only: a byte range of a page would not match the page
    // served, which has the live-reload script in it.
    request.headers_mut().remove(header::RANGE);
    let Ok(response) = site.files.oneshot(request).await;
    finish(response.into_response()).await
}

/// What every answer about the output folder gets: no caching, no sniffing,
/// a permanent redirect for a directory without its slash, a charset on text,
/// and the live-reload script in HTML.
async fn finish(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if parts.status == StatusCode::TEMPORARY_REDIRECT {
        // ServeDir only redirects `/dir` to `/dir/`, which is permanent.
        parts.status = StatusCode::PERMANENT_REDIRECT;
    }
    parts.headers.remove(header::ACCEPT_RANGES);
    set_no_store(&mut parts.headers);
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(refine_content_type);
    let Some(content_type) = content_type else {
        return Response::from_parts(parts, body);
    };
    let html = content_type.as_bytes().starts_with(b"text/html");
    parts.headers.insert(header::CONTENT_TYPE, content_type);
    if !html {
        return Response::from_parts(parts, body);
    }
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(inject_live_reload(&page)))
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn set_no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The type `mime_guess` (through ServeDir) gave, as the server sends it:
/// the site is written in UTF-8, and a few older names have current ones.
fn refine_content_type(guessed: &str) -> HeaderValue {
    let refined = match guessed {
        // RFC 7303: application/xml is preferred over text/xml.
        "text/xml" => "application/xml".to_owned(),
        // RFC 9239: text/javascript is the one JavaScript type.
        "application/javascript" => "text/javascript; charset=utf-8".to_owned(),
        // RFC 8081.
        "application/font-woff" => "font/woff".to_owned(),
        text if text.starts_with("text/") && !text.contains(';') => {
            format!("{text}; charset=utf-8")
        }
        other => other.to_owned(),
    };
    HeaderValue::from_str(&refined)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
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

/// `path` with symlinks resolved, if it exists and stays inside `root`;
/// anything else is "not found".
async fn confined(root: &Path, path: &Path) -> io::Result<PathBuf> {
    let root = tokio::fs::canonicalize(root).await?;
    let resolved = tokio::fs::canonicalize(path).await?;
    if resolved.starts_with(&root) {
        Ok(resolved)
    } else {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            "outside the output folder",
        ))
    }
}

/// The file system as ServeDir sees it: every path it opens or looks at is
/// resolved first, and one that leads out of the output folder (through a
/// symlink) does not exist.
#[derive(Clone)]
struct Confined(Arc<Path>);

type IoFuture<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

impl Backend for Confined {
    type File = TokioFile;
    type Metadata = std::fs::Metadata;
    type OpenFuture = IoFuture<TokioFile>;
    type MetadataFuture = IoFuture<std::fs::Metadata>;

    fn open(&self, path: PathBuf) -> Self::OpenFuture {
        let root = Arc::clone(&self.0);
        Box::pin(async move { TokioBackend.open(confined(&root, &path).await?).await })
    }

    fn metadata(&self, path: PathBuf) -> Self::MetadataFuture {
        let root = Arc::clone(&self.0);
        Box::pin(async move { TokioBackend.metadata(confined(&root, &path).await?).await })
    }
}

/// The answer to every page request while there is no good build.
fn no_build_page() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html")],
        NO_BUILD_PAGE,
    )
        .into_response()
}

/// The site's own 404 page with status 404, or a plain one: the nearest
/// `404.html` going up from the folder of `wanted` (a request path), so a
/// missing address under `de/` gets the German page, as static hosts such
/// as Cloudflare Pages answer.
async fn not_found(output: &Path, wanted: &str) -> Response {
    let folder = request_path(wanted).unwrap_or_default();
    let mut page = None;
    for dir in folder.ancestors() {
        if let Ok(found) = confined(output, &output.join(dir).join(layout::NOT_FOUND_PAGE)).await {
            page = tokio::fs::read(found).await.ok();
            if page.is_some() {
                break;
            }
        }
    }
    let page = page
        .unwrap_or_else(|| b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_vec());
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html")],
        page,
    )
        .into_response()
}

/// Adds the live-reload script before the last `</body>` (or at the end).
fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    const BODY_END: &[u8] = b"</body>";
    let at = html
        .windows(BODY_END.len())
        .rposition(|window| window == BODY_END)
        .unwrap_or(html.len());
    [&html[..at], SCRIPT_TAG.as_bytes(), &html[at..]].concat()
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
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
    }

    #[test]
    fn the_script_goes_at_the_end_without_a_body_end_and_bytes_are_kept() {
        assert_eq!(
            inject_live_reload(b"<p>\xff</p>"),
            [b"<p>\xff</p>".as_slice(), SCRIPT_TAG.as_bytes()].concat()
        );
    }

    /// The types the server sent before ServeDir and `mime_guess` took over.
    #[test]
    fn content_types_are_those_of_before() {
        for (extension, expected) in [
            ("html", "text/html; charset=utf-8"),
            ("htm", "text/html; charset=utf-8"),
            ("css", "text/css; charset=utf-8"),
            ("js", "text/javascript; charset=utf-8"),
            ("mjs", "text/javascript; charset=utf-8"),
            ("json", "application/json"),
            ("xml", "application/xml"),
            ("txt", "text/plain; charset=utf-8"),
            ("svg", "image/svg+xml"),
            ("png", "image/png"),
            ("jpg", "image/jpeg"),
            ("jpeg", "image/jpeg"),
            ("gif", "image/gif"),
            ("webp", "image/webp"),
            ("ico", "image/x-icon"),
            ("woff2", "font/woff2"),
            ("woff", "font/woff"),
            ("pdf", "application/pdf"),
            ("webmanifest", "application/manifest+json"),
        ] {
            let guessed = mime_guess::from_ext(extension).first_raw().unwrap();
            assert_eq!(refine_content_type(guessed), expected, "{extension}");
        }
    }
}
