//! Each engagement's record: its canonical chain in PostgreSQL and the
//! server's working copy of it, a Candor SQLite file in the data folder that
//! the core validates every change against. The copy is rebuilt from the
//! chain whenever it is behind (after a crash between the two commits).

use anyhow::{Context, Result, anyhow, bail};
use candor_core::audit::Event;
use candor_core::{Ids, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::runtime::Handle;
use tokio_postgres::Transaction;

/// One engagement the server holds.
pub struct Engagement {
    pub id: String,
    /// The working copy, written by one push at a time.
    pub store: Mutex<Store>,
    /// The chain's head, for the live stream.
    pub head: tokio::sync::watch::Sender<i64>,
    /// Pushes waiting for the sequencer (see [`crate::sequencer::push`]).
    pub queue: Mutex<Vec<crate::sequencer::Pending>>,
}

/// The engagements of one server, opened on first use.
pub struct Engagements {
    dir: PathBuf,
    open: Mutex<HashMap<String, Arc<Engagement>>>,
}

const EVENT_COLUMNS: &str = "seq, id, at, actor, entity, payload, payload_hash, prev_hash, hash";

impl Engagements {
    pub fn new(dir: &Path) -> Engagements {
        Engagements {
            dir: dir.to_path_buf(),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The working copy's file of engagement `id`.
    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.candor"))
    }

    /// The engagement `id`, its working copy opened (and created) if need be.
    pub fn get(&self, id: &str) -> Result<Arc<Engagement>> {
        let mut open = self.open.lock().map_err(|_| anyhow!("a push panicked"))?;
        if let Some(e) = open.get(id) {
            return Ok(e.clone());
        }
        let mut store = Store::create(&self.path(id))?;
        store.set_writer("candor-server");
        store.set_rebuildable()?;
        let head = store.head()?.map_or(0, |h| h.seq);
        let e = Arc::new(Engagement {
            id: id.to_owned(),
            store: Mutex::new(store),
            head: tokio::sync::watch::Sender::new(head),
            queue: Mutex::new(Vec::new()),
        });
        open.insert(id.to_owned(), e.clone());
        Ok(e)
    }
}

/// The chain's events of `engagement` after `after`, at most `limit`.
pub async fn events_after(
    db: &Transaction<'_>,
    engagement: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>> {
    let rows = db
        .query(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE engagement = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            &[&engagement, &after, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Event {
            seq: r.get(0),
            id: r.get(1),
            at: r.get(2),
            actor: r.get(3),
            entity: r.get(4),
            payload: r.get(5),
            payload_hash: r.get(6),
            prev_hash: r.get(7),
            hash: r.get(8),
        })
        .collect())
}

/// Brings the working copy up to the chain's head `head` (read under the
/// engagement's lock), from the chain itself.
pub fn catch_up(
    rt: &Handle,
    store: &mut Store,
    db: &Transaction<'_>,
    engagement: &str,
    head: i64,
) -> Result<()> {
    loop {
        let have = store.head()?.map_or(0, |h| h.seq);
        if have == head {
            return Ok(());
        }
        if have > head {
            bail!(
                "the working copy of {engagement} is ahead of its chain in PostgreSQL ({have} > {head}): the database was restored from an older backup; move the copy aside to rebuild it"
            );
        }
        let events = rt.block_on(events_after(db, engagement, have, 5000))?;
        if events.is_empty() {
            bail!("the chain of {engagement} ends at {have}, before its head {head}");
        }
        store
            .append_events(&events)
            .with_context(|| format!("rebuilding the working copy of {engagement}"))?;
    }
}

/// Writes `events` (just appended to the working copy) to the chain and
/// moves the engagement's head, in `db`.
pub async fn insert_events(db: &Transaction<'_>, engagement: &str, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let column = |f: fn(&Event) -> &str| events.iter().map(f).collect::<Vec<&str>>();
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    db.execute(
        "INSERT INTO events (engagement, seq, id, at, actor, entity, payload, payload_hash, prev_hash, hash)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])",
        &[
            &engagement,
            &seqs,
            &column(|e| &e.id),
            &column(|e| &e.at),
            &column(|e| &e.actor),
            &column(|e| &e.entity),
            &column(|e| &e.payload),
            &column(|e| &e.payload_hash),
            &column(|e| &e.prev_hash),
            &column(|e| &e.hash),
        ],
    )
    .await?;
    let last = events.last().expect("not empty");
    db.execute(
        "UPDATE engagements SET head_seq = $2, head_hash = $3 WHERE id = $1",
        &[&engagement, &last.seq, &last.hash],
    )
    .await?;
    Ok(())
}

/// Locks engagement `id`'s head row for this transaction; its head.
pub async fn lock_head(db: &Transaction<'_>, id: &str) -> Result<Option<(i64, String)>> {
    Ok(db
        .query_opt(
            "SELECT head_seq, head_hash FROM engagements WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .map(|r| (r.get(0), r.get(1))))
}

/// A fresh id source for events the server makes.
pub fn ids() -> Result<Ids> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| anyhow::anyhow!("the system\'s randomness is unavailable: {e}"))?;
    Ok(Ids::from_entropy(seed))
}
