//! Throughput of the whole chain — normalize, dedupe, cluster, attribute, origins, frames,
//! ledger — on the GoogleNews set (11,109 short texts), measured with a monotonic clock.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use wiredesk_analysis::stories::{PostInput, build_stories};

use crate::cluster_jsonl::{JsonlError, read_lines};

pub struct ThroughputReport {
    pub n_posts: usize,
    pub n_stories: usize,
    pub seconds: f64,
}

impl fmt::Display for ThroughputReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Throughput: normalize → dedupe → cluster → attribute → origins → frames → ledger (GoogleNews T)"
        )?;
        write!(
            f,
            "  {} posts in {:.2} s = {:.0} posts/s, {} stories (goal: all 11,109 in under 2 s)",
            self.n_posts,
            self.seconds,
            self.n_posts as f64 / self.seconds.max(1e-9),
            self.n_stories
        )
    }
}

pub fn throughput(dataset_dir: &Path) -> Result<ThroughputReport, JsonlError> {
    let lines = read_lines(&dataset_dir.join("gsdmm_T.jsonl"), Some("text"), None)?;
    let inputs: Vec<PostInput> = lines
        .iter()
        .map(|line| PostInput {
            post: &line.post,
            source_name: "GoogleNews",
        })
        .collect();
    let now = Utc
        .with_ymd_and_hms(2000, 1, 2, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let started = Instant::now();
    let update = build_stories(&inputs, &[], now);
    let seconds = started.elapsed().as_secs_f64();
    Ok(ThroughputReport {
        n_posts: lines.len(),
        n_stories: update.stories.len(),
        seconds,
    })
}
