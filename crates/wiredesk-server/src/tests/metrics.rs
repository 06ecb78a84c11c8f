//! `/metrics`: request counters, the store's gauges, the desk's counters and what the workers
//! on the store share (leases, fetches per worker, lock waits).

use super::*;

#[tokio::test]
async fn metrics_count_requests_and_read_the_store() {
    let state = state(None).await;
    get(&state, "/story/talks-istanbul").await;
    get(&state, "/story/nope").await;
    assert_eq!(state.metrics.requests("/story/{id}", 200), 1);
    let metrics = get(&state, "/metrics").await.body;
    assert!(
        metrics.contains(
            "wiredesk_http_requests_total{route=\"/story/{id}\",method=\"GET\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "wiredesk_http_requests_total{route=\"/story/{id}\",method=\"GET\",status=\"404\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("wiredesk_http_request_duration_seconds_count{route=\"/story/{id}\"} 2"),
        "{metrics}"
    );
    assert!(metrics.contains("wiredesk_stories 2\n"), "{metrics}");
    assert!(metrics.contains("wiredesk_briefs 1\n"), "{metrics}");
    assert!(metrics.contains("wiredesk_sources 2\n"), "{metrics}");
    assert!(metrics.contains("wiredesk_store_up 1\n"), "{metrics}");
    assert!(
        metrics.contains("wiredesk_analysis_budget_remaining 500\n"),
        "{metrics}"
    );
}

/// The desk's counters live in the store, so `serve` reports what `run` counted: totals since
/// the store began, today's figures, and what is left of the daily budget.
#[tokio::test]
async fn metrics_report_the_desk_counters_from_the_store() {
    let state = state(None).await;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    state
        .store
        .add_counters(
            "2020-01-01",
            &[
                ("model_requests".to_string(), 5),
                ("analysis_refused_meta".to_string(), 2),
            ],
        )
        .await
        .unwrap();
    state
        .store
        .add_counters(
            &today,
            &[
                ("model_requests".to_string(), 3),
                ("model_latency_ms".to_string(), 900),
            ],
        )
        .await
        .unwrap();
    let metrics = get(&state, "/metrics").await.body;
    for line in [
        "wiredesk_desk_counter_total{name=\"model_requests\"} 8\n",
        "wiredesk_desk_counter_total{name=\"analysis_refused_meta\"} 2\n",
        "wiredesk_desk_counter_today{name=\"model_requests\"} 3\n",
        "wiredesk_desk_counter_today{name=\"model_latency_ms\"} 900\n",
        "wiredesk_analysis_budget_remaining 497\n",
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
}

/// Issue 12: what the workers share shows on /metrics: leases held and left behind, fetches per
/// worker, lock waits and leases lost, none of them mixed into the desk counters.
#[tokio::test]
async fn metrics_report_leases_fetches_per_worker_and_lock_waits() {
    let state = state(None).await;
    let now = chrono::Utc::now();
    let ten_minutes = chrono::Duration::minutes(10);
    // One lease left behind by a worker that died, one running.
    let held = state
        .store
        .claim_sources("fetch-1", now, now + ten_minutes, 1)
        .await
        .unwrap();
    let left = state
        .store
        .claim_sources("fetch-dead", now - ten_minutes, now - ten_minutes / 2, 1)
        .await
        .unwrap();
    assert_eq!((left.len(), held.len()), (1, 1));
    let today = now.format("%Y-%m-%d").to_string();
    state
        .store
        .add_counters(
            &today,
            &[
                ("fetches:fetch-1".to_string(), 40),
                ("fetches:fetch-2".to_string(), 38),
                ("host_lock_waits".to_string(), 6),
                ("desk_lock_waits".to_string(), 3),
                ("leases_lost".to_string(), 1),
            ],
        )
        .await
        .unwrap();
    let metrics = get(&state, "/metrics").await.body;
    for line in [
        "wiredesk_leases_held 1\n",
        "wiredesk_leases_expired 1\n",
        "wiredesk_fetches_total{worker=\"fetch-1\"} 40\n",
        "wiredesk_fetches_total{worker=\"fetch-2\"} 38\n",
        "wiredesk_lock_waits_total{lock=\"host\"} 6\n",
        "wiredesk_lock_waits_total{lock=\"desk\"} 3\n",
        "wiredesk_leases_lost_total 1\n",
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
    assert!(!metrics.contains("name=\"fetches:"), "{metrics}");
}
