//! The frame stage's words, read from `data/<lang>/frames.txt` (one file per language, one
//! format, described in each file's header) and merged across languages, since a story's posts
//! may be in any of them.
//!
//! Decision: the files are embedded with `include_str!` and parsed once (`LazyLock`); entries
//! borrow from the embedded text, so a section is a `&'static [&'static str]` that the extractors
//! use exactly as they used their former consts. A missing section is an empty list, and a test
//! checks that every section the code asks for exists.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The embedded lexicon files, `(language, text)`.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../../data/en/frames.txt")),
    ("ru", include_str!("../../data/ru/frames.txt")),
    ("uk", include_str!("../../data/uk/frames.txt")),
];

/// One section's entries: the phrases, and for each its value (the text after `=`, or `""`).
#[derive(Debug, Default)]
pub(super) struct Section {
    pub phrases: Vec<&'static str>,
    pub values: Vec<&'static str>,
}

impl Section {
    /// `(phrase, value)` pairs in file order.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.phrases
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }

    /// `(phrase, weight)` pairs; a value that is not a number weighs 1.
    pub fn weighted(&self) -> impl Iterator<Item = (&'static str, f32)> + '_ {
        self.pairs()
            .map(|(phrase, value)| (phrase, value.parse().unwrap_or(1.0)))
    }
}

/// A problem in a lexicon file: `(language, line number, what is wrong)`.
pub(super) type LexiconProblem = (&'static str, usize, String);

struct Lexicon {
    sections: HashMap<&'static str, Section>,
    #[cfg_attr(not(test), allow(dead_code))]
    problems: Vec<LexiconProblem>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut sections: HashMap<&'static str, Section> = HashMap::new();
    let mut problems = Vec::new();
    for &(lang, text) in FILES {
        let mut current: Option<&'static str> = None;
        for (line_idx, line) in text.lines().enumerate() {
            let line = line.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(name.trim());
                continue;
            }
            let Some(section) = current else {
                problems.push((lang, line_idx + 1, "entry before any section".to_string()));
                continue;
            };
            let (phrase, value) = match line.split_once(" = ") {
                Some((phrase, value)) => (phrase.trim(), value.trim()),
                None => (line, ""),
            };
            if phrase.is_empty() || phrase.chars().any(char::is_uppercase) {
                problems.push((
                    lang,
                    line_idx + 1,
                    format!("phrase {phrase:?} must be non-empty lowercase"),
                ));
                continue;
            }
            let entry = sections.entry(section).or_default();
            entry.phrases.push(phrase);
            entry.values.push(value);
        }
    }
    Lexicon { sections, problems }
});

static EMPTY: Section = Section {
    phrases: Vec::new(),
    values: Vec::new(),
};

/// The section `name` of every language, merged (English first, then Russian, Ukrainian).
pub(super) fn section(name: &str) -> &'static Section {
    LEXICON.sections.get(name).unwrap_or(&EMPTY)
}

/// The phrases of section `name`: a word list for the extractors.
pub(super) fn words(name: &str) -> &'static [&'static str] {
    &section(name).phrases
}

/// Whether the files define section `name` (in any language).
#[cfg(test)]
pub(super) fn has_section(name: &str) -> bool {
    LEXICON.sections.contains_key(name)
}

/// Lines the loader could not read.
#[cfg(test)]
pub(super) fn problems() -> &'static [LexiconProblem] {
    &LEXICON.problems
}
