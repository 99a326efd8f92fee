//! The mail accounts' watchers while the app runs: one thread per account of
//! the open database, each with its own connection to the file, reading the
//! account's folders (candor-mail) and then waiting on IDLE for news. "Sync
//! now" rings a watcher's bell; switching databases or removing an account
//! stops its watcher.

use candor_core::import::Options;
use candor_core::store::{Author, MailAccount};
use candor_mail::{Bell, Event, Watch, keys};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What a watcher is doing now (docs/ipc.md `MailActivity`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Activity {
    /// Signing in.
    Connecting,
    /// Reading a folder: `done` of `total` new messages so far.
    Syncing {
        folder: String,
        done: usize,
        total: usize,
    },
    /// Up to date, waiting for news (IDLE); `imported` by the last reading.
    Watching { imported: usize },
    /// The connection failed; trying again in `retry_seconds`.
    Retrying { error: String, retry_seconds: u64 },
    /// Stopped for good until "sync now": waiting cannot mend `error`.
    Stopped { error: String },
}

struct Watcher {
    bell: Arc<Bell>,
    activity: Arc<Mutex<Activity>>,
}

/// The watchers of the open database's accounts.
#[derive(Default)]
pub struct Mailroom {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    db: PathBuf,
    watchers: HashMap<String, Watcher>,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Mailroom {
    /// Keeps one watcher running for each of `accounts` of the database at
    /// `db` (starting those missing, stopping those of another file or of a
    /// removed account), writing as `author`; `idle` is how long each IDLE lasts.
    pub fn keep(&self, db: &Path, accounts: &[MailAccount], author: &Author, idle: Duration) {
        let mut inner = locked(&self.inner);
        if inner.db != db {
            inner.stop_all();
            inner.db = db.to_path_buf();
        }
        inner.watchers.retain(|name, w| {
            let keep = accounts.iter().any(|a| &a.name == name);
            if !keep {
                w.bell.stop();
            }
            keep
        });
        for account in accounts {
            if !inner.watchers.contains_key(&account.name) {
                let watcher = start(db, account.clone(), author.clone(), idle);
                inner.watchers.insert(account.name.clone(), watcher);
            }
        }
    }

    /// What each watcher is doing, by account name.
    pub fn activity(&self) -> HashMap<String, Activity> {
        locked(&self.inner)
            .watchers
            .iter()
            .map(|(name, w)| (name.clone(), locked(&w.activity).clone()))
            .collect()
    }

    /// Reads the account's folders now: wakes its watcher, or starts it
    /// again if it had stopped. False when no watcher runs for it.
    pub fn sync_now(&self, account: &MailAccount, author: &Author, idle: Duration) -> bool {
        let mut inner = locked(&self.inner);
        let db = inner.db.clone();
        let Some(w) = inner.watchers.get(&account.name) else {
            return false;
        };
        if matches!(*locked(&w.activity), Activity::Stopped { .. }) {
            let watcher = start(&db, account.clone(), author.clone(), idle);
            inner.watchers.insert(account.name.clone(), watcher);
        } else {
            w.bell.ring();
        }
        true
    }

    /// Stops every watcher (another database is about to open).
    pub fn stop_all(&self) {
        locked(&self.inner).stop_all();
    }
}

impl Inner {
    fn stop_all(&mut self) {
        for w in self.watchers.values() {
            w.bell.stop();
        }
        self.watchers.clear();
    }
}

impl Drop for Mailroom {
    fn drop(&mut self) {
        self.stop_all();
    }
}

fn start(db: &Path, account: MailAccount, author: Author, idle: Duration) -> Watcher {
    let bell = Arc::new(Bell::default());
    let activity = Arc::new(Mutex::new(Activity::Connecting));
    let watcher = Watcher {
        bell: bell.clone(),
        activity: activity.clone(),
    };
    let db = db.to_path_buf();
    let name = format!("mail {}", account.name);
    let spawned = std::thread::Builder::new().name(name).spawn(move || {
        let set = |a: Activity| *locked(&activity) = a;
        let ended = run(&db, &account, &author, idle, bell, &set);
        if let Err(error) = ended {
            set(Activity::Stopped { error });
        }
    });
    if let Err(e) = spawned {
        *locked(&watcher.activity) = Activity::Stopped {
            error: format!("could not start the mail watcher: {e}"),
        };
    }
    watcher
}

/// One watcher's life: until its bell is stopped, or an error waiting cannot mend.
fn run(
    db: &Path,
    account: &MailAccount,
    author: &Author,
    idle: Duration,
    bell: Arc<Bell>,
    set: &dyn Fn(Activity),
) -> Result<(), String> {
    let mut store = crate::session::open_store(db).map_err(|e| e.to_string())?;
    let mut first = Some(keys::credential(account).map_err(|e| e.to_string())?);
    let mut credential = || first.take().map_or_else(|| keys::credential(account), Ok);
    let watch = Watch {
        idle,
        until: None,
        bell: bell.clone(),
    };
    let mut event = |e: Event<'_>| {
        match e {
            Event::Progress(p) => set(Activity::Syncing {
                folder: p.folder.clone(),
                done: p.done,
                total: p.total,
            }),
            Event::Synced(r) => set(Activity::Watching {
                imported: r.imported(),
            }),
            Event::Failed { error, retry } => set(Activity::Retrying {
                error: error.to_string(),
                retry_seconds: retry.as_secs(),
            }),
        }
        !bell.stopped()
    };
    candor_mail::watch(
        &mut store,
        author,
        &mut crate::session::ids(),
        account,
        &mut credential,
        &Options::around(author.at),
        watch,
        &mut event,
    )
    .map_err(|e| e.to_string())
}
