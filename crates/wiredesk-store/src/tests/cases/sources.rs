//! Store suite cases: Sources: upsert, list, remove, fetch outcomes, pausing.

use super::super::*;

pub(in crate::tests) async fn sources_upsert_list_remove(store: &dyn Store) {
    let added = add_source(store, &telegram("@Rybar")).await;
    assert_eq!(added.key, "rybar");
    assert_eq!(added.status, SourceStatus::New);
    assert!(!added.paused);
    assert_eq!(added.consecutive_failures, 0);
    assert_eq!(added.cursor, None);
    add_source(store, &feed("https://example.org/rss")).await;

    let keys: Vec<String> = store
        .sources()
        .await
        .expect("sources")
        .into_iter()
        .map(|source| source.key)
        .collect();
    assert_eq!(keys, ["https://example.org/rss", "rybar"]);

    // Upserting again updates the spec and keeps the fetch state.
    store
        .record_fetch("rybar", &success(at(1, 10)), None)
        .await
        .expect("record");
    let mut renamed = telegram("rybar");
    renamed.name = Some("Rybar (renamed)".to_string());
    renamed.trust = Trust::LeadsOnly;
    let updated = store.upsert_source(&renamed).await.expect("upsert again");
    assert_eq!(updated.spec, renamed);
    assert_eq!(updated.status, SourceStatus::Ok);
    assert_eq!(updated.last_success_at, Some(at(1, 10)));
    assert_eq!(store.source("rybar").await.expect("source"), Some(updated));
    assert_eq!(store.source("nobody").await.expect("source"), None);

    // Removing a source removes its posts (and their search entries).
    commit(
        store,
        &page(
            "rybar",
            at(1, 11),
            vec![post("rybar", "1", at(1, 9), "удар по складу")],
        ),
        "commit",
    )
    .await;
    assert_eq!(search(store, "складу").await, ["rybar/1"]);
    assert!(store.remove_source("rybar").await.expect("remove"));
    assert!(!store.remove_source("rybar").await.expect("remove again"));
    assert_eq!(store.source("rybar").await.expect("source"), None);
    assert_eq!(store.post("rybar", "1").await.expect("post"), None);
    assert!(search(store, "складу").await.is_empty());
    assert_eq!(store.sources().await.expect("sources").len(), 1);
}

pub(in crate::tests) async fn record_fetch_counts_failures_and_pauses(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let state = store
        .record_fetch("rybar", &failure(at(1, 1), 3), None)
        .await
        .expect("failure 1");
    assert_eq!((state.consecutive_failures, state.paused), (1, false));
    assert_eq!(state.status, SourceStatus::Failing);
    assert_eq!(state.last_error.as_deref(), Some("status 502"));
    assert_eq!(state.last_fetch_at, Some(at(1, 1)));
    assert_eq!(state.last_success_at, None);
    assert_eq!(state.next_attempt_at, Some(at(1, 1) + Duration::minutes(5)));

    let state = store
        .record_fetch("rybar", &failure(at(1, 2), 3), None)
        .await
        .expect("failure 2");
    assert_eq!((state.consecutive_failures, state.paused), (2, false));

    // A success resets the count and stores the validators.
    let state = store
        .record_fetch("rybar", &success(at(1, 3)), None)
        .await
        .expect("success");
    assert_eq!((state.consecutive_failures, state.paused), (0, false));
    assert_eq!(state.status, SourceStatus::Ok);
    assert_eq!(state.last_error, None);
    assert_eq!(state.last_success_at, Some(at(1, 3)));
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        state.last_modified.as_deref(),
        Some("Wed, 01 May 2024 10:00:00 GMT")
    );

    // A 429 is not the source's fault.
    let deferred = FetchOutcome::Deferred {
        at: at(1, 4),
        reason: "rate limited".to_string(),
        next_attempt_at: Some(at(1, 6)),
    };
    let state = store
        .record_fetch("rybar", &deferred, None)
        .await
        .expect("deferred");
    assert_eq!((state.consecutive_failures, state.paused), (0, false));
    assert_eq!(state.status, SourceStatus::Ok);
    assert_eq!(state.last_error.as_deref(), Some("rate limited"));
    assert_eq!(state.next_attempt_at, Some(at(1, 6)));

    // Three failures in a row pause it.
    for hour in 5..7 {
        let state = store
            .record_fetch("rybar", &failure(at(1, hour), 3), None)
            .await
            .expect("failure");
        assert!(!state.paused);
    }
    let state = store
        .record_fetch("rybar", &failure(at(1, 7), 3), None)
        .await
        .expect("failure 3");
    assert_eq!((state.consecutive_failures, state.paused), (3, true));
    assert_eq!(state.status, SourceStatus::Paused);
    assert_eq!(store.source("rybar").await.expect("source"), Some(state));

    // Resuming clears the count; it succeeded once, so it is Ok again.
    let state = store.set_paused("rybar", false).await.expect("resume");
    assert_eq!((state.consecutive_failures, state.paused), (0, false));
    assert_eq!(state.status, SourceStatus::Ok);

    // A source that never succeeded goes back to New; 0 never pauses.
    add_source(store, &telegram("fresh")).await;
    for hour in 0..5 {
        let state = store
            .record_fetch("fresh", &failure(at(2, hour), 0), None)
            .await
            .expect("failure");
        assert!(!state.paused);
        assert_eq!(state.consecutive_failures, hour + 1);
    }
    let state = store
        .record_fetch("fresh", &failure(at(2, 6), 1), None)
        .await
        .expect("failure");
    assert!(state.paused);
    let state = store.set_paused("fresh", false).await.expect("resume");
    assert_eq!(state.status, SourceStatus::New);

    let no_preview = SourceStatus::NoPreview {
        landing: LandingKind::Group,
        title: Some("Чат".to_string()),
        extra: None,
    };
    let outcome = FetchOutcome::Success {
        at: at(3, 1),
        next_attempt_at: None,
        etag: None,
        last_modified: None,
        status: no_preview.clone(),
    };
    let state = store
        .record_fetch("fresh", &outcome, None)
        .await
        .expect("success");
    assert_eq!(state.status, no_preview);
    assert_eq!((state.etag, state.next_attempt_at), (None, None));

    let error = store
        .record_fetch("nobody", &success(at(1, 1)), None)
        .await
        .expect_err("unknown source");
    assert!(
        matches!(error, StoreError::NoSuchSource { ref key } if key == "nobody"),
        "{error}"
    );
}

pub(in crate::tests) async fn set_paused_by_hand(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let state = store.set_paused("rybar", true).await.expect("pause");
    assert!(state.paused);
    assert_eq!(
        state.status,
        SourceStatus::New,
        "a pause by hand is not a failure"
    );
    assert!(source_state(store, "rybar").await.paused);
    let state = store.set_paused("rybar", false).await.expect("resume");
    assert!(!state.paused);
    let error = store
        .set_paused("nobody", true)
        .await
        .expect_err("unknown source");
    assert!(matches!(error, StoreError::NoSuchSource { .. }), "{error}");
}
