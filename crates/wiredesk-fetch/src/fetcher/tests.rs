//! The fetcher against the loopback test server: conditional GET, 429 memory, redirects, limits,
//! decoding, per-host concurrency and the address guard. Timeouts are kept short so the suite
//! stays fast.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant, SystemTime};

use url::Url;
use wiredesk_test_support::{Canned, TestServer};

use super::{Fetch, FetchRequest, FetchResponse, Fetcher, FetcherBuilder, HostPolicy};
use crate::FetchError;

/// Private addresses allowed (the server is on 127.0.0.1), short timeouts.
fn builder() -> FetcherBuilder {
    let mut builder = FetcherBuilder::new();
    builder
        .allow_private_addresses(true)
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_millis(500));
    builder
}

fn fetcher() -> Fetcher {
    builder().build().unwrap()
}

async fn get(fetcher: &Fetcher, url: &str) -> Result<FetchResponse, FetchError> {
    fetcher
        .get(&FetchRequest::new(Url::parse(url).unwrap()))
        .await
}

const LAST_MODIFIED: &str = "Tue, 14 Nov 2023 22:13:20 GMT";

#[tokio::test]
async fn first_fetch_captures_validators_and_conditional_fetch_is_not_modified() {
    let server = TestServer::start().await;
    server.route(
        "/feed.xml",
        Canned::ok("<rss/>")
            .content_type("application/rss+xml")
            .etag("\"v1\"")
            .last_modified(LAST_MODIFIED),
    );
    let fetcher = fetcher();

    let first = get(&fetcher, &server.url("/feed.xml")).await.unwrap();
    assert_eq!(first.status, 200);
    assert!(!first.not_modified);
    assert!(!first.redirected);
    assert_eq!(first.body.as_ref(), b"<rss/>");
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    assert_eq!(first.last_modified.as_deref(), Some(LAST_MODIFIED));
    assert_eq!(first.content_type.as_deref(), Some("application/rss+xml"));
    assert_eq!(first.fresh_for, None);
    let headers = server.last_request_headers("/feed.xml").unwrap();
    assert!(headers.get("if-none-match").is_none());
    let user_agent = headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(user_agent.starts_with("wiredesk/"), "{user_agent}");

    let request = FetchRequest {
        url: first.final_url.clone(),
        etag: first.etag.clone(),
        last_modified: first.last_modified.clone(),
    };
    let second = fetcher.get(&request).await.unwrap();
    assert_eq!(second.status, 304);
    assert!(second.not_modified);
    assert!(second.body.is_empty());
    assert_eq!(second.etag.as_deref(), Some("\"v1\""));
    let headers = server.last_request_headers("/feed.xml").unwrap();
    assert_eq!(headers.get("if-none-match").unwrap(), "\"v1\"");
    assert_eq!(headers.get("if-modified-since").unwrap(), LAST_MODIFIED);

    // A changed resource answers 200 again.
    server.route("/feed.xml", Canned::ok("<rss>2</rss>").etag("\"v2\""));
    let third = fetcher.get(&request).await.unwrap();
    assert!(!third.not_modified);
    assert_eq!(third.etag.as_deref(), Some("\"v2\""));
    assert_eq!(server.hits("/feed.xml"), 3);
}

