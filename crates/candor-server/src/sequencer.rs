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
use std::collections::HashMap;
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
/// transaction and in the one PostgreSQL transaction holding the head row,
/// with a fixed number of statements whatever the batch's size; PostgreSQL
/// commits first.
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
    let (mut answered, members) = rt.block_on(lookups(&tx, &eng.id, batch))?;
    let mut slot = Some(tx);
    let mut failed: Option<anyhow::Error> = None;
    let mut ids = engagements::ids()?;
    let written = store.atomically(|s| {
        let mut answers = Vec::with_capacity(batch.len());
        let mut events = Vec::new();
        let mut saved: Vec<(&PushItem, &str, Outcome)> = Vec::new();
        for group in batch {
            let mut group_answers = Vec::with_capacity(group.items.len());
            for item in &group.items {
                let outcome = match answered.get(&item.client_id) {
                    Some(first) => first.clone(),
                    None => {
                        let member = members.get(&group.account);
                        let outcome = match record_item(
                            s,
                            &mut ids,
                            &eng.id,
                            &group.account,
                            member,
                            item,
                            &mut events,
                        ) {
                            Ok(outcome) => outcome,
                            Err(e) => {
                                failed = Some(e);
                                return Err(candor_core::Error::Busy(
                                    "the batch was not recorded".into(),
                                ));
                            }
                        };
                        answered.insert(item.client_id.clone(), outcome.clone());
                        saved.push((item, &group.account, outcome.clone()));
                        outcome
                    }
                };
                group_answers.push(ItemAnswer {
                    client_id: item.client_id.clone(),
                    outcome,
                });
            }
            answers.push(group_answers);
        }
        let tx = slot.take().expect("the transaction is committed once");
        let done = rt.block_on(async {
            insert_events(&tx, &eng.id, &events).await?;
            save_answers(&tx, &eng.id, &saved).await?;
            tx.commit().await.context("committing in PostgreSQL")
        });
        if let Err(e) = done {
            failed = Some(e);
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

/// The first answers to the batch's client ids that were pushed before, and
/// the memberships of its accounts, read in the transaction that holds the
/// head row. Row-level security reads the first account (every account here
/// pushes to the same engagement).
async fn lookups(
    tx: &Transaction<'_>,
    engagement: &str,
    batch: &[Pending],
) -> Result<(HashMap<String, Outcome>, HashMap<String, Member>)> {
    let ids: Vec<&str> = batch
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.client_id.as_str()))
        .collect();
    let accounts: Vec<&str> = batch.iter().map(|p| p.account.as_str()).collect();
    tx.execute(
        "SELECT set_config('candor.actor', $1, true)",
        &[&accounts.first().copied().unwrap_or_default()],
    )
    .await?;
    let first_params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&engagement, &ids];
    let member_params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&engagement, &accounts];
    let (pushed, members) = tokio::try_join!(
        tx.query(
            "SELECT client_id, answer::text FROM pushes WHERE engagement = $1 AND client_id = ANY($2)",
            &first_params,
        ),
        tx.query(
            "SELECT account, person, roles, revoked_at IS NOT NULL FROM members WHERE engagement = $1 AND account = ANY($2)",
            &member_params,
        ),
    )?;
    let mut first = HashMap::new();
    for r in pushed {
        first.insert(
            r.get::<_, String>(0),
            serde_json::from_str(r.get::<_, &str>(1))?,
        );
    }
    let mut found = HashMap::new();
    for r in members {
        found.insert(
            r.get::<_, String>(0),
            Member {
                person: r.get(1),
                roles: members::roles_of(r.get(2))?,
                revoked: r.get(3),
            },
        );
    }
    Ok((first, found))
}

/// Records one new item inside a batch: its changes applied by the core in
/// a savepoint (the member's roles checked there), its events added to
/// `events`. An error here is the disk's, and fails the whole batch.
fn record_item(
    store: &mut Store,
    ids: &mut candor_core::Ids,
    engagement: &str,
    account: &str,
    member: Option<&Member>,
    item: &PushItem,
    events: &mut Vec<candor_core::audit::Event>,
) -> Result<Outcome> {
    let Some(member) = member.filter(|m| !m.revoked) else {
        return Ok(Outcome::Refused {
            message: format!(
                "{account} is no longer a member of {engagement}: nothing they push is recorded"
            ),
        });
    };
    let author = Author::new(member.person.clone(), chrono::Utc::now());
    let written = store.write(ids, |w| {
        let start = w.head_seq();
        for change in item.changes.clone() {
            w.apply_as(&author, &member.roles, change)?;
        }
        Ok((start, w.events_after(start)?))
    });
    Ok(match written {
        Ok((start, mine)) => {
            let outcome = Outcome::Accepted {
                first: start + 1,
                last: start + mine.len() as i64,
            };
            events.extend(mine);
            outcome
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
    })
}

/// Keeps the answers to a batch's new items.
async fn save_answers(
    tx: &Transaction<'_>,
    engagement: &str,
    saved: &[(&PushItem, &str, Outcome)],
) -> Result<()> {
    if saved.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = saved.iter().map(|(i, _, _)| i.client_id.as_str()).collect();
    let accounts: Vec<&str> = saved.iter().map(|(_, a, _)| *a).collect();
    let made: Vec<String> = saved
        .iter()
        .map(|(i, _, _)| candor_core::time::format(i.made_at))
        .collect();
    let answers: Vec<String> = saved
        .iter()
        .map(|(_, _, o)| serde_json::to_string(o))
        .collect::<Result<_, _>>()?;
    tx.execute(
        "INSERT INTO pushes (engagement, client_id, account, made_at, answer)
         SELECT $1, c, a, m, x::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(c, a, m, x)",
        &[&engagement, &ids, &accounts, &made, &answers],
    )
    .await?;
    Ok(())
}
