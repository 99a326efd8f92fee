//! Writing: every call is one IMMEDIATE transaction that checks, appends one
//! audit event per entity version and updates the projection tables. Every
//! check that decides a write — the base version, duplicates, unique keys,
//! references, who may author — runs inside that transaction.

use super::Store;
use super::open::WriterNote;
use super::read::{ENTITY_COLUMNS, entity_row};
use super::{EntityRow, extra};
use crate::audit::{Action, Event, GENESIS, Version, chain_hash};
use crate::canonical;
use crate::error::{Conflict, Error, FieldError, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::time;
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// What runs inside one write transaction: any number of writes through the
/// [`Writer`], all of them kept or none.
pub trait Work<T>: FnOnce(&mut Writer<'_>) -> Result<T> {}

impl<T, F: FnOnce(&mut Writer<'_>) -> Result<T>> Work<T> for F {}

/// Who makes a change, and when it is recorded.
#[derive(Debug, Clone)]
pub struct Author {
    /// A person's key, or `bootstrap`.
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl Author {
    /// The actor that sets up a record while it has no provider people.
    pub const BOOTSTRAP: &'static str = "bootstrap";

    /// An author recording at `at` (truncated to milliseconds).
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Author {
            actor: actor.into(),
            at: time::truncate(at),
        }
    }
}

/// One change to the record. Amendments and voids name the version they
/// were based on; an amendment carries only the fields it changes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "action", rename_all = "lowercase", deny_unknown_fields)]
pub enum Change {
    /// A new entity; Candor makes a UUID v7 key unless one is given.
    Create {
        kind: Kind,
        key: Option<Key>,
        data: Value,
    },
    /// New values for some fields (`null` clears one), applied to the version
    /// current when the change is recorded; refused if one of these fields
    /// changed since `base`.
    Amend {
        key: Key,
        base: u32,
        fields: Map<String, Value>,
        reason: String,
    },
    /// Marks an entity made by mistake as void; refused if it changed since `base`.
    Void { key: Key, base: u32, reason: String },
}

impl Change {
    /// The amendment that turns `row`'s data into `data`: its changed fields only.
    pub fn amend(row: &EntityRow, data: &Value, reason: impl Into<String>) -> Change {
        Change::Amend {
            key: row.key.clone(),
            base: row.version,
            fields: changed_fields(&row.data, data),
            reason: reason.into(),
        }
    }

    /// The void of `row` as read.
    pub fn void(row: &EntityRow, reason: impl Into<String>) -> Change {
        Change::Void {
            key: row.key.clone(),
            base: row.version,
            reason: reason.into(),
        }
    }
}

/// The top-level fields whose values differ from `before` to `after`
/// (`null` for a field `after` no longer has).
pub fn changed_fields(before: &Value, after: &Value) -> Map<String, Value> {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    for (k, v) in after {
        if before.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            out.insert(k.clone(), Value::Null);
        }
    }
    out
}

impl Store {
    /// Applies `changes` in one transaction: all of them, or none.
    /// Returns each touched entity's key and new version number.
    pub fn apply(
        &mut self,
        author: &Author,
        ids: &mut Ids,
        changes: Vec<Change>,
    ) -> Result<Vec<(Key, u32)>> {
        self.write(ids, |w| {
            changes
                .into_iter()
                .map(|change| w.apply(author, change))
                .collect()
        })
    }

    /// Runs `work` in one IMMEDIATE transaction: everything it writes, or nothing.
    /// Waits up to the busy timeout for other writers.
    pub fn write<T>(&mut self, ids: &mut Ids, work: impl Work<T>) -> Result<T> {
        self.run(ids, false, work)
    }

    /// Like [`Store::write`] for a bulk load: the search index is rebuilt once
    /// at the end instead of row by row. Each creation is still validated and audited.
    pub fn bulk<T>(&mut self, ids: &mut Ids, work: impl Work<T>) -> Result<T> {
        self.run(ids, true, work)
    }

    fn run<T>(&mut self, ids: &mut Ids, bulk: bool, work: impl Work<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::Refused(format!(
                "{} was opened for reading only",
                self.path.display()
            )));
        }
        let out = transact(
            &mut self.conn,
            self.nested,
            &self.path,
            &self.writer,
            ids,
            bulk,
            work,
        );
        out.map_err(|e| self.located(e))
    }

    /// Appends versions recorded elsewhere (an interchange import), each
    /// checked against the record as built so far in one transaction. A
    /// version the document attests (from its history) must have been
    /// authorable by its actor as the record then stood. The events are made
    /// at `author.at` by `author.actor`; the versions keep their own clocks and actors.
    pub(crate) fn append_versions(
        &mut self,
        author: &Author,
        ids: &mut Ids,
        versions: Vec<(String, Version, bool)>,
        blobs: &[Vec<u8>],
    ) -> Result<()> {
        self.bulk(ids, |w| {
            w.put_blobs(blobs)?;
            for (place, mut version, attested) in versions {
                if attested {
                    let actor = version.actor.clone();
                    w.may_author(&actor, &version)
                        .map_err(|e| Error::Document {
                            at: format!("{}.actor", place.trim_end_matches(".data")),
                            message: e.to_string(),
                        })?;
                }
                let refs = check_version(&w.tx, &place, &mut version)?;
                w.append(author.at, &author.actor, &version, &refs)?;
            }
            Ok(())
        })
    }
}

