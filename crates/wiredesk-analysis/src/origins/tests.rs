//! Origins on the shapes the desk meets: relays citing a wire, a forward, a primary that
//! publishes late, a relay that names the official behind a channel, a copy, and an issuer.

use chrono::{DateTime, TimeZone, Utc};
use wiredesk_model::{Attribution, RelayKind, Speaker, SpeakerKind};

use super::{PostFacts, Resolved, same_name, trace};

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, hour, minute, 0).unwrap()
}

fn cites(speaker: &str, kind: SpeakerKind, outlet: Option<&str>) -> Vec<Attribution> {
    vec![Attribution {
        sentence_idx: 0,
        sentence: String::new(),
        speaker: Some(Speaker {
            text: speaker.to_string(),
            kind,
        }),
        cue: Some("according to".to_string()),
        outlet: outlet.map(str::to_string),
        content: String::new(),
    }]
}

fn facts<'a>(
    post: &'a str,
    source_name: &'a str,
    published_at: DateTime<Utc>,
    attributions: &'a [Attribution],
) -> PostFacts<'a> {
    PostFacts {
        post,
        source: post.split('/').next().unwrap(),
        source_name,
        published_at,
        text: "",
        forwarded_from: None,
        forwarded_name: None,
        copy_of: None,
        language: None,
        attributions,
        linked_outlets: Vec::new(),
        feed_origin: None,
        denial: None,
    }
}

fn resolve(name: &str) -> Option<Resolved> {
    let afp = ["AFP", "Agence France-Presse"];
    afp.iter()
        .any(|alias| alias.eq_ignore_ascii_case(name))
        .then(|| Resolved {
            canonical: "Agence France-Presse".to_string(),
            aliases: vec!["AFP".to_string()],
            outlet: true,
        })
}

#[test]
fn relays_and_a_forward_of_one_wire_are_one_origin_verified_when_it_publishes() {
    let relay = cites("a diplomatic source", SpeakerKind::Anonymous, Some("AFP"));
    let per_afp = cites("a diplomatic source", SpeakerKind::Anonymous, Some("AFP"));
    let mut forward = facts("frontdigest/48215", "Front Digest", at(9, 20), &[]);
    forward.forwarded_from = Some("osintbrief/14381".to_string());
    let own = facts("https://afp-wire.example/talks", "AFP", at(11, 40), &[]);
    let posts = [
        facts("osintbrief/14381", "OSINT Brief", at(8, 38), &relay),
        facts("wartracker/99203", "War Tracker", at(9, 5), &per_afp),
        forward,
        own,
    ];
    let traced = trace(&posts[..3], &resolve);
    assert_eq!(traced.origins.len(), 1, "{:?}", traced.origins);
    let origin = &traced.origins[0];
    assert_eq!(origin.name, "AFP");
    assert!(origin.aliases.contains(&"Agence France-Presse".to_string()));
    assert!(!origin.verified);
    assert_eq!(origin.first_seen, at(8, 38));
    assert_eq!(
        origin
            .relays
            .iter()
            .map(|relay| relay.kind)
            .collect::<Vec<_>>(),
        [RelayKind::Citation, RelayKind::Citation, RelayKind::Forward]
    );

    let traced = trace(&posts, &resolve);
    assert_eq!(traced.origins.len(), 1);
    let origin = &traced.origins[0];
    assert!(origin.verified);
    assert_eq!(origin.verified_at, Some(at(11, 40)));
    let early = origin
        .relays
        .iter()
        .find(|relay| relay.post == "osintbrief/14381")
        .unwrap();
    assert!(early.before_origin, "relayed before AFP published");
    assert_eq!(early.lag_secs, (at(8, 38) - at(11, 40)).num_seconds());
    assert_eq!(traced.post_origins["wartracker/99203"], ["AFP"]);
}

#[test]
fn a_relay_naming_the_official_meets_the_officials_own_channel() {
    let governor = cites(
        "the regional governor, who heads the regional administration",
        SpeakerKind::Role,
        None,
    );
    let local = cites("local media", SpeakerKind::Organization, None);
    let mut forward = facts("frontdigest/48234", "Front Digest", at(5, 15), &[]);
    forward.forwarded_from = Some("regionadmin_official/5638".to_string());
    let posts = [
        facts(
            "regionadmin_official/5638",
            "Regional Administration",
            at(5, 2),
            &[],
        ),
        facts("southwatch/7750", "South Watch", at(5, 10), &governor),
        forward,
        facts("milbloggerz/23419", "MilBlogger Z", at(5, 40), &local),
    ];
    let traced = trace(&posts, &resolve);
    let names: Vec<&str> = traced
        .origins
        .iter()
        .map(|origin| origin.name.as_str())
        .collect();
    assert_eq!(names, ["Regional Administration", "local media"]);
    assert!(traced.origins[0].verified);
    assert!(!traced.origins[1].verified);
    assert_eq!(traced.origins[0].relays.len(), 3);
}

