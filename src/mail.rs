//! `candor mail account|preview|sync`: this machine's IMAP accounts, their
//! passwords in the OS keyring (candor-secrets), synced by candor-mail.

use crate::importing::progress_bar;
use anyhow::{Context, Result, bail};
use candor_core::import::Options;
use candor_core::store::{
    Author, MICROSOFT_IMAP_HOST, MailAccount, OAuthSettings, Security, SignIn, Store,
};
use candor_core::{Ids, time};
use candor_mail::{AccountReport, Credential, Event, FolderPreview, Watch, keys, oauth};
use chrono::Utc;
use serde::Serialize;
use std::time::{Duration, Instant};

/// What `mail account add` is given.
#[derive(clap::Args)]
pub struct NewAccount {
    /// A name for the account, e.g. "work".
    name: String,
    /// The IMAP server. Default with --oauth microsoft: outlook.office365.com.
    #[arg(long)]
    host: Option<String>,
    /// Default: 993 for tls, 143 for plain.
    #[arg(long)]
    port: Option<u16>,
    /// tls, or plain (to this machine only).
    #[arg(long, default_value = "tls")]
    security: String,
    /// The address signed in as. With --oauth it may be left out: the sign-in says it.
    #[arg(long)]
    user: Option<String>,
    /// A folder to read (repeat for more); `\\Sent` is the folder the server marks as Sent. Default: INBOX and \\Sent.
    #[arg(long = "folder")]
    folders: Vec<String>,
    /// Read the password from standard input instead of asking.
    #[arg(long, conflicts_with = "oauth")]
    password_stdin: bool,
    /// Sign in with OAuth 2 in the browser instead of a password: `microsoft` (Microsoft 365).
    /// Only its refresh token is kept, in the OS keyring.
    #[arg(long, value_enum, value_name = "PROVIDER")]
    oauth: Option<Provider>,
    /// The application (client) id of the app registered in Microsoft Entra ID (required with --oauth; see docs/import.md).
    #[arg(long, requires = "oauth")]
    client_id: Option<String>,
    /// The directory (tenant) to sign in to: common, organizations, a domain or a tenant id.
    #[arg(long, requires = "oauth", default_value = OAuthSettings::MICROSOFT_TENANT)]
    tenant: String,
    /// Where the browser signs in. Default: https://login.microsoftonline.com/TENANT/oauth2/v2.0/authorize.
    #[arg(long, requires = "oauth", value_name = "URL")]
    authorize_url: Option<String>,
    /// Where tokens are asked for. Default: https://login.microsoftonline.com/TENANT/oauth2/v2.0/token.
    #[arg(long, requires = "oauth", value_name = "URL")]
    token_url: Option<String>,
    /// Print the sign-in address only; do not try to open a browser.
    #[arg(long, requires = "oauth")]
    no_browser: bool,
}

/// Who an account signs in with over OAuth 2.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Provider {
    /// Microsoft 365 (Exchange Online), through Microsoft Entra ID.
    Microsoft,
}

/// Adds the account to this file and keeps its password, or its OAuth 2
/// refresh token after a sign-in in the browser, in the keyring.
pub fn add(store: &mut Store, new: NewAccount) -> Result<()> {
    let security = Security::parse(&new.security).with_context(|| {
        format!(
            "--security \"{}\": use tls (port 993) or plain (this machine only)",
            new.security
        )
    })?;
    let sign_in = match new.oauth {
        None => SignIn::Password,
        Some(Provider::Microsoft) => {
            let client_id = new
                .client_id
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty());
            let Some(client_id) = client_id else {
                bail!(
                    "--oauth microsoft needs --client-id: the application (client) id of the app registered for Candor in Microsoft Entra ID (docs/import.md, \"OAuth 2 (Microsoft 365)\", says how to register one)"
                );
            };
            let mut settings = OAuthSettings::microsoft(client_id, Some(new.tenant.trim()));
            if let Some(url) = new.authorize_url {
                settings.authorize_url = url;
            }
            if let Some(url) = new.token_url {
                settings.token_url = url;
            }
            SignIn::OAuth(settings)
        }
    };
    let host = match (new.host, &sign_in) {
        (Some(host), _) => host,
        (None, SignIn::OAuth(_)) => MICROSOFT_IMAP_HOST.to_owned(),
        (None, SignIn::Password) => bail!("the mail account needs its server: --host"),
    };
    let user = match (new.user, &sign_in) {
        (Some(user), _) => user,
        (None, SignIn::OAuth(_)) => String::new(),
        (None, SignIn::Password) => bail!("the mail account needs its user name: --user"),
    };
    let account = MailAccount {
        port: new.port.unwrap_or(security.default_port()),
        name: new.name,
        host,
        security,
        user,
        folders: MailAccount::folders_or_default(new.folders),
        sign_in,
    };
    let account = if matches!(account.sign_in, SignIn::OAuth(_)) {
        let no_browser = new.no_browser;
        let mut open = |address: &str| {
            eprintln!(
                "Sign in in your browser; if it does not open, open this address:\n\n  {address}\n"
            );
            eprintln!(
                "waiting up to {} minutes for the sign-in…",
                oauth::SIGN_IN_WAIT.as_secs() / 60
            );
            if !no_browser {
                open_browser(address);
            }
        };
        keys::add_with_oauth(store, &account, oauth::SIGN_IN_WAIT, &mut open).map_err(lift)?
    } else {
        if let Some(problem) = account.problem() {
            bail!("the mail account: {problem}");
        }
        let password = crate::team::read_password(new.password_stdin)?;
        keys::add_with_password(store, &account, &password).map_err(lift)?;
        account
    };
    println!(
        "mail account {} added: {}@{}:{} ({}), folders {}; signs in with {}, its {} kept in the {}",
        account.name,
        account.user,
        account.host,
        account.port,
        security_text(account.security),
        account.folders.join(", "),
        sign_in_text(&account.sign_in),
        keys::secret_kind(&account),
        keys::place()
    );
    Ok(())
}

