//! Checker tests against the real `expected.toml` files: a story built to match passes every
//! line; a story with one post missing or one status wrong fails exactly those lines.

use chrono::{DateTime, TimeZone, Utc};
use wiredesk_model::{Origin, Slot, SlotStatus, SlotValue, SpeakerKind, Story};

use super::*;

fn expected(scenario: &str) -> Expectations {
    let path = wiredesk_test_support::shared_dir()
        .join("scenarios")
        .join(scenario)
        .join("expected.toml");
    let text = std::fs::read_to_string(&path).expect("scenario expected.toml is readable");
    parse_expected(&text).expect("scenario expected.toml parses")
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test time")
        .with_timezone(&Utc)
}

fn origin(name: &str, aliases: &[&str], verified: bool) -> Origin {
    Origin {
        name: name.to_string(),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        kind: SpeakerKind::Organization,
        first_seen: time("2026-07-01T00:00:00Z"),
        verified,
        verified_at: None,
        denies: false,
        relays: Vec::new(),
    }
}

fn slot(name: &str, status: SlotStatus, values: &[&str]) -> Slot {
    Slot {
        name: name.to_string(),
        status,
        values: values
            .iter()
            .map(|value| {
                let (value, denied) = match value.strip_prefix('!') {
                    Some(rest) => (rest, true),
                    None => (*value, false),
                };
                SlotValue {
                    value: value.to_string(),
                    origins: vec!["x".to_string()],
                    evidence: Vec::new(),
                    denied,
                }
            })
            .collect(),
    }
}

fn story(id: &str, kind: &str, posts: &[&str], origins: Vec<Origin>, slots: Vec<Slot>) -> Story {
    Story {
        id: id.to_string(),
        kind: kind.to_string(),
        title: String::new(),
        posts: posts.iter().map(|post| post.to_string()).collect(),
        origins,
        slots,
        ledger_history: Vec::new(),
        first_seen: time("2026-07-01T08:38:00Z"),
        updated_at: time("2026-07-01T12:00:00Z"),
        entities: Vec::new(),
        wikipedia: Default::default(),
        digest: String::new(),
    }
}

/// The store's post times, as the scenarios record them.
fn post_time(post: &str) -> Option<DateTime<Utc>> {
    let times = [
        ("osintbrief/14381", "2026-07-01T08:38:00Z"),
        ("wartracker/99203", "2026-07-01T09:05:00Z"),
        ("frontdigest/48215", "2026-07-01T09:20:00Z"),
        (
            "https://afp-wire.example/world/2026/07/01/russia-ukraine-indirect-talks-black-sea-shipping-istanbul",
            "2026-07-01T11:40:00Z",
        ),
        ("regionadmin_official/5638", "2026-07-02T05:02:00Z"),
        ("southwatch/7750", "2026-07-02T05:10:00Z"),
        ("frontdigest/48234", "2026-07-02T05:15:00Z"),
        ("milbloggerz/23419", "2026-07-02T05:40:00Z"),
        ("southwatch/7744", "2026-07-01T16:05:00Z"),
        ("frontdigest/48228", "2026-07-01T16:41:00Z"),
    ];
    times
        .iter()
        .find(|(reference, _)| *reference == post)
        .map(|(_, at)| time(at))
}

fn talks_slots(agenda: &[&str]) -> Vec<Slot> {
    use SlotStatus::{SingleOrigin, Unknown};
    let agenda_status = if agenda.is_empty() {
        Unknown
    } else {
        SingleOrigin
    };
    vec![
        slot("location", SingleOrigin, &["Istanbul"]),
        slot("date", Unknown, &[]),
        slot("parties", SingleOrigin, &["Russia", "Ukraine"]),
        slot("mediators", SingleOrigin, &["Turkey", "United Nations"]),
        slot("format", SingleOrigin, &["indirect"]),
        slot("principals", Unknown, &[]),
        slot(
            "delegation",
            SingleOrigin,
            &["deputy infrastructure minister", "foreign ministry envoy"],
        ),
        slot("agenda", agenda_status, agenda),
        slot("documents", Unknown, &[]),
        slot("outcome", Unknown, &[]),
    ]
}

