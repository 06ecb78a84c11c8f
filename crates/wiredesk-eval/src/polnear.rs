//! PolNeAR attribution: run the tagger over the CofeNet sentence-level files and score exact-match
//! span F1 for source, cue and content (CofeNet's `exe/eval/evaluation.py`), beside the published
//! table; convert the article-level `polnear_*.jsonl` files into tagged sentences for training.
//!
//! Decision: training units are paragraphs (blank-line separated), tokenized with the attribution
//! module's own PTB-like tokenizer, because CofeNet's "sentences" are CoreNLP-tokenized paragraphs;
//! labels are projected from the brat character spans, inner (shorter) spans winning over the
//! content spans that contain them.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use wiredesk_analysis::attribute;

#[derive(Debug, thiserror::Error)]
pub enum PolnearError {
    #[error("failed to read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("failed to write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("bad json on line {line} of {path}")]
    Json {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("line {line} of {path} has {tokens} tokens but {labels} labels")]
    Length {
        path: PathBuf,
        line: usize,
        tokens: usize,
        labels: usize,
    },
}

/// One line of the CofeNet sentence-level format (POS and NER columns are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct TaggedSentence {
    #[serde(default)]
    pub id: Option<Value>,
    pub tokens: Vec<String>,
    #[serde(default)]
    pub labels: Vec<String>,
}

fn open(path: &Path) -> Result<BufReader<File>, PolnearError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|source| PolnearError::Read {
            path: path.to_owned(),
            source,
        })
}

