//! Small text helpers shared by every output: UTC times, escaping, URLs of posts and pages,
//! labels for model enums, and the numbering of a brief's citations.
//!
//! Citation numbers follow the provenance list, so `[3]` in a sentence is the third provenance
//! entry in Markdown, HTML and feeds alike; a cited URL missing from provenance is numbered after it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use wiredesk_model::{Brief, ProvenanceItem, RelayKind, SlotStatus, SpeakerKind, Trust};

/// "YYYY-MM-DD HH:MM UTC".
pub(crate) fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// RFC 3339 with a `Z`, for feeds.
pub(crate) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether XML 1.0 allows the character at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Escapes text for XML content and attribute values, dropping characters XML cannot carry.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for one path segment or query value.
pub(crate) fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The URL of a post reference: feed items are already links, Telegram posts are `channel/id`.
pub(crate) fn post_url(post: &str) -> String {
    if post.starts_with("http://") || post.starts_with("https://") {
        post.to_string()
    } else {
        format!("https://t.me/{}", post.trim_start_matches('@'))
    }
}

/// Only `http(s)` URLs become links; anything else (`javascript:`) is shown as text.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// How a source key reads in a label: `@channel`, or a feed URL's host.
pub(crate) fn source_label(key: &str) -> String {
    match key.split_once("://") {
        Some((_, rest)) => rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or(rest)
            .to_string(),
        None => format!("@{}", key.trim_start_matches('@')),
    }
}

/// At most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Whitespace (newlines included) collapsed to single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first 12 characters of a hash: enough to check, short enough to read.
pub(crate) fn short_hash(hash: &str) -> String {
    hash.chars().take(12).collect()
}

pub(crate) fn status_word(status: SlotStatus) -> &'static str {
    match status {
        SlotStatus::Confirmed => "confirmed",
        SlotStatus::SingleOrigin => "single-origin",
        SlotStatus::Disputed => "disputed",
        SlotStatus::Unknown => "unknown",
    }
}

pub(crate) fn relay_kind_word(kind: RelayKind) -> &'static str {
    match kind {
        RelayKind::Primary => "primary",
        RelayKind::Forward => "forward",
        RelayKind::Citation => "citation",
        RelayKind::Link => "link",
        RelayKind::FeedSource => "feed source",
        RelayKind::Copy => "copy",
    }
}

pub(crate) fn speaker_kind_word(kind: SpeakerKind) -> &'static str {
    match kind {
        SpeakerKind::Named => "named person",
        SpeakerKind::Role => "official role",
        SpeakerKind::Anonymous => "anonymous source",
        SpeakerKind::Outlet => "outlet",
        SpeakerKind::Organization => "organisation",
    }
}

pub(crate) fn trust_word(trust: Trust) -> &'static str {
    match trust {
        Trust::Normal => "normal",
        Trust::LeadsOnly => "leads only",
        Trust::StateAffiliated => "state-affiliated",
        Trust::Primary => "primary",
    }
}

pub(crate) fn trust_explanation(trust: Trust) -> &'static str {
    match trust {
        Trust::Normal => "counted like any other source",
        Trust::LeadsOnly => "good for leads, never enough on its own",
        Trust::StateAffiliated => "known to be state-affiliated; flagged in desk notes",
        Trust::Primary => "the primary itself: its own posts confirm what others relay",
    }
}

/// One numbered note: a provenance entry, or a cited URL the provenance list lacks.
#[derive(Debug, Clone)]
pub(crate) struct Note<'a> {
    pub number: usize,
    pub url: &'a str,
    pub item: Option<&'a ProvenanceItem>,
}

/// The numbering of a brief's citations.
#[derive(Debug)]
pub(crate) struct Notes<'a> {
    pub notes: Vec<Note<'a>>,
    by_url: HashMap<&'a str, usize>,
}

impl<'a> Notes<'a> {
    pub fn new(brief: &'a Brief) -> Notes<'a> {
        let mut notes = Notes {
            notes: Vec::new(),
            by_url: HashMap::new(),
        };
        for item in &brief.provenance {
            notes.push(&item.url, Some(item));
        }
        let cited = std::iter::once(&brief.headline)
            .chain(std::iter::once(&brief.standfirst))
            .chain(brief.sections.iter().flat_map(|section| &section.sentences))
            .flat_map(|sentence| &sentence.citations)
            .chain(brief.ledger.iter().flat_map(|row| &row.evidence));
        for url in cited {
            notes.push(url, None);
        }
        notes
    }

    fn push(&mut self, url: &'a str, item: Option<&'a ProvenanceItem>) {
        if self.by_url.contains_key(url) {
            return;
        }
        let number = self.notes.len() + 1;
        self.by_url.insert(url, number);
        self.notes.push(Note { number, url, item });
    }

    /// The numbers of `urls`, ascending, without repeats.
    pub fn numbers(&self, urls: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for url in urls {
            if let Some(&number) = self.by_url.get(url.as_str())
                && !out.contains(&number)
            {
                out.push(number);
            }
        }
        out.sort_unstable();
        out
    }
}

/// What a reader is told when the language-model analysis, or some of its sections, is not
/// shown: the sections withheld and why. `None` when analysis was not asked for or all of it
/// is shown.
pub(crate) fn analysis_withheld(brief: &wiredesk_model::Brief) -> Option<String> {
    let note = brief.analysis.as_ref()?;
    if let Some(error) = &note.error {
        return Some(format!(
            "Analysis withheld: the language model gave no usable answer ({}).",
            one_line(error)
        ));
    }
    if note.withheld.is_empty() {
        return None;
    }
    let refused: u32 = note.refused.values().sum();
    Some(format!(
        "Analysis withheld for {}: fewer than two of its sentences passed the desk's checks ({refused} of {} proposed sentences refused).",
        note.withheld.join(", "),
        note.proposed
    ))
}
