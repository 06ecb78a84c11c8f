//! Writing faults no wire editor lets through, found in a composed sentence: an internal slot
//! name, a determiner or pronoun standing where a name should be, a name from the evidence with
//! its first word lower-cased, a headline's title case bent after "that", a capitalised number
//! word inside a sentence, a sentence ending on a preposition or an article, "between" with one
//! party, a doubled word.
//!
//! This is a reader's check over the finished text, not a generator: the composer's realiser
//! should never produce these, and the test over every scenario's briefs asserts that it does
//! not. The same function can be run on any brief (`faults`), so a fault found on a real feed is
//! named, not guessed.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Words that start a sentence or a clause and so are capitalised without being part of a name:
/// stripped from the front of a capitalised run before it counts as a multi-word name.
const CLAUSE_OPENERS: &[&str] = &[
    "a", "an", "the", "in", "on", "at", "for", "from", "by", "with", "and", "but", "or", "if",
    "as", "to", "of", "this", "that", "these", "those", "it", "we", "he", "she", "they", "his",
    "her", "its", "our", "their", "after", "before", "when", "while", "since", "why", "what",
    "how", "who", "where", "breaking", "update", "urgent", "video", "photo", "watch", "live",
];

/// Number words: written in lower case inside a sentence.
const NUMBER_WORDS: &[&str] = &[
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
    "Twenty",
    "Thirty",
    "Forty",
    "Fifty",
    "Sixty",
    "Seventy",
    "Eighty",
    "Ninety",
    "Hundred",
    "Hundreds",
    "Thousand",
    "Thousands",
    "Dozen",
    "Dozens",
    "Million",
    "Millions",
];

