//! A loopback HTTP server for tests: binds `127.0.0.1:0`, answers each path with a canned
//! response that a test can change between requests, and records hits, request headers and how
//! many requests were in flight at once.
//!
//! Decision: routes are keyed by the exact path plus query string and looked up from one fallback
//! handler, so a test can add or replace routes at any time without rebuilding a router. Odd
//! answers (slow, gzip, truncated, 304 on a matching ETag) are flags on [`Canned`], not handlers.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt as _;
use tokio::task::JoinHandle;

/// What a path answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Compress the body and send `Content-Encoding: gzip`.
    pub gzip: bool,
    /// Send this `ETag`; answer 304 when `If-None-Match` matches it.
    pub etag: Option<String>,
    /// Send this `Last-Modified`; answer 304 when `If-Modified-Since` equals it (and no
    /// `If-None-Match` was sent).
    pub last_modified: Option<String>,
    /// Declare the full `Content-Length` but send only this many bytes, then drop the connection.
    pub truncate_after: Option<usize>,
}

impl Canned {
    /// 200 with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Canned {
        Canned {
            status: 200,
            headers: Vec::new(),
            body: body.into(),
            delay: None,
            gzip: false,
            etag: None,
            last_modified: None,
            truncate_after: None,
        }
    }

    /// This status with an empty body.
    pub fn status(code: u16) -> Canned {
        Canned {
            status: code,
            ..Canned::ok(Vec::new())
        }
    }

    /// A redirect (`code` is 301, 302, 303, 307 or 308) to `location`, empty body.
    pub fn redirect(code: u16, location: &str) -> Canned {
        Canned::status(code).header("Location", location)
    }

    /// 200 with a file's bytes (usually `fixture(..)`) and a content type guessed from its
    /// extension. Panics when the file cannot be read: a missing fixture is a broken test.
    pub fn file(path: impl AsRef<Path>) -> Canned {
        let path = path.as_ref();
        let body = std::fs::read(path)
            .unwrap_or_else(|error| panic!("cannot read fixture {}: {error}", path.display()));
        let content_type = match path.extension().and_then(|ext| ext.to_str()) {
            Some("html" | "htm") => Some("text/html; charset=utf-8"),
            Some("xml") => Some("application/xml"),
            Some("rss") => Some("application/rss+xml"),
            Some("atom") => Some("application/atom+xml"),
            Some("json") => Some("application/json"),
            Some("txt") => Some("text/plain; charset=utf-8"),
            _ => None,
        };
        let canned = Canned::ok(body);
        match content_type {
            Some(content_type) => canned.content_type(content_type),
            None => canned,
        }
    }

    /// Replace the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Canned {
        self.body = body.into();
        self
    }

    /// Add a response header.
    pub fn header(mut self, name: &str, value: &str) -> Canned {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Add a `Content-Type` header.
    pub fn content_type(self, value: &str) -> Canned {
        self.header("Content-Type", value)
    }

    /// Answer after this delay.
    pub fn delay(mut self, delay: Duration) -> Canned {
        self.delay = Some(delay);
        self
    }

    /// Gzip the body and send `Content-Encoding: gzip`.
    pub fn gzip(mut self) -> Canned {
        self.gzip = true;
        self
    }

    /// Send this `ETag` (give the quotes: `"\"v1\""`) and answer 304 when it is sent back.
    pub fn etag(mut self, etag: &str) -> Canned {
        self.etag = Some(etag.to_owned());
        self
    }

    /// Send this `Last-Modified` and answer 304 when it is sent back in `If-Modified-Since`.
    pub fn last_modified(mut self, value: &str) -> Canned {
        self.last_modified = Some(value.to_owned());
        self
    }

    /// Declare the full `Content-Length` but send only `n_bytes`, then drop the connection.
    pub fn truncate_after(mut self, n_bytes: usize) -> Canned {
        self.truncate_after = Some(n_bytes);
        self
    }
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, Canned>,
    hits: HashMap<String, usize>,
    last_headers: HashMap<String, HeaderMap>,
    n_in_flight: usize,
    max_in_flight: usize,
    log: Vec<Logged>,
}

/// One request as the server saw it: its path (with the query string), when it came in and
/// when its answer was done (`None` while it runs, or when the client went away first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub key: String,
    pub started: std::time::SystemTime,
    pub finished: Option<std::time::SystemTime>,
}

