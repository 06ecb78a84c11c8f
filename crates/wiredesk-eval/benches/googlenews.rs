//! Release-mode GoogleNews run: `cargo bench -p wiredesk-eval --bench googlenews` prints NMI,
//! B-cubed and throughput of the pipeline's clusterer beside the published figures.

fn main() {
    let dataset_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/googlenews-stories");
    match wiredesk_eval::googlenews::googlenews(&dataset_dir) {
        Ok(reports) => {
            for report in reports {
                println!("{report}\n");
            }
        }
        Err(error) => {
            eprintln!("googlenews: {error}");
            std::process::exit(2);
        }
    }
}
