//! The deterministic composer: templates over the story's origins and ledger, no model, offline.
//!
//! Decisions:
//! - Every sentence is built with the URLs it rests on and goes through [`check_sentence`] before
//!   it is kept; a failure lands in `Brief::rejected` with its reason and is never published.
//!   Headline and standfirst fall back to plainer wording (the first report's own words, then a
//!   generic line) rather than go out unchecked.
//! - Wording never claims more than the ledger: one origin is "reported" / "according to", two
//!   that conflict are "conflicting accounts", "confirmed" only for slots two origins give.
//! - Counts the desk makes itself (posts, channels, origins) are written in words; the checker
//!   only checks digits, which therefore always come from the sources.
//! - Slot values from the ledger are quoted as the sources give them; the only rewrite is an ISO
//!   date into "Wednesday 1 July 2026".

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use wiredesk_analysis::attribute::attribute;
use wiredesk_analysis::entities::{gazetteer, relation_title};
use wiredesk_analysis::ledger::same_value;
use wiredesk_model::{
    Brief, EntityKind, LedgerRow, Origin, ProvenanceItem, Rejected, Relay, RelayKind, Section,
    Sentence, SlotStatus, SlotValue, SpeakerKind, Story, Trust, WikiSummary,
};

use crate::check::check_sentence_in;
use crate::evidence::EvidenceIndex;
use crate::text::{
    MAX_NAMED, capitalize_first, clean_sentences, count_words, decapitalize_first, fmt_naive_date,
    fmt_time, fmt_time_and_date, headline_clause, is_plural_name, join_list, join_named, join_or,
    n_named, plural, quote_as_headline, slot_label, unknown_words, with_article,
};
use crate::{BriefInput, BriefPost, BriefSource};

mod background;
mod lede;
mod ledger;
mod note;
mod watch;

#[cfg(test)]
mod tests;

pub const HEADING_LEDE: &str = "What happened";
pub const HEADING_LEDGER: &str = "What is confirmed, reported and disputed";
pub const HEADING_BACKGROUND: &str = "Background";
pub const HEADING_UNCERTAIN: &str = "What remains uncertain";
pub const HEADING_WATCH: &str = "What to watch";
pub const HEADING_DESK_NOTE: &str = "Desk note";

/// How many Wikipedia pages the background quotes, and how many earlier stories the timeline lists.
const MAX_BACKGROUND_PAGES: usize = 2;
const MAX_TIMELINE: usize = 5;

/// Writes the brief for `input.story`. Version 1, no revisions: [`crate::revise`] numbers it
/// against the previous version.
pub fn compose(input: &BriefInput) -> Brief {
    let index = EvidenceIndex::new(input);
    let ctx = Ctx::new(input);
    let mut out = Checked {
        index: &index,
        rejected: Vec::new(),
    };

    let headline = out
        .first_passing(ctx.headline_candidates())
        .unwrap_or_else(|| ctx.last_resort("Unconfirmed reports"));
    let standfirst = out
        .first_passing(ctx.standfirst_candidates())
        .unwrap_or_else(|| ctx.last_resort("The desk is still gathering sources on this story."));

    let mut sections = Vec::new();
    let lede = without_dangling_pronoun(out.keep_all(ctx.lede()));
    push_section(&mut sections, HEADING_LEDE, lede);
    let ledger_sentences = out.keep_all(ctx.ledger_sentences());
    push_section(&mut sections, HEADING_LEDGER, ledger_sentences);
    let mut background = out.keep_all(ctx.background());
    background.extend(out.keep_all(ctx.timeline()));
    push_section(&mut sections, HEADING_BACKGROUND, background);
    let uncertain = out.keep_all(ctx.uncertain());
    push_section(&mut sections, HEADING_UNCERTAIN, uncertain);
    let watch = out.keep_all(ctx.watch());
    push_section(&mut sections, HEADING_WATCH, watch);
    let desk_note_sentences = out.keep_all(ctx.desk_note());
    let desk_note = desk_note_sentences
        .iter()
        .map(|sentence| sentence.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    push_section(&mut sections, HEADING_DESK_NOTE, desk_note_sentences);

    let mut brief = Brief {
        story_id: ctx.story.id.clone(),
        version: 1,
        generated_at: input.now,
        headline,
        standfirst,
        sections,
        ledger: ctx.ledger_rows(),
        unknowns: ctx.unknowns(),
        desk_note,
        provenance: Vec::new(),
        revisions: Vec::new(),
        rejected: out.rejected,
        analysis: None,
    };
    brief.provenance = ctx.provenance(&brief);
    brief
}

/// The lede's later sentences say "it" for the report its first sentence gives. When the checker
/// refused that first sentence, "It was also relayed…" would point at nothing: the pronoun
/// becomes "the report", and "Before that, it had been…" loses its "Before that".
fn without_dangling_pronoun(mut lede: Vec<Sentence>) -> Vec<Sentence> {
    if let Some(first) = lede.first_mut() {
        for (dangling, named) in [
            ("It was also ", "The report was also "),
            ("Before that, it had been ", "The report had been "),
        ] {
            if let Some(rest) = first.text.strip_prefix(dangling) {
                first.text = format!("{named}{rest}");
                break;
            }
        }
    }
    lede
}

fn push_section(sections: &mut Vec<Section>, heading: &str, sentences: Vec<Sentence>) {
    if !sentences.is_empty() {
        sections.push(Section {
            heading: heading.to_string(),
            sentences,
            label: None,
        });
    }
}

/// The checker gate: sentences that pass are kept, the rest are logged in `rejected`.
struct Checked<'i> {
    index: &'i EvidenceIndex,
    rejected: Vec<Rejected>,
}

