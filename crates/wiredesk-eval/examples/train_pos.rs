//! Rebuild the part-of-speech tagger's weights (`crates/wiredesk-analysis/data/pos.model`): train
//! the greedy averaged perceptron on the POS column of CoNLL-2003 `eng.train`, pick the epoch by
//! token accuracy on `eng.testa`, prune small weights, write the model, and report accuracy on
//! `eng.testa` (dev) and `eng.testb` (test) for the pruned model as written, plus tagging speed.
//!
//! Usage: `cargo run --release -p wiredesk-eval --example train_pos [epochs] [min_weights] [dataset_dir] [output]`
//! (`min_weights` like "1,2,4": every threshold is reported, the first is written).
//!
//! The CoNLL reader here is a minimal one of its own (four columns `token POS chunk NE`, blank
//! line ends a sentence, `-DOCSTART-` lines are document boundaries), written before the shared
//! reader existed; it keeps only token and POS.

use std::path::{Path, PathBuf};
use std::time::Instant;

use wiredesk_analysis::pos::{Model, Trainer};

/// Sentences of (token, POS) pairs.
type Sentences = Vec<Vec<(String, String)>>;

fn read_conll(path: &Path) -> Result<Sentences, Box<dyn std::error::Error>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let mut fields = line.split(' ');
        let (Some(token), Some(pos)) = (fields.next(), fields.next()) else {
            return Err(format!("{}:{}: expected 4 columns", path.display(), line_idx + 1).into());
        };
        current.push((token.to_owned(), pos.to_owned()));
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn borrowed(sentences: &Sentences) -> Vec<Vec<(&str, &str)>> {
    sentences
        .iter()
        .map(|s| s.iter().map(|(t, p)| (t.as_str(), p.as_str())).collect())
        .collect()
}

/// (correct, total) tokens.
fn accuracy(model: &Model, sentences: &[Vec<(&str, &str)>]) -> (usize, usize) {
    let mut correct = 0;
    let mut total = 0;
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.iter().map(|(t, _)| *t).collect();
        let predicted = model.predict(&tokens);
        for (idx, &(_, gold)) in predicted.iter().zip(sentence) {
            correct += usize::from(model.tag_name(*idx) == gold);
            total += 1;
        }
    }
    (correct, total)
}

/// The `top` most frequent (gold, predicted) mistakes.
fn confusions(model: &Model, sentences: &[Vec<(&str, &str)>], top: usize) -> String {
    let mut counts: std::collections::HashMap<(String, String), usize> = Default::default();
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.iter().map(|(t, _)| *t).collect();
        for (idx, &(_, gold)) in model.predict(&tokens).iter().zip(sentence) {
            let predicted = model.tag_name(*idx);
            if predicted != gold {
                *counts
                    .entry((gold.to_owned(), predicted.to_owned()))
                    .or_default() += 1;
            }
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
        .iter()
        .take(top)
        .map(|((gold, predicted), n)| format!("{gold}→{predicted} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pct((correct, total): (usize, usize)) -> f64 {
    100.0 * correct as f64 / total.max(1) as f64
}

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let epochs: usize = args.get(1).map(|a| a.parse()).transpose()?.unwrap_or(12);
    let thresholds: Vec<f32> = args
        .get(2)
        .map_or("1", String::as_str)
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let min_weight = *thresholds.first().ok_or("no pruning threshold")?;
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dataset = args
        .get(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/datasets/conll2003"));
    let output = args
        .get(4)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../wiredesk-analysis/data/pos.model"));

    let started = Instant::now();
    let train_owned = read_conll(&dataset.join("eng.train"))?;
    let testa_owned = read_conll(&dataset.join("eng.testa"))?;
    let testb_owned = read_conll(&dataset.join("eng.testb"))?;
    let (train, testa, testb) = (
        borrowed(&train_owned),
        borrowed(&testa_owned),
        borrowed(&testb_owned),
    );
    let n_tokens: usize = train.iter().map(Vec::len).sum();
    eprintln!(
        "train: {} sentences, {n_tokens} tokens; testa: {} sentences; testb: {} sentences",
        train.len(),
        testa.len(),
        testb.len()
    );

    let mut trainer = Trainer::new(&train, 20, 0.97);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut best: Option<(f64, usize, Model)> = None;
    for epoch in 1..=epochs {
        // Fisher–Yates with xorshift: deterministic across runs.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut n_wrong = 0;
        for &idx in &order {
            n_wrong += trainer.learn(&train[idx]);
        }
        let model = trainer.averaged(0.0);
        let dev = pct(accuracy(&model, &testa));
        eprintln!(
            "epoch {epoch}: {n_wrong} train tokens wrong; testa accuracy {dev:.2}% ({} features, {:.1}s)",
            trainer.n_features(),
            started.elapsed().as_secs_f64()
        );
        if best.as_ref().is_none_or(|(b, _, _)| dev > *b) {
            best = Some((dev, epoch, model));
        }
    }
    let Some((dev, epoch, model)) = best else {
        return Err("no epochs run".into());
    };
    eprintln!(
        "best epoch {epoch} (testa {dev:.2}%), {} features, {} words in the tag dictionary",
        model.n_features(),
        model.n_tagdict()
    );

    let header = format!(
        "Part-of-speech tagger weights (greedy averaged perceptron, Penn Treebank tags).\n\
         Trained on the POS column of CoNLL-2003 eng.train (Reuters RCV1 newswire, research-use\n\
         text; University of Antwerp annotations). Weights and single-word/word-pair features only,\n\
         no running text.\n\
         Rebuild: cargo run --release -p wiredesk-eval --example train_pos {epochs} {min_weight}\n\
         Best epoch {epoch} of {epochs} by eng.testa accuracy; weights below {min_weight} pruned."
    );
    let mut written = None;
    for &threshold in thresholds.iter().rev() {
        let text = model.to_text(&header, threshold);
        let pruned = Model::from_text(&text).ok_or("written model does not read back")?;
        let (a, b) = (accuracy(&pruned, &testa), accuracy(&pruned, &testb));
        eprintln!(
            "min weight {threshold}: {} features, {:.2} MB; testa {:.2}% ({}/{}), testb {:.2}% ({}/{})",
            pruned.n_features(),
            text.len() as f64 / 1e6,
            pct(a),
            a.0,
            a.1,
            pct(b),
            b.0,
            b.1
        );
        if threshold == min_weight {
            written = Some((text, pruned));
        }
    }
    let (text, pruned) = written.ok_or("no model written")?;
    eprintln!(
        "most frequent testa confusions (gold → predicted): {}",
        confusions(&pruned, &testa, 12)
    );

    // Speed: tag testa + testb five times.
    let timer = Instant::now();
    let mut n_tagged = 0;
    for _ in 0..5 {
        for sentence in testa.iter().chain(&testb) {
            let tokens: Vec<&str> = sentence.iter().map(|(t, _)| *t).collect();
            n_tagged += pruned.predict(&tokens).len();
        }
    }
    let secs = timer.elapsed().as_secs_f64();
    eprintln!(
        "speed: {n_tagged} tokens in {secs:.2}s = {:.0} tokens/s",
        n_tagged as f64 / secs
    );

    std::fs::write(&output, text).map_err(|e| format!("writing {}: {e}", output.display()))?;
    eprintln!(
        "wrote {} ({:.1}s)",
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
