//! Store suite cases: Posts: idempotent commits, edits, gone marks, the cursor in the same transaction, rollbacks, concurrency.

use super::super::*;

pub(in crate::tests) async fn commit_is_idempotent_and_round_trips_posts(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let mut rich = post("rybar", "14381", at(1, 9), "Первая строка\nВторая строка");
    rich.views = Some(Count {
        value: 3120,
        plus_minus: 5,
    });
    rich.author = Some("Иван".to_string());
    rich.forwarded_from = Some(ForwardedFrom {
        channel: Some("dva_majors".to_string()),
        id: Some("777".to_string()),
        name: None,
        author: None,
    });
    rich.links = vec![Link {
        url: "https://example.org/a?b=1".to_string(),
        text: "источник".to_string(),
    }];
    rich.media = vec![
        Media::Photo {
            url: Some("https://cdn.example/p.jpg".to_string()),
            link: None,
        },
        Media::Location {
            latitude: Some(44.723_456_789),
            longitude: Some(37.768_1),
            address: None,
        },
    ];
    rich.language = Some("ru".to_string());
    rich.hashtags = vec!["#новости".to_string()];
    rich.channel_id = Some(1_234_567_890_123);
    let posts = vec![
        rich,
        post("rybar", "14382", at(1, 10), "second"),
        post("rybar", "14383", at(1, 11), "third"),
    ];

    let first = commit(store, &page("rybar", at(1, 12), posts.clone()), "commit").await;
    assert_eq!(
        first,
        CommitStats {
            inserted: 3,
            edited: 0,
            unchanged: 0,
            marked_gone: 0
        }
    );
    let again = commit(
        store,
        &page("rybar", at(1, 13), posts.clone()),
        "commit again",
    )
    .await;
    assert_eq!(
        again,
        CommitStats {
            inserted: 0,
            edited: 0,
            unchanged: 3,
            marked_gone: 0
        }
    );

    let stored = stored_post(store, "rybar", "14381").await;
    assert_eq!(stored.post, posts[0], "the post round-trips whole");
    assert_eq!(stored.source_key, "rybar");
    assert_eq!(
        (stored.first_seen_at, stored.last_seen_at),
        (at(1, 12), at(1, 13))
    );
    assert_eq!((stored.n_versions, stored.gone_at), (1, None));
    assert!(
        store
            .post_versions("rybar", "14381")
            .await
            .expect("versions")
            .is_empty()
    );

    // Views change in place, without a version.
    let mut viewed = posts[1].clone();
    viewed.views = Some(Count {
        value: 9000,
        plus_minus: 0,
    });
    let stats = commit(
        store,
        &page("rybar", at(1, 14), vec![viewed.clone()]),
        "commit views",
    )
    .await;
    assert_eq!(
        stats,
        CommitStats {
            unchanged: 1,
            ..CommitStats::default()
        }
    );
    let stored = stored_post(store, "rybar", "14382").await;
    assert_eq!(stored.post.views, viewed.views);
    assert_eq!(stored.n_versions, 1);
    assert!(
        store
            .post_versions("rybar", "14382")
            .await
            .expect("versions")
            .is_empty()
    );
    assert_eq!(store.post("rybar", "99").await.expect("post"), None);
}

pub(in crate::tests) async fn edit_keeps_previous_versions(store: &dyn Store) {
    add_source(store, &feed("https://example.org/rss")).await;
    let key = "https://example.org/rss";
    let mut item = post(key, "guid-1", at(1, 9), "Initial report of explosion");
    item.title = Some("Explosion at depot".to_string());
    let mut first = page(key, at(1, 10), vec![item.clone()]);
    first.archive_sha256 = Some("a".repeat(64));
    commit(store, &first, "commit").await;

    item.text = "Updated report: fire at the fuel depot".to_string();
    let mut second = page(key, at(1, 11), vec![item.clone()]);
    second.archive_sha256 = Some("b".repeat(64));
    let stats = commit(store, &second, "edit text").await;
    assert_eq!(
        stats,
        CommitStats {
            edited: 1,
            ..CommitStats::default()
        }
    );

    item.title = Some("Fire at fuel depot".to_string());
    let stats = commit(
        store,
        &page(key, at(1, 12), vec![item.clone()]),
        "edit title",
    )
    .await;
    assert_eq!(stats.edited, 1);

    // Only the flag: Telegram marks an edit it does not show (e.g. new media).
    item.edited = true;
    let stats = commit(store, &page(key, at(1, 13), vec![item.clone()]), "flag").await;
    assert_eq!(stats.edited, 1);
    let stats = commit(store, &page(key, at(1, 14), vec![item.clone()]), "same").await;
    assert_eq!(
        stats,
        CommitStats {
            unchanged: 1,
            ..CommitStats::default()
        }
    );

    let stored = stored_post(store, key, "guid-1").await;
    assert_eq!(stored.n_versions, 4);
    assert_eq!(stored.post, item);
    assert_eq!(
        stored.archive_sha256,
        Some("b".repeat(64)),
        "kept when a page names no archive"
    );
    let versions = store.post_versions(key, "guid-1").await.expect("versions");
    let summary: Vec<(&str, Option<&str>, DateTime<Utc>)> = versions
        .iter()
        .map(|version| {
            (
                version.text.as_str(),
                version.title.as_deref(),
                version.seen_at,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Initial report of explosion",
                Some("Explosion at depot"),
                at(1, 10)
            ),
            (
                "Updated report: fire at the fuel depot",
                Some("Explosion at depot"),
                at(1, 11)
            ),
            (
                "Updated report: fire at the fuel depot",
                Some("Fire at fuel depot"),
                at(1, 12)
            ),
        ]
    );
    assert_eq!(versions[0].archive_sha256, Some("a".repeat(64)));

    // The search index follows the edits.
    assert_eq!(search(store, "fuel").await, [format!("{key}/guid-1")]);
    assert!(search(store, "initial").await.is_empty());
}

