//! Arbitrary bytes through load, check, lower and both renderers: nothing may panic.
//! (`tests/robust/` runs a short proptest version of this on every `cargo test`.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use twinform::diag::render::{self, Source};

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
    let source = Source {
        name: "fuzz.toml",
        text: &checked.located.text,
    };
    let _ = render::human(&checked.diagnostics, source, true);
    let _ = render::json_lines(&checked.diagnostics, source);
});
