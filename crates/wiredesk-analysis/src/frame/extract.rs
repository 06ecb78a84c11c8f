//! Slot extraction per kind: cue lexicons (English, Russian, Ukrainian) around the entities and
//! noun phrases of one sentence.
//!
//! The cues are generic ("mediated by", "X and Y are mediating", "led by", "the agenda covers",
//! "was hit", "N people killed"), never scenario wording, so other phrasings of the same facts
//! fill the same slots. Each extractor returns raw fills; `frame::extract` dedupes them.

use std::sync::LazyLock;

use regex::Regex;
use wiredesk_model::{EntityKind, EntityMention};

use super::Fill;
use super::text::{Sentence, matches_any, split_words};

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

const DIRECTIONS: &[&str] = &[
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
];

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
/// ("in the Kharkiv and Dnipropetrovsk regions").
fn places(sentence: &Sentence, cues: &[&str], kinds: &[EntityKind]) -> Vec<String> {
    let mut found = Vec::new();
    for group in sentence.groups(kinds) {
        let first = group[0];
        if cue_before(sentence, first.start, cues) || sentence.is_dateline(first) {
            found.extend(
                group
                    .iter()
                    .filter(|entity| !is_water(entity))
                    .map(|entity| entity.canonical.clone()),
            );
        }
    }
    found
}

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "t", "neither", "nor", "не", "без", "ни", "ні",
];

fn negated_before(sentence: &Sentence, pos: usize, n_words: usize) -> bool {
    sentence
        .words_before(pos)
        .iter()
        .rev()
        .take(n_words)
        .any(|word| NEGATIONS.contains(word))
}

// ---------------------------------------------------------------------------------------------
// Talks

const TALKS_VERBS: &[&str] = &[
    "hold",
    "holds",
    "holding",
    "held",
    "meet",
    "meets",
    "meeting",
    "met",
    "talk",
    "talks",
    "negotiat*",
    "resume*",
    "sit",
    "sat",
    "convene*",
    "проводят",
    "провели",
    "проведут",
    "ведут",
    "переговор*",
    "встрет*",
    "встреча*",
    "проводять",
    "провели",
    "проведуть",
    "зустрі*",
];

const MEDIATOR_WORDS: &[&str] = &[
    "mediat*",
    "broker*",
    "host",
    "hosts",
    "hosted",
    "hosting",
    "facilitat*",
    "посредни*",
    "посередни*",
];

const MEDIATOR_FILLERS: &[&str] = &[
    "are",
    "is",
    "were",
    "was",
    "acting",
    "act",
    "acts",
    "as",
    "also",
    "jointly",
    "have",
    "has",
    "been",
    "will",
    "the",
    "serving",
    "serve",
    "serves",
    "who",
    "which",
    "both",
    "s",
    "officially",
    "выступают",
    "выступает",
    "в",
    "качестве",
    "виступають",
    "виступає",
    "як",
];

const MEDIATOR_CUES: &[&str] = &[
    "mediated by",
    "brokered by",
    "hosted by",
    "facilitated by",
    "mediation of",
    "mediation by",
    "mediator",
    "mediators",
    "mediators are",
    "auspices of",
    "при посредничестве",
    "посредничестве",
    "посредники",
    "посредник",
    "за посередництва",
    "посередництва",
    "посередники",
    "посередник",
];

