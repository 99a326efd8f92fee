use crate::support::Db;

/// Applies `sql` to a fresh demo database and returns `audit verify`'s output; it must fail.
fn caught(sql: &str) -> String {
    let db = Db::demo();
    assert!(
        db.cmd()
            .args(["audit", "verify"])
            .output()
            .unwrap()
            .status
            .success()
    );
    db.sql(&format!("PRAGMA foreign_keys = OFF; {sql}"));
    let out = db.cmd().args(["audit", "verify"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!out.status.success(), "not caught: {sql}\n{text}");
    text
}

#[test]
fn untouched_record_verifies() {
    let db = Db::demo();
    let out = db.ok(&["audit", "verify"]);
    let head = db.ok(&["audit", "head"]);
    let seq = head.split(':').next().unwrap();
    assert!(out.starts_with(&format!("intact: {seq} events, ")), "{out}");
}

#[test]
fn changed_entity_value_is_named() {
    let db = Db::demo();
    let key = db.scalar("SELECT key FROM entities WHERE data LIKE '%Maria Lopez%'");
    let out = caught(
        "UPDATE entities SET data = replace(data, 'Maria Lopez', 'Mario Lopez') WHERE data LIKE '%Maria Lopez%'",
    );
    assert!(
        out.contains(&format!("person {key}: the table's data differ")),
        "{out}"
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
        let out = caught(&format!(
            "UPDATE entities SET {column} WHERE kind = 'procedure' AND key = (SELECT max(key) FROM entities WHERE kind = 'procedure')"
        ));
        assert!(out.contains("TAMPERED"), "{column}: {out}");
    }
}

#[test]
fn deleted_and_inserted_rows_are_named() {
    let out = caught(
        "DELETE FROM entities WHERE key = (SELECT min(key) FROM entities WHERE kind = 'scope')",
    );
    assert!(out.contains("missing from the table"), "{out}");
    let out = caught(
        "INSERT INTO entities SELECT 'forged', kind, version, voided, recorded_at, data, last_seq FROM entities WHERE kind = 'party' LIMIT 1",
    );
    assert!(
        out.contains("forged: a row of kind party is in the table but no event records it"),
        "{out}"
    );
    let out = caught(
        "DELETE FROM refs WHERE to_key = (SELECT min(key) FROM entities WHERE kind = 'department')",
    );
    assert!(out.contains("reference index lacks"), "{out}");
    let out = caught(
        "INSERT INTO refs VALUES ((SELECT min(key) FROM entities WHERE kind = 'person'), 'department', (SELECT min(key) FROM entities WHERE kind = 'party'))",
    );
    assert!(out.contains("which the log does not record"), "{out}");
}

#[test]
fn edited_events_are_named() {
    let out = caught(
        "UPDATE events SET payload = replace(payload, 'Maria Lopez', 'Mario Lopez') WHERE payload LIKE '%Maria Lopez%'",
    );
    assert!(out.contains("its payload was changed"), "{out}");
    let out = caught("UPDATE events SET actor = 'someone-else' WHERE seq = 3");
    assert!(
        out.contains("event #3") && out.contains("header was changed"),
        "{out}"
    );
    let out = caught("DELETE FROM events WHERE seq = 10");
    assert!(out.contains("events #10 to #10 are missing"), "{out}");
    let out = caught("UPDATE meta SET value = '7' WHERE name = 'head_seq'");
    assert!(out.contains("chain head was recorded as #7"), "{out}");
}

#[test]
fn cutting_the_last_events_is_caught() {
    let out = caught("DELETE FROM events WHERE seq > (SELECT max(seq) - 2 FROM events)");
    assert!(
        out.contains("the log ends at #") && out.contains("events were removed"),
        "{out}"
    );
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
    let out = db
        .cmd()
        .args(["audit", "verify", "--checkpoint", &checkpoint])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("is not in this chain: the record was rewritten"),
        "{text}"
    );
}

