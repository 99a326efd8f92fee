//! `audit verify` for the derived indexes: the communications list index,
//! imported addresses and full-text search are rebuilt entity by entity from
//! what the log records and compared with the stored rows. (SQLite's
//! integrity check, run by verify, proves the full-text index agrees with
//! its rows.)

use super::replay::Expected;
use super::sorted::Sorted;
use super::verify::Findings;
use crate::error::Result;
use crate::kind::Kind;
use crate::model::Communication;
use crate::store::{
    Filed, comm_index_row, filed_at, members, referent, searchable_text, takes_part,
};
use rusqlite::{Connection, OptionalExtension, Statement};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// The communications list index's columns after the key, as stored.
type IndexRow = ([Option<String>; 6], bool);

const INDEX_COLUMNS: [&str; 6] = [
    "occurred_at",
    "kind",
    "channel",
    "status",
    "message_id",
    "original",
];

/// The statements the derived indexes are read in key order with.
pub(super) struct Statements<'c> {
    comm_index: Statement<'c>,
    addresses: Statement<'c>,
}

/// The derived indexes, read alongside the replayed entities.
pub(super) struct Derived<'s> {
    conn: &'s Connection,
    comm_index: Sorted<'s, IndexRow>,
    addresses: Sorted<'s, String>,
    /// Departments of people and parties of departments, from `refs` (which
    /// the replay checks on its own); bounded, as the people are few.
    up: HashMap<(String, String), Option<String>>,
    /// Live communications replayed so far.
    live: i64,
}

