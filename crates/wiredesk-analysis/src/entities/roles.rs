//! Official roles ("Ukraine's deputy infrastructure minister", "the regional governor", "глава МИД
//! России") and the bodies named like them ("Russia's defence ministry", "the regional
//! administration").
//!
//! English roles follow a small grammar over word keys: modifiers* head ("of" tail)?, e.g.
//! "first deputy foreign minister", "head of the regional administration", "foreign minister of
//! Turkey". Russian and Ukrainian roles come from a phrase table translated to the English canonical
//! names, so "губернатор" and "governor" meet. A country (or international body) written just
//! before the role or, in a tail, just after it becomes the canonical name's first word.

use std::collections::HashMap;
use std::sync::LazyLock;

use wiredesk_model::{EntityKind, EntityMention};

use super::{Word, match_key, tight_gap};

/// Words that qualify a role or a body: areas, ranks, levels.
const MODIFIERS: &[&str] = &[
    "deputy",
    "first",
    "vice",
    "acting",
    "interim",
    "former",
    "regional",
    "district",
    "oblast",
    "provincial",
    "city",
    "municipal",
    "state",
    "federal",
    "national",
    "presidential",
    "special",
    "chief",
    "top",
    "senior",
    "prime",
    "general",
    "foreign",
    "defence",
    "defense",
    "interior",
    "infrastructure",
    "energy",
    "finance",
    "economy",
    "economic",
    "justice",
    "health",
    "agriculture",
    "agrarian",
    "education",
    "transport",
    "trade",
    "industry",
    "culture",
    "sports",
    "labour",
    "labor",
    "social",
    "digital",
    "environment",
    "environmental",
    "emergencies",
    "emergency",
    "veterans",
    "reintegration",
    "development",
    "strategic",
    "intelligence",
    "security",
    "military",
    "naval",
    "air",
    "armed",
    "border",
    "coast",
    "press",
    "information",
    "communications",
    "government",
    "army",
    "police",
    "customs",
    "port",
    "coordination",
    "civil",
    "ministry",
    "foreign-affairs",
    "human",
    "rights",
    "peace",
    "humanitarian",
    "nuclear",
    "migration",
    "tax",
    "navy",
    "assistant",
    "executive",
    "permanent",
    "supreme",
    "high",
];

/// Heads that name a person by office.
const PERSON_HEADS: &[&str] = &[
    "minister",
    "ministers",
    "governor",
    "governors",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "spokesmen",
    "president",
    "ambassador",
    "ambassadors",
    "envoy",
    "envoys",
    "mayor",
    "commander",
    "commanders",
    "chancellor",
    "premier",
    "ombudsman",
    "prosecutor",
    "negotiator",
    "negotiators",
    "adviser",
    "advisor",
    "secretary",
    "chief",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "commissioner",
    "representative",
    "attaché",
    "consul",
];

/// Heads that name a body.
const ORG_HEADS: &[&str] = &[
    "ministry",
    "ministries",
    "administration",
    "force",
    "forces",
    "navy",
    "army",
    "staff",
    "headquarters",
    "service",
    "authority",
    "police",
    "council",
    "committee",
    "agency",
    "office",
    "hall",
    "defences",
    "defenses",
    "guard",
    "command",
    "government",
    "parliament",
    "cabinet",
    "directorate",
    "department",
    "inspectorate",
];

/// Heads that need a modifier or an "of" tail to be a role ("head of…", "army chief").
const NEEDS_QUALIFIER: &[&str] = &[
    "head",
    "chief",
    "director",
    "secretary",
    "representative",
    "commissioner",
];

