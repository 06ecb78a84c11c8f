//! Tests for the analysis sections: a good answer publishes, each adversarial answer is refused
//! by the gate meant to catch it, sections with one survivor are withheld, `attach` places and
//! replaces, answers parse strictly, and the prompt's hash follows its evidence.

use chrono::{DateTime, Duration, Utc};
use wiredesk_model::{ANALYSIS_LABEL, Brief, Section, Story, WikiSummary};

use super::*;
use crate::fixtures::*;
use crate::{BriefInput, BriefPost, BriefSource, EvidenceIndex, check_sentence, compose};

struct Owned {
    story: Story,
    posts: Vec<BriefPost>,
    sources: Vec<BriefSource>,
    background: Vec<WikiSummary>,
    now: DateTime<Utc>,
}

impl Owned {
    fn input(&self) -> BriefInput<'_> {
        BriefInput {
            story: &self.story,
            posts: &self.posts,
            sources: &self.sources,
            background: &self.background,
            related: &[],
            related_posts: &[],
            previous: None,
            now: self.now,
        }
    }
}

fn strike() -> Owned {
    Owned {
        story: strike_story(),
        posts: strike_posts(),
        sources: strike_sources(),
        background: background(),
        now: at("2026-07-02T06:00:00Z"),
    }
}

fn talks(with_wire: bool) -> Owned {
    Owned {
        story: talks_story(with_wire),
        posts: talks_posts(with_wire),
        sources: talks_sources(),
        background: background(),
        now: at("2026-07-01T12:00:00Z"),
    }
}

const ADMIN: &str = "https://t.me/regionadmin_official/5638";
const MILBLOGGER: &str = "https://t.me/milbloggerz/23419";
const IZMAIL_WIKI: &str = "https://en.wikipedia.org/wiki/Izmail";

fn fact(text: &str, cites: &[u32]) -> Proposed {
    Proposed {
        kind: ProposedKind::Fact,
        text: text.to_string(),
        cites: cites.to_vec(),
    }
}

fn analysis(text: &str, cites: &[u32]) -> Proposed {
    Proposed {
        kind: ProposedKind::Analysis,
        text: text.to_string(),
        cites: cites.to_vec(),
    }
}

/// For the strike, items are: 1 the administration, 2 @southwatch, 3 @frontdigest, 4
/// @milbloggerz, 5 Russia–Ukraine relations, 6 Izmail.
fn good_strike_answer() -> Answer {
    Answer {
        signals: vec![
            analysis(
                "The desk reads the strike on the port of Izmail as pressure on Ukraine's trade along the Danube.",
                &[1, 6],
            ),
            fact(
                "The Regional Administration says a grain terminal in the port was hit.",
                &[1],
            ),
        ],
        readings: vec![
            analysis(
                "One reading is that the grain terminal was the target, as the Regional Administration says.",
                &[1],
            ),
            analysis(
                "Another reading is that local media are right and a fuel depot, a military target, was hit.",
                &[4],
            ),
        ],
        why_now: vec![
            analysis(
                "The desk reads the overnight strike against the break in relations since the Russian invasion of February 2022.",
                &[1, 5],
            ),
            fact(
                "Local media report 7 dead after the night strike on the port.",
                &[4],
            ),
        ],
        stakes: vec![
            analysis(
                "At stake is Izmail, a port city on the Danube in the Odesa Oblast of Ukraine.",
                &[6],
            ),
            analysis(
                "The desk reads the Regional Administration's toll of 12 killed and 30 injured, if confirmed, as the heaviest cost of the strike.",
                &[1],
            ),
            fact(
                "According to the regional governor, at least 12 were killed and 30 injured.",
                &[2],
            ),
        ],
    }
}

/// The gates that refused the one sentence `proposed`, gated alone.
#[track_caller]
fn refused_by(owned: &Owned, proposed: Proposed) -> Vec<String> {
    let input = owned.input();
    let items = evidence_items(&input);
    let answer = Answer {
        signals: vec![proposed],
        ..Answer::default()
    };
    let gated = gate(&answer, &items, &input);
    assert_eq!(gated.note.proposed, 1);
    for rejected in &gated.refused {
        let gate_name = rejected.reason.split(':').next().unwrap_or("");
        assert!(
            gated.note.refused.contains_key(gate_name),
            "{rejected:?} not counted in {:?}",
            gated.note.refused
        );
    }
    gated.note.refused.keys().cloned().collect()
}

#[track_caller]
fn assert_refused(owned: &Owned, proposed: Proposed, gate_name: &str) {
    let text = proposed.text.clone();
    let gates = refused_by(owned, proposed);
    assert_eq!(gates, vec![gate_name.to_string()], "{text}");
}

