//! `rolemap check --links`: every resource URL of every role, checked.
//!
//! A URL within the site is looked up in the page set a build writes
//! ([`crate::load::ResourceLink::in_site`]); an http(s) one is requested,
//! HEAD first and GET when the server refuses HEAD, redirects followed by
//! hand up to [`MAX_REDIRECTS`] (so a loop is named as one), at most
//! [`MAX_AT_ONCE`] requests at once and [`MAX_PER_HOST`] per host, each
//! within a timeout. Good results are kept in a cache file
//! (`<site>/.rolemap-cache/links.json`) for an age limit, so a second run
//! requests nothing for fresh good links; broken ones are always checked
//! again. A broken link is a warning at the URL's place in its role file.
//! When no request reached any server (every host failed to resolve or
//! was unreachable), the machine has no network: the check is skipped and
//! the report says so, rather than calling every link broken.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;
use crate::layout;
use crate::load::ResourceLink;

/// Requests in flight at once: enough to check a site's few hundred links
/// in seconds, few enough for a two-core machine and for the servers.
pub const MAX_AT_ONCE: usize = 8;

/// Requests in flight at once to one host (as the link is written), so a
/// site with fifty links to one documentation host does not flood it.
pub const MAX_PER_HOST: usize = 4;

/// Redirects followed before a link counts as broken.
pub const MAX_REDIRECTS: usize = 5;

/// The timeout of each step of a request (the name lookup, connecting
/// with TLS, sending, waiting for the answer), by default.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// The shortest and longest timeout `--links-timeout` accepts, in seconds.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=120;

/// How long a good result is trusted, by default, in days.
pub const DEFAULT_MAX_AGE_DAYS: u64 = 7;

/// The ages `--links-max-age` accepts, in days (0: check every link).
pub const MAX_AGE_DAYS: std::ops::RangeInclusive<u64> = 0..=365;

/// The largest cache file read; a bigger one is ignored as corrupt.
const MAX_CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// The version of the cache file's format.
const CACHE_VERSION: u32 = 1;

/// The User-Agent of every request: rolemap, its version and why it asks.
pub const USER_AGENT: &str = concat!("rolemap/", env!("CARGO_PKG_VERSION"), " (link checker)");

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder; the cache file is under it.
    pub root: PathBuf,
    /// The timeout of each step of a request.
    pub timeout: Duration,
    /// How long a good result is trusted.
    pub max_age: Duration,
}

/// What the link check found.
#[derive(Debug, Default)]
pub struct Report {
    /// A warning for every place a broken link is written.
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct URLs checked, from the cache included.
    pub checked: usize,
    /// Distinct URLs found broken.
    pub broken: usize,
    /// Distinct URLs whose good result came from the cache.
    pub from_cache: usize,
    /// Whether the machine has no network, so the check was skipped.
    pub offline: bool,
    /// Problems with the cache file, which never stop the check.
    pub cache_problems: Vec<CacheError>,
}

