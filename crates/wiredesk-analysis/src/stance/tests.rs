//! Stance on sentences and posts written for these tests (no dataset text): denials in several
//! phrasings and three languages come out `against`, reports `for`, hedged reports `observing`;
//! plus the phrase matcher, the features and the weights file.

use super::lexicon::{Phrase, Words, parse_phrases};
use super::{
    Example, FeatureOptions, Model, PostStance, Stance, TrainConfig, classify, features,
    post_stance, train,
};

#[track_caller]
fn check_post(claim: &str, post: &str, expected: Stance) -> PostStance {
    let verdict = post_stance(claim, post);
    assert_eq!(
        verdict.stance,
        expected,
        "claim {claim:?}\npost {post:?}\ndecided by {:?} ({:?})",
        &post[verdict.start..verdict.end],
        verdict
    );
    assert!(verdict.confidence > 0.0 && verdict.confidence <= 1.0);
    verdict
}

const CEASEFIRE: &str = "A ceasefire took effect at noon";
const TALKS: &str = "The two sides reached an agreement on prisoner exchanges";
const STRIKE: &str = "A missile destroyed a radar station near the border";
const CASUALTIES: &str = "Three people were injured in the shelling of the market";

#[test]
fn denials_are_against() {
    check_post(
        TALKS,
        "No agreement was ever reached, the ministry said.",
        Stance::Against,
    );
    check_post(
        TALKS,
        "The ministry denied that any deal had been struck.",
        Stance::Against,
    );
    check_post(CEASEFIRE, "This is fake.", Stance::Against);
    check_post(
        CEASEFIRE,
        "Reports of a ceasefire do not correspond to reality.",
        Stance::Against,
    );
    check_post(
        CASUALTIES,
        "Nobody was hurt, the mayor said.",
        Stance::Against,
    );
    check_post(
        CASUALTIES,
        "No one was injured in the shelling.",
        Stance::Against,
    );
    check_post(
        STRIKE,
        "The missile hit a disused depot, not a radar station.",
        Stance::Against,
    );
    check_post(CEASEFIRE, "The ceasefire never happened.", Stance::Against);
    check_post(
        CEASEFIRE,
        "Claims of a ceasefire at noon are a hoax, officials say.",
        Stance::Against,
    );
}

#[test]
fn reports_are_for() {
    check_post(
        CEASEFIRE,
        "Officials confirmed the ceasefire took effect at noon.",
        Stance::For,
    );
    check_post(
        TALKS,
        "The two sides signed an agreement on prisoner exchanges on Tuesday.",
        Stance::For,
    );
    check_post(
        STRIKE,
        "A missile destroyed the radar station near the border overnight.",
        Stance::For,
    );
}

#[test]
fn hedged_reports_are_observing() {
    check_post(
        CEASEFIRE,
        "A ceasefire reportedly took effect at noon.",
        Stance::Observing,
    );
    check_post(
        STRIKE,
        "Unconfirmed reports say a missile may have hit a radar station.",
        Stance::Observing,
    );
    check_post(
        TALKS,
        "Local media claims the sides agreed on an exchange of prisoners.",
        Stance::Observing,
    );
}

#[test]
fn russian_and_ukrainian_denials() {
    check_post(
        CEASEFIRE,
        "Сообщения о перемирии не соответствуют действительности.",
        Stance::Against,
    );
    check_post(
        CEASEFIRE,
        "Министерство опровергло эту информацию.",
        Stance::Against,
    );
    check_post(CEASEFIRE, "Это фейк.", Stance::Against);
    check_post(
        CASUALTIES,
        "Никто не пострадал, сообщил мэр.",
        Stance::Against,
    );
    check_post(
        CEASEFIRE,
        "Міністерство спростувало ці повідомлення.",
        Stance::Against,
    );
    check_post(
        CEASEFIRE,
        "Інформація не відповідає дійсності.",
        Stance::Against,
    );
    check_post(
        CEASEFIRE,
        "Перемирие якобы вступило в силу.",
        Stance::Observing,
    );
    check_post(
        CEASEFIRE,
        "Перемир'я нібито набуло чинності.",
        Stance::Observing,
    );
}

#[test]
fn the_denial_sentence_decides_a_post_and_is_returned() {
    let post = "Officials met in the capital on Monday. Talks lasted six hours. \
                No agreement was ever reached, the ministry said. More talks are planned.";
    let verdict = check_post(TALKS, post, Stance::Against);
    assert_eq!(
        &post[verdict.start..verdict.end],
        "No agreement was ever reached, the ministry said."
    );
    let mixed = "The ceasefire took effect at noon, officials said. \
                 Сообщения о нарушениях — фейк.";
    let verdict = check_post(CEASEFIRE, mixed, Stance::Against);
    assert!(mixed[verdict.start..verdict.end].contains("фейк"));
}

