//! Tests for the WNUT-17 scorer and reader, on hand-made labels and the dev file.

use super::*;

fn labels(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn spans_follow_conlleval() {
    // `I-` after `O` or after another type starts a new span.
    assert_eq!(
        spans(&labels(
            "B-person I-person O I-location B-group I-person I-person"
        )),
        [
            (0, 2, "person".to_owned()),
            (3, 4, "location".to_owned()),
            (4, 5, "group".to_owned()),
            (5, 7, "person".to_owned()),
        ]
    );
}

#[test]
fn score_counts_exact_span_and_type() {
    let gold = [
        labels("B-person I-person O B-location"),
        labels("B-group O"),
    ];
    let predicted = [labels("B-person O O B-location"), labels("B-corporation O")];
    let counts = score(
        gold.iter()
            .zip(&predicted)
            .map(|(g, p)| (g.as_slice(), p.as_slice())),
    );
    assert_eq!(
        counts,
        Counts {
            gold: 3,
            predicted: 3,
            correct: 1
        }
    );
    assert!((counts.f1() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(Counts::default().f1(), 0.0);
}

#[test]
fn predict_maps_kinds_and_drops_demonyms() {
    let tokens = labels("Hakan Fidan flew to Istanbul with Turkish officials and Reuters");
    assert_eq!(
        predict(&tokens),
        labels("B-person I-person O O B-location O O O O B-corporation")
    );
}

#[test]
fn parse_reads_sentences_and_reports_bad_lines() {
    let parsed = parse_conll("Kyiv\tB-location\r\nsays\tO\n\n\nok\tO\n").expect("valid");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].labels, ["B-location", "O"]);
    assert_eq!(parse_conll("fine\tO\nbroken line\n"), Err(2));
}

#[test]
fn dev_file_reads_and_scores() {
    let dir = wiredesk_test_support::shared_dir().join("datasets/wnut17");
    let report = evaluate_file(&dir.join(DEV_FILE)).expect("dev file");
    assert_eq!(report.n_sentences, 1009);
    assert!(report.overall.gold > 500);
    assert!(report.to_string().contains("UH-RiTUAL"));
}
