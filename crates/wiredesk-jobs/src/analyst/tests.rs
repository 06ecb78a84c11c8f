//! The analyst against a loopback mock of the chat endpoint: gated sections published with
//! their citations, refusals counted in the store, and every failure (429, 500, timeout)
//! withholding the analysis without holding up a pass.

use std::sync::Arc;
use std::time::Duration;

use wiredesk_model::{ANALYSIS_LABEL, Brief};
use wiredesk_test_support::{MockChat, Reply, shared_dir};

use crate::Desk;
use crate::background::{Background, Mode};
use crate::config::Config;
use crate::replay::{ReplayFetch, replay};
use crate::scenario::Scenario;

/// Two sentences per section on the talks that cite the first item (the desk's reading, so they
/// need no speaker), and in "stakes" an invented gas field, an out-of-range citation and a
/// sentence about nothing in the story, which the gates must refuse.
fn answer() -> String {
    let two = |first: &str, second: &str| {
        serde_json::json!([
            {"kind": "analysis", "text": first, "cites": [1]},
            {"kind": "analysis", "text": second, "cites": [1]},
        ])
    };
    let mut stakes = two(
        "On the desk's reading, what is at stake in the talks is whether the reports hold up.",
        "The desk reads the stakes of the talks as high for everyone the reports concern.",
    );
    let stakes_items = stakes.as_array_mut().unwrap();
    stakes_items.push(serde_json::json!({"kind": "analysis", "text": "The talks put the Karvalo gas field at stake.", "cites": [1]}));
    stakes_items.push(serde_json::json!({"kind": "analysis", "text": "The desk reads this as a turning point.", "cites": [99]}));
    stakes_items.push(serde_json::json!({"kind": "analysis", "text": "This development bears close watching.", "cites": [1]}));
    serde_json::json!({
        "signals": two(
            "The desk reads the talks as an early signal that deserves watching.",
            "On the desk's reading, the format of the talks matters more than any one detail.",
        ),
        "readings": two(
            "One reading, the desk's, is that the talks mark a real shift.",
            "Another reading, also the desk's, is that the reports of the talks run ahead of the facts.",
        ),
        "why_now": two(
            "On the desk's reading, the timing of the talks follows from the events the reports describe.",
            "The desk reads the moment of the talks as shaped by what came just before.",
        ),
        "stakes": stakes,
    })
    .to_string()
}

async fn desk(chat: &MockChat, mode: Mode, timeout_secs: u64) -> (Desk, Arc<ReplayFetch>) {
    let mut config = Config::default();
    config.analysis.enabled = true;
    config.analysis.base_url = chat.base_url();
    config.analysis.timeout_secs = timeout_secs;
    let fetch = Arc::new(ReplayFetch::default());
    let store = wiredesk_store::open("sqlite::memory:").await.unwrap();
    (
        Desk {
            store: Arc::from(store),
            fetch: fetch.clone(),
            config: Arc::new(config),
            background: Arc::new(Background::new(mode)),
            analyst: Default::default(),
        },
        fetch,
    )
}

fn istanbul() -> Scenario {
    Scenario::load(&shared_dir().join("scenarios/istanbul-shipping-talks")).unwrap()
}

fn analysed(briefs: &[Brief]) -> Vec<&Brief> {
    briefs
        .iter()
        .filter(|brief| brief.analysis.is_some())
        .collect()
}