fn failures(lines: &[CheckLine]) -> Vec<String> {
    lines
        .iter()
        .filter(|line| !line.passed)
        .map(|line| {
            format!(
                "{}#{} {}: {}",
                line.after_step, line.story, line.what, line.detail
            )
        })
        .collect()
}

fn whats(lines: &[CheckLine]) -> Vec<&str> {
    lines.iter().map(|line| line.what.as_str()).collect()
}

#[test]
fn parses_both_scenarios() {
    let talks = expected("istanbul-shipping-talks");
    assert_eq!(talks.steps.len(), 2);
    assert_eq!(talks.steps[1].after_step, 2);
    let step2 = &talks.steps[1].stories[0];
    assert_eq!(step2.posts.len(), 4);
    assert_eq!(step2.verified_origins, ["AFP"]);
    assert!(step2.slots.contains(&(
        "agenda".to_string(),
        vec![
            "safe-passage corridors".to_string(),
            "inspection procedures".to_string()
        ]
    )));
    assert_eq!(step2.revisions_mention, ["AFP"]);
    let port = expected("port-strike-disputed");
    let strike = &port.steps[0].stories[0];
    assert_eq!(strike.kind.as_deref(), Some("strike"));
    assert!(
        strike
            .status
            .contains(&("killed".to_string(), SlotStatus::Disputed))
    );
    assert!(strike.disputed.contains(&(
        "killed".to_string(),
        vec!["12".to_string(), "7".to_string()]
    )));
    assert_eq!(port.steps[0].stories[1].kind, None);
}

#[test]
fn istanbul_matching_stories_pass_every_line() {
    let expectations = expected("istanbul-shipping-talks");
    let step1_posts = ["osintbrief/14381", "wartracker/99203", "frontdigest/48215"];
    let noise = story(
        "s-noise",
        "other",
        &["osintbrief/14384"],
        vec![origin("airport operator", &[], false)],
        Vec::new(),
    );
    let step1 = story(
        "s-talks",
        "talks",
        &step1_posts,
        // The desk writes a longer name; the alias list still meets "AFP".
        vec![origin("Agence France-Presse", &["AFP"], false)],
        talks_slots(&[]),
    );
    let lines = check_step(&expectations, 1, &[noise.clone(), step1], &post_time);
    assert_eq!(failures(&lines), Vec::<String>::new());
    // verified_origins = [] asks nothing; brief fields give no line yet.
    assert_eq!(
        whats(&lines),
        [
            "story",
            "kind",
            "posts",
            "origins",
            "first_seen.frontdigest/48215",
            "first_seen.osintbrief/14381",
            "first_seen.wartracker/99203",
            "slots.format",
            "slots.location",
            "slots.mediators",
            "slots.parties",
            "status.format",
            "status.location",
            "status.mediators",
            "status.parties",
            "unknown.agenda",
            "unknown.documents",
        ]
    );

    // Step 2: AFP's article joins (its URL percent-encoded at the desk), AFP is verified.
    let step2 = story(
        "s-talks",
        "talks",
        &[
            "osintbrief/14381",
            "wartracker/99203",
            "frontdigest/48215",
            "https://afp-wire.example/world/2026/07/01/russia%2Dukraine-indirect-talks-black-sea-shipping-istanbul",
        ],
        vec![origin("AFP", &[], true)],
        talks_slots(&["safe passage corridors", "Inspection procedures"]),
    );
    let lookup =
        |post: &str| post_time(&percent_encoding::percent_decode_str(post).decode_utf8_lossy());
    let lines = check_step(&expectations, 2, &[noise, step2], &lookup);
    assert_eq!(failures(&lines), Vec::<String>::new());
    assert!(whats(&lines).contains(&"verified_origins"));
    assert!(whats(&lines).contains(&"slots.agenda"));
    // No expectation for a step the file does not name.
    assert!(check_step(&expectations, 3, &[], &post_time).is_empty());
}

