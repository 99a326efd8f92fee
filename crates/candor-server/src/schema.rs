//! The server's tables in PostgreSQL, made by `candor-server init`.
//!
//! `events` holds each engagement's canonical chain: appended under a lock on
//! the engagement's row, `PRIMARY KEY (engagement, seq)` and `UNIQUE
//! (engagement, prev_hash)` as a second guard. The server works as the role
//! `candor_app`, which may only read and insert the log (grants and a
//! trigger refuse UPDATE, DELETE and TRUNCATE, to its owner too), and
//! row-level security keeps an engagement's events and pushes to its members
//! (`candor.actor`, set in every transaction).

/// Everything `init` runs, in one transaction; running it again changes nothing.
pub const INIT: &str = r#"
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'candor_app') THEN
        CREATE ROLE candor_app NOLOGIN;
    END IF;
END $$;
GRANT candor_app TO CURRENT_USER;

CREATE TABLE IF NOT EXISTS engagements (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text NOT NULL,
    head_seq   bigint NOT NULL DEFAULT 0,
    head_hash  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS events (
    engagement   text NOT NULL REFERENCES engagements(id),
    seq          bigint NOT NULL CHECK (seq > 0),
    id           text NOT NULL,
    at           text NOT NULL,
    actor        text NOT NULL,
    entity       text NOT NULL,
    payload      text NOT NULL,
    payload_hash text NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    PRIMARY KEY (engagement, seq),
    UNIQUE (engagement, prev_hash)
);

CREATE TABLE IF NOT EXISTS accounts (
    name          text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{1,128}$'),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS members (
    engagement text NOT NULL REFERENCES engagements(id),
    account    text NOT NULL REFERENCES accounts(name),
    person     text NOT NULL,
    roles      text[] NOT NULL,
    revoked_at timestamptz,
    PRIMARY KEY (engagement, account)
);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash text PRIMARY KEY,
    account    text NOT NULL REFERENCES accounts(name),
    expires_at timestamptz NOT NULL
);

-- The first answer to each pushed item, so that a repeated push gets it again.
CREATE TABLE IF NOT EXISTS pushes (
    engagement text NOT NULL REFERENCES engagements(id),
    client_id  text NOT NULL,
    account    text NOT NULL,
    made_at    text NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now(),
    answer     jsonb NOT NULL,
    PRIMARY KEY (engagement, client_id)
);

CREATE OR REPLACE FUNCTION candor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log of Candor is append-only: % refused on %', TG_OP, TG_TABLE_NAME;
END $$;
DROP TRIGGER IF EXISTS events_append_only ON events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION candor_append_only();
DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
DROP TRIGGER IF EXISTS pushes_append_only ON pushes;
CREATE TRIGGER pushes_append_only BEFORE UPDATE OR DELETE ON pushes
    FOR EACH ROW EXECUTE FUNCTION candor_append_only();

REVOKE ALL ON engagements, events, accounts, members, sessions, pushes FROM candor_app;
GRANT SELECT, INSERT ON events, pushes TO candor_app;
GRANT SELECT ON engagements, accounts, members TO candor_app;
GRANT UPDATE (head_seq, head_hash) ON engagements TO candor_app;
GRANT SELECT, INSERT, DELETE ON sessions TO candor_app;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
ALTER TABLE pushes ENABLE ROW LEVEL SECURITY;
ALTER TABLE pushes FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS members_only ON events;
CREATE POLICY members_only ON events
    USING (current_setting('candor.actor', true) = '*'
        OR EXISTS (SELECT 1 FROM members m WHERE m.engagement = events.engagement
                   AND m.account = current_setting('candor.actor', true)));
DROP POLICY IF EXISTS members_only ON pushes;
CREATE POLICY members_only ON pushes
    USING (current_setting('candor.actor', true) = '*'
        OR EXISTS (SELECT 1 FROM members m WHERE m.engagement = pushes.engagement
                   AND m.account = current_setting('candor.actor', true)));
"#;
