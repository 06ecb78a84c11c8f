//! Slot extraction: Counts (killed, injured, arrested, displaced).

use super::*;
use crate::frame::lexicon;

pub(super) struct Token<'s> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: &'s str,
}

pub(super) fn tokens(lower: &str) -> Vec<Token<'_>> {
    let mut found = Vec::new();
    let mut start = None;
    for (idx, c) in lower.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(idx),
            (false, Some(begin)) => {
                found.push(Token {
                    start: begin,
                    end: idx,
                    word: &lower[begin..idx],
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        found.push(Token {
            start: begin,
            end: lower.len(),
            word: &lower[begin..],
        });
    }
    found
}

pub(super) fn tight(lower: &str, left: &Token, right: &Token) -> bool {
    lower[left.end..right.start]
        .chars()
        .all(char::is_whitespace)
}

/// A number starting at token `idx`: digits, or a run of number words. Returns its value and
/// the index of its last token.
pub(super) fn number_at(lower: &str, toks: &[Token], idx: usize) -> Option<(u64, usize)> {
    let token = &toks[idx];
    if idx > 0
        && matches!(
            lower[..token.start].chars().next_back(),
            Some(':' | '.' | ',' | '-' | '–')
        )
        && !tight(lower, &toks[idx - 1], token)
    {
        let gap = &lower[toks[idx - 1].end..token.start];
        if gap.trim().len() == gap.len() {
            return None;
        }
    }
    if let Ok(value) = token.word.parse::<u64>() {
        let mut after = lower[token.end..].chars();
        if matches!(after.next(), Some(':' | '.' | '%' | '°'))
            && after
                .as_str()
                .starts_with(|c: char| c.is_ascii_digit() || c == 'c')
        {
            return None;
        }
        // Thousands groups: "8,000", "50 000".
        let mut value = value;
        let mut last = idx;
        while token.word.len() <= 3
            && let Some(next) = toks.get(last + 1)
            && next.word.len() == 3
            && next.word.chars().all(|c| c.is_ascii_digit())
            && matches!(
                &lower[toks[last].end..next.start],
                "," | " " | "\u{a0}" | "\u{202f}"
            )
        {
            value = value * 1000 + next.word.parse::<u64>().unwrap_or(0);
            last += 1;
        }
        return Some((value, last));
    }
    let mut total = 0;
    let mut last = None;
    let mut cursor = idx;
    while cursor < toks.len() {
        match crate::ledger::number_word(toks[cursor].word) {
            Some(value) if value > 0 || last.is_none() => {
                total += value;
                last = Some(cursor);
                cursor += 1;
            }
            _ => break,
        }
    }
    last.map(|last| (total, last))
}

pub(super) static QUALIFIERS: Words = Words("counts.qualifiers");

pub(super) static COUNTED: Words = Words("counts.counted");

/// Counts stated in the sentence: "N … <after word>" ("12 people have been killed",
/// "7 dead") or "<trigger> … N" ("killing 12", "погибли 12 человек").
pub(super) fn counts(sentence: &Sentence, after_words: &[&str], triggers: &[&str]) -> Vec<String> {
    let lower = &sentence.lower;
    let toks = tokens(lower);
    let mut found: Vec<(usize, String)> = Vec::new();
    let push = |first: usize, last: usize, found: &mut Vec<(usize, String)>| {
        // Include "at least", "more than"… before the number.
        let mut begin = first;
        while begin > 0
            && QUALIFIERS.contains(&toks[begin - 1].word)
            && tight(lower, &toks[begin - 1], &toks[begin])
            && first - begin < 3
        {
            begin -= 1;
        }
        // "to 11" is a preposition before the number; "up to 20" is a qualifier.
        if toks[begin].word == "to" {
            begin += 1;
        }
        let mut value = sentence.text[toks[begin].start..toks[last].end].to_string();
        // "Up to 20 servicemen …" opens its sentence; the value is written mid-sentence.
        if begin < first {
            value = crate::ledger::lowercase_first(&value);
        }
        if !found.iter().any(|(pos, _)| *pos == first) {
            found.push((first, value));
        }
    };
    let mut idx = 0;
    while idx < toks.len() {
        // "no one was killed" is no count of one.
        let negated = idx > 0 && matches!(toks[idx - 1].word, "no" | "not");
        if !negated && let Some((_, last)) = number_at(lower, &toks, idx) {
            let mut cursor = last + 1;
            let mut n_fillers = 0;
            while cursor < toks.len()
                && tight(lower, &toks[cursor - 1], &toks[cursor])
                && n_fillers <= 3
            {
                let word = toks[cursor].word;
                if matches_any(word, after_words) {
                    push(idx, last, &mut found);
                    break;
                }
                // "20 Ukrainian servicemen": a nationality before the people counted.
                let nationality =
                    sentence.text[toks[cursor].start..].starts_with(|c: char| c.is_uppercase());
                if !COUNTED.contains(&word) && !nationality {
                    break;
                }
                n_fillers += 1;
                cursor += 1;
            }
            idx = last + 1;
            continue;
        }
        if matches_any(toks[idx].word, triggers) {
            let mut cursor = idx + 1;
            let mut n_fillers = 0;
            while cursor < toks.len()
                && tight(lower, &toks[cursor - 1], &toks[cursor])
                && n_fillers <= 4
            {
                if let Some((_, last)) = number_at(lower, &toks, cursor) {
                    let next_is_other = toks.get(last + 1).is_some_and(|next| {
                        tight(lower, &toks[last], next)
                            && !COUNTED.contains(&next.word)
                            && !matches_any(next.word, after_words)
                    });
                    if !next_is_other {
                        push(cursor, last, &mut found);
                    }
                    break;
                }
                let word = toks[cursor].word;
                // "the death toll in the Siquijor ferry fire to 11": a phrase that says which
                // toll, then the verb's preposition and the number.
                if matches!(word, "in" | "from" | "for")
                    && let Some(resume) = (cursor + 1..toks.len().min(cursor + 8)).find(|&next| {
                        matches!(
                            toks[next].word,
                            "to" | "at" | "is" | "was" | "stands" | "rose"
                        )
                    })
                {
                    n_fillers += 1;
                    cursor = resume;
                    continue;
                }
                if !(QUALIFIERS.contains(&word)
                    || matches!(
                        word,
                        "rose"
                            | "risen"
                            | "rises"
                            | "has"
                            | "have"
                            | "climbed"
                            | "stands"
                            | "stood"
                            | "is"
                            | "was"
                            | "reached"
                            | "of"
                            | "the"
                            | "to"
                            | "at"
                    ))
                {
                    break;
                }
                n_fillers += 1;
                cursor += 1;
            }
        }
        idx += 1;
    }
    found.into_iter().map(|(_, value)| value).collect()
}

pub(super) fn casualties(sentence: &Sentence) -> Vec<Fill> {
    let mut fills: Vec<Fill> = counts(
        sentence,
        lexicon::words("counts.killed-after"),
        lexicon::words("counts.killed-triggers"),
    )
    .into_iter()
    .map(|value| fill("killed", value))
    .collect();
    fills.extend(
        counts(
            sentence,
            lexicon::words("counts.injured-after"),
            lexicon::words("counts.injured-triggers"),
        )
        .into_iter()
        .map(|value| fill("injured", value)),
    );
    if sentence.has_any(lexicon::words("counts.none-at-all"))
        || sentence.has_any(lexicon::words("counts.none-killed"))
    {
        fills.push(fill("killed", "0"));
    }
    if sentence.has_any(lexicon::words("counts.none-at-all"))
        || sentence.has_any(lexicon::words("counts.none-injured"))
    {
        fills.push(fill("injured", "0"));
    }
    fills
}
