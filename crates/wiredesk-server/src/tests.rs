//! Router tests: `router(state).oneshot(request)` over an in-memory SQLite store seeded with a
//! hand-built story, two versions of its brief and two sources. No socket.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use tower::ServiceExt;
use wiredesk_model::{
    Brief, LedgerRow, Origin, Post, ProvenanceItem, Relay, RelayKind, Revision, Section, Sentence,
    Slot, SlotStatus, SlotValue, SourceKind, SourceSpec, SpeakerKind, Story, Trust,
};
use wiredesk_render::Site;
use wiredesk_store::{PageCommit, Store};

use crate::layers::CONTENT_SECURITY_POLICY;
use crate::{AppState, Metrics, router};

mod failing_store;
mod metrics;
mod writes;

const STORY_ID: &str = "talks-istanbul";
const LONE_STORY_ID: &str = "lone-post";
const FEED_URL: &str = "https://wire.example.org/world/rss.xml";
const FEED_KEY_ENCODED: &str = "https%3A%2F%2Fwire.example.org%2Fworld%2Frss.xml";
const TOKEN: &str = "s3cret-token";

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, hour, minute, 0)
        .single()
        .expect("valid test time")
}

fn telegram_post(id: &str, minute: u32, text: &str) -> Post {
    let mut post = Post::new("osintbrief", id, at(8, minute));
    post.url = Some(format!("https://t.me/osintbrief/{id}"));
    post.text = text.to_string();
    post
}

fn story() -> Story {
    Story {
        id: STORY_ID.to_string(),
        kind: "talks".to_string(),
        title: "Talks in Istanbul".to_string(),
        posts: vec!["osintbrief/101".to_string(), "osintbrief/102".to_string()],
        origins: vec![Origin {
            name: "AFP".to_string(),
            aliases: Vec::new(),
            kind: SpeakerKind::Outlet,
            first_seen: at(8, 38),
            verified: false,
            verified_at: None,
            denies: false,
            relays: vec![Relay {
                post: "osintbrief/101".to_string(),
                source: "osintbrief".to_string(),
                kind: RelayKind::Citation,
                first_seen: at(8, 38),
                lag_secs: 0,
                before_origin: true,
                similarity: None,
            }],
        }],
        slots: vec![Slot {
            name: "venue".to_string(),
            status: SlotStatus::SingleOrigin,
            values: vec![SlotValue {
                value: "Istanbul".to_string(),
                origins: vec!["AFP".to_string()],
                evidence: Vec::new(),
                denied: false,
            }],
        }],
        ledger_history: Vec::new(),
        first_seen: at(8, 38),
        updated_at: at(9, 5),
        entities: vec!["Istanbul".to_string(), "Turkey".to_string()],
        wikipedia: Default::default(),
        digest: String::new(),
    }
}

fn lone_story() -> Story {
    Story {
        id: LONE_STORY_ID.to_string(),
        kind: "statement".to_string(),
        title: "A lone post".to_string(),
        posts: vec!["osintbrief/103".to_string()],
        origins: Vec::new(),
        slots: Vec::new(),
        ledger_history: Vec::new(),
        first_seen: at(8, 50),
        updated_at: at(8, 50),
        entities: Vec::new(),
        wikipedia: Default::default(),
        digest: String::new(),
    }
}

fn sentence(text: &str) -> Sentence {
    Sentence {
        text: text.to_string(),
        citations: vec!["https://t.me/osintbrief/101".to_string()],
    }
}

