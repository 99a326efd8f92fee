//! The kinds of entity in a record, and the one place that maps each kind to
//! its data type, its names and its place in the interchange document.

use crate::error::{Error, FieldError};
use crate::key::Key;
use crate::model::*;
use crate::validate::{Demand, Lookup, Validator};
use serde::{Deserialize, Serialize};
use serde_json::Value;

macro_rules! kinds {
    ($($variant:ident => $data:ty, $name:literal, $plural:literal, $noun:literal;)+) => {
        /// A kind of entity. The string form is used in the database, the CLI and events.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $($variant,)+
        }

        impl Kind {
            /// Every kind, in the order the interchange document lists them.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)+];

            /// The singular name ("person").
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name,)+ }
            }

            /// The name of this kind's section in the interchange document ("people").
            pub fn plural(self) -> &'static str {
                match self { $(Kind::$variant => $plural,)+ }
            }

            /// What a person calls one of these ("scope item", "log entry").
            pub fn noun(self) -> &'static str {
                match self { $(Kind::$variant => $noun,)+ }
            }

            /// What this kind's validation asks of each field of `data`
            /// (see [`Validator::probing`]), or why `data` is not this kind's.
            pub fn probe(self, data: Value, lookup: &dyn Lookup) -> Result<Vec<(String, Demand)>, Error> {
                match self { $(Kind::$variant => probe_as::<$data>(data, lookup),)+ }
            }

            /// Checks `data` as this kind's data and returns it in canonical form
            /// (defaults filled in) with the references it makes, by field.
            /// `entity` names the entity in error messages.
            pub fn check(self, entity: &str, data: Value, lookup: &dyn Lookup) -> Result<(Value, Vec<(String, Key)>), Error> {
                match self { $(Kind::$variant => check_as::<$data>(entity, data, lookup),)+ }
            }

            /// Empty data of this kind with every field present at its type's default:
            /// the starting point for `field=value` assignments.
            pub fn template(self) -> Value {
                match self { $(Kind::$variant => serde_json::to_value(<$data>::default()).expect("record data serialises"),)+ }
            }

            /// The JSON Schema of this kind's data (a reference into `generator`'s definitions).
            pub fn data_schema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match self { $(Kind::$variant => generator.subschema_for::<$data>(),)+ }
            }

            /// A short label for an entity of this kind, from its data.
            pub fn label(self, data: &Value) -> String {
                match self {
                    $(Kind::$variant => <$data>::deserialize(data).map(|r| r.label()).unwrap_or_default(),)+
                }
            }
        }

        $(impl OfKind for $data {
            const KIND: Kind = Kind::$variant;
        })+
    };
}

kinds! {
    Engagement => Engagement, "engagement", "engagement", "engagement";
    Party => Party, "party", "parties", "party";
    Department => Department, "department", "departments", "department";
    Person => Person, "person", "people", "person";
    Procedure => Procedure, "procedure", "procedures", "procedure";
    Scope => ScopeItem, "scope", "scope", "scope item";
    Matter => Matter, "matter", "matters", "matter";
    Communication => Communication, "communication", "communications", "log entry";
    Request => Request, "request", "requests", "request";
    Incident => Incident, "incident", "incidents", "incident";
    Workaround => Workaround, "workaround", "workarounds", "workaround";
    Exception => Exception, "exception", "exceptions", "exception";
    Disclosure => Disclosure, "disclosure", "disclosures", "disclosure";
    Delegation => Delegation, "delegation", "delegations", "delegation";
    AddressMapping => AddressMapping, "address_mapping", "address_mappings", "address mapping";
    Settings => Settings, "settings", "settings", "settings";
    FlagNote => FlagNote, "flag_note", "flag_notes", "flag note";
    IssuedReport => IssuedReport, "issued_report", "issued_reports", "issued report";
    Rules => RulesOfEngagement, "rules", "rules_of_engagement", "rules of engagement";
}

/// The kind a data type is the data of (from the table above: one place).
pub trait OfKind {
    /// The kind.
    const KIND: Kind;
}

impl Kind {
    /// Kinds of which a record holds at most one.
    pub fn is_singleton(self) -> bool {
        matches!(self, Kind::Engagement | Kind::Settings)
    }
}

impl Kind {
    /// Parses a singular or plural name (`person`, `people`, `scope-item`).
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        let name = match name.as_str() {
            "scope_item" | "scope_items" => "scope",
            "comm" | "comms" | "log" => "communication",
            other => other,
        };
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == name || k.plural() == name)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn probe_as<R: Record>(data: Value, lookup: &dyn Lookup) -> Result<Vec<(String, Demand)>, Error> {
    let record: R = serde_json::from_value(data).map_err(|e| Error::Document {
        at: "$".into(),
        message: e.to_string(),
    })?;
    let mut v = Validator::probing(R::KIND.as_str(), lookup);
    record.validate(&mut v);
    Ok(v.demands())
}

fn check_as<R: Record>(
    entity: &str,
    data: Value,
    lookup: &dyn Lookup,
) -> Result<(Value, Vec<(String, Key)>), Error> {
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
    Ok((
        serde_json::to_value(&record).expect("record data serialises"),
        refs,
    ))
}