/// Russian and Ukrainian role and body phrases, with their English canonical names.
const CYRILLIC_PHRASES: &[(&str, &str, EntityKind)] = &[
    ("губернатор", "governor", EntityKind::Role),
    ("губернатор области", "regional governor", EntityKind::Role),
    ("глава региона", "regional governor", EntityKind::Role),
    ("глава области", "regional governor", EntityKind::Role),
    ("глава МИД", "foreign minister", EntityKind::Role),
    ("глава МЗС", "foreign minister", EntityKind::Role),
    ("голова МЗС", "foreign minister", EntityKind::Role),
    (
        "министр иностранных дел",
        "foreign minister",
        EntityKind::Role,
    ),
    (
        "міністр закордонних справ",
        "foreign minister",
        EntityKind::Role,
    ),
    ("министр обороны", "defence minister", EntityKind::Role),
    ("міністр оборони", "defence minister", EntityKind::Role),
    ("глава Минобороны", "defence minister", EntityKind::Role),
    ("заместитель министра", "deputy minister", EntityKind::Role),
    ("заступник міністра", "deputy minister", EntityKind::Role),
    ("замминистра", "deputy minister", EntityKind::Role),
    ("министр", "minister", EntityKind::Role),
    ("міністр", "minister", EntityKind::Role),
    ("пресс-секретарь", "spokesperson", EntityKind::Role),
    ("прес-секретар", "spokesperson", EntityKind::Role),
    ("речник", "spokesperson", EntityKind::Role),
    ("речниця", "spokesperson", EntityKind::Role),
    (
        "официальный представитель",
        "spokesperson",
        EntityKind::Role,
    ),
    ("офіційний представник", "spokesperson", EntityKind::Role),
    ("посол", "ambassador", EntityKind::Role),
    ("спецпредставитель", "envoy", EntityKind::Role),
    ("спецпосланник", "envoy", EntityKind::Role),
    ("посланник", "envoy", EntityKind::Role),
    ("спецпредставник", "envoy", EntityKind::Role),
    ("мэр", "mayor", EntityKind::Role),
    ("мер", "mayor", EntityKind::Role),
    ("міський голова", "mayor", EntityKind::Role),
    ("городской голова", "mayor", EntityKind::Role),
    ("президент", "president", EntityKind::Role),
    ("премьер-министр", "prime minister", EntityKind::Role),
    ("прем'єр-міністр", "prime minister", EntityKind::Role),
    (
        "глава ОВА",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "голова ОВА",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "начальник ОВА",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "голова ОДА",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "глава областной администрации",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "голова обласної адміністрації",
        "head of regional administration",
        EntityKind::Role,
    ),
    (
        "голова обласної військової адміністрації",
        "head of regional administration",
        EntityKind::Role,
    ),
    ("командующий", "commander", EntityKind::Role),
    ("командувач", "commander", EntityKind::Role),
    ("главнокомандующий", "commander-in-chief", EntityKind::Role),
    ("головнокомандувач", "commander-in-chief", EntityKind::Role),
    ("ОВА", "regional administration", EntityKind::Organization),
    ("ОДА", "regional administration", EntityKind::Organization),
    (
        "областная администрация",
        "regional administration",
        EntityKind::Organization,
    ),
    (
        "обладминистрация",
        "regional administration",
        EntityKind::Organization,
    ),
    (
        "обласна адміністрація",
        "regional administration",
        EntityKind::Organization,
    ),
    (
        "обласна військова адміністрація",
        "regional administration",
        EntityKind::Organization,
    ),
    ("Минобороны", "defence ministry", EntityKind::Organization),
    ("Міноборони", "defence ministry", EntityKind::Organization),
    (
        "министерство обороны",
        "defence ministry",
        EntityKind::Organization,
    ),
    (
        "міністерство оборони",
        "defence ministry",
        EntityKind::Organization,
    ),
    ("МИД", "foreign ministry", EntityKind::Organization),
    ("МЗС", "foreign ministry", EntityKind::Organization),
    (
        "министерство иностранных дел",
        "foreign ministry",
        EntityKind::Organization,
    ),
    (
        "міністерство закордонних справ",
        "foreign ministry",
        EntityKind::Organization,
    ),
    ("Генштаб", "general staff", EntityKind::Organization),
    (
        "Генеральный штаб",
        "general staff",
        EntityKind::Organization,
    ),
    (
        "Генеральний штаб",
        "general staff",
        EntityKind::Organization,
    ),
    ("Воздушные силы", "air force", EntityKind::Organization),
    ("Повітряні сили", "air force", EntityKind::Organization),
];

