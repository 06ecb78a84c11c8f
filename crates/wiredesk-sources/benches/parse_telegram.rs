//! Throughput of `telegram::parse_page` over the full recorded preview pages, as a plain `main`
//! (no criterion: one figure is all that is tracked, target >= 40 MiB/s in release).

use std::path::PathBuf;
use std::time::Instant;

const PAGES: [&str; 3] = [
    "any2feed__full.html",
    "sherlock__channel_feed.html",
    "prstnk__tg_channel_prstnk_eprst.html",
];

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/telegram");
    let mut pages = Vec::new();
    for name in PAGES {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => pages.push(text),
            Err(error) => {
                eprintln!("cannot read {}: {error}", path.display());
                std::process::exit(2);
            }
        }
    }
    let n_bytes: usize = pages.iter().map(String::len).sum();
    let iterations: usize = std::env::var("ITERATIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(200);

    // Warm up, and check the pages still parse into posts.
    let n_posts: usize = pages
        .iter()
        .map(|page| wiredesk_sources::telegram::parse_page(page).posts.len())
        .sum();
    assert!(n_posts > 0, "the benchmark pages yielded no posts");

    let start = Instant::now();
    let mut n_seen = 0usize;
    for _ in 0..iterations {
        for page in &pages {
            n_seen += std::hint::black_box(wiredesk_sources::telegram::parse_page(
                std::hint::black_box(page),
            ))
            .posts
            .len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mib = (n_bytes * iterations) as f64 / (1024.0 * 1024.0);
    println!(
        "telegram parse: {:.1} MiB/s ({n_bytes} bytes x {iterations} iterations, {seconds:.2} s; {n_seen} posts)",
        mib / seconds
    );
}
