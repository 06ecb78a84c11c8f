//! Slot extraction per kind: cue lexicons (English, Russian, Ukrainian) around the entities and
//! noun phrases of one sentence.
//!
//! The cue lists live in `data/<lang>/frames.txt` (one section per list, read through [`Words`]).
//! The cues are generic ("mediated by", "X and Y are mediating", "led by", "the agenda covers",
//! "was hit", "N people killed"), never scenario wording, so other phrasings of the same facts
//! fill the same slots. Each extractor returns raw fills; `frame::extract` dedupes them.

use std::sync::LazyLock;

use regex::Regex;
use wiredesk_model::{EntityKind, EntityMention};

use super::Fill;
use super::lexicon;
use super::text::{Sentence, matches_any, split_words};

/// A word list the extractors read, by its section in `data/<lang>/frames.txt`: it derefs to the
/// section's phrases, merged across languages, so `&LIST` stands where a `&[&str]` did.
pub(super) struct Words(pub &'static str);

impl std::ops::Deref for Words {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        lexicon::words(self.0)
    }
}

const PLACE: &[EntityKind] = &[EntityKind::Place];
const PLACE_OR_COUNTRY: &[EntityKind] = &[EntityKind::Place, EntityKind::Country];
const ACTORS: &[EntityKind] = &[EntityKind::Country, EntityKind::Organization];
const MEDIATOR_KINDS: &[EntityKind] = &[
    EntityKind::Country,
    EntityKind::Organization,
    EntityKind::Person,
];
const PEOPLE: &[EntityKind] = &[EntityKind::Person, EntityKind::Role];

fn fill(slot: &'static str, value: impl Into<String>) -> Fill {
    Fill {
        slot,
        value: value.into(),
        denied: false,
    }
}

fn fill_denied(slot: &'static str, value: impl Into<String>, denied: bool) -> Fill {
    Fill {
        slot,
        value: value.into(),
        denied,
    }
}

/// Seas, rivers and the like name where something is about, not where it happens.
fn is_water(entity: &EntityMention) -> bool {
    split_words(&entity.canonical.to_lowercase())
        .iter()
        .any(|word| {
            matches!(
                *word,
                "sea"
                    | "ocean"
                    | "river"
                    | "gulf"
                    | "strait"
                    | "bay"
                    | "lake"
                    | "море"
                    | "река"
                    | "річка"
            )
        })
}

static DIRECTIONS: Words = Words("grammar.directions");

/// Whether the clause before `pos` ends with one of `cues` (determiners and compass adjectives
/// between the cue and `pos` are skipped).
fn cue_before(sentence: &Sentence, pos: usize, cues: &[&str]) -> bool {
    let mut before = sentence.words_before(pos);
    while before
        .last()
        .is_some_and(|word| DIRECTIONS.contains(word) || matches!(*word, "a" | "an" | "the" | "s"))
    {
        before.pop();
    }
    cues.iter().any(|cue| {
        let wanted = split_words(cue);
        before.len() >= wanted.len() && before[before.len() - wanted.len()..] == wanted[..]
    })
}

/// Canonical names of place entities (and countries when `kinds` says so) that follow one of
/// `cues` or open the sentence as a dateline. Members of a coordinated run share the cue
/// ("in the Kharkiv and Dnipropetrovsk regions"). A place the sentence names after a cue is more
/// precise than the dateline's region or country ("Zakarpattia: floods in Rakhiv district"), so
/// the dateline counts only when no cue names a place.
fn places(sentence: &Sentence, cues: &[&str], kinds: &[EntityKind]) -> Vec<String> {
    let mut after_cue = Vec::new();
    let mut datelines = Vec::new();
    for group in sentence.groups(kinds) {
        let first = group[0];
        // The first place after a cue says where; later ones in the sentence are details
        // ("floods in Rakhiv district … 46 homes flooded in the villages of Yasinia …").
        let found = if cue_before(sentence, first.start, cues) {
            if !after_cue.is_empty() {
                continue;
            }
            &mut after_cue
        } else if sentence.is_dateline(first) {
            &mut datelines
        } else {
            continue;
        };
        // "off Larena, Siquijor", "near Lubny, Poltava region": a town and the province it is
        // in are one place, written as such.
        if let [town, province] = group[..]
            && sentence.text[town.end..province.start].trim() == ","
            && is_subdivision(&province.canonical)
            && !is_subdivision(&town.canonical)
        {
            found.push(format!("{}, {}", town.canonical, province.canonical));
            continue;
        }
        found.extend(
            group
                .iter()
                .filter(|entity| !is_water(entity))
                .map(|entity| as_written(entity)),
        );
    }
    let mut found = if after_cue.is_empty() {
        datelines
    } else {
        after_cue
    };
    // "near the town of Lubny, Poltava region": the town says where; its region only places it.
    if found.iter().any(|name| !crate::entities::is_region(name)) {
        found.retain(|name| !crate::entities::is_region(name));
    }
    found
}

/// A place's name as the sentence writes it when that is one of the gazetteer's Latin spellings
/// of a place whose list name is only one romanisation among others ("Hawassa", listed by
/// GeoNames as "Awasa"); else its canonical name. The ledger compares places by canonical name.
fn as_written(entity: &EntityMention) -> String {
    let written = entity.text.trim();
    let latin = written
        .chars()
        .all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c));
    let respelled = latin
        && written != entity.canonical
        && written.chars().next().is_some_and(char::is_uppercase)
        && !written.chars().all(|c| !c.is_lowercase())
        && crate::entities::gazetteer()
            .lookup(written)
            .is_some_and(|entry| !entry.house_spelling && entry.canonical == entity.canonical);
    if respelled {
        written.to_string()
    } else {
        entity.canonical.clone()
    }
}

/// A province, region or other subdivision the gazetteer knows (no population: not a town).
fn is_subdivision(canonical: &str) -> bool {
    crate::entities::is_region(canonical)
        || crate::entities::gazetteer()
            .lookup(canonical)
            .is_some_and(|entry| entry.kind == EntityKind::Place && entry.population == 0)
}

static NEGATIONS: Words = Words("grammar.negations");

fn negated_before(sentence: &Sentence, pos: usize, n_words: usize) -> bool {
    sentence
        .words_before(pos)
        .iter()
        .rev()
        .take(n_words)
        .any(|word| NEGATIONS.contains(word))
}

mod ceasefire;
mod counts;
mod other_kinds;
mod statement;
mod strike;
mod talks;

use counts::*;
use talks::*;

pub(super) use ceasefire::{START_CUES, ceasefire};
pub(super) use other_kinds::{arrest, disaster, election, other, protest, sanctions};
pub(super) use statement::statement;
pub(super) use strike::strike;
pub(super) use talks::talks;
