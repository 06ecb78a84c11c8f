//! Optional language-model analysis: four labelled sections ("What it signals", "Two readings",
//! "Why now", "Stakes") a model proposes from the story's numbered evidence, every sentence gated
//! before it is published.
//!
//! Decisions:
//! - The model never writes the brief: it answers JSON (each sentence with its kind, `fact` or
//!   `analysis`, and the numbers of the items it rests on) and [`gate`] decides sentence by
//!   sentence. Gates are enforced, never run in shadow: a refused sentence is dropped, counted
//!   under its gate's name in [`AnalysisNote::refused`] and kept in [`Gated::refused`] for the log.
//! - Facts pass the brief's own checker against the cited evidence; analysis may interpret but
//!   brings no name, number, date or quotation the cited items and the story's background do not
//!   give, attributes a view only to a party its evidence quotes, and carries no meta-talk.
//! - A section with fewer than two surviving sentences is withheld whole: one sentence of
//!   analysis reads as a verdict.
//! - Pure like the composer: the caller talks to the model (and fills in the model's name); this
//!   module only builds the prompt, reads the answer and gates it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use wiredesk_model::{ANALYSIS_LABEL, AnalysisNote, Brief, Rejected, Section, Story};

use crate::compose::HEADING_WATCH;
use crate::text::fmt_time;

mod answer;
mod gate;
mod items;
mod prompt;
mod translation;

#[cfg(test)]
mod tests;

pub use answer::{Answer, Proposed, ProposedKind, parse_answer};
pub use gate::gate;
pub use items::{MAX_BACKGROUND, MAX_EVIDENCE_CHARS, MAX_POSTS, MAX_TEXT_CHARS, evidence_items};
pub use prompt::{PROMPT_VERSION, Prompt, SCHEMA_NAME, prompt};
pub use translation::{
    MAX_ORIGINAL_CHARS, TRANSLATION_PROMPT_VERSION, TRANSLATION_SCHEMA_NAME, check_translation,
    language_name, original_part, parse_translation, translation_prompt,
};

pub const HEADING_SIGNALS: &str = "What it signals";
pub const HEADING_READINGS: &str = "Two readings";
pub const HEADING_WHY_NOW: &str = "Why now";
pub const HEADING_STAKES: &str = "Stakes";

/// The analysis sections in the order a brief shows them.
pub const ANALYSIS_HEADINGS: [&str; 4] = [
    HEADING_SIGNALS,
    HEADING_READINGS,
    HEADING_WHY_NOW,
    HEADING_STAKES,
];

/// Fewest sentences a section publishes with.
pub const MIN_SENTENCES: usize = 2;

/// One numbered item the model may cite: a post of the story or a background summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// 1-based, as the prompt numbers it and the answer cites it.
    pub id: u32,
    /// The citation URL a published sentence carries.
    pub url: String,
    pub kind: EvidenceKind,
    /// Who and when: "@osintbrief, 08:38 UTC 1 July 2026", "Wikipedia: Port of Odesa".
    pub label: String,
    /// What the model reads (capped): the post's title and text, the summary's extract.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Post,
    Background,
}

/// What [`gate`] let through: the sections to publish, the note for the brief, and every
/// refused sentence with its reason (which starts with the gate's name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gated {
    pub sections: Vec<Section>,
    /// `model` is left empty: the caller knows which model answered.
    pub note: AnalysisNote,
    pub refused: Vec<Rejected>,
    /// Provenance entries for what the published sentences cite (a background page the rest of
    /// the brief does not cite would otherwise be missing from the brief's provenance).
    pub provenance: Vec<wiredesk_model::ProvenanceItem>,
}

/// Whether a story is worth the model's time: at least two origins that report the claim (a
/// denial does not count), or one reporting origin whose own publication the desk has seen.
pub fn eligible(story: &Story) -> bool {
    let reporting: Vec<_> = story
        .origins
        .iter()
        .filter(|origin| !origin.denies)
        .collect();
    reporting.len() >= 2 || reporting.iter().any(|origin| origin.verified)
}

/// Puts `gated` into `brief`: the published sections go just before "What to watch" (at the end
/// when the brief has none), each labelled [`ANALYSIS_LABEL`]; `brief.analysis` is set. Analysis
/// sections an earlier call attached are replaced, not duplicated, and the Wikipedia pages only
/// they cited leave the provenance with them.
pub fn attach(brief: &mut Brief, gated: Gated) {
    brief.sections.retain(|section| !is_analysis(section));
    let at = brief
        .sections
        .iter()
        .position(|section| section.heading == HEADING_WATCH)
        .unwrap_or(brief.sections.len());
    brief.sections.splice(at..at, gated.sections);

    let cited: BTreeSet<&str> = std::iter::once(&brief.headline)
        .chain(std::iter::once(&brief.standfirst))
        .chain(brief.sections.iter().flat_map(|section| &section.sentences))
        .flat_map(|sentence| sentence.citations.iter().map(String::as_str))
        .collect();
    brief
        .provenance
        .retain(|item| item.kind != "wikipedia" || cited.contains(item.url.as_str()));
    for item in gated.provenance {
        if !brief
            .provenance
            .iter()
            .any(|existing| existing.url == item.url)
        {
            brief.provenance.push(item);
        }
    }
    brief.analysis = Some(gated.note);
}

/// The note for an analysis withheld whole (the model failed, timed out, or the budget ran out):
/// every section withheld, `error` saying why. `model` is left empty for the caller.
pub fn withheld(error: &str) -> AnalysisNote {
    AnalysisNote {
        prompt_version: PROMPT_VERSION.to_string(),
        withheld: ANALYSIS_HEADINGS.iter().map(|h| (*h).to_string()).collect(),
        error: Some(error.to_string()),
        ..AnalysisNote::default()
    }
}

fn is_analysis(section: &Section) -> bool {
    section.label.as_deref() == Some(ANALYSIS_LABEL)
}

/// "08:38 UTC 1 July 2026": an item's time, short.
fn fmt_when(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} {}", fmt_time(at), at.format("%-d %B %Y"))
}
