//! Reading Emergent-style CSVs, the metrics, claim-grouped folds and `analyze_stance` on small
//! files written here.

use std::path::Path;

use wiredesk_analysis::stance::Stance;

use super::{Confusion, analyze_stance, claim_folds, read_pairs};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn reads_unnamed_id_column_and_quoted_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "pairs.csv",
        ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n\
         7,A bridge collapsed,\"Officials: the bridge, built in 1950, \"\"did not collapse\"\"\",against,a1,c1\n\
         9,A bridge collapsed,Bridge collapses after flood,for,a2,c1\n",
    );
    let pairs = read_pairs(&path).expect("read");
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[0].id, "7");
    assert_eq!(
        pairs[0].headline,
        "Officials: the bridge, built in 1950, \"did not collapse\""
    );
    assert_eq!(pairs[0].gold, Some(Stance::Against));
    assert_eq!(pairs[1].claim_id.as_deref(), Some("c1"));
}

#[test]
fn unknown_label_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "bad.csv",
        "id,claimHeadline,articleHeadline,articleHeadlineStance\n1,a,b,maybe\n",
    );
    assert!(read_pairs(&path).is_err());
}

#[test]
fn confusion_metrics() {
    let mut confusion = Confusion::default();
    confusion.add(Stance::For, Stance::For);
    confusion.add(Stance::For, Stance::Observing);
    confusion.add(Stance::Against, Stance::Against);
    confusion.add(Stance::Observing, Stance::For);
    assert_eq!(confusion.total(), 4);
    assert!((confusion.accuracy() - 0.5).abs() < 1e-9);
    let (precision, recall, f1) = confusion.prf(Stance::For);
    assert!(
        (precision - 0.5).abs() < 1e-9 && (recall - 0.5).abs() < 1e-9 && (f1 - 0.5).abs() < 1e-9
    );
    assert!((confusion.prf(Stance::Against).2 - 1.0).abs() < 1e-9);
    assert_eq!(confusion.prf(Stance::Observing), (0.0, 0.0, 0.0));
}

#[test]
fn folds_never_split_a_claim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("id,claimHeadline,articleHeadline,claimId\n");
    for row in 0..40 {
        text.push_str(&format!(
            "{row},claim {},headline {row},c{}\n",
            row % 7,
            row % 7
        ));
    }
    let pairs = read_pairs(&write(dir.path(), "f.csv", &text)).expect("read");
    let folds = claim_folds(&pairs, 3);
    for (a, fold_a) in pairs.iter().zip(&folds) {
        for (b, fold_b) in pairs.iter().zip(&folds) {
            if a.claim_id == b.claim_id {
                assert_eq!(fold_a, fold_b);
            }
        }
    }
    assert_eq!(folds.iter().copied().max(), Some(2));
}

#[test]
fn analyze_stance_writes_one_line_per_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "in.csv",
        "id,claimHeadline,articleHeadline\n\
         x1,A dam burst upstream,Authorities deny reports that the dam burst: a hoax\n\
         x2,A dam burst upstream,\"Dam bursts upstream, thousands evacuated\"\n",
    );
    let output = dir.path().join("out.jsonl");
    assert_eq!(analyze_stance(&input, &output).expect("analyze"), 2);
    let text = std::fs::read_to_string(&output).expect("read");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "x1");
    assert_eq!(lines[0]["stance"], "against");
    assert_eq!(lines[1]["id"], "x2");
    assert!(["for", "against", "observing"].contains(&lines[1]["stance"].as_str().unwrap()));
}
