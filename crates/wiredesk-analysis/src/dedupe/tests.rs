//! Dedupe cases: exact keys fold case, spacing, punctuation and emoji; MinHash finds a copy with
//! small edits and leaves different texts on the same topic alone.

use super::{NearDupIndex, exact_key, rows_for};

/// A stand-in for the normalizer: lower-cased alphanumeric words.
fn words(text: &str) -> Vec<String> {
    text.split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

const WARNING: &str = "🔥 Hungary: the national meteorological service OMSZ has issued a red heat alert for Budapest and 9 counties from Friday noon until Sunday evening, with highs of 39–41°C expected.";
// The same text copied by another channel: "the" dropped, ", with" turned into ";".
const WARNING_COPY: &str = "🔥 Hungary: national meteorological service OMSZ has issued a red heat alert for Budapest and 9 counties from Friday noon until Sunday evening; highs of 39–41°C expected.";
// Same topic, same agency, different text.
const WARNING_OTHER: &str = "Budapest swelters: OMSZ says the heat alert may be extended into next week as temperatures stay near 40°C and hospitals prepare.";
const UNRELATED: &str =
    "Hungary's parliament passes the budget for next year after a long night session.";

#[test]
fn exact_key_folds_case_whitespace_punctuation_and_emoji() {
    let key = exact_key("Heat alert for Budapest!");
    assert_eq!(exact_key("🔥  heat ALERT — for budapest"), key);
    assert_eq!(exact_key("heat alert for budapest"), key);
    assert_ne!(exact_key("heat alert for Debrecen"), key);
    // Word boundaries still count: folding never glues words together.
    assert_ne!(exact_key("heatalert for budapest"), key);
    assert_eq!(exact_key("Київ, сьогодні!"), exact_key("київ сьогодні"));
}

#[test]
fn near_duplicate_copy_is_found_with_its_similarity() {
    let mut index = NearDupIndex::new(NearDupIndex::DEFAULT_THRESHOLD);
    assert_eq!(index.insert("a/1", &words(UNRELATED)), None);
    assert_eq!(index.insert("a/2", &words(WARNING)), None);
    let found = index
        .insert("b/7", &words(WARNING_COPY))
        .expect("the copy is a near-duplicate");
    assert_eq!(found.id, "a/2");
    // Bigram Jaccard of the two is 25/31 ≈ 0.81; the estimate is within MinHash noise of it.
    assert!(
        (0.65..=0.95).contains(&found.similarity),
        "similarity {}",
        found.similarity
    );
    assert_eq!(index.len(), 3);
}

#[test]
fn copy_of_stopword_free_terms_is_nearly_identical() {
    let stop = [
        "the", "a", "of", "for", "and", "from", "until", "with", "has",
    ];
    let content = |text: &str| {
        words(text)
            .into_iter()
            .filter(|w| !stop.contains(&w.as_str()))
            .collect::<Vec<_>>()
    };
    let mut index = NearDupIndex::new(0.8);
    index.insert("a/2", &content(WARNING));
    let found = index.insert("b/7", &content(WARNING_COPY)).expect("found");
    assert_eq!(found.similarity, 1.0);
}

#[test]
fn same_topic_different_text_is_not_a_near_duplicate() {
    let mut index = NearDupIndex::new(NearDupIndex::DEFAULT_THRESHOLD);
    index.insert("a/2", &words(WARNING));
    assert_eq!(index.insert("c/3", &words(WARNING_OTHER)), None);
    assert_eq!(index.insert("c/4", &words(UNRELATED)), None);
    // Even a permissive threshold keeps them apart: they share words, not word pairs.
    let mut loose = NearDupIndex::new(0.3);
    loose.insert("a/2", &words(WARNING));
    assert_eq!(loose.insert("c/3", &words(WARNING_OTHER)), None);
}

#[test]
fn best_match_wins_and_empty_docs_are_skipped() {
    let mut index = NearDupIndex::new(0.5);
    assert_eq!(index.insert("empty", &[]), None);
    assert!(index.is_empty());
    index.insert("first", &words(WARNING_COPY));
    index.insert("second", &words(WARNING));
    let found = index.insert("third", &words(WARNING)).expect("found");
    assert_eq!((found.id.as_str(), found.similarity), ("second", 1.0));
}

#[test]
fn band_height_keeps_pairs_at_the_threshold_as_candidates() {
    // Higher thresholds afford taller bands (fewer false candidates).
    assert!(rows_for(0.9) > rows_for(0.6));
    assert!(rows_for(0.6) > rows_for(0.2));
    for threshold in [0.2f64, 0.5, 0.6, 0.8, 0.95] {
        let rows = rows_for(threshold as f32);
        let p = 1.0 - (1.0 - threshold.powi(rows as i32)).powi((128 / rows) as i32);
        assert!(p >= 0.99, "threshold {threshold}: p {p}");
    }
}

/// Issue 10: a removed document is never matched again, whether it is only marked or the index
/// was rebuilt, and the documents kept match as before.
#[test]
fn removed_documents_are_not_matched() {
    let gone = |ids: &[&str]| -> std::collections::HashSet<String> {
        ids.iter().map(|id| id.to_string()).collect()
    };
    let mut index = NearDupIndex::new(NearDupIndex::DEFAULT_THRESHOLD);
    for (id, text) in [
        ("a/1", WARNING),
        ("a/2", UNRELATED),
        ("a/3", WARNING_OTHER),
        (
            "a/4",
            "Kenya's central bank holds its policy rate at 9.75 percent.",
        ),
        (
            "a/5",
            "Ferry services across the Strait of Otranto are suspended by high winds.",
        ),
    ] {
        index.insert(id, &words(text));
    }
    // One of five: marked, not rebuilt.
    index.remove(&gone(&["a/1"]));
    assert_eq!(index.len(), 4);
    assert_eq!(index.insert("b/1", &words(WARNING_COPY)), None);
    // The copy matches the copy it can still see.
    let found = index.insert("b/2", &words(WARNING)).expect("b/1 is kept");
    assert_eq!(found.id, "b/1");
    // More than a quarter gone: rebuilt, and the same holds.
    index.remove(&gone(&["a/2", "b/1", "a/4"]));
    assert_eq!(index.len(), 3);
    assert_eq!(index.insert("c/1", &words(UNRELATED)), None);
    let found = index
        .insert("c/2", &words(WARNING_COPY))
        .expect("b/2 is kept");
    assert_eq!(found.id, "b/2");
}
