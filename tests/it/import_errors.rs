use crate::support::{Db, first_amended};
use serde_json::{Value, json};

/// Imports `doc` into a new database; it must fail. Returns stderr, and checks nothing was written.
fn refused(doc: &str) -> String {
    let db = Db::new();
    let file = db.write("doc.json", doc);
    let err = db.fails(&["import", "json", file.to_str().unwrap()]);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert_eq!(
        db.scalar("SELECT CAST(count(*) AS TEXT) FROM events"),
        "0",
        "nothing written for {doc}"
    );
    assert_eq!(
        db.scalar("SELECT CAST(count(*) AS TEXT) FROM entities"),
        "0"
    );
    err
}

/// Like `refused`, and the refusal must say `said`.
fn refused_saying(doc: impl std::fmt::Display, said: &str) {
    let err = refused(&doc.to_string());
    assert!(err.contains(said), "{err}");
}

fn small() -> Value {
    json!({
        "format": "candor/1",
        "engagement": {"key": "e", "name": "Acme BPO", "time_zone": "Europe/Madrid", "default_cadence_days": 7},
        "parties": [{"key": "acme", "name": "Acme", "role": "client"}],
        "departments": [{"key": "acme-finance", "name": "Finance", "party": "acme"}],
        "people": [{"key": "maria", "name": "Maria", "department": "acme-finance", "emails": ["maria@acme.example"]}],
        "procedures": [],
        "scope": []
    })
}

#[test]
fn a_hand_written_document_with_readable_keys_imports() {
    let db = Db::new();
    db.import_document(&db.write("doc.json", small().to_string()));
    let people = db.json(&["list", "people", "--json"]);
    assert_eq!(people[0]["key"], "maria");
    db.ok(&["audit", "verify"]);
}

#[test]
fn bad_json_names_line_and_column() {
    refused_saying(
        "{\n  \"format\": \"candor/1\",\n  \"parties\": [,]\n}",
        "line 3, column 15",
    );
}

#[test]
fn unknown_reference_names_its_path() {
    let mut doc = small();
    doc["people"][0]["department"] = json!("acme-logistics");
    refused_saying(
        doc,
        "$.people[0].department: no department has the key \"acme-logistics\"",
    );
}

#[test]
fn wrong_type_names_its_path() {
    let mut doc = small();
    doc["people"][0]["emails"] = json!("maria@acme.example");
    refused_saying(doc, "$.people[0].emails: invalid type: string");
    let mut doc = small();
    doc["parties"] = json!({"key": "x"});
    refused_saying(doc, "$.parties: must be an array");
}

#[test]
fn duplicate_key_names_both_places() {
    let mut doc = small();
    doc["parties"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "acme-finance", "name": "Other", "role": "third_party"}));
    refused_saying(
        doc,
        "$.departments[0].key: duplicate key \"acme-finance\" (first used at $.parties[1])",
    );
}

#[test]
fn wrong_format_and_unknown_sections_are_refused() {
    let mut doc = small();
    doc["format"] = json!("candor/2");
    refused_saying(doc, "$.format: expected \"candor/1\"");
    let mut doc = small();
    doc["gadgets"] = json!([]);
    refused_saying(doc, "$.gadgets: unknown section");
}

#[test]
fn inconsistent_history_is_refused() {
    let a = Db::demo();
    let mut doc = a.json(&["export", "json"]);
    doc["people"][0]["name"] = json!("Someone Else");
    refused_saying(
        doc,
        "$.people[0]: the entry's fields differ from the data of its last version",
    );
    let mut doc = a.json(&["export", "json"]);
    doc["people"][0]["history"][0]["version"] = json!(3);
    refused_saying(doc, "$.people[0].history[0].version: expected 1, found 3");
}

#[test]
fn history_must_start_with_a_create_by_a_known_actor_in_the_past() {
    let a = Db::demo();
    let exported = a.json(&["export", "json"]);
    let mut doc = exported.clone();
    doc["people"][0]["history"][0]["action"] = json!("amend");
    refused_saying(
        doc,
        "$.people[0].history[0].action: the first version must be a create",
    );
    let mut doc = exported.clone();
    doc["people"][0]["history"][0]["actor"] = json!("someone-unknown");
    refused_saying(
        doc,
        "$.people[0].history[0].actor: \"someone-unknown\" is neither a person of the document nor bootstrap",
    );
    let mut doc = exported.clone();
    doc["people"][0]["history"][0]["recorded_at"] = json!("2999-01-01T00:00:00.000Z");
    refused_saying(doc, "recorded_at: is in the future");
    let mut doc = exported;
    let i = first_amended(&doc["people"]);
    doc["people"][i]["history"][0]["data"]["department"] = json!("nowhere");
    refused_saying(
        doc,
        &format!("$.people[{i}].history[0].data.department: no department"),
    );
}
