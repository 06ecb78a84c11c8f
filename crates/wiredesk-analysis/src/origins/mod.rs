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
    pub attributions: &'a [Attribution],
    /// Outlets its links point to (canonical names).
    pub linked_outlets: Vec<String>,
    /// The outlet a feed item names in `<source>` (or a wire as its author).
    pub feed_origin: Option<String>,
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
}

/// Statements made by an organisation without a speech cue: "the national weather agency ANM has
/// issued a red heat warning". The subject is the speaker.
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[:.!?]\s+)
        (?P<subject>(?:[Tt]he\s+)?(?:[\p{Ll}-]+\s+){0,4}?(?:\p{Lu}{2,}|\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*))
        \s+(?:has\s+|have\s+|had\s+)?
        (?:issued|announced|declared|warned|ordered|imposed|confirmed|reported|published|released|recorded|registered|detected|measured)\b",
    )
    .expect("issuer pattern")
});

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
    }

    // Merge names into origins.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    for &idx in &order {
        for (label_idx, label) in labels[idx].iter().enumerate() {
            let found = groups
                .iter()
                .position(|group| group.accepts(&label.name, resolve));
            let group_idx = match found {
                Some(group_idx) => group_idx,
                None => {
                    groups.push(Group::default());
                    groups.len() - 1
                }
            };
            groups[group_idx].add(label, resolve);
            group_of.insert((idx, label_idx), group_idx);
        }
    }

    let mut traced = Traced::default();
    let names: Vec<String> = groups.iter().map(Group::display_name).collect();
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
        let name = names[group_idx].clone();
        let aliases = group.aliases(&name);
        traced.origins.push(Origin {
            name,
            aliases,
            kind: group.kind,
            first_seen,
            verified: verified_at.is_some(),
            verified_at,
            relays,
        });
    }
    traced.origins.sort_by_key(|origin| origin.first_seen);
    traced
}

/// A source the desk watches that `sentence` names, as whole words (its own source included:
/// "a diplomatic source told Meridian Wire" in Meridian Wire's own feed is its own report).
fn named_source<'a>(sentence: &str, source_names: &[&'a str]) -> Option<&'a str> {
    let sentence_words = name_words(sentence);
    source_names.iter().copied().find(|name| {
        let words = name_words(name);
        !words.is_empty()
            && sentence_words
                .windows(words.len())
                .any(|window| window == words.as_slice())
    })
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

    let mut labels: Vec<Label> = Vec::new();
    fn push(labels: &mut Vec<Label>, label: Label) {
        if !labels
            .iter()
            .any(|existing| same_name(&existing.name, &label.name))
        {
            labels.push(label);
        }
    }
    for attribution in post.attributions {
        let (name, kind) = match (&attribution.outlet, &attribution.speaker) {
            (Some(outlet), _) => (outlet.clone(), SpeakerKind::Outlet),
            // "the regional governor, who heads the regional administration": the sentence names
            // a source of this story that speaks for itself; the speaker is its voice.
            (None, Some(speaker)) => {
                match named_source(&attribution.sentence, source_names) {
                    Some(source) => (source.to_string(), SpeakerKind::Organization),
                    // "according to a statement on the ministry's website": a document speaks
                    // for whoever the post named before it, else for the site the post links
                    // to, else for the source itself.
                    None if is_document(&speaker.text) => {
                        match (labels.last(), post.linked_outlets.first()) {
                            (Some(previous), _) => (previous.name.clone(), previous.kind),
                            (None, Some(linked)) => (linked.clone(), SpeakerKind::Organization),
                            (None, None) => {
                                (post.source_name.to_string(), SpeakerKind::Organization)
                            }
                        }
                    }
                    None => (clean_speaker(&speaker.text), speaker.kind),
                }
            }
            (None, None) => continue,
        };
        if name.is_empty() {
            continue;
        }
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
            },
        );
    }
    // "…, officials say" beside "the regional administration said": the vague speaker is the
    // named one, not a second origin.
    if labels
        .iter()
        .any(|label| label.kind != SpeakerKind::Anonymous)
    {
        labels.retain(|label| label.kind != SpeakerKind::Anonymous);
    }
    if labels.is_empty()
        && let Some(found) = ISSUER.captures(post.text)
        && let Some(subject) = found.name("subject")
    {
        let name = clean_speaker(subject.as_str());
        if !name.is_empty() && !is_generic_subject(&name) {
            let own = same_name(&name, post.source_name);
            push(
                &mut labels,
                Label {
                    name,
                    kind: SpeakerKind::Organization,
                    relay: RelayKind::Citation,
                    own,
                    sentence: None,
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
                own: false,
                sentence: None,
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
            },
        );
    }
    labels
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

/// Lowercase words of a name, articles dropped.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| {
            !matches!(
                word.as_str(),
                "the" | "a" | "an" | "of" | "who" | "heads" | "and"
            )
        })
        .collect()
}

/// One name contains the other as whole words.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let contains =
        |long: &[String], short: &[String]| long.windows(short.len()).any(|window| window == short);
    if a.len() >= b.len() {
        contains(&a, &b)
    } else {
        contains(&b, &a)
    }
}

fn resolves_same(a: &str, b: &str, resolve: &dyn Fn(&str) -> Option<Resolved>) -> bool {
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a.canonical == b.canonical,
        _ => false,
    }
}

/// Names that turned out to be one origin.
#[derive(Debug, Clone)]
struct Group {
    names: Vec<String>,
    /// Names the source itself goes by (its own publications): preferred for display.
    own_names: Vec<String>,
    canonical: Option<Resolved>,
    kind: SpeakerKind,
}

impl Default for Group {
    fn default() -> Group {
        Group {
            names: Vec::new(),
            own_names: Vec::new(),
            canonical: None,
            kind: SpeakerKind::Organization,
        }
    }
}

impl Group {
    fn accepts(&self, name: &str, resolve: &dyn Fn(&str) -> Option<Resolved>) -> bool {
        if let (Some(canonical), Some(resolved)) = (&self.canonical, resolve(name)) {
            return canonical.canonical == resolved.canonical;
        }
        self.names.iter().any(|existing| same_name(existing, name))
    }

    fn add(&mut self, label: &Label, resolve: &dyn Fn(&str) -> Option<Resolved>) {
        if self.names.is_empty() {
            self.kind = label.kind;
        }
        if !self.names.contains(&label.name) {
            self.names.push(label.name.clone());
        }
        if label.own && !self.own_names.contains(&label.name) {
            self.own_names.push(label.name.clone());
        }
        if self.canonical.is_none() {
            self.canonical = resolve(&label.name);
        }
    }

    fn display_name(&self) -> String {
        if let Some(own) = self.own_names.first() {
            return own.clone();
        }
        if let Some(canonical) = &self.canonical {
            // The short form people write ("AFP") when the names used are all short forms.
            if let Some(short) = self
                .names
                .iter()
                .find(|name| canonical.aliases.contains(name))
            {
                return short.clone();
            }
            return canonical.canonical.clone();
        }
        self.names
            .iter()
            .min_by_key(|name| name.len())
            .cloned()
            .unwrap_or_default()
    }

    fn aliases(&self, display: &str) -> Vec<String> {
        let mut aliases: Vec<String> = Vec::new();
        let canonical = self
            .canonical
            .iter()
            .flat_map(|canonical| std::iter::once(&canonical.canonical).chain(&canonical.aliases));
        for name in self.names.iter().chain(canonical) {
            if name != display && !aliases.contains(name) {
                aliases.push(name.clone());
            }
        }
        aliases
    }
}

#[cfg(test)]
mod tests;
