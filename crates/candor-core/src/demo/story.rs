//! The demo's nine weeks, in the order they were recorded. Every flag rule
//! holds at least once at the story's "now", and each has a near miss that
//! must not fire (see docs/flags.md for the thresholds).

use super::Story;
use crate::error::Result;
use crate::key::Key;
use crate::kind::Kind;
use crate::model::FlagState;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

/// People of the demo, by index into the list `load` creates.
struct Cast<'a>(&'a [Key]);

impl Cast<'_> {
    fn maria(&self) -> &Key {
        &self.0[0]
    }
    fn tomas(&self) -> &Key {
        &self.0[1]
    }
    fn jonas(&self) -> &Key {
        &self.0[2]
    }
    fn aiko(&self) -> &Key {
        &self.0[3]
    }
    fn priya(&self) -> &Key {
        &self.0[4]
    }
    fn henrik(&self) -> &Key {
        &self.0[5]
    }
    fn sam(&self) -> &Key {
        &self.0[6]
    }
    fn lena(&self) -> &Key {
        &self.0[7]
    }
    fn ravi(&self) -> &Key {
        &self.0[8]
    }
    fn chloe(&self) -> &Key {
        &self.0[9]
    }
    fn diego(&self) -> &Key {
        &self.0[10]
    }
    fn grace(&self) -> &Key {
        &self.0[11]
    }
    fn owen(&self) -> &Key {
        &self.0[12]
    }
}

fn ts(t: DateTime<Utc>) -> String {
    crate::time::format(t)
}

#[expect(
    clippy::too_many_arguments,
    reason = "a story step names every fact it records"
)]
fn comm(
    kind: &str,
    at: DateTime<Utc>,
    minutes_long: i64,
    subject: &str,
    from: Option<&Key>,
    participants: &[&Key],
    direction: &str,
    minutes: &str,
) -> Value {
    let mut c = json!({
        "kind": kind, "occurred_at": ts(at), "subject": subject, "participants": participants,
        "direction": direction, "minutes": minutes, "source": {"format": "typed"},
    });
    if minutes_long > 0 {
        c["ends_at"] = json!(ts(at + Duration::minutes(minutes_long)));
    }
    if let Some(f) = from {
        c["from"] = json!(f);
    }
    c
}

fn item(id: Key, kind: &str, text: &str) -> Value {
    json!({"id": id, "type": kind, "text": text})
}

