//! Store suite cases: post revisions (what changed since a desk pass), stored post analyses,
//! and dropping everything derived from the posts for a rebuild.

use super::super::*;
use super::stories::{brief, story};
use wiredesk_model::{StoryEvent, StoryEventKind};

/// The posts changed in (`after`, `until`], as `source/id`, in the order of `Store::posts`.
async fn changed(store: &dyn Store, after: i64, until: i64) -> Vec<String> {
    ids(&store
        .posts_changed(after, until)
        .await
        .expect("posts changed"))
}

async fn revision(store: &dyn Store) -> i64 {
    store.post_revision().await.expect("post revision")
}

fn references(refs: &[&str]) -> Vec<String> {
    refs.iter().map(|reference| reference.to_string()).collect()
}

/// Issue 10: every page commit that changes a post takes the next revision; the posts it inserts,
/// edits, marks gone, brings back or moves in time carry it, and `posts_changed` lists exactly
/// those. A re-sighting without a change (views and the like updated in place) is not listed
/// again, and takes no revision (issue 12: the counter is locked only by commits that need it).
pub(in crate::tests) async fn revisions_list_what_each_commit_changed(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let r0 = revision(store).await;
    assert!(changed(store, r0, r0).await.is_empty());

    // Inserts.
    let posts: Vec<Post> = (10..=12)
        .map(|id| post("rybar", &id.to_string(), at(1, id), "text"))
        .collect();
    let stats = commit(store, &page("rybar", at(2, 0), posts.clone()), "insert").await;
    assert_eq!(stats.inserted, 3);
    let r1 = revision(store).await;
    assert_eq!(r1, r0 + 1, "a commit takes the next revision");
    assert_eq!(
        changed(store, r0, r1).await,
        ["rybar/12", "rybar/11", "rybar/10"]
    );
    assert!(changed(store, r1, r1).await.is_empty());

    // The same page again, views changed in place: no post changed, no revision taken.
    let mut resent = posts.clone();
    resent[1].views = Some(Count {
        value: 500,
        plus_minus: 0,
    });
    let stats = commit(store, &page("rybar", at(2, 1), resent), "re-send").await;
    assert_eq!(
        stats,
        CommitStats {
            unchanged: 3,
            ..CommitStats::default()
        }
    );
    let r2 = revision(store).await;
    assert_eq!(r2, r1);
    assert_eq!(changed(store, r1, r2).await, Vec::<String>::new());
    assert_eq!(changed(store, r0, r2).await.len(), 3, "still under r1");

    // An edit, an insert and a post gone, in one commit.
    let mut edited = posts[1].clone();
    edited.text = "corrected text".to_string();
    let mut third = page(
        "rybar",
        at(2, 2),
        vec![
            posts[0].clone(),
            edited,
            post("rybar", "13", at(1, 13), "new"),
        ],
    );
    third.covered_range = Some((10, 13));
    let stats = commit(store, &third, "edit, insert, gone").await;
    assert_eq!(
        stats,
        CommitStats {
            inserted: 1,
            edited: 1,
            unchanged: 1,
            marked_gone: 1
        }
    );
    let r3 = revision(store).await;
    assert_eq!(r3, r2 + 1);
    let listed = store.posts_changed(r2, r3).await.expect("posts changed");
    assert_eq!(ids(&listed), ["rybar/13", "rybar/12", "rybar/11"]);
    let gone: Vec<Option<DateTime<Utc>>> = listed.iter().map(|stored| stored.gone_at).collect();
    assert_eq!(
        gone,
        [None, Some(at(2, 2)), None],
        "the gone post is listed"
    );
    assert_eq!(listed[2].post.text, "corrected text");
    assert_eq!(listed[2].n_versions, 2);
    // A post is listed under its latest change only; `until` bounds the range.
    assert_eq!(changed(store, r0, r1).await, ["rybar/10"]);
    assert_eq!(changed(store, r0, r3).await.len(), 4);
    assert!(changed(store, r3, r3 + 10).await.is_empty());

    // The gone post comes back, another moves in time; the rest is unchanged.
    let mut moved = posts[0].clone();
    moved.published_at = at(1, 9);
    let stats = commit(
        store,
        &page("rybar", at(2, 3), vec![moved, posts[2].clone()]),
        "back and moved",
    )
    .await;
    assert_eq!(stats.unchanged, 2);
    let r4 = revision(store).await;
    let listed = store.posts_changed(r3, r4).await.expect("posts changed");
    assert_eq!(ids(&listed), ["rybar/12", "rybar/10"]);
    assert_eq!(listed[0].gone_at, None, "back from gone");
    assert_eq!(listed[1].post.published_at, at(1, 9));

    // A page marking nothing gone and changing nothing lists nothing; a flagged edit is listed.
    let mut flagged = post("rybar", "13", at(1, 13), "new");
    flagged.edited = true;
    commit(
        store,
        &page("rybar", at(2, 4), vec![posts[2].clone()]),
        "idle",
    )
    .await;
    let r5 = revision(store).await;
    assert!(changed(store, r4, r5).await.is_empty());
    commit(store, &page("rybar", at(2, 5), vec![flagged]), "flagged").await;
    let r6 = revision(store).await;
    assert_eq!(changed(store, r5, r6).await, ["rybar/13"]);

    // A failed commit rolls its revision back with its posts.
    let failed = store
        .commit_page(&page(
            "nobody",
            at(2, 6),
            vec![post("nobody", "1", at(1, 1), "x")],
        ))
        .await;
    assert!(failed.is_err());
    assert_eq!(revision(store).await, r6);
}

