//! Slot extraction: Protest, sanctions, arrest, election, disaster, other.

use super::*;
use crate::frame::Kind;
use crate::frame::classify::{entry_words, positions};
use crate::frame::lexicon;

/// Protest: location, organizers, size, demands, arrested, injured, killed.
pub(in crate::frame) fn protest(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = places(
        sentence,
        &[
            "in", "at", "outside", "near", "through", "across", "around", "в", "у",
        ],
        PLACE,
    )
    .into_iter()
    .map(|name| fill("location", name))
    .collect();
    for (_, end) in sentence.find_any(&[
        "organized by",
        "organised by",
        "called by",
        "led by",
        "organisers",
        "organizers",
    ]) {
        if let Some(entity) = sentence
            .entities
            .iter()
            .find(|e| e.start >= end && e.start <= end + 6)
        {
            fills.push(fill("organizers", entity.canonical.clone()));
        }
    }
    for (start, _) in sentence.find_any(&[
        "have called",
        "has called",
        "called a",
        "organized",
        "organised",
        "staged",
    ]) {
        if let Some(span) = sentence.subject_before(start, 5) {
            fills.push(fill("organizers", sentence.slice(span)));
        }
    }
    fills.extend(
        counts(
            sentence,
            &[
                "protesters",
                "demonstrators",
                "marchers",
                "participants",
                "rallied",
                "protested",
                "marched",
                "took",
                "joined",
                "gathered",
            ],
            &["crowd"],
        )
        .into_iter()
        .map(|value| fill("size", value)),
    );
    for phrase in ["thousands", "hundreds", "tens of thousands", "dozens"] {
        if sentence.find(phrase).iter().any(|&(_, end)| {
            sentence.soon_after(
                end,
                3,
                &["protest*", "demonstrat*", "people", "marched", "rallied"],
            )
        }) {
            fills.push(fill("size", phrase));
        }
    }
    for (_, end) in sentence.find_any(&[
        "demanding",
        "to demand",
        "calling for",
        "in protest at",
        "in protest against",
        "protesting against",
        "protest against",
        "требуя",
        "вимагаючи",
    ]) {
        fills.extend(
            list_items(sentence, end, None, 8)
                .into_iter()
                .map(|item| fill("demands", item)),
        );
    }
    fills.extend(
        counts(
            sentence,
            &[
                "arrested",
                "detained",
                "задержаны",
                "задержано",
                "затримано",
                "затримали",
            ],
            &["arrested", "detained", "задержали", "затримали"],
        )
        .into_iter()
        .map(|value| fill("arrested", value)),
    );
    fills.extend(casualties(sentence));
    fills
}

/// Sanctions: imposed_by, targets, measures, reason.
pub(in crate::frame) fn sanctions(sentence: &Sentence) -> Vec<Fill> {
    static IMPOSE: Words = Words("sanctions.impose");
    static TARGET_CUES: Words = Words("sanctions.target-cues");
    let mut fills = Vec::new();
    static SANCTION_NOUNS: Words = Words("sanctions.nouns");
    for group in sentence.groups(ACTORS) {
        let last = group[group.len() - 1];
        let rest = &sentence.lower[last.end..];
        let possessive = (rest.starts_with("'s ") || rest.starts_with("’s "))
            && sentence.soon_after(last.end, 4, &SANCTION_NOUNS);
        if possessive || sentence.soon_after(last.end, 5, &IMPOSE) {
            fills.extend(
                group
                    .iter()
                    .filter(|e| !is_bare_institution(&e.canonical))
                    .map(|e| fill("imposed_by", e.canonical.clone())),
            );
        }
    }
    for group in sentence.groups(&[
        EntityKind::Country,
        EntityKind::Organization,
        EntityKind::Person,
        EntityKind::Outlet,
    ]) {
        // "… restrictive measures on three companies: A, B and C" (not a dateline's colon:
        // "Belarus: Council sanctions …").
        let before = &sentence.lower[..group[0].start];
        let after_colon = before.trim_end().ends_with(':')
            && split_words(before)
                .iter()
                .any(|word| matches_any(word, &SANCTION_NOUNS));
        if after_colon || cue_before(sentence, group[0].start, &TARGET_CUES) {
            // "sanctions against Belarusian enterprises": the adjective names no target.
            let adjective = |e: &EntityMention| {
                e.kind == EntityKind::Country
                    && e.text != e.canonical
                    && sentence.text[e.end..]
                        .trim_start()
                        .starts_with(|c: char| c.is_lowercase())
            };
            fills.extend(
                group
                    .iter()
                    .filter(|e| !adjective(e))
                    .map(|e| fill("targets", e.canonical.clone())),
            );
        }
    }
    for (pattern, label) in lexicon::section("sanctions.measures").pairs() {
        if sentence.has(pattern) {
            fills.push(fill("measures", label));
        }
    }
    if sentence.has("sanction*") || sentence.has("санкц*") {
        for (_, end) in
            sentence.find_any(&["over", "in response to", "because of", "for its", "за"])
        {
            if let Some(span) = sentence.np_after(end, 6) {
                fills.push(fill("reason", sentence.slice(span)));
                break;
            }
        }
    }
    fills
}

