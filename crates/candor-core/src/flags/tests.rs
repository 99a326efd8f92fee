//! The flags engine, rule by rule: each fires, stays quiet just inside its
//! threshold and fires just outside it; days are Madrid calendar days and a
//! deadline is the end of a local day. Then the judgements (boilerplate,
//! authority, positions), acknowledge/resolve, evaluation "as of" an instant,
//! and the demo story's hits and near misses.
//!
//! Times are written as local Madrid times (`mad("2026-11-02 14:00")`); in
//! November 2026 Madrid is UTC+1, so local midnight is 23:00 UTC the day before.

use super::rules::is_boilerplate;
use super::*;
use crate::model::{FlagState, Settings};
use crate::{Author, Change, Error, Ids, Key, Kind, Store, demo};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::{Value, json};

// ---------------------------------------------------------------- fixture

const ZONE: chrono_tz::Tz = chrono_tz::Europe::Madrid;

/// When the fixture's set-up is recorded: Sunday 1 November 2026, 08:00 in Madrid.
const SETUP: &str = "2026-11-01 08:00";

/// A local Madrid time ("2026-11-02 14:00", seconds optional) as a UTC instant.
fn mad(local: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|e| panic!("{local}: {e}"));
    ZONE.from_local_datetime(&naive)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

/// A UTC instant ("2026-11-09T23:00:00Z").
fn utc(text: &str) -> DateTime<Utc> {
    crate::time::parse(text).expect("an RFC 3339 instant")
}

fn ts(t: DateTime<Utc>) -> String {
    crate::time::format(t)
}

fn keys(list: &[Subject]) -> Vec<&str> {
    list.iter().map(|s| s.key.as_str()).collect()
}

/// An engagement in Europe/Madrid with readable keys:
///
/// - client Northwind Foods: Finance (Maria Lopez, director, key stakeholder
///   with a 7-day cadence; Tomás Ruiz) and Logistics (10-day cadence; Jonas
///   Weber, key stakeholder; Aiko Tanaka);
/// - provider Brightline, Service delivery: Ravi Shah (level 1), Chloé Martin
///   (2, team lead), Grace Kim (4, director), Owen Brooks (management, and a
///   key stakeholder, which a provider person never is for update-gap);
/// - procedures FIN-04 (director approves, disclosure required), FIN-09 (team
///   lead approves, no disclosure), BL-01 (no approval, no disclosure);
/// - matters `cutoff` and `bank`; default settings; default cadence 14 days.
struct Fx {
    store: Store,
    ids: Ids,
    /// When the next entries are recorded (the audit clock, not when things happened).
    clock: DateTime<Utc>,
}

impl Fx {
    fn new() -> Fx {
        let mut fx = Fx {
            store: Store::open_in_memory().unwrap(),
            ids: Ids::seeded(11),
            clock: mad(SETUP),
        };
        fx.add(
            Kind::Engagement,
            "engagement",
            json!({"name": "Northwind Foods — Finance & Logistics", "time_zone": "Europe/Madrid", "default_cadence_days": 14}),
        );
        fx.add(Kind::Settings, "settings", json!({}));
        fx.add(
            Kind::Party,
            "northwind",
            json!({"name": "Northwind Foods", "role": "client"}),
        );
        fx.add(
            Kind::Party,
            "brightline",
            json!({"name": "Brightline", "role": "provider"}),
        );
        fx.add(
            Kind::Department,
            "finance",
            json!({"name": "Finance", "party": "northwind"}),
        );
        fx.add(
            Kind::Department,
            "logistics",
            json!({"name": "Logistics", "party": "northwind", "cadence_days": 10}),
        );
        fx.add(
            Kind::Department,
            "delivery",
            json!({"name": "Service delivery", "party": "brightline"}),
        );
        let people = [
            ("maria", "Maria Lopez", "finance", 4, true, Some(7), false),
            ("tomas", "Tomás Ruiz", "finance", 2, false, None, false),
            ("jonas", "Jonas Weber", "logistics", 4, true, None, false),
            ("aiko", "Aiko Tanaka", "logistics", 1, false, None, false),
            ("ravi", "Ravi Shah", "delivery", 1, false, None, false),
            ("chloe", "Chloé Martin", "delivery", 2, false, None, false),
            ("grace", "Grace Kim", "delivery", 4, false, None, false),
            ("owen", "Owen Brooks", "delivery", 3, true, Some(1), true),
        ];
        for (key, name, department, level, stakeholder, cadence, management) in people {
            let mut p = json!({"name": name, "department": department, "authority_level": level,
                "key_stakeholder": stakeholder, "management": management});
            if let Some(days) = cadence {
                p["cadence_days"] = json!(days);
            }
            fx.add(Kind::Person, key, p);
        }
        let procedures = [
            (
                "fin04",
                "FIN-04",
                "Month-end invoice cut-off",
                "finance",
                Some(4),
                true,
            ),
            (
                "fin09",
                "FIN-09",
                "Duplicate payment check",
                "finance",
                Some(2),
                false,
            ),
            ("bl01", "BL-01", "Ticket triage", "delivery", None, false),
        ];
        for (key, code, name, owner, authority, disclose) in procedures {
            let mut p = json!({"code": code, "name": name, "owner_department": owner, "version": "1.0",
                "disclosure_required": disclose});
            if let Some(level) = authority {
                p["exception_authority"] = json!(level);
            }
            fx.add(Kind::Procedure, key, p);
        }
        fx.add(Kind::Matter, "cutoff", json!({"name": "Invoice cut-off"}));
        fx.add(Kind::Matter, "bank", json!({"name": "Vendor bank details"}));
        fx
    }

    /// Records the next entries at `t`.
    fn recording_at(&mut self, t: DateTime<Utc>) -> &mut Fx {
        self.clock = t;
        self
    }

    /// The bootstrap actor sets the record up; its provider's first person
    /// (Ravi) records everything after.
    fn author(&self) -> Author {
        let ravi = Key::from("ravi");
        let actor = if self.store.exists(&ravi) {
            "ravi"
        } else {
            Author::BOOTSTRAP
        };
        Author::new(actor, self.clock)
    }

    fn add(&mut self, kind: Kind, key: &str, data: Value) -> &mut Fx {
        let change = Change::Create {
            kind,
            key: Some(Key::from(key)),
            data,
        };
        let author = self.author();
        self.store
            .apply(&author, &mut self.ids, vec![change])
            .unwrap_or_else(|e| panic!("creating {key}: {e}"));
        self
    }

    /// A new version of `key` whose fields in `patch` replace the current ones.
    fn amend(&mut self, key: &str, patch: Value) -> &mut Fx {
        let key = Key::from(key);
        let base = self.store.require(&key).unwrap().version;
        let Value::Object(fields) = patch else {
            panic!("a patch is an object")
        };
        let change = Change::Amend {
            key,
            base,
            fields,
            reason: "corrected in a test".into(),
        };
        let author = self.author();
        self.store
            .apply(&author, &mut self.ids, vec![change])
            .unwrap();
        self
    }

    fn void(&mut self, key: &str) -> &mut Fx {
        let key = Key::from(key);
        let base = self.store.require(&key).unwrap().version;
        let change = Change::Void {
            key,
            base,
            reason: "entered by mistake".into(),
        };
        let author = self.author();
        self.store
            .apply(&author, &mut self.ids, vec![change])
            .unwrap();
        self
    }

    fn flags(&self, at: DateTime<Utc>) -> Vec<Flag> {
        super::at(&self.store, at).unwrap()
    }

