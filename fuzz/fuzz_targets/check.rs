//! Arbitrary bytes through load, check, lower, both diagnostic renderers and, when the spec is
//! valid, both output targets in both formats: nothing may panic.
//! (`tests/robust/` runs a proptest version of this on every `cargo test`.)
//!
//! `fuzz/seed.sh` seeds the corpus with the examples so mutations start from real specs; on
//! stable, `RUSTC_BOOTSTRAP=1 cargo fuzz run check fuzz/corpus/check` (see README, Development).

#![no_main]

use libfuzzer_sys::fuzz_target;
use twinform::diag::render::{self, Source};
use twinform::{Format, Targets};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the environment (overlays are fuzzed too) and the output format.
    let (env, format, text) = match data.split_first() {
        Some((b, rest)) => (
            [None, Some("prod"), Some("dev"), Some("nope")][usize::from(*b % 4)],
            if b & 4 == 0 { Format::Yaml } else { Format::Json },
            rest,
        ),
        None => (None, Format::Yaml, data),
    };
    let text = String::from_utf8_lossy(text);
    let checked = twinform::check_source("fuzz.toml", &text, env);
    let source = Source {
        name: "fuzz.toml",
        text: &checked.located.text,
    };
    let _ = render::human(&checked.diagnostics, source, true);
    let _ = render::json_lines(&checked.diagnostics, source);
    if let Some(model) = &checked.model {
        let _ = twinform::output::render(model, Targets::default(), format, None);
    }
});