fn brief(version: u32, headline: &str) -> Brief {
    Brief {
        story_id: STORY_ID.to_string(),
        version,
        generated_at: at(9, version * 10),
        headline: sentence(headline),
        standfirst: sentence("A diplomatic source cited by AFP says talks are under way."),
        sections: vec![Section {
            heading: "What happened".to_string(),
            sentences: vec![sentence(
                "Talks were under way in Istanbul, according to a diplomatic source cited by AFP.",
            )],
            label: None,
        }],
        ledger: vec![LedgerRow {
            slot: "venue".to_string(),
            label: String::new(),
            values: vec!["Istanbul (AFP)".to_string()],
            status: SlotStatus::SingleOrigin,
            evidence: vec!["https://t.me/osintbrief/101".to_string()],
        }],
        unknowns: vec!["They do not say who leads either delegation.".to_string()],
        desk_note: "One origin, relayed once; pending direct confirmation from AFP.".to_string(),
        provenance: vec![ProvenanceItem {
            url: "https://t.me/osintbrief/101".to_string(),
            kind: "telegram-post".to_string(),
            first_seen: at(8, 38),
            sha256: Some("ab".repeat(32)),
        }],
        revisions: (1..=version)
            .map(|v| Revision {
                at: at(9, v * 10),
                version: v,
                summary: format!("version {v}"),
            })
            .collect(),
        rejected: Vec::new(),
        analysis: None,
    }
}

async fn seeded_store() -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::from(
        wiredesk_store::open("sqlite::memory:")
            .await
            .expect("in-memory store opens"),
    );
    for kind in [
        SourceKind::Telegram {
            channel: "osintbrief".to_string(),
        },
        SourceKind::Feed {
            url: FEED_URL.to_string(),
        },
    ] {
        store
            .upsert_source(&SourceSpec {
                kind,
                name: None,
                interval_secs: None,
                trust: Trust::Normal,
            })
            .await
            .expect("source added");
    }
    store
        .commit_page(&PageCommit {
            source_key: "osintbrief".to_string(),
            fetched_at: at(9, 10),
            posts: vec![
                telegram_post(
                    "101",
                    38,
                    "Talks are under way in Istanbul, a diplomatic source told AFP.",
                ),
                telegram_post("102", 45, "Delegations arrive at Dolmabahce palace."),
                telegram_post("103", 50, "Unrelated note about the weather in Ankara."),
            ],
            archive_sha256: None,
            cursor: None,
            covered_range: None,
            lease: None,
            channel: None,
            feed: None,
        })
        .await
        .expect("posts committed");
    store
        .put_stories(&[story(), lone_story()], &[], &[])
        .await
        .expect("stories stored");
    store
        .put_brief(&brief(1, "Talks reported under way in Istanbul"))
        .await
        .expect("brief v1 stored");
    store
        .put_brief(&brief(2, "Turkey hosts talks in Istanbul, AFP source says"))
        .await
        .expect("brief v2 stored");
    store
}

fn app_state(store: Arc<dyn Store>, write_token: Option<&str>) -> AppState {
    AppState {
        store,
        site: Site {
            title: "Test desk".to_string(),
            base_url: "https://desk.example.org/".to_string(),
        },
        write_token: write_token.map(str::to_string),
        metrics: Arc::new(Metrics::new()),
        analysis_budget: Some(500),
    }
}

async fn state(write_token: Option<&str>) -> AppState {
    app_state(seeded_store().await, write_token)
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("body is not JSON ({error}): {}", self.body))
    }
}

