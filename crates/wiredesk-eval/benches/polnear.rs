//! `cargo bench -p wiredesk-eval --bench polnear`: the shipped attribution tagger's exact-match span
//! F1 on PolNeAR (CofeNet sentence-level dev and test) beside the published table, and its speed.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dataset =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/polnear");
    let started = Instant::now();
    match wiredesk_eval::polnear::polnear(&dataset) {
        Ok(report) => {
            let secs = started.elapsed().as_secs_f64();
            print!("{report}");
            println!(
                "tagged {} sentences in {secs:.2}s (model load included)",
                report.n_dev + report.n_test
            );
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    }
}
