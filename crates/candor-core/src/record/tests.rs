//! The snapshot read from the current record against a replay of the whole
//! log, at every instant something was recorded in the demo (amendments,
//! voids and late recordings included).

use super::*;
use serde_json::Value;

/// A comparable digest: every entry of every list, with its times and data.
fn digest(s: &Snapshot) -> Vec<(String, i64, i64, Value)> {
    fn entries<T: Serialize>(list: &[Entry<T>], out: &mut Vec<(String, i64, i64, Value)>) {
        out.extend(list.iter().map(|e| {
            (
                e.key.to_string(),
                e.created.timestamp_millis(),
                e.updated.timestamp_millis(),
                serde_json::to_value(&e.data).expect("data serialises"),
            )
        }));
    }
    let mut out = vec![(
        "engagement".to_owned(),
        0,
        0,
        serde_json::to_value(&s.engagement).expect("serialises"),
    )];
    out.push((
        "settings".to_owned(),
        0,
        0,
        serde_json::to_value(&s.settings).expect("serialises"),
    ));
    entries(&s.parties, &mut out);
    entries(&s.departments, &mut out);
    entries(&s.people, &mut out);
    entries(&s.procedures, &mut out);
    entries(&s.scope, &mut out);
    entries(&s.matters, &mut out);
    entries(&s.communications, &mut out);
    entries(&s.requests, &mut out);
    entries(&s.incidents, &mut out);
    entries(&s.workarounds, &mut out);
    entries(&s.exceptions, &mut out);
    entries(&s.disclosures, &mut out);
    entries(&s.delegations, &mut out);
    entries(&s.flag_notes, &mut out);
    out
}

/// The record as known at `at` by replaying every event of the log.
fn replayed(store: &Store, at: DateTime<Utc>) -> Snapshot {
    #[derive(Deserialize)]
    struct Full {
        kind: Kind,
        key: Key,
        #[serde(with = "crate::time::serde_millis")]
        recorded_at: DateTime<Utc>,
        #[serde(default)]
        data: Option<Value>,
    }
    type Latest = (Kind, DateTime<Utc>, DateTime<Utc>, Option<Value>);
    let mut latest: HashMap<Key, Latest> = HashMap::new();
    let mut order = Vec::new();
    store
        .each_event(|e| {
            let v: Full = serde_json::from_str(&e.payload).expect("a payload");
            if v.recorded_at > at {
                return Ok(());
            }
            match latest.get_mut(&v.key) {
                Some(l) => {
                    l.2 = v.recorded_at;
                    l.3 = v.data;
                }
                None => {
                    order.push(v.key.clone());
                    latest.insert(v.key, (v.kind, v.recorded_at, v.recorded_at, v.data));
                }
            }
            Ok(())
        })
        .expect("the log reads");
    let mut s = Snapshot {
        at,
        ..Snapshot::default()
    };
    for key in order {
        let (kind, created, updated, data) = latest.remove(&key).expect("an entry");
        if let Some(data) = data {
            s.add(kind, key, (created, updated), &data.to_string())
                .expect("data fits");
        }
    }
    s
}

#[test]
fn the_current_record_read_gives_the_replay_at_every_instant() {
    let mut store = Store::open_in_memory().unwrap();
    let now = crate::demo::default_now();
    crate::demo::load(&mut store, now, 7).unwrap();
    let mut instants = std::collections::BTreeSet::new();
    store
        .each_event(|e| {
            let t = crate::time::parse(&e.at).expect("an instant");
            let v: crate::audit::Version = serde_json::from_str(&e.payload).expect("a payload");
            for t in [t, v.recorded_at] {
                instants.insert(t - chrono::Duration::milliseconds(1));
                instants.insert(t);
            }
            Ok(())
        })
        .unwrap();
    assert!(instants.len() > 20, "the demo records at many instants");
    let mut amended_seen = false;
    for at in instants
        .into_iter()
        .chain([now + chrono::Duration::days(400)])
    {
        let read = Snapshot::load(&store, at).unwrap();
        let replay = replayed(&store, at);
        assert_eq!(
            digest(&read),
            digest(&replay),
            "the record as known at {at}"
        );
        amended_seen |= read.people.iter().any(|p| p.created != p.updated);
    }
    assert!(
        amended_seen,
        "some entries were amended, so their versions were replayed"
    );
}
