//! The week view: preview a report, export it, issue it.

use crate::error::{AppError, Result};
use crate::session::{Session, ids};
use candor_core::report::{self, Edition, Format};
use candor_core::{Key, Kind};
use chrono::Utc;
use std::path::PathBuf;
use tauri::State;

fn edition(name: &str) -> Result<Edition> {
    Edition::parse(name)
        .ok_or_else(|| AppError::new("invalid", format!("unknown edition \"{name}\"")))
}

fn format(name: &str) -> Result<Format> {
    Format::parse(name)
        .ok_or_else(|| AppError::new("invalid", format!("unknown format \"{name}\"")))
}

fn pdf(json: &str) -> candor_core::Result<Vec<u8>> {
    candor_pdf::pdf(json).map_err(|e| candor_core::Error::Refused(e.to_string()))
}

/// The current ISO week in the engagement's time zone.
#[tauri::command]
pub fn current_week(session: State<'_, Session>) -> Result<String> {
    Ok(candor_core::time::iso_week_of(
        Utc::now(),
        session.lock().store.time_zone()?,
    ))
}

/// The report as HTML, for the preview frame.
#[tauri::command]
pub fn report_preview(
    session: State<'_, Session>,
    week: String,
    edition: String,
) -> Result<String> {
    let built = report::build(
        &session.lock().store,
        &week,
        self::edition(&edition)?,
        Utc::now(),
    )?;
    Ok(report::html(&built)?)
}

/// Writes the report to `path` (a folder for CSV); returns the files written.
#[tauri::command]
pub async fn report_export(
    session: State<'_, Session>,
    week: String,
    edition: String,
    format: String,
    path: PathBuf,
) -> Result<Vec<String>> {
    let format = self::format(&format)?;
    let built = report::build(
        &session.lock().store,
        &week,
        self::edition(&edition)?,
        Utc::now(),
    )?;
    let files = report::render(&built, format, &pdf)?;
    let mut written = Vec::new();
    if format == Format::Csv {
        std::fs::create_dir_all(&path)?;
        for (name, bytes) in files {
            let p = path.join(name);
            std::fs::write(&p, bytes)?;
            written.push(p.display().to_string());
        }
    } else {
        std::fs::write(&path, &files[0].1)?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// Renders, writes and records the report as sent to `recipients`.
#[tauri::command]
pub async fn report_issue(
    session: State<'_, Session>,
    week: String,
    edition: String,
    format: String,
    path: PathBuf,
    recipients: Vec<String>,
) -> Result<String> {
    let fmt = self::format(&format)?;
    if fmt == Format::Csv {
        return Err(AppError::new(
            "refused",
            "A CSV report is a folder of files: issue HTML, PDF, Markdown, XLSX or JSON.",
        ));
    }
    let mut open = session.lock();
    let author = open.author()?;
    let built = report::build(&open.store, &week, self::edition(&edition)?, Utc::now())?;
    let files = report::render(&built, fmt, &pdf)?;
    std::fs::write(&path, &files[0].1)?;
    let people: Vec<Key> = recipients
        .iter()
        .map(|r| open.store.resolve(Kind::Person, r).map(|row| row.key))
        .collect::<candor_core::Result<_>>()?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let key = report::issue(
        &mut open.store,
        &author,
        &mut ids(),
        &week,
        &edition,
        fmt.as_str(),
        &name,
        &files[0].1,
        &built.checkpoint,
        people,
    )?;
    Ok(key.0)
}
