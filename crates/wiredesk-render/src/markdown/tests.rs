//! Tests for the Markdown brief: layout snapshot, citations that resolve to provenance, escaping.

use expect_test::expect;

use crate::markdown;
use crate::testdata::{brief, story};

#[test]
fn desk_piece_layout() {
    let text = markdown(&brief(), &story());
    expect![[r#"
        # Talks under way in Istanbul, AFP reports

        *Turkey and the United Nations are said to mediate; who leads the delegations is not known.*

        Story `s-istanbul-talks` · talks · 2 origins · 4 relays · first seen 2024-05-01 08:38 UTC · version 2, 2024-05-01 10:05 UTC

        ## What happened

        AFP reported on Wednesday that talks were under way in Istanbul. [3] @wartracker quoted a post reading \<script>alert(1)\</script> at 09:05 UTC. [1][2]

        ## What is disputed

        Who mediates is disputed: Turkey (AFP) | the UN (Ministry). [1]

        ## What remains uncertain

        - They do not say who leads either delegation.

        ## Ledger

        | Slot | Status | Values (who says) | Sources |
        |------|--------|-------------------|---------|
        | venue of the talks | confirmed | Istanbul (AFP, Ministry) | [1][3] |
        | mediators | disputed | Turkey (AFP); the UN \| \<b>UN\</b> | [2] |
        | delegation lead | unknown | — | — |

        ## Desk note

        Two independent origins, three relays; the mediators are single-origin per side. We will tighten attribution as primaries publish.

        ## Provenance

        - [1] <https://t.me/osintbrief/101> · telegram-post · first seen 2024-05-01 08:38 UTC · sha256 `3f2a9c1b0d4e`
        - [2] <https://t.me/wartracker/7> · telegram-post · first seen 2024-05-01 09:05 UTC
        - [3] <https://wire.example/afp/talks-istanbul> · feed-item · first seen 2024-05-01 10:02 UTC · sha256 `aa11bb22cc33`

        ## Revisions

        - v1 · 2024-05-01 09:06 UTC · first brief
        - v2 · 2024-05-01 10:05 UTC · AFP published; venue confirmed
    "#]].assert_eq(&text);
}

/// Every `[n]` in the body is a provenance line, and the provenance URLs are the citations.
#[test]
fn citations_resolve_to_provenance() {
    let brief = brief();
    let text = markdown(&brief, &story());
    let (body, provenance) = text.split_once("## Provenance").unwrap_or((&text, ""));
    let provenance = provenance.split("## Revisions").next().unwrap_or("");
    let mut listed: Vec<(String, String)> = Vec::new();
    for line in provenance.lines().filter(|l| l.starts_with("- [")) {
        let number = line[3..].split(']').next().unwrap_or("").to_string();
        let url = line
            .split('<')
            .nth(1)
            .and_then(|r| r.split('>').next())
            .unwrap_or("");
        listed.push((number, url.to_string()));
    }
    let mut cited: Vec<String> = std::iter::once(&brief.headline)
        .chain(std::iter::once(&brief.standfirst))
        .chain(brief.sections.iter().flat_map(|s| &s.sentences))
        .flat_map(|s| s.citations.clone())
        .collect();
    cited.sort();
    cited.dedup();
    let mut urls: Vec<String> = listed.iter().map(|(_, url)| url.clone()).collect();
    urls.sort();
    assert_eq!(urls, cited);
    // Each marker in the body names a listed number.
    for marker in body
        .split('[')
        .skip(1)
        .filter_map(|m| m.split_once(']'))
        .map(|(n, _)| n)
    {
        if marker.chars().all(|c| c.is_ascii_digit()) {
            assert!(
                listed.iter().any(|(n, _)| n == marker),
                "[{marker}] is not listed"
            );
        }
    }
    // The headline prints no citation marks (its citations stay in the brief's JSON); the body
    // cites AFP's item, number 3 in provenance order.
    assert!(text.starts_with("# Talks under way in Istanbul, AFP reports\n"));
    assert!(text.contains("[3]"));
}

#[test]
fn post_text_cannot_change_the_layout() {
    let mut brief = brief();
    brief.sections[0].sentences[0].text = "# not a heading\nand a second line".to_string();
    brief.sections[1].sentences[0].text = "12. not a list item".to_string();
    let text = markdown(&brief, &story());
    assert!(text.contains("\n\\# not a heading and a second line"));
    assert!(text.contains("\n12\\. not a list item"));
    // Every `<` is escaped, or opens an autolink in the provenance list.
    for (idx, _) in text.match_indices('<') {
        let escaped = idx > 0 && text.as_bytes()[idx - 1] == b'\\';
        assert!(
            escaped || text[idx..].starts_with("<https://"),
            "raw < at {idx}"
        );
    }
    assert!(text.contains("\\<script>alert(1)\\</script>"));
    assert!(
        text.contains("| mediators | disputed | Turkey (AFP); the UN \\| \\<b>UN\\</b> | [2] |")
    );
}

#[test]
fn desk_note_section_replaces_the_field() {
    let mut brief = brief();
    brief.sections.push(wiredesk_model::Section {
        heading: "Desk note".to_string(),
        sentences: vec![wiredesk_model::Sentence {
            text: "One origin is verified.".to_string(),
            citations: vec![crate::testdata::URL_AFP.to_string()],
        }],
        label: None,
    });
    let text = markdown(&brief, &story());
    assert_eq!(text.matches("## Desk note").count(), 1);
    assert!(text.contains("## Desk note\n\nOne origin is verified. [3]\n"));
    assert!(!text.contains("We will tighten attribution"));
    // The desk note comes after the ledger and before provenance.
    let ledger = text.find("## Ledger").unwrap_or(usize::MAX);
    let note = text.find("## Desk note").unwrap_or(0);
    let provenance = text.find("## Provenance").unwrap_or(0);
    assert!(ledger < note && note < provenance);
}
