//! After the stories: gather what each story's brief rests on (its posts, sources, Wikipedia
//! background, earlier related stories, the previous version), compose, and store a new version
//! only when something changed.
//!
//! Background comes from the Wikipedia cache only: the titles every brief of the pass wants are
//! handed to `crate::background::prefetch` at once (looked up concurrently and awaited in
//! `Mode::Wait`, spawned in `Mode::Background`), and each brief then reads the cache. The stories
//! whose background arrived since an earlier pass are briefed here too.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use wiredesk_analysis::entities::{gazetteer, relation_title};
use wiredesk_analysis::frame::family;
use wiredesk_brief::{BriefInput, BriefPost, BriefSource, compose, revise};
use wiredesk_model::{Brief, EntityKind, SourceKind, SourceState, Story, Trust, WikiSummary};
use wiredesk_store::{StoreError, StoredPost};

use crate::desk::Desk;
use crate::pipeline::source_name;

/// How many Wikipedia pages one brief may draw background from.
const MAX_BACKGROUND: usize = 6;

/// Writes a new brief version for each of `stories` that changed, and for each story whose
/// Wikipedia background arrived since an earlier pass (`crate::background::apply_ready`).
/// Returns how many were stored.
pub async fn write_briefs(
    desk: &Desk,
    stories: &[Story],
    posts: &HashMap<String, Arc<StoredPost>>,
    all_stories: &[&Story],
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let ready = match crate::background::apply_ready(desk, stories, now).await {
        Ok(ready) => ready,
        Err(error) => {
            tracing::warn!(error = %error, "stories with new background not loaded; briefed later");
            Vec::new()
        }
    };
    // Stories whose language-model analysis arrived since the last pass: recomposed now, so the
    // analysis comes as a new revision.
    let mut analysed: Vec<Story> = Vec::new();
    for id in desk.analyst.take_ready() {
        if stories.iter().chain(&ready).any(|story| story.id == id)
            || analysed.iter().any(|story| story.id == id)
        {
            continue;
        }
        match desk.store.story(&id).await {
            Ok(Some(story)) => analysed.push(story),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(story = %id, error = %error, "story with a new analysis not loaded; briefed later");
            }
        }
    }
    let stories: Vec<&Story> = stories.iter().chain(&ready).chain(&analysed).collect();
    // The pass's posts, by reference in lower case (none published after `now`).
    let lookup = |reference: &str| -> Option<&StoredPost> {
        posts
            .get(&reference.to_lowercase())
            .map(|stored| &**stored)
            .filter(|stored| stored.post.published_at <= now)
    };
    let sources: HashMap<String, SourceState> = desk
        .store
        .sources()
        .await?
        .into_iter()
        .map(|state| (state.key.clone(), state))
        .collect();
    let mut briefed: Vec<(&Story, Vec<&StoredPost>, Vec<String>)> = Vec::new();
    for story in stories {
        let story_posts: Vec<&StoredPost> = story
            .posts
            .iter()
            .filter_map(|reference| lookup(reference))
            .collect();
        let from_primary = story_posts.iter().any(|stored| {
            sources
                .get(&stored.source_key)
                .is_some_and(|state| state.spec.trust == Trust::Primary)
        });
        // The threshold: `[briefs] min_posts`, or one post from a source marked primary.
        if story_posts.len() < desk.config.briefs.min_posts && !from_primary {
            continue;
        }
        let titles = background_titles(story);
        briefed.push((story, story_posts, titles));
    }
    let wanted: Vec<(&str, &[String])> = briefed
        .iter()
        .map(|(story, _, titles)| (story.id.as_str(), titles.as_slice()))
        .collect();
    if let Err(error) = crate::background::prefetch(desk, &wanted, now).await {
        tracing::warn!(error = %error, "background lookups failed; briefs written with the cache");
    }
    // Gathered one story at a time (store reads), composed in parallel (pure and CPU-bound:
    // the larger part of a pass that touches big stories), then analysed, revised and stored
    // one at a time in the stories' order.
    let mut gathered: Vec<Gathered> = Vec::new();
    for (story, story_posts, titles) in briefed {
        let mut posts: Vec<BriefPost> = story_posts
            .iter()
            .map(|stored| brief_post(stored))
            .collect();
        crate::analyst::translate(desk, story, &mut posts, now).await;
        let sources = brief_sources(desk, &story_posts, &sources);
        // One story's trouble costs that story's brief for this pass, never the pass.
        let background = match crate::background::cached_summaries(
            desk,
            &titles,
            MAX_BACKGROUND,
            now,
        )
        .await
        {
            Ok(background) => background,
            Err(error) => {
                tracing::warn!(story = %story.id, error = %error, "background unavailable; brief written without it");
                Vec::new()
            }
        };
        let related: Vec<Story> = related_stories(story, all_stories);
        // Each related story is cited through its first post, when the window still holds it.
        let related_posts: Vec<BriefPost> = related
            .iter()
            .filter_map(|other| other.posts.first())
            .filter_map(|reference| lookup(reference))
            .map(brief_post)
            .collect();
        let previous = match desk.store.brief(&story.id).await {
            Ok(previous) => previous,
            Err(error) => {
                tracing::error!(story = %story.id, error = %error, "cannot read the previous brief; story skipped this pass");
                continue;
            }
        };
        gathered.push(Gathered {
            story,
            posts,
            sources,
            background,
            related,
            related_posts,
            previous,
        });
    }
    let composed = wiredesk_analysis::parallel::in_parallel(
        &gathered,
        |gathered| gathered.posts.len(),
        |gathered| contained(&gathered.story.id, || compose(&gathered.input(now))),
    );
    let mut n_written = 0;
    for (gathered, next) in gathered.iter().zip(composed) {
        let Some(mut next) = next else {
            continue;
        };
        let input = gathered.input(now);
        let story = gathered.story;
        crate::analyst::analyse(desk, &input, &mut next, now).await;
        if let Some(brief) = revise(gathered.previous.as_ref(), next.clone(), now) {
            if !brief.rejected.is_empty() {
                tracing::info!(story = %story.id, refused = brief.rejected.len(), "brief written without the sentences its evidence does not back");
            }
            match desk.store.put_brief(&brief).await {
                Ok(()) => n_written += 1,
                // Another desk stored this version first: versions are append-only, so the
                // brief is revised against what is stored now and written once more.
                Err(StoreError::VersionTaken { .. }) => match retry_brief(desk, next, now).await {
                    Ok(true) => n_written += 1,
                    Ok(false) => {}
                    Err(error) => {
                        tracing::error!(story = %story.id, error = %error, "brief not stored this pass");
                    }
                },
                Err(error) => {
                    tracing::error!(story = %story.id, error = %error, "brief not stored this pass");
                }
            }
        }
    }
    Ok(n_written)
}