/// Why the cache file could not be used; the check goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// It could not be read.
    #[error("cannot read the link cache {}: {source}", path.display())]
    Read {
        /// The cache file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a cache file rolemap wrote.
    #[error("ignored the link cache {}: {why}; it is written anew", path.display())]
    Corrupt {
        /// The cache file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// It could not be written.
    #[error("cannot write the link cache {}: {source}", path.display())]
    Write {
        /// The cache file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Broken {
    /// A page of the site that the build does not write.
    NotInSite,
    /// The server answered with this status (4xx, 5xx, or 3xx without a
    /// usable `Location`).
    Status(u16),
    /// No answer within the timeout; `connecting` when it ran out before
    /// a connection was made (resolving the name, or connecting).
    Timeout {
        /// Whether no server was reached.
        connecting: bool,
    },
    /// The host name does not resolve.
    Dns,
    /// The host or its network cannot be reached.
    Unreachable,
    /// Nothing accepts connections there, or the connection broke.
    Connection(String),
    /// The TLS handshake or certificate failed.
    Tls(String),
    /// A redirect leads back to an address already visited.
    RedirectLoop,
    /// More than [`MAX_REDIRECTS`] redirects.
    TooManyRedirects,
    /// A redirect to something that is not an http(s) address.
    BadRedirect(String),
    /// Anything else the HTTP client reports.
    Other(String),
}

impl Broken {
    /// Whether this failure reached no server, so it may only say that the
    /// machine has no network.
    fn is_offline(&self) -> bool {
        matches!(
            self,
            Broken::Dns | Broken::Unreachable | Broken::Timeout { connecting: true }
        )
    }

    /// What is wrong, after the URL.
    fn describe(&self, timeout: Duration) -> String {
        match self {
            Broken::NotInSite => "the site has no page or file there".to_owned(),
            Broken::Status(code) => match reason(*code) {
                Some(reason) => format!("{code} {reason}"),
                None => format!("status {code}"),
            },
            Broken::Timeout { .. } => {
                format!("no answer within {} s (timeout)", timeout.as_secs())
            }
            Broken::Dns => "the host name does not resolve (DNS failure)".to_owned(),
            Broken::Unreachable => "the host cannot be reached (no route)".to_owned(),
            Broken::Connection(why) => format!("connection failed: {why}"),
            Broken::Tls(why) => format!("TLS error: {why}"),
            Broken::RedirectLoop => "redirect loop".to_owned(),
            Broken::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
            Broken::BadRedirect(to) => format!("redirects to '{to}', which is not a web address"),
            Broken::Other(why) => why.clone(),
        }
    }

    /// How to fix it.
    fn hint(&self) -> &'static str {
        match self {
            Broken::NotInSite => "link to a role page, a page the site generates or a file under static/",
            Broken::Status(404 | 410) => "the page is gone: find the resource's current address, or remove it",
            Broken::Status(401 | 403) => "the server refuses rolemap: if the link works in a browser, the host blocks link checkers and the link can stay",
            Broken::Status(429) => "the server limits requests: run the check again later",
            Broken::Status(500..) => "the server failed: check again later, and replace the link if it stays broken",
            Broken::Status(_) => "open the link in a browser and use the address where the resource is now",
            Broken::Timeout { .. } => "check again later, or allow more time with --links-timeout",
            Broken::Dns | Broken::Unreachable => "check the host name's spelling, or whether the resource has moved to another site",
            Broken::Connection(_) => "nothing answers at that address: check it, or whether the resource has moved",
            Broken::Tls(_) => "the server's certificate or TLS setup is broken: open it in a browser, and link elsewhere if it stays so",
            Broken::RedirectLoop | Broken::TooManyRedirects | Broken::BadRedirect(_) => "open the link in a browser and link to the page it ends on",
            Broken::Other(_) => "open the link in a browser and use the address where the resource is now",
        }
    }
}

/// The standard reason phrase of a status code.
fn reason(code: u16) -> Option<&'static str> {
    ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|status| status.canonical_reason())
}

/// Checks `links` as `options` say, with the cache under the site.
pub fn check(links: &[ResourceLink], options: &Options) -> Report {
    let mut report = Report::default();
    // Each distinct URL once, with every place it is written.
    let mut by_url: BTreeMap<&str, Vec<&ResourceLink>> = BTreeMap::new();
    for link in links {
        by_url.entry(link.url.as_str()).or_default().push(link);
    }
    let mut outcomes: BTreeMap<&str, Broken> = BTreeMap::new();
    let mut external = Vec::new();
    for (url, places) in &by_url {
        match places[0].in_site {
            Some(true) => {}
            Some(false) => {
                outcomes.insert(url, Broken::NotInSite);
            }
            None => external.push(*url),
        }
    }
    let path = options
        .root
        .join(layout::CACHE_DIR)
        .join(layout::LINKS_CACHE);
    let now = unix_now();
    let cache = match read_cache(&path) {
        Ok(cache) => cache,
        Err(problem) => {
            report.cache_problems.push(problem);
            Cache::default()
        }
    };
    let max_age = options.max_age.as_secs();
    let fresh = |url: &str| {
        cache
            .links
            .get(url)
            .filter(|entry| entry.checked <= now && now - entry.checked < max_age)
    };
    let to_request: Vec<&str> = external
        .iter()
        .copied()
        .filter(|url| fresh(url).is_none())
        .collect();
    report.from_cache = external.len() - to_request.len();
    let results = request_all(&to_request, options.timeout);
    let reached_any = results.iter().any(|result| match result {
        Ok(()) => true,
        Err(broken) => !broken.is_offline(),
    });
    if !to_request.is_empty() && !reached_any {
        report.offline = true;
        report.from_cache = 0;
        return report;
    }
    let mut kept = Cache::default();
    for url in &external {
        if let Some(entry) = fresh(url) {
            kept.links.insert((*url).to_owned(), entry.clone());
        }
    }
    for (url, result) in to_request.iter().zip(results) {
        match result {
            Ok(()) => {
                kept.links.insert((*url).to_owned(), Entry { checked: now });
            }
            Err(broken) => {
                outcomes.insert(url, broken);
            }
        }
    }
    if let Err(problem) = write_cache(&path, &kept) {
        report.cache_problems.push(problem);
    }
    report.checked = by_url.len();
    report.broken = outcomes.len();
    for (url, broken) in &outcomes {
        let message = format!("broken link {url}: {}", broken.describe(options.timeout));
        for place in &by_url[url] {
            report
                .diagnostics
                .push(place.warning(message.clone(), broken.hint()));
        }
    }
    report
}

