//! The chain over small sets of posts: forwards join their original's story, ids stay stable as
//! stories grow, and merges and splits of earlier stories are reported.

use chrono::{DateTime, Duration, TimeZone, Utc};
use wiredesk_model::{ForwardedFrom, Post, Story, StoryEventKind};

use super::{PostInput, build_stories};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn post(reference: &str, minutes: i64, text: &str) -> Post {
    let (channel, id) = reference.split_once('/').unwrap();
    let mut post = Post::new(channel, id, at(minutes));
    post.text = text.to_string();
    post.language = Some("en".to_string());
    post
}

fn forward(reference: &str, minutes: i64, of: &Post) -> Post {
    let mut post = post(reference, minutes, &of.text);
    post.forwarded_from = Some(ForwardedFrom {
        channel: Some(of.source.clone()),
        id: Some(of.id.clone()),
        name: None,
        author: None,
    });
    post
}

fn inputs(posts: &[Post]) -> Vec<PostInput<'_>> {
    posts
        .iter()
        .map(|post| PostInput {
            post,
            source_name: &post.source,
        })
        .collect()
}

fn story_with<'a>(stories: &'a [Story], reference: &str) -> &'a Story {
    stories
        .iter()
        .find(|story| story.posts.iter().any(|post| post == reference))
        .unwrap()
}

const TALKS: &str = "Russia and Ukraine hold indirect talks in Istanbul on Black Sea shipping, with Turkey and the United Nations mediating, according to a diplomatic source cited by AFP.";
const STORM: &str = "A storm warning is in force for the Baltic coast of Poland until Friday evening, the weather service said.";

#[test]
fn a_forward_joins_its_originals_story_and_the_id_stays() {
    let first = vec![post("osintbrief/1", 0, TALKS), post("weather/9", 5, STORM)];
    let update = build_stories(&inputs(&first), &[], at(10));
    assert_eq!(update.stories.len(), 2);
    assert_eq!(
        update
            .events
            .iter()
            .filter(|event| event.kind == StoryEventKind::Created)
            .count(),
        2
    );
    let talks_id = story_with(&update.stories, "osintbrief/1").id.clone();

    let mut second = first.clone();
    second.push(forward("frontdigest/7", 20, &first[0]));
    let grown = build_stories(&inputs(&second), &update.stories, at(30));
    let talks = story_with(&grown.stories, "osintbrief/1");
    assert_eq!(talks.id, talks_id, "the story keeps its id as it grows");
    assert_eq!(talks.posts, ["osintbrief/1", "frontdigest/7"]);
    assert!(
        grown
            .events
            .iter()
            .all(|event| event.kind != StoryEventKind::Created)
    );
    assert!(
        grown
            .stories
            .iter()
            .all(|story| story.id != story_with(&update.stories, "weather/9").id),
        "an unchanged story is not rewritten"
    );
    assert_eq!(talks.origins.len(), 1, "{:?}", talks.origins);
}

#[test]
fn two_earlier_stories_in_one_cluster_are_a_merge() {
    let original = post("osintbrief/1", 0, TALKS);
    let copy = forward("frontdigest/7", 20, &original);
    let posts = vec![original, copy];
    // Earlier, the desk had kept them apart.
    let apart = build_stories(&inputs(&posts[..1]), &[], at(10));
    let mut previous = apart.stories.clone();
    let mut other = previous[0].clone();
    other.id = "s-other".to_string();
    other.posts = vec!["frontdigest/7".to_string()];
    other.first_seen = at(20);
    previous.push(other);
    let update = build_stories(&inputs(&posts), &previous, at(30));
    assert_eq!(update.stories.len(), 1);
    assert_eq!(
        update.stories[0].id, apart.stories[0].id,
        "the older story survives"
    );
    assert_eq!(update.removed, ["s-other"]);
    let merge = update
        .events
        .iter()
        .find(|event| event.kind == StoryEventKind::Merged)
        .expect("a merge event");
    assert_eq!(merge.other.as_deref(), Some("s-other"));
}

