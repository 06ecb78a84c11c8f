//! Named entities in running text: people, organisations, places and MISC (nationalities, events,
//! titles), the four CoNLL-2003 types, tagged by a model trained on CoNLL-2003's Reuters newswire.
//!
//! Decisions:
//! - No neural network: an averaged structured perceptron over BILOU labels with constrained
//!   Viterbi, Ratinov & Roth's (2009) recipe. It is small, trains in minutes on two cores and tags
//!   fast enough to sit in the desk's chain.
//! - Two passes per document. The first uses local features plus gazetteer matches; the second
//!   adds the first pass's labels and what it said about the same word elsewhere in the document,
//!   so "Clinton" alone inherits PER from "Bill Clinton" and an all-caps headline word inherits
//!   its type from the body. Training the second pass uses jackknifed first-pass labels, so it
//!   learns how far to trust them (see `wiredesk-eval`'s `train_ner`).
//! - Gazetteers: the entity strings of the training documents by type (shipped in the model file)
//!   and the desk's own gazetteer (`crate::entities`), matched on lowercased token sequences.
//! - Running text is cut by the attribution tokenizer (`crate::attribute::{sentences, tokenize}`),
//!   whose PTB-style tokens match CoNLL's; a whole post is one document.
//!
//! The weights (`data/ner.model`) are compiled in and parsed on first use.

mod features;
mod lexicon;
mod model;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use features::{Document, FirstPass, token_features};
pub use lexicon::{DocEntities, Lexicon, key_of};
use model::split_label;
pub use model::{Example, Interner, LABEL_NAMES, N_LABELS, Part, Trainer, Weights, label};

/// Number of entity types.
pub const N_TYPES: usize = 4;

/// The CoNLL-2003 entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerKind {
    Per,
    Loc,
    Org,
    Misc,
}

impl NerKind {
    pub const ALL: [NerKind; N_TYPES] = [NerKind::Per, NerKind::Loc, NerKind::Org, NerKind::Misc];

    /// The CoNLL name: "PER", "LOC", "ORG", "MISC".
    pub fn as_str(self) -> &'static str {
        match self {
            NerKind::Per => "PER",
            NerKind::Loc => "LOC",
            NerKind::Org => "ORG",
            NerKind::Misc => "MISC",
        }
    }

    /// The kind named `name` ("PER", …).
    pub fn from_name(name: &str) -> Option<NerKind> {
        NerKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    fn from_idx(type_idx: usize) -> NerKind {
        NerKind::ALL[type_idx.min(N_TYPES - 1)]
    }

    /// Position in `NerKind::ALL`, the model's type index.
    pub fn idx(self) -> usize {
        self as usize
    }
}

/// An entity found in text: byte offsets into the text, its kind and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerSpan {
    pub start: usize,
    pub end: usize,
    pub kind: NerKind,
    pub text: String,
}

/// The whole tagger: the trained name list and the two passes' weights.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    lexicon: Lexicon,
    first: Weights,
    second: Option<Weights>,
}

const MAGIC: &str = "wiredesk-ner-tagger v1";

fn decode(
    document: &Document,
    weights: &Weights,
    first_pass: Option<&FirstPass>,
) -> Vec<Vec<usize>> {
    (0..document.sentences.len())
        .map(|sentence_idx| {
            let n = document.sentences[sentence_idx].len();
            let emissions: Vec<[f32; N_LABELS]> = (0..n)
                .map(|idx| {
                    let mut score = [0f32; N_LABELS];
                    token_features(document, sentence_idx, idx, first_pass, &mut |pieces| {
                        weights.add(pieces, &mut score)
                    });
                    score
                })
                .collect();
            weights.viterbi(&emissions)
        })
        .collect()
}

