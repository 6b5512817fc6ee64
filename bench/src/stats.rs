//! Medians, the only statistic the report uses: robust to the odd slow run on a noisy 2-core machine.

/// The median of `values` (the mean of the middle two for an even count); `NaN` for none.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|value| !value.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Seconds this thread has spent on a CPU so far (`CLOCK_THREAD_CPUTIME_ID`, to the nanosecond; the
/// scheduler's `/proc/thread-self/schedstat` only moves at each 4 ms tick here).
///
/// On a small machine shared with other work, a CPU-bound measurement taken as on-CPU time leaves out the spells
/// when the thread waited for a core, which wall-clock time counts and which vary from run to run.
pub fn thread_cpu_seconds() -> std::io::Result<f64> {
    Ok(cpu_time::ThreadTime::try_now()?.as_duration().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

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
