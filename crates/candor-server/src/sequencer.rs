//! The sequencer: each pushed item becomes events of the canonical chain,
//! or an answer saying why not.
//!
//! One item is one PostgreSQL transaction holding the engagement's head row
//! (`FOR UPDATE`): inside it the server finds the item's first answer if it
//! was pushed before, reads the member's roles, brings its working copy up to
//! the head and lets the core apply the changes there — every check, the
//! permission included, in the copy's write transaction — then inserts the
//! events the core made and the answer, and commits PostgreSQL before the copy.

use crate::engagements::{self, Engagement, catch_up, insert_events, lock_head};
use crate::members::{self, Member};
use anyhow::{Context, Result, anyhow};
use candor_core::{Author, Store};
use candor_sync::wire::{ItemAnswer, Outcome, PushItem};
use deadpool_postgres::Pool;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio_postgres::Transaction;

/// Begins a transaction acting for `actor` (row-level security reads it).
pub async fn begin_as<'a>(
    client: &'a mut deadpool_postgres::Client,
    actor: &str,
) -> Result<deadpool_postgres::Transaction<'a>> {
    let tx = client.transaction().await?;
    tx.execute("SELECT set_config('candor.actor', $1, true)", &[&actor])
        .await?;
    Ok(tx)
}

/// Pushed items waiting for the sequencer, one entry per request.
pub struct Pending {
    account: String,
    items: Vec<PushItem>,
    reply: std::sync::mpsc::Sender<Result<Vec<ItemAnswer>, String>>,
}

/// Records the items one request pushed, in order (blocking: run it off the
/// async threads). Requests arriving while a batch is written wait for the
/// working copy and are then recorded together, in one transaction on each
/// side (group commit): one lock of the head row, one commit.
pub fn push(
    rt: &Handle,
    pool: &Pool,
    eng: &Arc<Engagement>,
    account: &str,
    items: Vec<PushItem>,
) -> Result<Vec<ItemAnswer>> {
    let (reply, answer) = std::sync::mpsc::channel();
    eng.queue
        .lock()
        .map_err(|_| anyhow!("a push panicked"))?
        .push(Pending {
            account: account.to_owned(),
            items,
            reply,
        });
    {
        let mut store = eng.store.lock().map_err(|_| anyhow!("a push panicked"))?;
        let batch = std::mem::take(&mut *eng.queue.lock().map_err(|_| anyhow!("a push panicked"))?);
        if !batch.is_empty() {
            match record_batch(rt, pool, eng, &mut store, &batch) {
                Ok(answers) => {
                    for (p, a) in batch.iter().zip(answers) {
                        let _ = p.reply.send(Ok(a));
                    }
                }
                Err(e) => {
                    let said = format!("{e:#}");
                    for p in &batch {
                        let _ = p.reply.send(Err(said.clone()));
                    }
                }
            }
        }
    }
    answer
        .recv()
        .map_err(|_| anyhow!("the sequencer stopped"))?
        .map_err(anyhow::Error::msg)
}

