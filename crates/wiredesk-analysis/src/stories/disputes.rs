//! Denials and corrections inside a story: which posts reject the story's claim, how a denial
//! disputes the kind's core slot, and how a correction by the same origin supersedes its
//! earlier figure (`shared/scenarios/README.md`, "Denials and corrections").

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Analyzed, title_of};
use crate::ledger::Claim;
use crate::{frame, stance};

/// How sure the stance stage must be before a post counts as a denial.
/// Rule hits (a denial phrase) carry 0.9; the learned model alone must be this sure, since a
/// false denial would turn a confirmation into a dispute.
pub(super) const MIN_DENIAL_CONFIDENCE: f32 = 0.75;

/// For each post of a story (in story order), the sentence (byte span) in which it rejects the
/// story's claim, if it does. The claim is what the first post reports; the first post itself is
/// never a denial of it.
pub(super) fn denials(posts: &[&Analyzed<'_>]) -> Vec<Option<(usize, usize)>> {
    let claim = title_of(posts);
    posts
        .iter()
        .enumerate()
        .map(|(idx, post)| {
            // The claim's own source does not deny it; it corrects or retracts, which
            // `supersede` handles.
            if idx == 0 || claim.is_empty() || post.input.post.source == posts[0].input.post.source
            {
                return None;
            }
            // A correction ("CORRECTION: the toll is 11, not 14") revises a figure; it does not
            // deny the event. Whose figure it replaces is settled in `supersede`.
            DENIALS.get_or(crate::memo::key_of(&(&claim, &post.text)), || {
                if is_correction(&post.text) {
                    None
                } else {
                    denial_of(&claim, &post.text)
                }
            })
        })
        .collect()
}

/// [`denial_of`] (none for a correction) by claim and text: a story rebuilt for a new post asks it again of every
/// earlier post.
static DENIALS: std::sync::LazyLock<crate::memo::Memo<Option<(usize, usize)>>> =
    std::sync::LazyLock::new(|| crate::memo::Memo::new(200_000));

/// How many opening lines (a title, a paragraph) make a post's lede: a post that denies a story
/// says so there ("No such agreement exists."); a "rejects" further down is background
/// ("Venezuela rejects the court's jurisdiction" in a wire story's third paragraph).
const LEDE_LINES: usize = 2;

/// The sentence (byte span) in which `text` rejects `claim`, if it does: a confident `against`
/// in the lede that is more than a count of zero.
pub(super) fn denial_of(claim: &str, text: &str) -> Option<(usize, usize)> {
    let lede_end = lede_end(text);
    let verdict = stance::post_stance(claim, &text[..lede_end]);
    let is_denial = verdict.stance == stance::Stance::Against
        && verdict.confidence >= MIN_DENIAL_CONFIDENCE
        && verdict.end > verdict.start
        && !only_zero_counts(&text[verdict.start..verdict.end])
        && denies_what_is_claimed(claim, &text[verdict.start..verdict.end]);
    is_denial.then_some((verdict.start, verdict.end))
}

/// What a denial phrase (or, without one, the first negation) negates must be something the
/// claim says: "China says no unusual
/// pathogens found" negates pathogens, which "WHO asks China for more information about a rise in
/// illnesses" never claimed. The negated phrase runs from the denial cue to the next clause break
/// or preposition. Words are compared only within one script (a Ukrainian denial of an English claim meets
/// it through names and numbers, which joined the two posts in the first place).
fn denies_what_is_claimed(claim: &str, sentence: &str) -> bool {
    let cyrillic = |text: &str| text.chars().any(crate::translit::is_cyrillic);
    if cyrillic(claim) != cyrillic(sentence) {
        return true;
    }
    let Some(cue_at) = stance::denial_cue_at(sentence).or_else(|| stance::negation_at(sentence))
    else {
        // The learned model alone found the stance; its claim-overlap check already ran.
        return true;
    };
    let rest = &sentence[cue_at..];
    // The negated phrase ends at a clause break or where a prepositional phrase begins ("no
    // unusual pathogens found | in respiratory outbreaks").
    let end = [
        ",", ";", " and ", " but ", " — ", " – ", " in ", " at ", " on ", " for ", " from ",
        " with ", " after ", " over ",
    ]
    .iter()
    .filter_map(|stop| rest.find(stop))
    .min()
    .unwrap_or(rest.len());
    let lang = if cyrillic(claim) { "ru" } else { "en" };
    let negated: std::collections::HashSet<String> =
        crate::normalize::content_terms(&rest[..end], Some(lang))
            .into_iter()
            .collect();
    let claimed = crate::normalize::content_terms(claim, Some(lang));
    negated.is_empty() || claimed.iter().any(|term| negated.contains(term))
}

/// Where a post's lede ends: after its first [`LEDE_LINES`] non-empty lines.
fn lede_end(text: &str) -> usize {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            seen += 1;
            if seen == LEDE_LINES {
                return offset;
            }
        }
    }
    text.len()
}

/// Denial phrases that state a count of zero ("nobody was hurt", "no casualties"): they
/// dispute a figure through the count slots, where "0" meets "12", and are no denial of the
/// event itself (`data/<lang>/zero_counts.txt`).
static ZERO_COUNTS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    [
        include_str!("../../data/en/zero_counts.txt"),
        include_str!("../../data/ru/zero_counts.txt"),
        include_str!("../../data/uk/zero_counts.txt"),
    ]
    .iter()
    .flat_map(|text| text.lines())
    .map(str::trim)
    .filter(|line| !line.is_empty() && !line.starts_with('#'))
    .collect()
});

