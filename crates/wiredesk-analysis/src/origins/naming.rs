//! What a speaker's name should be, read against its post: the head of the publishing body
//! speaking for it, a description a name in the same post fills out, and the English name a
//! translation gives a body whose own name is in another language.

use std::collections::HashMap;

use wiredesk_model::SpeakerKind;

use super::{Label, PostFacts, Resolved, post_labels, same_name};

/// The brief is written in English: when an English post translates an origin's own post in
/// another language and its lede names the speaker ("The organisers, the Wielkopolska Farmers'
/// Alliance, say …"), that name is the origin's English name.
pub(super) fn english_name(
    idx: usize,
    posts: &[PostFacts<'_>],
    source_names: &[&str],
    by_ref: &HashMap<String, usize>,
    labels: &[Vec<Label>],
    resolve: &dyn Fn(&str) -> Option<Resolved>,
) -> Option<String> {
    let post = &posts[idx];
    let (original, _) = post.copy_of.as_ref()?;
    let original = *by_ref.get(&original.to_lowercase())?;
    let original_language = posts[original].language?;
    if post.language != Some("en") || original_language == "en" {
        return None;
    }
    let own = labels[original].iter().find(|label| label.own)?;
    let unaided = PostFacts {
        copy_of: None,
        ..post.clone()
    };
    let named: Vec<Label> = post_labels(&unaided, source_names, by_ref, labels, resolve)
        .into_iter()
        .filter(|label| label.kind != SpeakerKind::Outlet && !label.denies)
        .collect();
    // A Cyrillic name has its English form from the gazetteer or a transliteration
    // (`latin_name`); an acronym ("SES") is no better a name than the one it replaces.
    let cyrillic = own.name.chars().any(crate::translit::is_cyrillic);
    let acronym = |name: &str| {
        !name.contains(' ')
            && name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    };
    match &named[..] {
        [label]
            if !cyrillic
                && !acronym(&label.name)
                && !same_name(&label.name, &own.name)
                && label.name != post.source_name =>
        {
            Some(label.name.clone())
        }
        _ => None,
    }
}

/// `name` is the head of the body `source` ("Minister of Foreign Affairs" of the "Norwegian
/// Ministry of Foreign Affairs"): the office's name with "Minister" for "Ministry" is part of
/// the body's name.
pub(super) fn officer_of(name: &str, source: &str) -> bool {
    let office = name
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    let Some(domain) = office
        .strip_prefix("Minister ")
        .or_else(|| office.strip_prefix("minister "))
    else {
        return false;
    };
    domain.split_whitespace().count() >= 2 && same_name(&format!("Ministry {domain}"), source)
}

/// `description` is a common noun phrase, at most qualified by a country or place ("Ethiopian
/// police", "the regional police"), whose head noun is a word of `name`, a proper name of two or
/// more capitalised words ("Sidama Region Police Commission").
pub(super) fn describes(description: &str, name: &str) -> bool {
    let words: Vec<&str> = description
        .split_whitespace()
        .filter(|word| !word.eq_ignore_ascii_case("the"))
        .collect();
    let Some(head) = words.last() else {
        return false;
    };
    let common = words.iter().all(|word| {
        !word.chars().next().is_some_and(char::is_uppercase)
            || crate::entities::gazetteer()
                .lookup(word)
                .is_some_and(|entry| {
                    matches!(
                        entry.kind,
                        wiredesk_model::EntityKind::Country | wiredesk_model::EntityKind::Place
                    )
                })
    });
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = name_words
        .iter()
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .count();
    common
        && head.chars().next().is_some_and(char::is_lowercase)
        && capitalised >= 2
        && name_words
            .iter()
            .any(|word| word.eq_ignore_ascii_case(head))
}