async fn request(
    state: &AppState,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    let request = builder
        .body(Body::from(body.unwrap_or("").to_string()))
        .expect("valid request");
    let response = router(state.clone())
        .oneshot(request)
        .await
        .expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("body reads");
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(state: &AppState, uri: &str) -> Answer {
    request(state, Method::GET, uri, None, None).await
}

async fn post(state: &AppState, uri: &str, token: Option<&str>, body: Option<&str>) -> Answer {
    request(state, Method::POST, uri, token, body).await
}

#[tokio::test]
async fn every_route_answers_with_its_status_and_content_type() {
    let state = state(None).await;
    let cases: &[(&str, StatusCode, &str)] = &[
        ("/", StatusCode::OK, "text/html"),
        ("/story/talks-istanbul", StatusCode::OK, "text/html"),
        (
            "/story/talks-istanbul?version=1",
            StatusCode::OK,
            "text/html",
        ),
        ("/story/lone-post", StatusCode::OK, "text/html"),
        ("/sources", StatusCode::OK, "text/html"),
        ("/source/osintbrief", StatusCode::OK, "text/html"),
        (
            &format!("/source/{FEED_KEY_ENCODED}"),
            StatusCode::OK,
            "text/html",
        ),
        ("/search?q=Istanbul", StatusCode::OK, "text/html"),
        ("/search", StatusCode::OK, "text/html"),
        ("/feed.atom", StatusCode::OK, "application/atom+xml"),
        ("/feed.json", StatusCode::OK, "application/feed+json"),
        (
            "/story/talks-istanbul/feed.atom",
            StatusCode::OK,
            "application/atom+xml",
        ),
        (
            "/story/talks-istanbul/feed.json",
            StatusCode::OK,
            "application/feed+json",
        ),
        ("/api/stories", StatusCode::OK, "application/json"),
        (
            "/api/stories/talks-istanbul",
            StatusCode::OK,
            "application/json",
        ),
        (
            "/api/stories/talks-istanbul/brief",
            StatusCode::OK,
            "application/json",
        ),
        (
            "/api/stories/talks-istanbul/brief/versions",
            StatusCode::OK,
            "application/json",
        ),
        ("/api/sources", StatusCode::OK, "application/json"),
        ("/openapi.json", StatusCode::OK, "application/json"),
        ("/metrics", StatusCode::OK, "text/plain; version=0.0.4"),
        ("/healthz", StatusCode::OK, "text/plain"),
    ];
    for (uri, status, content_type) in cases {
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, *status, "{uri}: {}", answer.body);
        assert!(
            answer.content_type().starts_with(content_type),
            "{uri}: content type {:?}, expected {content_type}",
            answer.content_type()
        );
        assert!(!answer.body.is_empty(), "{uri}: empty body");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let state = state(None).await;
    let answers = [
        get(&state, "/").await,
        get(&state, "/story/nope").await,
        get(&state, "/no/such/route").await,
        get(&state, "/api/stories").await,
        get(&state, "/healthz").await,
        get(&state, "/feed.atom").await,
        post(&state, "/api/sources/osintbrief/pause", None, None).await,
    ];
    for answer in answers {
        assert_eq!(
            answer.headers[header::CONTENT_SECURITY_POLICY],
            CONTENT_SECURITY_POLICY
        );
        assert_eq!(answer.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(answer.headers[header::REFERRER_POLICY], "no-referrer");
    }
}

#[tokio::test]
async fn missing_things_answer_404_as_html_or_json() {
    let state = state(None).await;
    for uri in [
        "/story/nope",
        "/story/talks-istanbul?version=9",
        "/story/nope/feed.atom",
        "/story/nope/feed.json",
        "/source/nobody",
        "/no/such/route",
    ] {
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.content_type().starts_with("text/html"), "{uri}");
    }
    for uri in [
        "/api/stories/nope",
        "/api/stories/nope/brief",
        "/api/stories/nope/brief/versions",
        "/api/stories/talks-istanbul/brief?version=9",
        "/api/stories/lone-post/brief",
        "/api/no-such-thing",
    ] {
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.json()["status"], 404, "{uri}");
        assert!(answer.json()["error"].is_string(), "{uri}");
    }
    let answer = get(&state, "/api/stories/nope").await;
    assert_eq!(answer.json()["error"], "no such story \"nope\"");
    let answer = get(&state, "/api/sources/osintbrief/pause").await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.json()["error"], "method not allowed");
    assert_eq!(answer.headers[header::ALLOW], "POST");
}

