//! What the store holds the rules of engagement to, inside the write that
//! records an edition: editions are numbered once, the people named stand on
//! the side their clause says, and a confirmed edition — evidence of what the
//! client agreed — is fixed: a change is a new edition.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

/// Checks an edition of the rules of engagement (`after`, or `None` when it
/// is voided) against its current version `before` and the record.
pub(super) fn check(
    tx: &Connection,
    place: &str,
    key: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<()> {
    let refused = |msg: String| Err(Error::Refused(format!("{place}: {msg}")));
    if let Some(before) = before.filter(|b| !b["confirmed_at"].is_null()) {
        let edition = &before["edition"];
        let Some(after) = after else {
            return refused(format!(
                "edition {edition} was confirmed by the client and stays on record; draft a new edition to replace it"
            ));
        };
        let clauses = |v: &Value| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("internal_note");
            }
            v
        };
        if clauses(before) != clauses(after) {
            return refused(format!(
                "edition {edition} was confirmed by the client and is fixed; draft edition {} with the change",
                edition.as_u64().unwrap_or(0) + 1
            ));
        }
    }
    let Some(after) = after else {
        return Ok(());
    };
    let edition = after["edition"].as_i64().unwrap_or(0);
    let taken: Option<String> = tx
        .prepare_cached(
            "SELECT key FROM entities WHERE kind = 'rules' AND voided = 0 AND key <> ?1
             AND json_extract(data, '$.edition') = ?2",
        )?
        .query_row(rusqlite::params![key, edition], |r| r.get(0))
        .optional()?;
    if let Some(other) = taken {
        return refused(format!(
            "edition {edition} of the rules of engagement is already recorded as {other}"
        ));
    }
    let mut sided: Vec<(String, &Value, &str)> =
        vec![("confirmed_by".into(), &after["confirmed_by"], "client")];
    if let Some(to) = after["bad_news_to"].as_array() {
        sided.extend(
            to.iter()
                .enumerate()
                .map(|(i, p)| (format!("bad_news_to[{i}]"), p, "client")),
        );
    }
    if let Some(path) = after["escalation"].as_array() {
        for (i, level) in path.iter().enumerate() {
            sided.push((
                format!("escalation[{i}].provider"),
                &level["provider"],
                "provider",
            ));
            sided.push((
                format!("escalation[{i}].client"),
                &level["client"],
                "client",
            ));
        }
    }
    for (field, person, side) in sided {
        let Some(person) = person.as_str() else {
            continue;
        };
        let role: Option<String> = tx
            .prepare_cached(
                "SELECT json_extract(pa.data, '$.role') FROM entities p
                 JOIN entities d ON d.key = json_extract(p.data, '$.department')
                 JOIN entities pa ON pa.key = json_extract(d.data, '$.party')
                 WHERE p.key = ?1",
            )?
            .query_row([person], |r| r.get(0))
            .optional()?
            .flatten();
        if role.as_deref() != Some(side) {
            return Err(super::write::invalid(
                place,
                &field,
                format!(
                    "{person} is not a {side} person ({})",
                    role.map_or("no side recorded".into(), |r| format!("on the {r} side"))
                ),
            ));
        }
    }
    Ok(())
}
