//! The candor/1 document's JSON Schema is generated from the model's types:
//! the committed docs/candor-1.schema.json is exactly what `candor schema`
//! prints, every export validates against it, and an export written by the
//! Candor of December 2026 still imports, byte for byte.

use crate::support::Db;
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The committed schema, compiled.
fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/candor-1.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the committed schema is a valid JSON Schema")
}

/// Every way `document` breaks the schema, one line each.
fn problems(validator: &jsonschema::Validator, document: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(document).unwrap();
    validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Asserts that `candor ARGS` prints exactly the committed file `path`; else says how to regenerate it.
fn assert_generated(args: &[&str], path: &str) {
    let printed = Db::new().ok(args);
    let committed = std::fs::read_to_string(root().join(path)).unwrap();
    assert!(
        printed == committed,
        "{path} differs from the model: run `candor {} > {path}`",
        args.join(" ")
    );
}

#[test]
fn the_committed_schema_is_generated_from_the_model() {
    assert_generated(&["schema"], "docs/candor-1.schema.json");
}

#[test]
fn the_uis_model_is_generated_from_the_model() {
    assert_generated(&["schema", "--typescript"], "ui/src/lib/model.gen.ts");
}

#[test]
fn every_export_validates_against_the_schema() {
    let v = validator();
    let db = Db::demo();
    db.import_as_sam(
        "cutoff.eml",
        "From: Maria Lopez <maria.lopez@northwind.example>\r\nTo: Sam Carter <sam.carter@brightline.example>\r\nSubject: December cut-off\r\nDate: Tue, 01 Dec 2026 10:30:00 +0100\r\nMessage-ID: <december-cutoff@northwind.example>\r\n\r\nSam, December closes on Tue 22 Dec.\r\n",
    );
    let full = db.ok(&["export", "json"]);
    assert_eq!(problems(&v, &full), Vec::<String>::new());
    let fresh = Db::new();
    fresh.ok(&["init", "--name", "Fresh", "--time-zone", "Europe/Madrid"]);
    assert_eq!(
        problems(&v, &fresh.ok(&["export", "json"])),
        Vec::<String>::new()
    );
    // The schema can fail: a field the model does not have, a wrong enum value.
    let mut doc: Value = serde_json::from_str(&full).unwrap();
    doc["people"][0]["nickname"] = "Mo".into();
    doc["parties"][0]["role"] = "partner".into();
    let broken = problems(&v, &doc.to_string());
    assert!(
        broken.iter().any(|p| p.starts_with("/people/0")),
        "{broken:?}"
    );
    assert!(
        broken.iter().any(|p| p.starts_with("/parties/0")),
        "{broken:?}"
    );
}

#[test]
fn an_export_of_december_2026_still_imports_byte_for_byte() {
    let fixture = root().join("tests/fixtures/export-2026-12-02.json");
    let text = std::fs::read_to_string(&fixture).unwrap();
    assert_eq!(problems(&validator(), &text), Vec::<String>::new());
    let db = Db::new();
    db.import_document(&fixture);
    // Byte for byte, with the sections added since (empty) in their place.
    let expected = text.replacen(
        "  \"originals\": [",
        "  \"rules_of_engagement\": [],\n  \"originals\": [",
        1,
    );
    assert_eq!(db.ok(&["export", "json"]), expected);
    db.ok(&["audit", "verify"]);
}