/// Commits that run at once take distinct revisions, and each range lists its own commit's posts.
pub(in crate::tests) async fn concurrent_commits_take_distinct_revisions(store: &dyn Store) {
    add_source(store, &telegram("alpha")).await;
    add_source(store, &telegram("beta")).await;
    let r0 = revision(store).await;
    let posts = |source: &str| -> Vec<Post> {
        (1..=10)
            .map(|id| post(source, &id.to_string(), at(1, id), "text"))
            .collect()
    };
    let alpha = page("alpha", at(2, 0), posts("alpha"));
    let beta = page("beta", at(2, 0), posts("beta"));
    let (first, second) = tokio::join!(store.commit_page(&alpha), store.commit_page(&beta));
    assert_eq!(first.expect("alpha").inserted, 10);
    assert_eq!(second.expect("beta").inserted, 10);
    assert_eq!(revision(store).await, r0 + 2);
    let sources = |posts: Vec<crate::StoredPost>| -> Vec<String> {
        let mut keys: Vec<String> = posts.into_iter().map(|stored| stored.source_key).collect();
        keys.dedup();
        keys
    };
    let earlier = store.posts_changed(r0, r0 + 1).await.expect("changed");
    let later = store.posts_changed(r0 + 1, r0 + 2).await.expect("changed");
    assert_eq!((earlier.len(), later.len()), (10, 10));
    let mut both = [sources(earlier), sources(later)].concat();
    assert_eq!(both.len(), 2, "one source per revision: {both:?}");
    both.sort();
    assert_eq!(both, ["alpha", "beta"]);
}

