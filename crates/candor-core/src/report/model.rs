//! What a weekly report holds: plain data, already filtered for its edition,
//! with times as local text. Every output format renders this one structure.

use serde::Serialize;

/// Who the report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// Only client-visible text.
    Client,
    /// Everything, internal notes included.
    Internal,
}

impl Edition {
    /// Parses `client` or `internal`.
    pub fn parse(s: &str) -> Option<Edition> {
        match s {
            "client" => Some(Edition::Client),
            "internal" => Some(Edition::Internal),
            _ => None,
        }
    }

    /// `client` or `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Client => "client",
            Edition::Internal => "internal",
        }
    }
}

/// The weekly transparency report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub edition: Edition,
    pub engagement: String,
    pub client: String,
    pub provider: String,
    pub time_zone: String,
    /// "2026-W47".
    pub week: String,
    /// "Mon 16 Nov 2026 – Sun 22 Nov 2026".
    pub period: String,
    /// The audit chain head the report was made from: its witness.
    pub checkpoint: String,
    pub summary: String,
    /// What went wrong this week, first (client edition leads with it).
    pub bad_news: Vec<String>,
    pub communications: Vec<CommRow>,
    pub decisions: Vec<ItemRow>,
    pub agreements: Vec<ItemRow>,
    pub commitments: Vec<CommitmentRow>,
    pub workarounds: Vec<WorkaroundRow>,
    pub requests: Vec<RequestRow>,
    pub exceptions: Vec<ExceptionRow>,
    pub incidents: Vec<IncidentRow>,
    pub cadence: Vec<CadenceRow>,
    /// The rules of engagement in force at the end of the week, as confirmed.
    pub rules: Option<RulesRow>,
    pub flags: Vec<FlagRow>,
    pub changes: Vec<String>,
    pub charts: Charts,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommRow {
    pub when: String,
    pub kind: String,
    pub subject: String,
    pub with: String,
    pub channel: String,
    pub minutes: String,
    pub minutes_state: String,
    pub internal_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub when: String,
    pub text: String,
    pub matter: String,
    pub owner: String,
    pub due: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentRow {
    pub text: String,
    pub owner: String,
    pub due: String,
    /// "met", "missed", "due", "open".
    pub state: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkaroundRow {
    pub when: String,
    pub procedure: String,
    pub by: String,
    pub what: String,
    pub justification: String,
    pub approval: String,
    pub disclosure: String,
    pub internal_note: String,
    /// From an earlier week, shown because it is still open.
    pub carried: bool,
    /// Not disclosed to the client although it must be.
    pub undisclosed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestRow {
    pub when: String,
    pub summary: String,
    pub requested_by: String,
    pub scope: String,
    pub outcome: String,
    pub disclosure: String,
    pub internal_note: String,
    /// From an earlier week, shown because it is still open.
    pub carried: bool,
    /// Not disclosed to the client although it must be.
    pub undisclosed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionRow {
    pub when: String,
    pub procedure: String,
    /// "granted" or "refused".
    pub decision: String,
    pub to: String,
    pub by: String,
    pub summary: String,
    pub internal_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    pub title: String,
    pub severity: String,
    pub known: String,
    pub told: String,
    pub description: String,
    pub internal_note: String,
    /// Known before this week, shown because it is still open.
    pub carried: bool,
    /// Not yet told to the client.
    pub untold: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CadenceRow {
    pub stakeholder: String,
    pub cadence_days: u32,
    pub last_update: String,
    pub days_since: i64,
    /// "on track", "due soon", "overdue".
    pub state: String,
    pub updates_this_week: usize,
}

/// An edition of the rules of engagement with its clauses in words.
#[derive(Debug, Clone, Serialize)]
pub struct RulesRow {
    pub edition: u32,
    /// "Sent in "Kick-off" on 3 Sep 2026; confirmed by Maria Lopez (…) on 4 Sep 2026".
    pub standing: String,
    pub clauses: Vec<crate::agreement::Clause>,
    /// Internal edition only.
    pub internal_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlagRow {
    pub rule: String,
    pub severity: String,
    pub message: String,
    /// The rules-of-engagement clause its threshold rests on, or "".
    pub clause: String,
    pub state: String,
    pub since: String,
    pub note: String,
}

/// Data for the small charts, drawn by each format its own way.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// Day labels ("Mon 16") of the week.
    pub days: Vec<String>,
    /// Communications per day, one series per party.
    pub per_day: Vec<Series>,
    /// Days since the last update against the cadence, per key stakeholder.
    pub cadence: Vec<CadenceBar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CadenceBar {
    pub name: String,
    pub days_since: i64,
    pub cadence_days: u32,
}
