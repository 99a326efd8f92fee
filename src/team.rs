//! The team server from the command line: `login`, `sync`, `outbox`. The
//! session token lives in the OS keyring, never in the file.

use anyhow::{Context, Result, bail};
use candor_core::Store;
use candor_core::store::{Remote, Settled};
use candor_secrets::Secret;
use candor_sync::{Client, SyncReport};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Where the keyring keeps a copy's session: one entry per server, engagement and account.
fn session_secret(remote: &Remote) -> Result<Secret> {
    Ok(Secret::team_session(
        &remote.url,
        &remote.engagement,
        &remote.account,
    )?)
}

/// The session token of this copy: `CANDOR_TOKEN` if set, else the keyring's.
fn token(remote: &Remote) -> Result<String> {
    if let Ok(t) = std::env::var("CANDOR_TOKEN") {
        return Ok(t);
    }
    session_secret(remote)?.get()?.with_context(|| {
        format!(
            "no session for {} on {}: sign in with `candor login {} --engagement {} --account {}`",
            remote.account, remote.url, remote.url, remote.engagement, remote.account
        )
    })
}

fn client(store: &Store) -> Result<(Remote, Client)> {
    let remote = store.remote()?.with_context(|| {
        format!(
            "{} is not a copy of a team server's record; `candor login URL --engagement ID --account NAME` makes one",
            store.path().display()
        )
    })?;
    let token = token(&remote)?;
    let client = Client::new(&remote.url, &remote.engagement, &token);
    Ok((remote, client))
}

pub(crate) fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        return Ok(text.trim_end_matches(['\r', '\n']).to_owned());
    }
    rpassword::prompt_password("password: ").context("reading the password")
}

/// `candor login`: signs in, keeps the session in the keyring, makes the
/// file a copy of the engagement and takes its record.
pub fn login(
    store: &mut Store,
    url: &str,
    engagement: &str,
    account: &str,
    password_stdin: bool,
) -> Result<ExitCode> {
    let password = read_password(password_stdin)?;
    let session = Client::login(url, account, &password)?;
    let Some(member) = session
        .memberships
        .iter()
        .find(|m| m.engagement == engagement && !m.revoked)
    else {
        let known: Vec<&str> = session
            .memberships
            .iter()
            .map(|m| m.engagement.as_str())
            .collect();
        bail!(
            "{account} is not a member of engagement {engagement} on {url} (member of: {})",
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        );
    };
    let remote = Remote {
        url: url.trim_end_matches('/').to_owned(),
        engagement: engagement.to_owned(),
        account: account.to_owned(),
        person: member.person.clone(),
    };
    if store.remote()?.is_none() && !store.is_empty()? {
        bail!(
            "{} already holds a record of its own; sign in with a new file (--db) — a record moves to a server with `candor-server engagement import`",
            store.path().display()
        );
    }
    if std::env::var("CANDOR_TOKEN").is_err() {
        session_secret(&remote)?
            .set(&session.token)
            .context("keeping the session in the OS keyring")?;
    }
    store.join(&remote)?;
    let client = Client::new(&remote.url, engagement, &session.token);
    let pulled = candor_sync::pull(store, &client)?;
    println!(
        "{} is a copy of {} on {} as {account} ({}); took {pulled} events",
        store.path().display(),
        member.name,
        remote.url,
        candor_core::access::names(&member.roles)
    );
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &SyncReport) {
    println!(
        "sent {}, took {} events{}",
        report.accepted,
        report.pulled,
        if report.waiting > 0 {
            format!(", {} still waiting", report.waiting)
        } else {
            String::new()
        }
    );
    for (id, why) in &report.refused {
        println!("not recorded {id}: {why}");
    }
}

/// `candor sync`: one round, then (with `--watch`) the team's changes as
/// they come, for a bounded time.
pub fn sync(store: &mut Store, watch: Option<u64>) -> Result<ExitCode> {
    let (_, client) = client(store)?;
    let report = candor_sync::sync(store, &client)?;
    print_report(&report);
    if let Some(seconds) = watch {
        let until = Instant::now() + Duration::from_secs(seconds);
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            let seen = store.head()?.map_or(0, |h| h.seq);
            if client.wait_for_head(seen, left)?.is_some() {
                let report = candor_sync::sync(store, &client)?;
                print_report(&report);
            }
        }
    }
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// `candor outbox`: lists what waits and what was refused; `--drop` gives one up.
pub fn outbox(store: &mut Store, drop: Option<&str>, json: bool) -> Result<ExitCode> {
    if let Some(id) = drop {
        store.settle(id, Settled::Dropped)?;
        println!("dropped {id}");
        return Ok(ExitCode::SUCCESS);
    }
    let items = store.outbox()?;
    if json {
        crate::output::json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    if items.is_empty() {
        println!("nothing waits to be sent");
    }
    for item in items {
        println!(
            "{}\t{}\t{}\t{} change(s){}",
            item.client_id,
            candor_core::time::format(item.made_at),
            item.state,
            item.changes.len(),
            item.answer.map(|a| format!("\t{a}")).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How many items wait in the outbox (0 for a file of its own).
pub fn waiting(store: &Store) -> Result<usize> {
    if store.remote()?.is_none() {
        return Ok(0);
    }
    Ok(store
        .outbox()?
        .iter()
        .filter(|o| o.state == "waiting")
        .count())
}

/// Says so when a command queued changes for the team server.
pub fn note_waiting(store: &Store, before: usize) -> Result<()> {
    let now = waiting(store)?;
    if now > before {
        eprintln!(
            "candor: recorded in the outbox, not yet in the team's record ({now} waiting); `candor sync` sends it"
        );
    }
    Ok(())
}