#[test]
fn every_fixture_post_lands_in_exactly_one_story() {
    use std::collections::HashMap;
    let fixtures = wiredesk_test_support::shared_dir().join("fixtures");
    let fetched_at = at(0);
    let mut posts: Vec<Post> = Vec::new();
    for entry in std::fs::read_dir(fixtures.join("telegram")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "html")
        {
            posts.extend(
                wiredesk_sources::telegram::parse_page(&std::fs::read_to_string(&path).unwrap())
                    .posts,
            );
        }
    }
    for entry in std::fs::read_dir(fixtures.join("feeds")).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(parsed) = wiredesk_sources::feed::parse_feed(
            &std::fs::read(&path).unwrap(),
            None,
            "https://feeds.example/",
            fetched_at,
        ) {
            posts.extend(parsed.posts);
        }
    }
    // Fixtures repeat some posts across files; the desk keys posts by reference.
    let mut seen = std::collections::HashSet::new();
    posts.retain(|post| seen.insert(post.reference()));
    assert!(posts.len() > 150, "{}", posts.len());
    let update = build_stories(&inputs(&posts), &[], at(0));
    let mut count: HashMap<&str, usize> = HashMap::new();
    for story in &update.stories {
        assert!(!story.kind.is_empty());
        for post in &story.posts {
            *count.entry(post.as_str()).or_default() += 1;
        }
    }
    for post in &posts {
        assert_eq!(
            count.get(post.reference().as_str()),
            Some(&1),
            "{}",
            post.reference()
        );
    }
}

/// Found by the `stories` fuzz target: a number followed by a multi-byte sign ("40°C") once
/// sliced inside the sign and panicked.
#[test]
fn r4_a_number_before_a_multibyte_sign_does_not_panic() {
    let texts = [
        "🌡 Heat dome: 40°C and above expected. Overnight, Russian forces attacked Izmail; 12 people were killed.",
        "Izmail: 7 killed, 40°C at noon, 3‰ humidity, 5€ per litre, 12° in the shade.",
    ];
    let posts: Vec<Post> = texts
        .iter()
        .enumerate()
        .map(|(idx, text)| post(&format!("chan{idx}/1"), idx as i64, text))
        .collect();
    let update = build_stories(&inputs(&posts), &[], at(30));
    assert!(!update.stories.is_empty());
}

/// Issue 8: an earthquake and talks in the same city share the city and the country, not the
/// event: the quake leaves the talks story however the clusterer grouped them.
#[test]
fn r8_a_quake_and_talks_in_one_city_are_two_stories() {
    let posts = vec![
        post(
            "quakewatch/1",
            0,
            "Tbilisi: a magnitude 4.8 earthquake shook the city at dawn, Georgia's emergency service said. No damage reported. #Georgia #Tbilisi",
        ),
        post(
            "caucasusdesk/2",
            60,
            "Georgia hosts talks in Tbilisi: Armenia and Azerbaijan delegations meet for a new round of direct talks, with Georgia mediating. #Georgia #Tbilisi",
        ),
        post(
            "southnews/3",
            70,
            "Armenia and Azerbaijan hold direct talks in Tbilisi, mediated by Georgia, a diplomatic source said. #Tbilisi",
        ),
    ];
    let update = build_stories(&inputs(&posts), &[], at(90));
    let talks = story_with(&update.stories, "southnews/3");
    assert!(
        !talks.posts.iter().any(|post| post == "quakewatch/1"),
        "{:?}",
        talks.posts
    );
    assert_eq!(story_with(&update.stories, "quakewatch/1").kind, "disaster");
}

