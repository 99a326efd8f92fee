//! Derived indexes kept beside the projection: the communications list index,
//! imported addresses, and full-text search. Each is rebuilt from entity data.

use super::{members, watch};
use crate::audit::Version;
use crate::error::Result;
use crate::key::Key;
use crate::kind::Kind;
use crate::model::Communication;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::Value;

/// Search rows share their entity's rowid, so one is found without a scan.
/// The rowid is passed as a value: a subquery here made SQLite open a
/// statement savepoint per row, and FTS5 flushes its pending index at each.
const DELETE_SEARCH: &str = "DELETE FROM search WHERE rowid = ?1";
const INSERT_SEARCH: &str =
    "INSERT INTO search (rowid, key, kind, title, body) VALUES (?1, ?2, ?3, ?4, ?5)";

/// A change to the search index, held until the end of its write transaction.
/// FTS5 flushes its pending rows to disk whenever a later statement of the
/// transaction opens a statement savepoint (every insert into a table with
/// constraints does), so search rows are written last, all together.
pub(crate) struct SearchOp {
    rowid: i64,
    delete: bool,
    insert: Option<[String; 4]>,
}

/// Updates every derived index for one new version of the entity whose row
/// is `rowid` and whose references are `refs`; its search change joins
/// `search`, for [`write_search`]. Search is skipped when `with_search` is
/// false (a bulk load rebuilds it).
pub(crate) fn update(
    conn: &Connection,
    rowid: i64,
    version: &Version,
    refs: &[(String, Key)],
    label: &str,
    with_search: bool,
    search: &mut Vec<SearchOp>,
) -> Result<()> {
    let key = version.key.as_str();
    let Some(data) = &version.data else {
        if version.kind == Kind::Communication {
            conn.prepare_cached("UPDATE comm_index SET voided = 1 WHERE key = ?1")?
                .execute([key])?;
            members::remove(conn, rowid)?;
            watch::remove(conn, rowid)?;
            count_live(conn, -1)?;
        }
        search.push(SearchOp {
            rowid,
            delete: true,
            insert: None,
        });
        return Ok(());
    };
    if version.kind == Kind::Communication {
        let seen = version.version > 1;
        let row = index_communication(conn, key, data, seen)?;
        let people: Vec<&str> = refs
            .iter()
            .filter(|(field, _)| members::takes_part(field))
            .map(|(_, to)| to.as_str())
            .collect();
        let typed = Communication::deserialize(data)
            .map_err(|e| crate::Error::Damaged(format!("{key}: data does not fit: {e}")))?;
        let updated = watch::updated(&typed);
        let filed = members::Filed {
            occurred_at: &row.occurred_at,
            kind: &row.kind,
            channel: &row.channel,
            updated: &updated,
        };
        members::index(conn, rowid, &filed, &people, seen)?;
        watch::index(conn, rowid, &typed, seen)?;
        if !seen {
            count_live(conn, 1)?;
        }
    }
    if with_search {
        search.push(SearchOp {
            rowid,
            delete: version.version > 1,
            insert: Some([
                key.to_owned(),
                version.kind.as_str().to_owned(),
                label.to_owned(),
                searchable_text(data),
            ]),
        });
    }
    Ok(())
}

/// Writes the search changes of a transaction, in order, at its end.
pub(crate) fn write_search(conn: &Connection, ops: &[SearchOp]) -> Result<()> {
    for op in ops {
        if op.delete {
            conn.prepare_cached(DELETE_SEARCH)?.execute([op.rowid])?;
        }
        if let Some([key, kind, label, body]) = &op.insert {
            conn.prepare_cached(INSERT_SEARCH)?
                .execute(params![op.rowid, key, kind, label, body])?;
        }
    }
    Ok(())
}

/// What the communications list index holds for one communication.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CommRow {
    pub occurred_at: String,
    pub kind: String,
    pub channel: String,
    pub status: String,
    pub message_id: Option<String>,
    pub original: Option<String>,
    pub addresses: Vec<String>,
}