/// What one story's brief rests on, read from the store before composing.
struct Gathered<'s> {
    story: &'s Story,
    posts: Vec<BriefPost>,
    sources: Vec<BriefSource>,
    background: Vec<WikiSummary>,
    related: Vec<Story>,
    related_posts: Vec<BriefPost>,
    previous: Option<Brief>,
}

impl Gathered<'_> {
    fn input(&self, now: DateTime<Utc>) -> BriefInput<'_> {
        BriefInput {
            story: self.story,
            posts: &self.posts,
            sources: &self.sources,
            background: &self.background,
            related: &self.related,
            related_posts: &self.related_posts,
            previous: self.previous.as_ref(),
            now,
        }
    }
}

/// Runs one story's composition; a panic in it is logged and costs that story its brief for
/// this pass (`None`), never the pass or `run`.
fn contained<T>(story_id: &str, compose: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(compose)) {
        Ok(value) => Some(value),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(story = %story_id, panic = %message, "composing the brief panicked; story skipped this pass");
            None
        }
    }
}

/// Revises `next` against the brief stored now (another desk wrote the version this one meant
/// to) and stores it: whether a new version was written. A second conflict is left to the next
/// pass.
async fn retry_brief(desk: &Desk, next: Brief, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let stored = desk.store.brief(&next.story_id).await?;
    match revise(stored.as_ref(), next, now) {
        Some(brief) => desk.store.put_brief(&brief).await.map(|()| true),
        None => Ok(false),
    }
}

fn brief_post(stored: &StoredPost) -> BriefPost {
    let post = &stored.post;
    let telegram = !stored.source_key.contains("://");
    BriefPost {
        reference: post.reference(),
        url: post.url.clone().unwrap_or_else(|| post.reference()),
        kind: if telegram { "telegram" } else { "feed" },
        source_key: stored.source_key.clone(),
        published_at: post.published_at,
        title: post.title.clone(),
        text: post.text.clone(),
        sha256: stored.archive_sha256.clone(),
        carried_from: post
            .forwarded_from
            .iter()
            .flat_map(|from| from.name.iter().chain(from.channel.iter()))
            .chain(
                post.origin_source
                    .iter()
                    .flat_map(|origin| origin.name.iter()),
            )
            .cloned()
            .collect(),
        language: post.language.clone(),
        translation: None,
    }
}

