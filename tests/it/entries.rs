use crate::support::{Db, items};

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
    let added = db.json(&[
        "add",
        "person",
        "--json",
        "name=Sam Carter",
        "department=us-ops",
        "emails=sam@us.example",
        "authority_level=3",
    ]);
    assert_eq!(added["data"]["authority_level"], 3);
    assert_eq!(added["data"]["emails"][0], "sam@us.example");

    db.fails_with(
        &["add", "department", "name=Finance", "party=acme"],
        "say who is recording",
    );
    db.ok_as_sam(&[
        "add",
        "department",
        "--key",
        "acme-fin",
        "name=Finance",
        "party=acme",
    ]);
    let events = db.json(&["audit", "log", "--json"]);
    let last = items(&events).last().unwrap();
    assert_eq!(last["actor"], added["key"]);

    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "amend",
            "acme-fin",
            "name=Finance & Treasury",
            "--reason",
            "",
        ],
        "a reason is required",
    );
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

    db.ok_as_sam(&[
        "void",
        "acme-fin",
        "--reason",
        "entered in the wrong engagement",
    ]);
    assert_eq!(items(&db.json(&["list", "department", "--json"])).len(), 1);
    let all = db.json(&["list", "department", "--json", "--voided"]);
    assert_eq!(items(&all).len(), 2);
    db.ok(&["audit", "verify"]);
}

#[test]
fn clients_cannot_record_and_errors_are_one_line() {
    let db = Db::demo();
    db.fails_as_client(&["add", "scope", "name=X"]);
    db.fails_with(
        &["--as", "Sam Carter", "add", "gizmo", "name=X"],
        "unknown kind \"gizmo\"",
    );
    let err = db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "add",
            "person",
            "name=X",
            "department=nowhere",
            "authority_level=high",
        ],
        "authority_level: expected a whole number",
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    db.fails_with(
        &["--as", "Nobody", "add", "scope", "name=X"],
        "no person is called or keyed \"Nobody\"",
    );
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let db = Db::new();
    db.sql("CREATE TABLE x (y); PRAGMA user_version = 42;");
    let before = std::fs::read(&db.path).unwrap();
    db.fails_with(&["show"], "written by a newer version of Candor");
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[test]
fn an_older_database_is_brought_up_to_date_once_and_says_so() {
    let db = Db::demo();
    let maria = db.json(&["log", "list", "--person", "Maria Lopez", "--json"]);
    db.sql(
        "DROP TABLE mail_folders; DROP TABLE mail_accounts; DROP TABLE outbox; DROP TABLE comm_watch; DROP INDEX entities_recorded; DROP TABLE comm_members; DROP INDEX comm_index_kind; DROP INDEX comm_index_channel;
         DELETE FROM meta WHERE name = 'live_communications'; PRAGMA user_version = 5;",
    );
    let refused = db.run(&["audit", "verify"]);
    assert!(
        !refused.status.success(),
        "a read-only verify cannot upgrade"
    );
    let first = db.run(&["log", "list", "--person", "Maria Lopez", "--json"]);
    let said = String::from_utf8(first.stderr).unwrap();
    assert!(
        said.contains("bringing") && said.contains("up to date"),
        "{said}"
    );
    let again: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(again, maria);
    let second = db.run(&["show"]);
    assert!(String::from_utf8(second.stderr).unwrap().is_empty());
    db.ok(&["audit", "verify"]);
}

#[test]
fn added_person_gets_defaults_and_required_fields_are_named() {
    let db = Db::demo();
    let dept = db
        .scalar("SELECT key FROM entities WHERE kind = 'department' AND data LIKE '%\"Finance\"%'");
    let added = db.json(&[
        "--as",
        "Sam Carter",
        "add",
        "person",
        "--json",
        "name=Ana Gil",
        &format!("department={dept}"),
    ]);
    assert_eq!(added["data"]["authority_level"], 1);
    assert_eq!(added["data"]["key_stakeholder"], false);
    let err = db.fails_with(
        &["--as", "Sam Carter", "add", "person", "title=Clerk"],
        "person.name: Name is required",
    );
    assert!(
        err.contains("person.department: Department is required"),
        "{err}"
    );
}

#[test]
fn search_ranks_and_highlights_and_the_log_filters() {
    let db = Db::demo();
    let hits = db.json(&["search", "carrier scorecard", "--json"]);
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
    let week = db.json(&["log", "list", "--week", "2026-W46", "--json"]);
    assert_eq!(week["total"], 2);
    let maria = db.json(&[
        "log",
        "list",
        "--person",
        "Maria Lopez",
        "--kind",
        "email",
        "--json",
    ]);
    assert!(
        items(&maria["rows"])
            .iter()
            .all(|r| r["data"]["kind"] == "email")
    );
    assert!(maria["total"].as_i64().unwrap() >= 2);
    let offchannel = db.json(&["log", "list", "--channel", "personal_phone", "--json"]);
    assert_eq!(offchannel["total"], 1);
}
