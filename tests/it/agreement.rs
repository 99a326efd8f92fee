//! `candor agreement`: the demo's two confirmed editions, then a third drafted
//! with people named as in the app, sent, confirmed and in force; the flags
//! cite it, a confirmed edition refuses change, the report's client edition
//! shows it without its internal note, and the record still verifies.

use crate::support::Db;
use serde_json::Value;

fn pages(db: &Db, at: Option<&str>) -> Vec<Value> {
    let mut args = vec!["agreement", "show", "--json"];
    if let Some(at) = at {
        args.extend(["--at", at]);
    }
    db.json(&args).as_array().unwrap().clone()
}

#[test]
fn editions_are_drafted_sent_confirmed_and_then_fixed() {
    let db = Db::demo();
    let before = pages(&db, None);
    let states: Vec<(u64, &str)> = before
        .iter()
        .map(|p| (p["edition"].as_u64().unwrap(), p["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [(2, "in force"), (1, "superseded")]);

    let out = db.ok_as_sam(&[
        "agreement",
        "draft",
        "cadence=Maria Lopez:3, Northwind Foods Logistics:14",
        "minutes_sent_days=1",
        "bad_news_to=maria.lopez@northwind.example",
    ]);
    assert!(out.starts_with("drafted rules "), "{out}");
    db.fails_with(&["--as", "Sam Carter", "agreement", "draft"], "edition 3");
    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "agreement",
            "draft",
            "cadence=Nobody:3",
        ],
        "Nobody",
    );
    db.ok_as_sam(&[
        "agreement",
        "amend",
        "official_channels=Thursday steering call; e-mail between named contacts.",
        "--reason",
        "Maria's comments",
    ]);
    // Not confirmable before it is sent.
    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "agreement",
            "confirm",
            "--by",
            "Maria Lopez",
        ],
        "sent_in",
    );
    let call = db.json(&["log", "list", "--json", "--limit", "1"])["rows"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    db.ok_as_sam(&["agreement", "send", "--comm", &call]);
    // Confirmed by a provider person: refused, naming the field.
    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "agreement",
            "confirm",
            "--by",
            "Grace Kim",
        ],
        "confirmed_by",
    );
    db.ok_as_sam(&[
        "agreement",
        "confirm",
        "--by",
        "Maria Lopez",
        "--at",
        "2026-12-01T10:00:00+01:00",
    ]);

    let now = pages(&db, None);
    assert_eq!(now[0]["edition"], 3);
    assert_eq!(now[0]["state"], "in force");
    assert_eq!(now[1]["state"], "superseded");
    let clauses = now[0]["clauses"].to_string();
    assert!(
        clauses.contains("Maria Lopez (Northwind Foods Finance): every 3 days"),
        "{clauses}"
    );
    assert!(
        clauses.contains("Northwind Foods Logistics: every two weeks"),
        "{clauses}"
    );
    assert!(clauses.contains("sent within 1 day"), "{clauses}");
    // As known on 30 November (before edition 3 was drafted), edition 2 was in force.
    let then = pages(&db, Some("2026-11-30T12:00:00Z"));
    assert_eq!(
        (then.len(), &then[0]["edition"], &then[0]["state"]),
        (2, &Value::from(2), &Value::from("in force"))
    );

    let flags = db.json(&["flags", "--json"]).to_string();
    assert!(
        flags.contains("Cadence owed to Maria Lopez: every 3 days (rules of engagement edition 3, confirmed by Maria Lopez on 1 Dec)"),
        "{flags}"
    );
    assert!(flags.contains("\"escalation\""), "{flags}");

    // A confirmed edition is fixed: the next change is a new draft.
    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "agreement",
            "amend",
            "minutes_sent_days=2",
            "--reason",
            "x",
        ],
        "no draft",
    );
    let key = now[0]["key"].as_str().unwrap();
    db.fails_with(
        &[
            "--as",
            "Sam Carter",
            "amend",
            key,
            "minutes_sent_days=2",
            "--reason",
            "quietly",
        ],
        "edition 3 was confirmed by the client and is fixed",
    );
    db.fails_with(
        &["--as", "Sam Carter", "void", key, "--reason", "gone"],
        "stays on record",
    );
    db.ok(&["audit", "verify"]);
}

#[test]
fn the_report_shows_the_edition_in_force_and_the_client_never_its_note() {
    let db = Db::demo();
    let client = db.ok(&[
        "report",
        "--week",
        "2026-W47",
        "--edition",
        "client",
        "--format",
        "md",
    ]);
    assert!(client.contains("## Rules of engagement"), "{client}");
    assert!(
        client.contains("Edition 2. Sent in \"Steering call #4\""),
        "{client}"
    );
    assert!(!client.contains("COO in the loop"), "{client}");
    let internal = db.ok(&[
        "report",
        "--week",
        "2026-W47",
        "--edition",
        "internal",
        "--format",
        "md",
    ]);
    assert!(
        internal.contains("_Internal: Added after the cut-off dispute"),
        "{internal}"
    );
    // The week before edition 2 was confirmed shows edition 1.
    let early = db.ok(&[
        "report",
        "--week",
        "2026-W41",
        "--edition",
        "client",
        "--format",
        "md",
    ]);
    assert!(early.contains("Edition 1. Sent in \"Kick-off"), "{early}");
}
