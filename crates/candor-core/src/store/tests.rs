use super::*;
use crate::Ids;
use crate::audit::verify;
use crate::key::Key;
use crate::kind::Kind;
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

fn at(minute: u32) -> Author {
    Author::new(
        Author::BOOTSTRAP,
        Utc.with_ymd_and_hms(2026, 11, 2, 9, minute, 0).unwrap(),
    )
}

fn create(
    store: &mut Store,
    ids: &mut Ids,
    kind: Kind,
    key: &str,
    data: Value,
) -> crate::Result<Vec<(Key, u32)>> {
    store.apply(
        &at(0),
        ids,
        vec![Change::Create {
            kind,
            key: Some(Key::from(key)),
            data,
        }],
    )
}

fn seeded() -> (Store, Ids) {
    let mut store = Store::open_in_memory().unwrap();
    let mut ids = Ids::seeded(7);
    create(
        &mut store,
        &mut ids,
        Kind::Party,
        "acme",
        json!({"name": "Acme", "role": "client"}),
    )
    .unwrap();
    create(
        &mut store,
        &mut ids,
        Kind::Department,
        "acme-finance",
        json!({"name": "Finance", "party": "acme"}),
    )
    .unwrap();
    (store, ids)
}

#[test]
fn unknown_reference_is_refused_and_nothing_is_written() {
    let (mut store, mut ids) = seeded();
    let head = store.head().unwrap();
    let err = store
        .apply(
            &at(1),
            &mut ids,
            vec![
                new(
                    Kind::Party,
                    "ok",
                    json!({"name": "Fine", "role": "provider"}),
                ),
                Change::Create {
                    kind: Kind::Person,
                    key: None,
                    data: json!({"name": "Maria", "department": "nope"}),
                },
            ],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("person.department: no department has the key \"nope\""),
        "{err}"
    );
    assert_eq!(
        store.head().unwrap(),
        head,
        "the first change of the batch was rolled back"
    );
    assert!(store.get(&Key::from("ok")).unwrap().is_none());
}