/// Issue 8: a party's own channel that flatly denies the deal is a denial: it joins the story,
/// disputes the core slot, and its origin denies; it never counts among those reporting it.
#[test]
fn r8_a_denial_disputes_and_never_corroborates() {
    let posts = [
        post(
            "horninsight/1",
            0,
            "Mali: the army and the Azawad Liberation Front have agreed a ceasefire in Kidal from Sunday, according to Sahel Monitor, citing mediators in Algiers.",
        ),
        post(
            "sahelnews/2",
            20,
            "Ceasefire agreed in Kidal between Mali's army and the Azawad Liberation Front, mediators in Algiers said, per Sahel Monitor.",
        ),
        post(
            "azawadfront/3",
            90,
            "The Azawad Liberation Front categorically denies reports of a ceasefire in Kidal. No such agreement exists and we have signed nothing with the army.",
        ),
    ];
    let inputs: Vec<PostInput> = posts
        .iter()
        .map(|post| PostInput {
            post,
            source_name: match post.source.as_str() {
                "azawadfront" => "Azawad Liberation Front",
                "horninsight" => "Horn Insight",
                _ => "Sahel News",
            },
        })
        .collect();
    let update = build_stories(&inputs, &[], at(120));
    let story = story_with(&update.stories, "horninsight/1");
    assert!(
        story.posts.iter().any(|post| post == "azawadfront/3"),
        "{:?}",
        story.posts
    );
    let deniers: Vec<&str> = story
        .origins
        .iter()
        .filter(|origin| origin.denies)
        .map(|origin| origin.name.as_str())
        .collect();
    assert_eq!(deniers, ["Azawad Liberation Front"], "{:?}", story.origins);
    let core = crate::frame::core_slot(&story.kind);
    let slot = story.slots.iter().find(|slot| slot.name == core).unwrap();
    assert_eq!(
        slot.status,
        wiredesk_model::SlotStatus::Disputed,
        "{slot:?}"
    );
    for value in slot.values.iter().filter(|value| !value.denied) {
        assert!(
            !value
                .origins
                .iter()
                .any(|origin| origin == "Azawad Liberation Front"),
            "a denier corroborates: {value:?}"
        );
    }
}

/// One ministry words its strikes alike; a strike near one town and, two days later, a strike
/// near another are two events, not one story.
#[test]
fn r8_strikes_on_different_towns_are_different_stories() {
    let posts = vec![
        post(
            "mod_example/10",
            0,
            "On the night of 1 July, the armed forces delivered a strike with precision weapons on an ammunition depot near Uman, Cherkasy region. The target has been hit.",
        ),
        post(
            "mod_example/14",
            2 * 24 * 60,
            "On 3 July, the armed forces delivered a strike with precision weapons on a radar station near Bila Tserkva, Kyiv region. The target has been hit.",
        ),
    ];
    let update = build_stories(&inputs(&posts), &[], at(3 * 24 * 60));
    assert_eq!(
        update.stories.len(),
        2,
        "{:?}",
        update.stories.iter().map(|s| &s.posts).collect::<Vec<_>>()
    );
}

/// A translation carries its original's stance: an English post that denies what a Ukrainian
/// post claims, with the same town and figures, is not its copy.
#[test]
fn r8_a_denial_is_never_a_translation_of_the_claim() {
    let mut claim = post(
        "ua_example/5",
        0,
        "Ворог завдав удару по складу пального біля Умані. Знищено 12 цистерн.",
    );
    claim.language = Some("uk".to_string());
    let denial = post(
        "other_example/7",
        60,
        "The claim that a fuel depot near Uman was hit and 12 tanks destroyed is fake: no strike took place, the company said.",
    );
    let posts = vec![claim, denial];
    let update = build_stories(&inputs(&posts), &[], at(120));
    for story in &update.stories {
        assert!(
            story
                .origins
                .iter()
                .flat_map(|origin| &origin.relays)
                .all(|relay| {
                    relay.post != "other_example/7" || relay.kind != wiredesk_model::RelayKind::Copy
                }),
            "{:?}",
            story.origins
        );
    }
}

