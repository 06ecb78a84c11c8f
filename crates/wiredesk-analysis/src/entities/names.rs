//! Names the gazetteer does not know: runs of two or more capitalized words ("Hakan Fidan",
//! "Sea Ports Authority"), typed by their last words (Ministry, Airport, Cup…) and otherwise taken
//! for people.
//!
//! Precision first: a run needs two name-shaped words (acronyms, numbers, weekdays, months and
//! capitalized function words do not count), never crosses punctuation or a line, and sentences
//! written in Title Case or capitals are skipped, since every word there is capitalized.

use wiredesk_model::{EntityKind, EntityMention};

use super::{Word, sentence_starts};
use crate::normalize::is_stopword;

/// Lowercase words that may sit inside a name ("Bank of England", "Ursula von der Leyen").
const CONNECTORS: &[&str] = &[
    "of", "de", "von", "van", "der", "den", "al", "bin", "ibn", "la", "le", "du", "da", "di",
    "del", "dos", "el",
];

/// Capitalized words that are not names by themselves.
const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "update",
    "updated",
    "breaking",
    "live",
    "video",
    "photo",
    "photos",
    "watch",
    "read",
    "more",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "overnight",
    "addition",
    "note",
    "source",
    "sources",
    "thanks",
    "thank",
    "please",
    "urgent",
    "exclusive",
    "analysis",
    "opinion",
    "edited",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "president",
    "minister",
    "governor",
    "mayor",
    "general",
    "gen",
    "colonel",
    "col",
    "lt",
    "captain",
    "sergeant",
    "prime",
    "foreign",
    "deputy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "king",
    "queen",
    "prince",
    "pope",
    "chairman",
    "commander",
    "senator",
    "sen",
    "rep",
    "judge",
    "lord",
    "lady",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "what",
    "why",
    "how",
    "when",
    "where",
    "who",
    "yes",
    "no",
    "ok",
    "oh",
    "lol",
    "omg",
    "rt",
    "via",
    "new",
    "old",
    "big",
    "first",
    "last",
    "next",
    "every",
    "some",
    "many",
    "most",
    "all",
    "just",
    "now",
    "then",
    "also",
    "still",
    // Common words that start or pepper informal capitalized text, never names by themselves.
    "hi",
    "hey",
    "hello",
    "bye",
    "poor",
    "great",
    "good",
    "best",
    "better",
    "bad",
    "nice",
    "cool",
    "awesome",
    "amazing",
    "super",
    "perfect",
    "crazy",
    "happy",
    "merry",
    "dear",
    "sorry",
    "welcome",
    "congrats",
    "congratulations",
    "wow",
    "yay",
    "yeah",
    "lol",
    "lmao",
    "plz",
    "pls",
    "rip",
    "love",
    "like",
    "looks",
    "look",
    "much",
    "stay",
    "play",
    "go",
    "get",
    "let",
    "make",
    "check",
    "follow",
    "join",
    "listen",
    "see",
    "come",
    "back",
    "even",
    "real",
    "true",
    "free",
    "big",
    "little",
    "young",
    "fuck",
    "fucking",
    "damn",
    "shit",
    "ass",
    "god",
    "omfg",
    "wtf",
    "guys",
    "everyone",
    "anyone",
    "someone",
    "nobody",
    "people",
    "man",
    "woman",
    "boys",
    "girls",
];

