//! The kind of a story, chosen from what happened: event words (triggers) weighed by where they
//! stand, ambiguous words only with their kind's context, and `other` when no kind fits well.
//!
//! Decisions:
//! - Every word list is data (`data/<lang>/frames.txt`, sections `<kind>.trigger`,
//!   `.needs-context`, `.context`, `.yields`, `other.trigger`, `topic-cues`, `ignore`); this file is only the
//!   arithmetic, the same for every kind.
//! - A sentence's words are claimed by one entry each, longest first: "on strike" is a labour
//!   protest and leaves no "strike" for the military kind; "drone strike" is one strike.
//! - "strike", "attack", "hit" mean a military strike only when the story carries military
//!   context (drones, missiles, army…); "collapse", "crash", "explosion" mean a disaster only with
//!   a building, a vehicle or rescuers around. A fire or an explosion in a story with another
//!   kind's context is that event's effect (the fire after a drone attack), not a disaster.
//! - The headline or first sentence says what happened, so its words count double; a word after
//!   a topic cue ("demanding new elections", "sued over the strike law") says what the story is
//!   about, not what happened, and counts a third. Each entry counts once per post.
//! - `other` has event words of its own (lawsuits, courts, prices, markets): a story about them
//!   is `other` rather than the nearest kind. A best kind below [`MIN_SCORE`] or within
//!   [`TIE_MARGIN`] of the runner-up is `other` too: a generic frame beats a wrong one.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::kind::Kind;
use super::lexicon;

/// Below this total weight the best kind is too weak: the story is `other`.
pub const MIN_SCORE: f32 = 2.5;

/// A best kind that leads the runner-up by less than this is a tie: the story is `other`.
pub const TIE_MARGIN: f32 = 1.0;

/// How a matched entry counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Trigger,
    NeedsContext,
    Context,
    Yields,
    /// Claims its words and counts for nothing ("in March", "fire danger").
    Ignore,
}

const ROLES: &[(&str, Role)] = &[
    ("trigger", Role::Trigger),
    ("needs-context", Role::NeedsContext),
    ("context", Role::Context),
    ("yields", Role::Yields),
];

/// One classification entry: its words (a trailing `*` marks a stem), kind, role and weight.
#[derive(Debug)]
struct Entry {
    parts: Vec<String>,
    kind: Kind,
    role: Role,
    weight: f32,
}

/// The entries by their first word: exact words in a map, stems and numbers in a list that is
/// tried at every position.
struct FirstWords {
    exact: std::collections::HashMap<String, Vec<usize>>,
    patterns: Vec<usize>,
}

static FIRST_WORDS: LazyLock<FirstWords> = LazyLock::new(|| {
    let mut index = FirstWords {
        exact: std::collections::HashMap::new(),
        patterns: Vec::new(),
    };
    for (entry_idx, entry) in ENTRIES.iter().enumerate() {
        let first = &entry.parts[0];
        if first == NUMBER || first.ends_with('*') {
            index.patterns.push(entry_idx);
        } else {
            index
                .exact
                .entry(first.clone())
                .or_default()
                .push(entry_idx);
        }
    }
    index
});

static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for kind in Kind::ALL {
        for &(role_name, role) in ROLES {
            let section = lexicon::section(&format!("{}.{role_name}", kind.as_str()));
            for (phrase, weight) in section.weighted() {
                let parts = entry_words(phrase);
                if !parts.is_empty() {
                    entries.push(Entry {
                        parts,
                        kind,
                        role,
                        weight,
                    });
                }
            }
        }
    }
    for phrase in lexicon::words("ignore") {
        let parts = entry_words(phrase);
        if !parts.is_empty() {
            entries.push(Entry {
                parts,
                kind: Kind::Other,
                role: Role::Ignore,
                weight: 0.0,
            });
        }
    }
    // Longest first, then heaviest: the order in which entries claim words.
    entries.sort_by(|a, b| {
        b.parts
            .len()
            .cmp(&a.parts.len())
            .then(b.weight.total_cmp(&a.weight))
    });
    entries
});