/// The index row a communication's data gives (shared by writes and `audit verify`).
pub(crate) fn comm_index_row(data: &Value) -> CommRow {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let field = |name: &str| data[name].as_str().unwrap_or_default().to_owned();
    let mut addresses: Vec<String> = data["addresses"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    addresses.sort();
    addresses.dedup();
    CommRow {
        occurred_at: field("occurred_at"),
        kind: field("kind"),
        channel: field("channel"),
        status: field("status"),
        message_id: text(&data["source"]["message_id"]),
        original: text(&data["source"]["original_sha256"]),
        addresses,
    }
}

/// The stored number of live communications (the log's unfiltered total).
pub(crate) fn live_communications(conn: &Connection) -> Result<i64> {
    let n: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE name = 'live_communications'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(n.and_then(|n| n.parse().ok()).unwrap_or(0))
}

fn count_live(conn: &Connection, by: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (name, value) VALUES ('live_communications', CAST(?1 AS TEXT))
         ON CONFLICT(name) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + ?1 AS TEXT)",
    )?
    .execute([by])?;
    Ok(())
}

/// Indexes one communication; its row, as indexed.
fn index_communication(conn: &Connection, key: &str, data: &Value, seen: bool) -> Result<CommRow> {
    let row = comm_index_row(data);
    conn.prepare_cached(
        "INSERT INTO comm_index (key, occurred_at, kind, channel, status, voided, message_id, original) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)
         ON CONFLICT(key) DO UPDATE SET occurred_at = ?2, kind = ?3, channel = ?4, status = ?5, message_id = ?6, original = ?7",
    )?
    .execute(params![key, row.occurred_at, row.kind, row.channel, row.status, row.message_id, row.original])?;
    if seen {
        conn.prepare_cached("DELETE FROM comm_addresses WHERE key = ?1")?
            .execute([key])?;
    }
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO comm_addresses (address, key) VALUES (?1, ?2)")?;
    for a in &row.addresses {
        insert.execute(params![a, key])?;
    }
    Ok(row)
}

/// The words of an entity worth searching: every text value except keys,
/// instants, enum-like single words and hashes.
pub(crate) fn searchable_text(data: &Value) -> String {
    let mut out = String::new();
    collect(data, "", &mut out);
    out
}

fn collect(value: &Value, field: &str, out: &mut String) {
    match value {
        Value::String(s) if worth_indexing(field, s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, field, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| collect(v, k, out)),
        _ => {}
    }
}

fn worth_indexing(field: &str, s: &str) -> bool {
    const SKIP: [&str; 6] = [
        "id",
        "sha256",
        "file_sha256",
        "original_sha256",
        "format",
        "content_type",
    ];
    !s.is_empty()
        && !SKIP.contains(&field)
        && !field.ends_with("_at")
        && uuid::Uuid::parse_str(s).is_err()
        && (s.contains(' ')
            || field == "subject"
            || field == "name"
            || field == "title"
            || field == "text"
            || field == "minutes"
            || !s.contains('_'))
}

/// Rebuilds the search index from the entities table (after a bulk load).
pub(crate) fn rebuild_search(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM search", [])?;
    let mut read = conn.prepare("SELECT rowid, key, kind, data FROM entities WHERE voided = 0")?;
    let mut insert = conn.prepare(INSERT_SEARCH)?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let rowid: i64 = r.get(0)?;
        let key: String = r.get(1)?;
        let kind_text: String = r.get(2)?;
        let data: Value = serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or(Value::Null);
        let label = Kind::parse(&kind_text)
            .map(|k| k.label(&data))
            .unwrap_or_default();
        insert.execute(params![
            rowid,
            key,
            kind_text,
            label,
            searchable_text(&data)
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn searchable_text_skips_keys_times_and_hashes() {
        let data = json!({
            "subject": "Cut-off", "minutes": "We agreed on the 25th", "kind": "meeting",
            "occurred_at": "2026-11-17T15:45:00.000Z", "participants": ["01a0b575-ee80-710d-a48c-ea4c09676b8e"],
            "source": {"format": "typed", "original_sha256": "ab12"},
            "items": [{"id": "x1", "type": "agreement", "text": "Send the accrual file"}],
        });
        let text = searchable_text(&data);
        assert!(
            text.contains("Cut-off") && text.contains("25th") && text.contains("accrual file"),
            "{text}"
        );
        assert!(
            !text.contains("2026-11-17")
                && !text.contains("01a0b575")
                && !text.contains("ab12")
                && !text.contains("typed"),
            "{text}"
        );
    }
}
