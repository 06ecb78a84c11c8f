//! The evidence behind each citation URL: what the checker may read for a post, a feed item, a
//! page or a Wikipedia summary.
//!
//! Decision: a post's evidence is its own text plus what the desk knows about it for certain:
//! its time ("08:38 UTC", "Wednesday 1 July 2026"), the name and handle of the source that
//! published it ("OSINT Brief", "@osintbrief"), and, for a post an origin published itself, that
//! origin's name as the origins stage gives it. A sentence saying "@osintbrief at 08:38 UTC"
//! therefore checks against that post, and nothing else is added.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use wiredesk_model::WikiSummary;

use crate::check::{EvidenceFacts, evidence_facts};
use crate::text::{fmt_date, fmt_time};
use crate::{BriefInput, BriefPost, BriefSource};

/// URL → the text a sentence citing it may rest on, and what the checker read in it (read
/// once per index when a sentence first cites it: a brief's sentences cite the same posts).
#[derive(Debug, Clone, Default)]
pub struct EvidenceIndex {
    /// By URL: the text, and what the checker read in it once asked. FxHash: a brief looks up
    /// thousands of URLs per sentence on a large story.
    entries:
        rustc_hash::FxHashMap<String, (String, std::sync::OnceLock<std::sync::Arc<EvidenceFacts>>)>,
}

impl EvidenceIndex {
    /// Every post, source page, related post and Wikipedia summary of `input`.
    pub fn new(input: &BriefInput) -> EvidenceIndex {
        let mut index = EvidenceIndex::default();
        let sources: HashMap<&str, &BriefSource> = input
            .sources
            .iter()
            .rev()
            .map(|source| (source.key.as_str(), source))
            .collect();
        for post in input.posts.iter().chain(input.related_posts) {
            let source = sources.get(post.source_key.as_str()).copied();
            index.insert(&post.url, post_evidence(post, source));
        }
        let posts: HashMap<&str, &BriefPost> = input
            .posts
            .iter()
            .rev()
            .map(|post| (post.reference.as_str(), post))
            .collect();
        // A post the origin published itself: the desk knows its author, under the name the
        // origins stage gave it (an English name from the origin's own copy in English).
        for origin in &input.story.origins {
            for relay in &origin.relays {
                if relay.kind != wiredesk_model::RelayKind::Primary {
                    continue;
                }
                if let Some(post) = posts.get(relay.post.as_str()) {
                    let mut names = origin.name.clone();
                    for alias in &origin.aliases {
                        names.push('\n');
                        names.push_str(alias);
                    }
                    index.insert(&post.url, names);
                }
            }
        }
        for source in input.sources {
            index.insert(
                &source.page_url,
                source_evidence(source, source.page_fetched_at),
            );
        }
        for summary in input.background {
            index.insert(&summary.url, wiki_evidence(summary));
        }
        index
    }

    pub fn insert(&mut self, url: &str, text: String) {
        match self.entries.get_mut(url) {
            Some((existing, facts)) => {
                existing.push('\n');
                existing.push_str(&text);
                // The text changed: what was read in it is read again.
                *facts = std::sync::OnceLock::new();
            }
            None => {
                self.entries
                    .insert(url.to_string(), (text, std::sync::OnceLock::new()));
            }
        }
    }

    pub fn get(&self, url: &str) -> Option<String> {
        self.entries.get(url).map(|(text, _)| text.clone())
    }

    /// What the checker reads in the evidence of `url`, read when first asked.
    pub(crate) fn facts(&self, url: &str) -> Option<std::sync::Arc<EvidenceFacts>> {
        let (text, facts) = self.entries.get(url)?;
        Some(std::sync::Arc::clone(
            facts.get_or_init(|| evidence_facts(text.clone())),
        ))
    }
}

/// A post's evidence: title, text, time and date in UTC, the source's name and handle.
pub fn post_evidence(post: &BriefPost, source: Option<&BriefSource>) -> String {
    let mut text = String::new();
    if let Some(title) = &post.title {
        text.push_str(title);
        text.push_str(".\n");
    }
    text.push_str(&post.text);
    text.push('\n');
    // A checked rendering is evidence for what it says (the check held it to the original),
    // under a line that says what it is, so a sentence quoting it can say so.
    if let Some(translation) = &post.translation {
        text.push_str(&format!(
            "English translation from {}:\n{}\n",
            crate::analysis::language_name(&translation.from),
            translation.text
        ));
    }
    for name in &post.carried_from {
        text.push_str(name);
        text.push('\n');
    }
    text.push_str(&time_evidence(post.published_at));
    match source {
        Some(source) => {
            text.push('\n');
            text.push_str(&source_evidence(source, None));
        }
        None if post.kind == "telegram" => {
            text.push_str(&format!("\n@{}", post.source_key));
        }
        None => {}
    }
    text
}

/// A source's name and handle (and, for a page, when it was fetched).
pub fn source_evidence(source: &BriefSource, fetched_at: Option<DateTime<Utc>>) -> String {
    let mut text = source.name.clone();
    if source.kind == "telegram" {
        text.push_str(&format!("\n@{}", source.key));
    }
    if let Some(at) = fetched_at {
        text.push('\n');
        text.push_str(&time_evidence(at));
    }
    text
}

/// A Wikipedia summary's evidence: its title and extract.
pub fn wiki_evidence(summary: &WikiSummary) -> String {
    format!(
        "{}\n{}",
        summary
            .display_title
            .as_deref()
            .filter(|title| !title.contains('<'))
            .unwrap_or(&summary.title.replace('_', " ")),
        summary.extract
    )
}

/// "08:38 UTC Wednesday 1 July 2026 2026-07-01".
fn time_evidence(at: DateTime<Utc>) -> String {
    format!(
        "{} {} {}",
        fmt_time(at),
        fmt_date(at),
        at.format("%Y-%m-%d")
    )
}