impl Store {
    /// Runs `work` — any number of writes and reads — as one transaction:
    /// all of it, or nothing (the demo loads this way).
    pub fn atomically<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.nested {
            return work(self);
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.located(e.into()))?;
        let _note = WriterNote::take(&self.path, &self.writer);
        self.nested = true;
        let out = work(self);
        self.nested = false;
        let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
        let ended = self.conn.execute_batch(end);
        let out = out?;
        ended.map_err(|e| self.located(e.into()))?;
        Ok(out)
    }
}

/// The transaction of one write, or a savepoint inside [`Store::atomically`].
enum Tx<'a> {
    Top(Transaction<'a>),
    Nested(rusqlite::Savepoint<'a>),
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Tx::Top(t) => t,
            Tx::Nested(s) => s,
        }
    }
}

impl Tx<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Tx::Top(t) => t.commit(),
            Tx::Nested(s) => s.commit(),
        }
    }
}

fn transact<T>(
    conn: &mut Connection,
    nested: bool,
    path: &std::path::Path,
    writer: &str,
    ids: &mut Ids,
    bulk: bool,
    work: impl Work<T>,
) -> Result<T> {
    let (tx, _note) = if nested {
        (Tx::Nested(conn.savepoint()?), None)
    } else {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        (Tx::Top(tx), Some(WriterNote::take(path, writer)))
    };
    if super::replica::joined(&tx)? {
        if bulk || nested {
            return Err(Error::Refused(
                "this file is a copy of a team server's record: a bulk load or a demo is made on the server".into(),
            ));
        }
        return queue(tx, ids, work);
    }
    let chain = Chain::load(&tx)?;
    let mut w = Writer {
        tx,
        chain,
        ids,
        bulk,
        authors: HashSet::new(),
        queue: None,
    };
    let out = work(&mut w)?;
    let Writer { tx, chain, .. } = w;
    chain.save(&tx)?;
    if bulk {
        super::index::rebuild_search(&tx)?;
    }
    tx.commit()?;
    Ok(out)
}

/// Appends events sequenced elsewhere, verbatim, in `tx` (see
/// [`Writer::append_event`]).
pub(super) fn append_verbatim(tx: Transaction<'_>, events: &[Event]) -> Result<()> {
    let chain = Chain::load(&tx)?;
    let mut ids = Ids::seeded(0);
    let mut w = Writer {
        tx: Tx::Top(tx),
        chain,
        ids: &mut ids,
        bulk: false,
        authors: HashSet::new(),
        queue: None,
    };
    for event in events {
        w.append_event(event)?;
    }
    let Writer { tx, chain, .. } = w;
    chain.save(&tx)?;
    tx.commit()?;
    Ok(())
}

