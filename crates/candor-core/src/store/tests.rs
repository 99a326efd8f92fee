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

fn by(actor: &str, minute: u32) -> Author {
    Author::new(
        actor,
        Utc.with_ymd_and_hms(2026, 11, 2, 10, minute, 0).unwrap(),
    )
}

/// A record under test: its store and the source of its ids.
struct Record {
    store: Store,
    ids: Ids,
}

impl Record {
    fn new(store: Store, seed: u64) -> Record {
        Record {
            store,
            ids: Ids::seeded(seed),
        }
    }

    /// `author` records `changes` in one write.
    fn apply(&mut self, author: &Author, changes: Vec<Change>) -> crate::Result<Vec<(Key, u32)>> {
        self.store.apply(author, &mut self.ids, changes)
    }

    /// The bootstrap actor creates `key`.
    fn create(&mut self, kind: Kind, key: &str, data: Value) -> crate::Result<Vec<(Key, u32)>> {
        self.apply(&at(0), vec![new(kind, key, data)])
    }

    /// Sam Carter (the provider's person) records `change` at minute `minute`.
    fn sam(&mut self, minute: u32, change: Change) -> crate::Result<Vec<(Key, u32)>> {
        self.apply(&by("sam", minute), vec![change])
    }

    /// The bootstrap actor creates each of `entities`, one change at a time; all are valid.
    fn create_all(&mut self, entities: Vec<Change>) {
        for change in entities {
            self.apply(&at(0), vec![change]).unwrap();
        }
    }
}

/// The error of `result`, which must be one that says `says`.
#[track_caller]
fn refused<T: std::fmt::Debug>(result: crate::Result<T>, says: &str) -> crate::Error {
    let err = result.unwrap_err();
    assert!(err.to_string().contains(says), "{err}");
    err
}

/// A new entity of `kind` under `key`.
fn new(kind: Kind, key: &str, data: Value) -> Change {
    Change::Create {
        kind,
        key: Some(Key::from(key)),
        data,
    }
}

fn party(key: &str, name: &str, role: &str) -> Change {
    new(Kind::Party, key, json!({"name": name, "role": role}))
}

fn department(key: &str, name: &str, party: &str) -> Change {
    new(Kind::Department, key, json!({"name": name, "party": party}))
}

fn person(key: &str, name: &str, department: &str) -> Change {
    new(
        Kind::Person,
        key,
        json!({"name": name, "department": department}),
    )
}

/// A new matter named `name`, under a key from the record's ids.
fn matter(name: &str) -> Change {
    Change::Create {
        kind: Kind::Matter,
        key: None,
        data: json!({ "name": name }),
    }
}

fn set(key: &str, base: u32, field: &str, value: Value) -> Change {
    amend(key, base, field, value, "corrected")
}

fn amend(key: &str, base: u32, field: &str, value: Value, reason: &str) -> Change {
    Change::Amend {
        key: Key::from(key),
        base,
        fields: serde_json::Map::from_iter([(field.to_owned(), value)]),
        reason: reason.into(),
    }
}

fn void(key: &str, base: u32, reason: &str) -> Change {
    Change::Void {
        key: key.into(),
        base,
        reason: reason.into(),
    }
}

fn seeded() -> Record {
    let mut r = Record::new(Store::open_in_memory().unwrap(), 7);
    r.create_all(vec![
        party("acme", "Acme", "client"),
        department("acme-finance", "Finance", "acme"),
    ]);
    r
}

/// A record with a client person (maria) and a provider person (sam), who records.
fn two_sides() -> Record {
    let mut r = seeded();
    r.create_all(vec![
        party("us", "Us", "provider"),
        department("us-ops", "Operations", "us"),
        person("maria", "Maria Lopez", "acme-finance"),
        person("sam", "Sam Carter", "us-ops"),
    ]);
    r
}

#[test]
fn unknown_reference_is_refused_and_nothing_is_written() {
    let mut r = seeded();
    let head = r.store.head().unwrap();
    let batch = vec![
        party("ok", "Fine", "provider"),
        Change::Create {
            kind: Kind::Person,
            key: None,
            data: json!({"name": "Maria", "department": "nope"}),
        },
    ];
    refused(
        r.apply(&at(1), batch),
        "person.department: no department has the key \"nope\"",
    );
    assert_eq!(
        r.store.head().unwrap(),
        head,
        "the first change of the batch was rolled back"
    );
    assert!(r.store.get(&Key::from("ok")).unwrap().is_none());
}

