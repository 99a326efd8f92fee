//! The SQLite store: one engagement per file, any number of writers, every
//! write a single IMMEDIATE transaction that also appends its audit events.

mod extra;
mod index;
mod mailbox;
mod members;
mod open;
mod read;
mod replica;
mod schema;
mod terms;
mod watch;
mod write;

pub use mailbox::{
    FolderState, MICROSOFT_IMAP_HOST, MailAccount, MailStatus, OAuthSettings, Security, SignIn,
};
pub(crate) use read::CurrentRow;
pub use read::{EntityRow, HistoryEntry};
pub use replica::{Outgoing, Remote, Settled};
pub use write::{Author, Change, Writer};

pub(crate) use index::{comm_index_row, live_communications, searchable_text};
pub(crate) use members::{Filed, filed_at, members, referent, takes_part};
pub(crate) use watch::{Watched, updated};

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open engagement database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What the `<db>-writer` note says while this store writes ("candor import mbox a.mbox").
    writer: String,
    read_only: bool,
    /// Inside [`Store::atomically`]: writes are savepoints of its transaction.
    nested: bool,
}

impl Store {
    /// Opens an existing database and brings its schema up to date; a path
    /// where no database is refused, creating nothing. A database written by
    /// a newer Candor is refused and left untouched, its `-wal` included.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::NotFound(format!(
                "there is no Candor database at {}; create one with `candor init` or `candor demo`",
                path.display()
            )));
        }
        Store::open_writable(path)
    }

    /// Opens the database at `path`, creating it (and its folder) if absent.
    /// For `init`, `demo` and imports into a new file.
    pub fn create(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("cannot create the folder {}: {e}", dir.display()),
                ))
            })?;
        }
        Store::open_writable(path)
    }

    /// Opens an existing database for reading only. Writes nothing in the
    /// database's folder: where the file or its folder cannot be written, the
    /// file is read as immutable.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = open::read_only(path)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            writer: String::new(),
            read_only: true,
            nested: false,
        };
        let found = store.schema_version()?;
        if found > schema::latest() {
            return Err(Error::TooNew {
                path: path.display().to_string(),
                found,
                known: schema::latest(),
            });
        }
        if found < schema::latest() {
            return Err(Error::Refused(format!(
                "{} was written by an older Candor (schema {found}); open it once with write access to bring it up to date",
                path.display()
            )));
        }
        Ok(store)
    }

    /// Whether opening the file at `path` for writing first brings its schema
    /// up to date: a one-time step, which takes a while on a large record.
    pub fn needs_upgrade(path: &Path) -> Result<bool> {
        if !path.is_file() {
            return Ok(false);
        }
        let found: i64 =
            open::read_only(path)?.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(found > 0 && found < schema::latest())
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        open::configure(&conn, false)?;
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration(e.to_string()))?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            writer: String::new(),
            read_only: false,
            nested: false,
        })
    }

    fn open_writable(path: &Path) -> Result<Store> {
        open::refuse_newer(path)?;
        let mut conn = Connection::open(path).map_err(|e| Error::from(e).at_path(path, None))?;
        open::configure(&conn, true).map_err(|e| e.at_path(path, None))?;
        open::check_after_crash(&conn, path).map_err(|e| e.at_path(path, None))?;
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => {
                    Error::from(err).at_path(path, None)
                }
                other => Error::Migration(other.to_string()),
            })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            writer: String::new(),
            read_only: false,
            nested: false,
        })
    }

    /// Says what this process is, for the `<db>-writer` note other writers read
    /// when they find the record busy (e.g. "candor import mbox a.mbox").
    pub fn set_writer(&mut self, what: impl Into<String>) {
        self.writer = what.into();
    }

    /// Commits without waiting for the disk (SQLite `synchronous = NORMAL`):
    /// a crash of the machine may lose the last commits, never the file's
    /// consistency. Only for a copy that is rebuilt from elsewhere, such as
    /// the team server's working copy of a chain kept in PostgreSQL.
    pub fn set_rebuildable(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// How long a write waits for other writers (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&mut self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The underlying connection, for read-only queries of other modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the file (SQLite `user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// SQLite's full integrity and foreign-key checks: `Ok` when the file is sound.
    pub fn check_integrity(&self) -> Result<()> {
        let check: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| Error::from(e).at_path(&self.path, None))?;
        if check != "ok" {
            return Err(Error::Damaged(format!(
                "{} is damaged (integrity check: {check}); restore it from a backup",
                self.path.display()
            )));
        }
        let orphans: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if orphans > 0 {
            return Err(Error::Damaged(format!(
                "{} is damaged: {orphans} rows refer to rows that do not exist; restore it from a backup",
                self.path.display()
            )));
        }
        Ok(())
    }

    /// Writes a consistent copy of the database to `dest` with SQLite's online backup,
    /// after an integrity check.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.check_integrity()?;
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None)
            .map_err(|e| Error::from(e).at_path(dest, None))?;
        Ok(())
    }

    /// The error of a failed write, naming the file and, when busy, the writer holding it.
    pub(crate) fn located(&self, e: Error) -> Error {
        e.at_path(&self.path, open::writer_note(&self.path))
    }
}

#[cfg(test)]
mod tests;
