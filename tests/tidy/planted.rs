//! Each tidy rule, shown failing on a planted violation (and passing on the allowed forms), so
//! a rule that can no longer fail is noticed.

use super::*;

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
    // A KEDA struct back in keda.rs; crds.rs and the KubeObject envelope are allowed.
    let derive = "#[derive(Debug, Serialize)]\nstruct ScaledObject {}";
    let kube = |file: &str| PathBuf::from(format!("src/emit/kubernetes/{file}"));
    assert_eq!(
        hand_written_kind_violations(&kube("keda.rs"), derive).len(),
        1
    );
    assert!(hand_written_kind_violations(&kube("crds.rs"), derive).is_empty());
    assert!(hand_written_kind_violations(emit, derive).is_empty());
    assert_eq!(
        hand_written_kind_violations(emit, &format!("{derive}\n{derive}")).len(),
        1
    );
    // The skip this model removed, planted back; a lookup in check is fine.
    let service = Path::new("src/emit/cloudformation/service.rs");
    assert_eq!(
        default_violations(service, "let port = service.port.unwrap_or(80);").len(),
        1
    );
    assert_eq!(
        default_violations(service, "let path = s.route.map_or(\"/\", |r| &r.path);").len(),
        1
    );
    assert!(
        default_violations(
            service,
            "i32::try_from(v).unwrap_or(i32::MAX) // tidy: not model data"
        )
        .is_empty()
    );
    assert!(default_violations(check, "let port = s.port.unwrap_or(80);").is_empty());
    assert!(
        default_violations(
            service,
            "#[cfg(test)]\nmod t { fn f() { x.unwrap_or_default(); } }"
        )
        .is_empty()
    );
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
    let cfn = |file: &str| PathBuf::from(format!("src/emit/cloudformation/{file}"));
    let sub = |file: &str, text: &str| sub_layer_violations(&cfn(file), text).len();
    // The cycles this layout removed, planted back.
    assert_eq!(sub("template.rs", "use super::service::EcsService;"), 1);
    assert_eq!(sub("edge.rs", "use super::load_balancer::balancer_id;"), 1);
    assert_eq!(sub("scope.rs", "use super::service::Ids;"), 1);
    assert_eq!(sub("layout.rs", "use super::nested::stacks;"), 1);
    assert_eq!(sub("nested.rs", "let t = super::template(model);"), 1);
    assert_eq!(
        sub(
            "resources/ecs.rs",
            "use crate::emit::cloudformation::template::Tag;"
        ),
        1
    );
    assert_eq!(
        sub("resources/ecs.rs", "use super::super::scope::Scope;"),
        1
    );
    assert_eq!(sub("network.rs", "use super::{intrinsic, task};"), 1);
    assert_eq!(
        sub(
            "cluster.rs",
            "use super::{\n    refs::ClusterRefs,\n    service,\n};"
        ),
        1
    );
    // Downward, and within a layer's own directory, is fine.
    assert_eq!(sub("load_balancer.rs", "use super::edge;"), 0);
    assert_eq!(
        sub("nested.rs", "use super::layout::{self, base, root};"),
        0
    );
    assert_eq!(
        sub("resources/kms.rs", "use super::iam::PolicyDocument;"),
        0
    );
    assert_eq!(sub("resources/mod.rs", "use super::intrinsic::Expr;"), 0);
    assert_eq!(sub("mod.rs", "pub use nested::stacks;"), 0);
    assert_eq!(
        sub_layer_violations(
            Path::new("src/emit/kubernetes/sidecars.rs"),
            "use super::workload::sized;"
        )
        .len(),
        1
    );
    assert_eq!(
        sub_layer_violations(
            Path::new("src/emit/kubernetes/scaling.rs"),
            "use super::i32_of;"
        )
        .len(),
        1
    );
    let long = "x\n".repeat(MAX_LINES + 1);
    assert_eq!(size_violations(emit, &long).len(), 1);
}
