//! Derived: who takes part in each live communication. A communication's
//! members are its sender and participants, each one's department, and each
//! such department's party, as the `refs` table records them now. Each is a
//! row of `comm_members` — the member's and the communication's rows of
//! `entities` (their rowids, as search rows use) and when it happened, in
//! milliseconds — so a filter on a person, a department or a party reads one
//! index range, newest first, and the table stays small at a million.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;

/// Whether a communication's reference field names someone taking part.
pub(crate) fn takes_part(field: &str) -> bool {
    field == "from" || field.starts_with("participants[")
}

/// When a communication happened, as `comm_members` files it (milliseconds
/// since the Unix epoch; the migration computes the same with `unixepoch`).
pub(crate) fn filed_at(occurred_at: &str) -> i64 {
    crate::time::parse(occurred_at).map_or(0, |t| t.timestamp_millis())
}

/// The members of a communication whose people are `people`: each person,
/// their department and its party, found with `up` (an entity's department
/// or party, as `(key, field)` → referent).
pub(crate) fn members<'a>(
    people: impl IntoIterator<Item = &'a str>,
    mut up: impl FnMut(&str, &str) -> Result<Option<String>>,
) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for person in people {
        if !out.insert(person.to_owned()) {
            continue;
        }
        if let Some(department) = up(person, "department")? {
            if let Some(party) = up(&department, "party")? {
                out.insert(party);
            }
            out.insert(department);
        }
    }
    Ok(out)
}

/// An entity's one reference through `field`, from the `refs` table.
pub(crate) fn referent(conn: &Connection, key: &str, field: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT to_key FROM refs WHERE from_key = ?1 AND field = ?2 LIMIT 1")?
        .query_row([key, field], |r| r.get(0))
        .optional()?)
}

/// What a communication's member rows say of it besides who: when it
/// happened (as indexed), its kind and its channel, and the people to whom
/// it is an update.
pub(crate) struct Filed<'a> {
    pub occurred_at: &'a str,
    pub kind: &'a str,
    pub channel: &'a str,
    pub updated: &'a [&'a str],
}

/// Writes the member rows of the communication in row `comm` (replacing any
/// it had), whose people are `people`.
pub(crate) fn index(
    conn: &Connection,
    comm: i64,
    filed: &Filed<'_>,
    people: &[&str],
    seen: bool,
) -> Result<()> {
    if seen {
        remove(conn, comm)?;
    }
    let set = members(people.iter().copied(), |k, f| referent(conn, k, f))?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO comm_members (member, at, comm, kind, channel, updates) SELECT rowid, ?2, ?3, ?4, ?5, ?6 FROM entities WHERE key = ?1",
    )?;
    let at = filed_at(filed.occurred_at);
    for m in &set {
        let updates = filed.updated.contains(&m.as_str());
        insert.execute(params![m, at, comm, filed.kind, filed.channel, updates])?;
    }
    Ok(())
}

/// Removes the member rows of the communication in row `comm` (it was voided).
pub(crate) fn remove(conn: &Connection, comm: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM comm_members WHERE comm = ?1")?
        .execute([comm])?;
    Ok(())
}

/// After a person's department changed: the member rows of every
/// communication the person in row `person` takes part in are derived again.
pub(crate) fn cascade(conn: &Connection, person: i64) -> Result<()> {
    type Affected = (i64, String, String, String, String);
    let affected: Vec<Affected> = conn
        .prepare_cached(
            "SELECT m.comm, c.key, c.occurred_at, c.kind, c.channel FROM comm_members m
             JOIN entities e ON e.rowid = m.comm JOIN comm_index c ON c.key = e.key
             WHERE m.member = ?1",
        )?
        .query_map([person], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut refs = conn.prepare_cached("SELECT field, to_key FROM refs WHERE from_key = ?1")?;
    let mut updated = conn.prepare_cached(
        "SELECT e.key FROM comm_members m JOIN entities e ON e.rowid = m.member WHERE m.comm = ?1 AND m.updates = 1",
    )?;
    for (comm, key, occurred_at, kind, channel) in affected {
        // Who counts it as an update does not change with a department.
        let updated: Vec<String> = updated
            .query_map([comm], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let updated: Vec<&str> = updated.iter().map(String::as_str).collect();
        let fields: Vec<(String, String)> = refs
            .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let people: Vec<&str> = fields
            .iter()
            .filter(|(f, _)| takes_part(f))
            .map(|(_, to)| to.as_str())
            .collect();
        let filed = Filed {
            occurred_at: &occurred_at,
            kind: &kind,
            channel: &channel,
            updated: &updated,
        };
        index(conn, comm, &filed, &people, true)?;
    }
    Ok(())
}
