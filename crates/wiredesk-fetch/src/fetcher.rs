//! `FetcherBuilder` → `Fetcher`: one reqwest client plus the politeness and safety rules around it.
//!
//! Decisions:
//! - Redirects are followed here, not by reqwest, so every hop gets the same treatment as the
//!   first request: scheme and address guard, rate-limit memory, per-host permit and pacing.
//!   Conditional headers go with every hop: a source whose URL always redirects stores the
//!   validators of the final resource, and a hop that redirects ignores them.
//! - Per host: a semaphore bounds requests in flight, and a "next start" instant spaces them by
//!   `min_delay`, counted from the end of the previous request (polite for slow hosts).
//! - A 429 marks the host for the rest of this `Fetcher`'s life; later requests fail fast.
//! - Proxies are off: a proxy would resolve names itself and the address guard would not see them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::trace;
use url::Url;

use crate::error::FetchError;
use crate::guard::{self, BlockedAddress, GuardedResolver};
use crate::headers;

/// The seam jobs fetch through; a replay implements it with recorded answers.
#[async_trait::async_trait]
pub trait Fetch: Send + Sync {
    async fn get(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError>;
}

/// A GET, with the validators from the last successful fetch for a conditional request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    pub url: Url,
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl FetchRequest {
    /// An unconditional GET.
    pub fn new(url: Url) -> FetchRequest {
        FetchRequest {
            url,
            etag: None,
            last_modified: None,
        }
    }
}

/// A 2xx or 304 answer, after redirects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchResponse {
    pub requested_url: Url,
    /// Where the redirects ended; for Telegram, `t.me/s/x` ending at `t.me/x` means "no public
    /// preview".
    pub final_url: Url,
    pub redirected: bool,
    pub status: u16,
    /// 304: the body is empty and the caller's copy is current.
    pub not_modified: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// From `Cache-Control: max-age` (or `s-maxage`) less `Age`, or `Expires - Date`;
    /// `no-cache`/`no-store` give zero.
    pub fresh_for: Option<Duration>,
    /// From `Retry-After`, when the server sent one.
    pub retry_after: Option<Duration>,
    /// Decoded (gzip, brotli) body, at most `max_body_bytes`.
    pub body: Bytes,
}

/// Politeness shared with other processes: several fetchers on one database ask it for a
/// host's request slot, so that together they keep each host's limits, and tell it of a 429 so
/// that none of them asks that host again too soon. The fetcher's own per-host gate still
/// applies inside each process.
#[async_trait::async_trait]
pub trait SharedHosts: Send + Sync {
    /// Waits for one of the host's request slots under `policy`; returns the slot to give
    /// back with [`SharedHosts::leave`].
    async fn enter(&self, host: &str, policy: HostPolicy) -> Result<u32, FetchError>;
    /// Gives a slot back; the next request in it waits `policy.min_delay`.
    async fn leave(&self, host: &str, slot: u32, policy: HostPolicy);
    /// Until when any fetcher was told to leave the host alone (a 429), if one was.
    async fn retry_at(&self, host: &str) -> Option<SystemTime>;
    /// Tells every fetcher: no request to `host` before `at`.
    async fn rate_limited(&self, host: &str, at: SystemTime);
}

/// How long a host that answered 429 without saying when to come back is left alone by other
/// processes (this one remembers it for the rest of its life).
const SHARED_RATE_LIMIT_WITHOUT_RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// Limits for one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPolicy {
    /// Requests in flight at once; at least 1.
    pub concurrency: usize,
    /// Pause between the end of one request and the start of the next.
    pub min_delay: Duration,
}

/// Settings for a [`Fetcher`]; `new()` gives polite defaults, Telegram hosts included.
#[derive(Debug, Clone)]
pub struct FetcherBuilder {
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    max_body_bytes: u64,
    max_redirects: usize,
    allow_private_addresses: bool,
    default_policy: HostPolicy,
    host_policies: HashMap<String, HostPolicy>,
    shared_hosts: Option<Arc<dyn SharedHosts>>,
    #[cfg(test)]
    test_hosts: HashMap<String, guard::TestHost>,
}

impl std::fmt::Debug for dyn SharedHosts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedHosts")
    }
}

impl Default for FetcherBuilder {
    fn default() -> FetcherBuilder {
        FetcherBuilder::new()
    }
}

