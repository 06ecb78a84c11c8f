//! What the analysis stages produce: entities, attributions, origins, stories, frames and the
//! ledger. Plain data; the stages that fill it live in `wiredesk-analysis`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A mention of an entity in a post's text, resolved to a canonical name where possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    /// The words as written ("the UN", "Turkish", "Kiev").
    pub text: String,
    pub kind: EntityKind,
    /// The canonical name aliases meet on ("United Nations", "Turkey", "Kyiv").
    pub canonical: String,
    /// The English Wikipedia title, underscores for spaces ("Russia–Turkey_relations").
    pub wikipedia: Option<String>,
    /// Byte offsets into the text the mention was found in.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    /// A city, region, sea, landmark.
    Place,
    Country,
    /// An international body, ministry, army, company, party.
    Organization,
    /// A news outlet or wire (Reuters, AFP, TASS…).
    Outlet,
    /// An official role ("Turkey's foreign minister", "a regional governor").
    Role,
    Other,
}

/// A time expression resolved against the post's own time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The day it points to (the first day of a range).
    pub date: NaiveDate,
    /// The last day, for ranges ("overnight" spans two days).
    pub until: Option<NaiveDate>,
}

/// Who is said to say something, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Index of the sentence in the post's text, and the sentence itself.
    pub sentence_idx: usize,
    pub sentence: String,
    pub speaker: Option<Speaker>,
    /// The cue words ("said", "according to", "cited by", "Source:").
    pub cue: Option<String>,
    /// The outlet that carried it ("AFP"), when named.
    pub outlet: Option<String>,
    /// What is attributed (the claim's words).
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub text: String,
    pub kind: SpeakerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    /// A named person ("Hakan Fidan").
    Named,
    /// An official role ("the regional governor").
    Role,
    /// "a diplomatic source", "people familiar with the matter".
    Anonymous,
    /// An outlet speaking for itself ("Reuters reported").
    Outlet,
    /// An organisation or body ("the regional administration", "local media").
    Organization,
}

/// How a relay carries its origin's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayKind {
    /// The origin's own publication (its feed item, its own channel's post).
    Primary,
    /// A Telegram forward.
    Forward,
    /// "X citing Reuters", "according to AFP".
    Citation,
    /// A link to the origin's article.
    Link,
    /// A feed item whose `<source>` or author is the origin.
    FeedSource,
    /// A copy of another post's text (near-duplicate), not a forward.
    Copy,
}

/// One post carrying an origin's claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relay {
    /// The post (`channel/id`, or a feed item's link).
    pub post: String,
    pub source: String,
    pub kind: RelayKind,
    pub first_seen: DateTime<Utc>,
    /// Seconds from the origin's first sighting (its own publication when verified) to this relay.
    pub lag_secs: i64,
    /// Seen before the origin's own publication appeared.
    pub before_origin: bool,
    /// For a copy: how similar its text is to the post it copies (1.0 for an exact repost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f32>,
}

/// An independent origin of a story's claims: the outlet or speaker relays trace back to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub kind: SpeakerKind,
    /// When any post carrying it first appeared.
    pub first_seen: DateTime<Utc>,
    /// Its own publication has been seen (not only relays citing it).
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub relays: Vec<Relay>,
    /// The origin rejects the story's claim ("no deal was ever reached"): its posts dispute the
    /// claim and never count as corroboration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub denies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlotStatus {
    /// Two or more independent origins give the value and none contradicts it.
    Confirmed,
    /// One origin gives it, however many relays carry it.
    SingleOrigin,
    /// Origins give values that conflict, a denial included.
    Disputed,
    /// The frame asks and nobody says.
    Unknown,
}

/// Where a slot value comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub post: String,
    pub sentence: String,
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotValue {
    pub value: String,
    /// The independent origins that give this value.
    pub origins: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// A denial of the value rather than a claim of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub denied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub name: String,
    pub status: SlotStatus,
    pub values: Vec<SlotValue>,
}

/// A status change in a story's ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerChange {
    pub at: DateTime<Utc>,
    pub slot: String,
    pub from: SlotStatus,
    pub to: SlotStatus,
    /// The post whose arrival changed it.
    pub post: Option<String>,
}

/// A group of posts from every source about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable as the story grows.
    pub id: String,
    /// The frame kind: talks, strike, statement, ceasefire, protest, sanctions…
    pub kind: String,
    pub title: String,
    /// Posts as references (`channel/id`, a feed item's link), in order of first sight.
    pub posts: Vec<String>,
    pub origins: Vec<Origin>,
    pub slots: Vec<Slot>,
    pub ledger_history: Vec<LedgerChange>,
    pub first_seen: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Canonical names of the entities the story's posts name, most named first.
    pub entities: Vec<String>,
    /// Entity name → its English Wikipedia title, where one exists ("Istanbul" → "Istanbul").
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub wikipedia: std::collections::BTreeMap<String, String>,
    /// A fingerprint of everything the story was built from (its posts' references, texts,
    /// times and provenance, the sources known, the analyser's version): a later pass whose
    /// inputs give the same fingerprint reuses the story instead of rebuilding it. Empty in
    /// stories stored before it existed, which are rebuilt once.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub digest: String,
}

/// A change in the set of stories, recorded so merges and splits are never silent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryEvent {
    pub at: DateTime<Utc>,
    pub kind: StoryEventKind,
    /// The story the event is about (the survivor of a merge).
    pub story: String,
    /// The other story: the one absorbed by a merge, or split off.
    pub other: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryEventKind {
    Created,
    Merged,
    Split,
}
