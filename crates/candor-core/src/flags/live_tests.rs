//! The live flags and the flags read through the watched communications are
//! exactly the flags of a full evaluation: after random writes of every kind,
//! made through the live host's own connection and through a second one, as
//! the clock advances (a property test over fixed seeds); and an evaluation
//! as of an instant is unchanged by what is recorded after it.

use super::*;
use crate::model::{FlagState, Party, PartyRole, Person};
use crate::{Author, Change, Ids, Key, Kind, Store, demo};
use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value, json};

/// Cases (seeds) and writes per case.
const CASES: u64 = 12;
const STEPS: usize = 30;

fn ts(t: DateTime<Utc>) -> String {
    crate::time::format(t)
}

/// The flags of a full evaluation of the whole record at `at`.
fn full(store: &Store, at: DateTime<Utc>) -> Value {
    serde_json::to_value(evaluate(&Snapshot::load(store, at).unwrap())).unwrap()
}

fn json_of(flags: &[Flag]) -> Value {
    serde_json::to_value(flags).unwrap()
}

/// The keys of the live entries of `kind`.
fn live_keys(store: &Store, kind: Kind) -> Vec<Key> {
    store
        .list(kind, false)
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .collect()
}

/// Up to `n` different entries of `from`, at random.
fn distinct(rng: &mut ChaCha8Rng, from: &[Key], n: usize) -> Vec<Key> {
    let mut out: Vec<Key> = Vec::new();
    for _ in 0..rng.random_range(1..=n) {
        let k = from.choose(rng).unwrap();
        if !out.contains(k) {
            out.push(k.clone());
        }
    }
    out
}

/// A day, as items give their due day.
fn day(t: DateTime<Utc>) -> String {
    t.date_naive().format("%Y-%m-%d").to_string()
}

/// The demo story, with older settled communications underneath, in a file.
pub(crate) fn record() -> (tempfile::TempDir, std::path::PathBuf, DateTime<Utc>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let now = crate::time::parse("2026-11-20T10:00:00.000Z").unwrap();
    let mut store = Store::create(&path).unwrap();
    demo::load(&mut store, now, 7).unwrap();
    demo::scale(&mut store, now, 7, 400).unwrap();
    let parties: Vec<(Key, Party)> = store.load().unwrap();
    let provider = parties
        .iter()
        .find(|(_, p)| p.role == PartyRole::Provider)
        .map(|(k, _)| k.clone())
        .unwrap();
    let departments: Vec<(Key, crate::model::Department)> = store.load().unwrap();
    let people: Vec<(Key, Person)> = store.load().unwrap();
    let actor = people
        .iter()
        .find(|(_, p)| {
            departments
                .iter()
                .any(|(k, d)| *k == p.department && d.party == provider)
        })
        .map(|(k, _)| k.0.clone())
        .unwrap();
    (dir, path, now, actor)
}

