//! The communications log: list, search, message bodies, imports, unmatched addresses.

use crate::error::{AppError, Result};
use crate::session::{Session, ids};
use candor_core::import::{self, Format, Options, Report, Unmatched};
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
    let options = Options::around(author.at);
    let mut reports = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let format = Format::from_file_name(&name).ok_or_else(|| {
            AppError::new(
                "refused",
                format!("{name}: Candor imports .eml, .mbox, .ics and .csv files"),
            )
        })?;
        let bytes =
            std::fs::read(&path).map_err(|e| AppError::new("refused", format!("{name}: {e}")))?;
        let mut progress = |done, total| {
            let _ = on_progress.send(Progress {
                file: name.clone(),
                done,
                total,
            });
            !session.cancel.load(Ordering::SeqCst)
        };
        reports.push(import::import_file(
            &mut store,
            &author,
            &mut ids(),
            &import::File {
                format,
                name: &name,
                bytes: &bytes,
            },
            &options,
            &mut progress,
        )?);
    }
    Ok(reports)
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
