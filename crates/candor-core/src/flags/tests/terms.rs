//! Thresholds from the rules of engagement: the edition in force at the
//! instant judged decides (before and after a confirmation, as known then),
//! each flag cites its clause, per clause the agreement wins over a person's,
//! department's or procedure's own field, and a flag left unresolved past the
//! escalation window names the next people on the path. What the store
//! refuses: changing or voiding a confirmed edition, an edition number taken
//! twice, people on the wrong side.

use super::*;

/// Maria (own cadence 7) met on Monday 2 November at 10:00; the first
/// edition (`e1`, Maria every 3 days) is sent in `r1` on 3 November and
/// confirmed by Maria on Friday 6 November at 12:00.
fn agreed() -> Fx {
    let mut fx = met_maria();
    fx.add(
        Kind::Communication,
        "r1",
        comm(
            "email",
            mad("2026-11-03 09:00"),
            "outbound",
            &["chloe", "tomas"],
            "Rules of engagement",
        ),
    );
    fx.add(
        Kind::Rules,
        "e1",
        json!({"edition": 1, "cadence": [{"stakeholder": "maria", "days": 3}], "sent_in": "r1"}),
    );
    fx.recording_at(mad("2026-11-06 12:00")).amend(
        "e1",
        json!({"confirmed_by": "maria", "confirmed_at": ts(mad("2026-11-06 12:00"))}),
    );
    fx
}

/// Records `e1` (`clauses` as edition 1), sent in `r1` and confirmed by
/// Maria, in force from 1 November at 09:30.
fn in_force(fx: &mut Fx, clauses: Value) {
    fx.add(
        Kind::Communication,
        "r1",
        comm(
            "email",
            mad("2026-11-01 09:00"),
            "outbound",
            &["chloe", "tomas"],
            "Rules",
        ),
    );
    let mut data = clauses;
    data["sent_in"] = json!("r1");
    data["confirmed_by"] = json!("maria");
    data["confirmed_at"] = json!(ts(mad("2026-11-01 09:30")));
    fx.add(Kind::Rules, "e1", data);
}

