//! Prints a generated spec of N services (default 100): `cargo run --example generate -- 300`.
//! Used by `benches/run.sh`; the same generator (`twinform::synthetic`) feeds the benchmarks and
//! the scale tests.

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    print!("{}", twinform::synthetic::spec_text(n));
}
