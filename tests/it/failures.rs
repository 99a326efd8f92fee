//! Failure modes users meet: read-only copies, missing files, closed pipes,
//! full disks, refused authors, refused imports and runaway calendars.

use crate::support::{Db, candor, items};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Output, Stdio};

fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    out.sort();
    out
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn verify_reads_a_read_only_copy_as_another_user_and_writes_nothing() {
    let db = Db::demo();
    let outer = tempfile::tempdir().unwrap();
    std::fs::set_permissions(outer.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = outer.path().join("copy");
    std::fs::create_dir(&folder).unwrap();
    let copy = folder.join("record.db");
    std::fs::copy(&db.path, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = listing(&folder);
    let bytes = std::fs::read(&copy).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("candor");
    let mut cmd = if is_root() {
        // Root ignores permissions: run as `nobody`, as the user would be.
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .env_remove("CANDOR_DB")
        .arg("--db")
        .arg(&copy)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("intact"));
    assert_eq!(
        listing(&folder),
        before,
        "nothing was written beside the copy"
    );
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_missing_database_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("absent.db");
    for args in [
        &["audit", "verify"][..],
        &["list", "person"],
        &["show"],
        &["--as", "x", "add", "matter", "name=X"],
    ] {
        let out = candor(&path).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("there is no Candor database at"), "{err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_client_person_cannot_author_anything() {
    let db = Db::demo();
    db.fails_as_client(&["add", "matter", "name=Client wish"]);
    // Nor can a provider person move a client person to the provider's side.
    let people = db.json(&["list", "person", "--json"]);
    let key_of = |name: &str| {
        items(&people).iter().find(|p| p["label"] == name).unwrap()["key"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (maria, sam) = (key_of("Maria Lopez"), key_of("Sam Carter"));
    let sam_row = db.json(&["show", &sam, "--json"]);
    let provider_dept = sam_row["entry"]["data"]["department"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = db
        .cmd()
        .args(["--as", "Sam Carter", "amend", &maria])
        .arg(format!("department={provider_dept}"))
        .args(["--reason", "moved"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a person's side is fixed once recorded")
    );

    // An interchange document whose version was written by a client person is refused, located.
    let mut doc = db.json(&["export", "json"]);
    let mut place = String::new();
    'find: for (section, entities) in doc.as_object_mut().unwrap() {
        let Some(list) = entities.as_array_mut() else {
            continue;
        };
        for (i, e) in list.iter_mut().enumerate() {
            if let Some(versions) = e.get_mut("history").and_then(Value::as_array_mut)
                && let Some(v) = versions.iter_mut().find(|v| v["actor"] == sam.as_str())
            {
                v["actor"] = Value::String(maria.clone());
                place = format!("$.{section}[{i}].history[");
                break 'find;
            }
        }
    }
    assert!(!place.is_empty(), "a version by the lead");
    let file = db.write("forged.json", serde_json::to_string(&doc).unwrap());
    let fresh = Db::new();
    let err = fresh.fails_with(
        &["import", "json", file.to_str().unwrap()],
        "Maria Lopez is not a person of the provider",
    );
    assert!(err.contains(&place), "located at {place}: {err}");
    assert!(
        fresh
            .ok(&["audit", "verify"])
            .starts_with("intact: 0 events")
    );
}

#[test]
fn an_import_where_every_message_is_refused_fails() {
    let db = Db::demo();
    let file = db.write(
        "undated.mbox",
        "From a@b Thu Nov 19 10:00:00 2026\nSubject: no date\n\nhello\n\nFrom a@b Thu Nov 19 10:00:00 2026\nSubject: none either\n\nagain\n",
    );
    let out = db.run(&[
        "--as",
        "Sam Carter",
        "import",
        "mbox",
        file.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{printed}");
    assert!(printed.contains("imported 0, updated 0, already present 0, refused 2"));
}

fn calendar(start: &str, rule: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:runaway@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDURATION:PT1S\r\nRRULE:{rule}\r\nSUMMARY:Runaway\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

#[test]
fn runaway_recurrences_are_cut_with_a_note() {
    let db = Db::demo();
    // Imports a calendar of one event every second from `start`, for November 2026.
    let imports = |start: &str, count: usize, note: &str| {
        let file = db.write("runaway.ics", calendar(start, "FREQ=SECONDLY"));
        let out = db.ok_as_sam(&[
            "import",
            "ics",
            file.to_str().unwrap(),
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--json",
        ]);
        let report = &serde_json::from_str::<Value>(&out).unwrap()[0];
        assert_eq!(items(&report["imported"]).len(), count);
        assert!(report["note"].as_str().unwrap().contains(note), "{report}");
    };
    // Every second since 1900, no end: the expansion stops long before the window.
    imports(
        "19000101T000000Z",
        0,
        "its recurrence was cut after 100000 occurrences",
    );
    // Every second inside the window: only the first 500 are taken.
    imports("20261110T090000Z", 500, "only its first 500 occurrences");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let db = Db::demo();
    let mut child = crate::support::process(&db.path)
        .args(["export", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_full_disk_for_output_is_said_once() {
    let db = Db::demo();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = crate::support::process(&db.path)
        .args(["list", "person"])
        .stdout(full)
        .output()
        .unwrap();
    said_disk_full(
        &out,
        "candor: cannot write to standard output: the disk is full",
    );
    said_disk_full(
        &db.run(&["export", "json", "-o", "/dev/full"]),
        "candor: cannot write /dev/full: the disk is full",
    );
}

/// Asserts that candor ended with the full-disk code, saying only `said`.
fn said_disk_full(out: &Output, said: &str) {
    assert_eq!(out.status.code(), Some(8));
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), said);
}
