//! Emergent (Ferreira & Vlachos 2016): claim/headline stance, for / against / observing. Reads the
//! CSVs, scores the shipped stance model on the 524 test headlines beside the published logistic
//! regression, runs claim-grouped cross-validation on train for the trainer, and backs
//! `wiredesk analyze stance` (CSV `id,claimHeadline,articleHeadline` in, JSONL out).
//!
//! The CSVs have quoted fields with commas and doubled quotes, so they go through the `csv`
//! crate. The test file is read only to report; tuning happens on train folds.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use wiredesk_analysis::stance::{
    self, Example, FeatureOptions, Model, N_CLASSES, Stance, TrainConfig,
};

#[cfg(test)]
mod tests;

pub const TRAIN_FILE: &str = "url-versions-2015-06-14-clean-train.csv";
pub const TEST_FILE: &str = "url-versions-2015-06-14-clean-test.csv";

/// The published full logistic-regression model on the test split (Ferreira & Vlachos 2016,
/// authors' README; recomputed from their shipped predictions): accuracy, F1 for / against /
/// observing, macro-F1.
pub const PUBLISHED_LR: (f64, [f64; N_CLASSES], f64) = (73.28, [0.789, 0.757, 0.623], 0.723);

#[derive(Debug, thiserror::Error)]
pub enum EmergentError {
    #[error("failed to read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: no {column} column")]
    Column { path: PathBuf, column: &'static str },
    #[error("{path} row {row}: unknown stance {label:?}")]
    Label {
        path: PathBuf,
        row: usize,
        label: String,
    },
    #[error("failed to write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One row: a claim and a headline, with the gold stance and claim id when the file has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub id: String,
    pub claim: String,
    pub headline: String,
    pub gold: Option<Stance>,
    pub claim_id: Option<String>,
}

/// Reads an Emergent CSV, or any CSV with an id column (`id`, or Emergent's unnamed first
/// column), `claimHeadline` and `articleHeadline`; `articleHeadlineStance` and `claimId` are read
/// when present.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>, EmergentError> {
    let read_error = |source| EmergentError::Read {
        path: path.to_owned(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(read_error)?;
    let headers = reader.headers().map_err(read_error)?.clone();
    let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim()));
    let missing = |column: &'static str| EmergentError::Column {
        path: path.to_owned(),
        column,
    };
    let id_col = column(&["id", ""]).ok_or_else(|| missing("id"))?;
    let claim_col = column(&["claimHeadline"]).ok_or_else(|| missing("claimHeadline"))?;
    let headline_col = column(&["articleHeadline"]).ok_or_else(|| missing("articleHeadline"))?;
    let stance_col = column(&["articleHeadlineStance"]);
    let claim_id_col = column(&["claimId"]);
    let mut pairs = Vec::new();
    for (row_idx, record) in reader.records().enumerate() {
        let record = record.map_err(read_error)?;
        let field = |col: usize| record.get(col).unwrap_or("").to_owned();
        let gold = match stance_col {
            Some(col) => {
                let label = field(col);
                Some(Stance::parse(&label).ok_or_else(|| EmergentError::Label {
                    path: path.to_owned(),
                    row: row_idx + 2,
                    label,
                })?)
            }
            None => None,
        };
        pairs.push(Pair {
            id: field(id_col),
            claim: field(claim_col),
            headline: field(headline_col),
            gold,
            claim_id: claim_id_col.map(field),
        });
    }
    Ok(pairs)
}

/// The training examples of the labelled pairs, featurized with `options`.
pub fn examples(pairs: &[Pair], options: &FeatureOptions) -> Vec<Example> {
    pairs
        .iter()
        .filter_map(|pair| {
            Some(Example {
                features: stance::features(&pair.claim, &pair.headline, options),
                gold: pair.gold?,
            })
        })
        .collect()
}

/// A confusion matrix, gold rows by predicted columns, in `Stance::ALL` order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion(pub [[usize; N_CLASSES]; N_CLASSES]);

impl Confusion {
    pub fn add(&mut self, gold: Stance, predicted: Stance) {
        self.0[gold.index()][predicted.index()] += 1;
    }

    pub fn merge(&mut self, other: &Confusion) {
        for (row, other_row) in self.0.iter_mut().zip(&other.0) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }

    pub fn total(&self) -> usize {
        self.0.iter().flatten().sum()
    }

    pub fn accuracy(&self) -> f64 {
        let correct: usize = (0..N_CLASSES).map(|i| self.0[i][i]).sum();
        correct as f64 / self.total().max(1) as f64
    }

