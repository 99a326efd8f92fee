//! Stable keys of entities and the ids of audit events.

use chrono::{DateTime, Utc};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The stable key of an entity: a UUID v7 when Candor makes it, any unique
/// readable string (e.g. `acme-finance`) when a hand-written document gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Key(pub String);

impl Key {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Self {
        Key(s.to_owned())
    }
}

/// Where new UUID v7 values come from: time and randomness from the caller —
/// entropy from the operating system in the hosts, a seed for reproducible
/// demos and tests. (The core draws on no randomness of its own.)
pub struct Ids {
    rng: ChaCha8Rng,
}

impl Ids {
    /// Ids from 32 bytes of the host's entropy (the normal case).
    pub fn from_entropy(seed: [u8; 32]) -> Self {
        Ids {
            rng: ChaCha8Rng::from_seed(seed),
        }
    }

    /// Reproducible ids: the same seed and times give the same ids.
    pub fn seeded(seed: u64) -> Self {
        Ids {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A new UUID v7 whose timestamp is `at`.
    pub fn next(&mut self, at: DateTime<Utc>) -> Uuid {
        let mut bytes = [0u8; 10];
        self.rng.fill_bytes(&mut bytes);
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }

    /// A new entity key whose timestamp is `at`.
    pub fn key(&mut self, at: DateTime<Utc>) -> Key {
        Key(self.next(at).to_string())
    }
}

/// Implements `schemars::JsonSchema` for a type written as a JSON string: the
/// schema's name, then the keywords that stand beside `"type": "string"`.
macro_rules! string_schema {
    ($ty:ty, $name:literal, { $($keywords:tt)* }) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", $($keywords)* })
            }
        }
    };
}
pub(crate) use string_schema;

string_schema!(Key, "key", {
    "minLength": 1,
    "description": "An entity's key: a UUID v7, or a readable key given when it was created."
});
