//! The week view: preview a report, export it, issue it.

use crate::error::{AppError, Result};
use crate::session::{Session, ids};
use candor_core::report::{self, Edition, Format};
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
    candor_pdf::pdf(json).map_err(|e| candor_core::Error::Render(format!("PDF: {e}")))
}

/// The current ISO week in the engagement's time zone.
#[tauri::command]
pub fn current_week(session: State<'_, Session>) -> Result<String> {
    let open = session.lock();
    Ok(candor_core::time::iso_week_of(
        open.now(),
        open.store.time_zone()?,
    ))
}

/// The report as HTML, for the preview frame.
#[tauri::command]
pub fn report_preview(
    session: State<'_, Session>,
    week: String,
    edition: String,
) -> Result<String> {
    let open = session.lock();
    let built = report::build(&open.store, &week, self::edition(&edition)?, open.now())?;
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
    let (edition, format) = (self::edition(&edition)?, self::format(&format)?);
    let built = {
        let open = session.lock();
        report::build(&open.store, &week, edition, open.now())?
    };
    let files = report::render(&built, format, &pdf)?;
    let rendered = report::Rendered {
        report: built,
        format,
        files,
    };
    let written = rendered.save(&path)?;
    Ok(written.iter().map(|p| p.display().to_string()).collect())
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
    let (edition, format) = (self::edition(&edition)?, self::format(&format)?);
    let mut open = session.lock();
    let author = open.author()?;
    let now = open.now();
    let rendered = report::produce(&open.store, &week, edition, format, now, &pdf)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    rendered.issuable(&recipients)?;
    rendered.save(&path)?;
    let key = rendered.issue(&mut open.store, &author, &mut ids(), &name, &recipients)?;
    Ok(key.0)
}