#[test]
fn a_checkpoint_past_the_end_is_caught() {
    let db = Db::demo();
    let out = db.fails(&["audit", "verify", "--checkpoint", "x"]);
    assert!(out.contains("not SEQ:HASH"), "{out}");
    let beyond = format!("999:{}", "ab".repeat(32));
    let said = db.fails_printing(&["audit", "verify", "--checkpoint", &beyond]);
    assert!(said.contains("beyond the end of the log"), "{said}");
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

#[test]
fn kept_originals_are_checked() {
    let db = Db::demo();
    let eml = db.sibling("m.eml");
    std::fs::write(&eml, "From: maria.lopez@northwind.example\r\nSubject: Evidence\r\nDate: Tue, 17 Nov 2026 16:45:00 +0100\r\nMessage-ID: <e-1@x.example>\r\n\r\nBody\r\n").unwrap();
    db.ok(&["--as", "Sam Carter", "import", "eml", eml.to_str().unwrap()]);
    db.ok(&["audit", "verify"]);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("UPDATE blobs SET bytes = CAST('forged' AS BLOB)")
        .unwrap();
    drop(conn);
    let out = db.cmd().args(["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("do not match its SHA-256")
    );
    db.sql("DELETE FROM blobs");
    let out =
        String::from_utf8(db.cmd().args(["audit", "verify"]).output().unwrap().stdout).unwrap();
    assert!(
        out.contains("its kept original") && out.contains("is missing"),
        "{out}"
    );
}

/// The newest communication's key in a demo database.
const COMM: &str = "(SELECT max(key) FROM comm_index)";

#[test]
fn the_communications_list_index_is_verified() {
    for (sql, said) in [
        (format!("DELETE FROM comm_index WHERE key = {COMM}"), "missing from the communications list index"),
        (format!("UPDATE comm_index SET status = 'cancelled' WHERE key = {COMM}"), "list index's status differ"),
        (format!("UPDATE comm_index SET occurred_at = '2001-01-01T00:00:00.000Z' WHERE key = {COMM}"), "list index's occurred_at differ"),
        (format!("UPDATE comm_index SET voided = 1 WHERE key = {COMM}"), "list index's voided differ"),
        (
            "INSERT INTO comm_index (key, occurred_at, kind, channel, status, voided) SELECT key, '2026-11-01T00:00:00.000Z', 'call', 'official', 'held', 0 FROM entities WHERE kind = 'person' LIMIT 1".into(),
            "a row the log does not record",
        ),
    ] {
        let out = caught(&sql);
        assert!(out.contains(said), "{sql}: {out}");
    }
}

#[test]
fn the_address_index_is_verified() {
    let db = Db::demo();
    let mbox = db.sibling("one.mbox");
    std::fs::write(
        &mbox,
        "From x@y Thu Nov 19 10:00:00 2026\nMessage-ID: <tamper-1@client.example>\nDate: Thu, 19 Nov 2026 10:00:00 +0100\nFrom: Someone <someone@client.example>\nTo: sam.carter@brightline.example\nSubject: Addresses\n\nHello.\n",
    )
    .unwrap();
    db.ok(&[
        "--as",
        "Sam Carter",
        "import",
        "mbox",
        mbox.to_str().unwrap(),
    ]);
    db.ok(&["audit", "verify"]);
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
        let out = copy.cmd().args(["audit", "verify"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !out.status.success() && text.contains(said),
            "{sql}: {text}"
        );
    }
}

#[test]
fn the_search_index_is_verified() {
    for (sql, said) in [
        (format!("UPDATE search SET body = 'nothing to see' WHERE key = {COMM}"), "search index's body differ"),
        (format!("UPDATE search SET title = 'Renamed' WHERE key = {COMM}"), "search index's title differ"),
        (format!("DELETE FROM search WHERE key = {COMM}"), "missing from the search index"),
        (
            "INSERT INTO search (key, kind, title, body) VALUES ('ghost', 'communication', 'Ghost', 'a row nobody recorded')".into(),
            "the search index has a row the log does not record",
        ),
    ] {
        let out = caught(&sql);
        assert!(out.contains(said), "{sql}: {out}");
    }
}