    /// The flags of `rule` that hold at `at`.
    fn of(&self, rule: &str, at: DateTime<Utc>) -> Vec<Flag> {
        let rule = Rule::parse(rule).unwrap_or_else(|| panic!("no rule {rule}"));
        self.flags(at)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// The one flag of `rule` at `at`.
    fn one(&self, rule: &str, at: DateTime<Utc>) -> Flag {
        let mut list = self.of(rule, at);
        assert_eq!(list.len(), 1, "{rule} at {}: {list:#?}", ts(at));
        list.remove(0)
    }

    /// Asserts that `rule` raises nothing at `at`.
    fn quiet(&self, rule: &str, at: DateTime<Utc>) {
        let list = self.of(rule, at);
        assert!(list.is_empty(), "{rule} at {}: {list:#?}", ts(at));
    }

    /// The flag of `rule` about `subject` at `at`, if one holds.
    fn about(&self, rule: &str, subject: &str, at: DateTime<Utc>) -> Option<Flag> {
        self.of(rule, at)
            .into_iter()
            .find(|f| f.subjects.iter().any(|s| s.key.as_str() == subject))
    }

    fn annotate(&mut self, id: &str, state: FlagState, note: &str) -> crate::Result<Key> {
        let author = self.author();
        annotate(&mut self.store, &author, &mut self.ids, id, state, note)
    }
}

// ------------------------------------------------------- entity builders

fn workaround(procedure: &str, by: &str, at: DateTime<Utc>, why: &str) -> Value {
    json!({"procedure": procedure, "performed_by": by, "performed_at": ts(at),
        "what": format!("Worked around {procedure}"), "justification": why})
}

const REASON: &str = "The paid-invoice report was down for maintenance all morning.";

fn approved(mut w: Value, approver: &str, at: DateTime<Utc>) -> Value {
    w["approval"] = json!({"approver": approver, "approved_at": ts(at)});
    w
}

fn comm(
    kind: &str,
    at: DateTime<Utc>,
    direction: &str,
    participants: &[&str],
    subject: &str,
) -> Value {
    json!({"kind": kind, "occurred_at": ts(at), "direction": direction,
        "participants": participants, "subject": subject})
}

fn with_items(mut c: Value, items: Vec<Value>) -> Value {
    c["items"] = Value::Array(items);
    c
}

fn instruction(id: &str, department: &str, matter: &str, position: &str) -> Value {
    json!({"id": id, "type": "instruction", "text": format!("{department}: {position}"),
        "department": department, "matter": matter, "position": position})
}

fn decision(id: &str, matter: &str) -> Value {
    json!({"id": id, "type": "decision", "text": "Settled by both departments.", "matter": matter})
}

fn agreement(id: &str, owner: &str, due: &str) -> Value {
    json!({"id": id, "type": "agreement", "text": "Brightline sends the clean-up list.", "owner": owner, "due": due})
}

fn request(by: &str, at: DateTime<Utc>, out_of_scope: bool, outcome: &str) -> Value {
    json!({"summary": "Carrier scorecard", "requested_by": by, "requested_at": ts(at),
        "out_of_scope": out_of_scope, "outcome": outcome})
}

fn incident(known: DateTime<Utc>, severity: &str) -> Value {
    json!({"title": "Payment run delayed", "severity": severity, "known_at": ts(known)})
}

fn disclosure(subject: &str, audience: &str, at: DateTime<Utc>) -> Value {
    json!({"subject": subject, "audience": audience, "disclosed_at": ts(at)})
}

fn exception(procedure: &str, granted: bool, to: &str, by: &str, at: DateTime<Utc>) -> Value {
    json!({"procedure": procedure, "granted": granted, "to": to, "decided_by": by,
        "decided_at": ts(at), "summary": "Check the proposal instead of the paid list."})
}

// ------------------------------------------------- workaround-unjustified

fn justified(why: &str) -> Fx {
    let mut fx = Fx::new();
    fx.add(
        Kind::Workaround,
        "w",
        workaround("bl01", "ravi", mad("2026-11-02 14:00"), why),
    );
    fx
}

#[test]
fn workaround_unjustified_fires() {
    let fx = justified("As discussed.");
    let f = fx.one("workaround-unjustified", mad("2026-11-03 09:00"));
    assert_eq!(f.id, "workaround-unjustified:w");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["w"]);
    assert_eq!(f.subjects[0].kind, "workaround");
    assert_eq!(keys(&f.evidence), ["w"]);
    assert_eq!(f.since, mad("2026-11-02 14:00"));
    assert_eq!(f.state, State::Open);
    assert_eq!(
        f.message,
        "Ravi Shah's workaround of BL-01 Ticket triage (\"Worked around bl01\") has no real justification: \"As discussed.\""
    );
    // Not before the workaround happened, though it was already recorded.
    fx.quiet("workaround-unjustified", mad("2026-11-02 13:59"));
}

#[test]
fn workaround_unjustified_quiet_at_min_words() {
    // Four words: exactly the default minimum.
    justified("Carrier invoice arrived late")
        .quiet("workaround-unjustified", mad("2026-11-03 09:00"));
}

#[test]
fn workaround_unjustified_fires_below_min_words() {
    let fx = justified("Carrier invoice late");
    assert_eq!(
        fx.one("workaround-unjustified", mad("2026-11-03 09:00")).id,
        "workaround-unjustified:w"
    );
}

#[test]
fn workaround_unjustified_reads_min_words_from_settings() {
    let mut fx = justified("Carrier invoice arrived late");
    fx.recording_at(mad("2026-11-02 18:00"))
        .amend("settings", json!({"min_justification_words": 5}));
    fx.quiet("workaround-unjustified", mad("2026-11-02 17:59"));
    fx.one("workaround-unjustified", mad("2026-11-02 18:00"));
}

#[test]
fn boilerplate_judgement() {
    let settings = Settings::default();
    let cases = [
        ("n/a", true),
        ("N/A.", true),
        ("As discussed.", true),
        ("  AS   DISCUSSED!! ", true),
        ("Client request", true),
        ("ok", true),
        ("-", true),
        ("", true),
        ("   ", true),
        // Too few words, though none is a known phrase.
        ("Needed it fast", true),
        ("n/a — as discussed", true),
        // A real sentence, even one that starts like boilerplate.
        (
            "As discussed with Maria, the bank rejected the file twice.",
            false,
        ),
        (
            "Customs invoices arrived on the 26th with a same-month payment term.",
            false,
        ),
        ("Four words are enough", false),
    ];
    for (text, expected) in cases {
        assert_eq!(is_boilerplate(text, &settings), expected, "{text:?}");
    }
    let strict = Settings {
        min_justification_words: 0,
        boilerplate: vec!["Per manager".into()],
        ..Settings::default()
    };
    assert!(
        is_boilerplate("per manager!", &strict),
        "phrases compare without case and punctuation"
    );
    assert!(
        !is_boilerplate("ok", &strict),
        "the list comes from the settings"
    );
}

// -------------------------------------------------- workaround-unapproved

/// A workaround of `procedure` by Ravi on Monday 2 November, approved by `approver` at 15:00.
fn approval_by(procedure: &str, approver: Option<&str>) -> Fx {
    let mut fx = Fx::new();
    let mut w = workaround(procedure, "ravi", mad("2026-11-02 14:00"), REASON);
    if let Some(a) = approver {
        w = approved(w, a, mad("2026-11-02 15:00"));
    }
    fx.add(Kind::Workaround, "w", w);
    fx
}

#[test]
fn workaround_unapproved_fires_without_approval() {
    let fx = approval_by("fin04", None);
    let f = fx.one("workaround-unapproved", mad("2026-11-03 09:00"));
    assert_eq!(f.id, "workaround-unapproved:w");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(keys(&f.subjects), ["w"]);
    assert_eq!(keys(&f.evidence), ["w"]);
    assert_eq!(f.since, mad("2026-11-02 14:00"));
    assert_eq!(
        f.message,
        "Ravi Shah's workaround of FIN-04 Month-end invoice cut-off has no approval; the procedure needs a director"
    );
}

