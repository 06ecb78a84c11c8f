//! Store suite cases: stories are written whole, replaced as they grow, removed when absorbed,
//! and every merge is kept as an event.

use super::super::*;
use wiredesk_model::{Story, StoryEvent, StoryEventKind};

pub(super) fn story(id: &str, posts: &[&str], updated_at: DateTime<Utc>) -> Story {
    Story {
        id: id.to_string(),
        kind: "talks".to_string(),
        title: format!("story {id}"),
        posts: posts.iter().map(|post| post.to_string()).collect(),
        origins: Vec::new(),
        slots: Vec::new(),
        ledger_history: Vec::new(),
        first_seen: at(1, 8),
        updated_at,
        entities: vec!["Istanbul".to_string()],
        wikipedia: [("Istanbul".to_string(), "Istanbul".to_string())].into(),
        digest: String::new(),
    }
}

pub(in crate::tests) async fn stories_are_replaced_removed_and_logged(store: &dyn Store) {
    let first = story("s1", &["osintbrief/1"], at(1, 9));
    let second = story("s2", &["wartracker/2"], at(1, 10));
    store
        .put_stories(&[first.clone(), second.clone()], &[], &[])
        .await
        .unwrap();
    let listed: Vec<String> = store
        .stories()
        .await
        .unwrap()
        .into_iter()
        .map(|story| story.id)
        .collect();
    assert_eq!(listed, ["s2", "s1"], "most recently updated first");

    let grown = story("s1", &["osintbrief/1", "wartracker/2"], at(1, 11));
    let merged = StoryEvent {
        at: at(1, 11),
        kind: StoryEventKind::Merged,
        story: "s1".to_string(),
        other: Some("s2".to_string()),
        detail: "wartracker/2 joined".to_string(),
    };
    store
        .put_stories(
            std::slice::from_ref(&grown),
            &["s2".to_string()],
            std::slice::from_ref(&merged),
        )
        .await
        .unwrap();
    assert_eq!(store.story("s1").await.unwrap(), Some(grown));
    assert_eq!(store.story("s2").await.unwrap(), None);
    assert_eq!(store.stories().await.unwrap().len(), 1);
    assert_eq!(store.story_events().await.unwrap(), [merged]);
}

pub(super) fn brief(
    story_id: &str,
    version: u32,
    generated_at: DateTime<Utc>,
) -> wiredesk_model::Brief {
    let sentence = |text: &str| wiredesk_model::Sentence {
        text: text.to_string(),
        citations: vec!["https://t.me/osintbrief/1".to_string()],
    };
    wiredesk_model::Brief {
        story_id: story_id.to_string(),
        version,
        generated_at,
        headline: sentence("Talks in Istanbul"),
        standfirst: sentence("One origin so far"),
        sections: Vec::new(),
        ledger: Vec::new(),
        unknowns: vec!["who leads either delegation".to_string()],
        desk_note: "pending".to_string(),
        provenance: Vec::new(),
        revisions: Vec::new(),
        rejected: Vec::new(),
        analysis: None,
    }
}

pub(in crate::tests) async fn brief_versions_stay_readable(store: &dyn Store) {
    store.put_brief(&brief("s1", 1, at(1, 9))).await.unwrap();
    store.put_brief(&brief("s1", 2, at(1, 12))).await.unwrap();
    store.put_brief(&brief("s2", 1, at(1, 10))).await.unwrap();
    assert_eq!(
        store.brief("s1").await.unwrap().map(|brief| brief.version),
        Some(2)
    );
    let versions: Vec<u32> = store
        .brief_versions("s1")
        .await
        .unwrap()
        .iter()
        .map(|brief| brief.version)
        .collect();
    assert_eq!(versions, [1, 2]);
    // Versions are append-only: writing a stored version again is refused, never an overwrite.
    let mut late = brief("s1", 2, at(1, 13));
    late.desk_note = "written by another desk".to_string();
    match store.put_brief(&late).await {
        Err(crate::StoreError::VersionTaken { story_id, version }) => {
            assert_eq!((story_id.as_str(), version), ("s1", 2));
        }
        other => panic!("a second version 2 was not refused: {other:?}"),
    }
    let kept = store.brief("s1").await.unwrap().unwrap();
    assert_eq!(kept.generated_at, at(1, 12));
    assert_eq!(kept.desk_note, "pending");
    let latest: Vec<(String, u32)> = store
        .briefs()
        .await
        .unwrap()
        .into_iter()
        .map(|brief| (brief.story_id, brief.version))
        .collect();
    assert_eq!(latest, [("s1".to_string(), 2), ("s2".to_string(), 1)]);
    assert_eq!(store.brief("nope").await.unwrap(), None);
    assert_eq!(store.brief_count().await.unwrap(), 2);
    // The feeds' query: latest briefs of stories that still exist, newest first, limited.
    assert!(
        store.recent_briefs(10).await.unwrap().is_empty(),
        "no story stored yet"
    );
    store
        .put_stories(
            &[
                story("s1", &["c/1"], at(1, 12)),
                story("s2", &["c/2"], at(1, 10)),
            ],
            &[],
            &[],
        )
        .await
        .unwrap();
    let recent: Vec<(String, u32)> = store
        .recent_briefs(1)
        .await
        .unwrap()
        .into_iter()
        .map(|brief| (brief.story_id, brief.version))
        .collect();
    assert_eq!(recent, [("s1".to_string(), 2)]);
    assert_eq!(store.recent_briefs(10).await.unwrap().len(), 2);
}

