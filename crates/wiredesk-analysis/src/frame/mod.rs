//! Frames: what kind of event a story is, which slots a story of that kind should answer, and
//! the slot values one sentence states.
//!
//! Decisions:
//! - Kinds are a type ([`Kind`]): one table of slots per kind, a core slot, set slots, matched
//!   exhaustively. The string functions ([`slots_of`], [`classify`], [`core_slot`]) are the
//!   interface the ledger and the stories stage call; an unknown name is `other`.
//! - Rules, not a model, and the words are data: `data/<lang>/frames.txt` (see `lexicon.rs`).
//!   [`classify_kind`] chooses the kind from what happened (event words, ambiguous words only
//!   in their kind's context, the first sentence weighing most) and falls back to `other` (what,
//!   who, location, date) when no kind fits well; see `classify.rs`.
//! - Extraction reads one sentence with the entities and times other stages found in it
//!   ([`SentenceFacts`]), so it never guesses what a country or a city is: slots that name
//!   countries, places or organisations take the entity's canonical name ("the UN" → "United
//!   Nations"). Other slots take the noun phrase after a cue ("the agenda covers …").
//! - A denial is a claim too: "not a grain terminal" gives `target = grain terminal` with
//!   `denied = true`, and the ledger weighs it against whoever affirms it. "No casualties" is a
//!   count of zero, not a denial: a number already conflicts with any other number.

use wiredesk_model::{EntityMention, TimeMention};

mod classify;
mod extract;
mod kind;
mod lexicon;
mod text;

pub use classify::{MIN_SCORE, TIE_MARGIN, classify_kind, scores};
pub use kind::{Kind, UnknownKind, family};

#[cfg(test)]
mod tests;

/// The story kinds the desk knows, by name, in tie-break order; `other` is the fallback.
pub const KINDS: &[&str] = &[
    "talks",
    "strike",
    "ceasefire",
    "statement",
    "protest",
    "sanctions",
    "arrest",
    "election",
    "disaster",
    "other",
];

/// The slots a story of `kind` should answer; an unknown kind gets `other`'s.
pub fn slots_of(kind: &str) -> &'static [&'static str] {
    Kind::of(kind).slots()
}

/// The slot a denial of the event itself disputes (`shared/scenarios/README.md`); an unknown
/// kind gets `other`'s (`what`).
pub fn core_slot(kind: &str) -> &'static str {
    Kind::of(kind).core_slot()
}

/// Slots whose values form a set: different members are not a conflict (two mediators, three
/// agenda items, drones and missiles). Every other slot holds one answer, so two origins giving
/// different values dispute it.
pub fn is_set_slot(kind: &str, slot: &str) -> bool {
    Kind::of(kind).is_set_slot(slot)
}

/// The kind of a story, by name, from the texts of its posts (titles and bodies); see
/// [`classify_kind`].
pub fn classify(texts: &[&str]) -> &'static str {
    classify_kind(texts).as_str()
}

/// Whether a sentence carries one of the kind's event words (used to decide which sentences
/// speak about the event, e.g. for its date); for `other`, any event word.
pub fn mentions_kind(kind: &str, sentence: &str) -> bool {
    classify::mentions(Kind::of(kind), sentence)
}

/// One sentence and what other stages found in it.
#[derive(Debug, Clone, Copy)]
pub struct SentenceFacts<'a> {
    pub sentence: &'a str,
    /// Offsets relative to `sentence`.
    pub entities: &'a [EntityMention],
    /// Offsets relative to `sentence`, dates resolved against the post's time.
    pub times: &'a [TimeMention],
}

/// One slot value a sentence states (or denies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub slot: &'static str,
    pub value: String,
    pub denied: bool,
}

/// The slot values of `kind`'s frame that one sentence states, without duplicates. Remembered
/// by kind and sentence facts: a story rebuilt for a new post reads its earlier posts again.
pub fn extract(kind: &str, facts: &SentenceFacts) -> Vec<Fill> {
    static FILLS: std::sync::LazyLock<crate::memo::Memo<Vec<Fill>>> =
        std::sync::LazyLock::new(|| crate::memo::Memo::new(200_000));
    let entities: Vec<_> = facts
        .entities
        .iter()
        .map(|mention| {
            (
                &mention.text,
                mention.kind,
                &mention.canonical,
                &mention.wikipedia,
                mention.start,
                mention.end,
            )
        })
        .collect();
    let times: Vec<_> = facts
        .times
        .iter()
        .map(|time| (&time.text, time.start, time.end, time.date, time.until))
        .collect();
    let key = crate::memo::key_of(&(kind, facts.sentence, entities, times));
    FILLS.get_or(key, || extract_uncached(kind, facts))
}

fn extract_uncached(kind: &str, facts: &SentenceFacts) -> Vec<Fill> {
    let sentence = text::Sentence::new(facts);
    let kind = Kind::of(kind);
    let mut fills = match kind {
        Kind::Talks => extract::talks(&sentence),
        Kind::Strike => extract::strike(&sentence),
        Kind::Statement => extract::statement(&sentence),
        Kind::Ceasefire => extract::ceasefire(&sentence),
        Kind::Protest => extract::protest(&sentence),
        Kind::Sanctions => extract::sanctions(&sentence),
        Kind::Arrest => extract::arrest(&sentence),
        Kind::Election => extract::election(&sentence),
        Kind::Disaster => extract::disaster(&sentence),
        Kind::Other => extract::other(&sentence),
    };
    let frame_slots = kind.slots();
    if frame_slots.contains(&"date")
        && classify::mentions(kind, facts.sentence)
        && let Some(time) = facts.times.first()
    {
        fills.push(Fill {
            slot: "date",
            value: time.date.format("%Y-%m-%d").to_string(),
            denied: false,
        });
    }
    if kind == Kind::Ceasefire
        && sentence.has_any(&extract::START_CUES)
        && let Some(time) = facts.times.first()
    {
        fills.push(Fill {
            slot: "start",
            value: time.date.format("%Y-%m-%d").to_string(),
            denied: false,
        });
    }
    let mut unique: Vec<Fill> = Vec::new();
    for fill in fills {
        let value = fill.value.trim().to_string();
        if value.is_empty() || !frame_slots.contains(&fill.slot) {
            continue;
        }
        let fill = Fill { value, ..fill };
        if !unique.contains(&fill) {
            unique.push(fill);
        }
    }
    unique
}