#[test]
fn workaround_unapproved_fires_when_the_approver_lacks_authority() {
    let fx = approval_by("fin04", Some("chloe"));
    let f = fx.one("workaround-unapproved", mad("2026-11-03 09:00"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["w"]);
    assert_eq!(keys(&f.evidence), ["w", "chloe"]);
    assert_eq!(f.since, mad("2026-11-02 15:00"));
    assert!(
        f.message.contains(
            "approved by Chloé Martin, whose authority (team lead) is below the director level"
        ),
        "{}",
        f.message
    );
}

#[test]
fn workaround_unapproved_quiet_at_the_required_level() {
    // FIN-09 needs a team lead: Chloé is exactly one; FIN-04 needs a director: Grace is one.
    approval_by("fin09", Some("chloe")).quiet("workaround-unapproved", mad("2026-11-03 09:00"));
    approval_by("fin04", Some("grace")).quiet("workaround-unapproved", mad("2026-11-03 09:00"));
    // BL-01 needs no approval at all.
    approval_by("bl01", None).quiet("workaround-unapproved", mad("2026-11-03 09:00"));
}

#[test]
fn workaround_unapproved_fires_one_level_below() {
    let f =
        approval_by("fin09", Some("ravi")).one("workaround-unapproved", mad("2026-11-03 09:00"));
    assert_eq!(f.severity, Severity::Medium);
    assert!(
        f.message
            .contains("(team member) is below the team lead level"),
        "{}",
        f.message
    );
}

#[test]
fn workaround_unapproved_counts_an_approval_from_when_it_was_given() {
    let mut fx = Fx::new();
    let w = approved(
        workaround("fin04", "ravi", mad("2026-11-02 14:00"), REASON),
        "grace",
        mad("2026-11-03 09:00"),
    );
    fx.add(Kind::Workaround, "w", w);
    assert_eq!(
        fx.one("workaround-unapproved", mad("2026-11-03 08:59"))
            .severity,
        Severity::High
    );
    fx.quiet("workaround-unapproved", mad("2026-11-03 09:00"));
}

#[test]
fn authority_by_delegation_holds_on_the_local_days_of_the_delegation() {
    // Grace (director) lends her authority to Chloé (team lead) from Monday 9 to Friday 13 November.
    let cases = [
        ("2026-11-08 23:50", false, "the evening before it starts"),
        (
            "2026-11-09 00:30",
            true,
            "its first local day, though still 8 November in UTC",
        ),
        ("2026-11-11 12:00", true, "in the middle"),
        ("2026-11-13 23:59", true, "the last minute of its last day"),
        (
            "2026-11-14 00:10",
            false,
            "the next local day, though still 13 November in UTC",
        ),
    ];
    for (approved_at, counts, why) in cases {
        let mut fx = Fx::new();
        fx.add(
            Kind::Delegation,
            "leave",
            json!({"from": "grace", "to": "chloe", "starts": "2026-11-09", "ends": "2026-11-13"}),
        );
        let w = approved(
            workaround("fin04", "ravi", mad("2026-11-08 20:00"), REASON),
            "chloe",
            mad(approved_at),
        );
        fx.add(Kind::Workaround, "w", w);
        let flags = fx.of("workaround-unapproved", mad("2026-11-20 09:00"));
        assert_eq!(
            flags.is_empty(),
            counts,
            "approval at {approved_at} ({why}): {flags:#?}"
        );
    }
}

#[test]
fn authority_is_lent_only_to_the_delegate() {
    let mut fx = Fx::new();
    fx.add(
        Kind::Delegation,
        "leave",
        json!({"from": "grace", "to": "tomas", "starts": "2026-11-09", "ends": "2026-11-13"}),
    );
    let w = approved(
        workaround("fin04", "ravi", mad("2026-11-10 14:00"), REASON),
        "chloe",
        mad("2026-11-10 15:00"),
    );
    fx.add(Kind::Workaround, "w", w);
    fx.one("workaround-unapproved", mad("2026-11-20 09:00"));
}

// -------------------------------------------------- deviation-undisclosed

/// An approved, justified FIN-04 workaround (disclosure required) performed at `at`.
fn deviation(at: &str) -> Fx {
    let mut fx = Fx::new();
    fx.add(
        Kind::Workaround,
        "w",
        approved(
            workaround("fin04", "ravi", mad(at), REASON),
            "grace",
            mad(at),
        ),
    );
    fx
}

#[test]
fn deviation_undisclosed_fires() {
    let fx = deviation("2026-11-02 14:00");
    let f = fx.one("deviation-undisclosed", mad("2026-11-12 09:00"));
    assert_eq!(f.id, "deviation-undisclosed:w");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(keys(&f.subjects), ["w"]);
    assert_eq!(keys(&f.evidence), ["w"]);
    // Seven days: the deadline is the end of Monday 9 November in Madrid.
    assert_eq!(f.since, utc("2026-11-09T23:00:00Z"));
    assert_eq!(
        f.message,
        "Ravi Shah's workaround of FIN-04 Month-end invoice cut-off has not been disclosed to the client after 10 days (the procedure requires disclosure within 7)"
    );
}

#[test]
fn deviation_undisclosed_quiet_until_the_local_day_ends() {
    deviation("2026-11-02 14:00").quiet("deviation-undisclosed", mad("2026-11-09 23:59:59"));
}

#[test]
fn deviation_undisclosed_fires_at_local_midnight() {
    let fx = deviation("2026-11-02 14:00");
    assert_eq!(
        fx.one("deviation-undisclosed", mad("2026-11-10 00:00"))
            .since,
        mad("2026-11-10 00:00")
    );
}

#[test]
fn deviation_undisclosed_counts_the_local_date_near_midnight() {
    // 00:30 on 3 November in Madrid is 23:30 on 2 November in UTC: the days count from 3 November.
    let fx = deviation("2026-11-03 00:30");
    fx.quiet("deviation-undisclosed", utc("2026-11-10T12:00:00Z"));
    fx.quiet("deviation-undisclosed", utc("2026-11-10T22:59:59Z"));
    assert_eq!(
        fx.one("deviation-undisclosed", utc("2026-11-10T23:00:00Z"))
            .since,
        utc("2026-11-10T23:00:00Z")
    );
}

#[test]
fn deviation_undisclosed_needs_a_client_disclosure_of_a_procedure_that_requires_one() {
    let mut fx = deviation("2026-11-02 14:00");
    fx.add(
        Kind::Disclosure,
        "to-management",
        disclosure("w", "provider_management", mad("2026-11-03 10:00")),
    );
    fx.one("deviation-undisclosed", mad("2026-11-12 09:00"));
    fx.add(
        Kind::Disclosure,
        "to-client",
        disclosure("w", "client", mad("2026-11-06 10:00")),
    );
    fx.quiet("deviation-undisclosed", mad("2026-11-12 09:00"));

    let mut fx = Fx::new();
    fx.add(
        Kind::Workaround,
        "w",
        approved(
            workaround("fin09", "ravi", mad("2026-11-02 14:00"), REASON),
            "grace",
            mad("2026-11-02 14:00"),
        ),
    );
    fx.quiet("deviation-undisclosed", mad("2026-12-31 09:00"));
}

#[test]
fn deviation_undisclosed_covers_out_of_scope_work_done() {
    let cases = [
        (true, "done_as_favour", true),
        (true, "done_under_contract", true),
        (true, "pending", false),
        (true, "declined", false),
        (true, "change_request_raised", false),
        (false, "done_under_contract", false),
    ];
    for (out_of_scope, outcome, fires) in cases {
        let mut fx = Fx::new();
        fx.add(
            Kind::Request,
            "r",
            request("aiko", mad("2026-11-02 10:00"), out_of_scope, outcome),
        );
        fx.quiet("deviation-undisclosed", mad("2026-11-09 23:59:59"));
        let flags = fx.of("deviation-undisclosed", mad("2026-11-10 00:00"));
        assert_eq!(
            flags.len(),
            usize::from(fires),
            "out of scope {out_of_scope}, {outcome}: {flags:#?}"
        );
        if let Some(f) = flags.first() {
            assert_eq!(
                (f.id.as_str(), f.subjects[0].kind.as_str()),
                ("deviation-undisclosed:r", "request")
            );
            assert!(
                f.message
                    .starts_with("Out-of-scope work for Aiko Tanaka (Northwind Foods Logistics)"),
                "{}",
                f.message
            );
        }
    }
}

// ------------------------------------------------------ request-kept-quiet

/// An out-of-scope request made at 00:30 on 2 November in Madrid (still 1 November in UTC).
fn kept_quiet(secret: bool) -> Fx {
    let mut fx = Fx::new();
    fx.add(
        Kind::Communication,
        "call",
        comm(
            "call",
            mad("2026-11-02 00:30"),
            "two_way",
            &["aiko", "ravi"],
            "Late call",
        ),
    );
    let mut r = request("aiko", mad("2026-11-02 00:30"), true, "pending");
    r["raised_in"] = json!("call");
    if secret {
        r["keep_undisclosed"] = json!(true);
        r["keep_undisclosed_by"] = json!("aiko");
    }
    fx.add(Kind::Request, "r", r);
    fx
}

#[test]
fn request_kept_quiet_fires() {
    let fx = kept_quiet(false);
    let f = fx.one("request-kept-quiet", mad("2026-11-09 09:00"));
    assert_eq!(f.id, "request-kept-quiet:r");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["r"]);
    assert_eq!(keys(&f.evidence), ["r", "call"]);
    // Three local days from 2 November: the end of Thursday 5 November in Madrid.
    assert_eq!(f.since, utc("2026-11-05T23:00:00Z"));
    assert_eq!(
        f.message,
        "An out-of-scope request from Aiko Tanaka (Northwind Foods Logistics), \"Carrier scorecard\", has not been reported to Brightline's management after 7 days"
    );
}

#[test]
fn request_kept_quiet_is_high_when_secrecy_was_asked() {
    let f = kept_quiet(true).one("request-kept-quiet", mad("2026-11-09 09:00"));
    assert_eq!(f.severity, Severity::High);
    assert!(
        f.message
            .ends_with("; the requester asked for it to stay undisclosed"),
        "{}",
        f.message
    );
}

#[test]
fn request_kept_quiet_quiet_until_the_local_day_ends() {
    let fx = kept_quiet(false);
    // A count in UTC days would have started on 1 November and fired by now.
    fx.quiet("request-kept-quiet", utc("2026-11-05T12:00:00Z"));
    fx.quiet("request-kept-quiet", mad("2026-11-05 23:59:59"));
}

#[test]
fn request_kept_quiet_fires_at_local_midnight() {
    kept_quiet(false).one("request-kept-quiet", mad("2026-11-06 00:00"));
}

#[test]
fn request_kept_quiet_needs_a_report_to_provider_management() {
    let mut fx = kept_quiet(true);
    fx.add(
        Kind::Disclosure,
        "to-client",
        disclosure("r", "client", mad("2026-11-03 10:00")),
    );
    fx.one("request-kept-quiet", mad("2026-11-09 09:00"));
    fx.add(
        Kind::Disclosure,
        "to-owen",
        disclosure("r", "provider_management", mad("2026-11-04 10:00")),
    );
    fx.quiet("request-kept-quiet", mad("2026-11-09 09:00"));

    let mut fx = Fx::new();
    fx.add(
        Kind::Request,
        "r",
        request("aiko", mad("2026-11-02 10:00"), false, "pending"),
    );
    fx.quiet("request-kept-quiet", mad("2026-12-31 09:00"));
}

// --------------------------------------------------------------- update-gap

/// Maria (cadence 7) was last updated in a meeting on Monday 2 November at 10:00.
fn met_maria() -> Fx {
    let mut fx = Fx::new();
    fx.add(
        Kind::Communication,
        "m1",
        comm(
            "meeting",
            mad("2026-11-02 10:00"),
            "two_way",
            &["maria", "chloe"],
            "AP review",
        ),
    );
    fx
}

#[test]
fn update_gap_fires() {
    let fx = met_maria();
    let f = fx
        .about("update-gap", "maria", mad("2026-11-12 09:00"))
        .expect("Maria's update gap");
    assert_eq!(f.id, "update-gap:maria");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["maria"]);
    assert_eq!(f.subjects[0].kind, "person");
    assert_eq!(keys(&f.evidence), ["maria", "m1"]);
    assert_eq!(f.since, utc("2026-11-09T23:00:00Z"));
    assert_eq!(
        f.message,
        "Maria Lopez (Northwind Foods Finance) has had no update for 10 days; cadence 7"
    );
}

#[test]
fn update_gap_quiet_through_the_last_day_of_the_cadence() {
    assert!(
        met_maria()
            .about("update-gap", "maria", mad("2026-11-09 23:59:59"))
            .is_none()
    );
}

#[test]
fn update_gap_fires_the_day_after() {
    assert!(
        met_maria()
            .about("update-gap", "maria", mad("2026-11-10 00:00"))
            .is_some()
    );
}

