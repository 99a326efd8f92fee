//! The thirteen rules. Each is a function from the snapshot (and a shared
//! index) to the flags it raises.

use super::{Flag, Rule, Severity, Subject};
use crate::key::Key;
use crate::model::*;
use crate::record::calendar::{days_between, deadline, local_date};
use crate::record::{Entry, Index, level_name};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// Every rule's flags.
pub(super) fn all(ix: &Index<'_>) -> Vec<Flag> {
    let mut flags = Vec::new();
    workaround_unjustified(ix, &mut flags);
    workaround_unapproved(ix, &mut flags);
    deviation_undisclosed(ix, &mut flags);
    request_kept_quiet(ix, &mut flags);
    update_gap(ix, &mut flags);
    agreement_unminuted(ix, &mut flags);
    minutes_unconfirmed(ix, &mut flags);
    commitment_overdue(ix, &mut flags);
    instructions_conflict(ix, &mut flags);
    exception_inconsistent(ix, &mut flags);
    off_channel_contact(ix, &mut flags);
    bad_news_delayed(ix, &mut flags);
    procedure_stale(ix, &mut flags);
    flags
}

/// Whether a justification says nothing: empty, a known boilerplate phrase,
/// or fewer words than the settings ask for.
pub fn is_boilerplate(justification: &str, settings: &Settings) -> bool {
    let normal: String = justification
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let words = normal.split(' ').filter(|w| !w.is_empty()).count() as u32;
    normal.is_empty()
        || settings.boilerplate.iter().any(|b| {
            let b: String = b
                .to_lowercase()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '/' {
                        c
                    } else {
                        ' '
                    }
                })
                .collect();
            b.split_whitespace().collect::<Vec<_>>().join(" ") == normal
        })
        || words < settings.min_justification_words
}

fn happened<T>(
    entries: &[Entry<T>],
    at: impl Fn(&T) -> DateTime<Utc>,
    now: DateTime<Utc>,
) -> impl Iterator<Item = &Entry<T>> {
    entries.iter().filter(move |e| at(&e.data) <= now)
}

fn workaround_unjustified(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    for w in happened(&ix.s.workarounds, |w| w.performed_at, ix.s.at) {
        if !is_boilerplate(&w.data.justification, &ix.s.settings) {
            continue;
        }
        let said = w.data.justification.trim();
        let message = format!(
            "{}'s workaround of {} (\"{}\") has no real justification: \"{}\"",
            ix.s.label(&w.data.performed_by),
            ix.s.label(&w.data.procedure),
            w.data.what,
            if said.is_empty() { "(empty)" } else { said }
        );
        let subject = ix.subject("workaround", &w.key);
        flags.push(Flag::single(
            Rule::WorkaroundUnjustified,
            Severity::Medium,
            message,
            subject,
            w.data.performed_at,
        ));
    }
}

fn workaround_unapproved(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let procedures: HashMap<&Key, &Procedure> =
        ix.s.procedures.iter().map(|p| (&p.key, &p.data)).collect();
    for w in happened(&ix.s.workarounds, |w| w.performed_at, ix.s.at) {
        let Some(required) = procedures
            .get(&w.data.procedure)
            .and_then(|p| p.exception_authority)
        else {
            continue;
        };
        let subject = ix.subject("workaround", &w.key);
        let what = format!(
            "{}'s workaround of {}",
            ix.s.label(&w.data.performed_by),
            ix.s.label(&w.data.procedure)
        );
        match &w.data.approval {
            Some(a) if a.approved_at <= ix.s.at => {
                let (level, _) = ix.authority(&a.approver, a.approved_at);
                if level >= required {
                    continue;
                }
                let message = format!(
                    "{what} was approved by {}, whose authority ({}) is below the {} level the procedure requires",
                    ix.s.label(&a.approver),
                    level_name(level),
                    level_name(required)
                );
                let evidence = vec![subject.clone(), ix.subject("person", &a.approver)];
                flags.push(Flag::new(
                    Rule::WorkaroundUnapproved,
                    Severity::Medium,
                    message,
                    vec![subject],
                    evidence,
                    a.approved_at,
                ));
            }
            _ => {
                let message = format!(
                    "{what} has no approval; the procedure needs a {}",
                    level_name(required)
                );
                flags.push(Flag::single(
                    Rule::WorkaroundUnapproved,
                    Severity::High,
                    message,
                    subject,
                    w.data.performed_at,
                ));
            }
        }
    }
}

