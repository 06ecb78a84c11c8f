//! Origins: relays collapse into who said it first. A forward counts for the post it forwards,
//! a copy for the post it copies, "X citing Reuters" for Reuters, a feed item whose `<source>`
//! is a wire for the wire, a link to an outlet's article for that outlet; a post that cites
//! nobody is its own source's claim, and a post by the origin itself (the outlet's own feed,
//! the official's own channel) makes that origin *verified*.
//!
//! Names meet when one contains the other as whole words ("the regional governor, who heads the
//! regional administration" meets the channel titled "Regional Administration"), or when the
//! caller's resolver gives them one canonical name ("AFP" = "Agence France-Presse").

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::Regex;
use wiredesk_model::{Attribution, Origin, Relay, RelayKind, SpeakerKind};

pub use name::{SpeakerName, is_name, read_speaker};
pub use same::same_name;
pub(crate) use same::{could_be_acronym, initials, is_acronym_of};

use group::Group;
use mentions::{cited_source, expand_acronym, first_named_source, named_source, with_apposition};
use naming::{describes, english_name, officer_of};
use same::{name_words, resolves_same};

mod group;
mod mentions;
mod name;
mod naming;
mod same;

/// What the origin stage needs to know about one post of a story.
#[derive(Debug, Clone)]
pub struct PostFacts<'a> {
    /// The post's reference (`channel/id`, a feed item's link).
    pub post: &'a str,
    /// The source's key (channel or feed URL).
    pub source: &'a str,
    /// Who the source is: a channel's title, a feed's configured name.
    pub source_name: &'a str,
    pub published_at: DateTime<Utc>,
    pub text: &'a str,
    /// The post it forwards (`channel/id`), when the forward links to it.
    pub forwarded_from: Option<String>,
    /// The forwarded original's display name (for forwards whose post is not in the story).
    pub forwarded_name: Option<&'a str>,
    /// An earlier post it copies (a near-duplicate that is not a forward), with the similarity.
    pub copy_of: Option<(String, f32)>,
    /// The post's language (ISO 639-1), when known.
    pub language: Option<&'a str>,
    pub attributions: &'a [Attribution],
    /// Outlets its links point to (canonical names).
    pub linked_outlets: Vec<String>,
    /// The outlet a feed item names in `<source>` (or a wire as its author).
    pub feed_origin: Option<String>,
    /// The sentence in which the post rejects the story's claim, when it is a denial (see
    /// [`crate::stance`]): the post then speaks for whoever denies, never for the claim's origin.
    pub denial: Option<&'a str>,
}

/// A name as the caller's gazetteer knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub canonical: String,
    pub aliases: Vec<String>,
    pub outlet: bool,
}

/// The origins of a story and, for each post and sentence, which origin it speaks for.
#[derive(Debug, Clone, Default)]
pub struct Traced {
    pub origins: Vec<Origin>,
    /// Post reference → the names of the origins it relays (the post's main origin first).
    pub post_origins: HashMap<String, Vec<String>>,
    /// (post reference, sentence index) → the origin that sentence is attributed to.
    pub sentence_origins: HashMap<(String, usize), String>,
}

/// A post's claim to speak for someone, before names are merged.
#[derive(Debug, Clone)]
struct Label {
    name: String,
    kind: SpeakerKind,
    relay: RelayKind,
    /// The source is the origin itself: its own publication.
    own: bool,
    sentence: Option<usize>,
    /// The post rejects the story's claim.
    denies: bool,
    /// The English name an English translation of the origin's own post gives it ("the
    /// Wielkopolska Farmers' Alliance" for the channel "Wielkopolski Sojusz Rolników").
    english: Option<String>,
}

/// Statements made by an organisation without a speech cue: "the national weather agency ANM has
/// issued a red heat warning". The subject is the speaker.
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[:.!?]\s+)
        (?P<subject>(?:[Tt]he\s+)?(?:[\p{Ll}-]+\s+){0,4}?(?:\p{Lu}{2,}|\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*))
        \s+(?:has\s+|have\s+|had\s+)?
        (?:issued|announced|declared|warned|ordered|imposed|confirmed|reported|published|released|recorded|registered|detected|measured|corrected|revised|updated)\b",
    )
    .expect("issuer pattern")
});

/// How many sentences (a feed item's title included) make a post's lede.
const LEDE_SENTENCES: usize = 3;