#[test]
fn reference_to_wrong_kind_and_bad_fields_are_named() {
    let mut r = seeded();
    let err = r
        .create(
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
    let colour = json!({"name": "Q", "role": "client", "colour": "red"});
    refused(r.create(Kind::Party, "q", colour), "unknown field `colour`");
}

#[test]
fn amend_needs_a_reason_and_a_change_and_keeps_history() {
    let mut r = seeded();
    let key = Key::from("acme-finance");
    let data = json!({"name": "Finance & Treasury", "party": "acme"});
    let row = r.store.require(&key).unwrap();
    let unexplained = vec![Change::amend(&row, &data, " ")];
    refused(
        r.apply(&at(2), unexplained),
        "a reason is required to amend",
    );
    let same = amend(key.as_str(), 1, "name", json!("Finance"), "no-op");
    refused(r.apply(&at(2), vec![same]), "nothing to amend");
    let renamed = Change::amend(&row, &data, "renamed in the org chart");
    r.apply(&at(3), vec![renamed]).unwrap();
    let history = r.store.history(&key).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[1].version.reason.as_deref(),
        Some("renamed in the org chart")
    );
    assert_eq!(history[0].version.data.as_ref().unwrap()["name"], "Finance");
    assert_eq!(r.store.require(&key).unwrap().version, 2);
}

#[test]
fn void_keeps_the_entry_and_refuses_while_referenced() {
    let mut r = seeded();
    refused(
        r.apply(&at(4), vec![void("acme", 1, "mistake")]),
        "still referred to by department acme-finance (party)",
    );
    r.apply(&at(4), vec![void("acme-finance", 1, "entered twice")])
        .unwrap();
    let row = r.store.require(&Key::from("acme-finance")).unwrap();
    assert!(row.voided);
    assert!(r.store.list(Kind::Department, false).unwrap().is_empty());
    assert_eq!(r.store.list(Kind::Department, true).unwrap().len(), 1);
    let renamed = amend("acme-finance", 2, "name", json!("X"), "r");
    refused(r.apply(&at(5), vec![renamed]), "is voided");
    assert!(verify(&r.store, None).unwrap().ok());
}

#[test]
fn one_engagement_per_file_and_duplicate_keys_refused() {
    let mut r = seeded();
    let mars = json!({"name": "E", "time_zone": "Mars/Base", "default_cadence_days": 7});
    refused(
        r.create(Kind::Engagement, "e0", mars),
        "not an IANA time zone",
    );
    let e = json!({"name": "E", "time_zone": "Europe/Madrid", "default_cadence_days": 7});
    r.create(Kind::Engagement, "e1", e.clone()).unwrap();
    refused(r.create(Kind::Engagement, "e2", e), "one per file");
    let again = party("acme", "Again", "client");
    refused(r.apply(&at(0), vec![again]), "already taken");
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
    let r = seeded();
    let events = r.store.events(0, 10).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].prev_hash, crate::audit::GENESIS);
    assert_eq!(events[1].prev_hash, events[0].hash);
    assert_eq!(events[1].hash, events[1].compute_hash());
}

#[test]
fn amends_of_different_fields_from_one_base_keep_both() {
    let mut r = two_sides();
    r.sam(1, set("maria", 1, "title", json!("Director")))
        .unwrap();
    r.sam(2, set("maria", 1, "authority_level", json!(4)))
        .unwrap();
    let row = r.store.require(&Key::from("maria")).unwrap();
    assert_eq!(row.version, 3);
    assert_eq!(row.data["title"], "Director");
    assert_eq!(row.data["authority_level"], 4);
    assert!(verify(&r.store, None).unwrap().ok());
}

