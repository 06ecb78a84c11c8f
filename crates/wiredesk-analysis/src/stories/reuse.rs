//! What lets a pass cost what changed: the analysis cache (a post analysed in an earlier pass
//! with the same text is not analysed again), each story's input fingerprint (a story built from
//! exactly the same inputs is reused), and fresh ids that never take one already used.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use wiredesk_model::{EntityMention, Story};

use super::chain::ClusterState;
use super::regroup::KindCache;
use super::{Analyzed, PostInput, analyze, story_id};

/// What a post's analysis yields on its own, whatever story it lands in: kept between passes
/// so a pass analyses only new and edited posts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PostAnalysis {
    /// The text the desk reads ([`super::post_text`]).
    pub text: String,
    /// Content terms for clustering.
    pub terms: Vec<String>,
    pub entities: Vec<EntityMention>,
    pub attributions: Vec<wiredesk_model::Attribution>,
}

/// The analyses of the posts of recent passes, keyed by post reference and a fingerprint of
/// what the analysis reads (the text the desk reads, the language, [`ANALYSIS_VERSION`]). Each
/// pass keeps only the entries it used, so the cache holds about one window of posts.
/// Safe to share between desks: the analysis is a pure function of its key.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    entries: std::sync::Mutex<FxHashMap<(String, u64), Arc<PostAnalysis>>>,
    /// Keys analysed in this process and not yet handed out by [`AnalysisCache::take_fresh`]:
    /// what the caller persists.
    fresh: std::sync::Mutex<Vec<(String, u64)>>,
    /// The dedupe and clustering state after the last pass's posts ([`super::chain`]).
    cluster: std::sync::Mutex<Option<ClusterState>>,
    /// The kinds of the last pass's groups.
    kinds: KindCache,
}

impl AnalysisCache {
    pub fn new() -> AnalysisCache {
        AnalysisCache::default()
    }

    /// How many posts' analyses are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets everything held (`wiredesk rebuild`, `wiredesk reanalyze`): the next pass analyses
    /// and clusters from scratch what it is not given again.
    pub fn clear(&self) {
        self.lock().clear();
        self.fresh
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
        self.take_cluster_state();
        self.kinds.clear();
    }