/// Arrest: person, arrested_by, location, charges.
pub(in crate::frame) fn arrest(sentence: &Sentence) -> Vec<Fill> {
    static ACTIVE: Words = Words("arrest.active");
    static PASSIVE: Words = Words("arrest.passive");
    let mut fills: Vec<Fill> = places(sentence, &["in", "at", "near", "в", "у"], PLACE)
        .into_iter()
        .map(|name| fill("location", name))
        .collect();
    let passive_hits = sentence.find_any(&PASSIVE);
    for &(start, end) in &passive_hits {
        let clause = sentence.clause_start(start);
        if let Some(person) = sentence
            .entities
            .iter()
            .rev()
            .find(|e| e.end <= start && e.start >= clause && PEOPLE.contains(&e.kind))
        {
            fills.push(fill("person", person.canonical.clone()));
        } else if let Some(span) = sentence.subject_before(start, 6)
            && !is_pronoun(sentence.slice(span))
        {
            fills.push(fill("person", sentence.slice(span)));
        }
        for (_, by_end) in sentence.find("by") {
            if by_end <= end || by_end > end + 4 {
                continue;
            }
            if let Some(entity) = sentence
                .entities
                .iter()
                .find(|e| e.start >= by_end && e.start <= by_end + 6)
            {
                fills.push(fill("arrested_by", entity.canonical.clone()));
            } else if let Some(body) = body_in(sentence, sentence.np_after(by_end, 4)) {
                fills.push(fill("arrested_by", body));
            }
        }
    }
    for (start, end) in sentence.find_any(&ACTIVE) {
        if passive_hits
            .iter()
            .any(|&(p_start, p_end)| p_start <= start && end <= p_end)
        {
            continue;
        }
        // "Police in X's region detained …", "Ethiopian police detain …": the body that acts
        // ("police"), not the country named beside it.
        let subject = sentence.subject_before(start, 6);
        let subject_is_entity = subject.is_some_and(|span| {
            sentence
                .entities_in(span)
                .iter()
                .any(|e| ACTORS.contains(&e.kind) && e.end == span.1)
        });
        if let Some(body) = body_in(sentence, subject).filter(|_| !subject_is_entity) {
            fills.push(fill("arrested_by", body));
        } else if let Some(actor) = sentence.entities.iter().rev().find(|e| {
            e.end <= start
                && ACTORS.contains(&e.kind)
                && split_words(&sentence.lower[e.end..start]).len() <= 3
        }) {
            fills.push(fill("arrested_by", actor.canonical.clone()));
        }
        if let Some(person) = sentence
            .entities
            .iter()
            .find(|e| e.start >= end && e.start <= end + 24 && PEOPLE.contains(&e.kind))
        {
            fills.push(fill("person", person.canonical.clone()));
        }
    }
    for (_, end) in sentence.find_any(&[
        "charged with",
        "on charges of",
        "accused of",
        "suspected of",
        "on suspicion of",
        "обвиняется в",
        "по подозрению в",
        "підозрюється у",
        "за підозрою у",
    ]) {
        // The list ends where a new clause begins ("…, a day after she was taken").
        fills.extend(
            list_items(sentence, end, None, 8)
                .into_iter()
                .take_while(|item| {
                    !split_words(&item.to_lowercase())
                        .iter()
                        .any(|w| matches_any(w, &CLAUSE_OPENERS))
                })
                .take(3)
                .map(|item| fill("charges", item)),
        );
    }
    fills
}

static CLAUSE_OPENERS: Words = Words("grammar.clause-openers");
static BODIES: Words = Words("arrest.bodies");

