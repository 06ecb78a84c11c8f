//! `wiredesk stories` and `wiredesk story show`: the stories the desk keeps, with their origin
//! graph, frame and ledger.

use anyhow::bail;
use wiredesk_model::{SlotStatus, Story};

use crate::Outcome;
use crate::args::Global;
use crate::commands::{parse_date, print_json};
use crate::setup;

fn status_word(status: SlotStatus) -> &'static str {
    match status {
        SlotStatus::Confirmed => "confirmed",
        SlotStatus::SingleOrigin => "single-origin",
        SlotStatus::Disputed => "disputed",
        SlotStatus::Unknown => "unknown",
    }
}

/// Newest first, then the most independently sourced.
fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then(b.origins.len().cmp(&a.origins.len()))
            .then(b.posts.len().cmp(&a.posts.len()))
    });
}

pub async fn list(global: &Global, all: bool, json: bool) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let mut stories: Vec<Story> = desk
        .store
        .stories()
        .await?
        .into_iter()
        .filter(|story| all || story.posts.len() > 1)
        .collect();
    sort_stories(&mut stories);
    for story in &stories {
        if json {
            print_json(story)?;
            continue;
        }
        let origins: Vec<&str> = story
            .origins
            .iter()
            .map(|origin| origin.name.as_str())
            .collect();
        println!(
            "{}  {:<10} {:>2} posts  {:<40}  {}",
            story.id,
            story.kind,
            story.posts.len(),
            origins.join(", ").chars().take(40).collect::<String>(),
            story.title.chars().take(80).collect::<String>()
        );
    }
    if stories.is_empty() && !json {
        println!(
            "no stories{}",
            if all {
                ""
            } else {
                " of two posts or more (--all lists every one)"
            }
        );
    }
    Ok(Outcome::Ok)
}

pub async fn show(global: &Global, id: &str, json: bool) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let Some(story) = desk.store.story(id).await? else {
        bail!("no story {id:?}: `wiredesk stories --all` lists them")
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&story)?);
        return Ok(Outcome::Ok);
    }
    println!("{} — {} ({})", story.id, story.title, story.kind);
    println!(
        "first seen {}, updated {}",
        story.first_seen.format("%Y-%m-%d %H:%M UTC"),
        story.updated_at.format("%Y-%m-%d %H:%M UTC")
    );
    println!("\nOrigins");
    for origin in &story.origins {
        let verified = match origin.verified_at {
            Some(at) => format!("verified: own publication at {}", at.format("%H:%M UTC")),
            None => "not verified: known only through relays".to_string(),
        };
        println!(
            "  {} ({:?}), first seen {} — {verified}",
            origin.name,
            origin.kind,
            origin.first_seen.format("%Y-%m-%d %H:%M UTC")
        );
        for relay in &origin.relays {
            let early = if relay.before_origin {
                " [before the origin's own publication]"
            } else {
                ""
            };
            println!(
                "    {:<12} {} at {} (lag {} min){early}",
                format!("{:?}", relay.kind).to_lowercase(),
                relay.post,
                relay.first_seen.format("%H:%M UTC"),
                relay.lag_secs / 60
            );
        }
    }
    println!("\nLedger");
    for slot in &story.slots {
        let values: Vec<String> = slot
            .values
            .iter()
            .map(|value| {
                let denied = if value.denied { "not " } else { "" };
                format!("{denied}{} ({})", value.value, value.origins.join(", "))
            })
            .collect();
        println!(
            "  {:<12} {:<14} {}",
            slot.name,
            status_word(slot.status),
            values.join(" | ")
        );
    }
    if !story.ledger_history.is_empty() {
        println!("\nLedger history");
        for change in &story.ledger_history {
            println!(
                "  {} {}: {} -> {}{}",
                change.at.format("%Y-%m-%d %H:%M UTC"),
                change.slot,
                status_word(change.from),
                status_word(change.to),
                change
                    .post
                    .as_ref()
                    .map(|post| format!(" ({post})"))
                    .unwrap_or_default()
            );
        }
    }
    println!("\nPosts");
    for post in &story.posts {
        println!("  {post}");
    }
    Ok(Outcome::Ok)
}

/// The time a maintenance pass runs at: `--at`, else now.
fn pass_time(at: Option<&str>) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    at.map(parse_date)
        .transpose()
        .map(|at| at.unwrap_or_else(chrono::Utc::now))
}

pub async fn rebuild(global: &Global, at: Option<&str>, json: bool) -> anyhow::Result<Outcome> {
    let now = pass_time(at)?;
    let desk = setup::desk(global).await?;
    let reports = wiredesk_jobs::pipeline::rebuild(&desk, now).await?;
    let stories = desk.store.story_count().await?;
    if json {
        print_json(&serde_json::json!({ "passes": reports, "stories": stories }))?;
    } else {
        let briefs: usize = reports.iter().map(|report| report.n_briefs).sum();
        println!(
            "rebuilt: {} passes up to {}, {stories} stories, {briefs} brief versions",
            reports.len(),
            now.to_rfc3339()
        );
    }
    Ok(Outcome::Ok)
}

pub async fn reanalyze(global: &Global, at: Option<&str>, json: bool) -> anyhow::Result<Outcome> {
    let now = pass_time(at)?;
    let desk = setup::desk(global).await?;
    let (cleared, report) = wiredesk_jobs::pipeline::reanalyze(&desk, now).await?;
    if json {
        print_json(&serde_json::json!({ "cleared_analyses": cleared, "pass": report }))?;
    } else {
        println!(
            "reanalysed: {cleared} stored analyses dropped; {} posts analysed, {} stories changed, {} brief versions",
            report.n_posts, report.n_stories_changed, report.n_briefs
        );
    }
    Ok(Outcome::Ok)
}
