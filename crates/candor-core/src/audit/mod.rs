//! The audit log: every change is an [`Event`] whose payload is one
//! [`Version`] of one entity, chained by SHA-256.
//!
//! An event's hash covers the *hash* of its payload, not the payload itself,
//! so a payload can one day be redacted (lawful erasure) without breaking the chain.

mod derived;
mod replay;
mod sorted;
mod verify;

pub use verify::{Finding, Progress, Verification, verify, verify_with_progress};

use crate::canonical;
use crate::key::Key;
use crate::kind::Kind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The hash that precedes the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a version did to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Amend,
    Void,
}

/// One version of one entity: the payload of an audit event and an entry of
/// the entity's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub kind: Kind,
    pub key: Key,
    pub version: u32,
    pub action: Action,
    /// When this version entered the record (the recording clock, not when things happened).
    #[serde(with = "crate::time::serde_millis")]
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it: a person's key, or `bootstrap` for `init`/`demo`.
    pub actor: String,
    /// Why: required for amendments and voids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The entity's data as of this version; absent on a void (the data stays as it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub payload: String,
    pub payload_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// The chain hash over this event's header fields and payload hash.
    pub fn compute_hash(&self) -> String {
        chain_hash(
            self.seq,
            &self.id,
            &self.at,
            &self.actor,
            &self.entity,
            &self.payload_hash,
            &self.prev_hash,
        )
    }
}

/// SHA-256 of the canonical JSON of an event's header.
pub fn chain_hash(
    seq: i64,
    id: &str,
    at: &str,
    actor: &str,
    entity: &str,
    payload_hash: &str,
    prev_hash: &str,
) -> String {
    let header = json!({
        "seq": seq, "id": id, "at": at, "actor": actor, "entity": entity,
        "payload_hash": payload_hash, "prev": prev_hash,
    });
    canonical::sha256_hex(canonical::to_string(&header).as_bytes())
}

/// The head of the chain: hand it to someone else, and `verify --checkpoint`
/// later proves the record still extends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Checkpoint {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (seq, hash) = s
            .split_once(':')
            .ok_or_else(|| format!("checkpoint \"{s}\" is not SEQ:HASH"))?;
        let seq = seq
            .trim()
            .parse()
            .map_err(|_| format!("checkpoint sequence \"{seq}\" is not a number"))?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("checkpoint hash \"{hash}\" is not 64 hex digits"));
        }
        Ok(Checkpoint { seq, hash })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_hash_golden_vector() {
        let at = |seq| {
            chain_hash(
                seq,
                "id",
                "2026-01-01T00:00:00.000Z",
                "bootstrap",
                "k",
                "ph",
                GENESIS,
            )
        };
        let h = at(1);
        assert_eq!(h.len(), 64);
        assert_eq!(h, at(1), "the same event hashes the same");
        assert_ne!(h, at(2));
    }

    #[test]
    fn checkpoint_parses_and_rejects() {
        let c: Checkpoint = format!("12:{}", "A".repeat(64)).parse().unwrap();
        assert_eq!(c.seq, 12);
        assert_eq!(c.hash, "a".repeat(64));
        assert!("12".parse::<Checkpoint>().is_err());
        assert!("x:abc".parse::<Checkpoint>().is_err());
    }
}
