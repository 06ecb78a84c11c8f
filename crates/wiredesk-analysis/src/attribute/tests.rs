//! Tests for attribution: the rules on the desk's idioms (one line per case), the tagger's length
//! invariant and the shipped model's sense on a few sentences, and the tokenizer.

use super::*;

/// One attribution as a line: `speaker/Kind | cue | outlet | content`.
fn render(a: &Attribution) -> String {
    let speaker = a
        .speaker
        .as_ref()
        .map_or("-".to_owned(), |s| format!("{}/{:?}", s.text, s.kind));
    format!(
        "{speaker} | {} | {} | {}",
        a.cue.as_deref().unwrap_or("-"),
        a.outlet.as_deref().unwrap_or("-"),
        a.content
    )
}

/// Every attribution of `text`, one rendered line each.
#[track_caller]
fn check(text: &str, expect: &[&str]) {
    let got: Vec<String> = attribute(text).iter().map(render).collect();
    assert_eq!(got, expect, "text: {text}");
}

#[test]
fn according_to_source_cited_by_outlet() {
    check(
        "⚡️ Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, according to a diplomatic source cited by AFP.",
        &[
            "a diplomatic source/Anonymous | according to … cited by | AFP | Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea",
        ],
    );
}

#[test]
fn per_outlet_citing_source() {
    check(
        "🇷🇺🇺🇦 Istanbul: indirect technical talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea are under way, per AFP, citing a diplomatic source.",
        &[
            "a diplomatic source/Anonymous | per … citing | AFP | Istanbul: indirect technical talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea are under way",
        ],
    );
}

#[test]
fn back_reference_inherits_speaker_and_outlet() {
    check(
        "Talks are under way in Istanbul, according to a diplomatic source cited by AFP.\n\nTurkey and the United Nations are mediating.\n\nUkraine is represented by its deputy infrastructure minister, the source said.",
        &[
            "a diplomatic source/Anonymous | according to … cited by | AFP | Talks are under way in Istanbul",
            "a diplomatic source/Anonymous | said | AFP | Ukraine is represented by its deputy infrastructure minister",
        ],
    );
}

#[test]
fn according_to_role_with_relative_clause() {
    check(
        "❗️ Izmail: at least 12 people killed and 30 injured after an overnight Shahed drone attack on the port, according to the regional governor, who heads the regional administration.",
        &[
            "the regional governor/Role | according to | - | Izmail: at least 12 people killed and 30 injured after an overnight Shahed drone attack on the port",
        ],
    );
}

#[test]
fn local_media_report() {
    check(
        "Izmail: local media report 7 dead after the night strike on the port.\n\nAccording to the same reports, the hit was on a military target, not on a grain terminal.",
        &[
            "local media/Organization | report | - | 7 dead after the night strike on the port",
            "local media/Organization | According to | - | the hit was on a military target, not on a grain terminal",
        ],
    );
}

#[test]
fn told_outlet() {
    check(
        "Officials are holding talks in Istanbul, a diplomatic source told AFP on Wednesday.",
        &["a diplomatic source/Anonymous | told | AFP | Officials are holding talks in Istanbul"],
    );
}

#[test]
fn org_says_claim_after() {
    check(
        "🇷🇺 Russia's defence ministry says air defences shot down 27 Ukrainian drones.",
        &[
            "Russia's defence ministry/Organization | says | - | air defences shot down 27 Ukrainian drones",
        ],
    );
}

#[test]
fn trailing_org_said() {
    check(
        "Navies have started a drill off Constanța, the Romanian Navy said.",
        &["the Romanian Navy/Organization | said | - | Navies have started a drill off Constanța"],
    );
}

#[test]
fn trailing_says_before_semicolon() {
    check(
        "The plant lost a power line this morning, the IAEA says; the generators were not needed.",
        &["the IAEA/Organization | says | - | The plant lost a power line this morning"],
    );
    check(
        "Addition: according to our sources, the enemy tried to rotate units.",
        &["our sources/Anonymous | according to | - | Addition: the enemy tried to rotate units"],
    );
}

