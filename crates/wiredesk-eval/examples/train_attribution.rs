//! Rebuild the attribution tagger's weights (`crates/wiredesk-analysis/data/attribution.model`):
//! train the averaged perceptron on PolNeAR's train articles, pick the epoch by dev span F1 (CofeNet
//! `valid.jsonl`; the test file is never read here), prune tiny weights and write the model.
//!
//! Usage: `cargo run --release -p wiredesk-eval --example train_attribution [epochs] [min_weight] [dataset_dir] [output]`.

use std::path::PathBuf;
use std::time::Instant;

use wiredesk_analysis::attribute::{LABELS, Model, Trainer};
use wiredesk_eval::polnear::{Counts, convert_articles, evaluate, read_sentences};

fn f1s(counts: &[Counts; 3]) -> String {
    counts
        .iter()
        .map(|c| format!("{:.1}", 100.0 * c.f1()))
        .collect::<Vec<_>>()
        .join(" / ")
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
    // Pruning thresholds to report ("5,10,20"); the first is the one written.
    let thresholds: Vec<f32> = args
        .get(2)
        .map_or("10", String::as_str)
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let min_weight = *thresholds.first().ok_or("no pruning threshold")?;
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dataset = args
        .get(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/datasets/polnear"));
    let output = args
        .get(4)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../wiredesk-analysis/data/attribution.model"));

    let started = Instant::now();
    let train = convert_articles(&dataset.join("polnear_train.jsonl"))?;
    let dev = read_sentences(&dataset.join("cofenet_sentence_level/valid.jsonl"))?;
    let n_tokens: usize = train.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "train: {} paragraphs, {n_tokens} tokens; dev: {} sentences ({:.1}s)",
        train.len(),
        dev.len(),
        started.elapsed().as_secs_f64()
    );

    let mut trainer = Trainer::new();
    let examples: Vec<_> = train
        .iter()
        .map(|s| {
            let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            trainer.example(&tokens, &s.labels)
        })
        .collect();
    eprintln!(
        "features interned ({:.1}s)",
        started.elapsed().as_secs_f64()
    );

    let mut order: Vec<usize> = (0..examples.len()).collect();
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
            n_wrong += usize::from(trainer.learn(&examples[idx]));
        }
        let model = trainer.averaged();
        let counts = evaluate(&dev, |tokens| {
            model
                .predict(tokens)
                .into_iter()
                .map(|y| LABELS[y])
                .collect()
        });
        let mean = counts.iter().map(Counts::f1).sum::<f64>() / 3.0;
        eprintln!(
            "epoch {epoch}: {n_wrong} wrong; dev F1 source/cue/content {} (mean {:.1}) ({:.1}s)",
            f1s(&counts),
            100.0 * mean,
            started.elapsed().as_secs_f64()
        );
        if best.as_ref().is_none_or(|(m, _, _)| mean > *m) {
            best = Some((mean, epoch, model));
        }
    }
    let Some((mean, epoch, model)) = best else {
        return Err("no epochs run".into());
    };
    eprintln!(
        "best epoch {epoch} (dev mean F1 {:.1}), {} features",
        100.0 * mean,
        model.n_features()
    );
    for &threshold in thresholds.iter().rev() {
        let text = model.to_text(threshold);
        let pruned = Model::from_text(&text).ok_or("written model does not read back")?;
        let counts = evaluate(&dev, |tokens| {
            pruned
                .predict(tokens)
                .into_iter()
                .map(|y| LABELS[y])
                .collect()
        });
        eprintln!(
            "pruned at {threshold}: {} features, {} bytes, dev F1 {}",
            pruned.n_features(),
            text.len(),
            f1s(&counts)
        );
    }
    let text = model.to_text(min_weight);
    std::fs::write(&output, text)?;
    eprintln!("wrote {}", output.display());
    Ok(())
}
