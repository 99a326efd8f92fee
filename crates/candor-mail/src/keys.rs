//! Where an account's sign-in secret is kept — its password, or its OAuth 2
//! refresh token — the login keyring, through candor-secrets (never the
//! database). Shared by the CLI and the desktop.

use crate::{Credential, Error, Result, oauth};
use candor_core::store::{MailAccount, SignIn, Store};
use candor_secrets::{Place, Secret};
use std::time::Duration;

fn secret(account: &MailAccount) -> Result<Secret> {
    let (user, host, port) = (&account.user, &account.host, account.port);
    match account.sign_in {
        SignIn::Password => Secret::mail_password(user, host, port),
        SignIn::OAuth(_) => Secret::mail_token(user, host, port),
    }
    .map_err(keyring)
}

/// Whether two accounts keep their secret in one entry.
fn same_secret(a: &MailAccount, b: &MailAccount) -> bool {
    a.user == b.user
        && a.host == b.host
        && a.port == b.port
        && matches!(a.sign_in, SignIn::Password) == matches!(b.sign_in, SignIn::Password)
}

fn keyring(e: candor_secrets::Error) -> Error {
    Error::Keyring(e.to_string())
}

/// Where the account's secret is kept, in words.
pub fn place() -> &'static str {
    Place::Login.describe()
}

/// What the account's kept secret is, in words: "password" or "refresh token".
pub fn secret_kind(account: &MailAccount) -> &'static str {
    match account.sign_in {
        SignIn::Password => "password",
        SignIn::OAuth(_) => "refresh token",
    }
}

/// Whether a secret is kept for the account — its password or its refresh
/// token (false when the keyring cannot be read).
pub fn is_kept(account: &MailAccount) -> bool {
    secret(account).is_ok_and(|s| s.get().is_ok_and(|p| p.is_some()))
}

/// Adds the account to the record's machine-local tables and keeps its
/// password in the keyring; neither is left without the other.
pub fn add_with_password(store: &mut Store, account: &MailAccount, password: &str) -> Result<()> {
    if let Some(problem) = account.problem() {
        return Err(Error::Settings(problem));
    }
    if !matches!(account.sign_in, SignIn::Password) {
        return Err(Error::Settings(
            "the account signs in with OAuth 2, not a password".into(),
        ));
    }
    if password.is_empty() {
        return Err(Error::Settings("the password is empty".into()));
    }
    keep(store, account, password)
}

/// Signs in to an OAuth 2 account in the browser (`open` is given the
/// address to show; the browser must come back within `wait`), keeps its
/// refresh token in the keyring and adds the account; neither is left
/// without the other. An account with no user takes the address signed in
/// as. Returns the account as added.
pub fn add_with_oauth(
    store: &mut Store,
    account: &MailAccount,
    wait: Duration,
    open: &mut dyn FnMut(&str),
) -> Result<MailAccount> {
    let SignIn::OAuth(settings) = &account.sign_in else {
        return Err(Error::Settings(
            "the account signs in with a password, not OAuth 2".into(),
        ));
    };
    let user = Some(account.user.trim()).filter(|u| !u.is_empty());
    let mut probe = account.clone();
    probe.user = user.unwrap_or("(the address signed in as)").to_owned();
    if let Some(problem) = probe.problem() {
        return Err(Error::Settings(problem));
    }
    if store
        .mail_accounts()?
        .iter()
        .any(|a| a.name == account.name)
    {
        return Err(Error::Settings(format!(
            "there is already a mail account named \"{}\"",
            account.name
        )));
    }
    let tokens = oauth::sign_in(settings, user, wait, open)?;
    let refresh = tokens.refresh_token.ok_or_else(|| {
        Error::OAuth(format!(
            "the token endpoint gave no refresh token: Candor could not sign in again without the browser (is \"offline_access\" among the scopes \"{}\"?)",
            settings.scope
        ))
    })?;
    let mut added = account.clone();
    added.user = match (user, tokens.user) {
        (Some(u), _) => u.to_owned(),
        (None, Some(u)) => u,
        (None, None) => {
            return Err(Error::OAuth(
                "the sign-in did not say which address it signed in as: add the account again with its user (--user)".into(),
            ));
        }
    };
    keep(store, &added, &refresh)?;
    Ok(added)
}

/// Adds the account, then keeps its secret; takes the account back out when
/// the keyring refuses.
fn keep(store: &mut Store, account: &MailAccount, value: &str) -> Result<()> {
    let secret = secret(account)?;
    store.add_mail_account(account)?;
    if let Err(e) = secret.set(value) {
        store.remove_mail_account(&account.name)?;
        return Err(keyring(e));
    }
    Ok(())
}

/// Removes the account and forgets its secret (password or refresh token)
/// unless another account signs in the same way (what it took stays
/// recorded).
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    let account = store.mail_account(name)?;
    store.remove_mail_account(name)?;
    let shared = store
        .mail_accounts()?
        .iter()
        .any(|a| same_secret(a, &account));
    if !shared {
        secret(&account)?.remove().map_err(keyring)?;
    }
    Ok(())
}

/// What signs in to the account now: its password from the keyring, or —
/// for OAuth 2 — a fresh access token from the refresh grant, keeping the
/// new refresh token when the endpoint gives one.
pub fn credential(account: &MailAccount) -> Result<Credential> {
    let secret = secret(account)?;
    let kept = secret.get().map_err(keyring)?.ok_or_else(|| {
        Error::Settings(format!(
            "no {} is kept for {} on {}: remove the account and add it again",
            secret_kind(account),
            account.user,
            account.host
        ))
    })?;
    match &account.sign_in {
        SignIn::Password => Ok(Credential::Password(kept)),
        SignIn::OAuth(settings) => {
            let tokens = oauth::refresh(settings, &kept).map_err(|e| match e {
                Error::TokenRefused { url, reason } if reason.starts_with("invalid_grant") => {
                    Error::TokenRefused {
                        url,
                        reason: format!(
                            "{reason} (the sign-in has expired or was revoked: remove the account and add it again)"
                        ),
                    }
                }
                other => other,
            })?;
            if let Some(new) = tokens.refresh_token.filter(|new| *new != kept) {
                secret.set(&new).map_err(keyring)?;
            }
            Ok(Credential::Bearer(tokens.access_token))
        }
    }
}
