//! Translations: a post in one language that carries another post's report in another language
//! ("the regional emergency service said on Telegram …" under a Ukrainian original).
//!
//! Decision: no machine translation and no bilingual dictionary. A translation keeps what does not
//! depend on the language: the entities it names (canonical names meet across scripts through the
//! gazetteer's aliases and transliterations), the numbers it gives (digits, or number words in
//! English, Russian and Ukrainian) and the clock times. Two posts in different languages, close in
//! time, that share a specific entity (not only a country) and a number, and most of whose
//! language-independent facts are shared, are one report. Two different floods in one country
//! share the country and perhaps a number, but not the town and the figures together.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

/// How close in time a translation follows its original.
pub const TRANSLATION_WINDOW_HOURS: i64 = 24;

/// The share of the smaller signature the two posts must have in common.
const MIN_OVERLAP: f32 = 0.5;

/// What a post says that does not depend on its language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// Canonical names of towns, people and organisations (not countries or regions: many events
    /// share them).
    pub specific: HashSet<String>,
    /// Canonical names of countries and regions.
    pub countries: HashSet<String>,
    /// Numbers as written in digits or number words ("12", "twelve", "дванадцять" → "12"), and
    /// clock times ("14:30").
    pub numbers: HashSet<String>,
}

impl Signature {
    /// Builds a signature from a post's text and its entities (canonical name, is it a country).
    /// Names are kept as their words in Latin letters, so "Чорна Тиса" meets "Chorna Tysa" and
    /// "Богдан Рахівського" meets "Bohdan" even when the gazetteer knows neither.
    pub fn new<'a>(text: &str, entities: impl IntoIterator<Item = (&'a str, bool)>) -> Signature {
        let mut signature = Signature::default();
        for (name, is_country) in entities {
            let target = if is_country {
                &mut signature.countries
            } else {
                &mut signature.specific
            };
            target.extend(name_words(name));
        }
        signature.numbers = numbers(text);
        signature
    }

    fn len(&self) -> usize {
        self.specific.len() + self.countries.len() + self.numbers.len()
    }

    /// How strongly `other` looks like the same report: `None` unless they share a specific
    /// entity and a number; else the share of the smaller signature they have in common.
    pub fn overlap(&self, other: &Signature) -> Option<f32> {
        let specific = self.specific.intersection(&other.specific).count();
        let numbers = self.numbers.intersection(&other.numbers).count();
        if specific == 0 || numbers == 0 {
            return None;
        }
        let countries = self.countries.intersection(&other.countries).count();
        let shared = specific + numbers + countries;
        let smaller = self.len().min(other.len()).max(1);
        Some(shared as f32 / smaller as f32)
    }
}

/// A candidate original for a translation.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub language: Option<&'a str>,
    pub time: DateTime<Utc>,
    pub signature: &'a Signature,
}

/// The earlier post (index into `earlier`) that `post` translates, with its overlap, if any:
/// another language, within [`TRANSLATION_WINDOW_HOURS`] before it, the best overlap at or above
/// [`MIN_OVERLAP`]. Posts without a detected language never pair.
pub fn translation_of(post: &Candidate<'_>, earlier: &[Candidate<'_>]) -> Option<(usize, f32)> {
    let language = post.language?;
    let mut best: Option<(usize, f32)> = None;
    for (idx, candidate) in earlier.iter().enumerate() {
        let Some(other_language) = candidate.language else {
            continue;
        };
        if other_language == language {
            continue;
        }
        let hours = (post.time - candidate.time).num_minutes() as f64 / 60.0;
        if !(0.0..=TRANSLATION_WINDOW_HOURS as f64).contains(&hours) {
            continue;
        }
        let Some(overlap) = post.signature.overlap(candidate.signature) else {
            continue;
        };
        if overlap >= MIN_OVERLAP && best.is_none_or(|(_, best_overlap)| overlap > best_overlap) {
            best = Some((idx, overlap));
        }
    }
    best
}

/// A name's words in Latin letters, lowercase, short words (articles, "of") left out.
fn name_words(name: &str) -> Vec<String> {
    crate::translit::to_latin(name)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3 && !matches!(*word, "the" | "and"))
        .map(str::to_string)
        .collect()
}

