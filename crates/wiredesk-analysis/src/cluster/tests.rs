//! Clusterer behaviour. The cases are data files (`cases/*.json`): documents in, expected groups
//! (and merges and story ids, when a case names them) out. Terms in the cases are written the way
//! the normalizer hands them over: lower-cased stems without stopwords, plus canonical entity
//! names.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;

use super::{ClusterConfig, ClusterDoc, ClusterEvent, Clusterer};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    /// A known-wrong result the case asserts as it is, and what it should be.
    #[allow(dead_code)]
    #[serde(default)]
    fixme: Option<String>,
    #[serde(default)]
    config: ConfigOverrides,
    docs: Vec<CaseDoc>,
    /// Every story with more than one document, plus any singleton the case wants to pin.
    groups: Vec<Vec<String>>,
    /// Documents that must be alone in their story.
    #[serde(default)]
    alone: Vec<String>,
    /// Expected merges as [survivor, absorbed, at_doc].
    #[serde(default)]
    merges: Vec<(u64, u64, String)>,
    /// Expected final story id per document.
    #[serde(default)]
    story_ids: Vec<(String, u64)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigOverrides {
    alpha: Option<f64>,
    beta: Option<f64>,
    window_hours: Option<i64>,
    min_similarity: Option<f32>,
    join_similarity: Option<f32>,
    merge_similarity: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseDoc {
    id: String,
    time: Option<DateTime<Utc>>,
    terms: String,
    #[serde(default)]
    entities: Vec<String>,
    same_as: Option<String>,
}

fn config_of(overrides: &ConfigOverrides) -> ClusterConfig {
    let default = ClusterConfig::default();
    ClusterConfig {
        alpha: overrides.alpha.unwrap_or(default.alpha),
        beta: overrides.beta.unwrap_or(default.beta),
        window: overrides
            .window_hours
            .map(TimeDelta::hours)
            .or(default.window),
        min_similarity: overrides.min_similarity.unwrap_or(default.min_similarity),
        join_similarity: overrides.join_similarity.unwrap_or(default.join_similarity),
        merge_similarity: overrides
            .merge_similarity
            .unwrap_or(default.merge_similarity),
        ..default
    }
}

fn run_case(name: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/cluster/cases")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let case: Case = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
    let mut clusterer = Clusterer::new(config_of(&case.config));
    let terms: Vec<Vec<String>> = case
        .docs
        .iter()
        .map(|doc| doc.terms.split_whitespace().map(str::to_string).collect())
        .collect();
    for (doc, terms) in case.docs.iter().zip(&terms) {
        clusterer.add(&ClusterDoc {
            id: &doc.id,
            time: doc.time,
            terms,
            entities: &doc.entities,
            same_as: doc.same_as.as_deref(),
        });
    }
    let actual: Vec<BTreeSet<&str>> = clusterer
        .stories()
        .map(|(_, docs)| docs.iter().map(String::as_str).collect())
        .collect();
    for group in &case.groups {
        let expected: BTreeSet<&str> = group.iter().map(String::as_str).collect();
        assert!(
            actual.contains(&expected),
            "{name}: expected story {expected:?}, got {actual:#?}"
        );
    }
    for doc_id in &case.alone {
        assert!(
            actual
                .iter()
                .any(|story| story.len() == 1 && story.contains(doc_id.as_str())),
            "{name}: {doc_id} should be alone, got {actual:#?}"
        );
    }
    let merges: Vec<(u64, u64, String)> = clusterer
        .events()
        .iter()
        .filter_map(|event| match event {
            ClusterEvent::Merged {
                survivor,
                absorbed,
                at_doc,
            } => Some((*survivor, *absorbed, at_doc.clone())),
            ClusterEvent::Split { .. } => None,
        })
        .collect();
    assert_eq!(merges, case.merges, "{name}: merges");
    for (doc_id, story) in &case.story_ids {
        assert_eq!(
            clusterer.story_of(doc_id),
            Some(*story),
            "{name}: story of {doc_id}"
        );
    }
}

#[test]
fn cross_language_talks_meet_through_entities() {
    run_case("cross_language_talks.json");
}

#[test]
fn strike_near_misses_stay_out() {
    run_case("strike_near_misses.json");
}

#[test]
fn time_window_keeps_a_later_event_apart() {
    run_case("time_window.json");
}

#[test]
fn bridging_doc_merges_two_stories_older_id_survives() {
    run_case("merge.json");
}

#[test]
fn same_as_joins_without_similarity_test() {
    run_case("same_as.json");
}

/// Five documents on two events: a quake in Malatya (1, 3, 5) and an ECB rate decision (2, 4).
const TWO_EVENTS: [(&str, &str); 5] = [
    ("1", "quake strike malatya turkey magnitude"),
    ("2", "ecb rate hold inflation euro"),
    ("3", "malatya quake magnitude aftershock turkey"),
    ("4", "euro inflation ecb rate decision"),
    ("5", "malatya quake rescue turkey magnitude"),
];

#[test]
fn story_ids_are_stable_as_stories_grow() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let docs = TWO_EVENTS;
    let mut assigned = Vec::new();
    for (id, text) in docs {
        let terms: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        let assignment = clusterer.add(&ClusterDoc {
            id,
            time: None,
            terms: &terms,
            entities: &[],
            same_as: None,
        });
        assigned.push((id, assignment.story, assignment.new_story));
    }
    assert_eq!(
        assigned,
        [
            ("1", 1, true),
            ("2", 2, true),
            ("3", 1, false),
            ("4", 2, false),
            ("5", 1, false)
        ]
    );
    // Ids reported at insertion are still the ids at the end.
    for (id, story, _) in assigned {
        assert_eq!(clusterer.story_of(id), Some(story));
    }
    let stories: Vec<(u64, Vec<String>)> = clusterer
        .stories()
        .map(|(id, docs)| (id, docs.to_vec()))
        .collect();
    assert_eq!(
        stories,
        [
            (1, vec!["1".into(), "3".into(), "5".into()]),
            (2, vec!["2".into(), "4".into()])
        ]
    );
    assert!(clusterer.events().is_empty());
}

