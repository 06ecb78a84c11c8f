//! `replay --check`: compare the desk's stories after a step with a scenario's `expected.toml`.
//!
//! Decisions:
//! - The matching rules are the README's and live in `wiredesk_analysis::ledger`
//!   (`same_value`, `contains_words`, `normalize`), so the checker and the ledger cannot drift
//!   apart.
//! - "The" desk story of an expectation is the one sharing the most expected posts (ties: the
//!   earliest first-seen, then the first listed); every asked field then gives one [`CheckLine`].
//! - A missing key or an empty list asks nothing and gives no line (README).
//! - `brief_mentions`, `provenance`, `provenance_any`, `desk_note_mentions` and
//!   `revisions_mention` are checked by `check_briefs` against each story's brief; briefs belong to the Briefs
//!   issue, which adds their lines.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use wiredesk_analysis::ledger::{contains_words, normalize, same_value};
use wiredesk_model::{SlotStatus, Story};

#[cfg(test)]
mod tests;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("failed to parse expected.toml")]
    Toml(#[from] toml::de::Error),
    #[error("unknown status {status:?} for slot {slot} (after step {after_step})")]
    Status {
        after_step: usize,
        slot: String,
        status: String,
    },
    #[error("first_seen of {post} is not an RFC 3339 time: {value:?} (after step {after_step})")]
    Time {
        after_step: usize,
        post: String,
        value: String,
    },
    #[error(
        "value of {key} must be a string, a number or a list of them (after step {after_step})"
    )]
    Value { after_step: usize, key: String },
}

/// Everything `expected.toml` asks, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectations {
    pub steps: Vec<StepExpectation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepExpectation {
    pub after_step: usize,
    pub stories: Vec<StoryExpectation>,
}

/// One `[[expect.story]]`. Empty fields ask nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryExpectation {
    pub kind: Option<String>,
    pub posts: Vec<String>,
    pub origins: Vec<String>,
    pub verified_origins: Vec<String>,
    pub first_seen: Vec<(String, DateTime<Utc>)>,
    pub slots: Vec<(String, Vec<String>)>,
    pub status: Vec<(String, SlotStatus)>,
    pub disputed: Vec<(String, Vec<String>)>,
    pub unknown: Vec<String>,
    /// Not checked here yet (Briefs issue).
    pub brief_mentions: Vec<String>,
    pub provenance: Vec<String>,
    pub provenance_any: Vec<String>,
    pub desk_note_mentions: Vec<String>,
    pub revisions_mention: Vec<String>,
}

/// One expectation, passed or failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckLine {
    pub after_step: usize,
    /// Index of the `[[expect.story]]` within its step, from 0.
    pub story: usize,
    /// What was checked: "story", "kind", "posts", "origins", "verified_origins",
    /// "first_seen.<post>", "slots.<slot>", "status.<slot>", "disputed.<slot>", "unknown.<slot>".
    pub what: String,
    pub passed: bool,
    pub detail: String,
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    expect: Vec<RawStep>,
}

