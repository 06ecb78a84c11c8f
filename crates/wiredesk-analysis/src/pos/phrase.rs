//! Is an origin's name a noun phrase? Tokens from the attribution tokenizer, tags from the POS
//! model, then a few strict rules over the tags.
//!
//! Decisions:
//! - The *head* is the last word before the first preposition, `to` or comma ("the foreign
//!   **minister** of Turkey", "**Reporters** Without Borders", "State Emergency **Service**, Lviv
//!   region"); it must be a noun (or a number after a noun: "Channel 5"; or a handle). Every
//!   comma segment must also end in a noun, so "Ukraine's" or "the" alone never pass.
//! - Anonymous sources are legitimate origins, so a postmodifier right after the head noun and
//!   before a preposition is allowed: an adjective or adverb ("people **familiar** with the
//!   matter", "sources **close** to the talks") or a past participle ("officials **briefed** on
//!   the talks"). Every other verb form, and any modal, fails: "the ministry said", "told
//!   reporters".
//! - Personal and wh-pronouns fail anywhere (PRP, WP, WP$, WDT), as does a clause word ("that",
//!   "who", "which" …) followed by more words; a possessive pronoun before a noun ("its press
//!   service") is allowed, as it is a determiner.
//! - A name written in title case is a name: in a segment with two or more capitalised words
//!   whose lowercase words are all function words, a capitalised word the tagger read as a
//!   present-tense verb is a proper noun ("Committee to **Protect** Journalists", "Reporters
//!   Without **Borders**"), and so is a capitalised participle that is not the last word ("the
//!   **United** Nations"). A capitalised past tense never is ("The Ministry Said" fails).
//! - A lone demonym from the gazetteer ("Ukrainian") fails even when tagged as a proper noun.
//! - The tagger is English-only: a name with letters of another script is accepted unless one
//!   of its words is in the Russian or Ukrainian pronoun lists (`data/ru/pronouns.txt`,
//!   `data/uk/pronouns.txt`).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::attribute::tokenize;
use crate::entities::gazetteer;
use crate::normalize::word_spans;

/// The longest origin name, in words (issue 8).
pub const MAX_WORDS: usize = 8;

/// The context a name is tagged in.
const CARRIER: &[&str] = &["according", "to"];

/// Words that open a relative or complement clause.
const CLAUSE_WORDS: &[&str] = &["that", "who", "whom", "whose", "which", "where", "when"];

static FOREIGN_PRONOUNS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        include_str!("../../data/ru/pronouns.txt"),
        include_str!("../../data/uk/pronouns.txt"),
    ]
    .into_iter()
    .flat_map(str::lines)
    .map(|line| line.split('#').next().unwrap_or_default().trim())
    .filter(|line| !line.is_empty())
    .collect()
});

/// Whether `name` reads as the name of an origin: a noun phrase of at most [`MAX_WORDS`]
/// words with no verb, no pronoun and a noun for its head. See the module docs for the rules.
pub fn is_noun_phrase(name: &str) -> bool {
    let name = name.trim();
    let n_words = name
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if n_words == 0 || n_words > MAX_WORDS {
        return false;
    }
    if name
        .chars()
        .any(|c| c.is_alphabetic() && !is_latin_letter(c))
    {
        return foreign_name_ok(name);
    }
    let words = tagged_words(name);
    if words.is_empty() {
        return false;
    }
    if let [only] = words.as_slice()
        && is_demonym(&only.text)
    {
        return false;
    }
    for (idx, word) in words.iter().enumerate() {
        if matches!(word.tag, "PRP" | "WP" | "WP$" | "WDT") {
            return false;
        }
        let lower = word.text.to_lowercase();
        if CLAUSE_WORDS.contains(&lower.as_str()) && idx + 1 < words.len() {
            return false;
        }
        if is_verb(word.tag) && !is_postmodifier(&words, idx) {
            return false;
        }
    }
    segments_ok(&words)
}

/// A token with its tag; `sep` marks a comma, colon, semicolon or dash between segments.
#[derive(Debug)]
struct Word {
    text: String,
    tag: &'static str,
    sep: bool,
}

