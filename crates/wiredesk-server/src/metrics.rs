//! Request metrics kept in memory and written in the Prometheus text format.
//!
//! A few dozen lines instead of a metrics crate: two families (a counter by route, method and
//! status; a duration histogram by route) under one mutex, held for a map update per request.
//! Routes are axum's templates (`/story/{id}`), so label sets stay bounded.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;
use wiredesk_store::counter_names;

/// Upper bounds (seconds) of the request duration histogram's buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// (route, method, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → durations.
    durations: BTreeMap<String, Histogram>,
}

#[derive(Debug, Default)]
struct Histogram {
    /// Count of observations at or below each bound in `BUCKETS` (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    sum_secs: f64,
    count: u64,
}

/// Gauges read from the store when `/metrics` is scraped.
#[derive(Debug, Clone, Default)]
pub struct StoreGauges {
    pub stories: u64,
    pub briefs: u64,
    pub sources: u64,
    pub sources_paused: u64,
    /// The desk's counters in the store (language-model requests, latency, tokens, refusals by
    /// gate): (UTC day, name, value).
    pub counters: Vec<(String, String, i64)>,
    /// Source leases that run now, and leases left behind past their time (a worker died).
    pub leases_held: u64,
    pub leases_expired: u64,
    /// Today (UTC, `YYYY-MM-DD`) and the configured daily request budget, when analysis is on.
    pub today: String,
    pub analysis_budget: Option<u64>,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Records one answered request.
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let mut inner = match self.inner.lock() {
            Ok(inner) => inner,
            // A panic elsewhere while holding the lock leaves plain counters: still usable.
            Err(poisoned) => poisoned.into_inner(),
        };
        *inner
            .requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let secs = elapsed.as_secs_f64();
        let histogram = inner.durations.entry(route.to_string()).or_default();
        if let Some(bucket_idx) = BUCKETS.iter().position(|bound| secs <= *bound) {
            histogram.buckets[bucket_idx] += 1;
        }
        histogram.sum_secs += secs;
        histogram.count += 1;
    }

    /// How many requests to `route` answered `status` so far (any method).
    pub fn requests(&self, route: &str, status: u16) -> u64 {
        let inner = match self.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => poisoned.into_inner(),
        };
        inner
            .requests
            .iter()
            .filter(|((r, _, s), _)| r == route && *s == status)
            .map(|(_, n)| n)
            .sum()
    }

    /// The Prometheus text exposition (format 0.0.4) of everything recorded, plus `gauges`.
    pub fn render(&self, gauges: Option<StoreGauges>) -> String {
        let inner = match self.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut out = String::new();
        out.push_str("# HELP wiredesk_http_requests_total HTTP requests answered, by route template, method and status.\n");
        out.push_str("# TYPE wiredesk_http_requests_total counter\n");
        for ((route, method, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "wiredesk_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                escape(route),
                escape(method),
            );
        }
        out.push_str("# HELP wiredesk_http_request_duration_seconds Time to answer HTTP requests, by route template.\n");
        out.push_str("# TYPE wiredesk_http_request_duration_seconds histogram\n");
        for (route, histogram) in &inner.durations {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(histogram.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "wiredesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "wiredesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "wiredesk_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum_secs
            );
            let _ = writeln!(
                out,
                "wiredesk_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        drop(inner);
        out.push_str("# HELP wiredesk_store_up Whether the store answered this scrape.\n");
        out.push_str("# TYPE wiredesk_store_up gauge\n");
        let _ = writeln!(out, "wiredesk_store_up {}", u8::from(gauges.is_some()));
        if let Some(gauges) = gauges {
            for (name, help, value) in [
                ("wiredesk_stories", "Stories in the store.", gauges.stories),
                (
                    "wiredesk_briefs",
                    "Stories with a brief in the store.",
                    gauges.briefs,
                ),
                ("wiredesk_sources", "Configured sources.", gauges.sources),
                (
                    "wiredesk_sources_paused",
                    "Sources paused by the user or by failures.",
                    gauges.sources_paused,
                ),
            ] {
                let _ = writeln!(out, "# HELP {name} {help}");
                let _ = writeln!(out, "# TYPE {name} gauge");
                let _ = writeln!(out, "{name} {value}");
            }
            for (name, help, value) in [
                (
                    "wiredesk_leases_held",
                    "Source leases a fetcher holds now.",
                    gauges.leases_held,
                ),
                (
                    "wiredesk_leases_expired",
                    "Source leases left behind past their time (their fetcher died; another takes the source over).",
                    gauges.leases_expired,
                ),
            ] {
                let _ = writeln!(out, "# HELP {name} {help}");
                let _ = writeln!(out, "# TYPE {name} gauge");
                let _ = writeln!(out, "{name} {value}");
            }
            // The fetchers' counters: fetches per worker, waits for a lock, leases lost.
            let mut fetches: BTreeMap<&str, i64> = BTreeMap::new();
            let mut waits: BTreeMap<&str, i64> = BTreeMap::new();
            let mut leases_lost = 0;
            for (_, name, value) in &gauges.counters {
                if let Some(worker) = name.strip_prefix(counter_names::FETCHES_PREFIX) {
                    *fetches.entry(worker).or_default() += value;
                } else if let Some(lock) = name.strip_suffix(counter_names::LOCK_WAITS_SUFFIX) {
                    *waits.entry(lock).or_default() += value;
                } else if name == counter_names::LEASES_LOST {
                    leases_lost += value;
                }
            }
            out.push_str(
                "# HELP wiredesk_fetches_total Source refreshes, by the worker that did them.\n",
            );
            out.push_str("# TYPE wiredesk_fetches_total counter\n");
            for (worker, value) in &fetches {
                let _ = writeln!(
                    out,
                    "wiredesk_fetches_total{{worker=\"{}\"}} {value}",
                    escape(worker)
                );
            }
            out.push_str("# HELP wiredesk_lock_waits_total Times a worker had to wait for a lock: a host's request slot (host) or the desk lock (desk).\n");
            out.push_str("# TYPE wiredesk_lock_waits_total counter\n");
            for (lock, value) in &waits {
                let _ = writeln!(
                    out,
                    "wiredesk_lock_waits_total{{lock=\"{}\"}} {value}",
                    escape(lock)
                );
            }
            out.push_str("# HELP wiredesk_leases_lost_total Refreshes whose commit was refused because another worker had taken the source over.\n");
            out.push_str("# TYPE wiredesk_leases_lost_total counter\n");
            let _ = writeln!(out, "wiredesk_leases_lost_total {leases_lost}");
            let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
            let mut today: BTreeMap<&str, i64> = BTreeMap::new();
            for (day, name, value) in gauges.counters.iter().filter(|(_, name, _)| {
                !name.starts_with(counter_names::FETCHES_PREFIX)
                    && !name.ends_with(counter_names::LOCK_WAITS_SUFFIX)
                    && name != counter_names::LEASES_LOST
            }) {
                *totals.entry(name.as_str()).or_default() += value;
                if *day == gauges.today {
                    *today.entry(name.as_str()).or_default() += value;
                }
            }
            out.push_str("# HELP wiredesk_desk_counter_total What the desk counted (language-model requests, errors, latency_ms, tokens, analysis sentences proposed, published and refused by gate), since the store began.\n");
            out.push_str("# TYPE wiredesk_desk_counter_total counter\n");
            for (name, value) in &totals {
                let _ = writeln!(
                    out,
                    "wiredesk_desk_counter_total{{name=\"{}\"}} {value}",
                    escape(name)
                );
            }
            out.push_str(
                "# HELP wiredesk_desk_counter_today The same counters for the current UTC day.\n",
            );
            out.push_str("# TYPE wiredesk_desk_counter_today gauge\n");
            for (name, value) in &today {
                let _ = writeln!(
                    out,
                    "wiredesk_desk_counter_today{{name=\"{}\"}} {value}",
                    escape(name)
                );
            }
            if let Some(budget) = gauges.analysis_budget {
                let used = today.get("model_requests").copied().unwrap_or(0).max(0) as u64;
                out.push_str("# HELP wiredesk_analysis_budget_remaining Language-model requests left today.\n");
                out.push_str("# TYPE wiredesk_analysis_budget_remaining gauge\n");
                let _ = writeln!(
                    out,
                    "wiredesk_analysis_budget_remaining {}",
                    budget.saturating_sub(used)
                );
            }
        }
        out
    }
}

/// Escapes a label value: backslash, double quote and line feed.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
