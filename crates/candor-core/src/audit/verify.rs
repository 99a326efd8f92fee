//! `audit verify`: the chain is intact, and the current tables and every
//! derived index are exactly what the log says they should be.
//!
//! It streams, in two passes over the log, so that its memory does not grow
//! with the record: the chain in order of sequence, then each entity's events
//! together (`events(entity, seq)`), replayed and compared with that entity's
//! rows (see `replay.rs`).

use super::{Checkpoint, GENESIS, replay};
use crate::canonical;
use crate::error::Result;
use crate::store::Store;
use rusqlite::OptionalExtension;
use serde::Serialize;

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

/// How far verification has come: `done` of `total` in pass `pass` of
/// `passes` — 1, the chain (events); 2, the replay against the tables
/// (events); 3, SQLite's check of the whole file (0 of 1 until it ends).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub pass: u8,
    pub passes: u8,
    /// What the pass checks, in words: "the chain", "the tables", "the file".
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// The passes of verify, in order, named as [`Progress::stage`] says them.
const STAGES: [&str; 3] = ["the chain", "the tables", "the file"];

/// How many events pass between two progress reports.
pub(super) const PROGRESS_EVERY: u64 = 4096;

/// The findings gathered so far.
#[derive(Default)]
pub(super) struct Findings(pub Vec<Finding>);

impl Findings {
    /// Notes a problem with an event and/or an entity.
    pub fn add(&mut self, event: Option<i64>, entity: Option<&str>, message: impl Into<String>) {
        self.0.push(Finding {
            event,
            entity: entity.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// Checks the audit chain and that every table of the record agrees with it;
/// with a checkpoint, also that the chain still passes through it.
pub fn verify(store: &Store, checkpoint: Option<&Checkpoint>) -> Result<Verification> {
    verify_with_progress(store, checkpoint, |_| {})
}

/// [`verify`], telling `progress` how far it has come now and then.
pub fn verify_with_progress(
    store: &Store,
    checkpoint: Option<&Checkpoint>,
    mut progress: impl FnMut(Progress),
) -> Result<Verification> {
    let total: i64 =
        store
            .conn()
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
    let total = total as u64;
    let at = |pass: u8, done, total| Progress {
        pass,
        passes: STAGES.len() as u8,
        stage: STAGES[usize::from(pass) - 1],
        done,
        total,
    };
    let mut findings = Findings::default();
    let (last_seq, last_hash) = chain(store, checkpoint, &mut findings, |done| {
        progress(at(1, done, total))
    })?;
    head_recorded(store, last_seq, &last_hash, &mut findings)?;
    let entities = replay::compare(store, &mut findings, |done| progress(at(2, done, total)))?;
    kept_originals(store, &mut findings)?;
    progress(at(3, 0, 1));
    let integrity = store.check_integrity();
    progress(at(3, 1, 1));
    match integrity {
        Ok(()) => {}
        Err(crate::Error::Damaged(message)) => findings.add(None, None, message),
        Err(other) => return Err(other),
    }
    Ok(Verification {
        events: last_seq,
        entities,
        head: (last_seq > 0).then_some(Checkpoint {
            seq: last_seq,
            hash: last_hash,
        }),
        findings: findings.0,
    })
}

/// The first pass: every event in order of sequence is hashed and linked to
/// the one before it. Returns the last sequence number and hash.
fn chain(
    store: &Store,
    checkpoint: Option<&Checkpoint>,
    findings: &mut Findings,
    mut progress: impl FnMut(u64),
) -> Result<(i64, String)> {
    let mut prev_hash = GENESIS.to_owned();
    let mut last_seq = 0i64;
    let mut checkpoint_seen = false;
    let mut done = 0u64;
    store.each_event(|e| {
        let seq = e.seq;
        if seq != last_seq + 1 {
            findings.add(
                Some(seq),
                None,
                format!(
                    "follows event #{last_seq}: events #{} to #{} are missing",
                    last_seq + 1,
                    seq - 1
                ),
            );
        }
        let entity = Some(e.entity.as_str());
        if e.prev_hash != prev_hash {
            findings.add(
                Some(seq),
                entity,
                "its previous-hash does not match the event before it",
            );
        }
        if canonical::sha256_hex(e.payload.as_bytes()) != e.payload_hash {
            findings.add(
                Some(seq),
                entity,
                "its payload was changed (payload hash mismatch)",
            );
        }
        if e.compute_hash() != e.hash {
            findings.add(
                Some(seq),
                entity,
                "its header was changed (event hash mismatch)",
            );
        }
        if let Some(cp) = checkpoint
            && cp.seq == seq
        {
            checkpoint_seen = true;
            if cp.hash != e.hash {
                findings.add(
                    Some(seq),
                    None,
                    format!(
                        "the checkpoint {cp} is not in this chain: the record was rewritten since it was taken"
                    ),
                );
            }
        }
        prev_hash = e.hash;
        last_seq = seq;
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done);
        }
        Ok(())
    })?;
    progress(done);
    if let Some(cp) = checkpoint
        && !checkpoint_seen
    {
        findings.add(
            None,
            None,
            format!(
                "the checkpoint {cp} is beyond the end of the log (#{last_seq}): events were removed"
            ),
        );
    }
    Ok((last_seq, prev_hash))
}

/// The chain head recorded with the last write is where the log ends.
fn head_recorded(
    store: &Store,
    last_seq: i64,
    last_hash: &str,
    findings: &mut Findings,
) -> Result<()> {
    let meta = |name: &str| -> Result<Option<String>> {
        Ok(store
            .conn()
            .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let recorded = (meta("head_seq")?, meta("head_hash")?);
    if last_seq > 0 || recorded.0.is_some() {
        let log = (Some(last_seq.to_string()), Some(last_hash.to_owned()));
        if recorded != log {
            findings.add(
                None,
                None,
                format!(
                    "the log ends at #{last_seq}, but the chain head was recorded as #{}: events were removed or added outside Candor",
                    recorded.0.unwrap_or_default()
                ),
            );
        }
    }
    Ok(())
}

/// Each kept original's bytes match its SHA-256 and size (one blob in memory at a time).
fn kept_originals(store: &Store, findings: &mut Findings) -> Result<()> {
    let mut stmt = store
        .conn()
        .prepare("SELECT sha256, size, bytes FROM blobs")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sha: String = r.get(0)?;
        let size: i64 = r.get(1)?;
        let bytes: Vec<u8> = r.get(2)?;
        if canonical::sha256_hex(&bytes) != sha || size != bytes.len() as i64 {
            findings.add(
                None,
                Some(&sha),
                "the kept original's bytes do not match its SHA-256 (changed outside Candor)",
            );
        }
    }
    Ok(())
}