/// Issue 10: the story list pages through the stored stories in the list's order, ties on the
/// update time and the post count included, each story exactly once, with a count that needs no
/// full load; a cursor survives its URL form.
pub(in crate::tests) async fn stories_page_through_in_order(store: &dyn Store) {
    let tied = at(1, 12);
    let stories = vec![
        story("sa1", &["c/1"], at(1, 9)),
        story("sb2", &["c/2", "c/3"], tied),
        story("sc3", &["c/4"], tied),
        story("sd4", &["c/5"], tied),
        story("se5", &["c/6"], at(2, 9)),
    ];
    store.put_stories(&stories, &[], &[]).await.unwrap();
    assert_eq!(store.story_count().await.unwrap(), 5);
    let all: Vec<String> = store
        .stories()
        .await
        .unwrap()
        .into_iter()
        .map(|story| story.id)
        .collect();
    assert_eq!(all, ["se5", "sb2", "sc3", "sd4", "sa1"]);
    let mut paged: Vec<String> = Vec::new();
    let mut cursor: Option<crate::StoryCursor> = None;
    loop {
        let page = store.stories_page(2, cursor.as_ref()).await.unwrap();
        assert!(page.len() <= 2);
        let Some(last) = page.last() else {
            break;
        };
        let token = crate::StoryCursor::after(last).encode();
        cursor = Some(crate::StoryCursor::decode(&token).expect("a cursor round-trips"));
        paged.extend(page.into_iter().map(|story| story.id));
    }
    assert_eq!(paged, all);
    // A post's story is an indexed lookup, kept as stories grow, merge and go.
    let lookup = |refs: &[&str]| refs.iter().map(|r| r.to_string()).collect::<Vec<String>>();
    let found = store
        .stories_of_posts(&lookup(&["C/2", "c/6", "c/99"]))
        .await
        .unwrap();
    assert_eq!(found.get("c/2").map(String::as_str), Some("sb2"));
    assert_eq!(found.get("c/6").map(String::as_str), Some("se5"));
    assert_eq!(found.len(), 2);
    let mut grown = stories[4].clone();
    grown.posts.push("c/4".to_string());
    store
        .put_stories(&[grown], &["sc3".to_string()], &[])
        .await
        .unwrap();
    let found = store.stories_of_posts(&lookup(&["c/4"])).await.unwrap();
    assert_eq!(found.get("c/4").map(String::as_str), Some("se5"));
    assert_eq!(store.story_count().await.unwrap(), 4);
    assert_eq!(crate::StoryCursor::decode("not-a-cursor"), None);
    assert_eq!(crate::StoryCursor::decode("12.5-3-s1;drop"), None);
}

/// Issue 10: a story of more posts than one statement writes keeps every post's lookup, and a
/// rewrite with fewer posts drops the ones it lost.
pub(in crate::tests) async fn large_stories_are_written_in_batches(store: &dyn Store) {
    let refs: Vec<String> = (0..1_234).map(|n| format!("big/{n}")).collect();
    let posts: Vec<&str> = refs.iter().map(String::as_str).collect();
    let mut big = story("sbig", &posts, at(1, 9));
    // A repeated reference is written once.
    big.posts.push("BIG/7".to_string());
    store.put_stories(&[big], &[], &[]).await.unwrap();
    let found = store.stories_of_posts(&refs).await.unwrap();
    assert_eq!(found.len(), 1_234);
    assert!(found.values().all(|id| id == "sbig"));

    let smaller = story("sbig", &posts[..600], at(1, 10));
    let other = story("sother", &posts[600..610], at(1, 10));
    store
        .put_stories(&[smaller, other], &[], &[])
        .await
        .unwrap();
    let found = store.stories_of_posts(&refs).await.unwrap();
    assert_eq!(
        found.len(),
        610,
        "the posts the story lost are no longer its"
    );
    assert_eq!(found.get("big/605").map(String::as_str), Some("sother"));
    assert_eq!(found.get("big/599").map(String::as_str), Some("sbig"));

    // Only the difference is written: a story listed first takes posts from one listed after it,
    // which gains a post and loses others in the same write.
    let taker = story("staker", &posts[..5], at(1, 11));
    let mut grown: Vec<&str> = posts[5..600].to_vec();
    grown.push("big/2000");
    let grown = story("sbig", &grown, at(1, 11));
    store.put_stories(&[taker, grown], &[], &[]).await.unwrap();
    let mut asked = refs.clone();
    asked.push("big/2000".to_string());
    let found = store.stories_of_posts(&asked).await.unwrap();
    assert_eq!(found.len(), 611);
    assert_eq!(found.get("big/3").map(String::as_str), Some("staker"));
    assert_eq!(found.get("big/5").map(String::as_str), Some("sbig"));
    assert_eq!(found.get("big/2000").map(String::as_str), Some("sbig"));
    assert_eq!(found.get("big/605").map(String::as_str), Some("sother"));
}
