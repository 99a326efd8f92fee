//! `audit verify`: the chain is intact, and the current tables and every
//! derived index are exactly what the log says they should be.

use super::{Action, Checkpoint, GENESIS, Version};
use crate::canonical;
use crate::error::Result;
use crate::key::Key;
use crate::kind::Kind;
use crate::store::Store;
use crate::validate::Lookup;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One problem found by verification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The event concerned, when there is one.
    pub event: Option<i64>,
    /// The entity concerned, when there is one.
    pub entity: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(seq) = self.event {
            write!(f, "event #{seq}: ")?;
        }
        if let Some(entity) = &self.entity {
            write!(f, "{entity}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub events: i64,
    pub entities: usize,
    pub head: Option<Checkpoint>,
    pub findings: Vec<Finding>,
}

impl Verification {
    /// True when nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

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

/// Where a finding is told: its event, its entity and what is wrong.
type Found<'a> = dyn FnMut(Option<i64>, Option<&str>, String) + 'a;

/// The replayed record beside the stored tables, and where what differs is told.
pub(super) struct Comparison<'a> {
    pub store: &'a Store,
    pub expected: &'a BTreeMap<String, Expected>,
    pub found: &'a mut Found<'a>,
}

/// The replayed record, for re-deriving references. Voided status is ignored:
/// a voided entry keeps the references it had.
struct Replayed<'a>(&'a BTreeMap<String, Expected>);

impl Lookup for Replayed<'_> {
    fn find(&self, key: &Key) -> Option<(Kind, bool)> {
        self.0.get(key.as_str()).map(|e| (e.kind, false))
    }
}