fn port_story(posts: &[&str], killed_status: SlotStatus) -> Story {
    use SlotStatus::{Confirmed, Disputed, SingleOrigin, Unknown};
    story(
        "s-strike",
        "strike",
        posts,
        vec![
            origin(
                "Regional Administration",
                &["Odesa Regional Military Administration"],
                true,
            ),
            origin("local media", &[], false),
        ],
        vec![
            slot("location", Confirmed, &["Izmail"]),
            slot("date", SingleOrigin, &["2026-07-02"]),
            slot("attacker", SingleOrigin, &["Russia"]),
            slot(
                "target",
                Disputed,
                &[
                    "grain terminal",
                    "military target",
                    "fuel depot",
                    "!grain terminal",
                ],
            ),
            slot("weapon", SingleOrigin, &["Shahed"]),
            slot("killed", killed_status, &["12", "7"]),
            slot("injured", SingleOrigin, &["30"]),
            slot("claimed_by", Unknown, &[]),
        ],
    )
}

#[test]
fn port_strike_matching_stories_pass_every_line() {
    let expectations = expected("port-strike-disputed");
    let posts = [
        "regionadmin_official/5638",
        "southwatch/7750",
        "frontdigest/48234",
        "milbloggerz/23419",
    ];
    let heat = story(
        "s-heat",
        "other",
        &["southwatch/7744", "frontdigest/48228"],
        vec![origin("ANM", &[], false)],
        Vec::new(),
    );
    let lines = check_step(
        &expectations,
        1,
        &[heat, port_story(&posts, SlotStatus::Disputed)],
        &post_time,
    );
    assert_eq!(failures(&lines), Vec::<String>::new());
    assert!(
        lines
            .iter()
            .any(|line| line.story == 1 && line.what == "origins")
    );
    assert!(whats(&lines).contains(&"disputed.target"));
}

#[test]
fn a_missing_post_and_a_wrong_status_fail_exactly_those_lines() {
    let expectations = expected("port-strike-disputed");
    let posts = [
        "regionadmin_official/5638",
        "southwatch/7750",
        "milbloggerz/23419",
    ];
    let heat = story(
        "s-heat",
        "other",
        &["southwatch/7744", "frontdigest/48228"],
        vec![origin("ANM", &[], false)],
        Vec::new(),
    );
    let lines = check_step(
        &expectations,
        1,
        &[heat, port_story(&posts, SlotStatus::Confirmed)],
        &post_time,
    );
    let failed: Vec<&str> = lines
        .iter()
        .filter(|line| !line.passed)
        .map(|line| line.what.as_str())
        .collect();
    // The missing post fails "posts"; its first_seen still comes from the store. The wrong
    // status fails "status.killed" and, since a confirmed slot has no competing values,
    // "disputed.killed".
    assert_eq!(failed, ["posts", "status.killed", "disputed.killed"]);
    let posts_line = lines
        .iter()
        .find(|line| line.what == "posts")
        .expect("posts line");
    assert!(
        posts_line.detail.contains("missing frontdigest/48234"),
        "{}",
        posts_line.detail
    );
}

