//! The flags engine: thirteen named rules over the record as of an instant.
//!
//! [`evaluate`] is a pure function of a [`Snapshot`] (the record as known at
//! `at`, judged with the clock reading `at`). Each rule groups what it needs in
//! hash maps once, so evaluation is O(n log n) in the size of the record.
//! docs/flags.md describes every rule, its thresholds and its judgements.

mod calendar;
mod rules;
mod snapshot;
#[cfg(test)]
mod tests;

pub use calendar::{days_between as days, end_of_day as end_of_local_day};
pub use snapshot::{Entry, Snapshot};

/// The authority `person` could exercise at `at`: their own level, or a higher
/// one delegated to them then (with the delegating person).
pub fn authority_at<'a>(s: &'a Snapshot, person: &Key, at: DateTime<Utc>) -> (u8, Option<&'a Key>) {
    let level_of = |k: &Key| {
        s.people
            .iter()
            .find(|p| &p.key == k)
            .map_or(0, |p| p.data.authority_level)
    };
    let own = level_of(person);
    let day = calendar::local_date(at, s.zone);
    s.delegations
        .iter()
        .filter(|d| &d.data.to == person && d.data.starts <= day && day <= d.data.ends)
        .map(|d| (level_of(&d.data.from), &d.data.from))
        .filter(|(level, _)| *level > own)
        .max_by_key(|(level, _)| *level)
        .map_or((own, None), |(level, from)| (level, Some(from)))
}

use crate::key::Key;
use crate::model::FlagState;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Every rule id, in the order flags are listed.
pub const RULES: [&str; 13] = [
    "workaround-unjustified",
    "workaround-unapproved",
    "deviation-undisclosed",
    "request-kept-quiet",
    "update-gap",
    "agreement-unminuted",
    "minutes-unconfirmed",
    "commitment-overdue",
    "instructions-conflict",
    "exception-inconsistent",
    "off-channel-contact",
    "bad-news-delayed",
    "procedure-stale",
];

/// How urgent a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

/// Where a flag stands with the people who read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Open,
    Acknowledged,
    Resolved,
}

/// An entity a flag is about or rests on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Subject {
    #[serde(rename = "type")]
    pub kind: String,
    pub key: Key,
    pub label: String,
}

/// One flag: a rule that holds over some entities, with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// Stable id: the rule and its subjects' keys.
    pub id: String,
    pub rule: &'static str,
    pub severity: Severity,
    /// A sentence a person who never saw the rule can read.
    pub message: String,
    pub subjects: Vec<Subject>,
    /// The records that make it hold.
    pub evidence: Vec<Subject>,
    /// The instant from which it holds.
    #[serde(serialize_with = "ser_instant")]
    pub since: DateTime<Utc>,
    pub state: State,
    /// The latest acknowledgement or resolution note (internal-only).
    pub note: Option<String>,
}

fn ser_instant<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::time::format(*t))
}

/// Whether a communication counts as an update to its participants: a held
/// meeting or call they attended, or a held message from the provider to them.
pub fn is_update(c: &crate::model::Communication) -> bool {
    use crate::model::{CommKind, CommStatus, Direction};
    c.status == CommStatus::Held
        && (matches!(c.kind, CommKind::Meeting | CommKind::Call)
            || c.direction == Direction::Outbound)
}

impl Flag {
    /// A flag about one entity that is also its evidence.
    pub(crate) fn single(
        rule: &'static str,
        severity: Severity,
        message: String,
        subject: Subject,
        since: DateTime<Utc>,
    ) -> Flag {
        Flag::new(
            rule,
            severity,
            message,
            vec![subject.clone()],
            vec![subject],
            since,
        )
    }

    pub(crate) fn new(
        rule: &'static str,
        severity: Severity,
        message: String,
        subjects: Vec<Subject>,
        evidence: Vec<Subject>,
        since: DateTime<Utc>,
    ) -> Flag {
        let keys: Vec<&str> = subjects.iter().map(|s| s.key.as_str()).collect();
        Flag {
            id: format!("{rule}:{}", keys.join("+")),
            rule,
            severity,
            message,
            subjects,
            evidence,
            since,
            state: State::Open,
            note: None,
        }
    }
}

/// Evaluates every rule over `snapshot`; flags sorted by severity (high first), rule, then since.
pub fn evaluate(snapshot: &Snapshot) -> Vec<Flag> {
    let mut flags = rules::all(snapshot);
    apply_notes(snapshot, &mut flags);
    let rank = |rule: &str| RULES.iter().position(|r| *r == rule).unwrap_or(RULES.len());
    flags.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(rank(a.rule).cmp(&rank(b.rule)))
            .then(a.since.cmp(&b.since))
            .then(a.id.cmp(&b.id))
    });
    flags
}

/// The flags that hold over the record as known at `at`.
pub fn at(store: &crate::Store, at: DateTime<Utc>) -> crate::Result<Vec<Flag>> {
    Ok(evaluate(&Snapshot::load(store, at)?))
}

