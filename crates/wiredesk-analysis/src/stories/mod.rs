//! The whole chain for a set of posts: normalize, dedupe, cluster, attribute, trace origins,
//! fill frames, keep the ledger. Pure: the caller loads posts and the previous stories and
//! stores what comes back.
//!
//! Clustering reruns over the posts in time order every time (it is fast), and new clusters are
//! matched to the previous stories by the posts they share, so a story keeps its id as it grows.
//! A cluster holding posts of two previous stories is a merge; a previous story whose posts end
//! up in two clusters is a split. Both are returned as events, never silent.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use wiredesk_model::{
    EntityKind, EntityMention, Post, Story, StoryEvent, StoryEventKind, TimeMention,
};

use crate::entities::{entities, gazetteer};
use crate::ledger::{Claim, changes, ledger};
use crate::normalize::{content_terms, sentences};
use crate::origins::{PostFacts, Resolved, trace_with};
use crate::times::time_mentions;
use crate::{attribute, frame};

/// How long after a post a copy of its text still counts as the same report.
const COPY_WINDOW_HOURS: i64 = 24;

/// Near-duplicates above this estimated Jaccard similarity are copies of each other.
const NEAR_DUP_THRESHOLD: f32 = 0.6;

/// One post and what the desk knows about its source.
#[derive(Debug, Clone, Copy)]
pub struct PostInput<'a> {
    pub post: &'a Post,
    /// Who the source is: a channel's title, a feed's configured name.
    pub source_name: &'a str,
}

/// What changed: the stories to write (all of them, current), the ids to remove, the events.
#[derive(Debug, Clone, Default)]
pub struct StoryUpdate {
    pub stories: Vec<Story>,
    pub removed: Vec<String>,
    pub events: Vec<StoryEvent>,
    /// Stories rebuilt to the same content under a new input fingerprint (a source was added,
    /// say): stored for their fingerprint, with no brief work.
    pub refreshed: Vec<Story>,
    /// Where the chain's time went, for the pass's log: (what, milliseconds or a count).
    pub timings: Vec<(&'static str, u128)>,
}

/// A post with its analysis.
pub struct Analyzed<'a> {
    pub input: PostInput<'a>,
    pub reference: String,
    /// What the post's analysis found, shared with the analysis cache (a pass hands out the
    /// analyses it keeps, it does not copy them): its text, terms, entities and attributions,
    /// read as fields of `Analyzed` through `Deref`.
    pub analysis: std::sync::Arc<PostAnalysis>,
}

impl std::ops::Deref for Analyzed<'_> {
    type Target = PostAnalysis;

    fn deref(&self) -> &PostAnalysis {
        &self.analysis
    }
}

/// The text the desk reads in a post: a feed item's title and body, a Telegram post's body,
/// without the lines that credit a picture ("(Image credit: … via Getty Images)"): who took the
/// photo says nothing about who reported the story or what it is about.
pub fn post_text(post: &Post) -> String {
    let body = without_credit_lines(&post.text);
    match &post.title {
        Some(title) if !body.starts_with(title.as_str()) => format!("{title}.\n{body}"),
        _ => body,
    }
}

/// Drops whole lines that only credit a picture or a video.
fn without_credit_lines(text: &str) -> String {
    const CREDIT_OPENERS: &[&str] = &[
        "image credit",
        "photo credit",
        "picture credit",
        "video credit",
        "image:",
        "photo:",
        "photograph:",
        "credit:",
        "фото:",
    ];
    if !text.contains('\n') && !text.trim_start().starts_with('(') {
        return text.to_string();
    }
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            let bare = line
                .trim()
                .trim_start_matches(['(', '['])
                .trim_start()
                .to_lowercase();
            !CREDIT_OPENERS.iter().any(|opener| bare.starts_with(opener))
        })
        .collect();
    if kept.len() == text.lines().count() {
        return text.to_string();
    }
    kept.join("\n").trim_end().to_string()
}

/// Normalizes and attributes one post.
pub fn analyze<'a>(input: PostInput<'a>) -> Analyzed<'a> {
    let text = post_text(input.post);
    let lang = input.post.language.as_deref();
    Analyzed {
        reference: input.post.reference(),
        analysis: std::sync::Arc::new(PostAnalysis {
            terms: content_terms(&text, lang),
            entities: entities(&text, lang),
            attributions: attribute::attribute(&text),
            text,
        }),
        input,
    }
}

