//! The database schema, as numbered migrations (SQLite `user_version`).

use rusqlite_migration::{M, Migrations};

/// Schema steps, oldest first. Never edit a released step: add one.
const STEPS: [&str; 6] = [
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
    r#"
-- Original bytes of imported files and messages, addressed by their SHA-256.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    bytes  BLOB NOT NULL
) STRICT;

-- Derived from communications: what the log list filters and sorts on.
CREATE TABLE comm_index (
    key          TEXT PRIMARY KEY REFERENCES entities(key),
    occurred_at  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    channel      TEXT NOT NULL,
    status       TEXT NOT NULL,
    voided       INTEGER NOT NULL,
    message_id   TEXT,
    original     TEXT
) STRICT;
CREATE INDEX comm_index_time ON comm_index(voided, occurred_at DESC, key DESC);
CREATE INDEX comm_index_message ON comm_index(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX comm_index_original ON comm_index(original) WHERE original IS NOT NULL;

-- Derived: every raw address of an imported communication.
CREATE TABLE comm_addresses (
    address TEXT NOT NULL,
    key     TEXT NOT NULL REFERENCES entities(key),
    PRIMARY KEY (address, key)
) STRICT, WITHOUT ROWID;

-- Derived: full-text search over subjects, minutes, items and bodies.
CREATE VIRTUAL TABLE search USING fts5(
    key UNINDEXED, kind UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#,
    r#"
-- Re-indexing one communication's addresses finds them without a scan.
CREATE INDEX comm_addresses_key ON comm_addresses(key);
"#,
    r#"
-- "The record as known at T" finds the last event recorded by T without a scan.
CREATE INDEX events_at ON events(at);
"#,
    r#"
-- Counting the live entries of each kind reads this index, not the rows.
CREATE INDEX entities_live ON entities(kind, voided);
"#,
    r#"
-- Derived: who takes part in each live communication (its sender and
-- participants, their departments, those departments' parties), by the rowids
-- of their rows in entities and when it happened (ms since the epoch), so the
-- log's person, department and party filters read one range, newest first;
-- the communication's kind and channel are beside, for filters combined.
CREATE TABLE comm_members (
    member  INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    comm    INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (member, at, comm)
) STRICT, WITHOUT ROWID;
CREATE INDEX comm_members_comm ON comm_members(comm, member);

CREATE TEMP TABLE taking_part AS
SELECT ce.rowid AS comm, CAST(round(unixepoch(c.occurred_at, 'subsec') * 1000) AS INTEGER) AS at,
       c.kind AS kind, c.channel AS channel, p.to_key AS person
FROM comm_index c JOIN entities ce ON ce.key = c.key JOIN refs p ON p.from_key = c.key
WHERE c.voided = 0 AND (p.field = 'from' OR p.field LIKE 'participants[%');

INSERT OR IGNORE INTO comm_members (member, at, comm, kind, channel)
SELECT e.rowid, t.at, t.comm, t.kind, t.channel FROM taking_part t JOIN entities e ON e.key = t.person;

INSERT OR IGNORE INTO comm_members (member, at, comm, kind, channel)
SELECT e.rowid, t.at, t.comm, t.kind, t.channel FROM taking_part t
JOIN refs d ON d.from_key = t.person AND d.field = 'department'
JOIN entities e ON e.key = d.to_key;

INSERT OR IGNORE INTO comm_members (member, at, comm, kind, channel)
SELECT e.rowid, t.at, t.comm, t.kind, t.channel FROM taking_part t
JOIN refs d ON d.from_key = t.person AND d.field = 'department'
JOIN refs y ON y.from_key = d.to_key AND y.field = 'party'
JOIN entities e ON e.key = y.to_key;

DROP TABLE taking_part;

-- The log filtered by kind or channel reads one range, in time order.
CREATE INDEX comm_index_kind ON comm_index(voided, kind, occurred_at DESC, key DESC);
CREATE INDEX comm_index_channel ON comm_index(voided, channel, occurred_at DESC, key DESC);

-- The number of live communications, kept by every write (the log's total).
INSERT OR REPLACE INTO meta (name, value)
SELECT 'live_communications', CAST(count(*) AS TEXT) FROM comm_index WHERE voided = 0;
"#,
];

/// Derived: the communications the flags watch and until when (see
/// `flags::watch`), and which members count each communication as an update
/// to them, so the latest update a person had is one index lookup; and the
/// entities by when their current version was recorded. The first two are
/// filled from the communications' data by [`super::watch::fill`].
const WATCH: &str = r#"
CREATE TABLE comm_watch (
    comm  INTEGER PRIMARY KEY,
    until INTEGER NOT NULL
) STRICT;
CREATE INDEX comm_watch_until ON comm_watch(until);
ALTER TABLE comm_members ADD COLUMN updates INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comm_members_updates ON comm_members(member, at) WHERE updates = 1;
-- Whether anything was recorded after an instant, without a scan.
CREATE INDEX entities_recorded ON entities(recorded_at);
"#;

/// The outbox of a team server's copy: changes made here that wait to be
/// sent, in order (see `store::replica`). Not part of the record.
const OUTBOX: &str = r#"
CREATE TABLE outbox (
    client_id TEXT PRIMARY KEY,
    made_at   TEXT NOT NULL,
    changes   TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('waiting', 'conflict', 'refused')),
    answer    TEXT
) STRICT;
"#;

/// Mail accounts of this machine and how far each folder has been read
/// (see `store::mailbox`). Not part of the record.
const MAIL: &str = r#"
CREATE TABLE mail_accounts (
    name     TEXT PRIMARY KEY,
    host     TEXT NOT NULL,
    port     INTEGER NOT NULL,
    security TEXT NOT NULL CHECK (security IN ('tls', 'plain')),
    user     TEXT NOT NULL,
    folders  TEXT NOT NULL,
    synced_at TEXT,
    error    TEXT
) STRICT;
CREATE TABLE mail_folders (
    account     TEXT NOT NULL REFERENCES mail_accounts(name),
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL,
    synced_at   TEXT NOT NULL,
    taken       INTEGER NOT NULL,
    PRIMARY KEY (account, folder)
) STRICT;
"#;

/// How each mail account signs in (`store::mailbox::SignIn` as JSON): the
/// accounts that were there sign in with a password.
const SIGN_IN: &str = r#"
ALTER TABLE mail_accounts ADD COLUMN sign_in TEXT NOT NULL DEFAULT '{"kind":"password"}';
"#;

/// The migrations of Candor's schema.
pub fn migrations() -> Migrations<'static> {
    let mut steps: Vec<M<'static>> = STEPS.iter().map(|sql| M::up(sql)).collect();
    steps.push(M::up_with_hook(WATCH, |tx: &rusqlite::Transaction| {
        super::watch::fill(tx).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
    }));
    steps.push(M::up(OUTBOX));
    steps.push(M::up(MAIL));
    steps.push(M::up(SIGN_IN));
    Migrations::new(steps)
}

/// The schema version this build writes.
pub fn latest() -> i64 {
    STEPS.len() as i64 + 4
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
