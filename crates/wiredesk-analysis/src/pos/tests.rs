//! Tagging sentences written for these tests, the model file round trip, and the origin-name
//! check's accept and reject lists (issue 8).

use super::*;
use crate::attribute::tokenize;

#[track_caller]
fn check_tags(sentence: &str, expect: &[&str]) {
    let tokens = tokenize(sentence);
    let forms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let tags = tag(&forms);
    let got: Vec<String> = forms
        .iter()
        .zip(&tags)
        .map(|(w, t)| format!("{w}/{t}"))
        .collect();
    assert_eq!(got.join(" "), expect.join(" "), "{sentence}");
}

#[test]
fn tags_plain_sentences() {
    check_tags(
        "The ministry said two drones were shot down near Kharkiv.",
        &[
            "The/DT",
            "ministry/NN",
            "said/VBD",
            "two/CD",
            "drones/NNS",
            "were/VBD",
            "shot/VBN",
            "down/RP",
            "near/IN",
            "Kharkiv/NNP",
            "./.",
        ],
    );
    check_tags(
        "Officials in Kyiv will meet the delegation on Friday.",
        &[
            "Officials/NNS",
            "in/IN",
            "Kyiv/NNP",
            "will/MD",
            "meet/VB",
            "the/DT",
            "delegation/NN",
            "on/IN",
            "Friday/NNP",
            "./.",
        ],
    );
    check_tags(
        "He told reporters that it was not his decision.",
        &[
            "He/PRP",
            "told/VBD",
            "reporters/NNS",
            "that/IN",
            "it/PRP",
            "was/VBD",
            "not/RB",
            "his/PRP$",
            "decision/NN",
            "./.",
        ],
    );
}

#[test]
fn tags_one_per_token_and_nothing_for_nothing() {
    assert!(tag(&[]).is_empty());
    let tokens = ["Kyiv", ",", "1", "March", "(", "AFP", ")"];
    let tags = tag(&tokens);
    assert_eq!(tags.len(), tokens.len());
    assert_eq!(tags[1], ",");
    assert_eq!(tags[2], "CD");
    assert_eq!(tags[4], "(");
}

#[test]
fn shipped_model_loads_and_round_trips() {
    let model = model();
    assert!(model.n_features() > 10_000, "{}", model.n_features());
    assert!(model.n_tagdict() > 100);
    assert!(
        MODEL_TEXT
            .lines()
            .take(5)
            .any(|l| l.contains("CoNLL-2003 eng.train"))
    );
    let again = Model::from_text(&model.to_text("header", 0.0)).expect("reads back");
    let tokens = [
        "Reuters", "reported", "heavy", "shelling", "near", "Kharkiv", ".",
    ];
    assert_eq!(again.predict(&tokens), model.predict(&tokens));
    assert!(Model::from_text("not a model").is_none());
}

#[test]
fn learns_a_toy_language() {
    let sentences: Vec<Vec<(&str, &str)>> = (0..30)
        .map(|i| {
            if i % 2 == 0 {
                vec![("dogs", "NNS"), ("bark", "VBP"), (".", ".")]
            } else {
                vec![("the", "DT"), ("bark", "NN"), ("fell", "VBD"), (".", ".")]
            }
        })
        .collect();
    let mut trainer = Trainer::new(&sentences, 1000, 0.97);
    for _ in 0..5 {
        for sentence in &sentences {
            trainer.learn(sentence);
        }
    }
    let model = trainer.averaged(0.0);
    let name = |tokens: &[&str]| -> Vec<String> {
        model
            .predict(tokens)
            .iter()
            .map(|&i| model.tag_name(i).to_owned())
            .collect()
    };
    assert_eq!(name(&["dogs", "bark", "."]), ["NNS", "VBP", "."]);
    assert_eq!(
        name(&["the", "bark", "fell", "."]),
        ["DT", "NN", "VBD", "."]
    );
}

#[test]
fn accepts_origin_names() {
    let names = [
        "AFP",
        "WHO",
        "SES",
        "Reuters",
        "the regional administration",
        "Ukraine's defence ministry",
        "a diplomatic source",
        "people familiar with the matter",
        "sources close to the talks",
        "officials briefed on the talks",
        "State Emergency Service, Lviv region",
        "Reporters Without Borders",
        "@osintbrief",
        "Kateryna Bondar",
        "the foreign minister of Turkey",
        "local media",
        "Committee to Protect Journalists",
        "its press service",
        "the Kyiv Independent",
        "Генштаб ЗСУ",
        "Міністерство оборони України",
        "Министерство обороны России",
        "Володимир Зеленський",
    ];
    let refused: Vec<&str> = names
        .into_iter()
        .filter(|name| !is_noun_phrase(name))
        .collect();
    assert!(refused.is_empty(), "refused: {refused:?}");
}

#[test]
fn rejects_what_is_not_an_origin_name() {
    let names = [
        "",
        "The",
        "A",
        "This",
        "We",
        "we",
        "he",
        "she",
        "they",
        "It",
        "Russian-language",
        "Ukrainian",
        "organisation that he is being questioned at the city police department",
        "said",
        "the ministry said",
        "told reporters",
        "The Ministry Said",
        "Ukraine's",
        "the official who spoke",
        "officials say",
        "the ministry reported on Monday",
        "one of the nine people in the room that night",
        "мы",
        "вони",
        "наш канал",
    ];
    let accepted: Vec<&str> = names
        .into_iter()
        .filter(|name| is_noun_phrase(name))
        .collect();
    assert!(accepted.is_empty(), "accepted: {accepted:?}");
}

#[test]
fn r8_at_most_eight_words() {
    assert!(is_noun_phrase(
        "the press office of the regional military administration"
    ));
    let nine = "the press office of the Kharkiv regional military administration";
    assert_eq!(nine.split_whitespace().count(), 9);
    assert!(!is_noun_phrase(nine));
}
