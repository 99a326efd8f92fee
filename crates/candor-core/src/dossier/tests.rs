//! The demo's cut-off dossier tells its story; the client edition carries
//! no internal text; the same record gives the same bytes, issued and verified.

use super::*;
use crate::report::{Edition, Format};
use crate::{Author, Change, Ids, Kind, Store};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

fn demo() -> (Store, DateTime<Utc>) {
    let now = crate::demo::default_now();
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut store, now, 1).unwrap();
    (store, now)
}

fn titles(d: &Dossier) -> Vec<&str> {
    d.entries.iter().map(|e| e.title.as_str()).collect()
}

fn no_pdf(_: &str) -> crate::Result<Vec<u8>> {
    unreachable!("no PDF in these tests")
}

#[test]
fn the_cut_off_dossier_tells_the_story_in_time_order() {
    let (store, now) = demo();
    let d = build(&store, "invoice cut-off", Edition::Client, now).unwrap();
    let t = titles(&d);
    let at = |title: &str| {
        t.iter()
            .position(|x| *x == title)
            .unwrap_or_else(|| panic!("{title} is in the dossier: {t:?}"))
    };
    assert!(at("Cut-off: no exceptions this quarter") < at("Freight accruals at month-end"));
    assert!(at("Freight accruals at month-end") < at("Freight accruals during the port strike"));
    assert!(at("Freight accruals during the port strike") < at("Steering call #9"));
    let one_to_one = &d.entries[at("Freight accruals during the port strike")];
    assert_eq!(one_to_one.items[0].kind, "agreement");
    assert!(
        one_to_one
            .lines
            .iter()
            .any(|l| l.contains("confirmed by Maria Lopez on")),
        "{:?}",
        one_to_one.lines
    );
    assert!(one_to_one.evidence[0].contains("audit event #"));
    let raised = &d.entries[at("Steering call #9")];
    assert!(raised.minutes.contains("breach of the 25th cut-off"));
    assert!(raised.items.iter().any(|i| i.kind == "agreement"));
    assert!(d.entries.iter().any(|e| e.kind == "workaround"));
    assert!(d.entries.iter().any(|e| e.kind == "disclosure"));
    assert_eq!(d.positions.len(), 2, "{:?}", d.positions);
    assert!(d.summary.contains("positions differ"), "{}", d.summary);
    assert!(
        d.flags.iter().any(|f| f.rule == "instructions-conflict"),
        "{:?}",
        d.flags
    );
    assert!(
        d.flags.iter().all(|f| f.rule != "update-gap"),
        "a stakeholder's cadence is not about the matter: {:?}",
        d.flags
    );
    let earlier = build(
        &store,
        "invoice cut-off",
        Edition::Client,
        now - Duration::days(20),
    )
    .unwrap();
    assert!(
        !titles(&earlier).contains(&"Freight accruals during the port strike"),
        "as known before the call, the call is not there"
    );
}

