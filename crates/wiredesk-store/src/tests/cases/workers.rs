//! Store suite cases: what several workers share: source leases and their fencing tokens,
//! host slots and 429 memory, the desk lock's epoch.

use super::super::*;
use crate::HostTurn;

/// Claims are exclusive until they expire; a commit under a token that moved on is refused
/// and writes nothing; a record gives the lease back.
pub(in crate::tests) async fn leases_are_exclusive_expire_and_fence_stale_commits(
    store: &dyn Store,
) {
    // Sources due at once are claimed in `spread` order (a hash of the key), which for these
    // three names is also their alphabetical order.
    for name in ["alpha", "bravo", "foxtrot"] {
        add_source(store, &telegram(name)).await;
    }
    let now = at(1, 10);
    let first = store
        .claim_sources("worker-1", now, now + Duration::seconds(30), 2)
        .await
        .expect("claim");
    assert_eq!(keys(&first), ["alpha", "bravo"]);
    let lease = first[0]
        .lease
        .clone()
        .expect("a claimed source carries its lease");
    assert_eq!(lease.owner, "worker-1");
    assert_eq!(lease.until, now + Duration::seconds(30));
    assert_eq!(lease.token, 1);

    // A second worker gets only what is left, and nothing more while the leases run.
    let second = store
        .claim_sources("worker-2", now, now + Duration::seconds(30), 5)
        .await
        .expect("claim");
    assert_eq!(keys(&second), ["foxtrot"]);
    let later = now + Duration::seconds(10);
    let none = store
        .claim_sources("worker-2", later, later + Duration::seconds(30), 5)
        .await
        .expect("claim");
    assert!(none.is_empty(), "leases still run: {:?}", keys(&none));
    assert_eq!(store.leases().await.expect("leases").len(), 3);

    // Worker 1 stalls past its lease; worker 2 takes "alpha" over and commits a newer cursor.
    let expired = now + Duration::seconds(31);
    let taken = store
        .claim_sources("worker-2", expired, expired + Duration::seconds(30), 1)
        .await
        .expect("claim");
    assert_eq!(keys(&taken), ["alpha"]);
    assert_eq!(taken[0].lease_token(), Some(2));
    let mut newer = page(
        "alpha",
        expired,
        vec![post("alpha", "2", expired, "the newer page")],
    );
    newer.cursor = Some(json!({"newest": 2}));
    newer.lease = taken[0].lease_token();
    commit(store, &newer, "the new holder's commit").await;

    // The stale worker wakes up: its page and its record are refused, and change nothing.
    let mut stale = page(
        "alpha",
        expired,
        vec![post("alpha", "1", now, "the stale page")],
    );
    stale.cursor = Some(json!({"newest": 1}));
    stale.lease = first[0].lease_token();
    let refused = store.commit_page(&stale).await;
    assert!(
        matches!(refused, Err(StoreError::LeaseLost { ref key }) if key == "alpha"),
        "{refused:?}"
    );
    let refused = store
        .record_fetch("alpha", &success(expired), first[0].lease_token())
        .await;
    assert!(
        matches!(refused, Err(StoreError::LeaseLost { .. })),
        "{refused:?}"
    );
    let alpha = source_state(store, "alpha").await;
    assert_eq!(alpha.cursor, Some(json!({"newest": 2})));
    assert_eq!(alpha.last_fetch_at, None, "the stale record wrote nothing");
    assert!(store.post("alpha", "1").await.expect("post").is_none());

    // The holder's record is taken, and gives the lease back.
    let recorded = store
        .record_fetch("alpha", &success(expired), taken[0].lease_token())
        .await
        .expect("the holder's record");
    assert_eq!(recorded.lease, None);
    assert_eq!(recorded.last_fetch_at, Some(expired));
    // A missing source is still told apart from a lost lease.
    let missing = store
        .record_fetch("nobody", &success(expired), Some(1))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NoSuchSource { .. })),
        "{missing:?}"
    );

    // A clean shutdown gives back everything a worker holds.
    assert_eq!(store.release_leases("worker-2").await.expect("release"), 1);
    let held: Vec<String> = store
        .leases()
        .await
        .expect("leases")
        .into_iter()
        .map(|row| format!("{}:{}", row.key, row.lease.owner))
        .collect();
    assert_eq!(held, ["bravo:worker-1"]);
    // "alpha" waits for its next attempt; "bravo" (worker 1's lease ran out) and "foxtrot"
    // (given back) are claimed again.
    let again = store
        .claim_sources("worker-3", expired, expired + Duration::seconds(30), 5)
        .await
        .expect("claim");
    assert_eq!(keys(&again), ["bravo", "foxtrot"]);
}

/// Concurrent claimers never share a source.
pub(in crate::tests) async fn concurrent_claims_never_overlap(store: &dyn Store) {
    for n in 0..40 {
        add_source(store, &telegram(&format!("channel{n:02}"))).await;
    }
    let now = at(1, 10);
    let mut claimed = Vec::new();
    let results = futures_join(store, now).await;
    for (worker, states) in results {
        for state in states {
            claimed.push((state.key, worker.clone()));
        }
    }
    let mut keys: Vec<&String> = claimed.iter().map(|(key, _)| key).collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "a source was claimed twice: {claimed:?}");
    assert_eq!(n, 40);
}

