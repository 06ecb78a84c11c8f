//! The loopback server answered over a raw socket, so these tests need no HTTP client.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Canned, TestServer};

async fn raw_get(server: &TestServer, path: &str, extra_headers: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{extra_headers}\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    // A truncated answer ends with a reset; keep what arrived.
    let _ = stream.read_to_end(&mut response).await;
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn unknown_path_is_404_and_counted() {
    let server = TestServer::start().await;
    let response = raw_get(&server, "/nope?x=1", "").await;
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");
    assert_eq!(server.hits("/nope?x=1"), 1);
    assert_eq!(server.hits("/nope"), 0);
}

#[tokio::test]
async fn route_can_change_between_requests_and_headers_are_kept() {
    let server = TestServer::start().await;
    server.route("/a", Canned::ok("first").content_type("text/plain"));
    let response = raw_get(&server, "/a", "X-Probe: one\r\n").await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("first"), "{response}");
    server.route("a", Canned::redirect(302, "/b"));
    let response = raw_get(&server, "/a", "").await;
    assert!(response.starts_with("HTTP/1.1 302"), "{response}");
    assert!(
        response.to_ascii_lowercase().contains("location: /b"),
        "{response}"
    );
    assert_eq!(server.hits("/a"), 2);
    let headers = server.last_request_headers("/a").unwrap();
    assert!(headers.get("x-probe").is_none());
    assert_eq!(server.url("/a"), format!("http://{}/a", server.addr));
}

#[tokio::test]
async fn matching_etag_answers_304_and_truncation_declares_full_length() {
    let server = TestServer::start().await;
    server.route("/e", Canned::ok("body").etag("\"v1\""));
    let response = raw_get(&server, "/e", "If-None-Match: W/\"v0\", \"v1\"\r\n").await;
    assert!(response.starts_with("HTTP/1.1 304"), "{response}");
    let response = raw_get(&server, "/e", "If-None-Match: \"v0\"\r\n").await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    server.route("/t", Canned::ok(vec![b'x'; 100]).truncate_after(10));
    let response = raw_get(&server, "/t", "").await;
    assert!(
        response
            .to_ascii_lowercase()
            .contains("content-length: 100"),
        "{response}"
    );
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert_eq!(body, "x".repeat(10));
}
