//! Part-of-speech tags (Penn Treebank) for English tokens, and on top of them the desk's check
//! that an origin's name is a noun phrase (issue 8: "an origin's name is a noun phrase that names
//! an organisation, office, person, outlet or channel: no verb, no pronoun, never a determiner
//! alone, and at most eight words").
//!
//! Decision: a greedy averaged perceptron (`tagger`), trained by `wiredesk-eval`'s `train_pos` on
//! the POS column of CoNLL-2003 `eng.train`, shipped as pruned weights in `data/pos.model` and
//! parsed once. It is the classic small tagger: it needs no dependency, tags hundreds of thousands
//! of tokens a second and is about as accurate as the machine tags of the corpus it learned from.
//! The noun-phrase check (`phrase`) is rules over those tags, kept strict on purpose: a name it
//! refuses is only not used as an origin, while a clause or a pronoun taken for an origin is
//! printed in a brief. Pure: no IO, no clock.

mod phrase;
mod tagger;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

pub use phrase::{MAX_WORDS, is_noun_phrase};
pub use tagger::{Model, Trainer};

/// The shipped tagger weights (text form, see `Model::to_text`).
const MODEL_TEXT: &str = include_str!("../../data/pos.model");

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::from_text(MODEL_TEXT).unwrap_or_default());

/// The shipped model (parsed on first use).
pub fn model() -> &'static Model {
    &MODEL
}

/// Penn Treebank tags for `tokens`, one per token ("NNP", "VBD", "," …). Tokens are expected cut
/// the Penn way (`'s` and `n't` apart, punctuation apart), as `attribute::tokenize` cuts them;
/// the tokenizer's opening and closing quotes are read as `"`, as CoNLL writes them.
pub fn tag(tokens: &[&str]) -> Vec<&'static str> {
    let model = model();
    model
        .predict(tokens)
        .into_iter()
        .map(|idx| model.tag_name(idx))
        .collect()
}
