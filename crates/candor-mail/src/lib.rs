//! Candor's mail sync: an IMAP account's folders read into the communications
//! log through the core's own import path (the same capture, deduplication,
//! sanitising and kept originals as a file import). The mailbox is only read
//! (`EXAMINE`, `BODY.PEEK`); each folder's place `(UIDVALIDITY, last UID)`
//! moves in the transaction that records what it took.
//!
//! The functions here block: each runs its own single-threaded tokio runtime,
//! so the CLI and the desktop's worker threads call them as they call the core.

mod connect;
mod folder;
pub mod keys;
pub mod oauth;

pub use folder::FolderReport;

use candor_core::Ids;
use candor_core::import::{self, Capture, Glimpse, Options};
use candor_core::store::{Author, MailAccount, Store};
use chrono::Utc;
use folder::Target;
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How long any one exchange with the server may take.
const PATIENCE: Duration = Duration::from_secs(60);

/// What signs in to the account.
pub enum Credential {
    /// A password or an app password (`LOGIN`).
    Password(String),
    /// An OAuth 2 access token (SASL `XOAUTH2`).
    Bearer(String),
}

/// Why a sync did not go through, in words.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the account's settings: {0}")]
    Settings(String),
    #[error("could not reach the mail server {place}: {reason}")]
    Connect { place: String, reason: String },
    #[error("the mail server {place} refused to sign in {user}: {reason}")]
    SignIn {
        user: String,
        place: String,
        reason: String,
    },
    #[error("folder \"{folder}\": {reason}")]
    Folder { folder: String, reason: String },
    #[error("the mail server: {0}")]
    Imap(String),
    #[error("the account's password or refresh token: {0}")]
    Keyring(String),
    #[error("signing in with OAuth 2: {0}")]
    OAuth(String),
    #[error("the token endpoint {url} refused: {reason}")]
    TokenRefused { url: String, reason: String },
    #[error("could not reach the token endpoint {url}: {reason}")]
    TokenUnreachable { url: String, reason: String },
    #[error("no answer from the mail server while {0} (waited {secs} s)", secs = PATIENCE.as_secs())]
    TimedOut(String),
    #[error(transparent)]
    Record(#[from] candor_core::Error),
}

impl From<async_imap::error::Error> for Error {
    fn from(e: async_imap::error::Error) -> Error {
        Error::Imap(e.to_string())
    }
}

impl Error {
    /// Whether trying again later could help (a refused sign-in or bad
    /// settings will not mend by waiting; a dropped connection may).
    pub fn is_passing(&self) -> bool {
        matches!(
            self,
            Error::Connect { .. }
                | Error::Imap(_)
                | Error::TimedOut(_)
                | Error::TokenUnreachable { .. }
        )
    }
}

/// A sync's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How far a folder's reading has come.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub account: String,
    pub folder: String,
    pub done: usize,
    pub total: usize,
}

/// What a sync of one account did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountReport {
    pub account: String,
    pub folders: Vec<FolderReport>,
    /// Folders that could not be read, and why (the others were).
    pub errors: Vec<String>,
}

impl AccountReport {
    /// Messages recorded by this sync.
    pub fn imported(&self) -> usize {
        self.folders.iter().map(|f| f.imported.len()).sum()
    }
}

/// What the preview found in one folder.
#[derive(Debug, Clone, Serialize)]
pub struct FolderPreview {
    pub folder: String,
    pub messages: Vec<Glimpse>,
}

async fn within<T>(what: &str, fut: impl Future<Output = T>) -> Result<T> {
    tokio::time::timeout(PATIENCE, fut)
        .await
        .map_err(|_| Error::TimedOut(what.to_owned()))
}

fn block_on<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Imap(format!("cannot start the network runtime: {e}")))?
        .block_on(fut)
}

/// Reads the account's folders once into the record and notes how it went
/// in the account's status.
pub fn sync(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    account: &MailAccount,
    credential: &Credential,
    options: &Options,
    progress: &mut dyn FnMut(&Progress),
) -> Result<AccountReport> {
    let target = &mut Target {
        store,
        author,
        ids,
        options,
    };
    block_on(async {
        let result = async {
            let mut session = connect::open(account, credential).await?;
            let report = sync_session(&mut session, target, account, progress).await;
            let _ = within("signing out", session.logout()).await;
            report
        }
        .await;
        let trouble = match &result {
            Ok(report) => report.trouble(),
            Err(e) => Some(e.to_string()),
        };
        note(target.store, account, trouble)?;
        result
    })
}

