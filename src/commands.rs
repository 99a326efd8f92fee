//! One function per subcommand, each a few lines over candor-core.

use crate::output;
use crate::{AuditCommand, Cli, Command, FlagCommand, LogCommand, ReportAction};
use anyhow::{Context, Result, bail};
use candor_core::audit::{self, Checkpoint};
use candor_core::model::FlagState;
use candor_core::store::{Author, Change, Store};
use candor_core::{Ids, Key, Kind, demo, flags, identity, import, interchange, log, patch};
use chrono::Utc;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// The database used when neither `--db` nor `CANDOR_DB` names one.
fn default_db() -> Result<PathBuf> {
    let dir = dirs::data_dir().context("no data folder is known for this user; pass --db PATH")?;
    Ok(dir.join("candor").join("candor.db"))
}

fn kind(name: &str) -> Result<Kind> {
    Kind::parse(name).with_context(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind \"{name}\" (known: {})", known.join(", "))
    })
}

/// Ids for new entries, from the operating system's entropy.
pub fn fresh_ids() -> Ids {
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    Ids::from_entropy(seed)
}

/// How a command opens the database.
enum Access {
    /// `init`, `demo`, imports: a new file may be created.
    Create,
    /// Reading only: nothing is written in the database's folder.
    ReadOnly,
    /// Every other command: the file must exist.
    Existing,
}

fn access(command: &Command) -> Access {
    match command {
        Command::Init { .. } | Command::Demo { .. } | Command::Import { .. } => Access::Create,
        Command::Audit(AuditCommand::Verify { .. }) => Access::ReadOnly,
        _ => Access::Existing,
    }
}

/// Opens the database for `command`, saying who writes in the `<db>-writer` note.
fn open(path: &std::path::Path, command: &Command) -> Result<Store> {
    let mut store = match access(command) {
        Access::Create => Store::create(path)?,
        Access::ReadOnly => Store::open_read_only(path)?,
        Access::Existing => Store::open(path)?,
    };
    let args: Vec<String> = std::env::args().collect();
    store.set_writer(args.join(" "));
    if let Some(ms) = std::env::var("CANDOR_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        store.set_busy_timeout(std::time::Duration::from_millis(ms))?;
    }
    Ok(store)
}

