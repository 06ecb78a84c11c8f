//! The language-model analyst (`[analysis]`, off by default): asks an OpenAI-compatible chat
//! endpoint for a story's analysis sections, keeps each answer in the store under the hash of
//! its prompt, and lets `wiredesk_brief::analysis` gate every sentence before a brief shows it.
//!
//! Decisions:
//! - Never on the critical path: in `run` a brief is published at once and its request runs
//!   beside the passes; when the answer lands its story is ready, and the next pass recomposes
//!   that brief, which then carries the analysis as a new revision. Replay and tests wait for
//!   each pass's requests (the same `Mode` as the Wikipedia background), so their checks see them.
//! - An answer is asked for once per prompt (story version, evidence, prompt version): the gates
//!   run again on the stored answer whenever the brief is composed. A failed request (timeout,
//!   429, 5xx, unreadable answer) withholds the analysis; its prompt is retried after a while.
//! - The endpoint is the operator's, not a source: it is reached through its own `Fetcher`,
//!   which may reach a loopback or private address (a local llama.cpp server) and is used for
//!   that one URL alone; the sources' fetcher keeps refusing private addresses.
//! - Requests, latency, tokens, refusals by gate and the daily budget are counters in the store
//!   (`desk_counters`), so `serve` reports what `run` did and every desk shares one budget.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tokio::sync::{Notify, Semaphore};
use wiredesk_brief::analysis::{self, PROMPT_VERSION, Prompt};
use wiredesk_brief::{BriefInput, BriefPost, PostTranslation};
use wiredesk_fetch::{Fetcher, FetcherBuilder};
use wiredesk_model::{Brief, Story};
use wiredesk_store::{ModelAnswer, Store, StoreError};

use crate::background::Mode;
use crate::config::AnalysisConfig;
use crate::desk::Desk;

/// How long a prompt whose request failed is left alone.
const RETRY_AFTER: Duration = Duration::from_secs(10 * 60);

/// Counter names in the store.
pub const REQUESTS: &str = "model_requests";
pub const ERRORS: &str = "model_errors";
pub const LATENCY_MS: &str = "model_latency_ms";
pub const PROMPT_TOKENS: &str = "model_prompt_tokens";
pub const COMPLETION_TOKENS: &str = "model_completion_tokens";
pub const PROPOSED: &str = "analysis_sentences_proposed";
pub const PUBLISHED: &str = "analysis_sentences_published";
/// Followed by the gate's name.
pub const REFUSED_PREFIX: &str = "analysis_refused_";
/// Renderings kept (they passed the check against their original) and refused.
pub const TRANSLATIONS_KEPT: &str = "translations_kept";
pub const TRANSLATIONS_REFUSED: &str = "translations_refused";

/// The analyst of a desk: its endpoint client, the requests in flight and the stories whose
/// answers arrived. One per desk, shared by its clones; `Default` reads `[analysis]` from the
/// desk's configuration on first use.
#[derive(Default)]
pub struct Analyst {
    client: OnceLock<Option<Client>>,
    state: Mutex<State>,
    limit: OnceLock<Arc<Semaphore>>,
    settled: Notify,
}

#[derive(Default)]
struct State {
    in_flight: HashSet<String>,
    failed: HashMap<String, (Instant, String)>,
    /// Answers that arrived in this process and have not yet been applied to a brief: their
    /// gate figures are counted when first applied.
    fresh: HashSet<String>,
    ready: Vec<String>,
}

struct Client {
    fetcher: Fetcher,
    endpoint: url::Url,
    api_key: Option<String>,
    config: AnalysisConfig,
}

