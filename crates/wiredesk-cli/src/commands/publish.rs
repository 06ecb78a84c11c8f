//! `wiredesk brief show`, `wiredesk serve`, `wiredesk export --site` and `wiredesk demo`: the
//! desk's briefs for people, in the terminal, in a browser, as static files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use wiredesk_jobs::Desk;
use wiredesk_jobs::config::Config;
use wiredesk_jobs::replay::{ReplayFetch, replay};
use wiredesk_jobs::scenario::Scenario;
use wiredesk_model::{Brief, Story};
use wiredesk_render::{Site, StoryListItem};
use wiredesk_server::{AppState, Metrics};
use wiredesk_store::Store;

use crate::Outcome;
use crate::args::{BriefFormat, Global};
use crate::setup;

pub async fn brief_show(global: &Global, id: &str, format: BriefFormat) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let Some(story) = desk.store.story(id).await? else {
        bail!("no story {id:?}: `wiredesk stories` lists them")
    };
    let Some(brief) = desk.store.brief(id).await? else {
        bail!("story {id} has no brief yet (a brief needs two posts, or one from a primary source)")
    };
    print_brief(&desk, &story, &brief, format).await?;
    Ok(Outcome::Ok)
}

async fn print_brief(
    desk: &Desk,
    story: &Story,
    brief: &Brief,
    format: BriefFormat,
) -> anyhow::Result<()> {
    match format {
        BriefFormat::Md => print!("{}", wiredesk_render::markdown(brief, story)),
        BriefFormat::Json => println!("{}", serde_json::to_string_pretty(brief)?),
        BriefFormat::Html => {
            let versions = desk.store.brief_versions(&story.id).await?;
            print!(
                "{}",
                wiredesk_render::html::story_page(
                    &site(&desk.config, ""),
                    story,
                    Some(brief),
                    &versions
                )
            );
        }
    }
    Ok(())
}

fn site(config: &Config, base_url: &str) -> Site {
    Site {
        title: config.server.site_title.clone(),
        base_url: base_url.to_string(),
    }
}

fn app_state(desk: &Desk, base_url: &str) -> AppState {
    AppState {
        store: desk.store.clone(),
        site: site(&desk.config, base_url),
        write_token: desk.config.server.write_token.clone(),
        metrics: Arc::new(Metrics::new()),
        analysis_budget: desk
            .config
            .analysis
            .enabled
            .then_some(desk.config.analysis.daily_budget),
    }
}

async fn serve_until_stopped(desk: &Desk, address: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    let local = listener.local_addr()?;
    eprintln!("serving on http://{local}/ (Ctrl-C stops)");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    wiredesk_server::serve(
        listener,
        app_state(desk, &format!("http://{local}")),
        shutdown,
    )
    .await?;
    Ok(())
}

pub async fn serve(global: &Global, address: Option<&str>) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let address = address
        .map(str::to_string)
        .unwrap_or_else(|| desk.config.server.address.clone());
    serve_until_stopped(&desk, &address).await?;
    Ok(Outcome::Ok)
}

/// Writes the site as static files: `index.html`, `story/<id>/index.html` (and one page per
/// earlier version), `sources/index.html`, `source/<key>/index.html`, `feed.atom`, `feed.json`.
pub async fn export_site(global: &Global, dir: &Path) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let n_pages = write_site(&desk, dir).await?;
    println!("wrote {n_pages} files to {}", dir.display());
    Ok(Outcome::Ok)
}

async fn write_site(desk: &Desk, dir: &Path) -> anyhow::Result<usize> {
    let site = site(&desk.config, "");
    let store: &dyn Store = &*desk.store;
    let mut written = 0;
    let mut write = |path: PathBuf, text: String| -> anyhow::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
        Ok(())
    };
    let stories = store.stories().await?;
    let mut items = Vec::new();
    let mut with_briefs: Vec<(Brief, Story)> = Vec::new();
    for story in &stories {
        let brief = store.brief(&story.id).await?;
        if story.posts.len() < 2 && brief.is_none() {
            continue;
        }
        let versions = store.brief_versions(&story.id).await?;
        write(
            dir.join("story").join(&story.id).join("index.html"),
            wiredesk_render::html::story_page(&site, story, brief.as_ref(), &versions),
        )?;
        items.push(StoryListItem {
            story: story.clone(),
            headline: brief.as_ref().map(|brief| brief.headline.text.clone()),
        });
        if let Some(brief) = brief {
            with_briefs.push((brief, story.clone()));
        }
    }
    write(
        dir.join("index.html"),
        wiredesk_render::html::stories_page(&site, &items),
    )?;
    let sources = store.sources().await?;
    write(
        dir.join("sources").join("index.html"),
        wiredesk_render::html::sources_page(&site, &sources),
    )?;
    for source in &sources {
        let key =
            percent_encoding::utf8_percent_encode(&source.key, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        write(
            dir.join("source").join(key).join("index.html"),
            wiredesk_render::html::source_page(&site, source),
        )?;
    }
    write(
        dir.join("feed.atom"),
        wiredesk_render::feeds::atom(&site, &with_briefs, "/feed.atom"),
    )?;
    write(
        dir.join("feed.json"),
        wiredesk_render::feeds::json_feed(&site, &with_briefs, "/feed.json"),
    )?;
    Ok(written)
}

/// The bundled demo corpus: `demo/` in the working directory, else beside the sources.
fn demo_dir() -> anyhow::Result<PathBuf> {
    let candidates = [
        PathBuf::from("demo"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo"),
    ];
    candidates
        .into_iter()
        .find(|dir| dir.join("scenario.toml").exists())
        .context("the demo corpus (demo/scenario.toml) is not here: run from the repository root")
}

/// Replays the bundled demo corpus into an in-memory store, prints the top brief, then serves the
/// site on 127.0.0.1 until Ctrl-C (`--no-serve` stops after printing).
pub async fn demo(global: &Global, address: &str, no_serve: bool) -> anyhow::Result<Outcome> {
    let dir = demo_dir()?;
    let scenario = Scenario::load(&dir)?;
    let store =
        setup::open_store(global.store.as_deref().unwrap_or("sqlite::memory:"), None).await?;
    let fetch = Arc::new(ReplayFetch::default());
    let desk = Desk {
        store,
        fetch: fetch.clone(),
        config: Arc::new(Config::default()),
        background: Default::default(),
        analyst: Default::default(),
    };
    let steps = replay(&desk, &fetch, &scenario, None)
        .await
        .context("demo replay failed")?;
    let n_posts: usize = steps
        .iter()
        .flat_map(|step| &step.sources)
        .map(|report| report.stats.inserted as usize)
        .sum();
    eprintln!("demo: {} steps replayed, {n_posts} posts", steps.len());
    let briefs = desk.store.briefs().await?;
    let mut ranked: Vec<(Brief, Story)> = Vec::new();
    for brief in briefs {
        if let Some(story) = desk.store.story(&brief.story_id).await? {
            ranked.push((brief, story));
        }
    }
    // The top brief: an event of a known kind first, then the most posts, then the most origins.
    ranked.sort_by_key(|(_, story)| {
        (
            story.kind == "other",
            std::cmp::Reverse(story.posts.len()),
            std::cmp::Reverse(story.origins.len()),
        )
    });
    match ranked.first() {
        Some((brief, story)) => print_brief(&desk, story, brief, BriefFormat::Md).await?,
        None => eprintln!("demo: no brief was written"),
    }
    if !no_serve {
        serve_until_stopped(&desk, address).await?;
    }
    Ok(Outcome::Ok)
}
