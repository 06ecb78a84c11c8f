//! A hand-built story and brief (talks in Istanbul, one dispute, one hostile post) shared by
//! every module's tests.

use chrono::{DateTime, TimeZone, Utc};
use wiredesk_model::{
    Brief, Evidence, LedgerChange, LedgerRow, Origin, ProvenanceItem, Relay, RelayKind, Revision,
    Section, Sentence, Slot, SlotStatus, SlotValue, SpeakerKind, Story,
};

pub(crate) const HOSTILE: &str = "<script>alert(1)</script>";

pub(crate) fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, hour, minute, 0)
        .single()
        .unwrap_or_default()
}

fn sentence(text: &str, citations: &[&str]) -> Sentence {
    Sentence {
        text: text.to_string(),
        citations: citations.iter().map(|c| c.to_string()).collect(),
    }
}

fn relay(post: &str, source: &str, kind: RelayKind, hour: u32, minute: u32) -> Relay {
    Relay {
        post: post.to_string(),
        source: source.to_string(),
        kind,
        first_seen: at(hour, minute),
        lag_secs: 0,
        before_origin: false,
        similarity: None,
    }
}

pub(crate) fn story() -> Story {
    Story {
        id: "s-istanbul-talks".to_string(),
        kind: "talks".to_string(),
        title: "Talks under way in Istanbul".to_string(),
        posts: vec![
            "osintbrief/101".to_string(),
            "wartracker/7".to_string(),
            "https://wire.example/afp/talks-istanbul".to_string(),
        ],
        origins: vec![
            Origin {
                name: "AFP".to_string(),
                aliases: vec![],
                kind: SpeakerKind::Outlet,
                first_seen: at(8, 38),
                verified: true,
                verified_at: Some(at(10, 2)),
                denies: false,
                relays: vec![
                    relay("osintbrief/101", "osintbrief", RelayKind::Citation, 8, 38),
                    relay("wartracker/7", "wartracker", RelayKind::Forward, 9, 5),
                    relay(
                        "https://wire.example/afp/talks-istanbul",
                        "https://wire.example/afp.xml",
                        RelayKind::Primary,
                        10,
                        2,
                    ),
                ],
            },
            Origin {
                name: "Ministry <Spokesman> & Co".to_string(),
                aliases: vec![],
                kind: SpeakerKind::Role,
                first_seen: at(9, 40),
                verified: false,
                verified_at: None,
                denies: false,
                relays: vec![relay(
                    "wartracker/9",
                    "wartracker",
                    RelayKind::Citation,
                    9,
                    40,
                )],
            },
        ],
        slots: vec![
            Slot {
                name: "venue".to_string(),
                status: SlotStatus::Confirmed,
                values: vec![SlotValue {
                    value: "Istanbul".to_string(),
                    origins: vec!["AFP".to_string(), "Ministry <Spokesman> & Co".to_string()],
                    evidence: vec![Evidence {
                        post: "osintbrief/101".to_string(),
                        sentence: "Talks in Istanbul".to_string(),
                        origin: "AFP".to_string(),
                    }],
                    denied: false,
                }],
            },
            Slot {
                name: "mediators".to_string(),
                status: SlotStatus::Disputed,
                values: vec![],
            },
            Slot {
                name: "delegation lead".to_string(),
                status: SlotStatus::Unknown,
                values: vec![],
            },
        ],
        ledger_history: vec![LedgerChange {
            at: at(10, 2),
            slot: "venue".to_string(),
            from: SlotStatus::SingleOrigin,
            to: SlotStatus::Confirmed,
            post: Some("https://wire.example/afp/talks-istanbul".to_string()),
        }],
        first_seen: at(8, 38),
        updated_at: at(10, 2),
        entities: vec!["Istanbul".to_string(), "Turkey".to_string()],
        wikipedia: Default::default(),
        digest: String::new(),
    }
}

pub(crate) const URL_OSINT: &str = "https://t.me/osintbrief/101";
pub(crate) const URL_WAR: &str = "https://t.me/wartracker/7";
pub(crate) const URL_AFP: &str = "https://wire.example/afp/talks-istanbul";

