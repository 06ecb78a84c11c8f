//! The brief: what the desk writes for a story, every sentence with the URLs it rests on.
//! Its serde shape is the `wiredesk brief show --format json` interface.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::SlotStatus;

/// One published sentence and the URLs (posts, feed items, pages) it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    /// URLs exactly as in the provenance list (Telegram posts as `https://t.me/<channel>/<id>`).
    pub citations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// "What happened", "What is confirmed", "Background", "What remains uncertain", "Desk note"…
    pub heading: String,
    pub sentences: Vec<Sentence>,
    /// Set on a section a language model wrote (every sentence gated): the label a reader sees
    /// beside its heading, [`ANALYSIS_LABEL`]. Absent on the desk's own sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The label of every section a language model wrote.
pub const ANALYSIS_LABEL: &str = "analysis, written with a language model";

/// How a brief's language-model analysis went: which model and prompt wrote its labelled
/// sections, how many sentences the model proposed, how many each gate refused, and which
/// sections were withheld (fewer than two sentences passed, or the model or a gate failed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisNote {
    pub model: String,
    /// The prompt file's version (`prompts/analysis.md`).
    pub prompt_version: String,
    pub proposed: u32,
    pub published: u32,
    /// Gate → sentences it refused.
    pub refused: std::collections::BTreeMap<String, u32>,
    /// Headings of the sections withheld.
    pub withheld: Vec<String>,
    /// Why the whole analysis was withheld (an error or timeout of the model), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A ledger row as the brief shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// The frame's slot key ("imposed_by"), as the API and the story's frame name it.
    pub slot: String,
    /// The slot in words, as a reader sees it in the rendered table ("source of the
    /// sanctions"); empty in briefs written before it existed, which show the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Values with who gives each ("12 (Regional Administration)").
    pub values: Vec<String>,
    pub status: SlotStatus,
    /// URLs of the posts that give the values.
    pub evidence: Vec<String>,
}

impl LedgerRow {
    /// What a reader sees in the table's slot column: the label, or the key when there is none.
    pub fn shown_slot(&self) -> &str {
        if self.label.is_empty() {
            &self.slot
        } else {
            &self.label
        }
    }
}

/// A post, item or page the brief used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvenanceItem {
    pub url: String,
    /// "telegram-post", "telegram-page", "feed-item", "feed", "wikipedia".
    pub kind: String,
    pub first_seen: DateTime<Utc>,
    /// SHA-256 of the archived body the item was read from, as kept at ingest.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub at: DateTime<Utc>,
    pub version: u32,
    pub summary: String,
}

/// A sentence the checker refused to publish, and why (kept for the log, never shown as fact).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub story_id: String,
    pub version: u32,
    pub generated_at: DateTime<Utc>,
    pub headline: Sentence,
    pub standfirst: Sentence,
    pub sections: Vec<Section>,
    pub ledger: Vec<LedgerRow>,
    /// The frame's unknown slots, in plain words.
    pub unknowns: Vec<String>,
    pub desk_note: String,
    pub provenance: Vec<ProvenanceItem>,
    pub revisions: Vec<Revision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// The language-model analysis, when `[analysis]` is on and it has run for this story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisNote>,
}