#[tokio::test]
async fn bad_input_answers_400() {
    let state = state(None).await;
    for uri in [
        "/story/talks-istanbul?version=abc",
        "/api/stories/talks-istanbul/brief?version=-1",
    ] {
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    let long_query = format!("/search?q={}", "a".repeat(300));
    assert_eq!(
        get(&state, &long_query).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn front_page_lists_stories_with_two_posts_or_a_brief() {
    let state = state(None).await;
    let page = get(&state, "/").await.body;
    assert!(page.contains("Turkey hosts talks in Istanbul"), "{page}");
    assert!(!page.contains("A lone post"), "{page}");
    // The API lists every story, the lone one included.
    let stories = get(&state, "/api/stories").await.json();
    let ids: Vec<&str> = stories
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|story| story["id"].as_str())
        .collect();
    assert_eq!(ids, [STORY_ID, LONE_STORY_ID]);
    assert_eq!(stories[0]["brief_version"], 2);
    assert_eq!(stories[0]["slots"]["single_origin"], 1);
}

#[tokio::test]
async fn story_page_shows_the_version_asked_for() {
    let state = state(None).await;
    let latest = get(&state, "/story/talks-istanbul").await.body;
    assert!(
        latest.contains("<h1>Turkey hosts talks in Istanbul"),
        "{latest}"
    );
    let first = get(&state, "/story/talks-istanbul?version=1").await.body;
    assert!(
        first.contains("<h1>Talks reported under way in Istanbul"),
        "{first}"
    );
    assert!(!first.contains("<h1>Turkey hosts talks"), "{first}");
}

#[tokio::test]
async fn api_serves_briefs_and_their_versions() {
    let state = state(None).await;
    let latest = get(&state, "/api/stories/talks-istanbul/brief")
        .await
        .json();
    assert_eq!(latest["version"], 2);
    assert_eq!(
        latest["headline"]["citations"][0],
        "https://t.me/osintbrief/101"
    );
    let first = get(&state, "/api/stories/talks-istanbul/brief?version=1")
        .await
        .json();
    assert_eq!(
        first["headline"]["text"],
        "Talks reported under way in Istanbul"
    );
    let versions = get(&state, "/api/stories/talks-istanbul/brief/versions")
        .await
        .json();
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[1]["version"], 2);
    assert_eq!(versions[1]["summary"], "version 2");
    let none = get(&state, "/api/stories/lone-post/brief/versions")
        .await
        .json();
    assert_eq!(none, serde_json::json!([]));
    let story = get(&state, "/api/stories/talks-istanbul").await.json();
    assert_eq!(story["origins"][0]["name"], "AFP");
    let sources = get(&state, "/api/sources").await.json();
    let keys: Vec<&str> = sources
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|source| source["key"].as_str())
        .collect();
    assert!(
        keys.contains(&"osintbrief") && keys.contains(&FEED_URL),
        "{keys:?}"
    );
    assert!(sources[0].get("cursor").is_none());
}