#[test]
fn dateline_then_role_says() {
    check(
        "Kharkiv: the mayor says three people were injured.",
        &["the mayor/Role | says | - | three people were injured"],
    );
}

#[test]
fn anonymous_plural() {
    check(
        "EU foreign ministers will meet in Brussels on 14 July, diplomats say.",
        &["diplomats/Anonymous | say | - | EU foreign ministers will meet in Brussels on 14 July"],
    );
    check(
        "The deal is close, people familiar with the matter said.",
        &["people familiar with the matter/Anonymous | said | - | The deal is close"],
    );
    check(
        "Sources close to the talks said a deal was near.",
        &["Sources close to the talks/Anonymous | said | - | a deal was near"],
    );
}

#[test]
fn named_person_said_and_inversion() {
    check(
        "Hakan Fidan said the talks would continue.",
        &["Hakan Fidan/Named | said | - | the talks would continue"],
    );
    check(
        "“We are ready,” said Hakan Fidan.",
        &["Hakan Fidan/Named | said | - | “We are ready"],
    );
}

#[test]
fn ministry_said_in_a_statement() {
    check(
        "The ministry said in a statement that the port was closed.",
        &["The ministry/Organization | said in a statement | - | the port was closed"],
    );
}

#[test]
fn governor_wrote_on_telegram() {
    check(
        "The governor wrote on Telegram that two drones were shot down.",
        &["The governor/Role | wrote on Telegram | - | two drones were shot down"],
    );
}

#[test]
fn outlet_reports() {
    check(
        "Reuters reports that the convoy has crossed the border.",
        &["Reuters/Outlet | reports | Reuters | the convoy has crossed the border"],
    );
}

#[test]
fn wire_signatures() {
    check(
        "The convoy has crossed the border — Reuters",
        &["Reuters/Outlet | — | Reuters | The convoy has crossed the border"],
    );
    check(
        "KYIV (Reuters) Ukraine said on Monday it had hit a depot.",
        &["Reuters/Outlet | (Reuters) | Reuters | KYIV Ukraine said on Monday it had hit a depot"],
    );
}

#[test]
fn citing_and_cited_by() {
    check(
        "TASS reported the blast, citing a source in the emergency services.",
        &["a source in the emergency services/Anonymous | citing | TASS | TASS reported the blast"],
    );
    check(
        "The blast hit a depot, as reported by Interfax.",
        &["Interfax/Outlet | as reported by | Interfax | The blast hit a depot"],
    );
}

#[test]
fn source_line_and_via() {
    check(
        "Refinery output fell 5% in June.\nSource: FT",
        &["FT/Outlet | Source: | FT | Refinery output fell 5% in June."],
    );
    check(
        "Three ships left Odesa this morning via @portwatch",
        &["@portwatch/Outlet | via | @portwatch | Three ships left Odesa this morning"],
    );
}

#[test]
fn reportedly() {
    check(
        "The minister has reportedly resigned.",
        &["- | reportedly | - | The minister has resigned"],
    );
}

#[test]
fn colon_attribution_by_a_body() {
    check(
        "🇺🇦 Ukraine's air force: Russia launched 58 drones overnight.",
        &["Ukraine's air force/Organization | : | - | Russia launched 58 drones overnight"],
    );
}

#[test]
fn russian_and_ukrainian_cues() {
    check(
        "По данным ТАСС, в порту произошел пожар.",
        &["ТАСС/Outlet | По данным | TASS | в порту произошел пожар"],
    );
    check(
        "По словам губернатора, погибли два человека.",
        &["губернатора/Role | По словам | - | погибли два человека"],
    );
    check(
        "Взрыв произошел на складе, сообщает РИА Новости со ссылкой на источник.",
        &[
            "источник/Anonymous | со ссылкой на | RIA Novosti | Взрыв произошел на складе, сообщает РИА Новости",
        ],
    );
    check(
        "За даними Укрінформу, у порту сталася пожежа.",
        &["Укрінформу/Outlet | За даними | Ukrinform | у порту сталася пожежа"],
    );
    check(
        "За словами джерела, переговори тривають.",
        &["джерела/Anonymous | За словами | - | переговори тривають"],
    );
    check(
        "Міністр заявив, що переговори тривають.",
        &["Міністр/Role | заявив | - | переговори тривають"],
    );
}