    /// Of `inputs`, the references (lower case) and fingerprints of those whose analysis is not
    /// held: what the caller may load from where it persisted them ([`AnalysisCache::load`]).
    pub fn missing(&self, inputs: &[PostInput<'_>]) -> Vec<(String, u64)> {
        let entries = self.lock();
        inputs
            .iter()
            .map(analysis_key)
            .filter(|key| !entries.contains_key(key))
            .map(|(reference, fingerprint)| (reference.to_lowercase(), fingerprint))
            .collect()
    }

    /// Takes in an analysis persisted earlier ([`AnalysisCache::take_fresh`]) for the post
    /// `reference` whose fingerprint is `fingerprint`. False when it cannot be read (an older
    /// analyser wrote it): the post is analysed again.
    pub fn load(&self, reference: &str, fingerprint: u64, analysis: &str) -> bool {
        let Ok(analysis) = serde_json::from_str::<PostAnalysis>(analysis) else {
            return false;
        };
        self.lock()
            .insert((reference.to_lowercase(), fingerprint), Arc::new(analysis));
        true
    }

    /// The analyses made since the last call, as (reference in lower case, fingerprint,
    /// JSON): what the caller persists so that another process need not analyse them again.
    pub fn take_fresh(&self) -> Vec<(String, u64, String)> {
        let fresh = std::mem::take(
            &mut *self
                .fresh
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let entries = self.lock();
        fresh
            .into_iter()
            .filter_map(|key| {
                let analysis = serde_json::to_string(entries.get(&key)?.as_ref()).ok()?;
                Some((key.0, key.1, analysis))
            })
            .collect()
    }

    /// How many posts the kept clustering state holds and how many it added, if one is kept.
    #[cfg(test)]
    pub(super) fn clustered(&self) -> Option<(usize, usize)> {
        self.cluster
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
            .map(ClusterState::sizes)
    }

    pub(super) fn take_cluster_state(&self) -> Option<ClusterState> {
        self.cluster
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    pub(super) fn put_cluster_state(&self, state: ClusterState) {
        *self
            .cluster
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(state);
    }

    pub(super) fn kinds(&self) -> &KindCache {
        &self.kinds
    }

    pub(super) fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, FxHashMap<(String, u64), Arc<PostAnalysis>>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The key is made of what the text the desk reads is made of (the post's title and body,
/// see [`super::post_text`]), not of that text: a pass asks it of every post in the window,
/// and building each text only to hash it cost more than the lookups.
pub(super) fn analysis_key(input: &PostInput<'_>) -> (String, u64) {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    ANALYSIS_VERSION.hash(&mut hasher);
    input.post.title.hash(&mut hasher);
    input.post.text.hash(&mut hasher);
    input.post.language.hash(&mut hasher);
    (input.post.reference().to_lowercase(), hasher.finish())
}

/// [`analyze`] through `cache`, in the order given: a post analysed in an earlier pass with the
/// same text is not analysed again. The cache then keeps these posts' analyses only. Each key
/// is made once and the cache locked once for the lookups: a pass asks this of every post in
/// the window.
pub(super) fn analyze_all_cached<'a>(
    inputs: impl Iterator<Item = PostInput<'a>>,
    cache: &AnalysisCache,
) -> Vec<Analyzed<'a>> {
    let keyed: Vec<(PostInput<'a>, (String, u64))> = inputs
        .map(|input| {
            let key = analysis_key(&input);
            (input, key)
        })
        .collect();
    let found: Vec<Option<Arc<PostAnalysis>>> = {
        let entries = cache.lock();
        keyed
            .iter()
            .map(|(_, key)| entries.get(key).map(Arc::clone))
            .collect()
    };
    let mut fresh: Vec<((String, u64), Arc<PostAnalysis>)> = Vec::new();
    let mut analyzed = Vec::with_capacity(keyed.len());
    let mut used: FxHashSet<(String, u64)> = FxHashSet::default();
    used.reserve(keyed.len());
    for ((input, key), found) in keyed.into_iter().zip(found) {
        match found {
            Some(analysis) => analyzed.push(Analyzed {
                reference: input.post.reference(),
                analysis,
                input,
            }),
            None => {
                let post = analyze(input);
                fresh.push((key.clone(), Arc::clone(&post.analysis)));
                analyzed.push(post);
            }
        }
        used.insert(key);
    }
    let mut entries = cache.lock();
    entries.retain(|key, _| used.contains(key));
    let mut fresh_keys = cache
        .fresh
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for (key, analysis) in fresh {
        fresh_keys.push(key.clone());
        entries.insert(key, analysis);
    }
    analyzed
}

/// Whether two versions of a story say the same, whatever their input fingerprints.
pub(super) fn same_content(a: &Story, b: &Story) -> bool {
    let mut b = b.clone();
    b.digest.clone_from(&a.digest);
    *a == b
}

/// Bump when the chain's output for the same posts changes (a new rule, new weights), so that
/// stored stories are rebuilt once instead of reused.
pub const ANALYSIS_VERSION: u32 = 1;

/// The fingerprint of a story's inputs: the analyser's version, the sources the desk knows, and
/// each member post's reference, text, time, source, provenance, language and what it copies.
pub(super) fn story_digest(
    analyzed: &[Analyzed<'_>],
    members: &[usize],
    copy_of: &HashMap<usize, (usize, f32)>,
    known_sources: &[&str],
) -> String {
    use std::hash::{Hash, Hasher};
    // Two FxHashes with different seeds: 128 bits, stable across runs (FxHash has no random
    // keys), cheap next to the analysis it saves.
    let mut hashers = [
        rustc_hash::FxHasher::default(),
        rustc_hash::FxHasher::default(),
    ];
    0xa5a5_u32.hash(&mut hashers[1]);
    for hasher in &mut hashers {
        ANALYSIS_VERSION.hash(hasher);
        env!("CARGO_PKG_VERSION").hash(hasher);
        known_sources.hash(hasher);
        for &idx in members {
            let post = &analyzed[idx];
            let raw = post.input.post;
            post.reference.hash(hasher);
            post.text.hash(hasher);
            raw.published_at.timestamp_micros().hash(hasher);
            raw.source.hash(hasher);
            post.input.source_name.hash(hasher);
            raw.language.hash(hasher);
            raw.url.hash(hasher);
            if let Some(from) = &raw.forwarded_from {
                (&from.channel, &from.id, &from.name, &from.author).hash(hasher);
            }
            if let Some(&(original, similarity)) = copy_of.get(&idx) {
                analyzed[original].reference.hash(hasher);
                ((similarity * 1000.0).round() as i32).hash(hasher);
            }
        }
    }
    format!("{:016x}{:016x}", hashers[0].finish(), hashers[1].finish())
}

/// A new story's id: that of its first post, or of a later one, or the first post's with a
/// counter, whichever is not `taken`. A group never loses its posts for want of an id.
pub(super) fn fresh_id<'r>(
    references: impl Iterator<Item = &'r str>,
    taken: impl Fn(&str) -> bool,
) -> String {
    let references: Vec<&str> = references.collect();
    for reference in &references {
        let id = story_id(reference);
        if !taken(&id) {
            return id;
        }
    }
    let first = references.first().copied().unwrap_or_default();
    (2u32..)
        .map(|n| story_id(&format!("{first}#{n}")))
        .find(|id| !taken(id))
        .unwrap_or_default()
}
