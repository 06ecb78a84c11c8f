//! CoNLL-2003 English NER (`../shared/datasets/conll2003`): a reader for the four-column format,
//! the conlleval scorer written here (entity-level exact match, micro P/R/F1 and per type), and
//! the evaluation of `wiredesk_analysis::ner` on dev (`eng.testa`) and test (`eng.testb`) beside
//! the published figures.
//!
//! Chunk rules, as conlleval's `startOfChunk`/`endOfChunk` read IOB1 and IOB2 alike: an entity
//! starts at `B-X`, or at `I-X` after `O`, after another type or at a sentence start; it ends
//! before `O`, `B-`, another type or the sentence end. A prediction counts only with the same first
//! token, last token and type as a gold entity. Documents (`-DOCSTART-`) are tagged as a whole.

use std::fmt;
use std::path::{Path, PathBuf};

use wiredesk_analysis::ner::{self, NerKind};

pub use crate::wnut17::Counts;

#[cfg(test)]
mod tests;

pub const TRAIN_FILE: &str = "eng.train";
pub const DEV_FILE: &str = "eng.testa";
pub const TEST_FILE: &str = "eng.testb";

/// Published test F1 figures (README of the dataset folder): system, F1, kind.
pub const PUBLISHED: &[(&str, f64, &str)] = &[
    ("shared-task baseline", 59.61, "lexicon lookup"),
    ("Stanford pure CMM", 85.53, "non-neural"),
    ("Chieu & Ng 2003", 88.31, "non-neural"),
    (
        "Florian et al. 2003",
        88.76,
        "non-neural ensemble, best of the task",
    ),
    (
        "Ratinov & Roth 2009",
        90.80,
        "non-neural + external resources",
    ),
    ("Lample et al. 2016", 90.94, "BiLSTM-CRF"),
    ("Ma & Hovy 2016", 91.21, "BiLSTM-CNN-CRF"),
    ("BERT-large", 92.8, "transformer"),
];

#[derive(Debug, thiserror::Error)]
pub enum ConllError {
    #[error("failed to read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} line {line}: expected `token POS chunk tag`")]
    Format { path: PathBuf, line: usize },
    #[error("failed to write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One sentence: tokens and their tags (IOB1 in the dataset files).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// The sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// Reads the CoNLL-2003 format: whitespace-separated columns, token first and tag last (a
/// two-column `token tag` file reads too), a blank line between sentences, `-DOCSTART-` lines
/// between documents. Returns the documents or the 1-based number of the first malformed line.
pub fn parse(text: &str) -> Result<Vec<Document>, usize> {
    let mut documents = Vec::new();
    let mut document = Document::default();
    let mut sentence = Sentence::default();
    for (line_idx, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim_end_matches('\r');
        let mut fields = line.split_whitespace();
        let Some(token) = fields.next() else {
            if !sentence.tokens.is_empty() {
                document.sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        };
        if token == "-DOCSTART-" {
            if !sentence.tokens.is_empty() {
                document.sentences.push(std::mem::take(&mut sentence));
            }
            if !document.sentences.is_empty() {
                documents.push(std::mem::take(&mut document));
            }
            continue;
        }
        let tag = fields.next_back().ok_or(line_idx + 1)?;
        sentence.tokens.push(token.to_owned());
        sentence.tags.push(tag.to_owned());
    }
    if !sentence.tokens.is_empty() {
        document.sentences.push(sentence);
    }
    if !document.sentences.is_empty() {
        documents.push(document);
    }
    Ok(documents)
}

/// Reads one file of the dataset.
pub fn read(path: &Path) -> Result<Vec<Document>, ConllError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConllError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&text).map_err(|line| ConllError::Format {
        path: path.to_owned(),
        line,
    })
}

fn split_tag(tag: &str) -> (&str, &str) {
    tag.split_once('-').unwrap_or((tag, ""))
}

