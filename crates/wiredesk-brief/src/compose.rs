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

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use wiredesk_analysis::attribute::attribute;
use wiredesk_analysis::entities::{gazetteer, relation_title};
use wiredesk_analysis::ledger::same_value;
use wiredesk_model::{
    Brief, EntityKind, LedgerRow, Origin, ProvenanceItem, Rejected, Relay, RelayKind, Section,
    Sentence, SlotStatus, SlotValue, SpeakerKind, Story, Trust, WikiSummary,
};

use crate::check::check_sentence;
use crate::evidence::EvidenceIndex;
use crate::text::{
    capitalize_first, clean_sentences, count_words, decapitalize_first, fmt_naive_date, fmt_time,
    fmt_time_and_date, headline_clause, is_plural_name, join_list, join_or, plural, slot_label,
    unknown_words, with_article,
};
use crate::{BriefInput, BriefPost, BriefSource};

#[cfg(test)]
mod tests;

pub const HEADING_LEDE: &str = "What happened";
pub const HEADING_LEDGER: &str = "What is confirmed, reported and disputed";
pub const HEADING_BACKGROUND: &str = "Background";
pub const HEADING_UNCERTAIN: &str = "What remains uncertain";
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
    let lede = out.keep_all(ctx.lede());
    push_section(&mut sections, HEADING_LEDE, lede);
    let ledger_sentences = out.keep_all(ctx.ledger_sentences());
    push_section(&mut sections, HEADING_LEDGER, ledger_sentences);
    let mut background = out.keep_all(ctx.background());
    background.extend(out.keep_all(ctx.timeline()));
    push_section(&mut sections, HEADING_BACKGROUND, background);
    let uncertain = out.keep_all(ctx.uncertain());
    push_section(&mut sections, HEADING_UNCERTAIN, uncertain);
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
    };
    brief.provenance = ctx.provenance(&brief);
    brief
}

