use crate::support::Db;

/// Applies `sql` to a fresh demo database and returns `audit verify`'s output; it must fail.
fn caught(sql: &str) -> String {
    let db = Db::demo();
    assert!(db.run(&["audit", "verify"]).status.success());
    db.sql(&format!("PRAGMA foreign_keys = OFF; {sql}"));
    let out = db.run(&["audit", "verify"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!out.status.success(), "not caught: {sql}\n{text}");
    text
}

/// Like `caught`, and what `audit verify` prints must say `said`.
fn caught_saying(sql: &str, said: &str) -> String {
    let out = caught(sql);
    assert!(out.contains(said), "{sql}: {out}");
    out
}

#[test]
fn untouched_record_verifies() {
    let db = Db::demo();
    let out = db.ok(&["audit", "verify"]);
    let head = db.head();
    let seq = head.split(':').next().unwrap();
    assert!(out.starts_with(&format!("intact: {seq} events, ")), "{out}");
}

#[test]
fn changed_entity_value_is_named() {
    let db = Db::demo();
    let key = db.scalar("SELECT key FROM entities WHERE data LIKE '%Maria Lopez%'");
    caught_saying(
        "UPDATE entities SET data = replace(data, 'Maria Lopez', 'Mario Lopez') WHERE data LIKE '%Maria Lopez%'",
        &format!("person {key}: the table's data differ"),
    );
}

#[test]
fn every_column_of_the_projection_is_covered() {
    for column in [
        "version = version + 1",
        "voided = 1",
        "recorded_at = '2020-01-01T00:00:00.000Z'",
        "kind = 'scope'",
        "last_seq = 1",
    ] {
        caught_saying(
            &format!(
                "UPDATE entities SET {column} WHERE kind = 'procedure' AND key = (SELECT max(key) FROM entities WHERE kind = 'procedure')"
            ),
            "TAMPERED",
        );
    }
}

#[test]
fn deleted_and_inserted_rows_are_named() {
    caught_saying(
        "DELETE FROM entities WHERE key = (SELECT min(key) FROM entities WHERE kind = 'scope')",
        "missing from the table",
    );
    caught_saying(
        "INSERT INTO entities SELECT 'forged', kind, version, voided, recorded_at, data, last_seq FROM entities WHERE kind = 'party' LIMIT 1",
        "forged: a row of kind party is in the table but no event records it",
    );
    caught_saying(
        "INSERT INTO entities SELECT '000-early', kind, version, voided, recorded_at, data, last_seq FROM entities WHERE kind = 'party' LIMIT 1",
        "000-early: a row of kind party is in the table but no event records it",
    );
    caught_saying(
        "DELETE FROM refs WHERE to_key = (SELECT min(key) FROM entities WHERE kind = 'department')",
        "reference index lacks",
    );
    caught_saying(
        "INSERT INTO refs VALUES ((SELECT min(key) FROM entities WHERE kind = 'person'), 'department', (SELECT min(key) FROM entities WHERE kind = 'party'))",
        "which the log does not record",
    );
}

#[test]
fn edited_events_are_named() {
    caught_saying(
        "UPDATE events SET payload = replace(payload, 'Maria Lopez', 'Mario Lopez') WHERE payload LIKE '%Maria Lopez%'",
        "its payload was changed",
    );
    let out = caught_saying(
        "UPDATE events SET actor = 'someone-else' WHERE seq = 3",
        "event #3",
    );
    assert!(out.contains("header was changed"), "{out}");
    caught_saying(
        "DELETE FROM events WHERE seq = 10",
        "events #10 to #10 are missing",
    );
    caught_saying(
        "UPDATE meta SET value = '7' WHERE name = 'head_seq'",
        "chain head was recorded as #7",
    );
}

#[test]
fn cutting_the_last_events_is_caught() {
    let out = caught_saying(
        "DELETE FROM events WHERE seq > (SELECT max(seq) - 2 FROM events)",
        "the log ends at #",
    );
    assert!(out.contains("events were removed"), "{out}");
}

#[test]
fn a_recomputed_chain_is_caught_by_an_earlier_checkpoint() {
    let db = Db::demo();
    let checkpoint = db.ok(&["audit", "head"]).trim().to_owned();
    db.ok(&["audit", "verify", "--checkpoint", &checkpoint]);

    // Rewrite Maria's name everywhere and recompute every hash, as a forger holding the file could.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("UPDATE entities SET data = replace(data, 'Maria Lopez', 'Mario Lopez'); UPDATE events SET payload = replace(payload, 'Maria Lopez', 'Mario Lopez'); UPDATE search SET title = replace(title, 'Maria Lopez', 'Mario Lopez'), body = replace(body, 'Maria Lopez', 'Mario Lopez');").unwrap();
    let rows: Vec<(i64, String, String, String, String, String)> = conn
        .prepare("SELECT seq, id, at, actor, entity, payload FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = candor_core_genesis();
    for (seq, id, at, actor, entity, payload) in rows {
        let payload_hash = sha256_hex(payload.as_bytes());
        let header = serde_json::json!({"seq": seq, "id": id, "at": at, "actor": actor, "entity": entity, "payload_hash": payload_hash, "prev": prev});
        let hash = sha256_hex(serde_json::to_string(&header).unwrap().as_bytes());
        conn.execute(
            "UPDATE events SET payload_hash = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![payload_hash, prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE name = 'head_hash'",
        [&prev],
    )
    .unwrap();
    drop(conn);

    db.ok(&["audit", "verify"]);
    db.fails_printing_with(
        &["audit", "verify", "--checkpoint", &checkpoint],
        "is not in this chain: the record was rewritten",
    );
}

#[test]
fn a_checkpoint_past_the_end_is_caught() {
    let db = Db::demo();
    db.fails_with(&["audit", "verify", "--checkpoint", "x"], "not SEQ:HASH");
    let beyond = format!("999:{}", "ab".repeat(32));
    db.fails_printing_with(
        &["audit", "verify", "--checkpoint", &beyond],
        "beyond the end of the log",
    );
}

fn candor_core_genesis() -> String {
    "0".repeat(64)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A demo database with the message file `name` (`contents`) imported by Sam Carter; it verifies.
fn demo_with_message(name: &str, contents: &str) -> Db {
    let db = Db::demo();
    db.import_as_sam(name, contents);
    db.ok(&["audit", "verify"]);
    db
}

#[test]
fn kept_originals_are_checked() {
    let db = demo_with_message(
        "m.eml",
        "From: maria.lopez@northwind.example\r\nSubject: Evidence\r\nDate: Tue, 17 Nov 2026 16:45:00 +0100\r\nMessage-ID: <e-1@x.example>\r\n\r\nBody\r\n",
    );
    db.sql("UPDATE blobs SET bytes = CAST('forged' AS BLOB)");
    db.fails_printing_with(&["audit", "verify"], "do not match its SHA-256");
    db.sql("DELETE FROM blobs");
    let out = String::from_utf8(db.run(&["audit", "verify"]).stdout).unwrap();
    assert!(
        out.contains("its kept original") && out.contains("is missing"),
        "{out}"
    );
}

/// The newest communication's key in a demo database.
const COMM: &str = "(SELECT max(key) FROM comm_index)";

/// Tamperings with the derived indexes, by table, and what `audit verify` says of each;
/// `{COMM}` stands for the newest communication's key.
const INDEX_TAMPERING: [(&str, &str, &str); 21] = [
    (
        "comm_index",
        "DELETE FROM comm_index WHERE key = {COMM}",
        "missing from the communications list index",
    ),
    (
        "comm_index",
        "UPDATE comm_index SET status = 'cancelled' WHERE key = {COMM}",
        "list index's status differ",
    ),
    (
        "comm_index",
        "UPDATE comm_index SET occurred_at = '2001-01-01T00:00:00.000Z' WHERE key = {COMM}",
        "list index's occurred_at differ",
    ),
    (
        "comm_index",
        "UPDATE comm_index SET voided = 1 WHERE key = {COMM}",
        "list index's voided differ",
    ),
    (
        "comm_index",
        "INSERT INTO comm_index (key, occurred_at, kind, channel, status, voided) SELECT key, '2026-11-01T00:00:00.000Z', 'call', 'official', 'held', 0 FROM entities WHERE kind = 'person' LIMIT 1",
        "a row the log does not record",
    ),
    (
        "search",
        "UPDATE search SET body = 'nothing to see' WHERE key = {COMM}",
        "search index's body differ",
    ),
    (
        "search",
        "UPDATE search SET title = 'Renamed' WHERE key = {COMM}",
        "search index's title differ",
    ),
    (
        "search",
        "DELETE FROM search WHERE key = {COMM}",
        "missing from the search index",
    ),
    (
        "search",
        "INSERT INTO search (key, kind, title, body) VALUES ('ghost', 'communication', 'Ghost', 'a row nobody recorded')",
        "the search index has a row the log does not record",
    ),
    (
        "search",
        "INSERT INTO search (key, kind, title, body) SELECT key, kind, title, body FROM search WHERE key = {COMM}",
        "the search index has a row the log does not record (or of a voided entry, or a second one)",
    ),
    (
        "comm_members",
        "DELETE FROM comm_members WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM}) AND member = (SELECT max(member) FROM comm_members WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM}))",
        "the participants index lacks",
    ),
    (
        "comm_members",
        "INSERT INTO comm_members (member, at, comm, kind, channel) SELECT e.rowid, m.at, m.comm, m.kind, m.channel FROM comm_members m, entities e WHERE m.comm = (SELECT rowid FROM entities WHERE key = {COMM}) AND e.kind = 'procedure' LIMIT 1",
        "whom the log does not record taking part",
    ),
    (
        "comm_members",
        "UPDATE comm_members SET at = 0 WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM})",
        "at another time than when it happened",
    ),
    (
        "comm_members",
        "UPDATE comm_members SET channel = 'carrier_pigeon' WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM})",
        "with another kind or channel",
    ),
    (
        "comm_members",
        "INSERT INTO comm_members (member, at, comm, kind, channel) SELECT (SELECT min(rowid) FROM entities WHERE kind = 'party'), 0, rowid, 'email', 'official' FROM entities WHERE kind = 'person' LIMIT 1",
        "files what is not a live communication",
    ),
    (
        "comm_members",
        "UPDATE comm_members SET updates = 1 - updates WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM}) AND member = (SELECT min(member) FROM comm_members WHERE comm = (SELECT rowid FROM entities WHERE key = {COMM}))",
        "says wrongly whether it updated",
    ),
    (
        "comm_watch",
        "DELETE FROM comm_watch WHERE comm = (SELECT max(comm) FROM comm_watch)",
        "the flags' watch list lacks it",
    ),
    (
        "comm_watch",
        "UPDATE comm_watch SET until = 0 WHERE comm = (SELECT max(comm) FROM comm_watch)",
        "ends its watch at another instant",
    ),
    (
        "comm_watch",
        "INSERT INTO comm_watch (comm, until) SELECT rowid, 0 FROM entities WHERE kind = 'communication' AND rowid NOT IN (SELECT comm FROM comm_watch) LIMIT 1",
        "though no rule can flag it",
    ),
    (
        "comm_watch",
        "INSERT INTO comm_watch (comm, until) SELECT rowid, 0 FROM entities WHERE kind = 'person' LIMIT 1",
        "the flags' watch list has what is not a live communication",
    ),
    (
        "meta",
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE name = 'live_communications'",
        "the stored number of live communications",
    ),
];

/// Each tampering of `table` in `INDEX_TAMPERING`, on a fresh demo, is caught and said.
fn tampering_with_index_is_caught(table: &str) {
    let cases: Vec<_> = INDEX_TAMPERING
        .iter()
        .filter(|(t, ..)| *t == table)
        .collect();
    assert!(!cases.is_empty(), "no tampering with {table}");
    for (_, sql, said) in cases {
        caught_saying(&sql.replace("{COMM}", COMM), said);
    }
}

#[test]
fn the_communications_list_index_is_verified() {
    tampering_with_index_is_caught("comm_index");
}

#[test]
fn the_address_index_is_verified() {
    let db = demo_with_message(
        "one.mbox",
        "From x@y Thu Nov 19 10:00:00 2026\nMessage-ID: <tamper-1@client.example>\nDate: Thu, 19 Nov 2026 10:00:00 +0100\nFrom: Someone <someone@client.example>\nTo: sam.carter@brightline.example\nSubject: Addresses\n\nHello.\n",
    );
    for (sql, said) in [
        (
            "DELETE FROM comm_addresses WHERE address = 'someone@client.example'",
            "the address index lacks someone@client.example",
        ),
        (
            "UPDATE comm_addresses SET address = 'other@client.example' WHERE address = 'someone@client.example'",
            "the address index has other@client.example",
        ),
        (
            "INSERT INTO comm_addresses (address, key) SELECT 'ghost@client.example', key FROM comm_index LIMIT 1",
            "the address index has ghost@client.example",
        ),
    ] {
        let copy = Db::new();
        std::fs::copy(&db.path, &copy.path).unwrap();
        copy.sql(sql);
        let out = copy.run(&["audit", "verify"]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !out.status.success() && text.contains(said),
            "{sql}: {text}"
        );
    }
}

#[test]
fn the_participants_index_and_the_stored_count_are_verified() {
    tampering_with_index_is_caught("comm_members");
    tampering_with_index_is_caught("meta");
}

#[test]
fn the_flags_watch_list_is_verified() {
    tampering_with_index_is_caught("comm_watch");
}

#[test]
fn the_search_index_is_verified() {
    tampering_with_index_is_caught("search");
}
