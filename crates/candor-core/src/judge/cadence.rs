//! The update cadence: when each client or third-party key stakeholder, and
//! each client department, was last updated and when the next update is due.
//! The `update-gap` rule, the report's cadence table and the app's timeline
//! all read this one judgement.

use crate::key::Key;
use crate::model::{Communication, PartyRole};
use crate::record::calendar::{days_between, deadline, local_date};
use crate::record::{Entry, Index, Subject, Term};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// Where a stakeholder stands against their cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceState {
    OnTrack,
    /// Due within the next two local days.
    DueSoon,
    Overdue,
}

/// One stretch between updates: from an update (or from when the stakeholder
/// was added) until the next update or the snapshot's instant, with when the
/// next update fell due.
#[derive(Debug, Clone, Serialize)]
pub struct Stretch {
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub from: DateTime<Utc>,
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub due: DateTime<Utc>,
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub until: DateTime<Utc>,
}

/// A stakeholder (a person, or a client department) and the updates they are owed.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    /// The person or department.
    pub subject: Subject,
    /// "Maria Lopez (Northwind Foods Finance)" or "Northwind Foods Finance".
    pub name: String,
    pub cadence_days: u32,
    /// The rules-of-engagement clause the cadence comes from, when it does.
    pub clause: Option<String>,
    /// The latest update, if any: when, and which communication.
    #[serde(serialize_with = "crate::time::serde_millis_opt::serialize")]
    pub last_update: Option<DateTime<Utc>>,
    pub last_communication: Option<Key>,
    /// When the stakeholder was first recorded.
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub added: DateTime<Utc>,
    /// The end of the local day by which the next update is owed.
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub due: DateTime<Utc>,
    /// That local day.
    pub due_day: NaiveDate,
    /// Local days since the last update (or since being added).
    pub days_since: i64,
    /// Local days from now to the due day: negative once overdue.
    pub days_left: i64,
    pub state: CadenceState,
    /// Every update up to the snapshot's instant that the snapshot holds
    /// (from a span, [`crate::record::Snapshot::load_span`]: those from the
    /// last before its start on), oldest first.
    #[serde(serialize_with = "ser_instants")]
    pub updates: Vec<DateTime<Utc>>,
    /// The stretches between updates, oldest first.
    pub stretches: Vec<Stretch>,
}

fn ser_instants<S: serde::Serializer>(v: &[DateTime<Utc>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|t| crate::time::format(*t)))
}

/// Whether a communication counts as an update to its participants: a held
/// meeting or call they attended, or a held message from the provider to them.
pub fn is_update(c: &Communication) -> bool {
    use crate::model::{CommKind, CommStatus, Direction};
    c.status == CommStatus::Held
        && (matches!(c.kind, CommKind::Meeting | CommKind::Call)
            || c.direction == Direction::Outbound)
}

/// Every client or third-party key stakeholder (people first, by name), then
/// every client department, with the updates they had up to the snapshot's instant.
pub fn owed(ix: &Index<'_>) -> Vec<Owed> {
    let s = ix.s;
    let mut to_person: HashMap<&Key, Vec<&Entry<Communication>>> = HashMap::new();
    let mut to_department: HashMap<&Key, Vec<&Entry<Communication>>> = HashMap::new();
    for c in s
        .communications
        .iter()
        .filter(|c| c.data.occurred_at <= s.at && is_update(&c.data))
    {
        let mut departments = Vec::new();
        for p in &c.data.participants {
            to_person.entry(p).or_default().push(c);
            if let Some(person) = ix.person.get(p)
                && !departments.contains(&&person.department)
            {
                departments.push(&person.department);
            }
        }
        for d in departments {
            to_department.entry(d).or_default().push(c);
        }
    }
    let mut people: Vec<Owed> = s
        .people
        .iter()
        .filter(|p| p.data.key_stakeholder && ix.person_role(&p.key) != Some(PartyRole::Provider))
        .map(|p| {
            judge(
                ix,
                ix.subject("person", &p.key),
                ix.who(&p.key),
                ix.cadence_of(&p.key, &p.data),
                p.created,
                to_person.remove(&p.key).unwrap_or_default(),
            )
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.subject.key.cmp(&b.subject.key)));
    let mut departments: Vec<Owed> = s
        .departments
        .iter()
        .filter(|d| ix.department_role(&d.key) == Some(PartyRole::Client))
        .map(|d| {
            judge(
                ix,
                ix.subject("department", &d.key),
                ix.unit(&d.key),
                ix.department_cadence(&d.key, d.data.cadence_days),
                d.created,
                to_department.remove(&d.key).unwrap_or_default(),
            )
        })
        .collect();
    departments.sort_by(|a, b| a.name.cmp(&b.name).then(a.subject.key.cmp(&b.subject.key)));
    people.extend(departments);
    people
}

fn judge(
    ix: &Index<'_>,
    subject: Subject,
    name: String,
    term: Term,
    added: DateTime<Utc>,
    mut updates: Vec<&Entry<Communication>>,
) -> Owed {
    let (at, zone) = (ix.s.at, ix.s.zone);
    let cadence_days = term.days;
    updates.sort_by(|a, b| {
        a.data
            .occurred_at
            .cmp(&b.data.occurred_at)
            .then(a.key.cmp(&b.key))
    });
    // From a span, the updates from the last at or before its start on: of
    // the earlier ones, it holds only some.
    let last_before =
        ix.s.since
            .and_then(|since| updates.iter().rposition(|c| c.data.occurred_at <= since));
    if let Some(last) = last_before {
        updates.drain(..last);
    }
    let times: Vec<DateTime<Utc>> = updates.iter().map(|c| c.data.occurred_at).collect();
    let mut starts = Vec::with_capacity(times.len() + 1);
    if last_before.is_none() && times.first().is_none_or(|first| added < *first) {
        starts.push(added);
    }
    starts.extend(times.iter().copied());
    let stretches: Vec<Stretch> = starts
        .iter()
        .enumerate()
        .map(|(i, from)| Stretch {
            from: *from,
            due: deadline(*from, cadence_days, zone),
            until: starts.get(i + 1).copied().unwrap_or(at),
        })
        .collect();
    let last = updates.last();
    let from = last.map_or(added, |c| c.data.occurred_at);
    let due = deadline(from, cadence_days, zone);
    let days_left = days_between(at, due - Duration::milliseconds(1), zone);
    let state = if at >= due {
        CadenceState::Overdue
    } else if days_left <= 2 {
        CadenceState::DueSoon
    } else {
        CadenceState::OnTrack
    };
    Owed {
        subject,
        name,
        cadence_days,
        clause: term.clause,
        last_update: last.map(|c| c.data.occurred_at),
        last_communication: last.map(|c| c.key.clone()),
        added,
        due,
        due_day: local_date(due - Duration::milliseconds(1), zone),
        days_since: days_between(from, at, zone),
        days_left,
        state,
        updates: times,
        stretches,
    }
}