#[test]
fn update_gap_counts_the_local_date_near_midnight() {
    let mut fx = Fx::new();
    // 00:30 on 3 November in Madrid, 23:30 on 2 November in UTC.
    fx.add(
        Kind::Communication,
        "e1",
        comm(
            "email",
            mad("2026-11-03 00:30"),
            "outbound",
            &["chloe", "maria"],
            "Status",
        ),
    );
    assert!(
        fx.about("update-gap", "maria", utc("2026-11-10T12:00:00Z"))
            .is_none()
    );
    assert!(
        fx.about("update-gap", "maria", utc("2026-11-10T22:59:59Z"))
            .is_none()
    );
    assert_eq!(
        fx.about("update-gap", "maria", utc("2026-11-10T23:00:00Z"))
            .unwrap()
            .since,
        utc("2026-11-10T23:00:00Z")
    );
}

#[test]
fn update_gap_what_counts_as_an_update() {
    // Each variant happens on Thursday 5 November, between the meeting of 2 November and the gap's deadline.
    let held = |kind: &str, direction: &str| {
        comm(
            kind,
            mad("2026-11-05 10:00"),
            direction,
            &["maria", "chloe"],
            "Update?",
        )
    };
    let with = |mut c: Value, field: &str, value: Value| {
        c[field] = value;
        c
    };
    let cases = [
        ("meeting", held("meeting", "two_way"), true),
        ("call", held("call", "two_way"), true),
        ("email from the provider", held("email", "outbound"), true),
        ("chat from the provider", held("chat", "outbound"), true),
        ("email from the client", held("email", "inbound"), false),
        ("internal email", held("email", "internal"), false),
        (
            "scheduled meeting",
            with(held("meeting", "two_way"), "status", json!("scheduled")),
            false,
        ),
        (
            "cancelled meeting",
            with(held("meeting", "two_way"), "status", json!("cancelled")),
            false,
        ),
        (
            "meeting Maria did not attend",
            comm(
                "meeting",
                mad("2026-11-05 10:00"),
                "two_way",
                &["tomas", "chloe"],
                "AP",
            ),
            false,
        ),
        (
            "email sent after the instant",
            comm(
                "email",
                mad("2026-11-12 10:00"),
                "outbound",
                &["maria"],
                "Late",
            ),
            false,
        ),
    ];
    for (what, c, counts) in cases {
        let mut fx = met_maria();
        fx.add(Kind::Communication, "c", c);
        let gap = fx.about("update-gap", "maria", mad("2026-11-10 09:00"));
        assert_eq!(gap.is_none(), counts, "{what}: {gap:#?}");
    }
}

#[test]
fn update_gap_cadence_comes_from_the_person_then_the_department_then_the_engagement() {
    let fx = met_maria();
    let gaps = |at: &str| -> Vec<String> {
        let mut v: Vec<String> = fx
            .of("update-gap", mad(at))
            .iter()
            .map(|f| f.subjects[0].key.to_string())
            .collect();
        v.sort();
        v
    };
    // Jonas has no cadence of his own: Logistics' 10 days, counted from when he was added (1 November).
    assert_eq!(gaps("2026-11-11 23:59"), ["maria"]);
    assert_eq!(gaps("2026-11-12 00:00"), ["jonas", "logistics", "maria"]);
    // Finance has the engagement's 14 days, from Maria's meeting on 2 November.
    assert_eq!(gaps("2026-11-16 23:59"), ["jonas", "logistics", "maria"]);
    assert_eq!(
        gaps("2026-11-17 00:00"),
        ["finance", "jonas", "logistics", "maria"]
    );
    // Owen is a provider key stakeholder with a 1-day cadence: never flagged.
    assert!(
        fx.about("update-gap", "owen", mad("2026-12-31 09:00"))
            .is_none()
    );
    let jonas = fx
        .about("update-gap", "jonas", mad("2026-11-12 00:00"))
        .unwrap();
    assert_eq!(
        jonas.message,
        "Jonas Weber (Northwind Foods Logistics) has had no update since being added 11 days ago; cadence 10"
    );
    assert_eq!(keys(&jonas.evidence), ["jonas"]);
    let logistics = fx
        .about("update-gap", "logistics", mad("2026-11-12 00:00"))
        .unwrap();
    assert_eq!(logistics.subjects[0].kind, "department");
}

// ------------------------------------------------------ agreement-unminuted

/// A meeting on Monday 2 November at 10:00 with a decision and no minutes.
fn decided_unminuted() -> Fx {
    let mut fx = Fx::new();
    let m = with_items(
        comm(
            "meeting",
            mad("2026-11-02 10:00"),
            "two_way",
            &["maria", "chloe"],
            "Cut-off",
        ),
        vec![decision("d1", "cutoff")],
    );
    fx.add(Kind::Communication, "m", m);
    fx
}

#[test]
fn agreement_unminuted_fires() {
    let f = decided_unminuted().one("agreement-unminuted", mad("2026-11-06 09:00"));
    assert_eq!(f.id, "agreement-unminuted:m");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["m"]);
    assert_eq!(keys(&f.evidence), ["m"]);
    assert_eq!(f.since, utc("2026-11-04T23:00:00Z"));
    assert_eq!(
        f.message,
        "\"Cut-off\" (4 days ago) recorded 1 agreement(s) or decision(s), but no minutes were sent"
    );
}

#[test]
fn agreement_unminuted_quiet_until_the_local_day_ends() {
    decided_unminuted().quiet("agreement-unminuted", mad("2026-11-04 23:59:59"));
}

#[test]
fn agreement_unminuted_fires_at_local_midnight() {
    decided_unminuted().one("agreement-unminuted", mad("2026-11-05 00:00"));
}

#[test]
fn agreement_unminuted_which_communications() {
    let base = |kind: &str, items: Vec<Value>| {
        with_items(
            comm(
                kind,
                mad("2026-11-02 10:00"),
                "two_way",
                &["maria", "chloe"],
                "Cut-off",
            ),
            items,
        )
    };
    let action =
        json!({"id": "x1", "type": "action", "text": "Chloé checks the list.", "owner": "chloe"});
    let with = |mut c: Value, field: &str, value: Value| {
        c[field] = value;
        c
    };
    let cases = [
        (
            "call with an agreement",
            base("call", vec![agreement("a1", "chloe", "2026-11-30")]),
            true,
        ),
        (
            "meeting with only an action",
            base("meeting", vec![action]),
            false,
        ),
        (
            "email with a decision",
            base("email", vec![decision("d1", "cutoff")]),
            false,
        ),
        (
            "scheduled meeting",
            with(
                base("meeting", vec![decision("d1", "cutoff")]),
                "status",
                json!("scheduled"),
            ),
            false,
        ),
        (
            "minutes sent on the last day",
            with(
                base("meeting", vec![decision("d1", "cutoff")]),
                "minutes_sent_at",
                json!(ts(mad("2026-11-04 23:00"))),
            ),
            false,
        ),
        (
            "minutes sent after the instant",
            with(
                base("meeting", vec![decision("d1", "cutoff")]),
                "minutes_sent_at",
                json!(ts(mad("2026-11-07 09:00"))),
            ),
            true,
        ),
    ];
    for (what, c, fires) in cases {
        let mut fx = Fx::new();
        fx.add(Kind::Communication, "m", c);
        assert_eq!(
            fx.of("agreement-unminuted", mad("2026-11-06 09:00")).len(),
            usize::from(fires),
            "{what}"
        );
    }
}

// ------------------------------------------------------ minutes-unconfirmed

/// A meeting on Monday 2 November whose minutes were sent at 17:00, `confirmed` or not.
fn minuted(confirmed: Option<&str>) -> Fx {
    let mut fx = Fx::new();
    let mut m = comm(
        "meeting",
        mad("2026-11-02 10:00"),
        "two_way",
        &["maria", "chloe"],
        "AP review",
    );
    m["minutes_sent_at"] = json!(ts(mad("2026-11-02 17:00")));
    if let Some(at) = confirmed {
        m["confirmed_at"] = json!(ts(mad(at)));
        m["confirmed_by"] = json!("maria");
    }
    fx.add(Kind::Communication, "m", m);
    fx
}

#[test]
fn minutes_unconfirmed_fires() {
    let f = minuted(None).one("minutes-unconfirmed", mad("2026-11-10 09:00"));
    assert_eq!(f.id, "minutes-unconfirmed:m");
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(keys(&f.subjects), ["m"]);
    assert_eq!(keys(&f.evidence), ["m"]);
    assert_eq!(f.since, utc("2026-11-07T23:00:00Z"));
    assert_eq!(
        f.message,
        "Minutes of \"AP review\" were sent 8 days ago and the client has not confirmed them"
    );
}

#[test]
fn minutes_unconfirmed_quiet_until_the_local_day_ends() {
    let fx = minuted(None);
    fx.quiet("minutes-unconfirmed", mad("2026-11-07 23:59:59"));
    // Before they were sent there is nothing to confirm.
    fx.quiet("minutes-unconfirmed", mad("2026-11-02 16:59"));
}

#[test]
fn minutes_unconfirmed_fires_at_local_midnight() {
    minuted(None).one("minutes-unconfirmed", mad("2026-11-08 00:00"));
}

#[test]
fn minutes_unconfirmed_ends_with_the_confirmation() {
    minuted(Some("2026-11-07 23:59")).quiet("minutes-unconfirmed", mad("2026-11-20 09:00"));
    let late = minuted(Some("2026-11-09 10:00"));
    late.one("minutes-unconfirmed", mad("2026-11-09 09:59"));
    late.quiet("minutes-unconfirmed", mad("2026-11-09 10:00"));
}

// ------------------------------------------------------ commitment-overdue