/// Traces every post of a story back to its origins.
pub fn trace(posts: &[PostFacts<'_>], resolve: &dyn Fn(&str) -> Option<Resolved>) -> Traced {
    trace_with(posts, &[], resolve)
}

/// `trace`, knowing the names of every source the desk watches (`known_sources`), so a relay
/// naming one ("a diplomatic source cited by Meridian Wire") counts for it even before that
/// source's own post joins the story.
pub fn trace_with(
    posts: &[PostFacts<'_>],
    known_sources: &[&str],
    resolve: &dyn Fn(&str) -> Option<Resolved>,
) -> Traced {
    // Names are resolved again and again while labels merge; the gazetteer lookup is the cost.
    let cache: std::cell::RefCell<HashMap<String, Option<Resolved>>> = Default::default();
    let memo = |name: &str| -> Option<Resolved> {
        if let Some(found) = cache.borrow().get(name) {
            return found.clone();
        }
        let found = resolve(name);
        cache.borrow_mut().insert(name.to_string(), found.clone());
        found
    };
    let resolve: &dyn Fn(&str) -> Option<Resolved> = &memo;
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by_key(|&idx| (posts[idx].published_at, idx));
    let by_ref: HashMap<String, usize> = posts
        .iter()
        .enumerate()
        .map(|(idx, post)| (post.post.to_lowercase(), idx))
        .collect();

    // Labels per post, in time order so that forwards and copies can inherit.
    let mut source_names: Vec<&str> = posts
        .iter()
        .map(|post| post.source_name)
        .chain(known_sources.iter().copied())
        .collect();
    source_names.sort_unstable();
    source_names.dedup();
    // Labels per post, in time order so that forwards and copies can inherit.
    let mut labels: Vec<Vec<Label>> = vec![Vec::new(); posts.len()];
    for &idx in &order {
        labels[idx] = post_labels(&posts[idx], &source_names, &by_ref, &labels, resolve);
        if let Some(english) = english_name(idx, posts, &source_names, &by_ref, &labels, resolve) {
            for label in &mut labels[idx] {
                label.english = Some(english.clone());
            }
        }
    }

    // "— Philippine Coast Guard, via Manila Courier" where the Courier's own item in the story
    // quotes the coast guard: a relay citing a source that itself relays someone counts for
    // whom that source relays.
    let mut distinct_sources: Vec<&str> = posts.iter().map(|post| post.source_name).collect();
    distinct_sources.sort_unstable();
    distinct_sources.dedup();
    for (pos, &idx) in order.iter().enumerate() {
        let mut replaced: Vec<Label> = Vec::new();
        let mut changed = false;
        for label in &labels[idx] {
            let cited_source = (label.relay == RelayKind::Citation && !label.own && !label.denies)
                .then(|| {
                    distinct_sources
                        .iter()
                        .copied()
                        .find(|source| same_name(source, &label.name))
                })
                .flatten();
            let relayed = cited_source.and_then(|source| {
                order[..pos].iter().copied().find(|&earlier| {
                    posts[earlier].source_name == source
                        && !labels[earlier].is_empty()
                        && labels[earlier]
                            .iter()
                            .all(|theirs| !theirs.own && !theirs.denies)
                })
            });
            match relayed {
                Some(earlier) => {
                    changed = true;
                    for theirs in &labels[earlier] {
                        if !replaced
                            .iter()
                            .any(|kept| same_name(&kept.name, &theirs.name))
                        {
                            replaced.push(Label {
                                relay: RelayKind::Citation,
                                own: false,
                                sentence: label.sentence,
                                ..theirs.clone()
                            });
                        }
                    }
                }
                None => {
                    if !replaced
                        .iter()
                        .any(|kept| same_name(&kept.name, &label.name))
                    {
                        replaced.push(label.clone());
                    }
                }
            }
        }
        if changed {
            labels[idx] = replaced;
        }
    }

    // Merge names into origins.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    // A name's first accepting group changes only when some group's names or canonical name
    // change (`version`): a large story repeats the same few names thousands of times.
    let mut version = 0u64;
    let mut answered: HashMap<&str, (u64, usize)> = HashMap::new();
    for &idx in &order {
        for (label_idx, label) in labels[idx].iter().enumerate() {
            let found = match answered.get(label.name.as_str()) {
                Some(&(at, group_idx)) if at == version => Some(group_idx),
                _ => groups
                    .iter()
                    .position(|group| group.accepts(&label.name, resolve)),
            };
            let group_idx = match found {
                Some(group_idx) => group_idx,
                None => {
                    groups.push(Group::default());
                    groups.len() - 1
                }
            };
            let group = &mut groups[group_idx];
            let before = (group.names.len(), group.canonical.is_some());
            group.add(label, resolve);
            if (group.names.len(), group.canonical.is_some()) != before {
                version += 1;
            }
            answered.insert(label.name.as_str(), (version, group_idx));
            group_of.insert((idx, label_idx), group_idx);
        }
    }

    let mut traced = Traced::default();
    let names: Vec<String> = groups
        .iter()
        .map(|group| latin_name(&group.display_name()))
        .collect();
    for &idx in &order {
        let post = &posts[idx];
        let mut post_names: Vec<String> = Vec::new();
        for (label_idx, label) in labels[idx].iter().enumerate() {
            let name = names[group_of[&(idx, label_idx)]].clone();
            if let Some(sentence) = label.sentence {
                traced
                    .sentence_origins
                    .entry((post.post.to_string(), sentence))
                    .or_insert_with(|| name.clone());
            }
            if !post_names.contains(&name) {
                post_names.push(name);
            }
        }
        traced
            .post_origins
            .insert(post.post.to_string(), post_names);
    }
    for (group_idx, group) in groups.iter().enumerate() {
        let mut relays: Vec<Relay> = Vec::new();
        let mut verified_at: Option<DateTime<Utc>> = None;
        for &idx in &order {
            let post = &posts[idx];
            let mine: Vec<&Label> = labels[idx]
                .iter()
                .enumerate()
                .filter(|(label_idx, _)| group_of[&(idx, *label_idx)] == group_idx)
                .map(|(_, label)| label)
                .collect();
            let Some(first) = mine.first() else { continue };
            let own = mine.iter().any(|label| label.own);
            if own {
                verified_at =
                    Some(verified_at.map_or(post.published_at, |at| at.min(post.published_at)));
            }
            relays.push(Relay {
                post: post.post.to_string(),
                source: post.source.to_string(),
                kind: if own { RelayKind::Primary } else { first.relay },
                first_seen: post.published_at,
                lag_secs: 0,
                before_origin: false,
                similarity: post
                    .copy_of
                    .as_ref()
                    .map(|(_, similarity)| *similarity)
                    .filter(|_| !own && first.relay == RelayKind::Copy),
            });
        }
        let Some(first_seen) = relays.iter().map(|relay| relay.first_seen).min() else {
            continue;
        };
        let anchor = verified_at.unwrap_or(first_seen);
        for relay in &mut relays {
            relay.lag_secs = (relay.first_seen - anchor).num_seconds();
            relay.before_origin = verified_at.is_some_and(|at| relay.first_seen < at);
        }
        let written = group.display_name();
        let name = names[group_idx].clone();
        let mut aliases = group.aliases(&name);
        if written != name && !aliases.contains(&written) {
            aliases.insert(0, written);
        }
        traced.origins.push(Origin {
            name,
            aliases,
            kind: group.kind,
            first_seen,
            verified: verified_at.is_some(),
            verified_at,
            relays,
            denies: group.n_denials > 0 && group.n_claims == 0,
        });
    }
    traced.origins.sort_by_key(|origin| origin.first_seen);
    traced
}

fn post_labels(
    post: &PostFacts<'_>,
    source_names: &[&str],
    by_ref: &HashMap<String, usize>,
    earlier: &[Vec<Label>],
    resolve: &dyn Fn(&str) -> Option<Resolved>,
) -> Vec<Label> {
    let inherit = |reference: &Option<String>, relay: RelayKind| -> Option<Vec<Label>> {
        let idx = *by_ref.get(&reference.as_ref()?.to_lowercase())?;
        let inherited: Vec<Label> = earlier[idx]
            .iter()
            .map(|label| Label {
                relay,
                own: false,
                ..label.clone()
            })
            .collect();
        (!inherited.is_empty()).then_some(inherited)
    };
    if let Some(labels) = inherit(&post.forwarded_from, RelayKind::Forward) {
        return labels;
    }
    if post.forwarded_from.is_some() || post.forwarded_name.is_some() {
        let name = post.forwarded_name.map(str::to_string).or_else(|| {
            post.forwarded_from
                .as_deref()
                .and_then(|reference| reference.split('/').next())
                .map(str::to_string)
        });
        if let Some(name) = name {
            return vec![Label {
                name,
                kind: SpeakerKind::Organization,
                relay: RelayKind::Forward,
                own: false,
                sentence: None,
                denies: false,
                english: None,
            }];
        }
    }
    let copied = post
        .copy_of
        .as_ref()
        .map(|(reference, _)| reference.clone());
    if let Some(labels) = inherit(&copied, RelayKind::Copy) {
        return labels;
    }
    if let Some(denial) = post.denial {
        return vec![denial_label(post, denial, source_names, resolve)];
    }

    let mut labels: Vec<Label> = Vec::new();
    fn push(labels: &mut Vec<Label>, label: Label) {
        if !labels
            .iter()
            .any(|existing| same_name(&existing.name, &label.name))
        {
            labels.push(label);
        }
    }
    // The lede says whose report this is; an attribution deep in the text ("Venezuela claims
    // the region", a background paragraph) speaks for its own sentence, not for the post.
    let lede: Vec<&Attribution> = post
        .attributions
        .iter()
        .filter(|attribution| attribution.sentence_idx < LEDE_SENTENCES)
        .collect();
    let read: Vec<&Attribution> = if lede.is_empty() {
        post.attributions.iter().collect()
    } else {
        lede
    };
    for attribution in read {
        let named_speaker = attribution.speaker.as_ref().and_then(|speaker| {
            (speaker.kind != SpeakerKind::Anonymous && speaker.kind != SpeakerKind::Outlet)
                .then(|| read_speaker(&clean_speaker(&speaker.text)))
                .and_then(|read| match read {
                    SpeakerName::Name(name) if !is_document(&name) => Some((name, speaker.kind)),
                    _ => None,
                })
        });
        let (name, kind) = match (&attribution.outlet, &attribution.speaker, named_speaker) {
            // "the Philippine Coast Guard, via Manila Courier", "Reuters, citing the ministry":
            // who said it first is the named speaker; the outlet relays it.
            (Some(_), Some(_), Some(named)) => named,
            (Some(outlet), _, _) => (outlet.clone(), SpeakerKind::Outlet),
            // "the regional governor, who heads the regional administration": the sentence names
            // a source of this story that speaks for itself; the speaker is its voice.
            (None, Some(speaker), _) => {
                // "UPDATE: …", "BREAKING: …": a header in capitals, not a speaker.
                if attribution.cue.as_deref() == Some(":")
                    && is_header(&speaker.text, source_names, resolve)
                {
                    continue;
                }
                match read_speaker(&clean_speaker(&speaker.text)) {
                    SpeakerName::Name(name) => {
                        // "the regional governor, who heads the regional administration": the
                        // speaker names a source of this story that speaks for itself; the
                        // speaker is its voice.
                        // The speaker's words as written keep their apposition ("…, who heads
                        // the regional administration"); a complement clause is not part of it.
                        let written = speaker.text.split(" that ").next().unwrap_or(&speaker.text);
                        match named_source(
                            &with_apposition(&attribution.sentence, written),
                            source_names,
                        ) {
                            Some(source) => (source.to_string(), SpeakerKind::Organization),
                            // "according to a statement on the ministry's website": a document
                            // speaks for whoever the post named before it, else for the site the
                            // post links to, else for the source itself.
                            None if is_document(&name) => {
                                match (labels.last(), post.linked_outlets.first()) {
                                    (Some(previous), _) => (previous.name.clone(), previous.kind),
                                    (None, Some(linked)) => {
                                        (linked.clone(), SpeakerKind::Organization)
                                    }
                                    (None, None) => {
                                        (post.source_name.to_string(), SpeakerKind::Organization)
                                    }
                                }
                            }
                            None => (name, speaker.kind),
                        }
                    }
                    // "we said": the channel's owner speaks.
                    SpeakerName::Owner => (post.source_name.to_string(), SpeakerKind::Organization),
                    // "he said", "told the organisation": whoever the post named before.
                    SpeakerName::Antecedent => match labels.last() {
                        Some(previous) => (previous.name.clone(), previous.kind),
                        None => continue,
                    },
                    SpeakerName::Refused => continue,
                }
            }
            (None, None, _) => continue,
        };
        if name.is_empty() {
            continue;
        }
        // "PCG" where the post spells out "Philippine Coast Guard (PCG)": the full name.
        let name = expand_acronym(&name, post.text).unwrap_or(name);
        // "said the Minister of Foreign Affairs" in the foreign ministry's own release: the
        // body speaks through its head; the release is the body's own word.
        let (name, kind) = if officer_of(&name, post.source_name) {
            (post.source_name.to_string(), SpeakerKind::Organization)
        } else {
            (name, kind)
        };
        let own =
            same_name(&name, post.source_name) || resolves_same(&name, post.source_name, resolve);
        push(
            &mut labels,
            Label {
                name,
                kind,
                relay: RelayKind::Citation,
                own,
                sentence: Some(attribution.sentence_idx),
                denies: false,
                english: None,
            },
        );
    }
    // An outlet quoting a named speaker ("the coastguard said, Aegean Wire reports" in Aegean
    // Wire's own feed) relays that speaker; it is not a second origin of its own claim.
    if labels
        .iter()
        .any(|label| !label.own && label.kind != SpeakerKind::Anonymous)
        && labels
            .iter()
            .any(|label| label.own && label.kind == SpeakerKind::Outlet)
    {
        labels.retain(|label| !(label.own && label.kind == SpeakerKind::Outlet));
    }
    // "…, officials say" beside "the regional administration said": the vague speaker is the
    // named one, not a second origin.
    if labels
        .iter()
        .any(|label| label.kind != SpeakerKind::Anonymous)
    {
        labels.retain(|label| label.kind != SpeakerKind::Anonymous);
    }
    // "officials said" and nothing more: an unnamed source known only through this publisher is
    // the publisher's claim (as "a diplomatic source told AFP" is AFP's).
    if labels
        .iter()
        .all(|label| label.kind == SpeakerKind::Anonymous)
        && post.linked_outlets.is_empty()
        && post.feed_origin.is_none()
    {
        let own_name = post.source_name;
        let cited = cited_source(post.text, source_names, own_name);
        labels.clear();
        // "— Kenya News Agency, citing officials": the watched source it names is the origin.
        if let Some(source) = cited {
            labels.push(Label {
                name: source.to_string(),
                kind: SpeakerKind::Organization,
                relay: RelayKind::Citation,
                own: false,
                sentence: None,
                denies: false,
                english: None,
            });
        }
    }
    if labels.is_empty()
        && let Some(found) = ISSUER.captures(post.text)
        && let Some(subject) = found.name("subject")
    {
        let name = clean_speaker(subject.as_str());
        if !name.is_empty() && !is_generic_subject(&name) && is_name(&name) {
            let own = same_name(&name, post.source_name);
            push(
                &mut labels,
                Label {
                    name,
                    kind: SpeakerKind::Organization,
                    relay: RelayKind::Citation,
                    own,
                    sentence: None,
                    denies: false,
                    english: None,
                },
            );
        }
    }
    if labels.is_empty()
        && let Some(outlet) = &post.feed_origin
    {
        push(
            &mut labels,
            Label {
                name: outlet.clone(),
                kind: SpeakerKind::Outlet,
                relay: RelayKind::FeedSource,
                own: same_name(outlet, post.source_name)
                    || resolves_same(outlet, post.source_name, resolve),
                sentence: None,
                denies: false,
                english: None,
            },
        );
    }
    if labels.is_empty() {
        for outlet in &post.linked_outlets {
            let own = same_name(outlet, post.source_name)
                || resolves_same(outlet, post.source_name, resolve);
            push(
                &mut labels,
                Label {
                    name: outlet.clone(),
                    kind: SpeakerKind::Outlet,
                    relay: RelayKind::Link,
                    own,
                    sentence: None,
                    denies: false,
                    english: None,
                },
            );
        }
    }
    if labels.is_empty() {
        let kind = if resolve(post.source_name).is_some_and(|resolved| resolved.outlet) {
            SpeakerKind::Outlet
        } else {
            SpeakerKind::Organization
        };
        push(
            &mut labels,
            Label {
                name: post.source_name.to_string(),
                kind,
                relay: RelayKind::Primary,
                own: true,
                sentence: None,
                denies: false,
                english: None,
            },
        );
    }
    // "Ethiopian police" in a headline and "the Sidama Region Police Commission" in the lede: a
    // description that a name in the same post fills out is that name.
    if labels.len() > 1 {
        let described: Vec<bool> = labels
            .iter()
            .map(|label| {
                labels
                    .iter()
                    .any(|other| describes(&label.name, &other.name))
            })
            .collect();
        let mut kept = described.iter();
        labels.retain(|_| !kept.next().copied().unwrap_or(false));
    }
    labels
}

/// An origin's name in Latin script, so the brief can cite it: the English name the gazetteer
/// knows ("ДСНС України" → "State Emergency Service of Ukraine"), else a transliteration. The
/// name as written stays an alias.
fn latin_name(name: &str) -> String {
    let is_cyrillic = |c: char| ('\u{400}'..='\u{52f}').contains(&c);
    if name.chars().any(is_cyrillic) {
        crate::translit::latin_name(name)
    } else {
        name.to_string()
    }
}

/// Who a denial speaks for: the named speaker of the denying sentence ("the ministry said no
/// deal was reached"), else the source that published it ("We never agreed to any truce" on
/// the party's own channel is the party's denial).
fn denial_label(
    post: &PostFacts<'_>,
    denial: &str,
    source_names: &[&str],
    resolve: &dyn Fn(&str) -> Option<Resolved>,
) -> Label {
    let denial = denial.trim();
    // "The Equatoria People's Movement categorically denies reports by the Kenya News Agency":
    // a watched source named before the denial phrase is who denies (the post's own included).
    let subject = crate::stance::denial_cue_at(denial).and_then(|cue_at| {
        let words = mentions::TextWords::new(denial);
        source_names
            .iter()
            .copied()
            .filter_map(|name| Some((words.mention_at(name)?, name)))
            .filter(|(at, _)| *at < cue_at)
            .min_by_key(|(at, _)| *at)
            .map(|(_, name)| (name.to_string(), SpeakerKind::Organization))
    });
    let speaker = subject.or_else(|| {
        post.attributions
            .iter()
            .filter(|attribution| {
                let theirs = attribution.sentence.trim();
                !theirs.is_empty() && (theirs.contains(denial) || denial.contains(theirs))
            })
            .find_map(|attribution| {
                let speaker = attribution.speaker.as_ref()?;
                if speaker.kind == SpeakerKind::Anonymous
                    || (attribution.cue.as_deref() == Some(":")
                        && is_header(&speaker.text, source_names, resolve))
                {
                    return None;
                }
                match read_speaker(&clean_speaker(&speaker.text)) {
                    SpeakerName::Name(name) => {
                        let written = speaker.text.split(" that ").next().unwrap_or(&speaker.text);
                        Some(
                            match named_source(
                                &with_apposition(&attribution.sentence, written),
                                source_names,
                            ) {
                                Some(source) => (source.to_string(), SpeakerKind::Organization),
                                None => (name, speaker.kind),
                            },
                        )
                    }
                    _ => None,
                }
            })
            // The watched source the denial names first, other than the post's own.
            .or_else(|| {
                first_named_source(denial, source_names, post.source_name)
                    .map(|source| (source.to_string(), SpeakerKind::Organization))
            })
    });
    let (name, kind) =
        speaker.unwrap_or_else(|| (post.source_name.to_string(), SpeakerKind::Organization));
    let own = same_name(&name, post.source_name);
    Label {
        name,
        kind,
        relay: if own {
            RelayKind::Primary
        } else {
            RelayKind::Citation
        },
        own,
        sentence: None,
        denies: true,
        english: None,
    }
}

/// Words in capitals before a colon that name nobody the desk knows ("UPDATE", "LOOK",
/// "CORRECTION"): a post's header. A known acronym ("AFP:", a watched source's initials) is a
/// speaker.
fn is_header(
    speaker: &str,
    source_names: &[&str],
    resolve: &dyn Fn(&str) -> Option<Resolved>,
) -> bool {
    let speaker = speaker.trim();
    let letters: Vec<char> = speaker.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && resolve(speaker).is_none()
        && !source_names
            .iter()
            .any(|name| same_name(name, speaker) || is_acronym_of(speaker, name))
}

/// Speakers that are documents, not people or bodies: "a statement", "the ministry's website".
fn is_document(speaker: &str) -> bool {
    const DOCUMENTS: &[&str] = &[
        "statement",
        "website",
        "release",
        "communique",
        "communiqué",
        "announcement",
        "post",
        "report",
        "reports",
        "readout",
        "transcript",
        "decree",
        "resolution",
        "notice",
        "bulletin",
        "telegram",
        "channel",
    ];
    let words = name_words(speaker);
    words
        .first()
        .is_some_and(|first| DOCUMENTS.contains(&first.as_str()))
        || words
            .last()
            .is_some_and(|last| DOCUMENTS.contains(&last.as_str()))
}

/// Subjects that are not issuers ("The fire", "Rescue work").
fn is_generic_subject(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() == 1 && words[0].chars().next().is_some_and(char::is_lowercase)
}

/// A speaker's words as an origin name: articles and trailing punctuation off.
pub fn clean_speaker(text: &str) -> String {
    let trimmed = text
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    let lower = trimmed.to_lowercase();
    for article in ["the ", "a ", "an "] {
        if lower.starts_with(article) {
            return trimmed[article.len()..].trim().to_string();
        }
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests;
