//! Where an account's sign-in secret is kept: the login keyring, through
//! candor-secrets (never the database). Shared by the CLI and the desktop.

use crate::{Credential, Error, Result};
use candor_core::store::{MailAccount, Store};
use candor_secrets::{Place, Secret};

fn secret(account: &MailAccount) -> Result<Secret> {
    Secret::mail_password(&account.user, &account.host, account.port).map_err(keyring)
}

fn keyring(e: candor_secrets::Error) -> Error {
    Error::Keyring(e.to_string())
}

/// Where the account's secret is kept, in words.
pub fn place() -> &'static str {
    Place::Login.describe()
}

/// Whether a secret is kept for the account (false when the keyring cannot be read).
pub fn is_kept(account: &MailAccount) -> bool {
    secret(account).is_ok_and(|s| s.get().is_ok_and(|p| p.is_some()))
}

/// Adds the account to the record's machine-local tables and keeps its
/// password in the keyring; neither is left without the other.
pub fn add_with_password(store: &mut Store, account: &MailAccount, password: &str) -> Result<()> {
    if let Some(problem) = account.problem() {
        return Err(Error::Settings(problem));
    }
    if password.is_empty() {
        return Err(Error::Settings("the password is empty".into()));
    }
    let secret = secret(account)?;
    store.add_mail_account(account)?;
    if let Err(e) = secret.set(password) {
        store.remove_mail_account(&account.name)?;
        return Err(keyring(e));
    }
    Ok(())
}

/// Removes the account and forgets its secret unless another account signs
/// in the same way (what it took stays recorded).
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    let account = store.mail_account(name)?;
    store.remove_mail_account(name)?;
    let shared = store
        .mail_accounts()?
        .iter()
        .any(|a| a.user == account.user && a.host == account.host && a.port == account.port);
    if !shared {
        secret(&account)?.remove().map_err(keyring)?;
    }
    Ok(())
}

/// What signs in to the account now, from the keyring.
pub fn credential(account: &MailAccount) -> Result<Credential> {
    let password = secret(account)?.get().map_err(keyring)?.ok_or_else(|| {
        Error::Settings(format!(
            "no password is kept for {} on {}: remove the account and add it again",
            account.user, account.host
        ))
    })?;
    Ok(Credential::Password(password))
}
