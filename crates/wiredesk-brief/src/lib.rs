//! The brief: a deterministic composer (templates over the ledger, no model, always offline)
//! writes each story's headline, standfirst, lede, ledger sections, background, what remains
//! uncertain, desk note and provenance; a checker refuses every sentence whose names, numbers,
//! dates and quoted words are not in the evidence it cites (fail-closed); revisions compare a
//! new brief with the previous version.
//!
//! Pure: the caller gathers the story, its posts, sources, Wikipedia summaries and related
//! stories, and passes `now`.

use chrono::{DateTime, Utc};
use wiredesk_model::{Brief, Story, Trust, WikiSummary};

pub mod analysis;
mod check;
mod compose;
mod evidence;
#[cfg(test)]
mod fixtures;
mod revise;
pub mod text;
pub mod writing;

pub use check::{CheckError, Missing, check_sentence, check_sentence_why};
pub use compose::{
    HEADING_BACKGROUND, HEADING_DESK_NOTE, HEADING_LEDE, HEADING_LEDGER, HEADING_UNCERTAIN,
    HEADING_WATCH, compose,
};
pub use evidence::{EvidenceIndex, post_evidence, source_evidence, wiki_evidence};
pub use revise::{revise, same_content};

/// Composes the brief for `input` and numbers it against `input.previous`: `None` when nothing
/// published changed since that version.
pub fn compose_and_revise(input: &BriefInput) -> Option<Brief> {
    revise(input.previous, compose(input), input.now)
}

/// One post of the story, as the brief cites it.
#[derive(Debug, Clone)]
pub struct BriefPost {
    /// `channel/id` or a feed item's link: how the story names it.
    pub reference: String,
    /// The citation URL: `https://t.me/<channel>/<id>`, a feed item's link.
    pub url: String,
    /// "telegram" or "feed".
    pub kind: &'static str,
    pub source_key: String,
    pub published_at: DateTime<Utc>,
    pub title: Option<String>,
    pub text: String,
    /// SHA-256 of the archived page or feed body the post was read from.
    pub sha256: Option<String>,
    /// Who the post itself names as its provenance, outside its text: a forward's original
    /// channel, a feed item's `<source>`.
    pub carried_from: Vec<String>,
    /// The post's language (ISO 639-1), when known.
    pub language: Option<String>,
    /// An English rendering of a post in another language, checked against it
    /// ([`analysis::check_translation`]): the brief may quote it, marked as a translation.
    pub translation: Option<PostTranslation>,
}

/// A checked English rendering of a post, kept beside the original.
#[derive(Debug, Clone, PartialEq)]
pub struct PostTranslation {
    /// The language it was rendered from (ISO 639-1).
    pub from: String,
    pub text: String,
}

/// A source of the story's posts.
#[derive(Debug, Clone)]
pub struct BriefSource {
    pub key: String,
    /// Who the source is: the configured name, a channel's title, a feed's title.
    pub name: String,
    /// `telegram` or `feed`.
    pub kind: &'static str,
    /// The page or feed URL fetched (`https://t.me/s/<channel>`, the feed's URL).
    pub page_url: String,
    pub page_sha256: Option<String>,
    pub page_fetched_at: Option<DateTime<Utc>>,
    pub trust: Trust,
    /// The gazetteer says the outlet is state-affiliated.
    pub state_affiliated: bool,
}

/// Everything the composer reads.
#[derive(Debug, Clone)]
pub struct BriefInput<'a> {
    pub story: &'a Story,
    pub posts: &'a [BriefPost],
    pub sources: &'a [BriefSource],
    /// Wikipedia summaries of the story's entities and of the relations between its countries.
    pub background: &'a [WikiSummary],
    /// Earlier stories sharing the story's entities, for a short timeline.
    pub related: &'a [Story],
    /// The first posts of `related` (at least), so timeline entries can be cited and checked;
    /// a related story whose first post is missing here is left out of the timeline.
    pub related_posts: &'a [BriefPost],
    /// The previous version, if any: revisions are logged against it.
    pub previous: Option<&'a Brief>,
    pub now: DateTime<Utc>,
}
