//! Hand-built stories for the tests, mirroring the shapes of the two shared scenarios (a talks
//! story relayed from one wire that later publishes itself; a strike with two origins that
//! disagree) in the desk's own words: no scenario text is copied here.

use chrono::{DateTime, Utc};
use wiredesk_model::{
    Evidence, Origin, Relay, RelayKind, Slot, SlotStatus, SlotValue, SpeakerKind, Story, Trust,
    WikiSummary,
};

use crate::{BriefPost, BriefSource};

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

pub fn tg_post(reference: &str, time: &str, text: &str) -> BriefPost {
    let (channel, _) = reference.split_once('/').unwrap_or((reference, ""));
    BriefPost {
        reference: reference.to_string(),
        url: format!("https://t.me/{reference}"),
        kind: "telegram",
        source_key: channel.to_string(),
        published_at: at(time),
        title: None,
        text: text.to_string(),
        sha256: Some(format!("sha-{}", reference.replace('/', "-"))),
        carried_from: Vec::new(),
        language: None,
        translation: None,
    }
}

pub fn feed_post(url: &str, feed: &str, time: &str, title: &str, text: &str) -> BriefPost {
    BriefPost {
        reference: url.to_string(),
        url: url.to_string(),
        kind: "feed",
        source_key: feed.to_string(),
        published_at: at(time),
        title: Some(title.to_string()),
        text: text.to_string(),
        sha256: Some("sha-feed-item".to_string()),
        carried_from: Vec::new(),
        language: None,
        translation: None,
    }
}

pub fn tg_source(key: &str, name: &str) -> BriefSource {
    BriefSource {
        key: key.to_string(),
        name: name.to_string(),
        kind: "telegram",
        page_url: format!("https://t.me/s/{key}"),
        page_sha256: Some(format!("page-{key}")),
        page_fetched_at: None,
        trust: Trust::Normal,
        state_affiliated: false,
    }
}

pub fn feed_source(url: &str, name: &str) -> BriefSource {
    BriefSource {
        key: url.to_string(),
        name: name.to_string(),
        kind: "feed",
        page_url: url.to_string(),
        page_sha256: Some("page-feed".to_string()),
        page_fetched_at: None,
        trust: Trust::Primary,
        state_affiliated: false,
    }
}

pub fn wiki(title: &str, url: &str, extract: &str) -> WikiSummary {
    WikiSummary {
        lang: "en".to_string(),
        title: title.to_string(),
        extract: extract.to_string(),
        url: url.to_string(),
        timestamp: Some(at("2026-06-20T10:00:00Z")),
        ..WikiSummary::default()
    }
}

fn relay(post: &str, source: &str, kind: RelayKind, time: &str) -> Relay {
    Relay {
        post: post.to_string(),
        source: source.to_string(),
        kind,
        first_seen: at(time),
        lag_secs: 0,
        before_origin: false,
        similarity: None,
    }
}

/// A value given by `origin`, evidenced by `posts` (reference, sentence).
fn value(text: &str, origin: &str, posts: &[(&str, &str)]) -> SlotValue {
    SlotValue {
        value: text.to_string(),
        origins: vec![origin.to_string()],
        evidence: posts
            .iter()
            .map(|(post, sentence)| Evidence {
                post: (*post).to_string(),
                sentence: (*sentence).to_string(),
                origin: origin.to_string(),
            })
            .collect(),
        denied: false,
    }
}

fn slot(name: &str, status: SlotStatus, values: Vec<SlotValue>) -> Slot {
    Slot {
        name: name.to_string(),
        status,
        values,
    }
}

fn unknown(name: &str) -> Slot {
    slot(name, SlotStatus::Unknown, Vec::new())
}

// ── Talks relayed from a wire ─────────────────────────────────────────────────────────────

pub const WIRE_FEED: &str = "https://wire.example/world.xml";
pub const WIRE_ITEM: &str = "https://wire.example/2026/07/01/shipping-talks";

const RELAY_TEXT: &str = "⚡️ Russia and Ukraine are holding indirect talks in Istanbul on the safety of Black Sea shipping, according to a diplomatic source cited by AFP.\n\nTurkey and the United Nations mediate; the two delegations never sit in the same room.\n\n#BlackSea #Istanbul";
const SECOND_RELAY_TEXT: &str = "Istanbul: indirect Russia–Ukraine talks on Black Sea shipping are under way, per AFP, citing a diplomatic source. Turkey and the UN act as mediators.";
const WIRE_TEXT: &str = "Russian and Ukrainian officials are holding indirect talks in Istanbul on commercial shipping in the Black Sea, with Turkey and the United Nations mediating, a diplomatic source told AFP on Wednesday.\n\nThe agenda covers safe-passage corridors and inspection procedures, the source said.";

