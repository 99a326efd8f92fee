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
use candor_core::Author;
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

/// Records one pushed item by `account` (blocking: run it off the async threads).
pub fn push(
    rt: &Handle,
    pool: &Pool,
    eng: &Arc<Engagement>,
    account: &str,
    item: PushItem,
) -> Result<ItemAnswer> {
    let mut client = rt
        .block_on(pool.get())
        .context("PostgreSQL is unavailable")?;
    let mut store = eng.store.lock().map_err(|_| anyhow!("a push panicked"))?;
    let tx = rt.block_on(begin_as(&mut client, account))?;
    let (head, _) = rt
        .block_on(lock_head(&tx, &eng.id))?
        .ok_or_else(|| anyhow!("there is no engagement {}", eng.id))?;
    let answer = |outcome| ItemAnswer {
        client_id: item.client_id.clone(),
        outcome,
    };
    let (first, member) = rt.block_on(answer_and_member(&tx, &eng.id, &item.client_id, account))?;
    if let Some(first) = first {
        return Ok(answer(first));
    }
    let member = match member {
        Some(m) if !m.revoked => m,
        _ => {
            let outcome = Outcome::Refused {
                message: format!(
                    "{account} is no longer a member of {}: nothing they push is recorded",
                    eng.id
                ),
            };
            rt.block_on(async {
                save_answer(&tx, &eng.id, account, &item, &outcome).await?;
                tx.commit().await?;
                Ok::<_, anyhow::Error>(())
            })?;
            return Ok(answer(outcome));
        }
    };
    catch_up(rt, &mut store, &tx, &eng.id, head)?;
    let Member { person, roles, .. } = member;
    let author = Author::new(person, chrono::Utc::now());
    let mut ids = engagements::ids()?;
    let mut slot = Some(tx);
    let mut failed: Option<anyhow::Error> = None;
    let written = store.write(&mut ids, |w| {
        let start = w.head_seq();
        for change in item.changes.clone() {
            w.apply_as(&author, &roles, change)?;
        }
        let events = w.events_after(start)?;
        let outcome = Outcome::Accepted {
            first: start + 1,
            last: w.head_seq(),
        };
        let tx = slot.take().expect("the transaction is used once");
        let saved = rt.block_on(async {
            insert_events(&tx, &eng.id, &events).await?;
            save_answer(&tx, &eng.id, account, &item, &outcome).await?;
            tx.commit().await?;
            Ok::<_, anyhow::Error>(())
        });
        match saved {
            Ok(()) => Ok((outcome, w.head_seq())),
            Err(e) => {
                failed = Some(e);
                Err(candor_core::Error::Busy(
                    "PostgreSQL did not take the events".into(),
                ))
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.context("recording a push in PostgreSQL"));
    }
    match written {
        Ok((outcome, head)) => {
            eng.head.send_replace(head);
            Ok(answer(outcome))
        }
        Err(e) => {
            let Some(tx) = slot.take() else {
                return Err(anyhow::Error::new(e).context(
                    "the chain took the events but the working copy did not: it is rebuilt on the next push",
                ));
            };
            let outcome = match e {
                candor_core::Error::Conflict(_) => Outcome::Conflict {
                    message: e.to_string(),
                },
                candor_core::Error::Busy(_)
                | candor_core::Error::DiskFull(_)
                | candor_core::Error::Io(_)
                | candor_core::Error::Db(_)
                | candor_core::Error::Damaged(_) => {
                    return Err(anyhow::Error::new(e).context("the working copy"));
                }
                other => Outcome::Refused {
                    message: other.to_string(),
                },
            };
            rt.block_on(async {
                save_answer(&tx, &eng.id, account, &item, &outcome).await?;
                tx.commit().await?;
                Ok::<_, anyhow::Error>(())
            })?;
            Ok(answer(outcome))
        }
    }
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
