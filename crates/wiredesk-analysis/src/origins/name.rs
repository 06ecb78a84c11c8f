//! Reading a speaker's words as an origin's name. An origin is a named source (an organisation,
//! an office with a role, a person, an outlet, a channel), never a pronoun, a determiner, a
//! language or a clause.
//!
//! Decision: a general check, not a list of bad names. Pronouns are resolved by person (the
//! closed-class table in `data/pronouns/person.txt`): a first-person speaker is the owner of the
//! channel or feed that published the post, a third-person one is whoever the post named before.
//! Anything else must be a noun phrase by the part-of-speech tagger ([`crate::pos`], trained on
//! CoNLL-2003): a relative or complement clause is cut off first ("the organisation that he is
//! being questioned …" → "organisation"), and what remains is refused unless it is a noun phrase
//! of at most eight words.

use std::collections::HashMap;
use std::sync::LazyLock;

/// How a speaker's words read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerName {
    /// A name the brief can cite.
    Name(String),
    /// "we", "our channel", "мы": the owner of the source that published the post.
    Owner,
    /// "he", "they", "the organisation": someone the post named before.
    Antecedent,
    /// Not a name: a determiner alone, an adjective, a clause.
    Refused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Person {
    First,
    Third,
}

static PERSONS: LazyLock<HashMap<String, Person>> = LazyLock::new(|| {
    include_str!("../../data/pronouns/person.txt")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (person, word) = line.split_once('\t')?;
            let person = match person {
                "first" => Person::First,
                "third" => Person::Third,
                _ => return None,
            };
            Some((word.trim().to_lowercase(), person))
        })
        .collect()
});

/// Words that open a relative or complement clause inside a speaker span.
const CLAUSE_OPENERS: &[&str] = &[
    "that",
    "who",
    "which",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "because",
    "что",
    "который",
    "которая",
    "которые",
    "що",
    "який",
    "яка",
    "які",
];

/// The longest an origin's name may be, in words.
pub const MAX_NAME_WORDS: usize = 8;

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn person_of(word: &str) -> Option<Person> {
    let lower = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    PERSONS.get(&lower).copied()
}

/// Reads a speaker span (articles and punctuation already off, see `clean_speaker`).
pub fn read_speaker(text: &str) -> SpeakerName {
    let text = text.trim();
    let all = words(text);
    if all.is_empty() {
        return SpeakerName::Refused;
    }
    // "we", "our press service", "he": the pronoun decides.
    if let Some(person) = person_of(all[0]) {
        return match person {
            Person::First => SpeakerName::Owner,
            Person::Third => SpeakerName::Antecedent,
        };
    }
    // Cut a clause: "organisation that he is being questioned …" → "organisation".
    let cut = all
        .iter()
        .position(|word| {
            let lower = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            CLAUSE_OPENERS.contains(&lower.as_str())
        })
        .unwrap_or(all.len());
    let kept = &all[..cut];
    if kept.is_empty() {
        return SpeakerName::Refused;
    }
    let name = kept
        .join(" ")
        .trim_end_matches(|c: char| c.is_ascii_punctuation())
        .trim()
        .to_string();
    if name.is_empty() || kept.len() > MAX_NAME_WORDS || kept.iter().any(|w| person_of(w).is_some())
    {
        return SpeakerName::Refused;
    }
    if !is_name(&name) {
        return SpeakerName::Refused;
    }
    // A bare common noun left by the cut ("organisation", "ministry") points back to a body the
    // post named before.
    if cut < all.len() && kept.len() == 1 && kept[0].chars().next().is_some_and(char::is_lowercase)
    {
        return SpeakerName::Antecedent;
    }
    SpeakerName::Name(name)
}

/// Whether `name` can stand as an origin's name: a noun phrase of at most eight words with no
/// pronoun. Handles, URLs of channels and names in other scripts than Latin are names when they
/// hold no pronoun.
pub fn is_name(name: &str) -> bool {
    let all = words(name);
    if all.is_empty() || all.len() > MAX_NAME_WORDS {
        return false;
    }
    if all.iter().any(|word| person_of(word).is_some()) {
        return false;
    }
    if name.starts_with('@') {
        return true;
    }
    crate::pos::is_noun_phrase(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: SpeakerName) {
        assert_eq!(read_speaker(text), expect, "{text:?}");
    }

    fn name(text: &str) -> SpeakerName {
        SpeakerName::Name(text.to_string())
    }

    #[test]
    fn pronouns_resolve_by_person() {
        check("We", SpeakerName::Owner);
        check("our press service", SpeakerName::Owner);
        check("мы", SpeakerName::Owner);
        check("he", SpeakerName::Antecedent);
        check("Вони", SpeakerName::Antecedent);
    }

    #[test]
    fn determiners_languages_and_clauses_are_refused() {
        check("The", SpeakerName::Refused);
        check("Russian-language", SpeakerName::Refused);
        check(
            "organisation that he is being questioned at the city police department",
            SpeakerName::Antecedent,
        );
        check(
            "one two three four five six seven eight nine words long",
            SpeakerName::Refused,
        );
    }

    #[test]
    fn names_pass() {
        check("AFP", name("AFP"));
        check("regional administration", name("regional administration"));
        check(
            "Committee to Protect Journalists",
            name("Committee to Protect Journalists"),
        );
        check("Lindiwe Mokoena", name("Lindiwe Mokoena"));
        check("diplomatic source", name("diplomatic source"));
        check("@harbourwatch", name("@harbourwatch"));
    }
}