#[test]
fn wrong_origins_slots_and_unknowns_are_reported() {
    use SlotStatus::SingleOrigin;
    let expectations = expected("istanbul-shipping-talks");
    let mut slots = talks_slots(&[]);
    slots[0] = slot("location", SingleOrigin, &["Istanbul", "Black Sea"]);
    slots[7] = slot("agenda", SingleOrigin, &["Black Sea shipping"]);
    let desk = story(
        "s-talks",
        "statement",
        &[
            "osintbrief/14381",
            "wartracker/99203",
            "frontdigest/48215",
            "osintbrief/14384",
        ],
        vec![
            origin("AFP", &[], false),
            origin("a diplomatic source", &[], false),
        ],
        slots,
    );
    let late = |post: &str| post_time(post).map(|at| at + chrono::Duration::minutes(1));
    let lines = check_step(&expectations, 1, &[desk], &late);
    let failed: Vec<&str> = lines
        .iter()
        .filter(|line| !line.passed)
        .map(|line| line.what.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "kind",
            "posts",
            "origins",
            "first_seen.frontdigest/48215",
            "first_seen.osintbrief/14381",
            "first_seen.wartracker/99203",
            "slots.location",
            "unknown.agenda",
        ]
    );
    let origins_line = lines
        .iter()
        .find(|line| line.what == "origins")
        .expect("origins line");
    assert_eq!(origins_line.detail, "unexpected a diplomatic source");

    // No desk story shares a post: one failed line.
    let other = story("s-x", "talks", &["osintbrief/1"], Vec::new(), Vec::new());
    let lines = check_step(&expectations, 1, &[other], &post_time);
    assert_eq!(
        failures(&lines),
        ["1#0 story: no desk story holds any of the expected posts"]
    );
}

#[test]
fn matching_picks_the_story_sharing_most_posts_then_the_earliest() {
    let expectations = expected("istanbul-shipping-talks");
    let mut small = story(
        "s-small",
        "talks",
        &["osintbrief/14381"],
        Vec::new(),
        Vec::new(),
    );
    small.first_seen = Utc
        .with_ymd_and_hms(2026, 7, 1, 8, 0, 0)
        .single()
        .expect("valid time");
    let big = story(
        "s-big",
        "talks",
        &["wartracker/99203", "frontdigest/48215"],
        Vec::new(),
        Vec::new(),
    );
    let lines = check_step(&expectations, 1, &[small.clone(), big.clone()], &post_time);
    assert!(
        lines[0].detail.starts_with("desk story s-big"),
        "{}",
        lines[0].detail
    );
    let mut early = big.clone();
    early.id = "s-early".to_string();
    early.first_seen = Utc
        .with_ymd_and_hms(2026, 7, 1, 7, 0, 0)
        .single()
        .expect("valid time");
    let lines = check_step(&expectations, 1, &[big, early], &post_time);
    assert!(
        lines[0].detail.starts_with("desk story s-early"),
        "{}",
        lines[0].detail
    );
}

#[test]
fn bad_files_are_errors_not_panics() {
    assert!(matches!(
        parse_expected("[[expect]]\nafter_step = \"x\""),
        Err(CheckError::Toml(_))
    ));
    let bad_status =
        "[[expect]]\nafter_step = 1\n[[expect.story]]\nstatus = { location = \"sure\" }\n";
    assert!(matches!(
        parse_expected(bad_status),
        Err(CheckError::Status { .. })
    ));
    let bad_time =
        "[[expect]]\nafter_step = 1\n[[expect.story]]\nfirst_seen = { \"a/1\" = \"yesterday\" }\n";
    assert!(matches!(
        parse_expected(bad_time),
        Err(CheckError::Time { .. })
    ));
    let bad_value =
        "[[expect]]\nafter_step = 1\n[[expect.story]]\nslots = { location = { a = 1 } }\n";
    assert!(matches!(
        parse_expected(bad_value),
        Err(CheckError::Value { .. })
    ));
    // Native TOML datetimes and numbers are accepted.
    let native = "[[expect]]\nafter_step = 1\n[[expect.story]]\nfirst_seen = { \"a/1\" = 2026-07-01T08:38:00Z }\nslots = { injured = 30 }\n";
    let parsed = parse_expected(native).expect("native values parse");
    assert_eq!(
        parsed.steps[0].stories[0].first_seen[0].1,
        time("2026-07-01T08:38:00Z")
    );
    assert_eq!(parsed.steps[0].stories[0].slots[0].1, ["30"]);
    assert_eq!(parse_expected("").expect("empty file").steps.len(), 0);
}
