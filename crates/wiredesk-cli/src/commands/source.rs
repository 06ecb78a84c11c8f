//! `wiredesk source add|list|remove|pause|resume|import|export`.

use anyhow::{Context, bail};
use wiredesk_jobs::config::normalize_telegram_channel;
use wiredesk_jobs::opml::{export_opml, import_opml};
use wiredesk_model::{SourceKind, SourceSpec, SourceState, SourceStatus, Trust};

use crate::Outcome;
use crate::args::{Global, SourceCommand, SourceKindArg};
use crate::commands::posts::source_key_of;
use crate::commands::print_json;
use crate::setup;

fn parse_trust(text: &str) -> anyhow::Result<Trust> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|_| {
        anyhow::anyhow!("unknown trust {text:?}: normal, leads-only, state-affiliated or primary")
    })
}

/// A Telegram channel (any spelling) or a feed URL.
fn parse_target(target: &str, kind: Option<SourceKindArg>) -> anyhow::Result<SourceKind> {
    let looks_like_url = target.contains("://");
    let telegram = normalize_telegram_channel(target);
    match (kind, telegram) {
        (Some(SourceKindArg::Feed), _) | (None, Err(_)) if looks_like_url => {
            let url =
                url::Url::parse(target).with_context(|| format!("{target:?} is not a URL"))?;
            if !matches!(url.scheme(), "http" | "https") {
                bail!("feed URLs must be http or https, not {}", url.scheme());
            }
            Ok(SourceKind::Feed {
                url: url.to_string(),
            })
        }
        (Some(SourceKindArg::Feed), _) => bail!("{target:?} is not a feed URL"),
        (_, Ok(channel)) => Ok(SourceKind::Telegram { channel }),
        (_, Err(error)) => {
            bail!("{target:?} is neither a feed URL nor a Telegram channel: {error}")
        }
    }
}

fn status_text(state: &SourceState) -> String {
    if state.paused {
        return match &state.last_error {
            Some(error) => format!("paused ({} failures: {error})", state.consecutive_failures),
            None => "paused".to_string(),
        };
    }
    match &state.status {
        SourceStatus::New => "new".to_string(),
        SourceStatus::Ok => "ok".to_string(),
        SourceStatus::NoPreview { landing, title, .. } => {
            format!(
                "no public preview ({landing:?}{})",
                title
                    .as_ref()
                    .map(|title| format!(": {title}"))
                    .unwrap_or_default()
            )
        }
        SourceStatus::Failing | SourceStatus::Paused => format!(
            "failing ({} in a row): {}",
            state.consecutive_failures,
            state.last_error.as_deref().unwrap_or("unknown error")
        ),
    }
}

pub async fn run(global: &Global, command: SourceCommand) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let store = &desk.store;
    match command {
        SourceCommand::Add {
            target,
            name,
            interval,
            trust,
            kind,
            json,
        } => {
            let spec = SourceSpec {
                kind: parse_target(&target, kind)?,
                name,
                interval_secs: interval,
                trust: trust
                    .as_deref()
                    .map(parse_trust)
                    .transpose()?
                    .unwrap_or_default(),
            };
            let state = store.upsert_source(&spec).await?;
            if json {
                print_json(&state)?;
            } else {
                println!("added {} {}", spec.kind.kind_name(), state.key);
            }
        }
        SourceCommand::List { json } => {
            let sources = store.sources().await?;
            for state in &sources {
                if json {
                    print_json(state)?;
                    continue;
                }
                let next = state
                    .next_attempt_at
                    .map(|next| next.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "now".into());
                let name = state.spec.name.as_deref().unwrap_or("");
                println!(
                    "{:<9} {:<40} {:<20} next {next}  {}",
                    state.spec.kind.kind_name(),
                    state.key,
                    name,
                    status_text(state)
                );
            }
            if !json && sources.is_empty() {
                println!("no sources: add one with `wiredesk source add @channel` or a feed URL");
            }
        }
        SourceCommand::Remove { key } => {
            let key = source_key_of(&key);
            if !store.remove_source(&key).await? {
                bail!("no source {key:?}");
            }
            if desk
                .config
                .sources
                .iter()
                .any(|spec| spec.kind.key() == key)
            {
                eprintln!(
                    "note: {key} is in the configuration file and comes back on the next run unless removed there"
                );
            }
            println!("removed {key}");
        }
        SourceCommand::Pause { key } => {
            let state = store.set_paused(&source_key_of(&key), true).await?;
            println!("paused {}", state.key);
        }
        SourceCommand::Resume { key } => {
            let state = store.set_paused(&source_key_of(&key), false).await?;
            println!("resumed {}", state.key);
        }
        SourceCommand::Import { file, json } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let imported =
                import_opml(&text).with_context(|| format!("cannot import {}", file.display()))?;
            for spec in &imported.sources {
                let state = store.upsert_source(spec).await?;
                if json {
                    print_json(&state)?;
                } else {
                    println!("added {} {}", spec.kind.kind_name(), state.key);
                }
            }
            for skipped in &imported.skipped {
                eprintln!("skipped: {skipped}");
            }
        }
        SourceCommand::Export { output } => {
            let specs: Vec<SourceSpec> = store
                .sources()
                .await?
                .into_iter()
                .map(|state| state.spec)
                .collect();
            let opml = export_opml(&specs, "wiredesk sources");
            match output {
                Some(path) => std::fs::write(&path, opml)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{opml}"),
            }
        }
    }
    Ok(Outcome::Ok)
}
