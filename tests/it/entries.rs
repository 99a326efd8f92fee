use crate::support::Db;
use serde_json::Value;

fn keys(db: &Db, kind: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(&db.ok(&["list", kind, "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn add_list_amend_void_history() {
    let db = Db::new();
    db.ok(&[
        "init",
        "--name",
        "Acme BPO",
        "--time-zone",
        "America/New_York",
    ]);
    db.ok(&["add", "party", "--key", "acme", "name=Acme", "role=client"]);
    db.ok(&["add", "party", "--key", "us", "name=Us", "role=provider"]);
    db.ok(&[
        "add",
        "department",
        "--key",
        "us-ops",
        "name=Operations",
        "party=us",
    ]);
    let added: Value = serde_json::from_str(&db.ok(&[
        "add",
        "person",
        "--json",
        "name=Sam Carter",
        "department=us-ops",
        "emails=sam@us.example",
        "authority_level=3",
    ]))
    .unwrap();
    assert_eq!(added["data"]["authority_level"], 3);
    assert_eq!(added["data"]["emails"][0], "sam@us.example");

    let err = db.fails(&["add", "department", "name=Finance", "party=acme"]);
    assert!(err.contains("say who is recording"), "{err}");
    db.ok(&[
        "--as",
        "Sam Carter",
        "add",
        "department",
        "--key",
        "acme-fin",
        "name=Finance",
        "party=acme",
    ]);
    let events: Value = serde_json::from_str(&db.ok(&["audit", "log", "--json"])).unwrap();
    let last = events.as_array().unwrap().last().unwrap();
    assert_eq!(last["actor"], added["key"]);

    let err = db.fails(&[
        "--as",
        "Sam Carter",
        "amend",
        "acme-fin",
        "name=Finance & Treasury",
        "--reason",
        "",
    ]);
    assert!(err.contains("a reason is required"), "{err}");
    db.ok(&[
        "--as",
        "sam@us.example",
        "amend",
        "acme-fin",
        "name=Finance & Treasury",
        "--reason",
        "renamed",
    ]);
    let history = db.ok(&["history", "acme-fin"]);
    assert!(
        history.contains("v1 create")
            && history.contains("v2 amend")
            && history.contains("by Sam Carter")
            && history.contains("renamed"),
        "{history}"
    );

    db.ok(&[
        "--as",
        "Sam Carter",
        "void",
        "acme-fin",
        "--reason",
        "entered in the wrong engagement",
    ]);
    assert_eq!(keys(&db, "department").len(), 1);
    let all: Value =
        serde_json::from_str(&db.ok(&["list", "department", "--json", "--voided"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    db.ok(&["audit", "verify"]);
}

#[test]
fn clients_cannot_record_and_errors_are_one_line() {
    let db = Db::demo();
    let err = db.fails(&["--as", "Maria Lopez", "add", "scope", "name=X"]);
    assert!(
        err.contains("Maria Lopez is not a person of the provider"),
        "{err}"
    );
    let err = db.fails(&["--as", "Sam Carter", "add", "gizmo", "name=X"]);
    assert!(err.contains("unknown kind \"gizmo\""), "{err}");
    let err = db.fails(&[
        "--as",
        "Sam Carter",
        "add",
        "person",
        "name=X",
        "department=nowhere",
        "authority_level=high",
    ]);
    assert!(
        err.contains("authority_level: expected a whole number"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let err = db.fails(&["--as", "Nobody", "add", "scope", "name=X"]);
    assert!(
        err.contains("no person is called or keyed \"Nobody\""),
        "{err}"
    );
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let db = Db::new();
    db.sql("CREATE TABLE x (y); PRAGMA user_version = 42;");
    let before = std::fs::read(&db.path).unwrap();
    let err = db.fails(&["show"]);
    assert!(
        err.contains("written by a newer version of Candor"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn added_person_gets_defaults_and_required_fields_are_named() {
    let db = Db::demo();
    let dept = db
        .scalar("SELECT key FROM entities WHERE kind = 'department' AND data LIKE '%\"Finance\"%'");
    let added: Value = serde_json::from_str(&db.ok(&[
        "--as",
        "Sam Carter",
        "add",
        "person",
        "--json",
        "name=Ana Gil",
        &format!("department={dept}"),
    ]))
    .unwrap();
    assert_eq!(added["data"]["authority_level"], 1);
    assert_eq!(added["data"]["key_stakeholder"], false);
    let err = db.fails(&["--as", "Sam Carter", "add", "person", "title=Clerk"]);
    assert!(
        err.contains("person.name: Name is required")
            && err.contains("person.department: Department is required"),
        "{err}"
    );
}

#[test]
fn search_ranks_and_highlights_and_the_log_filters() {
    let db = Db::demo();
    let hits: Value =
        serde_json::from_str(&db.ok(&["search", "carrier scorecard", "--json"])).unwrap();
    let first = &hits[0];
    assert!(
        first["title"].as_str().unwrap().contains("scorecard"),
        "{hits}"
    );
    assert!(
        first["snippet"].as_str().unwrap().contains('\u{2}'),
        "matches are marked"
    );
    assert!(
        db.ok(&["search", "scorecard"]).contains("[scorecard]")
            || db.ok(&["search", "scorecard"]).contains("[Scorecard]")
    );
    let week: Value =
        serde_json::from_str(&db.ok(&["log", "list", "--week", "2026-W46", "--json"])).unwrap();
    assert_eq!(week["total"], 2);
    let maria: Value = serde_json::from_str(&db.ok(&[
        "log",
        "list",
        "--person",
        "Maria Lopez",
        "--kind",
        "email",
        "--json",
    ]))
    .unwrap();
    assert!(
        maria["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["data"]["kind"] == "email")
    );
    assert!(maria["total"].as_i64().unwrap() >= 2);
    let offchannel: Value =
        serde_json::from_str(&db.ok(&["log", "list", "--channel", "personal_phone", "--json"]))
            .unwrap();
    assert_eq!(offchannel["total"], 1);
}