pub(in crate::tests) async fn gone_posts_are_marked_and_come_back(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let all: Vec<Post> = (10..=14)
        .map(|id| post("rybar", &id.to_string(), at(1, id), "text"))
        .collect();
    let mut outside = vec![
        post("rybar", "30", at(1, 15), "later post"),
        post("rybar", "not-a-number", at(1, 8), "odd id"),
    ];
    outside.extend(all.clone());
    commit(store, &page("rybar", at(2, 0), outside), "commit").await;

    let without_12: Vec<Post> = all.iter().filter(|post| post.id != "12").cloned().collect();
    let mut second = page("rybar", at(2, 1), without_12.clone());
    second.covered_range = Some((10, 14));
    let stats = commit(store, &second, "commit without 12").await;
    assert_eq!(
        stats,
        CommitStats {
            unchanged: 4,
            marked_gone: 1,
            ..CommitStats::default()
        }
    );

    let listed = store
        .posts(&PostQuery {
            source_key: Some("rybar".to_string()),
            ..PostQuery::default()
        })
        .await
        .expect("posts");
    assert_eq!(
        ids(&listed),
        [
            "rybar/30",
            "rybar/14",
            "rybar/13",
            "rybar/11",
            "rybar/10",
            "rybar/not-a-number"
        ]
    );
    let with_gone = PostQuery {
        include_gone: true,
        ..PostQuery::default()
    };
    let listed = store.posts(&with_gone).await.expect("posts");
    assert_eq!(listed.len(), 7);
    let gone = stored_post(store, "rybar", "12").await;
    assert_eq!(gone.gone_at, Some(at(2, 1)));

    // Already gone: not marked again, and the first time is kept.
    let mut third = page("rybar", at(2, 2), without_12);
    third.covered_range = Some((10, 14));
    let stats = commit(store, &third, "commit again").await;
    assert_eq!(stats.marked_gone, 0);
    assert_eq!(
        stored_post(store, "rybar", "12").await.gone_at,
        Some(at(2, 1))
    );

    // An empty page covering a range marks all of it.
    let mut empty = page("rybar", at(2, 3), Vec::new());
    empty.covered_range = Some((29, 31));
    assert_eq!(commit(store, &empty, "empty page").await.marked_gone, 1);

    // It comes back.
    let mut fourth = page("rybar", at(2, 4), all);
    fourth.covered_range = Some((10, 14));
    let stats = commit(store, &fourth, "commit with 12").await;
    assert_eq!(
        stats,
        CommitStats {
            unchanged: 5,
            ..CommitStats::default()
        }
    );
    assert_eq!(stored_post(store, "rybar", "12").await.gone_at, None);
    assert_eq!(
        stored_post(store, "rybar", "not-a-number").await.gone_at,
        None
    );
}

