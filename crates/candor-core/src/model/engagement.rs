use super::Record;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};

/// The contract relationship the whole database is about (one per file).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Engagement {
    /// Display name, e.g. "Acme Corp — Finance & Logistics BPO".
    #[schemars(extend("x-hint" = "e.g. \"Acme Corp — Finance & Logistics outsourcing\""))]
    pub name: String,
    /// IANA time zone in which days and weeks are counted, e.g. "Europe/Madrid".
    #[schemars(extend("x-hint" = "An IANA zone such as Europe/Madrid: days and weeks are counted in it."))]
    pub time_zone: String,
    /// First day of the week for calendars (reports always use ISO weeks).
    #[serde(default)]
    #[schemars(title = "Week starts on")]
    pub week_start: Weekday,
    /// Days a key stakeholder may go without an update, unless their own cadence says otherwise.
    #[schemars(title = "Default update cadence", extend("x-hint" = "How long a key stakeholder may go without an update, unless their own cadence says otherwise."))]
    pub default_cadence_days: u32,
    /// Client-visible description of the engagement.
    #[serde(default)]
    #[schemars(extend("x-hint" = "Client-visible."))]
    pub description: String,
    /// Never shown to the client.
    #[serde(default)]
    pub internal_note: String,
}

/// A day of the week, for calendar drawing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    #[default]
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Record for Engagement {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
        v.time_zone("time_zone", &self.time_zone);
        v.range("default_cadence_days", self.default_cadence_days, 1, 365);
    }
}
