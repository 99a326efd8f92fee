//! `candor`: the command-line adapter over candor-core. Each subcommand is a
//! few lines in `commands`; printing lives in `output`.

// Printing never panics: a closed pipe ends the command quietly, a full disk
// or another failure to write says so once (see `output::emit`). These shadow
// the standard macros in every module below.
macro_rules! println {
    () => { $crate::output::emit(format_args!("\n")) };
    ($($t:tt)*) => { $crate::output::emit(format_args!("{}\n", format_args!($($t)*))) };
}
macro_rules! print {
    ($($t:tt)*) => { $crate::output::emit(format_args!($($t)*)) };
}

mod agreement;
mod commands;
mod dossier;
mod importing;
mod log;
mod mail;
mod output;
mod reporting;
mod team;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Candor keeps the written record of an outsourcing engagement.
#[derive(Parser)]
#[command(name = "candor", version, about, propagate_version = true)]
pub struct Cli {
    /// The engagement database (default: candor/candor.db in your data folder).
    #[arg(long, global = true, env = "CANDOR_DB")]
    db: Option<PathBuf>,
    /// Who is recording: a provider person's name, e-mail or key.
    #[arg(
        long = "as",
        global = true,
        env = "CANDOR_ACTOR",
        value_name = "PERSON"
    )]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the engagement in a new database.
    Init {
        #[arg(long)]
        name: String,
        /// IANA time zone, e.g. Europe/Madrid.
        #[arg(long)]
        time_zone: String,
        #[arg(long, default_value = "monday")]
        week_start: String,
        /// Default update cadence owed to key stakeholders, in days.
        #[arg(long, default_value_t = 14)]
        cadence_days: u32,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Load the demo engagement into a new database (deterministic).
    Demo {
        /// The story's "now" (RFC 3339); default 2026-11-20T17:00:00Z.
        #[arg(long)]
        now: Option<String>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add this many synthetic communications (for trying scale and benchmarks).
        #[arg(long, default_value_t = 0)]
        scale: usize,
    },
    /// Show the engagement, or one entry with its history.
    Show {
        key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add an entry: `candor add person name="Maria Lopez" department=KEY emails=a@b.example`.
    Add {
        /// party, department, person, procedure, scope
        kind: String,
        /// field=value assignments.
        fields: Vec<String>,
        /// Use this key instead of a new UUID v7 (e.g. acme-finance).
        #[arg(long)]
        key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List entries of a kind.
    List {
        kind: String,
        #[arg(long)]
        json: bool,
        /// Include voided entries.
        #[arg(long)]
        voided: bool,
    },
    /// Amend an entry: a new version of some fields, with the reason.
    /// Refused with a conflict (exit code 5) if one of these fields changed since `--base`.
    Amend {
        key: String,
        fields: Vec<String>,
        #[command(flatten)]
        revision: Revision,
    },
    /// Void an entry made by mistake; it stays in the history.
    /// Refused with a conflict (exit code 5) if it changed since `--base`.
    Void {
        key: String,
        #[command(flatten)]
        revision: Revision,
    },
    /// Every version of an entry.
    History {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the whole engagement as a candor/1 JSON document.
    Export {
        /// Only `json`.
        format: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Import: `json FILE` (a candor/1 document, into an empty database), or
    /// communications from `eml`, `mbox`, `msg` (Outlook), `ics` or `csv` files.
    Import {
        format: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Expand recurring calendar events from this day (default: 180 days ago).
        #[arg(long)]
        from: Option<String>,
        /// Expand recurring calendar events up to this day (default: in 180 days).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The communications log: add and list.
    #[command(subcommand)]
    Log(LogCommand),
    /// Full-text search over subjects, minutes, items and mail bodies.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Addresses of imported messages that match no person.
    Unmatched {
        #[arg(long)]
        json: bool,
    },
    /// Say who an unmatched address belongs to (or to ignore it); remembered for later imports.
    Map {
        address: String,
        /// The person (name, e-mail or key).
        #[arg(long, conflicts_with = "ignore", required_unless_present = "ignore")]
        to: Option<String>,
        #[arg(long)]
        ignore: bool,
    },
    /// Flags: every rule evaluated over the record as known at an instant.
    Flags {
        /// Evaluate as of this instant (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<FlagCommand>,
    },
    /// Flag thresholds: show, or set `field=value`.
    Settings {
        fields: Vec<String>,
        /// Why the thresholds change (required to set).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The weekly transparency report: render (writes nothing), or issue (records what was sent).
    #[command(args_conflicts_with_subcommands = true)]
    Report {
        #[command(subcommand)]
        action: Option<ReportAction>,
        #[command(flatten)]
        args: crate::reporting::ReportArgs,
    },
    /// A matter's dossier: everything on record about it, in time order, with its evidence.
    Dossier(crate::dossier::DossierArgs),
    /// The rules of engagement agreed with the client: draft, amend, send, confirm, show.
    #[command(subcommand)]
    Agreement(crate::agreement::AgreementCommand),
    /// The audit log: verify, log, head.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copy the database with SQLite's online backup.
    Backup { dest: PathBuf },
    /// Sign in to a team server and make this file a copy of one of its engagements.
    Login {
        /// The server's address, e.g. https://candor.example.com.
        url: String,
        /// The engagement's id on the server.
        #[arg(long)]
        engagement: String,
        #[arg(long)]
        account: String,
        /// Read the password from standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Send what waits in the outbox to the team server and take what the team recorded.
    Sync {
        /// Keep taking the team's changes as they come, for this many seconds.
        #[arg(long, value_name = "SECONDS")]
        watch: Option<u64>,
    },
    /// What waits to be sent to the team server, and what it refused.
    Outbox {
        /// Give up an item the server refused (its id), to record it again on the current version.
        #[arg(long, value_name = "ID")]
        drop: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mail accounts of this machine, read into the log: `account`, `preview`, `sync`.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Print the JSON Schema of the candor/1 document (docs/candor-1.schema.json), generated from the model.
    Schema {
        /// Print instead the model as the desktop's UI reads it (ui/src/lib/model.gen.ts).
        #[arg(long)]
        typescript: bool,
    },
}

/// What an amendment or a void says of itself.
#[derive(Args, Debug)]
pub struct Revision {
    /// Why: kept in the history.
    #[arg(long)]
    pub reason: String,
    /// The version this change is based on (default: the version read now).
    #[arg(long)]
    pub base: Option<u32>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum LogCommand {
    /// Log a communication with its items.
    Add(crate::log::AddArgs),
    /// List communications, newest first.
    List {
        /// A person taking part (name, e-mail or key).
        #[arg(long)]
        person: Option<String>,
        /// A department (key).
        #[arg(long)]
        department: Option<String>,
        /// A party (name or key).
        #[arg(long)]
        party: Option<String>,
        /// meeting, call, email, chat, letter, ticket.
        #[arg(long)]
        kind: Option<String>,
        /// official, personal_phone, personal_email, personal_messaging, other_unofficial.
        #[arg(long)]
        channel: Option<String>,
        /// An ISO week, e.g. 2026-W47.
        #[arg(long)]
        week: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: i64,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MailCommand {
    /// This machine's mail accounts (their passwords or OAuth 2 refresh tokens in the OS keyring).
    #[command(subcommand)]
    Account(MailAccountCommand),
    /// What a sync would take of the new messages (reads headers only; records nothing).
    Preview {
        /// The account (default: every account).
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Read the accounts' folders into the communications log.
    Sync {
        /// The account (default: every account).
        account: Option<String>,
        /// Keep watching for new mail (IDLE); for this many seconds when given.
        #[arg(long, value_name = "SECONDS", num_args = 0..=1)]
        watch: Option<Option<u64>>,
        /// How long one IDLE wait lasts before it is re-issued (servers drop it after 29 minutes).
        #[arg(long, value_name = "SECONDS", default_value_t = 1200)]
        idle: u64,
        /// The reports as JSON (with --watch: one line per reading, JSON Lines).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MailAccountCommand {
    /// Add an IMAP account; its password is read and kept in the OS keyring, or with
    /// `--oauth microsoft` it signs in in the browser and its refresh token is kept.
    Add(crate::mail::NewAccount),
    /// The accounts, with their last sync, messages taken and last error.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account and forget its password or refresh token (what it took stays recorded).
    Remove { name: String },
}

#[derive(Subcommand)]
pub enum FlagCommand {
    /// Acknowledge a flag (it stays visible) with a note.
    Ack {
        flag: String,
        #[arg(long)]
        note: String,
    },
    /// Resolve a flag with a note; it opens again on new evidence.
    Resolve {
        flag: String,
        #[arg(long)]
        note: String,
    },
}

#[derive(Subcommand)]
pub enum ReportAction {
    /// Whether FILE is exactly a report, dossier or brief Candor issued, and when.
    Verify { file: PathBuf },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the chain and that the tables agree with it.
    Verify {
        /// A head handed out earlier (SEQ:HASH) that the record must still extend.
        #[arg(long)]
        checkpoint: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List audit events.
    Log {
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Print the chain head (SEQ:HASH), a checkpoint to hand to someone else.
    Head,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("candor: {}", output::error_text(&e));
            ExitCode::from(output::exit_code(&e))
        }
    }
}