fn brief_sources(
    desk: &Desk,
    posts: &[&StoredPost],
    sources: &HashMap<String, SourceState>,
) -> Vec<BriefSource> {
    // The newest post of each source, in one pass over the story's posts.
    let mut newest_of: HashMap<&str, &StoredPost> = HashMap::new();
    for &stored in posts {
        let newest = newest_of
            .entry(stored.source_key.as_str())
            .or_insert(stored);
        if stored.last_seen_at >= newest.last_seen_at {
            *newest = stored;
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for stored in posts {
        if !seen.insert(stored.source_key.clone()) {
            continue;
        }
        let Some(state) = sources.get(&stored.source_key) else {
            continue;
        };
        let (kind, page_url) = match &state.spec.kind {
            SourceKind::Telegram { channel } => (
                "telegram",
                format!(
                    "{}/s/{}",
                    desk.config.telegram.base_url.trim_end_matches('/'),
                    channel
                ),
            ),
            SourceKind::Feed { url } => ("feed", url.clone()),
        };
        // The newest page the story's posts from this source were read from.
        let newest = newest_of.get(stored.source_key.as_str());
        let name = source_name(state);
        let state_affiliated = gazetteer()
            .lookup(&name)
            .is_some_and(|entry| entry.state_affiliated)
            || state.spec.trust == Trust::StateAffiliated;
        out.push(BriefSource {
            key: state.key.clone(),
            name,
            kind,
            page_url,
            page_sha256: newest.and_then(|post| post.archive_sha256.clone()),
            page_fetched_at: newest.map(|post| post.last_seen_at),
            trust: state.spec.trust,
            state_affiliated,
        });
    }
    out
}

/// The Wikipedia titles the story's background may draw on: relations between its countries
/// first, then its other entities in the order the story names them.
fn background_titles(story: &Story) -> Vec<String> {
    let countries: Vec<&str> = story
        .entities
        .iter()
        .filter(|name| {
            gazetteer()
                .get(name)
                .is_some_and(|entry| entry.kind == EntityKind::Country)
        })
        .map(String::as_str)
        .collect();
    let mut titles: Vec<String> = Vec::new();
    for (idx, first) in countries.iter().enumerate() {
        for second in &countries[idx + 1..] {
            if let Some(title) = relation_title(first, second) {
                titles.push(title);
            }
        }
    }
    for name in &story.entities {
        if let Some(title) = story.wikipedia.get(name) {
            titles.push(title.clone());
        }
    }
    titles
}

/// How many of a story's entities (most named first) are its main ones.
const MAIN_ENTITIES: usize = 4;

/// Earlier stories that are about the same thing, most recent first: they share at least two
/// entities, one of them among the story's main ones and one narrower than a country, and they
/// are of the same kind or family (an airline's new route is no background to talks in the same
/// city; a horse race in Japan none to a launch Japan reports).
fn related_stories(story: &Story, all: &[&Story]) -> Vec<Story> {
    let main: Vec<&String> = story.entities.iter().take(MAIN_ENTITIES).collect();
    let mut related: Vec<&Story> = all
        .iter()
        .copied()
        .filter(|other| other.id != story.id && other.first_seen < story.first_seen)
        .filter(|other| family(&other.kind) == family(&story.kind))
        .filter(|other| {
            let shared: Vec<&String> = other
                .entities
                .iter()
                .filter(|name| story.entities.contains(name))
                .collect();
            // Countries are in every second story: at least one shared name must be
            // something narrower (a town, a person, a body).
            let narrower = shared.iter().any(|name| {
                !gazetteer().get(name).is_some_and(|entry| {
                    entry.kind == EntityKind::Country
                        || wiredesk_analysis::entities::is_region(&entry.canonical)
                })
            });
            shared.len() >= 2 && narrower && shared.iter().any(|name| main.contains(name))
        })
        .collect();
    related.sort_by_key(|other| std::cmp::Reverse(other.first_seen));
    related.into_iter().take(3).cloned().collect()
}

#[cfg(test)]
mod contained_tests {
    use super::contained;

    /// Issue 10: a panic while composing one story's brief costs that story, not the pass.
    #[test]
    fn a_panicking_story_is_skipped_and_the_next_one_is_written() {
        let written: Vec<u32> = [1u32, 2, 3]
            .into_iter()
            .filter_map(|n| {
                contained(&format!("s{n}"), || {
                    assert!(n != 2, "an odd post broke story {n}");
                    n
                })
            })
            .collect();
        assert_eq!(written, [1, 3]);
    }
}

#[cfg(test)]
mod related_tests {
    use chrono::{TimeZone, Utc};
    use wiredesk_model::Story;

    use super::related_stories;

    fn story(id: &str, kind: &str, day: u32, entities: &[&str]) -> Story {
        let at = Utc.with_ymd_and_hms(2026, 7, day, 8, 0, 0).unwrap();
        Story {
            id: id.to_string(),
            kind: kind.to_string(),
            title: id.to_string(),
            posts: Vec::new(),
            origins: Vec::new(),
            slots: Vec::new(),
            ledger_history: Vec::new(),
            first_seen: at,
            updated_at: at,
            entities: entities.iter().map(|name| (*name).to_string()).collect(),
            wikipedia: Default::default(),
            digest: String::new(),
        }
    }

    /// Background comes from earlier stories on the same subject: same family of kind and the
    /// story's main names, not any story that shares a city.
    #[test]
    fn related_stories_share_kind_and_main_entities() {
        let now = story("talks", "talks", 10, &["Doha", "Qatar", "Sudan", "RSF"]);
        let earlier_talks = story("truce", "ceasefire", 8, &["Sudan", "RSF", "Jeddah"]);
        let airline = story("route", "other", 9, &["Doha", "Qatar", "Qatar Airways"]);
        let later = story("after", "talks", 11, &["Sudan", "RSF"]);
        let countries_only = story("visit", "talks", 9, &["Sudan", "Qatar"]);
        let related = related_stories(
            &now,
            &[
                &earlier_talks,
                &airline,
                &later,
                &countries_only,
                &now.clone(),
            ],
        );
        let ids: Vec<&str> = related.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["truce"]);
    }
}

#[cfg(test)]
mod retry_tests {
    use std::sync::Arc;

    use chrono::{TimeZone, Utc};
    use wiredesk_model::{Brief, Sentence};

    use crate::Desk;

    fn brief(version: u32, headline: &str) -> Brief {
        let sentence = |text: &str| Sentence {
            text: text.to_string(),
            citations: vec!["https://t.me/osintbrief/1".to_string()],
        };
        Brief {
            story_id: "s1".to_string(),
            version,
            generated_at: Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap(),
            headline: sentence(headline),
            standfirst: sentence("One origin so far"),
            sections: Vec::new(),
            ledger: Vec::new(),
            unknowns: Vec::new(),
            desk_note: "pending".to_string(),
            provenance: Vec::new(),
            revisions: Vec::new(),
            rejected: Vec::new(),
            analysis: None,
        }
    }

    /// Issue 12: another desk stored the version this one meant to write. Versions are
    /// append-only: the store refuses the second version 1, and the desk revises against what
    /// is stored and writes version 2, leaving the other desk's version as it was.
    #[tokio::test]
    async fn a_taken_version_is_revised_and_written_as_the_next() {
        let store = wiredesk_store::open("sqlite::memory:").await.unwrap();
        let desk = Desk {
            store: Arc::from(store),
            fetch: Arc::new(crate::replay::ReplayFetch::default()),
            config: Arc::new(crate::config::Config::default()),
            background: Default::default(),
            analyst: Default::default(),
        };
        desk.store
            .put_brief(&brief(1, "Talks in Istanbul"))
            .await
            .unwrap();
        let ours = brief(1, "Talks in Istanbul, AFP reports");
        assert!(matches!(
            desk.store.put_brief(&ours).await,
            Err(wiredesk_store::StoreError::VersionTaken { .. })
        ));
        let now = Utc.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap();
        assert!(super::retry_brief(&desk, ours, now).await.unwrap());
        let versions = desk.store.brief_versions("s1").await.unwrap();
        let headlines: Vec<(u32, &str)> = versions
            .iter()
            .map(|brief| (brief.version, brief.headline.text.as_str()))
            .collect();
        assert_eq!(
            headlines,
            [
                (1, "Talks in Istanbul"),
                (2, "Talks in Istanbul, AFP reports")
            ]
        );
    }
}
