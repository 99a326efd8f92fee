//! Workarounds, requests, incidents, exceptions, disclosures and delegations:
//! where a procedure was bent or a favour asked, and who was told.

use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who approved a workaround, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    #[schemars(title = "Approved by")]
    pub approver: Key,
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    pub approved_at: DateTime<Utc>,
}

/// A procedure that was not followed: what was done instead and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workaround {
    pub procedure: Key,
    pub performed_by: Key,
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "When")]
    pub performed_at: DateTime<Utc>,
    /// What was done instead of the procedure.
    #[schemars(title = "What was done instead")]
    pub what: String,
    /// Why the procedure could not be followed (required).
    #[schemars(extend("x-hint" = "Why the procedure could not be followed. Client-visible unless kept internal."))]
    pub justification: String,
    /// The justification is internal-only.
    #[serde(default)]
    #[schemars(title = "Keep the justification internal")]
    pub justification_internal: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    /// The request or incident it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Linked request")]
    pub request: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Linked incident")]
    pub incident: Option<Key>,
    /// The matter it is filed under (its dossier shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<Key>,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Workaround {
    fn label(&self) -> String {
        self.what.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.reference("procedure", &self.procedure, Kind::Procedure);
        v.reference("performed_by", &self.performed_by, Kind::Person);
        v.required("what", &self.what);
        v.required_as(
            "justification",
            &self.justification,
            "Justification is required: say why the procedure could not be followed",
        );
        if let Some(a) = &self.approval {
            v.reference("approval.approver", &a.approver, Kind::Person);
        }
        if let Some(r) = &self.request {
            v.reference("request", r, Kind::Request);
        }
        if let Some(i) = &self.incident {
            v.reference("incident", i, Kind::Incident);
        }
        if let Some(m) = &self.matter {
            v.reference("matter", m, Kind::Matter);
        }
    }
}

/// What became of a request.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    #[schemars(title = "Pending")]
    Pending,
    #[schemars(title = "Declined")]
    Declined,
    #[schemars(title = "Change request raised")]
    ChangeRequestRaised,
    #[schemars(title = "Done under the contract")]
    DoneUnderContract,
    #[schemars(title = "Done as a favour")]
    DoneAsFavour,
}

/// Something a client (or third party) asked of the provider.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[schemars(title = "What was asked")]
    pub summary: String,
    pub requested_by: Key,
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "When")]
    pub requested_at: DateTime<Utc>,
    /// The communication it was raised in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-hint" = "The communication it was asked in."))]
    pub raised_in: Option<Key>,
    #[serde(default)]
    #[schemars(extend("x-hint" = "Outside the contract: provider management must hear of it."))]
    pub out_of_scope: bool,
    /// The scope item it falls under (in scope) or was judged against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-hint" = "The scope item it falls under, or was judged against."))]
    pub scope_item: Option<Key>,
    /// The matter it is filed under (its dossier shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<Key>,
    /// The requester asked for it not to be told to the provider's management.
    #[serde(default)]
    #[schemars(title = "Asked to keep it undisclosed", extend("x-hint" = "The requester asked for it not to be told to the provider's management."))]
    pub keep_undisclosed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Secrecy asked by")]
    pub keep_undisclosed_by: Option<Key>,
    #[serde(default)]
    pub outcome: Outcome,
    /// Client-visible note on the outcome.
    #[serde(default)]
    #[schemars(extend("x-hint" = "Client-visible."))]
    pub outcome_note: String,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Request {
    fn label(&self) -> String {
        self.summary.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("summary", &self.summary);
        v.reference("requested_by", &self.requested_by, Kind::Person);
        if let Some(c) = &self.raised_in {
            v.reference("raised_in", c, Kind::Communication);
        }
        if let Some(s) = &self.scope_item {
            v.reference("scope_item", s, Kind::Scope);
        }
        if let Some(m) = &self.matter {
            v.reference("matter", m, Kind::Matter);
        }
        if let Some(p) = &self.keep_undisclosed_by {
            v.reference("keep_undisclosed_by", p, Kind::Person);
            if !self.keep_undisclosed {
                v.fail(
                    "keep_undisclosed_by",
                    "names who asked for secrecy, but keep_undisclosed is false",
                );
            }
        }
    }
}

/// How bad an incident is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
}