/// A defence ministry's own report of a strike on the other side names no attacker: the
/// ministry claims it, and its country is the attacker.
#[test]
fn r8_a_ministrys_own_strike_report_claims_it() {
    let posts = [post(
        "azmod_example/77",
        0,
        "On 2 May, artillery units delivered a strike on a command post of the Armenian Armed Forces near Lachin. The command post was destroyed.",
    )];
    let inputs: Vec<PostInput<'_>> = posts
        .iter()
        .map(|post| PostInput {
            post,
            source_name: "Azerbaijani Ministry of Defence",
        })
        .collect();
    let update = build_stories(&inputs, &[], at(60));
    let story = &update.stories[0];
    assert_eq!(story.kind, "strike");
    let value = |slot: &str| -> Vec<String> {
        story
            .slots
            .iter()
            .filter(|s| s.name == slot)
            .flat_map(|s| s.values.iter().map(|v| v.value.clone()))
            .collect()
    };
    assert_eq!(value("attacker"), ["Azerbaijan"], "{:?}", story.slots);
    assert_eq!(value("claimed_by"), ["Azerbaijani Ministry of Defence"]);
}

/// A denial must negate what the claim says: "no unusual pathogens found" does not deny that a
/// health body asked for data; "no such agreement exists" denies an agreement.
#[test]
fn r8_a_denial_negates_what_is_claimed() {
    let claim = "WHO asks Mongolia for more information about a rise in respiratory illnesses";
    assert!(
        super::disputes::denial_of(
            claim,
            "Mongolia says no unusual pathogens found in respiratory outbreaks.\nHealth authorities have not detected any novel pathogens, the WHO said."
        )
        .is_none()
    );
    assert!(
        super::disputes::denial_of(
            "The government and the rebels agreed a ceasefire in the north",
            "The movement categorically denies that it agreed a ceasefire with the government. No such agreement exists."
        )
        .is_some()
    );
}

/// A feed item's picture credit ("(Image credit: … via Getty Images)", as NPR's feed writes it)
/// is not part of what the desk reads: two unrelated items with photos from one agency share
/// nothing through it.
#[test]
fn picture_credit_lines_are_not_read() {
    let mut item = post(
        "feed/1",
        0,
        "The former first lady fought for mental health care.\n\n(Image credit: MANDEL NGAN/AFP via Getty Images)",
    );
    item.title = Some("Rosalynn Carter's legacy".into());
    let text = super::post_text(&item);
    assert_eq!(
        text,
        "Rosalynn Carter's legacy.\nThe former first lady fought for mental health care."
    );
    let plain = post(
        "feed/2",
        0,
        "Photo opportunities abound.\nCredit where it is due: the mayor.",
    );
    assert_eq!(super::post_text(&plain), plain.text);
    let credited = post(
        "feed/4",
        0,
        "Floods hit the valley.\nCredit: Reuters/Jane Doe",
    );
    assert_eq!(super::post_text(&credited), "Floods hit the valley.");
    let untouched = post("feed/3", 0, "Police said (photo: AFP) two were hurt.");
    assert_eq!(super::post_text(&untouched), untouched.text);
}

/// Issue 10, fault 1: when a story splits and the smaller part would take the id the larger part
/// kept (the id comes from the story's first post, which went to the smaller part), the smaller
/// part gets a fresh id instead of being dropped. Every post of the previous story ends up in
/// exactly one story, and the split is recorded.
#[test]
fn a_split_never_drops_the_smaller_part() {
    let talks = post("osintbrief/1", 0, TALKS);
    let storms = [
        post("weather/9", 5, STORM),
        post(
            "weather/10",
            6,
            STORM.replace("Friday", "Friday night").as_str(),
        ),
        post(
            "weather/11",
            7,
            STORM.replace("evening", "at 18:00").as_str(),
        ),
    ];
    // Earlier the desk had one story for all four, under the talks post's id.
    let alone = build_stories(&inputs(std::slice::from_ref(&talks)), &[], at(1));
    let mut wrong = alone.stories[0].clone();
    wrong.posts.extend(storms.iter().map(Post::reference));
    let all: Vec<Post> = std::iter::once(talks.clone())
        .chain(storms.clone())
        .collect();
    let update = build_stories(&inputs(&all), std::slice::from_ref(&wrong), at(30));
    for reference in &wrong.posts {
        let holders = update
            .stories
            .iter()
            .filter(|story| story.posts.contains(reference))
            .count();
        assert_eq!(
            holders, 1,
            "{reference} in {holders} stories: {:?}",
            update.stories
        );
    }
    let storm_story = story_with(&update.stories, "weather/9");
    let talks_story = story_with(&update.stories, "osintbrief/1");
    assert_eq!(storm_story.id, wrong.id, "the larger part keeps the id");
    assert_ne!(talks_story.id, wrong.id);
    assert!(update.events.iter().any(|event| {
        event.kind == StoryEventKind::Split
            && event.story == wrong.id
            && event.other.as_deref() == Some(talks_story.id.as_str())
    }));
}