/// A write to a team server's copy: the changes waiting in the outbox and
/// then `work` are tried on the record in a savepoint that is rolled back
/// (so `work` is validated against the record with what waits), and the
/// changes `work` made join the outbox, in the same transaction.
fn queue<T>(tx: Tx<'_>, ids: &mut Ids, work: impl Work<T>) -> Result<T> {
    let Tx::Top(mut top) = tx else {
        unreachable!("a nested write was refused above")
    };
    let waiting = super::replica::waiting(&top)?;
    let (out, queued, blobs) = {
        let sp = top.savepoint()?;
        let chain = Chain::load(&sp)?;
        let mut w = Writer {
            tx: Tx::Nested(sp),
            chain,
            ids,
            bulk: false,
            authors: HashSet::new(),
            queue: None,
        };
        for item in waiting {
            for change in item.changes {
                let _ = w.apply(&item.author, change);
            }
        }
        w.queue = Some(Queued::default());
        let out = work(&mut w)?;
        let queued = w.queue.take().unwrap_or_default();
        (out, queued.changes, queued.blobs)
    };
    if blobs > 0 {
        return Err(Error::Refused(
            "this file is a copy of a team server's record, and the originals an import keeps cannot be sent to the server yet: import the files into the team's record on a file of its own and move it with `candor-server engagement import`, or wait for mail sync".into(),
        ));
    }
    super::replica::enqueue(&top, ids, queued)?;
    top.commit()?;
    Ok(out)
}

/// What a write to a team server's copy queues.
#[derive(Default)]
struct Queued {
    changes: Vec<(Author, Change)>,
    /// Originals the write kept (refused on a copy for now).
    blobs: usize,
}

/// A write transaction in progress: reads see its own earlier writes.
pub struct Writer<'a> {
    tx: Tx<'a>,
    chain: Chain,
    ids: &'a mut Ids,
    bulk: bool,
    /// Actors already found to be provider people in this transaction.
    authors: HashSet<String>,
    /// On a team server's copy: the changes this write queues.
    queue: Option<Queued>,
}

