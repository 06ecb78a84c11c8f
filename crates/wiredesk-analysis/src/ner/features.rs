//! The entity tagger's features, after Ratinov & Roth (2009): the word and its neighbours, affixes,
//! shapes, sentence position, an all-caps-sentence flag (CoNLL headlines), gazetteer matches, and
//! document features. The first pass sees what the document itself says about a word (is it
//! written in lowercase elsewhere, or capitalized in mid-sentence); the second pass adds the first
//! pass's labels: its own and its neighbours', and the types the same word received elsewhere in
//! the document and earlier in it (the "extended prediction history" and context aggregation).
//!
//! Every feature is a short list of string pieces handed to one callback, so training (which
//! interns them) and tagging (which hashes and looks them up) share this one definition.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::lexicon::{DocEntities, Hit, Lexicon, project_lexicon};
use super::model::{LABEL_NAMES, split_label};

/// Map tokenizer output to CoNLL's forms: PTB and curly quotes to `"`, dashes to `-`.
pub fn norm_token(token: &str) -> Cow<'_, str> {
    match token {
        "``" | "''" | "“" | "”" | "«" | "»" | "„" => Cow::Borrowed("\""),
        "`" | "‘" | "’" => Cow::Borrowed("'"),
        "--" | "—" | "–" | "―" => Cow::Borrowed("-"),
        "-LRB-" => Cow::Borrowed("("),
        "-RRB-" => Cow::Borrowed(")"),
        _ if token.contains('’') => Cow::Owned(token.replace('’', "'")),
        _ => Cow::Borrowed(token),
    }
}

fn shape(word: &str, collapse: bool) -> String {
    let mut out = String::new();
    let mut n_chars = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if collapse && out.ends_with(k) {
            continue;
        }
        out.push(k);
        n_chars += 1;
        if n_chars >= 8 {
            break;
        }
    }
    out
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// One sentence, precomputed.
pub struct Sentence {
    words: Vec<String>,
    lower: Vec<String>,
    shapes: Vec<String>,
    short: Vec<String>,
    all_caps: bool,
    lexicon_hits: Vec<Vec<Hit>>,
    project_hits: Vec<Vec<Hit>>,
}

