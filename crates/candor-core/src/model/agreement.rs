use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One edition of the rules of engagement: the working agreement with the
/// client on how the two sides keep each other informed. A draft is amended
/// freely until it is confirmed; from its confirmation it is in force (the
/// flags take their thresholds from it) and fixed — a change is a new edition.
/// A clause left empty leaves that threshold to the record's own fields and
/// the settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesOfEngagement {
    /// 1 for the first edition agreed, 2 for the one that replaces it, …
    pub edition: u32,
    /// The update cadence owed to named stakeholders or client departments.
    #[serde(default)]
    #[schemars(title = "Update cadence owed")]
    pub cadence: Vec<CadenceClause>,
    /// Days any other key stakeholder may go without an update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Cadence for everyone else")]
    pub default_cadence_days: Option<u32>,
    /// How the two sides talk officially, in words (client-visible).
    #[serde(default)]
    #[schemars(extend("x-hint" = "e.g. \"Weekly steering call; e-mail to the shared mailbox; no personal messaging.\""))]
    pub official_channels: String,
    /// Days from a meeting or call with agreements to its minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Minutes sent within")]
    pub minutes_sent_days: Option<u32>,
    /// Days for the client to confirm minutes once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Minutes confirmed within")]
    pub minutes_confirmed_days: Option<u32>,
    /// Days from an incident being known to the client being told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Bad news told within")]
    pub bad_news_days: Option<u32>,
    /// Whom bad news goes to on the client's side.
    #[serde(default)]
    #[schemars(title = "Bad news goes to")]
    pub bad_news_to: Vec<Key>,
    /// The procedures whose deviations are disclosed to the client; when
    /// any are named, exactly these (whatever each procedure's own field says).
    #[serde(default)]
    #[schemars(title = "Procedures needing disclosure of deviations")]
    pub disclosure_procedures: Vec<Key>,
    /// Days to disclose a deviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Deviations disclosed within")]
    pub disclosure_days: Option<u32>,
    /// The escalation path, first level first.
    #[serde(default)]
    #[schemars(title = "Escalation path")]
    pub escalation: Vec<EscalationLevel>,
    /// Days a flag may stay open at one level before it goes to the next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Escalate after")]
    pub escalation_days: Option<u32>,
    /// The communication that sent this edition to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Sent in")]
    pub sent_in: Option<Key>,
    /// The client person who confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<Key>,
    /// When they confirmed it: it is in force from then.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    #[schemars(title = "Confirmed")]
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Never shown to the client.
    #[serde(default)]
    pub internal_note: String,
}

/// The cadence owed to one stakeholder (a person) or a client department.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadenceClause {
    /// A person or a department.
    pub stakeholder: Key,
    /// Days between updates (7: weekly).
    pub days: u32,
}

/// One level of the escalation path: whom each side brings in.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// The provider's person at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Key>,
    /// The client's person at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Key>,
}

impl RulesOfEngagement {
    /// Whether the client has confirmed this edition.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

impl Record for RulesOfEngagement {
    fn label(&self) -> String {
        format!("Rules of engagement, edition {}", self.edition)
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.range("edition", self.edition, 1, 10_000);
        for (i, c) in self.cadence.iter().enumerate() {
            v.reference_any(
                &format!("cadence[{i}].stakeholder"),
                &c.stakeholder,
                &[Kind::Person, Kind::Department],
            );
            v.range(&format!("cadence[{i}].days"), c.days, 1, 365);
        }
        for (field, days, low) in [
            ("default_cadence_days", self.default_cadence_days, 1),
            ("minutes_sent_days", self.minutes_sent_days, 0),
            ("minutes_confirmed_days", self.minutes_confirmed_days, 0),
            ("bad_news_days", self.bad_news_days, 0),
            ("disclosure_days", self.disclosure_days, 0),
            ("escalation_days", self.escalation_days, 1),
        ] {
            if let Some(days) = days {
                v.range(field, days, low, 365);
            }
        }
        for (i, p) in self.bad_news_to.iter().enumerate() {
            v.reference(&format!("bad_news_to[{i}]"), p, Kind::Person);
        }
        for (i, p) in self.disclosure_procedures.iter().enumerate() {
            v.reference(&format!("disclosure_procedures[{i}]"), p, Kind::Procedure);
        }
        for (i, level) in self.escalation.iter().enumerate() {
            if level.provider.is_none() && level.client.is_none() {
                v.fail(
                    &format!("escalation[{i}]"),
                    "an escalation level names someone on at least one side",
                );
            }
            for (side, who) in [("provider", &level.provider), ("client", &level.client)] {
                if let Some(who) = who {
                    v.reference(&format!("escalation[{i}].{side}"), who, Kind::Person);
                }
            }
        }
        if self.escalation_days.is_some() && self.escalation.len() < 2 {
            v.fail(
                "escalation_days",
                "an escalation window needs a path of at least two levels to escalate along",
            );
        }
        if let Some(c) = &self.sent_in {
            v.reference("sent_in", c, Kind::Communication);
        }
        if self.confirmed_at.is_some() && self.sent_in.is_none() {
            v.fail(
                "sent_in",
                "an edition is confirmed once it was sent: name the communication that sent it",
            );
        }
        match (&self.confirmed_by, self.confirmed_at) {
            (Some(by), Some(_)) => v.reference("confirmed_by", by, Kind::Person),
            (None, Some(_)) => v.fail("confirmed_by", "say who on the client's side confirmed it"),
            (Some(_), None) => v.fail("confirmed_at", "say when it was confirmed"),
            (None, None) => {}
        }
    }
}