#[test]
fn amends_of_one_field_from_one_base_conflict_and_name_who_changed_it() {
    let mut r = two_sides();
    r.sam(1, set("maria", 1, "title", json!("Director")))
        .unwrap();
    let head = r.store.head().unwrap();
    let err = r
        .sam(2, set("maria", 1, "title", json!("Head of finance")))
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
    assert_eq!(r.store.head().unwrap(), head, "nothing was written");
    // The same value as is on record now is no conflict, and nothing to amend.
    let same = set("maria", 1, "title", json!("Director"));
    refused(r.sam(3, same), "nothing to amend");
    // A base that does not exist is invalid input.
    let unknown_base = set("maria", 9, "title", json!("X"));
    refused(r.sam(3, unknown_base), "has no version 9");
}

#[test]
fn a_void_based_on_an_old_version_conflicts() {
    let mut r = two_sides();
    r.create(Kind::Matter, "m", json!({"name": "Cut-off"}))
        .unwrap_or_default();
    r.sam(1, new(Kind::Matter, "m2", json!({"name": "Cut-off"})))
        .unwrap();
    r.sam(2, set("m2", 1, "name", json!("Invoice cut-off")))
        .unwrap();
    let err = r.sam(3, void("m2", 1, "mistake")).unwrap_err();
    assert!(
        matches!(&err, crate::Error::Conflict(c) if c.fields == ["name"]),
        "{err}"
    );
    r.sam(3, void("m2", 2, "mistake")).unwrap();
}

#[test]
fn only_provider_people_author_changes() {
    let mut r = two_sides();
    let cut_off = || vec![matter("Cut-off")];
    refused(
        r.apply(&by("maria", 1), cut_off()),
        "Maria Lopez is not a person of the provider",
    );
    refused(
        r.apply(&by(Author::BOOTSTRAP, 1), cut_off()),
        "not by the bootstrap actor",
    );
    let stranger = r.apply(&by("nobody-at-all", 1), cut_off());
    refused(stranger, "is not a person of this record");
    r.apply(&by("sam", 1), cut_off()).unwrap();
    // A newcomer records themself as a provider person, but not as a client one.
    let me = |key: &str, dept: &str| vec![person(key, key, dept)];
    r.apply(&by("lena", 2), me("lena", "us-ops")).unwrap();
    let client_newcomer = r.apply(&by("tomas", 2), me("tomas", "acme-finance"));
    refused(client_newcomer, "is not a person of this record");
    // A voided provider person no longer records.
    r.sam(3, void("lena", 1, "left")).unwrap();
    assert!(r.apply(&by("lena", 4), cut_off()).is_err());
}

#[test]
fn a_side_once_recorded_is_fixed() {
    let mut r = two_sides();
    for (change, field) in [
        (set("maria", 1, "department", json!("us-ops")), "department"),
        (set("acme-finance", 1, "party", json!("us")), "party"),
        (set("acme", 1, "role", json!("provider")), "role"),
    ] {
        let err = r.sam(1, change).unwrap_err();
        let crate::Error::Invalid(errors) = &err else {
            panic!("{err}")
        };
        assert_eq!(errors[0].field, field, "{err}");
        assert!(err.to_string().contains("fixed once recorded"), "{err}");
    }
    // Moving within one's own party is fine; changing sides is a new person.
    r.apply(&at(0), vec![department("acme-ap", "AP", "acme")])
        .unwrap_err();
    r.sam(2, department("acme-ap", "AP", "acme")).unwrap();
    r.sam(3, set("maria", 1, "department", json!("acme-ap")))
        .unwrap();
    let moved = json!({"name": "Maria Lopez", "department": "us-ops", "formerly": "maria"});
    r.sam(4, new(Kind::Person, "maria-us", moved)).unwrap();
    let retitled = set("maria-us", 1, "title", json!("Consultant"));
    r.apply(&by("maria-us", 5), vec![retitled]).unwrap();
}