impl Sentence {
    fn new<S: AsRef<str>>(tokens: &[S], lexicon: &Lexicon, exclude: Option<&DocEntities>) -> Self {
        let words: Vec<String> = tokens
            .iter()
            .map(|t| norm_token(t.as_ref()).into_owned())
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let shapes = words.iter().map(|w| shape(w, false)).collect();
        let short = words.iter().map(|w| shape(w, true)).collect();
        let n_letters: usize = words
            .iter()
            .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
            .sum();
        let all_caps = n_letters >= 3 && !words.iter().any(|w| w.chars().any(char::is_lowercase));
        let mut lexicon_hits = vec![Vec::new(); words.len()];
        lexicon.scan(&lower, exclude, &mut lexicon_hits);
        let mut project_hits = vec![Vec::new(); words.len()];
        project_lexicon().scan(&lower, None, &mut project_hits);
        Sentence {
            words,
            lower,
            shapes,
            short,
            all_caps,
            lexicon_hits,
            project_hits,
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// A document, precomputed: its sentences and what it says about its words.
pub struct Document {
    pub sentences: Vec<Sentence>,
    /// Words written with a lowercase first letter somewhere in the document.
    lowercase_forms: HashSet<String>,
    /// Lowercased words written capitalized inside a mixed-case sentence, not first.
    capitalized_inside: HashSet<String>,
}

impl Document {
    pub fn new<S: AsRef<str>>(
        sentences: &[Vec<S>],
        lexicon: &Lexicon,
        exclude: Option<&DocEntities>,
    ) -> Document {
        let sentences: Vec<Sentence> = sentences
            .iter()
            .map(|tokens| Sentence::new(tokens, lexicon, exclude))
            .collect();
        let mut lowercase_forms = HashSet::new();
        let mut capitalized_inside = HashSet::new();
        for sentence in &sentences {
            for (idx, word) in sentence.words.iter().enumerate() {
                if word.chars().next().is_some_and(char::is_lowercase) {
                    lowercase_forms.insert(word.clone());
                } else if idx > 0 && !sentence.all_caps && starts_upper(word) {
                    capitalized_inside.insert(sentence.lower[idx].clone());
                }
            }
        }
        Document {
            sentences,
            lowercase_forms,
            capitalized_inside,
        }
    }
}

/// Type names of the aggregate features: index 0 is "no entity".
const TYPE_OR_O: [&str; 5] = ["O", "PER", "LOC", "ORG", "MISC"];

/// What the first pass said about each token's word across the document.
#[derive(Debug, Clone, Copy, Default)]
struct Aggregate {
    /// Labels (as `TYPE_OR_O` indices) of the other capitalized occurrences of the word.
    elsewhere: [u16; 5],
    /// The same, before this token only.
    earlier: [u16; 5],
}

/// The first pass's labels and their document aggregates, the second pass's extra input.
pub struct FirstPass {
    labels: Vec<Vec<usize>>,
    aggregates: Vec<Vec<Option<Aggregate>>>,
}

impl FirstPass {
    pub fn new(document: &Document, labels: Vec<Vec<usize>>) -> FirstPass {
        let type_of = |label: usize| split_label(label).map_or(0, |(type_idx, _)| type_idx + 1);
        let mut totals: HashMap<&str, [u16; 5]> = HashMap::new();
        for (sentence, sentence_labels) in document.sentences.iter().zip(&labels) {
            for (idx, &label) in sentence_labels.iter().enumerate() {
                if starts_upper(&sentence.words[idx]) {
                    totals.entry(&sentence.lower[idx]).or_default()[type_of(label)] += 1;
                }
            }
        }
        let mut running: HashMap<&str, [u16; 5]> = HashMap::new();
        let aggregates = document
            .sentences
            .iter()
            .zip(&labels)
            .map(|(sentence, sentence_labels)| {
                sentence_labels
                    .iter()
                    .enumerate()
                    .map(|(idx, &label)| {
                        if !starts_upper(&sentence.words[idx]) {
                            return None;
                        }
                        let key = sentence.lower[idx].as_str();
                        let own = type_of(label);
                        let mut elsewhere = totals.get(key).copied().unwrap_or_default();
                        elsewhere[own] = elsewhere[own].saturating_sub(1);
                        let seen = running.entry(key).or_default();
                        let earlier = *seen;
                        seen[own] += 1;
                        Some(Aggregate { elsewhere, earlier })
                    })
                    .collect()
            })
            .collect();
        FirstPass { labels, aggregates }
    }
}

/// The most frequent index of a non-empty count vector (first on ties), or `None`.
fn majority(counts: &[u16; 5]) -> Option<usize> {
    let mut best = None;
    for (idx, &count) in counts.iter().enumerate() {
        if count > 0 && best.is_none_or(|b: usize| count > counts[b]) {
            best = Some(idx);
        }
    }
    best
}

const PART_TYPE: [[&str; 4]; 4] = [
    ["B-PER", "B-LOC", "B-ORG", "B-MISC"],
    ["I-PER", "I-LOC", "I-ORG", "I-MISC"],
    ["L-PER", "L-LOC", "L-ORG", "L-MISC"],
    ["U-PER", "U-LOC", "U-ORG", "U-MISC"],
];

/// Call `emit` with the pieces of each feature of token `idx` of sentence `sentence_idx`.
pub fn token_features(
    document: &Document,
    sentence_idx: usize,
    idx: usize,
    first_pass: Option<&FirstPass>,
    emit: &mut dyn FnMut(&[&str]),
) {
    let sentence = &document.sentences[sentence_idx];
    let n = sentence.len();
    let lower = |k: isize| -> &str {
        let j = idx as isize + k;
        if j < 0 {
            "<s>"
        } else if j as usize >= n {
            "</s>"
        } else {
            &sentence.lower[j as usize]
        }
    };
    let short = |k: isize| -> &str {
        let j = idx as isize + k;
        if j < 0 {
            "<s>"
        } else if j as usize >= n {
            "</s>"
        } else {
            &sentence.short[j as usize]
        }
    };
    let word = sentence.words[idx].as_str();
    let low = lower(0);
    let ss = short(0);
    emit(&["b"]);
    emit(&["w=", word]);
    emit(&["l=", low]);
    emit(&["l-1=", lower(-1)]);
    emit(&["l+1=", lower(1)]);
    emit(&["l-2=", lower(-2)]);
    emit(&["l+2=", lower(2)]);
    emit(&["l-1|l=", lower(-1), "|", low]);
    emit(&["l|l+1=", low, "|", lower(1)]);
    let boundaries: Vec<usize> = low
        .char_indices()
        .map(|(pos, _)| pos)
        .chain([low.len()])
        .collect();
    let n_chars = boundaries.len() - 1;
    const PREFIX: [&str; 4] = ["p1=", "p2=", "p3=", "p4="];
    const SUFFIX: [&str; 4] = ["s1=", "s2=", "s3=", "s4="];
    for k in 1..=n_chars.min(4) {
        emit(&[PREFIX[k - 1], &low[..boundaries[k]]]);
        emit(&[SUFFIX[k - 1], &low[boundaries[n_chars - k]..]]);
    }
    emit(&["sh=", &sentence.shapes[idx]]);
    emit(&["ss=", ss]);
    emit(&["ss-1=", short(-1)]);
    emit(&["ss+1=", short(1)]);
    emit(&["ss-2=", short(-2)]);
    emit(&["ss+2=", short(2)]);
    emit(&["ss-1|ss|ss+1=", short(-1), "|", ss, "|", short(1)]);
    emit(&["l-1|ss=", lower(-1), "|", ss]);
    emit(&["ss|l+1=", ss, "|", lower(1)]);
    if idx == 0 {
        emit(&["first|ss=", ss]);
    }
    if sentence.all_caps {
        emit(&["caps|ss=", ss]);
        emit(&["caps|l=", low]);
    }
    for hit in &sentence.lexicon_hits[idx] {
        let part = &PART_TYPE[hit.part as usize];
        for (type_idx, name) in part.iter().enumerate() {
            if hit.types & (1 << type_idx) != 0 {
                emit(&["lx=", name]);
            }
        }
        emit(&["lxd=", part[hit.dominant as usize]]);
    }
    for hit in &sentence.project_hits[idx] {
        let part = &PART_TYPE[hit.part as usize];
        for (type_idx, name) in part.iter().enumerate() {
            if hit.types & (1 << type_idx) != 0 {
                emit(&["pg=", name]);
            }
        }
    }
    if starts_upper(word) {
        if document.lowercase_forms.contains(low) {
            emit(&["dl|ss=", ss]);
        }
        if (idx == 0 || sentence.all_caps) && document.capitalized_inside.contains(low) {
            emit(&["dc|ss=", ss]);
        }
    }
    let Some(first_pass) = first_pass else {
        return;
    };
    let labels = &first_pass.labels[sentence_idx];
    let label_at = |k: isize| -> &str {
        let j = idx as isize + k;
        if j < 0 || j as usize >= n {
            "<s>"
        } else {
            LABEL_NAMES[labels[j as usize]]
        }
    };
    emit(&["p1=", label_at(0)]);
    emit(&["p1-1=", label_at(-1)]);
    emit(&["p1+1=", label_at(1)]);
    emit(&["p1|ss=", label_at(0), "|", ss]);
    if let Some(aggregate) = first_pass.aggregates[sentence_idx][idx] {
        if let Some(best) = majority(&aggregate.elsewhere) {
            emit(&["agg=", TYPE_OR_O[best]]);
            for (type_idx, name) in TYPE_OR_O.iter().enumerate().skip(1) {
                if aggregate.elsewhere[type_idx] > 0 {
                    emit(&["agg+=", name]);
                }
            }
        }
        if let Some(best) = majority(&aggregate.earlier) {
            emit(&["hist=", TYPE_OR_O[best]]);
        }
    }
}
