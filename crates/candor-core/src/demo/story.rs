//! The demo's nine weeks, in the order they were recorded. Every flag rule
//! holds at least once at the story's "now", and each has a near miss that
//! must not fire (see docs/flags.md for the thresholds).

use super::Story;
use crate::error::Result;
use crate::key::Key;
use crate::model::{
    Approval, Audience, Channel, CommKind, Communication, Delegation, Direction, Disclosure,
    Exception, FlagState, Incident, Item, ItemStatus, ItemType, Matter, Outcome, Person, Procedure,
    Request, RulesOfEngagement, ScopeItem, Settings, Severity, Source, Workaround,
};
use crate::model::{CadenceClause, EscalationLevel};
use chrono::{DateTime, Duration, NaiveDate, Utc};

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

#[expect(
    clippy::too_many_arguments,
    reason = "a story step names every fact it records"
)]
fn comm(
    kind: CommKind,
    at: DateTime<Utc>,
    minutes_long: i64,
    subject: &str,
    from: Option<&Key>,
    participants: &[&Key],
    direction: Direction,
    minutes: &str,
) -> Communication {
    Communication {
        kind,
        occurred_at: at,
        ends_at: (minutes_long > 0).then(|| at + Duration::minutes(minutes_long)),
        direction,
        from: from.cloned(),
        participants: participants.iter().map(|&p| p.clone()).collect(),
        subject: subject.into(),
        minutes: minutes.into(),
        source: Source {
            format: "typed".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// An instruction `department` gave on `matter`, taking `position`.
fn instruction(id: Key, text: &str, department: &Key, matter: &Key, position: &str) -> Item {
    Item {
        department: Some(department.clone()),
        matter: Some(matter.clone()),
        position: position.into(),
        ..Item::new(id, ItemType::Instruction, text)
    }
}

/// An agreement `owner` commits to, due on `due`.
fn agreement(id: Key, text: &str, owner: &Key, due: NaiveDate) -> Item {
    Item {
        owner: Some(owner.clone()),
        due: Some(due),
        ..Item::new(id, ItemType::Agreement, text)
    }
}

/// A matter with its description.
fn matter(name: &str, description: &str) -> Matter {
    Matter {
        name: name.into(),
        description: description.into(),
        ..Default::default()
    }
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
    let day = |at: DateTime<Utc>| at.with_timezone(&super::ZONE).date_naive();

    let at = s.at(0, 20, 0);
    s.add_at(&sam, at, Settings::default())?;
    let at = s.at(2, 10, 0);
    let mistaken = s.add_at(
        &sam,
        at,
        ScopeItem {
            name: "Payroll processing".into(),
            reference: "SOW §4".into(),
            description: "Entered from the draft SOW.".into(),
            ..Default::default()
        },
    )?;
    let at = s.at(2, 10, 30);
    s.void_at(
        &sam,
        at,
        &mistaken,
        "Payroll was removed from the signed SOW; entered from the draft by mistake.",
    )?;

    let at = s.at(3, 9, 0);
    let cutoff = s.add_at(
        &sam,
        at,
        matter(
            "Invoice cut-off",
            "Which period late invoices and freight accruals are booked in.",
        ),
    )?;
    let bank = s.add_at(
        &sam,
        at,
        matter(
            "Vendor bank details",
            "How bank detail changes are verified.",
        ),
    )?;
    s.add_at(
        &sam,
        at,
        matter(
            "Carrier rate disputes",
            "Invoices that do not match the rate card.",
        ),
    )?;

    // Kick-off.
    let kickoff_at = s.at(3, 10, 0);
    let kpi = s.item_id(kickoff_at);
    let pack = agreement(
        kpi.clone(),
        "Brightline sends the AP KPI pack by the 5th working day.",
        c.lena(),
        day(s.at(17, 12, 0)),
    );
    let weekly = Item::new(
        s.item_id(kickoff_at),
        ItemType::Decision,
        "Weekly steering call on Thursdays, 10:00, Finance and Logistics.",
    );
    let kickoff = Communication {
        items: vec![weekly, pack],
        minutes_sent_at: Some(s.at(3, 17, 0)),
        ..comm(
            CommKind::Meeting,
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
            Direction::TwoWay,
            "Scope, governance and reporting agreed. Weekly steering call on Thursdays at 10:00 with Finance and Logistics.",
        )
    };
    let at = s.at(3, 17, 10);
    let kickoff_key = s.add_at(&lena, at, kickoff)?;
    let first_rules = first_edition(&c);
    let edition1 = propose(s, &sam, &first_rules, 3, &kickoff_key)?;
    let at = s.at(4, 9, 30);
    confirm(s, &lena, at, &kickoff_key, c.maria())?;
    agreed(s, &sam, &edition1, 4, c.maria())?;

    let steering1 = steering(s, &sam, 1, 6, &steering_people, vec![])?;
    let at = s.at(7, 9, 30);
    confirm(s, &sam, at, &steering1, c.maria())?;

    // Finance and Logistics pull the cut-off in different directions.
    let at = s.at(10, 9, 12);
    let mail = Communication {
        items: vec![instruction(
            s.item_id(at),
            "Book every invoice received after the 25th in the next period.",
            &finance,
            &cutoff,
            "strict cut-off on the 25th",
        )],
        ..comm(
            CommKind::Email,
            at,
            0,
            "Cut-off: no exceptions this quarter",
            Some(c.maria()),
            &[c.maria(), c.sam(), c.lena()],
            Direction::Inbound,
            "Sam, Lena — from October every invoice received after the 25th goes into the next period. No exceptions, including freight.",
        )
    };
    let at = s.at(10, 9, 40);
    s.add_at(&sam, at, mail)?;
    let at = s.at(12, 15, 0);
    let call = Communication {
        items: vec![instruction(
            s.item_id(at),
            "Accrue freight invoices received until month-end in the current period.",
            &logistics,
            &cutoff,
            "accrue freight until month-end",
        )],
        minutes_sent_at: Some(s.at(12, 17, 0)),
        confirmed_at: Some(s.at(13, 8, 50)),
        confirmed_by: Some(c.jonas().clone()),
        ..comm(
            CommKind::Call,
            at,
            20,
            "Freight accruals at month-end",
            None,
            &[c.jonas(), c.sam()],
            Direction::TwoWay,
            "Jonas needs freight received until month-end in the current period; otherwise carrier costs shift a month.",
        )
    };
    let at = s.at(13, 9, 0);
    s.add_at(&sam, at, call)?;

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
    s.amend_with(
        &sam,
        at,
        fin04,
        |p: &mut Procedure| {
            p.version = "1.4".into();
            p.description = "Invoices received after the 25th are booked in the next period; Logistics freight accruals follow the same cut-off.".into();
        },
        "Northwind Finance issued version 1.4 of the cut-off procedure on 5 Oct.",
    )?;

    let instr_at = s.at(20, 10, 0);
    let finance_bank = instruction(
        s.item_id(instr_at),
        "Call the vendor back on every bank detail change.",
        &finance,
        &bank,
        "call back on every change",
    );
    let steering3 = steering(s, &sam, 3, 20, &steering_people, vec![finance_bank])?;
    let at = s.at(21, 9, 30);
    confirm(s, &sam, at, &steering3, c.maria())?;

    let at = s.at(24, 9, 0);
    let mail = Communication {
        items: vec![instruction(
            s.item_id(at),
            "Call back only for bank changes above 10,000 EUR.",
            &procurement,
            &bank,
            "call back above 10,000 EUR only",
        )],
        ..comm(
            CommKind::Email,
            at,
            0,
            "Bank detail call-backs for small vendors",
            Some(c.priya()),
            &[c.priya(), c.sam()],
            Direction::Inbound,
            "Call-backs for every small vendor slow us down. Please only call back above 10,000 EUR.",
        )
    };
    let at = s.at(24, 9, 20);
    s.add_at(&sam, at, mail)?;
    let at = s.at(24, 11, 0);
    let reply = comm(
        CommKind::Email,
        at,
        0,
        "Re: Bank detail call-backs for small vendors",
        Some(c.sam()),
        &[c.sam(), c.priya()],
        Direction::Outbound,
        "Thanks Priya — Finance asked for call-backs on every change; we will raise both positions at Thursday's steering call.",
    );
    let at = s.at(24, 11, 5);
    s.add_at(&sam, at, reply)?;

    // First cut-off workaround: justified, approved, disclosed.
    let w1 = workaround(
        s,
        &ravi,
        26,
        (fin04, &cutoff),
        c.ravi(),
        "Booked three late Transnorte freight invoices (received 27 Sep) in September.",
        "Logistics instructed accrual until month-end; booking them in October would have shifted 42,000 EUR of carrier cost.",
        Some((c.grace(), s.at(26, 13, 30))),
    )?;
    let decision_at = s.at(27, 10, 0);
    let settle = Item {
        matter: Some(bank.clone()),
        ..Item::new(
            s.item_id(decision_at),
            ItemType::Decision,
            "Call back on every bank detail change, whatever the amount — Finance and Procurement agree.",
        )
    };
    let steering4 = steering(s, &sam, 4, 27, &steering_people, vec![settle])?;
    disclose(
        s,
        &sam,
        s.at(27, 16, 30),
        &w1,
        Audience::Client,
        Some(&finance),
        Some(&steering4),
        "Three late Transnorte invoices were booked in September at Logistics' request, approved by Brightline's delivery director.",
    )?;
    let second = RulesOfEngagement {
        edition: 2,
        // Jonas's own cadence decides for him from now on (he asks for
        // twice-weekly updates during peak season).
        cadence: [(c.maria(), 7), (c.priya(), 28), (c.henrik(), 28)]
        .into_iter()
        .map(|(who, days)| CadenceClause {
            stakeholder: who.clone(),
            days,
        })
        .collect(),
        escalation: vec![
            EscalationLevel {
                provider: Some(c.sam().clone()),
                client: Some(c.maria().clone()),
            },
            EscalationLevel {
                provider: Some(c.grace().clone()),
                client: Some(c.henrik().clone()),
            },
            EscalationLevel {
                provider: Some(c.owen().clone()),
                client: Some(c.henrik().clone()),
            },
        ],
        escalation_days: Some(14),
        internal_note: "Added after the cut-off dispute: Maria wants her COO in the loop before anything reaches steering.".into(),
        ..first_rules
    };
    let edition2 = propose(s, &sam, &second, 27, &steering4)?;
    let at = s.at(28, 9, 30);
    confirm(s, &sam, at, &steering4, c.maria())?;
    agreed(s, &sam, &edition2, 28, c.maria())?;

    let at = s.at(29, 12, 0);
    s.add_at(
        &grace,
        at,
        Exception {
            procedure: log02.clone(),
            granted: true,
            to: logistics.clone(),
            decided_by: c.grace().clone(),
            decided_at: s.at(29, 11, 30),
            summary:
                "Approve Transnorte invoices without proof of delivery during the port strike."
                    .into(),
            ..Default::default()
        },
    )?;
    let at = s.at(31, 9, 0);
    s.amend_with(
        &grace,
        at,
        c.jonas(),
        |p: &mut Person| p.cadence_days = Some(5),
        "Jonas asked for twice-weekly updates during peak season.",
    )?;

    // A favour asked off the record, on a personal phone.
    let call_at = s.at(31, 19, 40);
    let call = Communication {
        channel: Channel::PersonalPhone,
        internal_note: "Diego logged this himself the same evening.".into(),
        ..comm(
            CommKind::Call,
            call_at,
            15,
            "Aiko on Diego's mobile: carrier scorecard",
            Some(c.aiko()),
            &[c.aiko(), c.diego()],
            Direction::Inbound,
            "Aiko asked for a carrier scorecard spreadsheet for her own use, and asked Diego not to mention it to his managers.",
        )
    };
    let at = s.at(31, 20, 30);
    let offchannel = s.add_at(&diego, at, call)?;
    let at = s.at(31, 20, 35);
    let favour = s.add_at(
        &diego,
        at,
        Request {
            summary: "Build a carrier scorecard spreadsheet for Logistics".into(),
            requested_by: c.aiko().clone(),
            requested_at: call_at,
            raised_in: Some(offchannel.clone()),
            out_of_scope: true,
            scope_item: Some(scope[2].clone()),
            keep_undisclosed: true,
            keep_undisclosed_by: Some(c.aiko().clone()),
            internal_note: "Aiko said her manager would 'not understand'.".into(),
            ..Default::default()
        },
    )?;

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
    s.add_at(
        &grace,
        at,
        Delegation {
            from: c.grace().clone(),
            to: c.chloe().clone(),
            starts: day(s.at(38, 12, 0)),
            ends: day(s.at(44, 12, 0)),
            note: "Grace on leave.".into(),
        },
    )?;
    let review_at = s.at(38, 11, 0);
    let review = Communication {
        minutes_sent_at: Some(s.at(38, 17, 0)),
        ..comm(
            CommKind::Meeting,
            review_at,
            60,
            "Quarterly service review",
            Some(c.lena()),
            &[c.henrik(), c.maria(), c.owen(), c.grace(), c.lena()],
            Direction::TwoWay,
            "KPIs on target except first-time match rate (87% vs 90%). Henrik asked for a cut-off proposal.",
        )
    };
    let at = s.at(38, 17, 5);
    let review_key = s.add_at(&lena, at, review)?;
    let at = s.at(38, 17, 30);
    s.amend_with(
        &diego,
        at,
        &favour,
        |r: &mut Request| {
            r.outcome = Outcome::DoneAsFavour;
            r.outcome_note = "Spreadsheet sent to Aiko.".into();
        },
        "Diego sent the spreadsheet on 26 Oct.",
    )?;
    let ask_at = s.at(38, 14, 0);
    let ask = comm(
        CommKind::Email,
        ask_at,
        0,
        "Monthly spend cube?",
        Some(c.priya()),
        &[c.priya(), c.lena()],
        Direction::Inbound,
        "Could Brightline produce a monthly spend cube for Procurement?",
    );
    let at = s.at(38, 18, 0);
    let ask_key = s.add_at(&lena, at, ask)?;
    let at = s.at(38, 18, 5);
    let cube = s.add_at(
        &lena,
        at,
        Request {
            summary: "Monthly spend cube for Procurement".into(),
            requested_by: c.priya().clone(),
            requested_at: ask_at,
            raised_in: Some(ask_key),
            out_of_scope: true,
            ..Default::default()
        },
    )?;
    let internal_at = s.at(39, 8, 45);
    let internal = comm(
        CommKind::Email,
        internal_at,
        0,
        "Procurement asks for a spend cube (out of scope)",
        Some(c.lena()),
        &[c.lena(), c.grace()],
        Direction::Internal,
        "Out of scope; I suggest a change request.",
    );
    let at = s.at(39, 9, 0);
    let internal_key = s.add_at(&lena, at, internal)?;
    disclose(
        s,
        &lena,
        s.at(39, 9, 5),
        &cube,
        Audience::ProviderManagement,
        None,
        Some(&internal_key),
        "Raised with Grace Kim; change request suggested.",
    )?;
    let at = s.at(39, 10, 0);
    confirm(s, &lena, at, &review_key, c.henrik())?;
    let at = s.at(39, 12, 0);
    s.amend_with(
        &lena,
        at,
        &cube,
        |r: &mut Request| {
            r.outcome = Outcome::ChangeRequestRaised;
            r.outcome_note = "Change request CR-07 sent to Procurement.".into();
        },
        "Change request raised on 27 Oct.",
    )?;

    let w5 = workaround(
        s,
        &ravi,
        40,
        (fin07, &bank),
        c.ravi(),
        "Changed Ferroval's bank details after calling back the landline on their last invoice.",
        "The vendor contact on file was on leave; the landline on the previous invoice was verified instead.",
        Some((c.chloe(), s.at(40, 14, 30))),
    )?;
    let close_at = s.at(41, 10, 0);
    let clean_up = agreement(
        s.item_id(close_at),
        "Brightline delivers the vendor master clean-up list.",
        c.sam(),
        day(s.at(55, 12, 0)),
    );
    let steering6 = steering(s, &sam, 6, 41, &steering_people, vec![clean_up])?;
    disclose(
        s,
        &sam,
        s.at(41, 16, 30),
        &w5,
        Audience::Client,
        Some(&finance),
        Some(&steering6),
        "Ferroval's bank change was verified by calling the landline on their last invoice, as the listed contact was away.",
    )?;
    let at = s.at(42, 9, 30);
    confirm(s, &sam, at, &steering6, c.maria())?;

    let at = s.at(45, 10, 0);
    s.add_at(
        &lena,
        at,
        Exception {
            procedure: log02.clone(),
            granted: false,
            to: procurement.clone(),
            decided_by: c.lena().clone(),
            decided_at: s.at(45, 9, 30),
            summary: "Approve spot-freight invoices without proof of delivery.".into(),
            internal_note:
                "Same situation as Logistics' strike exception; Lena was not aware of it.".into(),
        },
    )?;
    let w2 = workaround(
        s,
        &ravi,
        45,
        (fin04, &cutoff),
        c.ravi(),
        "Booked Transnorte's late October invoices in October.",
        "as discussed",
        None,
    )?;
    let at = s.at(45, 17, 0);
    s.amend_with(
        &sam,
        at,
        c.ravi(),
        |p: &mut Person| {
            p.authority_level = 2;
            p.title = "Senior AP analyst".into();
        },
        "Ravi was promoted to senior analyst on 1 Nov.",
    )?;
    let _ = w2;

    let at = s.at(46, 11, 30);
    let duplicate = s.add_at(
        &sam,
        at,
        Incident {
            title: "Duplicate payment of 48,200 EUR to Transnorte".into(),
            severity: Severity::High,
            occurred_at: Some(s.at(44, 9, 0)),
            known_at: s.at(46, 11, 0),
            description: "An invoice paid on 30 Oct was paid again in the 1 Nov run; recovery requested from the carrier.".into(),
            internal_note: "Root cause: FIN-09 duplicate check skipped during the month-end crunch.".into(),
            matter: None,
        },
    )?;
    let call_at = s.at(47, 10, 0);
    let call = comm(
        CommKind::Call,
        call_at,
        15,
        "Q3 sea-freight audit",
        None,
        &[c.jonas(), c.sam()],
        Direction::TwoWay,
        "Jonas asked for an audit of Q3 sea-freight invoices.",
    );
    let at = s.at(47, 10, 30);
    let call_key = s.add_at(&sam, at, call)?;
    let at = s.at(47, 10, 35);
    s.add_at(
        &sam,
        at,
        Request {
            summary: "Audit Q3 sea-freight invoices".into(),
            requested_by: c.jonas().clone(),
            requested_at: call_at,
            raised_in: Some(call_key),
            scope_item: Some(scope[2].clone()),
            outcome: Outcome::DoneUnderContract,
            ..Default::default()
        },
    )?;

    let steering7 = steering(s, &sam, 7, 48, &steering_people, vec![])?;
    // Maria agrees the strike-time accrual 1:1; her confirmed minutes are
    // what the cut-off dossier puts in front of her before steering #9.
    let call_at = s.at(48, 14, 0);
    let strike_accrual = Item {
        matter: Some(cutoff.clone()),
        owner: Some(c.sam().clone()),
        ..Item::new(
            s.item_id(call_at),
            ItemType::Agreement,
            "While the port strike lasts, Brightline accrues freight received until month-end in the current month and lists each accrual in the steering minutes.",
        )
    };
    let one_to_one = Communication {
        items: vec![strike_accrual],
        minutes_sent_at: Some(s.at(48, 17, 20)),
        ..comm(
            CommKind::Call,
            call_at,
            20,
            "Freight accruals during the port strike",
            None,
            &[c.maria(), c.sam()],
            Direction::TwoWay,
            "Maria agreed that, while the port strike delays freight paperwork, freight received until month-end is accrued in the current month; each accrual is listed in the steering minutes.",
        )
    };
    let at = s.at(48, 17, 30);
    let one_to_one = s.add_at(&sam, at, one_to_one)?;
    let at = s.at(49, 9, 30);
    confirm(s, &sam, at, &steering7, c.maria())?;
    let at = s.at(49, 9, 40);
    confirm(s, &sam, at, &one_to_one, c.maria())?;

    let at = s.at(51, 15, 0);
    s.add_at(
        &diego,
        at,
        Workaround {
            procedure: fin09.clone(),
            performed_by: c.diego().clone(),
            performed_at: s.at(51, 14, 0),
            what: "Ran the duplicate check on the payment proposal instead of the paid-invoice list.".into(),
            justification: "The paid-invoice report was down for maintenance; the vendor's own audit team had locked it.".into(),
            justification_internal: true,
            approval: Some(Approval {
                approver: c.chloe().clone(),
                approved_at: s.at(51, 10, 30),
            }),
            ..Default::default()
        },
    )?;
    let at = s.at(51, 15, 30);
    let proposal_check = |to: &Key, at: DateTime<Utc>| Exception {
        procedure: fin09.clone(),
        granted: true,
        to: to.clone(),
        decided_by: c.grace().clone(),
        decided_at: at,
        summary: "Run the duplicate check on the proposal when the report is down.".into(),
        ..Default::default()
    };
    s.add_at(&grace, at, proposal_check(&finance, at))?;
    let at = s.at(51, 15, 35);
    s.add_at(&grace, at, proposal_check(&logistics, at))?;

    let w3 = workaround(
        s,
        &diego,
        52,
        (fin04, &cutoff),
        c.diego(),
        "Accrued the last week of October freight in October.",
        "Logistics again asked for month-end accrual; the 25th cut-off leaves six days of freight unbooked.",
        Some((c.chloe(), s.at(52, 14, 30))),
    )?;

    let at = s.at(53, 10, 20);
    let bank_file = s.add_at(
        &sam,
        at,
        Incident {
            title: "Payment run delayed four hours by a rejected bank file".into(),
            severity: Severity::Medium,
            known_at: s.at(53, 8, 30),
            description: "The bank rejected the file format after its upgrade; resent at 12:30."
                .into(),
            ..Default::default()
        },
    )?;
    let mail_at = s.at(53, 10, 15);
    let mail = comm(
        CommKind::Email,
        mail_at,
        0,
        "Today's payment run is delayed",
        Some(c.sam()),
        &[c.sam(), c.maria()],
        Direction::Outbound,
        "The bank rejected this morning's payment file; we expect to resend by 13:00.",
    );
    let at = s.at(53, 10, 25);
    let mail_key = s.add_at(&sam, at, mail)?;
    disclose(
        s,
        &sam,
        s.at(53, 10, 30),
        &bank_file,
        Audience::Client,
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
        Audience::Client,
        Some(&finance),
        Some(&steering8),
        "October's last freight week was accrued in October at Logistics' request.",
    )?;
    disclose(
        s,
        &sam,
        s.at(55, 16, 25),
        &duplicate,
        Audience::Client,
        Some(&finance),
        Some(&steering8),
        "A Transnorte invoice was paid twice; recovery is under way.",
    )?;

    let call_at = s.at(59, 10, 0);
    let reaudit = agreement(
        s.item_id(call_at),
        "Brightline re-audits October carrier invoices against the new rate card.",
        c.diego(),
        day(s.at(73, 12, 0)),
    );
    let call = Communication {
        items: vec![reaudit],
        ..comm(
            CommKind::Call,
            call_at,
            30,
            "October carrier invoices",
            None,
            &[c.jonas(), c.sam(), c.diego()],
            Direction::TwoWay,
            "Rate mismatches on October road freight.",
        )
    };
    let at = s.at(59, 11, 0);
    s.add_at(&sam, at, call)?;
    workaround(
        s,
        &ravi,
        59,
        (fin04, &cutoff),
        c.ravi(),
        "Booked two late customs invoices in November.",
        "Customs invoices arrived on the 26th with a same-month payment term from the broker.",
        Some((c.grace(), s.at(59, 15, 30))),
    )?;

    let at = s.at(60, 9, 30);
    s.add_at(
        &sam,
        at,
        Incident {
            title: "October KPI pack had wrong ageing buckets".into(),
            severity: Severity::Medium,
            known_at: s.at(60, 9, 0),
            description: "The 31–60 day bucket double-counted credit notes.".into(),
            ..Default::default()
        },
    )?;
    let call_at = s.at(60, 14, 0);
    let call = Communication {
        minutes_internal: true,
        minutes_sent_at: Some(s.at(60, 17, 0)),
        ..comm(
            CommKind::Call,
            call_at,
            20,
            "Credit note matching",
            None,
            &[c.tomas(), c.ravi()],
            Direction::TwoWay,
            "Agreed how credit notes are matched. Tomás hinted Finance may take AP back in-house next year; keep this between us.",
        )
    };
    let at = s.at(60, 17, 5);
    s.add_at(&ravi, at, call)?;

    let close_at = s.at(62, 10, 0);
    let proposal = Item {
        matter: Some(cutoff.clone()),
        ..agreement(
            s.item_id(close_at),
            "Brightline proposes a single cut-off rule to Finance and Logistics.",
            c.lena(),
            day(s.at(63, 12, 0)),
        )
    };
    let fee = Item {
        owner: Some(c.lena().clone()),
        due: Some(day(s.at(66, 12, 0))),
        internal: true,
        ..Item::new(
            s.item_id(close_at),
            ItemType::Action,
            "Check with Grace whether a single cut-off rule changes Brightline's fee.",
        )
    };
    let meeting = Communication {
        items: vec![proposal, fee],
        ..comm(
            CommKind::Meeting,
            close_at,
            45,
            "Steering call #9",
            Some(c.sam()),
            &steering_people,
            Direction::TwoWay,
            "Cut-off conflict discussed again; no decision yet. Maria raised October's month-end freight accruals as a breach of the 25th cut-off and asked for them to go to Henrik Olsen.",
        )
    };
    let at = s.at(62, 11, 0);
    s.add_at(&sam, at, meeting)?;
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
    let chat = Communication {
        channel: Channel::Official,
        ..comm(
            CommKind::Chat,
            chat_at,
            0,
            "Teams: Transnorte POD question",
            Some(c.aiko()),
            &[c.aiko(), c.diego()],
            Direction::Inbound,
            "Aiko asked on the official Teams channel whether Transnorte PODs arrived.",
        )
    };
    let at = s.at(62, 15, 10);
    s.add_at(&diego, at, chat)?;
    Ok(())
}

/// The first rules of engagement, agreed at the kick-off: the cadence
/// Finance and Logistics asked for, minutes within two days and confirmed
/// within five, bad news to the Finance director within two days.
fn first_edition(c: &Cast<'_>) -> RulesOfEngagement {
    RulesOfEngagement {
        edition: 1,
        cadence: [(c.maria(), 7), (c.jonas(), 7)]
            .into_iter()
            .map(|(who, days)| CadenceClause {
                stakeholder: who.clone(),
                days,
            })
            .collect(),
        official_channels: "The weekly steering call on Thursdays at 10:00; e-mail between named contacts; the shared Teams channel for day-to-day questions. No personal phones or messaging.".into(),
        minutes_sent_days: Some(2),
        minutes_confirmed_days: Some(5),
        bad_news_days: Some(2),
        bad_news_to: vec![c.maria().clone()],
        disclosure_days: Some(7),
        ..Default::default()
    }
}

/// Drafts an edition of the rules of engagement at 17:20 on `day` and
/// records it as sent to the client in `sent_in` five minutes later.
fn propose(
    s: &mut Story<'_>,
    actor: &str,
    rules: &RulesOfEngagement,
    day: i64,
    sent_in: &Key,
) -> Result<Key> {
    let at = s.at(day, 17, 20);
    let key = s.add_at(actor, at, rules.clone())?;
    let at = s.at(day, 17, 25);
    s.amend_with(
        actor,
        at,
        &key,
        |r: &mut RulesOfEngagement| r.sent_in = Some(sent_in.clone()),
        "sent to the client with the minutes",
    )?;
    Ok(key)
}

/// Records the client's confirmation of an edition at 9:30 on `day` (entered ten minutes later).
fn agreed(s: &mut Story<'_>, actor: &str, key: &Key, day: i64, by: &Key) -> Result<()> {
    let at = s.at(day, 9, 40);
    s.amend_with(
        actor,
        at,
        key,
        |r: &mut RulesOfEngagement| {
            r.confirmed_by = Some(by.clone());
            r.confirmed_at = Some(at - Duration::minutes(10));
        },
        "the client confirmed the rules of engagement",
    )
}

/// The weekly steering call `n` on `day`: minutes sent the same afternoon.
fn steering(
    s: &mut Story<'_>,
    actor: &str,
    n: u32,
    day: i64,
    people: &[&Key],
    items: Vec<Item>,
) -> Result<Key> {
    let at = s.at(day, 10, 0);
    let meeting = Communication {
        items,
        minutes_sent_at: Some(s.at(day, 16, 0)),
        ..comm(
            CommKind::Meeting,
            at,
            45,
            &format!("Steering call #{n}"),
            people.get(2).copied(),
            people,
            Direction::TwoWay,
            "Open items, KPIs and the week's exceptions reviewed with Finance and Logistics.",
        )
    };
    let at = s.at(day, 16, 10);
    s.add_at(actor, at, meeting)
}

/// The client confirms a communication's minutes.
fn confirm(s: &mut Story<'_>, actor: &str, at: DateTime<Utc>, comm: &Key, by: &Key) -> Result<()> {
    s.amend_with(
        actor,
        at,
        comm,
        |c: &mut Communication| {
            c.confirmed_at = Some(at - Duration::minutes(5));
            c.confirmed_by = Some(by.clone());
        },
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
    s.amend_with(
        actor,
        at,
        comm,
        |c: &mut Communication| {
            for i in c.items.iter_mut().filter(|i| &i.id == item) {
                i.status = ItemStatus::Done;
                i.done_at = Some(done_at);
            }
        },
        reason,
    )
}

/// A workaround performed at 14:00 on `day`, filed under a matter, recorded an hour later.
#[expect(
    clippy::too_many_arguments,
    reason = "a story step names every fact it records"
)]
fn workaround(
    s: &mut Story<'_>,
    actor: &str,
    day: i64,
    (procedure, matter): (&Key, &Key),
    by: &Key,
    what: &str,
    why: &str,
    approval: Option<(&Key, DateTime<Utc>)>,
) -> Result<Key> {
    let w = Workaround {
        procedure: procedure.clone(),
        performed_by: by.clone(),
        performed_at: s.at(day, 14, 0),
        matter: Some(matter.clone()),
        what: what.into(),
        justification: why.into(),
        approval: approval.map(|(approver, at)| Approval {
            approver: approver.clone(),
            approved_at: at,
        }),
        ..Default::default()
    };
    let at = s.at(day, 15, 0);
    s.add_at(actor, at, w)
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
    audience: Audience,
    department: Option<&Key>,
    comm: Option<&Key>,
    note: &str,
) -> Result<()> {
    let d = Disclosure {
        subject: subject.clone(),
        audience,
        department: department.cloned(),
        communication: comm.cloned(),
        disclosed_at: at - Duration::minutes(10),
        note: note.into(),
        internal: audience == Audience::ProviderManagement,
        ..Default::default()
    };
    s.add_at(actor, at, d)?;
    Ok(())
}
