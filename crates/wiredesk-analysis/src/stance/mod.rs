//! Stance of a text towards a claim: `for` (asserts it), `against` (denies it) or `observing`
//! (repeats it without taking a position). The desk uses it to recognise denials.
//!
//! Two layers. A multinomial logistic regression over Ferreira & Vlachos' (2016) features
//! (`features`), trained on the Emergent claim/headline pairs (`data/stance.model`, rebuilt by
//! `cargo run --release -p wiredesk-eval --example train_stance`), decides English sentences. A
//! rule layer reads denial and hedging phrases from `data/<lang>/` (English, Russian, Ukrainian):
//! an English denial phrase is also a model feature and, in a post, marks its sentence a denial;
//! Russian and Ukrainian sentences, which the English model cannot read, are judged by the
//! phrases alone. In a whole post the strongest denial sentence wins; without one, the sentence
//! closest to the claim decides.

mod features;
mod lexicon;
mod model;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub use features::{FeatureOptions, features};
pub use model::{Example, Model, ModelError, N_CLASSES, TrainConfig, train};

use lexicon::{LEXICON, Words, first_match};

use crate::normalize::{content_terms, sentences};

/// Where a text stands towards a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    For,
    Against,
    Observing,
}

impl Stance {
    /// In the order of the model's weight columns.
    pub const ALL: [Stance; N_CLASSES] = [Stance::For, Stance::Against, Stance::Observing];

    pub fn index(self) -> usize {
        match self {
            Stance::For => 0,
            Stance::Against => 1,
            Stance::Observing => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Observing => "observing",
        }
    }

    /// Reads `for`, `against` or `observing` (Emergent's labels).
    pub fn parse(label: &str) -> Option<Stance> {
        Stance::ALL
            .into_iter()
            .find(|stance| stance.as_str() == label.trim())
    }
}

const MODEL_TEXT: &str = include_str!("../../data/stance.model");

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::from_text(MODEL_TEXT).unwrap_or_default());

/// The shipped model (Emergent-trained).
pub fn model() -> &'static Model {
    &MODEL
}

fn argmax(probs: [f32; N_CLASSES]) -> (Stance, f32) {
    let mut best = 0;
    for (idx, prob) in probs.iter().enumerate() {
        if *prob > probs[best] {
            best = idx;
        }
    }
    (Stance::ALL[best], probs[best])
}

/// The stance of an English headline (or sentence) towards a claim, with the model's probability
/// for it: the Emergent setting, model only.
pub fn classify(claim: &str, headline: &str) -> (Stance, f32) {
    classify_with(&MODEL, claim, headline)
}

/// `classify` with a given model (the trainer and the evaluation use their own).
pub fn classify_with(model: &Model, claim: &str, headline: &str) -> (Stance, f32) {
    argmax(model.probabilities(&features(claim, headline, &model.options)))
}

/// The stance of a whole post, and the sentence that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PostStance {
    pub stance: Stance,
    pub confidence: f32,
    /// Byte offsets of the deciding sentence in the post text.
    pub start: usize,
    pub end: usize,
}

/// The share of the claim's content words a sentence must repeat before the learned model alone
/// may call it a denial.
const MIN_DENIAL_RELEVANCE: f32 = 0.2;

/// Confidence given to a sentence decided by a denial phrase.
const RULE_DENIAL: f32 = 0.9;
/// Confidence given to a Russian or Ukrainian sentence decided by a hedging phrase.
const RULE_HEDGE: f32 = 0.7;
/// Confidence of a Russian or Ukrainian sentence with neither: it states something.
const RULE_PLAIN: f32 = 0.5;

/// One sentence's verdict.
fn sentence_stance(claim: &str, sentence: &str) -> (Stance, f32) {
    let lexicon = &*LEXICON;
    let words = Words::read(sentence);
    if crate::translit::mostly_cyrillic(sentence) {
        let denial = [&lexicon.denial_ru, &lexicon.denial_uk]
            .into_iter()
            .any(|list| first_match(list, &words.items).is_some());
        if denial {
            return (Stance::Against, RULE_DENIAL);
        }
        let hedge = [&lexicon.hedge_ru, &lexicon.hedge_uk]
            .into_iter()
            .any(|list| first_match(list, &words.items).is_some());
        if hedge {
            return (Stance::Observing, RULE_HEDGE);
        }
        return (Stance::For, RULE_PLAIN);
    }
    let probs = MODEL.probabilities(&features(claim, sentence, &MODEL.options));
    if first_match(&lexicon.denial_en, &words.items).is_some() {
        return (
            Stance::Against,
            RULE_DENIAL.max(probs[Stance::Against.index()]),
        );
    }
    argmax(probs)
}

