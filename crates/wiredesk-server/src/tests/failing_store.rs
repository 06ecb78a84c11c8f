//! A store whose every call fails, for the 503, 500 and "internal error" paths.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use wiredesk_model::{Brief, SourceSpec, SourceState, Story, StoryEvent};
use wiredesk_store::{
    ArchivedBody, CachedWiki, CommitStats, FetchOutcome, FetchedBody, HostTurn, LeaseRow,
    PageCommit, PostQuery, PostVersion, Result, Store, StoreError, StoredPost,
};

/// Must never reach a client.
pub const SECRET_DETAIL: &str = "connection refused by db.internal:5432";

pub struct FailingStore;

fn fail<T>() -> Result<T> {
    Err(StoreError::Decode(SECRET_DETAIL.to_string()))
}

#[async_trait]
impl Store for FailingStore {
    fn backend(&self) -> &'static str {
        "failing"
    }
    fn instance(&self) -> u64 {
        0
    }
    async fn post_revision(&self) -> Result<i64> {
        fail()
    }
    async fn posts_changed(&self, _after: i64, _until: i64) -> Result<Vec<StoredPost>> {
        fail()
    }
    async fn post_analyses(
        &self,
        _references: &[String],
    ) -> Result<std::collections::HashMap<String, (i64, String)>> {
        fail()
    }
    async fn put_post_analyses(&self, _analyses: &[(String, i64, String)]) -> Result<()> {
        fail()
    }
    async fn clear_post_analyses(&self) -> Result<u64> {
        fail()
    }
    async fn clear_derived(&self) -> Result<()> {
        fail()
    }
    async fn model_answer(&self, _prompt_hash: &str) -> Result<Option<String>> {
        fail()
    }
    async fn put_model_answer(&self, _answer: &wiredesk_store::ModelAnswer) -> Result<()> {
        fail()
    }
    async fn add_counters(&self, _day: &str, _deltas: &[(String, i64)]) -> Result<()> {
        fail()
    }
    async fn counters(&self) -> Result<Vec<(String, String, i64)>> {
        fail()
    }
    async fn upsert_source(&self, _spec: &SourceSpec) -> Result<SourceState> {
        fail()
    }
    async fn sources(&self) -> Result<Vec<SourceState>> {
        fail()
    }
    async fn source(&self, _key: &str) -> Result<Option<SourceState>> {
        fail()
    }
    async fn remove_source(&self, _key: &str) -> Result<bool> {
        fail()
    }
    async fn set_paused(&self, _key: &str, _paused: bool) -> Result<SourceState> {
        fail()
    }
    async fn record_fetch(
        &self,
        _key: &str,
        _outcome: &FetchOutcome,
        _lease: Option<i64>,
    ) -> Result<SourceState> {
        fail()
    }
    async fn claim_sources(
        &self,
        _owner: &str,
        _now: DateTime<Utc>,
        _until: DateTime<Utc>,
        _limit: u32,
    ) -> Result<Vec<SourceState>> {
        fail()
    }
    async fn release_leases(&self, _owner: &str) -> Result<u64> {
        fail()
    }
    async fn leases(&self) -> Result<Vec<LeaseRow>> {
        fail()
    }
    async fn host_enter(
        &self,
        _host: &str,
        _holder: &str,
        _concurrency: u32,
        _now: DateTime<Utc>,
        _hold_until: DateTime<Utc>,
    ) -> Result<HostTurn> {
        fail()
    }
    async fn host_leave(
        &self,
        _host: &str,
        _slot: u32,
        _holder: &str,
        _next_start: DateTime<Utc>,
    ) -> Result<()> {
        fail()
    }
    async fn host_renew(
        &self,
        _host: &str,
        _slot: u32,
        _holder: &str,
        _hold_until: DateTime<Utc>,
    ) -> Result<bool> {
        fail()
    }
    async fn host_retry_at(&self, _host: &str) -> Result<Option<DateTime<Utc>>> {
        fail()
    }
    async fn set_host_retry_at(&self, _host: &str, _at: DateTime<Utc>) -> Result<()> {
        fail()
    }
    async fn take_desk_lock(&self, _holder: &str, _now: DateTime<Utc>) -> Result<Option<i64>> {
        fail()
    }
    async fn desk_lock_held(&self) -> Result<bool> {
        fail()
    }
    async fn release_desk_lock(&self) -> Result<()> {
        fail()
    }
    async fn desk_holder(&self) -> Result<(Option<String>, i64)> {
        fail()
    }
    async fn archive(&self, _body: &FetchedBody<'_>) -> Result<String> {
        fail()
    }
    async fn archived(&self, _sha256: &str) -> Result<Option<ArchivedBody>> {
        fail()
    }
    async fn prune_archive(&self, _before: DateTime<Utc>) -> Result<u64> {
        fail()
    }
    async fn commit_page(&self, _page: &PageCommit) -> Result<CommitStats> {
        fail()
    }
    async fn posts(&self, _query: &PostQuery) -> Result<Vec<StoredPost>> {
        fail()
    }
    async fn post(&self, _source_key: &str, _id: &str) -> Result<Option<StoredPost>> {
        fail()
    }
    async fn post_versions(&self, _source_key: &str, _id: &str) -> Result<Vec<PostVersion>> {
        fail()
    }
    async fn put_stories(
        &self,
        _stories: &[Story],
        _removed: &[String],
        _events: &[StoryEvent],
    ) -> Result<()> {
        fail()
    }
    async fn put_brief(&self, _brief: &Brief) -> Result<()> {
        fail()
    }
    async fn brief(&self, _story_id: &str) -> Result<Option<Brief>> {
        fail()
    }
    async fn brief_versions(&self, _story_id: &str) -> Result<Vec<Brief>> {
        fail()
    }
    async fn briefs(&self) -> Result<Vec<Brief>> {
        fail()
    }
    async fn recent_briefs(&self, _limit: u64) -> Result<Vec<Brief>> {
        fail()
    }
    async fn brief_count(&self) -> Result<u64> {
        fail()
    }
    async fn stories(&self) -> Result<Vec<Story>> {
        fail()
    }
    async fn stories_page(
        &self,
        _limit: u64,
        _after: Option<&wiredesk_store::StoryCursor>,
    ) -> Result<Vec<Story>> {
        fail()
    }
    async fn story_count(&self) -> Result<u64> {
        fail()
    }
    async fn stories_of_posts(
        &self,
        _references: &[String],
    ) -> Result<std::collections::HashMap<String, String>> {
        fail()
    }
    async fn story(&self, _id: &str) -> Result<Option<Story>> {
        fail()
    }
    async fn story_events(&self) -> Result<Vec<StoryEvent>> {
        fail()
    }
    async fn wiki_get(&self, _lang: &str, _title: &str) -> Result<Option<CachedWiki>> {
        fail()
    }
    async fn wiki_put(&self, _entry: &CachedWiki) -> Result<()> {
        fail()
    }
}