impl Writer<'_> {
    /// The connection this write's transaction runs on.
    pub(crate) fn connection(&self) -> &Connection {
        &self.tx
    }

    /// Records one change by `author`; returns the entity's key and new version.
    pub fn apply(&mut self, author: &Author, change: Change) -> Result<(Key, u32)> {
        let mut queued = self.queue.is_some().then(|| change.clone());
        let (version, refs) = prepare(&self.tx, author, self.ids, change)?;
        self.may_author(&author.actor, &version)?;
        self.append(author.at, &author.actor, &version, &refs)?;
        if let Some(mut change) = queued.take() {
            if let Change::Create { key, .. } = &mut change {
                *key = Some(version.key.clone());
            }
            if let Some(q) = self.queue.as_mut() {
                q.changes.push((author.clone(), change));
            }
        }
        Ok((version.key, version.version))
    }

    /// Records one change by a member of a team holding `roles`, refused
    /// unless the roles allow it (on the entry as it stands in this
    /// transaction: who recorded it first decides what is their own).
    pub fn apply_as(
        &mut self,
        author: &Author,
        roles: &[crate::access::Role],
        change: Change,
    ) -> Result<(Key, u32)> {
        let (kind, action, key) = match &change {
            Change::Create { kind, .. } => (Some(*kind), Action::Create, None),
            Change::Amend { key, .. } => (None, Action::Amend, Some(key)),
            Change::Void { key, .. } => (None, Action::Void, Some(key)),
        };
        let kind = match (kind, key) {
            (Some(kind), _) => Some(kind),
            (None, Some(key)) => current(&self.tx, key)?.map(|c| c.kind),
            (None, None) => None,
        };
        if let Some(kind) = kind {
            let own = match key {
                None => true,
                Some(key) => {
                    let first: Option<String> = self
                        .tx
                        .prepare_cached(
                            "SELECT actor FROM events WHERE entity = ?1 ORDER BY seq LIMIT 1",
                        )?
                        .query_row([key.as_str()], |r| r.get(0))
                        .optional()?;
                    first.as_deref() == Some(author.actor.as_str())
                }
            };
            crate::access::check(roles, kind, action, own).map_err(Error::Denied)?;
        }
        self.apply(author, change)
    }

    /// Appends `event`, sequenced elsewhere (the team server), verbatim: it
    /// must follow this file's head, hash as it says, carry its version in
    /// canonical form and be a valid next version of its entity, authored as
    /// the record stands.
    pub fn append_event(&mut self, event: &Event) -> Result<()> {
        let place = format!("event {}", event.seq);
        let refused = |msg: String| Err(Error::Refused(format!("{place}: {msg}")));
        if event.seq != self.chain.seq + 1 || event.prev_hash != self.chain.hash {
            return refused(format!(
                "it does not follow this copy's head ({}:{})",
                self.chain.seq, self.chain.hash
            ));
        }
        if canonical::sha256_hex(event.payload.as_bytes()) != event.payload_hash
            || event.compute_hash() != event.hash
        {
            return refused("its hash does not match its content".into());
        }
        let mut version: Version = match serde_json::from_str(&event.payload) {
            Ok(v) => v,
            Err(e) => return refused(format!("its payload is not a version: {e}")),
        };
        if version.key.as_str() != event.entity {
            return refused("its payload is another entity's".into());
        }
        if version.actor == event.actor {
            self.may_author(&event.actor, &version)?;
        }
        let refs = check_version(&self.tx, &place, &mut version)?;
        let payload =
            canonical::to_string(&serde_json::to_value(&version).expect("a version serialises"));
        if payload != event.payload {
            return refused("its payload is not in canonical form".into());
        }
        if version.action == Action::Void && version.kind == Kind::Person {
            self.authors.clear();
        }
        self.chain
            .record(&self.tx, event, &version, &refs, self.bulk)
    }

    /// The sequence number of the chain's head in this transaction.
    pub fn head_seq(&self) -> i64 {
        self.chain.seq
    }

    /// The events this transaction (or anyone before it) appended after `seq`.
    pub fn events_after(&self, seq: i64) -> Result<Vec<Event>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {} FROM events WHERE seq > ?1 ORDER BY seq",
            super::read::EVENT_COLUMNS
        ))?;
        let rows = stmt.query_map([seq], super::read::event_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a new entity; returns its key.
    pub fn create(
        &mut self,
        author: &Author,
        kind: Kind,
        key: Option<Key>,
        data: Value,
    ) -> Result<Key> {
        Ok(self.apply(author, Change::Create { kind, key, data })?.0)
    }

    /// Keeps `blobs` (content-addressed, once each).
    pub fn put_blobs<B: AsRef<[u8]>>(&mut self, blobs: &[B]) -> Result<()> {
        if let Some(q) = self.queue.as_mut() {
            q.blobs += blobs.len();
        }
        extra::put_blobs(&self.tx, blobs)
    }

    /// A fresh UUID v7 key for an entity created at `at`.
    pub fn new_key(&mut self, at: DateTime<Utc>) -> Key {
        self.ids.key(at)
    }

    /// The entity with this key as the transaction sees it.
    pub fn get(&self, key: &Key) -> Result<Option<EntityRow>> {
        get_in(&self.tx, key)
    }

    /// The communication already imported from this message, as the transaction sees it.
    pub fn find_imported(
        &self,
        message_id: &str,
        original_sha256: &str,
    ) -> Result<Option<EntityRow>> {
        match extra::imported_key(&self.tx, message_id, original_sha256)? {
            Some(key) => get_in(&self.tx, &key),
            None => Ok(None),
        }
    }

    fn append(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        version: &Version,
        refs: &[(String, Key)],
    ) -> Result<()> {
        if version.action == Action::Void && version.kind == Kind::Person {
            self.authors.clear();
        }
        self.chain
            .append(&self.tx, self.ids, at, actor, version, refs, self.bulk)
    }

    /// Only a person of the provider, as the record stands now, may author a
    /// change; the bootstrap actor only while the record has no such person.
    /// A newcomer may record themself as a provider person.
    fn may_author(&mut self, actor: &str, version: &Version) -> Result<()> {
        if self.authors.contains(actor) {
            return Ok(());
        }
        if actor == Author::BOOTSTRAP {
            return if provider_people_exist(&self.tx)? {
                Err(Error::Refused(
                    "the record has people of the provider: a change is recorded by one of them, not by the bootstrap actor".into(),
                ))
            } else {
                Ok(())
            };
        }
        if is_provider_person(&self.tx, actor)? {
            self.authors.insert(actor.to_owned());
            return Ok(());
        }
        let registers_self = version.action == Action::Create
            && version.kind == Kind::Person
            && version.key.as_str() == actor
            && version.data.as_ref().is_some_and(|d| {
                d["department"].as_str().is_some_and(|dept| {
                    party_role(&self.tx, dept).ok().flatten().as_deref() == Some("provider")
                })
            });
        if registers_self {
            return Ok(());
        }
        Err(Error::Refused(match get_in(&self.tx, &Key::from(actor))? {
            Some(row) if row.kind == Kind::Person => format!(
                "{} is not a person of the provider; changes are recorded by the provider's people",
                row.label
            ),
            _ => format!(
                "\"{actor}\" is not a person of this record; changes are recorded by the provider's people"
            ),
        }))
    }
}

