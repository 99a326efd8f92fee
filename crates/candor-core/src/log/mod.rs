//! The communications log: paged, filtered listing and full-text search.

use crate::error::{Error, Result};
use crate::key::Key;
use crate::store::{EntityRow, Store};
use serde::{Deserialize, Serialize};

/// Which communications to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Filter {
    /// A person taking part (participant or sender).
    pub person: Option<Key>,
    /// Anyone of this department taking part.
    pub department: Option<Key>,
    /// Anyone of this party taking part.
    pub party: Option<Key>,
    pub kind: Option<String>,
    pub channel: Option<String>,
    /// An ISO week, "2026-W47", in the engagement's time zone.
    pub week: Option<String>,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// How many communications match the filter in all.
    pub total: i64,
    pub offset: i64,
    pub rows: Vec<EntityRow>,
}

/// A page of communications matching `filter`, newest first. A filter on
/// who takes part reads that member's rows of `comm_members` in time order
/// (ties newest recorded first); the unfiltered total is the stored count of
/// live communications.
pub fn list(store: &Store, filter: &Filter, offset: i64, limit: i64) -> Result<Page> {
    let members: Vec<&Key> = [&filter.person, &filter.department, &filter.party]
        .into_iter()
        .flatten()
        .collect();
    let mut args: Vec<String> = Vec::new();
    let mut arg = |v: String| {
        args.push(v);
        format!("?{}", args.len())
    };
    let week = match filter.week.as_ref().filter(|w| !w.is_empty()) {
        Some(w) => Some(
            crate::time::iso_week_range(w, store.time_zone()?).ok_or_else(|| {
                Error::input(
                    "week",
                    format!("\"{w}\" is not an ISO week such as 2026-W47"),
                )
            })?,
        ),
        None => None,
    };
    let mut clauses = Vec::new();
    let on_members = !members.is_empty();
    for (n, who) in members.iter().enumerate() {
        let a = arg(who.0.clone());
        let rowid = format!("(SELECT rowid FROM entities WHERE key = {a})");
        clauses.push(if n == 0 {
            format!("m.member = {rowid}")
        } else {
            format!(
                "EXISTS (SELECT 1 FROM comm_members x WHERE x.comm = m.comm AND x.member = {rowid})"
            )
        });
    }
    if !on_members {
        clauses.push("c.voided = 0".to_owned());
    }
    let on = if on_members { "m" } else { "c" };
    if let Some(k) = filter.kind.as_ref().filter(|k| !k.is_empty()) {
        clauses.push(format!("{on}.kind = {}", arg(k.clone())));
    }
    if let Some(ch) = filter.channel.as_ref().filter(|c| !c.is_empty()) {
        clauses.push(format!("{on}.channel = {}", arg(ch.clone())));
    }
    if let Some((start, end)) = week {
        clauses.push(if on_members {
            format!(
                "m.at >= {} AND m.at < {}",
                start.timestamp_millis(),
                end.timestamp_millis()
            )
        } else {
            let (a, b) = (
                arg(crate::time::format(start)),
                arg(crate::time::format(end)),
            );
            format!("c.occurred_at >= {a} AND c.occurred_at < {b}")
        });
    }
    let filter_sql = clauses.join(" AND ");
    let (from, key, order) = if on_members {
        (
            "comm_members m JOIN entities e ON e.rowid = m.comm",
            "e.key",
            "m.at DESC, m.comm DESC",
        )
    } else {
        ("comm_index c", "c.key", "c.occurred_at DESC, c.key DESC")
    };
    let total: i64 = if clauses.len() == 1 && !on_members {
        store.live_communications()?
    } else {
        let counted = if on_members { "comm_members m" } else { from };
        store.query_one(
            &format!("SELECT count(*) FROM {counted} WHERE {filter_sql}"),
            &args,
        )?
    };
    let keys: Vec<String> = store.query_keys(
        &format!(
            "SELECT {key} FROM {from} WHERE {filter_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            limit.clamp(0, 1000),
            offset.max(0)
        ),
        &args,
    )?;
    let rows = keys
        .into_iter()
        .map(|k| store.require(&Key(k)))
        .collect::<Result<_>>()?;
    Ok(Page {
        total,
        offset,
        rows,
    })
}

/// A search result: the entity, its title and a snippet with the matches
/// between the markers [`MARK_START`] and [`MARK_END`].
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub key: Key,
    pub kind: String,
    pub title: String,
    pub snippet: String,
}

/// Opens a highlighted match in a snippet (STX).
pub const MARK_START: char = '\u{2}';
/// Closes a highlighted match in a snippet (ETX).
pub const MARK_END: char = '\u{3}';

/// Full-text search over subjects, minutes, items, bodies and notes; best first.
/// Every word of `query` must occur (prefix match on the last word).
pub fn search(store: &Store, query: &str, limit: i64) -> Result<Vec<Hit>> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let Some(last) = words.last() else {
        return Ok(Vec::new());
    };
    let fts = format!("{} {last}*", words[..words.len() - 1].join(" "));
    let sql = format!(
        "SELECT key, kind, title, snippet(search, -1, char(2), char(3), '…', 16) FROM search WHERE search MATCH ?1 ORDER BY bm25(search, 0, 0, 4.0, 1.0) LIMIT {}",
        limit.clamp(1, 500)
    );
    store.query_with(&sql, &[fts], |r| {
        Ok(Hit {
            key: Key(r.get(0)?),
            kind: r.get(1)?,
            title: r.get(2)?,
            snippet: r.get(3)?,
        })
    })
}

#[cfg(test)]
mod tests;