#[track_caller]
fn assert_passes(owned: &Owned, proposed: Proposed) {
    let text = proposed.text.clone();
    let input = owned.input();
    let items = evidence_items(&input);
    let answer = Answer {
        signals: vec![proposed],
        ..Answer::default()
    };
    let gated = gate(&answer, &items, &input);
    assert!(gated.refused.is_empty(), "{text}: {:?}", gated.refused);
}

// ── Eligibility and evidence ─────────────────────────────────────────────────────────────

#[test]
fn eligible_needs_two_reporting_origins_or_a_verified_one() {
    assert!(!eligible(&talks_story(false)), "one unverified origin");
    assert!(eligible(&talks_story(true)), "one verified origin");
    assert!(eligible(&strike_story()), "two origins");

    let mut one_denies = strike_story();
    one_denies.origins[1].denies = true;
    one_denies.origins[0].verified = false;
    assert!(!eligible(&one_denies), "a denial does not count");
    one_denies.origins[0].verified = true;
    assert!(eligible(&one_denies), "the reporting origin is verified");
}

#[test]
fn evidence_items_are_posts_in_time_order_then_the_storys_background() {
    let mut owned = strike();
    owned.posts.reverse();
    let items = evidence_items(&owned.input());
    let shown: Vec<(u32, EvidenceKind, &str)> = items
        .iter()
        .map(|item| (item.id, item.kind, item.label.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                1,
                EvidenceKind::Post,
                "@regionadmin_official, 05:02 UTC 2 July 2026"
            ),
            (2, EvidenceKind::Post, "@southwatch, 05:10 UTC 2 July 2026"),
            (3, EvidenceKind::Post, "@frontdigest, 05:15 UTC 2 July 2026"),
            (4, EvidenceKind::Post, "@milbloggerz, 05:40 UTC 2 July 2026"),
            (
                5,
                EvidenceKind::Background,
                "Wikipedia: Russia–Ukraine relations"
            ),
            (6, EvidenceKind::Background, "Wikipedia: Izmail"),
        ]
    );
    assert_eq!(items[0].url, ADMIN);
    assert!(
        items[0]
            .text
            .starts_with("‼️ Overnight, Russian forces struck Izmail")
    );
    assert!(
        !items.iter().any(|item| item.label.contains("Basketball")),
        "a page about nothing in the story is not offered"
    );
}

#[test]
fn evidence_items_cap_posts_and_text() {
    let posts = |n: i64, text: &str| -> Vec<BriefPost> {
        (0..n)
            .map(|n| {
                tg_post(
                    &format!("southwatch/{}", 9000 + n),
                    &(at("2026-07-02T06:00:00Z") - Duration::minutes(n)).to_rfc3339(),
                    text,
                )
            })
            .collect()
    };
    let post_items = |owned: &Owned| -> Vec<EvidenceItem> {
        evidence_items(&owned.input())
            .into_iter()
            .filter(|item| item.kind == EvidenceKind::Post)
            .collect()
    };

    let mut owned = strike();
    owned.posts = posts(40, "Izmail: the port was hit again.");
    let items = evidence_items(&owned.input());
    let offered = post_items(&owned);
    assert_eq!(offered.len(), MAX_POSTS);
    assert_eq!(
        offered[0].url, "https://t.me/southwatch/9039",
        "earliest first"
    );
    let ids: Vec<u32> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids, (1..=items.len() as u32).collect::<Vec<_>>());

    owned.posts = posts(40, &"The port was hit again. ".repeat(100));
    let offered = post_items(&owned);
    for item in &offered {
        assert!(item.text.chars().count() <= MAX_TEXT_CHARS);
        assert!(item.text.ends_with("again."), "cut at a sentence end");
    }
    let n_chars: usize = offered.iter().map(|item| item.text.chars().count()).sum();
    assert!(n_chars <= MAX_EVIDENCE_CHARS, "{n_chars}");
    assert!(
        offered.len() > 1 && offered.len() < MAX_POSTS,
        "{}",
        offered.len()
    );
}

// ── A good answer ────────────────────────────────────────────────────────────────────────

