//! The store suite's cases, one file per area; each runs on every backend (`store_suite!`).

mod archive;
mod posts;
mod revisions;
mod search;
mod sources;
mod stories;
mod workers;

pub(super) use archive::{archive_round_trip_and_prune, wiki_cache};
pub(super) use posts::{
    commit_is_idempotent_and_round_trips_posts, concurrent_commits_queue_up,
    cursor_is_saved_with_the_posts, edit_keeps_previous_versions, failed_commit_leaves_nothing,
    gone_posts_are_marked_and_come_back,
};
pub(super) use revisions::{
    clear_derived_keeps_sources_and_posts, concurrent_commits_take_distinct_revisions,
    post_analyses_round_trip_and_clear, revisions_list_what_each_commit_changed,
};
pub(super) use search::{filters_and_limit, full_text_search};
pub(super) use sources::{
    record_fetch_counts_failures_and_pauses, set_paused_by_hand, sources_upsert_list_remove,
};
pub(super) use stories::{
    brief_versions_stay_readable, large_stories_are_written_in_batches,
    stories_are_replaced_removed_and_logged, stories_page_through_in_order,
};
pub(super) use workers::{
    concurrent_claims_never_overlap, host_slots_pace_and_share_rate_limits,
    leases_are_exclusive_expire_and_fence_stale_commits, the_desk_lock_fences_a_replaced_desk,
};
