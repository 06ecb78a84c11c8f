//! Slot extraction: Talks.

use super::*;

pub(super) static TALKS_VERBS: Words = Words("talks.talks-verbs");

pub(super) static MEDIATOR_WORDS: Words = Words("talks.mediator-words");

pub(super) static MEDIATOR_FILLERS: Words = Words("talks.mediator-fillers");

pub(super) static MEDIATOR_CUES: Words = Words("talks.mediator-cues");

/// Countries, bodies or people that mediate: after "mediated by", "hosted by", "mediators", or
/// before "are mediating" / "acting as mediators" (when no talks verb comes first: "Russia and
/// Ukraine hold talks hosted by Turkey" makes Turkey, not Russia, the mediator).
pub(super) fn mediators(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    for group in sentence.groups(MEDIATOR_KINDS) {
        let first = group[0];
        let last = group[group.len() - 1];
        let after_cue = cue_before(sentence, first.start, &MEDIATOR_CUES);
        // "X and Y are mediating", "X, which is hosting", "X and Y acting as mediators": only
        // auxiliaries may stand between the run and the mediation word.
        let mut before_word = false;
        for word in sentence.words_after(last.end).iter().take(5) {
            if matches_any(word, &MEDIATOR_WORDS) {
                before_word = true;
                break;
            }
            if !MEDIATOR_FILLERS.contains(word) {
                break;
            }
        }
        if after_cue || before_word {
            found.extend(group.iter().map(|entity| entity.canonical.clone()));
        }
    }
    found
}

pub(super) static PARTY_CUES: Words = Words("talks.party-cues");

/// The entities (of `kinds`) that hold the event: a coordinated run followed by one of `verbs`
/// ("Russia and Ukraine are holding talks"), after "between"/"talks with", or joined by a dash
/// before the verb ("Russia–Ukraine talks"). Mediators never count.
pub(super) fn parties(
    sentence: &Sentence,
    kinds: &[EntityKind],
    verbs: &[&str],
    exclude: &[String],
) -> Vec<String> {
    let mut found = Vec::new();
    for group in sentence.groups(kinds) {
        let first = group[0];
        let last = group[group.len() - 1];
        let mut holds = false;
        for word in sentence.words_after(last.end).iter().take(6) {
            if matches_any(word, &MEDIATOR_WORDS) || *word == "by" {
                break;
            }
            if matches_any(word, verbs) {
                holds = true;
                break;
            }
        }
        let between = cue_before(sentence, first.start, &PARTY_CUES)
            && (group.len() >= 2 || !cue_before(sentence, first.start, &["between"]));
        if holds || between {
            found.extend(
                group
                    .iter()
                    .filter(|entity| entity.kind != EntityKind::Outlet)
                    .map(|entity| entity.canonical.clone())
                    .filter(|name| !exclude.contains(name)),
            );
        }
    }
    found
}

pub(super) static LED_BY: Words = Words("talks.led-by");

pub(super) static MEMBERS: Words = Words("talks.members");

/// Who leads or represents each side: "X's delegation is led by …", "Ukraine is represented by
/// …, Russia by …" (the elliptic second half too), "R leads the delegation".
pub(super) fn delegation(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    let hits = sentence.find_any(&LED_BY);
    let person_or_np = |start: usize| -> Option<String> {
        let span = sentence.np_after(start, 6)?;
        let people = sentence.entities_in(span);
        match people.iter().find(|e| e.kind == EntityKind::Person) {
            Some(person) => Some(person.canonical.clone()),
            None => Some(sentence.slice(span).to_string()),
        }
    };
    for &(_, end) in &hits {
        found.extend(person_or_np(end));
    }
    if let Some(&(first_hit, _)) = hits.first() {
        // "…, Russia by a foreign ministry envoy" / "… and Russia's by …"
        for entity in &sentence.entities {
            if entity.start <= first_hit
                || !matches!(entity.kind, EntityKind::Country | EntityKind::Place)
            {
                continue;
            }
            let rest = &sentence.lower[entity.end..];
            let rest = rest
                .strip_prefix("'s")
                .or_else(|| rest.strip_prefix("’s"))
                .unwrap_or(rest);
            let trimmed = rest.trim_start();
            if let Some(after_by) = trimmed.strip_prefix("by ") {
                let pos = sentence.lower.len() - after_by.len();
                found.extend(person_or_np(pos));
            }
        }
    }
    // "the Venezuelan side includes Leonor Baptista and Eligio Urbaneja, and the Guyanese side
    // includes …": every person named after a members cue, up to the next one.
    let members = sentence.find_any(&MEMBERS);
    for (idx, &(_, end)) in members.iter().enumerate() {
        let until = members
            .get(idx + 1)
            .map_or(sentence.lower.len(), |&(next, _)| next);
        for entity in &sentence.entities {
            if entity.kind == EntityKind::Person
                && entity.start >= end
                && entity.end <= until
                && !found.contains(&entity.canonical)
            {
                found.push(entity.canonical.clone());
            }
        }
    }
    for (start, _) in
        sentence.find_any(&["leads the", "heads the", "is leading the", "will lead the"])
    {
        if sentence
            .words_after(start)
            .iter()
            .take(5)
            .any(|w| w.starts_with("delegation"))
            && let Some(span) = sentence.subject_before(start, 6)
        {
            found.push(sentence.slice(span).to_string());
        }
    }
    found
}