/// Unfolds the story after the set-up (engagement, parties, people, procedures, scope).
pub(super) fn unfold(
    s: &mut Story<'_>,
    people: &[Key],
    procedures: &[Key],
    scope: &[Key],
    departments: [Key; 4],
) -> Result<()> {
    let c = Cast(people);
    let [finance, logistics, procurement, _executive] = departments;
    let (fin04, fin07, fin09, log02) = (
        &procedures[1],
        &procedures[2],
        &procedures[3],
        &procedures[4],
    );
    let sam = c.sam().0.clone();
    let lena = c.lena().0.clone();
    let grace = c.grace().0.clone();
    let diego = c.diego().0.clone();
    let ravi = c.ravi().0.clone();
    let steering_people = [c.maria(), c.jonas(), c.sam(), c.lena()];

    let at = s.at(0, 20, 0);
    s.create_at(&sam, at, Kind::Settings, json!({}))?;
    let at = s.at(2, 10, 0);
    let mistaken = s.create_at(&sam, at, Kind::Scope, json!({"name": "Payroll processing", "reference": "SOW §4", "description": "Entered from the draft SOW."}))?;
    let at = s.at(2, 10, 30);
    s.void_at(
        &sam,
        at,
        &mistaken,
        "Payroll was removed from the signed SOW; entered from the draft by mistake.",
    )?;

    let at = s.at(3, 9, 0);
    let cutoff = s.create_at(&sam, at, Kind::Matter, json!({"name": "Invoice cut-off", "description": "Which period late invoices and freight accruals are booked in."}))?;
    let bank = s.create_at(&sam, at, Kind::Matter, json!({"name": "Vendor bank details", "description": "How bank detail changes are verified."}))?;
    s.create_at(&sam, at, Kind::Matter, json!({"name": "Carrier rate disputes", "description": "Invoices that do not match the rate card."}))?;

    // Kick-off.
    let kickoff_at = s.at(3, 10, 0);
    let kpi = s.item_id(kickoff_at);
    let mut kickoff = comm(
        "meeting",
        kickoff_at,
        90,
        "Kick-off: Finance & Logistics outsourcing",
        Some(c.lena()),
        &[
            c.maria(),
            c.jonas(),
            c.priya(),
            c.henrik(),
            c.sam(),
            c.lena(),
            c.grace(),
        ],
        "two_way",
        "Scope, governance and reporting agreed. Weekly steering call on Thursdays at 10:00 with Finance and Logistics.",
    );
    let mut pack = item(
        kpi.clone(),
        "agreement",
        "Brightline sends the AP KPI pack by the 5th working day.",
    );
    pack["owner"] = json!(c.lena());
    pack["due"] = json!(s.at(17, 12, 0).with_timezone(&s.zone).date_naive());
    let weekly = item(
        s.item_id(kickoff_at),
        "decision",
        "Weekly steering call on Thursdays, 10:00, Finance and Logistics.",
    );
    kickoff["items"] = json!([weekly, pack]);
    kickoff["minutes_sent_at"] = json!(ts(s.at(3, 17, 0)));
    let at = s.at(3, 17, 10);
    let kickoff_key = s.create_at(&lena, at, Kind::Communication, kickoff)?;
    let at = s.at(4, 9, 30);
    confirm(s, &lena, at, &kickoff_key, c.maria())?;

    let steering1 = steering(s, &sam, 1, 6, &steering_people, vec![])?;
    let at = s.at(7, 9, 30);
    confirm(s, &sam, at, &steering1, c.maria())?;

    // Finance and Logistics pull the cut-off in different directions.
    let at = s.at(10, 9, 12);
    let mut mail = comm(
        "email",
        at,
        0,
        "Cut-off: no exceptions this quarter",
        Some(c.maria()),
        &[c.maria(), c.sam(), c.lena()],
        "inbound",
        "Sam, Lena — from October every invoice received after the 25th goes into the next period. No exceptions, including freight.",
    );
    mail["items"] = json!([{"id": s.item_id(at), "type": "instruction", "text": "Book every invoice received after the 25th in the next period.", "department": finance, "matter": cutoff, "position": "strict cut-off on the 25th"}]);
    let at = s.at(10, 9, 40);
    s.create_at(&sam, at, Kind::Communication, mail)?;
    let at = s.at(12, 15, 0);
    let mut call = comm(
        "call",
        at,
        20,
        "Freight accruals at month-end",
        None,
        &[c.jonas(), c.sam()],
        "two_way",
        "Jonas needs freight received until month-end in the current period; otherwise carrier costs shift a month.",
    );
    call["items"] = json!([{"id": s.item_id(at), "type": "instruction", "text": "Accrue freight invoices received until month-end in the current period.", "department": logistics, "matter": cutoff, "position": "accrue freight until month-end"}]);
    call["minutes_sent_at"] = json!(ts(s.at(12, 17, 0)));
    call["confirmed_at"] = json!(ts(s.at(13, 8, 50)));
    call["confirmed_by"] = json!(c.jonas());
    let at = s.at(13, 9, 0);
    s.create_at(&sam, at, Kind::Communication, call)?;

    let steering2 = steering(s, &sam, 2, 13, &steering_people, vec![])?;
    let at = s.at(14, 9, 30);
    confirm(s, &sam, at, &steering2, c.maria())?;
    let at = s.at(16, 17, 0);
    finish_item(
        s,
        &lena,
        at,
        &kickoff_key,
        &kpi,
        s.at(16, 16, 0),
        "KPI pack for September delivered on 2 Oct.",
    )?;
    let at = s.at(17, 11, 0);
    s.amend_at(&sam, at, fin04, json!({"version": "1.4", "description": "Invoices received after the 25th are booked in the next period; Logistics freight accruals follow the same cut-off."}), "Northwind Finance issued version 1.4 of the cut-off procedure on 5 Oct.")?;

    let instr_at = s.at(20, 10, 0);
    let finance_bank = json!({"id": s.item_id(instr_at), "type": "instruction", "text": "Call the vendor back on every bank detail change.", "department": finance, "matter": bank, "position": "call back on every change"});
    let steering3 = steering(s, &sam, 3, 20, &steering_people, vec![finance_bank])?;
    let at = s.at(21, 9, 30);
    confirm(s, &sam, at, &steering3, c.maria())?;

    let at = s.at(24, 9, 0);
    let mut mail = comm(
        "email",
        at,
        0,
        "Bank detail call-backs for small vendors",
        Some(c.priya()),
        &[c.priya(), c.sam()],
        "inbound",
        "Call-backs for every small vendor slow us down. Please only call back above 10,000 EUR.",
    );
    mail["items"] = json!([{"id": s.item_id(at), "type": "instruction", "text": "Call back only for bank changes above 10,000 EUR.", "department": procurement, "matter": bank, "position": "call back above 10,000 EUR only"}]);
    let at = s.at(24, 9, 20);
    s.create_at(&sam, at, Kind::Communication, mail)?;
    let at = s.at(24, 11, 0);
    let reply = comm(
        "email",
        at,
        0,
        "Re: Bank detail call-backs for small vendors",
        Some(c.sam()),
        &[c.sam(), c.priya()],
        "outbound",
        "Thanks Priya — Finance asked for call-backs on every change; we will raise both positions at Thursday's steering call.",
    );
    let at = s.at(24, 11, 5);
    s.create_at(&sam, at, Kind::Communication, reply)?;

    // First cut-off workaround: justified, approved, disclosed.
    let w1 = workaround(
        s,
        &ravi,
        26,
        fin04,
        c.ravi(),
        "Booked three late Transnorte freight invoices (received 27 Sep) in September.",
        "Logistics instructed accrual until month-end; booking them in October would have shifted 42,000 EUR of carrier cost.",
        Some((c.grace(), s.at(26, 13, 30))),
    )?;
    let decision_at = s.at(27, 10, 0);
    let settle = json!({"id": s.item_id(decision_at), "type": "decision", "text": "Call back on every bank detail change, whatever the amount — Finance and Procurement agree.", "matter": bank});
    let steering4 = steering(s, &sam, 4, 27, &steering_people, vec![settle])?;
    disclose(
        s,
        &sam,
        s.at(27, 16, 30),
        &w1,
        "client",
        Some(&finance),
        Some(&steering4),
        "Three late Transnorte invoices were booked in September at Logistics' request, approved by Brightline's delivery director.",
    )?;
    let at = s.at(28, 9, 30);
    confirm(s, &sam, at, &steering4, c.maria())?;

    let at = s.at(29, 12, 0);
    s.create_at(&grace, at, Kind::Exception, json!({"procedure": log02, "granted": true, "to": logistics, "decided_by": c.grace(), "decided_at": ts(s.at(29, 11, 30)),
        "summary": "Approve Transnorte invoices without proof of delivery during the port strike."}))?;
    let at = s.at(31, 9, 0);
    s.amend_at(
        &grace,
        at,
        c.jonas(),
        json!({"cadence_days": 5}),
        "Jonas asked for twice-weekly updates during peak season.",
    )?;

    // A favour asked off the record, on a personal phone.
    let call_at = s.at(31, 19, 40);
    let mut call = comm(
        "call",
        call_at,
        15,
        "Aiko on Diego's mobile: carrier scorecard",
        Some(c.aiko()),
        &[c.aiko(), c.diego()],
        "inbound",
        "Aiko asked for a carrier scorecard spreadsheet for her own use, and asked Diego not to mention it to his managers.",
    );
    call["channel"] = json!("personal_phone");
    call["internal_note"] = json!("Diego logged this himself the same evening.");
    let at = s.at(31, 20, 30);
    let offchannel = s.create_at(&diego, at, Kind::Communication, call)?;
    let at = s.at(31, 20, 35);
    let favour = s.create_at(&diego, at, Kind::Request, json!({"summary": "Build a carrier scorecard spreadsheet for Logistics", "requested_by": c.aiko(), "requested_at": ts(call_at),
        "raised_in": offchannel, "out_of_scope": true, "scope_item": scope[2], "keep_undisclosed": true, "keep_undisclosed_by": c.aiko(),
        "internal_note": "Aiko said her manager would 'not understand'."}))?;

    let at = s.at(33, 9, 0);
    s.annotate_at(
        &grace,
        at,
        "off-channel-contact",
        &offchannel,
        FlagState::Resolved,
        "Spoke with Diego: client contact stays on official channels; Lena reminded Aiko.",
    )?;
    let steering5 = steering(s, &sam, 5, 34, &steering_people, vec![])?;
    let at = s.at(35, 9, 30);
    confirm(s, &sam, at, &steering5, c.maria())?;

    let at = s.at(38, 8, 0);
    s.create_at(&grace, at, Kind::Delegation, json!({"from": c.grace(), "to": c.chloe(), "starts": s.at(38, 12, 0).with_timezone(&s.zone).date_naive(), "ends": s.at(44, 12, 0).with_timezone(&s.zone).date_naive(), "note": "Grace on leave."}))?;
    let review_at = s.at(38, 11, 0);
    let mut review = comm(
        "meeting",
        review_at,
        60,
        "Quarterly service review",
        Some(c.lena()),
        &[c.henrik(), c.maria(), c.owen(), c.grace(), c.lena()],
        "two_way",
        "KPIs on target except first-time match rate (87% vs 90%). Henrik asked for a cut-off proposal.",
    );
    review["minutes_sent_at"] = json!(ts(s.at(38, 17, 0)));
    let at = s.at(38, 17, 5);
    let review_key = s.create_at(&lena, at, Kind::Communication, review)?;
    let at = s.at(38, 17, 30);
    s.amend_at(
        &diego,
        at,
        &favour,
        json!({"outcome": "done_as_favour", "outcome_note": "Spreadsheet sent to Aiko."}),
        "Diego sent the spreadsheet on 26 Oct.",
    )?;
    let ask_at = s.at(38, 14, 0);
    let mut ask = comm(
        "email",
        ask_at,
        0,
        "Monthly spend cube?",
        Some(c.priya()),
        &[c.priya(), c.lena()],
        "inbound",
        "Could Brightline produce a monthly spend cube for Procurement?",
    );
    ask["source"] = json!({"format": "typed"});
    let at = s.at(38, 18, 0);
    let ask_key = s.create_at(&lena, at, Kind::Communication, ask)?;
    let at = s.at(38, 18, 5);
    let cube = s.create_at(&lena, at, Kind::Request, json!({"summary": "Monthly spend cube for Procurement", "requested_by": c.priya(), "requested_at": ts(ask_at), "raised_in": ask_key, "out_of_scope": true}))?;
    let internal_at = s.at(39, 8, 45);
    let internal = comm(
        "email",
        internal_at,
        0,
        "Procurement asks for a spend cube (out of scope)",
        Some(c.lena()),
        &[c.lena(), c.grace()],
        "internal",
        "Out of scope; I suggest a change request.",
    );
    let at = s.at(39, 9, 0);
    let internal_key = s.create_at(&lena, at, Kind::Communication, internal)?;
    disclose(
        s,
        &lena,
        s.at(39, 9, 5),
        &cube,
        "provider_management",
        None,
        Some(&internal_key),
        "Raised with Grace Kim; change request suggested.",
    )?;
    let at = s.at(39, 10, 0);
    confirm(s, &lena, at, &review_key, c.henrik())?;
    let at = s.at(39, 12, 0);
    s.amend_at(&lena, at, &cube, json!({"outcome": "change_request_raised", "outcome_note": "Change request CR-07 sent to Procurement."}), "Change request raised on 27 Oct.")?;

    let w5 = workaround(
        s,
        &ravi,
        40,
        fin07,
        c.ravi(),
        "Changed Ferroval's bank details after calling back the landline on their last invoice.",
        "The vendor contact on file was on leave; the landline on the previous invoice was verified instead.",
        Some((c.chloe(), s.at(40, 14, 30))),
    )?;
    let close_at = s.at(41, 10, 0);
    let mut clean_up = item(
        s.item_id(close_at),
        "agreement",
        "Brightline delivers the vendor master clean-up list.",
    );
    clean_up["owner"] = json!(c.sam());
    clean_up["due"] = json!(s.at(55, 12, 0).with_timezone(&s.zone).date_naive());
    let steering6 = steering(s, &sam, 6, 41, &steering_people, vec![clean_up])?;
    disclose(
        s,
        &sam,
        s.at(41, 16, 30),
        &w5,
        "client",
        Some(&finance),
        Some(&steering6),
        "Ferroval's bank change was verified by calling the landline on their last invoice, as the listed contact was away.",
    )?;
    let at = s.at(42, 9, 30);
    confirm(s, &sam, at, &steering6, c.maria())?;

    let at = s.at(45, 10, 0);
    s.create_at(&lena, at, Kind::Exception, json!({"procedure": log02, "granted": false, "to": procurement, "decided_by": c.lena(), "decided_at": ts(s.at(45, 9, 30)),
        "summary": "Approve spot-freight invoices without proof of delivery.", "internal_note": "Same situation as Logistics' strike exception; Lena was not aware of it."}))?;
    let w2 = workaround(
        s,
        &ravi,
        45,
        fin04,
        c.ravi(),
        "Booked Transnorte's late October invoices in October.",
        "as discussed",
        None,
    )?;
    let at = s.at(45, 17, 0);
    s.amend_at(
        &sam,
        at,
        c.ravi(),
        json!({"authority_level": 2, "title": "Senior AP analyst"}),
        "Ravi was promoted to senior analyst on 1 Nov.",
    )?;
    let _ = w2;

    let at = s.at(46, 11, 30);
    let duplicate = s.create_at(&sam, at, Kind::Incident, json!({"title": "Duplicate payment of 48,200 EUR to Transnorte", "severity": "high",
        "occurred_at": ts(s.at(44, 9, 0)), "known_at": ts(s.at(46, 11, 0)), "description": "An invoice paid on 30 Oct was paid again in the 1 Nov run; recovery requested from the carrier.",
        "internal_note": "Root cause: FIN-09 duplicate check skipped during the month-end crunch."}))?;
    let call_at = s.at(47, 10, 0);
    let call = comm(
        "call",
        call_at,
        15,
        "Q3 sea-freight audit",
        None,
        &[c.jonas(), c.sam()],
        "two_way",
        "Jonas asked for an audit of Q3 sea-freight invoices.",
    );
    let at = s.at(47, 10, 30);
    let call_key = s.create_at(&sam, at, Kind::Communication, call)?;
    let at = s.at(47, 10, 35);
    s.create_at(&sam, at, Kind::Request, json!({"summary": "Audit Q3 sea-freight invoices", "requested_by": c.jonas(), "requested_at": ts(call_at), "raised_in": call_key,
        "scope_item": scope[2], "outcome": "done_under_contract"}))?;

    let steering7 = steering(s, &sam, 7, 48, &steering_people, vec![])?;
    let at = s.at(49, 9, 30);
    confirm(s, &sam, at, &steering7, c.maria())?;

    let at = s.at(51, 15, 0);
    s.create_at(&diego, at, Kind::Workaround, json!({
        "procedure": fin09, "performed_by": c.diego(), "performed_at": ts(s.at(51, 14, 0)),
        "what": "Ran the duplicate check on the payment proposal instead of the paid-invoice list.",
        "justification": "The paid-invoice report was down for maintenance; the vendor's own audit team had locked it.",
        "justification_internal": true,
        "approval": {"approver": c.chloe(), "approved_at": ts(s.at(51, 10, 30))},
    }))?;
    let at = s.at(51, 15, 30);
    s.create_at(&grace, at, Kind::Exception, json!({"procedure": fin09, "granted": true, "to": finance, "decided_by": c.grace(), "decided_at": ts(at), "summary": "Run the duplicate check on the proposal when the report is down."}))?;
    let at = s.at(51, 15, 35);
    s.create_at(&grace, at, Kind::Exception, json!({"procedure": fin09, "granted": true, "to": logistics, "decided_by": c.grace(), "decided_at": ts(at), "summary": "Run the duplicate check on the proposal when the report is down."}))?;

    let w3 = workaround(
        s,
        &diego,
        52,
        fin04,
        c.diego(),
        "Accrued the last week of October freight in October.",
        "Logistics again asked for month-end accrual; the 25th cut-off leaves six days of freight unbooked.",
        Some((c.chloe(), s.at(52, 14, 30))),
    )?;

    let at = s.at(53, 10, 20);
    let bank_file = s.create_at(&sam, at, Kind::Incident, json!({"title": "Payment run delayed four hours by a rejected bank file", "severity": "medium", "known_at": ts(s.at(53, 8, 30)),
        "description": "The bank rejected the file format after its upgrade; resent at 12:30."}))?;
    let mail_at = s.at(53, 10, 15);
    let mail = comm(
        "email",
        mail_at,
        0,
        "Today's payment run is delayed",
        Some(c.sam()),
        &[c.sam(), c.maria()],
        "outbound",
        "The bank rejected this morning's payment file; we expect to resend by 13:00.",
    );
    let at = s.at(53, 10, 25);
    let mail_key = s.create_at(&sam, at, Kind::Communication, mail)?;
    disclose(
        s,
        &sam,
        s.at(53, 10, 30),
        &bank_file,
        "client",
        Some(&finance),
        Some(&mail_key),
        "Payment run delayed by a rejected bank file; resent the same day.",
    )?;

    let steering8 = steering(s, &sam, 8, 55, &steering_people, vec![])?;
    disclose(
        s,
        &sam,
        s.at(55, 16, 20),
        &w3,
        "client",
        Some(&finance),
        Some(&steering8),
        "October's last freight week was accrued in October at Logistics' request.",
    )?;
    disclose(
        s,
        &sam,
        s.at(55, 16, 25),
        &duplicate,
        "client",
        Some(&finance),
        Some(&steering8),
        "A Transnorte invoice was paid twice; recovery is under way.",
    )?;

    let call_at = s.at(59, 10, 0);
    let mut call = comm(
        "call",
        call_at,
        30,
        "October carrier invoices",
        None,
        &[c.jonas(), c.sam(), c.diego()],
        "two_way",
        "Rate mismatches on October road freight.",
    );
    let mut reaudit = item(
        s.item_id(call_at),
        "agreement",
        "Brightline re-audits October carrier invoices against the new rate card.",
    );
    reaudit["owner"] = json!(c.diego());
    reaudit["due"] = json!(s.at(73, 12, 0).with_timezone(&s.zone).date_naive());
    call["items"] = json!([reaudit]);
    let at = s.at(59, 11, 0);
    s.create_at(&sam, at, Kind::Communication, call)?;
    workaround(
        s,
        &ravi,
        59,
        fin04,
        c.ravi(),
        "Booked two late customs invoices in November.",
        "Customs invoices arrived on the 26th with a same-month payment term from the broker.",
        Some((c.grace(), s.at(59, 15, 30))),
    )?;

    let at = s.at(60, 9, 30);
    s.create_at(&sam, at, Kind::Incident, json!({"title": "October KPI pack had wrong ageing buckets", "severity": "medium", "known_at": ts(s.at(60, 9, 0)),
        "description": "The 31–60 day bucket double-counted credit notes."}))?;
    let call_at = s.at(60, 14, 0);
    let mut call = comm(
        "call",
        call_at,
        20,
        "Credit note matching",
        None,
        &[c.tomas(), c.ravi()],
        "two_way",
        "Agreed how credit notes are matched. Tomás hinted Finance may take AP back in-house next year; keep this between us.",
    );
    call["minutes_internal"] = json!(true);
    call["minutes_sent_at"] = json!(ts(s.at(60, 17, 0)));
    let at = s.at(60, 17, 5);
    s.create_at(&ravi, at, Kind::Communication, call)?;

    let close_at = s.at(62, 10, 0);
    let mut proposal = item(
        s.item_id(close_at),
        "agreement",
        "Brightline proposes a single cut-off rule to Finance and Logistics.",
    );
    proposal["owner"] = json!(c.lena());
    proposal["due"] = json!(s.at(63, 12, 0).with_timezone(&s.zone).date_naive());
    let mut meeting = comm(
        "meeting",
        close_at,
        45,
        "Steering call #9",
        Some(c.sam()),
        &steering_people,
        "two_way",
        "Cut-off conflict discussed again; no decision yet.",
    );
    let fee = json!({"id": s.item_id(close_at), "type": "action", "text": "Check with Grace whether a single cut-off rule changes Brightline's fee.", "owner": c.lena(), "due": s.at(66, 12, 0).with_timezone(&s.zone).date_naive(), "internal": true});
    meeting["items"] = json!([proposal, fee]);
    let at = s.at(62, 11, 0);
    s.create_at(&sam, at, Kind::Communication, meeting)?;
    let at = s.at(62, 12, 0);
    s.annotate_at(
        &lena,
        at,
        "minutes-unconfirmed",
        &steering8,
        FlagState::Acknowledged,
        "Maria is travelling this week; she promised to confirm on Monday.",
    )?;
    let chat_at = s.at(62, 15, 0);
    let mut chat = comm(
        "chat",
        chat_at,
        0,
        "Teams: Transnorte POD question",
        Some(c.aiko()),
        &[c.aiko(), c.diego()],
        "inbound",
        "Aiko asked on the official Teams channel whether Transnorte PODs arrived.",
    );
    chat["channel"] = json!("official");
    let at = s.at(62, 15, 10);
    s.create_at(&diego, at, Kind::Communication, chat)?;
    Ok(())
}

