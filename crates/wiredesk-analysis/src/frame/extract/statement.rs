//! Slot extraction: Statement.

use super::*;
use crate::frame::lexicon;

pub(super) static SPEECH: Words = Words("statement.speech");

/// Statement: speaker (an entity right before a speech verb, after "according to", or after
/// ", said"), position (a stance verb) and subject (what the stance is about).
pub(in crate::frame) fn statement(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    for entity in &sentence.entities {
        if matches!(entity.kind, EntityKind::Place | EntityKind::Other) {
            continue;
        }
        let speaks_after = sentence.words_after(entity.end).iter().take(4).any(|w| {
            matches_any(w, &SPEECH)
                || lexicon::section("statement.stances")
                    .pairs()
                    .any(|(stance, _)| matches_any(w, &[stance]))
        });
        let speaks_before = cue_before(
            sentence,
            entity.start,
            &["according to", "said", "says", "told"],
        );
        if speaks_after || speaks_before {
            fills.push(fill("speaker", entity.canonical.clone()));
        }
    }
    for (pattern, label) in lexicon::section("statement.stances").pairs() {
        for (_, end) in sentence.find(pattern) {
            fills.push(fill("position", label));
            if let Some(span) = sentence.np_after(end, 6) {
                fills.push(fill("subject", sentence.slice(span)));
            }
        }
    }
    fills
}
