//! Candor's core: the record of an outsourcing engagement.
//!
//! - [`model`]: the nouns (engagement, parties, departments, people, procedures, scope);
//! - [`store`]: the SQLite file, where every write is one transaction with its audit events;
//! - [`audit`]: the hash-chained log and its verification;
//! - [`interchange`]: the `candor/1` JSON document;
//! - [`demo`]: a deterministic demo engagement.
//!
//! The core knows no host: no Tauri, no terminal, no clock. Callers pass the
//! time ([`store::Author`]) and the source of ids ([`key::Ids`]).

pub mod access;
pub mod agreement;
pub mod audit;
pub mod canonical;
pub mod demo;
pub mod describe;
pub mod dossier;
pub mod error;
pub mod flags;
pub mod identity;
pub mod import;
pub mod interchange;
pub mod judge;
pub mod key;
pub mod kind;
pub mod log;
pub mod model;
pub mod patch;
pub mod record;
pub mod report;
pub mod store;
pub mod time;
pub mod validate;

pub use error::{Error, Result};
pub use key::{Ids, Key};
pub use kind::Kind;
pub use store::{Author, Change, Store};
