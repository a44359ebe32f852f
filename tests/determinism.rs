//! The same input gives the same bytes on every run and whatever the threads do: a large spec
//! (rendered on two threads) synthesized sequentially and from several threads at once.

use twinform::{Options, synthetic};

#[test]
fn output_is_identical_across_runs_and_threads() {
    let text = synthetic::spec_text(120);
    let options = Options::default();
    let synth = || {
        twinform::synthesize("bench.toml", &text, &options)
            .map(|s| s.files)
            .ok()
    };
    let first = synth().expect("the generated spec is valid");
    assert!(first.len() > 100);
    assert_eq!(synth().as_ref(), Some(&first));
    let parallel: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(synth)).collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    for files in parallel {
        assert_eq!(files.as_ref(), Some(&first));
    }
}