fn refused(fx: &mut Fx, change: Change) -> String {
    let author = fx.author();
    match fx.store.apply(&author, &mut fx.ids, vec![change]) {
        Err(e @ (Error::Refused(_) | Error::Invalid(_))) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn cadence_follows_the_edition_in_force_at_the_instant() {
    let fx = agreed();
    // Before the confirmation: Maria's own cadence (7) holds, nothing is due yet.
    assert!(
        fx.about("update-gap", "maria", mad("2026-11-06 11:00"))
            .is_none()
    );
    // From it: every 3 days, overdue since the end of Thursday 5 November.
    let f = fx
        .about("update-gap", "maria", mad("2026-11-06 13:00"))
        .expect("overdue under edition 1");
    assert_eq!(f.since, mad("2026-11-06 00:00"));
    assert!(f.message.ends_with("cadence 3"), "{}", f.message);
    assert_eq!(
        f.clause.as_deref(),
        Some(
            "Cadence owed to Maria Lopez: every 3 days (rules of engagement edition 1, confirmed by Maria Lopez on 6 Nov)"
        )
    );
}

#[test]
fn a_later_edition_supersedes_from_its_confirmation_and_the_past_stays_as_known() {
    let mut fx = agreed();
    fx.recording_at(mad("2026-11-07 09:00")).add(
        Kind::Rules,
        "e2",
        json!({"edition": 2, "cadence": [{"stakeholder": "maria", "days": 14}], "sent_in": "r1"}),
    );
    // A draft (sent, not confirmed) changes nothing.
    assert!(
        fx.about("update-gap", "maria", mad("2026-11-07 10:00"))
            .is_some()
    );
    fx.recording_at(mad("2026-11-07 12:00")).amend(
        "e2",
        json!({"confirmed_by": "maria", "confirmed_at": ts(mad("2026-11-07 12:00"))}),
    );
    assert!(
        fx.about("update-gap", "maria", mad("2026-11-07 13:00"))
            .is_none()
    );
    // As of the 6th, edition 1 still holds.
    assert!(
        fx.about("update-gap", "maria", mad("2026-11-06 13:00"))
            .is_some()
    );
}

#[test]
fn per_clause_the_agreement_wins_over_the_record_s_own_fields() {
    let mut fx = met_maria();
    // Jonas has no cadence of his own; Logistics has 10 days. Everyone else: 5.
    in_force(&mut fx, json!({"edition": 1, "default_cadence_days": 5}));
    let f = fx
        .about("update-gap", "jonas", mad("2026-11-07 09:00"))
        .expect("Jonas is owed an update every 5 days");
    assert!(f.message.ends_with("cadence 5"), "{}", f.message);
    assert_eq!(
        f.clause.as_deref(),
        Some(
            "Cadence owed to Jonas Weber: every 5 days (rules of engagement edition 1, confirmed by Maria Lopez on 1 Nov)"
        )
    );
    // The department Logistics too (its own field said 10).
    assert!(
        fx.about("update-gap", "logistics", mad("2026-11-07 09:00"))
            .is_some()
    );
    // Without the agreement neither is due yet (Logistics' own 10 days).
    let without = met_maria();
    for who in ["jonas", "logistics"] {
        assert!(
            without
                .about("update-gap", who, mad("2026-11-07 09:00"))
                .is_none()
        );
    }
}

#[test]
fn minutes_and_bad_news_cite_their_clauses() {
    let mut fx = Fx::new();
    in_force(
        &mut fx,
        json!({"edition": 1, "minutes_sent_days": 0, "bad_news_days": 0, "bad_news_to": ["maria"]}),
    );
    fx.add(
        Kind::Communication,
        "call",
        with_items(
            comm(
                "call",
                mad("2026-11-02 10:00"),
                "two_way",
                &["maria", "chloe"],
                "Cut-off",
            ),
            vec![agreement("a1", "chloe", "2026-11-20")],
        ),
    );
    // The settings give 2 days; the agreement the same day.
    let f = fx.one("agreement-unminuted", mad("2026-11-03 00:00"));
    assert_eq!(
        f.clause.as_deref(),
        Some(
            "Minutes sent: the same day (rules of engagement edition 1, confirmed by Maria Lopez on 1 Nov)"
        )
    );
    fx.add(
        Kind::Incident,
        "inc",
        incident(mad("2026-11-02 08:00"), "high"),
    );
    let f = fx.one("bad-news-delayed", mad("2026-11-03 00:00"));
    assert_eq!(
        f.clause.as_deref(),
        Some(
            "Bad news told: the same day, to Maria Lopez (rules of engagement edition 1, confirmed by Maria Lopez on 1 Nov)"
        )
    );
}

#[test]
fn the_agreement_decides_which_procedures_need_disclosure() {
    let mut fx = Fx::new();
    in_force(
        &mut fx,
        json!({"edition": 1, "disclosure_procedures": ["fin09"], "disclosure_days": 1}),
    );
    // FIN-04 says "disclosure required" itself; the agreement names FIN-09 only.
    fx.add(
        Kind::Workaround,
        "w4",
        workaround("fin04", "ravi", mad("2026-11-02 14:00"), REASON),
    );
    fx.add(
        Kind::Workaround,
        "w9",
        workaround("fin09", "ravi", mad("2026-11-02 14:00"), REASON),
    );
    let f = fx.one("deviation-undisclosed", mad("2026-11-04 09:00"));
    assert_eq!(keys(&f.subjects), ["w9"]);
    let clause = f.clause.expect("a clause");
    assert!(clause.starts_with("Deviations from FIN-09 Duplicate payment check disclosed (rules of engagement edition 1"), "{clause}");
    assert!(
        clause.contains("; Deviations disclosed: within 1 day ("),
        "{clause}"
    );
}

#[test]
fn a_flag_unresolved_past_the_escalation_window_names_the_next_level() {
    let mut fx = agreed();
    // Edition 2 adds an escalation path with a 3-day window.
    fx.recording_at(mad("2026-11-06 12:30")).add(
        Kind::Rules,
        "e2",
        json!({"edition": 2, "cadence": [{"stakeholder": "maria", "days": 3}], "sent_in": "r1",
            "escalation": [{"provider": "chloe", "client": "tomas"}, {"provider": "grace", "client": "maria"}, {"provider": "owen"}],
            "escalation_days": 3,
            "confirmed_by": "maria", "confirmed_at": ts(mad("2026-11-06 12:30"))}),
    );
    // Open since the start of 6 November: 2 days later, still level 1.
    let f = fx
        .about("update-gap", "maria", mad("2026-11-08 13:00"))
        .unwrap();
    assert!(f.escalation.is_none(), "{f:#?}");
    let f = fx
        .about("update-gap", "maria", mad("2026-11-09 09:00"))
        .unwrap();
    let e = f.escalation.clone().expect("escalated");
    assert_eq!(e.level, 2);
    assert_eq!(
        e.provider.as_deref(),
        Some("Grace Kim (Brightline Service delivery)")
    );
    assert_eq!(
        e.client.as_deref(),
        Some("Maria Lopez (Northwind Foods Finance)")
    );
    assert!(
        f.message.ends_with("; unresolved for 3 days, past the agreed escalation window: escalate to level 2, Grace Kim (Brightline Service delivery) with Maria Lopez (Northwind Foods Finance)"),
        "{}",
        f.message
    );
    assert_eq!(
        e.clause,
        "Escalation after 3 days at each level (rules of engagement edition 2, confirmed by Maria Lopez on 6 Nov)"
    );
    // Two windows on: level 3; never past the last level.
    let e = fx
        .about("update-gap", "maria", mad("2026-11-12 09:00"))
        .unwrap()
        .escalation
        .unwrap();
    assert_eq!(
        (e.level, e.provider.as_deref(), e.client),
        (3, Some("Owen Brooks (Brightline Service delivery)"), None)
    );
    let e = fx
        .about("update-gap", "maria", mad("2026-11-30 09:00"))
        .unwrap()
        .escalation
        .unwrap();
    assert_eq!(e.level, 3);
    // A flag about the provider's own conduct goes up the provider's side only.
    fx.add(
        Kind::Workaround,
        "quiet",
        workaround("bl01", "ravi", mad("2026-11-06 00:30"), "n/a"),
    );
    let e = fx
        .about("workaround-unjustified", "quiet", mad("2026-11-09 09:00"))
        .unwrap()
        .escalation
        .expect("escalated");
    assert_eq!((e.level, e.client), (2, None));
    assert_eq!(
        e.provider.as_deref(),
        Some("Grace Kim (Brightline Service delivery)")
    );
    // A resolved flag goes nowhere.
    fx.recording_at(mad("2026-11-09 10:00"))
        .annotate(
            "update-gap:maria",
            FlagState::Resolved,
            "Called her; update sent on Monday.",
        )
        .unwrap();
    let f = fx
        .about("update-gap", "maria", mad("2026-11-09 11:00"))
        .unwrap();
    assert_eq!(f.state, State::Resolved);
    assert!(f.escalation.is_none());
}

#[test]
fn a_confirmed_edition_is_fixed_and_editions_are_numbered_once() {
    let mut fx = agreed();
    let base = fx.store.require(&Key::from("e1")).unwrap().version;
    let mut fields = serde_json::Map::new();
    fields.insert("minutes_sent_days".into(), json!(1));
    let msg = refused(
        &mut fx,
        Change::Amend {
            key: Key::from("e1"),
            base,
            fields,
            reason: "tighter".into(),
        },
    );
    assert!(
        msg.contains("edition 1 was confirmed by the client and is fixed; draft edition 2"),
        "{msg}"
    );
    // Its internal note may still change.
    fx.amend("e1", json!({"internal_note": "Maria pushed for 3 days."}));
    let base = fx.store.require(&Key::from("e1")).unwrap().version;
    let msg = refused(
        &mut fx,
        Change::Void {
            key: Key::from("e1"),
            base,
            reason: "oops".into(),
        },
    );
    assert!(msg.contains("stays on record"), "{msg}");
    let msg = refused(
        &mut fx,
        Change::Create {
            kind: Kind::Rules,
            key: None,
            data: json!({"edition": 1}),
        },
    );
    assert!(
        msg.contains("edition 1 of the rules of engagement is already recorded as e1"),
        "{msg}"
    );
    // Confirmed by someone of the provider: refused, naming the field.
    let msg = refused(
        &mut fx,
        Change::Create {
            kind: Kind::Rules,
            key: None,
            data: json!({"edition": 2, "sent_in": "r1", "confirmed_by": "chloe", "confirmed_at": ts(mad("2026-11-07 09:00"))}),
        },
    );
    assert!(
        msg.contains("confirmed_by")
            && msg.contains("chloe is not a client person (on the provider side)"),
        "{msg}"
    );
    // Confirmed without being sent: refused.
    let msg = refused(
        &mut fx,
        Change::Create {
            kind: Kind::Rules,
            key: None,
            data: json!({"edition": 2, "confirmed_by": "maria", "confirmed_at": ts(mad("2026-11-07 09:00"))}),
        },
    );
    assert!(msg.contains("sent_in"), "{msg}");
}

#[test]
fn drafting_starts_from_the_last_edition_and_one_draft_at_a_time() {
    let mut fx = agreed();
    let change = crate::agreement::draft_next(&fx.store, |d| {
        crate::patch::apply(&d, &["minutes_sent_days=1".into()])
    })
    .unwrap();
    let author = fx.author();
    let done = fx.store.apply(&author, &mut fx.ids, vec![change]).unwrap();
    let row = fx.store.require(&done[0].0).unwrap();
    assert_eq!(row.data["edition"], json!(2));
    assert_eq!(
        row.data["cadence"],
        json!([{"stakeholder": "maria", "days": 3}])
    );
    assert_eq!(row.data["minutes_sent_days"], json!(1));
    assert!(row.data.get("confirmed_at").is_none() && row.data.get("sent_in").is_none());
    let again = crate::agreement::draft_next(&fx.store, Ok)
        .unwrap_err()
        .to_string();
    assert!(
        again.contains("edition 2") && again.contains("is still a draft"),
        "{again}"
    );
    let snapshot = crate::record::Snapshot::load(&fx.store, mad("2026-11-30 09:00")).unwrap();
    let pages = crate::agreement::pages(&crate::record::Index::new(&snapshot), true);
    // The client's view leaves out the unsent draft.
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].state, "in force");
    assert_eq!(
        pages[0].standing,
        "Sent in \"Rules of engagement\" on 3 Nov 2026; confirmed by Maria Lopez (Northwind Foods Finance) on 6 Nov 2026"
    );
    assert_eq!(
        pages[0].clauses[0].text,
        "Maria Lopez (Northwind Foods Finance): every 3 days"
    );
}
