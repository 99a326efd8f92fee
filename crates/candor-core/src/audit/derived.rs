//! `audit verify` for the derived indexes: the communications list index,
//! imported addresses and full-text search are rebuilt from what the log
//! records and compared row by row with the stored ones. (SQLite's integrity
//! check, run by verify, proves the full-text index agrees with its rows.)

use super::verify::{Comparison, keyed_rows};
use crate::error::Result;
use crate::kind::Kind;
use crate::store::{comm_index_row, searchable_text};
use rusqlite::types::FromSql;
use std::collections::{BTreeMap, BTreeSet};

impl Comparison<'_> {
    /// Compares every derived index with what the log gives.
    pub(super) fn compare_derived(&mut self) -> Result<()> {
        self.comm_index()?;
        self.addresses()?;
        self.search()
    }

    /// The rows of a two-column query, as pairs.
    fn two_columns<A: FromSql, B: FromSql, C: FromIterator<(A, B)>>(&self, sql: &str) -> Result<C> {
        Ok(self
            .store
            .query_rows(sql, |r| Ok((r.get(0)?, r.get(1)?)))?
            .into_iter()
            .collect())
    }

    fn comm_index(&mut self) -> Result<()> {
        let mut want: BTreeMap<&str, (Vec<Option<String>>, bool)> = BTreeMap::new();
        for (key, exp) in self
            .expected
            .iter()
            .filter(|(_, e)| e.kind == Kind::Communication)
        {
            let data = serde_json::from_str(&exp.data).unwrap_or(serde_json::Value::Null);
            let row = comm_index_row(&data);
            let columns = vec![
                Some(row.occurred_at),
                Some(row.kind),
                Some(row.channel),
                Some(row.status),
                row.message_id,
                row.original,
            ];
            want.insert(key, (columns, exp.voided));
        }
        const NAMES: [&str; 6] = [
            "occurred_at",
            "kind",
            "channel",
            "status",
            "message_id",
            "original",
        ];
        let sql = "SELECT key, occurred_at, kind, channel, status, message_id, original, voided FROM comm_index";
        let seen = keyed_rows(self.store, sql, |key, r| {
            let Some((columns, voided)) = want.get(key) else {
                (self.found)(None, Some(key), "the communications list index has a row the log does not record (it would show in the log)".into());
                return Ok(());
            };
            let mut differs: Vec<&str> = Vec::new();
            for (i, name) in NAMES.iter().enumerate() {
                if r.get::<_, Option<String>>(i + 1)? != columns[i] {
                    differs.push(name);
                }
            }
            if r.get::<_, bool>(7)? != *voided {
                differs.push("voided");
            }
            if !differs.is_empty() {
                (self.found)(
                    None,
                    Some(&format!("communication {key}")),
                    format!(
                        "the communications list index's {} differ from what the log records",
                        differs.join(", ")
                    ),
                );
            }
            Ok(())
        })?;
        for key in want.keys().filter(|k| !seen.contains(**k)) {
            (self.found)(
                None,
                Some(&format!("communication {key}")),
                "is missing from the communications list index (hidden from the log)".into(),
            );
        }
        Ok(())
    }

    fn addresses(&mut self) -> Result<()> {
        let mut want = BTreeSet::new();
        for (key, exp) in self
            .expected
            .iter()
            .filter(|(_, e)| e.kind == Kind::Communication)
        {
            let data = serde_json::from_str(&exp.data).unwrap_or(serde_json::Value::Null);
            for a in comm_index_row(&data).addresses {
                want.insert((a, key.clone()));
            }
        }
        let have: BTreeSet<(String, String)> =
            self.two_columns("SELECT address, key FROM comm_addresses")?;
        for (address, key) in have.difference(&want) {
            (self.found)(
                None,
                Some(&format!("communication {key}")),
                format!("the address index has {address}, which the log does not record"),
            );
        }
        for (address, key) in want.difference(&have) {
            (self.found)(
                None,
                Some(&format!("communication {key}")),
                format!("the address index lacks {address}, which the log records"),
            );
        }
        Ok(())
    }

    fn search(&mut self) -> Result<()> {
        let rowids: BTreeMap<String, i64> = self.two_columns("SELECT key, rowid FROM entities")?;
        let mut stmt = self
            .store
            .conn()
            .prepare("SELECT rowid, key, kind, title, body FROM search")?;
        let mut rows = stmt.query([])?;
        let mut seen = BTreeSet::new();
        while let Some(r) = rows.next()? {
            let key: String = r.get(1)?;
            let shown = || key.clone();
            let Some(exp) = self.expected.get(&key).filter(|e| !e.voided) else {
                (self.found)(
                    None,
                    Some(&shown()),
                    "the search index has a row the log does not record (or of a voided entry)"
                        .into(),
                );
                continue;
            };
            if !seen.insert(key.clone()) {
                (self.found)(
                    None,
                    Some(&format!("{} {key}", exp.kind)),
                    "appears twice in the search index".into(),
                );
                continue;
            }
            let data = serde_json::from_str(&exp.data).unwrap_or(serde_json::Value::Null);
            let mut differs = Vec::new();
            if Some(&r.get::<_, i64>(0)?) != rowids.get(&key) {
                differs.push("rowid");
            }
            if r.get::<_, String>(2)? != exp.kind.as_str() {
                differs.push("kind");
            }
            if r.get::<_, String>(3)? != exp.kind.label(&data) {
                differs.push("title");
            }
            if r.get::<_, String>(4)? != searchable_text(&data) {
                differs.push("body");
            }
            if !differs.is_empty() {
                (self.found)(
                    None,
                    Some(&format!("{} {key}", exp.kind)),
                    format!(
                        "the search index's {} differ from what the log records",
                        differs.join(", ")
                    ),
                );
            }
        }
        for (key, exp) in self
            .expected
            .iter()
            .filter(|(k, e)| !e.voided && !seen.contains(*k))
        {
            (self.found)(
                None,
                Some(&format!("{} {key}", exp.kind)),
                "is missing from the search index (it cannot be found)".into(),
            );
        }
        Ok(())
    }
}