/// Seconds since 1970, by the system clock.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// The cache file: the good links, each with when it was last found good.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Cache {
    version: u32,
    links: BTreeMap<String, Entry>,
}

/// One good link.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// When it was last found good, in seconds since 1970.
    checked: u64,
}

/// The cache at `path`: empty when there is none yet.
fn read_cache(path: &Path) -> Result<Cache, CacheError> {
    let read_error = |source| CacheError::Read {
        path: path.to_path_buf(),
        source,
    };
    let corrupt = |why: String| CacheError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
        Err(err) => return Err(read_error(err)),
    };
    let mut bytes = Vec::new();
    file.take(MAX_CACHE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_CACHE_BYTES {
        return Err(corrupt(format!(
            "it is over {} MiB",
            MAX_CACHE_BYTES / 1024 / 1024
        )));
    }
    let cache: Cache =
        serde_json::from_slice(&bytes).map_err(|err| corrupt(format!("it is not valid: {err}")))?;
    if cache.version != CACHE_VERSION {
        return Err(corrupt(format!("it has version {}", cache.version)));
    }
    Ok(cache)
}

/// Writes the cache atomically: a temporary file beside it, renamed over it.
fn write_cache(path: &Path, cache: &Cache) -> Result<(), CacheError> {
    let write_error = |source| CacheError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write_error)?;
    let cache = Cache {
        version: CACHE_VERSION,
        links: cache.links.clone(),
    };
    let json = serde_json::to_vec_pretty(&cache).map_err(|err| write_error(err.into()))?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
    file.write_all(&json).map_err(write_error)?;
    file.persist(path).map_err(|err| write_error(err.error))?;
    Ok(())
}

/// Requests every URL, at most [`MAX_AT_ONCE`] at once and
/// [`MAX_PER_HOST`] per host; the results in the order of `urls`.
fn request_all(urls: &[&str], timeout: Duration) -> Vec<Result<(), Broken>> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // Each step on its own budget, so a timeout says which step ran out:
        // one before a connection (the name, or connecting with TLS) may
        // only mean that the machine has no network.
        .timeout_resolve(Some(timeout))
        .timeout_connect(Some(timeout))
        .timeout_send_request(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let hosts: Vec<String> = urls.iter().map(|url| host_of(url)).collect();
    let queue = Queue::new(urls.len());
    let results: Mutex<Vec<Option<Result<(), Broken>>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..MAX_AT_ONCE.min(urls.len()) {
            scope.spawn(|| {
                while let Some(index) = queue.take(&hosts) {
                    let result = check_url(&agent, urls[index]);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                    queue.finish(&hosts[index]);
                }
            });
        }
    });
    let results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err(Broken::Other("not checked".to_owned()))))
        .collect()
}

/// The host of a URL, lower-cased, for the per-host limit.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// The URLs still to request, and the requests in flight per host.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

struct QueueState {
    waiting: VecDeque<usize>,
    busy: HashMap<String, usize>,
}

impl Queue {
    fn new(count: usize) -> Queue {
        Queue {
            state: Mutex::new(QueueState {
                waiting: (0..count).collect(),
                busy: HashMap::new(),
            }),
            changed: Condvar::new(),
        }
    }

    /// The next URL whose host has room, waiting for one when every waiting
    /// URL's host is busy; `None` when none is left.
    fn take(&self, hosts: &[String]) -> Option<usize> {
        let mut state = self.state.lock().ok()?;
        loop {
            if state.waiting.is_empty() {
                return None;
            }
            let busy = &state.busy;
            let free = (state.waiting.iter())
                .position(|&index| busy.get(&hosts[index]).copied().unwrap_or(0) < MAX_PER_HOST);
            if let Some(at) = free {
                let index = state.waiting.remove(at)?;
                *state.busy.entry(hosts[index].clone()).or_default() += 1;
                return Some(index);
            }
            state = self.changed.wait(state).ok()?;
        }
    }

