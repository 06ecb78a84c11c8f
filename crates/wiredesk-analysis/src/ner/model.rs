//! The entity tagger's linear model: BILOU labels over four types, feature weights looked up by a
//! 64-bit hash of the feature string, first-order transitions, constrained Viterbi, and the
//! averaged structured perceptron that learns them.
//!
//! Decision: features are hashed piece by piece (FNV-1a over the pieces of `"l=" + word`) instead
//! of being formatted into strings, so tagging allocates nothing per feature; the model file keeps
//! the readable feature names and hashes them once when it is read.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use super::N_TYPES;

/// `O`, then B, I, L, U for each type in `NerKind` order.
pub const N_LABELS: usize = 1 + 4 * N_TYPES;
const START: usize = N_LABELS;

/// Label names, in weight-column order.
pub const LABEL_NAMES: [&str; N_LABELS] = [
    "O", "B-PER", "I-PER", "L-PER", "U-PER", "B-LOC", "I-LOC", "L-LOC", "U-LOC", "B-ORG", "I-ORG",
    "L-ORG", "U-ORG", "B-MISC", "I-MISC", "L-MISC", "U-MISC",
];

/// Where a label sits in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The label for type `type_idx` at `part`.
pub fn label(type_idx: usize, part: Part) -> usize {
    1 + 4 * type_idx + part as usize
}

/// Type and part of a label; `None` for `O`.
pub fn split_label(label: usize) -> Option<(usize, Part)> {
    if label == 0 || label >= N_LABELS {
        return None;
    }
    let part = match (label - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some(((label - 1) / 4, part))
}

/// An entity is open after B or I.
fn is_open(label: usize) -> bool {
    matches!(split_label(label), Some((_, Part::Begin | Part::Inside)))
}

fn allowed(prev: usize, cur: usize) -> bool {
    match split_label(cur) {
        Some((type_idx, Part::Inside | Part::Last)) => {
            prev != START
                && matches!(split_label(prev), Some((t, Part::Begin | Part::Inside)) if t == type_idx)
        }
        _ => prev == START || !is_open(prev),
    }
}

/// FNV-1a over the pieces (equal to hashing their concatenation), then a 64-bit finalizer.
pub fn hash_pieces(pieces: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for piece in pieces {
        for &byte in piece.as_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

/// Keys are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub type HashIndex = HashMap<u64, u32, BuildHasherDefault<IdHasher>>;

type Transitions = [[f32; N_LABELS]; N_LABELS + 1];

/// One pass's weights.
#[derive(Debug, Clone)]
pub struct Weights {
    index: HashIndex,
    rows: Vec<[f32; N_LABELS]>,
    /// Feature names by row, kept by the trainer so the model can be written; empty once read.
    names: Vec<Box<str>>,
    transitions: Transitions,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            index: HashIndex::default(),
            rows: Vec::new(),
            names: Vec::new(),
            transitions: [[0.0; N_LABELS]; N_LABELS + 1],
        }
    }
}

impl Weights {
    /// Add the weights of the feature made of `pieces` to `score`.
    #[inline]
    pub fn add(&self, pieces: &[&str], score: &mut [f32; N_LABELS]) {
        if let Some(&row) = self.index.get(&hash_pieces(pieces)) {
            for (s, w) in score.iter_mut().zip(&self.rows[row as usize]) {
                *s += w;
            }
        }
    }

    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// The best label sequence for the emission scores.
    pub fn viterbi(&self, emissions: &[[f32; N_LABELS]]) -> Vec<usize> {
        viterbi(emissions, &self.transitions)
    }

    /// Text form: the transition rows, then `feature<TAB>label:weight …` per line with weights
    /// rounded to `1 / scale` and dropping those below `min_weight` in magnitude.
    pub fn write_text(&self, out: &mut String, min_weight: f32, scale: f32) {
        for row in &self.transitions {
            let cells: Vec<String> = row.iter().map(|w| format!("{w:.2}")).collect();
            out.push_str(&cells.join(" "));
            out.push('\n');
        }
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_unstable_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        for row_idx in order {
            let row = &self.rows[row_idx];
            let quantized: Vec<(usize, i64)> = row
                .iter()
                .enumerate()
                .filter(|(_, w)| w.abs() >= min_weight)
                .map(|(label, w)| (label, (w * scale).round() as i64))
                .filter(|(_, q)| *q != 0)
                .collect();
            if quantized.is_empty() {
                continue;
            }
            out.push_str(&self.names[row_idx]);
            out.push('\t');
            for (cell_idx, (label, q)) in quantized.iter().enumerate() {
                if cell_idx > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{label}:{q}");
            }
            out.push('\n');
        }
    }

    /// Read transitions then feature lines until a line starting with `[` (returned) or the end.
    pub fn read_text<'a>(
        lines: &mut impl Iterator<Item = &'a str>,
        scale: f32,
    ) -> Option<(Weights, Option<&'a str>)> {
        let mut weights = Weights::default();
        for row in weights.transitions.iter_mut() {
            let cells: Vec<f32> = lines
                .next()?
                .split(' ')
                .map(|c| c.parse().ok())
                .collect::<Option<_>>()?;
            if cells.len() != N_LABELS {
                return None;
            }
            row.copy_from_slice(&cells);
        }
        for line in lines.by_ref() {
            if line.starts_with('[') {
                return Some((weights, Some(line)));
            }
            let (name, cells) = line.split_once('\t')?;
            let mut row = [0f32; N_LABELS];
            for cell in cells.split(' ') {
                let (label, q) = cell.split_once(':')?;
                let label: usize = label.parse().ok()?;
                let q: i64 = q.parse().ok()?;
                *row.get_mut(label)? = q as f32 / scale;
            }
            let row_idx = weights.rows.len() as u32;
            weights.index.insert(hash_pieces(&[name]), row_idx);
            weights.rows.push(row);
        }
        Some((weights, None))
    }
}