struct Phrase {
    keys: Vec<String>,
    canonical: &'static str,
    kind: EntityKind,
}

/// Cyrillic phrases by first key, longest first.
static PHRASES: LazyLock<HashMap<String, Vec<Phrase>>> = LazyLock::new(|| {
    let mut by_first: HashMap<String, Vec<Phrase>> = HashMap::new();
    for (phrase, canonical, kind) in CYRILLIC_PHRASES {
        let keys: Vec<String> = crate::normalize::word_spans(phrase)
            .into_iter()
            .map(|(start, end)| match_key(&phrase[start..end]))
            .collect();
        if let Some(first) = keys.first() {
            by_first.entry(first.clone()).or_default().push(Phrase {
                keys,
                canonical,
                kind: *kind,
            });
        }
    }
    for phrases in by_first.values_mut() {
        phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.keys.len()));
    }
    by_first
});

/// Spelling variants folded in canonical names.
fn canonical_word(key: &str) -> &str {
    match key {
        "defense" => "defence",
        "defenses" => "defences",
        "spokesman" | "spokeswoman" => "spokesperson",
        "spokesmen" => "spokespeople",
        "advisor" => "adviser",
        other => other,
    }
}

/// The lowercase canonical name of the country or body a mention at `word_idx` stands for.
fn qualifier_at(
    words: &[Word<'_>],
    covered: &[Option<usize>],
    mentions: &[EntityMention],
    word_idx: usize,
) -> Option<String> {
    let mention = &mentions[covered.get(word_idx).copied().flatten()?];
    matches!(
        mention.kind,
        EntityKind::Country | EntityKind::Organization | EntityKind::Place
    )
    .then(|| mention.canonical.to_lowercase())
    .filter(|_| words.get(word_idx).is_some())
}

/// A country or body right before `word_idx` ("Turkey's", "Turkish", "the EU's").
fn prefix_qualifier(
    text: &str,
    words: &[Word<'_>],
    covered: &[Option<usize>],
    mentions: &[EntityMention],
    word_idx: usize,
) -> Option<String> {
    let prev = word_idx.checked_sub(1)?;
    let gap = &text[words[prev].end..words[word_idx].start];
    let gap = gap
        .strip_prefix("'s")
        .or_else(|| gap.strip_prefix("’s"))
        .unwrap_or(gap);
    if !gap.chars().all(|ch| ch == ' ' || ch == '\u{a0}') {
        return None;
    }
    qualifier_at(words, covered, mentions, prev)
}

/// Whether word `idx` follows word `idx - 1` within the same phrase.
fn joined(text: &str, words: &[Word<'_>], idx: usize) -> bool {
    idx > 0
        && tight_gap(text, words, idx - 1)
        && !text[words[idx - 1].end..words[idx].start].contains('.')
}

pub(super) fn role_pass(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
) {
    let n_words = words.len();
    let mut idx = 0;
    while idx < n_words {
        if covered[idx].is_some() {
            idx += 1;
            continue;
        }
        if let Some(consumed) = cyrillic_phrase(text, words, covered, mentions, idx) {
            idx += consumed;
            continue;
        }
        if let Some(consumed) = english_role(text, words, covered, mentions, idx) {
            idx += consumed;
            continue;
        }
        idx += 1;
    }
}

fn push(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
    (first, last): (usize, usize),
    kind: EntityKind,
    canonical: String,
) {
    let (start, end) = (words[first].start, words[last].end);
    let mention_idx = mentions.len();
    mentions.push(EntityMention {
        text: text[start..end].to_owned(),
        kind,
        canonical,
        wikipedia: None,
        start,
        end,
    });
    for slot in &mut covered[first..=last] {
        *slot = Some(mention_idx);
    }
}

fn cyrillic_phrase(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
    idx: usize,
) -> Option<usize> {
    let phrases = PHRASES.get(&words[idx].key)?;
    let phrase = phrases.iter().find(|phrase| {
        let n_keys = phrase.keys.len();
        idx + n_keys <= words.len()
            && (0..n_keys).all(|offset| {
                let word_idx = idx + offset;
                covered[word_idx].is_none()
                    && words[word_idx].key == phrase.keys[offset]
                    && (offset == 0 || joined(text, words, word_idx))
            })
    })?;
    let last = idx + phrase.keys.len() - 1;
    // "глава МИД России": the country follows in the genitive; "российский министр": it precedes.
    let qualifier = (last + 1 < words.len() && joined(text, words, last + 1))
        .then(|| qualifier_at(words, covered, mentions, last + 1))
        .flatten()
        .or_else(|| prefix_qualifier(text, words, covered, mentions, idx));
    let canonical = match qualifier {
        Some(qualifier) => format!("{qualifier} {}", phrase.canonical),
        None => phrase.canonical.to_owned(),
    };
    push(
        text,
        words,
        covered,
        mentions,
        (idx, last),
        phrase.kind,
        canonical,
    );
    Some(phrase.keys.len())
}

fn english_role(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
    idx: usize,
) -> Option<usize> {
    let n_words = words.len();
    let free = |word_idx: usize, covered: &[Option<usize>]| {
        word_idx < n_words && covered[word_idx].is_none()
    };
    let mut after_mods = idx;
    while free(after_mods, covered)
        && (after_mods == idx || joined(text, words, after_mods))
        && (MODIFIERS.contains(&words[after_mods].key.as_str())
            || ORG_HEADS.contains(&words[after_mods].key.as_str()))
    {
        after_mods += 1;
    }
    let prefix = prefix_qualifier(text, words, covered, mentions, idx);
    let next_is_head = free(after_mods, covered)
        && (after_mods == idx || joined(text, words, after_mods))
        && PERSON_HEADS.contains(&words[after_mods].key.as_str());
    // "chief" is a modifier ("chief negotiator") and a head ("chief of staff").
    let last_is_head =
        after_mods > idx && PERSON_HEADS.contains(&words[after_mods - 1].key.as_str());
    let head = if next_is_head {
        Some(after_mods)
    } else if last_is_head {
        after_mods -= 1;
        Some(after_mods)
    } else {
        None
    };
    let modifiers: Vec<&str> = words[idx..after_mods]
        .iter()
        .map(|w| w.key.as_str())
        .collect();

    if let Some(head) = head {
        let head_key = words[head].key.as_str();
        let mut last = head;
        let mut head_words = vec![canonical_word(head_key).to_owned()];
        // "commander-in-chief", "secretary general", "secretary-general".
        let next_key = |offset: usize| {
            (last + offset < n_words && joined(text, words, last + offset))
                .then(|| words[last + offset].key.as_str())
        };
        if head_key == "commander" && next_key(1) == Some("in") && next_key(2) == Some("chief") {
            last += 2;
            head_words = vec!["commander-in-chief".to_owned()];
        } else if head_key == "secretary" && next_key(1) == Some("general") {
            last += 1;
            head_words = vec!["secretary-general".to_owned()];
        }
        let tail = of_tail(text, words, covered, mentions, last);
        let has_qualifier = !modifiers.is_empty() || tail.is_some() || last > head;
        if NEEDS_QUALIFIER.contains(&head_key) && !has_qualifier {
            return None;
        }
        if head_key == "head" && tail.is_none() {
            return None;
        }
        let mut qualifier = prefix;
        let mut parts: Vec<String> = modifiers
            .iter()
            .map(|m| canonical_word(m).to_owned())
            .collect();
        parts.extend(head_words);
        let mut end_word = last;
        match tail {
            Some(Tail::Body(body)) => {
                if qualifier.is_none() {
                    qualifier = Some(body);
                } else {
                    parts.push(format!("of {body}"));
                }
            }
            Some(Tail::Words {
                words: tail_words,
                last: tail_last,
            }) => {
                // "minister of foreign affairs of Ukraine".
                if qualifier.is_none()
                    && let Some(Tail::Body(body)) =
                        of_tail(text, words, covered, mentions, tail_last)
                {
                    qualifier = Some(body);
                }
                let areas: Vec<&str> = tail_words
                    .iter()
                    .map(String::as_str)
                    .filter(|word| *word != "affairs")
                    .collect();
                let is_minister = matches!(head_key, "minister" | "ministers");
                if is_minister && areas.iter().all(|word| MODIFIERS.contains(word)) {
                    // "minister of foreign affairs" → "foreign minister".
                    let head_word = parts.pop().unwrap_or_default();
                    parts.extend(areas.iter().map(|word| canonical_word(word).to_owned()));
                    parts.push(head_word);
                } else {
                    parts.push(format!("of {}", tail_words.join(" ")));
                }
                end_word = tail_last;
            }
            None => {}
        }
        let canonical = match qualifier {
            Some(qualifier) => format!("{qualifier} {}", parts.join(" ")),
            None => parts.join(" "),
        };
        push(
            text,
            words,
            covered,
            mentions,
            (idx, end_word),
            EntityKind::Role,
            canonical,
        );
        return Some(end_word + 1 - idx);
    }

    // A body: the modifiers end with an organization head ("defence ministry", "air force").
    let org_head = modifiers.iter().rposition(|m| ORG_HEADS.contains(m))?;
    if org_head == 0 && prefix.is_none() {
        return None;
    }
    let parts: Vec<&str> = modifiers[..=org_head]
        .iter()
        .map(|m| canonical_word(m))
        .collect();
    let canonical = match prefix {
        Some(prefix) => format!("{prefix} {}", parts.join(" ")),
        None => parts.join(" "),
    };
    push(
        text,
        words,
        covered,
        mentions,
        (idx, idx + org_head),
        EntityKind::Organization,
        canonical,
    );
    Some(org_head + 1)
}

enum Tail {
    /// "of Turkey", "of the UN": a known country or body (its lowercase canonical name).
    Body(String),
    /// "of the regional administration", "of staff", "of foreign affairs".
    Words { words: Vec<String>, last: usize },
}

fn of_tail(
    text: &str,
    words: &[Word<'_>],
    covered: &[Option<usize>],
    mentions: &[EntityMention],
    head: usize,
) -> Option<Tail> {
    let n_words = words.len();
    let of_idx = head + 1;
    if of_idx >= n_words || words[of_idx].key != "of" || !joined(text, words, of_idx) {
        return None;
    }
    let mut next = of_idx + 1;
    if next < n_words && words[next].key == "the" && joined(text, words, next) {
        next += 1;
    }
    if next >= n_words || !joined(text, words, next) {
        return None;
    }
    if let Some(body) = qualifier_at(words, covered, mentions, next) {
        return Some(Tail::Body(body));
    }
    let mut tail_words = Vec::new();
    let mut idx = next;
    while idx < n_words
        && covered[idx].is_none()
        && (idx == next || joined(text, words, idx))
        && tail_words.len() < 4
    {
        let key = words[idx].key.as_str();
        if MODIFIERS.contains(&key) || ORG_HEADS.contains(&key) || key == "affairs" {
            tail_words.push(canonical_word(key).to_owned());
            idx += 1;
        } else {
            break;
        }
    }
    // The tail must end on a noun that closes it ("administration", "staff", "affairs", "defence").
    while let Some(last) = tail_words.last() {
        let closes = ORG_HEADS.contains(&last.as_str())
            || matches!(
                last.as_str(),
                "affairs"
                    | "defence"
                    | "interior"
                    | "infrastructure"
                    | "energy"
                    | "finance"
                    | "justice"
                    | "health"
                    | "agriculture"
                    | "education"
                    | "transport"
                    | "trade"
                    | "culture"
                    | "economy"
                    | "intelligence"
                    | "security"
                    | "state"
            );
        if closes {
            break;
        }
        tail_words.pop();
    }
    if tail_words.is_empty() {
        return None;
    }
    let last = next + tail_words.len() - 1;
    Some(Tail::Words {
        words: tail_words,
        last,
    })
}
