//! Features of a (claim, headline) pair, after Ferreira & Vlachos 2016: question mark, bag of
//! words of the headline (unigrams, bigrams), refuting and hedging words with a position proxy
//! for their root-distance feature (no parser here: the token distance of the nearest such word
//! from the start of the headline and whether it comes before the words shared with the claim),
//! negation and negation alignment, claim–headline overlap (shared content stems, numbers) and
//! the denial phrases of the rule layer.
//!
//! Features are `(name, value)` pairs; names are strings so the weights file stays readable.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::lexicon::{LEXICON, Words, first_match};
use crate::normalize::{is_stopword, tokens};

/// Which feature groups are on; saved in the weights file, so the runtime extracts exactly what
/// the trainer did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureOptions {
    /// Headline bigrams beside unigrams.
    pub bigrams: bool,
    /// In bigrams, words shared with the claim become `_c_` ("denies _c_"), so a pattern learned
    /// on one claim carries to another.
    pub mask_claim: bool,
    /// Claim–headline overlap features.
    pub overlap: bool,
    /// Position (root-distance proxy) features of refuting and hedging words.
    pub position: bool,
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            bigrams: true,
            mask_claim: true,
            overlap: true,
            position: true,
        }
    }
}

const MASK: &str = "_c_";

fn is_number(lower: &str) -> bool {
    lower.chars().next().is_some_and(|ch| ch.is_ascii_digit())
}

fn bucket(position: usize) -> &'static str {
    match position {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        _ => "6+",
    }
}

/// The features of `headline` as a statement about `claim` (both English).
pub fn features(claim: &str, headline: &str, options: &FeatureOptions) -> Vec<(String, f32)> {
    let lexicon = &*LEXICON;
    let mut out: Vec<(String, f32)> = vec![("bias".to_owned(), 1.0)];
    let head_tokens = tokens(headline, Some("en"));
    let claim_tokens = tokens(claim, Some("en"));
    let content = |lower: &str| !is_stopword(Some("en"), lower) && lower.chars().count() > 1;
    let claim_stems: HashSet<&str> = claim_tokens
        .iter()
        .filter(|t| content(&t.lower))
        .map(|t| t.stem.as_str())
        .collect();

    if headline.contains('?') {
        out.push(("q".to_owned(), 1.0));
    }
    if headline.contains(':') {
        out.push(("colon".to_owned(), 1.0));
    }
    if headline.contains(['"', '“', '”', '‘']) || headline.contains(" '") {
        out.push(("quote".to_owned(), 1.0));
    }

    // Bag of words.
    let mut seen = HashSet::new();
    for token in &head_tokens {
        if seen.insert(token.lower.as_str()) {
            out.push((format!("w={}", token.lower), 1.0));
        }
    }
    if options.bigrams {
        let masked: Vec<&str> = head_tokens
            .iter()
            .map(|t| {
                if options.mask_claim && content(&t.lower) && claim_stems.contains(t.stem.as_str())
                {
                    MASK
                } else {
                    t.lower.as_str()
                }
            })
            .collect();
        let mut seen = HashSet::new();
        for pair in masked.windows(2) {
            if pair[0] == MASK && pair[1] == MASK {
                continue;
            }
            let name = format!("b={}_{}", pair[0], pair[1]);
            if seen.insert(name.clone()) {
                out.push((name, 1.0));
            }
        }
    }

    // Refuting and hedging words, with where they sit.
    let first_shared = head_tokens
        .iter()
        .position(|t| content(&t.lower) && claim_stems.contains(t.stem.as_str()));
    for (name, list) in [("ref", &lexicon.refute), ("hedge", &lexicon.hedge)] {
        let hits: Vec<usize> = head_tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| list.contains(&t.stem))
            .map(|(idx, _)| idx)
            .collect();
        let Some(&first) = hits.first() else {
            continue;
        };
        out.push((name.to_owned(), 1.0));
        for &idx in &hits {
            out.push((format!("{name}={}", head_tokens[idx].stem), 1.0));
        }
        if options.position {
            out.push((format!("{name}@{}", bucket(first)), 1.0));
            let before = first_shared.is_none_or(|shared| first < shared);
            out.push((format!("{name}_before_claim={before}"), 1.0));
        }
    }

    // Negation, and whether it is on one side only.
    let head_neg = head_tokens.iter().any(|t| lexicon.is_negation(&t.lower));
    let claim_neg = claim_tokens.iter().any(|t| lexicon.is_negation(&t.lower));
    if head_neg {
        out.push(("neg".to_owned(), 1.0));
    }
    if head_neg != claim_neg {
        out.push(("neg_align".to_owned(), 1.0));
    }

    // Denial phrases of the rule layer.
    let words = Words::read(headline);
    if let Some((phrase, _)) = first_match(&lexicon.denial_en, &words.items) {
        out.push(("denial".to_owned(), 1.0));
        out.push((format!("denial={}", phrase.text), 1.0));
    }

    if options.overlap {
        overlap_features(&claim_tokens, &head_tokens, &claim_stems, &mut out);
    }
    out
}

fn overlap_features(
    claim_tokens: &[crate::normalize::Token],
    head_tokens: &[crate::normalize::Token],
    claim_stems: &HashSet<&str>,
    out: &mut Vec<(String, f32)>,
) {
    let head_stems: HashSet<&str> = head_tokens
        .iter()
        .filter(|t| !is_stopword(Some("en"), &t.lower) && t.lower.chars().count() > 1)
        .map(|t| t.stem.as_str())
        .collect();
    let shared = claim_stems.intersection(&head_stems).count();
    let claim_share = shared as f32 / claim_stems.len().max(1) as f32;
    let head_share = shared as f32 / head_stems.len().max(1) as f32;
    out.push(("ov_claim".to_owned(), claim_share));
    out.push(("ov_head".to_owned(), head_share));
    let level = match claim_share {
        0.0 => "0",
        x if x < 0.25 => "1",
        x if x < 0.5 => "2",
        x if x < 0.75 => "3",
        _ => "4",
    };
    out.push((format!("ov={level}"), 1.0));

    let numbers = |toks: &[crate::normalize::Token]| -> HashSet<String> {
        toks.iter()
            .filter(|t| is_number(&t.lower))
            .map(|t| t.lower.replace(',', ""))
            .collect()
    };
    let claim_numbers = numbers(claim_tokens);
    let head_numbers = numbers(head_tokens);
    if !claim_numbers.is_empty() && !head_numbers.is_empty() {
        let agree = claim_numbers.intersection(&head_numbers).next().is_some();
        out.push((format!("num_agree={agree}"), 1.0));
    }
}
