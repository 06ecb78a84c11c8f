//! Multinomial logistic regression over named sparse features: the weights file format and the
//! trainer. Training is full-batch gradient descent with AdaGrad steps on the mean cross-entropy
//! plus an L2 penalty (the bias is not penalised): no sampling, so the same data and config give
//! the same weights on every machine, with no seed to carry.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::Stance;
use super::features::FeatureOptions;

pub const N_CLASSES: usize = 3;

/// Learned weights, one row of three (for, against, observing) per feature name.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub options: FeatureOptions,
    pub weights: HashMap<String, [f32; N_CLASSES]>,
}

/// The first line of a weights file.
const MAGIC: &str = "wiredesk-stance v1";

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a stance model (first line {0:?})")]
    Magic(String),
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

impl Model {
    /// Class scores (log-odds up to a constant) of a feature vector.
    pub fn scores(&self, features: &[(String, f32)]) -> [f32; N_CLASSES] {
        let mut scores = [0.0; N_CLASSES];
        for (name, value) in features {
            if let Some(row) = self.weights.get(name) {
                for (score, weight) in scores.iter_mut().zip(row) {
                    *score += weight * value;
                }
            }
        }
        scores
    }

    pub fn probabilities(&self, features: &[(String, f32)]) -> [f32; N_CLASSES] {
        softmax(self.scores(features))
    }

    /// Reads the text format: the magic line, `#` comments, an `options` line, then
    /// `name<TAB>w_for w_against w_observing` rows.
    pub fn from_text(text: &str) -> Result<Model, ModelError> {
        let mut lines = text.lines().enumerate();
        let first = lines.next().map_or("", |(_, line)| line);
        if first.trim() != MAGIC {
            return Err(ModelError::Magic(first.chars().take(40).collect()));
        }
        let mut model = Model::default();
        for (idx, line) in lines {
            let bad = |message: &str| ModelError::Line {
                line: idx + 1,
                message: message.to_owned(),
            };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(json) = line.strip_prefix("options\t") {
                model.options =
                    serde_json::from_str(json).map_err(|error| bad(&error.to_string()))?;
                continue;
            }
            let (name, values) = line.split_once('\t').ok_or_else(|| bad("no tab"))?;
            let mut row = [0.0; N_CLASSES];
            let mut parts = values.split(' ');
            for weight in &mut row {
                *weight = parts
                    .next()
                    .and_then(|part| part.parse().ok())
                    .ok_or_else(|| bad("expected three weights"))?;
            }
            model.weights.insert(name.to_owned(), row);
        }
        Ok(model)
    }

    /// Writes the text format, rows sorted by name; `header` lines become `#` comments.
    pub fn to_text(&self, header: &[String]) -> String {
        let mut out = format!("{MAGIC}\n");
        for line in header {
            let _ = writeln!(out, "# {line}");
        }
        let options = serde_json::to_string(&self.options).unwrap_or_default();
        let _ = writeln!(out, "options\t{options}");
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for name in names {
            let row = self.weights[name];
            let _ = writeln!(out, "{name}\t{:.4} {:.4} {:.4}", row[0], row[1], row[2]);
        }
        out
    }
}

pub(crate) fn softmax(scores: [f32; N_CLASSES]) -> [f32; N_CLASSES] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = scores.map(|s| (s - max).exp());
    let total: f32 = exps.iter().sum();
    exps.map(|e| e / total)
}

/// The trainer's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub options: FeatureOptions,
    /// L2 strength on the mean loss.
    pub l2: f32,
    pub iterations: usize,
    pub learning_rate: f32,
    /// Features seen in fewer training pairs are dropped.
    pub min_count: usize,
    /// Each class's loss is weighted by `(n / (3 · n_class))^class_weight`: 0 = plain, 1 = balanced.
    pub class_weight: f32,
    /// Weights whose largest magnitude is below this are not written.
    pub prune: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            options: FeatureOptions::default(),
            l2: 1e-3,
            iterations: 300,
            learning_rate: 0.5,
            min_count: 2,
            class_weight: 0.0,
            prune: 1e-3,
        }
    }
}

/// One training pair, already turned into features.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<(String, f32)>,
    pub gold: Stance,
}

/// Trains a model on `examples` (features must come from `config.options`).
pub fn train(examples: &[Example], config: &TrainConfig) -> Model {
    // Index the features seen often enough.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for example in examples {
        for (name, _) in &example.features {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<&str> = counts
        .iter()
        .filter(|(name, count)| **count >= config.min_count || **name == "bias")
        .map(|(name, _)| *name)
        .collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let bias = index.get("bias").copied();
    let rows: Vec<(Vec<(usize, f32)>, usize)> = examples
        .iter()
        .map(|example| {
            let features = example
                .features
                .iter()
                .filter_map(|(name, value)| index.get(name.as_str()).map(|&i| (i, *value)))
                .collect();
            (features, example.gold.index())
        })
        .collect();

    let mut class_counts = [0usize; N_CLASSES];
    for (_, gold) in &rows {
        class_counts[*gold] += 1;
    }
    let n = rows.len().max(1) as f32;
    let class_weights = class_counts.map(|count| {
        let balanced = n / (N_CLASSES as f32 * count.max(1) as f32);
        balanced.powf(config.class_weight)
    });

    let n_features = names.len();
    let mut weights = vec![[0.0f32; N_CLASSES]; n_features];
    let mut squared = vec![[0.0f32; N_CLASSES]; n_features];
    let mut gradient = vec![[0.0f32; N_CLASSES]; n_features];
    for _ in 0..config.iterations {
        gradient.fill([0.0; N_CLASSES]);
        for (features, gold) in &rows {
            let mut scores = [0.0f32; N_CLASSES];
            for &(i, value) in features {
                for (score, weight) in scores.iter_mut().zip(&weights[i]) {
                    *score += weight * value;
                }
            }
            let probs = softmax(scores);
            let scale = class_weights[*gold] / n;
            for &(i, value) in features {
                for (class, prob) in probs.iter().enumerate() {
                    let target = if class == *gold { 1.0 } else { 0.0 };
                    gradient[i][class] += scale * (prob - target) * value;
                }
            }
        }
        for i in 0..n_features {
            for class in 0..N_CLASSES {
                let mut grad = gradient[i][class];
                if Some(i) != bias {
                    grad += config.l2 * weights[i][class];
                }
                squared[i][class] += grad * grad;
                weights[i][class] -=
                    config.learning_rate * grad / (squared[i][class].sqrt() + 1e-8);
            }
        }
    }

    let weights = names
        .iter()
        .zip(weights)
        .filter(|(_, row)| row.iter().any(|w| w.abs() >= config.prune))
        .map(|(name, row)| ((*name).to_owned(), row))
        .collect();
    Model {
        options: config.options,
        weights,
    }
}
