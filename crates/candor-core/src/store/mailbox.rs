//! Mail accounts of this machine and how far each of their folders has been
//! read: local tables, outside the chain (never exported, never synced).
//! A folder's place is moved in the same transaction as the messages it took.

use super::{Store, Writer};
use crate::error::{Error, Result};
use crate::time;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// How the connection to an IMAP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (port 993).
    Tls,
    /// No encryption: allowed only to this machine (127.0.0.1, ::1, localhost).
    Plain,
}

impl Security {
    /// Parses `tls` or `plain`.
    pub fn parse(s: &str) -> Option<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tls" => Some(Security::Tls),
            "plain" => Some(Security::Plain),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Plain => "plain",
        }
    }

    /// The IMAP port used when none is given: 993 for TLS, 143 for plain.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 993,
            Security::Plain => 143,
        }
    }
}

/// How an account signs in. Its secret (a password, or an OAuth 2 refresh
/// token) is kept in the operating system's keyring, never here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SignIn {
    /// A password or an app password (IMAP `LOGIN`).
    #[default]
    Password,
    /// OAuth 2 in the browser, then SASL `XOAUTH2` with an access token.
    #[serde(rename = "oauth")]
    OAuth(OAuthSettings),
}

/// Where and as what an account signs in with OAuth 2 (authorization code
/// with PKCE, a loopback redirect). None of these is a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthSettings {
    /// The application (client) id of the app registered with the provider.
    pub client_id: String,
    /// The directory (tenant) signed in to: `common`, `organizations`, a
    /// domain or a tenant id.
    pub tenant: String,
    /// Where the browser signs in.
    pub authorize_url: String,
    /// Where codes and refresh tokens are exchanged for tokens.
    pub token_url: String,
    /// The scopes asked for, separated by spaces.
    pub scope: String,
}

/// Microsoft 365's IMAP server.
pub const MICROSOFT_IMAP_HOST: &str = "outlook.office365.com";

impl OAuthSettings {
    /// The tenant signed in to when none is named: any work, school or
    /// personal Microsoft account.
    pub const MICROSOFT_TENANT: &'static str = "common";
    /// IMAP as the signed-in user, and a refresh token to stay signed in.
    pub const MICROSOFT_SCOPE: &'static str =
        "https://outlook.office.com/IMAP.AccessAsUser.All offline_access";

    /// Microsoft 365 (Entra ID) for the app `client_id` in `tenant`
    /// (`common` when `None`).
    pub fn microsoft(client_id: &str, tenant: Option<&str>) -> OAuthSettings {
        let tenant = tenant.unwrap_or(Self::MICROSOFT_TENANT);
        let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
        OAuthSettings {
            client_id: client_id.to_owned(),
            tenant: tenant.to_owned(),
            authorize_url: format!("{base}/authorize"),
            token_url: format!("{base}/token"),
            scope: Self::MICROSOFT_SCOPE.to_owned(),
        }
    }

    fn problem(&self) -> Option<String> {
        if self.client_id.trim().is_empty() {
            return Some("OAuth 2 sign-in needs the application (client) id".into());
        }
        if self.authorize_url.trim().is_empty() || self.token_url.trim().is_empty() {
            return Some("OAuth 2 sign-in needs its authorization and token addresses".into());
        }
        if self.scope.trim().is_empty() {
            return Some("OAuth 2 sign-in needs at least one scope".into());
        }
        None
    }
}

/// An IMAP account of this machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailAccount {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    /// The folders read, in order (Inbox and Sent by default).
    pub folders: Vec<String>,
    /// How it signs in (a password when not said).
    #[serde(default)]
    pub sign_in: SignIn,
}

impl MailAccount {
    /// The folders to read from what a person typed: trimmed, empty ones
    /// dropped, and when none are left the Inbox and the folder the server
    /// marks as Sent (`\\Sent`).
    pub fn folders_or_default(typed: impl IntoIterator<Item = String>) -> Vec<String> {
        let folders: Vec<String> = typed
            .into_iter()
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        if folders.is_empty() {
            vec!["INBOX".into(), "\\Sent".into()]
        } else {
            folders
        }
    }

    /// What is wrong with this account's settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.name.trim().is_empty() {
            return Some("the account needs a name".into());
        }
        if self.host.trim().is_empty() {
            return Some("the account needs a server (host)".into());
        }
        if self.user.trim().is_empty() {
            return Some("the account needs a user name".into());
        }
        if self.folders.iter().all(|f| f.trim().is_empty()) {
            return Some("the account needs at least one folder".into());
        }
        if let SignIn::OAuth(settings) = &self.sign_in
            && let Some(problem) = settings.problem()
        {
            return Some(problem);
        }
        let local = matches!(self.host.as_str(), "127.0.0.1" | "::1" | "localhost");
        if self.security == Security::Plain && !local {
            return Some(format!(
                "an unencrypted connection is allowed only to this machine, not to {}",
                self.host
            ));
        }
        None
    }
}

/// How far one folder has been read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FolderState {
    pub account: String,
    pub folder: String,
    /// The folder's UIDVALIDITY when it was last read.
    pub uidvalidity: u32,
    /// The highest UID read (taken or passed over).
    pub last_uid: u32,
    pub synced_at: DateTime<Utc>,
    /// Messages taken from this folder so far (as read; writing a place adds
    /// what its transaction took).
    pub taken: i64,
}

/// How an account's last sync went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MailStatus {
    /// When it last ended, well or not.
    pub synced_at: Option<DateTime<Utc>>,
    /// Why the last sync failed, in words; `None` when it went well.
    pub error: Option<String>,
    /// Messages taken from all its folders so far.
    pub taken: i64,
}