/// Bad news: something that went wrong, and when it became known internally.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    #[schemars(title = "What went wrong")]
    pub title: String,
    #[serde(default)]
    #[schemars(extend("x-hint" = "Client-visible."))]
    pub description: String,
    #[serde(default)]
    pub severity: Severity,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    #[schemars(title = "Occurred")]
    pub occurred_at: Option<DateTime<Utc>>,
    /// When the provider knew (the clock for telling the client starts here).
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "Known internally", extend("x-hint" = "The clock for telling the client starts here."))]
    pub known_at: DateTime<Utc>,
    /// The matter it is filed under (its dossier shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<Key>,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Incident {
    fn label(&self) -> String {
        self.title.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("title", &self.title);
        if let Some(m) = &self.matter {
            v.reference("matter", m, Kind::Matter);
        }
        if let Some(occurred) = self.occurred_at
            && occurred > self.known_at
        {
            v.fail("known_at", "is before the incident occurred");
        }
    }
}

/// A procedure exception granted or refused to a party or department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub procedure: Key,
    #[schemars(title = "Decision")]
    pub granted: bool,
    /// The party or department it was granted or refused to.
    #[schemars(extend("x-hint" = "The party or department it was granted or refused to."))]
    pub to: Key,
    pub decided_by: Key,
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "When")]
    pub decided_at: DateTime<Utc>,
    /// What the exception was for (client-visible).
    #[schemars(title = "What the exception was for", extend("x-hint" = "Client-visible."))]
    pub summary: String,
    #[serde(default)]
    pub internal_note: String,
}

impl Default for Exception {
    fn default() -> Self {
        Exception {
            procedure: Key::default(),
            granted: true,
            to: Key::default(),
            decided_by: Key::default(),
            decided_at: DateTime::UNIX_EPOCH,
            summary: String::new(),
            internal_note: String::new(),
        }
    }
}

impl Record for Exception {
    fn label(&self) -> String {
        self.summary.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.reference("procedure", &self.procedure, Kind::Procedure);
        v.reference_any("to", &self.to, &[Kind::Party, Kind::Department]);
        v.reference("decided_by", &self.decided_by, Kind::Person);
        v.required("summary", &self.summary);
    }
}

/// Who a disclosure was made to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    #[schemars(title = "The client")]
    Client,
    #[schemars(title = "The provider's management")]
    ProviderManagement,
}

/// The record that a workaround, request or incident was told to the client
/// or to the provider's management, and where.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The workaround, request or incident disclosed.
    #[schemars(title = "What was disclosed")]
    pub subject: Key,
    #[schemars(title = "Told to")]
    pub audience: Audience,
    /// The client department told (audience client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Client department", extend("x-hint" = "When the client was told: which department."))]
    pub department: Option<Key>,
    /// The communication in which it was disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "In which communication")]
    pub communication: Option<Key>,
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "When")]
    pub disclosed_at: DateTime<Utc>,
    /// What was said (client-visible unless `internal`).
    #[serde(default)]
    #[schemars(title = "What was said", extend("x-hint" = "Client-visible unless kept internal."))]
    pub note: String,
    #[serde(default)]
    #[schemars(title = "Keep the note internal")]
    pub internal: bool,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Disclosure {
    fn label(&self) -> String {
        format!("disclosure of {}", self.subject)
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.reference_any(
            "subject",
            &self.subject,
            &[Kind::Workaround, Kind::Request, Kind::Incident],
        );
        if let Some(d) = &self.department {
            v.reference("department", d, Kind::Department);
        }
        if let Some(c) = &self.communication {
            v.reference("communication", c, Kind::Communication);
        }
    }
}

/// A person's authority lent to another for a period (an absence).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    #[schemars(title = "Who delegates")]
    pub from: Key,
    #[schemars(title = "To whom")]
    pub to: Key,
    /// First and last day, in the engagement's time zone, inclusive.
    #[schemars(title = "First day")]
    pub starts: NaiveDate,
    #[schemars(title = "Last day")]
    pub ends: NaiveDate,
    #[serde(default)]
    pub note: String,
}

impl Record for Delegation {
    fn label(&self) -> String {
        format!("delegation {} → {}", self.from, self.to)
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.reference("from", &self.from, Kind::Person);
        v.reference("to", &self.to, Kind::Person);
        if self.from == self.to {
            v.fail("to", "a person cannot delegate to themself");
        }
        if self.ends < self.starts {
            v.fail("ends", "is before the delegation starts");
        }
    }
}
