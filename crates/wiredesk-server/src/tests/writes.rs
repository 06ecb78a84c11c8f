//! The write endpoints: refused without a configured token, 401 on a wrong one, and the source
//! really added, paused or resumed with the right one.

use super::*;

#[tokio::test]
async fn writes_are_refused_without_a_configured_token() {
    let state = state(None).await;
    let answer = post(&state, "/api/sources/osintbrief/pause", Some(TOKEN), None).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.json()["error"],
        "writes are disabled: set server.write_token"
    );
    let answer = post(
        &state,
        "/api/sources",
        Some(TOKEN),
        Some(r#"{"kind":"telegram","channel":"newchannel"}"#),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(
        state
            .store
            .source("newchannel")
            .await
            .expect("store")
            .is_none()
    );
}

#[tokio::test]
async fn pause_and_resume_need_the_right_token() {
    let state = state(Some(TOKEN)).await;
    let uri = "/api/sources/osintbrief/pause";
    let answer = post(&state, uri, None, None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
    assert_eq!(
        post(&state, uri, Some("wrong"), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let is_paused = |state: AppState| async move {
        state
            .store
            .source("osintbrief")
            .await
            .expect("store")
            .expect("source")
            .paused
    };
    assert!(!is_paused(state.clone()).await);

    let answer = post(&state, uri, Some(TOKEN), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json()["paused"], true);
    assert!(is_paused(state.clone()).await);

    let answer = post(&state, "/api/sources/osintbrief/resume", Some(TOKEN), None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!is_paused(state.clone()).await);

    // Feed keys are URLs, percent-encoded in the path.
    let answer = post(
        &state,
        &format!("/api/sources/{FEED_KEY_ENCODED}/pause"),
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let feed = state
        .store
        .source(FEED_URL)
        .await
        .expect("store")
        .expect("source");
    assert!(feed.paused);

    let answer = post(&state, "/api/sources/nobody/pause", Some(TOKEN), None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn add_source_checks_the_token_and_the_spec() {
    let state = state(Some(TOKEN)).await;
    let body = r#"{"kind":"feed","url":"https://news.example.com/feed","name":"Example News"}"#;
    assert_eq!(
        post(&state, "/api/sources", Some("wrong"), Some(body))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        state
            .store
            .source("https://news.example.com/feed")
            .await
            .expect("store")
            .is_none()
    );

    let answer = post(&state, "/api/sources", Some(TOKEN), Some(body)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.json()["key"], "https://news.example.com/feed");
    let added = state
        .store
        .source("https://news.example.com/feed")
        .await
        .expect("store")
        .expect("source added");
    assert_eq!(added.spec.name.as_deref(), Some("Example News"));
    // Adding again updates the spec: 200, not 201.
    assert_eq!(
        post(&state, "/api/sources", Some(TOKEN), Some(body))
            .await
            .status,
        StatusCode::OK
    );

    let answer = post(
        &state,
        "/api/sources",
        Some(TOKEN),
        Some(r#"{"kind":"telegram","channel":"@NewChannel"}"#),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.json()["key"], "newchannel");

    for bad in [
        "not json",
        r#"{"kind":"pigeon","url":"x"}"#,
        r#"{"kind":"telegram","channel":"a b"}"#,
        r#"{"kind":"feed","url":"file:///etc/passwd"}"#,
        r#"{"kind":"feed","url":"https://x.example/","interval_secs":0}"#,
    ] {
        let answer = post(&state, "/api/sources", Some(TOKEN), Some(bad)).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            answer.body
        );
        assert_eq!(answer.json()["status"], 400, "{bad}");
    }
}

#[test]
fn source_specs_are_trimmed_and_checked() {
    use crate::api::source_add::check_spec;
    let spec = |kind: SourceKind, name: Option<&str>| SourceSpec {
        kind,
        name: name.map(str::to_string),
        interval_secs: None,
        trust: Trust::Normal,
    };
    let telegram = |channel: &str| SourceKind::Telegram {
        channel: channel.to_string(),
    };
    let feed = |url: &str| SourceKind::Feed {
        url: url.to_string(),
    };
    let checked = check_spec(spec(telegram(" @wartracker "), Some("  "))).expect("valid");
    assert_eq!(checked.kind, telegram("wartracker"));
    assert_eq!(checked.name, None);
    assert!(check_spec(spec(feed(" http://a.example/rss "), None)).is_ok());
    for bad in [
        telegram("abc"),
        telegram("1abc_def"),
        telegram("ab-cd"),
        feed("a.example/rss"),
        feed("ftp://a.example/"),
    ] {
        assert!(check_spec(spec(bad.clone(), None)).is_err(), "{bad:?}");
    }
    assert!(check_spec(spec(feed("https://a.example/"), Some(&"n".repeat(201)))).is_err());
}