#[derive(Deserialize)]
struct RawStep {
    after_step: usize,
    #[serde(default)]
    story: Vec<RawStory>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStory {
    kind: Option<String>,
    posts: Vec<String>,
    origins: Vec<String>,
    verified_origins: Vec<String>,
    first_seen: BTreeMap<String, toml::Value>,
    slots: BTreeMap<String, toml::Value>,
    status: BTreeMap<String, String>,
    disputed: BTreeMap<String, toml::Value>,
    unknown: Vec<String>,
    brief_mentions: Vec<String>,
    provenance: Vec<String>,
    provenance_any: Vec<String>,
    desk_note_mentions: Vec<String>,
    revisions_mention: Vec<String>,
}

/// Reads `expected.toml`. Unknown keys are ignored (later issues add their own).
pub fn parse_expected(toml_text: &str) -> Result<Expectations, CheckError> {
    let raw: RawFile = toml::from_str(toml_text)?;
    let mut steps = Vec::new();
    for step in raw.expect {
        let after_step = step.after_step;
        let mut stories = Vec::new();
        for story in step.story {
            let mut first_seen = Vec::new();
            for (post, value) in story.first_seen {
                let text = match &value {
                    toml::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                let time = DateTime::parse_from_rfc3339(text.trim())
                    .map_err(|_| CheckError::Time {
                        after_step,
                        post: post.clone(),
                        value: text.clone(),
                    })?
                    .with_timezone(&Utc);
                first_seen.push((post, time));
            }
            let mut status = Vec::new();
            for (slot, text) in story.status {
                let parsed = parse_status(&text).ok_or_else(|| CheckError::Status {
                    after_step,
                    slot: slot.clone(),
                    status: text.clone(),
                })?;
                status.push((slot, parsed));
            }
            stories.push(StoryExpectation {
                kind: story.kind.filter(|kind| !kind.trim().is_empty()),
                posts: story.posts,
                origins: story.origins,
                verified_origins: story.verified_origins,
                first_seen,
                slots: value_lists(story.slots, "slots", after_step)?,
                status,
                disputed: value_lists(story.disputed, "disputed", after_step)?,
                unknown: story.unknown,
                brief_mentions: story.brief_mentions,
                provenance: story.provenance,
                provenance_any: story.provenance_any,
                desk_note_mentions: story.desk_note_mentions,
                revisions_mention: story.revisions_mention,
            });
        }
        steps.push(StepExpectation {
            after_step,
            stories,
        });
    }
    Ok(Expectations { steps })
}

fn parse_status(text: &str) -> Option<SlotStatus> {
    match normalize(text).replace('_', "-").as_str() {
        "confirmed" => Some(SlotStatus::Confirmed),
        "single-origin" => Some(SlotStatus::SingleOrigin),
        "disputed" => Some(SlotStatus::Disputed),
        "unknown" => Some(SlotStatus::Unknown),
        _ => None,
    }
}

fn status_name(status: SlotStatus) -> &'static str {
    match status {
        SlotStatus::Confirmed => "confirmed",
        SlotStatus::SingleOrigin => "single-origin",
        SlotStatus::Disputed => "disputed",
        SlotStatus::Unknown => "unknown",
    }
}

fn value_lists(
    raw: BTreeMap<String, toml::Value>,
    table: &str,
    after_step: usize,
) -> Result<Vec<(String, Vec<String>)>, CheckError> {
    let scalar = |value: &toml::Value| match value {
        toml::Value::String(text) => Some(text.clone()),
        toml::Value::Integer(number) => Some(number.to_string()),
        toml::Value::Float(number) => Some(number.to_string()),
        toml::Value::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    };
    let mut lists = Vec::new();
    for (key, value) in raw {
        let values = match &value {
            toml::Value::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>(),
            other => scalar(other).map(|text| vec![text]),
        };
        let values = values.ok_or_else(|| CheckError::Value {
            after_step,
            key: format!("{table}.{key}"),
        })?;
        lists.push((key, values));
    }
    Ok(lists)
}

/// How post references compare: percent-decoded, NFKC, lowercase, a `t.me` URL reduced to
/// `channel/id`, no trailing slash.
fn post_key(reference: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(reference.trim()).decode_utf8_lossy();
    let key = normalize(&decoded);
    let key = [
        "https://t.me/s/",
        "https://t.me/",
        "http://t.me/s/",
        "http://t.me/",
    ]
    .iter()
    .find_map(|prefix| key.strip_prefix(prefix))
    .map_or(key.clone(), str::to_string);
    key.trim_end_matches('/').to_string()
}

fn names_match(expected: &str, name: &str) -> bool {
    contains_words(name, expected) || contains_words(expected, name)
}

fn origin_matches(expected: &str, origin: &wiredesk_model::Origin) -> bool {
    names_match(expected, &origin.name)
        || origin
            .aliases
            .iter()
            .any(|alias| names_match(expected, alias))
}

/// Set comparison under a matching rule: every expected item matches one actual item and every
/// actual item matches one expected. Returns (missing expected, unexpected actual).
fn set_diff<'a, A>(
    expected: &'a [String],
    actual: &'a [A],
    matches: impl Fn(&str, &A) -> bool,
    show: impl Fn(&A) -> String,
) -> (Vec<String>, Vec<String>) {
    let missing = expected
        .iter()
        .filter(|want| !actual.iter().any(|have| matches(want, have)))
        .cloned()
        .collect();
    let extra = actual
        .iter()
        .filter(|have| !expected.iter().any(|want| matches(want, have)))
        .map(show)
        .collect();
    (missing, extra)
}

