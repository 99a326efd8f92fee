//! Writing: every call is one IMMEDIATE transaction that validates, appends
//! one audit event per entity version and updates the projection tables.

use super::Store;
use crate::audit::{Action, GENESIS, Version, chain_hash};
use crate::canonical;
use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::time;
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::Value;

/// Who makes a change, and when it is recorded.
#[derive(Debug, Clone)]
pub struct Author {
    /// A person's key, or `bootstrap`.
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl Author {
    /// The actor recorded by `init`, `demo` and imports into an empty database.
    pub const BOOTSTRAP: &'static str = "bootstrap";

    /// An author recording at `at` (truncated to milliseconds).
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Author {
            actor: actor.into(),
            at: time::truncate(at),
        }
    }
}

/// One change to the record.
#[derive(Debug, Clone)]
pub enum Change {
    /// A new entity; Candor makes a UUID v7 key unless one is given.
    Create {
        kind: Kind,
        key: Option<Key>,
        data: Value,
    },
    /// A new version of an entity's data, with the reason for the correction.
    Amend {
        key: Key,
        data: Value,
        reason: String,
    },
    /// Marks an entity made by mistake as void; it stays in the history.
    Void { key: Key, reason: String },
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done = apply_in(&tx, author, ids, changes)?;
        tx.commit()?;
        Ok(done)
    }

    /// Appends versions recorded elsewhere (an interchange import), each
    /// checked against the record as built so far, in one transaction.
    /// The events are made at `author.at` by `author.actor`; the versions keep their own clocks.
    pub(crate) fn append_versions(
        &mut self,
        author: &Author,
        ids: &mut Ids,
        versions: Vec<(String, Version)>,
        blobs: &[Vec<u8>],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::extra::put_blobs(&tx, blobs)?;
        let mut chain = Chain::load(&tx)?;
        for (place, mut version) in versions {
            let refs = check_version(&tx, &place, &mut version)?;
            chain.append(&tx, ids, author.at, &author.actor, &version, &refs)?;
        }
        chain.save(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// Applies `changes` inside an open transaction, appending their events.
pub(crate) fn apply_in(
    tx: &Transaction<'_>,
    author: &Author,
    ids: &mut Ids,
    changes: Vec<Change>,
) -> Result<Vec<(Key, u32)>> {
    let mut chain = Chain::load(tx)?;
    let mut done = Vec::with_capacity(changes.len());
    for change in changes {
        let (version, refs) = prepare(tx, author, ids, change)?;
        done.push((version.key.clone(), version.version));
        chain.append(tx, ids, author.at, &author.actor, &version, &refs)?;
    }
    chain.save(tx)?;
    Ok(done)
}

/// A bulk load in progress: many creations in one transaction, the search
/// index rebuilt once at the end. Each creation is still validated and audited.
pub struct Bulk<'a> {
    tx: Transaction<'a>,
    chain: Chain,
    ids: &'a mut Ids,
}

impl Bulk<'_> {
    /// Records a new entity at `author.at`; returns its key.
    pub fn create(
        &mut self,
        author: &Author,
        kind: Kind,
        key: Option<Key>,
        data: Value,
    ) -> Result<Key> {
        let (version, refs) = prepare(
            &self.tx,
            author,
            self.ids,
            Change::Create { kind, key, data },
        )?;
        self.chain.append(
            &self.tx,
            self.ids,
            author.at,
            &author.actor,
            &version,
            &refs,
        )?;
        Ok(version.key)
    }
}

impl Store {
    /// Runs `load` as one bulk transaction: all of it, or nothing.
    pub fn bulk<T>(
        &mut self,
        ids: &mut Ids,
        load: impl FnOnce(&mut Bulk<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut chain = Chain::load(&tx)?;
        chain.bulk = true;
        let mut bulk = Bulk { tx, chain, ids };
        let out = load(&mut bulk)?;
        let Bulk { tx, chain, .. } = bulk;
        chain.save(&tx)?;
        super::index::rebuild_search(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Looks entities up inside a write transaction (sees its own earlier writes).
pub(crate) struct TxLookup<'a>(pub &'a rusqlite::Connection);

impl Lookup for TxLookup<'_> {
    fn find(&self, key: &Key) -> Option<(Kind, bool)> {
        current(self.0, key)
            .ok()
            .flatten()
            .map(|c| (c.kind, c.voided))
    }
}

struct Current {
    kind: Kind,
    version: u32,
    voided: bool,
    data: Value,
}

fn current(conn: &rusqlite::Connection, key: &Key) -> Result<Option<Current>> {
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
                .ok_or_else(|| Error::Refused(format!("entity {key} has unknown kind {kind}")))?,
            version,
            voided,
            data: serde_json::from_str(&data).map_err(|e| {
                Error::Refused(format!("entity {key}: stored data is not JSON: {e}"))
            })?,
        }),
    })
}

