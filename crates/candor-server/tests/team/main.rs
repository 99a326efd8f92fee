//! The team server against a real PostgreSQL on loopback, started by the
//! tests (Debian's postgresql-15), and real `candor-server` processes. The
//! desktop's and the CLI's side is the same client they use (candor-sync)
//! over Candor files.

mod cli;
mod fixture;
mod load;

use candor_core::{Change, Key, Kind, Store};
use candor_sync::wire::{Outcome, PushItem};
use candor_sync::{Client, Error};
use fixture::{Cluster, Server};
use serde_json::json;
use std::time::Duration;

fn matter(name: &str) -> Change {
    Change::Create {
        kind: Kind::Matter,
        key: None,
        data: json!({ "name": name }),
    }
}

fn rename(key: &Key, base: u32, name: &str) -> Change {
    Change::Amend {
        key: key.clone(),
        base,
        fields: serde_json::Map::from_iter([("name".to_owned(), json!(name))]),
        reason: "renamed".into(),
    }
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .list(Kind::Matter, false)
        .unwrap()
        .into_iter()
        .map(|r| r.label)
        .collect();
    names.sort();
    names
}

fn all_events(client: &Client) -> Vec<candor_core::audit::Event> {
    let mut out = Vec::new();
    loop {
        let page = client.events(out.len() as i64).unwrap();
        if page.events.is_empty() {
            return out;
        }
        out.extend(page.events);
    }
}

#[test]
fn two_copies_record_offline_then_sync_to_one_chain_and_a_conflict_is_not_merged() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    server.member("alice", "lead");
    server.member("bob", "member");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, ca) = server.copy(dir.path(), "alice");
    let (mut b, cb) = server.copy(dir.path(), "bob");

    fixture::write(&mut a, vec![matter("Payroll cut-off")]);
    fixture::write(&mut a, vec![matter("Invoice run")]);
    fixture::write(&mut b, vec![matter("Benefits")]);
    assert!(
        names(&a).is_empty(),
        "offline, nothing is in the record yet"
    );

    let ra = candor_sync::sync(&mut a, &ca).unwrap();
    assert_eq!((ra.accepted, ra.waiting), (2, 0));
    let rb = candor_sync::sync(&mut b, &cb).unwrap();
    assert_eq!(rb.accepted, 1);
    candor_sync::sync(&mut a, &ca).unwrap();
    assert_eq!(names(&a), ["Benefits", "Invoice run", "Payroll cut-off"]);
    assert_eq!(names(&a), names(&b));

    let payroll = a
        .list(Kind::Matter, false)
        .unwrap()
        .into_iter()
        .find(|r| r.label == "Payroll cut-off")
        .unwrap();
    fixture::write(
        &mut a,
        vec![rename(&payroll.key, 1, "Payroll cut-off (monthly)")],
    );
    fixture::write(&mut b, vec![rename(&payroll.key, 1, "Payroll close")]);
    assert_eq!(candor_sync::sync(&mut a, &ca).unwrap().accepted, 1);
    let rb = candor_sync::sync(&mut b, &cb).unwrap();
    assert_eq!(rb.accepted, 0);
    assert_eq!(rb.refused.len(), 1, "{rb:?}");
    assert!(rb.refused[0].1.contains("conflict"), "{rb:?}");
    let outbox = b.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].state, "conflict");
    assert!(
        names(&b).contains(&"Payroll cut-off (monthly)".to_owned()),
        "the first writer's amendment stands; the second is not merged into it"
    );

    let canonical = all_events(&ca);
    assert_eq!(a.events(0, i64::MAX).unwrap(), canonical);
    assert_eq!(b.events(0, i64::MAX).unwrap(), canonical);
    for copy in [&a, &b] {
        assert!(candor_core::audit::verify(copy, None).unwrap().ok());
    }
    let working = Store::open_read_only(&server.working_copy()).unwrap();
    assert_eq!(working.events(0, i64::MAX).unwrap(), canonical);
}