pub(super) static AGENDA_AFTER: Words = Words("talks.agenda-after");

pub(super) static AGENDA_BEFORE: Words = Words("talks.agenda-before");

pub(super) static CUE_WORDS: Words = Words("talks.cue-words");

/// The items of a list that starts at `start`: up to the end of the sentence part, without a
/// trailing attribution (", the source said"), split on commas and "and".
pub(super) fn list_items(
    sentence: &Sentence,
    start: usize,
    end: Option<usize>,
    max_words: usize,
) -> Vec<String> {
    let text = sentence.text;
    let end = end.unwrap_or_else(|| {
        text[start..]
            .char_indices()
            .find(|&(idx, c)| {
                matches!(c, ';' | '!' | '?' | '(' | ':')
                    || (c == '.'
                        && text[start + idx + 1..]
                            .chars()
                            .next()
                            .is_none_or(char::is_whitespace))
            })
            .map_or(text.len(), |(idx, _)| start + idx)
    });
    let mut kept: Vec<&str> = Vec::new();
    for segment in text[start..end].split(',') {
        let lower = segment.to_lowercase();
        if split_words(&lower)
            .iter()
            .any(|word| matches_any(word, &CUE_WORDS))
        {
            break;
        }
        kept.push(segment);
    }
    let joined = kept.join(",");
    let mut items = Vec::new();
    for piece in split_list(&joined) {
        let words: Vec<&str> = piece.split_whitespace().collect();
        let mut words = &words[..];
        while let Some(first) = words.first() {
            if matches!(
                first.to_lowercase().as_str(),
                "a" | "an" | "the" | "its" | "their" | "also"
            ) {
                words = &words[1..];
            } else {
                break;
            }
        }
        let item = words[..words.len().min(max_words)].join(" ");
        let item = item
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if item.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            items.push(item);
        }
    }
    items
}

pub(super) fn split_list(text: &str) -> Vec<String> {
    let mut pieces = vec![text.to_string()];
    for separator in [
        ",",
        " and ",
        " as well as ",
        " & ",
        " и ",
        " та ",
        " і ",
        " й ",
    ] {
        pieces = pieces
            .iter()
            .flat_map(|piece| {
                let mut parts: Vec<String> = Vec::new();
                for part in piece.split(separator) {
                    // "Yei and Morobo counties": two names sharing one head noun are one item.
                    if separator != ","
                        && let Some(last) = parts.last_mut()
                        && shares_head(last, part)
                    {
                        last.push_str(separator);
                        last.push_str(part);
                    } else {
                        parts.push(part.to_string());
                    }
                }
                parts
            })
            .collect();
    }
    pieces
}

/// `left` ends with a name and `right` is a name and a lower-case head noun that both share
/// ("Yei" + "Morobo counties", "Kharkiv" + "Dnipro regions").
fn shares_head(left: &str, right: &str) -> bool {
    let capitalised = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
    let right_words: Vec<&str> = right.split_whitespace().collect();
    left.split_whitespace().next_back().is_some_and(capitalised)
        && right_words.len() == 2
        && capitalised(right_words[0])
        && right_words[1].chars().all(char::is_lowercase)
        && right_words[1].ends_with('s')
}

pub(super) fn agenda(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    for (_, end) in sentence.find_any(&AGENDA_AFTER) {
        found.extend(list_items(sentence, end, None, 8));
    }
    for (start, _) in sentence.find_any(&AGENDA_BEFORE) {
        let clause = sentence.clause_start(start);
        let clause = sentence.text[..start]
            .rfind([';', ':', '.'])
            .map_or(clause.min(start), |idx| idx + 1);
        found.extend(list_items(sentence, clause, Some(start), 8));
    }
    found
}

pub(super) static DOCUMENTS: Words = Words("talks.documents");