/// Runs one command; `Ok` carries the exit code (non-zero for a failed verification).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let path = match cli.db {
        Some(p) => p,
        None => default_db()?,
    };
    let mut store = open(&path, &cli.command)?;
    let author = |store: &Store| -> Result<Author> {
        Ok(Author::new(
            identity::actor(store, cli.actor.as_deref())?,
            Utc::now(),
        ))
    };
    let mut ids = fresh_ids();
    match cli.command {
        Command::Init {
            name,
            time_zone,
            week_start,
            cadence_days,
            description,
        } => {
            let data = json!({"name": name, "time_zone": time_zone, "week_start": week_start, "default_cadence_days": cadence_days, "description": description});
            let done = store.apply(
                &author(&store)?,
                &mut ids,
                vec![Change::Create {
                    kind: Kind::Engagement,
                    key: None,
                    data,
                }],
            )?;
            println!("created engagement {} in {}", done[0].0, path.display());
        }
        Command::Demo { now, seed, scale } => {
            let now = match now {
                Some(t) => candor_core::time::parse(&t)
                    .with_context(|| format!("--now \"{t}\" is not an RFC 3339 instant"))?,
                None => demo::default_now(),
            };
            let summary = demo::load(&mut store, now, seed)?;
            if scale > 0 {
                let started = std::time::Instant::now();
                let made = demo::scale(&mut store, now, seed, scale)?;
                eprintln!(
                    "added {made} synthetic entries in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            }
            println!(
                "loaded the demo engagement into {} ({} entries); try --as \"Sam Carter\"",
                path.display(),
                summary.entities
            );
        }
        Command::Show { key: None, json } => {
            let engagement = store.engagement()?.context(
                "this database holds no engagement yet: run `candor init` or `candor demo`",
            )?;
            let counts: Vec<(Kind, usize)> = Kind::ALL[1..]
                .iter()
                .map(|k| Ok((*k, store.list(*k, false)?.len())))
                .collect::<Result<_>>()?;
            let head = store.head()?;
            if json {
                let counts: serde_json::Map<_, _> = counts
                    .iter()
                    .map(|(k, n)| (k.plural().to_owned(), json!(n)))
                    .collect();
                output::json(
                    &json!({"db": path, "engagement": engagement, "counts": counts, "head": head}),
                )?;
            } else {
                output::entity(&engagement);
                for (k, n) in counts {
                    println!("{:>5} {}", n, k.plural());
                }
                if let Some(h) = head {
                    println!("audit head {h}");
                }
            }
        }
        Command::Show {
            key: Some(key),
            json,
        } => {
            let row = store.require(&Key(key))?;
            let history = store.history(&row.key)?;
            if json {
                output::json(&json!({"entry": row, "history": history}))?;
            } else {
                output::entity(&row);
                output::history(&history);
            }
        }
        Command::Add {
            kind: k,
            fields,
            key,
            json,
        } => {
            let kind = kind(&k)?;
            let data = patch::apply(&kind.template(), &fields)?;
            let change = Change::Create {
                kind,
                key: key.map(Key),
                data,
            };
            let done = store.apply(&author(&store)?, &mut ids, vec![change])?;
            report(&store, &done[0].0, json, "added")?;
        }
        Command::List {
            kind: k,
            json,
            voided,
        } => {
            let rows = store.list(kind(&k)?, voided)?;
            if json {
                output::json(&rows)?
            } else {
                output::rows(&rows)
            }
        }
        Command::Amend {
            key,
            fields,
            reason,
            base,
            json,
        } => {
            let row = store.require(&Key(key))?;
            let change = Change::Amend {
                key: row.key.clone(),
                base: base.unwrap_or(row.version),
                fields: patch::fields(&row.data, &fields)?,
                reason,
            };
            let author = author(&store)?;
            if let Err(e) = store.apply(&author, &mut ids, vec![change]) {
                return conflict_or(e, json);
            }
            report(&store, &row.key, json, "amended")?;
        }
        Command::Void {
            key,
            reason,
            base,
            json,
        } => {
            let row = store.require(&Key(key))?;
            let change = Change::Void {
                key: row.key.clone(),
                base: base.unwrap_or(row.version),
                reason,
            };
            let author = author(&store)?;
            if let Err(e) = store.apply(&author, &mut ids, vec![change]) {
                return conflict_or(e, json);
            }
            report(&store, &row.key, json, "voided")?;
        }
        Command::History { key, json } => {
            let history = store.history(&store.require(&Key(key))?.key)?;
            if json {
                output::json(&history)?
            } else {
                output::history(&history)
            }
        }
        Command::Export {
            format,
            output: out,
        } => {
            require_json(&format)?;
            let text = interchange::export_json(&store)?;
            match out {
                Some(file) => std::fs::write(&file, text)
                    .with_context(|| format!("cannot write {}", file.display()))?,
                None => print!("{text}"),
            }
        }
        Command::Import {
            format,
            files,
            from,
            to,
            json,
        } if format == "json" => {
            let [file] = &files[..] else {
                bail!("import json takes one document")
            };
            let _ = (from, to, json);
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let author = Author::new(Author::BOOTSTRAP, Utc::now());
            let n = interchange::import_json(&mut store, &author, &mut ids, &text)
                .with_context(|| file.display().to_string())?;
            println!("imported {n} entries from {}", file.display());
        }
        Command::Import {
            format,
            files,
            from,
            to,
            json,
        } => {
            let format = import::Format::parse(&format).with_context(|| {
                format!("unknown import format \"{format}\" (json, eml, mbox, ics, csv)")
            })?;
            let author = author(&store)?;
            let options =
                crate::importing::options(&store, author.at, from.as_deref(), to.as_deref())?;
            let reports =
                crate::importing::run(&mut store, &author, &mut ids, format, &files, &options)?;
            if json {
                output::json(&reports)?
            } else {
                output::import_summary(&reports)
            }
            // A refused file, or an import where every message was refused, fails.
            let refused = reports.iter().any(|r| {
                r.file_refused
                    || (!r.refused.is_empty()
                        && r.imported.is_empty()
                        && r.amended.is_empty()
                        && r.already_present == 0)
            });
            return Ok(if refused {
                ExitCode::from(output::code::INVALID)
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Log(LogCommand::Add(args)) => {
            let author = author(&store)?;
            let data = args.data(&store, &mut ids, author.at)?;
            let done = store.apply(
                &author,
                &mut ids,
                vec![Change::Create {
                    kind: Kind::Communication,
                    key: None,
                    data,
                }],
            )?;
            report(&store, &done[0].0, args.json(), "logged")?;
        }
        Command::Log(LogCommand::List {
            person,
            department,
            party,
            kind,
            channel,
            week,
            offset,
            limit,
            json,
        }) => {
            let resolve = |k: Kind, t: Option<String>| {
                t.map(|t| store.resolve(k, &t).map(|r| r.key)).transpose()
            };
            let filter = log::Filter {
                person: resolve(Kind::Person, person)?,
                department: resolve(Kind::Department, department)?,
                party: resolve(Kind::Party, party)?,
                kind,
                channel,
                week,
            };
            let page = log::list(&store, &filter, offset, limit)?;
            if json {
                output::json(&page)?
            } else {
                output::log_page(&store, &page)?
            }
        }
        Command::Search { query, limit, json } => {
            let hits = log::search(&store, &query, limit)?;
            if json {
                output::json(&hits)?
            } else {
                output::hits(&hits)
            }
        }
        Command::Unmatched { json } => {
            let list = import::unmatched(&store)?;
            if json {
                output::json(&list)?
            } else {
                list.iter()
                    .for_each(|u| println!("{:>6}  {}", u.communications, u.address))
            }
        }
        Command::Map {
            address,
            to,
            ignore,
        } => {
            let author = author(&store)?;
            let person = if ignore {
                None
            } else {
                to.map(|t| store.resolve(Kind::Person, &t).map(|r| r.key))
                    .transpose()?
            };
            let n = import::map_address(&mut store, &author, &mut ids, &address, person.as_ref())?;
            println!("{address}: remembered; {n} communications amended");
        }
        Command::Flags {
            at,
            json,
            action: None,
        } => {
            let at = match at {
                Some(t) => candor_core::time::parse(&t)
                    .with_context(|| format!("--at \"{t}\" is not an RFC 3339 instant"))?,
                None => Utc::now(),
            };
            let list = flags::at(&store, at)?;
            if json {
                output::json(&list)?
            } else {
                output::flags(&list)
            }
        }
        Command::Flags {
            action: Some(action),
            ..
        } => {
            let (id, state, note) = match action {
                FlagCommand::Ack { flag, note } => (flag, FlagState::Acknowledged, note),
                FlagCommand::Resolve { flag, note } => (flag, FlagState::Resolved, note),
            };
            let author = author(&store)?;
            flags::annotate(&mut store, &author, &mut ids, &id, state, &note)?;
            println!(
                "{} {id}",
                if state == FlagState::Resolved {
                    "resolved"
                } else {
                    "acknowledged"
                }
            );
        }
        Command::Settings {
            fields,
            reason,
            json,
        } => {
            let current = store.list(Kind::Settings, false)?.into_iter().next();
            if !fields.is_empty() {
                let base = current
                    .as_ref()
                    .map_or_else(|| Kind::Settings.template(), |r| r.data.clone());
                let data = patch::apply(&base, &fields)?;
                let change = match &current {
                    Some(row) => Change::amend(
                        row,
                        &data,
                        reason.context("--reason is required to change thresholds")?,
                    ),
                    None => Change::Create {
                        kind: Kind::Settings,
                        key: None,
                        data,
                    },
                };
                store.apply(&author(&store)?, &mut ids, vec![change])?;
            }
            let data = store
                .list(Kind::Settings, false)?
                .into_iter()
                .next()
                .map_or_else(|| Kind::Settings.template(), |r| r.data);
            if json {
                output::json(&data)?
            } else {
                println!("{}", serde_json::to_string_pretty(&data)?)
            }
        }
        Command::Report {
            action: Some(ReportAction::Verify { file }),
            ..
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            return crate::reporting::verify(&store, &file, &bytes);
        }
        Command::Report { action: None, args } => {
            let author = if args.issuing() {
                Some(author(&store)?)
            } else {
                None
            };
            crate::reporting::run(&mut store, author.as_ref(), &mut ids, &args)?;
        }
        Command::Audit(AuditCommand::Verify { checkpoint, json }) => {
            let checkpoint: Option<Checkpoint> = checkpoint
                .map(|c| c.parse())
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let result = audit::verify(&store, checkpoint.as_ref())?;
            if json {
                output::json(&result)?;
            } else {
                for f in &result.findings {
                    println!("TAMPERED {f}");
                }
                let head = result
                    .head
                    .as_ref()
                    .map(|h| h.to_string())
                    .unwrap_or_else(|| "empty".into());
                let verdict = if result.ok() { "intact" } else { "NOT intact" };
                println!(
                    "{verdict}: {} events, {} entries, head {head}",
                    result.events, result.entities
                );
            }
            return Ok(if result.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(output::code::CHECK_FAILED)
            });
        }
        Command::Audit(AuditCommand::Log { after, limit, json }) => {
            let events = store.events(after, limit)?;
            if json {
                output::json(&events)?
            } else {
                output::events(&events)
            }
        }
        Command::Audit(AuditCommand::Head) => match store.head()? {
            Some(h) => println!("{h}"),
            None => bail!("the record is empty: there is no head yet"),
        },
        Command::Backup { dest } => {
            store.backup(&dest)?;
            println!("backed up {} to {}", path.display(), dest.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A conflict is printed as JSON on stdout with `--json` (exit code 5);
/// every other error goes on as an error.
fn conflict_or(e: candor_core::Error, json: bool) -> Result<ExitCode> {
    match e {
        candor_core::Error::Conflict(c) if json => {
            let mut value = serde_json::to_value(&*c)?;
            value["kind"] = json!("conflict");
            value["message"] = json!(candor_core::Error::Conflict(c).to_string());
            output::json(&value)?;
            Ok(ExitCode::from(output::code::CONFLICT))
        }
        other => Err(other.into()),
    }
}

fn require_json(format: &str) -> Result<()> {
    if format != "json" {
        bail!("unknown format \"{format}\": only json is supported");
    }
    Ok(())
}

fn report(store: &Store, key: &Key, json: bool, what: &str) -> Result<()> {
    let row = store.require(key)?;
    if json {
        output::json(&row)
    } else {
        println!(
            "{what} {} {} (v{}): {}",
            row.kind, row.key, row.version, row.label
        );
        Ok(())
    }
}
