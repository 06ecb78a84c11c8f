//! Store suite cases: Listing and full-text search, with filters and limits.

use super::super::*;

pub(in crate::tests) async fn full_text_search(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let key = "https://example.org/rss";
    add_source(store, &feed(key)).await;
    let mut item = post(
        key,
        "guid-1",
        at(1, 8),
        "Officials said the well-known depot was hit.",
    );
    item.title = Some("Strike on Novorossiysk oil depot".to_string());
    let posts = vec![
        post(
            "rybar",
            "1",
            at(1, 9),
            "Взрыв на нефтебазе в Новороссийске. Подробности позже.",
        ),
        post(
            "rybar",
            "2",
            at(1, 10),
            "Нефтебазе ничего не угрожает, заявили в администрации.",
        ),
        post(
            "rybar",
            "3",
            at(1, 11),
            "Say \"hello\" - or not; price 100% (NEAR) title:x",
        ),
    ];
    commit(store, &page("rybar", at(1, 12), posts), "commit").await;
    commit(store, &page(key, at(1, 12), vec![item]), "commit feed").await;

    assert_eq!(search(store, "нефтебазе").await, ["rybar/2", "rybar/1"]);
    assert_eq!(
        search(store, "НЕФТЕБАЗЕ").await,
        ["rybar/2", "rybar/1"],
        "case folds in Cyrillic"
    );
    assert_eq!(
        search(store, "взрыв нефтебазе").await,
        ["rybar/1"],
        "every word must occur"
    );
    assert_eq!(
        search(store, "novorossiysk").await,
        [format!("{key}/guid-1")],
        "titles are searched"
    );
    assert_eq!(search(store, "well-known").await, [format!("{key}/guid-1")]);
    // FTS syntax is read as text: quotes, a leading minus, operators, column filters.
    assert_eq!(search(store, "\"нефтебазе\" -взрыв").await, ["rybar/1"]);
    assert_eq!(search(store, "\"hello\"").await, ["rybar/3"]);
    assert_eq!(search(store, "NEAR(").await, ["rybar/3"]);
    assert_eq!(search(store, "title:x").await, ["rybar/3"]);
    assert_eq!(search(store, "100%").await, ["rybar/3"]);
    assert!(
        search(store, "hello OR нефтебазе").await.is_empty(),
        "OR is a word, not an operator"
    );
    assert!(
        search(store, "\"").await.is_empty(),
        "nothing searchable matches nothing"
    );
    assert!(search(store, " - \" * ").await.is_empty());
    assert!(search(store, "absent").await.is_empty());
    assert_eq!(
        search(store, "   ").await.len(),
        4,
        "a blank query does not filter"
    );

    let query = PostQuery {
        text: Some("нефтебазе".to_string()),
        source_key: Some("rybar".to_string()),
        limit: Some(1),
        ..PostQuery::default()
    };
    assert_eq!(listed(store, &query).await, ["rybar/2"]);
}

pub(in crate::tests) async fn filters_and_limit(store: &dyn Store) {
    add_source(store, &telegram("alpha")).await;
    add_source(store, &telegram("beta")).await;
    let alpha = vec![
        post("alpha", "1", at(1, 8), "a1"),
        post("alpha", "2", at(1, 10), "a2"),
        post("alpha", "3", at(1, 12), "a3"),
    ];
    let beta = vec![
        post("beta", "1", at(1, 10), "b1"),
        post("beta", "2", at(1, 11), "b2"),
    ];
    commit(store, &page("alpha", at(1, 13), alpha), "commit").await;
    commit(store, &page("beta", at(1, 13), beta), "commit").await;

    let all = store.posts(&PostQuery::default()).await.expect("all");
    // Newest first; the tie at 10:00 goes by source key.
    assert_eq!(
        ids(&all),
        ["alpha/3", "beta/2", "alpha/2", "beta/1", "alpha/1"]
    );

    let window = PostQuery {
        since: Some(at(1, 10)),
        until: Some(at(1, 12)),
        ..PostQuery::default()
    };
    assert_eq!(
        listed(store, &window).await,
        ["beta/2", "alpha/2", "beta/1"],
        "since inclusive, until exclusive"
    );

    let beta_only = PostQuery {
        source_key: Some("beta".to_string()),
        ..PostQuery::default()
    };
    assert_eq!(listed(store, &beta_only).await, ["beta/2", "beta/1"]);

    let newest_two = PostQuery {
        limit: Some(2),
        ..PostQuery::default()
    };
    assert_eq!(listed(store, &newest_two).await, ["alpha/3", "beta/2"]);
    let huge = PostQuery {
        limit: Some(u64::MAX),
        ..PostQuery::default()
    };
    assert_eq!(store.posts(&huge).await.expect("huge limit").len(), 5);
    let none = PostQuery {
        limit: Some(0),
        ..PostQuery::default()
    };
    assert!(store.posts(&none).await.expect("zero").is_empty());

    let everything = PostQuery {
        source_key: Some("alpha".to_string()),
        since: Some(at(1, 9)),
        until: Some(at(1, 23)),
        limit: Some(1),
        ..PostQuery::default()
    };
    assert_eq!(listed(store, &everything).await, ["alpha/3"]);
}
