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
}

impl AppError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::Invalid(fields) => AppError {
                kind: "invalid",
                message,
                fields,
            },
            Error::NotFound(_) => AppError::new("not_found", message),
            Error::Refused(_) => AppError::new("refused", message),
            Error::TooNew { .. } => AppError::new("too_new", message),
            Error::Document { .. } => AppError::new("document", message),
            Error::Db(_) | Error::Migration(_) | Error::Io(_) => AppError::new("internal", message),
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