#[test]
fn empty_post_is_observing_with_no_confidence() {
    let verdict = post_stance(CEASEFIRE, "   ");
    assert_eq!(verdict.stance, Stance::Observing);
    assert_eq!(verdict.confidence, 0.0);
}

#[test]
fn classify_headlines() {
    let (stance, confidence) = classify(TALKS, "Ministry denies reports of prisoner exchange deal");
    assert_eq!(stance, Stance::Against);
    assert!(confidence > 0.4);
    let (stance, _) = classify(CEASEFIRE, "Ceasefire in effect? Locals unsure");
    assert_ne!(stance, Stance::For);
}

#[track_caller]
fn check_phrase(pattern: &str, sentence: &str, expected: Option<&str>) {
    let phrases = parse_phrases(pattern);
    let words = Words::read(sentence);
    let found = phrases[0].find(&words.items).map(|(start, end)| {
        let from = words.spans[start].0;
        let to = words.spans[end - 1].1;
        &sentence[from..to]
    });
    assert_eq!(found, expected, "{pattern:?} in {sentence:?}");
}

#[test]
fn phrase_patterns() {
    check_phrase(
        "did not happen",
        "It did not happen at all",
        Some("did not happen"),
    );
    check_phrase(
        "no ... was ever",
        "No such deal was ever made",
        Some("No such deal was ever"),
    );
    check_phrase("no ... was ever", "No deal, they say, was ever", None);
    check_phrase("опроверг*", "Министр опроверг слухи", Some("опроверг"));
    check_phrase("опроверг*", "Министр опровергла слухи", Some("опровергла"));
    check_phrase(", not a", "a disused depot, not a radar", Some(", not a"));
    check_phrase(", not a", "it was not a radar", None);
    check_phrase(
        "не соответству* ... действительности",
        "Не соответствует, по его словам, действительности",
        None,
    );
    check_phrase("Fake", "FAKE NEWS", Some("FAKE"));
    assert!(Phrase::parse("...").is_none());
}

#[test]
fn feature_groups() {
    let claim = "Three people were injured in the shelling";
    let all = features(
        claim,
        "Nobody injured? Officials deny shelling",
        &FeatureOptions::default(),
    );
    let names: Vec<&str> = all.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "bias",
        "q",
        "neg",
        "neg_align",
        "ref",
        "ref=deni",
        "b=deny__c_",
        "ov=3",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let plain = features(
        claim,
        "Three injured in shelling",
        &FeatureOptions {
            bigrams: false,
            overlap: false,
            ..FeatureOptions::default()
        },
    );
    assert!(
        plain
            .iter()
            .all(|(name, _)| !name.starts_with("b=") && !name.starts_with("ov"))
    );
}

#[test]
fn training_learns_and_the_weights_file_round_trips() {
    let options = FeatureOptions::default();
    let claim = "The bridge collapsed";
    let rows = [
        ("Bridge collapses in storm", Stance::For),
        ("The bridge has collapsed", Stance::For),
        ("Officials deny the bridge collapsed", Stance::Against),
        ("Bridge collapse a hoax", Stance::Against),
        ("Bridge reportedly collapsed", Stance::Observing),
        (
            "Bridge may have collapsed, reports claim",
            Stance::Observing,
        ),
    ];
    let examples: Vec<Example> = rows
        .iter()
        .map(|(headline, gold)| Example {
            features: features(claim, headline, &options),
            gold: *gold,
        })
        .collect();
    let config = TrainConfig {
        min_count: 1,
        l2: 1e-4,
        ..TrainConfig::default()
    };
    let model = train(&examples, &config);
    for (headline, gold) in rows {
        let probs = model.probabilities(&features(claim, headline, &options));
        let best = (0..3)
            .max_by(|a, b| probs[*a].total_cmp(&probs[*b]))
            .unwrap();
        assert_eq!(Stance::ALL[best], gold, "{headline}");
    }
    let text = model.to_text(&["test".to_owned()]);
    let back = Model::from_text(&text).expect("parse");
    assert_eq!(back.options, model.options);
    assert_eq!(back.weights.len(), model.weights.len());
    assert!(Model::from_text("something else\n").is_err());
    assert!(Model::from_text("wiredesk-stance v1\nw=a\t1 2\n").is_err());
}

#[test]
fn stance_serializes_lowercase() {
    assert_eq!(
        serde_json::to_string(&Stance::Against).unwrap(),
        "\"against\""
    );
    assert_eq!(Stance::parse("observing"), Some(Stance::Observing));
    assert_eq!(Stance::parse("maybe"), None);
}