/// Entity names that say what a story is about (not the outlets that carry it).
fn topical_entities(mentions: &[EntityMention]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for mention in mentions {
        if matches!(
            mention.kind,
            EntityKind::Outlet | EntityKind::Role | EntityKind::Other
        ) {
            continue;
        }
        if !names.contains(&mention.canonical) {
            names.push(mention.canonical.clone());
        }
    }
    names
}

fn resolve(name: &str) -> Option<Resolved> {
    let entry = gazetteer().lookup(name)?;
    Some(Resolved {
        canonical: entry.canonical.clone(),
        aliases: entry.aliases.clone(),
        outlet: entry.kind == EntityKind::Outlet,
    })
}

fn outlet_of_link(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    gazetteer()
        .outlet_by_domain(host)
        .map(|entry| entry.canonical.clone())
}

/// Each watched feed's item host ("the ministry's site") → the feed's name: the first feed post
/// of the pass on that host names it. Built once per pass; looking a link up in it used to scan
/// every post of the window for every link of every post of a touched story.
fn feed_hosts<'a>(analyzed: &'a [Analyzed<'_>]) -> HashMap<&'a str, &'a str> {
    let mut hosts: HashMap<&str, &str> = HashMap::new();
    for post in analyzed
        .iter()
        .filter(|post| post.input.post.source.contains("://"))
    {
        if let Some(host) = post.input.post.url.as_deref().and_then(host_of) {
            hosts.entry(host).or_insert(post.input.source_name);
        }
    }
    hosts
}

/// A watched feed whose items live on the link's host: its name.
fn source_of_link(url: &str, feed_hosts: &HashMap<&str, &str>) -> Option<String> {
    feed_hosts.get(host_of(url)?).map(|name| name.to_string())
}

fn host_of(url: &str) -> Option<&str> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    Some(host.strip_prefix("www.").unwrap_or(host))
}

/// A stable id for a story first seen with `reference`.
fn story_id(reference: &str) -> String {
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in reference.to_lowercase().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("s{:012x}", hash & 0xffff_ffff_ffff)
}

