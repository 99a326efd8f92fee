use crate::support::{Db, items};
use serde_json::Value;

/// The flags that hold at `at`.
fn flags(db: &Db, at: &str) -> Vec<Value> {
    items(&db.json(&["flags", "--at", at, "--json"])).to_vec()
}

#[test]
fn the_demo_lists_all_thirteen_rules_now_and_at_its_own_now() {
    let db = Db::demo();
    for list in [
        items(&db.json(&["flags", "--json"])).to_vec(),
        flags(&db, "2026-11-20T17:00:00Z"),
    ] {
        let rules: std::collections::BTreeSet<&str> =
            list.iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert_eq!(rules.len(), 13, "{rules:?}");
        for f in &list {
            for field in [
                "rule", "severity", "subjects", "evidence", "since", "state", "note",
            ] {
                assert!(f.get(field).is_some(), "{field} missing in {f}");
            }
            assert!(f["subjects"][0]["type"].is_string() && f["subjects"][0]["key"].is_string());
        }
    }
}

#[test]
fn acknowledge_and_resolve_round_trip_through_the_cli() {
    let db = Db::demo();
    let list = flags(&db, "2030-01-01T00:00:00Z");
    let open: Vec<&Value> = list.iter().filter(|f| f["state"] == "open").collect();
    let (a, r) = (
        open[0]["id"].as_str().unwrap(),
        open[1]["id"].as_str().unwrap(),
    );
    db.fails_with(
        &["--as", "Lena Fischer", "flags", "ack", a, "--note", " "],
        "A note is required",
    );
    db.fails_with(
        &[
            "--as",
            "Lena Fischer",
            "flags",
            "ack",
            "no-such-flag",
            "--note",
            "x",
        ],
        "no flag \"no-such-flag\" holds now",
    );
    db.ok(&[
        "--as",
        "Lena Fischer",
        "flags",
        "ack",
        a,
        "--note",
        "Known; raised with the client on Monday.",
    ]);
    db.ok(&[
        "--as",
        "Lena Fischer",
        "flags",
        "resolve",
        r,
        "--note",
        "Settled in the steering call.",
    ]);
    let now = db.json(&["flags", "--json"]);
    let find = |id: &str| items(&now).iter().find(|f| f["id"] == id).unwrap().clone();
    assert_eq!(find(a)["state"], "acknowledged");
    assert_eq!(find(a)["note"], "Known; raised with the client on Monday.");
    assert_eq!(find(r)["state"], "resolved");
    let log = db.json(&["audit", "log", "--json"]);
    let last = items(&log).last().unwrap();
    assert!(
        last["payload"]
            .as_str()
            .unwrap()
            .contains("Settled in the steering call."),
        "the resolution is in the audit chain"
    );
    db.ok(&["audit", "verify"]);
}

#[test]
fn a_record_made_after_at_changes_nothing() {
    let db = Db::demo();
    let before = db.ok(&["flags", "--at", "2026-11-20T17:00:00Z", "--json"]);
    let dept = db.scalar(
        "SELECT key FROM entities WHERE kind = 'department' AND data LIKE '%\"Procurement\"%'",
    );
    db.ok_as_sam(&[
        "log",
        "add",
        "--kind",
        "call",
        "--at",
        "2026-11-19 10:00",
        "--subject",
        "Late-logged call with Priya",
        "--with",
        "Priya Nair",
    ]);
    assert_eq!(
        db.ok(&["flags", "--at", "2026-11-20T17:00:00Z", "--json"]),
        before
    );
    let now = db.ok(&["flags", "--json"]);
    assert!(
        !now.contains(&format!("update-gap:{dept}")),
        "the late call counts now"
    );
}

#[test]
fn thresholds_are_settings_recorded_in_the_chain() {
    let db = Db::demo();
    db.fails_with(
        &["--as", "Lena Fischer", "settings", "bad_news_days=5"],
        "--reason is required",
    );
    db.ok(&[
        "--as",
        "Lena Fischer",
        "settings",
        "bad_news_days=5",
        "--reason",
        "agreed with Northwind in the contract review",
    ]);
    let s = db.json(&["settings", "--json"]);
    assert_eq!(s["bad_news_days"], 5);
}