/// A bare institution noun ("Council", "Ministry") names no one in particular.
fn is_bare_institution(name: &str) -> bool {
    static BARE: Words = Words("grammar.bare-institutions");
    let words = split_words(name);
    words.len() == 1 && matches_any(&words[0].to_lowercase(), &BARE)
}

fn is_pronoun(text: &str) -> bool {
    static PRONOUNS: Words = Words("grammar.pronouns");
    let words = split_words(text);
    words.len() == 1 && matches_any(&words[0].to_lowercase(), &PRONOUNS)
}

/// The acting body a noun phrase names ("police", "security forces"), as written.
fn body_in(sentence: &Sentence, span: Option<(usize, usize)>) -> Option<String> {
    let (start, end) = span?;
    sentence
        .find_any(&BODIES)
        .into_iter()
        .find(|&(hit_start, hit_end)| hit_start >= start && hit_end <= end)
        .map(|(hit_start, hit_end)| sentence.text[hit_start..hit_end].to_string())
}

pub(super) static TURNOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:turnout|явка)\D{0,24}?(\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent|per cent|процент)",
    )
    .expect("turnout pattern is valid")
});

/// Election: location, candidates, winner, turnout.
pub(in crate::frame) fn election(sentence: &Sentence) -> Vec<Fill> {
    static ELECTION_WORDS: Words = Words("election.election-words");
    let mut fills = Vec::new();
    for entity in &sentence.entities {
        if !matches!(entity.kind, EntityKind::Country | EntityKind::Place) {
            continue;
        }
        let names_election = sentence.soon_after(entity.end, 3, &ELECTION_WORDS)
            || (cue_before(sentence, entity.start, &["in", "в", "у"])
                && split_words(&sentence.lower[..entity.start])
                    .iter()
                    .any(|w| matches_any(w, &ELECTION_WORDS)));
        if names_election {
            fills.push(fill("location", entity.canonical.clone()));
        }
    }
    for entity in &sentence.entities {
        if matches!(entity.kind, EntityKind::Person | EntityKind::Organization)
            && sentence.soon_after(
                entity.end,
                3,
                &[
                    "won",
                    "wins",
                    "win",
                    "victory",
                    "победил*",
                    "переміг",
                    "перемогла",
                    "перемогли",
                ],
            )
        {
            fills.push(fill("winner", entity.canonical.clone()));
        }
    }
    if sentence.has_any(&[
        "candidate*",
        "runoff",
        "run-off",
        "against",
        "faces",
        "кандидат*",
    ]) {
        for entity in sentence
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
        {
            fills.push(fill("candidates", entity.canonical.clone()));
        }
    }
    if let Some(caps) = TURNOUT.captures(sentence.text) {
        fills.push(fill("turnout", format!("{}%", caps[1].replace(',', "."))));
    }
    fills
}

pub(super) static MAGNITUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bM\s?(\d(?:\.\d)?)\b|magnitude[\s-]*(?:of\s*)?(\d(?:\.\d)?)|(\d(?:\.\d)?)[\s-]*magnitude|магнитуд\w*\s*(\d(?:[.,]\d)?)|магнітуд\w*\s*(\d(?:[.,]\d)?))")
        .expect("magnitude pattern is valid")
});

/// Disaster: hazard, location, magnitude, killed, injured, displaced.
pub(in crate::frame) fn disaster(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = hazards(sentence)
        .into_iter()
        .map(|label| fill("hazard", label))
        .collect();
    fills.extend(
        places(
            sentence,
            &["in", "near", "off", "of", "hit", "struck", "в", "у"],
            PLACE_OR_COUNTRY,
        )
        .into_iter()
        .map(|name| fill("location", name)),
    );
    if let Some(caps) = MAGNITUDE.captures(sentence.text)
        && let Some(value) = caps.iter().skip(1).flatten().next()
    {
        fills.push(fill("magnitude", value.as_str().replace(',', ".")));
    }
    fills.extend(casualties(sentence));
    fills.extend(
        counts(
            sentence,
            lexicon::words("counts.displaced-after"),
            lexicon::words("counts.displaced-triggers"),
        )
        .into_iter()
        .map(|value| fill("displaced", value)),
    );
    fills
}

