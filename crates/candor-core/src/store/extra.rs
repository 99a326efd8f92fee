//! Store queries other modules build on: blobs, imported-message lookup,
//! the engagement's time zone, and row queries.

use super::Store;
use super::write::TxLookup;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::store::EntityRow;
use rusqlite::{OptionalExtension, Row, params};

impl Store {
    /// The engagement's time zone (UTC while there is no engagement).
    pub fn time_zone(&self) -> Result<chrono_tz::Tz> {
        let Some(e) = self.engagement()? else {
            return Ok(chrono_tz::UTC);
        };
        let name = e.data["time_zone"].as_str().unwrap_or("UTC");
        name.parse().map_err(|_| {
            Error::Damaged(format!("the engagement's time zone \"{name}\" is unknown"))
        })
    }

    /// The communication imported from this message (by Message-ID or UID when
    /// there is one, else by the SHA-256 of its original bytes).
    pub fn find_imported(
        &self,
        message_id: &str,
        original_sha256: &str,
    ) -> Result<Option<EntityRow>> {
        imported_key(&self.conn, message_id, original_sha256)?
            .map(|k| self.require(&k))
            .transpose()
    }

    /// The kept original bytes with this SHA-256.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT bytes FROM blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?)
    }

    /// Every stored original, by SHA-256, handed to `f` one at a time.
    pub(crate) fn each_blob(&self, mut f: impl FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256, bytes FROM blobs ORDER BY sha256")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (sha256, bytes): (String, Vec<u8>) = (row.get(0)?, row.get(1)?);
            f(&sha256, &bytes)?;
        }
        Ok(())
    }

    /// Runs a read query and maps each row.
    pub fn query_rows<T>(
        &self,
        sql: &str,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], f)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `key` names an entity (for validation outside a write).
    pub fn exists(&self, key: &Key) -> bool {
        use crate::validate::Lookup;
        TxLookup(&self.conn).find(key).is_some()
    }
}

impl Store {
    /// Runs a read query with text arguments and maps each row.
    pub fn query_with<T>(
        &self,
        sql: &str,
        args: &[String],
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), f)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn query_one(&self, sql: &str, args: &[String]) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }

    pub(crate) fn query_keys(&self, sql: &str, args: &[String]) -> Result<Vec<String>> {
        self.query_with(sql, args, |r| r.get(0))
    }

    /// How many communications are live (kept by every write, not counted).
    pub fn live_communications(&self) -> Result<i64> {
        super::index::live_communications(&self.conn)
    }
}

/// The key of the communication imported from this message, if any.
pub(crate) fn imported_key(
    conn: &rusqlite::Connection,
    message_id: &str,
    original_sha256: &str,
) -> Result<Option<Key>> {
    let (sql, arg) = if message_id.is_empty() {
        (
            "SELECT key FROM comm_index WHERE original = ?1 AND voided = 0 LIMIT 1",
            original_sha256,
        )
    } else {
        (
            "SELECT key FROM comm_index WHERE message_id = ?1 AND voided = 0 LIMIT 1",
            message_id,
        )
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([arg], |r| r.get(0).map(Key))
        .optional()?)
}

/// Keeps `blobs` (content-addressed, once each) inside an open transaction.
pub(crate) fn put_blobs<B: AsRef<[u8]>>(tx: &rusqlite::Connection, blobs: &[B]) -> Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO blobs (sha256, size, bytes) VALUES (?1, ?2, ?3)")?;
    for b in blobs {
        let b = b.as_ref();
        insert.execute(params![crate::canonical::sha256_hex(b), b.len() as i64, b])?;
    }
    Ok(())
}