#[test]
fn a_good_answer_publishes_labelled_sections_with_citations_as_urls() {
    let owned = strike();
    let input = owned.input();
    let items = evidence_items(&input);
    let gated = gate(&good_strike_answer(), &items, &input);
    assert!(gated.refused.is_empty(), "{:#?}", gated.refused);
    let headings: Vec<&str> = gated.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ANALYSIS_HEADINGS.to_vec());
    for section in &gated.sections {
        assert_eq!(section.label.as_deref(), Some(ANALYSIS_LABEL));
    }
    assert_eq!(
        gated.sections[0].sentences[0].citations,
        vec![ADMIN.to_string(), IZMAIL_WIKI.to_string()]
    );
    assert_eq!(
        gated.sections[2].sentences[1].citations,
        vec![MILBLOGGER.to_string()]
    );
    assert_eq!(gated.note.proposed, 9);
    assert_eq!(gated.note.published, 9);
    assert!(gated.note.refused.is_empty());
    assert!(gated.note.withheld.is_empty());
    assert_eq!(gated.note.prompt_version, "analysis-v1");
    assert!(gated.note.model.is_empty(), "the caller names the model");
    assert!(gated.provenance.iter().any(|item| item.url == IZMAIL_WIKI));

    // Every published fact also passes the brief's own checker as the composer runs it.
    let index = EvidenceIndex::new(&input);
    let answer = good_strike_answer();
    let facts: Vec<&str> = answer
        .sections()
        .iter()
        .flat_map(|(_, proposed)| proposed.iter())
        .filter(|p| p.kind == ProposedKind::Fact)
        .map(|p| p.text.as_str())
        .collect();
    let published = gated.sections.iter().flat_map(|section| &section.sentences);
    for sentence in published.filter(|s| facts.contains(&s.text.as_str())) {
        check_sentence(sentence, &|url| index.get(url)).expect("a published fact checks");
    }
}

#[test]
fn attribution_to_a_quoted_speaker_passes() {
    let owned = talks(true);
    // Items: 1 @osintbrief, 2 @wartracker, 3 @frontdigest, 4 AFP's item, 5 Istanbul, 6 relations.
    assert_passes(
        &owned,
        fact(
            "According to a diplomatic source cited by AFP, the talks in Istanbul are indirect.",
            &[1],
        ),
    );
    assert_passes(
        &owned,
        fact(
            "AFP reports that Turkey and the United Nations mediate the talks.",
            &[4],
        ),
    );
    assert_passes(
        &owned,
        analysis(
            "The desk reads Turkey's role as mediator as a sign that Istanbul remains a venue both sides accept.",
            &[1, 5],
        ),
    );
    assert_passes(
        &strike(),
        fact("The regional governor says a grain terminal was hit.", &[2]),
    );
}

// ── Withholding and attaching ────────────────────────────────────────────────────────────

#[test]
fn a_section_with_one_surviving_sentence_is_withheld() {
    let owned = strike();
    let input = owned.input();
    let items = evidence_items(&input);
    let mut answer = good_strike_answer();
    answer.readings[1] = analysis("The Tyras gas field was the real target.", &[4]);
    answer.why_now.clear();
    let gated = gate(&answer, &items, &input);
    let headings: Vec<&str> = gated.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, vec![HEADING_SIGNALS, HEADING_STAKES]);
    assert_eq!(gated.note.withheld, vec![HEADING_READINGS, HEADING_WHY_NOW]);
    assert_eq!(gated.note.proposed, 7);
    assert_eq!(gated.note.published, 5);
    assert_eq!(gated.note.refused.get("unsupported-name"), Some(&1));
    assert_eq!(gated.refused.len(), 1);
    assert!(gated.refused[0].reason.starts_with("unsupported-name: "));
}

fn analysis_headings(brief: &Brief) -> Vec<(usize, &str)> {
    brief
        .sections
        .iter()
        .enumerate()
        .filter(|(_, section)| section.label.as_deref() == Some(ANALYSIS_LABEL))
        .map(|(idx, section)| (idx, section.heading.as_str()))
        .collect()
}

#[test]
fn attach_places_sections_before_what_to_watch_and_replaces_earlier_ones() {
    let owned = strike();
    let input = owned.input();
    let items = evidence_items(&input);
    let mut brief = compose(&input);
    let before = brief.sections.len();
    let watch = |brief: &Brief| {
        brief
            .sections
            .iter()
            .position(|s| s.heading == crate::HEADING_WATCH)
            .expect("the strike's brief has a What to watch section")
    };

    attach(&mut brief, gate(&good_strike_answer(), &items, &input));
    let placed = analysis_headings(&brief);
    let at = watch(&brief);
    assert_eq!(
        placed,
        vec![
            (at - 4, HEADING_SIGNALS),
            (at - 3, HEADING_READINGS),
            (at - 2, HEADING_WHY_NOW),
            (at - 1, HEADING_STAKES),
        ]
    );
    assert_eq!(brief.sections.len(), before + 4);
    let note = brief.analysis.clone().expect("the note is set");
    assert_eq!(note.published, 9);

    // A second run with fewer sections replaces the first.
    let mut answer = good_strike_answer();
    answer.readings.clear();
    answer.why_now.clear();
    attach(&mut brief, gate(&answer, &items, &input));
    let at = watch(&brief);
    assert_eq!(
        analysis_headings(&brief),
        vec![(at - 2, HEADING_SIGNALS), (at - 1, HEADING_STAKES)]
    );
    assert_eq!(brief.sections.len(), before + 2);
    assert_eq!(
        brief.analysis.as_ref().map(|note| note.withheld.clone()),
        Some(vec![
            HEADING_READINGS.to_string(),
            HEADING_WHY_NOW.to_string()
        ])
    );
}