fn push_section(sections: &mut Vec<Section>, heading: &str, sentences: Vec<Sentence>) {
    if !sentences.is_empty() {
        sections.push(Section {
            heading: heading.to_string(),
            sentences,
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
        match check_sentence(&sentence, &|url| index.get(url)) {
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
    let mut seen = BTreeSet::new();
    let citations = citations
        .into_iter()
        .filter(|url| seen.insert(url.clone()))
        .collect();
    Sentence { text, citations }
}

/// The story with its posts and sources indexed.
struct Ctx<'a> {
    input: &'a BriefInput<'a>,
    story: &'a Story,
    posts: HashMap<&'a str, &'a BriefPost>,
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

    /// Every story post the input carries, as citation URLs, in story order.
    fn all_post_urls(&self) -> Vec<String> {
        self.story
            .posts
            .iter()
            .filter_map(|reference| self.post_url(reference))
            .collect()
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

    fn origin(&self, name: &str) -> Option<&'a Origin> {
        self.story
            .origins
            .iter()
            .find(|origin| wiredesk_analysis::origins::same_name(&origin.name, name))
    }

    /// How a sentence names an origin ("the Regional Administration", "AFP", "local media").
    fn origin_label(&self, name: &str) -> String {
        let is_body = self
            .origin(name)
            .is_some_and(|origin| origin.kind == SpeakerKind::Organization);
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

    fn origin_urls(&self, origin: &Origin) -> Vec<String> {
        origin
            .relays
            .iter()
            .filter_map(|relay| self.post_url(&relay.post))
            .collect()
    }

    /// "relayed by @osintbrief at 08:38 UTC on Wednesday 1 July 2026 and @wartracker at 09:05
    /// UTC, and forwarded by @frontdigest at 09:20 UTC", primaries left out.
    fn relay_phrase(&self, relays: &[&Relay], with_date: bool) -> Option<String> {
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        let mut first = with_date;
        for relay in relays
            .iter()
            .filter(|relay| relay.kind != RelayKind::Primary)
        {
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
        let parts: Vec<String> = groups
            .into_iter()
            .map(|(verb, items)| format!("{verb} {}", join_list(&items)))
            .collect();
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

    fn value_urls(&self, values: &[&SlotValue]) -> Vec<String> {
        values
            .iter()
            .flat_map(|value| &value.evidence)
            .filter_map(|evidence| self.post_url(&evidence.post))
            .collect()
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

    /// The main claim for `origin` in the kind's template, with the posts it rests on; `None`
    /// when the kind has no template or its key slot is empty.
    fn claim(&self, origin: Option<&str>) -> Option<(String, Vec<String>)> {
        let values = |slot: &str| self.agreed_values(slot, origin);
        let names = |values: &[&SlotValue]| -> Vec<String> {
            values
                .iter()
                .map(|value| with_article(&value.value, false))
                .collect()
        };
        let mut used: Vec<&SlotValue> = Vec::new();
        let text = match self.story.kind.as_str() {
            "talks" => {
                let parties = values("parties");
                let location = values("location");
                if parties.is_empty() && location.is_empty() {
                    return None;
                }
                let format = values("format")
                    .into_iter()
                    .find(|value| value.value.split_whitespace().count() <= 2);
                let mut text = if parties.is_empty() {
                    "talks are under way".to_string()
                } else {
                    used.extend(&parties);
                    let adjective = format.map_or(String::new(), |value| {
                        used.push(value);
                        format!("{} ", value.value)
                    });
                    format!(
                        "{} are holding {adjective}talks",
                        join_list(&names(&parties))
                    )
                };
                if !location.is_empty() {
                    text.push_str(&format!(" in {}", join_or(&names(&location))));
                    used.extend(&location);
                }
                let mediators = values("mediators");
                if !mediators.is_empty() {
                    text.push_str(&format!(
                        ", with {} mediating",
                        join_list(&names(&mediators))
                    ));
                    used.extend(&mediators);
                }
                text
            }
            "strike" => {
                let location = values("location");
                if location.is_empty() {
                    return None;
                }
                used.extend(&location);
                let mut text = format!("{} was struck", join_or(&names(&location)));
                let attacker = values("attacker");
                if !attacker.is_empty() {
                    text.push_str(&format!(" by {}", join_list(&names(&attacker))));
                    used.extend(&attacker);
                }
                let target = values("target");
                if !target.is_empty() {
                    text.push_str(&format!(", hitting {}", join_list(&names(&target))));
                    used.extend(&target);
                }
                let weapon = values("weapon");
                if !weapon.is_empty() {
                    let noun = if weapon.len() > 1 {
                        "weapons"
                    } else {
                        "weapon"
                    };
                    text.push_str(&format!(
                        ", with {} named as the {noun}",
                        join_list(&names(&weapon))
                    ));
                    used.extend(&weapon);
                }
                text
            }
            "statement" => {
                let speaker = values("speaker");
                if speaker.is_empty() {
                    return None;
                }
                used.extend(&speaker);
                let mut text = format!("{} made a statement", join_list(&names(&speaker)));
                let subject = values("subject");
                if !subject.is_empty() {
                    text.push_str(&format!(" on {}", join_list(&names(&subject))));
                    used.extend(&subject);
                }
                text
            }
            "ceasefire" => {
                let parties = values("parties");
                if parties.is_empty() {
                    return None;
                }
                used.extend(&parties);
                let mut text = format!(
                    "a ceasefire between {} has been announced",
                    join_list(&names(&parties))
                );
                let mediators = values("mediators");
                if !mediators.is_empty() {
                    text.push_str(&format!(
                        ", with {} mediating",
                        join_list(&names(&mediators))
                    ));
                    used.extend(&mediators);
                }
                text
            }
            _ => return None,
        };
        Some((text, self.value_urls(&used)))
    }

    /// The first report's own words, cut to its main clause: the claim when no template fits.
    fn fallback_claim(&self, origin: Option<&Origin>) -> Option<(String, Vec<String>)> {
        let reference = match origin {
            Some(origin) => self.relays(origin).first()?.post.clone(),
            None => self.story.posts.first()?.clone(),
        };
        let post = self.post(&reference)?;
        let text = match &post.title {
            Some(title) => format!("{title}.\n{}", post.text),
            None => post.text.clone(),
        };
        let first = clean_sentences(&text).into_iter().next()?;
        let clause = headline_clause(&first);
        (!clause.is_empty()).then(|| (clause, vec![post.url.clone()]))
    }

    // ── Headline and standfirst ───────────────────────────────────────────────────────────

    fn headline_candidates(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let all = self.all_post_urls();
        let suffix = self.headline_suffix();
        if let Some((core, urls)) = self.headline_core() {
            let mut citations = urls;
            citations.extend(all.iter().cloned());
            out.push(sentence(
                format!("{}{suffix}", capitalize_first(&core)),
                citations,
            ));
        }
        if let Some((clause, urls)) = self.fallback_claim(self.lead_origin()) {
            let mut citations = urls;
            citations.extend(all.iter().cloned());
            out.push(sentence(
                format!("{}{suffix}", capitalize_first(&clause)),
                citations.clone(),
            ));
            out.push(sentence(capitalize_first(&clause), citations));
        }
        out
    }

    fn headline_core(&self) -> Option<(String, Vec<String>)> {
        let values = |slot: &str| self.agreed_values(slot, None);
        let names = |values: &[&SlotValue]| -> Vec<String> {
            values
                .iter()
                .map(|value| with_article(&value.value, false))
                .collect()
        };
        let mut used: Vec<&SlotValue> = Vec::new();
        let text = match self.story.kind.as_str() {
            "talks" => {
                let parties = values("parties");
                let location = values("location");
                let place =
                    (!location.is_empty()).then(|| format!(" in {}", join_or(&names(&location))));
                used.extend(&location);
                if parties.is_empty() {
                    format!("Talks{}", place?)
                } else {
                    used.extend(&parties);
                    let format = values("format")
                        .into_iter()
                        .find(|value| value.value.split_whitespace().count() <= 2);
                    let adjective = format.map_or(String::new(), |value| {
                        used.push(value);
                        format!("{} ", value.value)
                    });
                    format!(
                        "{} hold {adjective}talks{}",
                        join_list(&names(&parties)),
                        place.unwrap_or_default()
                    )
                }
            }
            "strike" => {
                let location = values("location");
                if location.is_empty() {
                    return None;
                }
                used.extend(&location);
                let attacker = values("attacker");
                let demonym = match attacker.as_slice() {
                    [one] => gazetteer()
                        .lookup(&one.value)
                        .and_then(|entry| entry.demonyms.first().cloned())
                        .filter(|demonym| demonym.chars().next().is_some_and(char::is_uppercase)),
                    _ => None,
                };
                match demonym {
                    Some(demonym) => {
                        used.extend(&attacker);
                        format!("{demonym} strike on {}", join_or(&names(&location)))
                    }
                    None => format!("Strike on {}", join_or(&names(&location))),
                }
            }
            "statement" => {
                let speaker = values("speaker");
                if speaker.is_empty() {
                    return None;
                }
                used.extend(&speaker);
                let subject = values("subject");
                used.extend(&subject);
                match subject.is_empty() {
                    true => format!("Statement by {}", join_list(&names(&speaker))),
                    false => format!(
                        "{} on {}",
                        join_list(&names(&speaker)),
                        join_list(&names(&subject))
                    ),
                }
            }
            "ceasefire" => {
                let parties = values("parties");
                if parties.is_empty() {
                    return None;
                }
                used.extend(&parties);
                format!("Ceasefire between {}", join_list(&names(&parties)))
            }
            _ => return None,
        };
        Some((text, self.value_urls(&used)))
    }

    fn headline_suffix(&self) -> String {
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            return format!(": conflicting accounts of {}", join_list(&disputed));
        }
        let origins = &self.story.origins;
        match origins.as_slice() {
            [] => String::new(),
            [origin] => {
                let label = self.origin_label(&origin.name);
                if origin.verified {
                    let verb = if self.origin_is_plural(&origin.name) {
                        "report"
                    } else {
                        "reports"
                    };
                    format!(", {label} {verb}")
                } else {
                    format!(", reports citing {label} say")
                }
            }
            many => {
                let all_confirmed = self
                    .story
                    .slots
                    .iter()
                    .filter(|slot| slot.status != SlotStatus::Unknown)
                    .all(|slot| slot.status == SlotStatus::Confirmed);
                if all_confirmed {
                    String::new()
                } else {
                    let labels: Vec<String> =
                        many.iter().map(|o| self.origin_label(&o.name)).collect();
                    format!(", reported by {}", join_list(&labels))
                }
            }
        }
    }

    fn standfirst_candidates(&self) -> Vec<Sentence> {
        let all = self.all_post_urls();
        let n_posts = all.len();
        let origins = &self.story.origins;
        let mut out = Vec::new();
        match origins.as_slice() {
            [] => {}
            [origin] => {
                let label = self.origin_label(&origin.name);
                let plural_name = self.origin_is_plural(&origin.name);
                let text = if origin.verified {
                    let when = self
                        .primary(origin)
                        .map(|relay| {
                            self.post(&relay.post)
                                .map_or(relay.first_seen, |p| p.published_at)
                        })
                        .or(origin.verified_at);
                    let at = when.map_or(String::new(), |at| format!(" at {}", fmt_time(at)));
                    format!(
                        "{} published the story {}{at}; every detail still rests on that one origin.",
                        capitalize_first(&label),
                        if plural_name { "themselves" } else { "itself" }
                    )
                } else {
                    let lead = if n_posts == 1 {
                        "The only report traces".to_string()
                    } else {
                        format!("All {} reports trace", count_words(n_posts))
                    };
                    let has = if plural_name { "have" } else { "has" };
                    let itself = if plural_name { "themselves" } else { "itself" };
                    format!(
                        "{lead} back to one origin, {}; {label} {has} not yet published the story {itself}.",
                        self.origin_chain(origin)
                    )
                };
                out.push(sentence(text, all.clone()));
            }
            many => {
                let labels: Vec<String> = many.iter().map(|o| self.origin_label(&o.name)).collect();
                let confirmed: Vec<String> = self
                    .story
                    .slots
                    .iter()
                    .filter(|slot| slot.status == SlotStatus::Confirmed)
                    .map(|slot| format!("the {}", slot_label(&slot.name).0))
                    .collect();
                let disputed = self.disputed_labels();
                let read = match (confirmed.is_empty(), disputed.is_empty()) {
                    (false, false) => format!(
                        "agree on {} but give conflicting accounts of {}",
                        join_list(&confirmed),
                        join_list(&disputed)
                    ),
                    (true, false) => {
                        format!("give conflicting accounts of {}", join_list(&disputed))
                    }
                    (false, true) => format!("agree on {}", join_list(&confirmed)),
                    (true, true) => "report it".to_string(),
                };
                out.push(sentence(
                    format!(
                        "{} independent origins, {}, {read}.",
                        capitalize_first(&count_words(many.len())),
                        join_list(&labels)
                    ),
                    all.clone(),
                ));
            }
        }
        out
    }

    fn last_resort(&self, text: &str) -> Sentence {
        sentence(text.to_string(), self.all_post_urls())
    }

    // ── Lede ──────────────────────────────────────────────────────────────────────────────

    fn lede(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let Some(lead) = self.lead_origin() else {
            return out;
        };
        let claim = self
            .claim(Some(&lead.name))
            .or_else(|| self.fallback_claim(Some(lead)));
        let Some((claim_text, claim_urls)) = claim else {
            return out;
        };
        let relays = self.relays(lead);
        let primary = self.primary(lead).and_then(|relay| self.post(&relay.post));
        let label = self.origin_label(&lead.name);
        if let (true, Some(primary)) = (lead.verified, primary) {
            let verb = if primary.kind == "telegram" {
                "said on its own channel"
            } else {
                "reported"
            };
            let mut citations = vec![primary.url.clone()];
            citations.extend(
                claim_urls
                    .iter()
                    .filter(|url| **url == primary.url)
                    .cloned(),
            );
            let text = format!(
                "{} {verb} at {} that {}.",
                capitalize_first(&label),
                fmt_time_and_date(primary.published_at),
                decapitalize_first(&claim_text)
            );
            out.push(sentence(text, citations));
            let others: Vec<&Relay> = relays
                .iter()
                .copied()
                .filter(|relay| relay.kind != RelayKind::Primary)
                .collect();
            if let Some(phrase) = self.relay_phrase(&others, false) {
                let all_before = others
                    .iter()
                    .all(|relay| relay.first_seen < primary.published_at);
                let text = if all_before {
                    format!(
                        "Before that, it had been {phrase}, each attributing it to {}.",
                        self.origin_chain(lead)
                    )
                } else {
                    format!("It was also {phrase}.")
                };
                let citations = others
                    .iter()
                    .filter_map(|relay| self.post_url(&relay.post))
                    .collect();
                out.push(sentence(text, citations));
            }
        } else {
            let mut text = format!(
                "{}, according to {}",
                capitalize_first(&claim_text),
                self.origin_chain(lead)
            );
            if let Some(phrase) = self.relay_phrase(&relays, true) {
                text.push_str(&format!(", as {phrase}"));
            }
            text.push('.');
            let mut citations = self.origin_urls(lead);
            citations.extend(claim_urls);
            out.push(sentence(text, citations));
        }
        for origin in &self.story.origins {
            if std::ptr::eq(origin, lead) {
                continue;
            }
            let relays = self.relays(origin);
            if relays.is_empty() {
                continue;
            }
            let label = capitalize_first(&self.origin_label(&origin.name));
            let plural_name = self.origin_is_plural(&origin.name);
            let text = match (
                origin.verified,
                self.primary(origin).and_then(|r| self.post(&r.post)),
            ) {
                (true, Some(primary)) => format!(
                    "{label} also reported on it on {} own channel at {}.",
                    if plural_name { "their" } else { "its" },
                    fmt_time_and_date(primary.published_at)
                ),
                _ => match self.relay_phrase(&relays, true) {
                    Some(phrase) => format!(
                        "{label} also {} on it, as {phrase}.",
                        if plural_name { "report" } else { "reports" }
                    ),
                    None => continue,
                },
            };
            out.push(sentence(text, self.origin_urls(origin)));
        }
        out
    }

    // ── Ledger ────────────────────────────────────────────────────────────────────────────

    fn render_value(&self, slot: &str, value: &str) -> String {
        if (slot == "date" || slot == "start")
            && let Ok(date) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        {
            return fmt_naive_date(date);
        }
        with_article(value, false)
    }

    fn ledger_sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for slot in &self.story.slots {
            let values: Vec<&SlotValue> = slot.values.iter().collect();
            if values.is_empty() || slot.status == SlotStatus::Unknown {
                continue;
            }
            let (label, is_plural) = slot_label(&slot.name);
            let citations = self.value_urls(&values);
            let affirmed: Vec<String> = values
                .iter()
                .filter(|value| !value.denied)
                .map(|value| self.render_value(&slot.name, &value.value))
                .collect();
            let be = if is_plural { "are" } else { "is" };
            let origins: Vec<String> = unique_origins(&values);
            let labels: Vec<String> = origins.iter().map(|o| self.origin_label(o)).collect();
            match slot.status {
                SlotStatus::Confirmed => {
                    let by = if labels.len() == 2 {
                        format!("both {}", join_list(&labels))
                    } else {
                        join_list(&labels)
                    };
                    out.push(sentence(
                        format!(
                            "The {label}, {}, {be} confirmed by {by}.",
                            join_list(&affirmed)
                        ),
                        citations,
                    ));
                }
                SlotStatus::SingleOrigin => {
                    if affirmed.is_empty() {
                        continue;
                    }
                    out.push(sentence(
                        format!(
                            "The {label}, {}, {be} reported only by {}.",
                            join_list(&affirmed),
                            join_list(&labels)
                        ),
                        citations,
                    ));
                }
                SlotStatus::Disputed => {
                    out.extend(self.disputed_sentences(&slot.name, &values));
                }
                SlotStatus::Unknown => {}
            }
        }
        out
    }

    /// "The Regional Administration gives the death toll as 12; local media give it as 7. The
    /// death toll is disputed."
    fn disputed_sentences(&self, slot: &str, values: &[&SlotValue]) -> Vec<Sentence> {
        let (label, is_plural) = slot_label(slot);
        let origins = unique_origins(values);
        let gives = |origin: &str, value: &SlotValue| {
            value
                .origins
                .iter()
                .any(|o| wiredesk_analysis::origins::same_name(o, origin))
        };
        let shared: Vec<&SlotValue> = values
            .iter()
            .copied()
            .filter(|value| !value.denied && origins.iter().all(|origin| gives(origin, value)))
            .collect();
        let mut clauses = Vec::new();
        for (idx, origin) in origins.iter().enumerate() {
            let own: Vec<String> = values
                .iter()
                .filter(|value| !value.denied && gives(origin, value))
                .filter(|value| !shared.iter().any(|s| same_value(&s.value, &value.value)))
                .map(|value| self.render_value(slot, &value.value))
                .collect();
            let denied: Vec<String> = values
                .iter()
                .filter(|value| value.denied && gives(origin, value))
                .map(|value| self.render_value(slot, &value.value))
                .collect();
            if own.is_empty() && denied.is_empty() {
                continue;
            }
            let plural_name = self.origin_is_plural(origin);
            let name = self.origin_label(origin);
            let name = if clauses.is_empty() {
                capitalize_first(&name)
            } else {
                name
            };
            let verb = if plural_name { "give" } else { "gives" };
            let deny = if plural_name { "deny" } else { "denies" };
            let object = if idx == 0 || clauses.is_empty() {
                format!("the {label}")
            } else if is_plural {
                "them".to_string()
            } else {
                "it".to_string()
            };
            let clause = match (own.is_empty(), denied.is_empty()) {
                (false, true) => format!("{name} {verb} {object} as {}", join_list(&own)),
                (false, false) => format!(
                    "{name} {verb} {object} as {}, not {}",
                    join_list(&own),
                    join_or(&denied)
                ),
                (true, false) => format!("{name} {deny} that {object} was {}", join_or(&denied)),
                (true, true) => continue,
            };
            clauses.push(clause);
        }
        let citations = self.value_urls(values);
        let mut out = Vec::new();
        if !clauses.is_empty() {
            let mut text = format!("{}.", clauses.join("; "));
            if !shared.is_empty() {
                let shared_names: Vec<String> = shared
                    .iter()
                    .map(|value| self.render_value(slot, &value.value))
                    .collect();
                text.push_str(&format!(
                    " Both accounts also mention {}.",
                    join_list(&shared_names)
                ));
            }
            out.push(sentence(text, citations.clone()));
        }
        let be = if is_plural { "are" } else { "is" };
        out.push(sentence(format!("The {label} {be} disputed."), citations));
        out
    }

    fn ledger_rows(&self) -> Vec<LedgerRow> {
        self.story
            .slots
            .iter()
            .map(|slot| {
                let values = slot
                    .values
                    .iter()
                    .map(|value| {
                        let shown = self.render_value(&slot.name, &value.value);
                        let shown = if value.denied {
                            format!("not {shown}")
                        } else {
                            shown
                        };
                        if value.origins.is_empty() {
                            shown
                        } else {
                            format!("{shown} ({})", value.origins.join(", "))
                        }
                    })
                    .collect();
                let mut evidence = Vec::new();
                for item in slot.values.iter().flat_map(|value| &value.evidence) {
                    if let Some(url) = self.post_url(&item.post)
                        && !evidence.contains(&url)
                    {
                        evidence.push(url);
                    }
                }
                LedgerRow {
                    slot: slot.name.clone(),
                    values,
                    status: slot.status,
                    evidence,
                }
            })
            .collect()
    }

    fn unknown_slots(&self) -> Vec<&'a str> {
        self.story
            .slots
            .iter()
            .filter(|slot| slot.status == SlotStatus::Unknown)
            .map(|slot| slot.name.as_str())
            .collect()
    }

    fn unknowns(&self) -> Vec<String> {
        self.unknown_slots()
            .into_iter()
            .map(|slot| unknown_words(&self.story.kind, slot))
            .collect()
    }

    // ── Background ────────────────────────────────────────────────────────────────────────

    /// The Wikipedia pages to quote: relations between the story's countries first, then the
    /// location, then the parties and other entities.
    fn background_pages(&self) -> Vec<&'a WikiSummary> {
        let key = |title: &str| title.replace(' ', "_").to_lowercase();
        let by_title: HashMap<String, &WikiSummary> = self
            .input
            .background
            .iter()
            .map(|summary| (key(&summary.title), summary))
            .collect();
        let title_of = |name: &str| {
            self.story
                .wikipedia
                .get(name)
                .cloned()
                .or_else(|| {
                    gazetteer()
                        .lookup(name)
                        .map(|entry| entry.wikipedia.clone().unwrap_or(entry.canonical.clone()))
                })
                .unwrap_or_else(|| name.to_string())
        };
        let slot_names = |slot: &str| -> Vec<String> {
            self.slot(slot)
                .map(|slot| {
                    slot.values
                        .iter()
                        .filter(|value| !value.denied)
                        .map(|value| value.value.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        // Relations between the parties' (or attacker's) countries first, then the location.
        let country_of = |name: &str| -> Option<String> {
            let entry = gazetteer().lookup(name).or_else(|| gazetteer().get(name))?;
            match entry.kind {
                EntityKind::Country => Some(entry.canonical.clone()),
                EntityKind::Place => entry.country.clone(),
                _ => None,
            }
        };
        let mut main_names: Vec<String> = slot_names("parties");
        main_names.extend(slot_names("attacker"));
        let mut main_countries: Vec<String> = Vec::new();
        for country in main_names.iter().filter_map(|name| country_of(name)) {
            if !main_countries.contains(&country) {
                main_countries.push(country);
            }
        }
        // The location's country counts when the parties do not already name two countries.
        if main_countries.len() < 2 {
            for country in slot_names("location")
                .iter()
                .filter_map(|name| country_of(name))
            {
                if !main_countries.contains(&country) {
                    main_countries.push(country);
                }
            }
        }
        let mut countries = main_countries.clone();
        for country in self
            .story
            .entities
            .iter()
            .filter_map(|name| country_of(name))
        {
            if !countries.contains(&country) {
                countries.push(country);
            }
        }
        let pairs = |list: &[String]| -> Vec<String> {
            let mut titles = Vec::new();
            for (idx, a) in list.iter().enumerate() {
                for b in &list[idx + 1..] {
                    titles.extend(relation_title(a, b));
                }
            }
            titles
        };
        let mut titles: Vec<String> = pairs(&main_countries);
        for name in slot_names("location") {
            titles.push(title_of(&name));
        }
        titles.extend(pairs(&countries));
        for name in slot_names("parties")
            .into_iter()
            .chain(self.story.entities.iter().cloned())
        {
            titles.push(title_of(&name));
        }
        let mut pages: Vec<&WikiSummary> = Vec::new();
        for title in titles {
            if let Some(summary) = by_title.get(&key(&title))
                && !pages.iter().any(|page| page.url == summary.url)
                && !summary.extract.trim().is_empty()
            {
                pages.push(summary);
            }
            if pages.len() >= MAX_BACKGROUND_PAGES {
                break;
            }
        }
        pages
    }

    fn background(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for page in self.background_pages() {
            let extract = &page.extract;
            let mut length = 0;
            for (idx, (start, end)) in wiredesk_analysis::normalize::sentences(extract)
                .into_iter()
                .enumerate()
            {
                let Some(text) = extract.get(start..end) else {
                    continue;
                };
                if idx >= 2 || (idx == 1 && length + text.len() > 320) {
                    break;
                }
                length += text.len();
                out.push(sentence(text.trim().to_string(), vec![page.url.clone()]));
            }
        }
        out
    }

    fn timeline(&self) -> Vec<Sentence> {
        let mut related: Vec<&Story> = self
            .input
            .related
            .iter()
            .filter(|story| story.id != self.story.id && story.first_seen <= self.story.first_seen)
            .collect();
        related.sort_by_key(|story| std::cmp::Reverse(story.first_seen));
        related.truncate(MAX_TIMELINE);
        related.reverse();
        let mut out = Vec::new();
        for story in related {
            let Some(post) = story.posts.first().and_then(|reference| {
                self.input
                    .related_posts
                    .iter()
                    .find(|post| post.reference == *reference)
            }) else {
                continue;
            };
            let text = match &post.title {
                Some(title) => format!("{title}.\n{}", post.text),
                None => post.text.clone(),
            };
            let Some(first) = clean_sentences(&text).into_iter().next() else {
                continue;
            };
            let clause = headline_clause(&first);
            out.push(sentence(
                format!(
                    "Earlier, at {}: {}.",
                    fmt_time_and_date(post.published_at),
                    capitalize_first(&clause)
                ),
                vec![post.url.clone()],
            ));
        }
        out
    }

    // ── Uncertain and desk note ───────────────────────────────────────────────────────────

    fn uncertain(&self) -> Vec<Sentence> {
        let all = self.all_post_urls();
        let mut out = Vec::new();
        let open: Vec<String> = self.unknowns();
        if !open.is_empty() {
            let subject = if self.input.posts.iter().all(|post| post.kind == "telegram") {
                "The posts"
            } else {
                "The reports"
            };
            let list = match open.as_slice() {
                [one] => one.clone(),
                [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
                [] => String::new(),
            };
            out.push(sentence(
                format!("{subject} do not say {list}."),
                all.clone(),
            ));
        }
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            out.push(sentence(
                format!(
                    "It is not yet clear which account of {} is right.",
                    join_list(&disputed)
                ),
                all.clone(),
            ));
        }
        for origin in &self.story.origins {
            if origin.verified || origin.kind == SpeakerKind::Anonymous {
                continue;
            }
            let urls = self.origin_urls(origin);
            if urls.is_empty() {
                continue;
            }
            let label = self.origin_label(&origin.name);
            let plural_name = self.origin_is_plural(&origin.name);
            let proper = origin.name.chars().next().is_some_and(char::is_uppercase);
            let text = if proper {
                format!(
                    "{} {} not yet published the report {}.",
                    capitalize_first(&label),
                    if plural_name { "have" } else { "has" },
                    if plural_name { "themselves" } else { "itself" }
                )
            } else {
                format!(
                    "The {} behind the report {} not named.",
                    origin.name,
                    if plural_name { "are" } else { "is" }
                )
            };
            out.push(sentence(text, urls));
        }
        out
    }

    fn desk_note(&self) -> Vec<Sentence> {
        let all = self.all_post_urls();
        let origins = &self.story.origins;
        let mut out = Vec::new();

        // Origins and relays.
        let mut relay_sources: Vec<&str> = Vec::new();
        for relay in origins.iter().flat_map(|origin| self.relays(origin)) {
            if relay.kind != RelayKind::Primary && !relay_sources.contains(&relay.source.as_str()) {
                relay_sources.push(relay.source.as_str());
            }
        }
        let n_channels = relay_sources
            .iter()
            .filter(|key| self.source(key).is_none_or(|s| s.kind == "telegram"))
            .count();
        let n_feeds = relay_sources.len() - n_channels;
        let mut carriers = Vec::new();
        if n_channels > 0 {
            carriers.push(plural(n_channels, "Telegram channel", "Telegram channels"));
        }
        if n_feeds > 0 {
            carriers.push(plural(n_feeds, "feed", "feeds"));
        }
        let labels: Vec<String> = origins.iter().map(|o| self.origin_label(&o.name)).collect();
        if !origins.is_empty() {
            let rests = if origins.len() == 1 {
                format!("This story rests on one origin, {},", labels[0])
            } else {
                format!(
                    "This story rests on {} independent origins, {},",
                    count_words(origins.len()),
                    join_list(&labels)
                )
            };
            let relayed = if carriers.is_empty() {
                " with no relays".to_string()
            } else {
                format!(" relayed by {}", join_list(&carriers))
            };
            let mut states = Vec::new();
            for origin in origins {
                let label = self.origin_label(&origin.name);
                let plural_name = self.origin_is_plural(&origin.name);
                match self
                    .primary(origin)
                    .and_then(|relay| self.post(&relay.post))
                {
                    Some(primary) if origin.verified => states.push(format!(
                        "{label} published {} own report at {}",
                        if plural_name { "their" } else { "its" },
                        fmt_time(primary.published_at)
                    )),
                    _ => states.push(format!(
                        "{label} {} not published it {}",
                        if plural_name { "have" } else { "has" },
                        if plural_name { "themselves" } else { "itself" }
                    )),
                }
            }
            out.push(sentence(
                format!("{rests}{relayed}; {}.", states.join("; ")),
                all.clone(),
            ));
        }

        // Single-origin slots.
        let single: Vec<String> = self
            .story
            .slots
            .iter()
            .filter(|slot| slot.status == SlotStatus::SingleOrigin)
            .map(|slot| format!("the {}", slot_label(&slot.name).0))
            .collect();
        if !single.is_empty() {
            let text = if origins.len() == 1 {
                format!(
                    "Every detail reported, including {}, is single-origin.",
                    join_list(&single)
                )
            } else {
                let rest = if single.len() == 1 { "rests" } else { "rest" };
                format!(
                    "{} {rest} on a single origin.",
                    capitalize_first(&join_list(&single))
                )
            };
            out.push(sentence(text, all.clone()));
        }

        // Trust profile.
        let mut state: Vec<(String, Vec<String>)> = Vec::new();
        let mut leads: Vec<(String, Vec<String>)> = Vec::new();
        for reference in &self.story.posts {
            let Some(post) = self.post(reference) else {
                continue;
            };
            let Some(source) = self.source(&post.source_key) else {
                continue;
            };
            let handle = self.handle(&source.key);
            let bucket = if source.state_affiliated || source.trust == Trust::StateAffiliated {
                Some(&mut state)
            } else if source.trust == Trust::LeadsOnly {
                Some(&mut leads)
            } else {
                None
            };
            if let Some(bucket) = bucket {
                match bucket.iter_mut().find(|(h, _)| *h == handle) {
                    Some((_, urls)) => urls.push(post.url.clone()),
                    None => bucket.push((handle, vec![post.url.clone()])),
                }
            }
        }
        if !state.is_empty() {
            let names: Vec<String> = state.iter().map(|(h, _)| h.clone()).collect();
            let be = if names.len() == 1 { "is" } else { "are" };
            out.push(sentence(
                format!("{} {be} state-affiliated.", join_list(&names)),
                state.into_iter().flat_map(|(_, urls)| urls).collect(),
            ));
        }
        if !leads.is_empty() {
            let names: Vec<String> = leads.iter().map(|(h, _)| h.clone()).collect();
            let verb = if names.len() == 1 { "is" } else { "are" };
            out.push(sentence(
                format!(
                    "{} {verb} flagged in the desk's trust profile as good for leads only.",
                    join_list(&names)
                ),
                leads.into_iter().flat_map(|(_, urls)| urls).collect(),
            ));
        }
        if out.len() <= 2
            && !all.is_empty()
            && self.input.sources.iter().all(|s| {
                !s.state_affiliated && !matches!(s.trust, Trust::StateAffiliated | Trust::LeadsOnly)
            })
        {
            out.push(sentence(
                "None of the sources is flagged as state-affiliated or as good for leads only."
                    .to_string(),
                all.clone(),
            ));
        }

        // Pending.
        let pending: Vec<String> = origins
            .iter()
            .filter(|origin| !origin.verified && origin.kind != SpeakerKind::Anonymous)
            .map(|origin| self.origin_label(&origin.name))
            .collect();
        let text = if pending.is_empty() {
            "Pending direct confirmation from the parties involved.".to_string()
        } else {
            format!(
                "Pending direct confirmation from {} and the parties involved.",
                join_list(&pending)
            )
        };
        out.push(sentence(text, all.clone()));
        let promise = if pending.is_empty() {
            "The desk will update the brief when other origins confirm or contradict it."
        } else {
            "The desk will tighten the attribution when primary sources publish."
        };
        out.push(sentence(promise.to_string(), all));
        out
    }

    // ── Provenance ────────────────────────────────────────────────────────────────────────

    /// Every story post and its page, every cited related post and Wikipedia page.
    fn provenance(&self, brief: &Brief) -> Vec<ProvenanceItem> {
        let cited: BTreeSet<&str> = std::iter::once(&brief.headline)
            .chain(std::iter::once(&brief.standfirst))
            .chain(brief.sections.iter().flat_map(|section| &section.sentences))
            .flat_map(|sentence| sentence.citations.iter().map(String::as_str))
            .collect();
        let mut items: Vec<ProvenanceItem> = Vec::new();
        let mut push = |item: ProvenanceItem| {
            if !items.iter().any(|existing| existing.url == item.url) {
                items.push(item);
            }
        };
        let story_posts = self
            .story
            .posts
            .iter()
            .filter_map(|reference| self.post(reference));
        let related_posts = self
            .input
            .related_posts
            .iter()
            .filter(|post| cited.contains(post.url.as_str()));
        let mut pages: Vec<&BriefSource> = Vec::new();
        for post in story_posts.chain(related_posts) {
            push(ProvenanceItem {
                url: post.url.clone(),
                kind: if post.kind == "telegram" {
                    "telegram-post"
                } else {
                    "feed-item"
                }
                .to_string(),
                first_seen: post.published_at,
                sha256: post.sha256.clone(),
            });
            if let Some(source) = self.source(&post.source_key)
                && !pages.iter().any(|page| page.key == source.key)
            {
                pages.push(source);
            }
        }
        for source in pages {
            let first_seen = source
                .page_fetched_at
                .unwrap_or_else(|| self.earliest_post_of(&source.key));
            push(ProvenanceItem {
                url: source.page_url.clone(),
                kind: if source.kind == "telegram" {
                    "telegram-page"
                } else {
                    "feed"
                }
                .to_string(),
                first_seen,
                sha256: source.page_sha256.clone(),
            });
        }
        for summary in self.input.background {
            if cited.contains(summary.url.as_str()) {
                push(ProvenanceItem {
                    url: summary.url.clone(),
                    kind: "wikipedia".to_string(),
                    first_seen: summary.timestamp.unwrap_or(self.input.now),
                    sha256: None,
                });
            }
        }
        items
    }

    fn earliest_post_of(&self, source_key: &str) -> DateTime<Utc> {
        self.input
            .posts
            .iter()
            .filter(|post| post.source_key == source_key)
            .map(|post| post.published_at)
            .min()
            .unwrap_or(self.input.now)
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
