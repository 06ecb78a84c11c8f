//! Store suite cases: stories are written whole, replaced as they grow, removed when absorbed,
//! and every merge is kept as an event.

use super::super::*;
use wiredesk_model::{Story, StoryEvent, StoryEventKind};

fn story(id: &str, posts: &[&str], updated_at: DateTime<Utc>) -> Story {
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

fn brief(story_id: &str, version: u32, generated_at: DateTime<Utc>) -> wiredesk_model::Brief {
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
    let latest: Vec<(String, u32)> = store
        .briefs()
        .await
        .unwrap()
        .into_iter()
        .map(|brief| (brief.story_id, brief.version))
        .collect();
    assert_eq!(latest, [("s1".to_string(), 2), ("s2".to_string(), 1)]);
    assert_eq!(store.brief("nope").await.unwrap(), None);
}