#[test]
fn attach_without_what_to_watch_appends_and_keeps_provenance_in_step() {
    let owned = strike();
    let input = owned.input();
    let items = evidence_items(&input);
    let mut brief = compose(&input);
    // A brief with no watch section and no background of its own.
    brief.sections.retain(|section| {
        section.heading != crate::HEADING_WATCH && section.heading != crate::HEADING_BACKGROUND
    });
    brief.provenance.retain(|item| item.kind != "wikipedia");
    let n_desk = brief.sections.len();

    attach(&mut brief, gate(&good_strike_answer(), &items, &input));
    let placed: Vec<usize> = analysis_headings(&brief).iter().map(|(i, _)| *i).collect();
    assert_eq!(placed, (n_desk..n_desk + 4).collect::<Vec<_>>());
    let wiki = |brief: &Brief| {
        brief
            .provenance
            .iter()
            .filter(|item| item.kind == "wikipedia")
            .map(|item| item.url.clone())
            .collect::<Vec<_>>()
    };
    assert!(wiki(&brief).contains(&IZMAIL_WIKI.to_string()));

    // Analysis that cites no Wikipedia page takes the pages its predecessor brought with it.
    let answer = Answer {
        signals: good_strike_answer().signals[1..].to_vec(),
        readings: good_strike_answer().readings,
        ..Answer::default()
    };
    attach(&mut brief, gate(&answer, &items, &input));
    assert_eq!(analysis_headings(&brief).len(), 1);
    assert!(wiki(&brief).is_empty(), "{:?}", wiki(&brief));
}

#[test]
fn withheld_names_every_section_and_the_error() {
    let note = withheld("model timed out after 60 s");
    assert_eq!(note.withheld, ANALYSIS_HEADINGS.to_vec());
    assert_eq!(note.error.as_deref(), Some("model timed out after 60 s"));
    assert_eq!(note.prompt_version, PROMPT_VERSION);
    assert_eq!(note.published, 0);
}

// ── Answers and prompts ──────────────────────────────────────────────────────────────────

#[test]
fn parse_answer_reads_json_and_a_json_fence() {
    let json = serde_json::to_string(&good_strike_answer()).expect("serialises");
    assert_eq!(parse_answer(&json), Ok(good_strike_answer()));
    let fenced = format!("```json\n{json}\n```\n");
    assert_eq!(parse_answer(&fenced), Ok(good_strike_answer()));
    let bare_fence = format!("```\n{json}\n```");
    assert_eq!(parse_answer(&bare_fence), Ok(good_strike_answer()));
}

#[test]
fn parse_answer_refuses_anything_else() {
    let json = serde_json::to_string(&good_strike_answer()).expect("serialises");
    let empty = r#"{"signals": [], "readings": [], "why_now": [], "stakes": []}"#;
    assert!(parse_answer(empty).is_ok(), "the well-formed control");
    for malformed in [
        String::new(),
        "   ".to_string(),
        "Here is the analysis you asked for.".to_string(),
        format!("Here is the JSON: {json}"),
        format!("{json} Hope this helps."),
        format!("```json\n{json}"),
        format!("```python\n{json}\n```"),
        r#"{"signals": [], "readings": [], "why_now": []}"#.to_string(),
        r#"{"signals": [], "readings": [], "why_now": [], "stakes": [], "notes": []}"#.to_string(),
        r#"{"signals": [{"kind": "fact", "text": "x", "cites": ["1"]}], "readings": [], "why_now": [], "stakes": []}"#.to_string(),
        r#"{"signals": [{"kind": "fact", "text": "x", "cites": [-1]}], "readings": [], "why_now": [], "stakes": []}"#.to_string(),
        r#"{"signals": [{"kind": "opinion", "text": "x", "cites": [1]}], "readings": [], "why_now": [], "stakes": []}"#.to_string(),
        r#"{"signals": [{"kind": "fact", "text": "x"}], "readings": [], "why_now": [], "stakes": []}"#.to_string(),
    ] {
        assert!(parse_answer(&malformed).is_err(), "{malformed:?} parsed");
    }
}