fn viterbi(emissions: &[[f32; N_LABELS]], transitions: &Transitions) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut ok = [[false; N_LABELS]; N_LABELS + 1];
    for (prev, row) in ok.iter_mut().enumerate() {
        for (cur, cell) in row.iter_mut().enumerate() {
            *cell = allowed(prev, cur);
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; N_LABELS]; n];
    let mut back = vec![[0u8; N_LABELS]; n];
    for y in 0..N_LABELS {
        if ok[START][y] {
            score[0][y] = transitions[START][y] + emissions[0][y];
        }
    }
    for i in 1..n {
        for y in 0..N_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..N_LABELS {
                if !ok[p][y] || score[i - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[i - 1][p] + transitions[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[i][y] = best + emissions[i][y];
            back[i][y] = arg as u8;
        }
    }
    // The sentence may not end inside an entity.
    let mut y = (0..N_LABELS)
        .filter(|&y| !is_open(y) && score[n - 1][y] > f32::NEG_INFINITY)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = y;
        y = usize::from(back[i][y]);
    }
    path
}

/// Collects the features of the training set, then keeps those seen at least `min_count` times.
#[derive(Default)]
pub struct Interner {
    seen: HashMap<u64, (u32, Box<str>), BuildHasherDefault<IdHasher>>,
}

impl Interner {
    /// Record a feature; returns its hash.
    pub fn see(&mut self, pieces: &[&str]) -> u64 {
        let hash = hash_pieces(pieces);
        self.seen
            .entry(hash)
            .or_insert_with(|| (0, pieces.concat().into()))
            .0 += 1;
        hash
    }

    pub fn n_seen(&self) -> usize {
        self.seen.len()
    }

    /// A trainer over the features seen at least `min_count` times (in a fixed order).
    pub fn finish(self, min_count: u32) -> Trainer {
        let mut kept: Vec<(u64, Box<str>)> = self
            .seen
            .into_iter()
            .filter(|(_, (count, _))| *count >= min_count)
            .map(|(hash, (_, name))| (hash, name))
            .collect();
        kept.sort_unstable_by(|a, b| a.1.cmp(&b.1));
        let mut index = HashIndex::default();
        let mut names = Vec::with_capacity(kept.len());
        for (row, (hash, name)) in kept.into_iter().enumerate() {
            index.insert(hash, row as u32);
            names.push(name);
        }
        let n = names.len();
        Trainer {
            index,
            names,
            weights: vec![[0.0; N_LABELS]; n],
            updates: vec![[0.0; N_LABELS]; n],
            transitions: [[0.0; N_LABELS]; N_LABELS + 1],
            transition_updates: [[0.0; N_LABELS]; N_LABELS + 1],
            steps: 1.0,
        }
    }
}

