//! Mail accounts of this machine (Settings → Mail): add, remove, sync now,
//! and each account's status with what its watcher is doing.

use crate::error::{AppError, Result};
use crate::mailroom::Activity;
use crate::session::{Open, Session};
use candor_core::store::{
    MICROSOFT_IMAP_HOST, MailAccount, MailStatus, OAuthSettings, Security, SignIn,
};
use candor_mail::{keys, oauth};
use serde::{Deserialize, Serialize};
use tauri::State;

/// An account as Settings shows it (docs/ipc.md `MailAccountView`).
#[derive(Serialize)]
pub struct MailAccountView {
    #[serde(flatten)]
    account: MailAccount,
    #[serde(flatten)]
    status: MailStatus,
    password_kept: bool,
    /// Where the password is kept, in words.
    password_place: &'static str,
    /// What its watcher is doing; `None` when none runs (no identity chosen).
    activity: Option<Activity>,
}

/// A new account from the form (docs/ipc.md `NewMailAccount`).
#[derive(Deserialize)]
pub struct NewMailAccount {
    name: String,
    host: String,
    port: Option<u16>,
    security: Security,
    user: String,
    folders: Vec<String>,
}

fn mail_error(e: candor_mail::Error) -> AppError {
    match e {
        candor_mail::Error::Record(core) => core.into(),
        candor_mail::Error::Settings(m) => AppError::new("invalid", m),
        other => AppError::new("mail", other.to_string()),
    }
}

fn views(session: &Session, open: &Open) -> Result<Vec<MailAccountView>> {
    session.watch_mail(open)?;
    let activity = session.mail.activity();
    let mut out = Vec::new();
    for account in open.store.mail_accounts()? {
        out.push(MailAccountView {
            status: open.store.mail_status(&account.name)?,
            password_kept: keys::is_kept(&account),
            password_place: keys::place(),
            activity: activity.get(&account.name).cloned(),
            account,
        });
    }
    Ok(out)
}

#[tauri::command]
pub fn mail_accounts(session: State<'_, Session>) -> Result<Vec<MailAccountView>> {
    let open = session.lock();
    views(&session, &open)
}

#[tauri::command]
pub fn mail_account_add(
    session: State<'_, Session>,
    account: NewMailAccount,
    password: String,
) -> Result<Vec<MailAccountView>> {
    let mut open = session.lock();
    let account = MailAccount {
        name: account.name.trim().to_owned(),
        host: account.host.trim().to_owned(),
        port: account.port.unwrap_or(account.security.default_port()),
        security: account.security,
        user: account.user.trim().to_owned(),
        folders: MailAccount::folders_or_default(account.folders),
        sign_in: SignIn::Password,
    };
    keys::add_with_password(&mut open.store, &account, &password).map_err(mail_error)?;
    views(&session, &open)
}

#[tauri::command]
pub fn mail_account_remove(
    session: State<'_, Session>,
    name: String,
) -> Result<Vec<MailAccountView>> {
    let mut open = session.lock();
    keys::remove(&mut open.store, &name).map_err(mail_error)?;
    views(&session, &open)
}

#[tauri::command]
pub fn mail_sync_now(session: State<'_, Session>, name: String) -> Result<Vec<MailAccountView>> {
    let open = session.lock();
    let account = open.store.mail_account(&name)?;
    session.watch_mail(&open)?;
    if !session
        .mail
        .sync_now(&account, &open.author()?, open.prefs.mail_idle())
    {
        return Err(AppError::new(
            "no_identity",
            "Choose who you are before syncing mail (Settings → Identity).",
        ));
    }
    views(&session, &open)
}

/// A Microsoft 365 account from the form (docs/ipc.md `NewOAuthAccount`).
#[derive(Deserialize)]
pub struct NewOAuthAccount {
    name: String,
    client_id: String,
    tenant: Option<String>,
    /// Left empty: the address signed in as.
    user: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    security: Option<Security>,
    folders: Vec<String>,
}

/// Signs in to a Microsoft 365 account in the system browser (on its own
/// connection to the file, without holding the session: the app stays usable
/// for the minutes the sign-in may take), then adds it.
#[tauri::command]
pub async fn mail_account_sign_in(
    session: State<'_, Session>,
    account: NewOAuthAccount,
) -> Result<Vec<MailAccountView>> {
    let client_id = account.client_id.trim();
    if client_id.is_empty() {
        return Err(AppError::new(
            "invalid",
            "The application (client) id is needed: the id of the app registered for Candor in Microsoft Entra ID.",
        ));
    }
    let tenant = account
        .tenant
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let mut settings = OAuthSettings::microsoft(client_id, tenant);
    let mut security = account.security.unwrap_or(Security::Tls);
    let (mut host, mut port) = (account.host, account.port);
    if let Some(test) = session.authority() {
        settings.authorize_url = "http://127.0.0.1:1/authorize".into();
        settings.token_url = test.token_url;
        (host, port, security) = (
            Some("127.0.0.1".into()),
            Some(test.imap_port),
            Security::Plain,
        );
    }
    let new = MailAccount {
        name: account.name.trim().to_owned(),
        host: host
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| MICROSOFT_IMAP_HOST.to_owned()),
        port: port.unwrap_or(security.default_port()),
        security,
        user: account.user.unwrap_or_default().trim().to_owned(),
        folders: MailAccount::folders_or_default(account.folders),
        sign_in: SignIn::OAuth(settings),
    };
    let db = session.lock().store.path().to_path_buf();
    let mut store = crate::session::open_store(&db)?;
    let opener = session.opener.clone();
    tauri::async_runtime::spawn_blocking(move || {
        keys::add_with_oauth(&mut store, &new, oauth::SIGN_IN_WAIT, &mut |url| {
            opener(url)
        })
    })
    .await
    .map_err(|e| AppError::new("internal", format!("the sign-in stopped: {e}")))?
    .map_err(mail_error)?;
    let open = session.lock();
    views(&session, &open)
}