fn diff_detail(missing: &[String], extra: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("unexpected {}", extra.join(", ")));
    }
    if parts.is_empty() {
        "as expected".to_string()
    } else {
        parts.join("; ")
    }
}

/// The desk story sharing the most of the expected posts (ties: earliest first-seen, then the
/// first listed), with the number shared.
fn matching_story<'a>(
    expected: &StoryExpectation,
    stories: &'a [Story],
) -> Option<(&'a Story, usize)> {
    let wanted: Vec<String> = expected.posts.iter().map(|post| post_key(post)).collect();
    let mut best: Option<(&Story, usize)> = None;
    for story in stories {
        let shared = story
            .posts
            .iter()
            .filter(|post| wanted.contains(&post_key(post)))
            .count();
        if shared == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((best_story, best_shared)) => {
                shared > best_shared
                    || (shared == best_shared && story.first_seen < best_story.first_seen)
            }
        };
        if better {
            best = Some((story, shared));
        }
    }
    best
}

/// Every line the expectations for `after_step` ask, against the desk's stories.
/// `first_seen` answers a post reference with the time the store holds for it.
pub fn check_step(
    expected: &Expectations,
    after_step: usize,
    stories: &[Story],
    first_seen: &dyn Fn(&str) -> Option<DateTime<Utc>>,
) -> Vec<CheckLine> {
    let mut lines = Vec::new();
    let step_stories = expected
        .steps
        .iter()
        .filter(|step| step.after_step == after_step)
        .flat_map(|step| step.stories.iter());
    for (story_idx, want) in step_stories.enumerate() {
        let mut line = |what: String, passed: bool, detail: String| {
            lines.push(CheckLine {
                after_step,
                story: story_idx,
                what,
                passed,
                detail,
            });
        };
        let Some((story, shared)) = matching_story(want, stories) else {
            line(
                "story".to_string(),
                false,
                "no desk story holds any of the expected posts".to_string(),
            );
            continue;
        };
        line(
            "story".to_string(),
            true,
            format!(
                "desk story {} ({} of {} expected posts)",
                story.id,
                shared,
                want.posts.len()
            ),
        );
        check_story(want, story, first_seen, &mut line);
    }
    lines
}

/// What the brief checks read of a story's brief.
#[derive(Debug, Clone, Default)]
pub struct BriefView {
    /// The brief as rendered for people (Markdown).
    pub rendered: String,
    pub desk_note: String,
    pub provenance: Vec<String>,
    /// The revision log's summaries.
    pub revisions: Vec<String>,
}

