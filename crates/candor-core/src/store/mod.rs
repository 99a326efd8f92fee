//! The SQLite store: one engagement per file, one writer, every write a single
//! IMMEDIATE transaction that also appends its audit events.

mod extra;
mod index;
mod read;
mod schema;
mod write;

pub use read::{EntityRow, HistoryEntry};
pub use write::{Author, Bulk, Change};

use crate::error::{Error, Result};
use rusqlite::Connection;
use rusqlite::config::DbConfig;
use std::path::{Path, PathBuf};

/// An open engagement database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if absent) the database at `path` and brings its schema up to date.
    /// A database written by a newer Candor is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        Store::setup(conn, path.to_path_buf())
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > schema::latest() {
            return Err(Error::TooNew {
                path: path.display().to_string(),
                found,
                known: schema::latest(),
            });
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        if path.as_os_str() != ":memory:" {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Refused(format!(
                "{} is damaged (quick_check: {check}); restore it from a backup",
                path.display()
            )));
        }
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration(e.to_string()))?;
        Ok(Store { conn, path })
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for read-only queries of other modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes a consistent copy of the database to `dest` with SQLite's online backup,
    /// after an integrity check.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let check: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Refused(format!("integrity check failed: {check}")));
        }
        self.conn.backup(rusqlite::MAIN_DB, dest, None)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