/// conlleval's chunks of one sentence: `(first token, last token + 1, type)`.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut prev = ("O", "");
    for (idx, tag) in tags.iter().enumerate() {
        let (prefix, kind) = split_tag(tag.as_ref());
        let (prev_prefix, prev_kind) = prev;
        let is_chunk = prefix == "B" || prefix == "I";
        // Ends before O, B-, another type (and at the sentence end, below).
        let ends = prev_prefix != "O" && (!is_chunk || prefix == "B" || prev_kind != kind);
        if ends && let Some((start, open_kind)) = open.take() {
            found.push((start, idx, open_kind.to_owned()));
        }
        // Starts at B-, or I- after O, another type or the sentence start.
        let starts = is_chunk && (prefix == "B" || prev_prefix == "O" || prev_kind != kind);
        if starts {
            open = Some((idx, kind));
        }
        prev = if is_chunk { (prefix, kind) } else { ("O", "") };
    }
    if let Some((start, open_kind)) = open {
        found.push((start, tags.len(), open_kind.to_owned()));
    }
    found
}

/// Entity-level counts, overall and per type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    pub overall: Counts,
    /// Per type, sorted by type name.
    pub by_type: Vec<(String, Counts)>,
}

impl Score {
    fn kind(&mut self, kind: &str) -> &mut Counts {
        let idx = match self.by_type.binary_search_by(|(k, _)| k.as_str().cmp(kind)) {
            Ok(idx) => idx,
            Err(idx) => {
                self.by_type
                    .insert(idx, (kind.to_owned(), Counts::default()));
                idx
            }
        };
        &mut self.by_type[idx].1
    }

    /// Add one sentence's gold and predicted tags.
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        let gold_chunks = chunks(gold);
        let predicted_chunks = chunks(predicted);
        for (_, _, kind) in &gold_chunks {
            self.overall.gold += 1;
            self.kind(kind).gold += 1;
        }
        for chunk in &predicted_chunks {
            self.overall.predicted += 1;
            self.kind(&chunk.2).predicted += 1;
            if gold_chunks.contains(chunk) {
                self.overall.correct += 1;
                self.kind(&chunk.2).correct += 1;
            }
        }
    }
}

/// Tags every document of `documents` with the shipped tagger (a document at a time) and scores
/// it against the gold tags.
pub fn evaluate(documents: &[Document]) -> Score {
    evaluate_with(documents, ner::tag_document)
}

/// Scores any tagger that maps a document's sentences to IOB tags.
pub fn evaluate_with(
    documents: &[Document],
    mut tag: impl FnMut(&[Vec<&str>]) -> Vec<Vec<String>>,
) -> Score {
    let mut score = Score::default();
    for document in documents {
        let sentences: Vec<Vec<&str>> = document
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let predicted = tag(&sentences);
        for (sentence, tags) in document.sentences.iter().zip(&predicted) {
            score.add(&sentence.tags, tags);
        }
    }
    score
}

/// BILOU training labels for one sentence's gold tags (IOB1 or IOB2).
pub fn bilou_labels<S: AsRef<str>>(tags: &[S]) -> Vec<usize> {
    let spans: Vec<(usize, usize, NerKind)> = chunks(tags)
        .into_iter()
        .filter_map(|(start, end, kind)| Some((start, end, NerKind::from_name(&kind)?)))
        .collect();
    ner::labels_from_spans(tags.len(), &spans)
}

/// A file's documents as training documents.
pub fn training_docs(documents: &[Document]) -> Vec<ner::TrainingDoc> {
    documents
        .iter()
        .map(|document| ner::TrainingDoc {
            sentences: document
                .sentences
                .iter()
                .map(|s| s.tokens.clone())
                .collect(),
            labels: document
                .sentences
                .iter()
                .map(|s| bilou_labels(&s.tags))
                .collect(),
        })
        .collect()
}

/// Dev and test scores of the shipped tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct ConllReport {
    pub dev: Score,
    pub test: Score,
    /// Tokens tagged (dev + test), the time it took, and the time to read the model first.
    pub n_tokens: usize,
    pub seconds: f64,
    pub load_seconds: f64,
}

fn write_line(f: &mut fmt::Formatter<'_>, name: &str, counts: &Counts) -> fmt::Result {
    writeln!(
        f,
        "  {:<24} P {:>6.2}  R {:>6.2}  F1 {:>6.2}   (gold {}, predicted {}, correct {})",
        name,
        100.0 * counts.precision(),
        100.0 * counts.recall(),
        100.0 * counts.f1(),
        counts.gold,
        counts.predicted,
        counts.correct
    )
}

