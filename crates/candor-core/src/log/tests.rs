use super::*;
use crate::audit::verify;
use crate::kind::Kind;
use crate::store::{Author, Change};
use crate::{Ids, demo};
use chrono::Duration;
use std::collections::BTreeSet;

/// Who takes part in a communication, as the log's filters mean it: its
/// sender and participants, their departments and those departments' parties.
fn taking_part(store: &Store, comm: &EntityRow) -> BTreeSet<String> {
    let mut people: Vec<String> = comm.data["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    people.extend(comm.data["from"].as_str().map(str::to_owned));
    let mut out = BTreeSet::new();
    for p in people {
        let person = store.require(&Key(p.clone())).unwrap();
        let department = person.data["department"].as_str().unwrap().to_owned();
        let party = store.require(&Key(department.clone())).unwrap().data["party"]
            .as_str()
            .unwrap()
            .to_owned();
        out.extend([p, department, party]);
    }
    out
}

/// Every person, department and party filter lists exactly the live
/// communications they take part in, newest first, with the right total.
fn filters_agree(store: &Store) {
    let mut comms = store.list(Kind::Communication, false).unwrap();
    let rowid = |r: &EntityRow| -> i64 {
        store
            .query_one(
                "SELECT rowid FROM entities WHERE key = ?1",
                std::slice::from_ref(&r.key.0),
            )
            .unwrap()
    };
    comms.sort_by(|a, b| {
        let at = |r: &EntityRow| r.data["occurred_at"].as_str().unwrap().to_owned();
        at(b).cmp(&at(a)).then(rowid(b).cmp(&rowid(a)))
    });
    let members: Vec<(EntityRow, BTreeSet<String>)> = comms
        .into_iter()
        .map(|c| {
            let m = taking_part(store, &c);
            (c, m)
        })
        .collect();
    assert_eq!(
        list(store, &Filter::default(), 0, 1000).unwrap().total,
        members.len() as i64
    );
    for kind in [Kind::Person, Kind::Department, Kind::Party] {
        for who in store.list(kind, false).unwrap() {
            let mut filter = Filter::default();
            match kind {
                Kind::Person => filter.person = Some(who.key.clone()),
                Kind::Department => filter.department = Some(who.key.clone()),
                _ => filter.party = Some(who.key.clone()),
            }
            let want: Vec<&Key> = members
                .iter()
                .filter(|(_, m)| m.contains(who.key.as_str()))
                .map(|(c, _)| &c.key)
                .collect();
            let page = list(store, &filter, 0, 1000).unwrap();
            let got: Vec<&Key> = page.rows.iter().map(|r| &r.key).collect();
            assert_eq!(got, want, "{} {}", kind.as_str(), who.label);
            assert_eq!(page.total, want.len() as i64, "{}", who.label);
            filter.kind = Some("email".into());
            let emails = list(store, &filter, 0, 1000).unwrap();
            let want_emails = members
                .iter()
                .filter(|(c, m)| m.contains(who.key.as_str()) && c.data["kind"] == "email")
                .count();
            assert_eq!(emails.total, want_emails as i64, "{} emails", who.label);
            assert_eq!(emails.rows.len(), want_emails);
            let Some(&newest) = want.first() else {
                continue;
            };
            let zone = store.time_zone().unwrap();
            let week_of = |key: &Key| {
                let c = &members.iter().find(|(c, _)| &c.key == key).unwrap().0;
                let at = crate::time::parse(c.data["occurred_at"].as_str().unwrap()).unwrap();
                crate::time::iso_week_of(at, zone)
            };
            filter.kind = None;
            filter.week = Some(week_of(newest));
            let week = list(store, &filter, 0, 1000).unwrap();
            let want_week: Vec<&Key> = want
                .iter()
                .copied()
                .filter(|k| Some(week_of(k)) == filter.week)
                .collect();
            let got: Vec<&Key> = week.rows.iter().map(|r| &r.key).collect();
            assert_eq!(got, want_week, "{} in {:?}", who.label, filter.week);
            assert_eq!(week.total, want_week.len() as i64);
        }
    }
}

#[test]
fn the_participants_index_follows_every_write_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("log.db")).unwrap();
    let now = demo::default_now();
    demo::load(&mut store, now, 7).unwrap();
    filters_agree(&store);

    let sam = store.resolve(Kind::Person, "Sam Carter").unwrap().key;
    let mut ids = Ids::seeded(11);
    let mut minute = 0;
    let mut write = |store: &mut Store, change: Change| {
        minute += 1;
        let author = Author::new(sam.as_str(), now + Duration::minutes(minute));
        store.apply(&author, &mut ids, vec![change]).unwrap();
    };
    let departments = store.list(Kind::Department, false).unwrap();
    let maria = store.resolve(Kind::Person, "Maria Lopez").unwrap();
    let elsewhere = departments
        .iter()
        .find(|d| maria.data["department"] != d.key.as_str())
        .unwrap();
    let mut moved = maria.data.clone();
    moved["department"] = elsewhere.key.as_str().into();
    write(
        &mut store,
        Change::amend(&maria, &moved, "moved department"),
    );
    filters_agree(&store);

    // Of the communications no other entry cites (the rules of engagement cite two).
    let cited: Vec<serde_json::Value> = store
        .list(Kind::Rules, false)
        .unwrap()
        .into_iter()
        .map(|r| r.data["sent_in"].clone())
        .collect();
    let comms: Vec<_> = store
        .list(Kind::Communication, false)
        .unwrap()
        .into_iter()
        .filter(|c| !cited.contains(&serde_json::json!(c.key)))
        .collect();
    write(&mut store, Change::void(&comms[0], "entered twice"));
    let mut fewer = comms[1].data.clone();
    fewer["participants"] = serde_json::json!([sam.as_str()]);
    fewer["kind"] = if fewer["kind"] == "email" {
        "call"
    } else {
        "email"
    }
    .into();
    write(
        &mut store,
        Change::amend(&comms[1], &fewer, "only Sam was there"),
    );
    filters_agree(&store);

    let checked = verify(&store, None).unwrap();
    assert!(checked.ok(), "{:?}", checked.findings);
}

#[test]
fn a_file_of_the_schema_before_is_filed_by_its_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = Store::create(&path).unwrap();
    demo::load(&mut store, demo::default_now(), 7).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE comm_watch; DROP INDEX entities_recorded;
         DROP TABLE comm_members; DROP INDEX comm_index_kind; DROP INDEX comm_index_channel;
         DELETE FROM meta WHERE name = 'live_communications'; DROP TABLE mail_folders; DROP TABLE mail_accounts; DROP TABLE outbox; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    filters_agree(&store);
    let checked = verify(&store, None).unwrap();
    assert!(checked.ok(), "{:?}", checked.findings);
}