/// Tokens and tags, with handles merged ("@" + "osintbrief"), parenthesised asides and other
/// punctuation dropped, and title-case names retagged.
fn tagged_words(name: &str) -> Vec<Word> {
    let tokens = tokenize(name);
    // Tagged where origin names stand, after "according to": alone, "people familiar with the
    // matter" reads as a clause ("people familiar" as noun + verb).
    let forms: Vec<&str> = CARRIER
        .iter()
        .copied()
        .chain(tokens.iter().map(|t| t.text.as_str()))
        .collect();
    let tags = &super::tag(&forms)[CARRIER.len()..];
    let mut words: Vec<Word> = Vec::new();
    let mut depth = 0usize;
    let mut idx = 0;
    while idx < tokens.len() {
        let token = &tokens[idx];
        let text = token.text.as_str();
        idx += 1;
        match text {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            "," | ":" | ";" | "--" | "-" if words.last().is_some_and(|w| !w.sep) => {
                words.push(Word {
                    text: text.to_owned(),
                    tag: ",",
                    sep: true,
                });
            }
            "," | ":" | ";" | "--" | "-" => {}
            "@" if tokens.get(idx).is_some_and(|next| next.start == token.end) => {
                words.push(Word {
                    text: format!("@{}", tokens[idx].text),
                    tag: "NNP",
                    sep: false,
                });
                idx += 1;
            }
            // An acronym in capitals ("WHO", "AFP", "SES") names a body, whatever its letters
            // spell as a word.
            _ if text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && text
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-') =>
            {
                words.push(Word {
                    text: text.to_owned(),
                    tag: "NNP",
                    sep: false,
                });
            }
            _ if text.chars().any(char::is_alphanumeric) => words.push(Word {
                text: text.to_owned(),
                tag: tags[idx - 1],
                sep: false,
            }),
            _ => {}
        }
    }
    if words.last().is_some_and(|w| w.sep) {
        words.pop();
    }
    for segment in words.split_mut(|w| w.sep) {
        retag_title_case(segment);
    }
    words
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// In a title-case name, capitalised present-tense verbs (and participles not at the end) are
/// proper nouns.
fn retag_title_case(segment: &mut [Word]) {
    let n_capitalised = segment.iter().filter(|w| is_capitalised(&w.text)).count();
    let title_case = n_capitalised >= 2
        && segment
            .iter()
            .all(|w| is_capitalised(&w.text) || matches!(w.tag, "IN" | "TO" | "DT" | "CC" | "POS"));
    if !title_case {
        return;
    }
    let last = segment.len() - 1;
    for (idx, word) in segment.iter_mut().enumerate() {
        if !is_capitalised(&word.text) {
            continue;
        }
        let name_like = match word.tag {
            "VB" | "VBP" | "VBZ" | "VBG" | "MD" => true,
            "VBN" => idx < last,
            _ => false,
        };
        if name_like {
            word.tag = "NNP";
        }
    }
}

fn is_verb(tag: &str) -> bool {
    tag.starts_with("VB") || tag == "MD"
}

fn is_noun(tag: &str) -> bool {
    tag.starts_with("NN")
}

/// "officials **briefed** on the talks": a past participle right after a noun and right before
/// a preposition.
fn is_postmodifier(words: &[Word], idx: usize) -> bool {
    words[idx].tag == "VBN"
        && idx > 0
        && is_noun(words[idx - 1].tag)
        && words.get(idx + 1).is_some_and(|w| w.tag == "IN")
}

/// The head noun, and a noun at the end of every comma segment.
fn segments_ok(words: &[Word]) -> bool {
    let mut segments = words.split(|w| w.sep);
    let Some(first) = segments.next() else {
        return false;
    };
    let head_end = first
        .iter()
        .position(|w| matches!(w.tag, "IN" | "TO"))
        .unwrap_or(first.len());
    if !head_ok(&first[..head_end], head_end < first.len()) {
        return false;
    }
    std::iter::once(first).chain(segments).all(ends_in_noun)
}

/// The words before the first preposition: they must end in a noun, or in a noun plus one
/// postmodifier when a preposition follows ("people familiar | with the matter").
fn head_ok(chunk: &[Word], before_preposition: bool) -> bool {
    match chunk {
        [] => false,
        [.., noun, modifier]
            if before_preposition
                && matches!(modifier.tag, "JJ" | "RB" | "VBN")
                && is_noun(noun.tag) =>
        {
            true
        }
        _ => ends_in_noun(chunk),
    }
}

fn ends_in_noun(words: &[Word]) -> bool {
    match words {
        [] => false,
        [.., last] if is_noun(last.tag) => true,
        // "Channel 5", "Brigade 93".
        [.., before, last] if last.tag == "CD" => is_noun(before.tag),
        // An acronym the tagger did not know ("ZSU").
        [.., last] => {
            last.text.chars().count() >= 2
                && last
                    .text
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_numeric())
                && last.text.chars().any(char::is_uppercase)
        }
    }
}

fn is_demonym(word: &str) -> bool {
    gazetteer().lookup(word).is_some_and(|entry| {
        entry
            .demonyms
            .iter()
            .any(|demonym| demonym.eq_ignore_ascii_case(word))
    })
}

/// Latin letters: ASCII and the Latin-1 and Latin Extended blocks ("Médecins", "Łódź").
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// A name in another script: accepted unless it holds a Russian or Ukrainian pronoun.
fn foreign_name_ok(name: &str) -> bool {
    let spans = word_spans(name);
    !spans.is_empty()
        && spans.iter().all(|&(start, end)| {
            !FOREIGN_PRONOUNS.contains(name[start..end].to_lowercase().as_str())
        })
}
