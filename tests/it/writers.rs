//! Several real `candor` processes writing one file at once.

use crate::support::{Db, assert_success, items};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Output, Stdio};

/// A demo database with `TAG.mbox` beside it: 5,000 generated messages
/// (Message-IDs `<TAG-i@northwind.example>`).
fn demo_with_mbox(tag: &str) -> (Db, PathBuf) {
    let db = Db::demo();
    let file = db.write(&format!("{tag}.mbox"), candor_core::demo::mbox(5_000, tag));
    (db, file)
}

/// How many communications of the mbox `TAG.mbox` the database holds.
fn messages_of(db: &Db, tag: &str) -> i64 {
    count(
        db,
        &format!(
            "SELECT count(*) FROM comm_index WHERE message_id LIKE '{tag}-%@northwind.example'"
        ),
    )
}

fn spawn(db: &Db, args: &[&str]) -> Child {
    crate::support::process(&db.path)
        .args(["--as", "Sam Carter"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

fn count(db: &Db, sql: &str) -> i64 {
    db.scalar(&format!("SELECT CAST(({sql}) AS TEXT)"))
        .parse()
        .unwrap()
}

fn verified(db: &Db) {
    let out = db.ok(&["audit", "verify"]);
    assert!(out.starts_with("intact"), "{out}");
}

#[test]
fn concurrent_imports_of_one_mbox_leave_each_message_once() {
    let (db, file) = demo_with_mbox("same");
    let path = file.to_str().unwrap();
    let children: Vec<Child> = (0..4)
        .map(|_| spawn(&db, &["import", "mbox", path, "--json"]))
        .collect();
    let mut imported = 0;
    let mut present = 0;
    for child in children {
        let out = finish(child);
        assert_success(&out);
        let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
        imported += items(&reports[0]["imported"]).len();
        present += reports[0]["already_present"].as_u64().unwrap();
    }
    assert_eq!(imported, 5_000);
    assert_eq!(present, 3 * 5_000);
    assert_eq!(messages_of(&db, "same"), 5_000);
    verified(&db);
}

/// Maria Lopez's key and current version in a demo database.
fn maria(db: &Db) -> (String, u32) {
    let rows = db.json(&["list", "person", "--json"]);
    let row = items(&rows)
        .iter()
        .find(|r| r["label"] == "Maria Lopez")
        .unwrap();
    (
        row["key"].as_str().unwrap().to_owned(),
        row["version"].as_u64().unwrap() as u32,
    )
}

#[test]
fn concurrent_amends_of_different_fields_keep_both() {
    let db = Db::demo();
    let (key, start) = maria(&db);
    for round in 0..8 {
        let title = format!("title=Director {round}");
        let note = format!("internal_note=Note {round}");
        let a = spawn(&db, &["amend", &key, &title, "--reason", "title corrected"]);
        let b = spawn(&db, &["amend", &key, &note, "--reason", "note added"]);
        for out in [finish(a), finish(b)] {
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let row = db.json(&["show", &key, "--json"]);
        assert_eq!(row["entry"]["data"]["title"], format!("Director {round}"));
        assert_eq!(
            row["entry"]["data"]["internal_note"],
            format!("Note {round}")
        );
    }
    assert_eq!(maria(&db).1, start + 16);
    // Each version is attributed to the change that made it: no field reverted.
    let history = db.json(&["history", &key, "--json"]);
    for pair in items(&history).windows(2).skip(start as usize - 1) {
        let (before, after) = (&pair[0]["data"], &pair[1]["data"]);
        let changed: Vec<&String> = after
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| before.get(k.as_str()) != after.get(k.as_str()))
            .collect();
        assert_eq!(changed.len(), 1, "one field per amendment: {changed:?}");
        let reason = pair[1]["reason"].as_str().unwrap();
        assert_eq!(
            changed[0] == "title",
            reason == "title corrected",
            "{changed:?} by {reason}"
        );
    }
    verified(&db);
}

#[test]
fn concurrent_amends_of_one_field_give_one_conflict() {
    let db = Db::demo();
    let (key, _) = maria(&db);
    for round in 0..8 {
        let base = maria(&db).1.to_string();
        let a = format!("title=Alpha {round}");
        let b = format!("title=Beta {round}");
        let outs = [
            finish(spawn(
                &db,
                &[
                    "amend", &key, &a, "--reason", "a", "--base", &base, "--json",
                ],
            )),
            finish(spawn(
                &db,
                &[
                    "amend", &key, &b, "--reason", "b", "--base", &base, "--json",
                ],
            )),
        ];
        let codes: Vec<i32> = outs.iter().map(|o| o.status.code().unwrap()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 5], "round {round}: one wins, one conflicts");
        let lost = &outs[codes.iter().position(|c| *c == 5).unwrap()];
        let conflict: Value = serde_json::from_slice(&lost.stdout).unwrap();
        assert_eq!(conflict["kind"], "conflict");
        assert_eq!(conflict["entity"], key.as_str());
        assert_eq!(conflict["base"].to_string(), base);
        assert_eq!(conflict["fields"], serde_json::json!(["title"]));
        assert_eq!(conflict["changed_by_name"], "Sam Carter");
        assert!(conflict["changed_at"].as_str().unwrap().ends_with('Z'));
    }
    verified(&db);
}

#[test]
fn writers_during_a_large_import_all_succeed() {
    let (db, file) = demo_with_mbox("large");
    let import = spawn(&db, &["import", "mbox", file.to_str().unwrap()]);
    let writers: Vec<std::thread::JoinHandle<Vec<Output>>> = (0..4)
        .map(|w| {
            let path = db.path.clone();
            std::thread::spawn(move || {
                (0..5)
                    .map(|i| {
                        crate::support::candor(&path)
                            .args(["--as", "Sam Carter", "log", "add", "--kind", "call"])
                            .args(["--at", "2026-11-19 10:00", "--with", "Maria Lopez"])
                            .args(["--subject", &format!("Writer {w} call {i}")])
                            .output()
                            .unwrap()
                    })
                    .collect()
            })
        })
        .collect();
    for handle in writers {
        for out in handle.join().unwrap() {
            assert_success(&out);
        }
    }
    assert_success(&finish(import));
    assert_eq!(messages_of(&db, "large"), 5_000);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM entities WHERE kind = 'communication' AND json_extract(data, '$.subject') LIKE 'Writer % call %'"
        ),
        20
    );
    verified(&db);
}

