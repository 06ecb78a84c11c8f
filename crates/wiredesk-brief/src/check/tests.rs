//! Tests for the citation checker: sentences that must pass and sentences that must fail.

use std::collections::HashMap;

use wiredesk_model::Sentence;

use crate::check_sentence;

const POST: &str = "https://t.me/osintbrief/14381";
const RELAY: &str = "https://t.me/wartracker/99203";
const WIKI: &str = "https://en.wikipedia.org/wiki/Izmail";

fn evidence() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        (
            POST,
            "Russia and Ukraine are holding indirect talks in Istanbul, according to a diplomatic source cited by AFP. Turkey and the United Nations mediate.\n08:38 UTC Wednesday 1 July 2026 2026-07-01\nOSINT Brief\n@osintbrief",
        ),
        (
            RELAY,
            "Izmail: twelve people killed after the strike on the port; the toll may rise. Turkey and the UN act as mediators.\n05:10 UTC Thursday 2 July 2026 2026-07-02\n@wartracker",
        ),
        (
            WIKI,
            "Izmail\nIzmail is a port city on the Danube in Ukraine.",
        ),
    ])
}

#[track_caller]
fn check(text: &str, citations: &[&str]) -> Result<(), String> {
    let evidence = evidence();
    let sentence = Sentence {
        text: text.to_string(),
        citations: citations.iter().map(|url| (*url).to_string()).collect(),
    };
    check_sentence(&sentence, &|url| {
        evidence.get(url).map(|text| (*text).to_string())
    })
}

#[track_caller]
fn passes(text: &str, citations: &[&str]) {
    if let Err(reason) = check(text, citations) {
        panic!("{text:?} should pass: {reason}");
    }
}

#[track_caller]
fn fails(text: &str, citations: &[&str], missing: &str) {
    match check(text, citations) {
        Ok(()) => panic!("{text:?} should fail"),
        Err(reason) => assert!(
            reason.contains(missing),
            "{reason:?} should name {missing:?}"
        ),
    }
}

#[test]
fn lede_with_attribution_chain_passes() {
    passes(
        "Russia and Ukraine are holding indirect talks in Istanbul, with Turkey and the United Nations mediating, according to a diplomatic source cited by AFP, as relayed by @osintbrief at 08:38 UTC on Wednesday 1 July 2026.",
        &[POST],
    );
}

#[test]
fn alias_in_the_evidence_backs_the_canonical_name() {
    passes(
        "The mediators, Turkey and the United Nations, are reported only by AFP.",
        &[POST],
    );
    // The relay only writes "the UN".
    passes("Turkey and the United Nations mediate.", &[RELAY]);
}

#[test]
fn number_words_back_digits() {
    passes(
        "The death toll is 12, as relayed by @wartracker at 05:10 UTC.",
        &[RELAY],
    );
}

#[test]
fn absence_sentence_needs_only_a_citation() {
    passes(
        "They do not say who leads either delegation, or whether any document has been tabled.",
        &[POST, RELAY],
    );
}

#[test]
fn evidence_of_all_citations_is_pooled() {
    passes(
        "Izmail is a port city on the Danube; the talks are in Istanbul.",
        &[WIKI, POST],
    );
}

#[test]
fn number_not_in_evidence_fails() {
    fails("The death toll is 14.", &[RELAY], "number 14");
}

#[test]
fn name_not_in_evidence_fails() {
    fails(
        "Talks are under way in Ankara, according to AFP.",
        &[POST],
        "Ankara",
    );
    fails("The talks are mediated by Qatar.", &[POST, RELAY], "Qatar");
}

#[test]
fn sentence_without_citation_fails() {
    fails("Talks are under way.", &[], "no citation");
}

#[test]
fn citation_without_evidence_fails() {
    fails(
        "Talks are under way.",
        &["https://t.me/unknown/1"],
        "no evidence",
    );
}

#[test]
fn time_not_of_the_cited_post_fails() {
    fails(
        "It was relayed by @osintbrief at 09:05 UTC.",
        &[POST],
        "time 09:05",
    );
}

#[test]
fn date_and_weekday_must_match() {
    fails("AFP reported on Thursday 2 July 2026.", &[POST], "date");
    fails("AFP reported on Friday 1 July 2026.", &[POST], "weekday");
    fails("AFP reported it on Friday.", &[POST], "weekday Friday");
    passes("AFP reported it on Wednesday, 1 July.", &[POST]);
}

#[test]
fn handle_of_another_source_fails() {
    fails("It was relayed by @wartracker.", &[POST], "@wartracker");
}

#[test]
fn quoted_words_must_appear() {
    passes("The source spoke of \"indirect talks\".", &[POST]);
    fails(
        "The source spoke of \"direct talks in Geneva\".",
        &[POST],
        "quote",
    );
}

/// A model's name with digits ("S-300") is checked as a name, whole: not as "S" and a number.
#[test]
fn hyphenated_model_names_are_checked_whole() {
    fails(
        "Russia and Ukraine discussed the S-300 in Istanbul.",
        &[POST],
        "name \"S-300\"",
    );
    passes("Russia and Ukraine are holding talks in Istanbul.", &[POST]);
}

#[test]
fn an_index_reads_its_evidence_once_and_again_when_it_grows() {
    let mut index = crate::EvidenceIndex::default();
    index.insert(POST, "Turkey mediates the talks.".to_string());
    let sentence = |text: &str| Sentence {
        text: text.to_string(),
        citations: vec![POST.to_string()],
    };
    let check = |index: &crate::EvidenceIndex, text: &str| {
        crate::check::check_sentence_in(&sentence(text), &|url| index.facts(url))
    };
    assert!(check(&index, "Turkey mediates.").is_ok());
    let refused = check(&index, "Qatar mediates.").expect_err("Qatar is not in the evidence");
    assert!(refused.contains("Qatar"), "{refused}");
    // The same facts are handed out while the text stays the same.
    let first = index.facts(POST).expect("facts");
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &index.facts(POST).expect("facts")
    ));
    // More evidence for the same URL is read afresh.
    index.insert(POST, "Qatar joins as a second mediator.".to_string());
    assert!(check(&index, "Qatar mediates.").is_ok());
    assert!(index.facts("https://example.org/none").is_none());
    assert_eq!(
        check(&index, "Qatar mediates.").is_ok(),
        check_sentence(&sentence("Qatar mediates."), &|url| index.get(url)).is_ok(),
        "the index and the text-reading checker agree"
    );
}

#[test]
fn a_count_in_words_opening_a_sentence_is_not_a_name() {
    let evidence = |_: &str| Some("Harbour Watch reports a ferry fire.".to_string());
    let sentence = |text: &str| Sentence {
        text: text.to_string(),
        citations: vec![POST.to_string()],
    };
    assert!(check_sentence(&sentence("Twelve origins report a ferry fire."), &evidence).is_ok());
    assert!(check_sentence(&sentence("Ninety-nine origins report it."), &evidence).is_ok());
    // A name that only starts with a number word is still a name.
    assert!(check_sentence(&sentence("Twelve Oaks reports a ferry fire."), &evidence).is_err());
    // Digits are still held to the evidence.
    assert!(check_sentence(&sentence("12 origins report a ferry fire."), &evidence).is_err());
}
