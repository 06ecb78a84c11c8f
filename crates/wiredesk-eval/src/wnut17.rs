//! WNUT-17 (emerging and rare entities in noisy user text): runs `wiredesk_analysis::entities()`
//! on the official test gold and scores entity-level exact-match micro P/R/F1, conlleval-style,
//! beside the best shared-task system (UH-RiTUAL, F1 41.86).
//!
//! Each sentence's tokens are joined with single spaces and handed to `entities(text, "en")`; a
//! mention covers the tokens it overlaps. Kinds map to WNUT types as the annotation guidelines
//! read: Person → person; Place and Country → location (demonyms such as "Turkish" are adjectives,
//! which WNUT does not annotate, so they are dropped); Organization → group; Outlet → corporation
//! (outlets are companies); Role and Other are not WNUT entities and are dropped. Nothing here is
//! tuned on the test file; the dev file (`emerging.dev.conll.txt`) is for looking at errors.

use std::fmt;
use std::path::{Path, PathBuf};

use wiredesk_analysis::entities::{entities, gazetteer};
use wiredesk_model::EntityKind;

#[cfg(test)]
mod tests;

/// The official test gold the shared task was scored on.
pub const TEST_FILE: &str = "emerging.test.annotated.txt";
/// The development file, for error analysis.
pub const DEV_FILE: &str = "emerging.dev.conll.txt";

/// Published entity F1 of the best WNUT-17 system (UH-RiTUAL), and its precision and recall.
pub const BEST_SYSTEM: (&str, f64, f64, f64) = ("UH-RiTUAL", 57.54, 32.90, 41.86);

#[derive(Debug, thiserror::Error)]
pub enum WnutError {
    #[error("failed to read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} line {line}: expected `token<TAB>label`")]
    Format { path: PathBuf, line: usize },
}

/// One sentence: tokens and their BIO labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub labels: Vec<String>,
}

/// Reads the CoNLL format: `token<TAB>label` per line, a blank line between sentences.
/// Returns the sentences, or the 1-based number of the first malformed line.
pub fn parse_conll(text: &str) -> Result<Vec<Sentence>, usize> {
    let mut sentences = Vec::new();
    let mut current = Sentence {
        tokens: Vec::new(),
        labels: Vec::new(),
    };
    for (line_idx, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        tokens: Vec::new(),
                        labels: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let (token, label) = line.rsplit_once('\t').ok_or(line_idx + 1)?;
        current.tokens.push(token.to_owned());
        current.labels.push(label.trim().to_owned());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Entity spans in BIO labels as `(first token, last token + 1, type)`, conlleval-style: `B-X`
/// starts a span, `I-X` continues one of type X and otherwise starts a new one.
pub fn spans(labels: &[String]) -> Vec<(usize, usize, String)> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (idx, label) in labels.iter().enumerate() {
        let (tag, kind) = label.split_once('-').unwrap_or((label.as_str(), ""));
        let continues = tag == "I"
            && open
                .as_ref()
                .is_some_and(|(_, open_kind)| open_kind == kind);
        if continues {
            continue;
        }
        if let Some((start, open_kind)) = open.take() {
            found.push((start, idx, open_kind));
        }
        if tag == "B" || tag == "I" {
            open = Some((idx, kind.to_owned()));
        }
    }
    if let Some((start, open_kind)) = open {
        found.push((start, labels.len(), open_kind));
    }
    found
}

/// The WNUT type a recognized entity counts as, if any.
fn wnut_type(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Person => Some("person"),
        EntityKind::Place | EntityKind::Country => Some("location"),
        EntityKind::Organization => Some("group"),
        EntityKind::Outlet => Some("corporation"),
        EntityKind::Role | EntityKind::Other => None,
    }
}

/// BIO labels for `tokens` from `entities()` over the space-joined sentence.
pub fn predict(tokens: &[String]) -> Vec<String> {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(tokens.len());
    for token in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        offsets.push((text.len(), text.len() + token.len()));
        text.push_str(token);
    }
    let mut labels = vec!["O".to_owned(); tokens.len()];
    for mention in entities(&text, Some("en")) {
        let Some(kind) = wnut_type(mention.kind) else {
            continue;
        };
        let is_demonym = gazetteer().get(&mention.canonical).is_some_and(|entry| {
            entry
                .demonyms
                .iter()
                .any(|demonym| demonym.eq_ignore_ascii_case(&mention.text))
        });
        if is_demonym {
            continue;
        }
        let covered: Vec<usize> = offsets
            .iter()
            .enumerate()
            .filter(|(_, (start, end))| *start < mention.end && mention.start < *end)
            .map(|(idx, _)| idx)
            .collect();
        let free = covered.iter().all(|idx| labels[*idx] == "O");
        if let (Some(first), true) = (covered.first(), free) {
            for idx in &covered {
                let tag = if idx == first { "B" } else { "I" };
                labels[*idx] = format!("{tag}-{kind}");
            }
        }
    }
    labels
}

