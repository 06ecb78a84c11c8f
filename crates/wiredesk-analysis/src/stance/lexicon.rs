//! The stance classifier's word lists, read from `data/<lang>/*.txt` (language knowledge is data):
//! single words compared by stem (refuting, hedging) or lowercase form (negation), and phrases with
//! a tiny pattern syntax for the rule layer (`word*` prefix, `...` gap of up to three words, `,` a
//! comma between words).

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::normalize::{fold, word_spans};

/// The words of a sentence as the phrase matcher sees them: lowercase forms, with a `","` item
/// where a comma separates two words, each with the byte range it covers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    pub items: Vec<String>,
    pub spans: Vec<(usize, usize)>,
}

impl Words {
    pub fn read(text: &str) -> Words {
        let mut words = Words::default();
        let mut prev_end = None;
        for (start, end) in word_spans(text) {
            if let Some(prev_end) = prev_end
                && text[prev_end..start].contains([',', ';', '—', '–'])
            {
                words.items.push(",".to_owned());
                words.spans.push((prev_end, start));
            }
            words.items.push(fold(&text[start..end]));
            words.spans.push((start, end));
            prev_end = Some(end);
        }
        words
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Word(String),
    Prefix(String),
    Gap,
}

/// The longest run of arbitrary words a `...` stands for.
const MAX_GAP: usize = 3;

/// One phrase of a list, as written in the file, and its elements.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub text: String,
    elements: Vec<Element>,
}

impl Phrase {
    pub(crate) fn parse(line: &str) -> Option<Phrase> {
        let mut elements = Vec::new();
        // A comma glued to a word ("depot,") stands apart as its own element.
        let spaced = line.replace(',', " , ");
        for part in spaced.split_whitespace() {
            let element = if part == "..." {
                Element::Gap
            } else if part == "," {
                Element::Word(",".to_owned())
            } else if let Some(prefix) = part.strip_suffix('*') {
                Element::Prefix(fold(prefix))
            } else {
                Element::Word(fold(part))
            };
            elements.push(element);
        }
        if elements.iter().all(|e| *e == Element::Gap) {
            return None;
        }
        Some(Phrase {
            text: line.to_owned(),
            elements,
        })
    }

    /// The first match in `words`: the range of word indices it covers.
    pub fn find(&self, words: &[String]) -> Option<(usize, usize)> {
        (0..words.len())
            .find_map(|start| match_from(&self.elements, words, start).map(|end| (start, end)))
    }
}

fn match_from(elements: &[Element], words: &[String], at: usize) -> Option<usize> {
    let Some((first, rest)) = elements.split_first() else {
        return Some(at);
    };
    match first {
        Element::Gap => (0..=MAX_GAP)
            .take_while(|skip| at + skip <= words.len())
            .find_map(|skip| match_from(rest, words, at + skip)),
        Element::Word(word) => {
            (words.get(at)? == word).then_some(())?;
            match_from(rest, words, at + 1)
        }
        Element::Prefix(prefix) => {
            words.get(at)?.starts_with(prefix.as_str()).then_some(())?;
            match_from(rest, words, at + 1)
        }
    }
}

/// A phrase list with the lines that could not be read.
pub(crate) fn parse_phrases(text: &str) -> Vec<Phrase> {
    list_lines(text).filter_map(Phrase::parse).collect()
}

fn list_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
}

/// All the lists the classifier reads.
pub(crate) struct Lexicon {
    /// English stems of refuting words.
    pub refute: HashSet<String>,
    /// English stems of hedging words.
    pub hedge: HashSet<String>,
    /// English negators, lowercase.
    pub negation: HashSet<String>,
    pub denial_en: Vec<Phrase>,
    pub denial_ru: Vec<Phrase>,
    pub denial_uk: Vec<Phrase>,
    pub hedge_ru: Vec<Phrase>,
    pub hedge_uk: Vec<Phrase>,
}

fn stems(text: &str) -> HashSet<String> {
    let stemmer = Stemmer::create(Algorithm::English);
    list_lines(text)
        .map(|word| stemmer.stem(&fold(word)).into_owned())
        .collect()
}

impl Lexicon {
    fn load() -> Lexicon {
        Lexicon {
            refute: stems(include_str!("../../data/en/refute.txt")),
            hedge: stems(include_str!("../../data/en/hedge.txt")),
            negation: list_lines(include_str!("../../data/en/negation.txt"))
                .map(fold)
                .collect(),
            denial_en: parse_phrases(include_str!("../../data/en/denial.txt")),
            denial_ru: parse_phrases(include_str!("../../data/ru/denial.txt")),
            denial_uk: parse_phrases(include_str!("../../data/uk/denial.txt")),
            hedge_ru: parse_phrases(include_str!("../../data/ru/hedge.txt")),
            hedge_uk: parse_phrases(include_str!("../../data/uk/hedge.txt")),
        }
    }

    pub fn is_negation(&self, lower: &str) -> bool {
        self.negation.contains(lower) || lower.ends_with("n't")
    }
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// The first phrase of `phrases` found in `words`, with the word range it covers.
pub(crate) fn first_match<'a>(
    phrases: &'a [Phrase],
    words: &[String],
) -> Option<(&'a Phrase, (usize, usize))> {
    phrases
        .iter()
        .find_map(|phrase| phrase.find(words).map(|range| (phrase, range)))
}