impl fmt::Display for ConllReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "CoNLL-2003 English NER, entity F1 (conlleval exact match, micro); trained on eng.train only, a document at a time"
        )?;
        write_line(f, "dev (eng.testa)", &self.dev.overall)?;
        write_line(f, "test (eng.testb)", &self.test.overall)?;
        for (kind, counts) in &self.test.by_type {
            write_line(f, &format!("  test {kind}"), counts)?;
        }
        writeln!(f, "  published test F1:")?;
        for (system, f1, kind) in PUBLISHED {
            writeln!(f, "    {system:<24} F1 {f1:>6.2}   ({kind})")?;
        }
        writeln!(
            f,
            "  tagged dev + test, {} tokens, in {:.2}s: {:.0} tokens/s (model read in {:.2}s)",
            self.n_tokens,
            self.seconds,
            self.n_tokens as f64 / self.seconds.max(1e-9),
            self.load_seconds
        )
    }
}

/// Scores the shipped tagger on dev and test in `dataset_dir` (`../shared/datasets/conll2003`).
pub fn conll2003(dataset_dir: &Path) -> Result<ConllReport, ConllError> {
    let dev = read(&dataset_dir.join(DEV_FILE))?;
    let test = read(&dataset_dir.join(TEST_FILE))?;
    let loading = std::time::Instant::now();
    ner::tagger();
    let load_seconds = loading.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let dev_score = evaluate(&dev);
    let test_score = evaluate(&test);
    let seconds = started.elapsed().as_secs_f64();
    let tokens = |documents: &[Document]| -> usize {
        documents
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.tokens.len())
            .sum()
    };
    let n_tokens = tokens(&dev) + tokens(&test);
    Ok(ConllReport {
        dev: dev_score,
        test: test_score,
        n_tokens,
        seconds,
        load_seconds,
    })
}

/// What one input line of `analyze entities` was.
enum Line {
    Token,
    Blank,
    DocStart,
}

/// `wiredesk analyze entities`: tags a CoNLL file (first column = token; other columns, gold
/// included, are ignored) a document at a time and writes `token<TAB>IOB2 tag` per token line,
/// blank lines kept and `-DOCSTART-` lines echoed as `-DOCSTART-<TAB>O`, so output line `n` is
/// input line `n`. Returns the number of tokens tagged.
pub fn analyze_entities(input: &Path, output: &Path) -> Result<usize, ConllError> {
    let text = std::fs::read_to_string(input).map_err(|source| ConllError::Read {
        path: input.to_owned(),
        source,
    })?;
    let mut lines = Vec::new();
    let mut documents: Vec<Vec<Vec<&str>>> = Vec::new();
    let mut document: Vec<Vec<&str>> = Vec::new();
    let mut sentence: Vec<&str> = Vec::new();
    for raw_line in text.lines() {
        let line = match raw_line.split_whitespace().next() {
            None => Line::Blank,
            Some("-DOCSTART-") => Line::DocStart,
            Some(token) => {
                sentence.push(token);
                lines.push(Line::Token);
                continue;
            }
        };
        if !sentence.is_empty() {
            document.push(std::mem::take(&mut sentence));
        }
        if matches!(line, Line::DocStart) && !document.is_empty() {
            documents.push(std::mem::take(&mut document));
        }
        lines.push(line);
    }
    if !sentence.is_empty() {
        document.push(sentence);
    }
    if !document.is_empty() {
        documents.push(document);
    }
    let tags: Vec<String> = documents
        .iter()
        .flat_map(|document| ner::tag_document(document))
        .flatten()
        .collect();
    let tokens = documents.iter().flatten().flatten();
    let mut tagged = tokens.zip(&tags);
    let mut out = String::with_capacity(text.len() / 2);
    for line in &lines {
        match line {
            Line::Blank => {}
            Line::DocStart => out.push_str("-DOCSTART-\tO"),
            Line::Token => {
                if let Some((token, tag)) = tagged.next() {
                    out.push_str(token);
                    out.push('\t');
                    out.push_str(tag);
                }
            }
        }
        out.push('\n');
    }
    std::fs::write(output, out).map_err(|source| ConllError::Write {
        path: output.to_owned(),
        source,
    })?;
    Ok(tags.len())
}
