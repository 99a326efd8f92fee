//! Errors as the UI receives them: `{ kind, message, fields }` (docs/ipc.md).

use candor_core::Error;
use candor_core::error::FieldError;
use serde::Serialize;

/// An error crossing into the web view.
#[derive(Debug, Serialize)]
pub struct AppError {
    pub kind: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// For a conflict: which version the change was based on and who changed it since.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Box<ConflictInfo>>,
}

/// The versions of a conflict (`kind: "conflict"`, docs/ipc.md); the
/// conflicting fields are in `fields`.
#[derive(Debug, Serialize)]
pub struct ConflictInfo {
    pub entity: String,
    pub base: u32,
    pub current: u32,
    pub changed_by: String,
    pub changed_by_name: String,
    pub changed_at: String,
}

impl AppError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            fields: Vec::new(),
            conflict: None,
        }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::Invalid(fields) => AppError {
                fields,
                ..AppError::new("invalid", message)
            },
            Error::Conflict(c) => AppError {
                fields: c
                    .fields
                    .iter()
                    .map(|f| FieldError {
                        entity: c.entity.clone(),
                        field: f.clone(),
                        message: format!("changed by {} at {}", c.changed_by_name, c.changed_at),
                    })
                    .collect(),
                conflict: Some(Box::new(ConflictInfo {
                    entity: c.entity,
                    base: c.base,
                    current: c.current,
                    changed_by: c.changed_by,
                    changed_by_name: c.changed_by_name,
                    changed_at: c.changed_at,
                })),
                ..AppError::new("conflict", message)
            },
            Error::NotFound(_) => AppError::new("not_found", message),
            Error::Refused(_) => AppError::new("refused", message),
            Error::Denied(_) => AppError::new("denied", message),
            Error::Busy(_) => AppError::new("busy", message),
            Error::TooNew { .. } => AppError::new("too_new", message),
            Error::Damaged(_) => AppError::new("damaged", message),
            Error::Document { .. } => AppError::new("document", message),
            Error::DiskFull(_) => AppError::new("disk_full", message),
            Error::Db(_) | Error::Migration(_) | Error::Io(_) | Error::Render(_) => {
                AppError::new("internal", message)
            }
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new("internal", e.to_string())
    }
}

/// What every command returns.
pub type Result<T> = std::result::Result<T, AppError>;
