//! Latin names for Cyrillic ones, so every origin has a name the brief can cite.
//!
//! Decisions:
//! - The tables are data (`data/translit/uk.txt`: Ukraine's national system of 2010, which
//!   BGN/PCGN adopted; `data/translit/ru.txt`: BGN/PCGN for Russian without the ʹ and ʺ marks),
//!   not the `deunicode` or `any_ascii` crates: those apply one Russian-style table to every
//!   Cyrillic letter, so "Харків" came out "Kharkiv" but "Київ" "Kiyiv" and "Зграя" "Zghraia"
//!   never, and they know neither word-initial forms (є → "Ye", ю → "Yu") nor the Ukrainian г → h.
//! - Ukrainian or Russian is decided per text by the letters only Ukrainian has (і ї є ґ, and
//!   the apostrophe inside a word); without them the text is read as Russian.
//! - [`latin_name`] prefers the gazetteer's English name over any transliteration: a known place
//!   or body in any alias or inflected form, and an institution of a region ("ДСНС у Львівській
//!   області" → "State Emergency Service, Lviv region"); only what is left is transliterated.

use std::sync::LazyLock;

use wiredesk_model::EntityKind;

use crate::entities::{entities, gazetteer};

#[cfg(test)]
mod tests;

/// The language a Cyrillic text is transliterated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Russian,
    Ukrainian,
}

/// One row of a table: Cyrillic letters (lowercase), their Latin form, and the form at the start
/// of a word (and, for Russian, after a vowel or a sign).
#[derive(Debug)]
struct Row {
    key: Vec<char>,
    anywhere: String,
    initial: Option<String>,
}

#[derive(Debug)]
struct Table {
    /// Longest keys first.
    rows: Vec<Row>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut rows: Vec<Row> = text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let key: Vec<char> = fields.next()?.chars().collect();
                let anywhere = fields.next().unwrap_or_default().to_owned();
                let initial = fields.next().map(str::to_owned);
                (!key.is_empty()).then_some(Row {
                    key,
                    anywhere,
                    initial,
                })
            })
            .collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.key.len()));
        Table { rows }
    }
}

static UKRAINIAN: LazyLock<Table> =
    LazyLock::new(|| Table::parse(include_str!("../../data/translit/uk.txt")));
static RUSSIAN: LazyLock<Table> =
    LazyLock::new(|| Table::parse(include_str!("../../data/translit/ru.txt")));

/// A letter of the Cyrillic blocks (Russian, Ukrainian and their neighbours).
pub fn is_cyrillic(ch: char) -> bool {
    ('\u{400}'..='\u{52f}').contains(&ch)
}

/// Whether a text is written mostly in Cyrillic: more Cyrillic letters than Latin ones.
pub fn mostly_cyrillic(text: &str) -> bool {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for ch in text.chars().filter(|ch| ch.is_alphabetic()) {
        if is_cyrillic(ch) {
            cyrillic += 1;
        } else if ch.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    cyrillic > latin
}

/// Ukrainian when the text has a letter only Ukrainian uses (і ї є ґ) or an apostrophe inside a
/// Cyrillic word (Russian writes ъ there), else Russian.
pub fn detect(text: &str) -> Lang {
    let chars: Vec<char> = text.chars().collect();
    let ukrainian = chars.iter().enumerate().any(|(idx, ch)| {
        matches!(ch.to_lowercase().next(), Some('і' | 'ї' | 'є' | 'ґ'))
            || (is_apostrophe_in_word(&chars, idx) && is_cyrillic(chars[idx - 1]))
    });
    if ukrainian {
        Lang::Ukrainian
    } else {
        Lang::Russian
    }
}

/// `text` in Latin script, Cyrillic letters transliterated (language from [`detect`]), everything
/// else kept: "Харків" → "Kharkiv", "Щёлково" → "Shchyolkovo".
pub fn to_latin(text: &str) -> String {
    transliterate(text, detect(text))
}

/// `text` in Latin script by the table of `lang`.
pub fn transliterate(text: &str, lang: Lang) -> String {
    let table: &Table = match lang {
        Lang::Ukrainian => &UKRAINIAN,
        Lang::Russian => &RUSSIAN,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        if !is_cyrillic(ch) && !is_apostrophe_in_word(&chars, idx) {
            out.push(ch);
            idx += 1;
            continue;
        }
        let lower: Vec<char> = chars[idx..]
            .iter()
            .take(3)
            .map(|ch| ch.to_lowercase().next().unwrap_or(*ch))
            .collect();
        let Some(row) = table
            .rows
            .iter()
            .find(|row| lower.len() >= row.key.len() && lower[..row.key.len()] == row.key[..])
        else {
            out.push(ch);
            idx += 1;
            continue;
        };
        let initial_here = match lang {
            Lang::Ukrainian => word_start(&chars, idx),
            Lang::Russian => {
                word_start(&chars, idx)
                    || chars[idx - 1]
                        .to_lowercase()
                        .next()
                        .is_some_and(|prev| "аеёиоуыэюяйъь".contains(prev))
            }
        };
        let latin = match (&row.initial, initial_here) {
            (Some(initial), true) => initial.as_str(),
            _ => row.anywhere.as_str(),
        };
        if ch.is_uppercase() {
            if word_in_capitals(&chars, idx) {
                out.push_str(&latin.to_uppercase());
            } else {
                let mut latin_chars = latin.chars();
                if let Some(first) = latin_chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(latin_chars.as_str());
                }
            }
        } else {
            out.push_str(latin);
        }
        idx += row.key.len();
    }
    out
}