pub(crate) fn brief() -> Brief {
    Brief {
        story_id: "s-istanbul-talks".to_string(),
        version: 2,
        generated_at: at(10, 5),
        headline: sentence("Talks under way in Istanbul, AFP reports", &[URL_AFP]),
        standfirst: sentence(
            "Turkey and the United Nations are said to mediate; who leads the delegations is not known.",
            &[URL_OSINT, URL_WAR],
        ),
        sections: vec![
            Section {
                heading: "What happened".to_string(),
                sentences: vec![
                    sentence(
                        "AFP reported on Wednesday that talks were under way in Istanbul.",
                        &[URL_AFP],
                    ),
                    sentence(
                        &format!("@wartracker quoted a post reading {HOSTILE} at 09:05 UTC."),
                        &[URL_WAR, URL_OSINT],
                    ),
                ],
                label: None,
            },
            Section {
                heading: "What is disputed".to_string(),
                sentences: vec![sentence(
                    "Who mediates is disputed: Turkey (AFP) | the UN (Ministry).",
                    &[URL_OSINT],
                )],
                label: None,
            },
        ],
        ledger: vec![
            LedgerRow {
                slot: "venue".to_string(),
                label: "venue of the talks".to_string(),
                values: vec!["Istanbul (AFP, Ministry)".to_string()],
                status: SlotStatus::Confirmed,
                evidence: vec![URL_AFP.to_string(), URL_OSINT.to_string()],
            },
            LedgerRow {
                slot: "mediators".to_string(),
                label: String::new(),
                values: vec!["Turkey (AFP)".to_string(), "the UN | <b>UN</b>".to_string()],
                status: SlotStatus::Disputed,
                evidence: vec![URL_WAR.to_string()],
            },
            LedgerRow {
                slot: "delegation lead".to_string(),
                label: String::new(),
                values: vec![],
                status: SlotStatus::Unknown,
                evidence: vec![],
            },
        ],
        unknowns: vec!["They do not say who leads either delegation.".to_string()],
        desk_note: "Two independent origins, three relays; the mediators are single-origin per side. We will tighten attribution as primaries publish.".to_string(),
        provenance: vec![
            ProvenanceItem {
                url: URL_OSINT.to_string(),
                kind: "telegram-post".to_string(),
                first_seen: at(8, 38),
                sha256: Some("3f2a9c1b0d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d8e".to_string()),
            },
            ProvenanceItem {
                url: URL_WAR.to_string(),
                kind: "telegram-post".to_string(),
                first_seen: at(9, 5),
                sha256: None,
            },
            ProvenanceItem {
                url: URL_AFP.to_string(),
                kind: "feed-item".to_string(),
                first_seen: at(10, 2),
                sha256: Some("aa11bb22cc33dd44ee55ff66".to_string()),
            },
        ],
        revisions: vec![
            Revision {
                at: at(9, 6),
                version: 1,
                summary: "first brief".to_string(),
            },
            Revision {
                at: at(10, 5),
                version: 2,
                summary: "AFP published; venue confirmed".to_string(),
            },
        ],
        rejected: vec![],
        analysis: None,
    }
}

/// The first version of the same brief.
pub(crate) fn brief_v1() -> Brief {
    let mut brief = brief();
    brief.version = 1;
    brief.generated_at = at(9, 6);
    brief.headline = sentence("Talks said to be under way in Istanbul", &[URL_OSINT]);
    brief.revisions.truncate(1);
    brief
}

/// A parsed XML document: elements in document order with their attributes, and text runs
/// (entities resolved).
#[derive(Debug, Default)]
pub(crate) struct XmlDoc {
    pub elements: Vec<(String, Vec<(String, String)>)>,
    pub texts: Vec<String>,
}

impl XmlDoc {
    /// The values of `attr` on every element named `element`, in order.
    pub fn attr_values(&self, element: &str, attr: &str) -> Vec<String> {
        self.elements
            .iter()
            .filter(|(name, _)| name == element)
            .filter_map(|(_, attrs)| {
                attrs
                    .iter()
                    .find(|(k, _)| k == attr)
                    .map(|(_, v)| v.clone())
            })
            .collect()
    }
}

/// Parses `xml` strictly (end names checked, every start closed), or says what is wrong.
pub(crate) fn parse_xml(xml: &str) -> Result<XmlDoc, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut doc = XmlDoc::default();
    let mut depth = 0i64;
    let mut text = String::new();
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at {}: {e}", reader.buffer_position()))?;
        match &event {
            Event::Text(t) => {
                text.push_str(&t.xml10_content());
                continue;
            }
            Event::CData(t) => {
                text.push_str(&t.xml10_content());
                continue;
            }
            Event::GeneralRef(r) => {
                let reference = format!("&{};", r.xml10_content());
                let resolved = quick_xml::escape::unescape(&reference)
                    .map_err(|e| format!("bad reference {reference}: {e}"))?;
                text.push_str(&resolved);
                continue;
            }
            _ => {}
        }
        if !text.trim().is_empty() {
            doc.texts.push(std::mem::take(&mut text));
        }
        text.clear();
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if depth == 0 {
                    roots += 1;
                }
                let mut attrs = Vec::new();
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| format!("bad attribute value: {e}"))?;
                    attrs.push((attr.key.as_ref().to_string(), value.to_string()));
                }
                doc.elements.push((e.name().as_ref().to_string(), attrs));
                if is_start {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("{depth} elements left open"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(doc)
}
