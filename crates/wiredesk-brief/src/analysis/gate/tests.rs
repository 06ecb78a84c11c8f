//! Tests for the gates' readers: who a sentence attributes a view to, what it quotes, what is
//! meta-talk, and which gate a checker refusal belongs to.

use super::attribution::{Party, Speaker, attribution, parties};
use super::meta::meta;
use super::quotation::{quotes, unquoted};
use super::{for_checker, unsupported_gate};

/// The parties of `text`, each as its phrase ("?" for a cue that names nobody).
#[track_caller]
fn check_parties(text: &str, expected: &[&str]) {
    let found: Vec<String> = parties(text)
        .into_iter()
        .map(|party| match party {
            Party::Named { phrase, .. } => phrase,
            Party::Unnamed(_) => "?".to_string(),
        })
        .collect();
    assert_eq!(found, expected, "{text}");
}

#[test]
fn parties_before_verb_cues() {
    check_parties("Kyiv warns that the port is exposed.", &["Kyiv"]);
    check_parties("Local media say 7 died.", &["media"]);
    check_parties(
        "The regional governor says 12 died.",
        &["regional governor"],
    );
    check_parties(
        "Turkey and the United Nations say the talks are indirect.",
        &["Turkey and the United Nations"],
    );
    check_parties(
        "Russia's foreign ministry says nothing.",
        &["Russia's foreign ministry"],
    );
    check_parties("Kyiv has also repeatedly said so.", &["Kyiv"]);
    check_parties(
        "The Regional Administration, which says 12 died, is verified.",
        &["Regional Administration"],
    );
    check_parties("Ankara views the talks as a success.", &["Ankara"]);
    check_parties("The ministry calls it a war crime.", &["ministry"]);
}

#[test]
fn parties_after_according_to_and_per() {
    check_parties(
        "According to a diplomatic source cited by AFP, the talks are indirect.",
        &["diplomatic source", "AFP"],
    );
    check_parties("The talks are indirect, per AFP.", &["AFP"]);
}

#[test]
fn nouns_openers_and_passives_are_not_attributions() {
    check_parties("The claims remain unverified.", &[]);
    check_parties("Both sides' reports differ.", &[]);
    check_parties("Fears of escalation grow.", &[]);
    check_parties("The strike was reported at 05:02 UTC.", &[]);
    check_parties("The Regional Administration's claims stand.", &[]);
}

#[test]
fn pronouns_name_nobody() {
    check_parties("They argue that the port was the target.", &["?"]);
    check_parties("It also says the port was hit.", &["?"]);
}

#[test]
fn speakers_match_by_name_words() {
    let speakers = vec![
        Speaker::new("the regional governor"),
        Speaker::new("Regional Administration"),
        Speaker::new("Ukraine's foreign ministry"),
    ];
    let passes = |text: &str| attribution(text, &speakers);
    assert!(passes("The governor says 12 died.").is_ok());
    assert!(passes("The regional administration says 12 died.").is_ok());
    assert!(
        passes("Ukrainian officials' rivals aside, the foreign ministry warns of more.").is_ok()
    );
    assert!(passes("Kyiv warns of more strikes.").is_err());
    assert!(passes("The mayor says 12 died.").is_err());
    assert!(
        passes("Both accounts say the port was hit.").is_ok(),
        "the evidence itself"
    );
    assert!(passes("The desk reads Kyiv's warning as serious.").is_ok());
    assert!(passes("On the desk's reading, Kyiv warns of more.").is_ok());
}

#[test]
fn quotes_of_every_kind_and_apostrophes_that_are_not() {
    assert_eq!(
        quotes("It called it “a grave breach”, a \"strike\", ‘terror’ and 'war'; «нет»."),
        vec!["a grave breach", "strike", "нет", "terror", "war"]
    );
    assert!(quotes("Ukraine's port and the ministers' view, rock 'n' roll aside").len() <= 1);
    assert_eq!(quotes("Kyiv's ‘line’ holds."), vec!["line"]);
}

#[test]
fn quotes_must_be_verbatim() {
    let evidence = "A grain terminal in the port was hit.\nAs of 08:00, 12 people were killed.";
    assert_eq!(
        unquoted("It said \"a GRAIN  terminal in the port\".", evidence),
        None
    );
    assert_eq!(
        unquoted(
            "It said \"a grain terminal was hit in the port\".",
            evidence
        ),
        Some("a grain terminal was hit in the port".to_string())
    );
    assert_eq!(unquoted("It spoke of the ‘port’.", evidence), None);
    assert_eq!(
        unquoted("It spoke of the ‘harbour’.", evidence),
        Some("harbour".to_string())
    );
    // A single word must stand as a word, not inside another.
    assert_eq!(
        unquoted("It said \"term\".", evidence),
        Some("term".to_string())
    );
}

#[test]
fn meta_talk_and_compound_names() {
    assert!(meta("Biden… Trump met.").is_some());
    assert!(meta("The talks moved to Istanbul — Ankara.").is_some());
    assert!(meta("The talks — in Istanbul — go on.").is_none());
    assert!(meta("I mean the port.").is_some());
    assert!(meta("See item 3 for the toll.").is_some());
    assert!(meta("Note: the toll is disputed.").is_some());
    assert!(meta("Indirect Russia–Ukraine talks go on in Istanbul.").is_none());
    assert!(meta("The well-known port was hit.").is_none());
    assert!(meta("The desk reads the strike as an escalation.").is_none());
    assert!(meta("The item was hit.").is_none());
}

#[test]
fn checker_refusals_map_to_gates_by_what_is_missing_first() {
    use crate::check::{CheckError, Missing};
    let missing = |items: Vec<Missing>| CheckError::Missing(items);
    let cases = [
        (missing(vec![Missing::Name("X".into())]), "unsupported-name"),
        (
            missing(vec![Missing::Handle("@x".into())]),
            "unsupported-name",
        ),
        (
            missing(vec![
                Missing::Number("14".into()),
                Missing::Name("X".into()),
            ]),
            "unsupported-number",
        ),
        (
            missing(vec![Missing::Date("3 July 2026".into())]),
            "unsupported-date",
        ),
        (
            missing(vec![Missing::Time("09:15".into())]),
            "unsupported-date",
        ),
        (
            missing(vec![Missing::Weekday("Friday".into())]),
            "unsupported-date",
        ),
        (missing(vec![Missing::Quote("x".into())]), "quotation"),
        (CheckError::NoEvidence(vec!["https://x".into()]), "citation"),
        (CheckError::NoCitation, "citation"),
        (missing(Vec::new()), "unsupported"),
    ];
    for (error, gate) in cases {
        assert_eq!(unsupported_gate(&error), gate, "{error}");
    }
    // The refusal reads as the checker always wrote it.
    assert_eq!(
        missing(vec![
            Missing::Number("14".into()),
            Missing::Name("X".into())
        ])
        .to_string(),
        "not in the cited evidence: number 14; name \"X\""
    );
}

#[test]
fn openers_are_lowered_for_the_checker_and_names_are_not() {
    assert_eq!(
        for_checker("Another reading is that"),
        "another reading is that"
    );
    assert_eq!(for_checker("Izmail was hit."), "Izmail was hit.");
    assert_eq!(for_checker("The port was hit."), "The port was hit.");
}
