//! Finding the sources a post names: a watched source in a speaker's words or its apposition, in
//! a citation ("— Kenya News Agency", "per … (KNA)"), or first in a denial; where a name stands in
//! a text; and an acronym's long form spelled out in the post.

use std::sync::LazyLock;

use super::same::{is_acronym_of, name_words, same_name};

/// The full name an acronym stands for in `text`: "Philippine Coast Guard (PCG)", or a run of
/// capitalised words whose initials spell it ("Provincial Disaster Risk Reduction and Management
/// Office" for "PDRRMO"; small words inside the run are allowed).
pub(super) fn expand_acronym(acronym: &str, text: &str) -> Option<String> {
    let acronym = acronym.trim();
    let n_letters = acronym.chars().count();
    if !(2..=8).contains(&n_letters) || !acronym.chars().all(char::is_uppercase) {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect();
    let clean = |word: &str| -> String {
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_string()
    };
    for start in 0..words.len() {
        let first = clean(words[start]);
        if !first.chars().next().is_some_and(char::is_uppercase) || first == acronym {
            continue;
        }
        let mut initials = String::new();
        let mut end = start;
        while end < words.len() && initials.len() < n_letters + 1 {
            let word = clean(words[end]);
            let Some(initial) = word.chars().next() else {
                break;
            };
            if initial.is_uppercase() && word != acronym {
                initials.push(initial);
            } else if !matches!(word.as_str(), "of" | "and" | "for" | "the" | "on" | "de") {
                break;
            }
            end += 1;
            if initials == acronym {
                let full = words[start..end]
                    .iter()
                    .map(|word| clean(word))
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(full);
            }
            // A sentence break ends the run.
            if words[end - 1].ends_with(['.', ',', ';', ':']) {
                break;
            }
        }
    }
    None
}

/// The speaker's words with the apposition that describes them in the sentence: "the regional
/// governor" followed by ", who heads the regional administration" gives both, so the governor
/// can be matched with the administration's channel.
pub(super) fn with_apposition(sentence: &str, speaker: &str) -> String {
    let Some(at) = sentence.find(speaker) else {
        return speaker.to_string();
    };
    let rest = &sentence[at + speaker.len()..];
    let Some(apposition) = rest
        .strip_prefix(", who ")
        .or_else(|| rest.strip_prefix(", which "))
        .or_else(|| rest.strip_prefix(", head of "))
        .or_else(|| rest.strip_prefix(", the head of "))
    else {
        return speaker.to_string();
    };
    let end = apposition
        .find([',', '.', ';', ':', '(', '—'])
        .unwrap_or(apposition.len());
    format!("{speaker} {}", &apposition[..end])
}

/// A source the desk watches that a speaker's words name, as whole words ("the regional governor,
/// who heads the regional administration" names the channel "Regional Administration").
pub(super) fn named_source<'a>(sentence: &str, source_names: &[&'a str]) -> Option<&'a str> {
    let sentence_words = name_words(sentence);
    let capitals: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2 && word.chars().all(char::is_uppercase))
        .collect();
    source_names.iter().copied().find(|name| {
        let words = name_words(name);
        (!words.is_empty()
            && sentence_words
                .windows(words.len())
                .any(|window| window == words.as_slice()))
            || capitals.iter().any(|acronym| is_acronym_of(acronym, name))
    })
}

/// The watched source (other than `own`) that `text` names earliest, by name or acronym.
pub(super) fn first_named_source<'a>(
    text: &str,
    source_names: &[&'a str],
    own: &str,
) -> Option<&'a str> {
    let words = TextWords::new(text);
    source_names
        .iter()
        .copied()
        .filter_map(|name| Some((words.mention_at(name)?, name)))
        .filter(|(_, name)| !same_name(name, own))
        .min_by_key(|(at, _)| *at)
        .map(|(_, name)| name)
}

