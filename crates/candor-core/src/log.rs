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

/// A page of communications matching `filter`, newest first.
pub fn list(store: &Store, filter: &Filter, offset: i64, limit: i64) -> Result<Page> {
    let mut clauses = vec!["c.voided = 0".to_owned()];
    let mut args: Vec<String> = Vec::new();
    let mut arg = |v: String| {
        args.push(v);
        format!("?{}", args.len())
    };
    let people_in = |who: &str| {
        format!(
            "c.key IN (SELECT r.from_key FROM refs r WHERE (r.field = 'from' OR r.field LIKE 'participants[%') AND r.to_key IN ({who}))"
        )
    };
    if let Some(p) = &filter.person {
        let a = arg(p.0.clone());
        clauses.push(people_in(&a));
    }
    if let Some(d) = &filter.department {
        let a = arg(d.0.clone());
        clauses.push(people_in(&format!(
            "SELECT from_key FROM refs WHERE field = 'department' AND to_key = {a}"
        )));
    }
    if let Some(p) = &filter.party {
        let a = arg(p.0.clone());
        clauses.push(people_in(&format!(
            "SELECT from_key FROM refs WHERE field = 'department' AND to_key IN (SELECT from_key FROM refs WHERE field = 'party' AND to_key = {a})"
        )));
    }
    if let Some(k) = filter.kind.as_ref().filter(|k| !k.is_empty()) {
        let a = arg(k.clone());
        clauses.push(format!("c.kind = {a}"));
    }
    if let Some(ch) = filter.channel.as_ref().filter(|c| !c.is_empty()) {
        let a = arg(ch.clone());
        clauses.push(format!("c.channel = {a}"));
    }
    if let Some(w) = filter.week.as_ref().filter(|w| !w.is_empty()) {
        let (from, to) = crate::time::iso_week_range(w, store.time_zone()?).ok_or_else(|| {
            Error::input(
                "week",
                format!("\"{w}\" is not an ISO week such as 2026-W47"),
            )
        })?;
        let (a, b) = (arg(crate::time::format(from)), arg(crate::time::format(to)));
        clauses.push(format!("c.occurred_at >= {a} AND c.occurred_at < {b}"));
    }
    let filter_sql = clauses.join(" AND ");
    let total: i64 = store.query_one(
        &format!("SELECT count(*) FROM comm_index c WHERE {filter_sql}"),
        &args,
    )?;
    let keys: Vec<String> = store.query_keys(
        &format!("SELECT c.key FROM comm_index c WHERE {filter_sql} ORDER BY c.occurred_at DESC, c.key DESC LIMIT {} OFFSET {}", limit.clamp(0, 1000), offset.max(0)),
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
