use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use serde::{Deserialize, Serialize};

/// A documented way of doing something, owned by a department and versioned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub name: String,
    /// Short reference used in type-ahead, e.g. "FIN-07".
    #[serde(default)]
    #[schemars(extend("x-hint" = "Short reference, e.g. \"FIN-07\"."))]
    pub code: String,
    pub owner_department: Key,
    /// The procedure document's own version, e.g. "3.1".
    #[schemars(extend("x-hint" = "The procedure document's own version, e.g. 3.1."))]
    pub version: String,
    /// Authority level needed to approve an exception or workaround; none needed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-hint" = "Who may approve an exception or workaround."))]
    pub exception_authority: Option<u8>,
    /// Deviations from this procedure must be disclosed to the client.
    #[serde(default)]
    #[schemars(title = "Disclose deviations to the client")]
    pub disclosure_required: bool,
    /// Client-visible summary of the procedure.
    #[serde(default)]
    #[schemars(extend("x-hint" = "Client-visible."))]
    pub description: String,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Procedure {
    fn label(&self) -> String {
        if self.code.is_empty() {
            self.name.clone()
        } else {
            format!("{} {}", self.code, self.name)
        }
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
        v.required("version", &self.version);
        v.reference("owner_department", &self.owner_department, Kind::Department);
        if let Some(level) = self.exception_authority {
            v.range("exception_authority", level, 1, 5);
        }
    }
}

/// A service the contract puts in scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeItem {
    pub name: String,
    /// Contract reference, e.g. "SOW §2.3".
    #[serde(default)]
    #[schemars(title = "Contract reference", extend("x-hint" = "e.g. \"SOW §2.3\"."))]
    pub reference: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for ScopeItem {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
    }
}