/// A text split into words once, to be asked about many names (every watched source): splitting
/// and lower-casing the text again for each name dominated tracing a large story's origins.
pub(super) struct TextWords<'t> {
    /// Each word's byte offset and text.
    tokens: Vec<(usize, &'t str)>,
    lower: Vec<String>,
    /// The words a name's words are matched against (not "the", "of", …), by index.
    kept: Vec<usize>,
    /// Indexes of words that can be an acronym (2 to 6 capitals).
    capitals: Vec<usize>,
}

impl<'t> TextWords<'t> {
    pub(super) fn new(text: &'t str) -> TextWords<'t> {
        let mut tokens: Vec<(usize, &str)> = Vec::new();
        let mut start: Option<usize> = None;
        for (at, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    tokens.push((from, &text[from..at]));
                    start = None;
                }
                _ => {}
            }
        }
        let lower: Vec<String> = tokens.iter().map(|(_, word)| word.to_lowercase()).collect();
        let kept: Vec<usize> = (0..tokens.len())
            .filter(|&idx| !name_words(&lower[idx]).is_empty())
            .collect();
        let capitals: Vec<usize> = (0..tokens.len())
            .filter(|&idx| {
                let word = tokens[idx].1;
                (2..=6).contains(&word.chars().count()) && word.chars().all(char::is_uppercase)
            })
            .collect();
        TextWords {
            tokens,
            lower,
            kept,
            capitals,
        }
    }

    /// Where the text first names `name` (byte offset): the name's words in order, or its
    /// acronym.
    pub(super) fn mention_at(&self, name: &str) -> Option<usize> {
        let words = name_words(name);
        let by_words = (!words.is_empty())
            .then(|| {
                self.kept.windows(words.len()).find(|window| {
                    window
                        .iter()
                        .zip(&words)
                        .all(|(&idx, word)| self.lower[idx] == *word)
                })
            })
            .flatten()
            .map(|window| self.tokens[window[0]].0);
        // Only a word of 2 to 6 capitals can be an acronym (`is_acronym_of`).
        let by_acronym = self
            .capitals
            .iter()
            .map(|&idx| self.tokens[idx])
            .find(|(_, word)| is_acronym_of(word, name))
            .map(|(at, _)| at);
        match (by_words, by_acronym) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A watched source, other than the post's own, that the text cites: named right after a
/// citation cue ("— Kenya News Agency", "per Kenyan state media (KNA)", "citing the ministry").
/// Remembered by text, watched names and own name: a touched story asks it of every post it
/// holds, pass after pass, and the answer depends on nothing else.
pub(super) fn cited_source<'a>(text: &str, source_names: &[&'a str], own: &str) -> Option<&'a str> {
    static CITED: LazyLock<crate::memo::Memo<Option<usize>>> =
        LazyLock::new(|| crate::memo::Memo::new(200_000));
    let key = crate::memo::key_of(&(text, source_names, own));
    let found = CITED.get_or(key, || {
        let cited = read_cited_source(text, source_names, own)?;
        source_names.iter().position(|name| *name == cited)
    });
    found.and_then(|idx| source_names.get(idx).copied())
}

fn read_cited_source<'a>(text: &str, source_names: &[&'a str], own: &str) -> Option<&'a str> {
    let cues = &*CITATION_CUES;
    let words = TextWords::new(text);
    // Whether a name is the post's own is asked only of names the text mentions.
    source_names
        .iter()
        .copied()
        .filter_map(|name| {
            let at = words.mention_at(name).filter(|_| !same_name(name, own))?;
            let before: String = text
                .get(..at)
                .unwrap_or("")
                .chars()
                .rev()
                .take(40)
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect::<String>()
                .to_lowercase();
            cues.iter()
                .any(|cue| before.contains(cue.as_str()))
                .then_some((at, name))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, name)| name)
}

/// Words that introduce whom a post cites (`data/en/citation_cues.txt`).
static CITATION_CUES: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/en/citation_cues.txt")
        .lines()
        .map(|line| line.trim_end_matches(['\r']))
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.to_lowercase())
        .collect()
});
