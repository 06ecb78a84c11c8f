//! The prompt: `prompts/analysis.md` (compiled in) filled with the story's checked facts, its
//! frame and origins, the numbered evidence, the background and the timeline; the JSON schema the
//! answer must follow; and a hash that names exactly what the model was asked.
//!
//! Decision: the prompt text lives in one Markdown file at the repository root, versioned on its
//! first line, so an editor can change the wording without touching code and every brief records
//! which version wrote its analysis. The hash covers the version, both messages and the schema:
//! two briefs with the same hash were written from the same question.

use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiredesk_model::{Brief, SlotStatus, SpeakerKind, Story};

use super::{EvidenceItem, EvidenceKind, fmt_when};
use crate::BriefInput;
use crate::compose::{HEADING_LEDE, HEADING_LEDGER, HEADING_UNCERTAIN};
use crate::text::slot_label;

const PROMPT_FILE: &str = include_str!("../../../../prompts/analysis.md");

/// The prompt file's version: its first line, `version: analysis-v1`.
pub const PROMPT_VERSION: &str = version_of(PROMPT_FILE);

/// The `name` of the JSON schema in an OpenAI-style `response_format`.
pub const SCHEMA_NAME: &str = "wiredesk_analysis";

/// Most earlier stories the timeline lists.
const MAX_TIMELINE: usize = 5;

/// What the model is asked: the two chat messages, the answer's JSON schema, and the hex SHA-256
/// of version, messages and schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    pub schema: Value,
    pub hash: String,
    /// The schema's name in `response_format`.
    pub schema_name: &'static str,
}

impl Prompt {
    /// `{"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}`, for an
    /// OpenAI-compatible chat completion.
    pub fn response_format(&self) -> Value {
        json!({
            "type": "json_schema",
            "json_schema": { "name": self.schema_name, "strict": true, "schema": self.schema },
        })
    }
}

/// The system message and the user template of a prompt file.
pub(super) struct Template {
    pub(super) system: String,
    pub(super) user: String,
}

impl Template {
    /// `file`'s parts under "# System" and "# User" (`name` says which file in the panic a
    /// malformed one, compiled in, would cause at first use).
    pub(super) fn of(file: &str, name: &str) -> Template {
        let (_, rest) = file
            .split_once("\n# System\n")
            .unwrap_or_else(|| panic!("{name} has a \"# System\" part"));
        let (system, user) = rest
            .split_once("\n# User\n")
            .unwrap_or_else(|| panic!("{name} has a \"# User\" part after \"# System\""));
        Template {
            system: system.trim().to_string(),
            user: user.trim().to_string(),
        }
    }
}

static TEMPLATE: LazyLock<Template> =
    LazyLock::new(|| Template::of(PROMPT_FILE, "prompts/analysis.md"));