async fn sync_session(
    session: &mut connect::Imap,
    target: &mut Target<'_>,
    account: &MailAccount,
    progress: &mut dyn FnMut(&Progress),
) -> Result<AccountReport> {
    let capture = Capture::load(target.store)?;
    let mut report = AccountReport {
        account: account.name.clone(),
        ..AccountReport::default()
    };
    for name in folder::resolve(session, &account.folders).await? {
        let synced = match name {
            Ok(name) => {
                folder::sync(session, target, &capture, &account.name, &name, progress).await
            }
            Err(e) => Err(e),
        };
        match synced {
            Ok(f) => report.folders.push(f),
            Err(e @ Error::Folder { .. }) => report.errors.push(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

impl AccountReport {
    /// The folders that could not be read, in words; `None` when all were.
    fn trouble(&self) -> Option<String> {
        (!self.errors.is_empty()).then(|| self.errors.join("; "))
    }
}

/// Keeps how a sync ended in the account's status.
fn note(store: &mut Store, account: &MailAccount, trouble: Option<String>) -> Result<()> {
    store.set_mail_status(&account.name, Utc::now(), trouble.as_deref())?;
    Ok(())
}

/// What a sync would take of the folders' new messages (reads headers only;
/// records nothing).
pub fn preview(
    store: &Store,
    account: &MailAccount,
    credential: &Credential,
    options: &Options,
) -> Result<Vec<FolderPreview>> {
    block_on(async {
        let mut session = connect::open(account, credential).await?;
        let capture = Capture::load(store)?;
        let mut out = Vec::new();
        for name in folder::resolve(&mut session, &account.folders).await? {
            let name = name?;
            let headers = folder::glimpse(&mut session, store, &account.name, &name).await?;
            out.push(FolderPreview {
                folder: name,
                messages: import::preview(&capture, &headers, options),
            });
        }
        let _ = within("signing out", session.logout()).await;
        Ok(out)
    })
}

/// How long a watch lasts and how it waits.
#[derive(Debug, Clone)]
pub struct Watch {
    /// How long one IDLE lasts before it is re-issued (and every folder read
    /// again): servers drop an IDLE after 29 minutes.
    pub idle: Duration,
    /// When the watch ends by itself (`None`: when asked to stop).
    pub until: Option<Instant>,
    /// Rung from another thread to read every folder now, or to stop.
    pub bell: Arc<Bell>,
}

impl Watch {
    /// The time left before the watch ends, if it ends by itself.
    fn left(&self) -> Option<Duration> {
        self.until
            .map(|u| u.saturating_duration_since(Instant::now()))
    }

    fn over(&self) -> bool {
        self.bell.stopped() || self.left().is_some_and(|l| l.is_zero())
    }

    /// Waits `wait`, or less if the bell rings.
    async fn pause(&self, wait: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = self.bell.rung.notified() => {}
        }
    }
}

/// Wakes a watch that is waiting (on IDLE or before retrying): to read every
/// folder at once ("sync now") or to end.
#[derive(Debug, Default)]
pub struct Bell {
    rung: Notify,
    stop: AtomicBool,
}

impl Bell {
    /// Asks the watch to read every folder now.
    pub fn ring(&self) {
        self.rung.notify_one();
    }

    /// Asks the watch to sign out and return.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.rung.notify_one();
    }

    /// Whether the watch was asked to end.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// What happens during a watch, as it happens.
pub enum Event<'a> {
    Progress(&'a Progress),
    Synced(&'a AccountReport),
    /// The connection failed; the watch tries again after `retry`.
    Failed {
        error: &'a Error,
        retry: Duration,
    },
}

/// Keeps the record up to date with the account: reads every folder, then
/// waits on the first (IDLE) for news, re-issuing the wait every `watch.idle`;
/// a lost connection is opened again, waiting longer each time (up to a
/// minute). `credential` is asked for each connection (an OAuth access
/// token lasts an hour). Returns when `watch.until` passes, the bell is stopped or `event`
/// answers `false`; ringing the bell ends a wait early;
/// fails when waiting cannot help (settings, a refused sign-in, the record).
#[allow(clippy::too_many_arguments)]
pub fn watch(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    account: &MailAccount,
    credential: &mut dyn FnMut() -> Result<Credential>,
    options: &Options,
    watch: Watch,
    event: &mut dyn FnMut(Event<'_>) -> bool,
) -> Result<()> {
    let target = &mut Target {
        store,
        author,
        ids,
        options,
    };
    block_on(async {
        let mut retry = Duration::from_secs(1);
        loop {
            let error = match watching(target, account, credential, &watch, &mut retry, event).await
            {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            note(target.store, account, Some(error.to_string()))?;
            if !error.is_passing() {
                return Err(error);
            }
            if !event(Event::Failed {
                error: &error,
                retry,
            }) {
                return Ok(());
            }
            watch
                .pause(watch.left().map_or(retry, |l| l.min(retry)))
                .await;
            if watch.over() {
                return Ok(());
            }
            retry = (retry * 2).min(Duration::from_secs(60));
        }
    })
}

/// One connection's life in a watch: sync, IDLE, sync… until the end or an error.
async fn watching(
    target: &mut Target<'_>,
    account: &MailAccount,
    credential: &mut dyn FnMut() -> Result<Credential>,
    watch: &Watch,
    retry: &mut Duration,
    event: &mut dyn FnMut(Event<'_>) -> bool,
) -> Result<()> {
    let mut session = connect::open(account, &credential()?).await?;
    let idles = within("asking what the server can do", session.capabilities())
        .await??
        .has_str("IDLE");
    loop {
        let report = {
            let mut progress = |p: &Progress| {
                event(Event::Progress(p));
            };
            sync_session(&mut session, target, account, &mut progress).await?
        };
        note(target.store, account, report.trouble())?;
        *retry = Duration::from_secs(1);
        let wait = watch.left().map_or(watch.idle, |l| l.min(watch.idle));
        if !event(Event::Synced(&report)) || wait.is_zero() || watch.over() {
            let _ = within("signing out", session.logout()).await;
            return Ok(());
        }
        if idles {
            let first = report
                .folders
                .first()
                .map_or("INBOX", |f| f.folder.as_str());
            within("opening the folder to wait on", session.examine(first)).await??;
            folder::drain(&mut session);
            let mut handle = session.idle();
            within("starting to wait (IDLE)", handle.init()).await??;
            let (news, stop) = handle.wait_with_timeout(wait);
            tokio::select! {
                news = news => { news?; }
                _ = watch.bell.rung.notified() => drop(stop),
            }
            session = within("ending the wait (DONE)", handle.done()).await??;
            folder::drain(&mut session);
        } else {
            watch.pause(wait).await;
        }
        if watch.over() {
            let _ = within("signing out", session.logout()).await;
            return Ok(());
        }
    }
}
