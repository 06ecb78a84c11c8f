//! Names on no list: people, organisations and places the CoNLL-trained tagger ([`crate::ner`])
//! finds in running text ("the US side includes Leonor Baptista", "detained in Kielce"), on the
//! words the gazetteer and role passes left free.
//!
//! Decision: the tagger runs on Latin-script text only (it learned English newswire), after the
//! gazetteer (which knows aliases, demonyms and canonical names) and before the capitalised-run
//! heuristic (which keeps what the tagger misses in Title Case headers). A span that overlaps a
//! mention already found is dropped whole, so the passes never disagree about a word. MISC spans
//! (nationalities, events, titles) are left out: demonyms come from the gazetteer.

use wiredesk_model::{EntityKind, EntityMention};

use super::Word;
use crate::ner::{NerKind, find_entities};

/// Adds the tagger's PER, ORG and LOC spans that no earlier pass covered.
pub(super) fn ner_pass(
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
) {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (n_latin, n_other) = letters.fold((0usize, 0usize), |(latin, other), c| {
        if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
            (latin + 1, other)
        } else {
            (latin, other + 1)
        }
    });
    if n_latin == 0 || n_other > n_latin {
        return;
    }
    let sentence_spans = crate::normalize::sentences(text);
    for mut span in find_entities(text) {
        let Some(&(sentence_start, sentence_end)) = sentence_spans
            .iter()
            .find(|(start, end)| *start <= span.start && span.end <= *end)
        else {
            continue;
        };
        let sentence_words: Vec<&Word<'_>> = words
            .iter()
            .filter(|word| word.start >= sentence_start && word.end <= sentence_end)
            .collect();
        // A headline in Title Case or capitals capitalises every word; the tagger cannot tell
        // names there ("Talks Agreed To In Principle By Both Sides").
        let n_capitalised = sentence_words
            .iter()
            .filter(|word| word.raw.chars().next().is_some_and(char::is_uppercase))
            .count();
        if sentence_words.len() >= 4 && n_capitalised * 10 >= sentence_words.len() * 7 {
            continue;
        }
        // A lone capitalised word that opens a sentence ("Split the bill") is a name only if the
        // gazetteer knows it or the text writes it with a capital elsewhere too.
        let first_word = sentence_words.first().map(|word| word.start);
        let single = !span.text.contains(char::is_whitespace);
        if single && first_word == Some(span.start) {
            let known = super::gazetteer().lookup(&span.text).is_some();
            let elsewhere = words.iter().any(|word| {
                word.raw == span.text
                    && word.start != span.start
                    && !sentence_spans.iter().any(|(start, _)| *start == word.start)
            });
            if !known && !elsewhere {
                continue;
            }
        }
        // "Hillary Clinton" where the tagger gave only "Clinton": a capitalised word right before
        // a person's name is part of it.
        if span.kind == NerKind::Per
            && let Some(previous) = words.iter().rev().find(|word| word.end <= span.start)
            && previous.start >= sentence_start
            && text[previous.end..span.start].chars().all(|c| c == ' ')
            && previous.raw.chars().next().is_some_and(char::is_uppercase)
            && previous.raw.chars().skip(1).all(char::is_lowercase)
            && !crate::normalize::is_stopword(Some("en"), &previous.raw.to_lowercase())
        {
            span.start = previous.start;
            span.text = text[span.start..span.end].to_string();
        }
        let kind = match span.kind {
            _ if locates(text, words, span.start, span.end, mentions) => EntityKind::Place,
            NerKind::Per => EntityKind::Person,
            NerKind::Org => EntityKind::Organization,
            NerKind::Loc => EntityKind::Place,
            NerKind::Misc => continue,
        };
        let word_idxs: Vec<usize> = words
            .iter()
            .enumerate()
            .filter(|(_, word)| word.start >= span.start && word.end <= span.end)
            .map(|(idx, _)| idx)
            .collect();
        if word_idxs.is_empty() || word_idxs.iter().any(|&idx| covered[idx].is_some()) {
            continue;
        }
        // "Baptista's" is Baptista.
        let name = span
            .text
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if name.is_empty() {
            continue;
        }
        let mention_idx = mentions.len();
        mentions.push(EntityMention {
            text: span.text.clone(),
            kind,
            canonical: name,
            wikipedia: None,
            start: span.start,
            end: span.end,
        });
        for idx in word_idxs {
            covered[idx] = Some(mention_idx);
        }
    }
}

/// Prepositions of place: "off Larena", "near Kvasy".
const LOCATIVE: &[&str] = &["in", "at", "near", "off", "outside", "from", "to"];

/// A name after a preposition of place and before ", <a known place or country>" is a place,
/// whatever the tagger says ("off Larena, Siquijor"; "in Kvasy, Zakarpattia"): the pair is how
/// a town too small for any list is written.
fn locates(
    text: &str,
    words: &[Word<'_>],
    start: usize,
    end: usize,
    mentions: &[EntityMention],
) -> bool {
    let after_preposition = words
        .iter()
        .rev()
        .find(|word| word.end <= start)
        .is_some_and(|previous| {
            text[previous.end..start].chars().all(char::is_whitespace)
                && LOCATIVE.contains(&previous.raw.to_lowercase().as_str())
        });
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start_matches([',', ' ']).len();
    after_preposition
        && rest.starts_with(", ")
        && mentions.iter().any(|mention| {
            mention.start == end + gap
                && matches!(mention.kind, EntityKind::Place | EntityKind::Country)
        })
}
