//! Throughput of `feed::parse_feed` over every file in `shared/fixtures/feeds/` (broken ones
//! included), as a plain `main` (no criterion: one figure is tracked, target >= 30 MiB/s in
//! release).

use std::path::PathBuf;
use std::time::Instant;

use chrono::{TimeZone, Utc};

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/feeds");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("cannot read {}: {error}", dir.display());
            std::process::exit(2);
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "MANIFEST.tsv" {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((name, bytes)),
            Err(error) => {
                eprintln!("cannot read {name}: {error}");
                std::process::exit(2);
            }
        }
    }
    files.sort();
    let fetched_at = Utc
        .with_ymd_and_hms(2026, 7, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let parse = |name: &str, bytes: &[u8]| {
        let url = format!("https://feeds.example/{name}");
        wiredesk_sources::feed::parse_feed(bytes, None, &url, fetched_at)
    };

    let n_bytes: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();
    let iterations: usize = std::env::var("ITERATIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100);

    // Warm up, and check the fixtures still yield posts.
    let n_posts: usize = files
        .iter()
        .filter_map(|(name, bytes)| parse(name, bytes).ok())
        .map(|feed| feed.posts.len())
        .sum();
    assert!(n_posts > 0, "the benchmark feeds yielded no posts");

    let start = Instant::now();
    let mut n_seen = 0usize;
    for _ in 0..iterations {
        for (name, bytes) in &files {
            if let Ok(feed) = std::hint::black_box(parse(name, std::hint::black_box(bytes))) {
                n_seen += feed.posts.len();
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mib = (n_bytes * iterations) as f64 / (1024.0 * 1024.0);
    println!(
        "feed parse: {:.1} MiB/s ({} files, {n_bytes} bytes x {iterations} iterations, {seconds:.2} s; {n_seen} posts)",
        mib / seconds,
        files.len()
    );
}