const ORG_WORDS: &[&str] = &[
    "ministry",
    "council",
    "party",
    "army",
    "forces",
    "force",
    "agency",
    "company",
    "bank",
    "administration",
    "service",
    "authority",
    "committee",
    "commission",
    "office",
    "navy",
    "guard",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "llc",
    "group",
    "union",
    "association",
    "federation",
    "institute",
    "university",
    "college",
    "school",
    "court",
    "parliament",
    "assembly",
    "police",
    "brigade",
    "battalion",
    "regiment",
    "corps",
    "command",
    "directorate",
    "department",
    "front",
    "movement",
    "organization",
    "organisation",
    "foundation",
    "fund",
    "airlines",
    "airways",
    "headquarters",
    "centre",
    "center",
    "society",
    "club",
    "church",
    "bureau",
    "network",
    "media",
    "news",
    "times",
    "post",
    "press",
    "radio",
    "tv",
    "television",
    "government",
    "cabinet",
    "team",
    "fc",
    "academy",
    "hospital",
    "board",
    "alliance",
    "coalition",
    "brotherhood",
    "league",
    "congress",
    "senate",
];

const PLACE_WORDS: &[&str] = &[
    "airport",
    "street",
    "st",
    "avenue",
    "ave",
    "square",
    "river",
    "lake",
    "sea",
    "bay",
    "gulf",
    "island",
    "islands",
    "mountain",
    "mountains",
    "mount",
    "province",
    "oblast",
    "region",
    "district",
    "county",
    "port",
    "bridge",
    "station",
    "city",
    "village",
    "valley",
    "peninsula",
    "strait",
    "canal",
    "desert",
    "park",
    "terminal",
    "base",
    "crossing",
    "highway",
    "road",
    "beach",
    "coast",
    "boulevard",
    "blvd",
    "heights",
    "hills",
    "forest",
    "plaza",
    "tower",
    "stadium",
    "arena",
    "palace",
    "castle",
];

const OTHER_WORDS: &[&str] = &[
    "cup",
    "championship",
    "championships",
    "games",
    "olympics",
    "festival",
    "summit",
    "forum",
    "conference",
    "day",
    "week",
    "prize",
    "award",
    "awards",
    "war",
    "operation",
    "initiative",
    "agreement",
    "treaty",
    "accord",
    "deal",
    "series",
    "show",
    "album",
    "tour",
    "open",
];

pub(super) fn is_name_word(raw: &str) -> bool {
    let mut chars = raw.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || raw.chars().any(|ch| ch.is_numeric()) {
        return false;
    }
    let n_chars = raw.chars().count();
    // Acronyms ("PLA", "DGAC") are not names; a single capital is an initial.
    if n_chars > 1 && !raw.chars().any(char::is_lowercase) {
        return false;
    }
    let lower = raw.to_lowercase();
    !NOT_NAMES.contains(&lower.as_str()) && !is_stopword(Some("en"), &lower)
}