impl std::fmt::Debug for Analyst {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyst").finish_non_exhaustive()
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The endpoint client for `config`, or `None` when analysis is off or the client cannot be
/// built (logged).
fn client_for(config: &AnalysisConfig) -> Option<Client> {
    if !config.enabled {
        return None;
    }
    let endpoint = match url::Url::parse(&config.endpoint()) {
        Ok(endpoint) => endpoint,
        Err(error) => {
            tracing::error!(error = %error, "analysis.base_url is not a URL; analysis off");
            return None;
        }
    };
    let fetcher = FetcherBuilder::new()
        // The operator's endpoint, often a local server: private addresses are allowed for
        // this client, which reaches nothing but `endpoint`.
        .allow_private_addresses(true)
        .timeout(Duration::from_secs(config.timeout_secs))
        .max_body_bytes(4 * 1024 * 1024)
        .default_concurrency(config.concurrency.max(1))
        .build();
    let fetcher = match fetcher {
        Ok(fetcher) => fetcher,
        Err(error) => {
            tracing::error!(error = %error, "the analysis client cannot be built; analysis off");
            return None;
        }
    };
    let api_key = config
        .api_key_env
        .as_deref()
        .and_then(|name| std::env::var(name).ok());
    Some(Client {
        fetcher,
        endpoint,
        api_key,
        config: config.clone(),
    })
}

impl Analyst {
    fn client(&self, desk: &Desk) -> Option<&Client> {
        self.client
            .get_or_init(|| client_for(&desk.config.analysis))
            .as_ref()
    }

    /// Stories whose analysis arrived since the last call: the next pass recomposes their
    /// briefs.
    pub fn take_ready(&self) -> Vec<String> {
        std::mem::take(&mut lock(&self.state).ready)
    }

    pub fn has_ready(&self) -> bool {
        !lock(&self.state).ready.is_empty()
    }

    /// Requests in flight.
    pub fn n_in_flight(&self) -> usize {
        lock(&self.state).in_flight.len()
    }

    /// Waits until no request is in flight.
    pub async fn settle(&self) {
        loop {
            let notified = self.settled.notified();
            if lock(&self.state).in_flight.is_empty() {
                return;
            }
            notified.await;
        }
    }
}

/// The UTC day counters are kept under.
fn day(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%d").to_string()
}

/// Requests made today by every desk on the store.
async fn requests_today(store: &dyn Store, now: DateTime<Utc>) -> Result<i64, StoreError> {
    let today = day(now);
    Ok(store
        .counters()
        .await?
        .into_iter()
        .filter(|(day, name, _)| *day == today && name == REQUESTS)
        .map(|(_, _, value)| value)
        .sum())
}

/// Adds the analysis of `input`'s story to `brief` when `[analysis]` is on and the story is
/// eligible: from the stored answer to this prompt if there is one, else (budget allowing) by
/// asking the endpoint, waiting for it in `Mode::Wait` and leaving it to a later revision in
/// `Mode::Background`. Never fails the brief: every failure withholds the analysis.
pub async fn analyse(desk: &Desk, input: &BriefInput<'_>, brief: &mut Brief, now: DateTime<Utc>) {
    let analyst = &desk.analyst;
    let Some(client) = analyst.client(desk) else {
        return;
    };
    if !analysis::eligible(input.story) {
        return;
    }
    let items = analysis::evidence_items(input);
    let prompt = analysis::prompt(input, brief, &items);
    let stored = match desk.store.model_answer(&prompt.hash).await {
        Ok(stored) => stored,
        Err(error) => {
            tracing::warn!(story = %input.story.id, error = %error, "stored analysis unreadable; withheld this pass");
            return;
        }
    };
    let answer = match stored {
        Some(answer) => answer,
        None => {
            let started = request(
                desk,
                client,
                &input.story.id,
                &prompt,
                ("analysis", PROMPT_VERSION),
                now,
            )
            .await;
            if !started || desk.background.mode() == Mode::Background {
                if let Some((_, error)) = lock(&analyst.state).failed.get(&prompt.hash) {
                    let mut note = analysis::withheld(error);
                    note.model = client.config.model.clone();
                    brief.analysis = Some(note);
                }
                return;
            }
            analyst.settle().await;
            match desk.store.model_answer(&prompt.hash).await {
                Ok(Some(answer)) => answer,
                _ => {
                    let error = lock(&analyst.state)
                        .failed
                        .get(&prompt.hash)
                        .map(|(_, error)| error.clone())
                        .unwrap_or_else(|| "no answer".to_string());
                    let mut note = analysis::withheld(&error);
                    note.model = client.config.model.clone();
                    brief.analysis = Some(note);
                    return;
                }
            }
        }
    };
    let first_use = lock(&analyst.state).fresh.remove(&prompt.hash);
    // A gate that panics withholds the analysis; it never passes it, nor stops the pass.
    let gated = analysis::parse_answer(&answer).and_then(|parsed| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analysis::gate(&parsed, &items, input)
        }))
        .map_err(|_| "a gate failed".to_string())
    });
    let gated = match gated {
        Ok(gated) => gated,
        Err(error) => {
            let mut note = analysis::withheld(&format!("unreadable answer: {error}"));
            note.model = client.config.model.clone();
            brief.analysis = Some(note);
            if first_use {
                count(desk, now, vec![(format!("{REFUSED_PREFIX}malformed"), 1)]).await;
            }
            return;
        }
    };
    if first_use {
        let mut deltas = vec![
            (PROPOSED.to_string(), i64::from(gated.note.proposed)),
            (PUBLISHED.to_string(), i64::from(gated.note.published)),
        ];
        deltas.extend(
            gated
                .note
                .refused
                .iter()
                .map(|(gate, n)| (format!("{REFUSED_PREFIX}{gate}"), i64::from(*n))),
        );
        count(desk, now, deltas).await;
        for refused in &gated.refused {
            tracing::info!(story = %input.story.id, sentence = %refused.text, reason = %refused.reason, "analysis sentence refused");
        }
    }
    let mut gated = gated;
    gated.note.model = client.config.model.clone();
    analysis::attach(brief, gated);
}

