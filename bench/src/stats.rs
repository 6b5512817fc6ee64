//! What the measured programs count: the thread's CPU time, and medians of the runs.

pub use alfadocs_bench_stats::median;

/// Seconds this thread has spent on a CPU so far (`CLOCK_THREAD_CPUTIME_ID`, to the nanosecond; the
/// scheduler's `/proc/thread-self/schedstat` only moves at each 4 ms tick here).
///
/// On a small machine shared with other work, a CPU-bound measurement taken as on-CPU time leaves out the spells
/// when the thread waited for a core, which wall-clock time counts and which vary from run to run.
pub fn thread_cpu_seconds() -> std::io::Result<f64> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Ok(now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_time_advances_with_work() {
        let before = super::thread_cpu_seconds().unwrap();
        let mut x = 0_u64;
        for i in 0..50_000_000_u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        assert!(super::thread_cpu_seconds().unwrap() > before);
    }
}