type SharedState = Arc<Mutex<Shared>>;

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panicking test thread must not hide the state from the others.
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A loopback HTTP/1.1 server on `127.0.0.1:<random port>`; stops accepting when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    shared: SharedState,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Bind `127.0.0.1:0` and serve on a tokio task of the current runtime.
    pub async fn start() -> TestServer {
        TestServer::start_on(std::net::Ipv4Addr::LOCALHOST.into()).await
    }

    /// Bind `<ip>:0` (any loopback address, `127.0.0.2` and up, is a host of its own to a
    /// client) and serve on a tokio task of the current runtime.
    pub async fn start_on(ip: std::net::IpAddr) -> TestServer {
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .unwrap_or_else(|error| panic!("bind {ip}:0: {error}"));
        let addr = listener
            .local_addr()
            .expect("local address of the test server");
        let shared = SharedState::default();
        let app = Router::new().fallback(answer).with_state(shared.clone());
        let task = tokio::spawn(async move {
            // The listener only fails when the task is aborted or the runtime stops.
            let _ = axum::serve(listener, app).await;
        });
        TestServer { addr, shared, task }
    }

    /// `http://127.0.0.1:PORT/path`; `path` may carry a query string.
    pub fn url(&self, path: &str) -> String {
        let path = path.strip_prefix('/').unwrap_or(path);
        format!("http://{}/{path}", self.addr)
    }

    /// Set or replace what `path` (with its query string, if any) answers.
    pub fn route(&self, path: &str, response: Canned) {
        lock(&self.shared)
            .routes
            .insert(normalize_key(path), response);
    }

    /// How many requests `path` (with its query string, if any) got, known or not.
    pub fn hits(&self, path: &str) -> usize {
        let key = normalize_key(path);
        lock(&self.shared).hits.get(&key).copied().unwrap_or(0)
    }

    /// The headers of the last request to `path`.
    pub fn last_request_headers(&self, path: &str) -> Option<HeaderMap> {
        let key = normalize_key(path);
        lock(&self.shared).last_headers.get(&key).cloned()
    }

    /// The most requests this server was answering at the same time, over all paths.
    pub fn max_in_flight(&self) -> usize {
        lock(&self.shared).max_in_flight
    }

    /// Every request so far, in the order they came in.
    pub fn log(&self) -> Vec<Logged> {
        lock(&self.shared).log.clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn normalize_key(path: &str) -> String {
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// Counts a request as in flight until the handler finishes or is dropped, and logs it.
struct InFlight {
    shared: SharedState,
    /// Its place in the log.
    index: usize,
    done: bool,
}

impl InFlight {
    fn enter(shared: &SharedState, key: &str) -> InFlight {
        let mut state = lock(shared);
        state.n_in_flight += 1;
        state.max_in_flight = state.max_in_flight.max(state.n_in_flight);
        state.log.push(Logged {
            key: key.to_owned(),
            started: std::time::SystemTime::now(),
            finished: None,
        });
        InFlight {
            shared: shared.clone(),
            index: state.log.len() - 1,
            done: false,
        }
    }

    /// The answer is ready: the request counts as finished.
    fn finish(mut self) {
        self.done = true;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = lock(&self.shared);
        state.n_in_flight = state.n_in_flight.saturating_sub(1);
        if self.done
            && let Some(logged) = state.log.get_mut(self.index)
        {
            logged.finished = Some(std::time::SystemTime::now());
        }
    }
}

async fn answer(State(shared): State<SharedState>, request: Request) -> Response {
    let key = match request.uri().query() {
        Some(query) => format!("{}?{query}", request.uri().path()),
        None => request.uri().path().to_owned(),
    };
    let in_flight = InFlight::enter(&shared, &key);
    let canned = {
        let mut state = lock(&shared);
        *state.hits.entry(key.clone()).or_insert(0) += 1;
        state
            .last_headers
            .insert(key.clone(), request.headers().clone());
        state.routes.get(&key).cloned()
    };
    let Some(canned) = canned else {
        in_flight.finish();
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    if let Some(delay) = canned.delay {
        tokio::time::sleep(delay).await;
    }
    let response = build_response(&canned, request.headers())
        .unwrap_or_else(|message| (StatusCode::INTERNAL_SERVER_ERROR, message).into_response());
    in_flight.finish();
    response
}

fn build_response(canned: &Canned, request_headers: &HeaderMap) -> Result<Response, String> {
    let status = StatusCode::from_u16(canned.status)
        .map_err(|error| format!("bad canned status {}: {error}", canned.status))?;
    let mut headers = HeaderMap::new();
    for (name, value) in &canned.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|error| format!("bad canned header name {name:?}: {error}"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|error| format!("bad canned header value {value:?}: {error}"))?;
        headers.append(name, value);
    }
    for (name, value) in [(ETAG, &canned.etag), (LAST_MODIFIED, &canned.last_modified)] {
        if let Some(value) = value {
            let value = HeaderValue::from_str(value)
                .map_err(|error| format!("bad canned {name} {value:?}: {error}"))?;
            headers.insert(name, value);
        }
    }

    if is_not_modified(canned, request_headers) {
        headers.remove(CONTENT_TYPE);
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }

    let body = if canned.gzip {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        gzip(&canned.body).map_err(|error| format!("cannot gzip canned body: {error}"))?
    } else {
        canned.body.clone()
    };

    let body = match canned.truncate_after {
        Some(n_bytes) if n_bytes < body.len() => {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
            let sent = Bytes::copy_from_slice(&body[..n_bytes]);
            // Pause before failing so hyper flushes the headers and the partial body first;
            // the error then makes it drop the connection short of the declared length.
            let fail = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(std::io::Error::other("truncated on purpose"))
            });
            let chunks =
                futures_util::stream::iter([Ok::<Bytes, std::io::Error>(sent)]).chain(fail);
            Body::from_stream(chunks)
        }
        _ => Body::from(body),
    };
    Ok((status, headers, body).into_response())
}

fn is_not_modified(canned: &Canned, request_headers: &HeaderMap) -> bool {
    let if_none_match = request_headers
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if let Some(if_none_match) = if_none_match {
        let Some(etag) = &canned.etag else {
            return false;
        };
        let etag = etag.trim_start_matches("W/");
        return if_none_match
            .split(',')
            .map(|candidate| candidate.trim().trim_start_matches("W/"))
            .any(|candidate| candidate == "*" || candidate == etag);
    }
    let if_modified_since = request_headers
        .get(IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok());
    matches!(
        (if_modified_since, &canned.last_modified),
        (Some(since), Some(last_modified)) if since == last_modified
    )
}

fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

#[cfg(test)]
mod tests;
