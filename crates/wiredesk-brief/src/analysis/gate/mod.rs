//! The gates every proposed sentence passes before it is published, in this order; the first
//! that refuses names the refusal:
//!
//! - `empty`: no text.
//! - `form`: a text cut off without its closing stop. (An item of several sentences is split
//!   first, and each part is gated on its own with the item's cites.)
//! - `citation`: no cites, or a cite outside the numbered items.
//! - `meta`: talk about the model, its prompt or its input; a self-correction; a note to the
//!   reader.
//! - `quotation`: quoted words not verbatim in the cited evidence.
//! - `attribution`: a view put in the mouth of a party the cited evidence does not quote.
//! - `checker` (facts): the brief's own checker against the cited evidence.
//! - `unsupported-name`, `unsupported-number`, `unsupported-date` (analysis): a name, number, or
//!   date or time absent from the cited evidence and the story's background, found by the same
//!   checker (its refusal says what is missing; `unsupported` when it names something else).
//! - `content`: nothing of this story: none of its entities, origins, ledger values or its
//!   kind's event words.
//! - `ledger`: one side's value of a disputed slot stated without saying whose it is.
//! - `writing`: a fault `writing::faults` finds (the brief's invariant holds for analysis too).
//! - `duplicate`: a sentence already published in another section.
//!
//! Decision: the evidence a sentence is checked against is the brief's own [`EvidenceIndex`]
//! text for the cited URLs, exactly what the composer's sentences are checked against, so a
//! model's sentence can never rest on more than a template's could.

use std::collections::HashSet;

use wiredesk_model::{ANALYSIS_LABEL, AnalysisNote, ProvenanceItem, Rejected, Section, Sentence};

use super::answer::{Answer, Proposed, ProposedKind};
use super::{EvidenceItem, EvidenceKind, Gated, MIN_SENTENCES, PROMPT_VERSION};
use crate::BriefInput;
use crate::check::{CheckError, Missing, check_sentence_why};
use crate::evidence::EvidenceIndex;
use crate::writing::{evidence_names, faults};

mod attribution;
mod content;
mod ledger;
mod lexicon;
mod meta;
mod quotation;

#[cfg(test)]
mod tests;

/// Gates `answer` against the numbered `items` of `input`'s story.
pub fn gate(answer: &Answer, items: &[EvidenceItem], input: &BriefInput) -> Gated {
    let judge = Judge {
        input,
        items,
        index: EvidenceIndex::new(input),
    };
    let mut note = AnalysisNote {
        prompt_version: PROMPT_VERSION.to_string(),
        ..AnalysisNote::default()
    };
    let mut sections = Vec::new();
    let mut refused = Vec::new();
    let mut published_texts: HashSet<String> = HashSet::new();
    for (heading, proposed) in answer.sections() {
        let mut kept: Vec<Sentence> = Vec::new();
        // An item holding several sentences is split, each part keeping the item's kind and
        // cites and passing every gate on its own: a small model packs a paragraph into one.
        let split: Vec<Proposed> = proposed.iter().flat_map(one_per_sentence).collect();
        for sentence in &split {
            note.proposed += 1;
            let verdict = judge.judge(sentence).and_then(|kept_sentence| {
                if published_texts.contains(&lexicon::fold(&kept_sentence.text)) {
                    Err(("duplicate", "said already in another section".to_string()))
                } else {
                    Ok(kept_sentence)
                }
            });
            match verdict {
                Ok(kept_sentence) => {
                    published_texts.insert(lexicon::fold(&kept_sentence.text));
                    kept.push(kept_sentence);
                }
                Err((gate, detail)) => {
                    tracing::debug!(sentence = %sentence.text, gate, detail = %detail, "analysis sentence refused");
                    *note.refused.entry(gate.to_string()).or_default() += 1;
                    refused.push(Rejected {
                        text: sentence.text.clone(),
                        reason: format!("{gate}: {detail} ({heading})"),
                    });
                }
            }
        }
        if kept.len() >= MIN_SENTENCES {
            note.published += kept.len() as u32;
            sections.push(Section {
                heading: heading.to_string(),
                sentences: kept,
                label: Some(ANALYSIS_LABEL.to_string()),
            });
        } else {
            note.withheld.push(heading.to_string());
        }
    }
    let provenance = provenance(input, &sections);
    Gated {
        sections,
        note,
        refused,
        provenance,
    }
}

struct Judge<'a> {
    input: &'a BriefInput<'a>,
    items: &'a [EvidenceItem],
    index: EvidenceIndex,
}

