//! The report against its own flags, over generated engagements: whatever is
//! still open appears in every later week's sections, and no sentence of the
//! summary contradicts the flags the same report lists. Plus the carried-over
//! cases one by one.

use super::*;
use crate::flags::{self, Flag, State};
use crate::model::*;
use crate::record::Snapshot;
use crate::{Author, Change, Ids, Key, Kind, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Serialize;
use serde_json::json;

const ZONE: chrono_tz::Tz = chrono_tz::Europe::Madrid;
/// How many engagements the property test generates (fixed, so CI is repeatable).
const CASES: u64 = 40;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.below(list.len() as u64) as usize]
    }
}

/// Monday 26 October 2026, 09:00 in Madrid: where every generated engagement starts.
fn start() -> DateTime<Utc> {
    madrid(2026, 10, 26, 9, 0, 0)
}

/// A local time in Madrid, as an instant.
fn madrid(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> DateTime<Utc> {
    ZONE.with_ymd_and_hms(year, month, day, hour, min, sec)
        .unwrap()
        .with_timezone(&Utc)
}

/// An engagement being written: changes collected with when they are recorded,
/// applied in recording order.
struct Gen {
    store: Store,
    ids: Ids,
    pending: Vec<(DateTime<Utc>, Key, Kind, serde_json::Value)>,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            store: Store::open_in_memory().unwrap(),
            ids: Ids::seeded(seed),
            pending: Vec::new(),
        }
    }

    fn add<T: Serialize>(&mut self, at: DateTime<Utc>, kind: Kind, key: &str, data: &T) {
        let data = serde_json::to_value(data).expect("a model value serialises");
        self.pending.push((at, Key::from(key), kind, data));
    }

    /// Adds `data` as `key`, recorded some time after it happened `at`.
    fn add_later<T: Serialize>(
        &mut self,
        rng: &mut Rng,
        at: DateTime<Utc>,
        kind: Kind,
        key: String,
        data: &T,
    ) -> Added {
        let recorded = at + lag(rng);
        self.add(recorded, kind, &key, data);
        Added { key, at, recorded }
    }

    fn apply(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|a| a.0);
        for (at, key, kind, data) in pending {
            let actor = if self.store.exists(&Key::from("ravi")) {
                "ravi"
            } else {
                Author::BOOTSTRAP
            };
            let change = Change::Create {
                kind,
                key: Some(key.clone()),
                data,
            };
            self.store
                .apply(&Author::new(actor, at), &mut self.ids, vec![change])
                .unwrap_or_else(|e| panic!("recording {key}: {e}"));
        }
    }
}

/// What [`Gen::add_later`] added: its key, when it happened and when it was recorded.
struct Added {
    key: String,
    at: DateTime<Utc>,
    recorded: DateTime<Utc>,
}

fn k(s: &str) -> Key {
    Key::from(s)
}

