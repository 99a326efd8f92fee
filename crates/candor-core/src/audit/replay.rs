//! verify's second pass: each entity's events are replayed together, in key
//! order, and what they give is compared with that entity's rows of the
//! projection (`entities`, `refs`) and of the derived indexes (`derived.rs`),
//! read in the same key order. Only one entity is held at a time.

use super::derived::Derived;
use super::sorted::Sorted;
use super::verify::{Findings, PROGRESS_EVERY};
use super::{Action, Version};
use crate::canonical;
use crate::error::Result;
use crate::key::Key;
use crate::kind::Kind;
use crate::store::{Filed, Store, comm_index_row, updated};
use crate::validate::Lookup;
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// What the log says an entity's row must hold.
pub(super) struct Expected {
    pub kind: Kind,
    pub version: u32,
    pub voided: bool,
    pub recorded_at: String,
    /// Canonical JSON of the latest data (a void keeps the data it had).
    pub data: String,
    pub last_seq: i64,
}

impl Expected {
    /// How findings name the entity: its kind and key.
    pub fn name(&self, key: &str) -> String {
        format!("{} {key}", self.kind)
    }
}

/// An `entities` row, after its key.
struct Stored {
    kind: String,
    version: i64,
    voided: bool,
    recorded_at: String,
    data: String,
    last_seq: i64,
    rowid: i64,
}

/// Replays the log entity by entity against the tables; returns how many
/// entities the log records.
pub(super) fn compare(
    store: &Store,
    findings: &mut Findings,
    mut progress: impl FnMut(u64),
) -> Result<usize> {
    let conn = store.conn();
    let mut entities_stmt = conn.prepare(
        "SELECT key, kind, version, voided, recorded_at, data, last_seq, rowid FROM entities ORDER BY key",
    )?;
    let mut refs_stmt =
        conn.prepare("SELECT from_key, field, to_key FROM refs ORDER BY from_key")?;
    let mut statements = Derived::statements(conn)?;
    let mut tables = Tables {
        entities: Sorted::new(&mut entities_stmt, |r| {
            Ok(Stored {
                kind: r.get(1)?,
                version: r.get(2)?,
                voided: r.get(3)?,
                recorded_at: r.get(4)?,
                data: r.get(5)?,
                last_seq: r.get(6)?,
                rowid: r.get(7)?,
            })
        })?,
        refs: Sorted::new(&mut refs_stmt, |r| Ok((r.get(1)?, r.get(2)?)))?,
        derived: Derived::new(conn, &mut statements)?,
        kinds: TableKinds::new(conn),
        count: 0,
    };

    let mut events =
        conn.prepare("SELECT entity, seq, payload FROM events ORDER BY entity, seq")?;
    let mut rows = events.query([])?;
    let mut current: Option<(String, Option<Expected>)> = None;
    let mut done = 0u64;
    while let Some(r) = rows.next()? {
        let entity: String = r.get(0)?;
        let seq: i64 = r.get(1)?;
        if current.as_ref().is_some_and(|(key, _)| *key != entity) {
            let (key, expected) = current.take().expect("checked");
            tables.entity(&key, expected, findings)?;
        }
        let (key, expected) = current.get_or_insert((entity, None));
        let payload: String = r.get(2)?;
        match serde_json::from_str::<Version>(&payload) {
            Err(err) => findings.add(
                Some(seq),
                Some(key),
                format!("its payload is unreadable: {err}"),
            ),
            Ok(v) if v.key.as_str() != key => findings.add(
                Some(seq),
                Some(key),
                format!("its payload is about {}, not {key}", v.key),
            ),
            Ok(v) => *expected = replay(expected.take(), seq, v, findings),
        }
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done);
        }
    }
    if let Some((key, expected)) = current {
        tables.entity(&key, expected, findings)?;
    }
    progress(done);
    tables.rest(findings)?;
    Ok(tables.count)
}

/// The next state of an entity after one of its versions, noting what is out of order.
fn replay(
    prior: Option<Expected>,
    seq: i64,
    v: Version,
    findings: &mut Findings,
) -> Option<Expected> {
    let key = v.key.as_str();
    let next_version = prior.as_ref().map_or(1, |p| p.version + 1);
    if v.version != next_version {
        findings.add(
            Some(seq),
            Some(key),
            format!("records version {} where {next_version} was due", v.version),
        );
    }
    let recorded_at = crate::time::format(v.recorded_at);
    match (v.action, prior) {
        (Action::Create, Some(p)) => {
            findings.add(
                Some(seq),
                Some(key),
                "creates an entity that already exists",
            );
            Some(p)
        }
        (Action::Amend | Action::Void, None) => {
            findings.add(
                Some(seq),
                Some(key),
                "changes an entity that was never created",
            );
            None
        }
        (Action::Void, Some(p)) => Some(Expected {
            voided: true,
            version: v.version,
            recorded_at,
            last_seq: seq,
            ..p
        }),
        (Action::Create | Action::Amend, _) => Some(Expected {
            kind: v.kind,
            version: v.version,
            voided: false,
            recorded_at,
            data: v
                .data
                .as_ref()
                .map(canonical::to_string)
                .unwrap_or_default(),
            last_seq: seq,
        }),
    }
}

/// The tables compared, each read in key order.
struct Tables<'s> {
    entities: Sorted<'s, Stored>,
    refs: Sorted<'s, (String, String)>,
    derived: Derived<'s>,
    kinds: TableKinds<'s>,
    count: usize,
}

