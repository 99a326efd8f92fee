//! Reading the current record, histories and the audit log.

use super::Store;
use crate::audit::{Checkpoint, Event, Version};
use crate::error::{Error, Result};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::Record;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

/// The current version of one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    pub key: Key,
    pub kind: Kind,
    pub version: u32,
    pub voided: bool,
    /// When the current version was recorded.
    pub recorded_at: String,
    /// A short human label ("Maria Lopez").
    pub label: String,
    pub data: Value,
}

/// What [`CurrentRow`] is read from, with the cutoff as `?1`.
const CURRENT_COLUMNS: &str = "rowid, key, kind, recorded_at, \
    CASE WHEN version = 1 AND voided = 0 AND recorded_at <= ?1 THEN data END, \
    voided = 1 AND recorded_at <= ?1";

/// One row of the current record as [`Store::each_current`] hands it over.
pub(crate) struct CurrentRow {
    pub rowid: i64,
    pub key: String,
    pub kind: String,
    pub recorded_at: String,
    /// The data, when the entry has one version, recorded by the cutoff and not voided.
    pub data: Option<String>,
    /// Voided by the cutoff: absent then, with no need to look further.
    pub settled: bool,
}

/// One version in an entity's history, with the recording person resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub version: Version,
    /// The actor's name when the actor is a person of the record.
    pub actor_name: String,
}

pub(super) const ENTITY_COLUMNS: &str = "key, kind, version, voided, recorded_at, data";

pub(super) fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    let kind_text: String = r.get(1)?;
    let kind = Kind::parse(&kind_text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unknown kind {kind_text}").into(),
        )
    })?;
    let data_text: String = r.get(5)?;
    let data: Value = serde_json::from_str(&data_text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(EntityRow {
        key: Key(r.get(0)?),
        kind,
        version: r.get(2)?,
        voided: r.get(3)?,
        recorded_at: r.get(4)?,
        label: kind.label(&data),
        data,
    })
}

/// An event's payload as the version it records.
fn parse_version(seq: i64, payload: &str) -> Result<Version> {
    serde_json::from_str(payload)
        .map_err(|e| Error::Damaged(format!("event #{seq} has an unreadable payload: {e}")))
}

/// A struct read from a row, a field a column: the fields in the order the
/// query selects their columns.
macro_rules! from_columns {
    ($row:expr => $ty:ident { $($field:ident),+ $(,)? }) => {{
        let mut columns = 0..;
        $ty {
            $($field: $row.get(columns.next().expect("one more column"))?,)+
        }
    }};
}

fn current_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CurrentRow> {
    Ok(from_columns!(r => CurrentRow {
        rowid,
        key,
        kind,
        recorded_at,
        data,
        settled,
    }))
}

pub(super) fn event_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(from_columns!(r => Event {
        seq,
        id,
        at,
        actor,
        entity,
        payload,
        payload_hash,
        prev_hash,
        hash,
    }))
}

pub(crate) const EVENT_COLUMNS: &str =
    "seq, id, at, actor, entity, payload, payload_hash, prev_hash, hash";