impl FetcherBuilder {
    /// Defaults: 30s total timeout, 10s to connect, 10 MiB bodies, 5 redirects, private
    /// addresses refused, 4 requests per host at once, and for `t.me` / `telegram.me` one
    /// request at a time, one second apart.
    pub fn new() -> FetcherBuilder {
        let telegram = HostPolicy {
            concurrency: 1,
            min_delay: Duration::from_secs(1),
        };
        FetcherBuilder {
            user_agent: concat!("wiredesk/", env!("CARGO_PKG_VERSION")).to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private_addresses: false,
            default_policy: HostPolicy {
                concurrency: 4,
                min_delay: Duration::ZERO,
            },
            host_policies: HashMap::from([
                ("t.me".to_owned(), telegram),
                ("telegram.me".to_owned(), telegram),
            ]),
            shared_hosts: None,
            #[cfg(test)]
            test_hosts: HashMap::new(),
        }
    }

    pub fn user_agent(&mut self, user_agent: impl Into<String>) -> &mut FetcherBuilder {
        self.user_agent = user_agent.into();
        self
    }

    /// Total time for one request (one redirect hop), body included.
    pub fn timeout(&mut self, timeout: Duration) -> &mut FetcherBuilder {
        self.timeout = timeout;
        self
    }

    pub fn connect_timeout(&mut self, timeout: Duration) -> &mut FetcherBuilder {
        self.connect_timeout = timeout;
        self
    }

    /// Largest decoded body accepted; larger ones fail with `TooLarge`.
    pub fn max_body_bytes(&mut self, limit: u64) -> &mut FetcherBuilder {
        self.max_body_bytes = limit;
        self
    }

    pub fn max_redirects(&mut self, max_redirects: usize) -> &mut FetcherBuilder {
        self.max_redirects = max_redirects;
        self
    }

    /// Allow loopback, private, link-local and other non-public addresses (tests, intranets).
    pub fn allow_private_addresses(&mut self, allow: bool) -> &mut FetcherBuilder {
        self.allow_private_addresses = allow;
        self
    }

    /// Requests in flight at once for hosts without their own policy.
    pub fn default_concurrency(&mut self, concurrency: usize) -> &mut FetcherBuilder {
        self.default_policy.concurrency = concurrency;
        self
    }

    /// Pause between requests for hosts without their own policy.
    pub fn default_min_delay(&mut self, min_delay: Duration) -> &mut FetcherBuilder {
        self.default_policy.min_delay = min_delay;
        self
    }

    /// Set or replace the policy of one host (exact host name, e.g. `t.me`).
    /// Shares host limits and 429 memory with other processes (see [`SharedHosts`]).
    pub fn shared_hosts(&mut self, shared: Arc<dyn SharedHosts>) -> &mut FetcherBuilder {
        self.shared_hosts = Some(shared);
        self
    }

    pub fn host_policy(&mut self, host: &str, policy: HostPolicy) -> &mut FetcherBuilder {
        self.host_policies
            .insert(host.trim_end_matches('.').to_ascii_lowercase(), policy);
        self
    }

    /// Answer `host` with `addrs` instead of DNS; `treat_as_public` lets the guard accept them.
    #[cfg(test)]
    pub(crate) fn test_host(
        &mut self,
        host: &str,
        addrs: Vec<std::net::IpAddr>,
        treat_as_public: bool,
    ) -> &mut FetcherBuilder {
        self.test_hosts.insert(
            host.to_owned(),
            guard::TestHost {
                addrs,
                treat_as_public,
            },
        );
        self
    }

    pub fn build(&self) -> Result<Fetcher, FetchError> {
        let policies = std::iter::once(("default hosts", &self.default_policy))
            .chain(self.host_policies.iter().map(|(h, p)| (h.as_str(), p)));
        for (host, policy) in policies {
            if policy.concurrency == 0 {
                return Err(FetchError::Config {
                    message: format!("concurrency for {host} must be at least 1"),
                });
            }
        }
        let resolver = GuardedResolver {
            allow_private: self.allow_private_addresses,
            #[cfg(test)]
            test_hosts: self.test_hosts.clone(),
        };
        let client = reqwest::Client::builder()
            .user_agent(self.user_agent.as_str())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(resolver)
            .build()
            .map_err(|error| FetchError::Config {
                message: describe(&error),
            })?;
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                max_body_bytes: self.max_body_bytes,
                max_redirects: self.max_redirects,
                allow_private_addresses: self.allow_private_addresses,
                default_policy: self.default_policy,
                host_policies: self.host_policies.clone(),
                gates: Mutex::new(HashMap::new()),
                rate_limited: Mutex::new(HashMap::new()),
                shared: self.shared_hosts.clone(),
            }),
        })
    }
}