/// A random communication: any kind, status, direction and channel, with
/// items of every type, minutes sent or not, confirmed or not, in the past
/// or still to come.
fn communication(rng: &mut ChaCha8Rng, store: &Store, now: DateTime<Utc>) -> Value {
    let people = live_keys(store, Kind::Person);
    let matters = live_keys(store, Kind::Matter);
    let departments = live_keys(store, Kind::Department);
    let at = now + Duration::hours(rng.random_range(-24 * 20..24 * 3));
    let kind = *["meeting", "call", "email", "chat"].choose(rng).unwrap();
    let mut c = json!({
        "kind": kind,
        "occurred_at": ts(at),
        "status": *["held", "held", "held", "scheduled", "cancelled"].choose(rng).unwrap(),
        "direction": *["outbound", "inbound", "two_way", "internal"].choose(rng).unwrap(),
        "channel": *["official", "official", "official", "personal_phone", "personal_email"].choose(rng).unwrap(),
        "participants": distinct(rng, &people, 3),
        "subject": format!("Random {}", rng.random_range(0..10_000)),
    });
    if rng.random_bool(0.4) {
        // A plain update: nothing for a rule to watch, only the cadence.
        c["status"] = json!("held");
        c["direction"] = json!("outbound");
        c["channel"] = json!("official");
        return c;
    }
    if rng.random_bool(0.5) {
        let sent = at + Duration::hours(rng.random_range(0..24 * 6));
        c["minutes_sent_at"] = json!(ts(sent));
        if rng.random_bool(0.5) {
            c["confirmed_at"] = json!(ts(sent + Duration::hours(rng.random_range(0..24 * 6))));
        }
    }
    let mut items = Vec::new();
    for n in 0..rng.random_range(0..3) {
        let id = format!("i{}-{n}", rng.random_range(0..1_000_000));
        let item = match rng.random_range(0..4) {
            0 | 1 => {
                let mut i = json!({"id": id, "type": if rng.random_bool(0.5) { "agreement" } else { "action" },
                    "text": "Send the list", "owner": people.choose(rng).unwrap(),
                    "due": day(at + Duration::days(rng.random_range(-3..10)))});
                match rng.random_range(0..4) {
                    0 => i["status"] = json!("cancelled"),
                    1 => {
                        i["status"] = json!("done");
                        i["done_at"] = json!(ts(at + Duration::hours(rng.random_range(0..24 * 8))));
                    }
                    _ => {}
                }
                i
            }
            2 => {
                let position = *["Hold the run", "Release the run"].choose(rng).unwrap();
                json!({"id": id, "type": "instruction", "text": position, "position": position,
                    "department": departments.choose(rng).unwrap(), "matter": matters.choose(rng).unwrap()})
            }
            _ => {
                json!({"id": id, "type": "decision", "text": "Settled.", "matter": matters.choose(rng).unwrap()})
            }
        };
        items.push(item);
    }
    c["items"] = Value::Array(items);
    c
}