/// Runs the chain over `inputs` (any order) and reconciles with `previous`.
pub fn build_stories(
    inputs: &[PostInput<'_>],
    previous: &[Story],
    now: DateTime<Utc>,
) -> StoryUpdate {
    build_stories_avoiding(inputs, previous, &HashSet::new(), now)
}

/// [`build_stories`], never giving a new story an id in `retired`: ids of stories that were
/// merged away or split, whose briefs the store still keeps. A story re-created from the same
/// first post must not revise an unrelated brief.
pub fn build_stories_avoiding(
    inputs: &[PostInput<'_>],
    previous: &[Story],
    retired: &HashSet<String>,
    now: DateTime<Utc>,
) -> StoryUpdate {
    build_stories_cached(inputs, previous, retired, None, now)
}

/// [`build_stories_avoiding`], analysing through `cache` (when given) so that posts analysed
/// in an earlier pass are not analysed again; the cache keeps this pass's posts only.
///
/// `previous` may be owned or shared (`Arc<Story>`): a pass hands over every active story, and
/// copying them cost more than reading them.
pub fn build_stories_cached<S: std::borrow::Borrow<Story>>(
    inputs: &[PostInput<'_>],
    previous: &[S],
    retired: &HashSet<String>,
    cache: Option<&AnalysisCache>,
    now: DateTime<Utc>,
) -> StoryUpdate {
    let previous: Vec<&Story> = previous.iter().map(std::borrow::Borrow::borrow).collect();
    let started = std::time::Instant::now();
    // Sorted by time, then reference: each key made once, not twice per comparison.
    let mut keyed: Vec<(DateTime<Utc>, String, usize)> = inputs
        .iter()
        .enumerate()
        .map(|(idx, input)| (input.post.published_at, input.post.reference(), idx))
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, idx)| idx).collect();
    let analyzed: Vec<Analyzed> = match cache {
        Some(cache) => analyze_all_cached(order.iter().map(|&idx| inputs[idx]), cache),
        None => order.iter().map(|&idx| analyze(inputs[idx])).collect(),
    };
    let analysed_ms = started.elapsed().as_millis();
    let clusters = chain::cluster_resuming(&analyzed, cache);
    let started = std::time::Instant::now();
    let kinds = cache.map(AnalysisCache::kinds);
    let mut update = reconcile(&analyzed, &clusters, &previous, retired, kinds, now);
    update.timings.push(("analysis_ms", analysed_ms));
    update.timings.extend(clusters.timings.iter().copied());
    update
        .timings
        .push(("reconcile_ms", started.elapsed().as_millis()));
    update
}

/// Builds each cluster's story and matches it to the previous stories.
fn reconcile(
    analyzed: &[Analyzed<'_>],
    clusters: &Clusters,
    previous: &[&Story],
    retired: &HashSet<String>,
    kinds: Option<&regroup::KindCache>,
    now: DateTime<Utc>,
) -> StoryUpdate {
    // Ids a new story may not take: every previous story's (one may still be picked by a later
    // group) and every retired one.
    let previous_ids: HashSet<&str> = previous.iter().map(|story| story.id.as_str()).collect();
    // Every source the desk reads, by name: a relay may name one before its own post arrives.
    let mut known_sources: Vec<&str> = analyzed.iter().map(|post| post.input.source_name).collect();
    known_sources.sort_unstable();
    known_sources.dedup();
    let previous_of_post: HashMap<String, usize> = previous
        .iter()
        .enumerate()
        .flat_map(|(story_idx, story)| {
            story
                .posts
                .iter()
                .map(move |post| (post.to_lowercase(), story_idx))
        })
        .collect();
    let mut update = StoryUpdate::default();
    let mut claimed_ids: HashSet<String> = HashSet::new();
    let mut jobs: Vec<BuildJob<'_>> = Vec::new();
    // Largest clusters pick their previous story first, so a split keeps the id on its bigger part.
    let mut group_order: Vec<usize> = (0..clusters.groups.len()).collect();
    group_order.sort_by_key(|&group| std::cmp::Reverse(clusters.groups[group].len()));
    for group_idx in group_order {
        let members = &clusters.groups[group_idx];
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for &idx in members {
            if let Some(&story_idx) = previous_of_post.get(&analyzed[idx].reference.to_lowercase())
            {
                *overlap.entry(story_idx).or_default() += 1;
            }
        }
        let mut candidates: Vec<(usize, usize)> = overlap.into_iter().collect();
        candidates.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(previous[a.0].first_seen.cmp(&previous[b.0].first_seen))
        });
        let survivor = candidates
            .iter()
            .map(|&(story_idx, _)| story_idx)
            .find(|&story_idx| !claimed_ids.contains(&previous[story_idx].id));
        let before = survivor.map(|story_idx| &previous[story_idx]);
        let id = match before {
            Some(story) => story.id.clone(),
            None => fresh_id(
                members.iter().map(|&idx| analyzed[idx].reference.as_str()),
                |id| claimed_ids.contains(id) || previous_ids.contains(id) || retired.contains(id),
            ),
        };
        claimed_ids.insert(id.clone());
        // Posts that came from previous stories other groups kept: this group split off them.
        if before.is_none() {
            for &(story_idx, n_posts) in &candidates {
                update.events.push(StoryEvent {
                    at: now,
                    kind: StoryEventKind::Split,
                    story: previous[story_idx].id.clone(),
                    other: Some(id.clone()),
                    detail: format!(
                        "{n_posts} posts of {} split off into {id}",
                        previous[story_idx].id
                    ),
                });
            }
        }
        for &(story_idx, _) in &candidates {
            let absorbed = &previous[story_idx];
            if Some(story_idx) != survivor && !claimed_ids.contains(&absorbed.id) {
                claimed_ids.insert(absorbed.id.clone());
                update.removed.push(absorbed.id.clone());
                update.events.push(StoryEvent {
                    at: now,
                    kind: StoryEventKind::Merged,
                    story: id.clone(),
                    other: Some(absorbed.id.clone()),
                    detail: format!(
                        "{} posts of {} joined {}",
                        absorbed.posts.len(),
                        absorbed.id,
                        id
                    ),
                });
            }
        }
        // Built from exactly what built it last time: reused, not rebuilt (issue 10: a pass
        // costs what changed).
        let digest = story_digest(analyzed, members, &clusters.copy_of, &known_sources);
        if before.is_some_and(|before| before.digest == digest) {
            continue;
        }
        // The regroup steps classified most groups already (the same texts in the same order).
        let kind = match kinds {
            Some(kinds) => kinds.of(analyzed, members),
            None => {
                let texts: Vec<&str> = members
                    .iter()
                    .map(|&idx| analyzed[idx].text.as_str())
                    .collect();
                frame::classify(&texts)
            }
        };
        // The events so far are this group's and earlier groups': the story's own "created"
        // event follows them once it is built.
        jobs.push(BuildJob {
            id,
            kind,
            members,
            before: survivor,
            digest,
            events_before: update.events.len(),
        });
    }
    let feed_hosts = feed_hosts(analyzed);
    // Each story is built on its own (a pure function of its members and its previous
    // version), so the touched stories are built in parallel; results are taken in group order.
    let built = crate::parallel::in_parallel(
        &jobs,
        |job| job.members.len(),
        |job| {
            build_story(
                (job.id.clone(), job.kind),
                analyzed,
                job.members,
                &clusters.copy_of,
                job.before.map(|story_idx| previous[story_idx]),
                (&known_sources, &feed_hosts),
                now,
            )
        },
    );
    let mut events = std::mem::take(&mut update.events).into_iter();
    let mut taken = 0;
    for (job, mut story) in jobs.into_iter().zip(built) {
        update
            .events
            .extend(events.by_ref().take(job.events_before - taken));
        taken = job.events_before;
        story.digest = job.digest;
        match job.before.map(|story_idx| &previous[story_idx]) {
            None => update.events.push(StoryEvent {
                at: now,
                kind: StoryEventKind::Created,
                story: job.id.clone(),
                other: None,
                detail: format!(
                    "first post {}",
                    story.posts.first().map(String::as_str).unwrap_or("")
                ),
            }),
            Some(before) if **before == story => continue,
            Some(before) if same_content(before, &story) => {
                update.refreshed.push(story);
                continue;
            }
            Some(_) => {}
        }
        update.stories.push(story);
    }
    update.events.extend(events);
    // Previous stories nobody picked: their posts went elsewhere (a split) or left the window.
    let in_pass: HashSet<String> = analyzed
        .iter()
        .map(|post| post.reference.to_ascii_lowercase())
        .collect();
    for story in previous {
        if !claimed_ids.contains(&story.id) {
            let moved = story
                .posts
                .iter()
                .any(|post| in_pass.contains(&post.to_ascii_lowercase()));
            if moved {
                update.removed.push(story.id.clone());
                update.events.push(StoryEvent {
                    at: now,
                    kind: StoryEventKind::Split,
                    story: story.id.clone(),
                    other: None,
                    detail: format!(
                        "its {} posts now belong to other stories",
                        story.posts.len()
                    ),
                });
            }
        }
    }
    update
}

