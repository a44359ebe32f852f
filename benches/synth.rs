//! In-process synthesis time for generated specs of 3, 100, 300 and 1,000 services, both
//! targets. Prints figures; no assertions (targets are judged by people, not by a timed test).
//! Run: `cargo bench --bench synth` (whole-process figures and peak RSS: `benches/run.sh`).

use std::time::{Duration, Instant};
use twinform::{Options, synthetic};

fn measure(n: usize) -> (Duration, usize, usize) {
    let text = synthetic::spec_text(n);
    let options = Options::default();
    // Warm up, then take the median of several runs.
    let iterations = if n >= 300 { 7 } else { 21 };
    let mut times = Vec::with_capacity(iterations);
    let mut bytes = 0;
    for _ in 0..iterations + 1 {
        let start = Instant::now();
        let files = match twinform::synthesize("bench.toml", &text, &options) {
            Ok(s) => s.files,
            Err(checked) => panic!(
                "generated spec has errors: {:?}",
                checked.diagnostics.first()
            ),
        };
        times.push(start.elapsed());
        bytes = files.values().map(Vec::len).sum();
    }
    times.remove(0);
    times.sort();
    (times[times.len() / 2], text.len(), bytes)
}

fn main() {
    println!(
        "{:>9} {:>12} {:>12} {:>14}",
        "services", "spec bytes", "output bytes", "median synth"
    );
    let mut per_size = Vec::new();
    for n in [3, 100, 300, 1000] {
        let (time, spec, out) = measure(n);
        println!(
            "{n:>9} {spec:>12} {out:>12} {:>11.2} ms",
            time.as_secs_f64() * 1e3
        );
        per_size.push((n, time));
    }
    let t100 = per_size[1].1.as_secs_f64();
    let t1000 = per_size[3].1.as_secs_f64();
    println!(
        "growth 1000 vs 100 services: {:.1}x (linear would be 10x)",
        t1000 / t100
    );
}