pub fn talks_posts(with_wire: bool) -> Vec<BriefPost> {
    let mut posts = vec![
        tg_post("osintbrief/14381", "2026-07-01T08:38:00Z", RELAY_TEXT),
        tg_post(
            "wartracker/99203",
            "2026-07-01T09:05:00Z",
            SECOND_RELAY_TEXT,
        ),
        tg_post("frontdigest/48215", "2026-07-01T09:20:00Z", RELAY_TEXT),
    ];
    if with_wire {
        posts.push(feed_post(
            WIRE_ITEM,
            WIRE_FEED,
            "2026-07-01T11:40:00Z",
            "Russia and Ukraine hold indirect shipping talks in Istanbul",
            WIRE_TEXT,
        ));
    }
    posts
}

pub fn talks_sources() -> Vec<BriefSource> {
    vec![
        tg_source("osintbrief", "OSINT Brief"),
        tg_source("wartracker", "War Tracker"),
        tg_source("frontdigest", "Front Digest"),
        feed_source(WIRE_FEED, "AFP"),
    ]
}

/// Step 1: three relays of AFP; step 2 (`with_wire`): AFP's own item, which adds the agenda.
pub fn talks_story(with_wire: bool) -> Story {
    let lead = "Russia and Ukraine are holding indirect talks in Istanbul on the safety of Black Sea shipping, according to a diplomatic source cited by AFP.";
    let mediate =
        "Turkey and the United Nations mediate; the two delegations never sit in the same room.";
    let second = "Istanbul: indirect Russia–Ukraine talks on Black Sea shipping are under way, per AFP, citing a diplomatic source.";
    let second_mediate = "Turkey and the UN act as mediators.";
    let wire_lead = "Russian and Ukrainian officials are holding indirect talks in Istanbul on commercial shipping in the Black Sea, with Turkey and the United Nations mediating, a diplomatic source told AFP on Wednesday.";
    let mut lead_posts = vec![
        ("osintbrief/14381", lead),
        ("wartracker/99203", second),
        ("frontdigest/48215", lead),
    ];
    let mut mediator_posts = vec![
        ("osintbrief/14381", mediate),
        ("wartracker/99203", second_mediate),
        ("frontdigest/48215", mediate),
    ];
    let mut relays = vec![
        relay(
            "osintbrief/14381",
            "osintbrief",
            RelayKind::Citation,
            "2026-07-01T08:38:00Z",
        ),
        relay(
            "wartracker/99203",
            "wartracker",
            RelayKind::Citation,
            "2026-07-01T09:05:00Z",
        ),
        relay(
            "frontdigest/48215",
            "frontdigest",
            RelayKind::Forward,
            "2026-07-01T09:20:00Z",
        ),
    ];
    let mut posts = vec![
        "osintbrief/14381".to_string(),
        "wartracker/99203".to_string(),
        "frontdigest/48215".to_string(),
    ];
    if with_wire {
        lead_posts.push((WIRE_ITEM, wire_lead));
        mediator_posts.push((WIRE_ITEM, wire_lead));
        relays.push(relay(
            WIRE_ITEM,
            WIRE_FEED,
            RelayKind::Primary,
            "2026-07-01T11:40:00Z",
        ));
        posts.push(WIRE_ITEM.to_string());
    }
    let single = SlotStatus::SingleOrigin;
    let agenda_sentence =
        "The agenda covers safe-passage corridors and inspection procedures, the source said.";
    let (date, agenda) = if with_wire {
        (
            slot(
                "date",
                single,
                vec![value("2026-07-01", "AFP", &[(WIRE_ITEM, wire_lead)])],
            ),
            slot(
                "agenda",
                single,
                vec![
                    value(
                        "safe-passage corridors",
                        "AFP",
                        &[(WIRE_ITEM, agenda_sentence)],
                    ),
                    value(
                        "inspection procedures",
                        "AFP",
                        &[(WIRE_ITEM, agenda_sentence)],
                    ),
                ],
            ),
        )
    } else {
        (unknown("date"), unknown("agenda"))
    };
    Story {
        id: "s-talks".to_string(),
        kind: "talks".to_string(),
        title: lead.to_string(),
        posts,
        origins: vec![Origin {
            name: "AFP".to_string(),
            aliases: vec!["Agence France-Presse".to_string()],
            kind: SpeakerKind::Outlet,
            first_seen: at("2026-07-01T08:38:00Z"),
            verified: with_wire,
            verified_at: with_wire.then(|| at("2026-07-01T11:40:00Z")),
            denies: false,
            relays,
        }],
        slots: vec![
            slot(
                "location",
                single,
                vec![value("Istanbul", "AFP", &lead_posts)],
            ),
            date,
            slot(
                "parties",
                single,
                vec![
                    value("Russia", "AFP", &lead_posts),
                    value("Ukraine", "AFP", &lead_posts),
                ],
            ),
            slot(
                "mediators",
                single,
                vec![
                    value("Turkey", "AFP", &mediator_posts),
                    value("United Nations", "AFP", &mediator_posts),
                ],
            ),
            slot(
                "format",
                single,
                vec![value("indirect", "AFP", &lead_posts)],
            ),
            unknown("principals"),
            unknown("delegation"),
            agenda,
            unknown("documents"),
            unknown("outcome"),
        ],
        ledger_history: Vec::new(),
        first_seen: at("2026-07-01T08:38:00Z"),
        updated_at: at(if with_wire {
            "2026-07-01T11:40:00Z"
        } else {
            "2026-07-01T09:20:00Z"
        }),
        entities: [
            "Black Sea",
            "Istanbul",
            "Russia",
            "Turkey",
            "Ukraine",
            "United Nations",
        ]
        .iter()
        .map(|name| (*name).to_string())
        .collect(),
        wikipedia: [
            ("Istanbul", "Istanbul"),
            ("Russia", "Russia"),
            ("Turkey", "Turkey"),
            ("Ukraine", "Ukraine"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect(),
        digest: String::new(),
    }
}

pub fn background() -> Vec<WikiSummary> {
    vec![
        wiki(
            "Basketball",
            "https://en.wikipedia.org/wiki/Basketball",
            "Basketball is a team sport played on a court.",
        ),
        wiki(
            "Istanbul",
            "https://en.wikipedia.org/wiki/Istanbul",
            "Istanbul is the largest city in Turkey, straddling the Bosporus strait between Europe and Asia.",
        ),
        wiki(
            "Russia–Ukraine_relations",
            "https://en.wikipedia.org/wiki/Russia%E2%80%93Ukraine_relations",
            "Russia and Ukraine have had diplomatic relations since 1991. Ukraine cut those ties after the Russian invasion of February 2022.",
        ),
        wiki(
            "Izmail",
            "https://en.wikipedia.org/wiki/Izmail",
            "Izmail is a port city on the Danube in the Odesa Oblast of Ukraine.",
        ),
    ]
}

// ── A strike with two origins that disagree ──────────────────────────────────────────────

const ADMIN_TEXT: &str = "‼️ Overnight, Russian forces struck Izmail with Shahed drones.\n\nA grain terminal in the port was hit.\n\nAs of 08:00, 12 people were killed and 30 injured.";
const GOVERNOR_TEXT: &str = "Izmail: at least 12 killed and 30 injured in an overnight Shahed attack on the port, according to the regional governor, who heads the regional administration. A grain terminal was hit.";
const MILBLOGGER_TEXT: &str = "Izmail: local media report 7 dead after the night strike on the port.\n\nThe same reports say a military target was hit, a fuel depot, not a grain terminal.";

pub fn strike_posts() -> Vec<BriefPost> {
    vec![
        tg_post(
            "regionadmin_official/5638",
            "2026-07-02T05:02:00Z",
            ADMIN_TEXT,
        ),
        tg_post("southwatch/7750", "2026-07-02T05:10:00Z", GOVERNOR_TEXT),
        tg_post("frontdigest/48234", "2026-07-02T05:15:00Z", ADMIN_TEXT),
        tg_post("milbloggerz/23419", "2026-07-02T05:40:00Z", MILBLOGGER_TEXT),
    ]
}

pub fn strike_sources() -> Vec<BriefSource> {
    vec![
        BriefSource {
            trust: Trust::Primary,
            ..tg_source("regionadmin_official", "Regional Administration")
        },
        tg_source("southwatch", "South Watch"),
        tg_source("frontdigest", "Front Digest"),
        BriefSource {
            trust: Trust::LeadsOnly,
            ..tg_source("milbloggerz", "Milbloggerz")
        },
    ]
}

pub fn strike_story() -> Story {
    let admin = "Regional Administration";
    let media = "local media";
    let struck = "Overnight, Russian forces struck Izmail with Shahed drones.";
    let toll = "As of 08:00, 12 people were killed and 30 injured.";
    let terminal = "A grain terminal in the port was hit.";
    let governor = "Izmail: at least 12 killed and 30 injured in an overnight Shahed attack on the port, according to the regional governor, who heads the regional administration.";
    let dead = "Izmail: local media report 7 dead after the night strike on the port.";
    let depot =
        "The same reports say a military target was hit, a fuel depot, not a grain terminal.";
    let admin_posts = |sentence: &'static str| {
        vec![
            ("regionadmin_official/5638", sentence),
            ("frontdigest/48234", sentence),
        ]
    };
    let mut izmail = value("Izmail", admin, &admin_posts(struck));
    izmail.origins.push(media.to_string());
    izmail.evidence.push(Evidence {
        post: "milbloggerz/23419".to_string(),
        sentence: dead.to_string(),
        origin: media.to_string(),
    });
    let mut port = value("port", admin, &[("southwatch/7750", governor)]);
    port.origins.push(media.to_string());
    let mut not_terminal = value("grain terminal", media, &[("milbloggerz/23419", depot)]);
    not_terminal.denied = true;
    let mut admin_toll = admin_posts(toll);
    admin_toll.push(("southwatch/7750", governor));
    Story {
        id: "s-strike".to_string(),
        kind: "strike".to_string(),
        title: struck.to_string(),
        posts: vec![
            "regionadmin_official/5638".to_string(),
            "southwatch/7750".to_string(),
            "frontdigest/48234".to_string(),
            "milbloggerz/23419".to_string(),
        ],
        origins: vec![
            Origin {
                name: admin.to_string(),
                aliases: Vec::new(),
                kind: SpeakerKind::Organization,
                first_seen: at("2026-07-02T05:02:00Z"),
                verified: true,
                verified_at: Some(at("2026-07-02T05:02:00Z")),
                denies: false,
                relays: vec![
                    relay(
                        "regionadmin_official/5638",
                        "regionadmin_official",
                        RelayKind::Primary,
                        "2026-07-02T05:02:00Z",
                    ),
                    relay(
                        "southwatch/7750",
                        "southwatch",
                        RelayKind::Citation,
                        "2026-07-02T05:10:00Z",
                    ),
                    relay(
                        "frontdigest/48234",
                        "frontdigest",
                        RelayKind::Forward,
                        "2026-07-02T05:15:00Z",
                    ),
                ],
            },
            Origin {
                name: media.to_string(),
                aliases: Vec::new(),
                kind: SpeakerKind::Organization,
                first_seen: at("2026-07-02T05:40:00Z"),
                verified: false,
                verified_at: None,
                denies: false,
                relays: vec![relay(
                    "milbloggerz/23419",
                    "milbloggerz",
                    RelayKind::Citation,
                    "2026-07-02T05:40:00Z",
                )],
            },
        ],
        slots: vec![
            slot("location", SlotStatus::Confirmed, vec![izmail]),
            unknown("date"),
            slot(
                "attacker",
                SlotStatus::SingleOrigin,
                vec![value("Russia", admin, &admin_posts(struck))],
            ),
            slot(
                "target",
                SlotStatus::Disputed,
                vec![
                    port,
                    value("grain terminal", admin, &admin_posts(terminal)),
                    value("military target", media, &[("milbloggerz/23419", depot)]),
                    value("fuel depot", media, &[("milbloggerz/23419", depot)]),
                    not_terminal,
                ],
            ),
            slot(
                "weapon",
                SlotStatus::SingleOrigin,
                vec![value("Shahed", admin, &admin_posts(struck))],
            ),
            slot(
                "killed",
                SlotStatus::Disputed,
                vec![
                    value("12", admin, &admin_toll),
                    value("7", media, &[("milbloggerz/23419", dead)]),
                ],
            ),
            slot(
                "injured",
                SlotStatus::SingleOrigin,
                vec![value("30", admin, &admin_toll)],
            ),
            unknown("claimed_by"),
        ],
        ledger_history: Vec::new(),
        first_seen: at("2026-07-02T05:02:00Z"),
        updated_at: at("2026-07-02T05:40:00Z"),
        entities: ["Izmail", "Russia", "Odesa"]
            .iter()
            .map(|n| (*n).to_string())
            .collect(),
        wikipedia: [("Izmail", "Izmail"), ("Russia", "Russia")]
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect(),
        digest: String::new(),
    }
}