/// A meeting on 2 November with `item`, due on Tuesday 10 November.
fn committed(item: Value) -> Fx {
    let mut fx = Fx::new();
    let mut m = with_items(
        comm(
            "meeting",
            mad("2026-11-02 10:00"),
            "two_way",
            &["maria", "chloe"],
            "Steering",
        ),
        vec![item],
    );
    m["minutes_sent_at"] = json!(ts(mad("2026-11-02 12:00")));
    fx.add(Kind::Communication, "m", m);
    fx
}

#[test]
fn commitment_overdue_fires() {
    let f = committed(agreement("a1", "chloe", "2026-11-10"))
        .one("commitment-overdue", mad("2026-11-12 09:00"));
    assert_eq!(f.id, "commitment-overdue:a1");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["a1"]);
    assert_eq!(f.subjects[0].kind, "agreement");
    assert_eq!(keys(&f.evidence), ["a1", "m"]);
    assert_eq!(f.since, utc("2026-11-10T23:00:00Z"));
    assert_eq!(
        f.message,
        "Chloé Martin's commitment \"Brightline sends the clean-up list.\" (from \"Steering\") was due Tue 10 Nov and is 2 days overdue"
    );
}

#[test]
fn commitment_overdue_quiet_on_the_due_day() {
    committed(agreement("a1", "chloe", "2026-11-10"))
        .quiet("commitment-overdue", mad("2026-11-10 23:59:59"));
}

#[test]
fn commitment_overdue_fires_the_next_local_day() {
    // 00:00 on 11 November in Madrid is still 10 November in UTC.
    committed(agreement("a1", "chloe", "2026-11-10"))
        .one("commitment-overdue", utc("2026-11-10T23:00:00Z"));
}

#[test]
fn commitment_overdue_by_status() {
    let done = |at: &str| {
        let mut a = agreement("a1", "chloe", "2026-11-10");
        a["status"] = json!("done");
        a["done_at"] = json!(ts(mad(at)));
        a
    };
    let mut cancelled = agreement("a1", "chloe", "2026-11-10");
    cancelled["status"] = json!("cancelled");
    let action = json!({"id": "x1", "type": "action", "text": "Chloé checks the list.", "owner": "chloe", "due": "2026-11-10"});
    let mut dated_decision = decision("d1", "cutoff");
    dated_decision["due"] = json!("2026-11-10");
    let cases = [
        ("done on the due day", done("2026-11-10 18:00"), None),
        (
            "done after the instant",
            done("2026-11-13 09:00"),
            Some("agreement"),
        ),
        ("cancelled", cancelled, None),
        ("an open action item", action, Some("action")),
        ("a decision is no commitment", dated_decision, None),
    ];
    for (what, item, fires) in cases {
        let flags = committed(item).of("commitment-overdue", mad("2026-11-12 09:00"));
        assert_eq!(
            flags.first().map(|f| f.subjects[0].kind.as_str()),
            fires,
            "{what}: {flags:#?}"
        );
    }
}

// ---------------------------------------------------- instructions-conflict

/// Finance's instruction on the cut-off (Monday 2 November, by email) and
/// Logistics' different one (Tuesday 3 November 15:00, by call).
fn conflicting() -> Fx {
    let mut fx = Fx::new();
    let fin = with_items(
        comm(
            "email",
            mad("2026-11-02 10:00"),
            "inbound",
            &["maria", "chloe"],
            "Cut-off: no exceptions",
        ),
        vec![instruction(
            "i1",
            "finance",
            "cutoff",
            "Strict cut-off on the 25th.",
        )],
    );
    fx.add(Kind::Communication, "i-fin", fin);
    let log = with_items(
        comm(
            "call",
            mad("2026-11-03 15:00"),
            "two_way",
            &["jonas", "chloe"],
            "Freight accruals",
        ),
        vec![instruction(
            "i2",
            "logistics",
            "cutoff",
            "Accrue freight until month-end",
        )],
    );
    fx.add(Kind::Communication, "i-log", log);
    fx
}

/// A decision filed under `matter`, in a meeting at `at`.
fn decide(fx: &mut Fx, key: &str, matter: &str, at: &str) {
    let m = with_items(
        comm(
            "meeting",
            mad(at),
            "two_way",
            &["maria", "jonas", "chloe"],
            "Steering",
        ),
        vec![decision(&format!("{key}-d"), matter)],
    );
    fx.add(Kind::Communication, key, m);
}

#[test]
fn instructions_conflict_fires() {
    let f = conflicting().one("instructions-conflict", mad("2026-11-04 09:00"));
    assert_eq!(f.id, "instructions-conflict:cutoff+finance+logistics");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(keys(&f.subjects), ["cutoff", "finance", "logistics"]);
    assert_eq!(
        f.subjects
            .iter()
            .map(|s| s.kind.as_str())
            .collect::<Vec<_>>(),
        ["matter", "department", "department"]
    );
    assert_eq!(keys(&f.evidence), ["i-fin", "i-log"]);
    assert_eq!(f.since, mad("2026-11-03 15:00"));
    assert_eq!(
        f.message,
        "Northwind Foods Finance (\"Strict cut-off on the 25th.\") and Northwind Foods Logistics (\"Accrue freight until month-end\") gave conflicting instructions on Invoice cut-off, and no later decision settles it"
    );
    conflicting().quiet("instructions-conflict", mad("2026-11-03 14:59"));
}

#[test]
fn instructions_conflict_settled_by_a_later_decision_on_the_matter() {
    let mut fx = conflicting();
    decide(&mut fx, "dec", "cutoff", "2026-11-03 15:01");
    fx.quiet("instructions-conflict", mad("2026-11-04 09:00"));
    // Until the decision happened, the conflict held.
    fx.one("instructions-conflict", mad("2026-11-03 15:00:30"));
}

#[test]
fn instructions_conflict_not_settled_by_an_earlier_decision() {
    let mut fx = conflicting();
    decide(&mut fx, "dec", "cutoff", "2026-11-03 14:59");
    fx.one("instructions-conflict", mad("2026-11-04 09:00"));
}

#[test]
fn instructions_conflict_not_settled_by_a_decision_on_another_matter() {
    let mut fx = conflicting();
    decide(&mut fx, "dec", "bank", "2026-11-04 10:00");
    fx.one("instructions-conflict", mad("2026-11-05 09:00"));
}

#[test]
fn instructions_conflict_reopens_on_an_instruction_after_the_decision() {
    let mut fx = conflicting();
    decide(&mut fx, "dec", "cutoff", "2026-11-04 10:00");
    let again = with_items(
        comm(
            "email",
            mad("2026-11-06 10:00"),
            "inbound",
            &["jonas", "chloe"],
            "Accruals again",
        ),
        vec![instruction(
            "i3",
            "logistics",
            "cutoff",
            "accrue freight until month-end",
        )],
    );
    fx.add(Kind::Communication, "i-log-2", again);
    fx.quiet("instructions-conflict", mad("2026-11-05 09:00"));
    let f = fx.one("instructions-conflict", mad("2026-11-06 11:00"));
    assert_eq!(keys(&f.evidence), ["i-fin", "i-log-2"]);
    assert_eq!(f.since, mad("2026-11-06 10:00"));
}

#[test]
fn instructions_conflict_compares_positions_without_case_or_punctuation() {
    let mut fx = Fx::new();
    let fin = with_items(
        comm(
            "email",
            mad("2026-11-02 10:00"),
            "inbound",
            &["maria"],
            "Cut-off",
        ),
        vec![instruction(
            "i1",
            "finance",
            "cutoff",
            "Strict cut-off on the 25th.",
        )],
    );
    let log = with_items(
        comm(
            "email",
            mad("2026-11-03 10:00"),
            "inbound",
            &["jonas"],
            "Cut-off",
        ),
        vec![instruction(
            "i2",
            "logistics",
            "cutoff",
            "strict cut off, on the 25th",
        )],
    );
    fx.add(Kind::Communication, "i-fin", fin)
        .add(Kind::Communication, "i-log", log);
    fx.quiet("instructions-conflict", mad("2026-11-04 09:00"));
}

#[test]
fn instructions_conflict_uses_each_departments_latest_instruction() {
    let mut fx = conflicting();
    let agree = with_items(
        comm(
            "email",
            mad("2026-11-05 10:00"),
            "inbound",
            &["jonas", "chloe"],
            "Fine",
        ),
        vec![instruction(
            "i3",
            "logistics",
            "cutoff",
            "strict cut-off on the 25th",
        )],
    );
    fx.add(Kind::Communication, "i-log-2", agree);
    fx.one("instructions-conflict", mad("2026-11-05 09:59"));
    fx.quiet("instructions-conflict", mad("2026-11-05 10:00"));
}

#[test]
fn instructions_conflict_only_between_client_departments() {
    let mut fx = Fx::new();
    let fin = with_items(
        comm(
            "email",
            mad("2026-11-02 10:00"),
            "inbound",
            &["maria"],
            "Cut-off",
        ),
        vec![instruction(
            "i1",
            "finance",
            "cutoff",
            "strict cut-off on the 25th",
        )],
    );
    let ours = with_items(
        comm(
            "email",
            mad("2026-11-03 10:00"),
            "internal",
            &["chloe"],
            "Cut-off",
        ),
        vec![instruction(
            "i2",
            "delivery",
            "cutoff",
            "accrue until month-end",
        )],
    );
    fx.add(Kind::Communication, "i-fin", fin)
        .add(Kind::Communication, "i-ours", ours);
    fx.quiet("instructions-conflict", mad("2026-11-04 09:00"));
}

// --------------------------------------------------- exception-inconsistent

