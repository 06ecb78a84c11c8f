//! Frames: what kind of event a story is, which slots a story of that kind should answer, and
//! the slot values one sentence states.
//!
//! Decisions:
//! - Rules, not a model: every kind has a small weighted lexicon (English, Russian, Ukrainian
//!   stems) and [`classify`] adds the weights of the entries each text contains (each entry once
//!   per text), then picks the heaviest kind; below [`MIN_SCORE`] the story is `other`. The
//!   lexicons are in [`LEXICONS`] and are the documentation of what each kind listens for.
//! - Extraction reads one sentence with the entities and times other stages found in it
//!   ([`SentenceFacts`]), so it never guesses what a country or a city is: slots that name
//!   countries, places or organisations take the entity's canonical name ("the UN" → "United
//!   Nations"). Other slots take the noun phrase after a cue ("the agenda covers …").
//! - A denial is a claim too: "not a grain terminal" gives `target = grain terminal` with
//!   `denied = true`, and the ledger weighs it against whoever affirms it. "No casualties" is a
//!   count of zero, not a denial: a number already conflicts with any other number.

use wiredesk_model::{EntityMention, TimeMention};

mod extract;
mod text;

#[cfg(test)]
mod tests;

/// The story kinds the desk knows, in tie-break order; `other` is the fallback.
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
    match kind {
        "talks" => &[
            "location",
            "date",
            "parties",
            "mediators",
            "format",
            "principals",
            "delegation",
            "agenda",
            "documents",
            "outcome",
        ],
        "strike" => &[
            "location",
            "date",
            "attacker",
            "target",
            "weapon",
            "killed",
            "injured",
            "claimed_by",
        ],
        "statement" => &["speaker", "date", "subject", "position"],
        "ceasefire" => &["parties", "mediators", "start", "terms", "violations"],
        "protest" => &[
            "location",
            "date",
            "organizers",
            "size",
            "demands",
            "arrested",
            "injured",
            "killed",
        ],
        "sanctions" => &["imposed_by", "targets", "measures", "reason", "date"],
        "arrest" => &["person", "arrested_by", "location", "date", "charges"],
        "election" => &["location", "date", "candidates", "winner", "turnout"],
        "disaster" => &[
            "hazard",
            "location",
            "date",
            "magnitude",
            "killed",
            "injured",
            "displaced",
        ],
        _ => &["location", "date"],
    }
}

/// Slots whose values form a set: different members are not a conflict (two mediators, three
/// agenda items, drones and missiles). Every other slot holds one answer, so two origins giving
/// different values dispute it.
pub fn is_set_slot(kind: &str, slot: &str) -> bool {
    matches!(
        (kind, slot),
        (
            "talks",
            "parties" | "mediators" | "principals" | "delegation" | "agenda" | "documents"
        ) | ("strike", "weapon")
            | (
                "ceasefire",
                "parties" | "mediators" | "terms" | "violations"
            )
            | ("protest", "organizers" | "demands")
            | ("sanctions", "imposed_by" | "targets" | "measures")
            | ("arrest", "person" | "charges")
            | ("election", "candidates")
    )
}

/// Below this total weight a story is `other`.
pub const MIN_SCORE: f32 = 2.5;

