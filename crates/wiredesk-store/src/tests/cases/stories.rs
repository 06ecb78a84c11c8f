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