type Verdict = Result<Sentence, (&'static str, String)>;

impl Judge<'_> {
    fn judge(&self, proposed: &Proposed) -> Verdict {
        let text = proposed
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            return Err(("empty", "no text".to_string()));
        }
        if let Some(detail) = not_one_sentence(&text) {
            return Err(("form", detail));
        }
        let urls = self.cited_urls(&proposed.cites)?;
        if let Some(detail) = meta::meta(&text) {
            return Err(("meta", detail));
        }
        let evidence: Vec<String> = urls.iter().filter_map(|url| self.index.get(url)).collect();
        if let Some(quoted) = quotation::unquoted(&text, &evidence.join("\n")) {
            return Err((
                "quotation",
                format!("\"{quoted}\" is not verbatim in the cited evidence"),
            ));
        }
        let speakers = attribution::speakers(
            self.input,
            &urls.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        attribution::attribution(&text, &speakers).map_err(|detail| ("attribution", detail))?;
        let checked_text = for_checker(&text);
        match proposed.kind {
            ProposedKind::Fact => {
                let sentence = Sentence {
                    text: checked_text,
                    citations: urls.clone(),
                };
                check_sentence_why(&sentence, &|url| self.index.get(url)).map_err(|error| {
                    let gate = match error {
                        CheckError::NoEvidence(_) | CheckError::NoCitation => "citation",
                        CheckError::Missing(_) => "checker",
                    };
                    (gate, error.to_string())
                })?;
            }
            ProposedKind::Analysis => {
                let mut citations = urls.clone();
                for item in self.items {
                    if item.kind == EvidenceKind::Background && !citations.contains(&item.url) {
                        citations.push(item.url.clone());
                    }
                }
                let sentence = Sentence {
                    text: checked_text,
                    citations,
                };
                check_sentence_why(&sentence, &|url| self.index.get(url))
                    .map_err(|error| (unsupported_gate(&error), error.to_string()))?;
            }
        }
        content::about_story(&text, self.input.story).map_err(|detail| ("content", detail))?;
        if let Some(detail) = ledger::unattributed_value(&text, self.input.story) {
            return Err(("ledger", detail));
        }
        let names = evidence_names(evidence.iter().map(String::as_str));
        let found = faults(&text, &names);
        if !found.is_empty() {
            return Err(("writing", found.join("; ")));
        }
        Ok(Sentence {
            text,
            citations: urls,
        })
    }

    /// The URLs of the cited items, each once, in citing order.
    fn cited_urls(&self, cites: &[u32]) -> Result<Vec<String>, (&'static str, String)> {
        if cites.is_empty() {
            return Err(("citation", "no citation".to_string()));
        }
        let mut urls: Vec<String> = Vec::new();
        for id in cites {
            let Some(item) = self.items.iter().find(|item| item.id == *id) else {
                return Err((
                    "citation",
                    format!("item {id} is not among the {} numbered", self.items.len()),
                ));
            };
            if !urls.contains(&item.url) {
                urls.push(item.url.clone());
            }
        }
        Ok(urls)
    }
}

/// `proposed` as one item per sentence, each with its kind and cites.
fn one_per_sentence(proposed: &Proposed) -> Vec<Proposed> {
    let parts = crate::text::clean_sentences(&proposed.text);
    if parts.len() <= 1 {
        return vec![proposed.clone()];
    }
    parts
        .into_iter()
        .map(|text| Proposed {
            text,
            ..proposed.clone()
        })
        .collect()
}

/// Why `text` is not one whole sentence, if it is not.
fn not_one_sentence(text: &str) -> Option<String> {
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    if !end.ends_with(['.', '!', '?']) {
        return Some("no closing stop: the text is cut off".to_string());
    }
    None
}

/// The checker's refusal of an analysis sentence, by what it found missing first.
fn unsupported_gate(error: &CheckError) -> &'static str {
    match error {
        CheckError::NoCitation | CheckError::NoEvidence(_) => "citation",
        CheckError::Missing(missing) => match missing.first() {
            Some(Missing::Name(_) | Missing::Handle(_)) => "unsupported-name",
            Some(Missing::Number(_)) => "unsupported-number",
            Some(
                Missing::Date(_)
                | Missing::WeekdayOfDate(_)
                | Missing::Weekday(_)
                | Missing::Month(_)
                | Missing::Time(_),
            ) => "unsupported-date",
            Some(Missing::Quote(_)) => "quotation",
            None => "unsupported",
        },
    }
}

/// The text as the checker should read it: a first word that only opens the sentence
/// ("Whatever", "Beyond") lower-cased, so it is not taken for a name.
fn for_checker(text: &str) -> String {
    let first = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or("");
    if !first.is_empty() && lexicon::lexicon().openers.contains(&lexicon::fold(first)) {
        let mut chars = text.chars();
        if let Some(initial) = chars.next() {
            return initial.to_lowercase().chain(chars).collect();
        }
    }
    text.to_string()
}

/// Provenance entries for what the published sections cite.
fn provenance(input: &BriefInput, sections: &[Section]) -> Vec<ProvenanceItem> {
    let mut out: Vec<ProvenanceItem> = Vec::new();
    for url in sections
        .iter()
        .flat_map(|section| &section.sentences)
        .flat_map(|sentence| &sentence.citations)
    {
        if out.iter().any(|item| item.url == *url) {
            continue;
        }
        if let Some(post) = input.posts.iter().find(|post| post.url == *url) {
            out.push(ProvenanceItem {
                url: url.clone(),
                kind: if post.kind == "telegram" {
                    "telegram-post"
                } else {
                    "feed-item"
                }
                .to_string(),
                first_seen: post.published_at,
                sha256: post.sha256.clone(),
            });
        } else if let Some(summary) = input.background.iter().find(|s| s.url == *url) {
            out.push(ProvenanceItem {
                url: url.clone(),
                kind: "wikipedia".to_string(),
                first_seen: summary.timestamp.unwrap_or(input.now),
                sha256: None,
            });
        }
    }
    out
}