/// Per kind, `(entry, weight)`. An entry is one or more words; a trailing `*` makes a word a stem.
/// Entries are matched on NFKC-lowercased words, each at most once per text.
pub const LEXICONS: &[(&str, &[(&str, f32)])] = &[
    (
        "talks",
        &[
            ("talks", 3.0),
            ("negotiat*", 3.0),
            ("mediat*", 2.0),
            ("delegation*", 2.0),
            ("summit*", 2.0),
            ("round of talks", 1.0),
            ("meeting", 1.0),
            ("meet", 1.0),
            ("met with", 1.0),
            ("agenda", 1.0),
            ("memorandum", 1.0),
            ("communique", 1.0),
            ("переговор*", 3.0),
            ("посредни*", 2.0),
            ("посередни*", 2.0),
            ("делегаци*", 2.0),
            ("делегаці*", 2.0),
            ("саммит*", 2.0),
            ("саміт*", 2.0),
            ("встреч*", 1.0),
            ("зустріч*", 1.0),
        ],
    ),
    (
        "strike",
        &[
            ("attack*", 2.0),
            ("drone*", 2.0),
            ("missile*", 2.0),
            ("shelling", 2.0),
            ("shelled", 2.0),
            ("bombard*", 2.0),
            ("struck", 2.0),
            ("air strike*", 3.0),
            ("airstrike*", 3.0),
            ("drone strike*", 3.0),
            ("missile strike*", 3.0),
            ("shahed*", 3.0),
            ("strike*", 1.0),
            ("hit", 1.0),
            ("hits", 1.0),
            ("shot down", 1.0),
            ("explosion*", 1.0),
            ("killed", 1.0),
            ("dead", 1.0),
            ("injured", 1.0),
            ("удар*", 2.0),
            ("атак*", 2.0),
            ("обстрел*", 2.0),
            ("обстріл*", 2.0),
            ("дрон*", 2.0),
            ("беспилотник*", 2.0),
            ("безпілотник*", 2.0),
            ("ракет*", 2.0),
            ("шахед*", 3.0),
            ("погиб*", 1.0),
            ("загин*", 1.0),
            ("ранен*", 1.0),
            ("поранен*", 1.0),
        ],
    ),
    (
        "ceasefire",
        &[
            ("ceasefire*", 3.0),
            ("cease fire", 3.0),
            ("truce*", 3.0),
            ("armistice", 3.0),
            ("violat*", 1.0),
            ("перемири*", 3.0),
            ("прекращени* огня", 3.0),
            ("перемир*", 3.0),
            ("припинення вогню", 3.0),
            ("нарушени*", 1.0),
            ("порушенн*", 1.0),
        ],
    ),
    (
        "statement",
        &[
            ("statement*", 2.0),
            ("said", 0.5),
            ("says", 0.5),
            ("announc*", 1.0),
            ("declar*", 1.0),
            ("warn*", 1.0),
            ("condemn*", 2.0),
            ("welcom*", 1.0),
            ("urged", 1.0),
            ("called on", 1.0),
            ("press conference", 2.0),
            ("заявил*", 2.0),
            ("заявив", 2.0),
            ("заявлени*", 2.0),
            ("заява", 2.0),
            ("осудил*", 2.0),
            ("засуди*", 2.0),
        ],
    ),
    (
        "protest",
        &[
            ("protest*", 3.0),
            ("rally", 3.0),
            ("rallies", 3.0),
            ("rallied", 3.0),
            ("demonstrat*", 2.0),
            ("march*", 1.0),
            ("took to the streets", 3.0),
            ("on strike", 3.0),
            ("general strike", 3.0),
            ("called a strike", 3.0),
            ("strike action", 3.0),
            ("walkout*", 3.0),
            ("strikers", 3.0),
            ("union*", 1.0),
            ("riot*", 2.0),
            ("протест*", 3.0),
            ("митинг*", 3.0),
            ("мітинг*", 3.0),
            ("демонстрац*", 2.0),
            ("забастовк*", 3.0),
            ("страйк*", 3.0),
        ],
    ),
    (
        "sanctions",
        &[
            ("sanction*", 3.0),
            ("embargo*", 3.0),
            ("asset freeze*", 2.0),
            ("blacklist*", 2.0),
            ("export ban*", 2.0),
            ("export control*", 2.0),
            ("price cap", 2.0),
            ("tariff*", 1.0),
            ("санкци*", 3.0),
            ("санкці*", 3.0),
            ("эмбарго", 3.0),
            ("ембарго", 3.0),
        ],
    ),
    (
        "arrest",
        &[
            ("arrest*", 3.0),
            ("detained", 3.0),
            ("detention", 2.0),
            ("custody", 2.0),
            ("charged with", 2.0),
            ("apprehended", 3.0),
            ("задержан*", 3.0),
            ("арестован*", 3.0),
            ("арест*", 2.0),
            ("затриман*", 3.0),
            ("заарештован*", 3.0),
        ],
    ),
    (
        "election",
        &[
            ("election*", 3.0),
            ("referendum*", 3.0),
            ("runoff", 3.0),
            ("vote", 2.0),
            ("votes", 2.0),
            ("voting", 2.0),
            ("voters", 2.0),
            ("ballot*", 2.0),
            ("polling station*", 2.0),
            ("turnout", 2.0),
            ("candidate*", 2.0),
            ("выбор*", 2.0),
            ("голосовани*", 2.0),
            ("вибор*", 2.0),
            ("голосуванн*", 2.0),
        ],
    ),
    (
        "disaster",
        &[
            ("earthquake*", 3.0),
            ("quake*", 3.0),
            ("flood*", 3.0),
            ("wildfire*", 3.0),
            ("landslide*", 3.0),
            ("hurricane*", 3.0),
            ("typhoon*", 3.0),
            ("cyclone*", 3.0),
            ("tsunami*", 3.0),
            ("eruption*", 3.0),
            ("avalanche*", 3.0),
            ("magnitude", 2.0),
            ("heatwave*", 2.0),
            ("heat wave*", 2.0),
            ("drought*", 2.0),
            ("storm*", 1.0),
            ("thunderstorm*", 1.0),
            ("землетрясени*", 3.0),
            ("наводнени*", 3.0),
            ("землетрус*", 3.0),
            ("повін*", 3.0),
            ("паводк*", 2.0),
        ],
    ),
];