/// Tries to show `address` in the desktop's browser (`xdg-open`); the
/// address is printed anyway, so a failure is passed over.
fn open_browser(address: &str) {
    let opened = std::process::Command::new("xdg-open")
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = opened {
        std::thread::spawn(move || child.wait());
    }
}

fn sign_in_text(s: &SignIn) -> String {
    match s {
        SignIn::Password => "a password".into(),
        SignIn::OAuth(o) => format!("OAuth 2 (client {}, tenant {})", o.client_id, o.tenant),
    }
}

fn security_text(s: Security) -> &'static str {
    match s {
        Security::Tls => "TLS",
        Security::Plain => "unencrypted, this machine only",
    }
}

/// One account as `mail account list` shows it.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    account: MailAccount,
    #[serde(flatten)]
    status: candor_core::store::MailStatus,
    /// What is kept to sign in: "password" or "refresh token".
    secret: &'static str,
    secret_kept: bool,
    secret_place: &'static str,
}

/// Lists the accounts with how they sign in and how their last sync went.
pub fn list(store: &Store, json: bool) -> Result<()> {
    let mut listed = Vec::new();
    for account in store.mail_accounts()? {
        listed.push(Listed {
            status: store.mail_status(&account.name)?,
            secret: keys::secret_kind(&account),
            secret_kept: keys::is_kept(&account),
            secret_place: keys::place(),
            account,
        });
    }
    if json {
        return crate::output::json(&listed);
    }
    if listed.is_empty() {
        println!("no mail accounts; add one with `candor mail account add NAME --host … --user …`");
    }
    let zone = store.time_zone()?;
    for l in &listed {
        let a = &l.account;
        println!(
            "{}  {}@{}:{} ({})  folders: {}",
            a.name,
            a.user,
            a.host,
            a.port,
            security_text(a.security),
            a.folders.join(", ")
        );
        println!("  signs in with {}", sign_in_text(&a.sign_in));
        let last = l.status.synced_at.map_or("never".to_owned(), |t| {
            t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
        });
        println!("  last sync: {last}; messages taken: {}", l.status.taken);
        if let Some(e) = &l.status.error {
            println!("  last error: {e}");
        }
        if l.secret_kept {
            println!("  {}: in the {}", l.secret, l.secret_place);
        } else {
            println!(
                "  {}: none kept in the {} — remove the account and add it again",
                l.secret, l.secret_place
            );
        }
    }
    Ok(())
}

/// Removes the account and forgets its password or refresh token (what it took stays recorded).
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    keys::remove(store, name).map_err(lift)?;
    println!("mail account {name} removed; what it took stays in the record");
    Ok(())
}

fn credential(account: &MailAccount) -> Result<Credential> {
    keys::credential(account).map_err(lift)
}

/// The named account, or every account.
fn chosen(store: &Store, name: Option<&str>) -> Result<Vec<MailAccount>> {
    let accounts = match name {
        Some(n) => vec![store.mail_account(n)?],
        None => store.mail_accounts()?,
    };
    if accounts.is_empty() {
        bail!("no mail accounts; add one with `candor mail account add NAME --host … --user …`");
    }
    Ok(accounts)
}

