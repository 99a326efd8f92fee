//! Commands over the record itself: state, identity, databases, entities, audit.

use crate::error::Result;
use crate::session::{AppState, Session, ids};
use candor_core::audit::{self, Verification};
use candor_core::identity::{self, Newcomer};
use candor_core::store::{Change, EntityRow, HistoryEntry, Store};
use candor_core::{Key, Kind, demo};
use serde_json::{Map, Value};
use std::path::PathBuf;
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
pub fn app_state(session: State<'_, Session>) -> Result<AppState> {
    let open = session.lock();
    // The window opens whether or not the mail watchers could start; their
    // trouble shows in Settings → Mail.
    let _ = session.watch_mail(&open);
    open.state()
}

#[tauri::command]
pub fn create_engagement(session: State<'_, Session>, data: Value) -> Result<AppState> {
    let mut open = session.lock();
    let author = open.bootstrap_author()?;
    open.store.apply(
        &author,
        &mut ids(),
        vec![Change::Create {
            kind: Kind::Engagement,
            key: None,
            data,
        }],
    )?;
    open.state()
}

#[tauri::command]
pub fn load_demo(session: State<'_, Session>) -> Result<AppState> {
    let mut open = session.lock();
    let now = open.now();
    let summary = demo::load(&mut open.store, now, 1)?;
    open.set_identity(&summary.lead)?;
    open.state()
}

#[tauri::command]
pub fn bootstrap_identity(
    session: State<'_, Session>,
    provider_name: String,
    department_name: String,
    name: String,
    email: String,
) -> Result<AppState> {
    let mut open = session.lock();
    let who = Newcomer {
        provider_name,
        department_name,
        name,
        email,
    };
    let now = open.now();
    let key = identity::register(&mut open.store, &mut ids(), now, &who)?;
    open.set_identity(&key)?;
    open.state()
}

#[tauri::command]
pub fn set_identity(session: State<'_, Session>, key: String) -> Result<AppState> {
    let mut open = session.lock();
    let actor = identity::actor(&open.store, Some(&key))?;
    open.set_identity(&Key(actor))?;
    open.state()
}

#[tauri::command]
pub fn open_database(session: State<'_, Session>, path: PathBuf) -> Result<AppState> {
    let mut open = session.lock();
    session.mail.stop_all();
    open.switch(&path)?;
    let _ = session.watch_mail(&open);
    open.state()
}

#[tauri::command]
pub fn list(
    session: State<'_, Session>,
    kind: String,
    include_voided: bool,
) -> Result<Vec<EntityRow>> {
    Ok(session
        .lock()
        .store
        .list(super::kind(&kind)?, include_voided)?)
}

#[tauri::command]
pub fn get(session: State<'_, Session>, key: String) -> Result<EntityRow> {
    Ok(session.lock().store.require(&Key(key))?)
}

#[tauri::command]
pub fn history(session: State<'_, Session>, key: String) -> Result<Vec<HistoryEntry>> {
    Ok(session.lock().store.history(&Key(key))?)
}

/// Records one change as the session's person; the entry as it is now.
fn apply_one(session: &Session, change: Change) -> Result<EntityRow> {
    let mut open = session.lock();
    let author = open.author()?;
    let done = open.store.apply(&author, &mut ids(), vec![change])?;
    Ok(open.store.require(&done[0].0)?)
}

#[tauri::command]
pub fn create(session: State<'_, Session>, kind: String, data: Value) -> Result<EntityRow> {
    let kind = super::kind(&kind)?;
    apply_one(
        &session,
        Change::Create {
            kind,
            key: None,
            data,
        },
    )
}

/// Amends the fields given (`null` clears one) on top of the version current
/// now; a conflict when one of them changed since `base`.
#[tauri::command]
pub fn amend(
    session: State<'_, Session>,
    key: String,
    base: u32,
    fields: Map<String, Value>,
    reason: String,
) -> Result<EntityRow> {
    let key = Key(key);
    apply_one(
        &session,
        Change::Amend {
            key,
            base,
            fields,
            reason,
        },
    )
}

/// Voids an entry; a conflict when it changed since `base`.
#[tauri::command]
pub fn void_entry(
    session: State<'_, Session>,
    key: String,
    base: u32,
    reason: String,
) -> Result<EntityRow> {
    let key = Key(key);
    apply_one(&session, Change::Void { key, base, reason })
}

/// Verifies the record on a read-only connection of its own, off the main
/// thread and without holding the session, telling the page how far it has come.
#[tauri::command]
pub async fn verify(
    session: State<'_, Session>,
    on_progress: Channel<audit::Progress>,
) -> Result<Verification> {
    let db = session.lock().store.path().to_path_buf();
    let store = Store::open_read_only(&db)?;
    Ok(audit::verify_with_progress(&store, None, |p| {
        let _ = on_progress.send(p);
    })?)
}

#[tauri::command]
pub fn backup(session: State<'_, Session>, path: PathBuf) -> Result<()> {
    Ok(session.lock().store.backup(&path)?)
}