/// The kind of a story, from the texts of its posts (titles and bodies): each kind's lexicon
/// weights summed over the texts, the heaviest kind if it reaches [`MIN_SCORE`], else `other`.
/// Ties go to the kind listed first in [`KINDS`].
pub fn classify(texts: &[&str]) -> &'static str {
    let mut totals = vec![0.0f32; LEXICONS.len()];
    for text in texts {
        let words = crate::ledger::words(text);
        for (kind_idx, (_, lexicon)) in LEXICONS.iter().enumerate() {
            totals[kind_idx] += lexicon
                .iter()
                .filter(|(entry, _)| entry_matches(&words, entry))
                .map(|(_, weight)| weight)
                .sum::<f32>();
        }
    }
    let mut best: Option<(usize, f32)> = None;
    for (kind_idx, &total) in totals.iter().enumerate() {
        if best.is_none_or(|(_, best_total)| total > best_total) {
            best = Some((kind_idx, total));
        }
    }
    match best {
        Some((kind_idx, total)) if total >= MIN_SCORE => LEXICONS[kind_idx].0,
        _ => "other",
    }
}

/// Whether a sentence carries any of the kind's lexicon entries (used to decide which sentences
/// speak about the event, e.g. for its date).
pub fn mentions_kind(kind: &str, sentence: &str) -> bool {
    let words = crate::ledger::words(sentence);
    LEXICONS
        .iter()
        .find(|(name, _)| *name == kind)
        .is_some_and(|(_, lexicon)| {
            lexicon
                .iter()
                .any(|(entry, weight)| *weight >= 1.0 && entry_matches(&words, entry))
        })
}

fn entry_matches(words: &[String], entry: &str) -> bool {
    let parts: Vec<&str> = entry.split_whitespace().collect();
    if parts.is_empty() || parts.len() > words.len() {
        return false;
    }
    words.windows(parts.len()).any(|window| {
        window
            .iter()
            .zip(&parts)
            .all(|(word, part)| text::matches_any(word, &[part]))
    })
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

/// The slot values of `kind`'s frame that one sentence states, without duplicates.
pub fn extract(kind: &str, facts: &SentenceFacts) -> Vec<Fill> {
    let sentence = text::Sentence::new(facts);
    let mut fills = match kind {
        "talks" => extract::talks(&sentence),
        "strike" => extract::strike(&sentence),
        "statement" => extract::statement(&sentence),
        "ceasefire" => extract::ceasefire(&sentence),
        "protest" => extract::protest(&sentence),
        "sanctions" => extract::sanctions(&sentence),
        "arrest" => extract::arrest(&sentence),
        "election" => extract::election(&sentence),
        "disaster" => extract::disaster(&sentence),
        _ => extract::other(&sentence),
    };
    let frame_slots = slots_of(kind);
    if frame_slots.contains(&"date")
        && mentions_kind(kind, facts.sentence)
        && let Some(time) = facts.times.first()
    {
        fills.push(Fill {
            slot: "date",
            value: time.date.format("%Y-%m-%d").to_string(),
            denied: false,
        });
    }
    if kind == "ceasefire"
        && sentence.has_any(extract::START_CUES)
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