/// Most posts of one story the desk asks to render in English: the first post in another
/// language of each origin, oldest first (what the brief may quote), within the daily budget.
pub const MAX_TRANSLATIONS: usize = 5;

/// Fills in the English rendering of `story_id`'s posts in other languages from the model's
/// stored answers, asking for those not yet answered ([`MAX_TRANSLATIONS`] at most). A
/// rendering is kept only when every sentence of it passes the checker against its original;
/// a refused or failed one leaves the post as it is, and the brief cites the original. In
/// `run` nothing waits: an answer marks the story ready and the next pass recomposes it.
pub async fn translate(desk: &Desk, story: &Story, posts: &mut [BriefPost], now: DateTime<Utc>) {
    let analyst = &desk.analyst;
    let Some(client) = analyst.client(desk) else {
        return;
    };
    let wanted = translation_candidates(story, posts);
    let mut prompts: Vec<(usize, Prompt, String)> = Vec::new();
    for idx in wanted {
        let post = &posts[idx];
        let original = match &post.title {
            Some(title) => format!("{title}.\n{}", post.text),
            None => post.text.clone(),
        };
        let language = post.language.clone().unwrap_or_default();
        prompts.push((
            idx,
            analysis::translation_prompt(&original, &language),
            original,
        ));
    }
    // Every missing rendering asked for first; replay and tests then wait for them all.
    let mut started_any = false;
    for (_, prompt, _) in &prompts {
        if matches!(desk.store.model_answer(&prompt.hash).await, Ok(None)) {
            started_any |= request(
                desk,
                client,
                &story.id,
                prompt,
                ("translation", analysis::TRANSLATION_PROMPT_VERSION),
                now,
            )
            .await;
        }
    }
    if started_any && desk.background.mode() != Mode::Background {
        analyst.settle().await;
    }
    for (idx, prompt, original) in &prompts {
        let stored = desk.store.model_answer(&prompt.hash).await.ok().flatten();
        let Some(answer) = stored else {
            continue;
        };
        let checked = analysis::parse_translation(&answer).and_then(|text| {
            analysis::check_translation(analysis::original_part(original), &text).map(|()| text)
        });
        let first_use = lock(&analyst.state).fresh.remove(&prompt.hash);
        match checked {
            Ok(text) => {
                let post = &mut posts[*idx];
                post.translation = Some(PostTranslation {
                    from: post.language.clone().unwrap_or_default(),
                    text,
                });
                if first_use {
                    count(desk, now, vec![(TRANSLATIONS_KEPT.to_string(), 1)]).await;
                }
            }
            Err(reason) => {
                if first_use {
                    tracing::info!(story = %story.id, post = %posts[*idx].reference, reason = %reason, "translation refused");
                    count(desk, now, vec![(TRANSLATIONS_REFUSED.to_string(), 1)]).await;
                }
            }
        }
    }
}