/// The hex SHA-256 naming exactly what a model was asked: version, both messages and schema.
pub(super) fn prompt_hash(version: &str, system: &str, user: &str, schema: &Value) -> String {
    let mut hasher = Sha256::new();
    for part in [version, system, user, &schema.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The prompt for `input`'s story, given its composed `brief` and the numbered `items`.
pub fn prompt(input: &BriefInput, brief: &Brief, items: &[EvidenceItem]) -> Prompt {
    let template = &*TEMPLATE;
    let ids = |urls: &[String]| cited_ids(urls, items);
    let fills: [(&str, String); 10] = [
        ("kind", input.story.kind.clone()),
        ("headline", brief.headline.text.clone()),
        ("facts", facts(brief, &ids)),
        ("ledger", ledger(brief, &ids)),
        ("frame", frame(input.story, brief)),
        ("origins", origins(input, items)),
        ("n_items", items.len().to_string()),
        ("evidence", numbered(items, EvidenceKind::Post)),
        ("background", numbered(items, EvidenceKind::Background)),
        ("timeline", timeline(input)),
    ];
    let user = fill(&template.user, &fills);
    let schema = schema();
    let hash = prompt_hash(PROMPT_VERSION, &template.system, &user, &schema);
    Prompt {
        system: template.system.clone(),
        user,
        schema,
        hash,
        schema_name: SCHEMA_NAME,
    }
}

/// `template` with each `{{name}}` replaced by its value, in one pass: a post that happens to
/// contain "{{background}}" is quoted as written, not filled in.
pub(super) fn fill(template: &str, fills: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let value = after.find("}}").and_then(|close| {
            let name = &after[..close];
            fills
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The answer's schema: four arrays of `{kind, text, cites}`, nothing else (strict mode wants
/// every property required and no others allowed).
/// Sentences per section, and characters per sentence, that the schema allows: four sections
/// of this size fit well within `[analysis] max_tokens`' default, so an answer is never cut off.
pub const MAX_SENTENCES: usize = 3;
pub const MAX_SENTENCE_CHARS: usize = 300;

pub fn schema() -> Value {
    let sentence = json!({
        "type": "object",
        "properties": {
            "kind": { "type": "string", "enum": ["fact", "analysis"] },
            "text": { "type": "string", "maxLength": MAX_SENTENCE_CHARS },
            "cites": { "type": "array", "items": { "type": "integer" }, "maxItems": 4 },
        },
        "required": ["kind", "text", "cites"],
        "additionalProperties": false,
    });
    let array = json!({ "type": "array", "items": sentence, "maxItems": MAX_SENTENCES });
    json!({
        "type": "object",
        "properties": {
            "signals": array,
            "readings": array,
            "why_now": array,
            "stakes": array,
        },
        "required": ["signals", "readings", "why_now", "stakes"],
        "additionalProperties": false,
    })
}

/// " [1, 3]": the item numbers of the URLs, or nothing when none is an item.
fn cited_ids(urls: &[String], items: &[EvidenceItem]) -> String {
    let ids: Vec<String> = items
        .iter()
        .filter(|item| urls.contains(&item.url))
        .map(|item| item.id.to_string())
        .collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!(" [{}]", ids.join(", "))
    }
}

/// The brief's lede, ledger and uncertain sentences, each with the items it cites.
fn facts(brief: &Brief, ids: &dyn Fn(&[String]) -> String) -> String {
    let lines: Vec<String> = brief
        .sections
        .iter()
        .filter(|section| {
            [HEADING_LEDE, HEADING_LEDGER, HEADING_UNCERTAIN].contains(&section.heading.as_str())
        })
        .flat_map(|section| &section.sentences)
        .map(|sentence| format!("- {}{}", sentence.text, ids(&sentence.citations)))
        .collect();
    or_none(lines)
}

fn ledger(brief: &Brief, ids: &dyn Fn(&[String]) -> String) -> String {
    let lines: Vec<String> = brief
        .ledger
        .iter()
        .map(|row| {
            let values = if row.values.is_empty() {
                "not reported".to_string()
            } else {
                row.values.join("; ")
            };
            format!(
                "- {} ({}): {values}{}",
                row.shown_slot(),
                status_words(row.status),
                ids(&row.evidence)
            )
        })
        .collect();
    or_none(lines)
}

/// The story's kind, what its frame asks and how each answer stands, and what nobody says.
fn frame(story: &Story, brief: &Brief) -> String {
    let mut lines: Vec<String> = story
        .slots
        .iter()
        .map(|slot| {
            format!(
                "- {}: {}",
                slot_label(&slot.name).0,
                status_words(slot.status)
            )
        })
        .collect();
    if !brief.unknowns.is_empty() {
        lines.push(format!("Not reported: {}.", brief.unknowns.join("; ")));
    }
    or_none(lines)
}

/// Who the story's claims come from, whether the desk has seen their own publication, who
/// denies, and which items carry each.
fn origins(input: &BriefInput, items: &[EvidenceItem]) -> String {
    let lines: Vec<String> = input
        .story
        .origins
        .iter()
        .map(|origin| {
            let kind = match origin.kind {
                SpeakerKind::Named => "person",
                SpeakerKind::Role => "official",
                SpeakerKind::Anonymous => "unnamed source",
                SpeakerKind::Outlet => "outlet",
                SpeakerKind::Organization => "organisation",
            };
            let mut notes = vec![kind.to_string()];
            notes.push(
                if origin.denies {
                    "denies the claim"
                } else if origin.verified {
                    "its own publication seen"
                } else {
                    "known only through relays"
                }
                .to_string(),
            );
            if !origin.aliases.is_empty() {
                notes.push(format!("also {}", origin.aliases.join(", ")));
            }
            let urls: Vec<String> = origin
                .relays
                .iter()
                .filter_map(|relay| {
                    input
                        .posts
                        .iter()
                        .find(|post| post.reference == relay.post)
                        .map(|post| post.url.clone())
                })
                .collect();
            format!(
                "- {} ({}){}",
                origin.name,
                notes.join("; "),
                cited_ids(&urls, items)
            )
        })
        .collect();
    or_none(lines)
}

fn numbered(items: &[EvidenceItem], kind: EvidenceKind) -> String {
    let blocks: Vec<String> = items
        .iter()
        .filter(|item| item.kind == kind)
        .map(|item| format!("[{}] {}\n{}", item.id, item.label, item.text))
        .collect();
    if blocks.is_empty() {
        "(none)".to_string()
    } else {
        blocks.join("\n\n")
    }
}

/// Earlier related stories, oldest first, by their titles.
fn timeline(input: &BriefInput) -> String {
    let mut related: Vec<&Story> = input
        .related
        .iter()
        .filter(|story| story.id != input.story.id && story.first_seen <= input.story.first_seen)
        .collect();
    related.sort_by_key(|story| std::cmp::Reverse(story.first_seen));
    related.truncate(MAX_TIMELINE);
    related.reverse();
    or_none(
        related
            .iter()
            .map(|story| format!("- {}: {}", fmt_when(story.first_seen), story.title))
            .collect(),
    )
}

fn status_words(status: SlotStatus) -> &'static str {
    match status {
        SlotStatus::Confirmed => "confirmed",
        SlotStatus::SingleOrigin => "one origin",
        SlotStatus::Disputed => "disputed",
        SlotStatus::Unknown => "unknown",
    }
}

fn or_none(lines: Vec<String>) -> String {
    if lines.is_empty() {
        "(none)".to_string()
    } else {
        lines.join("\n")
    }
}

/// The version on the file's first line (`version: analysis-v1` → `analysis-v1`), read at
/// compile time; a file without it fails the build.
pub(super) const fn version_of(file: &str) -> &str {
    const PREFIX: &[u8] = b"version: ";
    let bytes = file.as_bytes();
    let mut idx = 0;
    while idx < PREFIX.len() {
        assert!(
            idx < bytes.len() && bytes[idx] == PREFIX[idx],
            "a prompt file must open with \"version: \""
        );
        idx += 1;
    }
    let mut end = idx;
    while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
        end += 1;
    }
    assert!(end > idx, "a prompt file names no version");
    let (head, _) = bytes.split_at(end);
    let (_, version) = head.split_at(idx);
    match std::str::from_utf8(version) {
        Ok(version) => version,
        Err(_) => panic!("prompts/analysis.md's version is not UTF-8"),
    }
}
