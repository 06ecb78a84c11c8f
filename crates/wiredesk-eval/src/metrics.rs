//! Clustering metrics, reusable by every evaluation: NMI with geometric normalization (Yin et al.
//! 2018, eq. 6; scikit-learn's `average_method="geometric"`) and B-cubed precision, recall and F1
//! (Bagga & Baldwin 1998; Amigó et al. 2009).
//!
//! Both take two label vectors of equal length, gold first; labels are opaque ids. B-cubed is
//! reported beside NMI because NMI rewards over-splitting: every document alone already scores
//! about 0.70 on GoogleNews.

use std::collections::HashMap;

/// Counts of the contingency table: per gold class, per predicted cluster, and per pair.
struct Contingency {
    gold: HashMap<u64, usize>,
    pred: HashMap<u64, usize>,
    pairs: HashMap<(u64, u64), usize>,
    n: usize,
}

fn contingency(gold: &[u64], pred: &[u64]) -> Contingency {
    let n = gold.len().min(pred.len());
    let mut table = Contingency {
        gold: HashMap::new(),
        pred: HashMap::new(),
        pairs: HashMap::new(),
        n,
    };
    for (&g, &p) in gold.iter().zip(pred) {
        *table.gold.entry(g).or_default() += 1;
        *table.pred.entry(p).or_default() += 1;
        *table.pairs.entry((g, p)).or_default() += 1;
    }
    table
}

/// Normalized mutual information, geometric mean normalization:
/// `I(C;K) / sqrt(H(C) · H(K))`. Both partitions trivial (one block each) gives 1.0; exactly one
/// trivial gives 0.0. Extra elements of the longer slice are ignored.
pub fn nmi(gold: &[u64], pred: &[u64]) -> f64 {
    let table = contingency(gold, pred);
    if table.n == 0 {
        return 1.0;
    }
    let n = table.n as f64;
    let entropy = |counts: &HashMap<u64, usize>| -> f64 {
        counts
            .values()
            .map(|&c| {
                let p = c as f64 / n;
                -p * p.ln()
            })
            .sum()
    };
    let h_gold = entropy(&table.gold);
    let h_pred = entropy(&table.pred);
    if h_gold == 0.0 && h_pred == 0.0 {
        return 1.0;
    }
    if h_gold == 0.0 || h_pred == 0.0 {
        return 0.0;
    }
    let mutual: f64 = table
        .pairs
        .iter()
        .map(|(&(g, p), &n_gp)| {
            let n_gp = n_gp as f64;
            let n_g = table.gold[&g] as f64;
            let n_p = table.pred[&p] as f64;
            (n_gp / n) * (n * n_gp / (n_g * n_p)).ln()
        })
        .sum();
    (mutual / (h_gold * h_pred).sqrt()).clamp(0.0, 1.0)
}

/// B-cubed precision, recall and F1 (harmonic mean of the two), averaged over documents.
/// For each document: precision is the share of its predicted cluster that shares its gold
/// class, recall the share of its gold class that shares its predicted cluster.
pub fn bcubed(gold: &[u64], pred: &[u64]) -> (f64, f64, f64) {
    let table = contingency(gold, pred);
    if table.n == 0 {
        return (1.0, 1.0, 1.0);
    }
    // Σ_docs n_gp / n_p = Σ_pairs n_gp² / n_p, and likewise for recall.
    let mut precision = 0.0;
    let mut recall = 0.0;
    for (&(g, p), &n_gp) in &table.pairs {
        let n_gp = n_gp as f64;
        precision += n_gp * n_gp / table.pred[&p] as f64;
        recall += n_gp * n_gp / table.gold[&g] as f64;
    }
    let n = table.n as f64;
    let (precision, recall) = (precision / n, recall / n);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests;
