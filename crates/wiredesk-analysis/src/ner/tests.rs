//! Tests for the entity tagger: the shipped model on sentences written here, byte offsets, label
//! conversions, the name list, and the training machinery on a toy corpus.

use super::*;

fn spans_of(text: &str) -> Vec<(&str, NerKind)> {
    find_entities(text)
        .iter()
        .map(|span| (&text[span.start..span.end], span.kind))
        .collect()
}

#[test]
fn finds_person_organization_and_place_with_byte_offsets() {
    let text = "Anna Kowalczyk, a reporter for the Gdansk Courier, was detained in Tarnow.";
    let found = find_entities(text);
    assert_eq!(
        found,
        [
            NerSpan {
                start: 0,
                end: 14,
                kind: NerKind::Per,
                text: "Anna Kowalczyk".to_owned()
            },
            NerSpan {
                start: 35,
                end: 49,
                kind: NerKind::Org,
                text: "Gdansk Courier".to_owned()
            },
            NerSpan {
                start: 67,
                end: 73,
                kind: NerKind::Loc,
                text: "Tarnow".to_owned()
            },
        ]
    );
}

#[test]
fn offsets_survive_multibyte_text_and_several_sentences() {
    let text =
        "“We will stay,” said Zoë Nowak in Kraków on Monday.\nPolish officials met the Red Cross.";
    let found = find_entities(text);
    for span in &found {
        assert_eq!(&text[span.start..span.end], span.text);
    }
    let found = spans_of(text);
    assert!(found.contains(&("Zoë Nowak", NerKind::Per)), "{found:?}");
    assert!(found.contains(&("Kraków", NerKind::Loc)), "{found:?}");
    assert!(found.contains(&("Polish", NerKind::Misc)), "{found:?}");
    assert!(found.contains(&("Red Cross", NerKind::Org)), "{found:?}");
}

#[test]
fn a_surname_alone_inherits_the_type_of_the_full_name() {
    let text = "Marek Wisniewski was elected on Sunday. Wisniewski thanked his voters.";
    let found = spans_of(text);
    assert_eq!(
        found,
        [
            ("Marek Wisniewski", NerKind::Per),
            ("Wisniewski", NerKind::Per)
        ]
    );
}

#[test]
fn tag_tokens_gives_one_well_formed_iob2_tag_per_token() {
    let tokens = [
        "The",
        "European",
        "Commission",
        "said",
        "on",
        "Thursday",
        "it",
        "disagreed",
        ".",
    ];
    let tags = tag_tokens(&tokens);
    assert_eq!(tags.len(), tokens.len());
    assert_eq!(&tags[1..3], ["B-ORG", "I-ORG"]);
    for (idx, tag) in tags.iter().enumerate() {
        if let Some(kind) = tag.strip_prefix("I-") {
            let prev = &tags[idx - 1];
            assert!(prev.ends_with(kind) && prev != "O", "{tags:?}");
        }
    }
    assert!(tag_tokens(&[]).is_empty());
    assert!(find_entities("").is_empty());
    assert!(find_entities("   \n ").is_empty());
}

#[test]
fn labels_convert_between_spans_bilou_and_iob2() {
    let spans = [
        (0, 2, NerKind::Per),
        (2, 3, NerKind::Per),
        (4, 7, NerKind::Org),
    ];
    let labels = labels_from_spans(8, &spans);
    let names: Vec<&str> = labels.iter().map(|&l| LABEL_NAMES[l]).collect();
    assert_eq!(
        names,
        [
            "B-PER", "L-PER", "U-PER", "O", "B-ORG", "I-ORG", "L-ORG", "O"
        ]
    );
    assert_eq!(label_spans(&labels), spans);
    assert_eq!(
        iob2(&labels),
        [
            "B-PER", "I-PER", "B-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O"
        ]
    );
    for kind in NerKind::ALL {
        assert_eq!(NerKind::from_name(kind.as_str()), Some(kind));
    }
}

type Spans<'a> = &'a [(usize, usize, NerKind)];

fn doc(sentences: &[(&str, Spans)]) -> TrainingDoc {
    let mut out = TrainingDoc::default();
    for (text, spans) in sentences {
        let tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
        out.labels.push(labels_from_spans(tokens.len(), spans));
        out.sentences.push(tokens);
    }
    out
}

#[test]
fn the_name_list_leaves_a_document_out_of_its_own_features() {
    let docs = [
        doc(&[("Visit New York now", &[(1, 3, NerKind::Loc)])]),
        doc(&[("New York Times says", &[(0, 3, NerKind::Org)])]),
    ];
    let lexicon = build_lexicon(&docs);
    assert_eq!(lexicon.len(), 2);
    let lower: Vec<String> = ["in", "new", "york", "times"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let mut hits = vec![Vec::new(); lower.len()];
    lexicon.scan(&lower, None, &mut hits);
    // "new york" (LOC) and "new york times" (ORG) both cover "york".
    assert_eq!(hits[2].len(), 2);
    assert!(hits[0].is_empty());
    let mut hits = vec![Vec::new(); lower.len()];
    lexicon.scan(&lower, Some(&docs[0].entities()), &mut hits);
    assert_eq!(
        hits[2].len(),
        1,
        "the LOC reading is the first document's own"
    );
    let text = Tagger::new(lexicon, Weights::default(), None).to_text("test", 0.0);
    let back = Tagger::from_text(&text).expect("reads back");
    assert_eq!(back.lexicon().len(), 2);
}

#[test]
fn the_trainer_learns_a_toy_corpus_and_its_text_form_reads_back() {
    let docs = [
        doc(&[
            (
                "Maria Lopez visited Lima .",
                &[(0, 2, NerKind::Per), (3, 4, NerKind::Loc)],
            ),
            (
                "Lopez met Acme Corp staff .",
                &[(0, 1, NerKind::Per), (2, 4, NerKind::Org)],
            ),
        ]),
        doc(&[
            (
                "John Smith visited Quito .",
                &[(0, 2, NerKind::Per), (3, 4, NerKind::Loc)],
            ),
            (
                "Smith joined Zeta Corp .",
                &[(0, 1, NerKind::Per), (2, 4, NerKind::Org)],
            ),
        ]),
        doc(&[("the weather was fine .", &[])]),
    ];
    let lexicon = build_lexicon(&docs);
    let (mut trainer, examples) = training_examples(&docs, &lexicon, None, 1);
    assert!(trainer.n_features() > 50);
    for _ in 0..10 {
        for sentence in examples.iter().flatten() {
            trainer.learn(sentence);
        }
    }
    let tagger = Tagger::new(lexicon, trainer.averaged(), None);
    for doc in &docs {
        assert_eq!(tagger.label_document(&doc.sentences, None), doc.labels);
    }
    let back = Tagger::from_text(&tagger.to_text("toy", 0.0)).expect("reads back");
    for doc in &docs {
        assert_eq!(back.label_document(&doc.sentences, None), doc.labels);
    }
    assert!(Tagger::from_text("not a model").is_none());
}