/// Acknowledges or resolves the flag `id` (as it holds now) with a note; recorded in the audit chain.
pub fn annotate(
    store: &mut crate::Store,
    author: &crate::Author,
    ids: &mut crate::Ids,
    id: &str,
    state: FlagState,
    note: &str,
) -> crate::Result<Key> {
    let flag = at(store, author.at)?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| {
            crate::Error::NotFound(format!("no flag \"{id}\" holds now (see `candor flags`)"))
        })?;
    let data = serde_json::to_value(crate::model::FlagNote {
        rule: flag.rule.to_owned(),
        flag: flag.id,
        state,
        note: note.to_owned(),
        evidence: flag.evidence.into_iter().map(|e| e.key).collect(),
    })
    .expect("a flag note serialises");
    let done = store.apply(
        author,
        ids,
        vec![crate::Change::Create {
            kind: crate::Kind::FlagNote,
            key: None,
            data,
        }],
    )?;
    Ok(done[0].0.clone())
}

/// Acknowledgements and resolutions: the latest note of each flag sets its
/// state; a resolved flag that holds on new evidence opens again.
fn apply_notes(snapshot: &Snapshot, flags: &mut [Flag]) {
    let mut latest = std::collections::HashMap::new();
    for n in &snapshot.flag_notes {
        latest.insert(n.data.flag.as_str(), &n.data);
    }
    for flag in flags.iter_mut() {
        let Some(note) = latest.get(flag.id.as_str()) else {
            continue;
        };
        flag.note = Some(note.note.clone());
        flag.state = match note.state {
            FlagState::Acknowledged => State::Acknowledged,
            FlagState::Resolved
                if flag
                    .evidence
                    .iter()
                    .any(|e| !note.evidence.contains(&e.key)) =>
            {
                State::Open
            }
            FlagState::Resolved => State::Resolved,
        };
    }
}

/// One key stakeholder's updates against the cadence they are owed, for the cadence timeline.
#[derive(Debug, Clone, Serialize)]
pub struct CadenceLine {
    pub key: Key,
    pub name: String,
    pub cadence_days: u32,
    /// When each update happened, oldest first (RFC 3339 UTC).
    pub updates: Vec<String>,
}

/// Every client or third-party key stakeholder with their updates (see `update-gap`).
pub fn cadence(s: &Snapshot) -> Vec<CadenceLine> {
    use crate::model::PartyRole;
    use std::collections::HashMap;
    let default = s.engagement.as_ref().map_or(14, |e| e.default_cadence_days);
    let roles: HashMap<&Key, PartyRole> = s.parties.iter().map(|p| (&p.key, p.data.role)).collect();
    let departments: HashMap<&Key, &crate::model::Department> =
        s.departments.iter().map(|d| (&d.key, &d.data)).collect();
    let mut updates: HashMap<&Key, Vec<DateTime<Utc>>> = HashMap::new();
    for c in s
        .communications
        .iter()
        .filter(|c| c.data.occurred_at <= s.at && is_update(&c.data))
    {
        for p in &c.data.participants {
            updates.entry(p).or_default().push(c.data.occurred_at);
        }
    }
    let mut lines: Vec<CadenceLine> = s
        .people
        .iter()
        .filter(|p| p.data.key_stakeholder)
        .filter(|p| {
            departments
                .get(&p.data.department)
                .and_then(|d| roles.get(&d.party))
                != Some(&PartyRole::Provider)
        })
        .map(|p| {
            let mut times = updates.remove(&p.key).unwrap_or_default();
            times.sort();
            CadenceLine {
                key: p.key.clone(),
                name: p.data.name.clone(),
                cadence_days: p
                    .data
                    .cadence_days
                    .or_else(|| {
                        departments
                            .get(&p.data.department)
                            .and_then(|d| d.cadence_days)
                    })
                    .unwrap_or(default),
                updates: times.into_iter().map(crate::time::format).collect(),
            }
        })
        .collect();
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    lines
}

/// An open agreement or action item due on the snapshot's local day.
#[derive(Debug, Clone, Serialize)]
pub struct DueItem {
    pub id: Key,
    pub text: String,
    pub owner: String,
    pub communication: Key,
}

/// The open commitments falling due today (in the engagement's zone).
pub fn due_today(s: &Snapshot) -> Vec<DueItem> {
    use crate::model::{ItemStatus, ItemType};
    let today = calendar::local_date(s.at, s.zone);
    let mut out = Vec::new();
    for c in s
        .communications
        .iter()
        .filter(|c| c.data.occurred_at <= s.at)
    {
        for i in &c.data.items {
            if matches!(i.item_type, ItemType::Agreement | ItemType::Action)
                && i.status == ItemStatus::Open
                && i.due == Some(today)
            {
                let owner = i.owner.as_ref().map(|o| s.label(o)).unwrap_or_default();
                out.push(DueItem {
                    id: i.id.clone(),
                    text: i.text.clone(),
                    owner,
                    communication: c.key.clone(),
                });
            }
        }
    }
    out
}
