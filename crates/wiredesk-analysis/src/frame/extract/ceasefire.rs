//! Slot extraction: Ceasefire.

use super::*;

pub(in crate::frame) static START_CUES: Words = Words("ceasefire.start-cues");

pub(super) static CEASEFIRE_VERBS: Words = Words("ceasefire.ceasefire-verbs");

/// Ceasefire: parties, mediators, terms, violations (start comes from the sentence's times).
pub(in crate::frame) fn ceasefire(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let mediator_names = mediators(sentence);
    for name in parties(sentence, ACTORS, &CEASEFIRE_VERBS, &mediator_names) {
        fills.push(fill("parties", name));
    }
    fills.extend(
        mediator_names
            .into_iter()
            .map(|name| fill("mediators", name)),
    );
    static TERMS: Words = Words("ceasefire.terms");
    for (_, end) in sentence.find_any(&TERMS) {
        fills.extend(
            list_items(sentence, end, None, 8)
                .into_iter()
                .map(|item| fill("terms", item)),
        );
    }
    static VIOLATIONS: Words = Words("ceasefire.violations");
    static NO_VIOLATIONS: Words = Words("ceasefire.no-violations");
    if sentence.has_any(&NO_VIOLATIONS) {
        fills.push(fill_denied("violations", "reported", true));
    } else {
        for (start, _) in sentence.find_any(&VIOLATIONS) {
            let actors = || {
                sentence
                    .entities
                    .iter()
                    .filter(|e| ACTORS.contains(&e.kind))
            };
            let accused = actors()
                .find(|e| {
                    e.end <= start
                        && cue_before(
                            sentence,
                            e.start,
                            &[
                                "accused",
                                "accuses",
                                "обвинил",
                                "обвинила",
                                "звинуватив",
                                "звинуватила",
                            ],
                        )
                })
                .or_else(|| {
                    actors().rev().find(|e| {
                        e.end <= start && split_words(&sentence.lower[e.end..start]).len() <= 3
                    })
                });
            let value = accused.map_or_else(|| "reported".to_string(), |e| e.canonical.clone());
            fills.push(fill("violations", value));
        }
    }
    fills
}
