//! `demo --scale N`: N synthetic communications (with items, proportionate
//! workarounds and requests) in the two years before the story, bulk-loaded
//! in one transaction with the search index built once at the end. Every entry
//! is validated and audited like any other.

use crate::error::Result;
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::model::{
    CommKind, Communication, Department, Direction, Item, ItemStatus, ItemType, Party, PartyRole,
    Person, Procedure, Source, Workaround,
};
use crate::store::{Author, Store};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

const SUBJECTS: [&str; 12] = [
    "Weekly AP status",
    "Carrier invoice query",
    "Payment run confirmation",
    "Vendor master change",
    "Freight accrual check",
    "Month-end close call",
    "KPI pack review",
    "Duplicate payment check",
    "Rate card dispute",
    "Credit note matching",
    "Proof of delivery missing",
    "Bank file rejected",
];
const WORDS: [&str; 16] = [
    "invoice",
    "carrier",
    "cut-off",
    "accrual",
    "payment",
    "vendor",
    "rate",
    "delivery",
    "ageing",
    "credit",
    "approval",
    "freight",
    "quarter",
    "dispute",
    "reconciliation",
    "ledger",
];

/// Adds `n` synthetic communications before the story's start; returns how many entries were made.
pub fn scale(store: &mut Store, now: DateTime<Utc>, seed: u64, n: usize) -> Result<usize> {
    let story_start = super::story_start(now);
    let parties: Vec<(Key, Party)> = store.load()?;
    let provider_parties: Vec<&Key> = parties
        .iter()
        .filter(|(_, p)| p.role == PartyRole::Provider)
        .map(|(k, _)| k)
        .collect();
    let departments: Vec<(Key, Department)> = store.load()?;
    let people: Vec<(Key, Person)> = store.load()?;
    let provider_depts: Vec<&Key> = departments
        .iter()
        .filter(|(_, d)| provider_parties.contains(&&d.party))
        .map(|(k, _)| k)
        .collect();
    let provider: Vec<&Key> = people
        .iter()
        .filter(|(_, p)| provider_depts.contains(&&p.department))
        .map(|(k, _)| k)
        .collect();
    let everyone: Vec<&Key> = people.iter().map(|(k, _)| k).collect();
    let procedures: Vec<(Key, Procedure)> = store.load()?;
    let actor = provider
        .first()
        .map(|k| k.0.clone())
        .unwrap_or_else(|| Author::BOOTSTRAP.to_owned());
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5ca1e);
    let mut ids = Ids::seeded(seed ^ 0xb01d);
    let span = Duration::days(730);
    let first = story_start - span;
    let step = span.num_milliseconds() / n.max(1) as i64;
    store.bulk(&mut ids, |bulk| {
        let mut made = 0;
        for i in 0..n {
            let at =
                first + Duration::milliseconds(step * i as i64 + rng.random_range(0..step.max(1)));
            let who: Vec<&Key> = (0..rng.random_range(2..5))
                .map(|_| everyone[rng.random_range(0..everyone.len())])
                .collect();
            let mut participants: Vec<&Key> = Vec::new();
            for p in who {
                if !participants.contains(&p) {
                    participants.push(p);
                }
            }
            let kind = [
                CommKind::Meeting,
                CommKind::Call,
                CommKind::Email,
                CommKind::Email,
                CommKind::Email,
                CommKind::Chat,
            ][rng.random_range(0..6)];
            let subject = format!(
                "{} #{}",
                SUBJECTS[rng.random_range(0..SUBJECTS.len())],
                i + 1
            );
            let minutes: Vec<&str> = (0..rng.random_range(8..30))
                .map(|_| WORDS[rng.random_range(0..WORDS.len())])
                .collect();
            let minuted = matches!(kind, CommKind::Meeting | CommKind::Call);
            let mut data = Communication {
                kind,
                occurred_at: at,
                subject,
                participants: participants.into_iter().cloned().collect(),
                minutes: minutes.join(" "),
                source: Source {
                    format: "typed".into(),
                    ..Default::default()
                },
                direction: if kind == CommKind::Email {
                    Direction::Outbound
                } else {
                    Direction::TwoWay
                },
                minutes_sent_at: minuted.then(|| at + Duration::hours(3)),
                confirmed_at: minuted.then(|| at + Duration::hours(20)),
                ..Default::default()
            };
            if i % 5 == 0 {
                let owner = provider[rng.random_range(0..provider.len())];
                let due = (at + Duration::days(rng.random_range(3..21))).date_naive();
                let done = rng.random_range(0..100) > 0;
                let mut item = Item {
                    owner: Some(owner.clone()),
                    due: Some(due),
                    ..Item::new(
                        Key(format!("scale-{}", i + 1)),
                        ItemType::Agreement,
                        &format!("Follow up on {}", minutes[0]),
                    )
                };
                if done {
                    item.status = ItemStatus::Done;
                    item.done_at = Some(at + Duration::days(2));
                }
                data.items = vec![item];
            }
            let author = Author::new(actor.clone(), at + Duration::hours(1));
            bulk.create(&author, Kind::Communication, None, to_data(&data))?;
            made += 1;
            if i % 200 == 0 && !procedures.is_empty() {
                let (procedure, _) = &procedures[rng.random_range(0..procedures.len())];
                let by = provider[rng.random_range(0..provider.len())];
                let w = Workaround {
                    procedure: procedure.clone(),
                    performed_by: by.clone(),
                    performed_at: at,
                    what: format!("Handled {} outside the procedure", minutes[0]),
                    justification: format!(
                        "The {} system was unavailable and the {} could not wait",
                        minutes[1], minutes[2]
                    ),
                    ..Default::default()
                };
                bulk.create(&author, Kind::Workaround, None, to_data(&w))?;
                made += 1;
            }
        }
        Ok(made)
    })
}

/// A record's data as stored.
fn to_data<R: serde::Serialize>(record: &R) -> Value {
    serde_json::to_value(record).expect("record data serialises")
}

/// An mbox of `n` synthetic messages from the demo's client to its provider
/// lead, each with its own Message-ID (`<tag-i@northwind.example>`): for
/// benchmarks and tests of imports and concurrent writers.
pub fn mbox(n: usize, tag: &str) -> Vec<u8> {
    let mut out = String::with_capacity(n * 320);
    for i in 0..n {
        let (hour, minute) = (8 + (i / 60) % 10, i % 60);
        let subject = SUBJECTS[i % SUBJECTS.len()];
        out.push_str(&format!(
            "From maria.lopez@northwind.example Mon Nov 16 {hour:02}:{minute:02}:00 2026\n\
             From: Maria Lopez <maria.lopez@northwind.example>\n\
             To: sam.carter@brightline.example\n\
             Cc: someone{}@northwind.example\n\
             Subject: {subject} {i}\n\
             Date: Mon, 16 Nov 2026 {hour:02}:{minute:02}:00 +0100\n\
             Message-ID: <{tag}-{i}@northwind.example>\n\n\
             Please check invoice {i} against the rate card and the proof of delivery.\n\n",
            i % 7
        ));
    }
    out.into_bytes()
}