/// The posts worth rendering: per origin (in the story's order), its first post in a language
/// other than English, at most [`MAX_TRANSLATIONS`].
fn translation_candidates(story: &Story, posts: &[BriefPost]) -> Vec<usize> {
    let foreign = |post: &BriefPost| {
        post.language
            .as_deref()
            .is_some_and(|language| language != "en" && !language.is_empty())
            && post.text.chars().any(char::is_alphabetic)
    };
    // The posts in another language, by reference: a big story has thousands of relays.
    let by_reference: HashMap<&str, usize> = posts
        .iter()
        .enumerate()
        .filter(|(_, post)| foreign(post))
        .map(|(idx, post)| (post.reference.as_str(), idx))
        .collect();
    let mut wanted: Vec<usize> = Vec::new();
    for origin in &story.origins {
        let mut relays: Vec<&wiredesk_model::Relay> = origin.relays.iter().collect();
        relays.sort_by_key(|relay| relay.first_seen);
        let first = relays
            .iter()
            .find_map(|relay| by_reference.get(relay.post.as_str()).copied());
        if let Some(idx) = first
            && !wanted.contains(&idx)
        {
            wanted.push(idx);
        }
        if wanted.len() == MAX_TRANSLATIONS {
            break;
        }
    }
    wanted
}

async fn count(desk: &Desk, now: DateTime<Utc>, deltas: Vec<(String, i64)>) {
    if let Err(error) = desk.store.add_counters(&day(now), &deltas).await {
        tracing::warn!(error = %error, "analysis counters not stored");
    }
}

/// Starts the request for `prompt` unless it is in flight, failed lately or over the budget.
/// Whether a request is (now) in flight.
async fn request(
    desk: &Desk,
    client: &Client,
    story_id: &str,
    prompt: &Prompt,
    (purpose, prompt_version): (&'static str, &'static str),
    now: DateTime<Utc>,
) -> bool {
    let analyst = Arc::clone(&desk.analyst);
    {
        let mut state = lock(&analyst.state);
        if state.in_flight.contains(&prompt.hash) {
            return true;
        }
        if let Some((at, _)) = state.failed.get(&prompt.hash)
            && at.elapsed() < RETRY_AFTER
        {
            return false;
        }
        state.failed.remove(&prompt.hash);
    }
    match requests_today(&*desk.store, now).await {
        Ok(used) if used >= client.config.daily_budget as i64 => {
            lock(&analyst.state).failed.insert(
                prompt.hash.clone(),
                (
                    Instant::now(),
                    "the daily request budget is spent".to_string(),
                ),
            );
            return false;
        }
        Ok(_) => {}
        Err(error) => {
            tracing::warn!(error = %error, "analysis budget unreadable; no request");
            return false;
        }
    }
    lock(&analyst.state).in_flight.insert(prompt.hash.clone());
    let body = request_body(&client.config, prompt);
    let limit = Arc::clone(
        analyst
            .limit
            .get_or_init(|| Arc::new(Semaphore::new(client.config.concurrency.max(1)))),
    );
    let fetcher = client.fetcher.clone();
    let endpoint = client.endpoint.clone();
    let api_key = client.api_key.clone();
    let timeout = Duration::from_secs(client.config.timeout_secs);
    let model = client.config.model.clone();
    let store = Arc::clone(&desk.store);
    let hash = prompt.hash.clone();
    let story_id = story_id.to_string();
    tokio::spawn(async move {
        let _permit = limit.acquire_owned().await.ok();
        let started = Instant::now();
        let outcome = fetcher
            .post_json(&endpoint, body, api_key.as_deref(), timeout)
            .await
            .map_err(|error| error.to_string())
            .and_then(|response| read_completion(&response.body));
        let latency_ms = started.elapsed().as_millis() as i64;
        let mut deltas = vec![
            (REQUESTS.to_string(), 1),
            (LATENCY_MS.to_string(), latency_ms),
        ];
        let stored = match outcome {
            Ok(completion) => {
                deltas.push((PROMPT_TOKENS.to_string(), completion.prompt_tokens));
                deltas.push((COMPLETION_TOKENS.to_string(), completion.completion_tokens));
                let answer = ModelAnswer {
                    prompt_hash: hash.clone(),
                    purpose: purpose.to_string(),
                    subject: story_id.clone(),
                    model,
                    prompt_version: prompt_version.to_string(),
                    answer: completion.content,
                    created_at: now,
                };
                store
                    .put_model_answer(&answer)
                    .await
                    .map_err(|error| format!("answer not stored: {error}"))
            }
            Err(error) => {
                deltas.push((ERRORS.to_string(), 1));
                Err(error)
            }
        };
        if let Err(error) = store.add_counters(&day(now), &deltas).await {
            tracing::warn!(error = %error, "analysis counters not stored");
        }
        let mut state = lock(&analyst.state);
        state.in_flight.remove(&hash);
        match stored {
            Ok(()) => {
                state.fresh.insert(hash);
                state.ready.push(story_id);
            }
            Err(error) => {
                tracing::warn!(story = %story_id, error = %error, "analysis withheld: the model did not answer");
                state.failed.insert(hash, (Instant::now(), error));
            }
        }
        let settled = state.in_flight.is_empty();
        drop(state);
        if settled {
            analyst.settled.notify_waiters();
        }
    });
    true
}