fn deviation_undisclosed(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let term = ix.disclosure_term();
    let days = term.days;
    let required: HashMap<&Key, (bool, Option<String>)> =
        ix.s.procedures
            .iter()
            .map(|p| (&p.key, ix.disclosure_required(&p.key, &p.data)))
            .collect();
    for w in happened(&ix.s.workarounds, |w| w.performed_at, ix.s.at) {
        let Some((true, which)) = required.get(&w.data.procedure) else {
            continue;
        };
        if ix.first_disclosure(&w.key, Audience::Client).is_some() {
            continue;
        }
        let clause = match (which, &term.clause) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let due = deadline(w.data.performed_at, days, ix.s.zone);
        if ix.s.at < due {
            continue;
        }
        let message = format!(
            "{}'s workaround of {} has not been disclosed to the client after {} days (the procedure requires disclosure within {days})",
            ix.s.label(&w.data.performed_by),
            ix.s.label(&w.data.procedure),
            days_between(w.data.performed_at, ix.s.at, ix.s.zone)
        );
        let subject = ix.subject("workaround", &w.key);
        flags.push(
            Flag::single(
                Rule::DeviationUndisclosed,
                Severity::High,
                message,
                subject,
                due,
            )
            .citing(clause),
        );
    }
    for r in happened(&ix.s.requests, |r| r.requested_at, ix.s.at) {
        let done = matches!(
            r.data.outcome,
            Outcome::DoneAsFavour | Outcome::DoneUnderContract
        );
        if !r.data.out_of_scope || !done || ix.first_disclosure(&r.key, Audience::Client).is_some()
        {
            continue;
        }
        let due = deadline(r.data.requested_at, days, ix.s.zone);
        if ix.s.at < due {
            continue;
        }
        let message = format!(
            "Out-of-scope work for {} (\"{}\") was done but not disclosed to the client after {} days",
            ix.who(&r.data.requested_by),
            r.data.summary,
            days_between(r.data.requested_at, ix.s.at, ix.s.zone)
        );
        let subject = ix.subject("request", &r.key);
        flags.push(
            Flag::single(
                Rule::DeviationUndisclosed,
                Severity::High,
                message,
                subject,
                due,
            )
            .citing(term.clause.clone()),
        );
    }
}

fn request_kept_quiet(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let days = ix.s.settings.request_kept_quiet_days;
    for r in happened(&ix.s.requests, |r| r.requested_at, ix.s.at) {
        if !r.data.out_of_scope
            || ix
                .first_disclosure(&r.key, Audience::ProviderManagement)
                .is_some()
        {
            continue;
        }
        let due = deadline(r.data.requested_at, days, ix.s.zone);
        if ix.s.at < due {
            continue;
        }
        let secret = if r.data.keep_undisclosed {
            "; the requester asked for it to stay undisclosed"
        } else {
            ""
        };
        let message = format!(
            "An out-of-scope request from {}, \"{}\", has not been reported to {} after {} days{secret}",
            ix.who(&r.data.requested_by),
            r.data.summary,
            provider_management(ix),
            days_between(r.data.requested_at, ix.s.at, ix.s.zone)
        );
        let severity = if r.data.keep_undisclosed {
            Severity::High
        } else {
            Severity::Medium
        };
        let subject = ix.subject("request", &r.key);
        let mut evidence = vec![subject.clone()];
        evidence.extend(
            r.data
                .raised_in
                .iter()
                .map(|c| ix.subject("communication", c)),
        );
        flags.push(Flag::new(
            Rule::RequestKeptQuiet,
            severity,
            message,
            vec![subject],
            evidence,
            due,
        ));
    }
}

fn provider_management(ix: &Index<'_>) -> String {
    ix.s.parties
        .iter()
        .find(|p| p.data.role == PartyRole::Provider)
        .map_or("the provider's management".into(), |p| {
            format!("{}'s management", p.data.name)
        })
}