/// Read a sentence-level JSONL file (blank lines skipped).
pub fn read_sentences(path: &Path) -> Result<Vec<TaggedSentence>, PolnearError> {
    let mut out = Vec::new();
    for (idx, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|source| PolnearError::Read {
            path: path.to_owned(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let sentence: TaggedSentence =
            serde_json::from_str(&line).map_err(|source| PolnearError::Json {
                path: path.to_owned(),
                line: idx + 1,
                source,
            })?;
        out.push(sentence);
    }
    Ok(out)
}

/// `wiredesk analyze attribution`: tag every input line's tokens, writing
/// `{"id": …, "labels": [...]}` per line in order (id: the input's, or the line number).
/// Returns the number of lines written.
pub fn analyze_attribution(input: &Path, output: &Path) -> Result<usize, PolnearError> {
    let write_err = |source| PolnearError::Write {
        path: output.to_owned(),
        source,
    };
    let file = File::create(output).map_err(write_err)?;
    let mut writer = BufWriter::new(file);
    let mut n_lines = 0;
    for (idx, line) in open(input)?.lines().enumerate() {
        let line = line.map_err(|source| PolnearError::Read {
            path: input.to_owned(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let sentence: TaggedSentence =
            serde_json::from_str(&line).map_err(|source| PolnearError::Json {
                path: input.to_owned(),
                line: idx + 1,
                source,
            })?;
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let labels = attribute::tag(&tokens);
        let id = sentence.id.unwrap_or_else(|| Value::from(idx + 1));
        let record = serde_json::json!({ "id": id, "labels": labels });
        writeln!(writer, "{record}").map_err(write_err)?;
        n_lines += 1;
    }
    writer.flush().map_err(write_err)?;
    Ok(n_lines)
}

pub const ROLES: [&str; 3] = ["source", "cue", "content"];

/// Spans `(role index, start, end)` decoded from BIO labels; an `I-x` that does not continue an
/// `x` span starts one (conlleval).
pub fn spans(labels: &[impl AsRef<str>]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, label) in labels.iter().enumerate() {
        let label = label.as_ref();
        let (prefix, role) = label.split_once('-').unwrap_or((label, ""));
        let role_idx = ROLES.iter().position(|&r| r == role);
        let continues = prefix == "I" && open.is_some_and(|(r, _)| Some(r) == role_idx);
        if continues {
            continue;
        }
        if let Some((r, start)) = open.take() {
            out.push((r, start, i));
        }
        if let Some(r) = role_idx
            && (prefix == "B" || prefix == "I")
        {
            open = Some((r, i));
        }
    }
    if let Some((r, start)) = open {
        out.push((r, start, labels.len()));
    }
    out
}

/// True and false positives and false negatives for one role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub n_pred: usize,
    pub n_gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.n_pred)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.n_gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Exact-match counts per role (source, cue, content) over sentence pairs (gold, predicted).
pub fn score<'a, G, P>(pairs: impl IntoIterator<Item = (&'a [G], &'a [P])>) -> [Counts; 3]
where
    G: AsRef<str> + 'a,
    P: AsRef<str> + 'a,
{
    let mut counts = [Counts::default(); 3];
    for (gold, pred) in pairs {
        let gold = spans(gold);
        let pred = spans(pred);
        for &(r, _, _) in &gold {
            counts[r].n_gold += 1;
        }
        for span in &pred {
            counts[span.0].n_pred += 1;
            if gold.contains(span) {
                counts[span.0].tp += 1;
            }
        }
    }
    counts
}

/// Tag every sentence with `tagger` and score it against its gold labels.
pub fn evaluate(
    sentences: &[TaggedSentence],
    tagger: impl Fn(&[&str]) -> Vec<&'static str>,
) -> [Counts; 3] {
    let predicted: Vec<Vec<&'static str>> = sentences
        .iter()
        .map(|s| {
            let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            tagger(&tokens)
        })
        .collect();
    score(
        sentences
            .iter()
            .zip(&predicted)
            .map(|(s, p)| (s.labels.as_slice(), p.as_slice())),
    )
}

/// The PolNeAR figures: dev (CofeNet `valid`) and test.
#[derive(Debug, Clone)]
pub struct PolnearReport {
    pub dev: [Counts; 3],
    pub test: [Counts; 3],
    pub n_dev: usize,
    pub n_test: usize,
}

/// Score the shipped tagger on `<dataset_dir>/cofenet_sentence_level/{valid,test}.jsonl`.
pub fn polnear(dataset_dir: &Path) -> Result<PolnearReport, PolnearError> {
    let dir = dataset_dir.join("cofenet_sentence_level");
    let dev = read_sentences(&dir.join("valid.jsonl"))?;
    let test = read_sentences(&dir.join("test.jsonl"))?;
    for (path, set) in [("valid.jsonl", &dev), ("test.jsonl", &test)] {
        if let Some((idx, s)) = set
            .iter()
            .enumerate()
            .find(|(_, s)| s.tokens.len() != s.labels.len())
        {
            return Err(PolnearError::Length {
                path: dir.join(path),
                line: idx + 1,
                tokens: s.tokens.len(),
                labels: s.labels.len(),
            });
        }
    }
    Ok(PolnearReport {
        dev: evaluate(&dev, attribute::tag),
        test: evaluate(&test, attribute::tag),
        n_dev: dev.len(),
        n_test: test.len(),
    })
}

const PUBLISHED: [(&str, [f64; 3]); 6] = [
    ("Rule (baseline)", [10.7, 22.8, 5.6]),
    ("plain cue-lexicon rule", [30.0, 36.0, 7.0]),
    ("CRF", [50.6, 53.4, 28.6]),
    ("BiLSTM-CRF", [69.6, 66.7, 59.0]),
    ("BERT-CRF", [82.2, 74.9, 71.0]),
    ("BERT-CofeNet", [83.2, 75.3, 72.9]),
];

fn write_row(f: &mut fmt::Formatter<'_>, name: &str, counts: &[Counts; 3]) -> fmt::Result {
    write!(f, "{name:<34}")?;
    for c in counts {
        write!(
            f,
            " {:>5.1} / {:>5.1} / {:>5.1} |",
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1()
        )?;
    }
    writeln!(f)
}

impl fmt::Display for PolnearReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "PolNeAR attribution, exact-match span P / R / F1 (%)")?;
        writeln!(
            f,
            "{:<34} {:^21} | {:^21} | {:^21} |",
            "", "source", "cue", "content"
        )?;
        write_row(
            f,
            &format!("wiredesk dev ({} sent.)", self.n_dev),
            &self.dev,
        )?;
        write_row(
            f,
            &format!("wiredesk test ({} sent.)", self.n_test),
            &self.test,
        )?;
        writeln!(f, "published, test F1 (CofeNet, COLING 2022):")?;
        for (name, f1) in PUBLISHED {
            writeln!(
                f,
                "{name:<34} {:>21.1} | {:>21.1} | {:>21.1} |",
                f1[0], f1[1], f1[2]
            )?;
        }
        Ok(())
    }
}

