//! Store suite cases: The archive of fetched bodies and the Wikipedia cache.

use super::super::*;

pub(in crate::tests) async fn archive_round_trip_and_prune(store: &dyn Store) {
    let body = FetchedBody {
        url: "https://t.me/s/rybar",
        status: 200,
        fetched_at: at(1, 10),
        content_type: Some("text/html; charset=utf-8"),
        body: b"hello",
    };
    let sha256 = store.archive(&body).await.expect("archive");
    assert_eq!(
        sha256,
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    let archived = store
        .archived(&sha256)
        .await
        .expect("archived")
        .expect("stored");
    assert_eq!(archived.body, b"hello");
    assert_eq!(
        (archived.url.as_str(), archived.status, archived.fetched_at),
        ("https://t.me/s/rybar", 200, at(1, 10))
    );
    assert_eq!(
        archived.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(archived.sha256, sha256);

    let again = FetchedBody {
        url: "https://t.me/s/other",
        fetched_at: at(1, 11),
        content_type: None,
        ..body.clone()
    };
    assert_eq!(store.archive(&again).await.expect("archive again"), sha256);
    assert_eq!(
        store
            .archived(&sha256)
            .await
            .expect("archived")
            .expect("stored")
            .url,
        "https://t.me/s/rybar"
    );
    assert_eq!(
        store
            .archived("0".repeat(64).as_str())
            .await
            .expect("archived"),
        None
    );

    // A bigger body, with every byte value, survives compression.
    let large: Vec<u8> = (0..200_000u32)
        .map(|index| (index.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let large_sha = store
        .archive(&FetchedBody {
            body: &large,
            ..body.clone()
        })
        .await
        .expect("archive large");
    assert_eq!(
        store
            .archived(&large_sha)
            .await
            .expect("archived")
            .expect("stored")
            .body,
        large
    );

    // Old and cited by a post; old and cited by an earlier version only; new; old and uncited.
    add_source(store, &telegram("rybar")).await;
    let cited = archive_bytes(store, b"cited", at(1, 10)).await;
    let cited_by_version = archive_bytes(store, b"version", at(1, 10)).await;
    let recent = archive_bytes(store, b"recent", at(9, 0)).await;
    // Post 1 is edited by the second page, so its first version keeps citing the first body.
    for (text, fetched_at, archive) in [
        ("first", at(1, 10), &cited_by_version),
        ("edited", at(1, 11), &cited),
    ] {
        let posts = vec![
            post("rybar", "1", at(1, 9), text),
            post("rybar", "2", at(1, 9), "other"),
        ];
        let mut next = page("rybar", fetched_at, posts);
        next.archive_sha256 = Some(archive.clone());
        commit(store, &next, text).await;
    }

    assert_eq!(
        store.prune_archive(at(5, 0)).await.expect("prune"),
        2,
        "'hello' and the large body"
    );
    assert_eq!(store.archived(&sha256).await.expect("archived"), None);
    assert_eq!(store.archived(&large_sha).await.expect("archived"), None);
    for kept in [&cited, &cited_by_version, &recent] {
        assert!(
            store.archived(kept).await.expect("archived").is_some(),
            "{kept} was pruned"
        );
    }
    assert_eq!(store.prune_archive(at(5, 0)).await.expect("prune again"), 0);
}

pub(in crate::tests) async fn wiki_cache(store: &dyn Store) {
    let summary = WikiSummary {
        lang: "ru".to_string(),
        title: "Новороссийск".to_string(),
        display_title: Some("<span>Новороссийск</span>".to_string()),
        description: Some("город в Краснодарском крае".to_string()),
        extract: "Новороссийск — город…".to_string(),
        url: "https://ru.wikipedia.org/wiki/Новороссийск".to_string(),
        wikidata_id: Some("Q15091".to_string()),
        revision: Some("1234".to_string()),
        timestamp: Some(at(1, 3)),
        page_type: Some("standard".to_string()),
        coordinates: Some((44.716_667, 37.766_667)),
        thumbnail: None,
    };
    let found = CachedWiki {
        lang: "ru".to_string(),
        requested_title: "Новороссийске".to_string(),
        summary: Some(summary),
        fetched_at: at(1, 10),
    };
    store.wiki_put(&found).await.expect("put");
    assert_eq!(
        store.wiki_get("ru", "Новороссийске").await.expect("get"),
        Some(found.clone())
    );

    let missing = CachedWiki {
        lang: "en".to_string(),
        requested_title: "No_such_page".to_string(),
        summary: None,
        fetched_at: at(1, 11),
    };
    store.wiki_put(&missing).await.expect("put 404");
    assert_eq!(
        store.wiki_get("en", "No_such_page").await.expect("get 404"),
        Some(missing)
    );
    assert_eq!(
        store.wiki_get("ru", "No_such_page").await.expect("get"),
        None,
        "the language is part of the key"
    );

    let refreshed = CachedWiki {
        summary: None,
        fetched_at: at(2, 10),
        ..found
    };
    store.wiki_put(&refreshed).await.expect("overwrite");
    assert_eq!(
        store.wiki_get("ru", "Новороссийске").await.expect("get"),
        Some(refreshed)
    );
}