pub(in crate::tests) async fn cursor_is_saved_with_the_posts(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let channel = ChannelInfo {
        username: Some("Rybar".to_string()),
        title: Some("Рыбарь".to_string()),
        subscribers: Some(Count {
            value: 1_310_000,
            plus_minus: 5000,
        }),
        verified: true,
        ..ChannelInfo::default()
    };
    let mut first = page(
        "rybar",
        at(1, 10),
        vec![post("rybar", "100", at(1, 9), "a")],
    );
    first.cursor = Some(json!({"newest": 100, "oldest": 100}));
    first.channel = Some(channel.clone());
    commit(store, &first, "commit").await;
    let state = source_state(store, "rybar").await;
    assert_eq!(state.cursor, first.cursor);
    assert_eq!(state.channel, Some(channel.clone()));
    assert_eq!(state.feed, None);

    // A page without cursor or channel keeps them.
    commit(
        store,
        &page(
            "rybar",
            at(1, 11),
            vec![post("rybar", "101", at(1, 10), "b")],
        ),
        "commit",
    )
    .await;
    let state = source_state(store, "rybar").await;
    assert_eq!(state.cursor, first.cursor);
    assert_eq!(state.channel, Some(channel));

    let key = "https://example.org/feed.json";
    add_source(store, &feed(key)).await;
    let info = FeedInfo {
        format: "json1.1".to_string(),
        title: Some("Example".to_string()),
        encoding: "utf-8".to_string(),
        encoding_from: "json".to_string(),
        ttl_minutes: Some(15),
        ..FeedInfo::default()
    };
    let mut feed_page = page(key, at(1, 12), Vec::new());
    feed_page.feed = Some(info.clone());
    commit(store, &feed_page, "commit feed head").await;
    assert_eq!(source_state(store, key).await.feed, Some(info));

    let error = store
        .commit_page(&page(
            "nobody",
            at(1, 1),
            vec![post("nobody", "1", at(1, 1), "x")],
        ))
        .await;
    assert!(
        matches!(error, Err(StoreError::NoSuchSource { .. })),
        "{error:?}"
    );
    assert_eq!(store.post("nobody", "1").await.expect("post"), None);
}

pub(in crate::tests) async fn failed_commit_leaves_nothing(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let mut first = page(
        "rybar",
        at(1, 10),
        vec![post("rybar", "100", at(1, 9), "kept")],
    );
    first.cursor = Some(json!({"newest": 100}));
    commit(store, &first, "commit").await;

    // The last post is invalid (an empty id), so the database rejects it after the others
    // were written: the whole page, and its cursor, must roll back.
    let mut edited = post("rybar", "100", at(1, 9), "edited, then rolled back");
    edited.edited = true;
    let mut broken = page(
        "rybar",
        at(1, 11),
        vec![
            edited,
            post("rybar", "101", at(1, 10), "new"),
            post("rybar", "", at(1, 10), "no id"),
        ],
    );
    broken.cursor = Some(json!({"newest": 101}));
    broken.covered_range = Some((90, 101));
    broken.channel = Some(ChannelInfo {
        title: Some("changed".to_string()),
        ..ChannelInfo::default()
    });
    assert!(store.commit_page(&broken).await.is_err());

    let state = source_state(store, "rybar").await;
    assert_eq!(state.cursor, Some(json!({"newest": 100})));
    assert_eq!(state.channel, None);
    assert_eq!(store.post("rybar", "101").await.expect("post"), None);
    let kept = stored_post(store, "rybar", "100").await;
    assert_eq!(
        (kept.post.text.as_str(), kept.n_versions, kept.last_seen_at),
        ("kept", 1, at(1, 10))
    );
    assert!(
        store
            .post_versions("rybar", "100")
            .await
            .expect("versions")
            .is_empty()
    );
    assert_eq!(search(store, "rolled").await, Vec::<String>::new());

    // The store is still usable, and the same page without the bad post goes in.
    broken.posts.pop();
    let stats = commit(store, &broken, "commit").await;
    assert_eq!(
        stats,
        CommitStats {
            inserted: 1,
            edited: 1,
            unchanged: 0,
            marked_gone: 0
        }
    );
    assert_eq!(
        source_state(store, "rybar").await.cursor,
        Some(json!({"newest": 101}))
    );
}

pub(in crate::tests) async fn concurrent_commits_queue_up(store: &dyn Store) {
    add_source(store, &telegram("alpha")).await;
    add_source(store, &telegram("beta")).await;
    let posts = |source: &str| -> Vec<Post> {
        (1..=20)
            .map(|id| post(source, &id.to_string(), at(1, 9), "text"))
            .collect()
    };
    let alpha = page("alpha", at(1, 10), posts("alpha"));
    let beta = page("beta", at(1, 10), posts("beta"));
    // Two workers committing the same page of one source, and one committing another.
    let (first, second, other) = tokio::join!(
        store.commit_page(&alpha),
        store.commit_page(&alpha),
        store.commit_page(&beta),
    );
    let (first, second) = (first.expect("first"), second.expect("second"));
    assert_eq!(first.inserted + second.inserted, 20, "{first:?} {second:?}");
    assert_eq!(
        first.unchanged + second.unchanged,
        20,
        "{first:?} {second:?}"
    );
    assert_eq!(other.expect("other").inserted, 20);
    assert_eq!(
        store
            .posts(&PostQuery::default())
            .await
            .expect("posts")
            .len(),
        40
    );
}
