//! The open database, the user's identity in it, this machine's preferences,
//! and the clock every command reads "now" from.

use crate::error::{AppError, Result};
use crate::mailroom::Mailroom;
use crate::prefs::Prefs;
use candor_core::audit::Checkpoint;
use candor_core::flags::{Flag, Live};
use candor_core::record::Snapshot;
use candor_core::store::{Author, EntityRow};
use candor_core::{Ids, Key, Store, identity};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Where "now" comes from: the system clock in the app; an instant that can
/// be set under the browser tests' bridge. Every command reads it, never
/// `Utc::now()` itself.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that reads `at` until it is [set](Clock::set) again.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    #[allow(clippy::disallowed_methods)] // the one reading of the system clock
    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock to `at`; false for the system clock.
    pub fn set(&self, at: DateTime<Utc>) -> bool {
        match &self.0 {
            None => false,
            Some(fixed) => {
                *fixed.lock().unwrap_or_else(|p| p.into_inner()) = at;
                true
            }
        }
    }
}

/// What the UI needs to draw its frame (docs/ipc.md `AppState`).
#[derive(Serialize)]
pub struct AppState {
    pub db_path: String,
    pub engagement: Option<EntityRow>,
    pub identity: Option<Identity>,
    pub recent: Vec<String>,
    pub head: Option<Checkpoint>,
}

/// The provider person recording from this machine.
#[derive(Serialize)]
pub struct Identity {
    pub key: String,
    pub name: String,
}

/// The app's one writer connection and its preferences, and the flag that
/// cancels a running import (outside the lock, so it can be set during one).
pub struct Session {
    open: Mutex<Open>,
    pub cancel: std::sync::atomic::AtomicBool,
    pub clock: Clock,
    /// The open database's mail accounts, watched while the app runs.
    pub mail: Mailroom,
    /// Shows an address in the user's browser (a sign-in page).
    pub opener: Opener,
    /// Where Microsoft 365 sign-ins go instead of Microsoft: set only by the
    /// browser tests' bridge, never from the web view.
    pub test_authority: Mutex<Option<TestAuthority>>,
}

/// The browser tests' stand-in for Microsoft: a token endpoint and an IMAP
/// server on this machine.
#[derive(Clone)]
pub struct TestAuthority {
    pub token_url: String,
    pub imap_port: u16,
}

/// Opens an address outside the app: the system browser (`xdg-open`) in the
/// window; the browser tests' bridge keeps it for the test to follow.
pub type Opener = Arc<dyn Fn(&str) + Send + Sync>;

/// The system browser, through `xdg-open`; a failure leaves the address on
/// the sign-in page's own link.
pub fn system_opener() -> Opener {
    Arc::new(|url: &str| {
        let _ = std::process::Command::new("xdg-open")
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    })
}

pub struct Open {
    pub store: Store,
    pub prefs: Prefs,
    prefs_path: PathBuf,
    pub clock: Clock,
    /// The flags of `store`, kept live (with the file they are of).
    live: Option<(PathBuf, Live)>,
}

impl Session {
    /// Opens the database named by `CANDOR_DB`, else the last one used, else
    /// `candor/candor.db` in the user's data folder.
    pub fn start() -> std::result::Result<Session, String> {
        let config = dirs::config_dir().ok_or("no config folder is known for this user")?;
        let prefs_path = config.join("candor").join("desktop.json");
        let prefs = Prefs::load(&prefs_path);
        let db = match std::env::var_os("CANDOR_DB") {
            Some(p) => PathBuf::from(p),
            None => match prefs.recent.first() {
                Some(p) => p.clone(),
                None => dirs::data_dir()
                    .ok_or("no data folder is known for this user")?
                    .join("candor")
                    .join("candor.db"),
            },
        };
        Session::new(&db, prefs, prefs_path, Clock::system())
    }

    /// A session on the database at `db` (created if absent), with this
    /// machine's preferences kept at `prefs_path`.
    pub fn new(
        db: &Path,
        prefs: Prefs,
        prefs_path: PathBuf,
        clock: Clock,
    ) -> std::result::Result<Session, String> {
        let open = Open::new(db, prefs, prefs_path, clock.clone()).map_err(|e| e.message)?;
        Ok(Session {
            open: Mutex::new(open),
            cancel: std::sync::atomic::AtomicBool::new(false),
            clock,
            mail: Mailroom::default(),
            opener: system_opener(),
            test_authority: Mutex::new(None),
        })
    }

