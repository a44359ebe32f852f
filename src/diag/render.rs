//! Renderers: human (annotate-snippets) and JSON. Filled in by the diagnostics work.