/// Whether the sentence around a run is written in Title Case ("Russia And Ukraine Agree To
/// Talks") or in capitals: function words capitalized mid-sentence, or most words all-caps.
fn title_case_sentence(words: &[Word<'_>], first: usize, last: usize) -> bool {
    let mut n_function = 0;
    let mut n_function_capitalized = 0;
    let mut n_alphabetic = 0;
    let mut n_all_caps = 0;
    for (offset, word) in words[first..=last].iter().enumerate() {
        if !word.raw.chars().any(char::is_alphabetic) {
            continue;
        }
        n_alphabetic += 1;
        if word.raw.chars().count() > 1 && !word.raw.chars().any(char::is_lowercase) {
            n_all_caps += 1;
        }
        let lower = word.raw.to_lowercase();
        if offset > 0 && lower.chars().count() > 1 && is_stopword(Some("en"), &lower) {
            n_function += 1;
            if word.raw.chars().next().is_some_and(char::is_uppercase) {
                n_function_capitalized += 1;
            }
        }
    }
    (n_function >= 2 && n_function_capitalized * 2 > n_function)
        || (n_alphabetic >= 4 && n_all_caps * 10 > n_alphabetic * 6)
}

pub(super) fn name_pass(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
) {
    if words.is_empty() {
        return;
    }
    // The word range of each sentence, for the Title Case check.
    let starts = sentence_starts(text);
    let sentence_of = |word_idx: usize| {
        starts
            .partition_point(|start| *start <= words[word_idx].start)
            .saturating_sub(1)
    };
    let mut sentence_bounds: Vec<(usize, usize)> = Vec::new();
    for word_idx in 0..words.len() {
        let sentence_idx = sentence_of(word_idx);
        if sentence_bounds.len() <= sentence_idx {
            sentence_bounds.resize(sentence_idx + 1, (usize::MAX, 0));
        }
        let bounds = &mut sentence_bounds[sentence_idx];
        bounds.0 = bounds.0.min(word_idx);
        bounds.1 = bounds.1.max(word_idx);
    }

    let mut idx = 0;
    while idx < words.len() {
        if covered[idx].is_some() || !is_name_word(words[idx].raw) {
            idx += 1;
            continue;
        }
        let (first_in_sentence, last_in_sentence) = sentence_bounds[sentence_of(idx)];
        if title_case_sentence(words, first_in_sentence, last_in_sentence) {
            idx = last_in_sentence.max(idx) + 1;
            continue;
        }
        // Grow the run: name words, with connectors between them.
        let mut last = idx;
        let mut n_names = 1;
        let mut probe = idx + 1;
        while probe < words.len() && covered[probe].is_none() && joined_by_space(text, words, probe)
        {
            let raw = words[probe].raw;
            if is_name_word(raw) {
                // "Bilhorod-Dnistrovskyi" is one word, not two.
                if !text[words[probe - 1].end..words[probe].start].contains('-') {
                    n_names += 1;
                }
                last = probe;
                probe += 1;
            } else if CONNECTORS.contains(&raw)
                && probe + 1 < words.len()
                && covered[probe + 1].is_none()
                && joined_by_space(text, words, probe + 1)
                && is_name_word(words[probe + 1].raw)
            {
                probe += 1;
            } else {
                break;
            }
        }
        // "Mr. Smith": a title makes one name word enough.
        let titled = idx > 0 && {
            let prev = words[idx - 1].raw.to_lowercase();
            let gap = &text[words[idx - 1].end..words[idx].start];
            matches!(prev.as_str(), "mr" | "mrs" | "ms" | "dr" | "sir" | "dame")
                && matches!(gap, " " | ". ")
        };
        if titled && n_names == 1 {
            n_names = 2;
        }
        if (2..=5).contains(&n_names) {
            let lowers: Vec<String> = words[idx..=last]
                .iter()
                .map(|w| w.raw.to_lowercase())
                .collect();
            let has = |list: &[&str]| lowers.iter().any(|word| list.contains(&word.as_str()));
            let kind = if has(ORG_WORDS) {
                Some(EntityKind::Organization)
            } else if has(PLACE_WORDS) {
                Some(EntityKind::Place)
            } else if has(OTHER_WORDS) {
                Some(EntityKind::Other)
            } else if n_names <= 4 {
                Some(EntityKind::Person)
            } else {
                None
            };
            if let Some(kind) = kind {
                let (start, end) = (words[idx].start, words[last].end);
                let written = &text[start..end];
                let canonical = crate::normalize::nfkc(
                    &written.split_whitespace().collect::<Vec<_>>().join(" "),
                );
                let mention_idx = mentions.len();
                mentions.push(EntityMention {
                    text: written.to_owned(),
                    kind,
                    canonical,
                    wikipedia: None,
                    start,
                    end,
                });
                for slot in &mut covered[idx..=last] {
                    *slot = Some(mention_idx);
                }
            }
        }
        idx = last + 1;
    }
}

/// Whether word `idx` follows word `idx - 1` with only a space or a hyphen between them (an
/// initial's period too: "J. Smith").
fn joined_by_space(text: &str, words: &[Word<'_>], idx: usize) -> bool {
    let gap = &text[words[idx - 1].end..words[idx].start];
    match gap {
        " " | "\u{a0}" | "-" => true,
        ". " => words[idx - 1].raw.chars().count() == 1,
        _ => false,
    }
}
