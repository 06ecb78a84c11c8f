//! The numbered evidence the model reads and cites: the story's posts in time order, then the
//! Wikipedia summaries that concern the story.
//!
//! Decision: background pages are those of the story's own entities (its `wikipedia` titles and
//! the gazetteer's) and of the relations between its countries, as the composer chooses them; a
//! page about anything else the caller happened to pass is not offered, so the model cannot lean
//! on it.

use std::collections::BTreeSet;

use wiredesk_analysis::entities::{gazetteer, relation_title};
use wiredesk_model::{EntityKind, WikiSummary};

use super::{EvidenceItem, EvidenceKind, fmt_when};
use crate::evidence::wiki_evidence;
use crate::{BriefInput, BriefPost};

/// Most posts offered: the earliest, so every origin's first word is there.
pub const MAX_POSTS: usize = 30;
/// Most background summaries offered.
pub const MAX_BACKGROUND: usize = 4;
/// Characters of one item's text the model reads.
pub const MAX_TEXT_CHARS: usize = 1200;
/// Characters of all posts' texts together (about 4,000 tokens): the prompt must fit a small
/// local model's context with room for the answer. At least one post is always offered.
pub const MAX_EVIDENCE_CHARS: usize = 16_000;

/// The story's posts (time order, at most [`MAX_POSTS`] and [`MAX_EVIDENCE_CHARS`]) then its
/// background summaries (at most [`MAX_BACKGROUND`]), numbered from 1.
pub fn evidence_items(input: &BriefInput) -> Vec<EvidenceItem> {
    let mut posts: Vec<&BriefPost> = Vec::new();
    for post in input.posts {
        if !posts.iter().any(|seen| seen.url == post.url) {
            posts.push(post);
        }
    }
    posts.sort_by(|a, b| {
        a.published_at
            .cmp(&b.published_at)
            .then_with(|| a.reference.cmp(&b.reference))
    });
    posts.truncate(MAX_POSTS);

    let mut items: Vec<EvidenceItem> = Vec::new();
    let mut n_chars = 0;
    for post in posts {
        let text = match &post.title {
            Some(title) if !post.text.starts_with(title.as_str()) => {
                format!("{}. {}", title.trim_end_matches('.'), post.text)
            }
            _ => post.text.clone(),
        };
        let text = capped(&text);
        n_chars += text.chars().count();
        if !items.is_empty() && n_chars > MAX_EVIDENCE_CHARS {
            break;
        }
        items.push(EvidenceItem {
            id: items.len() as u32 + 1,
            url: post.url.clone(),
            kind: EvidenceKind::Post,
            label: format!(
                "{}, {}",
                post_author(input, post),
                fmt_when(post.published_at)
            ),
            text: capped(&text),
        });
    }
    for summary in background(input) {
        if items.iter().any(|item| item.url == summary.url) {
            continue;
        }
        let evidence = wiki_evidence(summary);
        let (title, _) = evidence.split_once('\n').unwrap_or((&evidence, ""));
        items.push(EvidenceItem {
            id: items.len() as u32 + 1,
            url: summary.url.clone(),
            kind: EvidenceKind::Background,
            label: format!("Wikipedia: {title}"),
            text: capped(&summary.extract),
        });
    }
    items
}

/// "@osintbrief" for a channel, the outlet's name for a feed.
fn post_author(input: &BriefInput, post: &BriefPost) -> String {
    match input.sources.iter().find(|s| s.key == post.source_key) {
        Some(source) if source.kind == "telegram" => format!("@{}", source.key),
        Some(source) => source.name.clone(),
        None if post.kind == "telegram" => format!("@{}", post.source_key),
        None => post.source_key.clone(),
    }
}

/// The summaries about the story: its entities' pages and the relations between its countries,
/// in the order the caller gave them.
fn background<'a>(input: &BriefInput<'a>) -> Vec<&'a WikiSummary> {
    let key = |title: &str| title.replace(' ', "_").to_lowercase();
    let mut wanted: BTreeSet<String> = input.story.wikipedia.values().map(|t| key(t)).collect();
    let mut countries: Vec<String> = Vec::new();
    for name in &input.story.entities {
        wanted.insert(key(name));
        let Some(entry) = gazetteer().lookup(name) else {
            continue;
        };
        if let Some(title) = &entry.wikipedia {
            wanted.insert(key(title));
        }
        wanted.insert(key(&entry.canonical));
        let country = match entry.kind {
            EntityKind::Country => Some(entry.canonical.clone()),
            EntityKind::Place => entry.country.clone(),
            _ => None,
        };
        if let Some(country) = country
            && !countries.contains(&country)
        {
            countries.push(country);
        }
    }
    for (idx, a) in countries.iter().enumerate() {
        for b in &countries[idx + 1..] {
            wanted.extend(relation_title(a, b).map(|title| key(&title)));
        }
    }
    input
        .background
        .iter()
        .filter(|summary| !summary.extract.trim().is_empty())
        .filter(|summary| wanted.contains(&key(&summary.title)))
        .take(MAX_BACKGROUND)
        .collect()
}

/// `text` with its whitespace collapsed, cut to [`MAX_TEXT_CHARS`] at a sentence end when one
/// falls in the second half, else at a space.
fn capped(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX_TEXT_CHARS {
        return flat;
    }
    let end = flat
        .char_indices()
        .nth(MAX_TEXT_CHARS)
        .map_or(flat.len(), |(idx, _)| idx);
    let head = &flat[..end];
    let sentence_end = head
        .rmatch_indices(". ")
        .map(|(idx, _)| idx + 1)
        .find(|idx| *idx > end / 2);
    let cut = sentence_end.or_else(|| head.rfind(' ')).unwrap_or(end);
    flat[..cut].trim_end().to_string()
}