/// The HTTP client of a run; cheap to clone, clones share limits and rate-limit memory.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .field("max_redirects", &self.inner.max_redirects)
            .field(
                "allow_private_addresses",
                &self.inner.allow_private_addresses,
            )
            .finish_non_exhaustive()
    }
}

struct Inner {
    client: reqwest::Client,
    max_body_bytes: u64,
    max_redirects: usize,
    allow_private_addresses: bool,
    default_policy: HostPolicy,
    host_policies: HashMap<String, HostPolicy>,
    gates: Mutex<HashMap<String, Arc<HostGate>>>,
    /// Host → when it said to come back (if it said).
    rate_limited: Mutex<HashMap<String, Option<Instant>>>,
    shared: Option<Arc<dyn SharedHosts>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Concurrency and pacing for one host.
struct HostGate {
    permits: Arc<Semaphore>,
    min_delay: Duration,
    next_start: Mutex<tokio::time::Instant>,
}

/// Held while one request to a host runs.
struct Slot {
    gate: Arc<HostGate>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl HostGate {
    async fn enter(self: &Arc<HostGate>, host: &str) -> Slot {
        // The semaphore is never closed, so acquiring only fails in theory.
        let permit = self.permits.clone().acquire_owned().await.ok();
        if !self.min_delay.is_zero() {
            let start = {
                let mut next_start = lock(&self.next_start);
                let start = (*next_start).max(tokio::time::Instant::now());
                *next_start = start + self.min_delay;
                start
            };
            if start > tokio::time::Instant::now() {
                trace!(
                    host,
                    wait_ms = (start - tokio::time::Instant::now()).as_millis() as u64,
                    "pacing"
                );
                tokio::time::sleep_until(start).await;
            }
        }
        Slot {
            gate: self.clone(),
            _permit: permit,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.gate.min_delay.is_zero() {
            let mut next_start = lock(&self.gate.next_start);
            let after_this = tokio::time::Instant::now() + self.gate.min_delay;
            *next_start = (*next_start).max(after_this);
        }
    }
}

/// What one hop ended in.
enum Hop {
    Done(Box<FetchResponse>),
    Redirect(Url),
}

impl Inner {
    fn policy(&self, host: &str) -> HostPolicy {
        self.host_policies
            .get(host)
            .copied()
            .unwrap_or(self.default_policy)
    }

    fn gate(&self, host: &str) -> Arc<HostGate> {
        let mut gates = lock(&self.gates);
        gates
            .entry(host.to_owned())
            .or_insert_with(|| {
                let policy = self.policy(host);
                Arc::new(HostGate {
                    permits: Arc::new(Semaphore::new(policy.concurrency.max(1))),
                    min_delay: policy.min_delay,
                    next_start: Mutex::new(tokio::time::Instant::now()),
                })
            })
            .clone()
    }

    fn check_rate_limited(&self, host: &str) -> Result<(), FetchError> {
        match lock(&self.rate_limited).get(host) {
            Some(retry_at) => Err(FetchError::RateLimited {
                host: host.to_owned(),
                retry_after: retry_at.map(|at| at.saturating_duration_since(Instant::now())),
            }),
            None => Ok(()),
        }
    }

    fn check_url(&self, url: &Url) -> Result<String, FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::InvalidUrl {
                url: url.to_string(),
                reason: format!("scheme {} is not http or https", url.scheme()),
            });
        }
        let Some(host) = url.host_str() else {
            return Err(FetchError::InvalidUrl {
                url: url.to_string(),
                reason: "no host".to_owned(),
            });
        };
        if !self.allow_private_addresses {
            guard::check_host(url).map_err(|reason| FetchError::Blocked {
                url: url.clone(),
                reason,
            })?;
        }
        Ok(host.to_ascii_lowercase())
    }