/// Whether the record holds a (non-voided) person of a provider party.
fn provider_people_exist(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM entities p
               JOIN entities d ON d.key = json_extract(p.data, '$.department') AND d.kind = 'department'
               JOIN entities pa ON pa.key = json_extract(d.data, '$.party') AND pa.kind = 'party'
              WHERE p.kind = 'person' AND p.voided = 0 AND json_extract(pa.data, '$.role') = 'provider')",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Whether `key` is a (non-voided) person of a provider party.
fn is_provider_person(conn: &Connection, key: &str) -> Result<bool> {
    let dept: Option<String> = conn
        .prepare_cached(
            "SELECT json_extract(data, '$.department') FROM entities WHERE key = ?1 AND kind = 'person' AND voided = 0",
        )?
        .query_row([key], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(match dept {
        Some(d) => party_role(conn, &d)?.as_deref() == Some("provider"),
        None => false,
    })
}

/// The role of the party a department belongs to.
fn party_role(conn: &Connection, department: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(pa.data, '$.role') FROM entities d
               JOIN entities pa ON pa.key = json_extract(d.data, '$.party') AND pa.kind = 'party'
              WHERE d.key = ?1 AND d.kind = 'department'",
        )?
        .query_row([department], |r| r.get(0))
        .optional()?
        .flatten())
}

/// The party a department belongs to.
fn party_of(conn: &Connection, department: &Value) -> Result<Option<String>> {
    let Some(dept) = department.as_str() else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(data, '$.party') FROM entities WHERE key = ?1 AND kind = 'department'",
        )?
        .query_row([dept], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Looks entities up inside a write transaction (sees its own earlier writes).
pub(crate) struct TxLookup<'a>(pub &'a Connection);

impl Lookup for TxLookup<'_> {
    fn find(&self, key: &Key) -> Option<(Kind, bool)> {
        let row: Option<(String, bool)> = self
            .0
            .prepare_cached("SELECT kind, voided FROM entities WHERE key = ?1")
            .ok()?
            .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .ok()?;
        row.and_then(|(kind, voided)| Some((Kind::parse(&kind)?, voided)))
    }
}

fn get_in(conn: &Connection, key: &Key) -> Result<Option<EntityRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS} FROM entities WHERE key = ?1"
        ))?
        .query_row([key.as_str()], entity_row)
        .optional()?)
}

struct Current {
    kind: Kind,
    version: u32,
    voided: bool,
    data: Value,
}

