//! Opening a database file: connection settings, refusing a newer schema
//! before anything could checkpoint its WAL, read-only and immutable opens,
//! and the `<db>-writer` note that names the writer holding the record.

use super::{BUSY_TIMEOUT, schema};
use crate::error::{Error, Result};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The settings every connection gets (STACK.md, "SQLite settings for evidence").
pub(super) fn configure(conn: &Connection, file: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    if file {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 64 MiB of page cache: a large import's transaction then stays in memory
    // instead of spilling pages to the WAL and reading them back (the default
    // 2 MiB made a 100,000-message import hold the write lock for minutes).
    conn.pragma_update(None, "cache_size", -65536)?;
    Ok(())
}

/// Reads the schema version through a read-only connection, which never
/// checkpoints or removes a `-wal`, and refuses a database newer than this build.
pub(super) fn refuse_newer(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    let conn = read_only(path)?;
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| Error::from(e).at_path(path, None))?;
    drop(conn);
    if found > schema::latest() {
        return Err(Error::TooNew {
            path: path.display().to_string(),
            found,
            known: schema::latest(),
        });
    }
    Ok(())
}

/// A read-only connection; immutable when the file or its folder cannot be
/// written (a read-only copy, read-only media, another user's file).
pub(super) fn read_only(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "there is no Candor database at {}",
            path.display()
        )));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let attempt = |immutable: bool| -> Result<Connection> {
        let conn = Connection::open_with_flags(uri(path, immutable), flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
        Ok(conn)
    };
    if writable(path)
        && let Ok(conn) = attempt(false)
    {
        return Ok(conn);
    }
    attempt(true).map_err(|e| e.at_path(path, None))
}

/// Whether this process may write the file and create files beside it.
fn writable(path: &Path) -> bool {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let dir_ok = std::fs::metadata(&dir).is_ok_and(|m| !m.permissions().readonly());
    dir_ok && std::fs::OpenOptions::new().append(true).open(path).is_ok()
}

/// A `file:` URI for `path` (RFC 3986 escapes for what SQLite reads specially).
fn uri(path: &Path, immutable: bool) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file:");
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' | b' ' | b'&' | b'=' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out.push_str(if immutable {
        "?immutable=1"
    } else {
        "?mode=ro"
    });
    out
}

/// Where a writer notes its process while it holds the record.
fn note_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// What the writer note beside `db` says, if there is one.
pub(super) fn writer_note(db: &Path) -> Option<String> {
    let text = std::fs::read_to_string(note_path(db)).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// After an unclean shutdown — a writer's note left by a process that is
/// gone, killed in the middle of a write — runs SQLite's quick check (not on
/// every open: it reads the whole file) and clears the note.
pub(super) fn check_after_crash(conn: &Connection, db: &Path) -> Result<()> {
    let Some(note) = writer_note(db) else {
        return Ok(());
    };
    let pid = note
        .strip_prefix("pid ")
        .and_then(|rest| rest.split(':').next())
        .and_then(|p| p.trim().parse::<u32>().ok());
    let alive = match pid {
        Some(pid) if cfg!(target_os = "linux") => Path::new(&format!("/proc/{pid}")).exists(),
        _ => true,
    };
    if alive {
        return Ok(());
    }
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::Damaged(format!(
            "{} is damaged after a writer stopped in the middle of a write (quick check: {check}); restore it from a backup",
            db.display()
        )));
    }
    let _ = std::fs::remove_file(note_path(db));
    Ok(())
}

/// The note of a write in progress; removed when the write ends.
pub(super) struct WriterNote(Option<(PathBuf, String)>);

impl WriterNote {
    /// Writes the note for this process (best effort: a note is a courtesy, not a lock).
    pub(super) fn take(db: &Path, what: &str) -> WriterNote {
        if db.as_os_str() == ":memory:" {
            return WriterNote(None);
        }
        let path = note_path(db);
        let what = if what.is_empty() { "candor" } else { what };
        let text = format!("pid {}: {what}\n", std::process::id());
        WriterNote(std::fs::write(&path, &text).ok().map(|()| (path, text)))
    }
}

impl Drop for WriterNote {
    fn drop(&mut self) {
        // Only our own note: the next writer may already have written its own.
        if let Some((path, text)) = self.0.take()
            && std::fs::read_to_string(&path).is_ok_and(|t| t == text)
        {
            let _ = std::fs::remove_file(path);
        }
    }
}