    async fn hop(&self, url: &Url, request: &FetchRequest) -> Result<Hop, FetchError> {
        let host = self.check_url(url)?;
        self.check_rate_limited(&host)?;
        let Some(shared) = &self.shared else {
            let _slot = self.gate(&host).enter(&host).await;
            // Another request may have been told 429 while this one waited.
            self.check_rate_limited(&host)?;
            return self.exchange(url, request, host).await;
        };
        let _slot = self.gate(&host).enter(&host).await;
        self.check_rate_limited(&host)?;
        let policy = self.policy(&host);
        let slot = shared.enter(&host, policy).await?;
        // Another process may have been told 429 while this one waited.
        let outcome = match check_shared_rate_limit(shared.as_ref(), &host).await {
            Ok(()) => self.exchange(url, request, host.clone()).await,
            Err(error) => Err(error),
        };
        shared.leave(&host, slot, policy).await;
        // Told 429 now (the answer put the host in this process's memory): tell the others.
        if matches!(&outcome, Err(FetchError::RateLimited { .. }))
            && lock(&self.rate_limited).contains_key(&host)
        {
            let wait = outcome
                .as_ref()
                .err()
                .and_then(FetchError::retry_after)
                .unwrap_or(SHARED_RATE_LIMIT_WITHOUT_RETRY_AFTER);
            shared.rate_limited(&host, SystemTime::now() + wait).await;
        }
        outcome
    }

    /// One request and its answer, once the host's slot is held.
    async fn exchange(
        &self,
        url: &Url,
        request: &FetchRequest,
        host: String,
    ) -> Result<Hop, FetchError> {
        let mut builder = self.client.get(url.clone());
        for (name, value) in [
            (IF_NONE_MATCH, &request.etag),
            (IF_MODIFIED_SINCE, &request.last_modified),
        ] {
            if let Some(value) = value {
                match HeaderValue::from_str(value) {
                    Ok(value) => builder = builder.header(name, value),
                    Err(_) => trace!(url = %url, header = %name, "validator not sendable, skipped"),
                }
            }
        }
        let mut response = builder
            .send()
            .await
            .map_err(|error| map_send_error(&error, url))?;
        let status = response.status().as_u16();
        let now = SystemTime::now();
        let retry_after = headers::retry_after(response.headers(), now);
        trace!(url = %url, status, "response");

        match status {
            304 => Ok(Hop::Done(Box::new(done(
                url,
                status,
                response.headers(),
                now,
                Bytes::new(),
            )))),
            429 => {
                let retry_at = retry_after.and_then(|delay| Instant::now().checked_add(delay));
                lock(&self.rate_limited).insert(host.clone(), retry_at);
                Err(FetchError::RateLimited { host, retry_after })
            }
            301 | 302 | 303 | 307 | 308 => {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|value| value.to_str().ok());
                let Some(location) = location else {
                    return Err(FetchError::Status {
                        url: url.clone(),
                        status,
                        retry_after,
                    });
                };
                let next = url.join(location).map_err(|error| FetchError::InvalidUrl {
                    url: location.to_owned(),
                    reason: format!("bad redirect location from {url}: {error}"),
                })?;
                Ok(Hop::Redirect(next))
            }
            200..=299 => {
                let body = self.read_body(&mut response, url).await?;
                Ok(Hop::Done(Box::new(done(
                    url,
                    status,
                    response.headers(),
                    now,
                    body,
                ))))
            }
            _ => Err(FetchError::Status {
                url: url.clone(),
                status,
                retry_after,
            }),
        }
    }

    async fn read_body(
        &self,
        response: &mut reqwest::Response,
        url: &Url,
    ) -> Result<Bytes, FetchError> {
        let limit = self.max_body_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.clone(),
            limit,
        };
        let declared = response.content_length();
        if declared.is_some_and(|declared| declared > limit) {
            return Err(too_large());
        }
        let capacity = declared.unwrap_or(0).min(limit).min(1024 * 1024);
        let mut body = BytesMut::with_capacity(capacity as usize);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| map_body_error(&error, url))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        if let Some(declared) = declared
            && (body.len() as u64) < declared
        {
            return Err(FetchError::Truncated {
                url: url.clone(),
                message: format!("got {} of {declared} declared bytes", body.len()),
            });
        }
        Ok(body.freeze())
    }
}

/// Refuses a request to a host some process was told to leave alone (a shared 429).
async fn check_shared_rate_limit(shared: &dyn SharedHosts, host: &str) -> Result<(), FetchError> {
    match shared.retry_at(host).await {
        Some(at) if at > SystemTime::now() => Err(FetchError::RateLimited {
            host: host.to_owned(),
            retry_after: at.duration_since(SystemTime::now()).ok(),
        }),
        _ => Ok(()),
    }
}

