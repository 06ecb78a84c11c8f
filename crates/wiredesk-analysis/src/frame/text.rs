//! Sentence helpers shared by the slot extractors: phrase search at word boundaries, clause
//! windows, noun phrases, and runs of coordinated entities ("Turkey and the United Nations").
//!
//! Everything works on byte offsets into the original sentence; the lowercase copy keeps the same
//! offsets (a character whose lowercase has another byte length is left as it is), so entity
//! offsets, phrase hits and slices all index the same string.

use wiredesk_model::{EntityKind, EntityMention};

use super::SentenceFacts;

/// A sentence prepared for extraction.
pub(super) struct Sentence<'a> {
    pub text: &'a str,
    pub lower: String,
    /// Entities with valid offsets, hashtags and @mentions left out, in text order.
    pub entities: Vec<&'a EntityMention>,
}

/// Words that open a noun phrase without belonging to it.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those",
    "some", "another", "other",
];

/// Words that end a noun phrase: prepositions, verbs, conjunctions, attribution cues.
const NP_STOPS: &[&str] = &[
    "in",
    "at",
    "near",
    "on",
    "used",
    "after",
    "before",
    "which",
    "that",
    "who",
    "whom",
    "whose",
    "with",
    "by",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "and",
    "or",
    "but",
    "not",
    "from",
    "for",
    "to",
    "as",
    "said",
    "says",
    "say",
    "told",
    "according",
    "when",
    "while",
    "where",
    "during",
    "since",
    "amid",
    "killing",
    "injuring",
    "leaving",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "did",
    "does",
    "do",
    "into",
    "onto",
    "over",
    "under",
    "per",
    "citing",
    "than",
    "rather",
    "instead",
    "reported",
    "reports",
    "report",
    "late",
    "early",
    "overnight",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "later",
    "this",
    "last",
    "next",
    "about",
    "amid",
    "в",
    "у",
    "на",
    "по",
    "и",
    "і",
    "та",
    "с",
    "з",
    "что",
    "що",
];

/// Words after which a new clause (with its own subject) begins.
const SUBORDINATORS: &[&str] = &[
    "that", "which", "who", "and", "but", "when", "after", "as", "said", "says", "while", "where",
    "because", "denied", "denies", "claimed", "claims", "reported", "reports", "что", "що", "и",
    "і", "та",
];

