use crate::support::Db;

fn key(db: &Db, kind: &str, like: &str) -> String {
    db.scalar(&format!(
        "SELECT key FROM entities WHERE kind = '{kind}' AND data LIKE '%{like}%'"
    ))
}

#[test]
fn a_workaround_without_justification_is_refused_and_with_one_recorded() {
    let db = Db::demo();
    let fin04 = key(&db, "procedure", "FIN-04");
    let ravi = key(&db, "person", "Ravi Shah");
    let head = db.ok(&["audit", "head"]);
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
    let refused = db.fails(&args("").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(refused.contains("workaround.justification: Justification is required: say why the procedure could not be followed"), "{refused}");
    assert_eq!(db.ok(&["audit", "head"]), head, "nothing written");
    db.ok(
        &args("The broker's invoice arrived after the cut-off with a same-month term")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(
        db.ok(&["list", "workaround"])
            .contains("Booked a late invoice in November")
    );
}

#[test]
fn each_kind_names_bad_references_dates_and_missing_fields() {
    let db = Db::demo();
    let person = key(&db, "person", "Ravi Shah");
    let proc_ = key(&db, "procedure", "FIN-04");
    let head = db.ok(&["audit", "head"]);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "workaround".into(),
                "procedure=nope".into(),
                format!("performed_by={person}"),
                "what=x".into(),
                "justification=because it had to".into(),
            ],
            "workaround.procedure: no procedure has the key \"nope\"",
        ),
        (
            vec![
                "request".into(),
                "summary=Spend cube".into(),
                format!("requested_by={proc_}"),
            ],
            "is a procedure, not a person",
        ),
        (
            vec!["request".into(), format!("requested_by={person}")],
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
                format!("procedure={proc_}"),
                format!("to={person}"),
                format!("decided_by={person}"),
                "summary=x".into(),
            ],
            "is a person, not a party or department",
        ),
        (
            vec![
                "disclosure".into(),
                format!("subject={person}"),
                "audience=client".into(),
            ],
            "is a person, not a workaround or request or incident",
        ),
        (
            vec![
                "delegation".into(),
                format!("from={person}"),
                format!("to={person}"),
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
        let err = db.fails(&all.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(err.contains(expected), "{all:?}: {err}");
    }
    assert_eq!(db.ok(&["audit", "head"]), head, "no partial writes");
}