impl Checked<'_> {
    fn keep(&mut self, sentence: Sentence) -> Option<Sentence> {
        let index = self.index;
        match check_sentence_in(&sentence, &|url| index.facts(url)) {
            Ok(()) => Some(sentence),
            Err(reason) => {
                tracing::debug!(sentence = %sentence.text, reason = %reason, "sentence refused by the checker");
                self.rejected.push(Rejected {
                    text: sentence.text,
                    reason,
                });
                None
            }
        }
    }

    fn keep_all(&mut self, sentences: Vec<Sentence>) -> Vec<Sentence> {
        sentences
            .into_iter()
            .filter_map(|sentence| self.keep(sentence))
            .collect()
    }

    fn first_passing(&mut self, candidates: Vec<Sentence>) -> Option<Sentence> {
        candidates
            .into_iter()
            .find_map(|sentence| self.keep(sentence))
    }
}

fn sentence(text: String, citations: Vec<String>) -> Sentence {
    // Repeats dropped, first mentions kept in order, without copying the URLs: a sentence on a
    // large story cites thousands of posts.
    let mut seen: HashSet<&str> = HashSet::with_capacity(citations.len());
    let keep: Vec<bool> = citations
        .iter()
        .map(|url| seen.insert(url.as_str()))
        .collect();
    let citations = citations
        .into_iter()
        .zip(keep)
        .filter_map(|(url, first)| first.then_some(url))
        .collect();
    Sentence {
        text: tidy(&text),
        citations,
    }
}

/// The last pass over a composed sentence: a country's name takes no article before its
/// possessive ("the Ukraine's air force" → "Ukraine's air force"), and an article or
/// preposition never follows itself ("the the").
fn tidy(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for (idx, word) in words.iter().enumerate() {
        if let Some(next) = words.get(idx + 1)
            && word.eq_ignore_ascii_case("the")
            && let Some(owner) = next
                .strip_suffix("'s")
                .or_else(|| next.strip_suffix("’s"))
            && gazetteer().lookup(owner).is_some_and(|entry| {
                entry.kind == wiredesk_model::EntityKind::Country && entry.canonical == owner
            })
            // Names written with their article ("the Netherlands", "the Philippines") end in
            // a plural "s"; multi-word ones ("the United States") are not one word here.
            && !owner.ends_with('s')
        {
            continue;
        }
        // "the the", "of of": a stitching slip ("had had", "that that" can be English).
        if out.last().is_some_and(|last| {
            last.eq_ignore_ascii_case(word)
                && matches!(
                    word.to_lowercase().as_str(),
                    "the" | "a" | "an" | "of" | "in" | "on" | "to" | "and" | "by" | "for" | "at"
                )
        }) {
            continue;
        }
        out.push(word);
    }
    out.join(" ")
}