static TOPIC_CUES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    lexicon::words("topic-cues")
        .iter()
        .copied()
        .map(entry_words)
        .filter(|parts| !parts.is_empty())
        .collect()
});

/// An entry's words, split as text is split (hyphens separate words), a trailing `*` kept and
/// `<number>` kept whole.
pub(super) fn entry_words(phrase: &str) -> Vec<String> {
    crate::ledger::normalize(phrase)
        .split_whitespace()
        .flat_map(|piece| {
            if piece == NUMBER {
                vec![NUMBER.to_string()]
            } else {
                piece
                    .split(|c: char| !c.is_alphanumeric() && c != '*')
                    .filter(|word| !word.is_empty() && *word != "*")
                    .map(str::to_string)
                    .collect()
            }
        })
        .collect()
}

/// The entry word that stands for any number.
const NUMBER: &str = "<number>";

fn word_matches(word: &str, part: &str) -> bool {
    if part == NUMBER {
        return word.chars().all(|c| c.is_ascii_digit());
    }
    match part.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == part,
    }
}

/// Start positions of `parts` in `words`.
pub(super) fn positions(words: &[String], parts: &[String]) -> Vec<usize> {
    if parts.is_empty() || parts.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - parts.len())
        .filter(|&start| {
            parts
                .iter()
                .enumerate()
                .all(|(offset, part)| word_matches(&words[start + offset], part))
        })
        .collect()
}