/// Issue 10: `/api/stories` pages through the stories with `limit` and the `before` cursor the
/// `Link: rel="next"` header gives, every story once, and refuses a bad limit or cursor.
#[tokio::test]
async fn api_stories_are_paginated_with_a_next_link() {
    let state = state(None).await;
    let extra: Vec<Story> = (0..5)
        .map(|n| {
            let mut extra = lone_story();
            extra.id = format!("extra{n}");
            extra.posts = vec![format!("osintbrief/9{n}")];
            extra.updated_at = at(8, n);
            extra
        })
        .collect();
    state.store.put_stories(&extra, &[], &[]).await.unwrap();
    let everything: Vec<String> =
        serde_json::from_str::<Vec<serde_json::Value>>(&get(&state, "/api/stories").await.body)
            .unwrap()
            .iter()
            .map(|story| story["id"].as_str().unwrap().to_string())
            .collect();
    assert!(everything.len() >= 7, "{everything:?}");

    let mut paged: Vec<String> = Vec::new();
    let mut uri = "/api/stories?limit=2".to_string();
    loop {
        let answer = get(&state, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let page: Vec<serde_json::Value> = serde_json::from_str(&answer.body).unwrap();
        assert!(page.len() <= 2);
        paged.extend(
            page.iter()
                .map(|story| story["id"].as_str().unwrap().to_string()),
        );
        let Some(link) = answer.headers.get(header::LINK) else {
            break;
        };
        let link = link.to_str().unwrap();
        assert!(link.ends_with("; rel=\"next\""), "{link}");
        let next = link.trim_start_matches('<').split('>').next().unwrap();
        uri = next
            .trim_start_matches("https://desk.example.org")
            .to_string();
        assert!(uri.starts_with("/api/stories?limit=2&before="), "{uri}");
    }
    assert_eq!(paged, everything, "every story once, in the list's order");

    for bad in [
        "/api/stories?limit=0",
        "/api/stories?limit=5000",
        "/api/stories?before=not-a-cursor",
    ] {
        assert_eq!(
            get(&state, bad).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

/// Issue 10: the front page shows a page of stories and links the older ones; following the
/// link lists the rest, each story once.
#[tokio::test]
async fn front_page_is_paginated() {
    let state = state(None).await;
    let many: Vec<Story> = (0..130)
        .map(|n| {
            let mut item = lone_story();
            item.id = format!("bulk{n:03}");
            item.title = format!("Bulk story number {n:03}");
            item.posts = vec![format!("osintbrief/8{n:03}"), format!("osintbrief/9{n:03}")];
            item.updated_at = at(6, 0) + chrono::Duration::seconds(n);
            item
        })
        .collect();
    state.store.put_stories(&many, &[], &[]).await.unwrap();
    let first = get(&state, "/").await;
    assert_eq!(first.status, StatusCode::OK);
    let marker = "href=\"https://desk.example.org/?before=";
    let start = first.body.find(marker).expect("a link to older stories") + marker.len();
    let token: String = first.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(first.body[start..].contains("rel=\"next\""));
    let next = format!("/?before={token}");
    let second = get(&state, &next).await;
    assert_eq!(second.status, StatusCode::OK);
    for n in 0..130 {
        let title = format!("Bulk story number {n:03}");
        let shown = [&first.body, &second.body]
            .iter()
            .filter(|body| body.contains(&title))
            .count();
        assert_eq!(shown, 1, "{title} shown {shown} times");
    }
    assert_eq!(
        get(&state, "/?before=junk").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn search_finds_posts_and_links_their_story() {
    let state = state(None).await;
    let page = get(&state, "/search?q=Dolmabahce").await.body;
    assert!(page.contains("https://t.me/osintbrief/102"), "{page}");
    assert!(page.contains("/story/talks-istanbul"), "{page}");
    assert!(!page.contains("https://t.me/osintbrief/103"), "{page}");
    let page = get(&state, "/search?q=weather+Ankara").await.body;
    assert!(page.contains("https://t.me/osintbrief/103"), "{page}");
    assert!(!page.contains("https://t.me/osintbrief/102"), "{page}");
    let page = get(&state, "/search?q=zeppelin").await.body;
    assert!(!page.contains("https://t.me/osintbrief/"), "{page}");
}

#[tokio::test]
async fn healthz_answers_503_and_pages_hide_errors_when_the_store_fails() {
    let ok = get(&state(None).await, "/healthz").await;
    assert_eq!((ok.status, ok.body.as_str()), (StatusCode::OK, "ok"));

    let broken = app_state(Arc::new(failing_store::FailingStore), Some(TOKEN));
    assert_eq!(
        get(&broken, "/healthz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let page = get(&broken, "/").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.content_type().starts_with("text/html"));
    assert!(
        !page.body.contains(failing_store::SECRET_DETAIL),
        "{}",
        page.body
    );
    let api = get(&broken, "/api/stories").await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.json()["error"], "internal error");
    let metrics = get(&broken, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.body.contains("wiredesk_store_up 0\n"));
}

#[tokio::test]
async fn feeds_parse() {
    let state = state(None).await;
    for uri in ["/feed.atom", "/story/talks-istanbul/feed.atom"] {
        let body = get(&state, uri).await.body;
        let n_entries = count_xml_elements(&body, "entry");
        let expected = if uri == "/feed.atom" { 1 } else { 2 };
        assert_eq!(n_entries, expected, "{uri}: {body}");
        assert!(body.contains("Turkey hosts talks in Istanbul"), "{uri}");
    }
    for (uri, expected) in [("/feed.json", 1), ("/story/talks-istanbul/feed.json", 2)] {
        let feed = get(&state, uri).await.json();
        assert!(
            feed["version"]
                .as_str()
                .is_some_and(|version| version.starts_with("https://jsonfeed.org/version/1")),
            "{uri}: {feed}"
        );
        assert_eq!(
            feed["items"].as_array().map(Vec::len),
            Some(expected),
            "{uri}"
        );
    }
}

/// Parses the whole document (failing on malformed XML) and counts elements named `name`.
fn count_xml_elements(xml: &str, name: &str) -> usize {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut count = 0;
    let mut n_roots = 0;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => {
                if depth == 0 {
                    n_roots += 1;
                }
                depth += 1;
                if AsRef::<str>::as_ref(&element.local_name()) == name {
                    count += 1;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Empty(element)) => {
                if AsRef::<str>::as_ref(&element.local_name()) == name {
                    count += 1;
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("malformed XML: {error}\n{xml}"),
        }
    }
    assert_eq!((n_roots, depth), (1, 0), "one root element, all closed");
    count
}

#[tokio::test]
async fn openapi_describes_every_api_route() {
    let state = state(None).await;
    let spec = get(&state, "/openapi.json").await.json();
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    let paths = spec["paths"].as_object().expect("paths");
    let mut described: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|ops| ops.keys())
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    described.sort();
    let mut served: Vec<(String, String)> = [
        ("GET", "/api/sources"),
        ("POST", "/api/sources"),
        ("POST", "/api/sources/{key}/pause"),
        ("POST", "/api/sources/{key}/resume"),
        ("GET", "/api/stories"),
        ("GET", "/api/stories/{id}"),
        ("GET", "/api/stories/{id}/brief"),
        ("GET", "/api/stories/{id}/brief/versions"),
    ]
    .iter()
    .map(|(method, path)| (method.to_string(), path.to_string()))
    .collect();
    served.sort();
    assert_eq!(described, served);
    // Every route listed answers something other than 404 or 405.
    for (method, path) in &served {
        let uri = path
            .replace("{id}", STORY_ID)
            .replace("{key}", "osintbrief");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let answer = request(&state, method, &uri, None, Some("{}")).await;
        assert!(
            !matches!(
                answer.status,
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            ),
            "{path}: {}",
            answer.status
        );
    }
}

#[test]
fn front_page_order_is_day_then_origins_then_posts() {
    let mut busy_yesterday = story();
    busy_yesterday.id = "busy-yesterday".to_string();
    busy_yesterday.updated_at = at(9, 0) - chrono::Duration::days(1);
    busy_yesterday.posts = (0..9).map(|n| format!("osintbrief/{n}")).collect();
    let mut well_sourced = story();
    well_sourced.id = "well-sourced".to_string();
    well_sourced.updated_at = at(7, 0);
    let mut second = well_sourced.origins[0].clone();
    second.name = "Reuters".to_string();
    well_sourced.origins.push(second);
    let mut recent = story();
    recent.id = "recent".to_string();
    recent.updated_at = at(10, 0);
    let items = crate::story_list::list_items(
        vec![recent, lone_story(), busy_yesterday, well_sourced],
        vec![],
    );
    let ids: Vec<&str> = items.iter().map(|item| item.story.id.as_str()).collect();
    assert_eq!(ids, ["well-sourced", "recent", "busy-yesterday"]);
}

#[tokio::test]
async fn serve_answers_on_a_loopback_socket_and_shuts_down() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(crate::serve(listener, state(None).await, async {
        let _ = stopped.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .await
        .expect("write request");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .await
        .expect("read answer");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nok"), "{answer}");
    let _ = stop.send(());
    server
        .await
        .expect("server task joins")
        .expect("server ends cleanly");
}