#[test]
fn a_repeated_push_gets_its_first_answer_and_records_once() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    server.member("alice", "lead");
    let client = server.client("alice");
    let item = PushItem {
        client_id: "01900000-0000-7000-8000-000000000001".into(),
        made_at: chrono::Utc::now(),
        changes: vec![matter("Payroll")],
    };
    let first = client.push(vec![item.clone()]).unwrap();
    let again = client.push(vec![item]).unwrap();
    assert_eq!(first.answers, again.answers);
    assert!(matches!(first.answers[0].outcome, Outcome::Accepted { .. }));
    let events = all_events(&client);
    let matters = events
        .iter()
        .filter(|e| e.payload.contains("\"kind\":\"matter\""))
        .count();
    assert_eq!(matters, 1);
}

#[test]
fn every_role_is_checked_through_the_server() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    for (account, role) in [
        ("lena", "lead"),
        ("mo", "member"),
        ("ama", "account-manager"),
        ("ad", "admin"),
        ("vic", "viewer"),
    ] {
        server.member(account, role);
    }
    let push = |account: &str, changes: Vec<Change>| {
        let answer = server
            .client(account)
            .push(vec![PushItem {
                client_id: format!("{account}-{}", fixture::unique()),
                made_at: chrono::Utc::now(),
                changes,
            }])
            .unwrap();
        answer.answers[0].outcome.clone()
    };
    let refused = |outcome: Outcome, says: &str| match outcome {
        Outcome::Refused { message } => assert!(message.contains(says), "{message}"),
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    };
    let accepted = |outcome: Outcome| {
        assert!(matches!(outcome, Outcome::Accepted { .. }), "{outcome:?}");
    };
    accepted(push("lena", vec![matter("Lead's matter")]));
    accepted(push("mo", vec![matter("Member's matter")]));
    refused(
        push("vic", vec![matter("Viewer's matter")]),
        "permission missing: recording a matter needs the role lead or member",
    );
    refused(
        push("ama", vec![matter("AM's matter")]),
        "permission missing",
    );
    refused(
        push("ad", vec![matter("Admin's matter")]),
        "permission missing",
    );
    let copy_dir = tempfile::tempdir().unwrap();
    let (lena, _) = server.copy(copy_dir.path(), "lena");
    let engagement = lena.engagement().unwrap().unwrap();
    accepted(push(
        "ad",
        vec![Change::Amend {
            key: engagement.key.clone(),
            base: engagement.version,
            fields: serde_json::Map::from_iter([(
                "description".to_owned(),
                json!("Payroll for Acme"),
            )]),
            reason: "described".into(),
        }],
    ));
    refused(
        push(
            "lena",
            vec![Change::Amend {
                key: engagement.key.clone(),
                base: engagement.version + 1,
                fields: serde_json::Map::from_iter([("description".to_owned(), json!("x"))]),
                reason: "x".into(),
            }],
        ),
        "needs the role admin",
    );

    server.revoke("mo");
    match server.client("mo").push(vec![]) {
        Err(Error::Server(p)) => assert!(p.message.contains("revoked"), "{p:?}"),
        other => panic!("a revoked member is refused: {other:?}"),
    }
    for (account, password) in [("nobody", fixture::PASSWORD), ("lena", "not the password")] {
        match Client::login(&server.url, account, password) {
            Err(Error::Server(p)) => {
                assert_eq!(p.kind, "unauthorized");
                assert_eq!(p.message, "the account or the password is wrong");
            }
            other => panic!("{other:?}"),
        }
    }
    match Client::new(&server.url, "acme", "not-a-token").events(0) {
        Err(Error::Server(p)) => assert_eq!(p.kind, "unauthorized"),
        other => panic!("{other:?}"),
    }
    match server.client_of("lena", "other").events(0) {
        Err(Error::Server(p)) => assert_eq!(p.kind, "forbidden", "{p:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_copy_hears_of_the_teams_changes_while_online() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    server.member("alice", "lead");
    server.member("bob", "member");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, ca) = server.copy(dir.path(), "alice");
    let (mut b, cb) = server.copy(dir.path(), "bob");
    let seen = b.head().unwrap().unwrap().seq;
    let waiter = std::thread::spawn(move || cb.wait_for_head(seen, Duration::from_secs(10)));
    std::thread::sleep(Duration::from_millis(300));
    fixture::write(&mut a, vec![matter("Escalation")]);
    candor_sync::sync(&mut a, &ca).unwrap();
    let head = waiter.join().unwrap().unwrap();
    assert_eq!(head, Some(seen + 1), "the stream told of the new head");
    candor_sync::pull(&mut b, &server.client("bob")).unwrap();
    assert_eq!(names(&b), ["Escalation"]);
}