impl Store {
    /// The entity with this key, voided or not.
    pub fn get(&self, key: &Key) -> Result<Option<EntityRow>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTITY_COLUMNS} FROM entities WHERE key = ?1"
            ))?
            .query_row([key.as_str()], entity_row)
            .optional()?)
    }

    /// The entity with this key, or a not-found error naming it.
    pub fn require(&self, key: &Key) -> Result<EntityRow> {
        self.get(key)?
            .ok_or_else(|| Error::NotFound(format!("no entry has the key \"{key}\"")))
    }

    /// Every entity of `kind`, oldest key first; voided ones only when asked.
    pub fn list(&self, kind: Kind, include_voided: bool) -> Result<Vec<EntityRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS} FROM entities WHERE kind = ?1 AND (?2 OR voided = 0) ORDER BY key"
        ))?;
        let rows = stmt.query_map(rusqlite::params![kind.as_str(), include_voided], entity_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many live (not voided) entries each kind has, in [`Kind::ALL`] order.
    /// Communications are the stored count; each other kind is one range of
    /// the index on kind, so the many communications are never walked.
    pub fn counts(&self) -> Result<Vec<(Kind, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT count(*) FROM entities WHERE kind = ?1 AND voided = 0")?;
        Kind::ALL
            .iter()
            .map(|k| {
                let n = match k {
                    Kind::Communication => self.live_communications()?,
                    _ => stmt.query_row([k.as_str()], |r| r.get(0))?,
                };
                Ok((*k, n as u64))
            })
            .collect()
    }

    /// Every active entity of a kind, as its typed data.
    pub fn load<R: Record>(&self) -> Result<Vec<(Key, R)>> {
        self.list(R::KIND, false)?
            .into_iter()
            .map(|row| {
                let data = serde_json::from_value(row.data).map_err(|e| {
                    Error::Damaged(format!(
                        "{} {}: stored data does not fit: {e}",
                        R::KIND,
                        row.key
                    ))
                })?;
                Ok((row.key, data))
            })
            .collect()
    }

    /// The engagement this database holds, if it has been created.
    pub fn engagement(&self) -> Result<Option<EntityRow>> {
        Ok(self.list(Kind::Engagement, false)?.into_iter().next())
    }

    /// Finds one entity of `kind` by key, by label (case-insensitive) or, for people, by e-mail address.
    pub fn resolve(&self, kind: Kind, text: &str) -> Result<EntityRow> {
        if let Some(row) = self.get(&Key::from(text))?.filter(|r| r.kind == kind) {
            return Ok(row);
        }
        let wanted = text.trim().to_lowercase();
        let matches: Vec<EntityRow> = self
            .list(kind, false)?
            .into_iter()
            .filter(|r| {
                r.label.to_lowercase() == wanted
                    || r.data["emails"].as_array().is_some_and(|a| {
                        a.iter()
                            .any(|e| e.as_str().is_some_and(|e| e.to_lowercase() == wanted))
                    })
            })
            .collect();
        match matches.len() {
            1 => Ok(matches.into_iter().next().expect("one match")),
            0 => Err(Error::NotFound(format!(
                "no {kind} is called or keyed \"{text}\""
            ))),
            n => Err(Error::Refused(format!(
                "{n} {} are called \"{text}\"; use the key",
                kind.plural()
            ))),
        }
    }

    /// Every version of an entity, oldest first.
    pub fn history(&self, key: &Key) -> Result<Vec<HistoryEntry>> {
        let mut versions: Vec<(i64, Version)> = Vec::new();
        self.each_version_of(key, |seq, payload| {
            versions.push((seq, parse_version(seq, payload)?));
            Ok(())
        })?;
        versions
            .into_iter()
            .map(|(seq, version)| {
                let actor_name = self.actor_name(&version.actor)?;
                Ok(HistoryEntry {
                    seq,
                    version,
                    actor_name,
                })
            })
            .collect()
    }

    /// The sequence number and hash of every event of entity `key`, oldest first.
    pub fn event_hashes(&self, key: &Key) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, hash FROM events WHERE entity = ?1 ORDER BY seq")?;
        let rows = stmt
            .query_map([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A person's name for an actor key, or the actor itself.
    pub fn actor_name(&self, actor: &str) -> Result<String> {
        Ok(self
            .get(&Key::from(actor))?
            .filter(|r| r.kind == Kind::Person)
            .map(|r| r.label)
            .unwrap_or_else(|| actor.to_owned()))
    }

    /// Audit events after `after_seq`, at most `limit`.
    pub fn events(&self, after_seq: i64, limit: i64) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        ))?;
        let rows = stmt.query_map([after_seq, limit], event_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every entity in the order it was created, handed to `f` one at a time,
    /// with its data when its only version was recorded by `cutoff` (a
    /// [`crate::time::format`]ted instant).
    pub(crate) fn each_current(
        &self,
        cutoff: &str,
        mut f: impl FnMut(CurrentRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CURRENT_COLUMNS} FROM entities ORDER BY rowid"
        ))?;
        let mut rows = stmt.query([cutoff])?;
        while let Some(r) = rows.next()? {
            f(current_row(r)?)?;
        }
        Ok(())
    }

    /// As [`Store::each_current`], for the entities in rows `rows` only (ascending).
    pub(crate) fn each_current_of(
        &self,
        cutoff: &str,
        rows: &[i64],
        mut f: impl FnMut(CurrentRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CURRENT_COLUMNS} FROM entities WHERE rowid = ?2"
        ))?;
        for row in rows {
            let mut found = stmt.query(rusqlite::params![cutoff, row])?;
            if let Some(r) = found.next()? {
                f(current_row(r)?)?;
            }
        }
        Ok(())
    }

    /// Every version of one entity (its event's sequence number and payload), oldest first.
    pub(crate) fn each_version_of(
        &self,
        key: &Key,
        mut f: impl FnMut(i64, &str) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, payload FROM events WHERE entity = ?1 ORDER BY seq")?;
        let mut rows = stmt.query([key.as_str()])?;
        while let Some(r) = rows.next()? {
            let payload: String = r.get(1)?;
            f(r.get(0)?, &payload)?;
        }
        Ok(())
    }

    /// Every event, in order, handed to `f` one at a time.
    pub(crate) fn each_event(&self, mut f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(event_row(row)?)?;
        }
        Ok(())
    }

    /// The last event of the chain recorded at or before `at`: the checkpoint
    /// of the record as known then; `None` if nothing was recorded by then.
    pub fn head_at(&self, at: DateTime<Utc>) -> Result<Option<Checkpoint>> {
        Ok(self
            .conn
            .query_row(
                // Back from the head: the events after `at` are few when it is
                // recent (the planner would sort every event before `at`).
                "SELECT seq, hash FROM events NOT INDEXED WHERE at <= ?1 ORDER BY seq DESC LIMIT 1",
                [crate::time::format(at)],
                |r| Ok(from_columns!(r => Checkpoint { seq, hash })),
            )
            .optional()?)
    }

    /// The head of the audit chain; `None` for an empty record.
    pub fn head(&self) -> Result<Option<Checkpoint>> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok(from_columns!(r => Checkpoint { seq, hash })),
            )
            .optional()?)
    }

    /// Whether anything has been recorded.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.head()?.is_none())
    }

    /// Every version of every entity of `kind`, handed to `f` one entity at a
    /// time (oldest version first), entities by key: the export's source.
    pub(crate) fn each_history(
        &self,
        kind: Kind,
        mut f: impl FnMut(Vec<Version>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT v.seq, v.payload FROM entities n JOIN events v ON v.entity = n.key \
             WHERE n.kind = ?1 ORDER BY n.key, v.seq",
        )?;
        let mut rows = stmt.query([kind.as_str()])?;
        let mut versions: Vec<Version> = Vec::new();
        while let Some(row) = rows.next()? {
            let (seq, payload): (i64, String) = (row.get(0)?, row.get(1)?);
            let v = parse_version(seq, &payload)?;
            if versions.last().is_some_and(|last| last.key != v.key) {
                f(std::mem::take(&mut versions))?;
            }
            versions.push(v);
        }
        if !versions.is_empty() {
            f(versions)?;
        }
        Ok(())
    }
}