/// Issue 10, fault 3: an id that belonged to a story merged away (its brief still stored) is not
/// given to a new story, even one that starts with the same post.
#[test]
fn a_retired_id_is_never_given_again() {
    let talks = post("osintbrief/1", 0, TALKS);
    let first = build_stories(&inputs(std::slice::from_ref(&talks)), &[], at(1));
    let retired: std::collections::HashSet<String> =
        std::iter::once(first.stories[0].id.clone()).collect();
    let again =
        super::build_stories_avoiding(&inputs(std::slice::from_ref(&talks)), &[], &retired, at(2));
    assert_eq!(again.stories.len(), 1);
    assert_ne!(again.stories[0].id, first.stories[0].id);
    assert!(!again.stories[0].id.is_empty());
}

/// Issue 10: a story whose posts, texts, times and provenance are exactly those it was built
/// from is reused, not rebuilt; an edit to one of its posts rebuilds it.
#[test]
fn an_unchanged_story_is_reused_and_an_edit_rebuilds_it() {
    let posts = vec![
        post("osintbrief/1", 0, TALKS),
        forward("frontdigest/7", 20, &post("osintbrief/1", 0, TALKS)),
        post("weather/9", 5, STORM),
    ];
    let first = build_stories(&inputs(&posts), &[], at(30));
    assert!(first.stories.iter().all(|story| !story.digest.is_empty()));
    let again = build_stories(&inputs(&posts), &first.stories, at(60));
    assert!(
        again.stories.is_empty() && again.refreshed.is_empty(),
        "{again:?}"
    );
    assert!(again.events.is_empty());

    let mut edited = posts.clone();
    edited[2].text = STORM.replace("Friday evening", "Saturday morning");
    let after_edit = build_stories(&inputs(&edited), &first.stories, at(90));
    let storm = story_with(&after_edit.stories, "weather/9");
    assert_ne!(storm.digest, story_with(&first.stories, "weather/9").digest);
    assert!(
        after_edit
            .stories
            .iter()
            .all(|story| !story.posts.contains(&"osintbrief/1".to_string())),
        "the talks story did not change"
    );
}

/// Issue 10: through the analysis cache a pass gives exactly what it gives without, the cache
/// keeps one entry per post of the pass, and an edited post is analysed again.
#[test]
fn the_analysis_cache_changes_nothing_but_the_work() {
    let cache = super::AnalysisCache::new();
    let posts = vec![
        post("osintbrief/1", 0, TALKS),
        forward("frontdigest/7", 20, &post("osintbrief/1", 0, TALKS)),
        post("weather/9", 5, STORM),
    ];
    let none = std::collections::HashSet::new();
    let plain = build_stories(&inputs(&posts), &[], at(30));
    let cached =
        super::build_stories_cached::<Story>(&inputs(&posts), &[], &none, Some(&cache), at(30));
    assert_eq!(plain.stories, cached.stories);
    assert_eq!(cache.len(), 3);
    let again =
        super::build_stories_cached::<Story>(&inputs(&posts), &[], &none, Some(&cache), at(30));
    assert_eq!(again.stories, plain.stories);

    let mut edited = posts.clone();
    edited[2].text = STORM.replace("Friday evening", "Saturday morning");
    let after_edit =
        super::build_stories_cached::<Story>(&inputs(&edited), &[], &none, Some(&cache), at(30));
    assert_eq!(
        after_edit.stories,
        build_stories(&inputs(&edited), &[], at(30)).stories
    );
    assert_eq!(cache.len(), 3, "the edited post's old analysis is dropped");
}

