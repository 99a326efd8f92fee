//! The nouns of an engagement record: one struct per kind of entity.
//!
//! Each struct is the *data* of one version of an entity; the envelope
//! (key, version, voided, history) is the store's business. Structs are
//! validated by [`Record::validate`] against a [`Lookup`] of the other
//! entities, so the same rules hold for typed entry, the CLI and JSON import.

mod agreement;
mod communication;
mod deviation;
mod engagement;
mod org;
mod procedure;
mod settings;

pub use agreement::{CadenceClause, EscalationLevel, RulesOfEngagement};
pub use communication::{
    AddressMapping, Attachment, Channel, CommKind, CommStatus, Communication, Direction, Item,
    ItemStatus, ItemType, Matter, Source,
};
pub use deviation::{
    Approval, Audience, Delegation, Disclosure, Exception, Incident, Outcome, Request, Severity,
    Workaround,
};
pub use engagement::{Engagement, Weekday};
pub use org::{Department, Party, PartyRole, Person};
pub use procedure::{Procedure, ScopeItem};
pub use settings::{FlagNote, FlagState, IssuedReport, Settings};

use crate::kind::OfKind;
use crate::validate::Validator;
use serde::{Serialize, de::DeserializeOwned};

/// Authority levels, lowest first. A person may approve an exception to a
/// procedure when their level is at least the procedure's exception authority.
pub const AUTHORITY_LEVELS: [(u8, &str); 5] = [
    (1, "team member"),
    (2, "team lead"),
    (3, "manager"),
    (4, "director"),
    (5, "executive"),
];

/// An enum value by its name in the record ("meeting", "two_way"), or `None`.
pub fn from_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    T::deserialize(de).ok()
}

/// One kind of entity's data: how it is named in the record and how it is checked.
pub trait Record: OfKind + Serialize + DeserializeOwned + Default {
    /// A short human label for lists, errors and history ("Acme Finance").
    fn label(&self) -> String;
    /// Checks fields and references; problems are collected in `v`.
    fn validate(&self, v: &mut Validator<'_>);
}
