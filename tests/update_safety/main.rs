//! The update-safety suite: what the second deploy and every one after does. For each example
//! × environment and a set of typical edits, both sides are synthesized and `twinform diff`
//! classifies every change; each edit asserts the classification it expects and that no FAILS
//! appears that it does not expect. Planted violations prove that the unique-key detection
//! catches what it must; the layout tests cross the nested-stack thresholds; the table tests
//! keep the generated create-only table complete and pinned.

mod edits;
mod edits_network;
mod edits_strategies;
mod harness;
mod layout;
mod planted;
mod spec_edit;
mod table;