impl Store {
    /// How the account's last sync went.
    pub fn mail_status(&self, name: &str) -> Result<MailStatus> {
        let (at, error) = self
            .conn
            .query_row(
                "SELECT synced_at, error FROM mail_accounts WHERE name = ?1",
                [name],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| no_account(name))?;
        let taken = self.conn.query_row(
            "SELECT COALESCE(SUM(taken), 0) FROM mail_folders WHERE account = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )?;
        let synced_at = match at {
            Some(at) => Some(
                time::parse(&at)
                    .ok_or_else(|| Error::Damaged(format!("mail account {name}: time \"{at}\"")))?,
            ),
            None => None,
        };
        Ok(MailStatus {
            synced_at,
            error,
            taken,
        })
    }

    /// Notes how a sync of the account ended.
    pub fn set_mail_status(
        &mut self,
        name: &str,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE mail_accounts SET synced_at = ?2, error = ?3 WHERE name = ?1",
            params![name, time::format(at), error],
        )?;
        Ok(())
    }

    /// Adds a mail account; refused when one of that name exists.
    pub fn add_mail_account(&mut self, account: &MailAccount) -> Result<()> {
        if let Some(problem) = account.problem() {
            return Err(Error::input("account", problem));
        }
        let folders = serde_json::to_string(&account.folders).expect("folders serialise");
        let sign_in = serde_json::to_string(&account.sign_in).expect("a sign-in serialises");
        let tx = self.conn.transaction()?;
        if account_exists(&tx, &account.name)? {
            return Err(Error::Refused(format!(
                "there is already a mail account named \"{}\"",
                account.name
            )));
        }
        tx.execute(
            "INSERT INTO mail_accounts (name, host, port, security, user, folders, sign_in) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![account.name, account.host, account.port, account.security.as_str(), account.user, folders, sign_in],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// This machine's mail accounts, by name.
    pub fn mail_accounts(&self) -> Result<Vec<MailAccount>> {
        let rows = self.query_rows(
            "SELECT name, host, port, security, user, folders, sign_in FROM mail_accounts ORDER BY name",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u16>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(name, host, port, security, user, folders, sign_in)| {
                Ok(MailAccount {
                    sign_in: serde_json::from_str(&sign_in).map_err(|e| {
                        Error::Damaged(format!("mail account {name}: sign-in: {e}"))
                    })?,
                    security: Security::parse(&security).ok_or_else(|| {
                        Error::Damaged(format!(
                            "mail account {name}: unknown security \"{security}\""
                        ))
                    })?,
                    folders: serde_json::from_str(&folders).map_err(|e| {
                        Error::Damaged(format!("mail account {name}: folders: {e}"))
                    })?,
                    name,
                    host,
                    port,
                    user,
                })
            })
            .collect()
    }

    /// The mail account of this name.
    pub fn mail_account(&self, name: &str) -> Result<MailAccount> {
        self.mail_accounts()?
            .into_iter()
            .find(|a| a.name == name)
            .ok_or_else(|| no_account(name))
    }

    /// Removes a mail account and its folders' places (what it took stays recorded).
    pub fn remove_mail_account(&mut self, name: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM mail_folders WHERE account = ?1", [name])?;
        let n = tx.execute("DELETE FROM mail_accounts WHERE name = ?1", [name])?;
        if n == 0 {
            return Err(no_account(name));
        }
        tx.commit()?;
        Ok(())
    }

    /// Every folder place of `account` (all accounts when `None`).
    pub fn mail_folders(&self, account: Option<&str>) -> Result<Vec<FolderState>> {
        let rows = self.query_rows(
            "SELECT account, folder, uidvalidity, last_uid, synced_at, taken FROM mail_folders ORDER BY account, folder",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .filter(|r| account.is_none_or(|a| a == r.0))
            .map(|(account, folder, uidvalidity, last_uid, at, taken)| {
                Ok(FolderState {
                    synced_at: time::parse(&at).ok_or_else(|| {
                        Error::Damaged(format!("mail folder {account}/{folder}: time \"{at}\""))
                    })?,
                    account,
                    folder,
                    uidvalidity,
                    last_uid,
                    taken,
                })
            })
            .collect()
    }

    /// Moves a folder's place outside an import (nothing was taken).
    pub fn set_mail_folder(&mut self, place: &FolderState) -> Result<()> {
        set_folder(&self.conn, place, 0)
    }
}

impl Writer<'_> {
    /// Moves a folder's place inside this write, with the messages it took.
    pub(crate) fn set_mail_folder(&self, place: &FolderState, taken: usize) -> Result<()> {
        set_folder(self.connection(), place, taken)
    }
}

fn no_account(name: &str) -> Error {
    Error::NotFound(format!("there is no mail account named \"{name}\""))
}

fn account_exists(conn: &rusqlite::Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM mail_accounts WHERE name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Moves the place and adds `taken` to the folder's count. Writers that read
/// the same folder at once each add what they took, and a place never moves
/// back while the folder's UIDVALIDITY stays.
fn set_folder(conn: &rusqlite::Connection, p: &FolderState, taken: usize) -> Result<()> {
    if !account_exists(conn, &p.account)? {
        return Err(no_account(&p.account));
    }
    conn.execute(
        "INSERT INTO mail_folders (account, folder, uidvalidity, last_uid, synced_at, taken) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (account, folder) DO UPDATE SET
             uidvalidity = ?3,
             last_uid = CASE WHEN uidvalidity = ?3 THEN max(last_uid, ?4) ELSE ?4 END,
             synced_at = ?5,
             taken = taken + ?6",
        params![p.account, p.folder, p.uidvalidity, p.last_uid, time::format(p.synced_at), taken as i64],
    )?;
    Ok(())
}