/// Post analyses round-trip keyed by the lower-cased reference, replace earlier rows, leave
/// unknown references out, and are cleared with a true count.
pub(in crate::tests) async fn post_analyses_round_trip_and_clear(store: &dyn Store) {
    assert!(store.post_analyses(&[]).await.expect("none").is_empty());
    store
        .put_post_analyses(&[
            (
                "rybar/10".to_string(),
                i64::MIN,
                r#"{"tokens":["взрыв"]}"#.to_string(),
            ),
            ("Rybar/11".to_string(), i64::MAX, String::new()),
        ])
        .await
        .expect("put");
    let found = store
        .post_analyses(&references(&["RYBAR/10", "rybar/11", "rybar/99"]))
        .await
        .expect("analyses");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found.get("rybar/10"),
        Some(&(i64::MIN, r#"{"tokens":["взрыв"]}"#.to_string()))
    );
    assert_eq!(found.get("rybar/11"), Some(&(i64::MAX, String::new())));
    assert!(!found.contains_key("rybar/99"));

    // Replacing: by the same reference in any case, the other row untouched.
    store
        .put_post_analyses(&[
            ("rybar/10".to_string(), 3, "third".to_string()),
            ("RYBAR/11".to_string(), 4, "fourth".to_string()),
        ])
        .await
        .expect("replace");
    store
        .put_post_analyses(&[("rybar/11".to_string(), 5, "fifth".to_string())])
        .await
        .expect("replace again");
    let found = store
        .post_analyses(&references(&["rybar/10", "rybar/11"]))
        .await
        .expect("analyses");
    assert_eq!(found.len(), 2);
    assert_eq!(found["rybar/10"], (3, "third".to_string()));
    assert_eq!(found["rybar/11"], (5, "fifth".to_string()));

    // More references than one query takes.
    let many: Vec<(String, i64, String)> = (0..1_200)
        .map(|idx| (format!("c/{idx}"), idx, format!("analysis {idx}")))
        .collect();
    store.put_post_analyses(&many).await.expect("put many");
    let mut asked: Vec<String> = many.iter().map(|row| row.0.clone()).collect();
    asked.push("c/absent".to_string());
    let found = store.post_analyses(&asked).await.expect("many");
    assert_eq!(found.len(), 1_200);
    assert_eq!(found["c/1199"], (1_199, "analysis 1199".to_string()));

    assert_eq!(store.clear_post_analyses().await.expect("clear"), 1_202);
    let asked = [asked, references(&["rybar/10", "rybar/11"])].concat();
    assert!(store.post_analyses(&asked).await.expect("after").is_empty());
    assert_eq!(store.clear_post_analyses().await.expect("clear again"), 0);
    store
        .put_post_analyses(&[("rybar/10".to_string(), 6, "again".to_string())])
        .await
        .expect("put after clear");
    assert_eq!(store.clear_post_analyses().await.expect("clear one"), 1);
}

/// `clear_derived` drops stories, their events and posts, briefs and analyses, and keeps
/// sources, posts (their versions and revisions), the archive and the Wikipedia cache.
pub(in crate::tests) async fn clear_derived_keeps_sources_and_posts(store: &dyn Store) {
    add_source(store, &telegram("rybar")).await;
    let r0 = revision(store).await;
    let sha = archive_bytes(store, b"<html>page</html>", at(2, 0)).await;
    let mut first = page(
        "rybar",
        at(2, 0),
        vec![
            post("rybar", "10", at(1, 10), "first"),
            post("rybar", "11", at(1, 11), "second"),
        ],
    );
    first.archive_sha256 = Some(sha.clone());
    first.cursor = Some(json!({"newest": 11}));
    commit(store, &first, "commit").await;
    commit(
        store,
        &page(
            "rybar",
            at(2, 1),
            vec![post("rybar", "11", at(1, 11), "second, edited")],
        ),
        "edit",
    )
    .await;
    let wiki = CachedWiki {
        lang: "en".to_string(),
        requested_title: "Istanbul".to_string(),
        summary: None,
        fetched_at: at(2, 0),
    };
    store.wiki_put(&wiki).await.expect("wiki");

    let created = StoryEvent {
        at: at(2, 2),
        kind: StoryEventKind::Created,
        story: "s1".to_string(),
        other: None,
        detail: "rybar/10 opened it".to_string(),
    };
    store
        .put_stories(
            &[
                story("s1", &["rybar/10"], at(2, 2)),
                story("s2", &["rybar/11"], at(2, 3)),
            ],
            &[],
            std::slice::from_ref(&created),
        )
        .await
        .expect("stories");
    store
        .put_brief(&brief("s1", 1, at(2, 2)))
        .await
        .expect("brief");
    store
        .put_brief(&brief("s1", 2, at(2, 3)))
        .await
        .expect("brief");
    store
        .put_post_analyses(&[
            ("rybar/10".to_string(), 1, "a".to_string()),
            ("rybar/11".to_string(), 2, "b".to_string()),
        ])
        .await
        .expect("analyses");
    let post_refs = references(&["rybar/10", "rybar/11"]);
    // Everything is there before the clear.
    assert_eq!(store.story_count().await.expect("count"), 2);
    assert_eq!(store.story_events().await.expect("events"), [created]);
    assert_eq!(store.brief_count().await.expect("briefs"), 1);
    assert_eq!(
        store.stories_of_posts(&post_refs).await.expect("of").len(),
        2
    );
    assert_eq!(store.post_analyses(&post_refs).await.expect("an").len(), 2);
    let rev = revision(store).await;
    let posts_before = store.posts(&PostQuery::default()).await.expect("posts");

    store.clear_derived().await.expect("clear derived");

    assert!(store.stories().await.expect("stories").is_empty());
    assert_eq!(store.story_count().await.expect("count"), 0);
    assert!(store.stories_page(10, None).await.expect("page").is_empty());
    assert_eq!(store.story("s1").await.expect("story"), None);
    assert!(store.story_events().await.expect("events").is_empty());
    assert!(store.briefs().await.expect("briefs").is_empty());
    assert_eq!(store.brief_count().await.expect("count"), 0);
    assert_eq!(store.brief("s1").await.expect("brief"), None);
    assert!(
        store
            .brief_versions("s1")
            .await
            .expect("versions")
            .is_empty()
    );
    assert!(store.recent_briefs(10).await.expect("recent").is_empty());
    assert!(
        store
            .stories_of_posts(&post_refs)
            .await
            .expect("of")
            .is_empty()
    );
    assert!(
        store
            .post_analyses(&post_refs)
            .await
            .expect("an")
            .is_empty()
    );
    assert_eq!(store.clear_post_analyses().await.expect("clear"), 0);

    // Kept: the source and its cursor, the posts with their versions and revisions, the archive
    // and the Wikipedia cache.
    assert_eq!(
        source_state(store, "rybar").await.cursor,
        Some(json!({"newest": 11}))
    );
    assert_eq!(
        store.posts(&PostQuery::default()).await.expect("posts"),
        posts_before
    );
    assert_eq!(posts_before.len(), 2);
    assert_eq!(
        store.post_versions("rybar", "11").await.expect("v").len(),
        1
    );
    assert_eq!(revision(store).await, rev);
    assert_eq!(changed(store, r0, rev).await, ["rybar/11", "rybar/10"]);
    assert!(store.archived(&sha).await.expect("archived").is_some());
    assert_eq!(
        store.wiki_get("en", "Istanbul").await.expect("wiki"),
        Some(wiki)
    );

    // Derived data is written again from scratch, the old ids free.
    store
        .put_stories(&[story("s2", &["rybar/10"], at(2, 4))], &[], &[])
        .await
        .expect("stories again");
    let found = store.stories_of_posts(&post_refs).await.expect("of");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found.get("rybar/10").map(String::as_str), Some("s2"));
    store
        .put_brief(&brief("s1", 1, at(2, 4)))
        .await
        .expect("brief");
    assert_eq!(
        store
            .brief_versions("s1")
            .await
            .expect("versions")
            .iter()
            .map(|brief| brief.version)
            .collect::<Vec<u32>>(),
        [1]
    );
}
