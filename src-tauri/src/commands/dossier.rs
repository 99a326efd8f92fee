//! A matter's dossier: preview, export, issue.

use crate::error::{AppError, Result};
use crate::session::{Session, ids};
use candor_core::dossier;
use candor_core::report::{Edition, Format};
use std::path::PathBuf;
use tauri::State;

fn edition(name: &str) -> Result<Edition> {
    Edition::parse(name)
        .ok_or_else(|| AppError::new("invalid", format!("unknown edition \"{name}\"")))
}

fn format(name: &str) -> Result<Format> {
    match Format::parse(name) {
        Some(f @ (Format::Html | Format::Pdf | Format::Markdown | Format::Json)) => Ok(f),
        _ => Err(AppError::new(
            "invalid",
            format!("a dossier is html, pdf, md or json, not \"{name}\""),
        )),
    }
}

fn pdf(json: &str) -> candor_core::Result<Vec<u8>> {
    candor_pdf::pdf(json).map_err(|e| candor_core::Error::Render(format!("PDF: {e}")))
}

/// The dossier of `matter` (its key) as HTML, for the preview frame, with
/// the file name it is saved under by default.
#[tauri::command]
pub fn dossier_preview(
    session: State<'_, Session>,
    matter: String,
    edition: String,
) -> Result<serde_json::Value> {
    let open = session.lock();
    let built = dossier::build(&open.store, &matter, self::edition(&edition)?, open.now())?;
    let html = dossier::html(&built)?;
    Ok(serde_json::json!({ "html": html, "summary": built.summary, "matter": built.matter }))
}

/// Writes the dossier to `path`; returns the path written.
#[tauri::command]
pub async fn dossier_export(
    session: State<'_, Session>,
    matter: String,
    edition: String,
    format: String,
    path: PathBuf,
) -> Result<String> {
    let (edition, format) = (self::edition(&edition)?, self::format(&format)?);
    let rendered = {
        let open = session.lock();
        dossier::produce(&open.store, &matter, edition, format, open.now(), &pdf)?
    };
    Ok(rendered.save(&path)?.display().to_string())
}

/// Renders, writes and records the dossier as sent to `recipients`.
#[tauri::command]
pub async fn dossier_issue(
    session: State<'_, Session>,
    matter: String,
    edition: String,
    format: String,
    path: PathBuf,
    recipients: Vec<String>,
) -> Result<String> {
    let (edition, format) = (self::edition(&edition)?, self::format(&format)?);
    let mut open = session.lock();
    let author = open.author()?;
    let now = open.now();
    let rendered = dossier::produce(&open.store, &matter, edition, format, now, &pdf)?;
    if recipients.is_empty() {
        return Err(AppError::new(
            "invalid",
            "an issued dossier names at least one recipient",
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    rendered.save(&path)?;
    let key = rendered.issue(&mut open.store, &author, &mut ids(), &name, &recipients)?;
    Ok(key.0)
}
