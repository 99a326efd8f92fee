//! Sync with a Candor team server, shared by the desktop app and the CLI:
//! the wire protocol ([`wire`]) and, with the `client` feature, the client
//! that pushes a copy's outbox and pulls the server's chain into it.
//!
//! The core knows nothing of the network: this crate hands the core the
//! events the server sequenced ([`candor_core::Store::append_events`]) and
//! settles the outbox with the server's answers.

pub mod wire;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::{Client, Error, SyncReport, pull, sync};