/// The sentence denies nothing but a count: every denial phrase in it is a zero count.
fn only_zero_counts(sentence: &str) -> bool {
    let phrases = stance::denial_phrases(sentence);
    !phrases.is_empty()
        && phrases
            .iter()
            .all(|phrase| ZERO_COUNTS.contains(&phrase.trim()))
}

/// Correction phrases of every language the desk reads (`data/<lang>/correction.txt`).
static CORRECTIONS: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
    [
        include_str!("../../data/en/correction.txt"),
        include_str!("../../data/ru/correction.txt"),
        include_str!("../../data/uk/correction.txt"),
    ]
    .iter()
    .flat_map(|text| text.lines())
    .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
    .map(crate::ledger::words)
    .collect()
});

/// The post says it corrects an earlier report.
fn is_correction(text: &str) -> bool {
    let words = crate::ledger::words(text);
    CORRECTIONS.iter().any(|phrase| {
        !phrase.is_empty()
            && words
                .windows(phrase.len())
                .any(|window| window == phrase.as_slice())
    })
}

/// A later figure from the same origin replaces its earlier one (`shared/scenarios/README.md`:
/// "A correction by the same origin of its own figure is not a dispute"): in a slot that holds
/// one answer, when one origin gives values that differ, only the values of its latest post that
/// gives the slot stay, and its denials of the replaced values ("11, not 14") go with them.
pub(super) fn supersede(kind: &str, posts: &[&Analyzed<'_>], claims: &mut Vec<Claim>) {
    let time_of: HashMap<&str, DateTime<Utc>> = posts
        .iter()
        .map(|post| (post.reference.as_str(), post.input.post.published_at))
        .collect();
    let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (idx, claim) in claims.iter().enumerate() {
        if !frame::is_set_slot(kind, &claim.slot) {
            by_key
                .entry((claim.origin.as_str(), claim.slot.as_str()))
                .or_default()
                .push(idx);
        }
    }
    let mut dropped: Vec<usize> = Vec::new();
    for mine in by_key.values() {
        let affirmed: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|&idx| !claims[idx].denied)
            .collect();
        let Some(&first) = affirmed.first() else {
            continue;
        };
        let differ = affirmed
            .iter()
            .any(|&other| !crate::ledger::same_value(&claims[first].value, &claims[other].value));
        if !differ {
            continue;
        }
        let Some(latest) = affirmed
            .iter()
            .filter_map(|&idx| time_of.get(claims[idx].post.as_str()).copied())
            .max()
        else {
            continue;
        };
        let kept: Vec<&str> = affirmed
            .iter()
            .filter(|&&idx| time_of.get(claims[idx].post.as_str()) == Some(&latest))
            .map(|&idx| claims[idx].value.as_str())
            .collect();
        for &idx in mine {
            if !kept
                .iter()
                .any(|value| crate::ledger::same_value(value, &claims[idx].value))
            {
                dropped.push(idx);
            }
        }
    }
    dropped.sort_unstable();
    dropped.dedup();
    for idx in dropped.into_iter().rev() {
        claims.remove(idx);
    }
}

/// A denial of the event itself disputes the kind's core slot (`shared/scenarios/README.md`):
/// when a denying post gives no value of its own for that slot, it denies every value the other
/// origins give it, or, when nobody gives one, the claim as the first report words it.
pub(super) fn dispute_core_slot(
    kind: &str,
    posts: &[&Analyzed<'_>],
    denials: &[Option<(usize, usize)>],
    traced: &crate::origins::Traced,
    claims: &mut Vec<Claim>,
) {
    let core = frame::core_slot(kind);
    let origin_of = |post: &Analyzed<'_>| {
        traced
            .post_origins
            .get(&post.reference)
            .and_then(|names| names.first())
            .cloned()
            .unwrap_or_default()
    };
    let denying: Vec<String> = posts
        .iter()
        .zip(denials)
        .filter(|(_, denial)| denial.is_some())
        .map(|(post, _)| post.reference.clone())
        .collect();
    if denying.is_empty() {
        return;
    }
    let mut affirmed: Vec<String> = claims
        .iter()
        .filter(|claim| claim.slot == core && !claim.denied && !denying.contains(&claim.post))
        .map(|claim| claim.value.clone())
        .collect();
    affirmed.dedup();
    if affirmed.is_empty() {
        // Nobody states the core slot in words: the claim itself is what is disputed.
        let Some(first) = posts.first() else { return };
        let claim = title_of(posts);
        claims.push(Claim {
            slot: core.to_string(),
            value: claim.clone(),
            denied: false,
            post: first.reference.clone(),
            sentence: claim.clone(),
            origin: origin_of(first),
        });
        affirmed.push(claim);
    }
    for (post, denial) in posts.iter().zip(denials) {
        let Some((start, end)) = *denial else {
            continue;
        };
        let gives_own = claims
            .iter()
            .any(|claim| claim.post == post.reference && claim.slot == core && !claim.denied);
        if gives_own {
            continue;
        }
        for value in &affirmed {
            claims.push(Claim {
                slot: core.to_string(),
                value: value.clone(),
                denied: true,
                post: post.reference.clone(),
                sentence: post.text[start..end].to_string(),
                origin: origin_of(post),
            });
        }
    }
}
