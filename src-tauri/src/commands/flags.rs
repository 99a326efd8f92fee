//! The flags inbox, the cadence timeline and desktop reminders.

use crate::error::Result;
use crate::notify::{self, Notifier};
use crate::session::{Session, ids};
use candor_core::flags::{self, CadenceLine, Flag, Snapshot};
use candor_core::model::FlagState;
use chrono::Utc;
use tauri::{AppHandle, State};
use tauri_plugin_notification::NotificationExt;

#[tauri::command]
pub fn flags(session: State<'_, Session>) -> Result<Vec<Flag>> {
    Ok(flags::at(&session.lock().store, Utc::now())?)
}

#[tauri::command]
pub fn annotate_flag(
    session: State<'_, Session>,
    id: String,
    resolve: bool,
    note: String,
) -> Result<Vec<Flag>> {
    let mut open = session.lock();
    let author = open.author()?;
    let state = if resolve {
        FlagState::Resolved
    } else {
        FlagState::Acknowledged
    };
    flags::annotate(&mut open.store, &author, &mut ids(), &id, state, &note)?;
    Ok(flags::at(&open.store, Utc::now())?)
}

#[tauri::command]
pub fn cadence(session: State<'_, Session>) -> Result<Vec<CadenceLine>> {
    Ok(flags::cadence(&Snapshot::load(
        &session.lock().store,
        Utc::now(),
    )?))
}

struct Desktop<'a>(&'a AppHandle);

impl Notifier for Desktop<'_> {
    fn notify(&self, title: &str, body: &str) {
        let _ = self
            .0
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show();
    }
}

/// Raises the reminders that are due; `opening` adds the digest. Returns how many were raised.
#[tauri::command]
pub fn check_reminders(
    app: AppHandle,
    session: State<'_, Session>,
    opening: bool,
) -> Result<usize> {
    let mut open = session.lock();
    let snapshot = Snapshot::load(&open.store, Utc::now())?;
    let notices = notify::decide(
        &flags::evaluate(&snapshot),
        &flags::due_today(&snapshot),
        &open.prefs.notified,
        opening,
    );
    let mut seen = std::mem::take(&mut open.prefs.notified);
    notify::deliver(&notices, &Desktop(&app), &mut seen);
    open.prefs.notified = seen;
    open.save_prefs()?;
    Ok(notices.len())
}