/// Whether any sentence of `text` holds a denial phrase of the English, Russian or Ukrainian
/// lexicons: a cheap test before [`post_stance`] is asked against candidate claims.
pub fn has_denial_cue(text: &str) -> bool {
    let lexicon = &*LEXICON;
    sentences(text).into_iter().any(|(start, end)| {
        let words = Words::read(&text[start..end]);
        [&lexicon.denial_en, &lexicon.denial_ru, &lexicon.denial_uk]
            .into_iter()
            .any(|list| first_match(list, &words.items).is_some())
    })
}

/// The denial phrases (as written in the lexicon files) that `sentence` holds, in any language.
pub fn denial_phrases(sentence: &str) -> Vec<&'static str> {
    let lexicon = &*LEXICON;
    let words = Words::read(sentence);
    [&lexicon.denial_en, &lexicon.denial_ru, &lexicon.denial_uk]
        .into_iter()
        .flat_map(|list| list.iter())
        .filter(|phrase| phrase.find(&words.items).is_some())
        .map(|phrase| phrase.text.as_str())
        .collect()
}

/// Where the first denial phrase of `sentence` starts (byte offset), by any language's lexicon:
/// what comes before it is who denies ("The movement categorically denies reports …").
pub fn denial_cue_at(sentence: &str) -> Option<usize> {
    let lexicon = &*LEXICON;
    let words = Words::read(sentence);
    [&lexicon.denial_en, &lexicon.denial_ru, &lexicon.denial_uk]
        .into_iter()
        .flat_map(|list| list.iter())
        .filter_map(|phrase| phrase.find(&words.items))
        .filter_map(|(start, _)| words.spans.get(start).map(|span| span.0))
        .min()
}

/// Where the first negation word of `sentence` starts ("not", "no", "never", "не"…, from the
/// lexicons), as a byte offset.
pub fn negation_at(sentence: &str) -> Option<usize> {
    let lexicon = &*LEXICON;
    let words = Words::read(sentence);
    words
        .items
        .iter()
        .zip(&words.spans)
        .find(|(word, _)| lexicon.is_negation(word))
        .map(|(_, span)| span.0)
}

/// The share of the claim's content words that `sentence` repeats (stems; any language).
fn claim_overlap(claim_terms: &HashSet<String>, sentence: &str) -> f32 {
    if claim_terms.is_empty() {
        return 0.0;
    }
    let lang = if crate::translit::mostly_cyrillic(sentence) {
        "ru"
    } else {
        "en"
    };
    let terms: HashSet<String> = content_terms(sentence, Some(lang)).into_iter().collect();
    claim_terms.intersection(&terms).count() as f32 / claim_terms.len() as f32
}

/// The stance of a whole post (several sentences, English, Russian or Ukrainian) towards a claim
/// that asserts an event: the strongest denial sentence wins; without one, the sentence that
/// repeats most of the claim decides (ties: the more confident, then the earlier). An empty post
/// is `Observing` with confidence 0.
pub fn post_stance(claim: &str, post_text: &str) -> PostStance {
    let claim_lang = if crate::translit::mostly_cyrillic(claim) {
        "ru"
    } else {
        "en"
    };
    let claim_terms: HashSet<String> = content_terms(claim, Some(claim_lang)).into_iter().collect();
    let mut best_denial: Option<PostStance> = None;
    let mut best_other: Option<(f32, PostStance)> = None;
    for (start, end) in sentences(post_text) {
        let sentence = &post_text[start..end];
        let (stance, confidence) = sentence_stance(claim, sentence);
        let verdict = PostStance {
            stance,
            confidence,
            start,
            end,
        };
        let relevance = claim_overlap(&claim_terms, sentence);
        // The model learned stance from headlines that are all about their claim; a sentence
        // that shares nothing with the claim ("no one is above the law") and holds no denial
        // phrase is not a denial of it, however negative it sounds.
        let by_rule = has_denial_cue(sentence);
        if stance == Stance::Against && (by_rule || relevance >= MIN_DENIAL_RELEVANCE) {
            if best_denial.is_none_or(|best| confidence > best.confidence) {
                best_denial = Some(verdict);
            }
            continue;
        }
        let better = best_other.is_none_or(|(best_relevance, best)| {
            relevance > best_relevance
                || (relevance == best_relevance && confidence > best.confidence)
        });
        if better {
            best_other = Some((relevance, verdict));
        }
    }
    best_denial
        .or(best_other.map(|(_, verdict)| verdict))
        .unwrap_or(PostStance {
            stance: Stance::Observing,
            confidence: 0.0,
            start: 0,
            end: 0,
        })
}