#[test]
fn exception_inconsistent_fires() {
    let mut fx = Fx::new();
    fx.add(
        Kind::Exception,
        "e-fin",
        exception("fin09", true, "finance", "grace", mad("2026-11-02 10:00")),
    );
    fx.add(
        Kind::Exception,
        "e-log",
        exception(
            "fin09",
            false,
            "logistics",
            "chloe",
            mad("2026-11-03 10:00"),
        ),
    );
    let f = fx.one("exception-inconsistent", mad("2026-11-04 09:00"));
    assert_eq!(f.id, "exception-inconsistent:fin09+e-fin+e-log");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["fin09", "e-fin", "e-log"]);
    assert_eq!(keys(&f.evidence), ["e-fin", "e-log"]);
    assert_eq!(f.since, mad("2026-11-03 10:00"));
    assert_eq!(
        f.message,
        "FIN-09 Duplicate payment check: an exception was granted to Northwind Foods Finance (by Grace Kim) but refused to Northwind Foods Logistics (by Chloé Martin)"
    );
}

#[test]
fn exception_inconsistent_quiet_when_consistent() {
    let cases = [
        (
            "granted to both",
            [("fin09", true, "finance"), ("fin09", true, "logistics")],
        ),
        (
            "refused to both",
            [("fin09", false, "finance"), ("fin09", false, "logistics")],
        ),
        (
            "granted and refused to the same department",
            [("fin09", true, "finance"), ("fin09", false, "finance")],
        ),
        (
            "different procedures",
            [("fin09", true, "finance"), ("fin04", false, "logistics")],
        ),
    ];
    for (what, pair) in cases {
        let mut fx = Fx::new();
        for (i, (procedure, granted, to)) in pair.into_iter().enumerate() {
            fx.add(
                Kind::Exception,
                &format!("e{i}"),
                exception(procedure, granted, to, "grace", mad("2026-11-02 10:00")),
            );
        }
        let flags = fx.of("exception-inconsistent", mad("2026-11-04 09:00"));
        assert!(flags.is_empty(), "{what}: {flags:#?}");
    }
}

#[test]
fn exception_inconsistent_fires_once_the_second_decision_is_taken() {
    let mut fx = Fx::new();
    fx.add(
        Kind::Exception,
        "e-fin",
        exception("fin09", true, "finance", "grace", mad("2026-11-02 10:00")),
    );
    fx.add(
        Kind::Exception,
        "e-log",
        exception(
            "fin09",
            false,
            "logistics",
            "chloe",
            mad("2026-11-03 10:00"),
        ),
    );
    fx.quiet("exception-inconsistent", mad("2026-11-03 09:59"));
    fx.one("exception-inconsistent", mad("2026-11-03 10:00"));
}

// ------------------------------------------------------ off-channel-contact

#[test]
fn off_channel_contact_fires() {
    let mut fx = Fx::new();
    let mut c = comm(
        "call",
        mad("2026-11-02 19:40"),
        "inbound",
        &["aiko", "ravi"],
        "Aiko on Ravi's mobile",
    );
    c["channel"] = json!("personal_phone");
    fx.add(Kind::Communication, "c", c);
    let f = fx.one("off-channel-contact", mad("2026-11-03 09:00"));
    assert_eq!(f.id, "off-channel-contact:c");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(keys(&f.subjects), ["c"]);
    assert_eq!(keys(&f.evidence), ["c"]);
    assert_eq!(f.since, mad("2026-11-02 19:40"));
    assert_eq!(
        f.message,
        "Aiko Tanaka (Northwind Foods Logistics) was contacted through a personal phone: \"Aiko on Ravi's mobile\""
    );
    fx.quiet("off-channel-contact", mad("2026-11-02 19:39"));
}

/// How many off-channel-contact flags a chat among `people` (sent by `from`) on `channel` raises.
fn off_channel(channel: &str, people: &[&str], from: Option<&str>) -> usize {
    let mut fx = Fx::new();
    let mut c = comm("chat", mad("2026-11-02 19:40"), "inbound", people, "Hello");
    c["channel"] = json!(channel);
    if let Some(f) = from {
        c["from"] = json!(f);
    }
    fx.add(Kind::Communication, "c", c);
    fx.of("off-channel-contact", mad("2026-11-03 09:00")).len()
}

#[test]
fn off_channel_contact_quiet_on_the_official_channel_or_without_the_client() {
    assert_eq!(off_channel("official", &["aiko", "ravi"], None), 0);
    // Within the provider: nobody of the client was contacted.
    assert_eq!(
        off_channel("personal_messaging", &["chloe", "ravi"], None),
        0
    );
}

#[test]
fn off_channel_contact_fires_on_every_unofficial_channel() {
    for channel in [
        "personal_phone",
        "personal_email",
        "personal_messaging",
        "other_unofficial",
    ] {
        assert_eq!(
            off_channel(channel, &["aiko", "ravi"], None),
            1,
            "{channel}"
        );
    }
    // The client person only as the sender.
    assert_eq!(off_channel("personal_email", &["ravi"], Some("maria")), 1);
}

// --------------------------------------------------------- bad-news-delayed

/// An incident known on Monday 2 November at 09:00, told to the client at `told` (local), if at all.
fn bad_news(severity: &str, told: Option<&str>) -> Fx {
    let mut fx = Fx::new();
    fx.add(
        Kind::Incident,
        "inc",
        incident(mad("2026-11-02 09:00"), severity),
    );
    if let Some(at) = told {
        fx.add(
            Kind::Communication,
            "mail",
            comm(
                "email",
                mad(at),
                "outbound",
                &["chloe", "maria"],
                "Payment run delayed",
            ),
        );
        let mut d = disclosure("inc", "client", mad(at));
        d["communication"] = json!("mail");
        fx.add(Kind::Disclosure, "told", d);
    }
    fx
}

#[test]
fn bad_news_delayed_fires_while_untold() {
    let f = bad_news("high", None).one("bad-news-delayed", mad("2026-11-06 09:00"));
    assert_eq!(f.id, "bad-news-delayed:inc");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(keys(&f.subjects), ["inc"]);
    assert_eq!(keys(&f.evidence), ["inc"]);
    assert_eq!(f.since, utc("2026-11-04T23:00:00Z"));
    assert_eq!(
        f.message,
        "\"Payment run delayed\" has been known internally for 4 days and the client has not been told"
    );
    assert_eq!(
        bad_news("medium", None)
            .one("bad-news-delayed", mad("2026-11-06 09:00"))
            .severity,
        Severity::Medium
    );
}

#[test]
fn bad_news_delayed_quiet_within_the_days() {
    bad_news("high", None).quiet("bad-news-delayed", mad("2026-11-04 23:59:59"));
    bad_news("high", Some("2026-11-02 10:00")).quiet("bad-news-delayed", mad("2026-12-31 09:00"));
    bad_news("high", Some("2026-11-04 23:59")).quiet("bad-news-delayed", mad("2026-12-31 09:00"));
}

#[test]
fn bad_news_delayed_fires_just_outside() {
    bad_news("high", None).one("bad-news-delayed", mad("2026-11-05 00:00"));
    // Told one minute into the third day: late, and it stays on the record as late.
    let fx = bad_news("high", Some("2026-11-05 00:01"));
    let f = fx.one("bad-news-delayed", mad("2026-12-31 09:00"));
    assert_eq!(keys(&f.evidence), ["inc", "mail"]);
    assert_eq!(f.since, utc("2026-11-04T23:00:00Z"));
    assert_eq!(
        f.message,
        "\"Payment run delayed\" reached the client 3 days after it was known internally (allowed: 2)"
    );
}

#[test]
fn bad_news_delayed_counts_the_local_date_near_midnight() {
    let mut fx = Fx::new();
    // Known at 00:30 on 3 November in Madrid (2 November in UTC), told at 23:30 on 5 November (22:30 UTC):
    // two local days, though three UTC dates apart.
    fx.add(
        Kind::Incident,
        "inc",
        incident(mad("2026-11-03 00:30"), "high"),
    );
    fx.add(
        Kind::Disclosure,
        "told",
        disclosure("inc", "client", mad("2026-11-05 23:30")),
    );
    fx.quiet("bad-news-delayed", mad("2026-12-31 09:00"));
}

#[test]
fn bad_news_delayed_needs_the_client_told() {
    let mut fx = bad_news("high", None);
    fx.add(
        Kind::Disclosure,
        "told-management",
        disclosure("inc", "provider_management", mad("2026-11-02 10:00")),
    );
    fx.one("bad-news-delayed", mad("2026-11-06 09:00"));
}

// --------------------------------------------------------- procedure-stale

/// BL-01 workarounds by Ravi at the given local times, as `w1`, `w2`, …
fn worked_around(times: &[&str]) -> Fx {
    let mut fx = Fx::new();
    for (i, at) in times.iter().enumerate() {
        fx.add(
            Kind::Workaround,
            &format!("w{}", i + 1),
            workaround("bl01", "ravi", mad(at), REASON),
        );
    }
    fx
}

#[test]
fn procedure_stale_fires() {
    let fx = worked_around(&["2026-11-02 14:00", "2026-11-10 14:00", "2026-11-20 14:00"]);
    let f = fx.one("procedure-stale", mad("2026-11-21 09:00"));
    assert_eq!(f.id, "procedure-stale:bl01");
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(keys(&f.subjects), ["bl01"]);
    assert_eq!(f.subjects[0].kind, "procedure");
    assert_eq!(keys(&f.evidence), ["w1", "w2", "w3"]);
    assert_eq!(f.since, mad("2026-11-20 14:00"));
    assert_eq!(
        f.message,
        "BL-01 Ticket triage was worked around 3 times within 30 days (2 Nov to 20 Nov) and has not been revised since: review it"
    );
    fx.quiet("procedure-stale", mad("2026-11-20 13:59"));
}