/// A random write of any kind the rules read, or `None` when there is nothing to change.
pub(crate) fn change(rng: &mut ChaCha8Rng, store: &Store, now: DateTime<Utc>) -> Option<Change> {
    let people = live_keys(store, Kind::Person);
    let past = |rng: &mut ChaCha8Rng| ts(now - Duration::hours(rng.random_range(0..24 * 15)));
    let create = |kind, data| Change::Create {
        kind,
        key: None,
        data,
    };
    let amend = |key: &Key, fields: Value| {
        let row = store.get(key).unwrap().unwrap();
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        Change::Amend {
            key: key.clone(),
            base: row.version,
            fields,
            reason: "a random amendment".into(),
        }
    };
    Some(match rng.random_range(0..13) {
        0..=2 => create(Kind::Communication, communication(rng, store, now)),
        3 | 4 => {
            let key = live_keys(store, Kind::Communication).choose(rng)?.clone();
            let fresh = communication(rng, store, now);
            let field = *[
                "status",
                "minutes_sent_at",
                "confirmed_at",
                "channel",
                "occurred_at",
                "items",
                "participants",
                "kind",
                "direction",
            ]
            .choose(rng)
            .unwrap();
            let mut fields = Map::new();
            fields.insert(field.into(), fresh[field].clone());
            amend(&key, Value::Object(fields))
        }
        5 => {
            let row = store
                .get(live_keys(store, Kind::Communication).choose(rng)?)
                .unwrap()
                .unwrap();
            Change::void(&row, "made by mistake")
        }
        6 => {
            let procedures = live_keys(store, Kind::Procedure);
            let mut w = json!({"procedure": procedures.choose(rng)?, "performed_by": people.choose(rng)?,
                "performed_at": past(rng), "what": "Paid from the proposal list",
                "justification": *["n/a", "The paid-invoice report was down for maintenance all morning."].choose(rng).unwrap()});
            if rng.random_bool(0.5) {
                w["approval"] = json!({"approver": people.choose(rng)?, "approved_at": past(rng)});
            }
            create(Kind::Workaround, w)
        }
        7 => {
            let mut r = json!({"summary": "Carrier scorecard", "requested_by": people.choose(rng)?,
                "requested_at": past(rng), "out_of_scope": rng.random_bool(0.7),
                "keep_undisclosed": rng.random_bool(0.3),
                "outcome": *["pending", "declined", "done_as_favour", "done_under_contract"].choose(rng).unwrap()});
            if rng.random_bool(0.5) {
                r["raised_in"] = json!(live_keys(store, Kind::Communication).choose(rng)?);
            }
            create(Kind::Request, r)
        }
        8 => {
            if rng.random_bool(0.4) {
                create(
                    Kind::Incident,
                    json!({"title": "Payment run delayed", "known_at": past(rng),
                        "severity": *["low", "medium", "high"].choose(rng).unwrap()}),
                )
            } else {
                let mut subjects = live_keys(store, Kind::Workaround);
                subjects.extend(live_keys(store, Kind::Request));
                subjects.extend(live_keys(store, Kind::Incident));
                let mut d = json!({"subject": subjects.choose(rng)?, "disclosed_at": past(rng),
                    "audience": *["client", "provider_management"].choose(rng).unwrap()});
                if rng.random_bool(0.5) {
                    d["communication"] = json!(live_keys(store, Kind::Communication).choose(rng)?);
                }
                create(Kind::Disclosure, d)
            }
        }
        9 => {
            let person = people.choose(rng)?;
            let fields = match rng.random_range(0..3) {
                0 => json!({"department": live_keys(store, Kind::Department).choose(rng)?}),
                1 => json!({"key_stakeholder": rng.random_bool(0.5)}),
                _ => json!({"cadence_days": rng.random_range(1..15)}),
            };
            amend(person, fields)
        }
        10 => {
            let settings = live_keys(store, Kind::Settings);
            let fields = match rng.random_range(0..3) {
                0 => json!({"agreement_unminuted_days": rng.random_range(0..5)}),
                1 => json!({"bad_news_days": rng.random_range(0..5)}),
                _ => json!({"stale_workarounds": rng.random_range(1..4)}),
            };
            amend(settings.first()?, fields)
        }
        11 => {
            // Another communication cited (the first of those settled long ago, often).
            let comms = live_keys(store, Kind::Communication);
            let cited = if rng.random_bool(0.5) {
                comms.first()?
            } else {
                comms.choose(rng)?
            };
            if rng.random_bool(0.5) {
                amend(
                    live_keys(store, Kind::Disclosure).choose(rng)?,
                    json!({"communication": cited}),
                )
            } else {
                amend(
                    live_keys(store, Kind::Request).choose(rng)?,
                    json!({"raised_in": cited}),
                )
            }
        }
        _ => {
            let procedures = live_keys(store, Kind::Procedure);
            let departments = live_keys(store, Kind::Department);
            create(
                Kind::Exception,
                json!({"procedure": procedures.choose(rng)?, "granted": rng.random_bool(0.5),
                    "to": departments.choose(rng)?, "decided_by": people.choose(rng)?,
                    "decided_at": past(rng), "summary": "Check the proposal instead."}),
            )
        }
    })
}

