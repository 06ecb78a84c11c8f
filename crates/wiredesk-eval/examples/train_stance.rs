//! Rebuild the stance classifier's weights (`crates/wiredesk-analysis/data/stance.model`): pick the
//! settings by 10-fold cross-validation on Emergent's train split, grouped by claim (the test file
//! is never read here), train on the whole train split and write the model.
//!
//! The grid is small and fixed; the pick is the best pooled CV accuracy (the paper's metric), ties
//! broken by F1 on `against`. `wiredesk eval emergent` then reports the test figures.
//!
//! Usage: `cargo run --release -p wiredesk-eval --example train_stance [dataset_dir] [output]`.

use std::path::PathBuf;
use std::time::Instant;

use wiredesk_analysis::stance::{FeatureOptions, Stance, TrainConfig, train};
use wiredesk_eval::emergent::{Confusion, TRAIN_FILE, cross_validate, examples, read_pairs};

const FOLDS: usize = 10;

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    }
}

fn summary(confusion: &Confusion) -> String {
    format!(
        "acc {:.2}  F1 for {:.3}  against {:.3}  observing {:.3}  macro {:.3}",
        100.0 * confusion.accuracy(),
        confusion.prf(Stance::For).2,
        confusion.prf(Stance::Against).2,
        confusion.prf(Stance::Observing).2,
        confusion.macro_f1()
    )
}

fn grid() -> Vec<TrainConfig> {
    let base = TrainConfig::default();
    let mut configs = Vec::new();
    let option_sets = [
        FeatureOptions::default(),
        FeatureOptions {
            mask_claim: false,
            ..FeatureOptions::default()
        },
        FeatureOptions {
            bigrams: false,
            ..FeatureOptions::default()
        },
        FeatureOptions {
            position: false,
            ..FeatureOptions::default()
        },
        FeatureOptions {
            overlap: false,
            ..FeatureOptions::default()
        },
    ];
    for options in option_sets {
        for l2 in [3e-4, 1e-3, 3e-3] {
            for class_weight in [0.0, 0.5] {
                for min_count in [1, 2] {
                    configs.push(TrainConfig {
                        options,
                        l2,
                        class_weight,
                        min_count,
                        ..base
                    });
                }
            }
        }
    }
    configs
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dataset = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/datasets/emergent"));
    let output = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../wiredesk-analysis/data/stance.model"));

    let started = Instant::now();
    let pairs = read_pairs(&dataset.join(TRAIN_FILE))?;
    eprintln!("train: {} headlines", pairs.len());

    let mut best: Option<(TrainConfig, Confusion)> = None;
    for config in grid() {
        let confusion = cross_validate(&pairs, &config, FOLDS);
        eprintln!(
            "cv {FOLDS}-fold  {}  | {:?} l2={} cw={} min={}",
            summary(&confusion),
            config.options,
            config.l2,
            config.class_weight,
            config.min_count
        );
        let key = |c: &Confusion| (c.accuracy(), c.prf(Stance::Against).2);
        if best
            .as_ref()
            .is_none_or(|(_, best)| key(&confusion) > key(best))
        {
            best = Some((config, confusion));
        }
    }
    let (config, confusion) = best.ok_or("empty grid")?;
    eprintln!("picked: {config:?}\n  cv: {}", summary(&confusion));

    let model = train(&examples(&pairs, &config.options), &config);
    let header = vec![
        "Stance classifier weights (multinomial logistic regression; columns for, against, observing)."
            .to_owned(),
        "Trained on Emergent's train split (Ferreira & Vlachos 2016; ../shared/datasets/emergent, research-use text)."
            .to_owned(),
        "Weights only: feature names are headline words and n-grams, no dataset text is stored.".to_owned(),
        "Rebuild: cargo run --release -p wiredesk-eval --example train_stance".to_owned(),
        format!(
            "Config: l2={} iterations={} learning_rate={} min_count={} class_weight={} prune={}",
            config.l2,
            config.iterations,
            config.learning_rate,
            config.min_count,
            config.class_weight,
            config.prune
        ),
        format!("Claim-grouped {FOLDS}-fold CV on train: {}", summary(&confusion)),
    ];
    std::fs::write(&output, model.to_text(&header))?;
    eprintln!(
        "wrote {} ({} features) in {:.1}s",
        output.display(),
        model.weights.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