/// One training sentence: feature rows per token and gold labels.
#[derive(Debug, Clone)]
pub struct Example {
    features: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

/// Averaged structured perceptron state.
pub struct Trainer {
    index: HashIndex,
    names: Vec<Box<str>>,
    weights: Vec<[f32; N_LABELS]>,
    /// Sum of step × update, for averaging (`avg = w - u / steps`).
    updates: Vec<[f32; N_LABELS]>,
    transitions: Transitions,
    transition_updates: Transitions,
    steps: f32,
}

impl Trainer {
    pub fn n_features(&self) -> usize {
        self.names.len()
    }

    /// An example from per-token feature hashes (unknown hashes are dropped) and gold labels.
    pub fn example(&self, hashes: &[Vec<u64>], gold: Vec<usize>) -> Example {
        let features = hashes
            .iter()
            .map(|token| {
                token
                    .iter()
                    .filter_map(|hash| self.index.get(hash).copied())
                    .collect()
            })
            .collect();
        Example { features, gold }
    }

    /// Forget every weight, keep the features (for the jackknife folds).
    pub fn reset(&mut self) {
        self.weights.iter_mut().for_each(|w| *w = [0.0; N_LABELS]);
        self.updates.iter_mut().for_each(|w| *w = [0.0; N_LABELS]);
        self.transitions = [[0.0; N_LABELS]; N_LABELS + 1];
        self.transition_updates = [[0.0; N_LABELS]; N_LABELS + 1];
        self.steps = 1.0;
    }

    fn decode(&self, example: &Example) -> Vec<usize> {
        let emissions: Vec<[f32; N_LABELS]> = example
            .features
            .iter()
            .map(|rows| {
                let mut score = [0f32; N_LABELS];
                for &row in rows {
                    for (s, w) in score.iter_mut().zip(&self.weights[row as usize]) {
                        *s += w;
                    }
                }
                score
            })
            .collect();
        viterbi(&emissions, &self.transitions)
    }

    /// One perceptron step; returns whether the prediction was wrong.
    pub fn learn(&mut self, example: &Example) -> bool {
        let pred = self.decode(example);
        let step = self.steps;
        self.steps += 1.0;
        if pred == example.gold {
            return false;
        }
        for (i, rows) in example.features.iter().enumerate() {
            let (g, p) = (example.gold[i], pred[i]);
            if g != p {
                for &row in rows {
                    let row = row as usize;
                    self.weights[row][g] += 1.0;
                    self.weights[row][p] -= 1.0;
                    self.updates[row][g] += step;
                    self.updates[row][p] -= step;
                }
            }
            let (gp, pp) = if i == 0 {
                (START, START)
            } else {
                (example.gold[i - 1], pred[i - 1])
            };
            if (gp, g) != (pp, p) {
                self.transitions[gp][g] += 1.0;
                self.transitions[pp][p] -= 1.0;
                self.transition_updates[gp][g] += step;
                self.transition_updates[pp][p] -= step;
            }
        }
        true
    }

    /// The averaged weights so far.
    pub fn averaged(&self) -> Weights {
        let avg = |w: f32, u: f32| w - u / self.steps;
        Weights {
            index: self.index.clone(),
            rows: self
                .weights
                .iter()
                .zip(&self.updates)
                .map(|(w, u)| std::array::from_fn(|y| avg(w[y], u[y])))
                .collect(),
            names: self.names.clone(),
            transitions: std::array::from_fn(|p| {
                std::array::from_fn(|y| avg(self.transitions[p][y], self.transition_updates[p][y]))
            }),
        }
    }
}