#[test]
fn a_busy_record_names_the_writer_holding_it() {
    let db = Db::demo();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let note = format!("{}-writer", db.path.display());
    // The note of a live writer (this test process holds the lock).
    let pid = std::process::id();
    std::fs::write(&note, format!("pid {pid}: candor import mbox big.mbox\n")).unwrap();
    let out = db
        .cmd()
        .env("CANDOR_BUSY_TIMEOUT_MS", "300")
        .args(["--as", "Sam Carter", "add", "matter", "name=Cut-off"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains(&format!(
            "is busy with another Candor writer (pid {pid}: candor import mbox big.mbox)"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "said once: {err}");
    conn.execute_batch("ROLLBACK").unwrap();
    std::fs::remove_file(&note).unwrap();
    db.ok(&["--as", "Sam Carter", "add", "matter", "name=Cut-off"]);
    assert!(
        !std::path::Path::new(&note).exists(),
        "the writer's own note is gone after the write"
    );
}

#[test]
fn an_import_killed_midway_leaves_all_or_nothing() {
    let (db, file) = demo_with_mbox("killed");
    let path = file.to_str().unwrap();
    for delay in [50, 250, 600] {
        let mut child = spawn(&db, &["import", "mbox", path]);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().unwrap();
        child.wait().unwrap();
        let n = messages_of(&db, "killed");
        assert!(
            n == 0 || n == 5_000,
            "killed after {delay} ms: {n} messages"
        );
        verified(&db);
    }
    assert_success(&finish(spawn(&db, &["import", "mbox", path])));
    assert_eq!(messages_of(&db, "killed"), 5_000);
    verified(&db);
}
