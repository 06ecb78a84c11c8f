//! Text normalization: NFKC, word tokens with byte offsets, stems, stopwords and sentences.
//!
//! Tokens are read from the raw text so their offsets point into it; each token's `lower` and
//! `stem` forms are NFKC-normalized. A token is a run of letters, digits and combining marks of
//! any script, joined across an apostrophe between letters ("don't", "п'ятниця") and across
//! `.`/`,`/`:` between digits ("3.5", "40,000", "08:00"); hyphens split ("Russia-Ukraine" is two
//! tokens, so names meet whatever the joining). An English possessive "'s" is cut off the token.
//! Stems come from the Snowball stemmers (`rust-stemmers`) for languages that have one, applied
//! only to tokens in that language's script; Ukrainian has none and keeps the lowercase form.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[cfg(test)]
mod tests;

/// A word of the text, with its byte offsets into the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written (possessive "'s" excluded).
    pub text: String,
    /// NFKC, lowercase, `ё`→`е`, typographic apostrophes folded to `'`.
    pub lower: String,
    /// The Snowball stem of `lower` where a stemmer exists for the language, else `lower`.
    pub stem: String,
    pub start: usize,
    pub end: usize,
}

/// Unicode NFKC normalization (compatibility forms folded: "ﬁ" → "fi", full-width digits → ASCII).
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// Byte ranges of the words of `text`, without the normalized forms (the fast path for matchers).
pub(crate) fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n_chars = chars.len();
    let mut idx = 0;
    while idx < n_chars {
        let (start, ch) = chars[idx];
        if !is_word_char(ch) {
            idx += 1;
            continue;
        }
        let mut end_idx = idx + 1;
        loop {
            if end_idx < n_chars && is_word_char(chars[end_idx].1) {
                end_idx += 1;
                continue;
            }
            // A joiner between two word characters keeps the token going.
            if end_idx + 1 < n_chars {
                let prev = chars[end_idx - 1].1;
                let joiner = chars[end_idx].1;
                let next = chars[end_idx + 1].1;
                let letters = prev.is_alphabetic() && next.is_alphabetic() && is_apostrophe(joiner);
                let digits = prev.is_ascii_digit()
                    && next.is_ascii_digit()
                    && matches!(joiner, '.' | ',' | ':');
                if letters || digits {
                    end_idx += 2;
                    continue;
                }
            }
            break;
        }
        let end = chars.get(end_idx).map_or(text.len(), |(pos, _)| *pos);
        let word_end = strip_possessive(text, start, end);
        spans.push((start, word_end));
        idx = end_idx;
    }
    spans
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || (is_combining_mark(ch) && ch != '\u{20e3}' && ch != '\u{fe0f}')
}

pub(crate) fn is_apostrophe(ch: char) -> bool {
    matches!(ch, '\'' | '’' | 'ʼ' | '`')
}

/// End of the word without an English possessive "'s" ("Turkey's" → "Turkey").
fn strip_possessive(text: &str, start: usize, end: usize) -> usize {
    let word = &text[start..end];
    for suffix in ["'s", "’s", "ʼs", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return start + stem.len();
        }
    }
    end
}

/// Lowercase, NFKC, `ё`→`е`, apostrophes folded: the form every matcher compares.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let ascii = word.is_ascii();
    if ascii {
        for ch in word.chars() {
            out.push(if ch == '`' {
                '\''
            } else {
                ch.to_ascii_lowercase()
            });
        }
        return out;
    }
    let mut push = |ch: char| match ch {
        'ё' => out.push('е'),
        '’' | 'ʼ' | '`' => out.push('\''),
        // Combining acute accents (stress marks in Russian text) carry no meaning here.
        '\u{301}' => {}
        other => out.push(other),
    };
    // Text already in NFKC (most words) skips the decompose-recompose pass.
    if unicode_normalization::is_nfkc_quick(word.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        word.chars()
            .flat_map(char::to_lowercase)
            .for_each(&mut push);
    } else {
        word.nfkc().flat_map(char::to_lowercase).for_each(&mut push);
    }
    out
}

