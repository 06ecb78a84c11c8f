//! Revisions: a new brief is a new version only when what it publishes changed, and the log says
//! what changed and why ("AFP published its own report (https://…) at 11:40 UTC: attribution now
//! to AFP directly; agenda added").
//!
//! Decisions:
//! - Compared: headline, standfirst, sections, ledger, unknowns, desk note and the provenance
//!   list by URL and kind (posts also by time and hash). Not compared: `generated_at`, `version`,
//!   `revisions`, refused sentences, and the fetch time and hash of the *pages* a post was read
//!   from, which change on every poll (view counters) without changing the story.
//! - The "why" is read back from the briefs themselves: a new post cited by a lede sentence of
//!   the form "<origin> reported at …" / "<origin> said on its own channel at …" is the origin's
//!   own publication (the composer writes exactly that form only for verified origins).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use wiredesk_model::{Brief, LedgerRow, ProvenanceItem, Revision, SlotStatus};

use crate::compose::HEADING_LEDE;
use crate::text::{fmt_time, slot_label};

#[cfg(test)]
mod tests;

/// `next` numbered and logged against `previous`; `None` when nothing published changed.
pub fn revise(previous: Option<&Brief>, mut next: Brief, now: DateTime<Utc>) -> Option<Brief> {
    let Some(previous) = previous else {
        next.version = 1;
        next.revisions = vec![Revision {
            at: now,
            version: 1,
            summary: first_summary(&next),
        }];
        return Some(next);
    };
    if same_content(previous, &next) {
        return None;
    }
    let version = previous.version + 1;
    let summary = change_summary(previous, &next);
    next.version = version;
    next.revisions = previous.revisions.clone();
    next.revisions.push(Revision {
        at: now,
        version,
        summary,
    });
    Some(next)
}

fn first_summary(brief: &Brief) -> String {
    let basis = brief
        .sections
        .iter()
        .find(|section| section.heading == crate::compose::HEADING_DESK_NOTE)
        .and_then(|section| section.sentences.first())
        .map(|sentence| sentence.text.trim_end_matches('.').to_string());
    match basis {
        Some(basis) => format!("first version: {}", lowercase_this(&basis)),
        None => "first version".to_string(),
    }
}

fn lowercase_this(text: &str) -> String {
    match text.strip_prefix("This ") {
        Some(rest) => format!("this {rest}"),
        None => text.to_string(),
    }
}

/// Whether two briefs publish the same thing.
pub fn same_content(a: &Brief, b: &Brief) -> bool {
    a.headline == b.headline
        && a.standfirst == b.standfirst
        && a.sections == b.sections
        && a.ledger == b.ledger
        && a.unknowns == b.unknowns
        && a.desk_note == b.desk_note
        && provenance_key(&a.provenance) == provenance_key(&b.provenance)
}

fn is_page(item: &ProvenanceItem) -> bool {
    matches!(item.kind.as_str(), "telegram-page" | "feed" | "wikipedia")
}

fn provenance_key(items: &[ProvenanceItem]) -> BTreeSet<String> {
    items
        .iter()
        .map(|item| {
            if is_page(item) {
                format!("{} {}", item.kind, item.url)
            } else {
                format!(
                    "{} {} {} {}",
                    item.kind,
                    item.url,
                    item.first_seen.to_rfc3339(),
                    item.sha256.as_deref().unwrap_or("-")
                )
            }
        })
        .collect()
}

