//! Attribution: for each sentence that carries a claim, who is said to say it (speaker and its
//! kind), how (the cue), through which outlet, and what (the content).
//!
//! Two parts, one decision: `tag()` is a learned sequence tagger (averaged structured perceptron,
//! trained on PolNeAR by `wiredesk-eval`'s `train_attribution`) that labels any tokenized
//! sentence with source/cue/content BIO spans, which is what `wiredesk analyze attribution` prints
//! and what the PolNeAR figures measure. `attribute()` serves the desk: hand rules for the
//! Telegram and wire idioms decide speaker, kind and outlet, because those must be exact and the
//! newsroom idioms ("per AFP, citing…", "— Reuters", "Source: FT", Russian and Ukrainian cues) are
//! few and regular; the model only backs them up on plain English "X said" prose they miss.
//! Pure: no IO, no clock. The model file is compiled in and parsed once.

mod lexicon;
mod rules;
mod tagger;
mod tokenize;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use wiredesk_model::{Attribution, Speaker};

pub use lexicon::{find_outlet, outlet_name, speaker_kind};
pub(crate) use tagger::shape;
pub use tagger::{Example, LABELS, Model, Trainer, label_idx};
pub use tokenize::{Token, sentences, tokenize};

/// The shipped tagger weights (text form, see `Model::to_text`).
const MODEL_TEXT: &str = include_str!("../../data/attribution.model");

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::from_text(MODEL_TEXT).unwrap_or_default());

/// The shipped model (parsed on first use).
pub fn model() -> &'static Model {
    &MODEL
}

/// BIO labels over `tokens`, one per token: "O", "B-source", "I-source", "B-cue", "I-cue",
/// "B-content", "I-content".
pub fn tag(tokens: &[&str]) -> Vec<&'static str> {
    MODEL
        .predict(tokens)
        .into_iter()
        .map(|y| LABELS[y])
        .collect()
}

/// Every claim-bearing sentence of a post or feed item, with its speaker, cue, outlet and content.
/// A sentence without an attribution cue yields nothing.
pub fn attribute(text: &str) -> Vec<Attribution> {
    let spans = sentences(text);
    let mut out: Vec<Attribution> = Vec::new();
    for (sentence_idx, &(start, end)) in spans.iter().enumerate() {
        let sentence = &text[start..end];
        let found = rules::extract(sentence).or_else(|| from_model(sentence));
        let Some(mut found) = found else { continue };
        // "the source said", "according to the same reports": the speaker named before.
        if let Some(speaker) = &found.speaker
            && lexicon::is_back_reference(&speaker.text)
            && let Some(previous) = out.iter().rev().find(|a| a.speaker.is_some())
        {
            found.speaker = previous.speaker.clone();
            if found.outlet.is_none() {
                found.outlet = previous.outlet.clone();
            }
        }
        // A "Source: FT" or "via @channel" line attributes what came before it.
        if found.content.is_empty() {
            found.content = text[..start].trim().to_owned();
        }
        out.push(Attribution {
            sentence_idx,
            sentence: sentence.to_owned(),
            speaker: found.speaker,
            cue: found.cue,
            outlet: found.outlet,
            content: found.content,
        });
    }
    out
}

/// What one sentence's rules (or the model) found.
#[derive(Debug)]
pub(crate) struct Found {
    pub speaker: Option<Speaker>,
    pub cue: Option<String>,
    pub outlet: Option<String>,
    pub content: String,
}

/// The model's reading of a sentence, kept only when it finds a source and a reporting cue.
fn from_model(sentence: &str) -> Option<Found> {
    let tokens = tokenize(sentence);
    if tokens.is_empty() {
        return None;
    }
    let forms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let labels = MODEL.predict(&forms);
    let span = |role: usize| -> Option<(usize, usize)> {
        let begin = labels.iter().position(|&y| y == role)?;
        let mut end = begin + 1;
        while end < labels.len() && labels[end] == role + 1 {
            end += 1;
        }
        Some((tokens[begin].start, tokens[end - 1].end))
    };
    let (source, cue) = (span(1)?, span(3)?);
    let cue_text = &sentence[cue.0..cue.1];
    let reporting = cue_text
        .split_whitespace()
        .any(|w| lexicon::is_reporting_verb(&w.to_lowercase()));
    if !reporting {
        return None;
    }
    let source_text = sentence[source.0..source.1].trim();
    let kind = speaker_kind(source_text)?;
    let content = span(5)
        .map(|(a, b)| sentence[a..b].to_owned())
        .unwrap_or_default();
    if content.is_empty() {
        return None;
    }
    Some(Found {
        speaker: Some(Speaker {
            text: source_text.to_owned(),
            kind,
        }),
        cue: Some(cue_text.to_owned()),
        outlet: outlet_name(source_text)
            .or_else(|| find_outlet(cue_text))
            .map(str::to_owned),
        content,
    })
}