    /// Precision, recall and F1 of one class (0 when undefined).
    pub fn prf(&self, stance: Stance) -> (f64, f64, f64) {
        let class = stance.index();
        let correct = self.0[class][class] as f64;
        let predicted: usize = (0..N_CLASSES).map(|gold| self.0[gold][class]).sum();
        let gold: usize = self.0[class].iter().sum();
        let precision = if predicted == 0 {
            0.0
        } else {
            correct / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            correct / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }

    pub fn macro_f1(&self) -> f64 {
        Stance::ALL.iter().map(|s| self.prf(*s).2).sum::<f64>() / N_CLASSES as f64
    }
}

/// Scores `model` on the labelled pairs.
pub fn score(model: &Model, pairs: &[Pair]) -> Confusion {
    let mut confusion = Confusion::default();
    for pair in pairs {
        if let Some(gold) = pair.gold {
            let (predicted, _) = stance::classify_with(model, &pair.claim, &pair.headline);
            confusion.add(gold, predicted);
        }
    }
    confusion
}

/// The fold of each pair: claims in order of first appearance, dealt round-robin into `k` folds,
/// so no claim is split across folds (the authors' `ClaimKFold` idea, deterministic).
pub fn claim_folds(pairs: &[Pair], k: usize) -> Vec<usize> {
    let mut fold_of: HashMap<&str, usize> = HashMap::new();
    pairs
        .iter()
        .map(|pair| {
            let claim = pair.claim_id.as_deref().unwrap_or(&pair.claim);
            let next = fold_of.len() % k.max(1);
            *fold_of.entry(claim).or_insert(next)
        })
        .collect()
}

/// K-fold cross-validation grouped by claim: the pooled confusion matrix of every held-out fold.
pub fn cross_validate(pairs: &[Pair], config: &TrainConfig, k: usize) -> Confusion {
    let folds = claim_folds(pairs, k);
    let all = examples(pairs, &config.options);
    let mut pooled = Confusion::default();
    for fold in 0..k {
        let train: Vec<Example> = all
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f != fold)
            .map(|(example, _)| example.clone())
            .collect();
        let held: Vec<Pair> = pairs
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f == fold)
            .map(|(pair, _)| pair.clone())
            .collect();
        let model = stance::train(&train, config);
        pooled.merge(&score(&model, &held));
    }
    pooled
}

/// The test-split figures of the shipped model.
#[derive(Debug, Clone)]
pub struct EmergentReport {
    pub file: String,
    pub confusion: Confusion,
}

/// Scores the shipped stance model on Emergent's test split in `dataset_dir`.
pub fn emergent(dataset_dir: &Path) -> Result<EmergentReport, EmergentError> {
    let pairs = read_pairs(&dataset_dir.join(TEST_FILE))?;
    Ok(EmergentReport {
        file: TEST_FILE.to_owned(),
        confusion: score(stance::model(), &pairs),
    })
}

impl fmt::Display for EmergentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.confusion;
        writeln!(
            f,
            "Emergent stance (for / against / observing) on {}: {} headlines",
            self.file,
            c.total()
        )?;
        writeln!(
            f,
            "  {:<28} {:>8} {:>8} {:>8} {:>8} {:>8}",
            "system", "accuracy", "F1 for", "F1 agst", "F1 obs", "macro-F1"
        )?;
        let f1 = |s: Stance| c.prf(s).2;
        writeln!(
            f,
            "  {:<28} {:>8.2} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            "wiredesk stance",
            100.0 * c.accuracy(),
            f1(Stance::For),
            f1(Stance::Against),
            f1(Stance::Observing),
            c.macro_f1()
        )?;
        let (accuracy, f1s, macro_f1) = PUBLISHED_LR;
        writeln!(
            f,
            "  {:<28} {:>8.2} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            "Ferreira & Vlachos 2016 LR", accuracy, f1s[0], f1s[1], f1s[2], macro_f1
        )?;
        for stance in Stance::ALL {
            let (precision, recall, f1) = c.prf(stance);
            writeln!(
                f,
                "    {:<10} P {precision:.3}  R {recall:.3}  F1 {f1:.3}",
                stance.as_str()
            )?;
        }
        writeln!(
            f,
            "  confusion (gold rows × predicted for / against / observing):"
        )?;
        for stance in Stance::ALL {
            let row = c.0[stance.index()];
            writeln!(
                f,
                "    {:<10} {:>5} {:>5} {:>5}",
                stance.as_str(),
                row[0],
                row[1],
                row[2]
            )?;
        }
        Ok(())
    }
}

#[derive(serde::Serialize)]
struct StanceLine<'a> {
    id: &'a str,
    stance: Stance,
}

/// `wiredesk analyze stance`: one `{"id", "stance"}` JSON line per CSV row, in order. Returns
/// the number of rows.
pub fn analyze_stance(input: &Path, output: &Path) -> Result<usize, EmergentError> {
    let pairs = read_pairs(input)?;
    let write_error = |source| EmergentError::Write {
        path: output.to_owned(),
        source,
    };
    let file = std::fs::File::create(output).map_err(write_error)?;
    let mut writer = BufWriter::new(file);
    for pair in &pairs {
        let (stance, _) = stance::classify(&pair.claim, &pair.headline);
        let line = serde_json::to_string(&StanceLine {
            id: &pair.id,
            stance,
        })
        .map_err(|error| write_error(std::io::Error::other(error)))?;
        writeln!(writer, "{line}").map_err(write_error)?;
    }
    writer.flush().map_err(write_error)?;
    Ok(pairs.len())
}