/// Counts for micro precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// Entity-level exact-match counts (span and type) over sentence pairs of gold and predicted labels.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>) -> Counts {
    let mut counts = Counts::default();
    for (gold, predicted) in pairs {
        let gold_spans = spans(gold);
        let predicted_spans = spans(predicted);
        counts.gold += gold_spans.len();
        counts.predicted += predicted_spans.len();
        counts.correct += predicted_spans
            .iter()
            .filter(|span| gold_spans.contains(span))
            .count();
    }
    counts
}

/// The result of one run, printed beside the published best system.
#[derive(Debug, Clone, PartialEq)]
pub struct WnutReport {
    pub file: String,
    pub n_sentences: usize,
    pub overall: Counts,
    /// Per WNUT type, sorted by type.
    pub by_type: Vec<(String, Counts)>,
}

impl fmt::Display for WnutReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |value: f64| value * 100.0;
        writeln!(
            f,
            "WNUT-17 entity F1 (exact span + type, micro) on {}: {} sentences, {} gold entities",
            self.file, self.n_sentences, self.overall.gold
        )?;
        writeln!(
            f,
            "  {:<24} P {:>6.2}  R {:>6.2}  F1 {:>6.2}   ({} predicted, {} correct)",
            "wiredesk entities()",
            pct(self.overall.precision()),
            pct(self.overall.recall()),
            pct(self.overall.f1()),
            self.overall.predicted,
            self.overall.correct
        )?;
        let (name, precision, recall, f1) = BEST_SYSTEM;
        writeln!(
            f,
            "  {:<24} P {precision:>6.2}  R {recall:>6.2}  F1 {f1:>6.2}   (published best, WNUT 2017)",
            name
        )?;
        for (kind, counts) in &self.by_type {
            writeln!(
                f,
                "    {:<22} P {:>6.2}  R {:>6.2}  F1 {:>6.2}   (gold {}, predicted {}, correct {})",
                kind,
                pct(counts.precision()),
                pct(counts.recall()),
                pct(counts.f1()),
                counts.gold,
                counts.predicted,
                counts.correct
            )?;
        }
        Ok(())
    }
}

/// Scores `entities()` on one CoNLL file.
pub fn evaluate_file(path: &Path) -> Result<WnutReport, WnutError> {
    let text = std::fs::read_to_string(path).map_err(|source| WnutError::Read {
        path: path.to_owned(),
        source,
    })?;
    let sentences = parse_conll(&text).map_err(|line| WnutError::Format {
        path: path.to_owned(),
        line,
    })?;
    let predictions: Vec<Vec<String>> = sentences.iter().map(|s| predict(&s.tokens)).collect();
    let overall = score(
        sentences
            .iter()
            .zip(&predictions)
            .map(|(sentence, predicted)| (sentence.labels.as_slice(), predicted.as_slice())),
    );
    let mut kinds: Vec<String> = sentences
        .iter()
        .flat_map(|sentence| spans(&sentence.labels))
        .map(|(_, _, kind)| kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let by_type = kinds
        .into_iter()
        .map(|kind| {
            let only = |labels: &[String]| -> Vec<String> {
                labels
                    .iter()
                    .map(|label| {
                        if label.ends_with(&format!("-{kind}")) {
                            label.clone()
                        } else {
                            "O".to_owned()
                        }
                    })
                    .collect()
            };
            let filtered: Vec<(Vec<String>, Vec<String>)> = sentences
                .iter()
                .zip(&predictions)
                .map(|(sentence, predicted)| (only(&sentence.labels), only(predicted)))
                .collect();
            let counts = score(filtered.iter().map(|(g, p)| (g.as_slice(), p.as_slice())));
            (kind, counts)
        })
        .collect();
    Ok(WnutReport {
        file: path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
        n_sentences: sentences.len(),
        overall,
        by_type,
    })
}

/// Scores `entities()` on the official test gold in `dataset_dir` (`../shared/datasets/wnut17`).
pub fn wnut17(dataset_dir: &Path) -> Result<WnutReport, WnutError> {
    evaluate_file(&dataset_dir.join(TEST_FILE))
}
