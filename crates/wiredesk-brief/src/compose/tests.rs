//! Tests for the composer: briefs for hand-built stories shaped like the shared scenarios.

use chrono::{DateTime, Utc};
use wiredesk_model::{Brief, Story, WikiSummary};

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

fn talks(with_wire: bool) -> Owned {
    Owned {
        story: talks_story(with_wire),
        posts: talks_posts(with_wire),
        sources: talks_sources(),
        background: background(),
        now: at(if with_wire {
            "2026-07-01T12:00:00Z"
        } else {
            "2026-07-01T09:30:00Z"
        }),
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

/// Headline, standfirst and every section, as a reader sees them.
fn rendered(brief: &Brief) -> String {
    let mut out = format!("# {}\n{}\n", brief.headline.text, brief.standfirst.text);
    for section in &brief.sections {
        out.push_str(&format!("## {}\n", section.heading));
        for sentence in &section.sentences {
            out.push_str(&sentence.text);
            out.push('\n');
        }
    }
    out
}

fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Every published sentence has citations, all in the provenance list, and passes the checker;
/// nothing refused is published.
#[track_caller]
fn assert_published_sentences_check(owned: &Owned, brief: &Brief) {
    let index = EvidenceIndex::new(&owned.input());
    let provenance: Vec<&str> = brief
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    let published: Vec<&wiredesk_model::Sentence> = std::iter::once(&brief.headline)
        .chain(std::iter::once(&brief.standfirst))
        .chain(brief.sections.iter().flat_map(|section| &section.sentences))
        .collect();
    for sentence in &published {
        assert!(!sentence.citations.is_empty(), "uncited: {}", sentence.text);
        for url in &sentence.citations {
            assert!(
                provenance.contains(&url.as_str()),
                "{url} not in provenance"
            );
        }
        if let Err(reason) = check_sentence(sentence, &|url| index.get(url)) {
            panic!(
                "published sentence fails the checker: {}: {reason}",
                sentence.text
            );
        }
    }
    for refused in &brief.rejected {
        assert!(
            published
                .iter()
                .all(|sentence| sentence.text != refused.text)
        );
    }
}

#[test]
fn relayed_talks_lead_with_the_chain_and_first_time() {
    let owned = talks(false);
    let brief = compose(&owned.input());
    let text = rendered(&brief);
    for phrase in ["Istanbul", "AFP", "08:38 UTC"] {
        assert!(text.contains(phrase), "{phrase} missing from\n{text}");
    }
    let lede = &brief.sections[0];
    assert_eq!(lede.heading, crate::HEADING_LEDE);
    let first = &lede.sentences[0].text;
    assert!(
        first.contains("according to a diplomatic source cited by AFP"),
        "{first}"
    );
    assert!(
        first.contains("@osintbrief at 08:38 UTC on Wednesday 1 July 2026"),
        "{first}"
    );
    assert!(
        first.contains("forwarded by @frontdigest at 09:20 UTC"),
        "{first}"
    );
    assert!(
        brief.headline.text.contains("reports citing AFP"),
        "{}",
        brief.headline.text
    );
    assert!(
        lower(&brief.desk_note).contains("pending"),
        "{}",
        brief.desk_note
    );
    assert!(brief.desk_note.contains("AFP"), "{}", brief.desk_note);
    assert!(
        brief.unknowns.iter().any(|u| u.contains("document")),
        "{:?}",
        brief.unknowns
    );
    assert!(
        brief.unknowns.iter().any(|u| u.contains("agenda")),
        "{:?}",
        brief.unknowns
    );
    assert!(
        text.contains("AFP has not yet published the report itself."),
        "{text}"
    );
    assert_published_sentences_check(&owned, &brief);
}

#[test]
fn provenance_lists_posts_pages_and_one_wikipedia_page() {
    let owned = talks(false);
    let brief = compose(&owned.input());
    let urls: Vec<&str> = brief
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    for url in [
        "https://t.me/s/osintbrief",
        "https://t.me/s/wartracker",
        "https://t.me/s/frontdigest",
        "https://t.me/osintbrief/14381",
        "https://t.me/wartracker/99203",
        "https://t.me/frontdigest/48215",
        "https://en.wikipedia.org/wiki/Russia%E2%80%93Ukraine_relations",
    ] {
        assert!(urls.contains(&url), "{url} missing from {urls:?}");
    }
    assert!(!urls.contains(&"https://en.wikipedia.org/wiki/Basketball"));
    // AFP's feed carried nothing of the story yet: not a source of this brief.
    assert!(!urls.contains(&WIRE_FEED));
    let post = brief
        .provenance
        .iter()
        .find(|item| item.url.ends_with("/14381"));
    assert_eq!(post.map(|item| item.kind.as_str()), Some("telegram-post"));
    assert_eq!(
        post.map(|item| item.first_seen),
        Some(at("2026-07-01T08:38:00Z"))
    );
    assert_eq!(
        post.and_then(|item| item.sha256.as_deref()),
        Some("sha-osintbrief-14381")
    );
    let page = brief
        .provenance
        .iter()
        .find(|item| item.url == "https://t.me/s/osintbrief");
    assert_eq!(page.map(|item| item.kind.as_str()), Some("telegram-page"));
    assert_eq!(
        brief
            .provenance
            .iter()
            .filter(|item| item.kind == "wikipedia")
            .count(),
        2,
        "relations page and location page"
    );
}

#[test]
fn verified_wire_upgrades_the_attribution() {
    let owned = talks(true);
    let brief = compose(&owned.input());
    let text = rendered(&brief);
    let first = &brief.sections[0].sentences[0];
    assert!(
        first.text.starts_with(
            "AFP reported at 11:40 UTC on Wednesday 1 July 2026 that Russia and Ukraine"
        ),
        "{}",
        first.text
    );
    assert_eq!(first.citations[0], WIRE_ITEM);
    assert!(text.contains("safe-passage"), "{text}");
    assert!(!brief.unknowns.iter().any(|u| u.contains("agenda")));
    assert!(
        brief
            .desk_note
            .contains("AFP published its own report at 11:40 UTC"),
        "{}",
        brief.desk_note
    );
    let urls: Vec<&str> = brief
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    assert!(
        urls.contains(&WIRE_ITEM) && urls.contains(&WIRE_FEED),
        "{urls:?}"
    );
    assert_published_sentences_check(&owned, &brief);
}

#[test]
fn disputed_tolls_side_by_side() {
    let owned = strike();
    let brief = compose(&owned.input());
    let text = rendered(&brief);
    for phrase in ["Izmail", "12", "7", "disputed"] {
        assert!(text.contains(phrase), "{phrase} missing from\n{text}");
    }
    assert!(
        text.contains(
            "The Regional Administration gives the death toll as 12; local media give it as 7."
        ),
        "{text}"
    );
    assert!(text.contains("The death toll is disputed."), "{text}");
    assert!(text.contains("The location, Izmail, is confirmed by both the Regional Administration and local media."), "{text}");
    assert!(
        brief.headline.text.contains("conflicting accounts"),
        "{}",
        brief.headline.text
    );
    assert!(
        brief.desk_note.contains("@milbloggerz is flagged"),
        "{}",
        brief.desk_note
    );
    let urls: Vec<&str> = brief
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    for channel in [
        "regionadmin_official",
        "southwatch",
        "frontdigest",
        "milbloggerz",
    ] {
        assert!(
            urls.contains(&format!("https://t.me/s/{channel}").as_str()),
            "{channel}"
        );
    }
    let killed = brief.ledger.iter().find(|row| row.slot == "killed");
    assert_eq!(
        killed.map(|row| row.values.clone()),
        Some(vec![
            "12 (Regional Administration)".to_string(),
            "7 (local media)".to_string()
        ])
    );
    assert_published_sentences_check(&owned, &brief);
}

#[test]
fn a_value_no_post_gives_is_refused_not_published() {
    let mut owned = strike();
    for slot in &mut owned.story.slots {
        if slot.name == "injured" {
            slot.values[0].value = "45".to_string();
        }
    }
    let brief = compose(&owned.input());
    let text = rendered(&brief);
    assert!(!text.contains("45"), "{text}");
    assert!(
        brief
            .rejected
            .iter()
            .any(|r| r.text.contains("45") && r.reason.contains("number 45")),
        "{:?}",
        brief.rejected
    );
    assert_published_sentences_check(&owned, &brief);
}

#[test]
fn timeline_cites_related_stories_first_posts() {
    let owned = strike();
    let earlier_post = tg_post(
        "southwatch/7701",
        "2026-06-28T21:14:00Z",
        "Izmail: air defence was active over the port overnight, the regional administration says.",
    );
    let mut earlier = strike_story();
    earlier.id = "s-earlier".to_string();
    earlier.posts = vec![earlier_post.reference.clone()];
    earlier.first_seen = earlier_post.published_at;
    let related = [earlier];
    let related_posts = [earlier_post];
    let input = BriefInput {
        related: &related,
        related_posts: &related_posts,
        ..owned.input()
    };
    let brief = compose(&input);
    let background = brief
        .sections
        .iter()
        .find(|s| s.heading == crate::HEADING_BACKGROUND);
    let entry = background.and_then(|section| {
        section
            .sentences
            .iter()
            .find(|s| s.text.starts_with("Earlier"))
    });
    let entry = entry.map(|s| (s.text.as_str(), s.citations.clone()));
    assert_eq!(
        entry,
        Some((
            "Earlier, at 21:14 UTC on Sunday 28 June 2026: Izmail: air defence was active over the port overnight, the regional administration says.",
            vec!["https://t.me/southwatch/7701".to_string()]
        ))
    );
    assert!(
        brief
            .provenance
            .iter()
            .any(|item| item.url == "https://t.me/southwatch/7701")
    );
}

/// Every brief says what to watch, after what remains uncertain and before the desk note: the
/// unpublished own report, the dispute to settle, the facts still missing.
#[test]
fn what_to_watch_follows_the_uncertainties() {
    for (owned, wanted) in [
        (talks(false), "a report published directly by AFP"),
        (strike(), "evidence that settles"),
    ] {
        let brief = compose(&owned.input());
        let headings: Vec<&str> = brief.sections.iter().map(|s| s.heading.as_str()).collect();
        let at = |heading: &str| headings.iter().position(|h| *h == heading);
        let watch = at(crate::HEADING_WATCH).expect("a What to watch section");
        assert!(at(crate::HEADING_UNCERTAIN).is_none_or(|uncertain| uncertain < watch));
        assert!(
            at(crate::HEADING_DESK_NOTE).is_some_and(|note| watch < note),
            "{headings:?}"
        );
        let text: Vec<&str> = brief.sections[watch]
            .sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert!(text.iter().any(|t| t.contains(wanted)), "{text:?}");
        assert_published_sentences_check(&owned, &brief);
    }
}

/// A country's possessive takes no article, and no word follows itself.
#[test]
fn tidy_drops_an_article_before_a_countrys_possessive_and_doubled_words() {
    assert_eq!(
        super::tidy("It cites the Ukraine's air force and the the navy."),
        "It cites Ukraine's air force and the navy."
    );
    assert_eq!(
        super::tidy("The Philippines's coast guard and the Netherlands's navy."),
        "The Philippines's coast guard and the Netherlands's navy."
    );
}

/// The strike fixture emptied of posts, sources, origins and slots: a story to fill.
fn empty_strike() -> Owned {
    let mut owned = strike();
    owned.posts.clear();
    owned.sources.clear();
    owned.story.origins.clear();
    owned.story.posts.clear();
    owned.story.slots.clear();
    owned
}

/// A story carried by twelve harbour feeds, each its own origin: the brief names four of them,
/// counts the rest in words, and every sentence still passes the checker.
#[test]
fn a_story_of_many_origins_names_a_few_and_counts_the_rest() {
    use wiredesk_model::{Origin, Relay, RelayKind, SpeakerKind};
    let mut owned = empty_strike();
    for n in 1..=12 {
        let feed = format!("https://harbour{n}.example/rss.xml");
        let url = format!("https://harbour{n}.example/item/fire");
        let name = format!("Harbour Watch {n}");
        let time = format!("2026-07-01T{:02}:10:00Z", 6 + n);
        owned.posts.push(feed_post(
            &url,
            &feed,
            &time,
            "Ferry fire in the outer harbour",
            "A ferry caught fire in the outer harbour; crews are on the scene.",
        ));
        owned.sources.push(feed_source(&feed, &name));
        owned.story.posts.push(url.clone());
        owned.story.origins.push(Origin {
            name: name.clone(),
            aliases: Vec::new(),
            kind: SpeakerKind::Outlet,
            first_seen: at(&time),
            verified: n % 3 == 0,
            verified_at: (n % 3 == 0).then(|| at(&time)),
            relays: vec![Relay {
                post: url,
                source: feed,
                kind: RelayKind::Primary,
                first_seen: at(&time),
                lag_secs: 0,
                before_origin: false,
                similarity: None,
            }],
            denies: false,
        });
    }
    let brief = compose(&owned.input());
    assert_published_sentences_check(&owned, &brief);
    let note = &brief.desk_note;
    assert!(
        note.contains("rests on twelve independent origins, Harbour Watch 1, Harbour Watch 2, Harbour Watch 3, Harbour Watch 4 and eight others"),
        "{note}"
    );
    assert!(
        note.contains("Pending direct confirmation from Harbour Watch 1, Harbour Watch 2, Harbour Watch 4, Harbour Watch 5 and four others"),
        "{note}"
    );
    assert!(!note.contains("Harbour Watch 7"), "{note}");
    // Three of the eight others (6, 9, 12) published their own report.
    assert!(
        note.contains("of the other eight, three published their own reports"),
        "{note}"
    );
    assert!(
        !brief
            .rejected
            .iter()
            .any(|refused| refused.text.contains("independent origins")),
        "the count is the desk's, in words, and is never refused: {:?}",
        brief.rejected
    );
}

/// A story of twelve origins, each carried by its own report and six relays on other feeds,
/// with a death toll in dispute among all of them: every sentence cites the posts its words
/// rest on (each origin's own report and first relay, the relays it names), never all
/// eighty-four; the lede tells five origins and counts the rest; a relay list names a few and
/// counts the rest; the dispute names a few origins per figure. Every sentence still checks, and
/// the provenance list keeps every post.
#[test]
fn a_story_of_many_relays_cites_what_each_sentence_rests_on() {
    use wiredesk_model::{
        Evidence, Origin, Relay, RelayKind, Slot, SlotStatus, SlotValue, SpeakerKind,
    };
    let mut owned = empty_strike();
    owned.story.kind = "disaster".to_string();
    let mut tolls: Vec<SlotValue> = Vec::new();
    for n in 1..=12 {
        let feed = format!("https://quay{n}.example/rss.xml");
        let name = format!("Quay Radio {n}");
        owned.sources.push(feed_source(&feed, &name));
    }
    for n in 1..=12usize {
        let name = format!("Quay Radio {n}");
        let toll = if n % 2 == 0 { "4" } else { "9" };
        let mut relays = Vec::new();
        for k in 0..7usize {
            let carrier = (n + k - 1) % 12 + 1;
            let feed = format!("https://quay{carrier}.example/rss.xml");
            let url = format!("https://quay{carrier}.example/item/{n}-{k}");
            let time = format!("2026-07-01T{:02}:{:02}:00Z", 6 + n, 5 * k);
            owned.posts.push(feed_post(
                &url,
                &feed,
                &time,
                "Ferry fire at the north quay",
                &format!(
                    "{name} says {toll} people died when a ferry caught fire at the north quay."
                ),
            ));
            owned.story.posts.push(url.clone());
            relays.push(Relay {
                post: url.clone(),
                source: feed,
                kind: if k == 0 {
                    RelayKind::Primary
                } else {
                    RelayKind::Copy
                },
                first_seen: at(&time),
                lag_secs: 300 * k as i64,
                before_origin: false,
                similarity: Some(1.0),
            });
            let evidence = Evidence {
                post: url,
                sentence: format!("{name} says {toll} people died."),
                origin: name.clone(),
            };
            match tolls.iter_mut().find(|value| value.value == toll) {
                Some(value) => {
                    if !value.origins.contains(&name) {
                        value.origins.push(name.clone());
                    }
                    value.evidence.push(evidence);
                }
                None => tolls.push(SlotValue {
                    value: toll.to_string(),
                    origins: vec![name.clone()],
                    evidence: vec![evidence],
                    denied: false,
                }),
            }
        }
        let first = at(&format!("2026-07-01T{:02}:00:00Z", 6 + n));
        owned.story.origins.push(Origin {
            name,
            aliases: Vec::new(),
            kind: SpeakerKind::Outlet,
            first_seen: first,
            verified: true,
            verified_at: Some(first),
            relays,
            denies: false,
        });
    }
    owned.story.slots.push(Slot {
        name: "killed".to_string(),
        status: SlotStatus::Disputed,
        values: tolls,
    });
    let brief = compose(&owned.input());
    assert_published_sentences_check(&owned, &brief);
    assert_eq!(
        brief
            .provenance
            .iter()
            .filter(|item| item.kind == "feed-item")
            .count(),
        84
    );
    let sentences: Vec<&wiredesk_model::Sentence> = std::iter::once(&brief.headline)
        .chain(std::iter::once(&brief.standfirst))
        .chain(brief.sections.iter().flat_map(|section| &section.sentences))
        .collect();
    for sentence in &sentences {
        // At most each origin's own report and first relay, and the first post.
        assert!(
            sentence.citations.len() <= 2 * 12 + 1,
            "{} cites {} posts",
            sentence.text,
            sentence.citations.len()
        );
    }
    let happened: Vec<&str> = brief
        .sections
        .iter()
        .find(|section| section.heading == "What happened")
        .map(|section| section.sentences.iter().map(|s| s.text.as_str()).collect())
        .unwrap_or_default();
    let text = happened.join(" ");
    // Six relays of the lead: four named, two counted; eleven other origins: four told.
    for phrase in [
        "Quay Radio 1 reported at",
        "and by two others",
        "Seven other origins also report on it.",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in {text}");
    }
    assert!(!text.contains("Quay Radio 9"), "{text}");
    let dispute = sentences
        .iter()
        .find(|sentence| sentence.text.contains("give the death toll as"))
        .map(|sentence| sentence.text.as_str())
        .unwrap_or_else(|| panic!("no dispute sentence in {:?}", brief.sections));
    assert!(dispute.contains("and two others give"), "{dispute}");
    assert!(!dispute.contains("Quay Radio 11"), "{dispute}");
}

/// A story told only in Ukrainian: with a checked English rendering the brief quotes the
/// rendering, marked as a translation, and every sentence still checks (the quote against the
/// rendering); without one it words the claim from the original as before.
#[test]
fn a_post_in_another_language_is_quoted_through_its_checked_rendering() {
    use wiredesk_model::{Origin, Relay, RelayKind, SpeakerKind};
    let mut owned = empty_strike();
    owned.story.kind = "other".to_string();
    let time = "2026-07-02T04:10:00Z";
    let mut post = tg_post("lvivnow/501", time, "Вночі Львів атакували 12 дронів.");
    post.language = Some("uk".to_string());
    owned.posts.push(post);
    owned.sources.push(tg_source("lvivnow", "Lviv Now"));
    owned.story.posts.push("lvivnow/501".to_string());
    owned.story.origins.push(Origin {
        name: "Lviv Now".to_string(),
        aliases: Vec::new(),
        kind: SpeakerKind::Outlet,
        first_seen: at(time),
        verified: true,
        verified_at: Some(at(time)),
        relays: vec![Relay {
            post: "lvivnow/501".to_string(),
            source: "lvivnow".to_string(),
            kind: RelayKind::Primary,
            first_seen: at(time),
            lag_secs: 0,
            before_origin: false,
            similarity: None,
        }],
        denies: false,
    });
    let plain = compose(&owned.input());
    assert!(
        !rendered(&plain).contains("translated"),
        "{}",
        rendered(&plain)
    );

    let rendering = "Overnight, 12 drones attacked Lviv.";
    crate::analysis::check_translation("Вночі Львів атакували 12 дронів.", rendering).unwrap();
    owned.posts[0].translation = Some(crate::PostTranslation {
        from: "uk".to_string(),
        text: rendering.to_string(),
    });
    let brief = compose(&owned.input());
    assert_published_sentences_check(&owned, &brief);
    let text = rendered(&brief);
    assert!(
        text.contains("“Overnight, 12 drones attacked Lviv” (translated from Ukrainian)"),
        "{text}"
    );
}

/// An origin that denies the claim disputes it in the lede; it never "also reported on it".
#[test]
fn a_denying_origin_disputes_it_in_the_lede() {
    let mut owned = strike();
    let last = owned.story.origins.len() - 1;
    owned.story.origins[last].denies = true;
    let brief = compose(&owned.input());
    let happened: Vec<&str> = brief
        .sections
        .iter()
        .filter(|section| section.heading == "What happened")
        .flat_map(|section| section.sentences.iter().map(|s| s.text.as_str()))
        .collect();
    let text = happened.join(" ");
    assert!(
        text.contains("Local media dispute it, as relayed by @milbloggerz"),
        "{text}"
    );
    assert_eq!(text.matches("also report").count(), last - 1, "{text}");
}
