//! The `quotation` gate: words in quotation marks must stand verbatim in the cited evidence
//! (case and spacing aside). A paraphrase in quotes is refused even when every word of it is
//! there: quotation marks promise the source's own words.
//!
//! Decision: straight and curly, double and single quotes, guillemets, single words included. A
//! straight or curly single quote opens only after a space or an opening bracket and closes only
//! before a space or punctuation, so apostrophes ("Ukraine's", "the ministers' view") are not
//! read as quotes.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::fold;

static DOUBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"“([^”“]+)”|"([^"]+)"|«([^»]+)»|„([^“”]+)[“”]"#).expect("quote pattern")
});

/// Every quoted span of `text`, without its marks.
pub(super) fn quotes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = DOUBLE
        .captures_iter(text)
        .filter_map(|caps| caps.iter().skip(1).flatten().next())
        .map(|m| m.as_str().to_string())
        .collect();
    out.extend(single_quotes(text));
    out
}

/// The first quoted span of `text` that `evidence` does not give word for word.
pub(super) fn unquoted(text: &str, evidence: &str) -> Option<String> {
    let evidence = fold(evidence);
    quotes(text).into_iter().find(|quoted| {
        let wanted = fold(quoted);
        let wanted = wanted.trim_matches(|c: char| !c.is_alphanumeric());
        wanted.is_empty() || !super::meta::contains_phrase(&evidence, wanted)
    })
}

/// Spans in single quotes: ‘…’ or '…', where the opening mark follows a space, a bracket or the
/// start, and the closing mark precedes a space, punctuation or the end.
fn single_quotes(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_mark = |c: char| matches!(c, '\'' | '‘' | '’');
    let mut out = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let (start, ch) = chars[idx];
        let opens = is_mark(ch)
            && ch != '’'
            && (idx == 0 || matches!(chars[idx - 1].1, ' ' | '(' | '[' | '\n' | '\t' | '—'))
            && chars
                .get(idx + 1)
                .is_some_and(|(_, next)| !next.is_whitespace());
        if !opens {
            idx += 1;
            continue;
        }
        let close = (idx + 1..chars.len()).find(|&j| {
            is_mark(chars[j].1)
                && chars[j].1 != '‘'
                && !chars[j - 1].1.is_whitespace()
                && chars
                    .get(j + 1)
                    .is_none_or(|(_, next)| !next.is_alphanumeric())
        });
        match close {
            Some(j) => {
                out.push(text[start + ch.len_utf8()..chars[j].0].to_string());
                idx = j + 1;
            }
            None => idx += 1,
        }
    }
    out
}