async fn counter(desk: &Desk, name: &str) -> i64 {
    desk.store
        .counters()
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, counter, _)| counter == name)
        .map(|(_, _, value)| value)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gated_sections_are_published_with_citations_and_refusals_counted() {
    let chat = MockChat::start().await;
    chat.fallback(Reply::Content(answer()));
    let (desk, fetch) = desk(&chat, Mode::Wait, 10).await;
    replay(&desk, &fetch, &istanbul(), None).await.unwrap();
    let briefs = desk.store.briefs().await.unwrap();
    let with_analysis = analysed(&briefs);
    assert!(!with_analysis.is_empty(), "an eligible story got analysis");
    let mut published = 0;
    for brief in with_analysis {
        let note = brief.analysis.as_ref().unwrap();
        assert_eq!(note.error, None);
        assert_eq!(
            note.prompt_version,
            wiredesk_brief::analysis::PROMPT_VERSION
        );
        let labelled: Vec<_> = brief
            .sections
            .iter()
            .filter(|section| section.label.as_deref() == Some(ANALYSIS_LABEL))
            .collect();
        if !brief.headline.text.contains("talks") {
            // The scenario's strike: the answer about the talks says nothing of it, so every
            // section is withheld, its sentences refused as saying nothing of the story.
            assert!(labelled.is_empty(), "{:?}", brief.sections);
            assert_eq!(note.withheld.len(), 4, "{note:?}");
            assert!(
                note.refused.get("content").is_some_and(|n| *n >= 8),
                "{note:?}"
            );
            continue;
        }
        published += 1;
        assert_eq!(labelled.len(), 4, "{:?}", brief.sections);
        let provenance: Vec<&str> = brief
            .provenance
            .iter()
            .map(|item| item.url.as_str())
            .collect();
        for sentence in labelled.iter().flat_map(|section| &section.sentences) {
            assert!(!sentence.citations.is_empty());
            for url in &sentence.citations {
                assert!(
                    provenance.contains(&url.as_str()),
                    "{url} cited but not in the provenance"
                );
            }
            assert!(
                !sentence.text.contains("Karvalo"),
                "the invented asset is never shown"
            );
        }
        assert!(note.refused.values().sum::<u32>() >= 3, "{note:?}");
        assert_eq!(note.refused.get("content"), Some(&1), "{note:?}");
        // The deterministic "What to watch" stays, after the analysis.
        let headings: Vec<&str> = brief.sections.iter().map(|s| s.heading.as_str()).collect();
        if let Some(watch) = headings
            .iter()
            .position(|h| *h == wiredesk_brief::HEADING_WATCH)
        {
            assert!(headings.iter().position(|h| *h == "Stakes").unwrap() < watch);
        }
    }
    assert!(published >= 1, "the talks got their analysis");
    assert!(counter(&desk, crate::analyst::REQUESTS).await >= 1);
    assert!(counter(&desk, crate::analyst::PUBLISHED).await >= 8);
    let refused: i64 = desk
        .store
        .counters()
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, name, _)| name.starts_with(crate::analyst::REFUSED_PREFIX))
        .map(|(_, _, value)| value)
        .sum();
    assert!(refused >= 2, "refusals counted by gate");
    // Every request asked for the sections' JSON schema, at temperature 0 with the seed, and
    // bounded its answer.
    for request in chat.requests() {
        assert_eq!(request["temperature"], 0);
        assert_eq!(request["seed"], 7);
        assert_eq!(request["max_tokens"], 1536);
        let section = &request["response_format"]["json_schema"]["schema"]["properties"]["stakes"];
        assert_eq!(section["maxItems"], 3);
        assert_eq!(request["response_format"]["type"], "json_schema");
    }
}

/// A 429, a 500 and a timeout each withhold the analysis; the briefs are written all the same,
/// and the failure is counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_failures_withhold_the_analysis_and_briefs_go_out() {
    for reply in [
        Reply::Status(429),
        Reply::Status(500),
        Reply::Late(Duration::from_secs(3), answer()),
    ] {
        let chat = MockChat::start().await;
        chat.fallback(reply.clone());
        let (desk, fetch) = desk(&chat, Mode::Wait, 1).await;
        replay(&desk, &fetch, &istanbul(), None).await.unwrap();
        let briefs = desk.store.briefs().await.unwrap();
        assert!(!briefs.is_empty(), "{reply:?}: briefs are written");
        for brief in &briefs {
            assert!(
                brief.sections.iter().all(|section| section.label.is_none()),
                "{reply:?}: no analysis section"
            );
        }
        let withheld = analysed(&briefs);
        assert!(!withheld.is_empty(), "{reply:?}");
        for brief in withheld {
            assert!(
                brief.analysis.as_ref().unwrap().error.is_some(),
                "{reply:?}"
            );
        }
        assert!(
            counter(&desk, crate::analyst::ERRORS).await >= 1,
            "{reply:?}"
        );
    }
}

/// In a live run no pass waits on the model: the brief goes out at once, and the analysis
/// arrives as a later revision once the answer is in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_pass_never_waits_and_the_analysis_comes_as_a_revision() {
    let chat = MockChat::start().await;
    chat.fallback(Reply::Late(Duration::from_millis(1500), answer()));
    let (desk, fetch) = desk(&chat, Mode::Background, 30).await;
    let scenario = istanbul();
    replay(&desk, &fetch, &scenario, None).await.unwrap();
    let before = desk.store.briefs().await.unwrap();
    assert!(
        desk.analyst.n_in_flight() > 0,
        "the passes returned with requests still in flight"
    );
    assert!(
        before
            .iter()
            .all(|brief| brief.sections.iter().all(|section| section.label.is_none())),
        "nothing waited for the model"
    );
    desk.analyst.settle().await;
    desk.background.settle().await;
    assert!(desk.analyst.has_ready());
    let last = scenario.steps.last().unwrap().at;
    crate::pipeline::run_pipeline(&desk, last + chrono::Duration::minutes(1))
        .await
        .unwrap();
    let after = desk.store.briefs().await.unwrap();
    let revised: Vec<&Brief> = after
        .iter()
        .filter(|brief| brief.sections.iter().any(|section| section.label.is_some()))
        .collect();
    assert!(!revised.is_empty(), "the analysis arrived as a revision");
    for brief in revised {
        let earlier = before
            .iter()
            .find(|b| b.story_id == brief.story_id)
            .unwrap();
        assert!(brief.version > earlier.version);
    }
}

