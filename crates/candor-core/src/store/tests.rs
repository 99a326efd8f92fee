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
                Change::Create {
                    kind: Kind::Party,
                    key: Some("ok".into()),
                    data: json!({"name": "Fine", "role": "provider"}),
                },
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
    let err = store
        .apply(
            &at(2),
            &mut ids,
            vec![Change::Amend {
                key: key.clone(),
                data: data.clone(),
                reason: " ".into(),
            }],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("a reason is required to amend"),
        "{err}"
    );
    let same = store.require(&key).unwrap().data;
    let err = store
        .apply(
            &at(2),
            &mut ids,
            vec![Change::Amend {
                key: key.clone(),
                data: same,
                reason: "no-op".into(),
            }],
        )
        .unwrap_err();
    assert!(err.to_string().contains("nothing to amend"), "{err}");
    store
        .apply(
            &at(3),
            &mut ids,
            vec![Change::Amend {
                key: key.clone(),
                data,
                reason: "renamed in the org chart".into(),
            }],
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
                data: json!({"name": "X", "party": "acme"}),
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
