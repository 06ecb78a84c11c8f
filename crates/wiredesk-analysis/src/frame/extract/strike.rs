//! Slot extraction: Strike.

use super::*;
use crate::frame::lexicon;

pub(super) static ATTACK_VERBS: Words = Words("strike.attack-verbs");

pub(super) static ATTACKER_FILLERS: Words = Words("strike.attacker-fillers");

pub(super) fn attackers(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    for entity in &sentence.entities {
        if !matches!(entity.kind, EntityKind::Country | EntityKind::Organization) {
            continue;
        }
        let mut acts = false;
        for word in sentence.words_after(entity.end).iter().take(5) {
            if ATTACK_VERBS.contains(word) {
                acts = true;
                break;
            }
            if !ATTACKER_FILLERS.contains(word) {
                break;
            }
        }
        let by = sentence.words_before(entity.start);
        let mut by = &by[..];
        while by.last().is_some_and(|w| matches!(*w, "the" | "a")) {
            by = &by[..by.len() - 1];
        }
        let attacked_by = by.len() >= 2
            && by[by.len() - 1] == "by"
            && matches_any(
                by[by.len() - 2],
                &[
                    "attack*", "strike*", "struck", "shell*", "launched", "fired", "out", "bomb*",
                ],
            );
        if acts || attacked_by {
            found.push(entity.canonical.clone());
        }
    }
    found
}

pub(super) static TARGET_AFTER: Words = Words("strike.target-after");

pub(super) static TARGET_PASSIVE: Words = Words("strike.target-passive");

pub(super) static NOT_TARGET: Words = Words("strike.not-target");

pub(super) static DENY_VERBS: Words = Words("strike.deny-verbs");

pub(super) fn target_value(sentence: &Sentence, span: (usize, usize)) -> Option<String> {
    let overlaps_named = sentence.entities_in(span).iter().any(|entity| {
        matches!(
            entity.kind,
            EntityKind::Place | EntityKind::Country | EntityKind::Person | EntityKind::Organization
        ) && entity.start <= span.0
    });
    let text = sentence.slice(span);
    let first = split_words(text)
        .first()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    let numeric =
        first.chars().all(|c| c.is_ascii_digit()) || crate::ledger::number_word(&first).is_some();
    let pronoun = matches!(
        first.as_str(),
        "it" | "them" | "him" | "her" | "us" | "itself"
    );
    // "The target has been hit": the word for any target names none.
    let generic = split_words(&text.to_lowercase()).iter().all(|word| {
        matches!(
            *word,
            "the" | "a" | "target" | "targets" | "objective" | "objectives"
        )
    });
    (!overlaps_named && !numeric && !pronoun && !generic && !text.is_empty())
        .then(|| text.to_string())
}