fn done(
    url: &Url,
    status: u16,
    response_headers: &HeaderMap,
    now: SystemTime,
    body: Bytes,
) -> FetchResponse {
    let text = |name| {
        response_headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
            .map(str::to_owned)
    };
    FetchResponse {
        requested_url: url.clone(),
        final_url: url.clone(),
        redirected: false,
        status,
        not_modified: status == 304,
        etag: text(ETAG),
        last_modified: text(LAST_MODIFIED),
        content_type: text(CONTENT_TYPE),
        fresh_for: headers::fresh_for(response_headers, now),
        retry_after: headers::retry_after(response_headers, now),
        body,
    }
}

impl Fetcher {
    /// POSTs a JSON body to `url` (an API such as a chat-completions endpoint) under the same
    /// rules as a GET: the address guard, the per-host limit and pacing, and the 429 memory.
    /// Redirects are not followed (an API that redirects a POST is misconfigured): a 3xx, like
    /// any status outside 2xx, is an error. `timeout` bounds this request alone.
    pub async fn post_json(
        &self,
        url: &Url,
        body: Vec<u8>,
        bearer: Option<&str>,
        timeout: Duration,
    ) -> Result<FetchResponse, FetchError> {
        let inner = &self.inner;
        let host = inner.check_url(url)?;
        inner.check_rate_limited(&host)?;
        let _slot = inner.gate(&host).enter(&host).await;
        inner.check_rate_limited(&host)?;
        let mut builder = inner
            .client
            .post(url.clone())
            .timeout(timeout)
            .header(CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(token) = bearer {
            builder = builder.bearer_auth(token);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|error| map_send_error(&error, url))?;
        let status = response.status().as_u16();
        let now = SystemTime::now();
        let retry_after = headers::retry_after(response.headers(), now);
        trace!(url = %url, status, "post response");
        match status {
            200..=299 => {
                let body = inner.read_body(&mut response, url).await?;
                Ok(done(url, status, response.headers(), now, body))
            }
            429 => {
                let retry_at = retry_after.and_then(|delay| Instant::now().checked_add(delay));
                lock(&inner.rate_limited).insert(host.clone(), retry_at);
                Err(FetchError::RateLimited { host, retry_after })
            }
            _ => Err(FetchError::Status {
                url: url.clone(),
                status,
                retry_after,
            }),
        }
    }
}

#[async_trait::async_trait]
impl Fetch for Fetcher {
    async fn get(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let mut url = request.url.clone();
        let mut n_redirects = 0;
        loop {
            let hop = self.inner.hop(&url, request).await;
            let hop = match hop {
                Err(FetchError::Blocked { url, reason }) if n_redirects > 0 => {
                    return Err(FetchError::Blocked {
                        url,
                        reason: format!("redirect target refused: {reason}"),
                    });
                }
                hop => hop?,
            };
            match hop {
                Hop::Done(response) => {
                    let mut response = *response;
                    response.requested_url = request.url.clone();
                    response.redirected = n_redirects > 0;
                    return Ok(response);
                }
                Hop::Redirect(next) => {
                    if n_redirects >= self.inner.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: request.url.clone(),
                        });
                    }
                    n_redirects += 1;
                    trace!(from = %url, to = %next, "redirect");
                    url = next;
                }
            }
        }
    }
}

fn map_send_error(error: &reqwest::Error, url: &Url) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(blocked) = current.downcast_ref::<BlockedAddress>() {
            return FetchError::Blocked {
                url: url.clone(),
                reason: blocked.to_string(),
            };
        }
        source = current.source();
    }
    if error.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else if error.is_body() || error.is_decode() {
        FetchError::Truncated {
            url: url.clone(),
            message: describe(error),
        }
    } else {
        FetchError::Transport {
            url: url.clone(),
            message: describe(error),
        }
    }
}

fn map_body_error(error: &reqwest::Error, url: &Url) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else {
        FetchError::Truncated {
            url: url.clone(),
            message: describe(error),
        }
    }
}

/// The causes under reqwest's own message (which only repeats the URL), joined with ": ".
fn describe(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(current) = source {
        parts.push(current.to_string());
        source = current.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
mod tests;
