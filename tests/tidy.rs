//! Architecture invariants, enforced (rust-analyzer's tidy tests): ARCHITECTURE.md lists them, this
//! test fails when the code breaks one.
//!
//! - the CLI is the only I/O: no `std::fs`, `std::env`, printing or `dbg!` outside `src/cli/`
//!   and `src/main.rs`;
//! - no `HashMap`/`HashSet` in `src/emit/` or `src/output/` (their iteration order would reach
//!   the output);
//! - one direction: a module imports only from the layers below it (`LAYERS`), and so does a
//!   sub-module of the emitters among its siblings (`SUB_LAYERS`);
//! - emitters never default model data: no `unwrap_or…`/`map_or…` in `src/emit/` (a value the
//!   model lacks is a model type that is too loose; a conversion that is not model data says
//!   so with `tidy: not model data` on its line);
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
    // `cost` prices the model, beside the emitters that read it.
    &["emit", "cost"],
    &["output"],
    &["parity"],
    &["review", "synthetic", "import"],
];

/// Sub-module layers of the module directories that have their own order, bottom up: a file
/// may name a sibling (`super::x`, `super::super::x`, `crate::emit::cloudformation::x`) only in a
/// lower layer, or itself. `mod` stands for the directory's `mod.rs` (and items defined in it),
/// which sits on top.
const SUB_LAYERS: &[(&str, &[&[&str]])] = &[
    (
        "src/emit/cloudformation",
        &[
            &["intrinsic"],
            // Typed properties, one file per AWS namespace; they may use each other.
            &["resources"],
            &["template"],
            &["ids", "refs"],
            &["scope"],
            // Builders, each above what it calls.
            &["network"],
            &["cluster"],
            &["iam"],
            &["edge"],
            &["load_balancer"],
            &["task"],
            &["scaling_queue"],
            &["scaling"],
            &["service"],
            &["job", "eks"],
            // Layouts.
            &["layout"],
            &["nested"],
            &["mod"],
        ],
    ),
    (
        "src/emit/kubernetes",
        &[
            &["labels", "container"],
            &["crds", "storage"],
            &["sidecars"],
            &["workload"],
            &["rollout"],
            &["networking", "scaling", "cronjob"],
            &["keda"],
            &["mod"],
        ],
    ),
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

/// What lets an emitter fill in a value the model left out.
const DEFAULTING: &[&str] = &[".unwrap_or", ".map_or("];
/// The marker of a line whose fallback is not model data (a saturating conversion, the
/// serialization of a constant).
const NOT_MODEL_DATA: &str = "tidy: not model data";

fn default_violations(path: &Path, text: &str) -> Vec<String> {
    if module_of(path).as_deref() != Some("emit") {
        return Vec::new();
    }
    let marked: Vec<bool> = text.lines().map(|l| l.contains(NOT_MODEL_DATA)).collect();
    code_lines(text)
        .filter(|(n, _)| !marked.get(n - 1).copied().unwrap_or(false))
        .flat_map(|(n, line)| {
            DEFAULTING
                .iter()
                .filter(move |d| line.contains(*d))
                .map(move |d| {
                    format!(
                        "{}:{n}: `{d}` in an emitter (defaulting model data: make the model say it)",
                        path.display()
                    )
                })
        })
        .collect()
}

/// The one module holding hand-written Kubernetes kinds (those k8s-openapi lacks); everything
/// else in the Kubernetes emitter builds k8s-openapi types. `mod.rs` derives only the
/// `KubeObject` envelope that serializes them.
const CRD_MODULE: &str = "src/emit/kubernetes/crds.rs";

fn hand_written_kind_violations(path: &Path, text: &str) -> Vec<String> {
    let file = path.to_string_lossy().replace('\\', "/");
    if !file.starts_with("src/emit/kubernetes/") || file == CRD_MODULE {
        return Vec::new();
    }
    let envelope = file == "src/emit/kubernetes/mod.rs";
    let mut derives = code_lines(text)
        .filter(|(_, line)| line.contains("derive(") && line.contains("Serialize"))
        .map(|(n, _)| {
            format!(
                "{}:{n}: a serialized struct outside {CRD_MODULE}",
                path.display()
            )
        });
    if envelope {
        derives.next();
    }
    derives.collect()
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

/// The sub-module a file of `root` belongs to, and its module path below `root`
/// (`resources/ecs.rs` → `resources`, `[resources, ecs]`; `mod.rs` → `mod`, `[]`).
fn sub_module_of(root: &str, path: &Path) -> Option<(String, Vec<String>)> {
    let relative = path.strip_prefix(root).ok()?;
    let mut segments: Vec<String> = relative
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .map(|c| c.trim_end_matches(".rs").to_owned())
        .collect();
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    let own = segments
        .first()
        .cloned()
        .unwrap_or_else(|| "mod".to_owned());
    Some((own, segments))
}

/// The identifiers a path continues with: `x::…` → `[x]`, `{a, b::c}` → `[a, b]`.
fn names_after(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let (mut names, mut depth, mut start) = (Vec::new(), 0, true);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && depth == 0 && !c.is_whitespace() => {
                names.push(ident(&group[i..]));
                start = false;
            }
            _ => {}
        }
    }
    names
}