#[test]
fn killing_the_server_mid_push_loses_and_doubles_nothing() {
    let pg = Cluster::start();
    let mut server = Server::start(&pg);
    server.member("alice", "lead");
    let rounds = fixture::env_number("CANDOR_KILL_ROUNDS", 20);
    let mut acknowledged = std::collections::BTreeSet::new();
    let mut sent = Vec::new();
    for round in 0..rounds {
        let client = server.client("alice");
        let pusher = std::thread::spawn(move || {
            let mut acked = Vec::new();
            for i in 0..400 {
                let id = format!("r{round}-{i}");
                let item = PushItem {
                    client_id: id.clone(),
                    made_at: chrono::Utc::now(),
                    changes: vec![matter(&id)],
                };
                match client.push(vec![item]) {
                    Ok(p) if matches!(p.answers[0].outcome, Outcome::Accepted { .. }) => {
                        acked.push(id)
                    }
                    Ok(p) => panic!("refused: {p:?}"),
                    Err(_) => return (acked, i),
                }
            }
            (acked, 400)
        });
        std::thread::sleep(Duration::from_millis(40 + (round as u64 * 37) % 200));
        server.kill();
        let (acked, tried) = pusher.join().unwrap();
        acknowledged.extend(acked);
        sent.extend((0..=tried.min(399)).map(|i| format!("r{round}-{i}")));
        server.restart();
    }
    let client = server.client("alice");
    for id in &sent {
        let again = client
            .push(vec![PushItem {
                client_id: id.clone(),
                made_at: chrono::Utc::now(),
                changes: vec![matter(id)],
            }])
            .unwrap();
        assert!(
            matches!(again.answers[0].outcome, Outcome::Accepted { .. }),
            "{again:?}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (copy, _) = server.copy(dir.path(), "alice");
    assert!(candor_core::audit::verify(&copy, None).unwrap().ok());
    let recorded = names(&copy);
    let unique: std::collections::BTreeSet<_> = recorded.iter().cloned().collect();
    assert_eq!(recorded.len(), unique.len(), "no change is applied twice");
    for id in &acknowledged {
        assert!(unique.contains(id), "acknowledged {id} was lost");
    }
    assert_eq!(
        unique.len(),
        sent.iter().collect::<std::collections::BTreeSet<_>>().len()
    );
    assert!(!acknowledged.is_empty());
    eprintln!(
        "{rounds} kills: {} pushes acknowledged, {} sent, {} recorded",
        acknowledged.len(),
        sent.len(),
        unique.len()
    );
}

#[test]
fn a_short_load_of_five_members_is_recorded_whole() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    let figures = load::run(&server, "load", 5, Duration::ZERO, Duration::from_secs(5));
    figures.print();
    assert!(figures.pushes > 0);
}

#[test]
fn a_solo_file_moves_to_the_server_with_its_chain() {
    let pg = Cluster::start();
    let server = Server::start(&pg);
    let dir = tempfile::tempdir().unwrap();
    let solo = dir.path().join("solo.candor");
    let person = {
        let mut store = Store::create(&solo).unwrap();
        candor_core::demo::load(&mut store, candor_core::demo::default_now(), 7).unwrap();
        candor_core::identity::provider_people(&store).unwrap()[0]
            .0
            .clone()
    };
    server.import("solo", &solo);
    server.member_of("solo", "sam", person.as_str());
    let client = server.client_of("sam", "solo");
    let mut copy = Store::create(&dir.path().join("copy.candor")).unwrap();
    candor_sync::pull(&mut copy, &client).unwrap();
    let original = Store::open_read_only(&solo).unwrap();
    assert_eq!(
        copy.events(0, i64::MAX).unwrap(),
        original.events(0, i64::MAX).unwrap(),
        "the chain moved verbatim"
    );
    assert!(candor_core::audit::verify(&copy, None).unwrap().ok());
    let pushed = client
        .push(vec![PushItem {
            client_id: "viewer-1".into(),
            made_at: chrono::Utc::now(),
            changes: vec![matter("Viewer's")],
        }])
        .unwrap();
    assert!(
        matches!(&pushed.answers[0].outcome, Outcome::Refused { message } if message.contains("permission missing")),
        "{pushed:?}"
    );
}
