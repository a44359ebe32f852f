//! The imported spec as TOML, with comments where a value was guessed or adjusted: the spec is
//! serialized as every spec is (`builder::to_toml`), then the comments are attached to its keys
//! with `toml_edit`, so no TOML is assembled by hand.

use crate::spec::Spec;
use toml_edit::{DocumentMut, Item};

/// `tool` names the importer in the header (`compose`, `copilot`).
pub fn render(spec: &Spec, notes: &[(Vec<String>, String)], source: &str, tool: &str) -> String {
    let text = crate::builder::to_toml(spec);
    let Ok(mut doc) = text.parse::<DocumentMut>() else {
        // The builder's text is valid TOML; should it ever not be, it is still the spec.
        return text;
    };
    doc.decor_mut().set_prefix(format!(
        "# Imported from {source} by `twinform import {tool}`.\n\
         # Review the comments: they mark values that were guessed or adjusted, and every\n\
         # key that does not map was reported as a warning.\n\n"
    ));
    for (path, note) in notes {
        attach(&mut doc, path, note);
    }
    doc.to_string()
}

/// `note` as `# ` lines of at most about 100 characters.
fn comment(note: &str) -> String {
    let mut out = String::new();
    for line in note.lines() {
        let mut current = String::from("#");
        for word in line.split(' ') {
            if current.len() > 1 && current.len() + word.len() > 98 {
                out.push_str(&current);
                out.push('\n');
                current = String::from("#");
            }
            current.push(' ');
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

/// Attaches `note` above the key at `path`, or above the nearest table holding it.
fn attach(doc: &mut DocumentMut, path: &[String], note: &str) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut table = doc.as_table_mut();
    for key in parents {
        match table.get_mut(key) {
            Some(Item::Table(child)) => table = child,
            _ => return,
        }
    }
    let is_table = matches!(table.get(last), Some(Item::Table(_)));
    if is_table {
        if let Some(Item::Table(child)) = table.get_mut(last) {
            let prefix = child
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("\n")
                .to_owned();
            child
                .decor_mut()
                .set_prefix(format!("{prefix}{}", comment(note)));
        }
        return;
    }
    if let Some(mut key) = table.key_mut(last) {
        let prefix = key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_owned();
        key.leaf_decor_mut()
            .set_prefix(format!("{prefix}{}", comment(note)));
    } else {
        // The key is not written (a secret left out): the note goes above the table itself.
        let prefix = table
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("\n")
            .to_owned();
        table
            .decor_mut()
            .set_prefix(format!("{prefix}{}", comment(note)));
    }
}