/// Records a batch: every item in a savepoint of the working copy's one
/// transaction and in the one PostgreSQL transaction holding the head row;
/// PostgreSQL commits first.
fn record_batch(
    rt: &Handle,
    pool: &Pool,
    eng: &Arc<Engagement>,
    store: &mut Store,
    batch: &[Pending],
) -> Result<Vec<Vec<ItemAnswer>>> {
    let mut client = rt
        .block_on(pool.get())
        .context("PostgreSQL is unavailable")?;
    let tx = rt.block_on(client.transaction())?;
    let (head, _) = rt
        .block_on(lock_head(&tx, &eng.id))?
        .ok_or_else(|| anyhow!("there is no engagement {}", eng.id))?;
    catch_up(rt, store, &tx, &eng.id, head)?;
    let mut slot = Some(tx);
    let mut failed: Option<anyhow::Error> = None;
    let written = store.atomically(|s| {
        let tx = slot.as_ref().expect("the transaction is open");
        let mut answers = Vec::with_capacity(batch.len());
        for group in batch {
            let mut group_answers = Vec::with_capacity(group.items.len());
            for item in &group.items {
                match record_item(rt, s, tx, &eng.id, &group.account, item) {
                    Ok(outcome) => group_answers.push(ItemAnswer {
                        client_id: item.client_id.clone(),
                        outcome,
                    }),
                    Err(e) => {
                        failed = Some(e);
                        return Err(candor_core::Error::Busy(
                            "the batch was not recorded".into(),
                        ));
                    }
                }
            }
            answers.push(group_answers);
        }
        let tx = slot.take().expect("the transaction is committed once");
        if let Err(e) = rt.block_on(tx.commit()) {
            failed = Some(anyhow::Error::new(e).context("committing in PostgreSQL"));
            return Err(candor_core::Error::Busy(
                "the batch was not recorded".into(),
            ));
        }
        Ok(answers)
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let answers = match written {
        Ok(answers) => answers,
        Err(e) if slot.is_none() => {
            tracing::warn!(error = %e, "the chain took a batch the working copy did not: it is rebuilt on the next push");
            return Err(anyhow::Error::new(e).context("the working copy"));
        }
        Err(e) => return Err(anyhow::Error::new(e).context("the working copy")),
    };
    eng.head.send_replace(store.head()?.map_or(0, |h| h.seq));
    Ok(answers)
}

/// Records one item inside a batch: its first answer if it was pushed
/// before; else its changes applied by the core in a savepoint (the
/// member's roles checked there), their events and the answer inserted.
/// An error here is PostgreSQL's or the disk's, and fails the whole batch.
fn record_item(
    rt: &Handle,
    store: &mut Store,
    tx: &Transaction<'_>,
    engagement: &str,
    account: &str,
    item: &PushItem,
) -> Result<Outcome> {
    rt.block_on(tx.execute("SELECT set_config('candor.actor', $1, true)", &[&account]))?;
    let (first, member) =
        rt.block_on(answer_and_member(tx, engagement, &item.client_id, account))?;
    if let Some(first) = first {
        return Ok(first);
    }
    let outcome = match member {
        Some(Member {
            person,
            roles,
            revoked: false,
        }) => {
            let author = Author::new(person, chrono::Utc::now());
            let mut ids = engagements::ids()?;
            let written = store.write(&mut ids, |w| {
                let start = w.head_seq();
                for change in item.changes.clone() {
                    w.apply_as(&author, &roles, change)?;
                }
                w.events_after(start)
            });
            match written {
                Ok(events) => {
                    rt.block_on(insert_events(tx, engagement, &events))?;
                    match (events.first(), events.last()) {
                        (Some(f), Some(l)) => Outcome::Accepted {
                            first: f.seq,
                            last: l.seq,
                        },
                        _ => {
                            let head = store.head()?.map_or(0, |h| h.seq);
                            Outcome::Accepted {
                                first: head + 1,
                                last: head,
                            }
                        }
                    }
                }
                Err(e @ candor_core::Error::Conflict(_)) => Outcome::Conflict {
                    message: e.to_string(),
                },
                Err(
                    e @ (candor_core::Error::Busy(_)
                    | candor_core::Error::DiskFull(_)
                    | candor_core::Error::Io(_)
                    | candor_core::Error::Db(_)
                    | candor_core::Error::Damaged(_)),
                ) => return Err(anyhow::Error::new(e).context("the working copy")),
                Err(other) => Outcome::Refused {
                    message: other.to_string(),
                },
            }
        }
        _ => Outcome::Refused {
            message: format!(
                "{account} is no longer a member of {engagement}: nothing they push is recorded"
            ),
        },
    };
    rt.block_on(save_answer(tx, engagement, account, item, &outcome))?;
    Ok(outcome)
}

/// The first answer to `client_id`, if it was pushed before, and
/// `account`'s membership, in one round trip.
async fn answer_and_member(
    tx: &Transaction<'_>,
    engagement: &str,
    client_id: &str,
    account: &str,
) -> Result<(Option<Outcome>, Option<Member>)> {
    let row = tx
        .query_one(
            "SELECT (SELECT answer::text FROM pushes WHERE engagement = $1 AND client_id = $2),
                    m.person, m.roles, m.revoked_at IS NOT NULL
             FROM (SELECT 1) one LEFT JOIN members m ON m.engagement = $1 AND m.account = $3",
            &[&engagement, &client_id, &account],
        )
        .await?;
    let first = match row.get::<_, Option<&str>>(0) {
        Some(text) => Some(serde_json::from_str(text)?),
        None => None,
    };
    let member = match row.get::<_, Option<String>>(1) {
        Some(person) => Some(Member {
            person,
            roles: members::roles_of(row.get(2))?,
            revoked: row.get(3),
        }),
        None => None,
    };
    Ok((first, member))
}

async fn save_answer(
    tx: &Transaction<'_>,
    engagement: &str,
    account: &str,
    item: &PushItem,
    outcome: &Outcome,
) -> Result<()> {
    tx.execute(
        "INSERT INTO pushes (engagement, client_id, account, made_at, answer) VALUES ($1, $2, $3, $4, $5::text::jsonb)",
        &[
            &engagement,
            &item.client_id,
            &account,
            &candor_core::time::format(item.made_at),
            &serde_json::to_string(outcome)?,
        ],
    )
    .await?;
    Ok(())
}