impl<'a> Sentence<'a> {
    pub fn new(facts: &SentenceFacts<'a>) -> Sentence<'a> {
        let text = facts.sentence;
        let mut entities: Vec<&EntityMention> = facts
            .entities
            .iter()
            .filter(|entity| {
                entity.start < entity.end
                    && entity.end <= text.len()
                    && text.is_char_boundary(entity.start)
                    && text.is_char_boundary(entity.end)
                    && !matches!(text[..entity.start].chars().next_back(), Some('#' | '@'))
            })
            .collect();
        entities.sort_by_key(|entity| (entity.start, std::cmp::Reverse(entity.end)));
        // Drop mentions nested in an earlier, longer one.
        let mut kept: Vec<&EntityMention> = Vec::new();
        for entity in entities {
            if kept.last().is_none_or(|last| entity.start >= last.end) {
                kept.push(entity);
            }
        }
        Sentence {
            text,
            lower: lower_same_len(text),
            entities: kept,
        }
    }

    /// Start offsets of `phrase` (lowercase) at word boundaries; a trailing `*` makes it a stem.
    pub fn find(&self, phrase: &str) -> Vec<(usize, usize)> {
        let (needle, is_stem) = match phrase.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (phrase, false),
        };
        if needle.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (start, _) in self.lower.match_indices(needle) {
            let end = start + needle.len();
            let left_ok = self.lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let right_ok = is_stem
                || self.lower[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            if left_ok && right_ok {
                let end = if is_stem {
                    word_end(&self.lower, end)
                } else {
                    end
                };
                hits.push((start, end));
            }
        }
        hits
    }

    pub fn has(&self, phrase: &str) -> bool {
        !self.find(phrase).is_empty()
    }

    pub fn has_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|phrase| self.has(phrase))
    }

    /// Every hit of any of `phrases`, in text order, longest first at one position.
    pub fn find_any(&self, phrases: &[&str]) -> Vec<(usize, usize)> {
        let mut hits: Vec<(usize, usize)> = phrases
            .iter()
            .flat_map(|phrase| self.find(phrase))
            .collect();
        hits.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for hit in hits {
            if kept.last().is_none_or(|last| hit.0 >= last.1) {
                kept.push(hit);
            }
        }
        kept
    }

    /// Where the clause holding `pos` starts (after the last boundary before it).
    pub fn clause_start(&self, pos: usize) -> usize {
        let mut start = 0;
        for (idx, c) in self.text[..pos].char_indices() {
            if is_boundary(self.text, idx, c) {
                start = idx + c.len_utf8();
            }
        }
        start
    }

    /// Where the clause holding `pos` ends (at the next boundary after it).
    pub fn clause_end(&self, pos: usize) -> usize {
        for (idx, c) in self.text[pos..].char_indices() {
            if is_boundary(self.text, pos + idx, c) {
                return pos + idx;
            }
        }
        self.text.len()
    }

    /// The lowercase words of the clause before `pos`, nearest last.
    pub fn words_before(&self, pos: usize) -> Vec<&str> {
        let start = self.clause_start(pos);
        split_words(&self.lower[start..pos])
    }

    /// The lowercase words of the clause after `pos`, nearest first.
    pub fn words_after(&self, pos: usize) -> Vec<&str> {
        let end = self.clause_end(pos);
        split_words(&self.lower[pos..end])
    }

    /// Whether one of `words` (stems allowed with `*`) occurs within the first `n` words of the
    /// clause after `pos`.
    pub fn soon_after(&self, pos: usize, n: usize, words: &[&str]) -> bool {
        self.words_after(pos)
            .iter()
            .take(n)
            .any(|word| matches_any(word, words))
    }

    /// A noun phrase starting at `pos`: leading determiners skipped, ending before a stop word,
    /// a clause boundary or a possessive noun's owner, at most `max_words` words.
    pub fn np_after(&self, pos: usize, max_words: usize) -> Option<(usize, usize)> {
        let end_limit = self.clause_end(pos);
        let mut start = None;
        let mut end = pos;
        let mut n_words = 0;
        let mut idx = pos;
        while idx < end_limit {
            let rest = &self.lower[idx..end_limit];
            let skip = rest.len() - rest.trim_start().len();
            idx += skip;
            if idx >= end_limit {
                break;
            }
            let word_stop = word_end_np(&self.lower, idx).min(end_limit);
            if word_stop == idx {
                break;
            }
            let word = &self.lower[idx..word_stop];
            let bare = word.trim_end_matches(['\'', '’']);
            if start.is_none() && DETERMINERS.contains(&bare) {
                idx = word_stop;
                continue;
            }
            if NP_STOPS.contains(&bare) || bare.chars().all(|c| !c.is_alphanumeric()) {
                break;
            }
            start.get_or_insert(idx);
            end = word_stop;
            n_words += 1;
            idx = word_stop;
            if n_words >= max_words {
                break;
            }
        }
        start.map(|start| (start, end))
    }

    /// The clause's first noun phrase, when it ends before `pos` (the subject of a passive verb
    /// at `pos`: "A grain terminal in Izmail port was hit").
    pub fn subject_before(&self, pos: usize, max_words: usize) -> Option<(usize, usize)> {
        // Start after the last word that opens a new clause ("denied that an energy facility
        // was damaged").
        let mut start = self.clause_start(pos);
        let clause = start;
        for (idx, word) in self.lower[clause..pos]
            .split_inclusive(|c: char| !c.is_alphanumeric())
            .scan(clause, |offset, piece| {
                let at = *offset;
                *offset += piece.len();
                Some((at, piece))
            })
        {
            let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if SUBORDINATORS.contains(&bare) {
                start = idx + word.len();
            }
        }
        self.np_after(start, max_words)
            .filter(|&(_, end)| end <= pos)
    }

    pub fn slice(&self, span: (usize, usize)) -> &'a str {
        self.text[span.0..span.1].trim()
    }

    /// Runs of entities of the given kinds joined by "and", commas, "&", dashes or slashes.
    pub fn groups(&self, kinds: &[EntityKind]) -> Vec<Vec<&'a EntityMention>> {
        let mut groups: Vec<Vec<&EntityMention>> = Vec::new();
        for entity in self.entities.iter().filter(|e| kinds.contains(&e.kind)) {
            let joins = groups
                .last()
                .and_then(|group| group.last())
                .is_some_and(|last| {
                    last.end <= entity.start && is_joiner(&self.lower[last.end..entity.start])
                });
            match groups.last_mut() {
                Some(group) if joins => group.push(entity),
                _ => groups.push(vec![entity]),
            }
        }
        groups
    }

    /// Whether the entity opens the sentence as a dateline ("Istanbul: …", "🇷🇺 Izmail: …").
    pub fn is_dateline(&self, entity: &EntityMention) -> bool {
        self.text[..entity.start]
            .chars()
            .all(|c| !c.is_alphanumeric())
            && self.text[entity.end..].trim_start().starts_with(':')
    }

    /// Entities overlapping a span.
    pub fn entities_in(&self, span: (usize, usize)) -> Vec<&'a EntityMention> {
        self.entities
            .iter()
            .copied()
            .filter(|entity| entity.start < span.1 && entity.end > span.0)
            .collect()
    }
}

