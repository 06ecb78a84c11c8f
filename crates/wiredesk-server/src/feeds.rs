//! What the Atom and JSON feeds carry: site-wide, the latest brief of each story; per story,
//! every version of its brief. Both newest first; both formats share this loading.

use wiredesk_model::{Brief, Story};

use crate::{AppError, AppState};

/// The site-wide feeds carry this many briefs at most.
pub const MAX_SITE_ENTRIES: usize = 50;

/// The latest brief of each story (newest first) with its story: one query for the briefs, one
/// lookup per entry, whatever the number of stories stored.
pub async fn site_entries(state: &AppState) -> Result<Vec<(Brief, Story)>, AppError> {
    let briefs = state.store.recent_briefs(MAX_SITE_ENTRIES as u64).await?;
    let mut entries: Vec<(Brief, Story)> = Vec::with_capacity(briefs.len());
    for brief in briefs {
        // A brief whose story was absorbed by a merge has no page to link to.
        if let Some(story) = state.store.story(&brief.story_id).await? {
            entries.push((brief, story));
        }
    }
    Ok(entries)
}

/// Every version of one story's brief (newest first) with the story; 404 for an unknown story.
pub async fn story_entries(state: &AppState, id: &str) -> Result<Vec<(Brief, Story)>, AppError> {
    let story = state
        .store
        .story(id)
        .await?
        .ok_or_else(|| AppError::StoryNotFound { id: id.to_string() })?;
    let mut versions = state.store.brief_versions(id).await?;
    versions.sort_by_key(|brief| std::cmp::Reverse(brief.version));
    Ok(versions
        .into_iter()
        .map(|brief| (brief, story.clone()))
        .collect())
}

/// `/story/{id}` with the id percent-encoded, as it appears in links.
pub fn story_path(id: &str, rest: &str) -> String {
    let mut encoded = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("/story/{encoded}{rest}")
}