impl Tagger {
    pub fn new(lexicon: Lexicon, first: Weights, second: Option<Weights>) -> Tagger {
        Tagger {
            lexicon,
            first,
            second,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Number of features of the first and second pass.
    pub fn n_features(&self) -> (usize, usize) {
        (
            self.first.n_features(),
            self.second.as_ref().map_or(0, Weights::n_features),
        )
    }

    /// BILOU label indices (see `LABEL_NAMES`) for a document's sentences. `exclude` leaves a
    /// training document's own names out of the name list, as in training.
    pub fn label_document<S: AsRef<str>>(
        &self,
        sentences: &[Vec<S>],
        exclude: Option<&DocEntities>,
    ) -> Vec<Vec<usize>> {
        let document = Document::new(sentences, &self.lexicon, exclude);
        let labels = decode(&document, &self.first, None);
        match &self.second {
            None => labels,
            Some(second) => {
                let first_pass = FirstPass::new(&document, labels);
                decode(&document, second, Some(&first_pass))
            }
        }
    }

    /// The text form: magic line, `#` header lines, then `[lexicon]`, `[first]` and (when
    /// trained) `[second]` sections; weights below `min_weight` are dropped and the rest kept to
    /// two decimals.
    pub fn to_text(&self, header: &str, min_weight: f32) -> String {
        let mut out = format!("{MAGIC}\n");
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("[lexicon]\n");
        out.push_str(&self.lexicon.to_text());
        out.push_str("[first]\n");
        self.first.write_text(&mut out, min_weight, WEIGHT_SCALE);
        if let Some(second) = &self.second {
            out.push_str("[second]\n");
            second.write_text(&mut out, min_weight, WEIGHT_SCALE);
        }
        out
    }

    /// Read the text form back; `None` when it is not a model file.
    pub fn from_text(text: &str) -> Option<Tagger> {
        let mut lines = text.lines().filter(|line| !line.starts_with('#'));
        if lines.next()? != MAGIC {
            return None;
        }
        let mut tagger = Tagger::default();
        let mut section = lines.next();
        while let Some(name) = section {
            match name {
                "[lexicon]" => {
                    section = None;
                    for line in lines.by_ref() {
                        if line.starts_with('[') {
                            section = Some(line);
                            break;
                        }
                        tagger.lexicon.read_line(line)?;
                    }
                }
                "[first]" | "[second]" => {
                    let (weights, next) = Weights::read_text(&mut lines, WEIGHT_SCALE)?;
                    if name == "[first]" {
                        tagger.first = weights;
                    } else {
                        tagger.second = Some(weights);
                    }
                    section = next;
                }
                _ => return None,
            }
        }
        Some(tagger)
    }
}

/// Weights are written as integers in hundredths.
const WEIGHT_SCALE: f32 = 100.0;

const MODEL_TEXT: &str = include_str!("../../data/ner.model");

static TAGGER: LazyLock<Tagger> =
    LazyLock::new(|| Tagger::from_text(MODEL_TEXT).unwrap_or_default());

/// The shipped tagger (parsed on first use).
pub fn tagger() -> &'static Tagger {
    &TAGGER
}

/// IOB2 tags ("B-PER", "I-PER", "O") for BILOU label indices.
pub fn iob2(labels: &[usize]) -> Vec<String> {
    labels
        .iter()
        .map(|&label| match split_label(label) {
            None => "O".to_owned(),
            Some((type_idx, part)) => {
                let prefix = match part {
                    Part::Begin | Part::Unit => "B-",
                    Part::Inside | Part::Last => "I-",
                };
                format!("{prefix}{}", NerKind::from_idx(type_idx).as_str())
            }
        })
        .collect()
}

/// Entities of well-formed BILOU labels as `(first token, last token + 1, kind)`.
pub fn label_spans(labels: &[usize]) -> Vec<(usize, usize, NerKind)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (idx, &label) in labels.iter().enumerate() {
        match split_label(label) {
            None => open = None,
            Some((type_idx, Part::Begin)) => open = Some((idx, type_idx)),
            Some((type_idx, Part::Unit)) => {
                spans.push((idx, idx + 1, NerKind::from_idx(type_idx)));
                open = None;
            }
            Some((type_idx, Part::Last)) => {
                if let Some((start, open_type)) = open.take()
                    && open_type == type_idx
                {
                    spans.push((start, idx + 1, NerKind::from_idx(type_idx)));
                }
            }
            Some((_, Part::Inside)) => {}
        }
    }
    spans
}

/// BILOU label indices for `n` tokens holding the entity spans `(first, last + 1, kind)`.
pub fn labels_from_spans(n: usize, spans: &[(usize, usize, NerKind)]) -> Vec<usize> {
    let mut labels = vec![0; n];
    for &(start, end, kind) in spans {
        let type_idx = kind.idx();
        if end <= start || end > n {
            continue;
        }
        if end - start == 1 {
            labels[start] = label(type_idx, Part::Unit);
            continue;
        }
        labels[start] = label(type_idx, Part::Begin);
        for slot in &mut labels[start + 1..end - 1] {
            *slot = label(type_idx, Part::Inside);
        }
        labels[end - 1] = label(type_idx, Part::Last);
    }
    labels
}

