//! `wiredesk analyze entities` end to end on a small CoNLL-2003-format file written here: one
//! `token<TAB>tag` line per input line, blank lines kept, tags IOB2 over PER/LOC/ORG/MISC.

use crate::Sandbox;

#[test]
fn analyze_entities_writes_one_tag_per_token_line() {
    let sandbox = Sandbox::create();
    let input = "-DOCSTART- -X- -X- O\n\
                 \n\
                 Anna NNP B-NP B-PER\n\
                 Kowalczyk NNP I-NP I-PER\n\
                 flew VBD B-VP O\n\
                 to TO B-PP O\n\
                 Warsaw NNP B-NP B-LOC\n\
                 . . O O\n\
                 \n\
                 Kowalczyk NNP B-NP B-PER\n\
                 works VBZ B-VP O\n\
                 for IN B-PP O\n\
                 the DT B-NP O\n\
                 Gdansk NNP I-NP B-ORG\n\
                 Courier NNP I-NP I-ORG\n\
                 . . O O\n";
    sandbox.write("news.conll", input);
    sandbox.expect(
        &[
            "analyze",
            "entities",
            "--input",
            "news.conll",
            "--output",
            "tags.tsv",
        ],
        0,
    );
    let text = std::fs::read_to_string(sandbox.path().join("tags.tsv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let input_lines: Vec<&str> = input.lines().collect();
    assert_eq!(lines.len(), input_lines.len(), "{text}");
    let mut previous = "O";
    for (line, input_line) in lines.iter().zip(&input_lines) {
        if input_line.is_empty() {
            assert!(line.is_empty(), "blank lines are kept: {text}");
            previous = "O";
            continue;
        }
        let (token, tag) = line.split_once('\t').expect("token<TAB>tag");
        assert_eq!(token, input_line.split(' ').next().unwrap());
        assert!(!tag.contains('\t'), "no gold column: {line}");
        let valid = tag == "O"
            || ["B-", "I-"].iter().any(|prefix| {
                tag.strip_prefix(prefix)
                    .is_some_and(|kind| ["PER", "LOC", "ORG", "MISC"].contains(&kind))
            });
        assert!(valid, "{line}");
        if let Some(kind) = tag.strip_prefix("I-") {
            assert!(previous.ends_with(kind) && previous != "O", "IOB2: {text}");
        }
        previous = tag;
    }
    assert_eq!(lines[2], "Anna\tB-PER");
    assert_eq!(lines[3], "Kowalczyk\tI-PER");
    assert_eq!(lines[6], "Warsaw\tB-LOC");
}

#[test]
fn analyze_entities_reports_a_missing_input() {
    let sandbox = Sandbox::create();
    sandbox.expect(
        &[
            "analyze",
            "entities",
            "--input",
            "missing.conll",
            "--output",
            "tags.tsv",
        ],
        2,
    );
}
