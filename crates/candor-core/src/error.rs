//! The core's errors: each names what is wrong and where.

use std::fmt;

/// One problem with one field of one entity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldError {
    /// The entity: its kind or its place in a document ("people[3]").
    pub entity: String,
    /// The field ("department", "emails[1]"); empty for the entity as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.entity.is_empty(), self.field.is_empty()) {
            (true, true) => write!(f, "{}", self.message),
            (true, false) => write!(f, "{}: {}", self.field, self.message),
            (false, true) => write!(f, "{}: {}", self.entity, self.message),
            (false, false) => write!(f, "{}.{}: {}", self.entity, self.field, self.message),
        }
    }
}

/// Two writers changed the same thing: the change was based on a version
/// that is no longer current, and the fields it sets changed since.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    /// The entity's key.
    pub entity: String,
    /// The version the change was based on.
    pub base: u32,
    /// The version current when the change arrived.
    pub current: u32,
    /// Who made the latest of the intervening versions that touched these fields.
    pub changed_by: String,
    /// Their name, when they are a person of the record.
    pub changed_by_name: String,
    /// When that version was recorded.
    pub changed_at: String,
    /// The fields that changed since `base` and that the change also sets
    /// (empty for a void: any change since the base conflicts with it).
    pub fields: Vec<String>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} changed since version {} (now version {}, by {} at {})",
            self.entity, self.base, self.current, self.changed_by_name, self.changed_at
        )?;
        if !self.fields.is_empty() {
            write!(f, "; changed there too: {}", self.fields.join(", "))?;
        }
        write!(
            f,
            "; nothing was written — make the change again on top of version {}",
            self.current
        )
    }
}

/// Everything that can go wrong in the core. Each variant is one kind of
/// problem, so that each host can present it rightly (see [`Error::class`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data breaks one or more rules; nothing was written.
    #[error("{}", join(.0))]
    Invalid(Vec<FieldError>),
    /// No entity has this key (or name), or no database is at this path.
    #[error("not found: {0}")]
    NotFound(String),
    /// The operation does not fit the record's state.
    #[error("{0}")]
    Refused(String),
    /// The author's roles on a team's record do not allow the change.
    #[error("{0}")]
    Denied(crate::access::Denied),
    /// The change was based on a version that is no longer current.
    #[error("conflict: {0}")]
    Conflict(Box<Conflict>),
    /// Another writer holds the record for longer than the busy timeout.
    #[error("{0}")]
    Busy(String),
    /// The database or what it holds is damaged.
    #[error("{0}")]
    Damaged(String),
    /// The database was written by a newer Candor.
    #[error(
        "{path} was written by a newer version of Candor (schema {found}, this version knows up to {known}); it was left untouched — upgrade Candor to open it"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// A document could not be read; `at` is a JSON path or line:column.
    #[error("{at}: {message}")]
    Document { at: String, message: String },
    /// The disk (or the database's size limit) is full; nothing was written.
    #[error("the disk is full: {0} could not be written; nothing was recorded")]
    DiskFull(String),
    /// A report could not be rendered (a template, the spreadsheet or PDF writer failed).
    #[error("the report could not be rendered: {0}")]
    Render(String),
    /// A database error not otherwise named.
    #[error("database error: {}", db_text(.0))]
    Db(rusqlite::Error),
    #[error("schema migration: {0}")]
    Migration(String),
    /// Reading or writing a file failed.
    #[error("{}", io_text(.0))]
    Io(std::io::Error),
}

/// The kind of an error, for exit codes and for the UI (docs/cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Input that breaks a rule or does not fit the record.
    Invalid,
    NotFound,
    Conflict,
    Busy,
    /// Damaged, or written by a newer Candor.
    Damaged,
    /// Files, disks and everything else outside the record.
    Io,
}

impl Error {
    /// Input that breaks a rule: `field` names what was given ("week", "until").
    pub fn input(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError {
            entity: String::new(),
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// What kind of problem this is.
    pub fn class(&self) -> Class {
        match self {
            Error::Invalid(_) | Error::Refused(_) | Error::Denied(_) | Error::Document { .. } => {
                Class::Invalid
            }
            Error::NotFound(_) => Class::NotFound,
            Error::Conflict(_) => Class::Conflict,
            Error::Busy(_) => Class::Busy,
            Error::Damaged(_) | Error::TooNew { .. } | Error::Migration(_) => Class::Damaged,
            Error::DiskFull(_) | Error::Io(_) | Error::Render(_) => Class::Io,
            Error::Db(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                    Class::Damaged
                }
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    Class::Busy
                }
                _ => Class::Io,
            },
        }
    }

    /// Names the database file in errors that concern it (disk full, busy, damaged).
    pub(crate) fn at_path(self, path: &std::path::Path, writer: Option<String>) -> Error {
        let Error::Db(e) = &self else { return self };
        let shown = path.display();
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull(shown.to_string()),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy(match writer {
                    Some(w) => format!(
                        "{shown} is busy with another Candor writer ({w}); try again when it has finished"
                    ),
                    None => format!(
                        "{shown} is busy with another writer; try again when it has finished"
                    ),
                })
            }
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::Damaged(format!(
                    "{shown} is damaged or not a Candor database ({}); restore it from a backup",
                    db_text(e)
                ))
            }
            Some(rusqlite::ErrorCode::ReadOnly) => Error::Io(std::io::Error::other(format!(
                "{shown} cannot be written (read-only file, folder or disk)"
            ))),
            Some(rusqlite::ErrorCode::CannotOpen) => {
                Error::Io(std::io::Error::other(format!("{shown} cannot be opened")))
            }
            _ => self,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Db(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// SQLite's words, once: rusqlite repeats the message in its extended form.
fn db_text(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if !msg.is_empty() => msg.clone(),
        rusqlite::Error::SqliteFailure(code, _) => code.to_string(),
        other => other.to_string(),
    }
}

/// An I/O error in words: "No space left on device" becomes "the disk is full".
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        _ => e.to_string(),
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
