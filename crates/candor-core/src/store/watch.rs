//! Derived: the communications the flags watch (`comm_watch`, one row per
//! watched live communication with the instant its watch ends, see
//! [`crate::flags::watch`]) and, in `comm_members.updates`, which people
//! count a communication as an update to them.

use crate::error::{Error, Result};
use crate::flags::watch;
use crate::kind::Kind;
use crate::model::Communication;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

/// The people (keys) to whom `c` is an update: its participants, when it is one.
pub(crate) fn updated(c: &Communication) -> Vec<&str> {
    if crate::flags::is_update(c) {
        c.participants.iter().map(|k| k.as_str()).collect()
    } else {
        Vec::new()
    }
}

/// Writes the watch row of the communication in row `comm` (replacing any).
pub(crate) fn index(conn: &Connection, comm: i64, c: &Communication, seen: bool) -> Result<()> {
    if seen {
        remove(conn, comm)?;
    }
    if let Some(until) = watch::until(c) {
        conn.prepare_cached("INSERT INTO comm_watch (comm, until) VALUES (?1, ?2)")?
            .execute(params![comm, until])?;
    }
    Ok(())
}

/// Removes the watch row of the communication in row `comm`.
pub(crate) fn remove(conn: &Connection, comm: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM comm_watch WHERE comm = ?1")?
        .execute([comm])?;
    Ok(())
}

/// A communication's stored data, typed.
pub(crate) fn typed(key: &str, data: &str) -> Result<Communication> {
    serde_json::from_str(data)
        .map_err(|e| Error::Damaged(format!("{key}: stored data does not fit: {e}")))
}

/// Fills the watch rows and the update marks from every live communication
/// (the schema step that brings them in).
pub(crate) fn fill(conn: &Connection) -> Result<()> {
    let mut read = conn.prepare(
        "SELECT rowid, key, data FROM entities WHERE kind = 'communication' AND voided = 0",
    )?;
    let mut mark = conn.prepare(
        "UPDATE comm_members SET updates = 1
         WHERE comm = ?1 AND member = (SELECT rowid FROM entities WHERE key = ?2)",
    )?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (rowid, key): (i64, String) = (r.get(0)?, r.get(1)?);
        let c = typed(&key, &r.get::<_, String>(2)?)?;
        index(conn, rowid, &c, false)?;
        for person in updated(&c) {
            mark.execute(params![rowid, person])?;
        }
    }
    Ok(())
}

/// The rows of `entities` a reading of the record needs, from [`Store::watched_rows`].
pub(crate) struct Watched {
    /// The rows, ascending.
    pub rows: Vec<i64>,
    /// Some entry was recorded after the instant: the rows of those entries
    /// are among `rows`, to be read as they were known then.
    pub later: bool,
}

