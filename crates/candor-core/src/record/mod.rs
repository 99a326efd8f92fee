//! The record as it was known at an instant: every entity's latest version
//! recorded at or before it, typed, with when it was first recorded, and the
//! lookups over it ([`Index`]) that the flags, the report, the judgements and
//! the hosts share. Day arithmetic in the engagement's zone is [`calendar`].

pub mod calendar;
mod index;
pub mod terms;

pub use index::{Index, level_name};
pub use terms::{Escalation, Term};

use crate::error::{Error, Result};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::*;
use crate::store::{CurrentRow, Store, Watched};
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
    /// Every edition of the rules of engagement, drafts included.
    pub rules: Vec<Entry<RulesOfEngagement>>,
    labels: HashMap<Key, String>,
    /// The row in `entities` and the kind of every entry taken in.
    rows: HashMap<Key, (i64, Kind)>,
    /// Read as the watched record ([`Snapshot::load_now`]), not the whole one.
    pub(crate) watched: bool,
    /// Read from the indexes: of the communications before this instant,
    /// only those a rule reads are held (each stakeholder's last update
    /// among them). `None`: the whole record.
    pub since: Option<DateTime<Utc>>,
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
        Snapshot::build(store, at, None)
    }

    /// The record as the flags read it at `at`: as [`Snapshot::load`], less
    /// the communications no rule can read at `at` or later (see
    /// [`crate::flags::watch`]), found through the indexes the store keeps
    /// for them. The flags over it are exactly the flags over the whole
    /// record, at `at` and, when nothing was recorded after `at`, at every
    /// later instant until the next write. Entries recorded after `at` (a
    /// past instant) are read as they were known then, with what they cited.
    pub fn load_now(store: &Store, at: DateTime<Utc>) -> Result<Snapshot> {
        Snapshot::load_span(store, at, at)
    }

    /// As [`Snapshot::load_now`] at `at`, with every communication that
    /// happened, or that a rule still watched, at some instant from `since`
    /// on, and each stakeholder's last update before `since`: what a week's
    /// report reads ([`crate::report`]), and a cadence timeline from `since`
    /// ([`crate::judge::cadence::owed`] over it gives every update and
    /// stretch from `since` on, the one `since` falls in included).
    pub fn load_span(store: &Store, since: DateTime<Utc>, at: DateTime<Utc>) -> Result<Snapshot> {
        store.reading(|store| {
            let since = since.min(at);
            let watched = store.watched_rows(since, at)?;
            let mut s = Snapshot::build(store, at, Some(&watched))?;
            s.since = Some(since);
            Ok(s)
        })
    }

    /// As [`Snapshot::load_now`] at `at`, with every communication whose
    /// items are filed under `matter`: what a matter's dossier reads
    /// ([`crate::dossier`]), whatever the size of the record. The flags over
    /// it are the flags over the whole record (every communication a rule
    /// reads is among them).
    pub fn load_matter(store: &Store, matter: &Key, at: DateTime<Utc>) -> Result<Snapshot> {
        store.reading(|store| {
            let mut watched = store.watched_rows(at, at)?;
            watched
                .rows
                .extend(store.communications_citing(matter.as_str())?);
            watched.rows.sort_unstable();
            watched.rows.dedup();
            let mut s = Snapshot::build(store, at, Some(&watched))?;
            s.since = Some(at);
            Ok(s)
        })
    }

    /// The entries in the rows `watched` names (all of them when `None`) as known at `at`.
    fn build(store: &Store, at: DateTime<Utc>, watched: Option<&Watched>) -> Result<Snapshot> {
        let mut s = Snapshot {
            at,
            ..Snapshot::default()
        };
        let cutoff = crate::time::format(at);
        let mut later = Vec::new();
        let mut take = |s: &mut Snapshot, row: CurrentRow| {
            if row.recorded_at > cutoff {
                later.push(Key(row.key.clone()));
            }
            s.take(store, row)
        };
        match watched {
            Some(w) => store.each_current_of(&cutoff, &w.rows, |row| take(&mut s, row))?,
            None => store.each_current(&cutoff, |row| take(&mut s, row))?,
        }
        if watched.is_some() && !later.is_empty() {
            s.take_cited(store, &later)?;
        }
        s.watched = watched.is_some_and(|w| !w.later);
        s.settle();
        Ok(s)
    }

    /// Takes in the communications that the entries `keys` (recorded after
    /// the snapshot's instant, so not in the store's reference table as they
    /// were known then) cited as known then, when not taken in yet.
    fn take_cited(&mut self, store: &Store, keys: &[Key]) -> Result<()> {
        let lookup = store.lookup();
        let mut cited = Vec::new();
        for key in keys {
            for (_, to) in self.references_of(key, &lookup) {
                if !self.rows.contains_key(&to)
                    && let Some(row) = store.communication_row(to.as_str())?
                {
                    cited.push(row);
                }
            }
        }
        if cited.is_empty() {
            return Ok(());
        }
        cited.sort_unstable();
        cited.dedup();
        let cutoff = crate::time::format(self.at);
        store.each_current_of(&cutoff, &cited, |row| self.take(store, row))?;
        self.reorder();
        Ok(())
    }

    /// The references the entry `key` makes as taken in (none when absent).
    fn references_of(&self, key: &Key, lookup: &dyn crate::validate::Lookup) -> Vec<(String, Key)> {
        fn refs<T: Record>(
            list: &[Entry<T>],
            key: &Key,
            lookup: &dyn crate::validate::Lookup,
        ) -> Vec<(String, Key)> {
            list.iter()
                .find(|e| &e.key == key)
                .map(|e| {
                    let mut v = crate::validate::Validator::new(T::KIND.as_str(), lookup);
                    e.data.validate(&mut v);
                    v.references()
                })
                .unwrap_or_default()
        }
        let Some((_, kind)) = self.rows.get(key) else {
            return Vec::new();
        };
        match kind {
            Kind::Party => refs(&self.parties, key, lookup),
            Kind::Department => refs(&self.departments, key, lookup),
            Kind::Person => refs(&self.people, key, lookup),
            Kind::Procedure => refs(&self.procedures, key, lookup),
            Kind::Scope => refs(&self.scope, key, lookup),
            Kind::Matter => refs(&self.matters, key, lookup),
            Kind::Communication => refs(&self.communications, key, lookup),
            Kind::Request => refs(&self.requests, key, lookup),
            Kind::Incident => refs(&self.incidents, key, lookup),
            Kind::Workaround => refs(&self.workarounds, key, lookup),
            Kind::Exception => refs(&self.exceptions, key, lookup),
            Kind::Disclosure => refs(&self.disclosures, key, lookup),
            Kind::Delegation => refs(&self.delegations, key, lookup),
            Kind::FlagNote => refs(&self.flag_notes, key, lookup),
            Kind::Rules => refs(&self.rules, key, lookup),
            Kind::Engagement | Kind::Settings | Kind::AddressMapping | Kind::IssuedReport => {
                Vec::new()
            }
        }
    }

    /// Adds one row of the current record as known at the snapshot's instant:
    /// as it stands when it has one version recorded by then, else from its versions.
    fn take(&mut self, store: &Store, row: CurrentRow) -> Result<()> {
        let at = self.at;
        let kind = Kind::parse(&row.kind)
            .ok_or_else(|| Error::Damaged(format!("{}: unknown kind {}", row.key, row.kind)))?;
        let key = Key(row.key);
        self.rows.insert(key.clone(), (row.rowid, kind));
        if let Some(data) = row.data {
            let when = crate::time::parse(&row.recorded_at).ok_or_else(|| {
                Error::Damaged(format!("{key}: recorded at \"{}\"", row.recorded_at))
            })?;
            return self.add(kind, key, (when, when), &data);
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
            Some((created, updated, Some(data))) => self.add(kind, key, (created, updated), &data),
            _ => Ok(()),
        }
    }

    /// Brings a snapshot taken by [`Snapshot::load_now`] up to the record as
    /// known at `at` (no earlier than its own instant, with nothing recorded
    /// after `at`): the entries in `changed` (keys) are dropped and, of
    /// `rows` (what [`Store::watched_rows`] gives at `at`), those not taken
    /// in yet are read. Entries stay in the order they were created.
    pub(crate) fn catch_up(
        &mut self,
        store: &Store,
        at: DateTime<Utc>,
        rows: &[i64],
        changed: &std::collections::BTreeSet<String>,
    ) -> Result<()> {
        self.at = at;
        self.since = Some(at);
        for key in changed {
            self.forget(&Key(key.clone()));
        }
        let taken: std::collections::HashSet<i64> = self.rows.values().map(|(r, _)| *r).collect();
        let fresh: Vec<i64> = rows
            .iter()
            .copied()
            .filter(|r| !taken.contains(r))
            .collect();
        if fresh.is_empty() {
            self.settle();
            return Ok(());
        }
        let cutoff = crate::time::format(at);
        store.each_current_of(&cutoff, &fresh, |row| self.take(store, row))?;
        self.reorder();
        self.settle();
        Ok(())
    }

    /// Puts every list back in the order its entries were created.
    fn reorder(&mut self) {
        let rows = &self.rows;
        let order = |key: &Key| rows.get(key).map_or(i64::MAX, |(r, _)| *r);
        macro_rules! reorder {
            ($($list:ident),+) => { $(self.$list.sort_by_key(|e| order(&e.key));)+ };
        }
        reorder!(
            parties,
            departments,
            people,
            procedures,
            scope,
            matters,
            communications,
            requests,
            incidents,
            workarounds,
            exceptions,
            disclosures,
            delegations,
            flag_notes,
            rules
        );
    }

    /// Drops the entry `key`, if taken in.
    fn forget(&mut self, key: &Key) {
        let Some((_, kind)) = self.rows.remove(key) else {
            return;
        };
        self.labels.remove(key);
        macro_rules! drop_from {
            ($list:ident) => {
                self.$list.retain(|e| &e.key != key)
            };
        }
        match kind {
            Kind::Engagement => self.engagement = None,
            Kind::Settings => self.settings = Settings::default(),
            Kind::Party => drop_from!(parties),
            Kind::Department => drop_from!(departments),
            Kind::Person => drop_from!(people),
            Kind::Procedure => drop_from!(procedures),
            Kind::Scope => drop_from!(scope),
            Kind::Matter => drop_from!(matters),
            Kind::Communication => drop_from!(communications),
            Kind::Request => drop_from!(requests),
            Kind::Incident => drop_from!(incidents),
            Kind::Workaround => drop_from!(workarounds),
            Kind::Exception => drop_from!(exceptions),
            Kind::Disclosure => drop_from!(disclosures),
            Kind::Delegation => drop_from!(delegations),
            Kind::FlagNote => drop_from!(flag_notes),
            Kind::Rules => drop_from!(rules),
            Kind::AddressMapping | Kind::IssuedReport => {}
        }
    }

    /// Judges in the engagement's zone, once everything is in.
    fn settle(&mut self) {
        self.zone = match &self.engagement {
            Some(e) => e.time_zone.parse().unwrap_or(chrono_tz::UTC),
            None => chrono_tz::UTC,
        };
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
            Kind::Rules => push(&mut self.rules, l, key, t, data)?,
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