/// Lowercase with the same byte offsets as the input.
pub(super) fn lower_same_len(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Lowercase words (letters and digits), splitting on everything else.
pub(super) fn split_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether `word` equals one of `patterns` (a trailing `*` makes a pattern a stem).
pub(super) fn matches_any(word: &str, patterns: &[&str]) -> bool {
    patterns
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(stem) => word.starts_with(stem),
            None => word == *pattern,
        })
}

fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(idx, _)| from + idx)
}

/// The end of a noun-phrase word: letters, digits, and inner hyphens or apostrophes
/// ("safe-passage", "controllers'").
fn word_end_np(text: &str, from: usize) -> usize {
    let mut end = from;
    let mut chars = text[from..].char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’' | 'ʼ')
            && end > from
            && chars
                .peek()
                .is_none_or(|(_, next)| next.is_alphanumeric() || c != '-');
        if c.is_alphanumeric() || joins {
            end = from + idx + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn is_boundary(text: &str, idx: usize, c: char) -> bool {
    match c {
        ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '"' | '«' | '»' | '“' | '”'
        | '\n' => {
            // "08:00" and "12,500" keep their separators.
            !(matches!(c, ':' | ',') && digit_on_both_sides(text, idx, c))
        }
        '.' => text[idx + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        '—' | '–' => text[idx + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace),
        _ => false,
    }
}

fn digit_on_both_sides(text: &str, idx: usize, c: char) -> bool {
    text[..idx]
        .chars()
        .next_back()
        .is_some_and(|before| before.is_ascii_digit())
        && text[idx + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|after| after.is_ascii_digit())
}

fn is_joiner(gap: &str) -> bool {
    let gap = gap.trim();
    if matches!(gap, "" | "-" | "–" | "—" | "/" | "&") {
        return true;
    }
    let mut rest = gap.trim_start_matches(',').trim_start();
    for conjunction in ["as well as", "and", "&", "и", "і", "та", "й"] {
        if let Some(after) = rest.strip_prefix(conjunction)
            && after.chars().next().is_none_or(|c| !c.is_alphanumeric())
        {
            rest = after.trim_start();
            break;
        }
    }
    let rest = rest.strip_prefix("the").map_or(rest, str::trim_start);
    rest.is_empty() && gap != "the"
}