/// Issue 10: when posts leave the pass (their story left the window), the kept clustering state
/// drops them instead of clustering the window again, and the stories are those of a pass from
/// scratch over the remaining posts.
#[test]
fn posts_that_leave_the_window_leave_the_clustering_state() {
    let cache = super::AnalysisCache::new();
    let none = std::collections::HashSet::new();
    let day = 24 * 60;
    let storm = post("weather/9", 0, STORM);
    let talks = post("osintbrief/1", 4 * day, TALKS);
    let relay = forward("frontdigest/7", 4 * day + 20, &talks);
    let first = vec![storm.clone(), talks.clone()];
    super::build_stories_cached::<Story>(&inputs(&first), &[], &none, Some(&cache), at(4 * day));
    assert_eq!(cache.clustered(), Some((2, 2)));

    let second = vec![talks.clone(), relay.clone()];
    let resumed = super::build_stories_cached::<Story>(
        &inputs(&second),
        &[],
        &none,
        Some(&cache),
        at(4 * day + 30),
    );
    assert_eq!(
        cache.clustered(),
        Some((2, 3)),
        "the storm post left and the relay came in; nothing was clustered twice"
    );
    let scratch = build_stories(&inputs(&second), &[], at(4 * day + 30));
    let posts_of = |update: &super::StoryUpdate| -> Vec<Vec<String>> {
        let mut stories: Vec<Vec<String>> = update
            .stories
            .iter()
            .map(|story| story.posts.clone())
            .collect();
        stories.sort();
        stories
    };
    assert_eq!(posts_of(&resumed), posts_of(&scratch));
    assert_eq!(resumed.stories, scratch.stories);
}

/// A post that cites "a statement on the website" and links to a page on the host of a watched
/// feed speaks for that feed's source (the feed hosts are looked up once per pass); linking
/// elsewhere, it speaks for its own channel.
#[test]
fn a_document_on_a_watched_feeds_site_speaks_for_that_feed() {
    let origin_of_relay = |link: &str| -> Vec<String> {
        let mut own = post(
            "x/1",
            0,
            "Lidice will reopen the Marren border crossing to trucks on Monday.",
        );
        own.source = "https://mfa.lidice.example/feed.xml".to_string();
        own.url = Some("https://mfa.lidice.example/statements/41".to_string());
        let mut relay = post(
            "borderwatch/7",
            20,
            "Trucks may use the Marren border crossing again from Monday, according to a statement on the website.",
        );
        relay.links = vec![wiredesk_model::Link {
            url: link.to_string(),
            text: "statement".to_string(),
        }];
        let posts = [own, relay];
        let inputs = vec![
            PostInput {
                post: &posts[0],
                source_name: "Lidice Foreign Ministry",
            },
            PostInput {
                post: &posts[1],
                source_name: "borderwatch",
            },
        ];
        let update = build_stories(&inputs, &[], at(30));
        let story = story_with(&update.stories, "borderwatch/7");
        story
            .origins
            .iter()
            .filter(|origin| {
                origin
                    .relays
                    .iter()
                    .any(|relay| relay.post == "borderwatch/7")
                    || origin.name == "borderwatch"
            })
            .map(|origin| origin.name.clone())
            .collect()
    };
    assert_eq!(
        origin_of_relay("https://mfa.lidice.example/statements/41"),
        ["Lidice Foreign Ministry"]
    );
    assert_eq!(
        origin_of_relay("https://elsewhere.example/statements/41"),
        ["borderwatch"]
    );
}
