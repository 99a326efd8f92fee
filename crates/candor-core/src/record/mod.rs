//! The record as it was known at an instant: every entity's latest version
//! recorded at or before it, typed, with when it was first recorded, and the
//! lookups over it ([`Index`]) that the flags, the report, the judgements and
//! the hosts share. Day arithmetic in the engagement's zone is [`calendar`].

pub mod calendar;
mod index;

pub use index::{Index, level_name};

use crate::error::{Error, Result};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::*;
use crate::store::Store;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;

/// One entity as of the snapshot's instant.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub key: Key,
    /// When its first version was recorded.
    pub created: DateTime<Utc>,
    /// When its current version was recorded.
    pub updated: DateTime<Utc>,
    pub data: T,
}

/// An entity a flag or judgement is about or rests on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Subject {
    #[serde(rename = "type")]
    pub kind: String,
    pub key: Key,
    pub label: String,
}

/// The typed record as of an instant. Voided entries are left out.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub at: DateTime<Utc>,
    pub zone: chrono_tz::Tz,
    pub engagement: Option<Engagement>,
    pub settings: Settings,
    pub parties: Vec<Entry<Party>>,
    pub departments: Vec<Entry<Department>>,
    pub people: Vec<Entry<Person>>,
    pub procedures: Vec<Entry<Procedure>>,
    pub scope: Vec<Entry<ScopeItem>>,
    pub matters: Vec<Entry<Matter>>,
    pub communications: Vec<Entry<Communication>>,
    pub requests: Vec<Entry<Request>>,
    pub incidents: Vec<Entry<Incident>>,
    pub workarounds: Vec<Entry<Workaround>>,
    pub exceptions: Vec<Entry<Exception>>,
    pub disclosures: Vec<Entry<Disclosure>>,
    pub delegations: Vec<Entry<Delegation>>,
    pub flag_notes: Vec<Entry<FlagNote>>,
    labels: HashMap<Key, String>,
}

#[derive(Deserialize)]
struct Header<'a> {
    #[serde(with = "crate::time::serde_millis")]
    recorded_at: DateTime<Utc>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

impl Snapshot {
    /// The record as known at `at` (recorded at or before it), judged in the
    /// engagement's zone. Read from the current record, not a replay of the
    /// log: an entry of one version recorded by `at` is taken as it stands;
    /// only the others (amended or voided, or recorded after `at`) have their
    /// own versions replayed. Entries come in the order they were created.
    pub fn load(store: &Store, at: DateTime<Utc>) -> Result<Snapshot> {
        let mut s = Snapshot {
            at,
            ..Snapshot::default()
        };
        let cutoff = crate::time::format(at);
        store.each_current(&cutoff, |row| {
            let kind = Kind::parse(&row.kind)
                .ok_or_else(|| Error::Damaged(format!("{}: unknown kind {}", row.key, row.kind)))?;
            let key = Key(row.key);
            if let Some(data) = row.data {
                let when = crate::time::parse(&row.recorded_at).ok_or_else(|| {
                    Error::Damaged(format!("{key}: recorded at \"{}\"", row.recorded_at))
                })?;
                return s.add(kind, key, (when, when), &data);
            }
            if row.settled {
                return Ok(());
            }
            let mut known: Option<(DateTime<Utc>, DateTime<Utc>, Option<String>)> = None;
            store.each_version_of(&key, |seq, payload| {
                let h: Header<'_> = serde_json::from_str(payload)
                    .map_err(|err| Error::Damaged(format!("event #{seq}: {err}")))?;
                if h.recorded_at <= at {
                    let data = h.data.map(|d| d.get().to_owned());
                    let created = known.as_ref().map_or(h.recorded_at, |k| k.0);
                    known = Some((created, h.recorded_at, data));
                }
                Ok(())
            })?;
            match known {
                Some((created, updated, Some(data))) => s.add(kind, key, (created, updated), &data),
                _ => Ok(()),
            }
        })?;
        s.zone = match &s.engagement {
            Some(e) => e.time_zone.parse().unwrap_or(chrono_tz::UTC),
            None => chrono_tz::UTC,
        };
        Ok(s)
    }

    fn add(
        &mut self,
        kind: Kind,
        key: Key,
        (created, updated): (DateTime<Utc>, DateTime<Utc>),
        data: &str,
    ) -> Result<()> {
        fn typed<T: DeserializeOwned>(key: &Key, data: &str) -> Result<T> {
            serde_json::from_str(data)
                .map_err(|e| Error::Damaged(format!("{key}: stored data does not fit: {e}")))
        }
        type Times = (DateTime<Utc>, DateTime<Utc>);
        fn push<T: DeserializeOwned + Record>(
            list: &mut Vec<Entry<T>>,
            labels: &mut HashMap<Key, String>,
            key: Key,
            (created, updated): Times,
            data: &str,
        ) -> Result<()> {
            let data: T = typed(&key, data)?;
            labels.insert(key.clone(), data.label());
            list.push(Entry {
                key,
                created,
                updated,
                data,
            });
            Ok(())
        }
        let l = &mut self.labels;
        let t = (created, updated);
        match kind {
            Kind::Engagement => self.engagement = Some(typed(&key, data)?),
            Kind::Settings => self.settings = typed(&key, data)?,
            Kind::Party => push(&mut self.parties, l, key, t, data)?,
            Kind::Department => push(&mut self.departments, l, key, t, data)?,
            Kind::Person => push(&mut self.people, l, key, t, data)?,
            Kind::Procedure => push(&mut self.procedures, l, key, t, data)?,
            Kind::Scope => push(&mut self.scope, l, key, t, data)?,
            Kind::Matter => push(&mut self.matters, l, key, t, data)?,
            Kind::Communication => push(&mut self.communications, l, key, t, data)?,
            Kind::Request => push(&mut self.requests, l, key, t, data)?,
            Kind::Incident => push(&mut self.incidents, l, key, t, data)?,
            Kind::Workaround => push(&mut self.workarounds, l, key, t, data)?,
            Kind::Exception => push(&mut self.exceptions, l, key, t, data)?,
            Kind::Disclosure => push(&mut self.disclosures, l, key, t, data)?,
            Kind::Delegation => push(&mut self.delegations, l, key, t, data)?,
            Kind::FlagNote => push(&mut self.flag_notes, l, key, t, data)?,
            Kind::AddressMapping | Kind::IssuedReport => {}
        }
        Ok(())
    }

    /// An entity's label, or its key when unknown.
    pub fn label(&self, key: &Key) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests;