/// A mail error with the core's own error kept as such (for the exit code).
fn lift(e: candor_mail::Error) -> anyhow::Error {
    match e {
        candor_mail::Error::Record(core) => core.into(),
        other => other.into(),
    }
}

/// Shows what a sync would take.
pub fn preview(store: &Store, name: Option<&str>, options: &Options, json: bool) -> Result<()> {
    let mut all: Vec<(String, Vec<FolderPreview>)> = Vec::new();
    for account in chosen(store, name)? {
        let found =
            candor_mail::preview(store, &account, &credential(&account)?, options).map_err(lift)?;
        all.push((account.name, found));
    }
    if json {
        #[derive(Serialize)]
        struct Out<'a> {
            account: &'a str,
            folders: &'a [FolderPreview],
        }
        let out: Vec<Out<'_>> = all
            .iter()
            .map(|(a, f)| Out {
                account: a,
                folders: f,
            })
            .collect();
        return crate::output::json(&out);
    }
    let zone = store.time_zone()?;
    for (account, folders) in &all {
        for f in folders {
            let taken = f.messages.iter().filter(|m| m.taken).count();
            println!(
                "{account}/{}: {} new, {taken} would be taken, {} passed over (not to or from the engagement's people)",
                f.folder,
                f.messages.len(),
                f.messages.len() - taken
            );
            for m in f.messages.iter().filter(|m| m.taken || m.problem.is_some()) {
                let when = m.occurred_at.map_or(String::new(), |t| {
                    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
                });
                match &m.problem {
                    Some(p) => println!("  ! uid {}: would be refused: {p}", m.uid),
                    None => println!("  + {when}  {}  {}", m.from, m.subject),
                }
            }
        }
    }
    Ok(())
}

/// Reads the accounts into the record once, or keeps watching one.
#[allow(clippy::too_many_arguments)]
pub fn sync(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    name: Option<&str>,
    options: &Options,
    watch: Option<Option<u64>>,
    idle: u64,
    json: bool,
) -> Result<()> {
    let accounts = chosen(store, name)?;
    if let Some(seconds) = watch {
        let [account] = accounts.as_slice() else {
            bail!("name the one account to watch: candor mail sync ACCOUNT --watch");
        };
        if idle == 0 {
            bail!("--idle must be at least one second");
        }
        let watching = Watch {
            idle: Duration::from_secs(idle),
            until: seconds.map(|s| Instant::now() + Duration::from_secs(s)),
            bell: Default::default(),
        };
        let mut event = |e: Event<'_>| {
            match e {
                Event::Progress(_) => {}
                Event::Synced(r) if json => {
                    let _ = crate::output::json_line(r);
                }
                Event::Synced(r) => summary(r),
                Event::Failed { error, retry } => eprintln!(
                    "candor: {}: {error}; trying again in {} s",
                    time::format(Utc::now()),
                    retry.as_secs()
                ),
            }
            true
        };
        // Asked once here, so a missing password fails at once; then again
        // for each new connection (an OAuth access token lasts an hour).
        let mut first = Some(credential(account)?);
        let mut credential = || first.take().map_or_else(|| keys::credential(account), Ok);
        return candor_mail::watch(
            store,
            author,
            ids,
            account,
            &mut credential,
            options,
            watching,
            &mut event,
        )
        .map_err(lift);
    }
    let mut reports = Vec::new();
    for account in &accounts {
        let bar = progress_bar(&account.name);
        let mut progress = |p: &candor_mail::Progress| {
            bar.set_message(format!("{}/{}", p.account, p.folder));
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        };
        let report = candor_mail::sync(
            store,
            author,
            ids,
            account,
            &credential(account)?,
            options,
            &mut progress,
        )
        .map_err(lift);
        bar.finish_and_clear();
        reports.push(report?);
    }
    if json {
        crate::output::json(&reports)
    } else {
        reports.iter().for_each(summary);
        Ok(())
    }
}

fn summary(r: &AccountReport) {
    for f in &r.folders {
        let again = if f.rescanned {
            " (its UIDVALIDITY changed: read again from the start)"
        } else {
            ""
        };
        println!(
            "{}/{}: {} new{again}; {} recorded, {} already present, {} passed over, {} refused",
            r.account,
            f.folder,
            f.seen,
            f.imported.len(),
            f.already_present,
            f.passed_over,
            f.refused.len()
        );
        for refusal in &f.refused {
            println!("  refused {refusal}");
        }
    }
    for e in &r.errors {
        println!("{}: {e}", r.account);
    }
}