#[test]
fn prompt_version_comes_from_the_prompt_file() {
    assert_eq!(PROMPT_VERSION, "analysis-v1");
    let owned = strike();
    let input = owned.input();
    let brief = compose(&input);
    let items = evidence_items(&input);
    let prompt = prompt(&input, &brief, &items);
    assert!(prompt.system.contains("JSON"), "{}", prompt.system);
    assert!(
        !prompt.user.contains("{{"),
        "a placeholder left: {}",
        prompt.user
    );
    for expected in [
        "Story kind: strike",
        "[1] @regionadmin_official, 05:02 UTC 2 July 2026",
        "[6] Wikipedia: Izmail",
        "1 to 6",
        "death toll (disputed): 12 (Regional Administration); 7 (local media)",
        "local media (organisation; known only through relays) [4]",
    ] {
        assert!(
            prompt.user.contains(expected),
            "{expected:?} missing from\n{}",
            prompt.user
        );
    }
    assert_eq!(prompt.hash.len(), 64);
    assert_eq!(
        prompt.response_format()["json_schema"]["strict"],
        serde_json::Value::Bool(true)
    );
}

#[test]
fn the_schema_is_strict_everywhere() {
    fn walk(value: &serde_json::Value, path: &str) {
        if value["type"] == "object" {
            assert_eq!(value["additionalProperties"], false, "{path}");
            let mut properties: Vec<&String> = value["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .collect();
            let mut required: Vec<&str> = value["required"]
                .as_array()
                .expect("required")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            properties.sort();
            required.sort_unstable();
            assert_eq!(
                properties.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                required,
                "{path}"
            );
            for (name, property) in value["properties"].as_object().expect("properties") {
                walk(property, &format!("{path}.{name}"));
            }
        } else if value["type"] == "array" {
            walk(&value["items"], &format!("{path}[]"));
        }
    }
    let schema = prompt::schema();
    walk(&schema, "$");
    let item = &schema["properties"]["signals"]["items"]["properties"];
    assert_eq!(
        item["kind"]["enum"],
        serde_json::json!(["fact", "analysis"])
    );
    assert_eq!(item["cites"]["items"]["type"], "integer");
}

#[test]
fn a_placeholder_inside_a_post_is_quoted_not_filled() {
    let mut owned = strike();
    owned.posts[3].text.push_str(" {{background}} {{unknown}}");
    let input = owned.input();
    let brief = compose(&input);
    let items = evidence_items(&input);
    let prompt = prompt(&input, &brief, &items);
    assert!(
        prompt
            .user
            .contains("not a grain terminal. {{background}} {{unknown}}")
    );
    assert_eq!(prompt.user.matches("Wikipedia: Izmail").count(), 1);
}

#[test]
fn prompt_hash_follows_the_evidence_and_nothing_else() {
    let owned = strike();
    let hash = |owned: &Owned| {
        let input = owned.input();
        let brief = compose(&input);
        let items = evidence_items(&input);
        prompt(&input, &brief, &items).hash
    };
    let first = hash(&owned);
    assert_eq!(first, hash(&strike()), "same story, same hash");

    let mut later = strike();
    later.now = at("2026-07-02T09:00:00Z");
    assert_eq!(first, hash(&later), "the clock is not part of the question");

    let mut edited = strike();
    edited.posts[3].text = edited.posts[3].text.replace("fuel depot", "fuel store");
    assert_ne!(first, hash(&edited), "an edited post changes the hash");

    let mut more_background = strike();
    more_background.background[3]
        .extract
        .push_str(" It lies on the Danube delta.");
    assert_ne!(
        first,
        hash(&more_background),
        "an edited summary changes the hash"
    );
}

#[test]
fn analysis_sections_are_never_confused_with_the_desks() {
    // A desk section under an analysis heading but without the label survives `attach`.
    let owned = strike();
    let input = owned.input();
    let mut brief = compose(&input);
    brief.sections.push(Section {
        heading: HEADING_STAKES.to_string(),
        sentences: Vec::new(),
        label: None,
    });
    attach(&mut brief, Gated::default());
    assert!(
        brief
            .sections
            .iter()
            .any(|s| s.heading == HEADING_STAKES && s.label.is_none())
    );
}

mod gates;
mod translation;