pub(super) fn targets(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let denied_at = |pos: usize| {
        let clause = sentence.clause_start(pos);
        let before = split_words(&sentence.lower[clause..pos]);
        before.iter().any(|word| matches_any(word, &DENY_VERBS))
            || sentence
                .words_before(pos)
                .iter()
                .rev()
                .filter(|w| !matches!(**w, "a" | "an" | "the" | "on"))
                .take(1)
                .any(|w| *w == "not")
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (_, end) in sentence.find_any(&TARGET_AFTER) {
        if let Some(span) = sentence.np_after(end, 5) {
            spans.push(span);
        }
    }
    // "hit" as a verb: followed by a determiner ("drones hit a grain terminal").
    for (_, end) in sentence.find("hit") {
        let next = sentence.words_after(end);
        if next
            .first()
            .is_some_and(|w| matches!(*w, "a" | "an" | "the" | "its" | "several" | "two"))
            && let Some(span) = sentence.np_after(end, 5)
        {
            spans.push(span);
        }
    }
    // "a strike with long-range precision weapons on a fuel depot": the instrument between the
    // strike and what it hit.
    for (_, end) in sentence.find_any(&["strike with", "strikes with", "struck with"]) {
        let rest = &sentence.lower[end..];
        if let Some(on) = rest.find(" on ")
            && split_words(&rest[..on]).len() <= 6
            && !rest[..on].contains([',', ';', '.'])
            && let Some(span) = sentence.np_after(end + on + 4, 5)
        {
            spans.push(span);
        }
    }
    for (start, _) in sentence.find_any(&TARGET_PASSIVE) {
        if let Some(span) = sentence.subject_before(start, 5) {
            spans.push(span);
        }
    }
    // Appositions: "a military target, a fuel depot used by …".
    let mut idx = 0;
    while idx < spans.len() {
        let end = spans[idx].1;
        let rest = &sentence.lower[end..];
        if (rest.starts_with(", a ") || rest.starts_with(", an "))
            && spans.len() < 16
            && let Some(span) = sentence.np_after(end + 1, 5)
            && !spans.contains(&span)
        {
            spans.push(span);
        }
        idx += 1;
    }
    let has_target_cue = !spans.is_empty();
    for span in spans {
        if let Some(value) = target_value(sentence, span) {
            fills.push(fill_denied("target", value, denied_at(span.0)));
        }
    }
    if has_target_cue {
        for (_, end) in sentence.find_any(&NOT_TARGET) {
            if let Some(span) = sentence.np_after(end, 5)
                && let Some(value) = target_value(sentence, span)
            {
                fills.retain(|f| !(f.slot == "target" && f.value == value && !f.denied));
                fills.push(fill_denied("target", value, true));
            }
        }
    }
    fills
}

/// Named weapon models first ("Shahed"); a generic kind ("drone") only when no model stands
/// right before it ("Shahed attack drones" is one weapon, Shahed).
pub(super) fn weapons(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let mut model_ends = Vec::new();
    for (pattern, name) in lexicon::section("strike.weapon-models").pairs() {
        for (start, end) in sentence.find(pattern) {
            model_ends.push(end);
            // "a strike on the firing position of an S-300", "the S-300 system was destroyed":
            // a model that is struck is the target, not the weapon.
            if is_struck(sentence, start, end) {
                continue;
            }
            fills.push(fill("weapon", name));
        }
    }
    let weapon_kinds = lexicon::section("strike.weapon-kinds");
    let patterns: Vec<&str> = weapon_kinds.pairs().map(|(pattern, _)| pattern).collect();
    for (start, end) in sentence.find_any(&patterns) {
        // "Iskander-M operational-tactical missile system", "S-300 air defence missile
        // system": the kind word belongs to the model named just before it.
        let follows_model = model_ends.iter().any(|&model_end| {
            model_end <= start && {
                let gap = &sentence.lower[model_end..start];
                split_words(gap).len() <= 3 && !gap.contains([',', ';', '.'])
            }
        });
        if follows_model {
            continue;
        }
        let hit = &sentence.lower[start..end];
        if let Some((_, name)) = weapon_kinds.pairs().find(|(pattern, _)| {
            let stem = pattern.trim_end_matches('*');
            hit.starts_with(stem)
        }) {
            fills.push(fill("weapon", name));
        }
    }
    fills
}

pub(super) fn claimed_by(sentence: &Sentence) -> Vec<Fill> {
    static CLAIMED: Words = Words("strike.claimed");
    let mut fills = Vec::new();
    for (start, _) in sentence.find_any(&CLAIMED) {
        let clause = sentence.clause_start(start);
        if let Some(entity) = sentence
            .entities
            .iter()
            .rev()
            .find(|e| e.end <= start && e.start >= clause && e.kind != EntityKind::Outlet)
        {
            let between = split_words(&sentence.lower[entity.end..start]);
            let denied = between
                .iter()
                .any(|w| NEGATIONS.contains(w) || matches_any(w, &DENY_VERBS));
            fills.push(fill_denied("claimed_by", entity.canonical.clone(), denied));
        }
    }
    for (_, end) in sentence.find_any(&["claimed by", "responsibility was claimed by"]) {
        if let Some(entity) = sentence
            .entities
            .iter()
            .find(|e| e.start >= end && e.start <= end + 6)
        {
            fills.push(fill("claimed_by", entity.canonical.clone()));
        }
    }
    fills
}

/// Whether the words at `start..end` are what a strike hit: after a target cue ("strike on",
/// "destroyed") within the clause, or the subject of a passive "was destroyed / were hit".
fn is_struck(sentence: &Sentence, start: usize, end: usize) -> bool {
    let clause = sentence.clause_start(start);
    let before = &sentence.lower[clause..start];
    // "attacked Izmail with Shahed drones": after "with", "by" or "using" comes the weapon.
    let cued = TARGET_AFTER.iter().any(|cue| {
        before
            .rfind(&format!("{} ", cue.trim_end_matches('*')))
            .is_some_and(|at| {
                let between = split_words(&before[at..]);
                between.len() <= 8
                    && !between
                        .iter()
                        .any(|word| matches!(*word, "with" | "by" | "using"))
            })
    });
    let passive = sentence
        .find_any(&TARGET_PASSIVE)
        .iter()
        .any(|&(cue_start, _)| {
            cue_start >= end && split_words(&sentence.lower[end..cue_start]).len() <= 3
        });
    cued || passive
}

/// Strike: location, attacker, target, weapon, killed, injured, claimed_by.
pub(in crate::frame) fn strike(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = places(
        sentence,
        &[
            "in",
            "at",
            "on",
            "near",
            "attacked",
            "struck",
            "hit",
            "targeted",
            "shelled",
            "bombed",
            "port of",
            "city of",
            "town of",
            "village of",
            "outskirts of",
            "в",
            "у",
            "по",
        ],
        PLACE,
    )
    .into_iter()
    .map(|name| fill("location", name))
    .collect();
    fills.extend(
        attackers(sentence)
            .into_iter()
            .map(|name| fill("attacker", name)),
    );
    fills.extend(targets(sentence));
    fills.extend(weapons(sentence));
    fills.extend(casualties(sentence));
    fills.extend(claimed_by(sentence));
    fills
}
