//! Replay: the same refresh code as a live run, with every fetch answered from a scenario's
//! recorded files and the clock at each step's `at`. A URL the step does not list answers 404.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use wiredesk_fetch::{Fetch, FetchError, FetchRequest, FetchResponse};
use wiredesk_store::{PostQuery, StoreError};

use crate::check::{BriefView, CheckLine, Expectations, check_briefs, check_step};
use crate::desk::{Desk, RefreshReport};
use crate::pipeline::{PipelineReport, run_pipeline};
use crate::scenario::{Scenario, url_key};

/// A fetcher that answers from recorded files. The answers change between steps.
#[derive(Default)]
pub struct ReplayFetch {
    answers: Mutex<BTreeMap<String, PathBuf>>,
}

impl ReplayFetch {
    pub fn set_answers(&self, answers: BTreeMap<String, PathBuf>) {
        *self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = answers;
    }
}

fn content_type_for(path: &std::path::Path) -> Option<String> {
    let content_type = match path.extension().and_then(|extension| extension.to_str()) {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("xml" | "rss" | "atom") => "application/xml",
        _ => return None,
    };
    Some(content_type.to_string())
}

#[async_trait]
impl Fetch for ReplayFetch {
    async fn get(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let key = url_key(request.url.as_str());
        let path = self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&key)
            .cloned();
        let Some(path) = path else {
            return Err(FetchError::Status {
                url: request.url.clone(),
                status: 404,
                retry_after: None,
            });
        };
        let body = tokio::fs::read(&path)
            .await
            .map_err(|error| FetchError::Transport {
                url: request.url.clone(),
                message: format!("{}: {error}", path.display()),
            })?;
        Ok(FetchResponse {
            requested_url: request.url.clone(),
            final_url: request.url.clone(),
            redirected: false,
            status: 200,
            not_modified: false,
            etag: None,
            last_modified: None,
            content_type: content_type_for(&path),
            fresh_for: None,
            retry_after: None,
            body: body.into(),
        })
    }
}

/// What one step of a replay did.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub step: usize,
    pub at: DateTime<Utc>,
    pub sources: Vec<RefreshReport>,
    pub stories: PipelineReport,
    /// Each expectation of `expected.toml` for this step, passed or failed (with `--check`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckLine>,
}

/// Runs every step of `scenario` against `desk`, whose fetcher must be `fetch`.
/// Every watched source is refreshed at every step, whatever its schedule; then the stories are
/// updated with the step's clock.
pub async fn replay(
    desk: &Desk,
    fetch: &Arc<ReplayFetch>,
    scenario: &Scenario,
    expected: Option<&Expectations>,
) -> Result<Vec<StepReport>, StoreError> {
    for spec in &scenario.sources {
        desk.store.upsert_source(spec).await?;
    }
    let mut reports = Vec::new();
    for (step_idx, step) in scenario.steps.iter().enumerate() {
        fetch.set_answers(scenario.answers(step_idx));
        let mut sources = Vec::new();
        for spec in &scenario.sources {
            let Some(state) = desk.store.source(&spec.kind.key()).await? else {
                continue;
            };
            sources.push(desk.refresh(&state, step.at).await?);
        }
        let stories = run_pipeline(desk, step.at).await?;
        let checks = match expected {
            Some(expected) => check_after(desk, expected, step_idx + 1).await?,
            None => Vec::new(),
        };
        reports.push(StepReport {
            step: step_idx + 1,
            at: step.at,
            sources,
            stories,
            checks,
        });
    }
    Ok(reports)
}

/// The expectations for `after_step`, checked against the store's stories and post times.
async fn check_after(
    desk: &Desk,
    expected: &Expectations,
    after_step: usize,
) -> Result<Vec<CheckLine>, StoreError> {
    let stories = desk.store.stories().await?;
    let posts = desk
        .store
        .posts(&PostQuery {
            include_gone: true,
            ..Default::default()
        })
        .await?;
    let first_seen: HashMap<String, DateTime<Utc>> = posts
        .iter()
        .map(|stored| {
            (
                url_key(&stored.post.reference()).to_lowercase(),
                stored.post.published_at,
            )
        })
        .collect();
    let lookup = |reference: &str| first_seen.get(&url_key(reference).to_lowercase()).copied();
    let mut lines = check_step(expected, after_step, &stories, &lookup);
    let mut briefs: HashMap<String, BriefView> = HashMap::new();
    for story in &stories {
        if let Some(brief) = desk.store.brief(&story.id).await? {
            let view = BriefView {
                rendered: wiredesk_render::markdown(&brief, story),
                desk_note: brief.desk_note.clone(),
                provenance: brief
                    .provenance
                    .iter()
                    .map(|item| item.url.clone())
                    .collect(),
                revisions: brief
                    .revisions
                    .iter()
                    .map(|revision| revision.summary.clone())
                    .collect(),
            };
            briefs.insert(story.id.clone(), view);
        }
    }
    lines.extend(check_briefs(expected, after_step, &stories, &|id| {
        briefs.get(id).cloned()
    }));
    Ok(lines)
}

#[cfg(test)]
mod tests;
