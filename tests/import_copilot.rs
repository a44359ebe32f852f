//! `twinform import copilot` on the three Copilot workspaces in `tests/import/copilot/` (a web
//! app with a backend and a worker, a payments app with a path route, alias, arm64, request
//! scaling and a scheduled job, and a minimal chat app). Each import is snapshotted, and its
//! spec must pass `twinform check` and synthesize in the base and every environment.

use std::path::{Path, PathBuf};
use twinform::diag;
use twinform::import::copilot::{self, File, Input};

fn root(app: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import/copilot")
        .join(app)
        .join("copilot")
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|e| {
            e.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The input the CLI builds for `twinform import copilot tests/import/copilot/APP`.
fn input(app: &str, account: bool) -> Input {
    let root = root(app);
    let manifests = subdirs(&root)
        .into_iter()
        .filter(|d| !d.ends_with("environments"))
        .map(|d| {
            let path = d.join("manifest.yml");
            let name = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            File {
                name,
                text: std::fs::read_to_string(&path).expect("manifest"),
            }
        })
        .collect();
    let environments = subdirs(&root.join("environments"))
        .iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    Input {
        source: format!("tests/import/copilot/{app}/copilot/"),
        manifests,
        app: Some(app.to_owned()),
        environments,
        account: account.then(|| "123456789012".to_owned()),
        region: account.then(|| "us-east-1".to_owned()),
    }
}

const APPS: [&str; 3] = ["bookstore", "payments", "chat"];

#[test]
fn every_workspace_is_snapshotted_passes_check_and_synthesizes_in_every_environment() {
    for app in APPS {
        let input = input(app, true);
        let imported = copilot::import(&input).unwrap_or_else(|d| panic!("{app}: {d:#?}"));
        let envs =
            std::iter::once(None).chain(imported.spec.environments.keys().map(|e| Some(e.clone())));
        for env in envs {
            let checked = twinform::check_source("imported.toml", &imported.text, env.as_deref());
            let errors: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{app} {env:?}: {errors:#?}");
            let options = twinform::Options {
                env: env.clone(),
                ..twinform::Options::default()
            };
            twinform::synthesize("imported.toml", &imported.text, &options)
                .unwrap_or_else(|_| panic!("{app} {env:?}: does not synthesize"));
        }
        let mut warnings = String::new();
        for (i, file) in input.manifests.iter().enumerate() {
            let own: Vec<_> = imported
                .diagnostics
                .iter()
                .filter(|d| d.file == i)
                .map(|d| d.diagnostic.clone())
                .collect();
            let source = diag::render::Source {
                name: &file.name,
                text: &file.text,
            };
            warnings.push_str(&diag::render::plain(&own, source));
        }
        let report = format!("{}\n---- warnings ----\n{warnings}", imported.text);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(format!("import_copilot_{app}"), report));
    }
}

#[test]
fn environment_overrides_become_overlays() {
    let imported = copilot::import(&input("bookstore", true)).expect("imports");
    let prod = &imported.spec.environments["prod"].services["frontend"].0;
    assert_eq!(
        (prod.cpu, prod.memory, prod.replicas),
        (Some(1024), Some(2048), Some(4))
    );
    let test = &imported.spec.environments["test"].services["frontend"].0;
    assert_eq!(test.env.get("LOG_LEVEL").map(String::as_str), Some("debug"));
    // Only what the environment changes is in the overlay.
    assert_eq!(test.image, None);
    // A fixed count in the manifest and a range in one environment: the base is the range N-N.
    let chat = copilot::import(&input("chat", true)).expect("imports");
    let web = &chat.spec.services["web"];
    assert_eq!(web.replicas, None);
    let base = web.autoscale.as_ref().expect("autoscale");
    assert_eq!((base.min, base.max), (Some(1), Some(1)));
    let dev = chat.spec.environments["dev"].services["web"]
        .0
        .autoscale
        .as_ref()
        .expect("dev");
    assert_eq!((dev.max, dev.cpu), (Some(3), Some(50)));
}

#[test]
fn ssm_names_need_account_and_region_and_secrets_manager_names_are_refused() {
    let with = copilot::import(&input("bookstore", true)).expect("imports");
    assert_eq!(
        with.spec.services["frontend"].secrets["SESSION_KEY"],
        "arn:aws:ssm:us-east-1:123456789012:parameter/bookstore/session-key"
    );
    // A Secrets Manager name has no complete ARN (random suffix): never guessed.
    assert!(
        !with.spec.services["api"]
            .secrets
            .contains_key("DB_PASSWORD")
    );
    let without = copilot::import(&input("bookstore", false)).expect("imports");
    assert!(without.spec.services["frontend"].secrets.is_empty());
    assert!(
        without
            .diagnostics
            .iter()
            .any(|d| d.diagnostic.message.contains("--account and --region"))
    );
}

#[test]
fn a_scheduled_job_becomes_a_job() {
    let imported = copilot::import(&input("payments", true)).expect("imports");
    assert!(!imported.spec.services.contains_key("nightly"));
    let job = &imported.spec.jobs["nightly"];
    // `@every 6h` is EventBridge's and twinform's `rate(6 hours)`; retries are capped at 6.
    assert_eq!(job.schedule.as_deref(), Some("rate(6 hours)"));
    assert_eq!((job.timeout, job.retries), (Some(5400), Some(6)));
    assert_eq!(job.command.as_ref().map(Vec::len), Some(3));
    assert_eq!(
        imported.spec.services["gateway"].route.as_deref(),
        Some("/api")
    );
    assert_eq!(
        imported.spec.services["gateway"].host.as_deref(),
        Some("pay.example.com")
    );
}

#[test]
fn cli_refuses_a_directory_without_copilot() {
    let tmp = tempfile::tempdir().expect("tmp");
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
        .args([
            "import",
            "copilot",
            &tmp.path().display().to_string(),
            "--out",
            "-",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no copilot/ directory"));
}
