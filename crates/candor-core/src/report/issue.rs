//! Issuing a report is an explicit, audited act: what was sent, to whom, and
//! the SHA-256 of the exact file, so the file can be verified later.

use super::{Edition, Format, Report};
use crate::canonical::sha256_hex;
use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::model::IssuedReport;
use crate::store::{Author, Change, Store};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

pub use crate::model::IssuedReport as Issued;

/// A week's report rendered in one format: the files, and the report they render.
pub struct Rendered {
    pub report: Report,
    pub format: Format,
    /// File names and bytes: one file, or one per table for CSV.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Typesets a report's JSON rendition as PDF (the `candor-pdf` crate, passed in by the host).
pub type Pdf<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>>;

/// Builds the report of `week` for `edition` as known at `now` and renders it in `format`.
pub fn produce(
    store: &Store,
    week: &str,
    edition: Edition,
    format: Format,
    now: DateTime<Utc>,
    pdf: Pdf<'_>,
) -> Result<Rendered> {
    let report = super::build(store, week, edition, now)?;
    let files = super::render(&report, format, pdf)?;
    Ok(Rendered {
        report,
        format,
        files,
    })
}

impl Rendered {
    /// Writes the rendering to `path`: the file itself, or for CSV a folder
    /// of files. Returns the paths written.
    pub fn save(&self, path: &Path) -> Result<Vec<PathBuf>> {
        let cannot = |p: &Path, e: std::io::Error| {
            Error::Io(std::io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", p.display()),
            ))
        };
        if self.format == Format::Csv {
            std::fs::create_dir_all(path).map_err(|e| cannot(path, e))?;
            let mut written = Vec::new();
            for (name, bytes) in &self.files {
                let file = path.join(name);
                std::fs::write(&file, bytes).map_err(|e| cannot(&file, e))?;
                written.push(file);
            }
            return Ok(written);
        }
        std::fs::write(path, &self.files[0].1).map_err(|e| cannot(path, e))?;
        Ok(vec![path.to_owned()])
    }

    /// Whether this rendering can be issued to `recipients`: one file (not
    /// CSV's folder) sent to at least one person.
    pub fn issuable(&self, recipients: &[String]) -> Result<()> {
        if self.format == Format::Csv {
            return Err(Error::Refused(
                "a CSV report is a folder of files: issue HTML, PDF, Markdown, XLSX or JSON".into(),
            ));
        }
        if recipients.is_empty() {
            return Err(Error::Refused(
                "an issued report names at least one recipient".into(),
            ));
        }
        Ok(())
    }

    /// Records that this rendering, saved as `file_name`, was sent to
    /// `recipients` (names, e-mail addresses or keys of people). One
    /// transaction; the recipients are checked inside it.
    pub fn issue(
        &self,
        store: &mut Store,
        author: &Author,
        ids: &mut Ids,
        file_name: &str,
        recipients: &[String],
    ) -> Result<Key> {
        self.issuable(recipients)?;
        let bytes = &self.files[0].1;
        let record = IssuedReport {
            week: self.report.week.clone(),
            edition: self.report.edition.as_str().to_owned(),
            format: self.format.as_str().to_owned(),
            checkpoint: self.report.checkpoint.clone(),
            ..IssuedReport::default()
        };
        record_issue(store, author, ids, record, file_name, bytes, recipients)
    }
}

/// Records `record` (what was issued, without its file or recipients) as
/// sent, saved as `file_name` with exactly `bytes`, to `recipients` (names,
/// e-mail addresses or keys of people): one transaction, the recipients
/// checked inside it.
pub(crate) fn record_issue(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    mut record: IssuedReport,
    file_name: &str,
    bytes: &[u8],
    recipients: &[String],
) -> Result<Key> {
    for r in recipients {
        record.recipients.push(store.resolve(Kind::Person, r)?.key);
    }
    record.file_name = file_name.to_owned();
    record.sha256 = sha256_hex(bytes);
    record.size = bytes.len() as u64;
    let data = serde_json::to_value(record).expect("an issued report serialises");
    let done = store.apply(
        author,
        ids,
        vec![Change::Create {
            kind: Kind::IssuedReport,
            key: None,
            data,
        }],
    )?;
    Ok(done[0].0.clone())
}

/// The issued report whose file is exactly `bytes`, with when it was recorded.
pub fn verify_file(store: &Store, bytes: &[u8]) -> Result<Option<(String, IssuedReport)>> {
    let sha = sha256_hex(bytes);
    for row in store.list(Kind::IssuedReport, false)? {
        if row.data["sha256"].as_str() == Some(sha.as_str()) {
            let issued: IssuedReport = serde_json::from_value(row.data).map_err(|e| {
                crate::Error::Damaged(format!("{}: stored data does not fit: {e}", row.key))
            })?;
            let recorded = store
                .history(&row.key)?
                .first()
                .map(|h| crate::time::format(h.version.recorded_at))
                .unwrap_or_default();
            return Ok(Some((recorded, issued)));
        }
    }
    Ok(None)
}
