//! Where Candor keeps secrets: the operating system's keyring, never the
//! engagement database, an export or a log.
//!
//! Two places, chosen by what the secret is:
//! - a **password** or an OAuth 2 **refresh token** (a mail account's) is kept
//!   in the login keyring (the Secret Service: GNOME Keyring or KWallet), which
//!   survives a restart and is unlocked when the user signs in to the computer;
//! - a **session** (a team server's token) is kept in the kernel's session
//!   keyring, which forgets it when the user logs out: a session is cheap to
//!   open again and should not outlive the login.
//!
//! Every secret is named `candor` / *what it is for*; the adapters (CLI,
//! desktop, server) go through this crate only.

use keyring::Entry;
use keyring::keyutils::KeyutilsCredential;
use keyring::secret_service::SsCredential;

/// The keyring's service name for everything Candor keeps.
const SERVICE: &str = "candor";

/// Why a secret could not be read, kept or removed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The keyring is not there or refused access.
    #[error("the {place} is unavailable: {reason}")]
    Unavailable { place: &'static str, reason: String },
}

/// Which keyring holds a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The Secret Service (GNOME Keyring, KWallet): kept across restarts.
    Login,
    /// The kernel's session keyring: forgotten at logout.
    Session,
}

impl Place {
    /// The place in words, for the user.
    pub fn describe(self) -> &'static str {
        match self {
            Place::Login => "login keyring (Secret Service: GNOME Keyring or KWallet)",
            Place::Session => "session keyring (kernel, forgotten at logout)",
        }
    }
}

/// One secret's entry in a keyring.
pub struct Secret {
    entry: Entry,
    place: Place,
}

impl Secret {
    /// The password of the mail account `user` on `host:port`.
    pub fn mail_password(user: &str, host: &str, port: u16) -> Result<Secret, Error> {
        Secret::new(Place::Login, &format!("mail {user}@{host}:{port}"))
    }

    /// The OAuth 2 refresh token of the mail account `user` on `host:port`:
    /// kept across restarts, like a password, so that syncs sign in without
    /// the browser.
    pub fn mail_token(user: &str, host: &str, port: u16) -> Result<Secret, Error> {
        Secret::new(Place::Login, &format!("mail-token {user}@{host}:{port}"))
    }

    /// The session token of `account` on a team server's engagement.
    pub fn team_session(url: &str, engagement: &str, account: &str) -> Result<Secret, Error> {
        Secret::new(Place::Session, &format!("{url} {engagement} {account}"))
    }

    fn new(place: Place, name: &str) -> Result<Secret, Error> {
        let credential: Box<keyring::credential::Credential> = match place {
            Place::Login => Box::new(
                SsCredential::new_with_target(None, SERVICE, name)
                    .map_err(|e| unavailable(place, e))?,
            ),
            Place::Session => Box::new(
                KeyutilsCredential::new_with_target(None, SERVICE, name)
                    .map_err(|e| unavailable(place, e))?,
            ),
        };
        Ok(Secret {
            entry: Entry::new_with_credential(credential),
            place,
        })
    }

    /// Where this secret is kept, in words.
    pub fn place(&self) -> Place {
        self.place
    }

    /// The secret, if one is kept.
    pub fn get(&self) -> Result<Option<String>, Error> {
        match self.entry.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(self.place, e)),
        }
    }

    /// Keeps `value`, replacing what was kept.
    pub fn set(&self, value: &str) -> Result<(), Error> {
        self.entry
            .set_password(value)
            .map_err(|e| unavailable(self.place, e))
    }

    /// Forgets the secret; nothing to forget is not an error.
    pub fn remove(&self) -> Result<(), Error> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(self.place, e)),
        }
    }
}

fn unavailable(place: Place, e: keyring::Error) -> Error {
    let reason = match (&e, place) {
        (keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_), Place::Login) => {
            format!("{e} (is GNOME Keyring or KWallet running and unlocked in this session?)")
        }
        _ => e.to_string(),
    };
    Error::Unavailable {
        place: place.describe(),
        reason,
    }
}