/// The brief expectations for `after_step`: `brief_mentions`, `provenance`, `provenance_any`,
/// `desk_note_mentions`, `revisions_mention`. `brief_of` answers a story id with its brief.
pub fn check_briefs(
    expected: &Expectations,
    after_step: usize,
    stories: &[Story],
    brief_of: &dyn Fn(&str) -> Option<BriefView>,
) -> Vec<CheckLine> {
    let mut lines = Vec::new();
    let step_stories = expected
        .steps
        .iter()
        .filter(|step| step.after_step == after_step)
        .flat_map(|step| step.stories.iter());
    for (story_idx, want) in step_stories.enumerate() {
        let asks = !(want.brief_mentions.is_empty()
            && want.provenance.is_empty()
            && want.provenance_any.is_empty()
            && want.desk_note_mentions.is_empty()
            && want.revisions_mention.is_empty());
        if !asks {
            continue;
        }
        let mut line = |what: String, passed: bool, detail: String| {
            lines.push(CheckLine {
                after_step,
                story: story_idx,
                what,
                passed,
                detail,
            });
        };
        let brief = matching_story(want, stories).and_then(|(story, _)| brief_of(&story.id));
        let Some(brief) = brief else {
            line(
                "brief".to_string(),
                false,
                "the story has no brief".to_string(),
            );
            continue;
        };
        let mentions =
            |haystack: &str, phrase: &str| normalize(haystack).contains(&normalize(phrase));
        for phrase in &want.brief_mentions {
            let passed = mentions(&brief.rendered, phrase);
            line(
                format!("brief_mentions.{phrase}"),
                passed,
                if passed {
                    "mentioned".into()
                } else {
                    "not in the brief".into()
                },
            );
        }
        let has_url = |url: &str| {
            brief
                .provenance
                .iter()
                .any(|item| url_key(item) == url_key(url))
        };
        for url in &want.provenance {
            let passed = has_url(url);
            line(
                format!("provenance.{url}"),
                passed,
                if passed {
                    "listed".into()
                } else {
                    "not in the provenance list".into()
                },
            );
        }
        if !want.provenance_any.is_empty() {
            let found: Vec<&String> = want
                .provenance_any
                .iter()
                .filter(|url| has_url(url))
                .collect();
            let detail = match found.first() {
                Some(url) => format!("lists {url}"),
                None => "lists none of them".to_string(),
            };
            line("provenance_any".to_string(), !found.is_empty(), detail);
        }
        for phrase in &want.desk_note_mentions {
            let passed = mentions(&brief.desk_note, phrase);
            line(
                format!("desk_note_mentions.{phrase}"),
                passed,
                if passed {
                    "mentioned".into()
                } else {
                    format!("not in the desk note: {}", brief.desk_note)
                },
            );
        }
        let log = brief.revisions.join("\n");
        for phrase in &want.revisions_mention {
            let passed = mentions(&log, phrase);
            line(
                format!("revisions_mention.{phrase}"),
                passed,
                if passed {
                    "mentioned".into()
                } else {
                    "not in the revision log".into()
                },
            );
        }
    }
    lines
}

/// URLs compare after percent-decoding.
fn url_key(url: &str) -> String {
    crate::scenario::url_key(url.trim())
}