impl<'s> Derived<'s> {
    /// Prepares the key-ordered reads of the derived indexes.
    pub fn statements(conn: &Connection) -> Result<Statements<'_>> {
        Ok(Statements {
            comm_index: conn.prepare(
                "SELECT key, occurred_at, kind, channel, status, message_id, original, voided FROM comm_index ORDER BY key",
            )?,
            addresses: conn.prepare("SELECT key, address FROM comm_addresses ORDER BY key, address")?,
        })
    }

    pub fn new(conn: &'s Connection, statements: &'s mut Statements<'_>) -> Result<Self> {
        Ok(Derived {
            conn,
            comm_index: Sorted::new(&mut statements.comm_index, |r| {
                Ok((
                    [
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ],
                    r.get(7)?,
                ))
            })?,
            addresses: Sorted::new(&mut statements.addresses, |r| r.get(1))?,
            up: HashMap::new(),
            live: 0,
        })
    }

    /// Compares one entity's derived rows with what its replayed state gives
    /// (`None`: the log records no state, so it must have no rows); `rowid` is
    /// its row's in `entities`, which its search row shares.
    pub fn entity(
        &mut self,
        key: &str,
        replayed: Option<(&Expected, &Value)>,
        rowid: Option<i64>,
        findings: &mut Findings,
    ) -> Result<()> {
        let index = self
            .comm_index
            .take(key, |k, _| stray_index_row(&k, findings))?;
        let addresses = self
            .addresses
            .take(key, |k, a| stray_address(&k, &a, findings))?;
        let communication = replayed.filter(|(e, _)| e.kind == Kind::Communication);
        let Some((exp, data)) = communication else {
            if !index.is_empty() {
                stray_index_row(key, findings);
            }
            for a in &addresses {
                stray_address(key, a, findings);
            }
            if let Some((exp, data)) = replayed {
                self.search(key, exp, data, rowid, findings)?;
            }
            return Ok(());
        };
        let name = exp.name(key);
        let row = comm_index_row(data);
        match index.first() {
            None => findings.add(
                None,
                Some(&name),
                "is missing from the communications list index (hidden from the log)",
            ),
            Some((columns, voided)) => {
                let want = [
                    Some(row.occurred_at),
                    Some(row.kind),
                    Some(row.channel),
                    Some(row.status),
                    row.message_id,
                    row.original.clone(),
                ];
                let mut differs: Vec<&str> = INDEX_COLUMNS
                    .iter()
                    .zip(columns.iter().zip(&want))
                    .filter(|(_, (have, want))| have != want)
                    .map(|(name, _)| *name)
                    .collect();
                if *voided != exp.voided {
                    differs.push("voided");
                }
                if !differs.is_empty() {
                    findings.add(
                        None,
                        Some(&name),
                        format!(
                            "the communications list index's {} differ from what the log records",
                            differs.join(", ")
                        ),
                    );
                }
            }
        }
        for a in addresses.iter().filter(|a| !row.addresses.contains(a)) {
            stray_address(key, a, findings);
        }
        for a in row.addresses.iter().filter(|a| !addresses.contains(a)) {
            findings.add(
                None,
                Some(&name),
                format!("the address index lacks {a}, which the log records"),
            );
        }
        if let Some(sha) = &row.original
            && !self.kept(sha)?
        {
            findings.add(
                Some(exp.last_seq),
                Some(&format!("communication {key}")),
                format!("its kept original {sha} is missing (deleted outside Candor)"),
            );
        }
        self.search(key, exp, data, rowid, findings)
    }

    /// A live entity has exactly its search row, at its own rowid.
    fn search(
        &self,
        key: &str,
        exp: &Expected,
        data: &Value,
        rowid: Option<i64>,
        findings: &mut Findings,
    ) -> Result<()> {
        let (Some(rowid), false) = (rowid, exp.voided) else {
            return Ok(());
        };
        let row: Option<(String, String, String, String)> = self
            .conn
            .prepare_cached("SELECT key, kind, title, body FROM search WHERE rowid = ?1")?
            .query_row([rowid], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let name = exp.name(key);
        let Some((_, kind, title, body)) = row.filter(|(at, ..)| at == key) else {
            findings.add(
                None,
                Some(&name),
                "is missing from the search index (it cannot be found)",
            );
            return Ok(());
        };
        let mut differs = Vec::new();
        if kind != exp.kind.as_str() {
            differs.push("kind");
        }
        if title != exp.kind.label(data) {
            differs.push("title");
        }
        if body != searchable_text(data) {
            differs.push("body");
        }
        if !differs.is_empty() {
            findings.add(
                None,
                Some(&name),
                format!(
                    "the search index's {} differ from what the log records",
                    differs.join(", ")
                ),
            );
        }
        Ok(())
    }

    /// Compares the member rows of the live communication `key` (in row
    /// `rowid`, filed as `filed`) with what the log gives: one row for each
    /// person in `refs` taking part, their department and its party.
    /// Rows of anything else are found by [`Derived::rest`].
    pub fn members(
        &mut self,
        key: &str,
        exp: &Expected,
        (rowid, filed): (Option<i64>, &Filed<'_>),
        refs: &BTreeSet<(String, String)>,
        findings: &mut Findings,
    ) -> Result<()> {
        self.live += 1;
        let Some(rowid) = rowid else {
            return Ok(());
        };
        type Row = (Option<String>, (i64, String, String, bool));
        let have: Vec<Row> = self
            .conn
            .prepare_cached(
                "SELECT p.key, m.at, m.kind, m.channel, m.updates FROM comm_members m LEFT JOIN entities p ON p.rowid = m.member WHERE m.comm = ?1",
            )?
            .query_map([rowid], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (conn, up) = (self.conn, &mut self.up);
        if up.len() > 65_536 {
            up.clear();
        }
        let people = refs
            .iter()
            .filter(|(field, _)| takes_part(field))
            .map(|(_, to)| to.as_str());
        let want = members(people, |k, field| {
            let at = (k.to_owned(), field.to_owned());
            if let Some(found) = up.get(&at) {
                return Ok(found.clone());
            }
            let found = referent(conn, k, field)?;
            up.insert(at, found.clone());
            Ok(found)
        })?;
        let name = exp.name(key);
        let at = filed_at(filed.occurred_at);
        for (m, (when, kind, channel, updates)) in &have {
            match m {
                Some(m) if want.contains(m) => {
                    if *updates != filed.updated.contains(&m.as_str()) {
                        findings.add(
                            None,
                            Some(&name),
                            format!("the participants index says wrongly whether it updated {m} (the update cadence would be misjudged)"),
                        );
                    }
                    if *when != at {
                        findings.add(
                            None,
                            Some(&name),
                            format!("the participants index files it under {m} at another time than when it happened"),
                        );
                    }
                    if kind != filed.kind || channel != filed.channel {
                        findings.add(
                            None,
                            Some(&name),
                            format!("the participants index files it under {m} with another kind or channel than the log records"),
                        );
                    }
                }
                Some(m) => stray_member(key, m, findings),
                None => stray_member(key, "a row no entry has", findings),
            }
        }
        for m in want
            .iter()
            .filter(|m| !have.iter().any(|(h, _)| h.as_deref() == Some(m.as_str())))
        {
            findings.add(
                None,
                Some(&name),
                format!(
                    "the participants index lacks {m}, who takes part (hidden from that filter)"
                ),
            );
        }
        Ok(())
    }

    /// Compares the watch row of the live communication `key` (in row
    /// `rowid`, `typed` as the log gives it) with what the rules need of it.
    pub fn watch(
        &mut self,
        key: &str,
        exp: &Expected,
        rowid: Option<i64>,
        typed: Option<&Communication>,
        findings: &mut Findings,
    ) -> Result<()> {
        let (Some(rowid), Some(c)) = (rowid, typed) else {
            return Ok(());
        };
        let have: Option<i64> = self
            .conn
            .prepare_cached("SELECT until FROM comm_watch WHERE comm = ?1")?
            .query_row([rowid], |r| r.get(0))
            .optional()?;
        let want = crate::flags::watch::until(c);
        if have != want {
            let what = match (have, want) {
                (None, _) => "the flags' watch list lacks it (its flags would not be raised)",
                (_, None) => "the flags' watch list has it, though no rule can flag it",
                _ => "the flags' watch list ends its watch at another instant than the log gives",
            };
            findings.add(None, Some(&exp.name(key)), what);
        }
        Ok(())
    }

    /// Whether the original with this SHA-256 is kept.
    fn kept(&self, sha: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?
            .query_row([sha], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Rows of `table` (by its `comm` column) whose communication is not a
    /// live one, each named once with `said`.
    fn not_live(&self, table: &str, said: &str, findings: &mut Findings) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT coalesce(e.key, '#' || t.comm) FROM {table} t LEFT JOIN entities e ON e.rowid = t.comm
             WHERE NOT EXISTS (SELECT 1 FROM entities l WHERE l.rowid = t.comm AND l.kind = 'communication' AND l.voided = 0)"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            findings.add(None, Some(&key), said);
        }
        Ok(())
    }

    /// Rows after the last entity, and search rows no live entity owns.
    pub fn rest(&mut self, findings: &mut Findings) -> Result<()> {
        self.comm_index.rest(|k, _| stray_index_row(&k, findings))?;
        self.addresses
            .rest(|k, a| stray_address(&k, &a, findings))?;
        self.not_live(
            "comm_members",
            "the participants index files what is not a live communication (it would show in the log)",
            findings,
        )?;
        self.not_live(
            "comm_watch",
            "the flags' watch list has what is not a live communication",
            findings,
        )?;
        let stored = crate::store::live_communications(self.conn)?;
        if stored != self.live {
            findings.add(
                None,
                None,
                format!(
                    "the stored number of live communications is {stored}; the log records {}",
                    self.live
                ),
            );
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.key FROM search s WHERE NOT EXISTS
               (SELECT 1 FROM entities e WHERE e.rowid = s.rowid AND e.key = s.key AND e.voided = 0)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            findings.add(
                None,
                Some(&key),
                "the search index has a row the log does not record (or of a voided entry, or a second one)",
            );
        }
        Ok(())
    }
}

fn stray_index_row(key: &str, findings: &mut Findings) {
    findings.add(
        None,
        Some(key),
        "the communications list index has a row the log does not record (it would show in the log)",
    );
}

fn stray_member(key: &str, member: &str, findings: &mut Findings) {
    findings.add(
        None,
        Some(&format!("communication {key}")),
        format!("the participants index files it under {member}, whom the log does not record taking part"),
    );
}

fn stray_address(key: &str, address: &str, findings: &mut Findings) {
    findings.add(
        None,
        Some(&format!("communication {key}")),
        format!("the address index has {address}, which the log does not record"),
    );
}