#[test]
fn procedure_stale_quiet_when_spread_over_more_than_the_window() {
    // 31 calendar days from first to third, though only 30 days and one hour apart.
    worked_around(&["2026-11-02 23:30", "2026-11-10 14:00", "2026-12-03 00:30"])
        .quiet("procedure-stale", mad("2026-12-04 09:00"));
}

#[test]
fn procedure_stale_fires_within_the_window_in_calendar_days() {
    // 30 calendar days from first to third in Madrid, though 30 days and 23 hours apart.
    let fx = worked_around(&["2026-11-02 00:30", "2026-11-10 14:00", "2026-12-02 23:30"]);
    assert_eq!(
        fx.one("procedure-stale", mad("2026-12-03 09:00")).since,
        mad("2026-12-02 23:30")
    );
}

#[test]
fn procedure_stale_reports_the_latest_run() {
    let fx = worked_around(&[
        "2026-09-01 14:00",
        "2026-11-02 14:00",
        "2026-11-10 14:00",
        "2026-11-20 14:00",
    ]);
    assert_eq!(
        keys(&fx.one("procedure-stale", mad("2026-11-21 09:00")).evidence),
        ["w2", "w3", "w4"]
    );
}

#[test]
fn procedure_stale_reads_its_thresholds_from_settings() {
    let mut fx = worked_around(&["2026-11-02 14:00", "2026-11-10 14:00", "2026-11-20 14:00"]);
    fx.recording_at(mad("2026-11-21 10:00"))
        .amend("settings", json!({"stale_workarounds": 4}));
    fx.one("procedure-stale", mad("2026-11-21 09:59"));
    fx.quiet("procedure-stale", mad("2026-11-21 10:00"));
    // Two at a time: 2 → 10 November is eight local days, 10 → 20 November ten.
    fx.recording_at(mad("2026-11-21 11:00"))
        .amend("settings", json!({"stale_workarounds": 2}));
    for (window, hour, evidence) in [
        (10, 12, &["w2", "w3"][..]),
        (9, 13, &["w1", "w2"][..]),
        (8, 14, &["w1", "w2"][..]),
        (7, 15, &[][..]),
    ] {
        let at = mad(&format!("2026-11-21 {hour}:00"));
        fx.recording_at(at)
            .amend("settings", json!({"stale_window_days": window}));
        let found: Vec<Vec<String>> = fx
            .of("procedure-stale", at)
            .iter()
            .map(|f| f.evidence.iter().map(|e| e.key.to_string()).collect())
            .collect();
        let expected: Vec<Vec<String>> = if evidence.is_empty() {
            vec![]
        } else {
            vec![evidence.iter().map(|k| k.to_string()).collect()]
        };
        assert_eq!(found, expected, "window {window}");
    }
}

#[test]
fn procedure_stale_holds_until_the_procedure_is_revised() {
    let mut fx = worked_around(&["2026-11-02 14:00", "2026-11-10 14:00", "2026-11-20 14:00"]);
    fx.recording_at(mad("2026-11-25 10:00"))
        .amend("bl01", json!({"version": "1.1"}));
    fx.one("procedure-stale", mad("2026-11-25 09:59"));
    fx.quiet("procedure-stale", mad("2026-11-25 10:00"));
    // A new run after the revision makes it stale again.
    for (key, at) in [
        ("w4", "2026-12-21 14:00"),
        ("w5", "2026-12-22 14:00"),
        ("w6", "2026-12-23 14:00"),
    ] {
        fx.recording_at(mad(at)).add(
            Kind::Workaround,
            key,
            workaround("bl01", "ravi", mad(at), REASON),
        );
    }
    fx.quiet("procedure-stale", mad("2026-12-23 13:59"));
    assert_eq!(
        keys(&fx.one("procedure-stale", mad("2026-12-23 14:00")).evidence),
        ["w4", "w5", "w6"]
    );
}

#[test]
fn procedure_stale_not_cleared_by_a_revision_before_the_run_completes() {
    let mut fx = worked_around(&["2026-11-02 14:00", "2026-11-10 14:00"]);
    fx.recording_at(mad("2026-11-15 10:00"))
        .amend("bl01", json!({"version": "1.1"}));
    fx.recording_at(mad("2026-11-20 15:00")).add(
        Kind::Workaround,
        "w3",
        workaround("bl01", "ravi", mad("2026-11-20 14:00"), REASON),
    );
    fx.one("procedure-stale", mad("2026-11-21 09:00"));
}

// ------------------------------------------------- acknowledge and resolve

const STALE: &str = "procedure-stale:bl01";

fn stale() -> Fx {
    let mut fx = worked_around(&["2026-11-02 14:00", "2026-11-10 14:00", "2026-11-20 14:00"]);
    fx.recording_at(mad("2026-11-21 09:00"));
    fx
}

#[test]
fn acknowledged_flag_stays_visible_with_its_note() {
    let mut fx = stale();
    fx.annotate(
        STALE,
        FlagState::Acknowledged,
        "Review booked with Finance for 2 December.",
    )
    .unwrap();
    let f = fx.one("procedure-stale", mad("2026-11-21 09:00"));
    assert_eq!(f.state, State::Acknowledged);
    assert_eq!(
        f.note.as_deref(),
        Some("Review booked with Finance for 2 December.")
    );
    // As of before the note was recorded, the flag was open.
    let before = fx.one("procedure-stale", mad("2026-11-21 08:59"));
    assert_eq!((before.state, before.note), (State::Open, None));
}

#[test]
fn resolved_flag_stays_resolved_without_new_evidence() {
    let mut fx = stale();
    fx.annotate(
        STALE,
        FlagState::Resolved,
        "Triage rule changed; waiting for the new version.",
    )
    .unwrap();
    let f = fx.one("procedure-stale", mad("2026-11-24 09:00"));
    assert_eq!(f.state, State::Resolved);
    assert_eq!(
        f.note.as_deref(),
        Some("Triage rule changed; waiting for the new version.")
    );
}

#[test]
fn resolved_flag_reopens_on_new_evidence() {
    let mut fx = stale();
    fx.annotate(
        STALE,
        FlagState::Resolved,
        "Triage rule changed; waiting for the new version.",
    )
    .unwrap();
    fx.recording_at(mad("2026-11-23 15:00")).add(
        Kind::Workaround,
        "w4",
        workaround("bl01", "ravi", mad("2026-11-23 14:00"), REASON),
    );
    let f = fx.one("procedure-stale", mad("2026-11-23 15:00"));
    assert_eq!(keys(&f.evidence), ["w2", "w3", "w4"]);
    assert_eq!(f.state, State::Open);
    assert_eq!(
        f.note.as_deref(),
        Some("Triage rule changed; waiting for the new version.")
    );
}

#[test]
fn acknowledged_flag_stays_acknowledged_on_new_evidence() {
    let mut fx = stale();
    fx.annotate(STALE, FlagState::Acknowledged, "Known; review booked.")
        .unwrap();
    fx.recording_at(mad("2026-11-23 15:00")).add(
        Kind::Workaround,
        "w4",
        workaround("bl01", "ravi", mad("2026-11-23 14:00"), REASON),
    );
    assert_eq!(
        fx.one("procedure-stale", mad("2026-11-23 15:00")).state,
        State::Acknowledged
    );
}

#[test]
fn the_latest_note_sets_the_state() {
    let mut fx = stale();
    fx.annotate(STALE, FlagState::Acknowledged, "Looking into it.")
        .unwrap();
    fx.recording_at(mad("2026-11-22 09:00"));
    fx.annotate(
        STALE,
        FlagState::Resolved,
        "Procedure owner agreed to revise it.",
    )
    .unwrap();
    let f = fx.one("procedure-stale", mad("2026-11-22 09:00"));
    assert_eq!(
        (f.state, f.note.as_deref()),
        (
            State::Resolved,
            Some("Procedure owner agreed to revise it.")
        )
    );
}

#[test]
fn annotate_refuses_an_empty_note() {
    let mut fx = stale();
    for note in ["", "   "] {
        let err = fx.annotate(STALE, FlagState::Resolved, note).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err:?}");
        assert!(err.to_string().contains("A note is required"), "{err}");
    }
    assert_eq!(
        fx.one("procedure-stale", mad("2026-11-21 09:00")).state,
        State::Open
    );
}

#[test]
fn annotate_refuses_a_flag_that_does_not_hold() {
    let mut fx = stale();
    let err = fx
        .annotate("procedure-stale:fin04", FlagState::Acknowledged, "Noted.")
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("no flag \"procedure-stale:fin04\" holds now"),
        "{err}"
    );
    // Nor one that holds only later than the note would be recorded.
    fx.recording_at(mad("2026-11-20 13:00"));
    assert!(matches!(
        fx.annotate(STALE, FlagState::Acknowledged, "Noted."),
        Err(Error::NotFound(_))
    ));
}

// ------------------------------------------------------------------ as of

/// The flags as data, to compare whole evaluations.
fn as_json(flags: &[Flag]) -> Value {
    serde_json::to_value(flags).unwrap()
}

/// Entries whose events all happened before 10 November, recorded on 1 November.
fn early_record() -> Fx {
    let mut fx = deviation("2026-11-02 14:00");
    fx.add(
        Kind::Workaround,
        "w-late",
        workaround("fin09", "ravi", mad("2026-11-03 14:00"), "n/a"),
    );
    fx.add(
        Kind::Incident,
        "inc",
        incident(mad("2026-11-04 09:00"), "high"),
    );
    fx
}

