//! A table's rows in key order, read alongside the replayed entities (a merge
//! join), so that verify holds one entity's rows at a time, never a table's.

use crate::error::Result;
use rusqlite::{Row, Statement};
use std::iter::Peekable;

type Rows<'s, T> = Box<dyn Iterator<Item = rusqlite::Result<(String, T)>> + 's>;

/// The rows of a query whose first column is a key, in key order.
pub(super) struct Sorted<'s, T> {
    rows: Peekable<Rows<'s, T>>,
}

impl<'s, T: 's> Sorted<'s, T> {
    /// Runs `stmt` (which must order by its first column) and reads each row
    /// after the key with `rest`.
    pub fn new(
        stmt: &'s mut Statement<'_>,
        rest: impl Fn(&Row<'_>) -> rusqlite::Result<T> + 's,
    ) -> Result<Self> {
        let rows = stmt.query_map([], move |r| Ok((r.get::<_, String>(0)?, rest(r)?)))?;
        let rows: Rows<'s, T> = Box::new(rows);
        Ok(Sorted {
            rows: rows.peekable(),
        })
    }

    /// The rows at `key`. Rows with a smaller key — ones no entity came for —
    /// are handed to `stray` first.
    pub fn take(&mut self, key: &str, mut stray: impl FnMut(String, T)) -> Result<Vec<T>> {
        let mut at = Vec::new();
        loop {
            let next = match self.rows.peek() {
                None => break,
                Some(Err(_)) => true,
                Some(Ok((k, _))) => k.as_str() <= key,
            };
            if !next {
                break;
            }
            let (k, row) = self.rows.next().expect("peeked")?;
            if k == key {
                at.push(row);
            } else {
                stray(k, row);
            }
        }
        Ok(at)
    }

    /// Hands every row not yet taken to `stray`.
    pub fn rest(&mut self, mut stray: impl FnMut(String, T)) -> Result<()> {
        for row in self.rows.by_ref() {
            let (k, row) = row?;
            stray(k, row);
        }
        Ok(())
    }
}