    /// A request to `host` is done.
    fn finish(&self, host: &str) {
        if let Ok(mut state) = self.state.lock() {
            if let Some(count) = state.busy.get_mut(host) {
                *count = count.saturating_sub(1);
            }
        }
        self.changed.notify_all();
    }
}

/// Requests one URL, following redirects by hand.
fn check_url(agent: &ureq::Agent, url: &str) -> Result<(), Broken> {
    let mut current = url.to_owned();
    let mut visited = HashSet::from([current.clone()]);
    for _ in 0..=MAX_REDIRECTS {
        let (status, location) = head_or_get(agent, &current)?;
        match (status, location) {
            (200..=299, _) => return Ok(()),
            (300..=399, Some(location)) => {
                let next = url::Url::parse(&current)
                    .and_then(|base| base.join(&location))
                    .map_err(|_| Broken::BadRedirect(location.clone()))?;
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(Broken::BadRedirect(location));
                }
                current = next.to_string();
                if !visited.insert(current.clone()) {
                    return Err(Broken::RedirectLoop);
                }
            }
            (status, _) => return Err(Broken::Status(status)),
        }
    }
    Err(Broken::TooManyRedirects)
}

/// The status and `Location` of a HEAD request, or of a GET when the
/// server refuses HEAD (405, 501, or 403 from hosts that only check GET).
fn head_or_get(agent: &ureq::Agent, url: &str) -> Result<(u16, Option<String>), Broken> {
    let answer = |response: ureq::http::Response<ureq::Body>| {
        let location = (response.headers().get(ureq::http::header::LOCATION))
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        (response.status().as_u16(), location)
    };
    let head = agent.head(url).call().map(answer).map_err(broken)?;
    match head.0 {
        403 | 405 | 501 => agent.get(url).call().map(answer).map_err(broken),
        _ => Ok(head),
    }
}

/// What an HTTP client error says about the link.
fn broken(err: ureq::Error) -> Broken {
    use std::io::ErrorKind;
    match err {
        ureq::Error::HostNotFound => Broken::Dns,
        ureq::Error::Timeout(phase) => Broken::Timeout {
            connecting: matches!(phase, ureq::Timeout::Resolve | ureq::Timeout::Connect),
        },
        ureq::Error::Tls(why) => Broken::Tls(why.to_owned()),
        ureq::Error::Rustls(err) => Broken::Tls(err.to_string()),
        ureq::Error::TooManyRedirects => Broken::TooManyRedirects,
        ureq::Error::Io(err) => match err.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Broken::Timeout { connecting: false },
            ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable | ErrorKind::NetworkDown => {
                Broken::Unreachable
            }
            // std's wording for a failed getaddrinfo, which has no kind of its own.
            _ if err.to_string().contains("failed to lookup address") => Broken::Dns,
            _ => Broken::Connection(err.to_string()),
        },
        ureq::Error::ConnectionFailed => Broken::Connection("no connection could be made".into()),
        other => Broken::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_or_foreign_cache_is_reported_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        assert!(read_cache(&path).unwrap().links.is_empty());
        std::fs::write(&path, "{not json").unwrap();
        assert!(matches!(read_cache(&path), Err(CacheError::Corrupt { .. })));
        std::fs::write(&path, r#"{"version": 9, "links": {}}"#).unwrap();
        assert!(matches!(read_cache(&path), Err(CacheError::Corrupt { .. })));
    }

    #[test]
    fn the_cache_is_written_whole_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(layout::CACHE_DIR).join(layout::LINKS_CACHE);
        let mut cache = Cache::default();
        cache
            .links
            .insert("https://example.org/".into(), Entry { checked: 42 });
        write_cache(&path, &cache).unwrap();
        let read = read_cache(&path).unwrap();
        assert_eq!(read.links["https://example.org/"].checked, 42);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [layout::LINKS_CACHE], "no temporary file is left");
    }

    #[test]
    fn the_per_host_limit_holds_back_a_busy_host() {
        let hosts: Vec<String> = ["a", "a", "a", "a", "a", "b"].map(str::to_owned).to_vec();
        let queue = Queue::new(hosts.len());
        let taken: Vec<usize> = (0..5).filter_map(|_| queue.take(&hosts)).collect();
        assert_eq!(taken, [0, 1, 2, 3, 5]);
        queue.finish("a");
        assert_eq!(queue.take(&hosts), Some(4));
        assert_eq!(queue.take(&hosts), None);
    }
}