/// The weekly steering call `n` on `day`: minutes sent the same afternoon.
fn steering(
    s: &mut Story<'_>,
    actor: &str,
    n: u32,
    day: i64,
    people: &[&Key],
    items: Vec<Value>,
) -> Result<Key> {
    let at = s.at(day, 10, 0);
    let mut meeting = comm(
        "meeting",
        at,
        45,
        &format!("Steering call #{n}"),
        people.get(2).copied(),
        people,
        "two_way",
        "Open items, KPIs and the week's exceptions reviewed with Finance and Logistics.",
    );
    meeting["items"] = Value::Array(items);
    meeting["minutes_sent_at"] = json!(ts(s.at(day, 16, 0)));
    let at = s.at(day, 16, 10);
    s.create_at(actor, at, Kind::Communication, meeting)
}

/// The client confirms a communication's minutes.
fn confirm(s: &mut Story<'_>, actor: &str, at: DateTime<Utc>, comm: &Key, by: &Key) -> Result<()> {
    s.amend_at(
        actor,
        at,
        comm,
        json!({"confirmed_at": ts(at - Duration::minutes(5)), "confirmed_by": by}),
        "the client confirmed the minutes",
    )
}

/// Marks an item of a communication done.
fn finish_item(
    s: &mut Story<'_>,
    actor: &str,
    at: DateTime<Utc>,
    comm: &Key,
    item: &Key,
    done_at: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    let mut data = s.store.require(comm)?.data;
    if let Some(items) = data["items"].as_array_mut() {
        for i in items.iter_mut().filter(|i| i["id"] == json!(item)) {
            i["status"] = json!("done");
            i["done_at"] = json!(ts(done_at));
        }
    }
    let patch = json!({"items": data["items"].clone()});
    s.amend_at(actor, at, comm, patch, reason)
}