/// One IOB2 tag per token of one sentence.
pub fn tag_tokens(tokens: &[&str]) -> Vec<String> {
    tag_document(&[tokens.to_vec()]).pop().unwrap_or_default()
}

/// IOB2 tags for each sentence of a document; the document's sentences inform each other.
pub fn tag_document(sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
    TAGGER
        .label_document(sentences, None)
        .iter()
        .map(|labels| iob2(labels))
        .collect()
}

/// The entities of a post or article, split into sentences and tokens by the attribution
/// tokenizer; the whole text is one document.
pub fn find_entities(text: &str) -> Vec<NerSpan> {
    let tokens: Vec<Vec<crate::attribute::Token>> = crate::attribute::sentences(text)
        .into_iter()
        .map(|(start, end)| {
            crate::attribute::tokenize(&text[start..end])
                .into_iter()
                .map(|mut token| {
                    token.start += start;
                    token.end += start;
                    token
                })
                .collect()
        })
        .filter(|sentence: &Vec<crate::attribute::Token>| !sentence.is_empty())
        .collect();
    let words: Vec<Vec<&str>> = tokens
        .iter()
        .map(|sentence| sentence.iter().map(|token| token.text.as_str()).collect())
        .collect();
    let labels = TAGGER.label_document(&words, None);
    let mut found = Vec::new();
    for (sentence, sentence_labels) in tokens.iter().zip(&labels) {
        for (first, last, kind) in label_spans(sentence_labels) {
            let (start, end) = (sentence[first].start, sentence[last - 1].end);
            found.push(NerSpan {
                start,
                end,
                kind,
                text: text[start..end].to_owned(),
            });
        }
    }
    found
}

/// A labelled training document: tokens and BILOU label indices per sentence.
#[derive(Debug, Clone, Default)]
pub struct TrainingDoc {
    pub sentences: Vec<Vec<String>>,
    pub labels: Vec<Vec<usize>>,
}

impl TrainingDoc {
    /// The document's entity strings by type, as the name list keys them.
    pub fn entities(&self) -> DocEntities {
        let mut names = DocEntities::new();
        for (tokens, labels) in self.sentences.iter().zip(&self.labels) {
            for (start, end, kind) in label_spans(labels) {
                let words: Vec<String> = tokens[start..end]
                    .iter()
                    .map(|token| features::norm_token(token).into_owned())
                    .collect();
                *names.entry(key_of(&words)).or_default() |= 1 << kind.idx();
            }
        }
        names
    }
}

/// The name list of a set of training documents (document frequency per type).
pub fn build_lexicon(docs: &[TrainingDoc]) -> Lexicon {
    let mut lexicon = Lexicon::default();
    for doc in docs {
        lexicon.add_document(&doc.entities());
    }
    lexicon
}

/// Training examples of the first pass (`first_pass` = `None`) or of the second (with each
/// document's first-pass labels, jackknifed), one `Vec` per document. Each document sees the name
/// list without its own names. Features seen fewer than `min_count` times are dropped.
pub fn training_examples(
    docs: &[TrainingDoc],
    lexicon: &Lexicon,
    first_pass: Option<&[Vec<Vec<usize>>]>,
    min_count: u32,
) -> (Trainer, Vec<Vec<Example>>) {
    let mut interner = Interner::default();
    let mut hashes_by_doc: Vec<Vec<Vec<Vec<u64>>>> = Vec::with_capacity(docs.len());
    for (doc_idx, doc) in docs.iter().enumerate() {
        let entities = doc.entities();
        let document = Document::new(&doc.sentences, lexicon, Some(&entities));
        let first = first_pass.map(|labels| FirstPass::new(&document, labels[doc_idx].clone()));
        let doc_hashes = (0..document.sentences.len())
            .map(|sentence_idx| {
                (0..document.sentences[sentence_idx].len())
                    .map(|idx| {
                        let mut hashes = Vec::new();
                        token_features(&document, sentence_idx, idx, first.as_ref(), &mut |p| {
                            hashes.push(interner.see(p))
                        });
                        hashes
                    })
                    .collect()
            })
            .collect();
        hashes_by_doc.push(doc_hashes);
    }
    let trainer = interner.finish(min_count);
    let examples = hashes_by_doc
        .iter()
        .zip(docs)
        .map(|(doc_hashes, doc)| {
            doc_hashes
                .iter()
                .zip(&doc.labels)
                .map(|(hashes, gold)| trainer.example(hashes, gold.clone()))
                .collect()
        })
        .collect();
    (trainer, examples)
}
