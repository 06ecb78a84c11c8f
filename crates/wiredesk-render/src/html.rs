//! Server-rendered HTML pages: stories, story, sources, source, search, error.
//!
//! Pages are minijinja templates (embedded with `include_str!`, autoescape on) over small view
//! structs built here, so the templates only lay out strings that are already formatted (UTC
//! times, citation numbers, badge words). No page carries a script or an external asset; the
//! CSS is inline in `base.html`. The only markup inserted unescaped is the SVG this crate draws.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, Value, context};
use serde::Serialize;
use wiredesk_model::{
    Brief, LandingKind, Sentence, SlotStatus, SourceKind, SourceState, SourceStatus, Story,
};

use crate::text::{
    Notes, encode_segment, is_web_url, one_line, post_url, relay_kind_word, short_hash,
    source_label, status_word, trust_explanation, trust_word, utc,
};
use crate::{RenderError, SearchResult, Site, StoryListItem, origin_graph_svg};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    (
        "brief_body.html",
        include_str!("../templates/brief_body.html"),
    ),
    (
        "feed_entry.html",
        include_str!("../templates/feed_entry.html"),
    ),
    ("stories.html", include_str!("../templates/stories.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("sources.html", include_str!("../templates/sources.html")),
    ("source.html", include_str!("../templates/source.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("error.html", include_str!("../templates/error.html")),
];

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // minijinja's HTML escape also turns `/` into `&#x2f;`, which makes every URL unreadable
        // in the source; escaping the five significant characters is enough in text and in
        // quoted attributes.
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Html)
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                out.write_str(&crate::text::xml_escape(text))?;
                return Ok(());
            }
            minijinja::escape_formatter(out, state, value)
        });
        for (name, source) in TEMPLATES {
            if let Err(error) = env.add_template(name, source) {
                // A syntax error in an embedded template is a bug; the tests render every page.
                debug_assert!(false, "template {name}: {error}");
            }
        }
        env
    })
}

pub(crate) fn try_render(template: &'static str, ctx: Value) -> Result<String, RenderError> {
    environment()
        .get_template(template)
        .and_then(|t| t.render(ctx))
        .map_err(|source| RenderError::Template { template, source })
}

/// Renders a page, falling back to a bare escaped page if the template itself fails.
fn render(template: &'static str, ctx: Value) -> String {
    match try_render(template, ctx) {
        Ok(page) => page,
        Err(error) => {
            debug_assert!(false, "{error}: {:?}", std::error::Error::source(&error));
            format!(
                "<!doctype html><meta charset=\"utf-8\"><title>error</title><p>{}</p>",
                crate::text::xml_escape(&error.to_string())
            )
        }
    }
}

// ---------- views ----------

