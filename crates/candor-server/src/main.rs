//! `candor-server`: one engagement record shared by a team, on PostgreSQL.
//! See docs/sync.md for the protocol, the roles and how to run it.

mod accounts;
mod admin;
mod config;
mod engagements;
mod http;
mod members;
mod schema;
mod sequencer;

use anyhow::Result;
use candor_core::access::Role;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Candor's team server: the sequencer of each engagement's chain.
#[derive(Parser)]
#[command(name = "candor-server", version)]
struct Cli {
    /// A TOML configuration file (database_url, data_dir, listen, session_hours).
    #[arg(long, short, global = true, env = "CANDOR_SERVER_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates (or brings up to date) the server's tables, roles and policies.
    Init,
    /// Serves the team: the HTTP API on the configured address.
    Serve,
    /// Engagements on this server.
    #[command(subcommand)]
    Engagement(EngagementCommand),
    /// Members of an engagement and their roles.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Writes a backup of the whole database (pg_dump, custom format) to DEST.
    Backup { dest: PathBuf },
    /// Prints the table of what each role may do.
    Roles,
}

#[derive(Subcommand)]
enum EngagementCommand {
    /// A new engagement, with the provider's first person (its first member).
    Create {
        /// The engagement's id on the server (lower-case letters, digits, dashes).
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// The provider's name.
        #[arg(long)]
        provider: String,
        /// The provider's department the first person works in.
        #[arg(long)]
        department: String,
        /// The first person's name.
        #[arg(long)]
        person: String,
        /// The first person's e-mail.
        #[arg(long, default_value = "")]
        email: String,
    },
    /// Takes an existing Candor file, with its chain, as engagement ID.
    Import { id: String, file: PathBuf },
    /// Lists the engagements.
    List,
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Adds an account (created if new) to an engagement as one of the provider's people.
    Add {
        engagement: String,
        account: String,
        /// The provider person of the record the member is (name, e-mail or key).
        #[arg(long)]
        person: String,
        /// A role: lead, member, account-manager, admin or viewer (repeat for several).
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
        /// Reads the new account's password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Lists an engagement's members.
    List { engagement: String },
    /// Revokes a membership: later pushes are refused, past entries stay.
    Revoke { engagement: String, account: String },
    /// Replaces a member's roles.
    Role {
        engagement: String,
        account: String,
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CANDOR_SERVER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("candor-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Command::Roles = cli.command {
        print!("{}", candor_core::access::table_markdown());
        return Ok(());
    }
    let config = config::Config::load(cli.config.as_deref())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let admin = admin::Admin::new(&config, rt.handle().clone())?;
    match cli.command {
        Command::Init => admin.init(),
        Command::Serve => rt.block_on(admin.serve(&config)),
        Command::Roles => unreachable!("printed above"),
        Command::Backup { dest } => admin.backup(&config, &dest),
        Command::Engagement(EngagementCommand::Create {
            id,
            name,
            time_zone,
            provider,
            department,
            person,
            email,
        }) => admin.create(
            &id,
            &name,
            &time_zone,
            candor_core::identity::Newcomer {
                provider_name: provider,
                department_name: department,
                name: person,
                email,
            },
        ),
        Command::Engagement(EngagementCommand::Import { id, file }) => admin.import(&id, &file),
        Command::Engagement(EngagementCommand::List) => admin.list(),
        Command::Member(MemberCommand::Add {
            engagement,
            account,
            person,
            roles,
            password_stdin,
        }) => admin.add_member(&engagement, &account, &person, &roles, password_stdin),
        Command::Member(MemberCommand::List { engagement }) => admin.members(&engagement),
        Command::Member(MemberCommand::Revoke {
            engagement,
            account,
        }) => admin.revoke(&engagement, &account),
        Command::Member(MemberCommand::Role {
            engagement,
            account,
            roles,
        }) => admin.set_roles(&engagement, &account, &roles),
    }
}