fn update_gap(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    use crate::judge::cadence::{CadenceState, owed};
    for o in owed(ix) {
        if o.state != CadenceState::Overdue {
            continue;
        }
        let (name, cadence, gap) = (&o.name, o.cadence_days, o.days_since);
        let message = match o.last_update {
            Some(_) => format!("{name} has had no update for {gap} days; cadence {cadence}"),
            None => format!(
                "{name} has had no update since being added {gap} days ago; cadence {cadence}"
            ),
        };
        let mut evidence = vec![o.subject.clone()];
        evidence.extend(
            o.last_communication
                .as_ref()
                .map(|c| ix.subject("communication", c)),
        );
        flags.push(
            Flag::new(
                Rule::UpdateGap,
                Severity::Medium,
                message,
                vec![o.subject],
                evidence,
                o.due,
            )
            .citing(o.clause),
        );
    }
}

fn has_agreements(c: &Communication) -> bool {
    c.items
        .iter()
        .any(|i| matches!(i.item_type, ItemType::Agreement | ItemType::Decision))
}

fn agreement_unminuted(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let term = ix.minutes_sent_term();
    let days = term.days;
    for c in ix.s.communications.iter() {
        let d = &c.data;
        if !matches!(d.kind, CommKind::Meeting | CommKind::Call)
            || d.status != CommStatus::Held
            || !has_agreements(d)
            || d.occurred_at > ix.s.at
        {
            continue;
        }
        if d.minutes_sent_at.is_some_and(|t| t <= ix.s.at) {
            continue;
        }
        let due = deadline(d.occurred_at, days, ix.s.zone);
        if ix.s.at < due {
            continue;
        }
        let n = d
            .items
            .iter()
            .filter(|i| matches!(i.item_type, ItemType::Agreement | ItemType::Decision))
            .count();
        let message = format!(
            "\"{}\" ({} days ago) recorded {n} agreement(s) or decision(s), but no minutes were sent",
            d.subject,
            days_between(d.occurred_at, ix.s.at, ix.s.zone)
        );
        let subject = ix.subject("communication", &c.key);
        flags.push(
            Flag::single(
                Rule::AgreementUnminuted,
                Severity::Medium,
                message,
                subject,
                due,
            )
            .citing(term.clause.clone()),
        );
    }
}

fn minutes_unconfirmed(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let term = ix.minutes_confirmed_term();
    let days = term.days;
    for c in ix.s.communications.iter() {
        let d = &c.data;
        let Some(sent) = d.minutes_sent_at.filter(|t| *t <= ix.s.at) else {
            continue;
        };
        if d.confirmed_at.is_some_and(|t| t <= ix.s.at) {
            continue;
        }
        let due = deadline(sent, days, ix.s.zone);
        if ix.s.at < due {
            continue;
        }
        let message = format!(
            "Minutes of \"{}\" were sent {} days ago and the client has not confirmed them",
            d.subject,
            days_between(sent, ix.s.at, ix.s.zone)
        );
        let subject = ix.subject("communication", &c.key);
        flags.push(
            Flag::single(
                Rule::MinutesUnconfirmed,
                Severity::Low,
                message,
                subject,
                due,
            )
            .citing(term.clause.clone()),
        );
    }
}

fn commitment_overdue(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    for c in crate::judge::owed::open_commitments(ix) {
        if !c.overdue {
            continue;
        }
        let owner = if c.owner.is_some() {
            c.owner_name.clone()
        } else {
            "nobody".into()
        };
        let message = format!(
            "{owner}'s commitment \"{}\" (from \"{}\") was due {} and is {} days overdue",
            c.text,
            c.source,
            c.due.format("%a %-d %b"),
            c.days_late
        );
        let subject = Subject {
            kind: item_kind(c.item_type).into(),
            key: c.id,
            label: c.text,
        };
        let evidence = vec![
            subject.clone(),
            ix.subject("communication", &c.communication),
        ];
        flags.push(Flag::new(
            Rule::CommitmentOverdue,
            Severity::Medium,
            message,
            vec![subject],
            evidence,
            c.due_end,
        ));
    }
}

fn item_kind(t: ItemType) -> &'static str {
    match t {
        ItemType::Decision => "decision",
        ItemType::Agreement => "agreement",
        ItemType::Action => "action",
        ItemType::Instruction => "instruction",
    }
}