    /// What the clock reads now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The OAuth authority set by the browser tests' bridge, if any.
    pub fn authority(&self) -> Option<TestAuthority> {
        self.test_authority
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Keeps a watcher running for each mail account of `open` (none until
    /// the user has chosen who they are, nor on a team server's copy).
    pub fn watch_mail(&self, open: &Open) -> Result<()> {
        let accounts = open.store.mail_accounts()?;
        match open.author() {
            Ok(author) => {
                self.mail.keep(
                    open.store.path(),
                    &accounts,
                    &author,
                    open.prefs.mail_idle(),
                );
            }
            Err(_) => self.mail.stop_all(),
        }
        Ok(())
    }

    /// The open database, locked for one command.
    pub fn lock(&self) -> MutexGuard<'_, Open> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Open {
    /// Opens the database at `db` (created if absent) and puts it first in the recent list.
    pub fn new(db: &Path, prefs: Prefs, prefs_path: PathBuf, clock: Clock) -> Result<Open> {
        let mut open = Open {
            store: open_store(db)?,
            prefs,
            prefs_path,
            clock,
            live: None,
        };
        open.remember()?;
        Ok(open)
    }

    /// What the clock reads now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Switches to the database at `path` (created if absent).
    pub fn switch(&mut self, path: &Path) -> Result<()> {
        self.store = open_store(path)?;
        self.live = None;
        self.remember()
    }

    /// The flags that hold now, from the live record: it catches up with
    /// whatever was written since it was last asked, here or by another
    /// writer of the file.
    pub fn flags(&mut self) -> Result<Vec<Flag>> {
        Ok(self.live()?.0)
    }

    /// The flags that hold now and the record they were judged on (the
    /// watched record: every entry but the settled communications).
    pub fn live(&mut self) -> Result<(Vec<Flag>, &Snapshot)> {
        let now = self.now();
        let path = self.store.path().to_path_buf();
        if self.live.as_ref().is_none_or(|(at, _)| *at != path) {
            self.live = Some((path, Live::new(&self.store, now)?));
        }
        let (_, live) = self.live.as_mut().expect("just made");
        let flags = live.flags(&self.store, now)?;
        Ok((flags, live.snapshot()))
    }

    fn remember(&mut self) -> Result<()> {
        let path = self.store.path().to_path_buf();
        self.prefs.touch(&path);
        self.save_prefs()
    }

    /// Writes this machine's preferences.
    pub fn save_prefs(&self) -> Result<()> {
        Ok(self.prefs.save(&self.prefs_path)?)
    }

    /// Makes `key` the identity for the open database.
    pub fn set_identity(&mut self, key: &Key) -> Result<()> {
        let path = self.store.path().to_path_buf();
        self.prefs.identities.insert(path, key.0.clone());
        self.save_prefs()
    }

    fn identity(&self) -> Option<Identity> {
        let key = self.prefs.identities.get(self.store.path())?;
        let people = identity::provider_people(&self.store).ok()?;
        let (_, person) = people.into_iter().find(|(k, _)| k.0 == *key)?;
        Some(Identity {
            key: key.clone(),
            name: person.name,
        })
    }

    /// Refuses to record on a copy of a team server's record: the app does
    /// not sync yet, so what it wrote would wait unseen in the outbox.
    fn refuse_on_a_copy(&self) -> Result<()> {
        match self.store.remote()? {
            Some(remote) => Err(AppError::new(
                "refused",
                format!(
                    "This file is a copy of the team's record on {} (engagement {}). The app does not sync yet: record on it with the command line, which sends it with `candor sync`.",
                    remote.url, remote.engagement
                ),
            )),
            None => Ok(()),
        }
    }

    /// The author of a change made now, or `no_identity`.
    pub fn author(&self) -> Result<Author> {
        self.refuse_on_a_copy()?;
        let who = self.identity().ok_or_else(|| {
            AppError::new(
                "no_identity",
                "Choose who you are before recording (Settings → Identity).",
            )
        })?;
        Ok(Author::new(
            identity::actor(&self.store, Some(&who.key))?,
            self.now(),
        ))
    }

    /// The author for setting up a record that has no provider people yet.
    pub fn bootstrap_author(&self) -> Result<Author> {
        self.refuse_on_a_copy()?;
        Ok(Author::new(identity::actor(&self.store, None)?, self.now()))
    }

    pub fn state(&self) -> Result<AppState> {
        Ok(AppState {
            db_path: self.store.path().display().to_string(),
            engagement: self.store.engagement()?,
            identity: self.identity(),
            recent: self
                .prefs
                .recent
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            head: self.store.head()?,
        })
    }
}

/// Opens (creating if absent: the app's first run, a new file from a dialog)
/// the database at `path`, as the desktop writer.
pub fn open_store(path: &Path) -> candor_core::Result<Store> {
    let mut store = Store::create(path)?;
    store.set_writer(format!("Candor desktop app, {}", path.display()));
    Ok(store)
}

/// Fresh ids for a command.
pub fn ids() -> Ids {
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    Ids::from_entropy(seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::store::Change;
    use candor_core::{Kind, demo};

    /// A demo database opened as the app opens one, with `who` as this machine's identity.
    fn open_as(dir: &Path, who: &str) -> Open {
        let mut store = open_store(&dir.join("app.db")).unwrap();
        demo::load(&mut store, demo::default_now(), 1).unwrap();
        let key = store.resolve(Kind::Person, who).unwrap().key;
        let mut open = Open {
            store,
            prefs: Prefs::default(),
            prefs_path: dir.join("desktop.json"),
            clock: Clock::fixed(demo::default_now()),
            live: None,
        };
        open.prefs
            .identities
            .insert(open.store.path().to_path_buf(), key.0);
        open
    }

    #[test]
    fn the_live_flags_catch_up_with_a_write_by_another_writer_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut open = open_as(dir.path(), "Sam Carter");
        let before = open.flags().unwrap();
        // The CLI, say: another connection to the same file.
        let mut other = Store::open(open.store.path()).unwrap();
        let author = Author::new(
            open.prefs.identities.values().next().unwrap().clone(),
            open.now(),
        );
        let procedure = other
            .resolve(Kind::Procedure, "FIN-04 Month-end invoice cut-off")
            .unwrap()
            .key;
        let sam = other.resolve(Kind::Person, "Sam Carter").unwrap().key;
        let at = candor_core::time::format(open.now() - chrono::Duration::hours(2));
        other
            .apply(
                &author,
                &mut ids(),
                vec![Change::Create {
                    kind: Kind::Workaround,
                    key: None,
                    data: serde_json::json!({"procedure": procedure, "performed_by": sam,
                        "performed_at": at, "what": "Paid from the proposal", "justification": "n/a"}),
                }],
            )
            .unwrap();
        let after = open.flags().unwrap();
        assert!(after.len() > before.len());
        assert!(
            after.iter().any(
                |f| f.rule == candor_core::flags::Rule::WorkaroundUnjustified
                    && f.message.contains("Paid from the proposal")
            ),
            "the new workaround is flagged"
        );
        let want = candor_core::flags::at(&other, open.now()).unwrap();
        assert_eq!(
            serde_json::to_value(&after).unwrap(),
            serde_json::to_value(&want).unwrap()
        );
    }

    #[test]
    fn a_fixed_clock_reads_what_it_was_set_to_and_the_system_clock_cannot_be_set() {
        let at = demo::default_now();
        let fixed = Clock::fixed(at);
        let shared = fixed.clone();
        assert_eq!(fixed.now(), at);
        let later = at + chrono::Duration::hours(1);
        assert!(shared.set(later));
        assert_eq!(fixed.now(), later, "clones read one clock");
        let system = Clock::system();
        assert!(!system.set(at));
        assert!(system.now() > at - chrono::Duration::days(365 * 100));
    }

    #[test]
    fn a_client_person_cannot_author_through_the_app() {
        let dir = tempfile::tempdir().unwrap();
        // Even with a preferences file naming a client person as this machine's identity.
        let open = open_as(dir.path(), "Maria Lopez");
        assert!(open.author().is_err(), "no author for a client person");
        let mut open = open;
        let err = open
            .store
            .apply(
                &Author::new(
                    open.prefs.identities.values().next().unwrap().clone(),
                    open.now(),
                ),
                &mut ids(),
                vec![Change::Create {
                    kind: Kind::Matter,
                    key: None,
                    data: serde_json::json!({"name": "Client wish"}),
                }],
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("not a person of the provider"),
            "{err}"
        );
        let lead = open_as(&dir.path().join("lead"), "Sam Carter");
        assert!(lead.author().is_ok());
    }
}