impl super::Store {
    /// The rows of `entities` the flags read at `at`, and the communications
    /// that happened or were still watched at some instant from `since` (no
    /// later than `at`) on: every entry but a communication; of the
    /// communications those watched after `since`, those happening from
    /// `since` on, those another entry cites, and each person's latest
    /// update by `at` and by `since` (all of them, when several share its
    /// instant); and every entry recorded after `since`.
    ///
    /// The derived tables describe each entry as it stands now, which is as
    /// it was known at `at` unless it was recorded after `at`: those entries
    /// (found by their recording time) are all taken, to be read as known
    /// then, and the latest updates are sought among the others. What an
    /// entry recorded after `at` cited then is for the reader to find
    /// ([`crate::record::Snapshot`]).
    pub(crate) fn watched_rows(&self, since: DateTime<Utc>, at: DateTime<Utc>) -> Result<Watched> {
        let cutoff = crate::time::format(at);
        let mut rows = BTreeSet::new();
        let mut collect = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<()> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut found = stmt.query(params)?;
            while let Some(r) = found.next()? {
                rows.insert(r.get::<_, i64>(0)?);
            }
            Ok(())
        };
        collect(
            "SELECT rowid FROM entities WHERE recorded_at > ?1",
            &[&crate::time::format(since)],
        )?;
        let later = self
            .conn
            .prepare_cached("SELECT 1 FROM entities WHERE recorded_at > ?1 LIMIT 1")?
            .query_row([&cutoff], |_| Ok(()))
            .optional()?
            .is_some();
        for kind in Kind::ALL.iter().filter(|k| **k != Kind::Communication) {
            let kind = kind.as_str();
            collect("SELECT rowid FROM entities WHERE kind = ?1", &[&kind])?;
            collect(
                // From the few entries of the kind outward (CROSS JOIN keeps
                // the order: the planner would start from the communications).
                "SELECT e.rowid FROM entities s CROSS JOIN refs r ON r.from_key = s.key
                 CROSS JOIN entities e ON e.key = r.to_key
                 WHERE s.kind = ?1 AND e.kind = 'communication'",
                &[&kind],
            )?;
        }
        collect(
            "SELECT comm FROM comm_watch WHERE until > ?1",
            &[&since.timestamp_millis()],
        )?;
        collect(
            "SELECT e.rowid FROM comm_index c JOIN entities e ON e.key = c.key
             WHERE c.voided = 0 AND c.occurred_at >= ?1",
            &[&crate::time::format(since)],
        )?;
        let people: Vec<i64> = self
            .conn
            .prepare_cached("SELECT rowid FROM entities WHERE kind = 'person'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // The partial index holds updates only, so a person with many other
        // communications costs no more (the planner would walk the primary
        // key); from the latest back, the first not recorded after `at`.
        let bounds: BTreeSet<i64> = [since.timestamp_millis(), at.timestamp_millis()].into();
        for person in people {
            for bound in &bounds {
                let latest: Option<i64> = self
                    .conn
                    .prepare_cached(
                        "SELECT m.at FROM comm_members m INDEXED BY comm_members_updates
                         JOIN entities e ON e.rowid = m.comm
                         WHERE m.member = ?1 AND m.updates = 1 AND m.at <= ?2 AND e.recorded_at <= ?3
                         ORDER BY m.at DESC LIMIT 1",
                    )?
                    .query_row(params![person, bound, cutoff], |r| r.get(0))
                    .optional()?;
                if let Some(latest) = latest {
                    collect(
                        "SELECT comm FROM comm_members INDEXED BY comm_members_updates
                         WHERE member = ?1 AND updates = 1 AND at = ?2",
                        &[&person, &latest],
                    )?;
                }
            }
        }
        Ok(Watched {
            rows: rows.into_iter().collect(),
            later,
        })
    }

    /// The rows of the communications whose current version refers to
    /// `key` (an item filed under a matter, say), through the refs index.
    pub(crate) fn communications_citing(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT e.rowid FROM refs r JOIN entities e ON e.key = r.from_key
             WHERE r.to_key = ?1 AND e.kind = 'communication'",
        )?;
        let rows = stmt
            .query_map([key], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(rows)
    }

    /// The row of the communication `key`, if there is one.
    pub(crate) fn communication_row(&self, key: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT rowid FROM entities WHERE key = ?1 AND kind = 'communication'")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Looks entities up in the file as it stands.
    pub(crate) fn lookup(&self) -> impl crate::validate::Lookup + '_ {
        super::write::TxLookup(&self.conn)
    }

    /// Runs `read` in one read transaction, so that all it reads is one
    /// state of the file whatever other writers commit meanwhile (inside a
    /// transaction already, it simply runs).
    pub(crate) fn reading<T>(&self, read: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read(self);
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let out = read(self);
        let ended = self
            .conn
            .execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let out = out?;
        ended?;
        Ok(out)
    }

    /// The entries changed by events after `seq`, by key.
    pub(crate) fn changed_since(&self, seq: i64) -> Result<BTreeSet<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT DISTINCT entity FROM events WHERE seq > ?1")?
            .query_map([seq], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
