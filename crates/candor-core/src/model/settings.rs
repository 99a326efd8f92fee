use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};

/// The engagement's flag thresholds (one per database; every change is audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// deviation-undisclosed: days to disclose a deviation or out-of-scope work to the client.
    #[schemars(title = "Disclose a deviation to the client within")]
    pub deviation_undisclosed_days: u32,
    /// request-kept-quiet: days to tell provider management of an out-of-scope request.
    #[schemars(title = "Tell management of an out-of-scope request within")]
    pub request_kept_quiet_days: u32,
    /// agreement-unminuted: days to send minutes of a meeting or call with agreements/decisions.
    #[schemars(title = "Send minutes of agreements within")]
    pub agreement_unminuted_days: u32,
    /// minutes-unconfirmed: days for the client to confirm sent minutes.
    #[schemars(title = "The client confirms minutes within")]
    pub minutes_unconfirmed_days: u32,
    /// bad-news-delayed: days to tell the client of an incident.
    #[schemars(title = "Tell the client of an incident within")]
    pub bad_news_days: u32,
    /// procedure-stale: this many workarounds of one procedure …
    #[schemars(title = "A procedure is stale after")]
    pub stale_workarounds: u32,
    /// … within this many days.
    #[schemars(title = "… within")]
    pub stale_window_days: u32,
    /// workaround-unjustified: justifications that say nothing (compared without case and punctuation).
    #[schemars(title = "Justifications that say nothing", extend("x-hint" = "One phrase per line; compared without case and punctuation."))]
    pub boilerplate: Vec<String>,
    /// workaround-unjustified: a justification needs at least this many words.
    #[schemars(title = "A justification needs at least")]
    pub min_justification_words: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            deviation_undisclosed_days: 7,
            request_kept_quiet_days: 3,
            agreement_unminuted_days: 2,
            minutes_unconfirmed_days: 5,
            bad_news_days: 2,
            stale_workarounds: 3,
            stale_window_days: 30,
            boilerplate: [
                "n/a",
                "na",
                "none",
                "as discussed",
                "as agreed",
                "as requested",
                "see above",
                "see email",
                "ok",
                "tbd",
                "urgent",
                "client request",
                "per request",
                "needed",
                "-",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            min_justification_words: 4,
        }
    }
}

impl Record for Settings {
    fn label(&self) -> String {
        "Flag thresholds".into()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        for (field, days) in [
            (
                "deviation_undisclosed_days",
                self.deviation_undisclosed_days,
            ),
            ("request_kept_quiet_days", self.request_kept_quiet_days),
            ("agreement_unminuted_days", self.agreement_unminuted_days),
            ("minutes_unconfirmed_days", self.minutes_unconfirmed_days),
            ("bad_news_days", self.bad_news_days),
            ("stale_window_days", self.stale_window_days),
        ] {
            v.range(field, days, 0, 365);
        }
        v.range("stale_workarounds", self.stale_workarounds, 2, 1000);
        v.range(
            "min_justification_words",
            self.min_justification_words,
            0,
            50,
        );
    }
}

/// What an acknowledgement or resolution did to a flag.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FlagState {
    #[default]
    Acknowledged,
    Resolved,
}

/// An account manager's acknowledgement or resolution of a flag, with the
/// note it needs (always internal).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagNote {
    /// The rule id, e.g. `update-gap`.
    pub rule: String,
    /// The flag's stable id (rule and subjects), as `candor flags` prints it.
    pub flag: String,
    pub state: FlagState,
    /// Why (internal-only, never in the client edition).
    pub note: String,
    /// The evidence the flag had when this was written: new evidence reopens a resolved flag.
    #[serde(default)]
    pub evidence: Vec<Key>,
}

impl Record for FlagNote {
    fn label(&self) -> String {
        format!(
            "{} {}",
            match self.state {
                FlagState::Acknowledged => "acknowledged",
                FlagState::Resolved => "resolved",
            },
            self.flag
        )
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("rule", &self.rule);
        v.required("flag", &self.flag);
        if self.note.trim().is_empty() {
            v.fail(
                "note",
                "A note is required: say why the flag is acknowledged or resolved",
            );
        }
    }
}

/// A report, dossier or brief that was sent: what, to whom, and the SHA-256 of the exact file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuedReport {
    /// `dossier` or `brief`; absent for a weekly report.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
    /// ISO week, "2026-W47" (weekly reports).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub week: String,
    /// What a dossier or brief is about: the matter, or the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Key>,
    /// Its title as issued ("Invoice cut-off"), for a dossier or brief.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// `client` or `internal`.
    pub edition: String,
    /// `html`, `pdf`, `md`, `xlsx`, `csv` or `json`.
    pub format: String,
    pub recipients: Vec<Key>,
    #[schemars(title = "File")]
    pub file_name: String,
    #[schemars(title = "SHA-256")]
    pub sha256: String,
    pub size: u64,
    /// The audit checkpoint printed in the report.
    pub checkpoint: String,
}

impl IssuedReport {
    /// What was issued, in words: "the client pdf report of 2026-W47",
    /// "the internal html dossier of Invoice cut-off".
    pub fn describe(&self) -> String {
        match self.document.as_str() {
            "" => format!(
                "the {} {} report of {}",
                self.edition, self.format, self.week
            ),
            doc => format!(
                "the {} {} {doc} of {}",
                self.edition, self.format, self.title
            ),
        }
    }
}

impl Record for IssuedReport {
    fn label(&self) -> String {
        match self.document.as_str() {
            "" => format!("{} {} report ({})", self.week, self.edition, self.format),
            doc => format!("{} {doc}, {} ({})", self.title, self.edition, self.format),
        }
    }
    fn validate(&self, v: &mut Validator<'_>) {
        match (self.document.as_str(), &self.subject) {
            ("", _) => {
                if crate::time::iso_week_range(&self.week, chrono_tz::UTC).is_none() {
                    v.fail(
                        "week",
                        format!("\"{}\" is not an ISO week such as 2026-W47", self.week),
                    );
                }
            }
            ("dossier", Some(m)) => v.reference("subject", m, Kind::Matter),
            ("brief", Some(c)) => v.reference("subject", c, Kind::Communication),
            ("dossier" | "brief", None) => v.fail("subject", "say what it is about"),
            (other, _) => v.fail(
                "document",
                format!("\"{other}\" is not dossier or brief (or absent, for a report)"),
            ),
        }
        if !matches!(self.edition.as_str(), "client" | "internal") {
            v.fail("edition", "must be client or internal");
        }
        if !matches!(
            self.format.as_str(),
            "html" | "pdf" | "md" | "xlsx" | "csv" | "json"
        ) {
            v.fail("format", "must be html, pdf, md, xlsx, csv or json");
        }
        if self.recipients.is_empty() {
            v.fail("recipients", "say who the report is sent to");
        }
        for (i, p) in self.recipients.iter().enumerate() {
            v.reference(&format!("recipients[{i}]"), p, Kind::Person);
        }
        if self.sha256.len() != 64 {
            v.fail("sha256", "must be a SHA-256 in hex");
        }
    }
}
