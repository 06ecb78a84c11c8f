//! When two written names are one origin: whole-word containment, acronyms, and one body's two
//! English names ("Norway's foreign ministry" = "the Norwegian Ministry of Foreign Affairs").

use std::sync::LazyLock;

use super::Resolved;

/// Lowercase words of a name, articles dropped.
pub(super) fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| {
            !matches!(
                word.as_str(),
                "the" | "a" | "an" | "of" | "who" | "heads" | "and"
            )
        })
        .collect()
}

/// Rewrites of one body's two English names (`data/en/org_names.txt`).
static ORG_REWRITES: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    include_str!("../../data/en/org_names.txt")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (from, to) = line.split_once("=>")?;
            let words = |text: &str| text.split_whitespace().map(str::to_string).collect();
            Some((words(from), words(to)))
        })
        .collect()
});

/// A body's name reduced to what identifies it: lowercase words, articles and possessives off,
/// demonyms as their country ("Norwegian" → "norway"), the English variants of a ministry's name
/// made one ("Ministry of Foreign Affairs" → "foreign ministry"), words sorted. "Norway's foreign
/// ministry" and "the Norwegian Ministry of Foreign Affairs" have the same key.
pub(super) fn org_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let word = word.trim_end_matches("'s").trim_end_matches("’s");
            match crate::entities::gazetteer().lookup(word) {
                Some(entry)
                    if entry.kind == wiredesk_model::EntityKind::Country
                        && word.chars().next().is_some_and(char::is_uppercase) =>
                {
                    entry.canonical.to_lowercase()
                }
                // A minister speaks for the ministry.
                _ if word.eq_ignore_ascii_case("minister") => "ministry".to_string(),
                _ => word.to_lowercase(),
            }
        })
        .filter(|word| !matches!(word.as_str(), "the" | "a" | "an"))
        .collect();
    for (from, to) in ORG_REWRITES.iter() {
        let from: Vec<String> = from
            .iter()
            .map(|word| word.replace("minister", "ministry"))
            .collect();
        if let Some(at) = words
            .windows(from.len())
            .position(|window| window == from.as_slice())
        {
            words.splice(at..at + from.len(), to.iter().cloned());
            break;
        }
    }
    words.sort();
    words
}

/// `short` is written in capitals and spells the initials of `long`'s capitalised words ("KNA"
/// for "Kenya News Agency", "EPM" for "Equatoria People's Movement (EPM)"), or `long` gives it in
/// brackets.
pub(crate) fn is_acronym_of(short: &str, long: &str) -> bool {
    if !could_be_acronym(short) {
        return false;
    }
    let short = short.trim().trim_start_matches("the ").trim();
    if long.contains(&format!("({short})")) {
        return true;
    }
    initials(long) == short
}

/// The capitals opening the words of `long` (split at spaces and hyphens): what its acronym
/// spells.
pub(crate) fn initials(long: &str) -> String {
    long.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Whether `short` is written as an acronym (two to six capitals, after "the "): the part of
/// [`is_acronym_of`] that reads `short` alone.
pub(crate) fn could_be_acronym(short: &str) -> bool {
    let short = short.trim().trim_start_matches("the ").trim();
    let n_letters = short.chars().count();
    (2..=6).contains(&n_letters) && short.chars().all(char::is_uppercase)
}

/// One name contains the other as whole words, or one is the other's acronym. Remembered by the
/// pair: tracing and labelling a large story's origins asks it of the same few names thousands
/// of times.
pub fn same_name(a: &str, b: &str) -> bool {
    static SAME: LazyLock<crate::memo::Memo<bool>> =
        LazyLock::new(|| crate::memo::Memo::new(100_000));
    SAME.get_or(crate::memo::key_of(&(a, b)), || same_name_uncached(a, b))
}

fn same_name_uncached(a: &str, b: &str) -> bool {
    if is_acronym_of(a, b) || is_acronym_of(b, a) {
        return true;
    }
    // Only a body's names have two English forms; comparing keys costs a gazetteer lookup per
    // word, so it is asked only of names that look like a ministry's.
    let is_body = |name: &str| {
        name.contains(char::is_whitespace) && (name.contains("inist") || name.contains("INIST"))
    };
    if is_body(a) && is_body(b) {
        let (key_a, key_b) = (org_key(a), org_key(b));
        let (short, long) = if key_a.len() <= key_b.len() {
            (&key_a, &key_b)
        } else {
            (&key_b, &key_a)
        };
        if short.len() >= 2 && short.iter().all(|word| long.contains(word)) {
            return true;
        }
    }
    let (a, b) = (name_words(a), name_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let contains =
        |long: &[String], short: &[String]| long.windows(short.len()).any(|window| window == short);
    if a.len() >= b.len() {
        contains(&a, &b)
    } else {
        contains(&b, &a)
    }
}

pub(super) fn resolves_same(a: &str, b: &str, resolve: &dyn Fn(&str) -> Option<Resolved>) -> bool {
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a.canonical == b.canonical,
        _ => false,
    }
}