fn current(conn: &Connection, key: &Key) -> Result<Option<Current>> {
    let row = conn
        .prepare_cached("SELECT kind, version, voided, data FROM entities WHERE key = ?1")?
        .query_row([key.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    Ok(match row {
        None => None,
        Some((kind, version, voided, data)) => Some(Current {
            kind: Kind::parse(&kind)
                .ok_or_else(|| Error::Damaged(format!("entity {key} has unknown kind {kind}")))?,
            version,
            voided,
            data: serde_json::from_str(&data).map_err(|e| {
                Error::Damaged(format!("entity {key}: stored data is not JSON: {e}"))
            })?,
        }),
    })
}

fn not_found(key: &Key) -> Error {
    Error::NotFound(format!("no entry has the key \"{key}\""))
}

/// Turns a change into the next version of its entity, validated against
/// the version current now.
fn prepare(
    tx: &Connection,
    author: &Author,
    ids: &mut Ids,
    change: Change,
) -> Result<(Version, Vec<(String, Key)>)> {
    let next = |kind, key, version, action, reason, data| Version {
        kind,
        key,
        version,
        action,
        recorded_at: author.at,
        actor: author.actor.clone(),
        reason,
        data,
    };
    let mut version = match change {
        Change::Create { kind, key, data } => {
            let key = key.unwrap_or_else(|| ids.key(author.at));
            if key.as_str().trim().is_empty() {
                return Err(invalid(kind.as_str(), "key", "a key cannot be empty"));
            }
            next(kind, key, 1, Action::Create, None, Some(data))
        }
        Change::Amend {
            key,
            base,
            fields,
            reason,
        } => {
            let cur = current(tx, &key)?.ok_or_else(|| not_found(&key))?;
            check_base(tx, &key, &cur, base, Some(&fields))?;
            let mut data = match cur.data {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            for (field, value) in fields {
                if value.is_null() {
                    data.remove(&field);
                } else {
                    data.insert(field, value);
                }
            }
            let v = cur.version + 1;
            next(
                cur.kind,
                key,
                v,
                Action::Amend,
                Some(reason),
                Some(Value::Object(data)),
            )
        }
        Change::Void { key, base, reason } => {
            let cur = current(tx, &key)?.ok_or_else(|| not_found(&key))?;
            check_base(tx, &key, &cur, base, None)?;
            next(
                cur.kind,
                key,
                cur.version + 1,
                Action::Void,
                Some(reason),
                None,
            )
        }
    };
    let place = version.kind.as_str().to_owned();
    let refs = check_version(tx, &place, &mut version)?;
    Ok((version, refs))
}

pub(super) fn invalid(entity: &str, field: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError {
        entity: entity.to_owned(),
        field: field.to_owned(),
        message: message.into(),
    }])
}

/// Refuses a change based on a version that is not current when the fields
/// it sets (an amendment) or anything at all (a void) changed since.
fn check_base(
    tx: &Connection,
    key: &Key,
    cur: &Current,
    base: u32,
    fields: Option<&Map<String, Value>>,
) -> Result<()> {
    if base == 0 || base > cur.version {
        return Err(invalid(
            cur.kind.as_str(),
            "base",
            format!(
                "{key} has no version {base}: it is at version {}",
                cur.version
            ),
        ));
    }
    if base == cur.version {
        return Ok(());
    }
    let versions = versions_since(tx, key, base)?;
    let mut changed: BTreeMap<String, (String, DateTime<Utc>)> = BTreeMap::new();
    for pair in versions.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let (Some(b), Some(a)) = (before.data.as_ref(), after.data.as_ref()) else {
            continue;
        };
        for field in changed_fields(b, a).keys() {
            changed.insert(field.clone(), (after.actor.clone(), after.recorded_at));
        }
    }
    let conflicting: Vec<String> = match fields {
        Some(fields) => fields
            .iter()
            .filter(|(f, v)| {
                changed.contains_key(*f) && cur.data.get(*f).unwrap_or(&Value::Null) != *v
            })
            .map(|(f, _)| f.clone())
            .collect(),
        None => changed.keys().cloned().collect(),
    };
    if fields.is_some() && conflicting.is_empty() {
        return Ok(());
    }
    let latest = versions.last().expect("the current version");
    let (by, at) = conflicting
        .iter()
        .filter_map(|f| changed.get(f))
        .max_by_key(|(_, at)| *at)
        .cloned()
        .unwrap_or((latest.actor.clone(), latest.recorded_at));
    let name = match get_in(tx, &Key::from(by.as_str()))? {
        Some(row) if row.kind == Kind::Person => row.label,
        _ => by.clone(),
    };
    Err(Error::Conflict(Box::new(Conflict {
        entity: key.to_string(),
        base,
        current: cur.version,
        changed_by: by,
        changed_by_name: name,
        changed_at: time::format(at),
        fields: conflicting,
    })))
}

/// The versions of `key` from `base` on, oldest first.
fn versions_since(tx: &Connection, key: &Key, base: u32) -> Result<Vec<Version>> {
    let mut stmt =
        tx.prepare_cached("SELECT seq, payload FROM events WHERE entity = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([key.as_str()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, payload) = row?;
        let v: Version = serde_json::from_str(&payload)
            .map_err(|e| Error::Damaged(format!("event #{seq} has an unreadable payload: {e}")))?;
        if v.version >= base {
            out.push(v);
        }
    }
    Ok(out)
}

