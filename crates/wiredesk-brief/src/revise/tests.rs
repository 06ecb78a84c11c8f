//! Tests for revisions: versions only on change, and a log that says what changed and why.

use chrono::{DateTime, Utc};
use wiredesk_model::Brief;

use crate::fixtures::*;
use crate::{BriefInput, compose, compose_and_revise, revise};

fn brief(with_wire: bool, now: DateTime<Utc>) -> Brief {
    let story = talks_story(with_wire);
    let posts = talks_posts(with_wire);
    let sources = talks_sources();
    let background = background();
    compose(&BriefInput {
        story: &story,
        posts: &posts,
        sources: &sources,
        background: &background,
        related: &[],
        related_posts: &[],
        previous: None,
        now,
    })
}

#[test]
fn first_version_logs_its_basis() {
    let now = at("2026-07-01T09:30:00Z");
    let first = revise(None, brief(false, now), now).expect("a first version");
    assert_eq!(first.version, 1);
    assert_eq!(first.revisions.len(), 1);
    let summary = &first.revisions[0].summary;
    assert!(summary.starts_with("first version"), "{summary}");
    assert!(
        summary.contains("AFP has not published it itself"),
        "{summary}"
    );
}

#[test]
fn wire_publishing_itself_is_version_two_with_the_reason() {
    let step1 = at("2026-07-01T09:30:00Z");
    let step2 = at("2026-07-01T12:00:00Z");
    let first = revise(None, brief(false, step1), step1).expect("a first version");
    let second = revise(Some(&first), brief(true, step2), step2).expect("a new version");
    assert_eq!(second.version, 2);
    assert_eq!(second.revisions.len(), 2);
    assert_eq!(second.revisions[0], first.revisions[0]);
    let last = &second.revisions[1];
    assert_eq!((last.version, last.at), (2, step2));
    assert!(
        last.summary.starts_with(&format!(
            "AFP published its own report ({WIRE_ITEM}) at 11:40 UTC: attribution now to AFP directly"
        )),
        "{}",
        last.summary
    );
    assert!(last.summary.contains("agenda added"), "{}", last.summary);
}

#[test]
fn unchanged_input_is_no_new_version() {
    let step1 = at("2026-07-01T09:30:00Z");
    let first = revise(None, brief(false, step1), step1).expect("a first version");
    // Composed again later: only generated_at differs.
    let later = at("2026-07-01T10:00:00Z");
    assert_eq!(revise(Some(&first), brief(false, later), later), None);
}

#[test]
fn refetched_page_hash_alone_is_no_new_version() {
    let step1 = at("2026-07-01T09:30:00Z");
    let first = revise(None, brief(false, step1), step1).expect("a first version");
    let mut again = brief(false, step1);
    for item in &mut again.provenance {
        if item.kind == "telegram-page" {
            item.sha256 = Some("other".to_string());
            item.first_seen = step1;
        }
    }
    assert_eq!(revise(Some(&first), again, step1), None);
}

#[test]
fn compose_and_revise_reads_the_previous_version() {
    let step1 = at("2026-07-01T09:30:00Z");
    let first = revise(None, brief(false, step1), step1).expect("a first version");
    let story = talks_story(false);
    let posts = talks_posts(false);
    let sources = talks_sources();
    let input = BriefInput {
        story: &story,
        posts: &posts,
        sources: &sources,
        background: &[],
        related: &[],
        related_posts: &[],
        previous: Some(&first),
        now: step1,
    };
    // Without the Wikipedia pages the background changes: a new version that says so.
    let next = compose_and_revise(&input).expect("background removed");
    assert_eq!(next.version, 2);
}

/// A revision names the origins that new posts bring in.
#[test]
fn r8_a_new_origin_is_named_in_the_log() {
    let now = at("2026-07-01T09:30:00Z");
    let first = revise(None, brief(false, now), now).expect("a first version");
    let mut next = brief(false, at("2026-07-01T11:00:00Z"));
    next.ledger[0]
        .values
        .push("Black Sea (Kharkiv Regional Administration)".to_string());
    let second = revise(Some(&first), next, at("2026-07-01T11:00:00Z")).expect("a new version");
    let summary = &second.revisions.last().unwrap().summary;
    assert!(
        summary.contains("new origin: Kharkiv Regional Administration"),
        "{summary}"
    );
    assert_eq!(
        super::ledger_origins(&second.ledger)
            .into_iter()
            .filter(|origin| origin.contains("Kharkiv"))
            .count(),
        1
    );
}