/// The chat-completions request: temperature 0, the seed, the answer's length, and the answer
/// constrained to the sections' JSON schema.
fn request_body(config: &AnalysisConfig, prompt: &Prompt) -> Vec<u8> {
    let body = json!({
        "model": config.model,
        "messages": [
            {"role": "system", "content": prompt.system},
            {"role": "user", "content": prompt.user},
        ],
        "temperature": 0,
        "seed": config.seed,
        "max_tokens": config.max_tokens,
        "response_format": prompt.response_format(),
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

/// What the endpoint answered: the message content and the tokens it counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub content: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
}

/// Reads an OpenAI-style chat completion.
pub fn read_completion(body: &[u8]) -> Result<Completion, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|error| format!("not JSON: {error}"))?;
    let content = value
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or("no choices[0].message.content in the answer")?;
    let tokens = |name: &str| {
        value
            .pointer(&format!("/usage/{name}"))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    Ok(Completion {
        content: content.to_string(),
        prompt_tokens: tokens("prompt_tokens"),
        completion_tokens: tokens("completion_tokens"),
    })
}

/// Probes the endpoint for `wiredesk check`: a one-line chat request. The model's name and
/// the latency, or what went wrong.
pub async fn probe(config: &AnalysisConfig) -> Result<String, String> {
    let client = client_for(&AnalysisConfig {
        enabled: true,
        ..config.clone()
    })
    .ok_or("the analysis client cannot be built")?;
    let body = json!({
        "model": config.model,
        "messages": [{"role": "user", "content": "Answer with the word ready."}],
        "temperature": 0,
        "seed": config.seed,
        "max_tokens": 4,
    });
    let started = Instant::now();
    let response = client
        .fetcher
        .post_json(
            &client.endpoint,
            serde_json::to_vec(&body).unwrap_or_default(),
            client.api_key.as_deref(),
            Duration::from_secs(config.timeout_secs),
        )
        .await
        .map_err(|error| error.to_string())?;
    read_completion(&response.body)?;
    Ok(format!(
        "{} answered in {} ms",
        client.endpoint,
        started.elapsed().as_millis()
    ))
}

#[cfg(test)]
mod tests;