#[test]
fn a_full_disk_writes_nothing_and_reads_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut r = Record::new(Store::create(&path).unwrap(), 3);
    r.create_all(vec![party("acme", "Acme", "client")]);
    let pages: i64 = r
        .store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    r.store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let head = r.store.head().unwrap();
    let big = "x".repeat(64 * 1024);
    let err = r
        .apply(&at(0), vec![party("big", &big, "client")])
        .unwrap_err();
    assert!(matches!(err, crate::Error::DiskFull(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("the disk is full") && text.contains("full.db"),
        "{text}"
    );
    assert_eq!(text.matches("full").count(), 2, "said once: {text}");
    assert_eq!(r.store.head().unwrap(), head);
    assert_eq!(r.store.list(Kind::Party, false).unwrap().len(), 1);
    assert!(verify(&r.store, None).unwrap().ok());
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
    let mut r = two_sides();
    let head = r.store.head().unwrap();
    let err = r
        .store
        .atomically(|s| {
            s.apply(&by("sam", 1), &mut r.ids, vec![matter("A")])?;
            s.apply(&by("sam", 2), &mut r.ids, vec![matter("")])
        })
        .unwrap_err();
    assert!(matches!(err, crate::Error::Invalid(_)), "{err}");
    assert_eq!(r.store.head().unwrap(), head);
    assert!(r.store.list(Kind::Matter, false).unwrap().is_empty());
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

#[test]
fn verify_reports_its_three_passes_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("p.db")).unwrap();
    crate::demo::load(&mut store, crate::demo::default_now(), 3).unwrap();
    let mut seen = Vec::new();
    let checked = crate::audit::verify_with_progress(&store, None, |p| seen.push(p)).unwrap();
    assert!(checked.ok());
    assert!(seen.iter().all(|p| p.passes == 3 && p.done <= p.total));
    assert!(seen.windows(2).all(|w| w[0].pass <= w[1].pass));
    let stages: Vec<&str> = seen.iter().map(|p| p.stage).collect();
    for stage in ["the chain", "the tables", "the file"] {
        assert!(stages.contains(&stage), "{stages:?}");
    }
    let last = seen.last().unwrap();
    assert_eq!((last.pass, last.done, last.total), (3, 1, 1));
    let tables = seen.iter().rfind(|p| p.pass == 2).unwrap();
    assert_eq!(tables.done, checked.events as u64);
}

/// A copy of `server`'s record, joined to it as Sam.
fn copy_of(server: &Record) -> Record {
    let mut copy = Record::new(Store::open_in_memory().unwrap(), 99);
    copy.store
        .append_events(&server.store.events(0, i64::MAX).unwrap())
        .unwrap();
    copy.store
        .join(&Remote {
            url: "http://127.0.0.1:1".into(),
            engagement: "e".into(),
            account: "sam".into(),
            person: "sam".into(),
        })
        .unwrap();
    copy
}

#[test]
fn a_copy_takes_the_servers_events_verbatim_and_verifies() {
    let mut server = two_sides();
    let mut copy = copy_of(&server);
    server.sam(1, matter("Payroll")).unwrap();
    let head = copy.store.head().unwrap().unwrap().seq;
    copy.store
        .append_events(&server.store.events(head, i64::MAX).unwrap())
        .unwrap();
    assert_eq!(
        copy.store.events(0, i64::MAX).unwrap(),
        server.store.events(0, i64::MAX).unwrap()
    );
    assert!(verify(&copy.store, None).unwrap().ok());
    assert_eq!(copy.store.list(Kind::Matter, false).unwrap().len(), 1);
}

#[test]
fn a_copy_refuses_events_that_do_not_link_or_were_altered() {
    let mut server = two_sides();
    let mut copy = copy_of(&server);
    server.sam(1, matter("Payroll")).unwrap();
    server.sam(2, matter("Benefits")).unwrap();
    let head = copy.store.head().unwrap().unwrap().seq;
    let new = server.store.events(head, i64::MAX).unwrap();
    refused(copy.store.append_events(&new[1..]), "does not follow");
    let mut altered = new.clone();
    altered[0].payload = altered[0].payload.replace("Payroll", "Payrol");
    refused(copy.store.append_events(&altered), "hash does not match");
    assert_eq!(
        copy.store.head().unwrap().unwrap().seq,
        head,
        "nothing was taken"
    );
    copy.store.append_events(&new).unwrap();
}