#[test]
fn reference_to_wrong_kind_and_bad_fields_are_named() {
    let (mut store, mut ids) = seeded();
    let err = create(
        &mut store,
        &mut ids,
        Kind::Person,
        "p",
        json!({"name": " ", "department": "acme", "emails": ["x"], "authority_level": 9}),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("person.name: Name is required"), "{err}");
    assert!(
        err.contains("\"acme\" is a party, not a department"),
        "{err}"
    );
    assert!(err.contains("emails[0]"), "{err}");
    assert!(
        err.contains("authority_level: must be between 1 and 5, not 9"),
        "{err}"
    );
    let err = create(
        &mut store,
        &mut ids,
        Kind::Party,
        "q",
        json!({"name": "Q", "role": "client", "colour": "red"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

#[test]
fn amend_needs_a_reason_and_a_change_and_keeps_history() {
    let (mut store, mut ids) = seeded();
    let key = Key::from("acme-finance");
    let data = json!({"name": "Finance & Treasury", "party": "acme"});
    let row = store.require(&key).unwrap();
    let err = store
        .apply(&at(2), &mut ids, vec![Change::amend(&row, &data, " ")])
        .unwrap_err();
    assert!(
        err.to_string().contains("a reason is required to amend"),
        "{err}"
    );
    let err = store
        .apply(
            &at(2),
            &mut ids,
            vec![Change::Amend {
                key: key.clone(),
                base: 1,
                fields: serde_json::Map::from_iter([("name".into(), json!("Finance"))]),
                reason: "no-op".into(),
            }],
        )
        .unwrap_err();
    assert!(err.to_string().contains("nothing to amend"), "{err}");
    store
        .apply(
            &at(3),
            &mut ids,
            vec![Change::amend(&row, &data, "renamed in the org chart")],
        )
        .unwrap();
    let history = store.history(&key).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[1].version.reason.as_deref(),
        Some("renamed in the org chart")
    );
    assert_eq!(history[0].version.data.as_ref().unwrap()["name"], "Finance");
    assert_eq!(store.require(&key).unwrap().version, 2);
}

#[test]
fn void_keeps_the_entry_and_refuses_while_referenced() {
    let (mut store, mut ids) = seeded();
    let err = store
        .apply(
            &at(4),
            &mut ids,
            vec![Change::Void {
                key: "acme".into(),
                base: 1,
                reason: "mistake".into(),
            }],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("still referred to by department acme-finance (party)"),
        "{err}"
    );
    store
        .apply(
            &at(4),
            &mut ids,
            vec![Change::Void {
                key: "acme-finance".into(),
                base: 1,
                reason: "entered twice".into(),
            }],
        )
        .unwrap();
    let row = store.require(&Key::from("acme-finance")).unwrap();
    assert!(row.voided);
    assert!(store.list(Kind::Department, false).unwrap().is_empty());
    assert_eq!(store.list(Kind::Department, true).unwrap().len(), 1);
    let err = store
        .apply(
            &at(5),
            &mut ids,
            vec![Change::Amend {
                key: "acme-finance".into(),
                base: 2,
                fields: serde_json::Map::from_iter([("name".into(), json!("X"))]),
                reason: "r".into(),
            }],
        )
        .unwrap_err();
    assert!(err.to_string().contains("is voided"), "{err}");
    assert!(verify(&store, None).unwrap().ok());
}

#[test]
fn one_engagement_per_file_and_duplicate_keys_refused() {
    let (mut store, mut ids) = seeded();
    let err = create(
        &mut store,
        &mut ids,
        Kind::Engagement,
        "e0",
        json!({"name": "E", "time_zone": "Mars/Base", "default_cadence_days": 7}),
    );
    assert!(
        err.unwrap_err()
            .to_string()
            .contains("not an IANA time zone")
    );
    let e = json!({"name": "E", "time_zone": "Europe/Madrid", "default_cadence_days": 7});
    create(&mut store, &mut ids, Kind::Engagement, "e1", e.clone()).unwrap();
    let err = create(&mut store, &mut ids, Kind::Engagement, "e2", e).unwrap_err();
    assert!(err.to_string().contains("one per file"), "{err}");
    let err = create(
        &mut store,
        &mut ids,
        Kind::Party,
        "acme",
        json!({"name": "Again", "role": "client"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("already taken"), "{err}");
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, crate::Error::TooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer version of Candor"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn chain_links_every_event() {
    let (store, _) = seeded();
    let events = store.events(0, 10).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].prev_hash, crate::audit::GENESIS);
    assert_eq!(events[1].prev_hash, events[0].hash);
    assert_eq!(events[1].hash, events[1].compute_hash());
}

/// A record with a client person (maria) and a provider person (sam), who records.
fn two_sides() -> (Store, Ids) {
    let (mut store, mut ids) = seeded();
    create(
        &mut store,
        &mut ids,
        Kind::Party,
        "us",
        json!({"name": "Us", "role": "provider"}),
    )
    .unwrap();
    create(
        &mut store,
        &mut ids,
        Kind::Department,
        "us-ops",
        json!({"name": "Operations", "party": "us"}),
    )
    .unwrap();
    create(
        &mut store,
        &mut ids,
        Kind::Person,
        "maria",
        json!({"name": "Maria Lopez", "department": "acme-finance"}),
    )
    .unwrap();
    create(
        &mut store,
        &mut ids,
        Kind::Person,
        "sam",
        json!({"name": "Sam Carter", "department": "us-ops"}),
    )
    .unwrap();
    (store, ids)
}

fn by(actor: &str, minute: u32) -> Author {
    Author::new(
        actor,
        Utc.with_ymd_and_hms(2026, 11, 2, 10, minute, 0).unwrap(),
    )
}

/// Sam Carter (the provider's person) records `change` at minute `minute`.
fn sam(
    store: &mut Store,
    ids: &mut Ids,
    minute: u32,
    change: Change,
) -> crate::Result<Vec<(Key, u32)>> {
    store.apply(&by("sam", minute), ids, vec![change])
}

/// A new entity of `kind` under `key`.
fn new(kind: Kind, key: &str, data: Value) -> Change {
    Change::Create {
        kind,
        key: Some(Key::from(key)),
        data,
    }
}

fn set(key: &str, base: u32, field: &str, value: Value) -> Change {
    Change::Amend {
        key: Key::from(key),
        base,
        fields: serde_json::Map::from_iter([(field.to_owned(), value)]),
        reason: "corrected".into(),
    }
}

#[test]
fn amends_of_different_fields_from_one_base_keep_both() {
    let (mut store, mut ids) = two_sides();
    sam(
        &mut store,
        &mut ids,
        1,
        set("maria", 1, "title", json!("Director")),
    )
    .unwrap();
    sam(
        &mut store,
        &mut ids,
        2,
        set("maria", 1, "authority_level", json!(4)),
    )
    .unwrap();
    let row = store.require(&Key::from("maria")).unwrap();
    assert_eq!(row.version, 3);
    assert_eq!(row.data["title"], "Director");
    assert_eq!(row.data["authority_level"], 4);
    assert!(verify(&store, None).unwrap().ok());
}

#[test]
fn amends_of_one_field_from_one_base_conflict_and_name_who_changed_it() {
    let (mut store, mut ids) = two_sides();
    sam(
        &mut store,
        &mut ids,
        1,
        set("maria", 1, "title", json!("Director")),
    )
    .unwrap();
    let head = store.head().unwrap();
    let err = sam(
        &mut store,
        &mut ids,
        2,
        set("maria", 1, "title", json!("Head of finance")),
    )
    .unwrap_err();
    let crate::Error::Conflict(c) = err else {
        panic!("not a conflict: {err}")
    };
    assert_eq!((c.base, c.current), (1, 2));
    assert_eq!(c.fields, vec!["title".to_owned()]);
    assert_eq!(
        (c.changed_by.as_str(), c.changed_by_name.as_str()),
        ("sam", "Sam Carter")
    );
    assert_eq!(c.changed_at, "2026-11-02T10:01:00.000Z");
    assert_eq!(store.head().unwrap(), head, "nothing was written");
    // The same value as is on record now is no conflict, and nothing to amend.
    let err = sam(
        &mut store,
        &mut ids,
        3,
        set("maria", 1, "title", json!("Director")),
    )
    .unwrap_err();
    assert!(err.to_string().contains("nothing to amend"), "{err}");
    // A base that does not exist is invalid input.
    let err = sam(
        &mut store,
        &mut ids,
        3,
        set("maria", 9, "title", json!("X")),
    )
    .unwrap_err();
    assert!(err.to_string().contains("has no version 9"), "{err}");
}

#[test]
fn a_void_based_on_an_old_version_conflicts() {
    let (mut store, mut ids) = two_sides();
    create(
        &mut store,
        &mut ids,
        Kind::Matter,
        "m",
        json!({"name": "Cut-off"}),
    )
    .unwrap_or_default();
    sam(
        &mut store,
        &mut ids,
        1,
        new(Kind::Matter, "m2", json!({"name": "Cut-off"})),
    )
    .unwrap();
    sam(
        &mut store,
        &mut ids,
        2,
        set("m2", 1, "name", json!("Invoice cut-off")),
    )
    .unwrap();
    let void = |base| Change::Void {
        key: "m2".into(),
        base,
        reason: "mistake".into(),
    };
    let err = sam(&mut store, &mut ids, 3, void(1)).unwrap_err();
    assert!(
        matches!(&err, crate::Error::Conflict(c) if c.fields == ["name"]),
        "{err}"
    );
    sam(&mut store, &mut ids, 3, void(2)).unwrap();
}

#[test]
fn only_provider_people_author_changes() {
    let (mut store, mut ids) = two_sides();
    let matter = || {
        vec![Change::Create {
            kind: Kind::Matter,
            key: None,
            data: json!({"name": "Cut-off"}),
        }]
    };
    let err = store
        .apply(&by("maria", 1), &mut ids, matter())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Maria Lopez is not a person of the provider"),
        "{err}"
    );
    let err = store
        .apply(&by(Author::BOOTSTRAP, 1), &mut ids, matter())
        .unwrap_err();
    assert!(
        err.to_string().contains("not by the bootstrap actor"),
        "{err}"
    );
    let err = store
        .apply(&by("nobody-at-all", 1), &mut ids, matter())
        .unwrap_err();
    assert!(
        err.to_string().contains("is not a person of this record"),
        "{err}"
    );
    store.apply(&by("sam", 1), &mut ids, matter()).unwrap();
    // A newcomer records themself as a provider person, but not as a client one.
    let me = |key: &str, dept: &str| {
        vec![Change::Create {
            kind: Kind::Person,
            key: Some(key.into()),
            data: json!({"name": key, "department": dept}),
        }]
    };
    store
        .apply(&by("lena", 2), &mut ids, me("lena", "us-ops"))
        .unwrap();
    let err = store
        .apply(&by("tomas", 2), &mut ids, me("tomas", "acme-finance"))
        .unwrap_err();
    assert!(
        err.to_string().contains("is not a person of this record"),
        "{err}"
    );
    // A voided provider person no longer records.
    sam(
        &mut store,
        &mut ids,
        3,
        Change::Void {
            key: "lena".into(),
            base: 1,
            reason: "left".into(),
        },
    )
    .unwrap();
    assert!(store.apply(&by("lena", 4), &mut ids, matter()).is_err());
}

#[test]
fn a_side_once_recorded_is_fixed() {
    let (mut store, mut ids) = two_sides();
    for (change, field) in [
        (set("maria", 1, "department", json!("us-ops")), "department"),
        (set("acme-finance", 1, "party", json!("us")), "party"),
        (set("acme", 1, "role", json!("provider")), "role"),
    ] {
        let err = sam(&mut store, &mut ids, 1, change).unwrap_err();
        let crate::Error::Invalid(errors) = &err else {
            panic!("{err}")
        };
        assert_eq!(errors[0].field, field, "{err}");
        assert!(err.to_string().contains("fixed once recorded"), "{err}");
    }
    // Moving within one's own party is fine; changing sides is a new person.
    create(
        &mut store,
        &mut ids,
        Kind::Department,
        "acme-ap",
        json!({"name": "AP", "party": "acme"}),
    )
    .unwrap_err();
    sam(
        &mut store,
        &mut ids,
        2,
        new(
            Kind::Department,
            "acme-ap",
            json!({"name": "AP", "party": "acme"}),
        ),
    )
    .unwrap();
    sam(
        &mut store,
        &mut ids,
        3,
        set("maria", 1, "department", json!("acme-ap")),
    )
    .unwrap();
    sam(
        &mut store,
        &mut ids,
        4,
        new(
            Kind::Person,
            "maria-us",
            json!({"name": "Maria Lopez", "department": "us-ops", "formerly": "maria"}),
        ),
    )
    .unwrap();
    store
        .apply(
            &by("maria-us", 5),
            &mut ids,
            vec![set("maria-us", 1, "title", json!("Consultant"))],
        )
        .unwrap();
}

#[test]
fn a_full_disk_writes_nothing_and_reads_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut store = Store::create(&path).unwrap();
    let mut ids = Ids::seeded(3);
    create(
        &mut store,
        &mut ids,
        Kind::Party,
        "acme",
        json!({"name": "Acme", "role": "client"}),
    )
    .unwrap();
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let head = store.head().unwrap();
    let big = "x".repeat(64 * 1024);
    let err = create(
        &mut store,
        &mut ids,
        Kind::Party,
        "big",
        json!({"name": big, "role": "client"}),
    )
    .unwrap_err();
    assert!(matches!(err, crate::Error::DiskFull(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("the disk is full") && text.contains("full.db"),
        "{text}"
    );
    assert_eq!(text.matches("full").count(), 2, "said once: {text}");
    assert_eq!(store.head().unwrap(), head);
    assert_eq!(store.list(Kind::Party, false).unwrap().len(), 1);
    assert!(verify(&store, None).unwrap().ok());
}

#[test]
fn a_newer_database_with_its_wal_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let conn = rusqlite::Connection::open(&live).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99;",
    )
    .unwrap();
    // Copy the file and its WAL while the newer Candor still has them open.
    let path = dir.path().join("left.db");
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", live.display()),
            format!("{}{suffix}", path.display()),
        )
        .unwrap();
    }
    drop(conn);
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    let (db_before, wal_before) = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
    assert!(!wal_before.is_empty());
    for open in [Store::open, Store::create, Store::open_read_only] {
        let err = open(&path).err().expect("refused");
        assert!(err.to_string().contains("newer version of Candor"), "{err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), db_before);
    assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
}

#[test]
fn only_creating_opens_make_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.db");
    assert!(matches!(
        Store::open(&path).err(),
        Some(crate::Error::NotFound(_))
    ));
    assert!(Store::open_read_only(&path).is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    Store::create(&path).unwrap();
    assert!(path.is_file());
}

#[test]
fn an_atomic_run_that_fails_writes_nothing() {
    let (mut store, mut ids) = two_sides();
    let head = store.head().unwrap();
    let err = store
        .atomically(|s| {
            s.apply(
                &by("sam", 1),
                &mut ids,
                vec![Change::Create {
                    kind: Kind::Matter,
                    key: None,
                    data: json!({"name": "A"}),
                }],
            )?;
            s.apply(
                &by("sam", 2),
                &mut ids,
                vec![Change::Create {
                    kind: Kind::Matter,
                    key: None,
                    data: json!({"name": ""}),
                }],
            )
        })
        .unwrap_err();
    assert!(matches!(err, crate::Error::Invalid(_)), "{err}");
    assert_eq!(store.head().unwrap(), head);
    assert!(store.list(Kind::Matter, false).unwrap().is_empty());
}

#[test]
fn a_note_left_by_a_killed_writer_is_checked_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crashed.db");
    drop(Store::create(&path).unwrap());
    let note = dir.path().join("crashed.db-writer");
    // No process has this pid (above Linux's pid_max).
    std::fs::write(&note, "pid 4294967295: candor import mbox big.mbox\n").unwrap();
    Store::open(&path).unwrap();
    assert!(!note.exists(), "the stale note is cleared after the check");
    // A live writer's note is left alone.
    std::fs::write(&note, format!("pid {}: candor\n", std::process::id())).unwrap();
    Store::open(&path).unwrap();
    assert!(note.exists());
}
