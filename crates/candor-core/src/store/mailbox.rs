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
}

/// An IMAP account. Its password is kept in the operating system's keyring, never here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailAccount {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    /// The folders read, in order (Inbox and Sent by default).
    pub folders: Vec<String>,
}

impl MailAccount {
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
        let tx = self.conn.transaction()?;
        if account_exists(&tx, &account.name)? {
            return Err(Error::Refused(format!(
                "there is already a mail account named \"{}\"",
                account.name
            )));
        }
        tx.execute(
            "INSERT INTO mail_accounts (name, host, port, security, user, folders) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![account.name, account.host, account.port, account.security.as_str(), account.user, folders],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// This machine's mail accounts, by name.
    pub fn mail_accounts(&self) -> Result<Vec<MailAccount>> {
        let rows = self.query_rows(
            "SELECT name, host, port, security, user, folders FROM mail_accounts ORDER BY name",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u16>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(name, host, port, security, user, folders)| {
                Ok(MailAccount {
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
