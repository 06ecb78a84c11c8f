//! The `meta` gate: a sentence that talks about the model, its prompt or its input, corrects
//! itself ("Biden… Trump"), or addresses the reader is refused.
//!
//! Decision: an ellipsis anywhere is refused (analysis prose has no use for one, and it is how a
//! model trails off or corrects itself); a dash between two capitalised words is refused when it
//! is spaced or an em dash ("Kyiv — Moscow", "Biden—Trump"), while an unspaced en dash stays, as
//! the desk writes compound names with one ("Russia–Ukraine talks").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{fold, lexicon};

static ELLIPSIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"…|\.\s*\.\s*\.").expect("ellipsis pattern"));
static DASH_BETWEEN_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Lu}[\p{L}\p{N}'’.]*(?:\s*[—―]\s*|\s+[–-]\s+)\p{Lu}").expect("dash pattern")
});
static ITEM_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:items?|evidence)\s*(?:no\.?\s*)?#?\s*\d+\b|\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]",
    )
    .expect("item pattern")
});

/// Why `text` is meta-talk, if it is.
pub(super) fn meta(text: &str) -> Option<String> {
    if let Some(hit) = ELLIPSIS.find(text) {
        return Some(format!("an ellipsis {:?}", hit.as_str()));
    }
    if let Some(hit) = DASH_BETWEEN_NAMES.find(text) {
        return Some(format!("a dash between two names {:?}", hit.as_str()));
    }
    if let Some(hit) = ITEM_NUMBER.find(text) {
        return Some(format!("talk of the evidence list {:?}", hit.as_str()));
    }
    let folded = fold(text);
    lexicon()
        .meta
        .iter()
        .find(|phrase| contains_phrase(&folded, phrase))
        .map(|phrase| format!("meta-talk {phrase:?}"))
}

/// Whether `phrase` stands in `text` as whole words (a phrase ending in punctuation needs no
/// word end after it).
pub(super) fn contains_phrase(text: &str, phrase: &str) -> bool {
    let needs_end = phrase.chars().last().is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(start, hit)| {
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = !needs_end
            || text[start + hit.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}