/// A workaround performed at 14:00 on `day`, recorded an hour later.
#[expect(
    clippy::too_many_arguments,
    reason = "a story step names every fact it records"
)]
fn workaround(
    s: &mut Story<'_>,
    actor: &str,
    day: i64,
    procedure: &Key,
    by: &Key,
    what: &str,
    why: &str,
    approval: Option<(&Key, DateTime<Utc>)>,
) -> Result<Key> {
    let mut w = json!({"procedure": procedure, "performed_by": by, "performed_at": ts(s.at(day, 14, 0)), "what": what, "justification": why});
    if let Some((approver, at)) = approval {
        w["approval"] = json!({"approver": approver, "approved_at": ts(at)});
    }
    let at = s.at(day, 15, 0);
    s.create_at(actor, at, Kind::Workaround, w)
}

/// A disclosure of `subject` recorded at `at`.
#[expect(
    clippy::too_many_arguments,
    reason = "a story step names every fact it records"
)]
fn disclose(
    s: &mut Story<'_>,
    actor: &str,
    at: DateTime<Utc>,
    subject: &Key,
    audience: &str,
    department: Option<&Key>,
    comm: Option<&Key>,
    note: &str,
) -> Result<()> {
    let internal = audience == "provider_management";
    let mut d = json!({"subject": subject, "audience": audience, "disclosed_at": ts(at - Duration::minutes(10)), "note": note, "internal": internal});
    if let Some(dep) = department {
        d["department"] = json!(dep);
    }
    if let Some(c) = comm {
        d["communication"] = json!(c);
    }
    s.create_at(actor, at, Kind::Disclosure, d)?;
    Ok(())
}