impl Tables<'_> {
    /// Compares one replayed entity with its rows; rows of keys before it
    /// that no event records are found out on the way.
    fn entity(
        &mut self,
        key: &str,
        expected: Option<Expected>,
        findings: &mut Findings,
    ) -> Result<()> {
        let stored = self
            .entities
            .take(key, |k, s| unrecorded(&k, &s, findings))?;
        let refs = self.refs.take(key, |from, (field, to)| {
            stray_ref(&from, &field, &to, findings)
        })?;
        let Some(exp) = expected else {
            for s in &stored {
                unrecorded(key, s, findings);
            }
            for (field, to) in &refs {
                stray_ref(key, field, to, findings);
            }
            return self.derived.entity(key, None, None, findings);
        };
        self.count += 1;
        let data: serde_json::Value = serde_json::from_str(&exp.data).unwrap_or_default();
        match stored.first() {
            None => findings.add(
                Some(exp.last_seq),
                Some(&exp.name(key)),
                "is recorded in the log but missing from the table (deleted outside Candor)",
            ),
            Some(row) => compare_row(key, &exp, row, findings),
        }
        let rowid = stored.first().map(|s| s.rowid);
        self.derived
            .entity(key, Some((&exp, &data)), rowid, findings)?;
        let filed = (exp.kind == Kind::Communication && !exp.voided).then(|| comm_index_row(&data));
        let typed = filed
            .as_ref()
            .and_then(|_| crate::model::Communication::deserialize(&data).ok());
        let mut want = BTreeSet::new();
        if let Ok((_, made)) = exp.kind.check(exp.kind.as_str(), data, &self.kinds) {
            want.extend(made.into_iter().map(|(field, to)| (field, to.0)));
        }
        if let Some(row) = &filed {
            let updated = typed.as_ref().map(updated).unwrap_or_default();
            let filed = Filed {
                occurred_at: &row.occurred_at,
                kind: &row.kind,
                channel: &row.channel,
                updated: &updated,
            };
            self.derived
                .members(key, &exp, (rowid, &filed), &want, findings)?;
            self.derived
                .watch(key, &exp, rowid, typed.as_ref(), findings)?;
        }
        let have: BTreeSet<(String, String)> = refs.into_iter().collect();
        for (field, to) in have.difference(&want) {
            stray_ref(key, field, to, findings);
        }
        for (field, to) in want.difference(&have) {
            findings.add(
                None,
                Some(key),
                format!("the reference index lacks {field} → {to}, which the log records"),
            );
        }
        Ok(())
    }

    /// Rows after the last entity the log records.
    fn rest(&mut self, findings: &mut Findings) -> Result<()> {
        self.entities.rest(|k, s| unrecorded(&k, &s, findings))?;
        self.refs
            .rest(|from, (field, to)| stray_ref(&from, &field, &to, findings))?;
        self.derived.rest(findings)
    }
}

/// A projection row that differs from the replayed entity is named with what differs.
fn compare_row(key: &str, exp: &Expected, row: &Stored, findings: &mut Findings) {
    let mut differs = Vec::new();
    if row.kind != exp.kind.as_str() {
        differs.push("kind");
    }
    if row.version != i64::from(exp.version) {
        differs.push("version");
    }
    if row.voided != exp.voided {
        differs.push("voided");
    }
    if row.recorded_at != exp.recorded_at {
        differs.push("recorded_at");
    }
    let data_matches = row.data == exp.data
        || serde_json::from_str::<serde_json::Value>(&row.data)
            .is_ok_and(|v| canonical::to_string(&v) == exp.data);
    if !data_matches {
        differs.push("data");
    }
    if row.last_seq != exp.last_seq {
        differs.push("last_seq");
    }
    if !differs.is_empty() {
        findings.add(
            Some(exp.last_seq),
            Some(&exp.name(key)),
            format!(
                "the table's {} differ from what the log records",
                differs.join(", ")
            ),
        );
    }
}

fn unrecorded(key: &str, row: &Stored, findings: &mut Findings) {
    findings.add(
        None,
        Some(key),
        format!(
            "a row of kind {} is in the table but no event records it (inserted outside Candor)",
            row.kind
        ),
    );
}

fn stray_ref(from: &str, field: &str, to: &str, findings: &mut Findings) {
    findings.add(
        None,
        Some(from),
        format!("the reference index has {field} → {to}, which the log does not record"),
    );
}

/// The kinds of referenced entities, as the table holds them (a kind changed
/// there is a finding of its own), for re-deriving an entity's references.
/// Voided status is ignored: a voided entry keeps the references it had.
struct TableKinds<'c> {
    conn: &'c Connection,
    seen: RefCell<HashMap<String, Option<Kind>>>,
}

impl<'c> TableKinds<'c> {
    /// At most this many kinds are remembered; then the memory starts afresh.
    const REMEMBERED: usize = 65_536;

    fn new(conn: &'c Connection) -> Self {
        TableKinds {
            conn,
            seen: RefCell::default(),
        }
    }

    fn read(&self, key: &str) -> Option<Kind> {
        let kind: Option<String> = self
            .conn
            .prepare_cached("SELECT kind FROM entities WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .ok()
            .flatten();
        kind.as_deref().and_then(Kind::parse)
    }
}

impl Lookup for TableKinds<'_> {
    fn find(&self, key: &Key) -> Option<(Kind, bool)> {
        if let Some(kind) = self.seen.borrow().get(key.as_str()) {
            return kind.map(|k| (k, false));
        }
        let kind = self.read(key.as_str());
        let mut seen = self.seen.borrow_mut();
        if seen.len() >= Self::REMEMBERED {
            seen.clear();
        }
        seen.insert(key.0.clone(), kind);
        kind.map(|k| (k, false))
    }
}