#[test]
fn similarity_is_reported_and_empty_docs_start_their_own_story() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let first: Vec<String> = ["ceasefire", "gaza", "talk", "cairo"]
        .map(String::from)
        .to_vec();
    let second: Vec<String> = ["ceasefire", "gaza", "talk", "doha"]
        .map(String::from)
        .to_vec();
    let a = clusterer.add(&ClusterDoc {
        id: "a",
        time: None,
        terms: &first,
        entities: &[],
        same_as: None,
    });
    assert_eq!((a.new_story, a.similarity), (true, 0.0));
    let b = clusterer.add(&ClusterDoc {
        id: "b",
        time: None,
        terms: &second,
        entities: &[],
        same_as: None,
    });
    assert!(!b.new_story);
    assert!(
        b.similarity > 0.5 && b.similarity < 1.0,
        "similarity {}",
        b.similarity
    );
    let empty = clusterer.add(&ClusterDoc {
        id: "c",
        time: None,
        terms: &[],
        entities: &[],
        same_as: None,
    });
    assert!(empty.new_story);
    assert_eq!(clusterer.story_of("missing"), None);
}

/// Issue 10: removing a story's documents leaves the clusterer as if they had never been added
/// (document frequencies, vocabulary, stories), so the next document is scored the same.
#[test]
fn removed_documents_leave_no_trace() {
    let docs = TWO_EVENTS;
    let add = |clusterer: &mut Clusterer, id: &str, text: &str| {
        let terms: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        clusterer.add(&ClusterDoc {
            id,
            time: None,
            terms: &terms,
            entities: &[],
            same_as: None,
        })
    };
    let mut resumed = Clusterer::new(ClusterConfig::default());
    for (id, text) in docs {
        add(&mut resumed, id, text);
    }
    resumed.remove_docs(&["2".to_string(), "4".to_string()].into_iter().collect());
    let mut fresh = Clusterer::new(ClusterConfig::default());
    for (id, text) in docs.iter().filter(|(id, _)| !["2", "4"].contains(id)) {
        add(&mut fresh, id, text);
    }
    assert_eq!(resumed.n_docs, fresh.n_docs);
    assert_eq!(resumed.live_terms, fresh.live_terms);
    assert_eq!(
        resumed.live_terms, 7,
        "the ECB story's words left the vocabulary"
    );
    for (term, &id) in &fresh.vocab {
        assert_eq!(
            resumed.df[resumed.vocab[term] as usize],
            fresh.df[id as usize]
        );
    }
    let docs_of = |clusterer: &Clusterer| -> Vec<Vec<String>> {
        clusterer.stories().map(|(_, docs)| docs.to_vec()).collect()
    };
    assert_eq!(docs_of(&resumed), docs_of(&fresh));
    assert_eq!(resumed.story_of("2"), None);
    for clusterer in [&mut resumed, &mut fresh] {
        let next = add(clusterer, "6", "euro inflation ecb rate cut");
        assert!(next.new_story, "nothing is left for the ECB post to join");
    }
    let next = add(&mut resumed, "7", "malatya quake aftershock rescue");
    let expected = add(&mut fresh, "7", "malatya quake aftershock rescue");
    assert_eq!(
        (next.new_story, next.similarity),
        (expected.new_story, expected.similarity)
    );
}
