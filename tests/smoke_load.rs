#[test]
fn loads_shop_with_overlay_spans() {
    let text = std::fs::read_to_string("examples/shop/twinform.toml").unwrap();
    let loaded = twinform::spec::load("shop.toml", &text, Some("prod"));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let spec = loaded.spec.unwrap();
    let auth = &spec.services["auth"];
    let a = auth.autoscale.as_ref().unwrap();
    assert_eq!((a.min, a.max, a.cpu), (Some(3), Some(20), Some(60)));
    let span = loaded.located.value(&["services", "auth", "autoscale", "max"]).unwrap();
    let (line, _) = loaded.located.line_col(span.start);
    assert_eq!(line, 63);
    let bad = twinform::spec::load("b.toml", "[app]\nnmae = \"x\"\n[services.a]\nport = \"x\"\nimage=\"i\"\n[services.b]\nrepicas = 2\n", None);
    eprintln!("{:#?}", bad.diagnostics);
    assert_eq!(bad.diagnostics.len(), 3);
}
