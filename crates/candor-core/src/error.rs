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

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data breaks one or more rules; nothing was written.
    #[error("{}", join(.0))]
    Invalid(Vec<FieldError>),
    /// No entity has this key (or name).
    #[error("not found: {0}")]
    NotFound(String),
    /// The operation does not fit the record's state.
    #[error("{0}")]
    Refused(String),
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
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("schema migration: {0}")]
    Migration(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
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