#[test]
fn live_flags_are_the_flags_of_a_full_evaluation_after_random_writes() {
    let mut checked = 0;
    let mut differing_writes = 0;
    for seed in 0..CASES {
        let (_dir, path, mut now, actor) = record();
        let start = now;
        let mut host = Store::open(&path).unwrap();
        let mut other = Store::open(&path).unwrap();
        let mut live = Live::new(&host, now).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut ids = Ids::seeded(seed + 100);
        for step in 0..STEPS {
            if rng.random_bool(0.4) {
                now += Duration::hours(rng.random_range(1..24 * 4));
            }
            let before = json_of(&live.flags(&host, now).unwrap());
            let author = Author::new(actor.clone(), now);
            let writer = if rng.random_bool(0.5) {
                &mut host
            } else {
                &mut other
            };
            if rng.random_range(0..10) == 0 {
                // Acknowledge or resolve a flag that holds.
                if let Some(flag) = at(writer, now).unwrap().choose(&mut rng) {
                    let state = if rng.random_bool(0.5) {
                        FlagState::Acknowledged
                    } else {
                        FlagState::Resolved
                    };
                    annotate(writer, &author, &mut ids, &flag.id, state, "seen").unwrap();
                }
            } else if let Some(change) = change(&mut rng, writer, now) {
                // A write the model refuses changes nothing, and is fine here.
                let _ = writer.apply(&author, &mut ids, vec![change]);
            }
            let want = full(&host, now);
            let got = json_of(&live.flags(&host, now).unwrap());
            assert_eq!(got, want, "seed {seed}, step {step}: the live flags differ");
            let read = json_of(&at(&other, now).unwrap());
            assert_eq!(
                read, want,
                "seed {seed}, step {step}: the read flags differ"
            );
            // As of an instant since the case began, with writes recorded after it.
            let then = start + Duration::minutes(rng.random_range(0..=(now - start).num_minutes()));
            assert_eq!(
                json_of(&at(&other, then).unwrap()),
                full(&host, then),
                "seed {seed}, step {step}: the flags as of {then} differ"
            );
            differing_writes += usize::from(got != before);
            checked += 1;
        }
        // And as the clock runs on, with no write at all.
        for _ in 0..5 {
            now += Duration::hours(rng.random_range(1..24 * 3));
            assert_eq!(
                json_of(&live.flags(&host, now).unwrap()),
                full(&host, now),
                "seed {seed}: the live flags differ as the clock advances"
            );
        }
    }
    assert_eq!(checked, CASES as usize * STEPS);
    // The writes do move the flags: the comparison is not of empty lists.
    assert!(
        differing_writes > checked / 5,
        "only {differing_writes} of {checked} writes changed the flags"
    );
}

/// `read` holds under a third of the communications of `whole` (read at the same instant).
fn few_of(read: &Snapshot, whole: &Snapshot) {
    assert!(
        read.communications.len() * 3 < whole.communications.len(),
        "{} of {} communications read as of {}",
        read.communications.len(),
        whole.communications.len(),
        read.at
    );
}

#[test]
fn the_watched_record_leaves_out_the_settled_communications() {
    let (_dir, path, now, _) = record();
    let store = Store::open(&path).unwrap();
    let whole = Snapshot::load(&store, now).unwrap();
    let watched = Snapshot::load_now(&store, now).unwrap();
    few_of(&watched, &whole);
    assert_eq!(watched.workarounds.len(), whole.workarounds.len());
    assert_eq!(
        json_of(&evaluate(&watched)),
        json_of(&evaluate(&whole)),
        "the flags differ"
    );
}

#[test]
fn flags_as_of_an_instant_are_unchanged_by_what_is_recorded_after_it() {
    let (_dir, path, now, actor) = record();
    let mut store = Store::open(&path).unwrap();
    let then = now - Duration::days(3);
    let before = json_of(&at(&store, then).unwrap());
    assert_eq!(before, full(&store, then));
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut ids = Ids::seeded(99);
    let mut written = 0;
    for _ in 0..40 {
        let author = Author::new(actor.clone(), now);
        if let Some(change) = change(&mut rng, &store, now) {
            written += usize::from(store.apply(&author, &mut ids, vec![change]).is_ok());
        }
    }
    assert!(written > 20, "only {written} writes were taken");
    assert_eq!(json_of(&at(&store, then).unwrap()), before);
    // Read from the indexes, not the whole record, though much was recorded after.
    let read = Snapshot::load_now(&store, then).unwrap();
    let whole = Snapshot::load(&store, then).unwrap();
    few_of(&read, &whole);
    let mut live = Live::new(&store, now).unwrap();
    assert_eq!(json_of(&live.flags(&store, then).unwrap()), before);
}