/// Checks the audit chain and that every table of the record agrees with it;
/// with a checkpoint, also that the chain still passes through it.
pub fn verify(store: &Store, checkpoint: Option<&Checkpoint>) -> Result<Verification> {
    let mut findings = Vec::new();
    let mut found = |event: Option<i64>, entity: Option<&str>, message: String| {
        findings.push(Finding {
            event,
            entity: entity.map(str::to_owned),
            message,
        })
    };
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    let mut prev_hash = GENESIS.to_owned();
    let mut last_seq = 0i64;
    let mut checkpoint_seen = false;

    store.each_event(|e| {
        let seq = e.seq;
        if seq != last_seq + 1 {
            found(Some(seq), None, format!("follows event #{last_seq}: events #{} to #{} are missing", last_seq + 1, seq - 1));
        }
        if e.prev_hash != prev_hash {
            found(Some(seq), Some(&e.entity), "its previous-hash does not match the event before it".into());
        }
        if canonical::sha256_hex(e.payload.as_bytes()) != e.payload_hash {
            found(Some(seq), Some(&e.entity), "its payload was changed (payload hash mismatch)".into());
        }
        if e.compute_hash() != e.hash {
            found(Some(seq), Some(&e.entity), "its header was changed (event hash mismatch)".into());
        }
        if let Some(cp) = checkpoint
            && cp.seq == seq
        {
            checkpoint_seen = true;
            if cp.hash != e.hash {
                found(Some(seq), None, format!("the checkpoint {cp} is not in this chain: the record was rewritten since it was taken"));
            }
        }
        match serde_json::from_str::<Version>(&e.payload) {
            Err(err) => found(Some(seq), Some(&e.entity), format!("its payload is unreadable: {err}")),
            Ok(v) if v.key.as_str() != e.entity => found(Some(seq), Some(&e.entity), format!("its payload is about {}, not {}", v.key, e.entity)),
            Ok(v) => replay(&mut expected, seq, v, &mut found),
        }
        prev_hash = e.hash;
        last_seq = seq;
        Ok(())
    })?;

    if let Some(cp) = checkpoint
        && !checkpoint_seen
    {
        found(
            None,
            None,
            format!(
                "the checkpoint {cp} is beyond the end of the log (#{last_seq}): events were removed"
            ),
        );
    }
    let meta = |name: &str| -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(store
            .conn()
            .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let recorded_head = (meta("head_seq")?, meta("head_hash")?);
    if last_seq > 0 || recorded_head.0.is_some() {
        let log_head = (Some(last_seq.to_string()), Some(prev_hash.clone()));
        if recorded_head != log_head {
            found(
                None,
                None,
                format!(
                    "the log ends at #{last_seq}, but the chain head was recorded as #{}: events were removed or added outside Candor",
                    recorded_head.0.unwrap_or_default()
                ),
            );
        }
    }

    let mut comparison = Comparison {
        store,
        expected: &expected,
        found: &mut found,
    };
    comparison.compare_entities()?;
    comparison.compare_refs()?;
    comparison.check_originals()?;
    comparison.compare_derived()?;
    match store.check_integrity() {
        Ok(()) => {}
        Err(crate::Error::Damaged(message)) => found(None, None, message),
        Err(other) => return Err(other),
    }

    let head = store.head()?;
    Ok(Verification {
        events: last_seq,
        entities: expected.len(),
        head,
        findings,
    })
}

fn replay(
    expected: &mut BTreeMap<String, Expected>,
    seq: i64,
    v: Version,
    found: &mut impl FnMut(Option<i64>, Option<&str>, String),
) {
    let key = v.key.0.clone();
    let prior = expected.get(&key);
    let next_version = prior.map_or(1, |p| p.version + 1);
    if v.version != next_version {
        found(
            Some(seq),
            Some(&key),
            format!(
                "records version {} where {} was due",
                v.version, next_version
            ),
        );
    }
    let recorded_at = crate::time::format(v.recorded_at);
    match (v.action, prior) {
        (Action::Create, Some(_)) => found(
            Some(seq),
            Some(&key),
            "creates an entity that already exists".into(),
        ),
        (Action::Amend | Action::Void, None) => found(
            Some(seq),
            Some(&key),
            "changes an entity that was never created".into(),
        ),
        (Action::Void, Some(p)) => {
            let e = Expected {
                voided: true,
                version: v.version,
                recorded_at,
                last_seq: seq,
                kind: p.kind,
                data: p.data.clone(),
            };
            expected.insert(key, e);
        }
        (_, _) => {
            let data = v
                .data
                .as_ref()
                .map(canonical::to_string)
                .unwrap_or_default();
            expected.insert(
                key,
                Expected {
                    kind: v.kind,
                    version: v.version,
                    voided: false,
                    recorded_at,
                    data,
                    last_seq: seq,
                },
            );
        }
    }
}

/// Hands each row `sql` selects to `each`, with its key (the first column);
/// returns the keys of all the rows.
pub(super) fn keyed_rows(
    store: &Store,
    sql: &str,
    mut each: impl FnMut(&str, &rusqlite::Row<'_>) -> Result<()>,
) -> Result<BTreeSet<String>> {
    let mut stmt = store.conn().prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut keys = BTreeSet::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        each(&key, r)?;
        keys.insert(key);
    }
    Ok(keys)
}

impl Comparison<'_> {
    fn compare_entities(&mut self) -> Result<()> {
        let sql = "SELECT key, kind, version, voided, recorded_at, data, last_seq FROM entities ORDER BY key";
        let seen = keyed_rows(self.store, sql, |key, r| {
            let kind: String = r.get(1)?;
            let Some(exp) = self.expected.get(key) else {
                (self.found)(
                    None,
                    Some(key),
                    format!(
                        "a row of kind {kind} is in the table but no event records it (inserted outside Candor)"
                    ),
                );
                return Ok(());
            };
            let mut differs = Vec::new();
            if kind != exp.kind.as_str() {
                differs.push("kind");
            }
            if r.get::<_, i64>(2)? != i64::from(exp.version) {
                differs.push("version");
            }
            if r.get::<_, i64>(3)? != i64::from(exp.voided) {
                differs.push("voided");
            }
            if r.get::<_, String>(4)? != exp.recorded_at {
                differs.push("recorded_at");
            }
            let data: String = r.get(5)?;
            let data_matches = data == exp.data
                || serde_json::from_str::<serde_json::Value>(&data)
                    .is_ok_and(|v| canonical::to_string(&v) == exp.data);
            if !data_matches {
                differs.push("data");
            }
            if r.get::<_, i64>(6)? != exp.last_seq {
                differs.push("last_seq");
            }
            if !differs.is_empty() {
                (self.found)(
                    Some(exp.last_seq),
                    Some(&format!("{} {key}", exp.kind)),
                    format!(
                        "the table's {} differ from what the log records",
                        differs.join(", ")
                    ),
                );
            }
            Ok(())
        })?;
        for (key, exp) in self.expected {
            if !seen.contains(key) {
                (self.found)(
                    Some(exp.last_seq),
                    Some(&format!("{} {key}", exp.kind)),
                    "is recorded in the log but missing from the table (deleted outside Candor)"
                        .into(),
                );
            }
        }
        Ok(())
    }

    fn compare_refs(&mut self) -> Result<()> {
        let mut want = BTreeSet::new();
        let lookup = Replayed(self.expected);
        for (key, exp) in self.expected {
            let Ok(data) = serde_json::from_str(&exp.data) else {
                continue;
            };
            if let Ok((_, refs)) = exp.kind.check(exp.kind.as_str(), data, &lookup) {
                for (field, to) in refs {
                    want.insert((key.clone(), field, to.0));
                }
            }
        }
        let mut stmt = self
            .store
            .conn()
            .prepare("SELECT from_key, field, to_key FROM refs")?;
        let have: BTreeSet<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (from, field, to) in have.difference(&want) {
            (self.found)(
                None,
                Some(from),
                format!("the reference index has {field} → {to}, which the log does not record"),
            );
        }
        for (from, field, to) in want.difference(&have) {
            (self.found)(
                None,
                Some(from),
                format!("the reference index lacks {field} → {to}, which the log records"),
            );
        }
        Ok(())
    }

    /// Kept originals: each blob's bytes match its SHA-256 and size, and every
    /// original a communication names is kept.
    fn check_originals(&mut self) -> Result<()> {
        let mut kept = BTreeSet::new();
        let mut stmt = self
            .store
            .conn()
            .prepare("SELECT sha256, size, bytes FROM blobs")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let sha: String = r.get(0)?;
            let size: i64 = r.get(1)?;
            let bytes: Vec<u8> = r.get(2)?;
            if canonical::sha256_hex(&bytes) != sha || size != bytes.len() as i64 {
                (self.found)(
                    None,
                    Some(&sha),
                    "the kept original's bytes do not match its SHA-256 (changed outside Candor)"
                        .into(),
                );
            }
            kept.insert(sha);
        }
        for (key, exp) in self
            .expected
            .iter()
            .filter(|(_, e)| e.kind == Kind::Communication)
        {
            let Ok(data) = serde_json::from_str::<serde_json::Value>(&exp.data) else {
                continue;
            };
            if let Some(sha) = data["source"]["original_sha256"]
                .as_str()
                .filter(|s| !s.is_empty())
                && !kept.contains(sha)
            {
                (self.found)(
                    Some(exp.last_seq),
                    Some(&format!("communication {key}")),
                    format!("its kept original {sha} is missing (deleted outside Candor)"),
                );
            }
        }
        Ok(())
    }
}