fn change_summary(previous: &Brief, next: &Brief) -> String {
    let mut parts: Vec<String> = Vec::new();
    let old_urls: BTreeSet<&str> = previous
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    let new_items: Vec<&ProvenanceItem> = next
        .provenance
        .iter()
        .filter(|item| !old_urls.contains(item.url.as_str()))
        .collect();

    let mut other_new_posts = Vec::new();
    for item in new_items.iter().filter(|item| !is_page(item)) {
        match primary_origin(next, &item.url) {
            Some(origin) => parts.push(format!(
                "{origin} published its own report ({}) at {}: attribution now to {origin} directly",
                item.url,
                fmt_time(item.first_seen)
            )),
            None => other_new_posts.push(format!("{} at {}", item.url, fmt_time(item.first_seen))),
        }
    }
    // Who the new posts bring in: origins the ledger names now and did not before.
    let before = ledger_origins(&previous.ledger);
    let new_origins: Vec<&str> = ledger_origins(&next.ledger)
        .into_iter()
        .filter(|origin| !before.contains(origin))
        .collect();
    // "new origin: X", "new posts: A, B".
    let listed = |noun: &str, items: &[String]| match items {
        [] => None,
        [one] => Some(format!("new {noun}: {one}")),
        many => Some(format!("new {noun}s: {}", many.join(", "))),
    };
    let new_origins: Vec<String> = new_origins.into_iter().map(str::to_string).collect();
    parts.extend(listed("origin", &new_origins));
    parts.extend(listed("post", &other_new_posts));

    parts.extend(ledger_changes(&previous.ledger, &next.ledger));

    let new_wiki: Vec<&str> = new_items
        .iter()
        .filter(|item| item.kind == "wikipedia")
        .map(|item| item.url.as_str())
        .collect();
    if !new_wiki.is_empty() {
        parts.push(format!("background added from {}", new_wiki.join(", ")));
    }
    // A set, not a scan per item: a story of thousands of posts has as many provenance items.
    let new_urls: BTreeSet<&str> = next
        .provenance
        .iter()
        .map(|item| item.url.as_str())
        .collect();
    let removed: Vec<&str> = previous
        .provenance
        .iter()
        .filter(|item| !is_page(item))
        .filter(|item| !new_urls.contains(item.url.as_str()))
        .map(|item| item.url.as_str())
        .collect();
    if !removed.is_empty() {
        parts.push(format!("no longer cited: {}", removed.join(", ")));
    }
    if parts.is_empty() {
        if previous.headline != next.headline {
            parts.push("headline reworded".to_string());
        }
        if previous.desk_note != next.desk_note {
            parts.push("desk note updated".to_string());
        }
        if previous.sections != next.sections || previous.standfirst != next.standfirst {
            parts.push("wording updated".to_string());
        }
        if parts.is_empty() {
            parts.push("sources updated".to_string());
        }
    }
    parts.join("; ")
}

/// The origins a ledger names as giving its values: each value is written "value (origin,
/// origin)" (see [`LedgerRow::values`]).
fn ledger_origins(ledger: &[LedgerRow]) -> BTreeSet<&str> {
    ledger
        .iter()
        .flat_map(|row| &row.values)
        .filter_map(|value| {
            let inner = value.trim_end().strip_suffix(')')?;
            Some(&inner[inner.rfind('(')? + 1..])
        })
        .flat_map(|who| who.split(", "))
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .collect()
}

/// The origin whose own publication `url` is, read from the lede sentence citing it first.
fn primary_origin(brief: &Brief, url: &str) -> Option<String> {
    let lede = brief
        .sections
        .iter()
        .find(|section| section.heading == HEADING_LEDE)?;
    lede.sentences
        .iter()
        .filter(|sentence| sentence.citations.first().is_some_and(|first| first == url))
        .find_map(|sentence| {
            [
                " reported at ",
                " said on its own channel at ",
                " also reported on it on ",
                " disputed it on ",
            ]
            .iter()
            .find_map(|marker| sentence.text.find(marker).map(|idx| &sentence.text[..idx]))
            .map(|origin| {
                let origin = origin.trim();
                origin
                    .strip_prefix("The ")
                    .map_or(origin.to_string(), |rest| format!("the {rest}"))
            })
        })
}

fn status_words(status: SlotStatus) -> &'static str {
    match status {
        SlotStatus::Confirmed => "confirmed",
        SlotStatus::SingleOrigin => "single-origin",
        SlotStatus::Disputed => "disputed",
        SlotStatus::Unknown => "unknown",
    }
}

fn ledger_changes(before: &[LedgerRow], after: &[LedgerRow]) -> Vec<String> {
    let mut out = Vec::new();
    for row in after {
        let (label, _) = slot_label(&row.slot);
        let old = before.iter().find(|old| old.slot == row.slot);
        let old_status = old.map_or(SlotStatus::Unknown, |old| old.status);
        if old_status == SlotStatus::Unknown && row.status != SlotStatus::Unknown {
            out.push(format!("{label} added ({})", status_words(row.status)));
        } else if row.status == SlotStatus::Unknown && old_status != SlotStatus::Unknown {
            out.push(format!("{label} no longer reported"));
        } else if old_status != row.status {
            out.push(format!(
                "{label} now {} (was {})",
                status_words(row.status),
                status_words(old_status)
            ));
        } else if let Some(old) = old.filter(|old| old.values != row.values) {
            // One value replaced by another with the status unchanged: the origin corrected its
            // own figure (a dispute would have changed the status).
            match (old.values.as_slice(), row.values.as_slice()) {
                ([was], [now]) => out.push(format!("{label} corrected to {now} (was {was})")),
                _ => out.push(format!("{label} values updated")),
            }
        }
    }
    out
}