/// The story with its posts and sources indexed.
struct Ctx<'a> {
    input: &'a BriefInput<'a>,
    story: &'a Story,
    posts: HashMap<&'a str, &'a BriefPost>,
    /// [`Ctx::origin`]'s answers so far.
    origin_of_name: std::cell::RefCell<HashMap<String, Option<usize>>>,
}

impl<'a> Ctx<'a> {
    fn new(input: &'a BriefInput<'a>) -> Ctx<'a> {
        let posts = input
            .posts
            .iter()
            .map(|post| (post.reference.as_str(), post))
            .collect();
        Ctx {
            input,
            story: input.story,
            posts,
            origin_of_name: std::cell::RefCell::new(HashMap::new()),
        }
    }

    fn post(&self, reference: &str) -> Option<&'a BriefPost> {
        self.posts.get(reference).copied()
    }

    fn post_url(&self, reference: &str) -> Option<String> {
        self.post(reference).map(|post| post.url.clone())
    }

    fn source(&self, key: &str) -> Option<&'a BriefSource> {
        self.input.sources.iter().find(|source| source.key == key)
    }

    /// What a sentence about the whole story cites: the story's first post, and each origin's
    /// own report and first relay, in story order. Every post stays in the provenance list; a
    /// sentence cites the posts its words rest on, so a story of thousands of relays does not
    /// put thousands of citations on each sentence (nor make the checker read them).
    fn story_urls(&self) -> Vec<String> {
        let mut wanted: HashSet<&str> = HashSet::new();
        if let Some(first) = self.story.posts.first() {
            wanted.insert(first.as_str());
        }
        for origin in &self.story.origins {
            wanted.extend(self.key_relays(origin).map(|relay| relay.post.as_str()));
        }
        self.story
            .posts
            .iter()
            .filter(|reference| wanted.contains(reference.as_str()))
            .filter_map(|reference| self.post_url(reference))
            .collect()
    }

    /// An origin's own report (its primary) and its first relay: the posts that name it and
    /// time it.
    fn key_relays(&self, origin: &'a Origin) -> impl Iterator<Item = &'a Relay> {
        let relays = self.relays(origin);
        let primary = relays
            .iter()
            .copied()
            .find(|relay| relay.kind == RelayKind::Primary);
        let first = relays.first().copied();
        primary
            .into_iter()
            .chain(first.filter(|first| primary.is_none_or(|p| !std::ptr::eq(p, *first))))
    }

    /// "@osintbrief" for a channel, the outlet's name for a feed.
    fn handle(&self, source_key: &str) -> String {
        match self.source(source_key) {
            Some(source) if source.kind == "telegram" => format!("@{}", source.key),
            Some(source) => source.name.clone(),
            None if !source_key.contains('/') => format!("@{source_key}"),
            None => source_key.to_string(),
        }
    }

    /// The first origin of the story that `name` names. Remembered by name: a brief asks it of
    /// every origin in every list it writes, and a large story has a hundred origins.
    fn origin(&self, name: &str) -> Option<&'a Origin> {
        let origins = &self.story.origins;
        if let Some(&found) = self.origin_of_name.borrow().get(name) {
            return found.map(|idx| &origins[idx]);
        }
        let found = origins
            .iter()
            .position(|origin| wiredesk_analysis::origins::same_name(&origin.name, name));
        self.origin_of_name
            .borrow_mut()
            .insert(name.to_string(), found);
        found.map(|idx| &origins[idx])
    }

    /// How a sentence names an origin ("the Regional Administration", "AFP", "local media").
    fn origin_label(&self, name: &str) -> String {
        let is_body = self
            .origin(name)
            .is_some_and(|origin| origin.kind == SpeakerKind::Organization);
        // A role or body named in lower case ("airport operator", "customs service") is one
        // particular body: "the airport operator". Plural names ("local media") and names that
        // bring their own article ("a diplomatic source") stay as they are.
        let lower_case = name.chars().next().is_some_and(char::is_lowercase);
        let has_article = ["a ", "an ", "the "]
            .iter()
            .any(|article| name.starts_with(article));
        if lower_case && !has_article && !self.origin_is_plural(name) {
            return format!("the {name}");
        }
        with_article(name, is_body)
    }

    fn origin_is_plural(&self, name: &str) -> bool {
        let is_outlet = self
            .origin(name)
            .is_some_and(|origin| origin.kind == SpeakerKind::Outlet);
        is_plural_name(name, is_outlet)
    }

    /// "a diplomatic source cited by AFP": the speaker the relays give for an outlet origin.
    fn origin_chain(&self, origin: &Origin) -> String {
        let label = self.origin_label(&origin.name);
        if origin.kind != SpeakerKind::Outlet {
            return label;
        }
        for relay in self.relays(origin) {
            let Some(post) = self.post(&relay.post) else {
                continue;
            };
            for found in attribute(&post.text) {
                let outlet_matches = found.outlet.as_deref().is_some_and(|outlet| {
                    wiredesk_analysis::origins::same_name(outlet, &origin.name)
                        || origin
                            .aliases
                            .iter()
                            .any(|alias| wiredesk_analysis::origins::same_name(outlet, alias))
                });
                let Some(speaker) = found.speaker.as_ref() else {
                    continue;
                };
                if outlet_matches
                    && matches!(
                        speaker.kind,
                        SpeakerKind::Anonymous | SpeakerKind::Named | SpeakerKind::Role
                    )
                {
                    let words = speaker.text.trim().trim_end_matches(',');
                    let words = if words.split_whitespace().count() == 1
                        && words.chars().all(char::is_lowercase)
                    {
                        format!("a {words}")
                    } else {
                        decapitalize_first(words)
                    };
                    return format!("{words} cited by {label}");
                }
            }
        }
        label
    }

    /// The origin's relays whose posts the input carries, oldest first.
    fn relays(&self, origin: &'a Origin) -> Vec<&'a Relay> {
        let mut relays: Vec<&Relay> = origin
            .relays
            .iter()
            .filter(|relay| self.post(&relay.post).is_some())
            .collect();
        relays.sort_by_key(|relay| relay.first_seen);
        relays
    }

    fn primary(&self, origin: &'a Origin) -> Option<&'a Relay> {
        self.relays(origin)
            .into_iter()
            .find(|relay| relay.kind == RelayKind::Primary)
    }

    /// What a sentence about one origin cites: its own report and the relays
    /// [`Self::relay_phrase`] names (the first few by time), never all of a long list.
    fn origin_urls(&self, origin: &'a Origin) -> Vec<String> {
        let relays = self.relays(origin);
        let passed_on: Vec<&Relay> = relays
            .iter()
            .copied()
            .filter(|relay| relay.kind != RelayKind::Primary)
            .collect();
        let named = passed_on.iter().take(n_named(passed_on.len()));
        self.key_relays(origin)
            .chain(named.copied())
            .filter_map(|relay| self.post_url(&relay.post))
            .collect()
    }

    /// "relayed by @osintbrief at 08:38 UTC on Wednesday 1 July 2026 and @wartracker at 09:05
    /// UTC, and forwarded by @frontdigest at 09:20 UTC", primaries left out.
    /// Past the first few relays, the rest are counted ("…, and by forty-six others").
    fn relay_phrase(&self, relays: &[&Relay], with_date: bool) -> Option<String> {
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        let mut first = with_date;
        let passed_on: Vec<&&Relay> = relays
            .iter()
            .filter(|relay| relay.kind != RelayKind::Primary)
            .collect();
        let named = n_named(passed_on.len());
        let uncounted = passed_on.len() - named;
        for relay in passed_on.into_iter().take(named) {
            let verb = match relay.kind {
                RelayKind::Forward => "forwarded by",
                RelayKind::Copy => "copied by",
                _ => "relayed by",
            };
            let post_time = self
                .post(&relay.post)
                .map_or(relay.first_seen, |post| post.published_at);
            let when = if first {
                fmt_time_and_date(post_time)
            } else {
                fmt_time(post_time)
            };
            first = false;
            let item = format!("{} at {when}", self.handle(&relay.source));
            match groups.iter_mut().find(|(v, _)| *v == verb) {
                Some((_, items)) => items.push(item),
                None => groups.push((verb, vec![item])),
            }
        }
        if groups.is_empty() {
            return None;
        }
        let mut parts: Vec<String> = groups
            .into_iter()
            .map(|(verb, items)| format!("{verb} {}", join_list(&items)))
            .collect();
        if uncounted > 0 {
            let others = if uncounted == 1 { "other" } else { "others" };
            parts.push(format!("by {} {others}", count_words(uncounted)));
        }
        Some(parts.join(", and "))
    }

    // ── Slots ─────────────────────────────────────────────────────────────────────────────

    fn slot(&self, name: &str) -> Option<&'a wiredesk_model::Slot> {
        self.story.slots.iter().find(|slot| slot.name == name)
    }

    /// Affirmed values of an undisputed slot, optionally only those `origin` gives.
    fn agreed_values(&self, name: &str, origin: Option<&str>) -> Vec<&'a SlotValue> {
        let Some(slot) = self.slot(name) else {
            return Vec::new();
        };
        if matches!(slot.status, SlotStatus::Disputed | SlotStatus::Unknown) {
            return Vec::new();
        }
        slot.values
            .iter()
            .filter(|value| !value.denied)
            .filter(|value| {
                origin.is_none_or(|origin| {
                    value
                        .origins
                        .iter()
                        .any(|o| wiredesk_analysis::origins::same_name(o, origin))
                })
            })
            .collect()
    }

    /// What a sentence about slot values cites: each origin's first report of each value (the
    /// ledger keeps every piece of evidence).
    fn value_urls(&self, values: &[&SlotValue]) -> Vec<String> {
        values
            .iter()
            .flat_map(|value| {
                let mut seen: HashSet<&str> = HashSet::new();
                value
                    .evidence
                    .iter()
                    .filter(move |evidence| seen.insert(evidence.origin.as_str()))
            })
            .filter_map(|evidence| self.post_url(&evidence.post))
            .collect()
    }

    /// Labels of the origins that deny the story's claim ("the Northern Front"), in order of
    /// first sight. A denial disputes; it never counts among the origins that report the claim.
    fn denier_labels(&self) -> Vec<String> {
        self.story
            .origins
            .iter()
            .filter(|origin| origin.denies)
            .map(|origin| self.origin_label(&origin.name))
            .collect()
    }

    /// "denies" or "deny", for the origins that deny the claim.
    fn deny_verb(&self) -> &'static str {
        let deniers: Vec<&Origin> = self.story.origins.iter().filter(|o| o.denies).collect();
        match deniers.as_slice() {
            [one] if !self.origin_is_plural(&one.name) => "denies",
            _ => "deny",
        }
    }

    fn disputed_labels(&self) -> Vec<String> {
        self.story
            .slots
            .iter()
            .filter(|slot| slot.status == SlotStatus::Disputed)
            .map(|slot| format!("the {}", slot_label(&slot.name).0))
            .collect()
    }

    /// The origin whose values the lede states: the one giving most undisputed values, earliest
    /// on a tie.
    fn lead_origin(&self) -> Option<&'a Origin> {
        let score = |origin: &Origin| {
            self.story
                .slots
                .iter()
                .filter(|slot| slot.status != SlotStatus::Disputed)
                .flat_map(|slot| &slot.values)
                .filter(|value| {
                    value
                        .origins
                        .iter()
                        .any(|o| wiredesk_analysis::origins::same_name(o, &origin.name))
                })
                .count()
        };
        self.story
            .origins
            .iter()
            .filter(|origin| !self.relays(origin).is_empty())
            .max_by(|a, b| {
                score(a)
                    .cmp(&score(b))
                    .then_with(|| b.first_seen.cmp(&a.first_seen))
            })
    }
}

/// The origins a slot's values name, in first-mention order.
fn unique_origins(values: &[&SlotValue]) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for origin in values.iter().flat_map(|value| &value.origins) {
        if !origins
            .iter()
            .any(|o| wiredesk_analysis::origins::same_name(o, origin))
        {
            origins.push(origin.clone());
        }
    }
    origins
}
