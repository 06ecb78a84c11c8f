//! Wikipedia background: page summaries through the REST API (any language edition, redirects
//! followed), a search fallback when a title has no page, langlinks, all cached in the store and
//! refreshed after a configured age.
//!
//! A missing page is an answer ("no such page"), cached like any other; a failing Wikipedia
//! never stops anything: the caller gets the stale cache or nothing, and the failure is cached
//! too, with a retry time, so nothing waits on it again before then. Decision: without a schema
//! change, a failure is a cache entry (the stale summary kept, or none) whose `fetched_at` is set
//! so that it stays fresh exactly until the retry time. Who looks up what, and when, is
//! `crate::background`'s business.

use chrono::{DateTime, Duration, Utc};
use tracing::warn;
use url::Url;
use wiredesk_fetch::{FetchError, FetchRequest};
use wiredesk_model::WikiSummary;
use wiredesk_sources::wikipedia::{
    LangLink, langlinks_url, normalize_title, parse_langlinks, parse_search, parse_summary,
    search_url, summary_url,
};
use wiredesk_store::{CachedWiki, StoreError};

use crate::desk::Desk;

/// Where a summary came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WikiOrigin {
    Cache,
    Fetched,
    /// The title had no page; the summary is the first search hit's.
    Search,
    /// Wikipedia could not be reached; this is the cache past its age.
    StaleCache,
}

/// What the cache holds for a title, read without any request.
#[derive(Debug, Clone, PartialEq)]
pub enum WikiCached {
    /// Younger than `refresh_after_hours` (or a failure before its retry time): the answer,
    /// a summary or "no such page".
    Fresh(Option<WikiSummary>),
    /// Past its age: usable meanwhile, due for a lookup.
    Stale(Option<WikiSummary>),
    /// Never looked up.
    Absent,
}

impl WikiCached {
    /// The summary the cache holds, fresh or stale.
    pub fn summary(&self) -> Option<&WikiSummary> {
        match self {
            WikiCached::Fresh(summary) | WikiCached::Stale(summary) => summary.as_ref(),
            WikiCached::Absent => None,
        }
    }

    /// Whether a lookup would go to Wikipedia.
    pub fn needs_lookup(&self) -> bool {
        !matches!(self, WikiCached::Fresh(_))
    }
}

impl Desk {
    fn wiki_base(&self, lang: &str) -> String {
        self.config
            .wikipedia
            .base_url_template
            .replace("{lang}", lang)
    }

    async fn wiki_get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let url = Url::parse(url).map_err(|error| FetchError::InvalidUrl {
            url: url.to_string(),
            reason: error.to_string(),
        })?;
        let response = self
            .fetch
            .get(&FetchRequest {
                url,
                etag: None,
                last_modified: None,
            })
            .await?;
        Ok(response.body.to_vec())
    }

    fn wiki_max_age(&self) -> Duration {
        Duration::hours(self.config.wikipedia.refresh_after_hours as i64)
    }

    /// What the cache alone says about `title` in the `lang` edition, without any request.
    pub async fn wiki_cached(
        &self,
        lang: &str,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<WikiCached, StoreError> {
        let requested = normalize_title(title);
        Ok(match self.store.wiki_get(lang, &requested).await? {
            None => WikiCached::Absent,
            Some(cached) if now - cached.fetched_at < self.wiki_max_age() => {
                WikiCached::Fresh(cached.summary)
            }
            Some(cached) => WikiCached::Stale(cached.summary),
        })
    }

    /// The summary of `title` in the `lang` edition: from the cache while fresh, else fetched
    /// (redirects followed), else the first search hit. `None` when there is no such page. When
    /// Wikipedia fails, the stale summary (or `None`) is returned and kept until the retry time.
    pub async fn wiki_summary(
        &self,
        lang: &str,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(WikiSummary, WikiOrigin)>, StoreError> {
        let requested = normalize_title(title);
        let cached = self.store.wiki_get(lang, &requested).await?;
        let max_age = self.wiki_max_age();
        if let Some(cached) = &cached
            && now - cached.fetched_at < max_age
        {
            return Ok(cached
                .summary
                .clone()
                .map(|summary| (summary, WikiOrigin::Cache)));
        }
        let base = self.wiki_base(lang);
        let looked_up = match self.wiki_get(&summary_url(&base, &requested)).await {
            Ok(body) => match parse_summary(&body, lang) {
                Ok(summary) => Ok(Some((summary, WikiOrigin::Fetched))),
                Err(error) => {
                    warn!(title = %requested, error = %error, "wikipedia summary unreadable");
                    Ok(None)
                }
            },
            Err(error) if error.is_not_found() => {
                self.wiki_search_fallback(&base, lang, title).await
            }
            Err(error) => Err(error),
        };
        let fetched = match looked_up {
            Ok(fetched) => fetched,
            Err(error) => {
                warn!(title = %requested, error = %error, "wikipedia unreachable");
                let stale = cached.and_then(|cached| cached.summary);
                // Fresh until the retry time: `fetched_at + max_age = retry_at`.
                let retry_at = now + self.wiki_retry_after(&error);
                let entry = CachedWiki {
                    lang: lang.to_string(),
                    requested_title: requested,
                    summary: stale.clone(),
                    fetched_at: retry_at - max_age,
                };
                self.store.wiki_put(&entry).await?;
                return Ok(stale.map(|summary| (summary, WikiOrigin::StaleCache)));
            }
        };
        let entry = CachedWiki {
            lang: lang.to_string(),
            requested_title: requested,
            summary: fetched.as_ref().map(|(summary, _)| summary.clone()),
            fetched_at: now,
        };
        self.store.wiki_put(&entry).await?;
        Ok(fetched)
    }

    /// How long a title is left alone after `error`: the configured wait, or longer when
    /// Wikipedia asked for longer.
    fn wiki_retry_after(&self, error: &FetchError) -> Duration {
        let configured = Duration::minutes(self.config.wikipedia.retry_after_minutes as i64);
        let asked = error
            .retry_after()
            .and_then(|wait| Duration::from_std(wait).ok())
            .unwrap_or(Duration::zero());
        configured.max(asked).min(Duration::days(30))
    }

    /// The first search hit's summary. A search that finds nothing, or a hit without a page, is
    /// an answer (`None`); a search that fails is an error.
    async fn wiki_search_fallback(
        &self,
        base: &str,
        lang: &str,
        query: &str,
    ) -> Result<Option<(WikiSummary, WikiOrigin)>, FetchError> {
        let not_found_is_none = |result: Result<Vec<u8>, FetchError>| match result {
            Ok(body) => Ok(Some(body)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        };
        let Some(body) = not_found_is_none(self.wiki_get(&search_url(base, query, 3)).await)?
        else {
            return Ok(None);
        };
        let Some(first) = parse_search(&body)
            .ok()
            .and_then(|hits| hits.into_iter().next())
        else {
            return Ok(None);
        };
        let Some(body) = not_found_is_none(self.wiki_get(&summary_url(base, &first.title)).await)?
        else {
            return Ok(None);
        };
        Ok(parse_summary(&body, lang)
            .ok()
            .map(|summary| (summary, WikiOrigin::Search)))
    }

    /// The same page in other language editions.
    pub async fn wiki_langlinks(&self, lang: &str, title: &str) -> Vec<LangLink> {
        let base = self.wiki_base(lang);
        match self
            .wiki_get(&langlinks_url(&base, &normalize_title(title)))
            .await
        {
            Ok(body) => parse_langlinks(&body).unwrap_or_default(),
            Err(error) => {
                warn!(title = %title, error = %error, "wikipedia langlinks unavailable");
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests;