#[tokio::test]
async fn rate_limited_host_fails_fast_for_the_rest_of_the_run() {
    let server = TestServer::start().await;
    server.route("/a", Canned::status(429).header("Retry-After", "120"));
    server.route("/b", Canned::ok("fine"));
    let fetcher = fetcher();

    let error = get(&fetcher, &server.url("/a")).await.unwrap_err();
    assert!(
        matches!(&error, FetchError::RateLimited { host, retry_after: Some(delay) }
            if host == "127.0.0.1" && *delay == Duration::from_secs(120)),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(
        error.to_string(),
        "rate limited by 127.0.0.1, retry after 120s"
    );
    assert_eq!(server.hits("/a"), 1);

    // The same host, another path: refused without a request; the clone shares the memory.
    let clone = fetcher.clone();
    let error = get(&clone, &server.url("/b")).await.unwrap_err();
    let FetchError::RateLimited { retry_after, .. } = error else {
        panic!("expected RateLimited, got {error:?}");
    };
    assert!(
        retry_after.is_some_and(
            |delay| delay <= Duration::from_secs(120) && delay > Duration::from_secs(100)
        )
    );
    assert_eq!(server.hits("/a"), 1);
    assert_eq!(server.hits("/b"), 0);

    // A fresh fetcher (a new run) tries again.
    assert!(get(&fetcher_for_new_run(), &server.url("/b")).await.is_ok());
    assert_eq!(server.hits("/b"), 1);
}

fn fetcher_for_new_run() -> Fetcher {
    fetcher()
}

#[tokio::test]
async fn rate_limited_with_http_date() {
    let server = TestServer::start().await;
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    server.route("/a", Canned::status(429).header("Retry-After", &later));
    let fetcher = fetcher();
    let error = get(&fetcher, &server.url("/a")).await.unwrap_err();
    let delay = error.retry_after().unwrap();
    assert!(
        delay > Duration::from_secs(110) && delay <= Duration::from_secs(120),
        "{delay:?}"
    );
    let again = get(&fetcher, &server.url("/a")).await.unwrap_err();
    assert!(matches!(again, FetchError::RateLimited { .. }), "{again:?}");
    assert_eq!(server.hits("/a"), 1);
}

#[tokio::test]
async fn error_statuses() {
    let server = TestServer::start().await;
    server.route("/boom", Canned::status(500));
    server.route("/busy", Canned::status(503).header("Retry-After", "30"));
    let fetcher = fetcher();

    let error = get(&fetcher, &server.url("/boom")).await.unwrap_err();
    assert!(
        matches!(
            error,
            FetchError::Status {
                status: 500,
                retry_after: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.is_not_found());
    assert_eq!(
        error.to_string(),
        format!("unexpected status 500 from {}", server.url("/boom"))
    );

    let error = get(&fetcher, &server.url("/busy")).await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));

    let error = get(&fetcher, &server.url("/missing")).await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");

    // Errors other than 429 leave the host usable.
    server.route("/boom", Canned::ok("recovered"));
    assert!(get(&fetcher, &server.url("/boom")).await.is_ok());
}

#[tokio::test]
async fn slow_answer_times_out() {
    let server = TestServer::start().await;
    server.route("/slow", Canned::ok("late").delay(Duration::from_secs(2)));
    let mut builder = builder();
    builder.timeout(Duration::from_millis(200));
    let fetcher = builder.build().unwrap();
    let started = Instant::now();
    let error = get(&fetcher, &server.url("/slow")).await.unwrap_err();
    assert!(matches!(error, FetchError::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn body_shorter_than_declared_is_truncated() {
    let server = TestServer::start().await;
    server.route("/cut", Canned::ok(vec![b'a'; 5000]).truncate_after(100));
    let error = get(&fetcher(), &server.url("/cut")).await.unwrap_err();
    assert!(matches!(error, FetchError::Truncated { .. }), "{error:?}");
}

#[tokio::test]
async fn redirects_are_followed_and_reported() {
    let server = TestServer::start().await;
    // Telegram answers t.me/s/<name> without a public preview with a bare 302 to t.me/<name>.
    server.route("/s/closed", Canned::redirect(302, "/closed"));
    server.route("/closed", Canned::ok("channel page"));
    server.route("/old", Canned::redirect(301, &server.url("/mid?x=1")));
    server.route("/mid?x=1", Canned::redirect(308, "new"));
    server.route("/new", Canned::ok("moved"));
    let fetcher = fetcher();

    let response = get(&fetcher, &server.url("/s/closed")).await.unwrap();
    assert!(response.redirected);
    assert_eq!(response.requested_url.as_str(), server.url("/s/closed"));
    assert_eq!(response.final_url.as_str(), server.url("/closed"));
    assert_eq!(response.body.as_ref(), b"channel page");

    let response = get(&fetcher, &server.url("/old")).await.unwrap();
    assert_eq!(response.final_url.as_str(), server.url("/new"));
    assert_eq!(server.hits("/mid?x=1"), 1);

    let response = get(&fetcher, &server.url("/new")).await.unwrap();
    assert!(!response.redirected);
    assert_eq!(response.final_url, response.requested_url);
}

#[tokio::test]
async fn redirect_loop_stops() {
    let server = TestServer::start().await;
    server.route("/a", Canned::redirect(302, "/b"));
    server.route("/b", Canned::redirect(302, "/a"));
    let mut builder = builder();
    builder.max_redirects(3);
    let error = get(&builder.build().unwrap(), &server.url("/a"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, FetchError::TooManyRedirects { .. }),
        "{error:?}"
    );
    // The first request plus three followed hops.
    assert_eq!(server.hits("/a") + server.hits("/b"), 4);

    server.route("/nowhere", Canned::status(302));
    let error = get(&fetcher(), &server.url("/nowhere")).await.unwrap_err();
    assert!(
        matches!(error, FetchError::Status { status: 302, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn gzip_body_is_decoded() {
    let server = TestServer::start().await;
    let text = "Это тест. ".repeat(200);
    server.route("/z", Canned::ok(text.clone()).gzip());
    let response = get(&fetcher(), &server.url("/z")).await.unwrap();
    assert_eq!(response.body.as_ref(), text.as_bytes());
    let headers = server.last_request_headers("/z").unwrap();
    let accept = headers.get("accept-encoding").unwrap().to_str().unwrap();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");
}

#[tokio::test]
async fn body_over_the_cap_is_too_large() {
    let server = TestServer::start().await;
    server.route("/big", Canned::ok(vec![b'a'; 5000]));
    // Compressed, so no Content-Length after decoding: the streaming cap must catch it.
    server.route("/bomb", Canned::ok(vec![b'a'; 50_000]).gzip());
    server.route("/fits", Canned::ok(vec![b'a'; 1000]));
    let mut builder = builder();
    builder.max_body_bytes(1000);
    let fetcher = builder.build().unwrap();

    for path in ["/big", "/bomb"] {
        let error = get(&fetcher, &server.url(path)).await.unwrap_err();
        assert!(
            matches!(error, FetchError::TooLarge { limit: 1000, .. }),
            "{path}: {error:?}"
        );
    }
    let response = get(&fetcher, &server.url("/fits")).await.unwrap();
    assert_eq!(response.body.len(), 1000);
}

#[tokio::test]
async fn cache_control_gives_freshness() {
    let server = TestServer::start().await;
    server.route(
        "/c",
        Canned::ok("x").header("Cache-Control", "public, max-age=300"),
    );
    server.route("/n", Canned::ok("x").header("Cache-Control", "no-store"));
    let fetcher = fetcher();
    let response = get(&fetcher, &server.url("/c")).await.unwrap();
    assert_eq!(response.fresh_for, Some(Duration::from_secs(300)));
    let response = get(&fetcher, &server.url("/n")).await.unwrap();
    assert_eq!(response.fresh_for, Some(Duration::ZERO));
}

async fn max_in_flight_with(concurrency: usize) -> (usize, usize) {
    let server = TestServer::start().await;
    server.route("/slow", Canned::ok("x").delay(Duration::from_millis(60)));
    let mut builder = builder();
    builder.default_concurrency(concurrency);
    let fetcher = builder.build().unwrap();
    let url = server.url("/slow");
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let fetcher = fetcher.clone();
            let url = url.clone();
            tokio::spawn(async move { get(&fetcher, &url).await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    (server.max_in_flight(), server.hits("/slow"))
}

#[tokio::test]
async fn per_host_concurrency_serializes_requests() {
    assert_eq!(max_in_flight_with(1).await, (1, 4));
    // The control: the same load without the limit does overlap.
    let (max_in_flight, hits) = max_in_flight_with(4).await;
    assert!(max_in_flight > 1, "{max_in_flight}");
    assert_eq!(hits, 4);
}

#[tokio::test]
async fn per_host_pacing_spaces_requests() {
    let server = TestServer::start().await;
    server.route("/p", Canned::ok("x"));
    let mut builder = builder();
    builder.host_policy(
        "127.0.0.1",
        HostPolicy {
            concurrency: 1,
            min_delay: Duration::from_millis(100),
        },
    );
    let fetcher = builder.build().unwrap();
    let started = Instant::now();
    for _ in 0..3 {
        get(&fetcher, &server.url("/p")).await.unwrap();
    }
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.hits("/p"), 3);
}

#[tokio::test]
async fn bad_urls_and_settings() {
    let error = get(&fetcher(), "ftp://example.com/file").await.unwrap_err();
    assert!(
        matches!(&error, FetchError::InvalidUrl { reason, .. } if reason.contains("scheme ftp")),
        "{error:?}"
    );
    let mut builder = builder();
    builder.host_policy(
        "t.me",
        HostPolicy {
            concurrency: 0,
            min_delay: Duration::ZERO,
        },
    );
    let error = builder.build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid fetcher configuration: concurrency for t.me must be at least 1"
    );
}

// --- address guard: private addresses NOT allowed ---

fn guarded_builder() -> FetcherBuilder {
    let mut builder = builder();
    builder.allow_private_addresses(false);
    builder
}

#[tokio::test]
async fn guard_refuses_private_literals_and_localhost() {
    let server = TestServer::start().await;
    server.route("/x", Canned::ok("secret"));
    let fetcher = guarded_builder().build().unwrap();
    let port = server.addr.port();
    let cases = [
        (server.url("/x"), "127.0.0.1 is a loopback address"),
        (
            format!("http://[::1]:{port}/x"),
            "::1 is a loopback address",
        ),
        (
            format!("http://localhost:{port}/x"),
            "localhost is a loopback name",
        ),
        (
            "http://10.0.0.1/".to_owned(),
            "10.0.0.1 is a private address",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "169.254.169.254 is a link-local address",
        ),
        (
            "http://[fd00::1]/".to_owned(),
            "fd00::1 is a unique local address",
        ),
    ];
    for (url, reason) in cases {
        let error = get(&fetcher, &url).await.unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, FetchError::Blocked { .. }),
            "{url}: {error:?}"
        );
        assert!(message.contains(reason), "{url}: {message}");
        assert!(
            message.contains("set allow_private_addresses = true to allow"),
            "{message}"
        );
    }
    assert_eq!(server.hits("/x"), 0);
}

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

#[tokio::test]
async fn guard_checks_resolved_addresses() {
    let server = TestServer::start().await;
    server.route("/x", Canned::ok("secret"));
    let port = server.addr.port();
    let mut builder = guarded_builder();
    builder.test_host("rebind.test", vec![LOOPBACK], false);
    builder.test_host(
        "mixed.test",
        vec!["93.184.215.14".parse().unwrap(), LOOPBACK],
        false,
    );
    let fetcher = builder.build().unwrap();

    let error = get(&fetcher, &format!("http://rebind.test:{port}/x"))
        .await
        .unwrap_err();
    assert!(matches!(error, FetchError::Blocked { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("rebind.test resolves to loopback address 127.0.0.1"),
        "{error}"
    );
    let error = get(&fetcher, &format!("http://mixed.test:{port}/x"))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("resolves to loopback address"),
        "{error}"
    );
    assert_eq!(server.hits("/x"), 0);
}

#[tokio::test]
async fn guard_checks_every_redirect_hop() {
    let server = TestServer::start().await;
    let port = server.addr.port();
    server.route("/ok", Canned::ok("public page"));
    server.route("/secret", Canned::ok("secret"));
    let mut builder = guarded_builder();
    // A public-looking name for the loopback server, and one that rebinds to loopback.
    builder.test_host("public.test", vec![LOOPBACK], true);
    builder.test_host("rebind.test", vec![LOOPBACK], false);
    let fetcher = builder.build().unwrap();

    // The public name itself passes.
    let response = get(&fetcher, &format!("http://public.test:{port}/ok"))
        .await
        .unwrap();
    assert_eq!(response.body.as_ref(), b"public page");

    let targets = [
        (
            format!("http://127.0.0.1:{port}/secret"),
            "127.0.0.1 is a loopback address",
        ),
        (
            format!("http://localhost:{port}/secret"),
            "localhost is a loopback name",
        ),
        (
            format!("http://rebind.test:{port}/secret"),
            "resolves to loopback address 127.0.0.1",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "link-local address",
        ),
    ];
    for (target, reason) in targets {
        server.route("/hop", Canned::redirect(302, &target));
        let error = get(&fetcher, &format!("http://public.test:{port}/hop"))
            .await
            .unwrap_err();
        let FetchError::Blocked { url, .. } = &error else {
            panic!("expected Blocked for {target}, got {error:?}");
        };
        assert_eq!(url.as_str(), target);
        let message = error.to_string();
        assert!(message.contains("redirect target refused"), "{message}");
        assert!(message.contains(reason), "{message}");
    }
    assert_eq!(server.hits("/hop"), 4);
    assert_eq!(server.hits("/secret"), 0);
}

/// An in-memory stand-in for the database's host slots, shared by two fetchers as two
/// processes would share one database.
#[derive(Default)]
struct MemoryHosts {
    held: std::sync::Mutex<std::collections::HashMap<String, u32>>,
    retry_at: std::sync::Mutex<std::collections::HashMap<String, SystemTime>>,
    entered: std::sync::atomic::AtomicUsize,
}

#[async_trait::async_trait]
impl super::SharedHosts for MemoryHosts {
    async fn enter(&self, host: &str, policy: HostPolicy) -> Result<u32, FetchError> {
        loop {
            {
                let mut held = self.held.lock().unwrap();
                let count = held.entry(host.to_string()).or_default();
                if (*count as usize) < policy.concurrency {
                    *count += 1;
                    self.entered
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    return Ok(0);
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn leave(&self, host: &str, _slot: u32, _policy: HostPolicy) {
        *self
            .held
            .lock()
            .unwrap()
            .entry(host.to_string())
            .or_default() -= 1;
    }

    async fn retry_at(&self, host: &str) -> Option<SystemTime> {
        self.retry_at.lock().unwrap().get(host).copied()
    }

    async fn rate_limited(&self, host: &str, at: SystemTime) {
        self.retry_at.lock().unwrap().insert(host.to_string(), at);
    }
}

/// Two fetchers (two processes) sharing host limits: together one request at a time to a
/// host allowed one, and a 429 told to one keeps the other away.
#[tokio::test]
async fn fetchers_sharing_hosts_keep_one_limit_and_one_rate_limit_memory() {
    let server = TestServer::start().await;
    server.route("/slow", Canned::ok("x").delay(Duration::from_millis(60)));
    let shared = std::sync::Arc::new(MemoryHosts::default());
    let fetchers: Vec<Fetcher> = (0..2)
        .map(|_| {
            let mut builder = builder();
            builder.default_concurrency(1).shared_hosts(shared.clone());
            builder.build().unwrap()
        })
        .collect();
    let url = server.url("/slow");
    let tasks: Vec<_> = (0..4)
        .map(|n| {
            let fetcher = fetchers[n % 2].clone();
            let url = url.clone();
            tokio::spawn(async move { get(&fetcher, &url).await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!((server.max_in_flight(), server.hits("/slow")), (1, 4));
    assert_eq!(shared.entered.load(std::sync::atomic::Ordering::SeqCst), 4);

    server.route("/limited", Canned::status(429).header("Retry-After", "60"));
    server.route("/fine", Canned::ok("fine"));
    assert!(matches!(
        get(&fetchers[0], &server.url("/limited")).await,
        Err(FetchError::RateLimited { .. })
    ));
    // The other process never saw the 429 itself, and still stays away.
    let error = get(&fetchers[1], &server.url("/fine")).await.unwrap_err();
    assert!(
        matches!(&error, FetchError::RateLimited { retry_after: Some(wait), .. }
            if *wait <= Duration::from_secs(60) && *wait > Duration::from_secs(50)),
        "{error:?}"
    );
    assert_eq!(server.hits("/fine"), 0);
}