#[test]
fn writes_to_a_copy_wait_in_the_outbox_and_build_on_each_other() {
    let server = two_sides();
    let mut copy = copy_of(&server);
    let head = copy.store.head().unwrap();
    let made = copy.sam(1, matter("Payroll")).unwrap();
    let (key, _) = made[0].clone();
    copy.sam(2, set(key.as_str(), 1, "name", json!("Payroll run")))
        .unwrap();
    refused(
        copy.sam(3, set(key.as_str(), 1, "name", json!("Payroll close"))),
        "changed",
    );
    assert_eq!(copy.store.head().unwrap(), head, "nothing is recorded here");
    assert!(copy.store.list(Kind::Matter, false).unwrap().is_empty());
    let out = copy.store.outbox().unwrap();
    assert_eq!(out.len(), 2);
    assert!(matches!(&out[0].changes[0], Change::Create { key: Some(k), .. } if *k == key));
    assert_eq!(out[1].state, "waiting");
    copy.store
        .settle(&out[1].client_id, Settled::Conflict("conflict: x".into()))
        .unwrap();
    copy.store
        .settle(&out[0].client_id, Settled::Accepted)
        .unwrap();
    let out = copy.store.outbox().unwrap();
    assert_eq!((out.len(), out[0].state.as_str()), (1, "conflict"));
}

#[test]
fn a_copy_refuses_writes_that_keep_originals() {
    let server = two_sides();
    let mut copy = copy_of(&server);
    let author = by("sam", 1);
    refused(
        copy.store.write(&mut copy.ids, |w| {
            w.put_blobs(&[b"From: a@example.com\r\n\r\nhello".to_vec()])?;
            w.apply(&author, matter("Imported"))
        }),
        "originals an import keeps cannot be sent",
    );
    assert!(copy.store.outbox().unwrap().is_empty());
}

fn mail_account(name: &str, sign_in: SignIn) -> MailAccount {
    MailAccount {
        name: name.into(),
        host: MICROSOFT_IMAP_HOST.into(),
        port: 993,
        security: Security::Tls,
        user: "lead@provider.example".into(),
        folders: vec!["INBOX".into()],
        sign_in,
    }
}

#[test]
fn a_mail_accounts_sign_in_is_kept_and_older_accounts_sign_in_with_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.db");
    let oauth = mail_account(
        "work",
        SignIn::OAuth(OAuthSettings::microsoft(
            "client-1",
            Some("contoso.example"),
        )),
    );
    {
        let mut store = Store::create(&path).unwrap();
        store.add_mail_account(&oauth).unwrap();
        assert_eq!(store.mail_account("work").unwrap(), oauth);
        let SignIn::OAuth(s) = &oauth.sign_in else {
            unreachable!()
        };
        assert_eq!(
            s.token_url,
            "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token"
        );
        let mut no_client = oauth.clone();
        no_client.name = "other".into();
        no_client.sign_in = SignIn::OAuth(OAuthSettings::microsoft(" ", None));
        refused(store.add_mail_account(&no_client), "client) id");
        // A file of schema 9, before accounts said how they sign in.
        store
            .conn
            .execute_batch(
                "DELETE FROM mail_accounts; ALTER TABLE mail_accounts DROP COLUMN sign_in;
                 INSERT INTO mail_accounts (name, host, port, security, user, folders)
                     VALUES ('old', 'imap.example', 993, 'tls', 'me@example.com', '[\"INBOX\"]');
                 PRAGMA user_version = 9;",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest());
    let accounts = store.mail_accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].sign_in, SignIn::Password, "{accounts:?}");
}

#[test]
fn an_account_read_from_json_without_a_sign_in_signs_in_with_a_password() {
    let old = json!({"name": "a", "host": "h", "port": 993, "security": "tls", "user": "u", "folders": ["INBOX"]});
    let account: MailAccount = serde_json::from_value(old).unwrap();
    assert_eq!(account.sign_in, SignIn::Password);
    let oauth = mail_account("b", SignIn::OAuth(OAuthSettings::microsoft("c", None)));
    let text = serde_json::to_value(&oauth).unwrap();
    assert_eq!(text["sign_in"]["kind"], "oauth");
    assert_eq!(text["sign_in"]["tenant"], "common");
    assert_eq!(serde_json::from_value::<MailAccount>(text).unwrap(), oauth);
}
