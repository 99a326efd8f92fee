//! The team server's HTTP protocol (docs/sync.md): what each request and
//! answer carries, as JSON.

use candor_core::Change;
use candor_core::access::Role;
use candor_core::audit::Event;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Login {
    pub account: String,
    pub password: String,
}

/// The answer to a login: a bearer token and what the account belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    #[serde(with = "candor_core::time::serde_millis")]
    pub expires_at: DateTime<Utc>,
    pub memberships: Vec<Membership>,
}

/// One engagement an account is a member of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub engagement: String,
    pub name: String,
    pub account: String,
    /// The provider person of the record the member is.
    pub person: String,
    pub roles: Vec<Role>,
    /// Whether the membership was revoked.
    #[serde(default)]
    pub revoked: bool,
}

/// `GET /api/engagements/{id}/events?after=SEQ&limit=N`: the chain after `SEQ`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Events {
    pub events: Vec<Event>,
    /// The server's head when the page was read.
    pub head: i64,
}

/// `POST /api/engagements/{id}/push`: outbox items, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Push {
    pub items: Vec<PushItem>,
}

/// Changes recorded together on a copy, to be recorded together or not at all.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushItem {
    /// Names the item: a repeated push gets the first answer.
    pub client_id: String,
    /// When the author made the changes (their clock; the server's accept time is the recording time).
    #[serde(with = "candor_core::time::serde_millis")]
    pub made_at: DateTime<Utc>,
    pub changes: Vec<Change>,
}

/// The answer to each item of a push, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pushed {
    pub answers: Vec<ItemAnswer>,
}

/// The answer to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub client_id: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one pushed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// Recorded as events `first..=last`.
    Accepted { first: i64, last: i64 },
    /// Based on a version that changed meanwhile: for the person to resolve.
    Conflict { message: String },
    /// Refused by a rule or a missing permission.
    Refused { message: String },
}

/// The body of every answer that is not a success.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Problem {
    /// `unauthorized`, `forbidden`, `not_found`, `invalid`, `conflict`, `unavailable`.
    pub kind: String,
    pub message: String,
}