pub(super) fn documents(sentence: &Sentence) -> Vec<Fill> {
    sentence
        .find_any(&DOCUMENTS)
        .into_iter()
        .map(|(start, end)| {
            let mut value = sentence.text[start..end].to_string();
            if value.to_lowercase() == "documents" {
                value.truncate(value.len() - 1);
            }
            let denied = negated_before(sentence, start, 3)
                || sentence
                    .words_before(start)
                    .iter()
                    .rev()
                    .take(3)
                    .any(|w| matches!(*w, "any" | "никаких" | "жодного" | "жодних"));
            fill_denied("documents", value, denied)
        })
        .collect()
}

/// When the next round is: "in September", "next week".
static NEXT_ROUND_WHEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(?:in|by|on|from) (?:early |mid-|late )?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?: \d{1,2}\b)?|\bnext (?:week|month)\b",
    )
    .expect("next-round pattern is valid")
});

pub(super) fn outcome(sentence: &Sentence) -> Vec<Fill> {
    static NO_AGREEMENT: Words = Words("talks.no-agreement");
    static BROKE_DOWN: Words = Words("talks.broke-down");
    static POSTPONED: Words = Words("talks.postponed");
    static AGREED: Words = Words("talks.agreed");
    static MODALS: Words = Words("talks.modals");
    static CONTINUE: Words = Words("talks.continue");
    let mut fills = Vec::new();
    if sentence.has_any(&NO_AGREEMENT) {
        fills.push(fill("outcome", "ended without agreement"));
    } else if let Some(&(_, end)) = sentence.find_any(&CONTINUE).first() {
        // "The parties agreed to continue the talks and to meet again in Oslo in September":
        // another round (and when, if the sentence says), not a deal.
        let when = NEXT_ROUND_WHEN
            .find(&sentence.text[end..])
            .map(|found| format!(" {}", found.as_str()))
            .unwrap_or_default();
        fills.push(fill("outcome", format!("to meet again{when}")));
    } else {
        for (start, _) in sentence.find_any(&AGREED) {
            let modal = sentence
                .words_before(start)
                .iter()
                .rev()
                .take(3)
                .any(|w| MODALS.contains(w));
            if !modal {
                fills.push(fill("outcome", "agreement reached"));
                break;
            }
        }
    }
    if sentence.has_any(&BROKE_DOWN) {
        fills.push(fill("outcome", "broke down"));
    }
    if sentence.has_any(&POSTPONED) {
        fills.push(fill("outcome", "postponed"));
    }
    fills
}

pub(super) fn format(sentence: &Sentence) -> Option<Fill> {
    static INDIRECT: Words = Words("talks.indirect");
    static FACE: Words = Words("talks.face");
    static DIRECT: Words = Words("talks.direct");
    if sentence.has_any(&INDIRECT) {
        return Some(fill("format", "indirect"));
    }
    let faces = sentence.find_any(&FACE);
    if faces
        .iter()
        .any(|&(start, _)| negated_before(sentence, start, 4))
    {
        return Some(fill("format", "indirect"));
    }
    if !faces.is_empty() || sentence.has_any(&DIRECT) {
        return Some(fill("format", "direct"));
    }
    None
}

/// Talks: location, parties, mediators, format, principals, delegation, agenda, documents,
/// outcome (the date comes from the sentence's time mentions).
pub(in crate::frame) fn talks(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let about_talks = crate::frame::mentions_kind("talks", sentence.text);
    if about_talks {
        let mut location = places(
            sentence,
            &[
                "in",
                "held in",
                "venue",
                "venue is",
                "city of",
                "hosted in",
                "в",
                "у",
            ],
            PLACE,
        );
        if location.is_empty() {
            location = places(
                sentence,
                &[
                    "held in",
                    "take place in",
                    "takes place in",
                    "taking place in",
                    "hosted in",
                ],
                PLACE_OR_COUNTRY,
            );
        }
        fills.extend(
            location
                .into_iter()
                .take(1)
                .map(|name| fill("location", name)),
        );
    }
    let mediator_names = mediators(sentence);
    for name in parties(sentence, ACTORS, &TALKS_VERBS, &mediator_names) {
        fills.push(fill("parties", name));
    }
    for name in parties(sentence, PEOPLE, &TALKS_VERBS, &mediator_names) {
        fills.push(fill("principals", name));
    }
    fills.extend(
        mediator_names
            .into_iter()
            .map(|name| fill("mediators", name)),
    );
    fills.extend(format(sentence));
    fills.extend(
        delegation(sentence)
            .into_iter()
            .map(|value| fill("delegation", value)),
    );
    fills.extend(
        agenda(sentence)
            .into_iter()
            .map(|value| fill("agenda", value)),
    );
    fills.extend(documents(sentence));
    fills.extend(outcome(sentence));
    fills
}
