//! `wiredesk analyze stance` end to end on a CSV written here: one `{"id", "stance"}` line per
//! row, in order, denials `against`; a file without the claim column is refused.

use crate::Sandbox;

#[test]
fn analyze_stance_writes_one_verdict_per_row() {
    let sandbox = Sandbox::create();
    sandbox.write(
        "pairs.csv",
        "id,claimHeadline,articleHeadline\n\
         p1,A ferry sank off the coast,\"Coast guard denies ferry sank, calls report a hoax\"\n\
         p2,A ferry sank off the coast,Ferry sinks off the coast; dozens rescued\n\
         p3,A ferry sank off the coast,Ferry may have sunk off the coast? Unconfirmed reports\n",
    );
    sandbox.expect(
        &[
            "analyze",
            "stance",
            "--input",
            "pairs.csv",
            "--output",
            "stances.jsonl",
        ],
        0,
    );
    let text = std::fs::read_to_string(sandbox.path().join("stances.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    for line in &lines {
        let stance = line["stance"].as_str().unwrap();
        assert!(["for", "against", "observing"].contains(&stance), "{line}");
        assert_eq!(line.as_object().unwrap().len(), 2, "{line}");
    }
    assert_eq!(lines[0]["stance"], "against");
    assert_eq!(lines[1]["stance"], "for");
    assert_eq!(lines[2]["stance"], "observing");
}

#[test]
fn analyze_stance_refuses_a_csv_without_claims() {
    let sandbox = Sandbox::create();
    sandbox.write("bad.csv", "id,articleHeadline\n1,Something happened\n");
    let output = sandbox.run(&[
        "analyze",
        "stance",
        "--input",
        "bad.csv",
        "--output",
        "out.jsonl",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("claimHeadline"), "{stderr}");
}
