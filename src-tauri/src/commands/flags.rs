//! The flags inbox, the cadence timeline and desktop reminders.

use crate::error::Result;
use crate::notify::{self, Notifier};
use crate::session::{Session, ids};
use candor_core::flags::{self, Flag};
use candor_core::judge::{cadence::Owed, owed::Commitment, standing::Standing};
use candor_core::model::FlagState;
use candor_core::record::{Index, Snapshot};
use candor_core::{Key, judge};
use chrono::Duration;
use serde::Serialize;
use std::collections::BTreeMap;
use tauri::{AppHandle, Manager, Runtime, State};

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
    open.flags()
}

/// Everything the core judges as of now, from one reading of the record.
#[derive(Serialize)]
pub struct Judgements {
    pub flags: Vec<Flag>,
    /// Every stakeholder owed updates, with when the next one is due.
    pub cadence: Vec<Owed>,
    /// The open commitments due on or before `until`, overdue ones included.
    pub commitments: Vec<Commitment>,
    /// Where every live workaround, request and incident stands, by key.
    pub standings: BTreeMap<Key, Standing>,
}

/// How far back the cadence's updates and stretches go (the flags view's timeline draws 8 weeks).
const TIMELINE_WEEKS: i64 = 8;

/// The flags, the cadence owed (with the updates and stretches of the last
/// [`TIMELINE_WEEKS`] weeks), the commitments due by `until` (a local day,
/// YYYY-MM-DD; none asked for when absent) and the standings, judged now
/// from the record's indexes (not all of it).
#[tauri::command]
pub fn judgements(session: State<'_, Session>, until: Option<String>) -> Result<Judgements> {
    let until = until
        .map(|day| {
            chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                candor_core::Error::input(
                    "until",
                    format!("\"{day}\" is not a day such as 2026-11-27"),
                )
            })
        })
        .transpose()?;
    let mut open = session.lock();
    let flags = open.flags()?;
    let now = open.now();
    let snapshot = Snapshot::load_span(&open.store, now - Duration::weeks(TIMELINE_WEEKS), now)?;
    let ix = Index::new(&snapshot);
    Ok(Judgements {
        flags,
        cadence: judge::cadence::owed(&ix),
        commitments: until.map_or_else(Vec::new, |day| judge::owed::due_by(&ix, day)),
        standings: judge::standing::all(&ix),
    })
}

/// The desktop's notifications, when the notification plugin is installed
/// (the window); without it (the browser tests' bridge) notices are decided
/// and remembered but shown nowhere.
struct Desktop<'a, R: Runtime>(&'a AppHandle<R>);

impl<R: Runtime> Notifier for Desktop<'_, R> {
    fn notify(&self, title: &str, body: &str) {
        if let Some(plugin) = self
            .0
            .try_state::<tauri_plugin_notification::Notification<R>>()
        {
            let _ = plugin.builder().title(title).body(body).show();
        }
    }
}

/// Raises the reminders that are due; `opening` adds the digest. Returns how many were raised.
#[tauri::command]
pub fn check_reminders<R: Runtime>(
    app: AppHandle<R>,
    session: State<'_, Session>,
    opening: bool,
) -> Result<usize> {
    let mut open = session.lock();
    let (flags, snapshot) = open.live()?;
    let due = judge::owed::due_today(&Index::new(snapshot));
    let notices = notify::decide(&flags, &due, &open.prefs.notified, opening);
    let mut seen = std::mem::take(&mut open.prefs.notified);
    notify::deliver(&notices, &Desktop(&app), &mut seen);
    open.prefs.notified = seen;
    open.save_prefs()?;
    Ok(notices.len())
}
