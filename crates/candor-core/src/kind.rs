//! The kinds of entity in a record, and the one place that maps each kind to
//! its data type for validation.

use crate::error::{Error, FieldError};
use crate::key::Key;
use crate::model::{Department, Engagement, Party, Person, Procedure, Record, ScopeItem};
use crate::validate::{Lookup, Validator};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A kind of entity. The string form is used in the database, the CLI and events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Engagement,
    Party,
    Department,
    Person,
    Procedure,
    Scope,
}

impl Kind {
    /// Every kind, in the order the interchange document lists them (referenced before referencing).
    pub const ALL: [Kind; 6] = [
        Kind::Engagement,
        Kind::Party,
        Kind::Department,
        Kind::Person,
        Kind::Procedure,
        Kind::Scope,
    ];

    /// The singular name ("person").
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Engagement => "engagement",
            Kind::Party => "party",
            Kind::Department => "department",
            Kind::Person => "person",
            Kind::Procedure => "procedure",
            Kind::Scope => "scope",
        }
    }

    /// The name of this kind's array in the interchange document ("people").
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Engagement => "engagement",
            Kind::Party => "parties",
            Kind::Department => "departments",
            Kind::Person => "people",
            Kind::Procedure => "procedures",
            Kind::Scope => "scope",
        }
    }

    /// Parses a singular or plural name.
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == name || k.plural() == name || (*k == Kind::Scope && name == "scope_item"))
    }

    /// Checks `data` as this kind's data and returns it in canonical form
    /// (defaults filled in) with the references it makes, by field.
    /// `entity` names the entity in error messages.
    pub fn check(self, entity: &str, data: Value, lookup: &dyn Lookup) -> Result<(Value, Vec<(String, Key)>), Error> {
        match self {
            Kind::Engagement => check_as::<Engagement>(entity, data, lookup),
            Kind::Party => check_as::<Party>(entity, data, lookup),
            Kind::Department => check_as::<Department>(entity, data, lookup),
            Kind::Person => check_as::<Person>(entity, data, lookup),
            Kind::Procedure => check_as::<Procedure>(entity, data, lookup),
            Kind::Scope => check_as::<ScopeItem>(entity, data, lookup),
        }
    }

    /// Empty data of this kind with every field present at its type's default:
    /// the starting point for `field=value` assignments.
    pub fn template(self) -> Value {
        fn of<R: Record + Default>() -> Value {
            serde_json::to_value(R::default()).expect("record data serialises")
        }
        match self {
            Kind::Engagement => of::<Engagement>(),
            Kind::Party => of::<Party>(),
            Kind::Department => of::<Department>(),
            Kind::Person => of::<Person>(),
            Kind::Procedure => of::<Procedure>(),
            Kind::Scope => of::<ScopeItem>(),
        }
    }

    /// A short label for an entity of this kind, from its data.
    pub fn label(self, data: &Value) -> String {
        fn of<R: Record>(data: &Value) -> Option<String> {
            serde_json::from_value::<R>(data.clone()).ok().map(|r| r.label())
        }
        let label = match self {
            Kind::Engagement => of::<Engagement>(data),
            Kind::Party => of::<Party>(data),
            Kind::Department => of::<Department>(data),
            Kind::Person => of::<Person>(data),
            Kind::Procedure => of::<Procedure>(data),
            Kind::Scope => of::<ScopeItem>(data),
        };
        label.unwrap_or_default()
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn check_as<R: Record>(entity: &str, data: Value, lookup: &dyn Lookup) -> Result<(Value, Vec<(String, Key)>), Error> {
    let record: R = serde_path_to_error::deserialize(data).map_err(|e| {
        let path = e.path().to_string();
        Error::Invalid(vec![FieldError {
            entity: entity.to_owned(),
            field: if path == "." { String::new() } else { path },
            message: e.into_inner().to_string(),
        }])
    })?;
    let mut v = Validator::new(entity, lookup);
    record.validate(&mut v);
    let refs = v.finish()?;
    Ok((serde_json::to_value(&record).expect("record data serialises"), refs))
}