fn sub_layer_violations(path: &Path, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (root, layers) in SUB_LAYERS {
        let Some((own, segments)) = sub_module_of(root, path) else {
            continue;
        };
        let layer_of = |m: &str| layers.iter().position(|layer| layer.contains(&m));
        let Some(own_layer) = layer_of(&own) else {
            continue;
        };
        let code: String = code_lines(text)
            .map(|(_, line)| line)
            .collect::<Vec<_>>()
            .join("\n");
        let absolute = format!("{}::", root.trim_start_matches("src/").replace('/', "::"));
        let absolute = format!("crate::{absolute}");
        // (byte offset, sibling named) for every path into the directory.
        let mut used: Vec<(usize, String)> = Vec::new();
        for (at, _) in code.match_indices(&absolute) {
            for name in names_after(&code[at + absolute.len()..]) {
                used.push((at, name));
            }
        }
        for (at, _) in code.match_indices("super::") {
            if code[..at].ends_with("super::") {
                continue; // the tail of a `super::super::` chain
            }
            let mut rest = &code[at..];
            let mut up = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                rest = r;
                up += 1;
            }
            // `super::` in `[a, b]` is `a`; past the directory it is not a sibling.
            let Some(base) = segments.len().checked_sub(up) else {
                continue;
            };
            for name in names_after(rest) {
                // `super::template(…)` calls the function in `mod.rs`, not the module.
                let called = rest[name.len()..].starts_with('(');
                let name = if called { "mod".to_owned() } else { name };
                let first = segments.get(..base).and_then(|s| s.first().cloned());
                used.push((at, first.unwrap_or(name)));
            }
        }
        for (at, name) in used {
            if name.is_empty() || name == "self" {
                continue;
            }
            // A name that is no sibling is an item of the directory's `mod.rs`.
            let (sibling, layer) = match layer_of(&name) {
                Some(layer) => (name, layer),
                None => ("mod".to_owned(), layers.len() - 1),
            };
            if layer > own_layer || (layer == own_layer && sibling != own) {
                let n = code[..at].matches('\n').count() + 1;
                out.push(format!(
                    "{}:{n}: `{own}` uses `{sibling}`, which is not below it in {root}/",
                    path.display()
                ));
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
    rust_files(&["src"])
}

/// Every `.rs` file under the given roots, in path order, with its text.
fn rust_files(roots: &[&str]) -> Vec<(PathBuf, String)> {
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
    for root in roots {
        walk(Path::new(root), &mut paths);
    }
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
fn emitters_never_default_model_data() {
    assert_none("defaults in emit/", default_violations);
}

#[test]
fn modules_import_only_from_the_layers_below() {
    assert_none("imports against the layer order", layer_violations);
}

#[test]
fn emitter_sub_modules_import_only_from_the_layers_below() {
    assert_none(
        "imports against the emitters' sub-module layer order",
        sub_layer_violations,
    );
}

#[test]
fn every_emitter_sub_module_has_a_layer() {
    for (path, _) in sources() {
        for (root, layers) in SUB_LAYERS {
            if let Some((own, _)) = sub_module_of(root, &path) {
                assert!(
                    layers.iter().any(|layer| layer.contains(&own.as_str())),
                    "{}: `{own}` is missing from SUB_LAYERS for {root}",
                    path.display()
                );
            }
        }
    }
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
    // Tests too: a test file past the limit hides what it covers as much as a module does.
    let violations: Vec<String> = rust_files(&["src", "tests", "benches", "examples"])
        .iter()
        .flat_map(|(path, text)| size_violations(path, text))
        .collect();
    assert!(
        violations.is_empty(),
        "files over the size limit:\n  {}",
        violations.join("\n  ")
    );
}

#[test]
fn hand_written_kubernetes_kinds_live_in_one_module() {
    assert_none(
        "hand-written Kubernetes kinds outside crds.rs",
        hand_written_kind_violations,
    );
}

#[path = "tidy/planted.rs"]
mod planted;

/// `eprint!` panics when stderr is closed (`2>&1 | head`); the CLI writes through
/// `cli::stderr`, which drops the text instead, so the exit code survives.
fn panicking_stderr_violations(path: &Path, text: &str) -> Vec<String> {
    code_lines(text)
        .filter(|(_, line)| line.contains("eprint!(") || line.contains("eprintln!("))
        .map(|(n, _)| format!("{}:{n}: eprint! (use cli::stderr)", path.display()))
        .collect()
}

#[test]
fn stderr_is_written_without_panicking() {
    assert_none("eprint! in the sources", panicking_stderr_violations);
    let cli = Path::new("src/cli/mod.rs");
    assert_eq!(
        panicking_stderr_violations(cli, "eprintln!(\"x\");").len(),
        1
    );
    assert!(panicking_stderr_violations(cli, "stderr(&format!(\"x\\n\"));").is_empty());
}
