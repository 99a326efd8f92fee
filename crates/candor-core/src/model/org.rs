use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};

/// Which side of the engagement a party is on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    #[default]
    Client,
    Provider,
    ThirdParty,
}

/// The client, the provider, or a third party.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    pub role: PartyRole,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Party {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
    }
}

/// A department of a party ("Finance", "Logistics", "Management").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub party: Key,
    pub name: String,
    /// Update cadence owed to this department, in days; the engagement default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Update cadence", extend("x-hint" = "Leave empty for the engagement default."))]
    pub cadence_days: Option<u32>,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Department {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.reference("party", &self.party, Kind::Party);
        v.required("name", &self.name);
        if let Some(days) = self.cadence_days {
            v.range("cadence_days", days, 1, 365);
        }
    }
}

/// A person in a department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub department: Key,
    #[serde(default)]
    pub title: String,
    /// Contact addresses, used to match imported mail to this person.
    #[serde(default)]
    #[schemars(title = "E-mail addresses", extend("x-hint" = "Separate several with commas. Used to match imported mail to this person."))]
    pub emails: Vec<String>,
    /// What exceptions this person may approve: see [`super::AUTHORITY_LEVELS`].
    #[serde(default = "default_authority")]
    #[schemars(extend("x-hint" = "The exceptions this person may approve."))]
    pub authority_level: u8,
    /// Key stakeholders are owed updates at their cadence.
    #[serde(default)]
    #[schemars(extend("x-hint" = "Owed updates at their cadence."))]
    pub key_stakeholder: bool,
    /// Update cadence owed, in days; the engagement default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Update cadence", extend("x-hint" = "Leave empty for the engagement default."))]
    pub cadence_days: Option<u32>,
    /// Part of the provider's management: out-of-scope requests must reach them.
    #[serde(default)]
    #[schemars(title = "Provider management", extend("x-hint" = "Out-of-scope requests must reach them."))]
    pub management: bool,
    /// The person this one was before changing sides (a person's side is fixed once recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formerly: Option<Key>,
    #[serde(default)]
    pub internal_note: String,
}

fn default_authority() -> u8 {
    1
}

impl Default for Person {
    fn default() -> Self {
        Person {
            name: String::new(),
            department: Key::default(),
            title: String::new(),
            emails: Vec::new(),
            authority_level: default_authority(),
            key_stakeholder: false,
            cadence_days: None,
            management: false,
            formerly: None,
            internal_note: String::new(),
        }
    }
}

impl Record for Person {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
        v.reference("department", &self.department, Kind::Department);
        for (i, email) in self.emails.iter().enumerate() {
            v.email(&format!("emails[{i}]"), email);
        }
        v.range("authority_level", self.authority_level, 1, 5);
        if let Some(days) = self.cadence_days {
            v.range("cadence_days", days, 1, 365);
        }
        if let Some(before) = &self.formerly {
            v.reference("formerly", before, Kind::Person);
        }
    }
}