/// The fixed cast: a client with Finance and Logistics, the provider's
/// delivery team, and three procedures (FIN-04: director approves, must be
/// disclosed; FIN-09: team lead approves; BL-01: neither).
fn cast(g: &mut Gen, rng: &mut Rng) {
    let t = start() - Duration::days(7);
    let engagement = Engagement {
        name: "Generated".into(),
        time_zone: "Europe/Madrid".into(),
        default_cadence_days: 14,
        ..Default::default()
    };
    g.add(t, Kind::Engagement, "engagement", &engagement);
    g.add(t, Kind::Settings, "settings", &Settings::default());
    for (key, name, role) in [
        ("northwind", "Northwind", PartyRole::Client),
        ("brightline", "Brightline", PartyRole::Provider),
    ] {
        let party = Party {
            name: name.into(),
            role,
            ..Default::default()
        };
        g.add(t, Kind::Party, key, &party);
    }
    for (key, name, party, cadence) in [
        ("finance", "Finance", "northwind", None),
        ("logistics", "Logistics", "northwind", Some(10)),
        ("delivery", "Delivery", "brightline", None),
    ] {
        let d = Department {
            name: name.into(),
            party: k(party),
            cadence_days: cadence,
            ..Default::default()
        };
        g.add(t, Kind::Department, key, &d);
    }
    let cadences = [None, Some(5), Some(7), Some(21)];
    for (key, name, dept, level, stakeholder) in [
        ("ravi", "Ravi Shah", "delivery", 1, false),
        ("chloe", "Chloé Martin", "delivery", 2, false),
        ("grace", "Grace Kim", "delivery", 4, false),
        ("maria", "Maria Lopez", "finance", 4, true),
        ("jonas", "Jonas Weber", "logistics", 3, true),
        ("aiko", "Aiko Tanaka", "logistics", 1, false),
    ] {
        let p = Person {
            name: name.into(),
            department: k(dept),
            authority_level: level,
            key_stakeholder: stakeholder,
            cadence_days: if stakeholder {
                rng.pick(&cadences)
            } else {
                None
            },
            ..Default::default()
        };
        g.add(t, Kind::Person, key, &p);
    }
    for (key, code, authority, disclose) in [
        ("fin04", "FIN-04", Some(4), true),
        ("fin09", "FIN-09", Some(2), false),
        ("bl01", "BL-01", None, false),
    ] {
        let p = Procedure {
            name: format!("Procedure {code}"),
            code: code.into(),
            owner_department: k("finance"),
            exception_authority: authority,
            disclosure_required: disclose,
            version: "1".into(),
            ..Default::default()
        };
        g.add(t, Kind::Procedure, key, &p);
    }
}

/// Some instant within the five generated weeks, in working hours.
fn when(rng: &mut Rng) -> DateTime<Utc> {
    start() + Duration::days(rng.below(35) as i64) + Duration::minutes(rng.below(9 * 60) as i64)
}

/// How long after it happened something is recorded: mostly at once, sometimes days later.
fn lag(rng: &mut Rng) -> Duration {
    rng.pick(&[
        Duration::minutes(5),
        Duration::minutes(5),
        Duration::hours(3),
        Duration::days(2),
        Duration::days(6),
    ])
}

/// With a chance of `percent`, discloses `added` to `audience` within two
/// weeks of when it happened, recorded some time after both.
fn disclose_sometimes(
    g: &mut Gen,
    rng: &mut Rng,
    percent: u64,
    i: usize,
    added: &Added,
    audience: Audience,
) {
    if !rng.chance(percent) {
        return;
    }
    let Added {
        key: subject,
        at: from,
        recorded,
    } = added;
    let at = *from + Duration::hours(rng.below(14 * 24) as i64);
    let d = Disclosure {
        subject: k(subject),
        audience,
        department: (audience == Audience::Client).then(|| k("finance")),
        disclosed_at: at,
        note: format!("Told about {subject}."),
        internal: rng.chance(30),
        ..Default::default()
    };
    g.add(
        at.max(*recorded) + lag(rng),
        Kind::Disclosure,
        &format!("d{i}-{subject}"),
        &d,
    );
}