/// One article of `polnear_*.jsonl` (only what conversion needs).
#[derive(Debug, Deserialize)]
struct Article {
    text: String,
    #[serde(default)]
    annotations: Vec<Annotation>,
}

#[derive(Debug, Deserialize)]
struct Annotation {
    #[serde(default)]
    spans: Vec<BratSpan>,
}

#[derive(Debug, Deserialize)]
struct BratSpan {
    label: String,
    fragments: Vec<(usize, usize)>,
}

/// A training sentence: tokens and BIO labels.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledSentence {
    pub tokens: Vec<String>,
    pub labels: Vec<&'static str>,
}

/// Convert an article-level PolNeAR file into labeled paragraphs, one copy per annotator.
pub fn convert_articles(path: &Path) -> Result<Vec<LabeledSentence>, PolnearError> {
    let mut out = Vec::new();
    for (idx, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|source| PolnearError::Read {
            path: path.to_owned(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let article: Article =
            serde_json::from_str(&line).map_err(|source| PolnearError::Json {
                path: path.to_owned(),
                line: idx + 1,
                source,
            })?;
        convert_article(&article, &mut out);
    }
    Ok(out)
}

/// Byte ranges of one brat span.
type Fragments = Vec<(usize, usize)>;

fn convert_article(article: &Article, out: &mut Vec<LabeledSentence>) {
    let text = &article.text;
    // Character (code point) offsets → byte offsets.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    let to_byte = |c: usize| byte_at.get(c).copied().unwrap_or(text.len());
    let tokens = attribute::tokenize(text);
    let paragraphs = paragraphs(text);
    for annotation in &article.annotations {
        // Role per token: content first, then source and cue; shorter spans win ties.
        let mut role: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
        let mut spans: Vec<(usize, usize, Fragments)> = Vec::new();
        for (span_idx, span) in annotation.spans.iter().enumerate() {
            let r = match span.label.as_str() {
                "Source" => 0,
                "Cue" => 1,
                "Content" => 2,
                _ => continue,
            };
            let frags = span
                .fragments
                .iter()
                .map(|&(a, b)| (to_byte(a), to_byte(b)))
                .collect();
            spans.push((r, span_idx, frags));
        }
        // Longer spans first, so inner spans overwrite them.
        spans.sort_by_key(|(_, _, frags)| {
            std::cmp::Reverse(
                frags
                    .iter()
                    .map(|(a, b)| b.saturating_sub(*a))
                    .sum::<usize>(),
            )
        });
        for (r, span_idx, frags) in &spans {
            for (t, token) in tokens.iter().enumerate() {
                if frags.iter().any(|&(a, b)| token.start < b && token.end > a) {
                    role[t] = Some((*r, *span_idx));
                }
            }
        }
        for &(p_start, p_end) in &paragraphs {
            let idxs: Vec<usize> = (0..tokens.len())
                .filter(|&t| tokens[t].start >= p_start && tokens[t].end <= p_end)
                .collect();
            if idxs.is_empty() {
                continue;
            }
            let mut labels = Vec::with_capacity(idxs.len());
            let mut prev: Option<(usize, usize)> = None;
            for &t in &idxs {
                let label = match role[t] {
                    None => {
                        prev = None;
                        "O"
                    }
                    Some((r, span_idx)) => {
                        let begin = prev != Some((r, span_idx));
                        prev = Some((r, span_idx));
                        match (r, begin) {
                            (0, true) => "B-source",
                            (0, false) => "I-source",
                            (1, true) => "B-cue",
                            (1, false) => "I-cue",
                            (_, true) => "B-content",
                            (_, false) => "I-content",
                        }
                    }
                };
                labels.push(label);
            }
            out.push(LabeledSentence {
                tokens: idxs.iter().map(|&t| tokens[t].text.clone()).collect(),
                labels,
            });
        }
    }
}

/// Byte ranges of blank-line separated paragraphs.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut blank_run = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let is_blank = line.trim().is_empty();
        if is_blank && !blank_run {
            if offset > start {
                out.push((start, offset));
            }
            blank_run = true;
        } else if !is_blank && blank_run {
            start = offset;
            blank_run = false;
        }
        offset += line.len();
    }
    if !blank_run && offset > start {
        out.push((start, offset));
    }
    out
}

#[cfg(test)]
mod tests;
