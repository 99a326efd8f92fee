//! One function per subcommand, each a few lines over candor-core.

use crate::output;
use crate::{
    AuditCommand, Cli, Command, FlagCommand, LogCommand, MailAccountCommand, MailCommand,
    ReportAction, Revision,
};
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
#[derive(Clone, Copy, PartialEq, Eq)]
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
        Command::Init { .. }
        | Command::Demo { .. }
        | Command::Import { .. }
        | Command::Login { .. } => Access::Create,
        Command::Audit(AuditCommand::Verify { .. }) => Access::ReadOnly,
        _ => Access::Existing,
    }
}

/// Opens the database for `command`, saying who writes in the `<db>-writer` note.
fn open(path: &std::path::Path, command: &Command) -> Result<Store> {
    let access = access(command);
    if access != Access::ReadOnly && Store::needs_upgrade(path)? {
        eprintln!(
            "candor: bringing {} up to date with this version of Candor (once; a large record takes a minute)…",
            path.display()
        );
    }
    let mut store = match access {
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

/// What every subcommand works with: the open record, where it is, who
/// `--as` says is acting, and a source of ids.
pub(crate) struct Cx {
    pub(crate) store: Store,
    path: PathBuf,
    actor: Option<String>,
    ids: Ids,
}

impl Cx {
    /// The author of a change made now.
    pub(crate) fn author(&self) -> Result<Author> {
        if let Some(remote) = self.store.remote()? {
            return Ok(Author::new(remote.person, Utc::now()));
        }
        Ok(Author::new(
            identity::actor(&self.store, self.actor.as_deref())?,
            Utc::now(),
        ))
    }

    /// Applies one change as the author of now.
    pub(crate) fn apply(&mut self, change: Change) -> Result<Key> {
        let author = self.author()?;
        let done = self.store.apply(&author, &mut self.ids, vec![change])?;
        Ok(done[0].0.clone())
    }
}

pub(crate) const OK: Result<ExitCode> = Ok(ExitCode::SUCCESS);

/// Runs one command; `Ok` carries the exit code (non-zero for a failed verification).
pub fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Schema { typescript } = cli.command {
        return schema(typescript);
    }
    let path = match cli.db {
        Some(p) => p,
        None => default_db()?,
    };
    let store = open(&path, &cli.command)?;
    let cx = &mut Cx {
        store,
        path,
        actor: cli.actor,
        ids: fresh_ids(),
    };
    let waiting = crate::team::waiting(&cx.store)?;
    let code = run_command(cx, cli.command)?;
    crate::team::note_waiting(&cx.store, waiting)?;
    Ok(code)
}

fn run_command(cx: &mut Cx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init {
            name,
            time_zone,
            week_start,
            cadence_days,
            description,
        } => init(cx, name, time_zone, week_start, cadence_days, description),
        Command::Demo { now, seed, scale } => demo(cx, now, seed, scale),
        Command::Show { key: None, json } => show_engagement(cx, json),
        Command::Show {
            key: Some(key),
            json,
        } => show(cx, key, json),
        Command::Add {
            kind,
            fields,
            key,
            json,
        } => add(cx, &kind, &fields, key, json),
        Command::List { kind, json, voided } => list(cx, &kind, json, voided),
        Command::Amend {
            key,
            fields,
            revision,
        } => amend(cx, key, &fields, revision),
        Command::Void { key, revision } => void(cx, key, revision),
        Command::History { key, json } => history(cx, key, json),
        Command::Export { format, output } => export(cx, &format, output),
        Command::Import { format, files, .. } if format == "json" => import_document(cx, &files),
        Command::Import {
            format,
            files,
            from,
            to,
            json,
        } => import_files(cx, &format, &files, from, to, json),
        Command::Mail(command) => mail(cx, command),
        Command::Log(LogCommand::Add(args)) => log_add(cx, args),
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
            let filter = (person, department, party, kind, channel, week);
            log_list(cx, filter, offset, limit, json)
        }
        Command::Search { query, limit, json } => search(cx, &query, limit, json),
        Command::Unmatched { json } => unmatched(cx, json),
        Command::Map {
            address,
            to,
            ignore,
        } => map(cx, &address, to, ignore),
        Command::Flags {
            at,
            json,
            action: None,
        } => flags_list(cx, at, json),
        Command::Flags {
            action: Some(action),
            ..
        } => flag_note(cx, action),
        Command::Settings {
            fields,
            reason,
            json,
        } => settings(cx, &fields, reason, json),
        Command::Report {
            action: Some(ReportAction::Verify { file }),
            ..
        } => report_verify(cx, &file),
        Command::Report { action: None, args } => report(cx, &args),
        Command::Audit(AuditCommand::Verify { checkpoint, json }) => verify(cx, checkpoint, json),
        Command::Audit(AuditCommand::Log { after, limit, json }) => {
            audit_log(cx, after, limit, json)
        }
        Command::Audit(AuditCommand::Head) => audit_head(cx),
        Command::Backup { dest } => backup(cx, &dest),
        Command::Login {
            url,
            engagement,
            account,
            password_stdin,
        } => crate::team::login(&mut cx.store, &url, &engagement, &account, password_stdin),
        Command::Sync { watch } => crate::team::sync(&mut cx.store, watch),
        Command::Outbox { drop, json } => crate::team::outbox(&mut cx.store, drop.as_deref(), json),
        Command::Schema { typescript } => schema(typescript),
        Command::Agreement(command) => crate::agreement::run(cx, command),
        Command::Dossier(args) => dossier(cx, &args),
    }
}

