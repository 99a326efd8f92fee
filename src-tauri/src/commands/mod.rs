//! The Tauri commands, each a few lines over candor-core (docs/ipc.md),
//! grouped by the view that uses them.

pub mod agreement;
pub mod dossier;
pub mod flags;
pub mod log;
pub mod mail;
pub mod record;
pub mod report;

use crate::error::AppError;
use candor_core::Kind;

fn kind(name: &str) -> Result<Kind, AppError> {
    Kind::parse(name).ok_or_else(|| AppError::new("invalid", format!("unknown kind \"{name}\"")))
}
