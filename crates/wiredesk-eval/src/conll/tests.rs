//! Tests for the CoNLL-2003 reader and the conlleval scorer: hand-made tag sequences, and gold
//! scored against gold on every split, which must find the dataset README's entity counts.

use super::*;

fn tags(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

fn chunk(start: usize, end: usize, kind: &str) -> (usize, usize, String) {
    (start, end, kind.to_owned())
}

#[test]
fn chunks_follow_conlleval() {
    // IOB1: I- after O starts; B- after I- of the same type starts a new one.
    assert_eq!(
        chunks(&tags("I-PER I-PER B-PER O I-LOC I-ORG")),
        [
            chunk(0, 2, "PER"),
            chunk(2, 3, "PER"),
            chunk(4, 5, "LOC"),
            chunk(5, 6, "ORG")
        ]
    );
    // I-MISC after O reads exactly as B-MISC after O.
    assert_eq!(chunks(&tags("O I-MISC O")), chunks(&tags("O B-MISC O")));
    assert_eq!(chunks(&tags("O I-MISC I-MISC")), [chunk(1, 3, "MISC")]);
    assert_eq!(chunks(&tags("O O")), []);
}

#[test]
fn partial_overlap_is_one_false_positive_and_one_false_negative() {
    let mut score = Score::default();
    score.add(&tags("B-ORG I-ORG I-ORG O"), &tags("B-ORG I-ORG O O"));
    assert_eq!(
        score.overall,
        Counts {
            gold: 1,
            predicted: 1,
            correct: 0
        }
    );
    // Right span, wrong type: also wrong.
    score.add(&tags("B-PER O"), &tags("B-LOC O"));
    // Exact match, IOB1 gold against IOB2 prediction.
    score.add(&tags("I-LOC I-LOC O"), &tags("B-LOC I-LOC O"));
    assert_eq!(
        score.overall,
        Counts {
            gold: 3,
            predicted: 3,
            correct: 1
        }
    );
    let kinds: Vec<&str> = score.by_type.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["LOC", "ORG", "PER"]);
}

#[test]
fn parse_reads_documents_and_reports_bad_lines() {
    let text = "-DOCSTART- -X- O O\n\nAda NNP I-NP I-PER\nruns VBZ I-VP O\n\nOk UH O O\n\n\
                -DOCSTART- -X- -X- O\n\nKyiv NNP I-NP I-LOC\n";
    let documents = parse(text).expect("valid");
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0].sentences.len(), 2);
    assert_eq!(documents[0].sentences[0].tags, tags("I-PER O"));
    assert_eq!(documents[1].sentences[0].tokens, ["Kyiv"]);
    assert_eq!(
        parse("Ada NNP I-NP I-PER\n\n"),
        Ok(vec![Document {
            sentences: vec![Sentence {
                tokens: vec!["Ada".to_owned()],
                tags: tags("I-PER")
            }]
        }])
    );
    // Two columns read too; one column is malformed.
    assert_eq!(parse("Ada\tI-PER\n").map(|d| d.len()), Ok(1));
    assert_eq!(parse("Ada\tI-PER\nlonely\n"), Err(2));
}

#[test]
fn bilou_labels_keep_the_chunks() {
    let gold = tags("I-PER I-PER B-PER O I-LOC");
    let labels = bilou_labels(&gold);
    let names: Vec<&str> = labels.iter().map(|&l| ner::LABEL_NAMES[l]).collect();
    assert_eq!(names, ["B-PER", "L-PER", "U-PER", "O", "U-LOC"]);
    assert_eq!(chunks(&ner::iob2(&labels)), chunks(&gold));
}

/// Gold against gold: every entity found, with the README's counts (LOC / MISC / ORG / PER).
#[track_caller]
fn check_split(file: &str, expected: [usize; 4], expected_docs: usize) {
    let dir = wiredesk_test_support::shared_dir().join("datasets/conll2003");
    let documents = read(&dir.join(file)).expect("dataset file");
    assert_eq!(documents.len(), expected_docs);
    let mut score = Score::default();
    for sentence in documents.iter().flat_map(|d| &d.sentences) {
        score.add(&sentence.tags, &sentence.tags);
    }
    let counts: Vec<usize> = score.by_type.iter().map(|(_, c)| c.gold).collect();
    assert_eq!(counts, expected);
    let total: usize = expected.iter().sum();
    assert_eq!(
        score.overall,
        Counts {
            gold: total,
            predicted: total,
            correct: total
        }
    );
}

#[test]
fn gold_against_gold_finds_the_readme_counts() {
    check_split(TEST_FILE, [1668, 702, 1661, 1617], 231);
    check_split(DEV_FILE, [1837, 922, 1341, 1842], 216);
    check_split(TRAIN_FILE, [7140, 3438, 6321, 6600], 946);
}