/// Turns a change into the next version of its entity, validated.
fn prepare(
    tx: &Transaction<'_>,
    author: &Author,
    ids: &mut Ids,
    change: Change,
) -> Result<(Version, Vec<(String, Key)>)> {
    let mut version = match change {
        Change::Create { kind, key, data } => {
            let key = key.unwrap_or_else(|| ids.key(author.at));
            if key.as_str().trim().is_empty() {
                return Err(Error::Refused("a key cannot be empty".into()));
            }
            Version {
                kind,
                key,
                version: 1,
                action: Action::Create,
                recorded_at: author.at,
                actor: author.actor.clone(),
                reason: None,
                data: Some(data),
            }
        }
        Change::Amend { key, data, reason } => {
            let cur = current(tx, &key)?.ok_or_else(|| Error::NotFound(key.to_string()))?;
            Version {
                kind: cur.kind,
                key,
                version: cur.version + 1,
                action: Action::Amend,
                recorded_at: author.at,
                actor: author.actor.clone(),
                reason: Some(reason),
                data: Some(data),
            }
        }
        Change::Void { key, reason } => {
            let cur = current(tx, &key)?.ok_or_else(|| Error::NotFound(key.to_string()))?;
            Version {
                kind: cur.kind,
                key,
                version: cur.version + 1,
                action: Action::Void,
                recorded_at: author.at,
                actor: author.actor.clone(),
                reason: Some(reason),
                data: None,
            }
        }
    };
    let place = version.kind.as_str().to_owned();
    let refs = check_version(tx, &place, &mut version)?;
    Ok((version, refs))
}

/// Checks that `version` may follow the entity's current state, and puts its
/// data in canonical form. Returns the references its data makes.
fn check_version(
    tx: &Transaction<'_>,
    place: &str,
    version: &mut Version,
) -> Result<Vec<(String, Key)>> {
    let cur = current(tx, &version.key)?;
    let refused = |msg: String| Err(Error::Refused(format!("{place}: {msg}")));
    match (&cur, version.action) {
        (Some(_), Action::Create) => {
            return refused(format!("the key \"{}\" is already taken", version.key));
        }
        (None, Action::Amend | Action::Void) => {
            return Err(Error::NotFound(version.key.to_string()));
        }
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
        return Ok(Vec::new());
    }
    let data = version.data.take().unwrap_or(Value::Null);
    let (data, refs) = version.kind.check(place, data, &TxLookup(tx))?;
    if let (Some(c), Action::Amend) = (&cur, version.action)
        && c.data == data
    {
        return refused("nothing to amend: the data is unchanged".into());
    }
    version.data = Some(data);
    Ok(refs)
}

/// The head of the audit chain during a write.
struct Chain {
    seq: i64,
    hash: String,
    /// In a bulk load the search index is rebuilt once at the end.
    bulk: bool,
}

impl Chain {
    fn load(tx: &Transaction<'_>) -> Result<Chain> {
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
            bulk: false,
        })
    }

    /// Appends the event for `version` and updates the projection.
    fn append(
        &mut self,
        tx: &Transaction<'_>,
        ids: &mut Ids,
        at: DateTime<Utc>,
        actor: &str,
        version: &Version,
        refs: &[(String, Key)],
    ) -> Result<()> {
        let payload =
            canonical::to_string(&serde_json::to_value(version).expect("a version serialises"));
        let payload_hash = canonical::sha256_hex(payload.as_bytes());
        let seq = self.seq + 1;
        let id = ids.next(at).to_string();
        let at = time::format(at);
        let key = version.key.as_str();
        let hash = chain_hash(seq, &id, &at, actor, key, &payload_hash, &self.hash);
        tx.prepare_cached(
            "INSERT INTO events (seq, id, at, actor, entity, payload, payload_hash, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![seq, id, at, actor, key, payload, payload_hash, self.hash, hash])?;
        let recorded_at = time::format(version.recorded_at);
        match &version.data {
            Some(data) => {
                tx.prepare_cached(
                    "INSERT INTO entities (key, kind, version, voided, recorded_at, data, last_seq) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)
                     ON CONFLICT(key) DO UPDATE SET version = ?3, recorded_at = ?4, data = ?5, last_seq = ?6",
                )?
                .execute(params![key, version.kind.as_str(), version.version, recorded_at, canonical::to_string(data), seq])?;
                tx.prepare_cached("DELETE FROM refs WHERE from_key = ?1")?
                    .execute([key])?;
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO refs (from_key, field, to_key) VALUES (?1, ?2, ?3)",
                )?;
                for (field, to) in refs {
                    insert.execute(params![key, field, to.as_str()])?;
                }
                let label = if self.bulk {
                    String::new()
                } else {
                    version.kind.label(data)
                };
                super::index::update(tx, version, &label, !self.bulk)?;
            }
            None => {
                tx.prepare_cached("UPDATE entities SET version = ?2, voided = 1, recorded_at = ?3, last_seq = ?4 WHERE key = ?1")?
                    .execute(params![key, version.version, recorded_at, seq])?;
                super::index::update(tx, version, "", true)?;
            }
        }
        self.seq = seq;
        self.hash = hash;
        Ok(())
    }

    fn save(&self, tx: &Transaction<'_>) -> Result<()> {
        let mut stmt = tx.prepare_cached("INSERT INTO meta (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2")?;
        stmt.execute(params!["head_seq", self.seq.to_string()])?;
        stmt.execute(params!["head_hash", self.hash])?;
        Ok(())
    }
}
