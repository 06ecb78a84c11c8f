//! Tests for the PolNeAR scorer, span decoding, conversion helpers and `analyze_attribution`.

use super::*;

#[track_caller]
fn check_spans(labels: &[&str], expect: &[(usize, usize, usize)]) {
    assert_eq!(spans(labels), expect);
}

#[test]
fn spans_bio() {
    check_spans(
        &["O", "B-source", "I-source", "B-cue", "O"],
        &[(0, 1, 3), (1, 3, 4)],
    );
}

#[test]
fn spans_dangling_inside_starts_a_span() {
    check_spans(
        &["I-content", "I-content", "B-cue", "I-source"],
        &[(2, 0, 2), (1, 2, 3), (0, 3, 4)],
    );
}

#[test]
fn spans_adjacent_begins() {
    check_spans(
        &["B-content", "B-content", "I-content"],
        &[(2, 0, 1), (2, 1, 3)],
    );
}

#[test]
fn scorer_on_a_hand_made_example() {
    let gold: Vec<&str> = vec![
        "B-source",
        "I-source",
        "B-cue",
        "B-content",
        "I-content",
        "O",
    ];
    // Source exact, cue exact, content too short: 2 of 3 roles right.
    let pred: Vec<&str> = vec!["B-source", "I-source", "B-cue", "B-content", "O", "O"];
    let counts = score([(gold.as_slice(), pred.as_slice())]);
    assert_eq!(
        counts[0],
        Counts {
            tp: 1,
            n_pred: 1,
            n_gold: 1
        }
    );
    assert_eq!(
        counts[1],
        Counts {
            tp: 1,
            n_pred: 1,
            n_gold: 1
        }
    );
    assert_eq!(
        counts[2],
        Counts {
            tp: 0,
            n_pred: 1,
            n_gold: 1
        }
    );
    assert!((counts[0].f1() - 1.0).abs() < 1e-9);
    assert_eq!(counts[2].f1(), 0.0);
}

#[test]
fn scorer_partial_precision_recall() {
    let gold = ["B-source", "O", "B-source", "B-cue"];
    let pred = ["B-source", "B-cue", "O", "O"];
    let counts = score([(&gold[..], &pred[..])]);
    assert_eq!(
        counts[0],
        Counts {
            tp: 1,
            n_pred: 1,
            n_gold: 2
        }
    );
    assert!((counts[0].f1() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        counts[1],
        Counts {
            tp: 0,
            n_pred: 1,
            n_gold: 1
        }
    );
}

#[test]
fn paragraphs_split_on_blank_lines() {
    let text = "One.\n\nTwo a.\nTwo b.\n\n\nThree.";
    let got: Vec<&str> = paragraphs(text)
        .iter()
        .map(|&(a, b)| text[a..b].trim())
        .collect();
    assert_eq!(got, ["One.", "Two a.\nTwo b.", "Three."]);
}

#[test]
fn convert_projects_character_spans() {
    // “Hi,” — curly quotes make character and byte offsets differ.
    let text = "“We won,” Smith said.\n\nNothing here.";
    let article = Article {
        text: text.to_owned(),
        annotations: vec![Annotation {
            spans: vec![
                BratSpan {
                    label: "Content".into(),
                    fragments: vec![(0, 9)],
                },
                BratSpan {
                    label: "Source".into(),
                    fragments: vec![(10, 15)],
                },
                BratSpan {
                    label: "Cue".into(),
                    fragments: vec![(16, 20)],
                },
            ],
        }],
    };
    let mut out = Vec::new();
    convert_article(&article, &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[0].tokens,
        ["``", "We", "won", ",", "''", "Smith", "said", "."]
    );
    assert_eq!(
        out[0].labels,
        [
            "B-content",
            "I-content",
            "I-content",
            "I-content",
            "I-content",
            "B-source",
            "B-cue",
            "O"
        ]
    );
    assert!(out[1].labels.iter().all(|&l| l == "O"));
}

#[test]
fn analyze_attribution_keeps_lines_and_lengths() {
    let dir = std::env::temp_dir().join(format!("wiredesk-polnear-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("in.jsonl");
    let output = dir.join("out.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"a\", \"tokens\": [\"He\", \"said\", \"it\", \"rained\", \".\"], \"labels\": []}\n\
         {\"tokens\": [\"Hello\"]}\n",
    )
    .expect("write input");
    let n = analyze_attribution(&input, &output).expect("analyze");
    assert_eq!(n, 2);
    let lines: Vec<Value> = std::fs::read_to_string(&output)
        .expect("read output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["labels"].as_array().map(Vec::len), Some(5));
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(lines[1]["labels"].as_array().map(Vec::len), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