/// One generated engagement.
fn engagement(seed: u64) -> Store {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut g = Gen::new(seed);
    cast(&mut g, &mut rng);
    let people = ["maria", "jonas", "aiko"];
    let staff = ["ravi", "chloe", "grace"];
    for n in 0..rng.below(12) as usize {
        let at = when(&mut rng);
        let mut items = Vec::new();
        for m in 0..rng.below(3) {
            let due = (at + Duration::days(rng.below(10) as i64))
                .with_timezone(&ZONE)
                .date_naive();
            let done = rng.chance(40);
            items.push(Item {
                id: k(&format!("c{n}-i{m}")),
                item_type: if rng.chance(50) {
                    ItemType::Action
                } else {
                    ItemType::Agreement
                },
                text: format!("Commitment {n}.{m}"),
                owner: Some(k(rng.pick(&staff))),
                due: Some(due),
                status: if done {
                    ItemStatus::Done
                } else {
                    ItemStatus::Open
                },
                done_at: done.then(|| at + Duration::days(rng.below(12) as i64)),
                internal: rng.chance(25),
                matter: None,
                department: None,
                position: String::new(),
            });
        }
        let internal = rng.chance(15);
        let c = Communication {
            kind: if rng.chance(50) {
                CommKind::Meeting
            } else {
                CommKind::Email
            },
            status: CommStatus::Held,
            occurred_at: at,
            direction: if internal {
                Direction::Internal
            } else {
                Direction::Outbound
            },
            participants: if internal {
                vec![k("ravi"), k("grace")]
            } else {
                vec![k("ravi"), k(rng.pick(&people))]
            },
            subject: format!("Communication {n}"),
            items,
            ..Default::default()
        };
        g.add_later(&mut rng, at, Kind::Communication, format!("c{n}"), &c);
    }
    let procedures = ["fin04", "fin09", "bl01"];
    for n in 0..rng.below(6) as usize {
        let at = when(&mut rng);
        let approval = match rng.below(3) {
            0 => None,
            _ => Some(Approval {
                approver: k(rng.pick(&staff)),
                approved_at: at + Duration::hours(2),
            }),
        };
        let w = Workaround {
            procedure: k(rng.pick(&procedures)),
            performed_by: k("ravi"),
            performed_at: at,
            what: format!("Workaround {n}"),
            justification: if rng.chance(70) {
                "The supplier's invoice arrived after the cut-off with a same-month term.".into()
            } else {
                "as discussed".into()
            },
            approval,
            ..Default::default()
        };
        let w = g.add_later(&mut rng, at, Kind::Workaround, format!("w{n}"), &w);
        disclose_sometimes(&mut g, &mut rng, 50, n, &w, Audience::Client);
    }
    for n in 0..rng.below(4) as usize {
        let at = when(&mut rng);
        let r = Request {
            summary: format!("Request {n}"),
            requested_by: k(rng.pick(&people)),
            requested_at: at,
            out_of_scope: rng.chance(60),
            outcome: rng.pick(&[
                Outcome::Pending,
                Outcome::DoneAsFavour,
                Outcome::Declined,
                Outcome::DoneUnderContract,
            ]),
            ..Default::default()
        };
        let r = g.add_later(&mut rng, at, Kind::Request, format!("r{n}"), &r);
        disclose_sometimes(&mut g, &mut rng, 40, n, &r, Audience::Client);
        let management = Audience::ProviderManagement;
        disclose_sometimes(&mut g, &mut rng, 50, n + 100, &r, management);
    }
    for n in 0..rng.below(3) as usize {
        let at = when(&mut rng);
        let i = Incident {
            title: format!("Incident {n}"),
            severity: rng.pick(&[Severity::Low, Severity::Medium, Severity::High]),
            known_at: at,
            ..Default::default()
        };
        let i = g.add_later(&mut rng, at, Kind::Incident, format!("i{n}"), &i);
        disclose_sometimes(&mut g, &mut rng, 50, n, &i, Audience::Client);
    }
    g.apply();
    g.store
}

/// The flags the report lists, not resolved, as (rule, subject kind, subject key).
fn standing_flags(
    store: &Store,
    report_at: DateTime<Utc>,
    edition: Edition,
    report: &Report,
) -> Vec<Flag> {
    let all = flags::evaluate(&Snapshot::load(store, report_at).unwrap());
    let listed: Vec<&str> = report.flags.iter().map(|f| f.message.as_str()).collect();
    all.into_iter()
        .filter(|f| f.state != State::Resolved && listed.contains(&f.message.as_str()))
        .filter(|f| edition == Edition::Internal || CLIENT_RULES.contains(&f.rule))
        .collect()
}