/// Positions are compared without case, punctuation or spacing.
fn same_position(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// A department's latest instruction on a matter: when, the item, its communication.
type Latest<'a> = (DateTime<Utc>, &'a Item, &'a Key);

fn instructions_conflict(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    // matter → department → its latest instruction; matter → latest decision time.
    let mut latest: BTreeMap<&Key, BTreeMap<&Key, Latest<'_>>> = BTreeMap::new();
    let mut decided: HashMap<&Key, DateTime<Utc>> = HashMap::new();
    for c in
        ix.s.communications
            .iter()
            .filter(|c| c.data.occurred_at <= ix.s.at && c.data.status == CommStatus::Held)
    {
        for item in &c.data.items {
            let Some(matter) = &item.matter else { continue };
            match item.item_type {
                ItemType::Instruction => {
                    let Some(dept) = &item.department else {
                        continue;
                    };
                    if ix.department_role(dept) != Some(PartyRole::Client) {
                        continue;
                    }
                    let slot = latest.entry(matter).or_default();
                    if slot
                        .get(dept)
                        .is_none_or(|(t, _, _)| *t <= c.data.occurred_at)
                    {
                        slot.insert(dept, (c.data.occurred_at, item, &c.key));
                    }
                }
                ItemType::Decision => {
                    let t = decided.entry(matter).or_insert(c.data.occurred_at);
                    *t = (*t).max(c.data.occurred_at);
                }
                _ => {}
            }
        }
    }
    for (matter, by_dept) in latest {
        let depts: Vec<_> = by_dept.into_iter().collect();
        for (i, (da, (ta, ia, ca))) in depts.iter().enumerate() {
            for (db, (tb, ib, cb)) in &depts[i + 1..] {
                if same_position(&ia.position, &ib.position) {
                    continue;
                }
                let since = (*ta).max(*tb);
                if decided.get(matter).is_some_and(|d| *d > since) {
                    continue;
                }
                let name = |d: &Key| {
                    ix.department.get(d).map_or_else(
                        || ix.s.label(d),
                        |dep| format!("{} {}", ix.s.label(&dep.party), dep.name),
                    )
                };
                let message = format!(
                    "{} (\"{}\") and {} (\"{}\") gave conflicting instructions on {}, and no later decision settles it",
                    name(da),
                    ia.position,
                    name(db),
                    ib.position,
                    ix.s.label(matter)
                );
                let evidence = vec![
                    ix.subject("communication", ca),
                    ix.subject("communication", cb),
                ];
                let subjects = vec![
                    ix.subject("matter", matter),
                    ix.subject("department", da),
                    ix.subject("department", db),
                ];
                flags.push(Flag::new(
                    Rule::InstructionsConflict,
                    Severity::High,
                    message,
                    subjects,
                    evidence,
                    since,
                ));
            }
        }
    }
}

fn exception_inconsistent(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let mut by_procedure: BTreeMap<&Key, Vec<&Entry<Exception>>> = BTreeMap::new();
    for e in happened(&ix.s.exceptions, |e| e.decided_at, ix.s.at) {
        by_procedure.entry(&e.data.procedure).or_default().push(e);
    }
    for (procedure, list) in by_procedure {
        for g in list.iter().filter(|e| e.data.granted) {
            for r in list
                .iter()
                .filter(|e| !e.data.granted && e.data.to != g.data.to)
            {
                let message = format!(
                    "{}: an exception was granted to {} (by {}) but refused to {} (by {})",
                    ix.s.label(procedure),
                    ix.unit(&g.data.to),
                    ix.s.label(&g.data.decided_by),
                    ix.unit(&r.data.to),
                    ix.s.label(&r.data.decided_by)
                );
                let subjects = vec![
                    ix.subject("procedure", procedure),
                    ix.subject("exception", &g.key),
                    ix.subject("exception", &r.key),
                ];
                let evidence = vec![
                    ix.subject("exception", &g.key),
                    ix.subject("exception", &r.key),
                ];
                flags.push(Flag::new(
                    Rule::ExceptionInconsistent,
                    Severity::Medium,
                    message,
                    subjects,
                    evidence,
                    g.data.decided_at.max(r.data.decided_at),
                ));
            }
        }
    }
}

fn off_channel_contact(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    for c in
        ix.s.communications
            .iter()
            .filter(|c| c.data.occurred_at <= ix.s.at && c.data.channel != Channel::Official)
    {
        let client: Vec<&Key> = c
            .data
            .participants
            .iter()
            .chain(c.data.from.iter())
            .filter(|p| ix.person_role(p) == Some(PartyRole::Client))
            .collect();
        let Some(first) = client.first() else {
            continue;
        };
        let channel = serde_json::to_value(c.data.channel)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default();
        let message = format!(
            "{} was contacted through a {channel}: \"{}\"",
            ix.who(first),
            c.data.subject
        );
        let subject = ix.subject("communication", &c.key);
        flags.push(Flag::single(
            Rule::OffChannelContact,
            Severity::Medium,
            message,
            subject,
            c.data.occurred_at,
        ));
    }
}

fn bad_news_delayed(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    let term = ix.bad_news_term();
    let days = term.days;
    for i in happened(&ix.s.incidents, |i| i.known_at, ix.s.at) {
        let due = deadline(i.data.known_at, days, ix.s.zone);
        let told = ix.first_disclosure(&i.key, Audience::Client);
        let subject = ix.subject("incident", &i.key);
        let severity = if i.data.severity == crate::model::Severity::High {
            Severity::High
        } else {
            Severity::Medium
        };
        match told {
            Some(d) if d.disclosed_at < due => {}
            Some(d) => {
                let message = format!(
                    "\"{}\" reached the client {} days after it was known internally (allowed: {days})",
                    i.data.title,
                    days_between(i.data.known_at, d.disclosed_at, ix.s.zone)
                );
                let mut evidence = vec![subject.clone()];
                evidence.extend(
                    d.communication
                        .iter()
                        .map(|c| ix.subject("communication", c)),
                );
                flags.push(
                    Flag::new(
                        Rule::BadNewsDelayed,
                        severity,
                        message,
                        vec![subject],
                        evidence,
                        due,
                    )
                    .citing(term.clause.clone()),
                );
            }
            None if ix.s.at >= due => {
                let message = format!(
                    "\"{}\" has been known internally for {} days and the client has not been told",
                    i.data.title,
                    days_between(i.data.known_at, ix.s.at, ix.s.zone)
                );
                flags.push(
                    Flag::single(Rule::BadNewsDelayed, severity, message, subject, due)
                        .citing(term.clause.clone()),
                );
            }
            None => {}
        }
    }
}

/// Holds from the moment N workarounds of a procedure fall within M days,
/// until the procedure is revised (a new version recorded after that moment).
fn procedure_stale(ix: &Index<'_>, flags: &mut Vec<Flag>) {
    // The window counts calendar days in the engagement's zone, like every other threshold.
    let (n, window) = (
        ix.s.settings.stale_workarounds as usize,
        i64::from(ix.s.settings.stale_window_days),
    );
    let revised: HashMap<&Key, DateTime<Utc>> =
        ix.s.procedures
            .iter()
            .map(|p| (&p.key, p.updated))
            .collect();
    let mut by_procedure: BTreeMap<&Key, Vec<&Entry<Workaround>>> = BTreeMap::new();
    for w in happened(&ix.s.workarounds, |w| w.performed_at, ix.s.at) {
        by_procedure.entry(&w.data.procedure).or_default().push(w);
    }
    for (procedure, mut list) in by_procedure {
        if n == 0 || list.len() < n {
            continue;
        }
        list.sort_by_key(|w| w.data.performed_at);
        let last_run = (n - 1..list.len()).rev().find(|&end| {
            days_between(
                list[end + 1 - n].data.performed_at,
                list[end].data.performed_at,
                ix.s.zone,
            ) <= window
        });
        let Some(end) = last_run else { continue };
        let since = list[end].data.performed_at;
        if revised.get(procedure).is_some_and(|r| *r > since) {
            continue;
        }
        let run = &list[end + 1 - n..=end];
        let message = format!(
            "{} was worked around {n} times within {} days ({} to {}) and has not been revised since: review it",
            ix.s.label(procedure),
            window,
            local_date(run[0].data.performed_at, ix.s.zone).format("%-d %b"),
            local_date(since, ix.s.zone).format("%-d %b")
        );
        let evidence = run
            .iter()
            .map(|w| ix.subject("workaround", &w.key))
            .collect();
        flags.push(Flag::new(
            Rule::ProcedureStale,
            Severity::Low,
            message,
            vec![ix.subject("procedure", procedure)],
            evidence,
            since,
        ));
    }
}