fn init(
    cx: &mut Cx,
    name: String,
    time_zone: String,
    week_start: String,
    cadence_days: u32,
    description: String,
) -> Result<ExitCode> {
    let engagement = candor_core::model::Engagement {
        name,
        time_zone,
        week_start: candor_core::model::from_name(&week_start.to_ascii_lowercase()).with_context(
            || format!("--week-start \"{week_start}\" is not a weekday such as monday"),
        )?,
        default_cadence_days: cadence_days,
        description,
        ..Default::default()
    };
    let data = serde_json::to_value(engagement)?;
    let key = cx.apply(Change::Create {
        kind: Kind::Engagement,
        key: None,
        data,
    })?;
    println!("created engagement {key} in {}", cx.path.display());
    OK
}

fn demo(cx: &mut Cx, now: Option<String>, seed: u64, scale: usize) -> Result<ExitCode> {
    let now = match now {
        Some(t) => candor_core::time::parse(&t)
            .with_context(|| format!("--now \"{t}\" is not an RFC 3339 instant"))?,
        None => demo::default_now(),
    };
    let summary = demo::load(&mut cx.store, now, seed)?;
    if scale > 0 {
        let started = std::time::Instant::now();
        let made = demo::scale(&mut cx.store, now, seed, scale)?;
        eprintln!(
            "added {made} synthetic entries in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "loaded the demo engagement into {} ({} entries); try --as \"Sam Carter\"",
        cx.path.display(),
        summary.entities
    );
    OK
}

fn show_engagement(cx: &mut Cx, json: bool) -> Result<ExitCode> {
    let store = &cx.store;
    let engagement = store
        .engagement()?
        .context("this database holds no engagement yet: run `candor init` or `candor demo`")?;
    let counts: Vec<(Kind, u64)> = store.counts()?.into_iter().skip(1).collect();
    let head = store.head()?;
    if json {
        let counts: serde_json::Map<_, _> = counts
            .iter()
            .map(|(k, n)| (k.plural().to_owned(), json!(n)))
            .collect();
        output::json(
            &json!({"db": cx.path, "engagement": engagement, "counts": counts, "head": head}),
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
    OK
}

fn show(cx: &mut Cx, key: String, json: bool) -> Result<ExitCode> {
    let row = cx.store.require(&Key(key))?;
    let history = cx.store.history(&row.key)?;
    if json {
        output::json(&json!({"entry": row, "history": history}))?;
    } else {
        output::entity(&row);
        output::history(&history);
    }
    OK
}

fn add(
    cx: &mut Cx,
    kind: &str,
    fields: &[String],
    key: Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let kind = self::kind(kind)?;
    let data = patch::apply(&kind.template(), fields)?;
    let key = cx.apply(Change::Create {
        kind,
        key: key.map(Key),
        data,
    })?;
    written(&cx.store, &key, json, "added")
}

fn list(cx: &mut Cx, kind: &str, json: bool, voided: bool) -> Result<ExitCode> {
    let rows = cx.store.list(self::kind(kind)?, voided)?;
    if json {
        output::json(&rows)?
    } else {
        output::rows(&rows)
    }
    OK
}

fn amend(cx: &mut Cx, key: String, fields: &[String], revision: Revision) -> Result<ExitCode> {
    let row = cx.store.require(&Key(key))?;
    let change = Change::Amend {
        key: row.key.clone(),
        base: revision.base.unwrap_or(row.version),
        fields: patch::fields(&row.data, fields)?,
        reason: revision.reason,
    };
    change_or_conflict(cx, change, &row.key, revision.json, "amended")
}

fn void(cx: &mut Cx, key: String, revision: Revision) -> Result<ExitCode> {
    let row = cx.store.require(&Key(key))?;
    let change = Change::Void {
        key: row.key.clone(),
        base: revision.base.unwrap_or(row.version),
        reason: revision.reason,
    };
    change_or_conflict(cx, change, &row.key, revision.json, "voided")
}

/// Applies an amendment or void; a conflict is printed as JSON with `--json` (exit code 5).
fn change_or_conflict(
    cx: &mut Cx,
    change: Change,
    key: &Key,
    json: bool,
    what: &str,
) -> Result<ExitCode> {
    let author = cx.author()?;
    match cx.store.apply(&author, &mut cx.ids, vec![change]) {
        Ok(_) => written(&cx.store, key, json, what),
        Err(candor_core::Error::Conflict(c)) if json => {
            let mut value = serde_json::to_value(&*c)?;
            value["kind"] = json!("conflict");
            value["message"] = json!(candor_core::Error::Conflict(c).to_string());
            output::json(&value)?;
            Ok(ExitCode::from(output::code::CONFLICT))
        }
        Err(other) => Err(other.into()),
    }
}

fn history(cx: &mut Cx, key: String, json: bool) -> Result<ExitCode> {
    let history = cx.store.history(&cx.store.require(&Key(key))?.key)?;
    if json {
        output::json(&history)?
    } else {
        output::history(&history)
    }
    OK
}

fn export(cx: &mut Cx, format: &str, out: Option<PathBuf>) -> Result<ExitCode> {
    if format != "json" {
        bail!("unknown format \"{format}\": only json is supported");
    }
    let bar = crate::importing::progress_bar("exporting");
    let mut progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    match out {
        // A regular file is written beside and renamed into place: never half
        // a document. Anything else (a device, a pipe) is written as it is.
        Some(file) if !file.exists() || file.is_file() => {
            let mut partial = file.clone().into_os_string();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let written = write_export(&cx.store, &partial, &mut progress)
                .and_then(|()| std::fs::rename(&partial, &file).map_err(Into::into));
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            written.with_context(|| format!("cannot write {}", file.display()))?;
        }
        Some(file) => write_export(&cx.store, &file, &mut progress)
            .with_context(|| format!("cannot write {}", file.display()))?,
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            match interchange::export_json_to(&cx.store, &mut w, &mut progress) {
                Err(candor_core::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(e).context("cannot write to standard output"),
                Ok(()) => {}
            }
        }
    }
    bar.finish_and_clear();
    OK
}

/// The whole record as a candor/1 document, written to `path` and synced.
fn write_export(
    store: &Store,
    path: &std::path::Path,
    progress: &mut dyn FnMut(u64, u64),
) -> candor_core::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    interchange::export_json_to(store, &mut w, progress)?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// `import json FILE`: a candor/1 document into an empty database.
fn import_document(cx: &mut Cx, files: &[PathBuf]) -> Result<ExitCode> {
    let [file] = files else {
        bail!("import json takes one document")
    };
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let author = Author::new(Author::BOOTSTRAP, Utc::now());
    let n = interchange::import_json(&mut cx.store, &author, &mut cx.ids, &text)
        .with_context(|| file.display().to_string())?;
    println!("imported {n} entries from {}", file.display());
    OK
}

fn import_files(
    cx: &mut Cx,
    format: &str,
    files: &[PathBuf],
    from: Option<String>,
    to: Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let format = import::Format::parse(format).with_context(|| {
        format!("unknown import format \"{format}\" (json, eml, mbox, msg, ics, csv)")
    })?;
    let author = cx.author()?;
    let options = crate::importing::options(&cx.store, author.at, from.as_deref(), to.as_deref())?;
    let reports =
        crate::importing::run(&mut cx.store, &author, &mut cx.ids, format, files, &options)?;
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
    Ok(if refused {
        ExitCode::from(output::code::INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

fn mail(cx: &mut Cx, command: MailCommand) -> Result<ExitCode> {
    match command {
        MailCommand::Account(MailAccountCommand::Add(new)) => crate::mail::add(&mut cx.store, new)?,
        MailCommand::Account(MailAccountCommand::List { json }) => {
            crate::mail::list(&cx.store, json)?
        }
        MailCommand::Account(MailAccountCommand::Remove { name }) => {
            crate::mail::remove(&mut cx.store, &name)?
        }
        MailCommand::Preview { account, json } => {
            let options = import::Options::around(Utc::now());
            crate::mail::preview(&cx.store, account.as_deref(), &options, json)?
        }
        MailCommand::Sync {
            account,
            watch,
            idle,
            json,
        } => {
            let author = cx.author()?;
            let options = import::Options::around(author.at);
            crate::mail::sync(
                &mut cx.store,
                &author,
                &mut cx.ids,
                account.as_deref(),
                &options,
                watch,
                idle,
                json,
            )?
        }
    }
    OK
}

fn log_add(cx: &mut Cx, args: crate::log::AddArgs) -> Result<ExitCode> {
    let author = cx.author()?;
    let data = args.data(&cx.store, &mut cx.ids, author.at)?;
    let key = cx.apply(Change::Create {
        kind: Kind::Communication,
        key: None,
        data,
    })?;
    written(&cx.store, &key, args.json(), "logged")
}

/// Person, department, party, kind, channel and week, as given.
type LogFilter = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn log_list(
    cx: &mut Cx,
    filter: LogFilter,
    offset: i64,
    limit: i64,
    json: bool,
) -> Result<ExitCode> {
    let (person, department, party, kind, channel, week) = filter;
    let store = &cx.store;
    let resolve =
        |k: Kind, t: Option<String>| t.map(|t| store.resolve(k, &t).map(|r| r.key)).transpose();
    let filter = log::Filter {
        person: resolve(Kind::Person, person)?,
        department: resolve(Kind::Department, department)?,
        party: resolve(Kind::Party, party)?,
        kind,
        channel,
        week,
    };
    let page = log::list(store, &filter, offset, limit)?;
    if json {
        output::json(&page)?
    } else {
        output::log_page(store, &page)?
    }
    OK
}

fn search(cx: &mut Cx, query: &str, limit: i64, json: bool) -> Result<ExitCode> {
    let hits = log::search(&cx.store, query, limit)?;
    if json {
        output::json(&hits)?
    } else {
        output::hits(&hits)
    }
    OK
}

fn unmatched(cx: &mut Cx, json: bool) -> Result<ExitCode> {
    let list = import::unmatched(&cx.store)?;
    if json {
        output::json(&list)?
    } else {
        list.iter()
            .for_each(|u| println!("{:>6}  {}", u.communications, u.address))
    }
    OK
}

fn map(cx: &mut Cx, address: &str, to: Option<String>, ignore: bool) -> Result<ExitCode> {
    let author = cx.author()?;
    let person = match to.filter(|_| !ignore) {
        Some(t) => Some(cx.store.resolve(Kind::Person, &t)?.key),
        None => None,
    };
    let n = import::map_address(
        &mut cx.store,
        &author,
        &mut cx.ids,
        address,
        person.as_ref(),
    )?;
    println!("{address}: remembered; {n} communications amended");
    OK
}

fn flags_list(cx: &mut Cx, at: Option<String>, json: bool) -> Result<ExitCode> {
    let at = match at {
        Some(t) => candor_core::time::parse(&t)
            .with_context(|| format!("--at \"{t}\" is not an RFC 3339 instant"))?,
        None => Utc::now(),
    };
    let list = flags::at(&cx.store, at)?;
    if json {
        output::json(&list)?
    } else {
        output::flags(&list)
    }
    OK
}

fn flag_note(cx: &mut Cx, action: FlagCommand) -> Result<ExitCode> {
    let (id, state, note) = match action {
        FlagCommand::Ack { flag, note } => (flag, FlagState::Acknowledged, note),
        FlagCommand::Resolve { flag, note } => (flag, FlagState::Resolved, note),
    };
    let author = cx.author()?;
    flags::annotate(&mut cx.store, &author, &mut cx.ids, &id, state, &note)?;
    let done = match state {
        FlagState::Resolved => "resolved",
        FlagState::Acknowledged => "acknowledged",
    };
    println!("{done} {id}");
    OK
}

fn settings(
    cx: &mut Cx,
    fields: &[String],
    reason: Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let current = cx.store.list(Kind::Settings, false)?.into_iter().next();
    if !fields.is_empty() {
        let base = current
            .as_ref()
            .map_or_else(|| Kind::Settings.template(), |r| r.data.clone());
        let data = patch::apply(&base, fields)?;
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
        cx.apply(change)?;
    }
    let data = cx
        .store
        .list(Kind::Settings, false)?
        .into_iter()
        .next()
        .map_or_else(|| Kind::Settings.template(), |r| r.data);
    if json {
        output::json(&data)?
    } else {
        println!("{}", serde_json::to_string_pretty(&data)?)
    }
    OK
}

fn report_verify(cx: &mut Cx, file: &std::path::Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    crate::reporting::verify(&cx.store, file, &bytes)
}

fn report(cx: &mut Cx, args: &crate::reporting::ReportArgs) -> Result<ExitCode> {
    let author = if args.issuing() {
        Some(cx.author()?)
    } else {
        None
    };
    crate::reporting::run(&mut cx.store, author.as_ref(), &mut cx.ids, args)?;
    OK
}

fn dossier(cx: &mut Cx, args: &crate::dossier::DossierArgs) -> Result<ExitCode> {
    let author = if args.issuing() {
        Some(cx.author()?)
    } else {
        None
    };
    crate::dossier::run(&mut cx.store, author.as_ref(), &mut cx.ids, args)?;
    OK
}

fn verify(cx: &mut Cx, checkpoint: Option<String>, json: bool) -> Result<ExitCode> {
    let checkpoint: Option<Checkpoint> = checkpoint
        .map(|c| c.parse())
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let bar = crate::importing::progress_bar("");
    let result = audit::verify_with_progress(&cx.store, checkpoint.as_ref(), |p| {
        bar.set_message(format!("verifying {} ({}/{})", p.stage, p.pass, p.passes));
        bar.set_length(p.total);
        bar.set_position(p.done);
    })?;
    bar.finish_and_clear();
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
    Ok(if result.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(output::code::CHECK_FAILED)
    })
}

fn audit_log(cx: &mut Cx, after: i64, limit: i64, json: bool) -> Result<ExitCode> {
    let events = cx.store.events(after, limit)?;
    if json {
        output::json(&events)?
    } else {
        output::events(&events)
    }
    OK
}

fn audit_head(cx: &mut Cx) -> Result<ExitCode> {
    match cx.store.head()? {
        Some(h) => println!("{h}"),
        None => bail!("the record is empty: there is no head yet"),
    }
    OK
}

fn backup(cx: &mut Cx, dest: &std::path::Path) -> Result<ExitCode> {
    cx.store.backup(dest)?;
    println!("backed up {} to {}", cx.path.display(), dest.display());
    OK
}

/// `candor schema`: needs no database.
fn schema(typescript: bool) -> Result<ExitCode> {
    if typescript {
        print!("{}", candor_core::describe::typescript());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", serde_json::to_string_pretty(&interchange::schema())?);
    OK
}

/// Prints the entry just written (as JSON with `--json`).
pub(crate) fn written(store: &Store, key: &Key, json: bool, what: &str) -> Result<ExitCode> {
    if store.remote()?.is_some() {
        if json {
            output::json(&json!({"key": key, "queued": true}))?;
        } else {
            println!("{what} {key}: waiting to be sent to the team server");
        }
        return OK;
    }
    let row = store.require(key)?;
    if json {
        output::json(&row)?;
    } else {
        println!(
            "{what} {} {} (v{}): {}",
            row.kind, row.key, row.version, row.label
        );
    }
    OK
}
