//! Coarse, uneven jobs on every core: the stories a pass touches, the briefs it writes.
//!
//! Hand-written on scoped threads and an atomic counter rather than a pool crate: a pass has a
//! handful to a few hundred jobs of very different sizes (a story of ten posts, one of two
//! thousand), which needs only largest-first scheduling, no work stealing, and no new
//! dependency.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `build(job)` for every job, on as many threads as the machine has cores (at most one per
/// job), largest jobs first by `size` so that one big job does not finish last alone. The
/// results come back in the jobs' order, whatever order they were built in. A panic in a job
/// panics the caller, as it would have run on the caller's thread.
pub fn in_parallel<J: Sync, T: Send>(
    jobs: &[J],
    size: impl Fn(&J) -> usize,
    build: impl Fn(&J) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(&build).collect();
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&idx| std::cmp::Reverse(size(&jobs[idx])));
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, T)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(&idx) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push((idx, build(&jobs[idx])));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut results: Vec<Option<T>> = (0..jobs.len()).map(|_| None).collect();
    for (idx, result) in done.into_iter().flatten() {
        results[idx] = Some(result);
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn results_come_back_in_the_jobs_order() {
        let jobs: Vec<usize> = (0..200).map(|n| (n * 37) % 101).collect();
        let squares = in_parallel(&jobs, |&n| n, |&n| n * n);
        let expected: Vec<usize> = jobs.iter().map(|&n| n * n).collect();
        assert_eq!(squares, expected);
    }

    #[test]
    fn no_jobs_no_results() {
        let jobs: Vec<u8> = Vec::new();
        assert!(in_parallel(&jobs, |_| 0, |&n| n).is_empty());
    }

    #[test]
    #[should_panic(expected = "job 7 failed")]
    fn a_panic_in_a_job_reaches_the_caller() {
        let jobs: Vec<usize> = (0..16).collect();
        in_parallel(
            &jobs,
            |_| 1,
            |&n| {
                assert!(n != 7, "job 7 failed");
                n
            },
        );
    }
}