/// A post in Ukrainian and one in English: the desk asks for an English rendering of the
/// Ukrainian one only; a faithful rendering is kept beside it and counted, one that changes a
/// number is refused and counted, and a 500 leaves the post as it is without holding anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_in_another_language_gets_a_checked_rendering() {
    use wiredesk_brief::BriefPost;
    use wiredesk_model::{Origin, Relay, RelayKind, SpeakerKind, Story};
    let now = chrono::Utc::now();
    let post = |reference: &str, text: &str, language: &str| BriefPost {
        reference: reference.to_string(),
        url: format!("https://t.me/{reference}"),
        kind: "telegram",
        source_key: reference.split('/').next().unwrap_or_default().to_string(),
        published_at: now,
        title: None,
        text: text.to_string(),
        sha256: None,
        carried_from: Vec::new(),
        language: Some(language.to_string()),
        translation: None,
    };
    let original = "Вночі Львів атакували 12 дронів.";
    let origin = |name: &str, reference: &str| Origin {
        name: name.to_string(),
        aliases: Vec::new(),
        kind: SpeakerKind::Outlet,
        first_seen: now,
        verified: true,
        verified_at: Some(now),
        relays: vec![Relay {
            post: reference.to_string(),
            source: reference.split('/').next().unwrap_or_default().to_string(),
            kind: RelayKind::Primary,
            first_seen: now,
            lag_secs: 0,
            before_origin: false,
            similarity: None,
        }],
        denies: false,
    };
    let story = Story {
        id: "s-lviv".to_string(),
        kind: "other".to_string(),
        title: "Lviv".to_string(),
        posts: vec!["lvivnow/501".to_string(), "kyivwire/77".to_string()],
        origins: vec![
            origin("Lviv Now", "lvivnow/501"),
            origin("Kyiv Wire", "kyivwire/77"),
        ],
        slots: Vec::new(),
        ledger_history: Vec::new(),
        first_seen: now,
        updated_at: now,
        wikipedia: Default::default(),
        digest: String::new(),
        entities: Vec::new(),
    };
    let fresh_posts = || {
        vec![
            post("lvivnow/501", original, "uk"),
            post("kyivwire/77", "Drones attacked Lviv overnight.", "en"),
        ]
    };
    let prompt = wiredesk_brief::analysis::translation_prompt(original, "uk");
    let key = wiredesk_test_support::prompt_key(&prompt.system, &prompt.user);
    for (reply, kept) in [
        (r#"{"text": "Overnight, 12 drones attacked Lviv."}"#, true),
        (r#"{"text": "Overnight, 40 drones attacked Lviv."}"#, false),
        ("", false),
    ] {
        let chat = MockChat::start().await;
        if reply.is_empty() {
            chat.fallback(Reply::Status(500));
        } else {
            chat.reply(&key, Reply::Content(reply.to_string()));
        }
        let (desk, _) = desk(&chat, Mode::Wait, 5).await;
        let mut posts = fresh_posts();
        crate::analyst::translate(&desk, &story, &mut posts, now).await;
        assert_eq!(chat.requests().len(), 1, "{reply}: the Ukrainian post only");
        assert!(posts[1].translation.is_none());
        assert_eq!(posts[0].translation.is_some(), kept, "{reply}");
        if kept {
            let translation = posts[0].translation.as_ref().unwrap();
            assert_eq!(translation.from, "uk");
            assert_eq!(translation.text, "Overnight, 12 drones attacked Lviv.");
            assert_eq!(counter(&desk, crate::analyst::TRANSLATIONS_KEPT).await, 1);
        } else if !reply.is_empty() {
            assert_eq!(
                counter(&desk, crate::analyst::TRANSLATIONS_REFUSED).await,
                1
            );
        }
        // Asked once: the next pass reads the stored answer.
        let mut again = fresh_posts();
        crate::analyst::translate(&desk, &story, &mut again, now).await;
        if !reply.is_empty() {
            assert_eq!(chat.requests().len(), 1, "{reply}: answered from the store");
            assert_eq!(again[0].translation.is_some(), kept);
        }
    }
}
