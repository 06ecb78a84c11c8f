//! `wiredesk bench`: the newsroom benchmark (`wiredesk_jobs::bench`). For each size it builds
//! the store in this process, then re-executes itself to run the passes, so the peak RSS printed
//! is that of the desk during the passes, not of the build. The passes' log goes to stderr:
//! `RUST_LOG=wiredesk_jobs=info` shows each pass's phases (load, chain, store, briefs).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use wiredesk_jobs::bench::{PassTimes, build, passes, read_texts};

use crate::Outcome;

pub async fn run(
    sizes: &str,
    n_feeds: usize,
    datasets: &Path,
    keep: Option<&Path>,
    passes_on: Option<&str>,
) -> anyhow::Result<Outcome> {
    let texts = read_texts(&datasets.join("googlenews-stories/gsdmm_TS.jsonl"))
        .context("the benchmark's texts")?;
    let sizes: Vec<usize> = sizes
        .split(',')
        .map(|size| size.trim().replace('_', "").parse::<usize>())
        .collect::<Result<_, _>>()
        .context("--posts: comma-separated numbers")?;
    if n_feeds == 0 || sizes.iter().any(|&size| size < n_feeds) {
        bail!("--feeds must be at least 1 and no more than the posts of each size");
    }
    if let Some(store_url) = passes_on {
        // The child: the passes only, their figures as one JSON line.
        let times = passes(store_url, sizes[0], n_feeds, &texts).await?;
        println!("{}", serde_json::to_string(&times)?);
        return Ok(Outcome::Ok);
    }
    println!(
        "newsroom benchmark: {n_feeds} feeds, posts over 30 days (about half in the 14-day window), texts from GoogleNews TS"
    );
    println!(
        "{:>10} {:>7} {:>11} {:>16} {:>16} {:>10} {:>12} {:>9}",
        "stored",
        "new",
        "first pass",
        "pass after fetch",
        "after 100 new",
        "idle pass",
        "idle commit",
        "peak RSS"
    );
    let exe = std::env::current_exe().context("the benchmark re-executes itself")?;
    for &n_posts in &sizes {
        let dir =
            std::env::temp_dir().join(format!("wiredesk-bench-{}-{n_posts}", std::process::id()));
        std::fs::create_dir_all(&dir).context("a temporary directory")?;
        let store_path = dir.join("bench.db");
        let store_url = format!("sqlite://{}", store_path.display());
        let built = std::time::Instant::now();
        match keep {
            Some(keep) => {
                // A kept store is built once per size and feed count; the passes write to a copy.
                std::fs::create_dir_all(keep).context("the --keep directory")?;
                let kept = keep.join(format!("bench-{n_posts}-{n_feeds}.db"));
                if !kept.exists() {
                    let building = keep.join(format!("bench-{n_posts}-{n_feeds}.building.db"));
                    let _ = std::fs::remove_file(&building);
                    build(
                        &format!("sqlite://{}", building.display()),
                        n_posts,
                        n_feeds,
                        &texts,
                    )
                    .await?;
                    move_sqlite(&building, &kept)?;
                }
                copy_sqlite(&kept, &store_path)?;
            }
            None => build(&store_url, n_posts, n_feeds, &texts).await?,
        }
        let build_secs = built.elapsed().as_secs_f64();
        let output = Command::new(&exe)
            .args([
                "bench",
                "--posts",
                &n_posts.to_string(),
                "--feeds",
                &n_feeds.to_string(),
                "--datasets",
            ])
            .arg(datasets)
            .args(["--passes-on", &store_url])
            .stderr(std::process::Stdio::inherit())
            .output()
            .context("running the passes")?;
        let _ = std::fs::remove_dir_all(&dir);
        if !output.status.success() {
            bail!("the passes failed ({})", output.status);
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let times: PassTimes = stdout
            .lines()
            .find_map(|line| serde_json::from_str(line).ok())
            .context("the passes' figures")?;
        println!(
            "{:>10} {:>7} {:>10.2}s {:>15.2}s {:>15.2}s {:>9.3}s {:>11.3}s {:>5} MiB   (store built in {build_secs:.1}s; the passes after the fetches analysed {} and {} posts)",
            times.n_stored,
            times.n_new,
            times.initial_secs,
            times.after_fetch_secs,
            times.after_small_fetch_secs,
            times.idle_secs,
            times.idle_commit_secs,
            times
                .peak_rss_kib
                .map_or_else(|| "?".to_string(), |kib| (kib / 1024).to_string()),
            times.analysed[0],
            times.analysed[1],
        );
    }
    Ok(Outcome::Ok)
}

/// A SQLite store's files: the database and, in WAL mode, its log and shared-memory index.
fn sqlite_files(path: &Path) -> [std::path::PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Renames a store's files (the ones that exist).
fn move_sqlite(from: &Path, to: &Path) -> anyhow::Result<()> {
    for (from, to) in sqlite_files(from).iter().zip(sqlite_files(to).iter()) {
        if from.exists() {
            std::fs::rename(from, to).context("keeping the built store")?;
        }
    }
    Ok(())
}

/// Copies a store's files (the ones that exist).
fn copy_sqlite(from: &Path, to: &Path) -> anyhow::Result<()> {
    for (from, to) in sqlite_files(from).iter().zip(sqlite_files(to).iter()) {
        if from.exists() {
            std::fs::copy(from, to).context("copying the kept store")?;
        }
    }
    Ok(())
}