#[derive(Debug, Serialize)]
pub(crate) struct CiteView {
    label: String,
    href: Option<String>,
    external: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct SentenceView {
    text: String,
    cites: Vec<CiteView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    heading: String,
    sentences: Vec<SentenceView>,
    /// "analysis, written with a language model" on the model's sections.
    label: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct LedgerView {
    slot: String,
    status: &'static str,
    values: Vec<String>,
    cites: Vec<CiteView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct NoteView {
    number: usize,
    anchor: String,
    url: String,
    link: bool,
    kind: Option<String>,
    first_seen: Option<String>,
    sha256: Option<String>,
    sha256_short: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct BriefView {
    version: u32,
    generated_at: String,
    headline: SentenceView,
    standfirst: SentenceView,
    sections: Vec<SectionView>,
    unknowns: Vec<String>,
    ledger: Vec<LedgerView>,
    desk_note_heading: String,
    desk_note: Vec<SentenceView>,
    notes: Vec<NoteView>,
    /// Why (some of) the language-model analysis is not shown, when it is not.
    analysis_withheld: Option<String>,
}

/// Where citation markers point: the page's own provenance list, or straight to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CiteTarget {
    Anchor,
    Source,
}

fn external_href(url: &str) -> Option<String> {
    is_web_url(url).then(|| url.trim().to_string())
}

fn cites(notes: &Notes<'_>, urls: &[String], target: CiteTarget) -> Vec<CiteView> {
    notes
        .numbers(urls)
        .into_iter()
        .map(|number| {
            let url = notes.notes[number - 1].url;
            match target {
                CiteTarget::Anchor => CiteView {
                    label: number.to_string(),
                    href: Some(format!("#prov-{number}")),
                    external: false,
                },
                CiteTarget::Source => CiteView {
                    label: number.to_string(),
                    href: external_href(url),
                    external: true,
                },
            }
        })
        .collect()
}

fn sentence_view(notes: &Notes<'_>, sentence: &Sentence, target: CiteTarget) -> SentenceView {
    SentenceView {
        text: one_line(&sentence.text),
        cites: cites(notes, &sentence.citations, target),
    }
}

pub(crate) fn brief_view(brief: &Brief, target: CiteTarget) -> BriefView {
    let notes = Notes::new(brief);
    let mut sections = Vec::new();
    let mut desk_note_section = None;
    let mut has_uncertain = false;
    for section in &brief.sections {
        let heading = section.heading.to_lowercase();
        if heading.contains("desk note") {
            desk_note_section = Some(section);
            continue;
        }
        has_uncertain |= heading.contains("uncertain");
        sections.push(SectionView {
            heading: one_line(&section.heading),
            sentences: section
                .sentences
                .iter()
                .map(|s| sentence_view(&notes, s, target))
                .collect(),
            label: section.label.as_deref().map(one_line),
        });
    }
    let (desk_note_heading, desk_note) = match desk_note_section {
        Some(section) => (
            one_line(&section.heading),
            section
                .sentences
                .iter()
                .map(|s| sentence_view(&notes, s, target))
                .collect(),
        ),
        None if !brief.desk_note.trim().is_empty() => (
            "Desk note".to_string(),
            vec![SentenceView {
                text: one_line(&brief.desk_note),
                cites: Vec::new(),
            }],
        ),
        None => ("Desk note".to_string(), Vec::new()),
    };
    BriefView {
        analysis_withheld: crate::text::analysis_withheld(brief),
        version: brief.version,
        generated_at: utc(brief.generated_at),
        headline: sentence_view(&notes, &brief.headline, target),
        standfirst: sentence_view(&notes, &brief.standfirst, target),
        sections,
        unknowns: if has_uncertain {
            Vec::new()
        } else {
            brief.unknowns.iter().map(|u| one_line(u)).collect()
        },
        ledger: brief
            .ledger
            .iter()
            .map(|row| LedgerView {
                slot: one_line(row.shown_slot()),
                status: status_word(row.status),
                values: row.values.iter().map(|v| one_line(v)).collect(),
                cites: cites(&notes, &row.evidence, target),
            })
            .collect(),
        desk_note_heading,
        desk_note,
        notes: notes
            .notes
            .iter()
            .map(|note| NoteView {
                number: note.number,
                anchor: format!("prov-{}", note.number),
                url: note.url.to_string(),
                link: is_web_url(note.url),
                kind: note.item.map(|item| one_line(&item.kind)),
                first_seen: note.item.map(|item| utc(item.first_seen)),
                sha256: note.item.and_then(|item| item.sha256.clone()),
                sha256_short: note
                    .item
                    .and_then(|item| item.sha256.as_deref().map(short_hash)),
            })
            .collect(),
    }
}

fn story_href(site: &Site, id: &str) -> String {
    site.url(&format!("/story/{}", encode_segment(id)))
}

fn source_href(site: &Site, key: &str) -> String {
    site.url(&format!("/source/{}", encode_segment(key)))
}

#[derive(Debug, Serialize)]
struct Badge {
    status: &'static str,
    count: usize,
}

/// Counts of slots per status, in a fixed order, leaving out the statuses nobody has.
fn badges(statuses: &[SlotStatus]) -> Vec<Badge> {
    [
        SlotStatus::Confirmed,
        SlotStatus::SingleOrigin,
        SlotStatus::Disputed,
        SlotStatus::Unknown,
    ]
    .into_iter()
    .map(|status| Badge {
        status: status_word(status),
        count: statuses.iter().filter(|s| **s == status).count(),
    })
    .filter(|badge| badge.count > 0)
    .collect()
}

#[derive(Debug, Serialize)]
struct StoryView {
    id: String,
    title: String,
    kind: String,
    href: String,
    atom_href: String,
    json_href: String,
    first_seen: String,
    updated_at: String,
    n_origins: usize,
    n_relays: usize,
    n_posts: usize,
    badges: Vec<Badge>,
}

fn story_view(site: &Site, story: &Story) -> StoryView {
    let href = story_href(site, &story.id);
    StoryView {
        id: story.id.clone(),
        title: one_line(&story.title),
        kind: one_line(&story.kind),
        atom_href: format!("{href}/feed.atom"),
        json_href: format!("{href}/feed.json"),
        href,
        first_seen: utc(story.first_seen),
        updated_at: utc(story.updated_at),
        n_origins: story.origins.len(),
        n_relays: story.origins.iter().map(|o| o.relays.len()).sum(),
        n_posts: story.posts.len(),
        badges: badges(
            &story
                .slots
                .iter()
                .map(|slot| slot.status)
                .collect::<Vec<_>>(),
        ),
    }
}

fn site_view(site: &Site) -> Value {
    context! {
        title => site.title.clone(),
        home => site.url("/"),
        sources => site.url("/sources"),
        search => site.url("/search"),
        atom => site.url("/feed.atom"),
        json => site.url("/feed.json"),
    }
}

// ---------- pages ----------

#[derive(Debug, Serialize)]
struct StoryListView {
    story: StoryView,
    headline: String,
}

/// The stories list, in the order given (the caller sorts newest and most-sourced first).
pub fn stories_page(site: &Site, items: &[StoryListItem]) -> String {
    stories_page_with_next(site, items, None)
}

/// The stories list with a link to the next (older) page, when there is one.
pub fn stories_page_with_next(site: &Site, items: &[StoryListItem], next: Option<&str>) -> String {
    let stories: Vec<StoryListView> = items
        .iter()
        .map(|item| StoryListView {
            story: story_view(site, &item.story),
            headline: item
                .headline
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| one_line(&item.story.title)),
        })
        .collect();
    render(
        "stories.html",
        context! { site => site_view(site), page_title => "Stories", stories, next },
    )
}

#[derive(Debug, Serialize)]
struct TimelineView {
    at: Option<String>,
    what: String,
    post: Option<String>,
    href: Option<String>,
    status_from: Option<&'static str>,
    status_to: Option<&'static str>,
}

fn timeline(story: &Story, brief: Option<&Brief>) -> Vec<TimelineView> {
    // Each post's earliest sighting and what it carries, from the relays.
    let mut posts: BTreeMap<&str, (chrono::DateTime<chrono::Utc>, Vec<String>)> = BTreeMap::new();
    for origin in &story.origins {
        for relay in &origin.relays {
            let entry = posts
                .entry(relay.post.as_str())
                .or_insert((relay.first_seen, Vec::new()));
            entry.0 = entry.0.min(relay.first_seen);
            entry.1.push(format!(
                "{} {} ({})",
                source_label(&relay.source),
                if matches!(relay.kind, wiredesk_model::RelayKind::Primary) {
                    "publishes"
                } else {
                    "carries"
                },
                format_args!(
                    "{}, {}",
                    one_line(&origin.name),
                    relay_kind_word(relay.kind)
                ),
            ));
        }
    }
    let mut dated: Vec<(chrono::DateTime<chrono::Utc>, TimelineView)> = Vec::new();
    let mut undated = Vec::new();
    let mut refs: Vec<&str> = story.posts.iter().map(String::as_str).collect();
    for post in posts.keys() {
        if !refs.contains(post) {
            refs.push(post);
        }
    }
    for post in refs {
        let url = post_url(post);
        let seen = posts.get(post).map(|(at, _)| *at).or_else(|| {
            brief.and_then(|b| {
                b.provenance
                    .iter()
                    .find(|item| item.url == url)
                    .map(|item| item.first_seen)
            })
        });
        let what = posts
            .get(post)
            .map(|(_, lines)| lines.join("; "))
            .unwrap_or_else(|| "post in the story".to_string());
        let view = TimelineView {
            at: seen.map(utc),
            what,
            post: Some(post.to_string()),
            href: external_href(&url),
            status_from: None,
            status_to: None,
        };
        match seen {
            Some(at) => dated.push((at, view)),
            None => undated.push(view),
        }
    }
    for change in &story.ledger_history {
        let url = change.post.as_deref().map(post_url);
        dated.push((
            change.at,
            TimelineView {
                at: Some(utc(change.at)),
                what: format!("ledger: {}", one_line(&change.slot)),
                post: change.post.clone(),
                href: url.as_deref().and_then(external_href),
                status_from: Some(status_word(change.from)),
                status_to: Some(status_word(change.to)),
            },
        ));
    }
    dated.sort_by_key(|(at, _)| *at);
    dated
        .into_iter()
        .map(|(_, view)| view)
        .chain(undated)
        .collect()
}

/// Ledger rows from the story itself, for a story without a brief yet.
fn ledger_from_story(story: &Story) -> Vec<LedgerView> {
    story
        .slots
        .iter()
        .map(|slot| {
            let mut seen: Vec<&str> = Vec::new();
            let cites = slot
                .values
                .iter()
                .flat_map(|value| &value.evidence)
                .filter(|evidence| {
                    let new = !seen.contains(&evidence.post.as_str());
                    seen.push(&evidence.post);
                    new
                })
                .map(|evidence| {
                    let url = post_url(&evidence.post);
                    CiteView {
                        label: evidence.post.clone(),
                        href: external_href(&url),
                        external: true,
                    }
                })
                .collect();
            LedgerView {
                slot: one_line(&slot.name),
                status: status_word(slot.status),
                values: slot
                    .values
                    .iter()
                    .map(|value| {
                        let who = value
                            .origins
                            .iter()
                            .map(|o| one_line(o))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let denied = if value.denied { "denied: " } else { "" };
                        if who.is_empty() {
                            format!("{denied}{}", one_line(&value.value))
                        } else {
                            format!("{denied}{} ({who})", one_line(&value.value))
                        }
                    })
                    .collect(),
                cites,
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct VersionView {
    version: u32,
    at: String,
    summary: String,
    href: String,
    current: bool,
}

fn versions_view(
    site: &Site,
    story: &Story,
    brief: Option<&Brief>,
    versions: &[Brief],
) -> Vec<VersionView> {
    // version → (time, summary); the newest brief's log wins for summaries.
    let mut by_version: BTreeMap<u32, (String, String)> = BTreeMap::new();
    let mut logs: Vec<&Brief> = versions.iter().chain(brief).collect();
    logs.sort_by_key(|b| b.version);
    for b in logs {
        by_version
            .entry(b.version)
            .or_insert_with(|| (utc(b.generated_at), String::new()));
        for revision in &b.revisions {
            by_version.insert(
                revision.version,
                (utc(revision.at), one_line(&revision.summary)),
            );
        }
    }
    let href = story_href(site, &story.id);
    by_version
        .into_iter()
        .rev()
        .map(|(version, (at, summary))| VersionView {
            version,
            at,
            summary,
            href: format!("{href}?version={version}"),
            current: brief.is_some_and(|b| b.version == version),
        })
        .collect()
}

/// A story: its brief (the version passed as `brief`), ledger, origin graph, timeline,
/// provenance and revision log with a link to every version.
pub fn story_page(site: &Site, story: &Story, brief: Option<&Brief>, versions: &[Brief]) -> String {
    let brief_view = brief.map(|b| brief_view(b, CiteTarget::Anchor));
    let ledger = match &brief_view {
        Some(view) if !view.ledger.is_empty() => Vec::new(),
        _ => ledger_from_story(story),
    };
    let latest = versions
        .iter()
        .map(|b| b.version)
        .chain(brief.map(|b| b.version))
        .max();
    let older = match (brief, latest) {
        (Some(b), Some(latest)) if b.version < latest => Some(latest),
        _ => None,
    };
    let page_title = brief
        .map(|b| one_line(&b.headline.text))
        .unwrap_or_else(|| one_line(&story.title));
    let mut story_view = story_view(site, story);
    if let Some(brief) = brief {
        // The badges of the version shown, not of the story's latest ledger.
        story_view.badges = badges(
            &brief
                .ledger
                .iter()
                .map(|row| row.status)
                .collect::<Vec<_>>(),
        );
    }
    render(
        "story.html",
        context! {
            site => site_view(site),
            page_title,
            story => story_view,
            brief => brief_view,
            story_ledger => ledger,
            graph => Value::from_safe_string(origin_graph_svg(story)),
            timeline => timeline(story, brief),
            versions => versions_view(site, story, brief, versions),
            latest_version => older,
        },
    )
}

#[derive(Debug, Serialize)]
struct SourceView {
    name: String,
    key: String,
    href: String,
    kind: &'static str,
    url: String,
    url_link: bool,
    status: String,
    status_class: &'static str,
    paused: bool,
    last_fetch_at: Option<String>,
    last_success_at: Option<String>,
    last_error: Option<String>,
    consecutive_failures: u32,
    next_attempt_at: Option<String>,
    trust: &'static str,
    trust_explanation: &'static str,
    interval_secs: Option<u64>,
    channel_title: Option<String>,
    channel_description: Option<String>,
    subscribers: Option<String>,
    verified: bool,
    feed_format: Option<String>,
    feed_title: Option<String>,
    feed_link: Option<String>,
    feed_link_ok: bool,
}

fn source_view(site: &Site, source: &SourceState) -> SourceView {
    let url = match &source.spec.kind {
        SourceKind::Telegram { channel } => {
            format!("https://t.me/s/{}", channel.trim_start_matches('@'))
        }
        SourceKind::Feed { url } => url.clone(),
    };
    let (status, status_class) = match &source.status {
        SourceStatus::New => ("new: never fetched".to_string(), "neutral"),
        SourceStatus::Ok => ("ok".to_string(), "good"),
        SourceStatus::NoPreview {
            landing,
            title,
            extra,
        } => {
            let landing = match landing {
                LandingKind::Channel => "a channel page",
                LandingKind::Group => "a group page",
                LandingKind::User => "a user page",
                LandingKind::Bot => "a bot page",
                LandingKind::NotFound => "no such name",
                LandingKind::Unknown => "an unknown page",
            };
            let mut text = format!("no public preview: {landing}");
            for part in [title, extra].into_iter().flatten() {
                text.push_str(&format!(" · {}", one_line(part)));
            }
            (text, "bad")
        }
        SourceStatus::Failing => ("failing".to_string(), "bad"),
        SourceStatus::Paused => ("paused after repeated failures".to_string(), "bad"),
    };
    let channel = source.channel.as_ref();
    let feed = source.feed.as_ref();
    let feed_link = feed.and_then(|f| f.link.clone());
    SourceView {
        name: source
            .spec
            .name
            .as_deref()
            .or(channel.and_then(|c| c.title.as_deref()))
            .or(feed.and_then(|f| f.title.as_deref()))
            .map(one_line)
            .unwrap_or_else(|| source_label(&source.key)),
        key: source.key.clone(),
        href: source_href(site, &source.key),
        kind: source.spec.kind.kind_name(),
        url_link: is_web_url(&url),
        url,
        status,
        status_class,
        paused: source.paused,
        last_fetch_at: source.last_fetch_at.map(utc),
        last_success_at: source.last_success_at.map(utc),
        last_error: source.last_error.clone(),
        consecutive_failures: source.consecutive_failures,
        next_attempt_at: source.next_attempt_at.map(utc),
        trust: trust_word(source.spec.trust),
        trust_explanation: trust_explanation(source.spec.trust),
        interval_secs: source.spec.interval_secs,
        channel_title: channel.and_then(|c| c.title.as_deref().map(one_line)),
        channel_description: channel.and_then(|c| c.description.clone()),
        subscribers: channel.and_then(|c| c.subscribers.as_ref()).map(|count| {
            if count.plus_minus > 0 {
                format!("about {}", count.value)
            } else {
                count.value.to_string()
            }
        }),
        verified: channel.is_some_and(|c| c.verified),
        feed_format: feed.map(|f| f.format.clone()),
        feed_title: feed.and_then(|f| f.title.as_deref().map(one_line)),
        feed_link_ok: feed_link.as_deref().is_some_and(is_web_url),
        feed_link,
    }
}

/// One source's health: status, last error, failures in a row, next attempt, pause, trust.
pub fn source_page(site: &Site, source: &SourceState) -> String {
    let source = source_view(site, source);
    render(
        "source.html",
        context! { site => site_view(site), page_title => format!("Source: {}", source.name), source },
    )
}

/// Every source with its health at a glance.
pub fn sources_page(site: &Site, sources: &[SourceState]) -> String {
    let sources: Vec<SourceView> = sources.iter().map(|s| source_view(site, s)).collect();
    render(
        "sources.html",
        context! { site => site_view(site), page_title => "Sources", sources },
    )
}

#[derive(Debug, Serialize)]
struct SearchView {
    title: String,
    url: String,
    href: Option<String>,
    snippet: String,
    published_at: String,
    story_href: Option<String>,
}

/// The search form and its results (the query is the `q` parameter of `/search`).
pub fn search_page(site: &Site, query: &str, results: &[SearchResult]) -> String {
    let results: Vec<SearchView> = results
        .iter()
        .map(|result| SearchView {
            title: if result.title.trim().is_empty() {
                result.url.clone()
            } else {
                one_line(&result.title)
            },
            url: result.url.clone(),
            href: external_href(&result.url),
            snippet: one_line(&result.snippet),
            published_at: utc(result.published_at),
            story_href: result.story_id.as_deref().map(|id| story_href(site, id)),
        })
        .collect();
    render(
        "search.html",
        context! {
            site => site_view(site),
            page_title => if query.trim().is_empty() { "Search".to_string() } else { format!("Search: {}", one_line(query)) },
            query => query,
            searched => !query.trim().is_empty(),
            results,
        },
    )
}

/// An error page: the status, its reason, and the message (escaped).
pub fn error_page(site: &Site, status: u16, message: &str) -> String {
    let reason = match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        422 => "Unprocessable content",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        _ if status >= 500 => "Server error",
        _ => "Error",
    };
    render(
        "error.html",
        context! {
            site => site_view(site),
            page_title => format!("{status} {reason}"),
            status,
            reason,
            message,
        },
    )
}

#[cfg(test)]
mod tests;
