use crate::support::{Db, strs};

fn key(db: &Db, kind: &str, like: &str) -> String {
    db.scalar(&format!(
        "SELECT key FROM entities WHERE kind = '{kind}' AND data LIKE '%{like}%'"
    ))
}

/// A demo database with the keys of procedure FIN-04 and of Ravi Shah.
fn demo_fin04_ravi() -> (Db, String, String) {
    let db = Db::demo();
    let fin04 = key(&db, "procedure", "FIN-04");
    let ravi = key(&db, "person", "Ravi Shah");
    (db, fin04, ravi)
}

#[test]
fn a_workaround_without_justification_is_refused_and_with_one_recorded() {
    let (db, fin04, ravi) = demo_fin04_ravi();
    let head = db.head();
    let args = |why: &str| {
        vec![
            "--as".to_owned(),
            "Sam Carter".into(),
            "add".into(),
            "workaround".into(),
            format!("procedure={fin04}"),
            format!("performed_by={ravi}"),
            "performed_at=2026-11-20T10:00:00Z".into(),
            "what=Booked a late invoice in November".into(),
            format!("justification={why}"),
        ]
    };
    db.fails_with(
        &strs(&args("")),
        "workaround.justification: Justification is required: say why the procedure could not be followed",
    );
    assert_eq!(db.head(), head, "nothing written");
    db.ok(&strs(&args(
        "The broker's invoice arrived after the cut-off with a same-month term",
    )));
    assert!(
        db.ok(&["list", "workaround"])
            .contains("Booked a late invoice in November")
    );
}

#[test]
fn each_kind_names_bad_references_dates_and_missing_fields() {
    let (db, fin04, ravi) = demo_fin04_ravi();
    let head = db.head();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "workaround".into(),
                "procedure=nope".into(),
                format!("performed_by={ravi}"),
                "what=x".into(),
                "justification=because it had to".into(),
            ],
            "workaround.procedure: no procedure has the key \"nope\"",
        ),
        (
            vec![
                "request".into(),
                "summary=Spend cube".into(),
                format!("requested_by={fin04}"),
            ],
            "is a procedure, not a person",
        ),
        (
            vec!["request".into(), format!("requested_by={ravi}")],
            "request.summary: Summary is required",
        ),
        (
            vec![
                "incident".into(),
                "title=Late".into(),
                "occurred_at=2026-11-10T10:00:00Z".into(),
                "known_at=2026-11-09T10:00:00Z".into(),
            ],
            "incident.known_at: is before the incident occurred",
        ),
        (
            vec![
                "exception".into(),
                format!("procedure={fin04}"),
                format!("to={ravi}"),
                format!("decided_by={ravi}"),
                "summary=x".into(),
            ],
            "is a person, not a party or department",
        ),
        (
            vec![
                "disclosure".into(),
                format!("subject={ravi}"),
                "audience=client".into(),
            ],
            "is a person, not a workaround or request or incident",
        ),
        (
            vec![
                "delegation".into(),
                format!("from={ravi}"),
                format!("to={ravi}"),
                "starts=2026-11-10".into(),
                "ends=2026-11-01".into(),
            ],
            "delegation.ends: is before the delegation starts",
        ),
        (
            vec![
                "communication".into(),
                "subject=Call".into(),
                "occurred_at=2026-11-10T10:00:00Z".into(),
                "ends_at=2026-11-10T09:00:00Z".into(),
            ],
            "communication.ends_at: ends before it starts",
        ),
        (vec!["matter".into()], "matter.name: Name is required"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["--as".to_owned(), "Sam Carter".into(), "add".into()];
        all.extend(args);
        let err = db.fails(&strs(&all));
        assert!(err.contains(expected), "{all:?}: {err}");
    }
    assert_eq!(db.head(), head, "no partial writes");
}