/// Checks one report against its flags; the error names what contradicts what.
fn consistent(
    store: &Store,
    week: &str,
    edition: Edition,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let r = build(store, week, edition, now).map_err(|e| e.to_string())?;
    let zone = ZONE;
    let (_, to) = crate::time::iso_week_range(week, zone).unwrap();
    let at = judged_at(to, now);
    let open = standing_flags(store, at, edition, &r);
    let whole = format!("{week} {edition:?}: {}", r.summary);
    for f in &open {
        let subject = &f.subjects[0];
        match (f.rule.as_str(), subject.kind.as_str()) {
            ("deviation-undisclosed", "workaround") => {
                let what = store
                    .get(&subject.key)
                    .ok()
                    .flatten()
                    .and_then(|e| {
                        e.data
                            .get("what")
                            .and_then(|w| w.as_str())
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                if !r
                    .workarounds
                    .iter()
                    .any(|w| w.what == what && w.undisclosed)
                {
                    return Err(format!(
                        "{whole}\n  flag \"{}\" but {what} is not an undisclosed workaround row",
                        f.message
                    ));
                }
                if r.summary.contains("all disclosed") {
                    return Err(format!(
                        "{whole}\n  says all disclosed, but flag \"{}\"",
                        f.message
                    ));
                }
            }
            ("deviation-undisclosed", "request")
                if !r
                    .requests
                    .iter()
                    .any(|q| q.undisclosed && q.summary == subject.label) =>
            {
                return Err(format!(
                    "{whole}\n  flag \"{}\" but {} is not an undisclosed request row",
                    f.message, subject.label
                ));
            }
            ("update-gap", _) => {
                let name = f
                    .message
                    .split(" has had no update")
                    .next()
                    .unwrap_or_default();
                if !r
                    .cadence
                    .iter()
                    .any(|c| c.stakeholder == name && c.state == "overdue")
                {
                    return Err(format!(
                        "{whole}\n  flag \"{}\" but {name} is not overdue in the cadence table",
                        f.message
                    ));
                }
                if !r.summary.contains(name) || !r.summary.contains("owed an update") {
                    return Err(format!(
                        "{whole}\n  flag \"{}\" but the summary does not say {name} is owed an update",
                        f.message
                    ));
                }
            }
            ("commitment-overdue", _) => {
                if !r
                    .commitments
                    .iter()
                    .any(|c| c.state == "missed" && c.text == subject.label)
                {
                    return Err(format!(
                        "{whole}\n  flag \"{}\" but no missed commitment row",
                        f.message
                    ));
                }
                if !r.summary.contains("missed commitment") {
                    return Err(format!(
                        "{whole}\n  flag \"{}\" but the summary has no missed commitment",
                        f.message
                    ));
                }
            }
            _ => {}
        }
    }
    let missed_flags = open
        .iter()
        .filter(|f| f.rule == flags::Rule::CommitmentOverdue)
        .count();
    let missed_rows = r.commitments.iter().filter(|c| c.state == "missed").count();
    if missed_rows < missed_flags {
        return Err(format!(
            "{whole}\n  {missed_flags} overdue commitments flagged, {missed_rows} missed rows"
        ));
    }
    let unresolved = r.flags.iter().filter(|f| f.state != "resolved").count();
    let said = format!("{unresolved} flag");
    if unresolved > 0 && !r.summary.contains(&said) {
        return Err(format!(
            "{whole}\n  {unresolved} flags listed not resolved, the summary says otherwise"
        ));
    }
    if unresolved == 0 && r.summary.contains("not resolved") {
        return Err(format!(
            "{whole}\n  no unresolved flags listed, the summary counts some"
        ));
    }
    let undisclosed = r.workarounds.iter().filter(|w| w.undisclosed).count();
    if undisclosed > 0
        && !r
            .summary
            .contains(&format!("{undisclosed} not yet disclosed"))
    {
        return Err(format!(
            "{whole}\n  {undisclosed} undisclosed workaround rows"
        ));
    }
    Ok(())
}

/// Runs `check` on every generated engagement, for each week begun by its
/// (random) now; a failure names the case.
fn each_generated_week(check: impl Fn(&Store, &str, DateTime<Utc>) -> Result<(), String>) {
    let weeks = [
        "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49",
    ];
    for seed in 1..=CASES {
        let store = engagement(seed);
        let mut rng = Rng(seed | 1);
        let now = start()
            + Duration::days(20 + rng.below(30) as i64)
            + Duration::hours(rng.below(24) as i64);
        for week in weeks {
            let (from, _) = crate::time::iso_week_range(week, ZONE).unwrap();
            if now >= from
                && let Err(e) = check(&store, week, now)
            {
                panic!("case {seed}: {e}");
            }
        }
    }
}

#[test]
fn no_summary_contradicts_the_flags_of_its_report() {
    each_generated_week(|store, week, now| {
        [Edition::Internal, Edition::Client]
            .into_iter()
            .try_for_each(|edition| consistent(store, week, edition, now))
    });
}

/// The cast, a disclosure-required workaround on Monday 26 October never
/// disclosed, an out-of-scope favour the same day never disclosed, and an
/// incident known then and never told.
fn open_items() -> Gen {
    let mut g = Gen::new(7);
    let mut rng = Rng(7);
    cast(&mut g, &mut rng);
    let at = start();
    let w = Workaround {
        procedure: k("fin04"),
        performed_by: k("ravi"),
        performed_at: at,
        what: "Booked late invoices in October".into(),
        justification: "The carrier's invoices arrived after the cut-off with a same-month term."
            .into(),
        approval: Some(Approval {
            approver: k("grace"),
            approved_at: at,
        }),
        ..Default::default()
    };
    g.add(at, Kind::Workaround, "w", &w);
    let r = Request {
        summary: "A carrier scorecard".into(),
        requested_by: k("aiko"),
        requested_at: at,
        out_of_scope: true,
        outcome: Outcome::DoneAsFavour,
        ..Default::default()
    };
    g.add(at, Kind::Request, "r", &r);
    let i = Incident {
        title: "KPI pack buckets wrong".into(),
        known_at: at,
        ..Default::default()
    };
    g.add(at, Kind::Incident, "i", &i);
    g
}

/// The disclosure of `subject` to Northwind Finance at `at`.
fn told_finance(subject: &str, at: DateTime<Utc>) -> Disclosure {
    Disclosure {
        subject: k(subject),
        department: Some(k("finance")),
        disclosed_at: at,
        ..Default::default()
    }
}

#[test]
fn what_is_still_open_is_carried_into_every_later_week() {
    let mut g = open_items();
    g.apply();
    let now = start() + Duration::days(25);
    for week in ["2026-W44", "2026-W45", "2026-W46", "2026-W47"] {
        let r = build(&g.store, week, Edition::Client, now).unwrap();
        let w = r
            .workarounds
            .iter()
            .find(|w| w.what.starts_with("Booked late"));
        let w = w.unwrap_or_else(|| panic!("{week}: the undisclosed workaround is missing"));
        assert!(w.undisclosed, "{week}");
        assert_eq!(w.carried, week != "2026-W44", "{week}");
        assert!(
            w.disclosure.starts_with("Not disclosed — "),
            "{week}: {}",
            w.disclosure
        );
        assert!(
            r.summary.contains("1 not yet disclosed"),
            "{week}: {}",
            r.summary
        );
        assert!(
            !r.summary.contains("all disclosed"),
            "{week}: {}",
            r.summary
        );
        let favour = r
            .requests
            .iter()
            .find(|q| q.summary == "A carrier scorecard");
        let incident = r
            .incidents
            .iter()
            .find(|i| i.title == "KPI pack buckets wrong");
        assert!(
            favour.is_some_and(|q| q.undisclosed),
            "{week}: the undisclosed favour is missing"
        );
        assert!(
            incident.is_some_and(|i| i.untold),
            "{week}: the untold incident is missing"
        );
        assert!(
            r.summary.contains("1 not yet told"),
            "{week}: {}",
            r.summary
        );
    }
}

#[test]
fn a_settled_item_appears_in_the_week_it_was_settled_and_then_stops() {
    let mut g = open_items();
    // Disclosed and told on Wednesday 11 November (week 46).
    let told = madrid(2026, 11, 11, 10, 0, 0);
    for subject in ["w", "i", "r"] {
        let d = told_finance(subject, told);
        g.add(told, Kind::Disclosure, &format!("d-{subject}"), &d);
    }
    g.apply();
    let now = start() + Duration::days(30);
    let w46 = build(&g.store, "2026-W46", Edition::Internal, now).unwrap();
    let w = &w46.workarounds[0];
    assert!(!w.undisclosed && w.carried, "{w:?}");
    assert!(
        w.disclosure.starts_with("Disclosed to Northwind Finance"),
        "{}",
        w.disclosure
    );
    assert!(w46.summary.contains("all disclosed"), "{}", w46.summary);
    assert!(!w46.incidents[0].untold);
    let w47 = build(&g.store, "2026-W47", Edition::Internal, now).unwrap();
    assert!(w47.workarounds.is_empty(), "{:?}", w47.workarounds);
    assert!(w47.incidents.is_empty(), "{:?}", w47.incidents);
    // Week 45 was judged before the disclosure: there it was still open.
    let w45 = build(&g.store, "2026-W45", Edition::Internal, now).unwrap();
    assert!(w45.workarounds[0].undisclosed);
}

#[test]
fn a_past_week_is_judged_at_its_last_instant_with_the_record_known_then() {
    let mut g = open_items();
    g.apply();
    let end_of_w45 = madrid(2026, 11, 8, 23, 59, 59) + Duration::milliseconds(999);
    let on_time = build(&g.store, "2026-W45", Edition::Internal, end_of_w45).unwrap();
    // Something recorded later — a disclosure backdated into week 45 — does not
    // change the report of week 45 built afterwards.
    let d = told_finance("w", madrid(2026, 11, 4, 10, 0, 0));
    g.add(end_of_w45 + Duration::days(3), Kind::Disclosure, "late", &d);
    g.apply();
    let later = build(
        &g.store,
        "2026-W45",
        Edition::Internal,
        end_of_w45 + Duration::days(10),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&on_time).unwrap(),
        serde_json::to_value(&later).unwrap()
    );
    // Day counts are taken on Sunday 8 November, not the Monday after: 13 days since 26 October.
    assert_eq!(on_time.workarounds[0].disclosure, "Not disclosed — 13 days");
}

#[test]
fn the_changes_compare_with_the_record_as_known_when_the_week_began() {
    let mut g = open_items();
    g.apply();
    let now = start() + Duration::days(20);
    // The workaround's disclosure was due by the end of Monday 2 November: the
    // flag is new in week 45, and already there when week 46 began.
    let undisclosed =
        |c: &String| c.contains("workaround of FIN-04 Procedure FIN-04 has not been disclosed");
    let r = build(&g.store, "2026-W44", Edition::Internal, now).unwrap();
    assert!(!r.changes.iter().any(undisclosed), "{:?}", r.changes);
    let r = build(&g.store, "2026-W45", Edition::Internal, now).unwrap();
    assert!(
        r.changes
            .iter()
            .any(|c| c.starts_with("New: ") && undisclosed(c)),
        "{:?}",
        r.changes
    );
    let r = build(&g.store, "2026-W46", Edition::Internal, now).unwrap();
    assert!(!r.changes.iter().any(undisclosed), "{:?}", r.changes);
    assert!(
        r.flags.iter().any(|f| undisclosed(&f.message)),
        "{:?}",
        r.flags
    );
}

/// Both editions of `week`, read through the indexes and from the whole record.
fn same_both_ways(store: &Store, week: &str, now: DateTime<Utc>) -> Result<(), String> {
    use super::build::{Reading, build_reading};
    for edition in [Edition::Internal, Edition::Client] {
        let read = |reading| {
            build_reading(store, week, edition, now, reading)
                .map(|r| serde_json::to_value(r).unwrap())
                .map_err(|e| e.to_string())
        };
        let (bounded, whole) = (read(Reading::Bounded), read(Reading::Whole));
        if bounded != whole {
            return Err(format!(
                "{week} {edition:?} at {now}:\n  bounded {bounded:?}\n  whole   {whole:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn a_report_read_through_the_indexes_is_the_report_of_the_whole_record() {
    each_generated_week(same_both_ways);
    // The demo story over many settled communications, after random writes
    // of every kind recorded as the clock runs, each week asked as it runs and after.
    use rand::{Rng as _, SeedableRng};
    let (_dir, path, mut now, actor) = crate::flags::live_tests::record();
    let mut store = Store::open(&path).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut ids = Ids::seeded(7);
    let mut compared = 0;
    for step in 0..40 {
        if rng.random_bool(0.3) {
            now += Duration::hours(rng.random_range(1..24 * 3));
        }
        let author = Author::new(actor.clone(), now);
        if let Some(change) = crate::flags::live_tests::change(&mut rng, &store, now) {
            let _ = store.apply(&author, &mut ids, vec![change]);
        }
        if step % 4 == 3 {
            for back in 0..3 {
                let week = crate::time::iso_week_of(
                    now - Duration::weeks(back),
                    store.time_zone().unwrap(),
                );
                if let Err(e) = same_both_ways(&store, &week, now) {
                    panic!("step {step}: {e}");
                }
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 30);
}

#[test]
fn a_flag_closed_by_a_backdated_amendment_stays_out_of_the_client_edition() {
    let (_dir, path, now, actor) = crate::flags::live_tests::record();
    let mut store = Store::open(&path).unwrap();
    let mut ids = Ids::seeded(3);
    let t = |s: &str| crate::time::parse(s).unwrap();
    let people: Vec<(Key, Person)> = store.load().unwrap();
    // An internal meeting the week before, with an agreement and no minutes.
    let meeting = json!({"kind": "meeting", "occurred_at": "2026-11-10T09:00:00.000Z",
        "status": "held", "direction": "internal", "channel": "official",
        "participants": [people[0].0], "subject": "Internal cut-off huddle",
        "items": [{"id": "a1", "type": "agreement", "text": "Hold the run", "owner": people[0].0}]});
    store
        .apply(
            &Author::new(actor.clone(), t("2026-11-10T12:00:00.000Z")),
            &mut ids,
            vec![Change::Create {
                kind: Kind::Communication,
                key: Some(k("huddle")),
                data: meeting,
            }],
        )
        .unwrap();
    // During the week, its minutes are recorded as sent and confirmed before it began.
    let row = store.get(&k("huddle")).unwrap().unwrap();
    let serde_json::Value::Object(fields) = json!({"minutes_sent_at": "2026-11-11T09:00:00.000Z",
        "confirmed_at": "2026-11-12T09:00:00.000Z"})
    else {
        unreachable!()
    };
    store
        .apply(
            &Author::new(actor, t("2026-11-18T12:00:00.000Z")),
            &mut ids,
            vec![Change::Amend {
                key: row.key.clone(),
                base: row.version,
                fields,
                reason: "the minutes went out by hand".into(),
            }],
        )
        .unwrap();
    let internal = build(&store, "2026-W47", Edition::Internal, now).unwrap();
    assert!(
        internal
            .changes
            .iter()
            .any(|c| c.starts_with("Closed:") && c.contains("Internal cut-off huddle")),
        "{:?}",
        internal.changes
    );
    let client = build(&store, "2026-W47", Edition::Client, now).unwrap();
    assert!(
        !client.changes.iter().any(|c| c.contains("huddle")),
        "{:?}",
        client.changes
    );
    same_both_ways(&store, "2026-W47", now).unwrap();
}