/// The words of `text` with lowercase and stemmed forms. Punctuation and emoji are dropped,
/// numbers kept. `lang` is an ISO 639-1 code ("en", "ru", "uk"…) or `None` (no stemming).
pub fn tokens(text: &str, lang: Option<&str>) -> Vec<Token> {
    let stemmer = lang.and_then(stemmer_for);
    word_spans(text)
        .into_iter()
        .map(|(start, end)| {
            let word = &text[start..end];
            let lower = fold(word);
            let stem = match &stemmer {
                Some((script, stemmer)) if script_of(&lower) == Some(*script) => {
                    stemmer.stem(&lower).into_owned()
                }
                _ => lower.clone(),
            };
            Token {
                text: word.to_owned(),
                lower,
                stem,
                start,
                end,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Tamil,
}

fn script_of(word: &str) -> Option<Script> {
    let ch = word.chars().find(|ch| ch.is_alphabetic())?;
    match ch {
        'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => {
            Some(Script::Latin)
        }
        '\u{400}'..='\u{52f}' => Some(Script::Cyrillic),
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Some(Script::Greek),
        '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' => Some(Script::Arabic),
        '\u{b80}'..='\u{bff}' => Some(Script::Tamil),
        _ => None,
    }
}

fn stemmer_for(lang: &str) -> Option<(Script, Stemmer)> {
    let (script, algorithm) = match lang {
        "en" => (Script::Latin, Algorithm::English),
        "ru" => (Script::Cyrillic, Algorithm::Russian),
        "de" => (Script::Latin, Algorithm::German),
        "fr" => (Script::Latin, Algorithm::French),
        "es" => (Script::Latin, Algorithm::Spanish),
        "it" => (Script::Latin, Algorithm::Italian),
        "pt" => (Script::Latin, Algorithm::Portuguese),
        "nl" => (Script::Latin, Algorithm::Dutch),
        "sv" => (Script::Latin, Algorithm::Swedish),
        "no" | "nb" | "nn" => (Script::Latin, Algorithm::Norwegian),
        "da" => (Script::Latin, Algorithm::Danish),
        "fi" => (Script::Latin, Algorithm::Finnish),
        "hu" => (Script::Latin, Algorithm::Hungarian),
        "ro" => (Script::Latin, Algorithm::Romanian),
        "tr" => (Script::Latin, Algorithm::Turkish),
        "ar" => (Script::Arabic, Algorithm::Arabic),
        "el" => (Script::Greek, Algorithm::Greek),
        "ta" => (Script::Tamil, Algorithm::Tamil),
        _ => return None,
    };
    Some((script, Stemmer::create(algorithm)))
}

const STOP_EN: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "per",
    "via",
    "since",
    "say",
    "according",
    "amid",
    "within",
    "without",
    "s",
    "t",
    "don't",
    "it's",
    "yet",
];

const STOP_RU: &[&str] = &[
    "а",
    "без",
    "более",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "все",
    "всех",
    "вы",
    "где",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "её",
    "если",
    "есть",
    "еще",
    "ещё",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "мне",
    "может",
    "мы",
    "на",
    "над",
    "надо",
    "наш",
    "не",
    "него",
    "нее",
    "неё",
    "нет",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "очень",
    "по",
    "под",
    "после",
    "при",
    "про",
    "с",
    "со",
    "так",
    "также",
    "такой",
    "там",
    "те",
    "тем",
    "то",
    "того",
    "тоже",
    "той",
    "только",
    "том",
    "ты",
    "у",
    "уже",
    "хотя",
    "чего",
    "чей",
    "чем",
    "что",
    "чтобы",
    "эта",
    "эти",
    "это",
    "этот",
    "я",
    "который",
    "которая",
    "которые",
    "которых",
    "сообщает",
    "заявил",
    "заявила",
    "между",
    "против",
    "через",
];

const STOP_UK: &[&str] = &[
    "а",
    "але",
    "без",
    "би",
    "був",
    "була",
    "були",
    "було",
    "бути",
    "в",
    "вам",
    "вас",
    "весь",
    "від",
    "він",
    "вона",
    "вони",
    "воно",
    "все",
    "всі",
    "де",
    "для",
    "до",
    "дуже",
    "є",
    "з",
    "за",
    "зі",
    "і",
    "із",
    "й",
    "їх",
    "його",
    "її",
    "коли",
    "на",
    "над",
    "наш",
    "не",
    "немає",
    "ні",
    "но",
    "о",
    "об",
    "однак",
    "по",
    "під",
    "після",
    "при",
    "про",
    "та",
    "так",
    "також",
    "там",
    "те",
    "тим",
    "то",
    "того",
    "тому",
    "тут",
    "у",
    "уже",
    "вже",
    "хоча",
    "це",
    "цей",
    "ця",
    "ці",
    "чи",
    "що",
    "щоб",
    "як",
    "який",
    "яка",
    "які",
    "яких",
    "я",
    "ми",
    "ви",
    "між",
    "проти",
    "через",
    "повідомляє",
    "заявив",
    "заявила",
];

/// Whether `lower` (a token's lowercase form) is a function word in `lang`. With no language,
/// the English, Russian and Ukrainian lists all apply.
pub fn is_stopword(lang: Option<&str>, lower: &str) -> bool {
    match lang {
        Some("en") => STOP_EN.contains(&lower),
        Some("ru") => STOP_RU.contains(&lower),
        Some("uk") => STOP_UK.contains(&lower),
        Some(_) => STOP_EN.contains(&lower),
        None => STOP_EN.contains(&lower) || STOP_RU.contains(&lower) || STOP_UK.contains(&lower),
    }
}

/// The stems of the content words of `text`: no stopwords, no single letters. What clustering
/// compares.
pub fn content_terms(text: &str, lang: Option<&str>) -> Vec<String> {
    tokens(text, lang)
        .into_iter()
        .filter(|token| {
            let single_letter =
                token.lower.chars().count() == 1 && token.lower.chars().all(char::is_alphabetic);
            !single_letter && !is_stopword(lang, &token.lower)
        })
        .map(|token| token.stem)
        .collect()
}

/// Words after which a period does not end a sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "no",
    "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "est", "dept", "fig", "vol", "mt", "ft", "pres", "amb", "e.g", "i.e", "cf", "al",
    "г", "гг", "ул", "им", "т.е", "т.д", "т.п", "др", "пр", "тыс", "млн", "млрд", "руб", "грн",
    "см", "ген", "обл", "р", "вул", "тис",
];

