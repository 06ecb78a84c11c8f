//! `wiredesk init`, `wiredesk check` and `wiredesk wiki`.

use anyhow::{Context, bail};
use chrono::Utc;
use serde_json::json;
use wiredesk_fetch::FetchRequest;
use wiredesk_jobs::config::{Config, Role};
use wiredesk_jobs::telegram::preview_url;
use wiredesk_model::SourceKind;

use crate::Outcome;
use crate::args::Global;
use crate::commands::print_json;
use crate::setup;

pub fn init(global: &Global, force: bool) -> anyhow::Result<Outcome> {
    let path = &global.config;
    if path.exists() && !force {
        bail!("{} exists; use --force to overwrite it", path.display());
    }
    std::fs::write(path, Config::starter_toml())
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(Outcome::Ok)
}

/// Validates the configuration (without IO), then probes the store and every source.
pub async fn check(global: &Global, json: bool) -> anyhow::Result<Outcome> {
    let config = setup::load_config(&global.config)?;
    let url = setup::store_url(global, &config);
    let store = setup::open_store(&url, config.store.max_connections).await?;
    let fetcher = setup::build_fetcher(&config)?;
    let mut specs = config.sources.clone();
    for state in store.sources().await? {
        if !specs.iter().any(|spec| spec.kind == state.spec.kind) {
            specs.push(state.spec);
        }
    }
    // The role this configuration gives `wiredesk run`, and whether the store can take it.
    let role = config.run.role;
    let role_ok = role == Role::All || store.backend() != "sqlite";
    // What the workers on this database hold: source leases (live, and left behind by a
    // worker that died) and the desk lock.
    let now = chrono::Utc::now();
    let leases = store.leases().await?;
    let held: Vec<_> = leases.iter().filter(|row| row.lease.until > now).collect();
    let mut by_worker: std::collections::BTreeMap<&str, usize> = Default::default();
    for row in &held {
        *by_worker.entry(row.lease.owner.as_str()).or_default() += 1;
    }
    let (desk_holder, desk_epoch) = store.desk_holder().await?;
    if json {
        print_json(&json!({
            "role": role.as_str(),
            "worker": config.run.worker_name(),
            "store": store.backend(),
            "database": setup::redact(&url),
            "leases_held": held.len(),
            "leases_expired": leases.len() - held.len(),
            "leases_by_worker": by_worker,
            "lease_secs": config.run.lease_secs,
            "desk": desk_holder,
            "desk_epoch": desk_epoch,
            "ok": role_ok,
        }))?;
    } else {
        println!("configuration ok ({} sources)", config.sources.len());
        println!("store ok: {} ({})", setup::redact(&url), store.backend());
        if role_ok {
            println!(
                "role: {} (worker {})",
                role.as_str(),
                config.run.worker_name()
            );
        } else {
            println!(
                "FAILED  role {}: needs PostgreSQL (SQLite takes only \"all\")",
                role.as_str()
            );
        }
        println!(
            "leases: {} held, {} expired (lease {} s)",
            held.len(),
            leases.len() - held.len(),
            config.run.lease_secs
        );
        for (worker, n) in &by_worker {
            println!("  {worker}: {n}");
        }
        match desk_holder {
            Some(holder) => println!("desk lock: last taken by {holder} (epoch {desk_epoch})"),
            None => println!("desk lock: never taken"),
        }
    }
    let mut any_failed = !role_ok;
    for spec in &specs {
        let target = match &spec.kind {
            SourceKind::Telegram { channel } => {
                preview_url(&config.telegram.base_url, channel, None)
                    .map_err(|error| error.to_string())
            }
            SourceKind::Feed { url } => url::Url::parse(url).map_err(|error| error.to_string()),
        };
        let result = match target {
            Ok(target) => fetcher
                .get(&FetchRequest {
                    url: target,
                    etag: None,
                    last_modified: None,
                })
                .await
                .map(|response| format!("{} ({} bytes)", response.status, response.body.len()))
                .map_err(|error| error.to_string()),
            Err(error) => Err(error),
        };
        any_failed |= result.is_err();
        if json {
            print_json(
                &json!({"source": spec.kind.key(), "ok": result.is_ok(), "detail": result.clone().unwrap_or_else(|error| error)}),
            )?;
        } else {
            match result {
                Ok(detail) => println!("ok      {:<40} {detail}", spec.kind.key()),
                Err(error) => println!("FAILED  {:<40} {error}", spec.kind.key()),
            }
        }
    }
    if config.analysis.enabled {
        // The language-model endpoint: probed with a one-line request.
        let result = wiredesk_jobs::analyst::probe(&config.analysis).await;
        any_failed |= result.is_err();
        if json {
            print_json(
                &json!({"analysis": config.analysis.endpoint(), "ok": result.is_ok(), "detail": result.clone().unwrap_or_else(|error| error)}),
            )?;
        } else {
            match result {
                Ok(detail) => println!("ok      analysis endpoint: {detail}"),
                Err(error) => println!(
                    "FAILED  analysis endpoint {}: {error}",
                    config.analysis.endpoint()
                ),
            }
        }
    }
    Ok(if any_failed {
        Outcome::SomeSourcesFailed
    } else {
        Outcome::Ok
    })
}

pub async fn wiki(global: &Global, title: &str, lang: &str, json: bool) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let found = desk.wiki_summary(lang, title, Utc::now()).await?;
    match found {
        Some((summary, origin)) => {
            let langlinks = desk.wiki_langlinks(lang, &summary.title).await;
            if json {
                print_json(&json!({"origin": origin, "page": summary, "langlinks": langlinks}))?;
            } else {
                println!(
                    "{} <{}>",
                    summary.display_title.as_deref().unwrap_or(&summary.title),
                    summary.url
                );
                if let Some(description) = &summary.description {
                    println!("{description}");
                }
                println!("\n{}", summary.extract);
                if let Some(wikidata_id) = &summary.wikidata_id {
                    println!("\nWikidata: {wikidata_id}");
                }
                if !langlinks.is_empty() {
                    let editions: Vec<String> = langlinks
                        .iter()
                        .map(|link| format!("{}:{}", link.lang, link.title))
                        .collect();
                    println!("Other editions: {}", editions.join(", "));
                }
            }
        }
        None => {
            if json {
                print_json(&json!({"origin": null, "page": null}))?;
            } else {
                println!("no such page: {title}");
            }
        }
    }
    Ok(Outcome::Ok)
}