fn check_story(
    want: &StoryExpectation,
    story: &Story,
    first_seen: &dyn Fn(&str) -> Option<DateTime<Utc>>,
    line: &mut dyn FnMut(String, bool, String),
) {
    if let Some(kind) = &want.kind {
        let passed = normalize(kind) == normalize(&story.kind);
        line(
            "kind".to_string(),
            passed,
            format!("expected {kind}, desk has {}", story.kind),
        );
    }
    if !want.posts.is_empty() {
        let (missing, extra) = set_diff(
            &want.posts,
            &story.posts,
            |want, have| post_key(want) == post_key(have),
            Clone::clone,
        );
        line(
            "posts".to_string(),
            missing.is_empty() && extra.is_empty(),
            diff_detail(&missing, &extra),
        );
    }
    if !want.origins.is_empty() {
        let (missing, extra) = set_diff(&want.origins, &story.origins, origin_matches, |origin| {
            origin.name.clone()
        });
        line(
            "origins".to_string(),
            missing.is_empty() && extra.is_empty(),
            diff_detail(&missing, &extra),
        );
    }
    if !want.verified_origins.is_empty() {
        let verified: Vec<&wiredesk_model::Origin> = story
            .origins
            .iter()
            .filter(|origin| origin.verified)
            .collect();
        let (missing, extra) = set_diff(
            &want.verified_origins,
            &verified,
            |want, have| origin_matches(want, have),
            |origin| origin.name.clone(),
        );
        line(
            "verified_origins".to_string(),
            missing.is_empty() && extra.is_empty(),
            diff_detail(&missing, &extra),
        );
    }
    for (post, expected_time) in &want.first_seen {
        // Ask the store with the desk's own spelling of the reference when it has the post.
        let reference = story
            .posts
            .iter()
            .find(|have| post_key(have) == post_key(post))
            .map_or(post.as_str(), String::as_str);
        let (passed, detail) = match first_seen(reference) {
            Some(time) if time == *expected_time => {
                (true, format!("{}", time.format("%Y-%m-%dT%H:%M:%SZ")))
            }
            Some(time) => (
                false,
                format!(
                    "expected {}, desk has {}",
                    expected_time.format("%Y-%m-%dT%H:%M:%SZ"),
                    time.format("%Y-%m-%dT%H:%M:%SZ")
                ),
            ),
            None => (false, "the desk has no time for this post".to_string()),
        };
        line(format!("first_seen.{post}"), passed, detail);
    }
    let slot = |name: &str| {
        story
            .slots
            .iter()
            .find(|slot| normalize(&slot.name) == normalize(name))
    };
    for (name, values) in &want.slots {
        if values.is_empty() {
            continue;
        }
        let (passed, detail) = match slot(name) {
            None => (false, format!("the desk's frame has no slot {name}")),
            Some(slot) => {
                let affirmed: Vec<String> = slot
                    .values
                    .iter()
                    .filter(|value| !value.denied)
                    .map(|value| value.value.clone())
                    .collect();
                let (missing, extra) = set_diff(
                    values,
                    &affirmed,
                    |want, have| same_value(want, have),
                    Clone::clone,
                );
                (
                    missing.is_empty() && extra.is_empty(),
                    diff_detail(&missing, &extra),
                )
            }
        };
        line(format!("slots.{name}"), passed, detail);
    }
    for (name, status) in &want.status {
        let have = slot(name).map_or(SlotStatus::Unknown, |slot| slot.status);
        line(
            format!("status.{name}"),
            have == *status,
            format!(
                "expected {}, desk has {}",
                status_name(*status),
                status_name(have)
            ),
        );
    }
    for (name, values) in &want.disputed {
        if values.is_empty() {
            continue;
        }
        let (passed, detail) = match slot(name) {
            None => (false, format!("the desk's frame has no slot {name}")),
            Some(slot) => {
                let competing: Vec<&str> = slot
                    .values
                    .iter()
                    .map(|value| value.value.as_str())
                    .collect();
                let missing: Vec<String> = values
                    .iter()
                    .filter(|want| !competing.iter().any(|have| same_value(want, have)))
                    .cloned()
                    .collect();
                let is_disputed = slot.status == SlotStatus::Disputed;
                let mut detail = format!("desk values: {}", competing.join(" | "));
                if !is_disputed {
                    detail = format!(
                        "the slot is {}, not disputed; {detail}",
                        status_name(slot.status)
                    );
                }
                if !missing.is_empty() {
                    detail = format!("missing {}; {detail}", missing.join(", "));
                }
                (is_disputed && missing.is_empty(), detail)
            }
        };
        line(format!("disputed.{name}"), passed, detail);
    }
    for name in &want.unknown {
        let (passed, detail) = match slot(name) {
            None => (false, format!("the desk's frame has no slot {name}")),
            Some(slot) if slot.status == SlotStatus::Unknown => (true, "unknown".to_string()),
            Some(slot) => (
                false,
                format!(
                    "desk has {}: {}",
                    status_name(slot.status),
                    slot.values
                        .iter()
                        .map(|value| value.value.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            ),
        };
        line(format!("unknown.{name}"), passed, detail);
    }
}
