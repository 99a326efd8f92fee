//! A copy of a team server's record: the server's chain kept verbatim, and
//! the outbox of changes made here that wait to be sent to it.
//!
//! A file joined to a server (its `remote` note) takes events only from the
//! server ([`Store::append_events`]); every write made here is validated on
//! the record with the waiting changes and then queued, not recorded, until
//! the server sequences it.

use super::Store;
use super::write::{Author, Change};
use crate::audit::Event;
use crate::error::{Error, Result};
use crate::key::Ids;
use crate::time;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// The team server a file is a copy of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remote {
    /// The server's address, e.g. `https://candor.example.com`.
    pub url: String,
    /// The engagement's id on the server.
    pub engagement: String,
    /// The account signed in from this file.
    pub account: String,
    /// The provider person of the record that account is.
    pub person: String,
}

/// Changes recorded together here, waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// Names this item to the server, so that a repeated push gets the first answer.
    pub client_id: String,
    /// When the author made them (their own clock).
    #[serde(with = "crate::time::serde_millis")]
    pub made_at: chrono::DateTime<chrono::Utc>,
    pub changes: Vec<Change>,
    /// `waiting`, or `conflict`/`refused` with the server's answer.
    pub state: String,
    pub answer: Option<String>,
}

/// An outbox item as the write path replays it.
pub(super) struct Waiting {
    pub author: Author,
    pub changes: Vec<Change>,
}

pub(super) fn joined(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM meta WHERE name = 'remote'")?
        .exists([])?)
}

pub(super) fn waiting(conn: &Connection) -> Result<Vec<Waiting>> {
    let person = remote_in(conn)?.map(|r| r.person).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT made_at, changes FROM outbox WHERE state = 'waiting' ORDER BY rowid",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (at, changes) = row?;
        out.push(Waiting {
            author: Author::new(person.clone(), parse_at(&at)?),
            changes: serde_json::from_str(&changes).map_err(damaged)?,
        });
    }
    Ok(out)
}

/// Adds one outbox item holding `changes` (nothing if there are none).
pub(super) fn enqueue(
    conn: &Connection,
    ids: &mut Ids,
    changes: Vec<(Author, Change)>,
) -> Result<()> {
    let Some(at) = changes.first().map(|(a, _)| a.at) else {
        return Ok(());
    };
    let list: Vec<Change> = changes.into_iter().map(|(_, c)| c).collect();
    conn.prepare_cached(
        "INSERT INTO outbox (client_id, made_at, changes, state) VALUES (?1, ?2, ?3, 'waiting')",
    )?
    .execute(params![
        ids.next(at).to_string(),
        time::format(at),
        serde_json::to_string(&list).expect("changes serialise")
    ])?;
    Ok(())
}

fn remote_in(conn: &Connection) -> Result<Option<Remote>> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE name = 'remote'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(match text {
        Some(t) => Some(serde_json::from_str(&t).map_err(damaged)?),
        None => None,
    })
}

fn damaged(e: serde_json::Error) -> Error {
    Error::Refused(format!(
        "this file's notes on its team server are damaged: {e}"
    ))
}

fn parse_at(text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    time::parse(text)
        .ok_or_else(|| Error::Refused(format!("outbox time \"{text}\" is not an instant")))
}

impl Store {
    /// The team server this file is a copy of, if any.
    pub fn remote(&self) -> Result<Option<Remote>> {
        remote_in(&self.conn)
    }

    /// Makes this file a copy of `remote`'s record, or updates the note of
    /// one that already is. From now on it takes events only from the
    /// server, and what is written here waits in the outbox.
    pub fn join(&mut self, remote: &Remote) -> Result<()> {
        if let Some(was) = self.remote()?
            && (was.url != remote.url || was.engagement != remote.engagement)
        {
            return Err(Error::Refused(format!(
                "{} is already a copy of engagement {} on {}",
                self.path.display(),
                was.engagement,
                was.url
            )));
        }
        self.conn.execute(
            "INSERT INTO meta (name, value) VALUES ('remote', ?1) ON CONFLICT(name) DO UPDATE SET value = ?1",
            [serde_json::to_string(remote).expect("a remote serialises")],
        )?;
        Ok(())
    }

    /// Appends events the server sequenced, verbatim, in one transaction:
    /// all of them or none. The first must follow this file's head.
    pub fn append_events(&mut self, events: &[Event]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        super::write::append_verbatim(tx, events)
    }

    /// The outbox, oldest first: what waits, and what the server refused.
    pub fn outbox(&self) -> Result<Vec<Outgoing>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT client_id, made_at, changes, state, answer FROM outbox ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (client_id, at, changes, state, answer) = row?;
            out.push(Outgoing {
                client_id,
                made_at: parse_at(&at)?,
                changes: serde_json::from_str(&changes).map_err(damaged)?,
                state,
                answer,
            });
        }
        Ok(out)
    }

    /// Settles one outbox item: accepted items leave it; a conflict or a
    /// refusal stays, with the server's answer, for the person to resolve.
    pub fn settle(&mut self, client_id: &str, outcome: Settled) -> Result<()> {
        let n = match outcome {
            Settled::Accepted => self
                .conn
                .execute("DELETE FROM outbox WHERE client_id = ?1", [client_id])?,
            Settled::Conflict(answer) => self.conn.execute(
                "UPDATE outbox SET state = 'conflict', answer = ?2 WHERE client_id = ?1",
                params![client_id, answer],
            )?,
            Settled::Refused(answer) => self.conn.execute(
                "UPDATE outbox SET state = 'refused', answer = ?2 WHERE client_id = ?1",
                params![client_id, answer],
            )?,
            Settled::Dropped => self
                .conn
                .execute("DELETE FROM outbox WHERE client_id = ?1", [client_id])?,
        };
        if n == 0 {
            return Err(Error::NotFound(format!(
                "the outbox holds no change {client_id}"
            )));
        }
        Ok(())
    }
}

/// How the server answered an outbox item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Sequenced: its events come back with the next pull.
    Accepted,
    /// Based on a version that changed meanwhile (the server's words).
    Conflict(String),
    /// Refused for another reason (a rule, a missing permission).
    Refused(String),
    /// Given up by the person resolving it.
    Dropped,
}