#[test]
fn the_client_edition_carries_no_internal_text() {
    let (mut store, now) = demo();
    let sam = store.resolve(Kind::Person, "Sam Carter").unwrap().key;
    let maria = store.resolve(Kind::Person, "Maria Lopez").unwrap().key;
    let matter = store.resolve(Kind::Matter, "Invoice cut-off").unwrap();
    let mut ids = Ids::seeded(99);
    let author = Author::new(sam.as_str(), now - Duration::hours(2));
    let at = crate::time::format(now - Duration::hours(3));
    store
        .apply(
            &author,
            &mut ids,
            vec![
                Change::amend(
                    &matter,
                    &{
                        let mut d = matter.data.clone();
                        d["internal_note"] = json!("CANARY-MATTER");
                        d
                    },
                    "internal context",
                ),
                Change::Create {
                    kind: Kind::Communication,
                    key: None,
                    data: json!({
                        "kind": "call", "occurred_at": at, "subject": "Cut-off follow-up",
                        "participants": [maria, sam], "direction": "two_way",
                        "minutes": "CANARY-MINUTES", "minutes_internal": true,
                        "internal_note": "CANARY-COMM",
                        "items": [
                            {"id": "i1", "type": "decision", "text": "CANARY-ITEM", "matter": matter.key, "internal": true},
                            {"id": "i2", "type": "decision", "text": "Cut-off stays on the 25th.", "matter": matter.key}
                        ]
                    }),
                },
                Change::Create {
                    kind: Kind::Communication,
                    key: None,
                    data: json!({
                        "kind": "chat", "occurred_at": at, "subject": "CANARY-INTERNAL-CHAT",
                        "participants": [sam], "direction": "internal",
                        "items": [{"id": "i1", "type": "decision", "text": "x", "matter": matter.key}]
                    }),
                },
            ],
        )
        .unwrap();
    for format in [Format::Html, Format::Markdown, Format::Json] {
        let client = produce(
            &store,
            "Invoice cut-off",
            Edition::Client,
            format,
            now,
            &no_pdf,
        )
        .unwrap();
        let text = String::from_utf8(client.bytes).unwrap();
        assert!(text.contains("Cut-off follow-up"), "{format:?}");
        assert!(text.contains("Cut-off stays on the 25th."), "{format:?}");
        assert!(
            !text.contains("CANARY"),
            "{format:?}: the client edition leaks"
        );
        let internal = produce(
            &store,
            "Invoice cut-off",
            Edition::Internal,
            format,
            now,
            &no_pdf,
        )
        .unwrap();
        let text = String::from_utf8(internal.bytes).unwrap();
        for canary in [
            "CANARY-MATTER",
            "CANARY-MINUTES",
            "CANARY-COMM",
            "CANARY-ITEM",
            "CANARY-INTERNAL-CHAT",
        ] {
            assert!(
                text.contains(canary),
                "{format:?}: the internal edition has {canary}"
            );
        }
    }
}

#[test]
fn the_same_record_gives_the_same_bytes_and_an_issued_dossier_verifies() {
    let (mut store, now) = demo();
    let once = produce(
        &store,
        "Invoice cut-off",
        Edition::Client,
        Format::Html,
        now,
        &no_pdf,
    )
    .unwrap();
    let again = produce(
        &store,
        "Invoice cut-off",
        Edition::Client,
        Format::Html,
        now,
        &no_pdf,
    )
    .unwrap();
    assert_eq!(once.bytes, again.bytes);
    assert_eq!(once.file_name, "invoice-cut-off-client-dossier.html");
    assert!(
        produce(
            &store,
            "Invoice cut-off",
            Edition::Client,
            Format::Csv,
            now,
            &no_pdf
        )
        .is_err(),
        "a dossier is a document, not tables"
    );
    let lena = store.resolve(Kind::Person, "Lena Fischer").unwrap().key;
    let author = Author::new(lena.as_str(), now + Duration::minutes(1));
    let mut ids = Ids::seeded(99);
    assert!(
        once.issue(&mut store, &author, &mut ids, &once.file_name, &[])
            .is_err(),
        "an issued dossier names a recipient"
    );
    once.issue(
        &mut store,
        &author,
        &mut ids,
        &once.file_name,
        &["Maria Lopez".to_owned()],
    )
    .unwrap();
    let (_, issued) = crate::report::verify_file(&store, &once.bytes)
        .unwrap()
        .expect("the issued file verifies");
    assert_eq!(issued.document, "dossier");
    assert_eq!(issued.title, "Invoice cut-off");
    assert_eq!(
        issued.describe(),
        "the client html dossier of Invoice cut-off"
    );
    let mut altered = once.bytes.clone();
    altered[100] ^= 1;
    assert!(
        crate::report::verify_file(&store, &altered)
            .unwrap()
            .is_none()
    );
    assert!(crate::audit::verify(&store, None).unwrap().ok());
}