/// Checks that `version` may follow the entity's current state, and puts its
/// data in canonical form. Returns the references its data makes.
fn check_version(
    tx: &Connection,
    place: &str,
    version: &mut Version,
) -> Result<Vec<(String, Key)>> {
    let cur = current(tx, &version.key)?;
    let refused = |msg: String| Err(Error::Refused(format!("{place}: {msg}")));
    match (&cur, version.action) {
        (Some(_), Action::Create) => {
            return refused(format!("the key \"{}\" is already taken", version.key));
        }
        (None, Action::Amend | Action::Void) => return Err(not_found(&version.key)),
        (Some(c), _) if c.voided => {
            return refused(format!(
                "{} {} is voided and cannot change",
                c.kind, version.key
            ));
        }
        (Some(c), _) if c.kind != version.kind => {
            return refused(format!(
                "{} is a {}, not a {}",
                version.key, c.kind, version.kind
            ));
        }
        (Some(c), _) if c.version + 1 != version.version => {
            return refused(format!(
                "version {} does not follow version {}",
                version.version, c.version
            ));
        }
        (None, Action::Create) if version.version != 1 => {
            return refused("a new entity starts at version 1".into());
        }
        _ => {}
    }
    if version.action != Action::Create
        && version
            .reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        return refused(format!(
            "a reason is required to {} an entry",
            if version.action == Action::Void {
                "void"
            } else {
                "amend"
            }
        ));
    }
    if version.action == Action::Create && version.kind.is_singleton() {
        let n: i64 = tx.query_row(
            "SELECT count(*) FROM entities WHERE kind = ?1",
            [version.kind.as_str()],
            |r| r.get(0),
        )?;
        if n > 0 {
            return refused(format!(
                "this database already holds its {} (one per file)",
                version.kind
            ));
        }
    }
    if version.action == Action::Void {
        let users: Vec<String> = tx
            .prepare_cached(
                "SELECT e.kind || ' ' || e.key || ' (' || r.field || ')' FROM refs r JOIN entities e ON e.key = r.from_key
                 WHERE r.to_key = ?1 AND e.voided = 0 AND e.key <> ?1 ORDER BY e.key LIMIT 5",
            )?
            .query_map([version.key.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !users.is_empty() {
            return refused(format!(
                "{} is still referred to by {}; amend or void those first",
                version.key,
                users.join(", ")
            ));
        }
        if version.kind == Kind::Rules {
            super::terms::check(
                tx,
                place,
                version.key.as_str(),
                cur.as_ref().map(|c| &c.data),
                None,
            )?;
        }
        return Ok(Vec::new());
    }
    let data = version.data.take().unwrap_or(Value::Null);
    let (data, refs) = version.kind.check(place, data, &TxLookup(tx))?;
    if let (Some(c), Action::Amend) = (&cur, version.action) {
        if c.data == data {
            return refused("nothing to amend: the data is unchanged".into());
        }
        keeps_its_side(tx, place, version.kind, &c.data, &data)?;
    }
    if version.kind == Kind::Rules {
        let before = cur.as_ref().map(|c| &c.data);
        super::terms::check(tx, place, version.key.as_str(), before, Some(&data))?;
    }
    version.data = Some(data);
    Ok(refs)
}

/// A party's role, a department's party and the side a person is on are
/// fixed once recorded: no amendment can turn a client person into an author.
fn keeps_its_side(
    tx: &Connection,
    place: &str,
    kind: Kind,
    before: &Value,
    after: &Value,
) -> Result<()> {
    let fixed = |field: &str, message: String| Err(invalid(place, field, message));
    match kind {
        Kind::Party if before["role"] != after["role"] => fixed(
            "role",
            "a party's role is fixed once recorded; record the other side as a party of its own"
                .into(),
        ),
        Kind::Department if before["party"] != after["party"] => fixed(
            "party",
            "a department's party is fixed once recorded; record a department of the other party"
                .into(),
        ),
        Kind::Person if before["department"] != after["department"] => {
            if party_of(tx, &before["department"])? != party_of(tx, &after["department"])? {
                fixed(
                    "department",
                    "a person's side is fixed once recorded; someone who changes sides is recorded as a new person, with `formerly` naming this one".into(),
                )
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// The head of the audit chain during a write.
struct Chain {
    seq: i64,
    hash: String,
    /// Search index changes, written when the chain is saved.
    search: Vec<super::index::SearchOp>,
}

impl Chain {
    fn load(tx: &Connection) -> Result<Chain> {
        let head = tx
            .query_row(
                "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (seq, hash) = head.unwrap_or((0, GENESIS.to_owned()));
        Ok(Chain {
            seq,
            hash,
            search: Vec::new(),
        })
    }

    /// Appends the event for `version` and updates the projection. In a bulk
    /// load the search index is left for one rebuild at the end.
    #[allow(clippy::too_many_arguments)]
    fn append(
        &mut self,
        tx: &Connection,
        ids: &mut Ids,
        at: DateTime<Utc>,
        actor: &str,
        version: &Version,
        refs: &[(String, Key)],
        bulk: bool,
    ) -> Result<()> {
        let payload =
            canonical::to_string(&serde_json::to_value(version).expect("a version serialises"));
        let payload_hash = canonical::sha256_hex(payload.as_bytes());
        let seq = self.seq + 1;
        let id = ids.next(at).to_string();
        let at = time::format(at);
        let key = version.key.as_str();
        let hash = chain_hash(seq, &id, &at, actor, key, &payload_hash, &self.hash);
        let event = Event {
            seq,
            id,
            at,
            actor: actor.to_owned(),
            entity: key.to_owned(),
            payload,
            payload_hash,
            prev_hash: self.hash.clone(),
            hash,
        };
        self.record(tx, &event, version, refs, bulk)
    }

    /// Writes `event` (the next of the chain, whoever sequenced it) and
    /// updates the projection from its `version`.
    pub(super) fn record(
        &mut self,
        tx: &Connection,
        event: &Event,
        version: &Version,
        refs: &[(String, Key)],
        bulk: bool,
    ) -> Result<()> {
        let Event {
            seq,
            id,
            at,
            actor,
            payload,
            payload_hash,
            hash,
            ..
        } = event;
        let seq = *seq;
        let key = version.key.as_str();
        tx.prepare_cached(
            "INSERT INTO events (seq, id, at, actor, entity, payload, payload_hash, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![seq, id, at, actor, key, payload, payload_hash, self.hash, hash])?;
        let recorded_at = time::format(version.recorded_at);
        match &version.data {
            Some(data) => {
                let rowid: i64 = tx.prepare_cached(
                    "INSERT INTO entities (key, kind, version, voided, recorded_at, data, last_seq) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)
                     ON CONFLICT(key) DO UPDATE SET version = ?3, recorded_at = ?4, data = ?5, last_seq = ?6 RETURNING rowid",
                )?
                .query_row(params![key, version.kind.as_str(), version.version, recorded_at, canonical::to_string(data), seq], |r| r.get(0))?;
                // A person may move department (a department's party is fixed):
                // the communications they take part in are filed again.
                let up = (version.kind == Kind::Person).then_some("department");
                let mut before = None;
                if version.version > 1 {
                    if let Some(field) = up {
                        before = super::members::referent(tx, key, field)?;
                    }
                    tx.prepare_cached("DELETE FROM refs WHERE from_key = ?1")?
                        .execute([key])?;
                }
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO refs (from_key, field, to_key) VALUES (?1, ?2, ?3)",
                )?;
                for (field, to) in refs {
                    insert.execute(params![key, field, to.as_str()])?;
                }
                if let Some(field) = up.filter(|_| version.version > 1) {
                    let after = refs
                        .iter()
                        .find(|(f, _)| f == field)
                        .map(|(_, to)| to.as_str());
                    if before.as_deref() != after {
                        super::members::cascade(tx, rowid)?;
                    }
                }
                let label = if bulk {
                    String::new()
                } else {
                    version.kind.label(data)
                };
                super::index::update(tx, rowid, version, refs, &label, !bulk, &mut self.search)?;
            }
            None => {
                let rowid: i64 = tx.prepare_cached("UPDATE entities SET version = ?2, voided = 1, recorded_at = ?3, last_seq = ?4 WHERE key = ?1 RETURNING rowid")?
                    .query_row(params![key, version.version, recorded_at, seq], |r| r.get(0))?;
                super::index::update(tx, rowid, version, &[], "", true, &mut self.search)?;
            }
        }
        self.seq = seq;
        self.hash = hash.clone();
        Ok(())
    }

    fn save(&self, tx: &Connection) -> Result<()> {
        super::index::write_search(tx, &self.search)?;
        let mut stmt = tx.prepare_cached("INSERT INTO meta (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2")?;
        stmt.execute(params!["head_seq", self.seq.to_string()])?;
        stmt.execute(params!["head_hash", self.hash])?;
        Ok(())
    }
}
