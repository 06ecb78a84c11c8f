//! Tests for `normalize`: tokens and stems in English, Russian and Ukrainian; sentence splitting.

use expect_test::{Expect, expect};

use super::*;

#[track_caller]
fn check_tokens(text: &str, lang: Option<&str>, expect: Expect) {
    let rendered: Vec<String> = tokens(text, lang)
        .iter()
        .map(|token| {
            assert_eq!(&text[token.start..token.end], token.text);
            format!("{}/{}", token.text, token.stem)
        })
        .collect();
    expect.assert_eq(&rendered.join(" "));
}

#[test]
fn tokens_english() {
    check_tokens(
        "Turkey's talks: 3.5% of 40,000 ships don't stop—Russia-Ukraine 🇺🇦 #BlackSea",
        Some("en"),
        expect![
            "Turkey/turkey talks/talk 3.5/3.5 of/of 40,000/40,000 ships/ship don't/don't stop/stop Russia/russia Ukraine/ukrain BlackSea/blacksea"
        ],
    );
}

#[test]
fn tokens_russian() {
    check_tokens(
        "Переговоры в Стамбуле завершились; ёлки",
        Some("ru"),
        expect!["Переговоры/переговор в/в Стамбуле/стамбул завершились/заверш ёлки/елк"],
    );
}

#[test]
fn tokens_ukrainian_keep_lowercase() {
    check_tokens(
        "У п'ятницю переговори в Стамбулі",
        Some("uk"),
        expect!["У/у п'ятницю/п'ятницю переговори/переговори в/в Стамбулі/стамбулі"],
    );
}

#[test]
fn tokens_other_script_unstemmed_and_nfkc() {
    // An English stemmer leaves Cyrillic words alone; full-width letters fold under NFKC.
    check_tokens(
        "Ｔａｌｋｓ Киеве",
        Some("en"),
        expect!["Ｔａｌｋｓ/talk Киеве/киеве"],
    );
}

#[test]
fn stopwords_and_content_terms() {
    assert!(is_stopword(Some("en"), "the"));
    assert!(is_stopword(Some("ru"), "что"));
    assert!(is_stopword(Some("uk"), "що"));
    assert!(!is_stopword(Some("en"), "talks"));
    assert_eq!(
        content_terms("The talks in Istanbul are about shipping", Some("en")),
        ["talk", "istanbul", "ship"]
    );
}

#[track_caller]
fn check_sentences(text: &str, expect: Expect) {
    let rendered: Vec<&str> = sentences(text).iter().map(|(s, e)| &text[*s..*e]).collect();
    expect.assert_debug_eq(&rendered);
}

#[test]
fn sentences_split_on_terminals_and_lines() {
    check_sentences(
        "Drones hit Izmail. Twelve died!  Why?\nA grain terminal was hit… The fire is out",
        expect![[r#"
            [
                "Drones hit Izmail.",
                "Twelve died!",
                "Why?",
                "A grain terminal was hit…",
                "The fire is out",
            ]
        "#]],
    );
}

#[test]
fn sentences_keep_abbreviations_decimals_initials() {
    check_sentences(
        "The U.S. envoy met Gen. Smith and J. Doe on Jan. 5 in Washington. Output rose 3.5 percent. Mr. Fidan left.",
        expect![[r#"
            [
                "The U.S. envoy met Gen. Smith and J. Doe on Jan. 5 in Washington.",
                "Output rose 3.5 percent.",
                "Mr. Fidan left.",
            ]
        "#]],
    );
}

#[test]
fn sentences_keep_ellipsis_inside_quotes() {
    check_sentences(
        "He said “we will see… Maybe later” and left. Next one.",
        expect![[r#"
            [
                "He said “we will see… Maybe later” and left.",
                "Next one.",
            ]
        "#]],
    );
}