/// The numbers a text gives: digit runs (thousands separators joined), clock times, and number
/// words (English, Russian, Ukrainian) as digits. Years and other four-digit runs count too: a
/// translation keeps them.
pub fn numbers(text: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut idx = 0;
    while idx < chars.len() {
        if chars[idx].is_ascii_digit() {
            let mut digits = String::new();
            while idx < chars.len() {
                let c = chars[idx];
                let joins_group = matches!(c, ',' | ' ' | '\u{202f}' | '\u{a0}')
                    && !digits.is_empty()
                    && chars.get(idx + 1).is_some_and(char::is_ascii_digit)
                    && (idx + 4 >= chars.len() || !chars[idx + 4].is_ascii_digit())
                    && chars
                        .get(idx + 1..idx + 4)
                        .is_some_and(|group| group.iter().all(char::is_ascii_digit));
                if c.is_ascii_digit() {
                    digits.push(c);
                } else if c == ':'
                    && chars.get(idx + 1).is_some_and(char::is_ascii_digit)
                    && chars.get(idx + 2).is_some_and(char::is_ascii_digit)
                {
                    digits.push(':');
                } else if !joins_group {
                    break;
                }
                idx += 1;
            }
            let digits = digits.trim_start_matches('0');
            if !digits.is_empty() {
                found.insert(digits.to_string());
            }
        } else {
            idx += 1;
        }
    }
    for word in text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .filter(|word| !word.is_empty())
    {
        let lower = word.to_lowercase().replace(['\'', '’'], "");
        if let Some(value) = crate::ledger::number_word(&lower)
            && value > 1
        {
            found.insert(value.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sig(text: &str, specific: &[&str], countries: &[&str]) -> Signature {
        Signature::new(
            text,
            specific
                .iter()
                .map(|name| (*name, false))
                .chain(countries.iter().map(|name| (*name, true))),
        )
    }

    #[test]
    fn numbers_in_digits_words_and_times() {
        let found = numbers("At 14:30 some 1,200 people, twelve of them children; дванадцять");
        assert!(found.contains("14:30"));
        assert!(found.contains("1200"));
        assert!(found.contains("12"));
        assert!(!found.contains("1"));
    }

    #[test]
    fn a_translation_pairs_with_its_original_not_with_another_flood() {
        let at = |hour| Utc.with_ymd_and_hms(2026, 9, 3, hour, 0, 0).unwrap();
        let original = sig(
            "У Калуші через зливу підтоплено 37 будинків, евакуйовано 112 людей",
            &["Kalush", "Ivano-Frankivsk Oblast"],
            &["Ukraine"],
        );
        let other_flood = sig(
            "Floods in Uzhhorod: 40 homes under water, 112 residents moved",
            &["Uzhhorod"],
            &["Ukraine"],
        );
        let translation = sig(
            "Kalush: 37 houses flooded after a downpour, 112 people evacuated",
            &["Kalush"],
            &["Ukraine"],
        );
        let earlier = [
            Candidate {
                language: Some("uk"),
                time: at(6),
                signature: &original,
            },
            Candidate {
                language: Some("en"),
                time: at(7),
                signature: &other_flood,
            },
        ];
        let post = Candidate {
            language: Some("en"),
            time: at(8),
            signature: &translation,
        };
        assert_eq!(translation_of(&post, &earlier).map(|(idx, _)| idx), Some(0));
    }

    #[test]
    fn same_language_or_too_late_never_pairs() {
        let at = |day, hour| Utc.with_ymd_and_hms(2026, 9, day, hour, 0, 0).unwrap();
        let a = sig("Kalush 37", &["Kalush"], &[]);
        let earlier = [Candidate {
            language: Some("uk"),
            time: at(1, 6),
            signature: &a,
        }];
        let same_language = Candidate {
            language: Some("uk"),
            time: at(1, 7),
            signature: &a,
        };
        assert_eq!(translation_of(&same_language, &earlier), None);
        let late = Candidate {
            language: Some("en"),
            time: at(3, 7),
            signature: &a,
        };
        assert_eq!(translation_of(&late, &earlier), None);
    }

    #[test]
    fn sharing_only_a_country_and_a_number_is_not_a_translation() {
        let a = sig("Ukraine 2026 5", &[], &["Ukraine"]);
        let b = sig("Ukraine 2026 5", &[], &["Ukraine"]);
        assert_eq!(a.overlap(&b), None);
    }
}
