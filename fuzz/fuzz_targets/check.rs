//! Arbitrary bytes through load, check, lower and both renderers: nothing may panic.
//! (`tests/robustness.rs` runs a short proptest version of this on every `cargo test`.)

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the environment, so overlays are fuzzed too.
    let (env, text) = match data.split_first() {
        Some((b, rest)) => (
            [None, Some("prod"), Some("dev"), Some("nope")][usize::from(*b % 4)],
            rest,
        ),
        None => (None, data),
    };
    let text = String::from_utf8_lossy(text);
    let checked = twinform::check_source("fuzz.toml", &text, env);
    let _ = twinform::diag::render::human(&checked.diagnostics, &checked.located, true);
    let _ = twinform::diag::render::json_lines(&checked.diagnostics, &checked.located);
});
