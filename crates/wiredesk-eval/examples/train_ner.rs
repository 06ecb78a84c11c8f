//! Rebuild the entity tagger's weights (`crates/wiredesk-analysis/data/ner.model`) from
//! CoNLL-2003: build the name list from eng.train, train the first pass (averaged perceptron,
//! epoch picked by dev F1 on eng.testa), label every training document with a first pass trained
//! on the other folds (5-fold jackknife, so the second pass learns how reliable those labels
//! really are), train the second pass (epoch picked on dev), prune and write. The test file
//! (eng.testb) is never read here: `wiredesk eval conll2003` reports it. Deterministic: seeded
//! shuffles, sorted features.
//!
//! Usage: `cargo run --release -p wiredesk-eval --example train_ner [epochs] [min_weight,…] [dataset_dir] [output]`.

use std::path::PathBuf;
use std::time::Instant;

use wiredesk_analysis::ner::{
    Example, Tagger, Trainer, TrainingDoc, Weights, build_lexicon, iob2, training_examples,
};
use wiredesk_eval::conll::{self, Document, Score};

const FOLDS: usize = 5;
/// Features seen fewer times in training are dropped.
const MIN_COUNT: u32 = 2;

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error:#}");
        std::process::exit(2);
    }
}

/// Fisher–Yates with xorshift: the same order on every run.
fn shuffle(order: &mut [(usize, usize)], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

fn train_epoch(
    trainer: &mut Trainer,
    examples: &[Vec<Example>],
    order: &mut [(usize, usize)],
    seed: &mut u64,
) -> usize {
    shuffle(order, seed);
    order
        .iter()
        .map(|&(doc, sentence)| usize::from(trainer.learn(&examples[doc][sentence])))
        .sum()
}

fn dev_score(tagger: &Tagger, dev: &[Document]) -> Score {
    conll::evaluate_with(dev, |sentences| {
        tagger
            .label_document(sentences, None)
            .iter()
            .map(|labels| iob2(labels))
            .collect()
    })
}

fn describe(score: &Score) -> String {
    let per_type: Vec<String> = score
        .by_type
        .iter()
        .map(|(kind, c)| format!("{kind} {:.2}", 100.0 * c.f1()))
        .collect();
    format!(
        "F1 {:.2} (P {:.2} R {:.2}; {})",
        100.0 * score.overall.f1(),
        100.0 * score.overall.precision(),
        100.0 * score.overall.recall(),
        per_type.join(", ")
    )
}

fn sentence_order(docs: &[TrainingDoc], keep: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    docs.iter()
        .enumerate()
        .filter(|(doc_idx, _)| keep(*doc_idx))
        .flat_map(|(doc_idx, doc)| (0..doc.sentences.len()).map(move |s| (doc_idx, s)))
        .collect()
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let epochs: usize = args.get(1).map(|a| a.parse()).transpose()?.unwrap_or(15);
    // Pruning thresholds to report ("0.3,1"); the first is the one written.
    let thresholds: Vec<f32> = args
        .get(2)
        .map_or("0.3", String::as_str)
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
        .unwrap_or_else(|| manifest.join("../wiredesk-analysis/data/ner.model"));

    let started = Instant::now();
    let elapsed = || started.elapsed().as_secs_f64();
    let train = conll::read(&dataset.join(conll::TRAIN_FILE))?;
    let dev = conll::read(&dataset.join(conll::DEV_FILE))?;
    let docs = conll::training_docs(&train);
    let lexicon = build_lexicon(&docs);
    eprintln!(
        "train: {} documents; dev: {} documents; name list: {} names ({:.1}s)",
        docs.len(),
        dev.len(),
        lexicon.len(),
        elapsed()
    );

    // First pass.
    let (mut trainer, examples) = training_examples(&docs, &lexicon, None, MIN_COUNT);
    eprintln!(
        "first pass: {} features ({:.1}s)",
        trainer.n_features(),
        elapsed()
    );
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut order = sentence_order(&docs, |_| true);
    let mut best_first: Option<(f64, usize, Weights)> = None;
    for epoch in 1..=epochs {
        let n_wrong = train_epoch(&mut trainer, &examples, &mut order, &mut seed);
        let weights = trainer.averaged();
        let score = dev_score(&Tagger::new(lexicon.clone(), weights.clone(), None), &dev);
        eprintln!(
            "first pass epoch {epoch}: {n_wrong} wrong; dev {} ({:.1}s)",
            describe(&score),
            elapsed()
        );
        let f1 = score.overall.f1();
        if best_first.as_ref().is_none_or(|(best, _, _)| f1 > *best) {
            best_first = Some((f1, epoch, weights));
        }
    }
    let (_, first_epochs, first) = best_first.ok_or("no epochs run")?;
    eprintln!("first pass: best epoch {first_epochs}");

    // Jackknifed first-pass labels of the training documents.
    let mut jackknifed: Vec<Vec<Vec<usize>>> = vec![Vec::new(); docs.len()];
    for fold in 0..FOLDS {
        trainer.reset();
        let mut order = sentence_order(&docs, |doc_idx| doc_idx % FOLDS != fold);
        for _ in 0..first_epochs {
            train_epoch(&mut trainer, &examples, &mut order, &mut seed);
        }
        let tagger = Tagger::new(lexicon.clone(), trainer.averaged(), None);
        for (doc_idx, doc) in docs.iter().enumerate() {
            if doc_idx % FOLDS == fold {
                jackknifed[doc_idx] = tagger.label_document(&doc.sentences, Some(&doc.entities()));
            }
        }
        eprintln!("fold {fold} labelled ({:.1}s)", elapsed());
    }
    drop(trainer);
    drop(examples);

    // Second pass.
    let (mut trainer, examples) = training_examples(&docs, &lexicon, Some(&jackknifed), MIN_COUNT);
    eprintln!(
        "second pass: {} features ({:.1}s)",
        trainer.n_features(),
        elapsed()
    );
    let mut order = sentence_order(&docs, |_| true);
    let mut best: Option<(f64, usize, Tagger)> = None;
    for epoch in 1..=epochs {
        let n_wrong = train_epoch(&mut trainer, &examples, &mut order, &mut seed);
        let tagger = Tagger::new(lexicon.clone(), first.clone(), Some(trainer.averaged()));
        let score = dev_score(&tagger, &dev);
        eprintln!(
            "second pass epoch {epoch}: {n_wrong} wrong; dev {} ({:.1}s)",
            describe(&score),
            elapsed()
        );
        let f1 = score.overall.f1();
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, epoch, tagger));
        }
    }
    let (_, second_epochs, tagger) = best.ok_or("no epochs run")?;
    let header = format!(
        "Named-entity tagger weights (PER, LOC, ORG, MISC), two-pass averaged perceptron over BILOU labels.\n\
         Provenance: trained on CoNLL-2003 eng.train (Reuters RCV1 newswire, research use; annotations by\n\
         CNTS, University of Antwerp), epochs chosen on eng.testa. Weights and entity-name counts only, no text.\n\
         First pass {first_epochs} epochs, second pass {second_epochs} epochs, {FOLDS}-fold jackknife, features seen\n\
         at least {MIN_COUNT} times, weights below {min_weight} dropped, kept in hundredths.\n\
         Rebuild: cargo run --release -p wiredesk-eval --example train_ner {epochs} {min_weight}"
    );
    for &threshold in thresholds.iter().rev() {
        let text = tagger.to_text(&header, threshold);
        let pruned = Tagger::from_text(&text).ok_or("written model does not read back")?;
        eprintln!(
            "pruned at {threshold}: {:?} features, {} bytes, dev {}",
            pruned.n_features(),
            text.len(),
            describe(&dev_score(&pruned, &dev))
        );
    }
    std::fs::write(&output, tagger.to_text(&header, min_weight))?;
    eprintln!("wrote {} ({:.1}s)", output.display(), elapsed());
    Ok(())
}