#[test]
fn a_file_of_the_schema_before_is_watched_after_its_migration() {
    let (_dir, path, now, _) = record();
    let want = full(&Store::open(&path).unwrap(), now);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE comm_watch; DROP INDEX entities_recorded; DROP INDEX comm_members_updates;
         ALTER TABLE comm_members DROP COLUMN updates; DROP TABLE mail_folders; DROP TABLE mail_accounts; DROP TABLE outbox; PRAGMA user_version = 6;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(json_of(&at(&store, now).unwrap()), want);
    let checked = crate::audit::verify(&store, None).unwrap();
    assert!(checked.ok(), "{:?}", checked.findings);
}

#[test]
fn as_of_an_instant_an_entry_cites_the_communication_it_cited_then() {
    let (_dir, path, now, actor) = record();
    let mut store = Store::open(&path).unwrap();
    let mut ids = Ids::seeded(5);
    let settled = Snapshot::load(&store, now).unwrap();
    let watched = Snapshot::load_now(&store, now).unwrap();
    let unwatched = |n: usize| {
        settled
            .communications
            .iter()
            .filter(|c| !watched.communications.iter().any(|w| w.key == c.key))
            .nth(n)
            .unwrap()
            .key
            .clone()
    };
    let (first, second) = (unwatched(0), unwatched(1));
    let people = live_keys(&store, Kind::Person);
    let request = json!({"summary": "Carrier scorecard", "requested_by": people[0],
        "requested_at": ts(now - Duration::days(20)), "out_of_scope": true, "raised_in": first});
    store
        .apply(
            &Author::new(actor.clone(), now),
            &mut ids,
            vec![Change::Create {
                kind: Kind::Request,
                key: Some(Key("r-cited".into())),
                data: request,
            }],
        )
        .unwrap();
    let then = now + Duration::hours(1);
    let before = json_of(&at(&store, then).unwrap());
    assert!(
        before.to_string().contains(&settled.label(&first)),
        "the flag names the communication the request was raised in"
    );
    let later = now + Duration::hours(2);
    let row = store.get(&Key("r-cited".into())).unwrap().unwrap();
    let Value::Object(fields) = json!({"raised_in": second}) else {
        unreachable!()
    };
    let amend = Change::Amend {
        key: row.key.clone(),
        base: row.version,
        fields,
        reason: "raised in the other call".into(),
    };
    store
        .apply(&Author::new(actor, later), &mut ids, vec![amend])
        .unwrap();
    assert_eq!(json_of(&at(&store, then).unwrap()), before);
    assert_eq!(full(&store, then), before);
}

#[test]
fn a_cadence_timeline_read_from_a_span_is_the_whole_ones_from_its_start() {
    use crate::judge::cadence::owed;
    use crate::record::Index;
    let (_dir, path, now, _) = record();
    let store = Store::open(&path).unwrap();
    let whole = Snapshot::load(&store, now).unwrap();
    let all = owed(&Index::new(&whole));
    let mut cut = 0;
    for weeks in [1, 2, 8] {
        let since = now - Duration::weeks(weeks);
        let span = Snapshot::load_span(&store, since, now).unwrap();
        assert!(span.communications.len() < whole.communications.len());
        let got = owed(&Index::new(&span));
        assert_eq!(got.len(), all.len());
        for (g, w) in got.iter().zip(&all) {
            // From the last update at or before the span's start (the stretch it begins in).
            let first = w.updates.iter().rev().find(|t| **t <= since).copied();
            let mut want = w.clone();
            if let Some(first) = first {
                want.updates.retain(|t| *t >= first);
                want.stretches.retain(|s| s.from >= first);
            }
            cut += w.updates.len() - want.updates.len();
            assert_eq!(
                serde_json::to_value(g).unwrap(),
                serde_json::to_value(&want).unwrap(),
                "{} from {since}",
                w.name
            );
        }
    }
    assert!(cut > 0, "the spans left out no update");
}