/// Byte ranges of the sentences of `text`, trimmed. A sentence ends at a line break, or at
/// `.` `!` `?` `…` followed by a space and a word that does not start lowercase, unless the period
/// closes an abbreviation ("Gen.", "Jan."), an initial ("J. Smith", "U.S.") or sits inside a number,
/// and unless an ellipsis sits inside an open quotation.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut sentence_start = 0;
    let mut quote_depth: i32 = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((pos, ch)) = iter.next() {
        match ch {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                push_trimmed(text, sentence_start, pos, &mut ranges);
                sentence_start = pos + ch.len_utf8();
                quote_depth = 0;
            }
            '“' | '«' | '„' => quote_depth += 1,
            '”' | '»' => quote_depth = (quote_depth - 1).max(0),
            '"' => quote_depth = if quote_depth > 0 { 0 } else { 1 },
            '.' | '!' | '?' | '…' => {
                // Swallow a run of terminals ("?!", "...") and closing quotes or brackets.
                let mut end = pos + ch.len_utf8();
                let mut ellipsis = ch == '…';
                while let Some(&(next_pos, next)) = iter.peek() {
                    if matches!(next, '.' | '!' | '?' | '…') {
                        ellipsis |= next == '.' || next == '…';
                        end = next_pos + next.len_utf8();
                        iter.next();
                    } else if matches!(next, '"' | '”' | '»' | '’' | '\'' | ')' | ']') {
                        if matches!(next, '”' | '»') || (next == '"' && quote_depth > 0) {
                            quote_depth = (quote_depth - 1).max(0);
                        }
                        end = next_pos + next.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                let rest = &text[end..];
                let after_space = rest.trim_start_matches([' ', '\t', '\u{a0}']);
                let has_space = after_space.len() < rest.len();
                if !rest.is_empty() && !has_space {
                    continue;
                }
                if after_space.starts_with(['\n', '\r']) {
                    continue; // the line break ends it
                }
                let next_char = after_space.chars().next();
                if next_char.is_some_and(char::is_lowercase) {
                    continue;
                }
                if ch == '.' && !ellipsis && is_abbreviation(text, sentence_start, pos) {
                    continue;
                }
                if ellipsis && quote_depth > 0 {
                    continue;
                }
                push_trimmed(text, sentence_start, end, &mut ranges);
                sentence_start = end;
                quote_depth = 0;
            }
            _ => {}
        }
    }
    push_trimmed(text, sentence_start, text.len(), &mut ranges);
    ranges
}

/// Whether the word before the period at `dot` is an abbreviation or an initial.
fn is_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '«'))
        .map_or(0, |idx| {
            idx + before[idx..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    // An initial: "J." or an initialism with inner periods: "U.S", "U.N".
    if letters.len() == 1 && letters[0].is_uppercase() && word.chars().count() == 1 {
        return true;
    }
    if word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2) {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn push_trimmed(text: &str, start: usize, end: usize, ranges: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let trimmed_start = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let begin = start + trimmed_start;
        ranges.push((begin, begin + trimmed.len()));
    }
}
