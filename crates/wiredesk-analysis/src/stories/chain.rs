//! Dedupe and cluster, resumable: the state after a pass's posts is kept (in an
//! [`AnalysisCache`]), and the next pass adds only its new posts instead of clustering the
//! window again. Posts of the last pass that this pass no longer works on (their stories left
//! the window) leave the state, as if never added, so the state stays the size of the window.
//! Any other difference in what was already clustered (an edit, a late post dated before the
//! newest one, a source name that came or went and that a kept post names) starts over. A pass that only appends ends exactly where a
//! pass from scratch would; one that also drops posts differs only in the decisions taken while
//! those posts were there.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use wiredesk_model::EntityKind;

use super::regroup::{self, KindCache, join_denials, join_same_event, name_key, split_events};
use super::reuse::AnalysisCache;
use super::{Analyzed, COPY_WINDOW_HOURS, NEAR_DUP_THRESHOLD, topical_entities};
use crate::cluster::{ClusterConfig, ClusterDoc, Clusterer};
use crate::dedupe::{NearDupIndex, exact_key, translation};

/// Dedupe and cluster: groups of indexes into `analyzed`, each in time order, plus what each
/// post copies.
pub struct Clusters {
    pub groups: Vec<Vec<usize>>,
    /// Post index → (the post it copies, estimated similarity; 1.0 for an exact repost).
    pub copy_of: HashMap<usize, (usize, f32)>,
    /// Where the time went, for the pass's log: (what, milliseconds), and whether the kept
    /// state was resumed.
    pub timings: Vec<(&'static str, u128)>,
}

/// Dedupe and cluster `analyzed` (in time order) from scratch.
pub fn cluster(analyzed: &[Analyzed<'_>]) -> Clusters {
    cluster_resuming(analyzed, None)
}

/// [`cluster`], resuming from the state `cache` keeps when `analyzed` begins with the posts it
/// clustered, and leaving the new state there.
pub(super) fn cluster_resuming(
    analyzed: &[Analyzed<'_>],
    cache: Option<&AnalysisCache>,
) -> Clusters {
    let started = std::time::Instant::now();
    let mut timings = Vec::new();
    let source_names: HashSet<String> = analyzed
        .iter()
        .map(|post| name_key(post.input.source_name))
        .collect();
    let fingerprints: Vec<u64> = analyzed.iter().map(fingerprint).collect();
    let resumed = cache
        .and_then(AnalysisCache::take_cluster_state)
        .and_then(|state| state.resume(analyzed, &fingerprints, &source_names));
    timings.push(("resumed", u128::from(resumed.is_some())));
    timings.push(("resume_ms", started.elapsed().as_millis()));
    let mut state = resumed.unwrap_or_else(|| ClusterState::new(source_names));
    timings.push(("added", (analyzed.len() - state.fingerprints.len()) as u128));
    for (idx, fingerprint) in fingerprints
        .iter()
        .enumerate()
        .skip(state.fingerprints.len())
    {
        state.add(analyzed, idx, *fingerprint);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_story: HashMap<u64, usize> = HashMap::new();
    for (idx, post) in analyzed.iter().enumerate() {
        let Some(story) = state.clusterer.story_of(&post.reference) else {
            continue;
        };
        let group = *group_of_story.entry(story).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(idx);
    }
    let copy_of = state.copy_of.clone();
    if let Some(cache) = cache {
        cache.put_cluster_state(state);
    }
    timings.push(("cluster_ms", started.elapsed().as_millis()));
    let started = std::time::Instant::now();
    let fresh = KindCache::default();
    let kinds = cache.map_or(&fresh, AnalysisCache::kinds);
    kinds.begin_pass();
    regroup::split_kinds(analyzed, &mut groups, kinds);
    timings.push(("split_kinds_ms", started.elapsed().as_millis()));
    let started = std::time::Instant::now();
    split_events(analyzed, &mut groups, kinds);
    timings.push(("split_events_ms", started.elapsed().as_millis()));
    let started = std::time::Instant::now();
    join_same_event(analyzed, &mut groups, kinds);
    timings.push(("join_same_event_ms", started.elapsed().as_millis()));
    let started = std::time::Instant::now();
    join_denials(analyzed, &mut groups);
    timings.push(("join_denials_ms", started.elapsed().as_millis()));
    kinds.end_pass();
    Clusters {
        groups,
        copy_of,
        timings,
    }
}

/// What the dedupe and clustering loop reads of a post, hashed: a post whose fingerprint
/// changed is another input.
fn fingerprint(post: &Analyzed<'_>) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    post.reference.hash(&mut hasher);
    post.text.hash(&mut hasher);
    post.terms.hash(&mut hasher);
    for mention in &post.entities {
        (&mention.canonical, mention.kind, mention.start).hash(&mut hasher);
    }
    post.input
        .post
        .published_at
        .timestamp_micros()
        .hash(&mut hasher);
    post.input.post.language.hash(&mut hasher);
    if let Some(from) = &post.input.post.forwarded_from {
        (&from.channel, &from.id).hash(&mut hasher);
    }
    hasher.finish()
}

/// The dedupe indexes and the clusterer after the posts added so far.
#[derive(Debug)]
pub(super) struct ClusterState {
    fingerprints: Vec<u64>,
    /// Each added post's reference, as given.
    refs: Vec<String>,
    /// How many posts were added since the state was made (those that left included).
    added: usize,
    /// Each added post's exact-copy key, so the exact index is rebuilt without the texts.
    exact_keys: Vec<u64>,
    source_names: HashSet<String>,
    by_ref: HashMap<String, usize>,
    exact: HashMap<u64, usize>,
    near: NearDupIndex,
    clusterer: Clusterer,
    copy_of: HashMap<usize, (usize, f32)>,
    signatures: Vec<translation::Signature>,
    by_entity: HashMap<String, Vec<usize>>,
}

impl ClusterState {
    fn new(source_names: HashSet<String>) -> ClusterState {
        ClusterState {
            fingerprints: Vec::new(),
            refs: Vec::new(),
            added: 0,
            exact_keys: Vec::new(),
            source_names,
            by_ref: HashMap::new(),
            exact: HashMap::new(),
            near: NearDupIndex::new(NEAR_DUP_THRESHOLD),
            clusterer: Clusterer::new(ClusterConfig::default()),
            copy_of: HashMap::new(),
            signatures: Vec::new(),
            by_entity: HashMap::new(),
        }
    }

    /// How many posts the state holds, and how many were added since it was made.
    #[cfg(test)]
    pub(super) fn sizes(&self) -> (usize, usize) {
        (self.refs.len(), self.added)
    }

    /// The state for `analyzed` (with `fingerprints`) when it holds the posts this state added,
    /// unchanged and in the same order, less some that left, followed by new posts only: the
    /// posts that left are removed and the indexes renumbered to their places in `analyzed`.
    /// `None` when `analyzed` changed what was added, or put a new post before an old one, or
    /// when a source name that came or went (`source_names` are this pass's) is named in a kept
    /// post: that post would be clustered otherwise now.
    fn resume(
        mut self,
        analyzed: &[Analyzed<'_>],
        fingerprints: &[u64],
        source_names: &HashSet<String>,
    ) -> Option<ClusterState> {
        let mut new_of_old: Vec<Option<usize>> = vec![None; self.refs.len()];
        let mut kept = 0;
        let mut last_old = None;
        for (idx, post) in analyzed.iter().enumerate() {
            let Some(&old) = self.by_ref.get(&post.reference.to_lowercase()) else {
                continue;
            };
            let in_order = last_old.is_none_or(|last| old > last);
            if idx != kept || !in_order || self.fingerprints[old] != fingerprints[idx] {
                return None;
            }
            new_of_old[old] = Some(idx);
            last_old = Some(old);
            kept += 1;
        }
        if self.source_names != *source_names {
            let changed: HashSet<&String> = self
                .source_names
                .symmetric_difference(source_names)
                .collect();
            let names_one = analyzed[..kept].iter().any(|post| {
                topical_entities(&post.entities)
                    .iter()
                    .any(|name| changed.contains(&name_key(name)))
            });
            if names_one {
                return None;
            }
            self.source_names = source_names.clone();
        }
        if kept == self.refs.len() {
            return Some(self);
        }
        let gone: HashSet<String> = self
            .refs
            .iter()
            .zip(&new_of_old)
            .filter(|(_, new)| new.is_none())
            .map(|(reference, _)| reference.clone())
            .collect();
        self.clusterer.remove_docs(&gone);
        self.near.remove(&gone);
        self.fingerprints = kept_only(std::mem::take(&mut self.fingerprints), &new_of_old);
        self.refs = kept_only(std::mem::take(&mut self.refs), &new_of_old);
        self.signatures = kept_only(std::mem::take(&mut self.signatures), &new_of_old);
        self.exact_keys = kept_only(std::mem::take(&mut self.exact_keys), &new_of_old);
        // Rebuilt in order, as adding the kept posts alone would have built them.
        self.by_ref = self
            .refs
            .iter()
            .enumerate()
            .map(|(idx, reference)| (reference.to_lowercase(), idx))
            .collect();
        self.exact = HashMap::new();
        for (idx, &key) in self.exact_keys.iter().enumerate() {
            self.exact.entry(key).or_insert(idx);
        }
        self.by_entity = HashMap::new();
        for (idx, signature) in self.signatures.iter().enumerate() {
            for name in &signature.specific {
                self.by_entity.entry(name.clone()).or_default().push(idx);
            }
        }
        self.copy_of = self
            .copy_of
            .iter()
            .filter_map(|(&copy, &(original, similarity))| {
                Some((new_of_old[copy]?, (new_of_old[original]?, similarity)))
            })
            .collect();
        Some(self)
    }

    /// Adds post `idx` of `analyzed`: what it copies, then its story.
    fn add(&mut self, analyzed: &[Analyzed<'_>], idx: usize, fingerprint: u64) {
        let post = &analyzed[idx];
        self.fingerprints.push(fingerprint);
        self.refs.push(post.reference.clone());
        self.added += 1;
        self.by_ref.insert(post.reference.to_lowercase(), idx);
        let forwarded = post
            .input
            .post
            .forwarded_from
            .as_ref()
            .and_then(|from| Some(format!("{}/{}", from.channel.as_ref()?, from.id.as_ref()?)))
            .and_then(|reference| self.by_ref.get(&reference.to_lowercase()).copied())
            .filter(|&original| original < idx);
        let key = exact_key(&post.text);
        self.exact_keys.push(key);
        let exact_copy = (!post.text.trim().is_empty())
            .then(|| self.exact.get(&key).copied())
            .flatten();
        self.exact.entry(key).or_insert(idx);
        let near_dup = self.near.insert(&post.reference, &post.terms);
        let near_similarity = near_dup.as_ref().map_or(0.0, |dup| dup.similarity);
        let near_copy = near_dup.and_then(|dup| self.by_ref.get(&dup.id.to_lowercase()).copied());
        // A copy counts only within a day: template notices ("air raid alert lifted") recur.
        let recent = |original: &usize| {
            (post.input.post.published_at - analyzed[*original].input.post.published_at).num_hours()
                <= COPY_WINDOW_HOURS
        };
        let signature = translation::Signature::new(
            &post.text,
            post.entities
                .iter()
                .filter(|mention| {
                    !matches!(
                        mention.kind,
                        EntityKind::Outlet | EntityKind::Role | EntityKind::Other
                    )
                })
                .map(|mention| {
                    (
                        mention.canonical.as_str(),
                        mention.kind == EntityKind::Country
                            || regroup::is_region(&mention.canonical),
                    )
                }),
        );
        let denies = crate::stance::has_denial_cue(&post.text);
        // A translation of an earlier post in another language is a copy of it too.
        let translated = if forwarded.is_none() && exact_copy.is_none() && near_copy.is_none() {
            let mut candidates: Vec<usize> = signature
                .specific
                .iter()
                .filter_map(|name| self.by_entity.get(name.as_str()))
                .flat_map(|earlier| {
                    // Posts are in time order: only the tail can be within the window.
                    earlier.iter().rev().copied().take_while(|&other| {
                        (post.input.post.published_at - analyzed[other].input.post.published_at)
                            .num_hours()
                            <= translation::TRANSLATION_WINDOW_HOURS
                    })
                })
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            // A translation keeps its original's stance: a denial never translates a claim.
            if denies {
                candidates.retain(|&other| {
                    let other = &analyzed[other].text;
                    crate::stance::has_denial_cue(other)
                        || super::disputes::denial_of(other, &post.text).is_none()
                });
            }
            let earlier: Vec<translation::Candidate> = candidates
                .iter()
                .map(|&other| translation::Candidate {
                    language: analyzed[other].input.post.language.as_deref(),
                    time: analyzed[other].input.post.published_at,
                    signature: &self.signatures[other],
                })
                .collect();
            translation::translation_of(
                &translation::Candidate {
                    language: post.input.post.language.as_deref(),
                    time: post.input.post.published_at,
                    signature: &signature,
                },
                &earlier,
            )
            .map(|(found, overlap)| (candidates[found], overlap))
        } else {
            None
        };
        for name in &signature.specific {
            self.by_entity.entry(name.clone()).or_default().push(idx);
        }
        self.signatures.push(signature);
        let same_as = forwarded
            .or(exact_copy.filter(recent))
            .or(near_copy.filter(recent))
            .or(translated.map(|(original, _)| original));
        if let Some(original) = same_as.filter(|_| forwarded.is_none()) {
            let similarity = if exact_copy == Some(original) {
                1.0
            } else if let Some((_, overlap)) = translated.filter(|(found, _)| *found == original) {
                overlap
            } else {
                near_similarity
            };
            self.copy_of.insert(idx, (original, similarity));
        }
        // Countries and regions are everywhere in this kind of news: they count as plain
        // (language-independent) words; towns, people and organisations pin an event down.
        let (countries, entity_names): (Vec<String>, Vec<String>) =
            topical_entities(&post.entities)
                .into_iter()
                // A watched source named in the text ("per Meridian Wire") says who carries the
                // report, not what it is about.
                .filter(|name| !self.source_names.contains(&name_key(name)))
                .partition(|name| {
                    regroup::is_region(name)
                        || post.entities.iter().any(|mention| {
                            &mention.canonical == name && mention.kind == EntityKind::Country
                        })
                });
        let mut terms = post.terms.clone();
        terms.extend(countries.iter().map(|country| country.to_lowercase()));
        let same_as_ref = same_as.map(|original| analyzed[original].reference.clone());
        let doc = ClusterDoc {
            id: &post.reference,
            time: Some(post.input.post.published_at),
            terms: &terms,
            entities: &entity_names,
            same_as: same_as_ref.as_deref(),
        };
        self.clusterer.add(&doc);
    }
}

/// The values whose index `new_of_old` keeps, in order.
fn kept_only<T>(values: Vec<T>, new_of_old: &[Option<usize>]) -> Vec<T> {
    values
        .into_iter()
        .zip(new_of_old)
        .filter(|(_, new)| new.is_some())
        .map(|(value, _)| value)
        .collect()
}