#[test]
fn a_copy_inherits_and_an_issuer_is_the_origin() {
    let mut first = facts("southwatch/7744", "South Watch", at(16, 5), &[]);
    first.text =
        "🌡 Romania: the national weather agency ANM has issued a red heat warning for Bucharest.";
    let mut copy = facts("frontdigest/48228", "Front Digest", at(16, 41), &[]);
    copy.text =
        "🌡 Romania: national weather agency ANM has issued a red heat warning for Bucharest.";
    copy.copy_of = Some(("southwatch/7744".to_string(), 0.8));
    let traced = trace(&[first, copy], &resolve);
    assert_eq!(traced.origins.len(), 1, "{:?}", traced.origins);
    assert!(
        same_name(&traced.origins[0].name, "ANM"),
        "{}",
        traced.origins[0].name
    );
    assert_eq!(traced.origins[0].relays[1].kind, RelayKind::Copy);
    assert_eq!(
        traced.origins[0].relays[1].similarity,
        Some(0.8),
        "the similarity is kept"
    );
}

#[test]
fn a_post_that_cites_nobody_is_its_sources_claim() {
    let posts = [
        facts("osintbrief/1", "OSINT Brief", at(8, 0), &[]),
        facts("wartracker/2", "War Tracker", at(8, 5), &[]),
    ];
    let traced = trace(&posts, &resolve);
    assert_eq!(traced.origins.len(), 2);
    assert!(traced.origins.iter().all(|origin| origin.verified));
}

#[test]
fn names_meet_as_whole_words() {
    assert!(same_name(
        "the regional governor, who heads the regional administration",
        "Regional Administration"
    ));
    assert!(same_name("national weather agency ANM", "ANM"));
    assert!(!same_name("local media", "Regional Administration"));
    assert!(!same_name("AN", "ANM"));
}

/// An English translation of a body's own post in another language names the body in English:
/// the origin is cited by that name, the body's own name stays an alias.
#[test]
fn r8_an_english_translation_names_the_origin_in_english() {
    let named = cites("the Baltic Fishermen's Union", SpeakerKind::Named, None);
    let mut own = facts(
        "zrb_official/10",
        "Związek Rybaków Bałtyckich",
        at(8, 0),
        &[],
    );
    own.language = Some("pl");
    let mut translation = facts("baltwatch/5", "Baltic Watch", at(8, 30), &named);
    translation.language = Some("en");
    translation.copy_of = Some(("zrb_official/10".to_string(), 0.7));
    let traced = trace(&[own, translation], &resolve);
    assert_eq!(traced.origins.len(), 1, "{:?}", traced.origins);
    let origin = &traced.origins[0];
    assert!(
        origin.name.contains("Baltic Fishermen's Union"),
        "{origin:?}"
    );
    assert!(origin.verified);
    assert!(
        origin
            .aliases
            .contains(&"Związek Rybaków Bałtyckich".to_string()),
        "{origin:?}"
    );
}

/// A headline's "Ethiopian police" is the "Sidama Region Police Commission" its lede names.
#[test]
fn r8_a_description_filled_out_by_a_name_in_the_post_is_that_name() {
    let mut attributions = cites("Ethiopian police", SpeakerKind::Organization, None);
    let mut named = cites(
        "the Sidama Region Police Commission",
        SpeakerKind::Organization,
        None,
    );
    named[0].sentence_idx = 1;
    attributions.extend(named);
    let posts = [facts(
        "https://wire.example/ethiopia",
        "Wire",
        at(9, 0),
        &attributions,
    )];
    let traced = trace(&posts, &resolve);
    let names: Vec<&str> = traced.origins.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].contains("Sidama Region Police Commission"),
        "{names:?}"
    );
    assert!(super::describes(
        "the regional police",
        "Oromia Police Commission"
    ));
    assert!(!super::describes(
        "Abiy Ahmed",
        "Ethiopian Police Commission"
    ));
}

/// A minister quoted in the ministry's own release is the ministry speaking.
#[test]
fn r8_a_minister_in_the_ministrys_release_is_the_ministry() {
    assert!(super::officer_of(
        "the Minister of Foreign Affairs",
        "Finnish Ministry of Foreign Affairs"
    ));
    assert!(!super::officer_of(
        "the Minister of Defence",
        "Finnish Ministry of Foreign Affairs"
    ));
    let minister = cites("the Minister of Foreign Affairs", SpeakerKind::Role, None);
    let posts = [facts(
        "https://um.example/release/1",
        "Finnish Ministry of Foreign Affairs",
        at(9, 0),
        &minister,
    )];
    let traced = trace(&posts, &resolve);
    assert_eq!(traced.origins.len(), 1);
    assert_eq!(
        traced.origins[0].name,
        "Finnish Ministry of Foreign Affairs"
    );
    assert!(traced.origins[0].verified);
}