/// An apostrophe between two letters is part of the word ("Слов'янськ"): dropped by the table.
fn is_apostrophe_in_word(chars: &[char], idx: usize) -> bool {
    matches!(chars[idx], '\'' | '’' | 'ʼ')
        && idx > 0
        && chars[idx - 1].is_alphabetic()
        && chars.get(idx + 1).is_some_and(|ch| ch.is_alphabetic())
}

fn word_start(chars: &[char], idx: usize) -> bool {
    idx == 0 || !(chars[idx - 1].is_alphabetic() || is_apostrophe_in_word(chars, idx - 1))
}

/// Whether the word around `idx` is written in capitals and has more than one letter ("ДСНС").
fn word_in_capitals(chars: &[char], idx: usize) -> bool {
    let start = (0..=idx)
        .rev()
        .take_while(|pos| chars[*pos].is_alphabetic())
        .last()
        .unwrap_or(idx);
    let letters: Vec<char> = chars[start..]
        .iter()
        .take_while(|ch| ch.is_alphabetic())
        .copied()
        .collect();
    letters.len() > 1 && letters.iter().all(|ch| ch.is_uppercase())
}

/// The name in Latin script a brief can cite: the gazetteer's English name where the name (any
/// alias, an inflected Cyrillic form) is known, an institution of a known region as
/// "State Emergency Service, Lviv region", else the known parts in English and the rest
/// transliterated. Names already in Latin script are returned as they are.
pub fn latin_name(name: &str) -> String {
    let name = name.trim();
    if !name.chars().any(is_cyrillic) {
        return name.to_owned();
    }
    if let Some(entry) = gazetteer().lookup(name) {
        return entry.canonical.clone();
    }
    let mentions: Vec<_> = entities(name, None)
        .into_iter()
        .filter(|mention| !mention.canonical.chars().any(is_cyrillic))
        .filter(|mention| mention.kind != EntityKind::Role)
        .collect();
    if let [body, region] = mentions.as_slice()
        && let Some(composed) = body_of_region(name, body, region)
    {
        return composed;
    }
    let lang = detect(name);
    let mut out = String::new();
    let mut last = 0;
    for mention in &mentions {
        out.push_str(&transliterate(&name[last..mention.start], lang));
        out.push_str(&mention.canonical);
        last = mention.end;
    }
    out.push_str(&transliterate(&name[last..], lang));
    out
}

/// "ДСНС у Львівській області": a national body followed, after at most a preposition, by a
/// region of its country → "State Emergency Service, Lviv region".
fn body_of_region(
    name: &str,
    body: &wiredesk_model::EntityMention,
    region: &wiredesk_model::EntityMention,
) -> Option<String> {
    if !matches!(body.kind, EntityKind::Organization) || region.kind != EntityKind::Place {
        return None;
    }
    let between = name[body.end..region.start].trim();
    let rest = name[..body.start].trim().is_empty() && name[region.end..].trim().is_empty();
    if !rest || between.chars().count() > 2 {
        return None;
    }
    let body_entry = gazetteer().get(&body.canonical)?;
    let region_entry = gazetteer().get(&region.canonical)?;
    let country = body_entry.country.as_deref()?;
    if region_entry.country.as_deref() != Some(country) {
        return None;
    }
    let short_body = body
        .canonical
        .strip_suffix(&format!(" of {country}"))
        .unwrap_or(&body.canonical);
    let region_name = region
        .canonical
        .strip_suffix(" Oblast")
        .map(|stem| format!("{stem} region"))
        .unwrap_or_else(|| region.canonical.clone());
    Some(format!("{short_body}, {region_name}"))
}
