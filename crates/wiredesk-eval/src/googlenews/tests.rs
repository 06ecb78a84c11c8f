//! The GoogleNews run on the shared data set (figures must stay at their measured level) and
//! `cluster_jsonl` on small files.

use std::path::PathBuf;

use serde_json::Value;

use super::{GoogleNewsError, JsonlFields, cluster_jsonl, googlenews};

fn run(
    input: &str,
    text_field: Option<&str>,
    time_field: Option<&str>,
) -> Result<Vec<Value>, GoogleNewsError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input_path = dir.path().join("in.jsonl");
    let output_path = dir.path().join("out.jsonl");
    std::fs::write(&input_path, input).expect("write input");
    let fields = JsonlFields {
        text: text_field,
        time: time_field,
        ..JsonlFields::default()
    };
    let n_written = cluster_jsonl(&input_path, &fields, Some(&output_path))?.n_records;
    let output = std::fs::read_to_string(&output_path).expect("read output");
    let lines: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect();
    assert_eq!(lines.len(), n_written);
    Ok(lines)
}

#[test]
fn googlenews_figures_hold() {
    let dataset_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/googlenews-stories");
    let reports = googlenews(&dataset_dir).expect("data set readable");
    assert_eq!(reports.len(), 3);
    for report in &reports {
        assert_eq!((report.n_docs, report.n_gold_clusters), (11_109, 152));
        assert!((report.singletons_nmi - 0.702).abs() < 0.001, "{report}");
        // Measured in release with MStream's defaults (α = β = 0.03) and the cosine floor chosen
        // on the Emergent development set (0.15): News-T 0.887 / 0.745, with the batch clock
        // 0.895 / 0.761, T 0.890 / 0.763 (with GSDMM's 0.1 and a 0.05 floor: 0.836 / 0.672,
        // 0.847 / 0.699, 0.855 / 0.712).
        assert!(report.nmi > 0.87 && report.bcubed_f1 > 0.73, "{report}");
        let text = report.to_string();
        assert!(
            text.contains("(published)") && text.contains("docs/s"),
            "{text}"
        );
    }
    assert_eq!(reports[1].clock, "batch");
}

#[test]
fn one_line_per_record_in_input_order_with_ids_or_line_numbers() {
    let input = concat!(
        "{\"Id\": \"a1\", \"textCleaned\": \"quake malatya turkey magnitude aftershock\"}\n",
        "{\"textCleaned\": \"ecb rate hold inflation euro\"}\n",
        "\n",
        "{\"Id\": 7, \"textCleaned\": \"malatya quake turkey magnitude rescue\"}\n",
    );
    let lines = run(input, None, None).expect("clustered");
    let ids: Vec<&Value> = lines.iter().map(|line| &line["id"]).collect();
    // The blank line is skipped; the second record has no id, so it gets its line number.
    assert_eq!(ids, [&Value::from("a1"), &Value::from(2), &Value::from(7)]);
    let stories: Vec<u64> = lines
        .iter()
        .map(|line| line["story"].as_u64().expect("story id"))
        .collect();
    assert_eq!(stories, [1, 2, 1]);
}

#[test]
fn time_field_orders_the_stream_and_the_window_applies() {
    // The later duplicate comes first in the file; by time, the first two are a week apart.
    let input = concat!(
        "{\"id\": \"late\", \"title\": \"wildfire crete village evacuate\", \"at\": \"2026-07-08T10:00:00Z\"}\n",
        "{\"id\": \"early\", \"title\": \"wildfire crete village evacuate\", \"at\": \"2026-07-01T10:00:00Z\"}\n",
        "{\"id\": \"next\", \"title\": \"crete wildfire village evacuate\", \"at\": 1782900000}\n",
    );
    let lines = run(input, None, Some("at")).expect("clustered");
    let stories: Vec<u64> = lines
        .iter()
        .map(|line| line["story"].as_u64().expect("story"))
        .collect();
    // "early" is clustered first (story 1); "next" (Unix seconds, the same instant: file order breaks
    // the tie) joins it; "late", a week on, is past the window and starts story 2.
    assert_eq!(stories, [2, 1, 1]);
}

#[test]
fn gold_labels_are_scored_when_every_record_has_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"cluster\": 1, \"text\": \"quake malatya turkey magnitude aftershock\"}\n",
            "{\"cluster\": 2, \"text\": \"ecb rate hold inflation euro\"}\n",
            "{\"cluster\": 1, \"text\": \"malatya quake turkey magnitude rescue\"}\n",
            "{\"cluster\": 2, \"text\": \"ecb hold rate euro inflation\"}\n",
        ),
    )
    .expect("write");
    let run = cluster_jsonl(&input, &JsonlFields::default(), None).expect("clustered");
    let score = run.score.as_ref().expect("labels found");
    assert_eq!(
        (run.n_records, run.n_stories, score.n_gold_stories),
        (4, 2, 2)
    );
    assert!((score.nmi - 1.0).abs() < 1e-9 && (score.bcubed_f1 - 1.0).abs() < 1e-9);
    assert!(run.to_string().contains("NMI 1.000"), "{run}");

    // A named label field that some record lacks: no score, the stories still come out.
    let fields = JsonlFields {
        label: Some("story_label"),
        ..JsonlFields::default()
    };
    let run = cluster_jsonl(&input, &fields, None).expect("clustered");
    assert_eq!((run.n_stories, run.score), (2, None));
}

#[test]
fn bad_input_is_an_error_with_its_line() {
    let error = run("{\"text\": \"ok\"}\n{not json\n", None, None).expect_err("invalid json");
    assert!(error.to_string().contains(":2: invalid json"), "{error}");
    let error = run("{\"body\": \"no text field\"}\n", None, None).expect_err("no text field");
    assert!(
        error
            .to_string()
            .contains("no text field (tried text, textCleaned, title)"),
        "{error}"
    );
    let error = run("{\"text\": \"x\"}\n", Some("body"), None).expect_err("named field missing");
    assert!(
        error.to_string().contains("missing or non-text field body"),
        "{error}"
    );
}