/// A story to build: its id, kind, members, previous version (an index into the previous
/// stories), input fingerprint, and how many of the pass's events precede its own.
struct BuildJob<'c> {
    id: String,
    kind: &'static str,
    members: &'c [usize],
    before: Option<usize>,
    digest: String,
    events_before: usize,
}

/// The story of `members` under `id`, whose posts report an event of `kind`
/// (`frame::classify` over their texts).
fn build_story(
    (id, kind): (String, &'static str),
    analyzed: &[Analyzed<'_>],
    members: &[usize],
    copy_of: &HashMap<usize, (usize, f32)>,
    before: Option<&Story>,
    (known_sources, feed_hosts): (&[&str], &HashMap<&str, &str>),
    now: DateTime<Utc>,
) -> Story {
    let posts: Vec<&Analyzed> = members.iter().map(|&idx| &analyzed[idx]).collect();
    let denials = denials(&posts);
    let facts: Vec<PostFacts> = members
        .iter()
        .enumerate()
        .map(|(member_idx, &idx)| {
            let post = &analyzed[idx];
            let raw = post.input.post;
            PostFacts {
                post: &post.reference,
                source: &raw.source,
                source_name: post.input.source_name,
                published_at: raw.published_at,
                text: &post.text,
                forwarded_from: raw.forwarded_from.as_ref().and_then(|from| {
                    Some(format!("{}/{}", from.channel.as_ref()?, from.id.as_ref()?))
                }),
                forwarded_name: raw
                    .forwarded_from
                    .as_ref()
                    .and_then(|from| from.name.as_deref()),
                language: raw.language.as_deref(),
                copy_of: copy_of.get(&idx).map(|&(original, similarity)| {
                    (analyzed[original].reference.clone(), similarity)
                }),
                attributions: &post.attributions,
                linked_outlets: raw
                    .links
                    .iter()
                    .filter_map(|link| {
                        outlet_of_link(&link.url).or_else(|| source_of_link(&link.url, feed_hosts))
                    })
                    .collect(),
                feed_origin: raw
                    .origin_source
                    .as_ref()
                    .and_then(|origin| origin.name.clone())
                    .or_else(|| {
                        raw.author
                            .as_deref()
                            .and_then(resolve)
                            .filter(|resolved| resolved.outlet)
                            .map(|resolved| resolved.canonical)
                    }),
                denial: denials[member_idx].map(|(start, end)| &post.text[start..end]),
            }
        })
        .collect();
    let traced = trace_with(&facts, known_sources, &resolve);

    let mut claims: Vec<Claim> = Vec::new();
    for (post, denial) in posts.iter().zip(&denials) {
        let post_origin = traced
            .post_origins
            .get(&post.reference)
            .and_then(|names| names.first())
            .cloned()
            .unwrap_or_default();
        let lang = post.input.post.language.as_deref();
        // A post says where once, in its first sentence that names a place; places named later
        // are details ("46 homes are flooded in the villages of …").
        let mut location_sentence: Option<usize> = None;
        for (sentence_idx, (start, end)) in sentences(&post.text).into_iter().enumerate() {
            let sentence = &post.text[start..end];
            let sentence_entities: Vec<EntityMention> = post
                .entities
                .iter()
                .filter(|mention| mention.start >= start && mention.end <= end)
                .map(|mention| EntityMention {
                    start: mention.start - start,
                    end: mention.end - start,
                    ..mention.clone()
                })
                .collect();
            let times: Vec<TimeMention> =
                sentence_times(sentence, lang, post.input.post.published_at);
            let origin = sentence_origin(&traced, post, sentence, sentence_idx)
                .unwrap_or_else(|| post_origin.clone());
            let facts = frame::SentenceFacts {
                sentence,
                entities: &sentence_entities,
                times: &times,
            };
            let fills = frame::extract(kind, &facts);
            // The values a denying sentence repeats are what it denies ("no agreement on a
            // 30-day truce was reached"), unless it words its own account ("a depot, not a
            // radar") or gives a count ("nobody was hurt" is a count of zero).
            let denies_values = denial
                .is_some_and(|(denial_start, denial_end)| start < denial_end && denial_start < end)
                && fills.iter().all(|fill| !fill.denied);
            for fill in fills {
                if fill.slot == "location" {
                    if location_sentence.is_some_and(|first| first != sentence_idx) {
                        continue;
                    }
                    location_sentence = Some(sentence_idx);
                }
                let denied = fill.denied
                    || (denies_values
                        && !matches!(fill.slot, "location" | "date")
                        && crate::ledger::number_of(&fill.value).is_none());
                claims.push(Claim {
                    slot: fill.slot.to_string(),
                    value: fill.value,
                    denied,
                    post: post.reference.clone(),
                    sentence: sentence.to_string(),
                    origin: origin.clone(),
                });
            }
        }
    }
    if kind == "strike" {
        let own = own_claims::own_strike_claims(&posts, &claims);
        claims.extend(own);
    }
    supersede(kind, &posts, &mut claims);
    dispute_core_slot(kind, &posts, &denials, &traced, &mut claims);
    let slots = ledger(kind, &claims);
    let latest = posts
        .iter()
        .map(|post| post.input.post.published_at)
        .max()
        .unwrap_or(now);
    let newest_post = posts
        .iter()
        .max_by_key(|post| post.input.post.published_at)
        .map(|post| post.reference.clone());
    let mut ledger_history = before
        .map(|story| story.ledger_history.clone())
        .unwrap_or_default();
    let empty = Vec::new();
    let before_slots = before.map_or(&empty, |story| &story.slots);
    ledger_history.extend(changes(before_slots, &slots, now, newest_post.as_deref()));

    let mut entity_count: HashMap<&str, usize> = HashMap::new();
    for post in &posts {
        for name in topical_entities(&post.entities) {
            if let Some(canonical) = post
                .entities
                .iter()
                .find(|mention| mention.canonical == name)
            {
                *entity_count
                    .entry(canonical.canonical.as_str())
                    .or_default() += 1;
            }
        }
    }
    let mut entity_names: Vec<(&str, usize)> = entity_count.into_iter().collect();
    entity_names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    Story {
        id,
        kind: kind.to_string(),
        title: title_of(&posts),
        posts: posts.iter().map(|post| post.reference.clone()).collect(),
        origins: traced.origins,
        slots,
        ledger_history,
        first_seen: posts
            .iter()
            .map(|post| post.input.post.published_at)
            .min()
            .unwrap_or(now),
        updated_at: latest,
        wikipedia: wikipedia_titles(&posts, &entity_names, before),
        digest: String::new(),
        entities: entity_names
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect(),
    }
}

/// [`time_mentions`] remembered by sentence, language and post time: a touched story reads
/// every sentence of every post again.
fn sentence_times(
    sentence: &str,
    lang: Option<&str>,
    published_at: DateTime<Utc>,
) -> Vec<TimeMention> {
    static TIMES: std::sync::LazyLock<crate::memo::Memo<Vec<TimeMention>>> =
        std::sync::LazyLock::new(|| crate::memo::Memo::new(200_000));
    TIMES.get_or(crate::memo::key_of(&(sentence, lang, published_at)), || {
        time_mentions(sentence, lang, published_at)
    })
}

/// Wikipedia titles of the story's entities: the gazetteer's, then those found earlier (by the
/// caller's Wikipedia lookup) for names still in the story.
fn wikipedia_titles(
    posts: &[&Analyzed<'_>],
    names: &[(&str, usize)],
    before: Option<&Story>,
) -> BTreeMap<String, String> {
    let mut titles = BTreeMap::new();
    for post in posts {
        for mention in &post.entities {
            if let Some(title) = &mention.wikipedia
                && names.iter().any(|(name, _)| *name == mention.canonical)
            {
                titles.insert(mention.canonical.clone(), title.clone());
            }
        }
    }
    if let Some(before) = before {
        for (name, title) in &before.wikipedia {
            if names.iter().any(|(kept, _)| kept == name) {
                titles.entry(name.clone()).or_insert_with(|| title.clone());
            }
        }
    }
    titles
}

/// The origin a sentence is attributed to: the attribution found in that sentence, matched by
/// its words (the attribution stage splits sentences its own way).
fn sentence_origin(
    traced: &crate::origins::Traced,
    post: &Analyzed<'_>,
    sentence: &str,
    sentence_idx: usize,
) -> Option<String> {
    let attribution = post.attributions.iter().find(|attribution| {
        let theirs = attribution.sentence.trim();
        !theirs.is_empty() && (sentence.contains(theirs) || theirs.contains(sentence.trim()))
    })?;
    traced
        .sentence_origins
        .get(&(post.reference.clone(), attribution.sentence_idx))
        .or_else(|| {
            traced
                .sentence_origins
                .get(&(post.reference.clone(), sentence_idx))
        })
        .cloned()
}

/// A short title: the first post's title, or its first sentence.
fn title_of(posts: &[&Analyzed<'_>]) -> String {
    let Some(first) = posts.first() else {
        return String::new();
    };
    if let Some(title) = &first.input.post.title {
        return title.clone();
    }
    let text = &first.text;
    let first_sentence = sentences(text)
        .first()
        .map(|&(start, end)| &text[start..end])
        .unwrap_or(text);
    let cleaned: String = first_sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take(140)
        .collect();
    cleaned.trim().to_string()
}

mod chain;
mod disputes;
mod own_claims;
mod regroup;
mod reuse;

pub use chain::{Clusters, cluster};
pub use reuse::{ANALYSIS_VERSION, AnalysisCache, PostAnalysis};
use reuse::{analyze_all_cached, fresh_id, same_content, story_digest};

use disputes::{denials, dispute_core_slot, supersede};

#[cfg(test)]
mod tests;