/// The multi-word names of `texts`: runs of two or more capitalised words, without the clause
/// openers a sentence start capitalises, each as its words.
pub fn evidence_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> EvidenceNames {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[\p{L}][\p{L}\p{M}'’-]*").expect("word pattern"));
    let mut names = HashSet::new();
    let mut lowercase_words = HashSet::new();
    for text in texts {
        let mut run: Vec<&str> = Vec::new();
        let mut last_end = 0;
        let flush = |run: &mut Vec<&str>, names: &mut HashSet<Vec<String>>| {
            let start = run
                .iter()
                .position(|word| !CLAUSE_OPENERS.contains(&word.to_lowercase().as_str()))
                .unwrap_or(run.len());
            if run.len() - start >= 2 {
                names.insert(run[start..].iter().map(|word| word.to_string()).collect());
            }
            run.clear();
        };
        for found in WORD.find_iter(text) {
            let word = found.as_str();
            // A run is words separated by spaces only: punctuation ends it.
            if !text[last_end..found.start()].chars().all(|c| c == ' ') {
                flush(&mut run, &mut names);
            }
            last_end = found.end();
            let first = word.chars().next().unwrap_or(' ');
            if first.is_uppercase() {
                run.push(word);
            } else {
                if first.is_lowercase() {
                    lowercase_words.insert(word.to_string());
                }
                flush(&mut run, &mut names);
            }
        }
        flush(&mut run, &mut names);
    }
    EvidenceNames {
        names,
        lowercase_words,
    }
}

/// What [`evidence_names`] found: the names, and every word the evidence writes in lower case
/// (a word the evidence also uses lower-cased, "northern", may open a name in lower case).
#[derive(Debug, Default, Clone)]
pub struct EvidenceNames {
    names: HashSet<Vec<String>>,
    lowercase_words: HashSet<String>,
}

/// The writing faults of one composed sentence (a headline, a standfirst or a body sentence),
/// each in a line that quotes the offending words.
pub fn faults(text: &str, evidence: &EvidenceNames) -> Vec<String> {
    static SLOT_NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b[a-z]+(?:_[a-z]+)+\b").expect("slot pattern"));
    static LABEL_AS_NOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:[Tt]he|[Aa]n?) [a-z]+(?:ed|en) by\b").expect("label pattern")
    });
    static DETERMINER_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:^|[.;:,(]\s+|\band\s+)(?:The|A|An|Its|Their|Our|His|Her|These|Those|the|a|an|its|their|our) (?:has|have|had|is|was|were|are|also|says|said|denies|publishes|confirms|writes|wrote|adds|added|did|does|not)\b",
        )
        .expect("determiner pattern")
    });
    static PRONOUN_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\b(?:We|They|I|You) (?:reports|says|has|is|was|denies|confirms|publishes|writes|claims|cites|adds|does)\b",
        )
        .expect("pronoun pattern")
    });
    static PRONOUN_AS_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\b(?:by|to|from|per|cites|citing|quoting) (?:The|A|An|We|They|It|He|She|I|You|the|a|an)(?:[,.;:)]|$)",
        )
        .expect("pronoun-as-name pattern")
    });
    static TITLE_CASE_AFTER_THAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\bthat [a-z][\p{L}'’-]* (?:Is|Are|Was|Were|Be|The|Their|His|Her|Its|Of|To|In|For|And|With|On|At|By|From|A|An|As|Into|Over|After|Not|Has|Have)\b",
        )
        .expect("title-case pattern")
    });
    static KICKER_AFTER_THAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bthat (?:\p{Lu}[\p{L}'’-]*\s?){1,3}: \p{Lu}").expect("kicker pattern")
    });
    static CAPITAL_AFTER_THAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bthat (?:The|A|An|In|On|At|For|From|By|With|Of|To|This|These|Its|Their) ")
            .expect("capital-after-that pattern")
    });
    static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bbetween\s+((?:[^.;!?()]|\.\S)*?)(?:[.;!?()]|, |: |$)")
            .expect("between pattern")
    });
    static FINAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([\p{L}]+)[.!?…]*[»”\x22')\]]*[.!?…]+(?:\s|$)").expect("final-word pattern")
    });
    static WORD_PAIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[\p{L}]+").expect("word pattern"));

    let mut found = Vec::new();
    // A channel handle ("@osint_ledger") or a link is a name, not a slot.
    let outside_handles = |start: usize| {
        let before = &text[..start];
        let word_start = before
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |idx| idx + 1);
        !before[word_start..].contains(['@', '/', '.'])
    };
    for hit in SLOT_NAME
        .find_iter(text)
        .filter(|hit| outside_handles(hit.start()))
    {
        found.push(format!("internal slot name {:?}", hit.as_str()));
    }
    for hit in LABEL_AS_NOUN.find_iter(text) {
        found.push(format!("slot label as a noun {:?}", hit.as_str()));
    }
    for hit in DETERMINER_SUBJECT.find_iter(text) {
        found.push(format!(
            "determiner in the place of a name {:?}",
            hit.as_str().trim()
        ));
    }
    for hit in PRONOUN_SUBJECT.find_iter(text) {
        found.push(format!("pronoun in the place of a name {:?}", hit.as_str()));
    }
    for hit in PRONOUN_AS_NAME.find_iter(text) {
        found.push(format!("pronoun or article as a name {:?}", hit.as_str()));
    }
    for hit in TITLE_CASE_AFTER_THAT.find_iter(text) {
        found.push(format!(
            "a title-case headline bent after \"that\" {:?}",
            hit.as_str()
        ));
    }
    for hit in KICKER_AFTER_THAT.find_iter(text) {
        found.push(format!(
            "a headline's kicker glued after \"that\" {:?}",
            hit.as_str()
        ));
    }
    for hit in CAPITAL_AFTER_THAT.find_iter(text) {
        found.push(format!("a capital kept after \"that\" {:?}", hit.as_str()));
    }
    for caps in BETWEEN.captures_iter(text) {
        let parties = caps.get(1).map_or("", |m| m.as_str());
        if !parties.contains(" and ") && !parties.contains('&') {
            found.push(format!("\"between\" with one party {:?}", caps[0].trim()));
        }
    }
    for caps in FINAL_WORD.captures_iter(text) {
        let word = caps.get(1).map_or("", |m| m.as_str());
        if crate::text::NO_FINAL_WORDS.contains(&word.to_lowercase().as_str()) {
            found.push(format!("sentence ends on {word:?}"));
        }
    }
    let words: Vec<regex::Match<'_>> = WORD_PAIR.find_iter(text).collect();
    for pair in words.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let between = &text[a.end()..b.start()];
        if between.trim().is_empty()
            && a.as_str().chars().count() > 1
            && a.as_str().to_lowercase() == b.as_str().to_lowercase()
        {
            found.push(format!("doubled word {:?}", &text[a.start()..b.end()]));
        }
    }
    for (idx, word) in words.iter().enumerate() {
        if !NUMBER_WORDS.contains(&word.as_str()) || idx == 0 {
            continue;
        }
        let before = text[..word.start()].trim_end();
        let after_break = before.ends_with(['.', '!', '?', ':', '"', '“', '«', '(', '—', '-']);
        let previous = words[idx - 1].as_str();
        let previous_is_name = previous.chars().next().is_some_and(char::is_uppercase)
            && text[words[idx - 1].end()..word.start()].trim().is_empty();
        let next_is_name = words.get(idx + 1).is_some_and(|next| {
            next.as_str().chars().next().is_some_and(char::is_uppercase)
                && text[word.end()..next.start()].trim().is_empty()
        });
        if !after_break && !previous_is_name && !next_is_name {
            found.push(format!("capitalised number word {:?}", word.as_str()));
        }
    }
    for name in &evidence.names {
        let first = &name[0];
        let lowered = first.to_lowercase();
        if lowered == *first || evidence.lowercase_words.contains(&lowered) {
            continue;
        }
        for (idx, word) in words.iter().enumerate() {
            if word.as_str() != lowered || idx + name.len() > words.len() {
                continue;
            }
            let rest_matches = name[1..]
                .iter()
                .zip(&words[idx + 1..])
                .all(|(expected, got)| expected == got.as_str());
            if rest_matches {
                found.push(format!(
                    "name with its first word lower-cased {:?} (evidence: {:?})",
                    &text[word.start()..words[idx + name.len() - 1].end()],
                    name.join(" ")
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults_of(text: &str) -> Vec<String> {
        let evidence = evidence_names([
            "The United States and Iran are holding talks, Werner Herzog said.",
            "Seaweed Is Their Way of Life",
            "In northern Ukraine, Northern Command said",
        ]);
        faults(text, &evidence)
    }

    #[test]
    fn the_issue_examples_are_faults() {
        for bad in [
            "Officials said that united States and Iran are holding talks.",
            "A ceasefire between Sudan has been announced.",
            "The imposed by, United States and Treasury Department, is reported only by Reuters.",
            "The arrested by, Kazakhstan, is reported only by Interfax.",
            "The death toll, Five, is reported only by Reuters.",
            "Strikes on commercial shipping in.",
            "The outlet reported that seaweed Is Their Way of Life.",
            "The film is by werner Herzog.",
            "The also reports a strike.",
            "The has not published its own report.",
            "We reports that talks began.",
            "It was first reported by We.",
            "Slot claimed_by is unknown.",
            "Talks resumed in in Doha.",
            "The Council reported at 10:30 UTC that Belarus: Council sanctions three companies.",
            "The police said that The Sidama Region Police Commission has detained her.",
            "Air defences destroyed 38 drones across.",
            "Servicemen received awards for courage displayed while.",
        ] {
            assert!(!faults_of(bad).is_empty(), "no fault found in {bad:?}");
        }
    }

    #[test]
    fn wire_copy_is_not_a_fault() {
        for good in [
            "The United States and Iran are holding talks in Oslo, Reuters reported at 08:38 UTC.",
            "A ceasefire between Sudan and South Sudan has been announced.",
            "Talks between 08:00 and 09:30 UTC were reported by the foreign ministry.",
            "Five people were killed, the regional administration said.",
            "Channel One reported the strike.",
            "Fighting in northern Ukraine continued.",
            "The outlet ran the headline \"Seaweed Is Their Way of Life\".",
            "This has not been confirmed.",
            "Who imposed them is reported only by Reuters.",
            "The ship attacked near Hodeidah was a bulk carrier.",
        ] {
            assert_eq!(faults_of(good), Vec::<String>::new(), "{good:?}");
        }
    }
}