/// The entries a sentence's words carry, each word claimed once (longest entries first), with
/// the position of the entry's first word.
fn claimed(words: &[String]) -> Vec<(usize, &'static Entry, usize)> {
    // Candidates come from the index of first words; they are then taken in the entries' own
    // order (longest first), as a scan of every entry would.
    let index = &*FIRST_WORDS;
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for (start, word) in words.iter().enumerate() {
        let exact = index.exact.get(word.as_str()).into_iter().flatten();
        for &entry_idx in exact.chain(&index.patterns) {
            let parts = &ENTRIES[entry_idx].parts;
            if start + parts.len() <= words.len()
                && parts
                    .iter()
                    .enumerate()
                    .all(|(offset, part)| word_matches(&words[start + offset], part))
            {
                candidates.push((entry_idx, start));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut taken = vec![false; words.len()];
    let mut found = Vec::new();
    for (entry_idx, start) in candidates {
        let entry = &ENTRIES[entry_idx];
        let span = start..start + entry.parts.len();
        if taken[span.clone()].iter().any(|&t| t) {
            continue;
        }
        taken[span].iter_mut().for_each(|t| *t = true);
        found.push((entry_idx, entry, start));
    }
    found
}

/// How many words after a topic cue an event word is still what the story is about.
const TOPIC_REACH: usize = 4;

/// Whether a topic cue ends within [`TOPIC_REACH`] words before position `pos`.
fn after_topic_cue(words: &[String], pos: usize) -> bool {
    TOPIC_CUES.iter().any(|cue| {
        positions(&words[..pos], cue)
            .into_iter()
            .any(|start| pos - (start + cue.len()) < TOPIC_REACH)
    })
}

/// Per kind, the weight of the evidence in `texts` (a story's posts); see the module docs.
pub fn scores(texts: &[&str]) -> Vec<(Kind, f32)> {
    let posts: Vec<std::sync::Arc<PostKindFacts>> =
        texts.iter().map(|text| post_kind_facts(text)).collect();
    // Which kinds' context the story carries, anywhere.
    let mut with_context: Vec<Kind> = Vec::new();
    for kind in posts.iter().flat_map(|post| &post.context) {
        if !with_context.contains(kind) {
            with_context.push(*kind);
        }
    }
    let mut totals: HashMap<Kind, f32> = HashMap::new();
    for post in &posts {
        // Each entry once per post, at its best standing; whether it counts depends on the
        // story's context alone, the same for every sentence.
        for &(kind, role, weight) in &post.entries {
            let counts = match role {
                Role::Trigger | Role::Context => true,
                Role::NeedsContext => with_context.contains(&kind),
                Role::Yields => with_context.iter().all(|other| *other == kind),
                Role::Ignore => false,
            };
            if counts {
                *totals.entry(kind).or_default() += weight;
            }
        }
    }
    Kind::ALL
        .into_iter()
        .map(|kind| (kind, totals.get(&kind).copied().unwrap_or(0.0)))
        .collect()
}

/// What one post gives a story's kind, whatever the story: the kinds whose context words it
/// carries, and each matched entry (in the order of first match) with its kind, role and best
/// weight over the post's sentences. A story's scores are sums of these, so a story rebuilt for
/// a new post reads only that post's sentences ([`POST_KIND_FACTS`]).
#[derive(Debug)]
struct PostKindFacts {
    context: Vec<Kind>,
    entries: Vec<(Kind, Role, f32)>,
}

/// [`PostKindFacts`] by text.
static POST_KIND_FACTS: std::sync::LazyLock<crate::memo::Memo<std::sync::Arc<PostKindFacts>>> =
    std::sync::LazyLock::new(|| crate::memo::Memo::new(200_000));

fn post_kind_facts(text: &str) -> std::sync::Arc<PostKindFacts> {
    POST_KIND_FACTS.get_or(crate::memo::key_of(&text), || {
        std::sync::Arc::new(read_post_kind_facts(text))
    })
}

fn read_post_kind_facts(text: &str) -> PostKindFacts {
    let sentences: Vec<Vec<String>> = crate::normalize::sentences(text)
        .into_iter()
        .map(|(start, end)| crate::ledger::words(&text[start..end]))
        .filter(|words| !words.is_empty())
        .collect();
    // Context words count as context even inside a longer entry ("drone" in "drone strike").
    let mut context: Vec<Kind> = Vec::new();
    for entry in ENTRIES.iter().filter(|entry| entry.role == Role::Context) {
        if !context.contains(&entry.kind)
            && sentences
                .iter()
                .any(|words| !positions(words, &entry.parts).is_empty())
        {
            context.push(entry.kind);
        }
    }
    let mut order: Vec<usize> = Vec::new();
    let mut best: HashMap<usize, (Kind, Role, f32)> = HashMap::new();
    for (sentence_idx, words) in sentences.iter().enumerate() {
        let lead = if sentence_idx == 0 { 2.0 } else { 1.0 };
        for (entry_idx, entry, start) in claimed(words) {
            let topic = if after_topic_cue(words, start) {
                1.0 / 3.0
            } else {
                1.0
            };
            let weight = entry.weight * lead * topic;
            let slot = best.entry(entry_idx).or_insert_with(|| {
                order.push(entry_idx);
                (entry.kind, entry.role, 0.0)
            });
            slot.2 = slot.2.max(weight);
        }
    }
    PostKindFacts {
        context,
        entries: order
            .into_iter()
            .map(|entry_idx| best[&entry_idx])
            .collect(),
    }
}

/// The kind of a story from the texts of its posts: the heaviest kind, unless it is weak, tied,
/// or `other`'s own words weigh more.
pub fn classify_kind(texts: &[&str]) -> Kind {
    let mut ranked = scores(texts);
    // Stable: equal scores keep the order of `Kind::ALL`.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best_kind, best_score) = ranked[0];
    let runner_up = ranked.get(1).map_or(0.0, |&(_, score)| score);
    if best_kind == Kind::Other || best_score < MIN_SCORE || best_score - runner_up < TIE_MARGIN {
        Kind::Other
    } else {
        best_kind
    }
}

/// Whether a sentence carries one of the kind's event words (for `other`: any kind's, or a
/// generic happening such as "broke out", "rose"), regardless of context.
pub fn mentions(kind: Kind, sentence: &str) -> bool {
    let words = crate::ledger::words(sentence);
    let event_word = claimed(&words).into_iter().any(|(_, entry, _)| {
        !matches!(entry.role, Role::Context | Role::Ignore)
            && entry.weight >= 1.0
            && (kind == Kind::Other || entry.kind == kind)
    });
    event_word
        || (kind == Kind::Other
            && lexicon::words("other.event")
                .iter()
                .any(|phrase| !positions(&words, &entry_words(phrase)).is_empty()))
}