async fn futures_join(
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Vec<(String, Vec<wiredesk_model::SourceState>)> {
    let claim = |worker: &'static str| async move {
        let mut all = Vec::new();
        loop {
            let got = store
                .claim_sources(worker, now, now + Duration::seconds(30), 3)
                .await
                .expect("claim");
            if got.is_empty() {
                return (worker.to_string(), all);
            }
            all.extend(got);
            tokio::task::yield_now().await;
        }
    };
    let (a, b, c) = tokio::join!(claim("a"), claim("b"), claim("c"));
    vec![a, b, c]
}

/// A host's slots: one holder at a time per slot, pacing from the last request's end, a dead
/// holder's slot freed by its hold time, and a 429 remembered for everyone.
pub(in crate::tests) async fn host_slots_pace_and_share_rate_limits(store: &dyn Store) {
    let now = at(1, 10);
    let hold = now + Duration::seconds(30);
    let host = "t.me";
    // The first ask creates the host's slot; the next one takes it.
    let first = enter(store, host, "a", now, hold).await;
    assert_eq!(first, HostTurn::Entered { slot: 0 });
    assert_eq!(
        enter(store, host, "b", now, hold).await,
        HostTurn::Wait { until: None },
        "held: ask again soon"
    );
    store
        .host_leave(host, 0, "a", now + Duration::seconds(2))
        .await
        .expect("leave");
    assert_eq!(
        enter(store, host, "b", now + Duration::seconds(1), hold).await,
        HostTurn::Wait {
            until: Some(now + Duration::seconds(2))
        },
        "paced: the next request waits for the delay"
    );
    assert_eq!(
        enter(store, host, "b", now + Duration::seconds(2), hold).await,
        HostTurn::Entered { slot: 0 }
    );
    // "b" dies holding the slot: it comes free when its hold time passes.
    assert!(matches!(
        enter(store, host, "c", now + Duration::seconds(29), hold).await,
        HostTurn::Wait { .. }
    ));
    assert_eq!(
        enter(store, host, "c", hold, hold + Duration::seconds(30)).await,
        HostTurn::Entered { slot: 0 }
    );
    // A stale holder's leave does not free the new holder's slot.
    store
        .host_leave(host, 0, "b", hold)
        .await
        .expect("stale leave");
    assert!(matches!(
        enter(store, host, "d", hold, hold).await,
        HostTurn::Wait { .. }
    ));
    // A long request renews its hold; only the holder can.
    let renewed = hold + Duration::seconds(60);
    assert!(
        store
            .host_renew(host, 0, "c", renewed)
            .await
            .expect("renew")
    );
    assert!(
        !store
            .host_renew(host, 0, "b", renewed)
            .await
            .expect("renew")
    );
    assert_eq!(
        enter(store, host, "d", hold + Duration::seconds(31), hold).await,
        HostTurn::Wait { until: None }
    );
    assert_eq!(
        enter(store, host, "d", renewed, renewed).await,
        HostTurn::Entered { slot: 0 },
        "a renewed hold runs out at its new time"
    );
    // Two slots: two holders at once, a third waits.
    let other = "example.org";
    for (holder, expected) in [("a", Some(0)), ("b", Some(1)), ("c", None)] {
        let turn = store
            .host_enter(other, holder, 2, now, hold)
            .await
            .expect("enter");
        let turn = match turn {
            HostTurn::Wait { until: None } => store
                .host_enter(other, holder, 2, now, hold)
                .await
                .expect("enter"),
            turn => turn,
        };
        match expected {
            Some(slot) => assert_eq!(turn, HostTurn::Entered { slot }, "{holder}"),
            None => assert!(matches!(turn, HostTurn::Wait { .. }), "{holder}: {turn:?}"),
        }
    }

    // 429 memory: the later time wins.
    assert_eq!(store.host_retry_at(host).await.expect("retry at"), None);
    store
        .set_host_retry_at(host, now + Duration::minutes(5))
        .await
        .expect("set");
    store
        .set_host_retry_at(host, now + Duration::minutes(1))
        .await
        .expect("set");
    assert_eq!(
        store.host_retry_at(host).await.expect("retry at"),
        Some(now + Duration::minutes(5))
    );
}

/// Enters `host` (one slot), creating its slot on the first ask.
async fn enter(
    store: &dyn Store,
    host: &str,
    holder: &str,
    now: DateTime<Utc>,
    hold: DateTime<Utc>,
) -> HostTurn {
    match store
        .host_enter(host, holder, 1, now, hold)
        .await
        .expect("enter")
    {
        HostTurn::Wait { until: None } => store
            .host_enter(host, holder, 1, now, hold)
            .await
            .expect("enter"),
        turn => turn,
    }
}

/// The desk lock: one holder; its writes are fenced by the epoch it took.
pub(in crate::tests) async fn the_desk_lock_fences_a_replaced_desk(store: &dyn Store) {
    let now = at(1, 10);
    let epoch = store
        .take_desk_lock("desk-1", now)
        .await
        .expect("take")
        .expect("the first desk gets the lock");
    assert!(store.desk_lock_held().await.expect("held"));
    assert_eq!(
        store.take_desk_lock("desk-1", now).await.expect("again"),
        Some(epoch),
        "taking it again while held keeps the epoch"
    );
    assert_eq!(
        store.desk_holder().await.expect("holder"),
        (Some("desk-1".to_string()), epoch)
    );
    let story = super::stories::story("s1", &["alpha/1"], now);
    store
        .put_stories(std::slice::from_ref(&story), &[], &[])
        .await
        .expect("the desk writes");
    store.release_desk_lock().await.expect("release");
    assert!(!store.desk_lock_held().await.expect("held"));
}

fn keys(states: &[wiredesk_model::SourceState]) -> Vec<String> {
    states.iter().map(|state| state.key.clone()).collect()
}
