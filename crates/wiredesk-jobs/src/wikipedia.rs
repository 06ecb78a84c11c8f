//! Wikipedia background: page summaries through the REST API (any language edition, redirects
//! followed), a search fallback when a title has no page, langlinks, all cached in the store and
//! refreshed after a configured age.
//!
//! A missing page is an answer ("no such page"), cached like any other; a failing Wikipedia
//! never stops anything: the caller gets the stale cache or nothing.

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

    /// The summary of `title` in the `lang` edition: from the cache while fresh, else fetched
    /// (redirects followed), else the first search hit. `None` when there is no such page.
    pub async fn wiki_summary(
        &self,
        lang: &str,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(WikiSummary, WikiOrigin)>, StoreError> {
        let requested = normalize_title(title);
        let cached = self.store.wiki_get(lang, &requested).await?;
        let max_age = Duration::hours(self.config.wikipedia.refresh_after_hours as i64);
        if let Some(cached) = &cached
            && now - cached.fetched_at < max_age
        {
            return Ok(cached
                .summary
                .clone()
                .map(|summary| (summary, WikiOrigin::Cache)));
        }
        let base = self.wiki_base(lang);
        let fetched = match self.wiki_get(&summary_url(&base, &requested)).await {
            Ok(body) => match parse_summary(&body, lang) {
                Ok(summary) => Some((summary, WikiOrigin::Fetched)),
                Err(error) => {
                    warn!(title = %requested, error = %error, "wikipedia summary unreadable");
                    None
                }
            },
            Err(error) if error.is_not_found() => {
                self.wiki_search_fallback(&base, lang, title).await
            }
            Err(error) => {
                warn!(title = %requested, error = %error, "wikipedia unreachable");
                return Ok(cached
                    .and_then(|cached| cached.summary)
                    .map(|summary| (summary, WikiOrigin::StaleCache)));
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

    async fn wiki_search_fallback(
        &self,
        base: &str,
        lang: &str,
        query: &str,
    ) -> Option<(WikiSummary, WikiOrigin)> {
        let body = self.wiki_get(&search_url(base, query, 3)).await.ok()?;
        let hits = parse_search(&body).ok()?;
        let first = hits.into_iter().next()?;
        let body = self.wiki_get(&summary_url(base, &first.title)).await.ok()?;
        parse_summary(&body, lang)
            .ok()
            .map(|summary| (summary, WikiOrigin::Search))
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
