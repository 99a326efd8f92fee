//! The database schema, as numbered migrations (SQLite `user_version`).

use rusqlite_migration::{M, Migrations};

/// Schema steps, oldest first. Never edit a released step: add one.
const STEPS: &[M<'static>] = &[M::up(
    r#"
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The audit log: append-only, hash-chained. One event per entity version.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    entity       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;
CREATE INDEX events_entity ON events(entity, seq);

-- The current version of every entity: a projection of the events.
CREATE TABLE entities (
    key         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    voided      INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    data        TEXT NOT NULL,
    last_seq    INTEGER NOT NULL REFERENCES events(seq)
) STRICT;
CREATE INDEX entities_kind ON entities(kind, key);

-- Which entity refers to which, by field: derived from entity data.
CREATE TABLE refs (
    from_key TEXT NOT NULL REFERENCES entities(key),
    field    TEXT NOT NULL,
    to_key   TEXT NOT NULL REFERENCES entities(key),
    PRIMARY KEY (from_key, field, to_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX refs_to ON refs(to_key);
"#,
)];

/// The migrations of Candor's schema.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// The schema version this build writes.
pub fn latest() -> i64 {
    STEPS.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
