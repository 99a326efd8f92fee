//! The flags kept live by a long-running host (the desktop session; later
//! the team server). It holds the record as the flags read it
//! ([`Snapshot::load_now`]) and the head of the audit chain it has seen.
//! Asked for the flags at an instant, it first catches up with whatever was
//! written since — by this host or by any other writer of the file (the
//! CLI, an import, sync) — dropping the entries those events changed and
//! reading only them and the communications newly watched; then it judges
//! the small record it holds. Between writes, a later instant needs no
//! reading at all: what it holds covers every later instant (see
//! [`super::watch`]). An instant earlier than the last one, or a record
//! with something recorded after the instant, is read afresh (and read
//! afresh again at the next instant, until nothing is recorded after it).

use super::{Flag, evaluate};
use crate::error::Result;
use crate::record::Snapshot;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// The flags of one database, kept live.
pub struct Live {
    snapshot: Snapshot,
    /// The sequence number of the last event taken in (0: none).
    seq: i64,
    /// The flags last judged, and at which instant.
    judged: Option<(DateTime<Utc>, Vec<Flag>)>,
}

impl Live {
    /// Reads the record of `store` as the flags read it at `at`.
    pub fn new(store: &Store, at: DateTime<Utc>) -> Result<Live> {
        store.reading(|store| {
            Ok(Live {
                seq: head(store)?,
                snapshot: Snapshot::load_now(store, at)?,
                judged: None,
            })
        })
    }

    /// The flags that hold at `at`, after catching up with the writes made since last asked.
    pub fn flags(&mut self, store: &Store, at: DateTime<Utc>) -> Result<Vec<Flag>> {
        store.reading(|store| self.judge(store, at))
    }

    /// As [`Live::flags`], inside one read transaction.
    fn judge(&mut self, store: &Store, at: DateTime<Utc>) -> Result<Vec<Flag>> {
        let seq = head(store)?;
        if seq == self.seq
            && let Some((when, flags)) = &self.judged
            && *when == at
        {
            return Ok(flags.clone());
        }
        self.catch_up(store, at, seq)?;
        let flags = evaluate(&self.snapshot);
        self.judged = Some((at, flags.clone()));
        Ok(flags)
    }

    /// The record the last flags were judged on: every entry but the
    /// communications no rule reads (see [`super::watch`]).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    fn catch_up(&mut self, store: &Store, at: DateTime<Utc>, seq: i64) -> Result<()> {
        // An earlier instant, or a record read for an instant with
        // something recorded after it, is read afresh.
        if at < self.snapshot.at || !self.snapshot.watched {
            return self.reload(store, at, seq);
        }
        if seq == self.seq {
            self.snapshot.at = at;
            return Ok(());
        }
        let watched = store.watched_rows(at, at)?;
        if watched.later {
            return self.reload(store, at, seq);
        }
        let changed = store.changed_since(self.seq)?;
        self.snapshot.catch_up(store, at, &watched.rows, &changed)?;
        self.seq = seq;
        Ok(())
    }

    fn reload(&mut self, store: &Store, at: DateTime<Utc>, seq: i64) -> Result<()> {
        self.snapshot = Snapshot::load_now(store, at)?;
        self.seq = seq;
        Ok(())
    }
}

fn head(store: &Store) -> Result<i64> {
    Ok(store.head()?.map_or(0, |h| h.seq))
}
