//! The flags engine: thirteen named rules over the record as of an instant.
//!
//! [`evaluate`] is a pure function of a [`Snapshot`] (the record as known at
//! `at`, judged with the clock reading `at`). Each rule groups what it needs in
//! hash maps once, so evaluation is O(n log n) in the size of the record.
//! docs/flags.md describes every rule, its thresholds and its judgements.

mod live;
#[cfg(test)]
pub(crate) mod live_tests;
mod rules;
#[cfg(test)]
mod tests;
pub mod watch;

pub use live::Live;

pub use crate::record::Subject;
use crate::record::{Escalation, Index, Snapshot};

use crate::key::Key;
use crate::model::FlagState;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The thirteen rules, in the order flags are listed (docs/flags.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    WorkaroundUnjustified,
    WorkaroundUnapproved,
    DeviationUndisclosed,
    RequestKeptQuiet,
    UpdateGap,
    AgreementUnminuted,
    MinutesUnconfirmed,
    CommitmentOverdue,
    InstructionsConflict,
    ExceptionInconsistent,
    OffChannelContact,
    BadNewsDelayed,
    ProcedureStale,
}

impl Rule {
    /// Every rule, in listing order.
    pub const ALL: [Rule; 13] = [
        Rule::WorkaroundUnjustified,
        Rule::WorkaroundUnapproved,
        Rule::DeviationUndisclosed,
        Rule::RequestKeptQuiet,
        Rule::UpdateGap,
        Rule::AgreementUnminuted,
        Rule::MinutesUnconfirmed,
        Rule::CommitmentOverdue,
        Rule::InstructionsConflict,
        Rule::ExceptionInconsistent,
        Rule::OffChannelContact,
        Rule::BadNewsDelayed,
        Rule::ProcedureStale,
    ];

    /// The rule's id ("update-gap").
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::WorkaroundUnjustified => "workaround-unjustified",
            Rule::WorkaroundUnapproved => "workaround-unapproved",
            Rule::DeviationUndisclosed => "deviation-undisclosed",
            Rule::RequestKeptQuiet => "request-kept-quiet",
            Rule::UpdateGap => "update-gap",
            Rule::AgreementUnminuted => "agreement-unminuted",
            Rule::MinutesUnconfirmed => "minutes-unconfirmed",
            Rule::CommitmentOverdue => "commitment-overdue",
            Rule::InstructionsConflict => "instructions-conflict",
            Rule::ExceptionInconsistent => "exception-inconsistent",
            Rule::OffChannelContact => "off-channel-contact",
            Rule::BadNewsDelayed => "bad-news-delayed",
            Rule::ProcedureStale => "procedure-stale",
        }
    }

    /// What the rule finds, in words ("Stakeholder owed an update").
    pub fn title(self) -> &'static str {
        match self {
            Rule::WorkaroundUnjustified => "Workaround without a real justification",
            Rule::WorkaroundUnapproved => "Workaround without sufficient approval",
            Rule::DeviationUndisclosed => "Deviation not disclosed to the client",
            Rule::RequestKeptQuiet => "Out-of-scope request kept from management",
            Rule::UpdateGap => "Stakeholder owed an update",
            Rule::AgreementUnminuted => "Agreement without minutes",
            Rule::MinutesUnconfirmed => "Minutes not confirmed",
            Rule::CommitmentOverdue => "Commitment overdue",
            Rule::InstructionsConflict => "Conflicting instructions",
            Rule::ExceptionInconsistent => "Inconsistent exceptions",
            Rule::OffChannelContact => "Contact off the official channels",
            Rule::BadNewsDelayed => "Bad news delayed",
            Rule::ProcedureStale => "Procedure worked around too often",
        }
    }

    /// The rule with this id.
    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// One flag: a rule that holds over some entities, with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// Stable id: the rule and its subjects' keys.
    pub id: String,
    pub rule: Rule,
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
    /// The rules-of-engagement clause its threshold rests on, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Where it goes next on the agreed escalation path, once it has been
    /// left unresolved past the escalation window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
}

fn ser_instant<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::time::format(*t))
}

pub use crate::judge::cadence::is_update;

impl Flag {
    /// A flag about one entity that is also its evidence.
    pub(crate) fn single(
        rule: Rule,
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
        rule: Rule,
        severity: Severity,
        message: String,
        subjects: Vec<Subject>,
        evidence: Vec<Subject>,
        since: DateTime<Utc>,
    ) -> Flag {
        let keys: Vec<&str> = subjects.iter().map(|s| s.key.as_str()).collect();
        Flag {
            id: format!("{}:{}", rule.as_str(), keys.join("+")),
            rule,
            severity,
            message,
            subjects,
            evidence,
            since,
            state: State::Open,
            note: None,
            clause: None,
            escalation: None,
        }
    }

    /// The flag, citing `clause` (a threshold of the rules of engagement).
    pub(crate) fn citing(mut self, clause: Option<String>) -> Flag {
        self.clause = clause;
        self
    }
}

/// Evaluates every rule over `snapshot`; flags sorted by severity (high first), rule, then since.
pub fn evaluate(snapshot: &Snapshot) -> Vec<Flag> {
    let ix = Index::new(snapshot);
    let mut flags = rules::all(&ix);
    apply_notes(snapshot, &mut flags);
    escalate(&ix, &mut flags);
    flags.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.rule.cmp(&b.rule))
            .then(a.since.cmp(&b.since))
            .then(a.id.cmp(&b.id))
    });
    flags
}

/// The flags that hold over the record as known at `at` (read through the
/// watched communications, [`Snapshot::load_now`]).
pub fn at(store: &crate::Store, at: DateTime<Utc>) -> crate::Result<Vec<Flag>> {
    Ok(evaluate(&Snapshot::load_now(store, at)?))
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
        rule: flag.rule.as_str().to_owned(),
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

/// Names the next person on the agreed escalation path on every flag left
/// unresolved past the escalation window (counted in local days since it holds).
/// A flag the client's edition of the report leaves out goes up the
/// provider's side of the path only.
fn escalate(ix: &Index<'_>, flags: &mut [Flag]) {
    for flag in flags.iter_mut().filter(|f| f.state != State::Resolved) {
        let days = crate::record::calendar::days_between(flag.since, ix.s.at, ix.s.zone);
        let Some(mut e) = ix.escalation(days) else {
            continue;
        };
        if !crate::report::CLIENT_RULES.contains(&flag.rule) {
            e.client = None;
            if e.provider.is_none() {
                continue;
            }
        }
        let names: Vec<&str> = [e.provider.as_deref(), e.client.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        flag.message.push_str(&format!(
            "; unresolved for {days} days, past the agreed escalation window: escalate to level {}, {}",
            e.level,
            names.join(" with ")
        ));
        flag.escalation = Some(e);
    }
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