#[test]
fn no_cue_no_attribution() {
    check(
        "Turkey and the United Nations are mediating; the two delegations do not meet face to face.",
        &[],
    );
    check(
        "Myanmar: fighting reported near a border trade post on the Thai frontier.",
        &[],
    );
    check(
        "No casualties reported so far; schools will open as normal tomorrow.",
        &[],
    );
    check(
        "Brent crude is up 0.8% at $71.40 a barrel; output is 2 million barrels per day.",
        &[],
    );
    check("Istanbul: indirect technical talks are under way.", &[]);
}

#[test]
fn scenario_afp_item_sentences() {
    let text = "Russian and Ukrainian officials are holding indirect technical talks in Istanbul, with Turkey and the United Nations acting as mediators, a diplomatic source told AFP on Wednesday. The two delegations are not meeting face to face. The agenda covers safe-passage corridors and inspection procedures, the source said.";
    let got = attribute(text);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].sentence_idx, 0);
    assert_eq!(got[1].sentence_idx, 2);
    assert_eq!(got[1].outlet.as_deref(), Some("AFP"));
    assert_eq!(
        got[1].content,
        "The agenda covers safe-passage corridors and inspection procedures"
    );
}

#[test]
fn tag_keeps_token_count() {
    for tokens in [
        vec![],
        vec!["Hello"],
        vec!["``", "We", "won", ",", "''", "Smith", "said", "."],
        vec!["“", "Quote", "”", "—", "он", "сказал"],
    ] {
        assert_eq!(tag(&tokens).len(), tokens.len());
    }
}

#[test]
fn shipped_model_loads() {
    assert!(
        model().n_features() > 10_000,
        "model has {} features",
        model().n_features()
    );
}

#[test]
fn shipped_model_tags_sensibly() {
    let tokens = ["Smith", "said", "the", "deal", "was", "done", "."];
    assert_eq!(
        tag(&tokens),
        [
            "B-source",
            "B-cue",
            "B-content",
            "I-content",
            "I-content",
            "I-content",
            "O"
        ]
    );
    let tokens = [
        "``",
        "It",
        "is",
        "over",
        ",",
        "''",
        "the",
        "senator",
        "told",
        "reporters",
        ".",
    ];
    let labels = tag(&tokens);
    assert_eq!(labels[1], "I-content", "{labels:?}");
    assert_eq!(&labels[6..8], ["B-source", "I-source"], "{labels:?}");
    assert_eq!(labels[8], "B-cue", "{labels:?}");
    let tokens = ["The", "sun", "rose", "over", "the", "hills", "."];
    assert!(tag(&tokens).iter().all(|&l| l == "O"));
}

#[test]
fn tokenizer_ptb_forms() {
    let text = "“It’s over,” Obama’s aide said—twice. U.S. voters didn't.";
    let forms: Vec<String> = tokenize(text).into_iter().map(|t| t.text).collect();
    assert_eq!(
        forms,
        [
            "``", "It", "'s", "over", ",", "''", "Obama", "'s", "aide", "said", "--", "twice", ".",
            "U.S.", "voters", "did", "n't", "."
        ]
    );
    for token in tokenize(text) {
        assert!(text.get(token.start..token.end).is_some());
    }
}

#[test]
fn sentence_splitter() {
    let text = "Mr. Smith met Gov. Jones at 10 a.m. today. Then he left!\nNew line here";
    let got: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(
        got,
        [
            "Mr. Smith met Gov. Jones at 10 a.m. today.",
            "Then he left!",
            "New line here"
        ]
    );
}

/// "The organisers, the X, say": the apposition names the speaker the first phrase describes.
#[test]
fn r8_speaker_named_in_an_apposition() {
    check(
        "The strikers, the Lisbon Dockworkers' Union, say 4,000 members walked out.",
        &["the Lisbon Dockworkers' Union/Organization | say | - | 4,000 members walked out"],
    );
}