/// Countries, bodies or people that mediate: after "mediated by", "hosted by", "mediators", or
/// before "are mediating" / "acting as mediators" (when no talks verb comes first: "Russia and
/// Ukraine hold talks hosted by Turkey" makes Turkey, not Russia, the mediator).
fn mediators(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    for group in sentence.groups(MEDIATOR_KINDS) {
        let first = group[0];
        let last = group[group.len() - 1];
        let after_cue = cue_before(sentence, first.start, MEDIATOR_CUES);
        // "X and Y are mediating", "X, which is hosting", "X and Y acting as mediators": only
        // auxiliaries may stand between the run and the mediation word.
        let mut before_word = false;
        for word in sentence.words_after(last.end).iter().take(5) {
            if matches_any(word, MEDIATOR_WORDS) {
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

const PARTY_CUES: &[&str] = &[
    "between",
    "talks with",
    "negotiations with",
    "met with",
    "meeting with",
    "meet with",
    "между",
    "між",
    "переговоры с",
    "переговори з",
];

/// The entities (of `kinds`) that hold the event: a coordinated run followed by one of `verbs`
/// ("Russia and Ukraine are holding talks"), after "between"/"talks with", or joined by a dash
/// before the verb ("Russia–Ukraine talks"). Mediators never count.
fn parties(
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
            if matches_any(word, MEDIATOR_WORDS) || *word == "by" {
                break;
            }
            if matches_any(word, verbs) {
                holds = true;
                break;
            }
        }
        let between = cue_before(sentence, first.start, PARTY_CUES)
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

const LED_BY: &[&str] = &[
    "led by",
    "headed by",
    "represented by",
    "chaired by",
    "во главе с",
    "возглавляет",
    "возглавит",
    "возглавил",
    "возглавила",
    "очолює",
    "очолить",
    "очолив",
    "очолила",
    "на чолі з",
];

/// Who leads or represents each side: "X's delegation is led by …", "Ukraine is represented by
/// …, Russia by …" (the elliptic second half too), "R leads the delegation".
fn delegation(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    let hits = sentence.find_any(LED_BY);
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

const AGENDA_AFTER: &[&str] = &[
    "agenda includes",
    "agenda included",
    "agenda will include",
    "agenda covers",
    "agenda covered",
    "agenda will cover",
    "agenda is",
    "agenda was",
    "agenda:",
    "on the agenda are",
    "on the agenda is",
    "on the agenda:",
    "will discuss",
    "to discuss",
    "discussed",
    "are discussing",
    "were discussing",
    "will focus on",
    "to focus on",
    "focus on",
    "focused on",
    "focusing on",
    "topics include",
    "topics included",
    "issues include",
    "issues included",
    "в повестке",
    "на повестке",
    "повестка включает",
    "обсудят",
    "обсудили",
    "обсуждают",
    "обговорять",
    "обговорили",
    "обговорюють",
    "у порядку денному",
    "порядок денний включає",
];

const AGENDA_BEFORE: &[&str] = &[
    "are on the agenda",
    "is on the agenda",
    "were on the agenda",
    "was on the agenda",
];

const CUE_WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "reported",
    "reports",
    "citing",
    "added",
    "sources",
    "source",
    "сообщил*",
    "заявил*",
    "повідом*",
    "заяв*",
    "джерело",
    "источник*",
];

/// The items of a list that starts at `start`: up to the end of the sentence part, without a
/// trailing attribution (", the source said"), split on commas and "and".
fn list_items(
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
            .any(|word| matches_any(word, CUE_WORDS))
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

fn split_list(text: &str) -> Vec<String> {
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
                piece
                    .split(separator)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    pieces
}

fn agenda(sentence: &Sentence) -> Vec<String> {
    let mut found = Vec::new();
    for (_, end) in sentence.find_any(AGENDA_AFTER) {
        found.extend(list_items(sentence, end, None, 8));
    }
    for (start, _) in sentence.find_any(AGENDA_BEFORE) {
        let clause = sentence.clause_start(start);
        let clause = sentence.text[..start]
            .rfind([';', ':', '.'])
            .map_or(clause.min(start), |idx| idx + 1);
        found.extend(list_items(sentence, clause, Some(start), 8));
    }
    found
}

const DOCUMENTS: &[&str] = &[
    "memorandum of understanding",
    "memorandum",
    "draft agreement",
    "draft accord",
    "draft treaty",
    "framework agreement",
    "peace agreement",
    "communique",
    "communiqué",
    "joint statement",
    "joint declaration",
    "declaration",
    "roadmap",
    "road map",
    "protocol",
    "treaty",
    "document",
    "documents",
    "меморандум*",
    "коммюнике",
    "совместное заявление",
    "проект соглашения",
    "документ*",
    "спільну заяву",
    "спільна заява",
    "комюніке",
    "протокол*",
];

fn documents(sentence: &Sentence) -> Vec<Fill> {
    sentence
        .find_any(DOCUMENTS)
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

fn outcome(sentence: &Sentence) -> Vec<Fill> {
    const NO_AGREEMENT: &[&str] = &[
        "ended without",
        "without agreement",
        "without an agreement",
        "without a deal",
        "without result*",
        "no agreement",
        "no deal",
        "no breakthrough",
        "failed to agree",
        "failed to reach",
        "did not agree",
        "could not agree",
        "не договорились",
        "не договорилися",
        "не домовились",
        "не домовилися",
        "без результат*",
        "без соглашения",
        "без домовленост*",
    ];
    const BROKE_DOWN: &[&str] = &[
        "broke down",
        "collapsed",
        "walked out",
        "were suspended",
        "was suspended",
        "сорваны",
        "сорвались",
        "зірвано",
        "зірвалися",
        "провалились",
    ];
    const POSTPONED: &[&str] = &[
        "postponed",
        "adjourned",
        "were delayed",
        "was delayed",
        "перенесены",
        "отложены",
        "перенесено",
        "відкладено",
    ];
    const AGREED: &[&str] = &[
        "agreed",
        "reached an agreement",
        "reached agreement",
        "reached a deal",
        "struck a deal",
        "signed",
        "договорились",
        "договорилися",
        "домовились",
        "домовилися",
        "достигли соглашения",
        "подписали",
        "підписали",
        "уклали",
    ];
    const MODALS: &[&str] = &[
        "will",
        "would",
        "could",
        "may",
        "might",
        "expected",
        "plan",
        "plans",
        "hope",
        "hopes",
        "aim",
        "seek",
        "ready",
        "to",
        "not",
        "never",
        "yet",
        "t",
        "no",
        "не",
        "можуть",
        "могут",
    ];
    let mut fills = Vec::new();
    if sentence.has_any(NO_AGREEMENT) {
        fills.push(fill("outcome", "ended without agreement"));
    } else {
        for (start, _) in sentence.find_any(AGREED) {
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
    if sentence.has_any(BROKE_DOWN) {
        fills.push(fill("outcome", "broke down"));
    }
    if sentence.has_any(POSTPONED) {
        fills.push(fill("outcome", "postponed"));
    }
    fills
}

fn format(sentence: &Sentence) -> Option<Fill> {
    const INDIRECT: &[&str] = &[
        "indirect",
        "proximity talks",
        "via mediators",
        "through mediators",
        "shuttle*",
        "непрям*",
        "опосредованн*",
    ];
    const FACE: &[&str] = &[
        "face to face",
        "face-to-face",
        "in person",
        "directly",
        "лицом к лицу",
        "напрямую",
        "напряму",
        "віч-на-віч",
    ];
    const DIRECT: &[&str] = &[
        "direct talks",
        "direct negotiations",
        "direct meeting",
        "прямые переговоры",
        "прямых переговоров",
        "прямі переговори",
        "прямих переговорів",
    ];
    if sentence.has_any(INDIRECT) {
        return Some(fill("format", "indirect"));
    }
    let faces = sentence.find_any(FACE);
    if faces
        .iter()
        .any(|&(start, _)| negated_before(sentence, start, 4))
    {
        return Some(fill("format", "indirect"));
    }
    if !faces.is_empty() || sentence.has_any(DIRECT) {
        return Some(fill("format", "direct"));
    }
    None
}

/// Talks: location, parties, mediators, format, principals, delegation, agenda, documents,
/// outcome (the date comes from the sentence's time mentions).
pub(super) fn talks(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let about_talks = super::mentions_kind("talks", sentence.text);
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
    for name in parties(sentence, ACTORS, TALKS_VERBS, &mediator_names) {
        fills.push(fill("parties", name));
    }
    for name in parties(sentence, PEOPLE, TALKS_VERBS, &mediator_names) {
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

// ---------------------------------------------------------------------------------------------
// Counts (killed, injured, arrested, displaced)

struct Token<'s> {
    start: usize,
    end: usize,
    word: &'s str,
}

fn tokens(lower: &str) -> Vec<Token<'_>> {
    let mut found = Vec::new();
    let mut start = None;
    for (idx, c) in lower.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(idx),
            (false, Some(begin)) => {
                found.push(Token {
                    start: begin,
                    end: idx,
                    word: &lower[begin..idx],
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        found.push(Token {
            start: begin,
            end: lower.len(),
            word: &lower[begin..],
        });
    }
    found
}

fn tight(lower: &str, left: &Token, right: &Token) -> bool {
    lower[left.end..right.start]
        .chars()
        .all(char::is_whitespace)
}

/// A number starting at token `idx`: digits, or a run of number words. Returns its value and
/// the index of its last token.
fn number_at(lower: &str, toks: &[Token], idx: usize) -> Option<(u64, usize)> {
    let token = &toks[idx];
    if idx > 0
        && matches!(
            lower[..token.start].chars().next_back(),
            Some(':' | '.' | ',' | '-' | '–')
        )
        && !tight(lower, &toks[idx - 1], token)
    {
        let gap = &lower[toks[idx - 1].end..token.start];
        if gap.trim().len() == gap.len() {
            return None;
        }
    }
    if let Ok(value) = token.word.parse::<u64>() {
        let mut after = lower[token.end..].chars();
        if matches!(after.next(), Some(':' | '.' | '%' | '°'))
            && after
                .as_str()
                .starts_with(|c: char| c.is_ascii_digit() || c == 'c')
        {
            return None;
        }
        return Some((value, idx));
    }
    let mut total = 0;
    let mut last = None;
    let mut cursor = idx;
    while cursor < toks.len() {
        match crate::ledger::number_word(toks[cursor].word) {
            Some(value) if value > 0 || last.is_none() => {
                total += value;
                last = Some(cursor);
                cursor += 1;
            }
            _ => break,
        }
    }
    last.map(|last| (total, last))
}

const QUALIFIERS: &[&str] = &[
    "at",
    "least",
    "about",
    "around",
    "approximately",
    "some",
    "more",
    "than",
    "over",
    "nearly",
    "almost",
    "up",
    "to",
    "не",
    "менее",
    "более",
    "около",
    "свыше",
    "щонайменше",
    "понад",
    "близько",
    "майже",
    "принаймні",
];

const COUNTED: &[&str] = &[
    "people",
    "persons",
    "person",
    "civilians",
    "civilian",
    "residents",
    "soldiers",
    "servicemen",
    "troops",
    "children",
    "adults",
    "women",
    "men",
    "others",
    "more",
    "have",
    "has",
    "had",
    "been",
    "were",
    "was",
    "are",
    "being",
    "reportedly",
    "also",
    "человек",
    "людей",
    "мирных",
    "жителей",
    "осіб",
    "людина",
    "людини",
    "мирних",
    "жителів",
    "protesters",
    "demonstrators",
];

/// Counts stated in the sentence: "N … <after word>" ("12 people have been killed",
/// "7 dead") or "<trigger> … N" ("killing 12", "погибли 12 человек").
fn counts(sentence: &Sentence, after_words: &[&str], triggers: &[&str]) -> Vec<String> {
    let lower = &sentence.lower;
    let toks = tokens(lower);
    let mut found: Vec<(usize, String)> = Vec::new();
    let push = |first: usize, last: usize, found: &mut Vec<(usize, String)>| {
        // Include "at least", "more than"… before the number.
        let mut begin = first;
        while begin > 0
            && QUALIFIERS.contains(&toks[begin - 1].word)
            && tight(lower, &toks[begin - 1], &toks[begin])
            && first - begin < 3
        {
            begin -= 1;
        }
        let value = sentence.text[toks[begin].start..toks[last].end].to_string();
        if !found.iter().any(|(pos, _)| *pos == first) {
            found.push((first, value));
        }
    };
    let mut idx = 0;
    while idx < toks.len() {
        if let Some((_, last)) = number_at(lower, &toks, idx) {
            let mut cursor = last + 1;
            let mut n_fillers = 0;
            while cursor < toks.len()
                && tight(lower, &toks[cursor - 1], &toks[cursor])
                && n_fillers <= 3
            {
                let word = toks[cursor].word;
                if matches_any(word, after_words) {
                    push(idx, last, &mut found);
                    break;
                }
                if !COUNTED.contains(&word) {
                    break;
                }
                n_fillers += 1;
                cursor += 1;
            }
            idx = last + 1;
            continue;
        }
        if matches_any(toks[idx].word, triggers) {
            let mut cursor = idx + 1;
            let mut n_fillers = 0;
            while cursor < toks.len()
                && tight(lower, &toks[cursor - 1], &toks[cursor])
                && n_fillers <= 4
            {
                if let Some((_, last)) = number_at(lower, &toks, cursor) {
                    let next_is_other = toks.get(last + 1).is_some_and(|next| {
                        tight(lower, &toks[last], next)
                            && !COUNTED.contains(&next.word)
                            && !matches_any(next.word, after_words)
                    });
                    if !next_is_other {
                        push(cursor, last, &mut found);
                    }
                    break;
                }
                let word = toks[cursor].word;
                if !(QUALIFIERS.contains(&word)
                    || matches!(
                        word,
                        "rose"
                            | "risen"
                            | "rises"
                            | "has"
                            | "have"
                            | "climbed"
                            | "stands"
                            | "stood"
                            | "is"
                            | "was"
                            | "reached"
                            | "of"
                            | "the"
                            | "to"
                            | "at"
                    ))
                {
                    break;
                }
                n_fillers += 1;
                cursor += 1;
            }
        }
        idx += 1;
    }
    found.into_iter().map(|(_, value)| value).collect()
}

const KILLED_AFTER: &[&str] = &[
    "killed",
    "dead",
    "died",
    "deaths",
    "fatalities",
    "погибли",
    "погибших",
    "погиб",
    "погибло",
    "убиты",
    "убито",
    "загинули",
    "загиблих",
    "загинуло",
    "загинув",
    "загинула",
];
const KILLED_TRIGGERS: &[&str] = &[
    "killing",
    "kills",
    "killed",
    "toll",
    "погибли",
    "погибло",
    "загинули",
    "загинуло",
    "убиты",
];
const INJURED_AFTER: &[&str] = &[
    "injured",
    "wounded",
    "hurt",
    "injuries",
    "ранены",
    "ранено",
    "раненых",
    "пострадали",
    "пострадавших",
    "поранені",
    "поранено",
    "постраждали",
    "травмовані",
    "травмованих",
];
const INJURED_TRIGGERS: &[&str] = &[
    "injuring",
    "injured",
    "wounding",
    "wounded",
    "ранены",
    "пострадали",
    "поранені",
    "постраждали",
];

fn casualties(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = counts(sentence, KILLED_AFTER, KILLED_TRIGGERS)
        .into_iter()
        .map(|value| fill("killed", value))
        .collect();
    fills.extend(
        counts(sentence, INJURED_AFTER, INJURED_TRIGGERS)
            .into_iter()
            .map(|value| fill("injured", value)),
    );
    const NONE_AT_ALL: &[&str] = &[
        "no casualties",
        "without casualties",
        "без жертв",
        "жертв нет",
        "обошлось без жертв",
        "без постраждалих",
        "обійшлося без жертв",
    ];
    const NONE_KILLED: &[&str] = &[
        "no one was killed",
        "nobody was killed",
        "no one died",
        "no deaths",
        "no fatalities",
        "погибших нет",
        "загиблих немає",
    ];
    const NONE_INJURED: &[&str] = &[
        "no one was injured",
        "no one was hurt",
        "nobody was injured",
        "nobody was hurt",
        "no injuries",
        "пострадавших нет",
        "постраждалих немає",
    ];
    if sentence.has_any(NONE_AT_ALL) || sentence.has_any(NONE_KILLED) {
        fills.push(fill("killed", "0"));
    }
    if sentence.has_any(NONE_AT_ALL) || sentence.has_any(NONE_INJURED) {
        fills.push(fill("injured", "0"));
    }
    fills
}

// ---------------------------------------------------------------------------------------------
// Strike

const ATTACK_VERBS: &[&str] = &[
    "attacked",
    "attack",
    "attacks",
    "struck",
    "strike",
    "strikes",
    "launched",
    "launch",
    "fired",
    "shelled",
    "bombed",
    "hit",
    "hits",
    "targeted",
    "targets",
    "carried",
    "атаковали",
    "атаковал",
    "атаковала",
    "атакует",
    "нанесли",
    "нанесла",
    "ударили",
    "обстреляли",
    "обстреляла",
    "атакували",
    "атакувала",
    "завдали",
    "обстріляли",
    "обстріляла",
];

const ATTACKER_FILLERS: &[&str] = &[
    "forces",
    "troops",
    "army",
    "military",
    "armed",
    "drones",
    "drone",
    "aircraft",
    "air",
    "navy",
    "force",
    "missile",
    "missiles",
    "artillery",
    "has",
    "have",
    "had",
    "reportedly",
    "again",
    "overnight",
    "also",
    "s",
    "войска",
    "вс",
    "армия",
    "сили",
    "війська",
    "армія",
];

fn attackers(sentence: &Sentence) -> Vec<String> {
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

const TARGET_AFTER: &[&str] = &[
    "struck",
    "targeted",
    "damaged",
    "destroyed",
    "attack on",
    "attacks on",
    "attacked",
    "strike on",
    "strikes on",
    "strike at",
    "hit was on",
    "hit on",
    "hits on",
    "shelling of",
    "удар по",
    "ударили по",
    "атака на",
    "атаки на",
    "атаку на",
];

const TARGET_PASSIVE: &[&str] = &[
    "was hit",
    "were hit",
    "was struck",
    "were struck",
    "was damaged",
    "were damaged",
    "was destroyed",
    "were destroyed",
    "was targeted",
    "were targeted",
    "was attacked",
    "were attacked",
    "has been hit",
    "have been hit",
    "has been damaged",
    "have been damaged",
    "came under fire",
];

const NOT_TARGET: &[&str] = &[
    "not on",
    "not at",
    "not a",
    "not an",
    "not the",
    "rather than",
    "instead of",
    "а не по",
    "а не",
];

const DENY_VERBS: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "rejected",
    "refuted",
    "dismissed",
    "false",
    "fake",
    "опроверг*",
    "спростув*",
    "заперечу*",
    "заперечив",
    "відкинув",
];

fn target_value(sentence: &Sentence, span: (usize, usize)) -> Option<String> {
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
    (!overlaps_named && !numeric && !pronoun && !text.is_empty()).then(|| text.to_string())
}

fn targets(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let denied_at = |pos: usize| {
        let clause = sentence.clause_start(pos);
        let before = split_words(&sentence.lower[clause..pos]);
        before.iter().any(|word| matches_any(word, DENY_VERBS))
            || sentence
                .words_before(pos)
                .iter()
                .rev()
                .filter(|w| !matches!(**w, "a" | "an" | "the" | "on"))
                .take(1)
                .any(|w| *w == "not")
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (_, end) in sentence.find_any(TARGET_AFTER) {
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
    for (start, _) in sentence.find_any(TARGET_PASSIVE) {
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
        for (_, end) in sentence.find_any(NOT_TARGET) {
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

const WEAPON_MODELS: &[(&str, &str)] = &[
    ("shahed*", "Shahed"),
    ("шахед*", "Shahed"),
    ("geran*", "Geran"),
    ("герань", "Geran"),
    ("герани", "Geran"),
    ("iskander*", "Iskander"),
    ("искандер*", "Iskander"),
    ("іскандер*", "Iskander"),
    ("kalibr*", "Kalibr"),
    ("калибр*", "Kalibr"),
    ("калібр*", "Kalibr"),
    ("kinzhal*", "Kinzhal"),
    ("кинжал*", "Kinzhal"),
    ("кинджал*", "Kinzhal"),
    ("kh-101", "Kh-101"),
    ("х-101", "Kh-101"),
    ("kh-22", "Kh-22"),
    ("kh-59", "Kh-59"),
    ("zircon", "Zircon"),
    ("tsirkon", "Zircon"),
    ("циркон*", "Zircon"),
    ("lancet*", "Lancet"),
    ("ланцет*", "Lancet"),
    ("bayraktar*", "Bayraktar"),
    ("himars", "HIMARS"),
    ("atacms", "ATACMS"),
    ("storm shadow*", "Storm Shadow"),
    ("neptune", "Neptune"),
    ("нептун*", "Neptune"),
    ("s-300", "S-300"),
    ("с-300", "S-300"),
];

const WEAPON_KINDS: &[(&str, &str)] = &[
    ("ballistic missile*", "ballistic missile"),
    ("cruise missile*", "cruise missile"),
    ("guided aerial bomb*", "glide bomb"),
    ("guided bomb*", "glide bomb"),
    ("glide bomb*", "glide bomb"),
    ("aerial bomb*", "aerial bomb"),
    ("attack drone*", "drone"),
    ("kamikaze drone*", "drone"),
    ("drone*", "drone"),
    ("uav*", "drone"),
    ("missile*", "missile"),
    ("rocket*", "rocket"),
    ("artillery", "artillery"),
    ("mlrs", "multiple rocket launcher"),
    ("multiple rocket launcher*", "multiple rocket launcher"),
    ("ракет*", "missile"),
    ("дрон*", "drone"),
    ("беспилотник*", "drone"),
    ("безпілотник*", "drone"),
    ("бпла", "drone"),
    ("авиабомб*", "aerial bomb"),
    ("авіабомб*", "aerial bomb"),
    ("артиллер*", "artillery"),
    ("артилер*", "artillery"),
];

/// Named weapon models first ("Shahed"); a generic kind ("drone") only when no model stands
/// right before it ("Shahed attack drones" is one weapon, Shahed).
fn weapons(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let mut model_ends = Vec::new();
    for (pattern, name) in WEAPON_MODELS {
        for (_, end) in sentence.find(pattern) {
            model_ends.push(end);
            fills.push(fill("weapon", *name));
        }
    }
    let patterns: Vec<&str> = WEAPON_KINDS.iter().map(|(pattern, _)| *pattern).collect();
    for (start, end) in sentence.find_any(&patterns) {
        let follows_model = model_ends.iter().any(|&model_end| {
            model_end <= start && {
                let gap = &sentence.lower[model_end..start];
                split_words(gap).len() <= 1 && !gap.contains([',', ';', '.'])
            }
        });
        if follows_model {
            continue;
        }
        let hit = &sentence.lower[start..end];
        if let Some((_, name)) = WEAPON_KINDS.iter().find(|(pattern, _)| {
            let stem = pattern.trim_end_matches('*');
            hit.starts_with(stem)
        }) {
            fills.push(fill("weapon", *name));
        }
    }
    fills
}

fn claimed_by(sentence: &Sentence) -> Vec<Fill> {
    const CLAIMED: &[&str] = &[
        "claimed responsibility",
        "claims responsibility",
        "claim responsibility",
        "claimed the attack",
        "claimed the strike",
        "took responsibility",
        "взяла на себя ответственность",
        "взяли на себя ответственность",
        "взял на себя ответственность",
        "взяла на себе відповідальність",
        "взяли на себе відповідальність",
    ];
    let mut fills = Vec::new();
    for (start, _) in sentence.find_any(CLAIMED) {
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
                .any(|w| NEGATIONS.contains(w) || matches_any(w, DENY_VERBS));
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

/// Strike: location, attacker, target, weapon, killed, injured, claimed_by.
pub(super) fn strike(sentence: &Sentence) -> Vec<Fill> {
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

// ---------------------------------------------------------------------------------------------
// Statement

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "announced",
    "announces",
    "declared",
    "declares",
    "warned",
    "warns",
    "told",
    "wrote",
    "writes",
    "added",
    "insisted",
    "stressed",
    "noted",
    "заявил*",
    "заявив",
    "заявила",
    "сообщил*",
    "повідомив",
    "повідомила",
    "повідомили",
    "написал*",
    "написав",
];

const STANCES: &[(&str, &str)] = &[
    ("condemn*", "condemns"),
    ("welcom*", "welcomes"),
    ("support*", "supports"),
    ("backs", "supports"),
    ("backed", "supports"),
    ("endorse*", "supports"),
    ("oppose*", "opposes"),
    ("reject*", "rejects"),
    ("denie*", "denies"),
    ("deny", "denies"),
    ("called for", "calls for"),
    ("calls for", "calls for"),
    ("call for", "calls for"),
    ("urged", "calls for"),
    ("urges", "calls for"),
    ("demand*", "calls for"),
    ("warned", "warns"),
    ("warns", "warns"),
    ("threaten*", "threatens"),
    ("осудил*", "condemns"),
    ("засуди*", "condemns"),
    ("приветствовал*", "welcomes"),
    ("привітав", "welcomes"),
    ("поддерж*", "supports"),
    ("підтрим*", "supports"),
    ("отверг*", "rejects"),
    ("відкинув", "rejects"),
    ("призвал*", "calls for"),
    ("закликав", "calls for"),
    ("закликала", "calls for"),
];

/// Statement: speaker (an entity right before a speech verb, after "according to", or after
/// ", said"), position (a stance verb) and subject (what the stance is about).
pub(super) fn statement(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    for entity in &sentence.entities {
        if matches!(entity.kind, EntityKind::Place | EntityKind::Other) {
            continue;
        }
        let speaks_after = sentence.words_after(entity.end).iter().take(4).any(|w| {
            matches_any(w, SPEECH) || STANCES.iter().any(|(stance, _)| matches_any(w, &[stance]))
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
    for (pattern, label) in STANCES {
        for (_, end) in sentence.find(pattern) {
            fills.push(fill("position", *label));
            if let Some(span) = sentence.np_after(end, 6) {
                fills.push(fill("subject", sentence.slice(span)));
            }
        }
    }
    fills
}

// ---------------------------------------------------------------------------------------------
// Ceasefire

pub(super) const START_CUES: &[&str] = &[
    "take effect",
    "takes effect",
    "took effect",
    "come into force",
    "comes into force",
    "came into force",
    "begin",
    "begins",
    "began",
    "start",
    "starts",
    "started",
    "from",
    "as of",
    "вступает в силу",
    "вступило в силу",
    "вступит в силу",
    "набуває чинності",
    "набув чинності",
    "начнется",
];

const CEASEFIRE_VERBS: &[&str] = &[
    "agree*",
    "sign*",
    "ceasefire*",
    "truce*",
    "observ*",
    "declar*",
    "announc*",
    "перемири*",
    "перемир*",
    "договорил*",
    "домовил*",
];

/// Ceasefire: parties, mediators, terms, violations (start comes from the sentence's times).
pub(super) fn ceasefire(sentence: &Sentence) -> Vec<Fill> {
    let mut fills = Vec::new();
    let mediator_names = mediators(sentence);
    for name in parties(sentence, ACTORS, CEASEFIRE_VERBS, &mediator_names) {
        fills.push(fill("parties", name));
    }
    fills.extend(
        mediator_names
            .into_iter()
            .map(|name| fill("mediators", name)),
    );
    const TERMS: &[&str] = &[
        "terms include",
        "terms included",
        "under the terms",
        "provides for",
        "provide for",
        "includes",
        "include",
        "requires",
        "предусматривает",
        "передбачає",
    ];
    for (_, end) in sentence.find_any(TERMS) {
        fills.extend(
            list_items(sentence, end, None, 8)
                .into_iter()
                .map(|item| fill("terms", item)),
        );
    }
    const VIOLATIONS: &[&str] = &[
        "violat*",
        "breach*",
        "broke the ceasefire",
        "broke the truce",
        "нарушени*",
        "нарушил*",
        "нарушают",
        "порушенн*",
        "порушив",
        "порушил*",
        "порушують",
    ];
    const NO_VIOLATIONS: &[&str] = &[
        "no violations",
        "without violations",
        "no reports of violations",
        "без нарушений",
        "без порушень",
    ];
    if sentence.has_any(NO_VIOLATIONS) {
        fills.push(fill_denied("violations", "reported", true));
    } else {
        for (start, _) in sentence.find_any(VIOLATIONS) {
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

// ---------------------------------------------------------------------------------------------
// Protest, sanctions, arrest, election, disaster, other

/// Protest: location, organizers, size, demands, arrested, injured, killed.
pub(super) fn protest(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = places(sentence, &["in", "at", "outside", "near", "в", "у"], PLACE)
        .into_iter()
        .map(|name| fill("location", name))
        .collect();
    for (_, end) in sentence.find_any(&["organized by", "organised by", "called by", "led by"]) {
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
pub(super) fn sanctions(sentence: &Sentence) -> Vec<Fill> {
    const IMPOSE: &[&str] = &[
        "imposed",
        "impose",
        "imposes",
        "announced",
        "adopted",
        "approved",
        "slapped",
        "extended",
        "expanded",
        "introduced",
        "unveiled",
        "sanctioned",
        "blacklisted",
        "ввел*",
        "ввели",
        "запровадил*",
        "запровадив",
        "ухвалив",
        "затвердив",
    ];
    const TARGET_CUES: &[&str] = &[
        "sanctions on",
        "sanctions against",
        "targeting",
        "sanctioned",
        "blacklisted",
        "санкции против",
        "санкции в отношении",
        "санкції проти",
    ];
    let mut fills = Vec::new();
    for group in sentence.groups(ACTORS) {
        let last = group[group.len() - 1];
        if sentence.soon_after(last.end, 5, IMPOSE) {
            fills.extend(
                group
                    .iter()
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
        if cue_before(sentence, group[0].start, TARGET_CUES) {
            fills.extend(group.iter().map(|e| fill("targets", e.canonical.clone())));
        }
    }
    const MEASURES: &[(&str, &str)] = &[
        ("asset freeze*", "asset freeze"),
        ("assets frozen", "asset freeze"),
        ("froze assets", "asset freeze"),
        ("travel ban*", "travel ban"),
        ("visa ban*", "visa ban"),
        ("export ban*", "export ban"),
        ("import ban*", "import ban"),
        ("export control*", "export controls"),
        ("embargo*", "embargo"),
        ("price cap*", "price cap"),
        ("tariff*", "tariffs"),
        ("swift", "SWIFT disconnection"),
        ("эмбарго", "embargo"),
        ("ембарго", "embargo"),
    ];
    for (pattern, label) in MEASURES {
        if sentence.has(pattern) {
            fills.push(fill("measures", *label));
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
pub(super) fn arrest(sentence: &Sentence) -> Vec<Fill> {
    const ACTIVE: &[&str] = &[
        "arrested",
        "detained",
        "apprehended",
        "задержали",
        "арестовали",
        "затримали",
        "заарештували",
    ];
    const PASSIVE: &[&str] = &[
        "was arrested",
        "were arrested",
        "has been arrested",
        "have been arrested",
        "was detained",
        "were detained",
        "has been detained",
        "have been detained",
        "was taken into custody",
        "задержан",
        "задержана",
        "арестован",
        "арестована",
        "затримано",
        "затриманий",
        "затримана",
    ];
    let mut fills: Vec<Fill> = places(sentence, &["in", "at", "near", "в", "у"], PLACE)
        .into_iter()
        .map(|name| fill("location", name))
        .collect();
    let passive_hits = sentence.find_any(PASSIVE);
    for &(start, end) in &passive_hits {
        let clause = sentence.clause_start(start);
        if let Some(person) = sentence
            .entities
            .iter()
            .rev()
            .find(|e| e.end <= start && e.start >= clause && PEOPLE.contains(&e.kind))
        {
            fills.push(fill("person", person.canonical.clone()));
        } else if let Some(span) = sentence.subject_before(start, 6) {
            fills.push(fill("person", sentence.slice(span)));
        }
        for (_, by_end) in sentence.find("by") {
            if by_end > end
                && by_end <= end + 4
                && let Some(entity) = sentence
                    .entities
                    .iter()
                    .find(|e| e.start >= by_end && e.start <= by_end + 6)
            {
                fills.push(fill("arrested_by", entity.canonical.clone()));
            }
        }
    }
    for (start, end) in sentence.find_any(ACTIVE) {
        if passive_hits
            .iter()
            .any(|&(p_start, p_end)| p_start <= start && end <= p_end)
        {
            continue;
        }
        if let Some(actor) = sentence.entities.iter().rev().find(|e| {
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
        fills.extend(
            list_items(sentence, end, None, 8)
                .into_iter()
                .take(3)
                .map(|item| fill("charges", item)),
        );
    }
    fills
}

static TURNOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:turnout|явка)\D{0,24}?(\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent|per cent|процент)",
    )
    .expect("turnout pattern is valid")
});

/// Election: location, candidates, winner, turnout.
pub(super) fn election(sentence: &Sentence) -> Vec<Fill> {
    const ELECTION_WORDS: &[&str] = &[
        "election*",
        "vote",
        "referendum*",
        "poll",
        "polls",
        "выбор*",
        "вибор*",
    ];
    let mut fills = Vec::new();
    for entity in &sentence.entities {
        if !matches!(entity.kind, EntityKind::Country | EntityKind::Place) {
            continue;
        }
        let names_election = sentence.soon_after(entity.end, 3, ELECTION_WORDS)
            || (cue_before(sentence, entity.start, &["in", "в", "у"])
                && split_words(&sentence.lower[..entity.start])
                    .iter()
                    .any(|w| matches_any(w, ELECTION_WORDS)));
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

static MAGNITUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bM\s?(\d(?:\.\d)?)\b|magnitude[\s-]*(?:of\s*)?(\d(?:\.\d)?)|(\d(?:\.\d)?)[\s-]*magnitude|магнитуд\w*\s*(\d(?:[.,]\d)?)|магнітуд\w*\s*(\d(?:[.,]\d)?))")
        .expect("magnitude pattern is valid")
});

/// Disaster: hazard, location, magnitude, killed, injured, displaced.
pub(super) fn disaster(sentence: &Sentence) -> Vec<Fill> {
    const HAZARDS: &[(&str, &str)] = &[
        ("earthquake*", "earthquake"),
        ("quake*", "earthquake"),
        ("землетрясени*", "earthquake"),
        ("землетрус*", "earthquake"),
        ("flood*", "flood"),
        ("наводнени*", "flood"),
        ("повін*", "flood"),
        ("паводк*", "flood"),
        ("wildfire*", "wildfire"),
        ("forest fire*", "wildfire"),
        ("landslide*", "landslide"),
        ("hurricane*", "hurricane"),
        ("typhoon*", "typhoon"),
        ("cyclone*", "cyclone"),
        ("tsunami*", "tsunami"),
        ("eruption*", "volcanic eruption"),
        ("avalanche*", "avalanche"),
        ("heatwave*", "heatwave"),
        ("heat wave*", "heatwave"),
        ("drought*", "drought"),
        ("storm*", "storm"),
        ("thunderstorm*", "storm"),
    ];
    let mut fills = Vec::new();
    for (pattern, label) in HAZARDS {
        if sentence.has(pattern) {
            fills.push(fill("hazard", *label));
        }
    }
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
            &[
                "evacuated",
                "displaced",
                "homeless",
                "эвакуированы",
                "евакуйовано",
            ],
            &[
                "evacuated",
                "displaced",
                "displacing",
                "эвакуировали",
                "евакуювали",
            ],
        )
        .into_iter()
        .map(|value| fill("displaced", value)),
    );
    fills
}

/// Anything else: where it happens (a dateline or a place after "in"/"at").
pub(super) fn other(sentence: &Sentence) -> Vec<Fill> {
    places(sentence, &["in", "at", "в", "у"], PLACE)
        .into_iter()
        .take(1)
        .map(|name| fill("location", name))
        .collect()
}