#[test]
fn a_record_made_after_the_instant_changes_nothing() {
    let at = mad("2026-11-10 12:00");
    let plain = early_record();
    let mut later = early_record();
    // Recorded one second after the instant, about things that happened before it.
    later.recording_at(mad("2026-11-10 12:00:01"));
    later.add(
        Kind::Workaround,
        "w-silent",
        workaround("fin04", "ravi", mad("2026-11-02 09:00"), "as discussed"),
    );
    later.add(
        Kind::Disclosure,
        "told-w",
        disclosure("w", "client", mad("2026-11-03 10:00")),
    );
    later.add(
        Kind::Disclosure,
        "told-inc",
        disclosure("inc", "client", mad("2026-11-04 10:00")),
    );
    later.add(
        Kind::Communication,
        "met",
        comm(
            "meeting",
            mad("2026-11-09 10:00"),
            "two_way",
            &["maria", "jonas", "chloe"],
            "Catch-up",
        ),
    );
    later.amend("settings", json!({"deviation_undisclosed_days": 30}));
    later.void("w-late");
    assert_eq!(as_json(&later.flags(at)), as_json(&plain.flags(at)));
    // One second later the same record reads differently.
    let after = mad("2026-11-10 12:00:01");
    assert_ne!(as_json(&later.flags(after)), as_json(&plain.flags(after)));
    assert!(
        later
            .about("workaround-unjustified", "w-silent", after)
            .is_some()
    );
    assert!(later.about("deviation-undisclosed", "w", after).is_none());
    assert!(later.about("bad-news-delayed", "inc", after).is_none());
}

#[test]
fn a_late_record_counts_from_when_it_is_recorded_with_its_own_happened_time() {
    let mut fx = Fx::new();
    fx.recording_at(mad("2026-11-10 12:00")).add(
        Kind::Incident,
        "inc",
        incident(mad("2026-11-02 09:00"), "medium"),
    );
    fx.quiet("bad-news-delayed", mad("2026-11-10 11:59"));
    // Once recorded, the rule reasons on when it happened: late since 4 November.
    assert_eq!(
        fx.one("bad-news-delayed", mad("2026-11-10 12:00")).since,
        utc("2026-11-04T23:00:00Z")
    );
}

#[test]
fn an_amendment_after_the_instant_is_not_seen() {
    let mut fx = justified("as discussed");
    fx.recording_at(mad("2026-11-10 12:00"))
        .amend("w", json!({"justification": REASON}));
    let before = fx.one("workaround-unjustified", mad("2026-11-10 11:59"));
    assert!(
        before.message.ends_with("\"as discussed\""),
        "the earlier version: {}",
        before.message
    );
    fx.quiet("workaround-unjustified", mad("2026-11-10 12:00"));
}

#[test]
fn an_amended_approval_is_seen_only_from_its_recording() {
    let mut fx = approval_by("fin04", None);
    let approval = json!({"approver": "grace", "approved_at": ts(mad("2026-11-02 15:00"))});
    fx.recording_at(mad("2026-11-10 12:00"))
        .amend("w", json!({"approval": approval}));
    assert_eq!(
        fx.one("workaround-unapproved", mad("2026-11-10 11:59"))
            .severity,
        Severity::High
    );
    fx.quiet("workaround-unapproved", mad("2026-11-10 12:00"));
}

#[test]
fn a_void_after_the_instant_is_not_seen() {
    let mut fx = bad_news("high", None);
    fx.recording_at(mad("2026-11-10 12:00")).void("inc");
    fx.one("bad-news-delayed", mad("2026-11-10 11:59"));
    fx.quiet("bad-news-delayed", mad("2026-11-10 12:00"));
}

#[test]
fn thresholds_are_the_settings_as_of_the_instant() {
    let mut fx = deviation("2026-11-02 14:00");
    fx.recording_at(mad("2026-11-07 12:00"))
        .amend("settings", json!({"deviation_undisclosed_days": 3}));
    fx.quiet("deviation-undisclosed", mad("2026-11-07 11:59"));
    assert_eq!(
        fx.one("deviation-undisclosed", mad("2026-11-07 12:00"))
            .since,
        utc("2026-11-05T23:00:00Z")
    );
}

// -------------------------------------------------------------------- demo

fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store, demo::default_now(), 1).unwrap();
    store
}

/// Whether a flag of `rule` at `at` names `label` among its subjects.
fn names(flags: &[Flag], rule: &str, label: &str) -> bool {
    flags
        .iter()
        .any(|f| f.rule.as_str() == rule && f.subjects.iter().any(|s| s.label == label))
}

#[test]
fn demo_raises_every_rule() {
    let flags = super::at(&demo_store(), demo::default_now()).unwrap();
    for rule in Rule::ALL {
        assert!(
            flags.iter().any(|f| f.rule == rule),
            "no {rule} in the demo: {flags:#?}"
        );
    }
    let noted: Vec<(&str, State)> = flags
        .iter()
        .filter(|f| f.state != State::Open)
        .map(|f| (f.rule.as_str(), f.state))
        .collect();
    assert_eq!(
        noted,
        vec![
            ("off-channel-contact", State::Resolved),
            ("minutes-unconfirmed", State::Acknowledged)
        ]
    );
    assert!(
        flags
            .iter()
            .filter(|f| f.state != State::Open)
            .all(|f| f.note.is_some())
    );
}

#[test]
fn demo_hits_and_near_misses() {
    let store = demo_store();
    let now = demo::default_now();
    let flags = super::at(&store, now).unwrap();
    // What the story means to flag, and its twin that must stay quiet.
    let cases = [
        ("update-gap", "Priya Nair", "Henrik Olsen"),
        (
            "workaround-unapproved",
            "Accrued the last week of October freight in October.",
            "Changed Ferroval's bank details after calling back the landline on their last invoice.",
        ),
        (
            "deviation-undisclosed",
            "Booked Transnorte's late October invoices in October.",
            "Booked two late customs invoices in November.",
        ),
        (
            "deviation-undisclosed",
            "Build a carrier scorecard spreadsheet for Logistics",
            "Audit Q3 sea-freight invoices",
        ),
        (
            "request-kept-quiet",
            "Build a carrier scorecard spreadsheet for Logistics",
            "Monthly spend cube for Procurement",
        ),
        (
            "agreement-unminuted",
            "October carrier invoices",
            "Steering call #9",
        ),
        (
            "minutes-unconfirmed",
            "Steering call #8",
            "Credit note matching",
        ),
        (
            "commitment-overdue",
            "Brightline delivers the vendor master clean-up list.",
            "Brightline proposes a single cut-off rule to Finance and Logistics.",
        ),
        (
            "instructions-conflict",
            "Invoice cut-off",
            "Vendor bank details",
        ),
        (
            "exception-inconsistent",
            "LOG-02 Carrier invoice approval",
            "FIN-09 Duplicate payment check",
        ),
        (
            "off-channel-contact",
            "Aiko on Diego's mobile: carrier scorecard",
            "Teams: Transnorte POD question",
        ),
        (
            "bad-news-delayed",
            "Duplicate payment of 48,200 EUR to Transnorte",
            "Payment run delayed four hours by a rejected bank file",
        ),
    ];
    for (rule, hit, miss) in cases {
        assert!(names(&flags, rule, hit), "{rule} should name {hit:?}");
        assert!(
            !names(&flags, rule, miss),
            "{rule} should not name {miss:?}"
        );
    }
}

#[test]
fn demo_near_misses_are_near() {
    // The near misses on a clock fire once their day is over; the others never do.
    let store = demo_store();
    let ripen = [
        (
            "commitment-overdue",
            "Brightline proposes a single cut-off rule to Finance and Logistics.",
            "2026-11-20 23:59",
            "2026-11-21 00:00",
        ),
        (
            "agreement-unminuted",
            "Steering call #9",
            "2026-11-21 23:59",
            "2026-11-22 00:00",
        ),
        (
            "minutes-unconfirmed",
            "Credit note matching",
            "2026-11-22 23:59",
            "2026-11-23 00:00",
        ),
        (
            "update-gap",
            "Henrik Olsen",
            "2026-11-23 23:59",
            "2026-11-24 00:00",
        ),
        (
            "deviation-undisclosed",
            "Booked two late customs invoices in November.",
            "2026-11-23 23:59",
            "2026-11-24 00:00",
        ),
    ];
    for (rule, label, quiet, fires) in ripen {
        assert!(
            !names(&super::at(&store, mad(quiet)).unwrap(), rule, label),
            "{rule} {label:?} at {quiet}"
        );
        assert!(
            names(&super::at(&store, mad(fires)).unwrap(), rule, label),
            "{rule} {label:?} at {fires}"
        );
    }
    let much_later = super::at(&store, mad("2027-03-01 09:00")).unwrap();
    for (rule, label) in [
        (
            "bad-news-delayed",
            "Payment run delayed four hours by a rejected bank file",
        ),
        ("off-channel-contact", "Teams: Transnorte POD question"),
        ("instructions-conflict", "Vendor bank details"),
        ("exception-inconsistent", "FIN-09 Duplicate payment check"),
        (
            "workaround-unapproved",
            "Changed Ferroval's bank details after calling back the landline on their last invoice.",
        ),
        ("request-kept-quiet", "Monthly spend cube for Procurement"),
        ("deviation-undisclosed", "Audit Q3 sea-freight invoices"),
    ] {
        assert!(
            !names(&much_later, rule, label),
            "{rule} {label:?} months later"
        );
    }
}

mod terms;
