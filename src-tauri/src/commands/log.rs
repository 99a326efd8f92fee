//! The communications log: list, search, message bodies, imports, unmatched addresses.

use crate::error::Result;
use crate::session::{Session, ids};
use candor_core::import::{self, Options, Report, Unmatched};
use candor_core::log::{self, Filter, Hit, Page};
use candor_core::{Key, Kind};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
pub fn log_list(
    session: State<'_, Session>,
    filter: Filter,
    offset: i64,
    limit: i64,
) -> Result<Page> {
    Ok(log::list(&session.lock().store, &filter, offset, limit)?)
}

#[tauri::command]
pub fn search(session: State<'_, Session>, query: String, limit: i64) -> Result<Vec<Hit>> {
    Ok(log::search(&session.lock().store, &query, limit)?)
}

#[tauri::command]
pub fn message_body(session: State<'_, Session>, key: String) -> Result<import::MessageBody> {
    Ok(import::message_body(&session.lock().store, &Key(key))?)
}

/// Progress of an import, sent as messages are processed.
#[derive(Clone, Serialize)]
pub struct Progress {
    file: String,
    done: usize,
    total: usize,
}

/// Imports files on a connection of its own, off the main thread and
/// without holding the session: every view stays readable meanwhile.
#[tauri::command]
pub async fn import_files(
    session: State<'_, Session>,
    paths: Vec<PathBuf>,
    on_progress: Channel<Progress>,
) -> Result<Vec<Report>> {
    session.cancel.store(false, Ordering::SeqCst);
    let (author, db) = {
        let open = session.lock();
        (open.author()?, open.store.path().to_path_buf())
    };
    let mut store = crate::session::open_store(&db)?;
    let mut progress = |file: &str, done, total| {
        let _ = on_progress.send(Progress {
            file: file.to_owned(),
            done,
            total,
        });
        !session.cancel.load(Ordering::SeqCst)
    };
    Ok(import::import_paths(
        &mut store,
        &author,
        &mut ids(),
        None,
        &paths,
        &Options::around(author.at),
        &mut progress,
    )?)
}

#[tauri::command]
pub fn cancel_import(session: State<'_, Session>) {
    session.cancel.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub fn unmatched(session: State<'_, Session>) -> Result<Vec<Unmatched>> {
    Ok(import::unmatched(&session.lock().store)?)
}

#[tauri::command]
pub fn map_address(
    session: State<'_, Session>,
    address: String,
    person: Option<String>,
) -> Result<usize> {
    let mut open = session.lock();
    let author = open.author()?;
    let person = person
        .map(|p| open.store.resolve(Kind::Person, &p).map(|r| r.key))
        .transpose()?;
    Ok(import::map_address(
        &mut open.store,
        &author,
        &mut ids(),
        &address,
        person.as_ref(),
    )?)
}
