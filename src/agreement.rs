//! `candor agreement`: the rules of engagement, edition by edition.

use crate::commands::{Cx, OK, written};
use crate::output;
use anyhow::{Context, Result};
use candor_core::record::{Index, Snapshot};
use candor_core::{Kind, agreement};
use chrono::Utc;
use clap::Subcommand;
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AgreementCommand {
    /// Draft the next edition from the last one's clauses, with `field=value` changes.
    ///
    /// People, departments and procedures are named as in the app:
    /// `cadence="Maria Lopez:7, Northwind Foods Logistics:14"`,
    /// `escalation="Ana Ruiz/Maria Lopez, Luis Ortega/Carmen Diaz"` (provider/client per level),
    /// `bad_news_to="Maria Lopez"`, `disclosure_procedures="FIN-07"`; days as numbers
    /// (`minutes_sent_days=1`, `escalation_days=10`).
    Draft {
        fields: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change the draft (`field=value`, as for draft), with the reason.
    Amend {
        fields: Vec<String>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record that the draft was sent to the client in a logged communication.
    Send {
        /// The communication's key.
        #[arg(long)]
        comm: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the client's confirmation of the sent draft: in force from `--at`.
    Confirm {
        /// The client person who confirmed it (name, e-mail or key).
        #[arg(long)]
        by: String,
        /// When (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every edition in words, the one in force first, as known at `--at`.
    Show {
        /// As known at this instant (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Runs one `candor agreement` subcommand.
pub(crate) fn run(cx: &mut Cx, command: AgreementCommand) -> Result<ExitCode> {
    match command {
        AgreementCommand::Draft { fields, json } => {
            let fields = named(cx, &fields)?;
            let change =
                agreement::draft_next(&cx.store, |data| candor_core::patch::apply(&data, &fields))?;
            let key = cx.apply(change)?;
            written(&cx.store, &key, json, "drafted")
        }
        AgreementCommand::Amend {
            fields,
            reason,
            json,
        } => {
            let fields = named(cx, &fields)?;
            let change = agreement::amend_draft(&cx.store, &fields, &reason)?;
            let key = cx.apply(change)?;
            written(&cx.store, &key, json, "amended")
        }
        AgreementCommand::Send { comm, json } => {
            let comm = cx.store.resolve(Kind::Communication, &comm)?.key;
            let key = cx.apply(agreement::send(&cx.store, &comm)?)?;
            written(&cx.store, &key, json, "sent")
        }
        AgreementCommand::Confirm { by, at, json } => {
            let by = cx.store.resolve(Kind::Person, &by)?.key;
            let at = instant(at)?;
            let key = cx.apply(agreement::confirm(&cx.store, &by, at)?)?;
            written(&cx.store, &key, json, "confirmed")
        }
        AgreementCommand::Show { at, json } => show(cx, instant(at)?, json),
    }
}

fn instant(at: Option<String>) -> Result<chrono::DateTime<Utc>> {
    match at {
        Some(t) => candor_core::time::parse(&t)
            .with_context(|| format!("--at \"{t}\" is not an RFC 3339 instant")),
        None => Ok(Utc::now()),
    }
}

fn show(cx: &mut Cx, at: chrono::DateTime<Utc>, json: bool) -> Result<ExitCode> {
    let snapshot = Snapshot::load_now(&cx.store, at)?;
    let pages = agreement::pages(&Index::new(&snapshot), false);
    if json {
        output::json(&pages)?;
        return OK;
    }
    if pages.is_empty() {
        println!(
            "No rules of engagement on record; draft the first with `candor agreement draft`."
        );
        return OK;
    }
    for page in &pages {
        println!("Edition {} — {} ({})", page.edition, page.state, page.key);
        println!("  {}", page.standing);
        for c in &page.clauses {
            println!("  {}: {}", c.title, c.text);
        }
        if !page.internal_note.is_empty() {
            println!("  Internal note: {}", page.internal_note);
        }
    }
    OK
}

/// Rewrites the assignments of fields that name people, departments or
/// procedures into the keys the record holds, as JSON lists.
fn named(cx: &Cx, fields: &[String]) -> Result<Vec<String>> {
    let store = &cx.store;
    let list = |text: &str| -> Vec<String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let person =
        |name: &str| -> Result<Value> { Ok(json!(store.resolve(Kind::Person, name.trim())?.key)) };
    fields
        .iter()
        .map(|a| {
            let Some((field, text)) = a.split_once('=') else {
                return Ok(a.clone());
            };
            if text.trim_start().starts_with('[') {
                return Ok(a.clone());
            }
            let value = match field.trim() {
                "cadence" => list(text)
                    .iter()
                    .map(|item| {
                        let (who, days) = item
                            .rsplit_once(':')
                            .with_context(|| format!("cadence: \"{item}\" is not NAME:DAYS"))?;
                        let days: u32 = days.trim().parse().with_context(|| {
                            format!("cadence: \"{days}\" in \"{item}\" is not a number of days")
                        })?;
                        let key = match store.resolve(Kind::Person, who.trim()) {
                            Ok(row) => json!(row.key),
                            Err(_) => department(cx, who.trim())?,
                        };
                        Ok(json!({"stakeholder": key, "days": days}))
                    })
                    .collect::<Result<Vec<_>>>()?,
                "escalation" => list(text)
                    .iter()
                    .map(|level| {
                        let (provider, client) = level.split_once('/').unwrap_or((level, ""));
                        let mut out = serde_json::Map::new();
                        if !provider.trim().is_empty() {
                            out.insert("provider".into(), person(provider)?);
                        }
                        if !client.trim().is_empty() {
                            out.insert("client".into(), person(client)?);
                        }
                        Ok(Value::Object(out))
                    })
                    .collect::<Result<Vec<_>>>()?,
                "bad_news_to" => list(text)
                    .iter()
                    .map(|p| person(p))
                    .collect::<Result<Vec<_>>>()?,
                "disclosure_procedures" => list(text)
                    .iter()
                    .map(|p| procedure(cx, p))
                    .collect::<Result<Vec<_>>>()?,
                _ => return Ok(a.clone()),
            };
            Ok(format!("{field}={}", Value::Array(value)))
        })
        .collect()
}

/// A department by key, name, or party and name ("Northwind Foods Logistics").
fn department(cx: &Cx, text: &str) -> Result<Value> {
    if let Ok(row) = cx.store.resolve(Kind::Department, text) {
        return Ok(json!(row.key));
    }
    let wanted = text.to_lowercase();
    let found: Vec<_> = cx
        .store
        .list(Kind::Department, false)?
        .into_iter()
        .filter(|d| {
            let party = d.data["party"]
                .as_str()
                .and_then(|p| cx.store.get(&p.into()).ok().flatten())
                .map(|p| p.label)
                .unwrap_or_default();
            format!("{party} {}", d.label).to_lowercase() == wanted
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(json!(one.key)),
        [] => anyhow::bail!("no person or department is called or keyed \"{text}\""),
        _ => anyhow::bail!(
            "{} departments are called \"{text}\"; use the key",
            found.len()
        ),
    }
}

/// A procedure by key, name or code.
fn procedure(cx: &Cx, text: &str) -> Result<Value> {
    if let Ok(row) = cx.store.resolve(Kind::Procedure, text) {
        return Ok(json!(row.key));
    }
    let wanted = text.trim().to_lowercase();
    let found: Vec<_> = cx
        .store
        .list(Kind::Procedure, false)?
        .into_iter()
        .filter(|r| {
            r.data["code"]
                .as_str()
                .is_some_and(|c| c.to_lowercase() == wanted)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(json!(one.key)),
        [] => anyhow::bail!("no procedure is called, coded or keyed \"{text}\""),
        _ => anyhow::bail!(
            "{} procedures have the code \"{text}\"; use the key",
            found.len()
        ),
    }
}
