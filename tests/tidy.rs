//! Architecture invariants, enforced (rust-analyzer's tidy tests): ARCHITECTURE.md lists them, this
//! test fails when the code breaks one.
//!
//! - the CLI is the only I/O: no `std::fs`, `std::env`, printing or `dbg!` outside `src/cli/`
//!   and `src/main.rs`;
//! - no `HashMap`/`HashSet` in `src/emit/` or `src/output/` (their iteration order would reach
//!   the output);
//! - one direction: a module imports only from the layers below it (`LAYERS`);
//! - no source file over 600 lines.
//!
//! Each check is a function of (path, text), so the tests at the bottom plant a violation and
//! prove it is caught.

use std::path::{Path, PathBuf};

/// Top-level modules of the library from the bottom up; a module may import (`crate::m`) only
/// from a lower layer or its own. `lib.rs` sits above all of them, `src/cli/` (the binary) above
/// the library.
const LAYERS: &[&[&str]] = &[
    // Leaves: no crate imports.
    &[
        "diag", "names", "arn", "policy", "fargate", "quotas", "syntax",
    ],
    // Shared by `check` and `model`.
    &["routes", "load_balancers", "calls"],
    &["spec"],
    &["builder", "check"],
    &["model"],
    &["emit"],
    &["output"],
    &["review", "synthetic"],
];

const MAX_LINES: usize = 600;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a source path belongs to (`src/emit/kubernetes/mod.rs` → `emit`).
fn module_of(path: &Path) -> Option<String> {
    let relative = path.strip_prefix("src").ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The code of a file without its `#[cfg(test)]` module and comments: unit tests may read
/// files, and comments may name what the code must not use.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or_default()))
}

fn io_violations(path: &Path, text: &str) -> Vec<String> {
    let module = module_of(path).unwrap_or_default();
    if module == "cli" || module == "main" {
        return Vec::new();
    }
    const FORBIDDEN: &[&str] = &[
        "std::fs",
        "std::env",
        "print!(",
        "println!(",
        "eprint!(",
        "eprintln!(",
        "dbg!(",
        "std::io::stdout",
        "std::io::stderr",
        "SystemTime",
    ];
    code_lines(text)
        .flat_map(|(n, line)| {
            FORBIDDEN
                .iter()
                .filter(move |f| line.contains(*f))
                .map(move |f| format!("{}:{n}: `{f}` outside src/cli/", path.display()))
        })
        .collect()
}

fn hash_order_violations(path: &Path, text: &str) -> Vec<String> {
    let module = module_of(path).unwrap_or_default();
    if module != "emit" && module != "output" {
        return Vec::new();
    }
    code_lines(text)
        .filter(|(_, line)| line.contains("HashMap") || line.contains("HashSet"))
        .map(|(n, _)| {
            format!(
                "{}:{n}: a hash collection in {module}/ (its order would reach the output)",
                path.display()
            )
        })
        .collect()
}

fn layer_violations(path: &Path, text: &str) -> Vec<String> {
    let Some(module) = module_of(path) else {
        return Vec::new();
    };
    let Some(own) = layer_of(&module) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, line) in code_lines(text) {
        for (at, _) in line.match_indices("crate::") {
            let used: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            match layer_of(&used) {
                Some(layer) if layer > own || (layer == own && used != module) => {
                    out.push(format!(
                        "{}:{n}: `{module}` imports `crate::{used}`, which is not below it",
                        path.display()
                    ))
                }
                _ => {}
            }
        }
    }
    out
}

fn size_violations(path: &Path, text: &str) -> Vec<String> {
    let lines = text.lines().count();
    if lines > MAX_LINES {
        vec![format!(
            "{}: {lines} lines (split it by responsibility; at most {MAX_LINES})",
            path.display()
        )]
    } else {
        Vec::new()
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable source dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new("src"), &mut paths);
    paths.sort();
    assert!(paths.len() > 50, "the source tree was not found");
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("UTF-8 source");
            (p, text)
        })
        .collect()
}

fn assert_none(what: &str, check: fn(&Path, &str) -> Vec<String>) {
    let violations: Vec<String> = sources()
        .iter()
        .flat_map(|(path, text)| check(path, text))
        .collect();
    assert!(
        violations.is_empty(),
        "{what}:\n  {}",
        violations.join("\n  ")
    );
}

#[test]
fn the_cli_is_the_only_io() {
    assert_none("I/O outside the CLI", io_violations);
}

#[test]
fn no_hash_order_reaches_the_output() {
    assert_none(
        "hash collections in emit/ or output/",
        hash_order_violations,
    );
}

#[test]
fn modules_import_only_from_the_layers_below() {
    assert_none("imports against the layer order", layer_violations);
}

#[test]
fn every_top_level_module_has_a_layer() {
    for (path, _) in sources() {
        let module = module_of(&path).unwrap_or_default();
        assert!(
            layer_of(&module).is_some() || ["lib", "main", "cli"].contains(&module.as_str()),
            "{}: module `{module}` is missing from LAYERS",
            path.display()
        );
    }
}

#[test]
fn no_file_is_over_the_size_limit() {
    assert_none("files over the size limit", size_violations);
}

#[test]
fn planted_violations_are_caught() {
    let emit = Path::new("src/emit/kubernetes/mod.rs");
    let check = Path::new("src/check/rules/tf000_x.rs");
    let cli = Path::new("src/cli/write.rs");
    assert_eq!(io_violations(emit, "let t = std::fs::read(p);").len(), 1);
    assert_eq!(io_violations(check, "println!(\"x\");").len(), 1);
    assert!(io_violations(cli, "let t = std::fs::read(p);").is_empty());
    assert!(io_violations(emit, "// std::fs is not used here").is_empty());
    assert!(
        io_violations(
            emit,
            "#[cfg(test)]\nmod t { fn f() { std::fs::read(\"x\"); } }"
        )
        .is_empty()
    );
    assert_eq!(
        hash_order_violations(emit, "use std::collections::HashMap;").len(),
        1
    );
    assert!(hash_order_violations(check, "use std::collections::HashMap;").is_empty());
    assert_eq!(
        layer_violations(Path::new("src/model/mod.rs"), "use crate::emit::x;").len(),
        1
    );
    assert_eq!(
        layer_violations(Path::new("src/names.rs"), "use crate::routes;").len(),
        1
    );
    assert_eq!(layer_violations(check, "use crate::builder::App;").len(), 1);
    assert!(layer_violations(check, "use crate::spec::Spec;").is_empty());
    assert!(layer_violations(check, "use crate::check::Context;").is_empty());
    let long = "x\n".repeat(MAX_LINES + 1);
    assert_eq!(size_violations(emit, &long).len(), 1);
}