/// The hazards a sentence names (`disaster.hazard` labels), each word claimed by the longest
/// entry; a bare fire on a vessel or in a building is that site's fire ("ferry fire").
fn hazards(sentence: &Sentence) -> Vec<String> {
    // Hashtags are labels, not statements ("#пожежнаНебезпека" is a fire-danger tag).
    let statement: String = sentence
        .text
        .split_whitespace()
        .filter(|word| !word.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let words = crate::ledger::words(&statement);
    let mut entries: Vec<(Vec<String>, &str)> = lexicon::section("disaster.hazard")
        .pairs()
        .map(|(phrase, label)| (entry_words(phrase), label))
        .filter(|(parts, label)| !parts.is_empty() && !label.is_empty())
        .collect();
    entries.sort_by_key(|(parts, _)| std::cmp::Reverse(parts.len()));
    let mut taken = vec![false; words.len()];
    // "fire danger", "the fire service": no hazard.
    for phrase in lexicon::words("ignore") {
        let parts = entry_words(phrase);
        for start in positions(&words, &parts) {
            taken[start..start + parts.len()]
                .iter_mut()
                .for_each(|t| *t = true);
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for (parts, label) in &entries {
        for start in positions(&words, parts) {
            let span = start..start + parts.len();
            if taken[span.clone()].iter().any(|&t| t) {
                continue;
            }
            taken[span].iter_mut().for_each(|t| *t = true);
            let mut label = label.to_string();
            if label == "fire"
                && let Some((_, site)) = lexicon::section("disaster.fire-sites")
                    .pairs()
                    .find(|(phrase, _)| !positions(&words, &entry_words(phrase)).is_empty())
            {
                label = format!("{site} fire");
            }
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    labels
}

/// The generic frame: where it happens (a dateline or a place after "in"/"at"), and, in a
/// sentence that says what happened, `what` (its main clause) and `who` (the actors named in it).
pub(in crate::frame) fn other(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = places(sentence, &["in", "at", "в", "у"], PLACE)
        .into_iter()
        .take(1)
        .map(|name| fill("location", name))
        .collect();
    if !crate::frame::classify::mentions(Kind::Other, sentence.text) {
        return fills;
    }
    let Some((start, end)) = main_clause(sentence) else {
        return fills;
    };
    fills.push(fill("what", sentence.slice((start, end))));
    fills.extend(
        sentence
            .entities
            .iter()
            .filter(|e| e.start >= start && e.end <= end && WHO_KINDS.contains(&e.kind))
            .take(3)
            .map(|e| fill("who", e.canonical.clone())),
    );
    fills
}

const WHO_KINDS: &[EntityKind] = &[
    EntityKind::Person,
    EntityKind::Role,
    EntityKind::Organization,
    EntityKind::Country,
];

/// At most this many words of a main clause make `what`.
const WHAT_MAX_WORDS: usize = 14;

/// The sentence's main clause: after a dateline, the first clause of three words or more that is
/// not an attribution ("according to police", "police said"), cut to [`WHAT_MAX_WORDS`] words.
fn main_clause(sentence: &Sentence) -> Option<(usize, usize)> {
    let text = sentence.text;
    let mut pos = sentence
        .entities
        .iter()
        .find(|e| sentence.is_dateline(e))
        .map_or(0, |e| {
            e.end + text[e.end..].find(':').map_or(0, |idx| idx + 1)
        });
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    while pos < text.len() {
        let end = sentence.clause_end(pos);
        let clause_words = split_words(&sentence.lower[pos..end]);
        let attribution = clause_words
            .iter()
            .any(|w| matches_any(w, ATTRIBUTION_WORDS))
            && clause_words.len() <= 4
            || sentence.lower[pos..end]
                .trim_start()
                .starts_with("according to");
        if clause_words.len() >= 3 && !attribution {
            candidates.push((pos, end));
        }
        pos = end + text[end..].chars().next().map_or(1, char::len_utf8);
    }
    let (start, end) = candidates.first().copied()?;
    // Leading emoji and flags are decoration, not words.
    let start = start
        + (text[start..end].len()
            - text[start..end]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len());
    // Cut after WHAT_MAX_WORDS words.
    let mut n_words = 0;
    let mut in_word = false;
    let mut cut = end;
    for (idx, c) in text[start..end].char_indices() {
        let is_word = c.is_alphanumeric();
        if is_word && !in_word {
            n_words += 1;
            if n_words > WHAT_MAX_WORDS {
                cut = start + idx;
                break;
            }
        }
        in_word = is_word;
    }
    let value = text[start..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '—' | '–' | '-')
    });
    (!value.is_empty()).then(|| (start, start + value.len()))
}

const ATTRIBUTION_WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "reports",
    "according",
    "citing",
    "сообщил*",
    "заявил*",
    "повідом*",
    "заявив",
];
