//! Importing e-mail (.eml, .mbox, Outlook .msg), calendars (.ics) and CSV into the
//! communications log.
//!
//! Parsers are third-party code fed hostile input: each message is parsed
//! under `catch_unwind` and size limits, so a panic or a runaway message
//! becomes a refusal of that message. A file is one transaction: its good
//! messages are recorded together, a refused file writes nothing.

mod calendar;
mod embedded;
mod fetched;
mod files;
mod mail;
mod matching;
mod outlook;
mod rtf;
mod sanitize;
mod table;
mod unmatched;
mod vtimezone;

pub use fetched::{Capture, Fetched, Glimpse, Taken, import_fetched, preview};
pub use files::import_paths;
pub use mail::{MessageBody, message_body};
pub use sanitize::sanitize_html;
pub use unmatched::{Unmatched, map_address, unmatched};

use crate::canonical::sha256_hex;
use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::model::{CommKind, CommStatus, Communication, Source};
use crate::store::{Author, Change, Store};
use chrono::{DateTime, Duration, Utc};
use matching::Matcher;
use serde::Serialize;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The formats Candor imports communications from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Eml,
    Mbox,
    Msg,
    Ics,
    Csv,
}

impl Format {
    /// Parses `eml`, `mbox`, `msg`, `ics` or `csv`.
    pub fn parse(name: &str) -> Option<Format> {
        match name
            .trim()
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "eml" => Some(Format::Eml),
            "mbox" => Some(Format::Mbox),
            "msg" => Some(Format::Msg),
            "ics" => Some(Format::Ics),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format a file name suggests.
    pub fn from_file_name(name: &str) -> Option<Format> {
        Format::parse(name.rsplit_once('.')?.1)
    }

    fn as_str(self) -> &'static str {
        match self {
            Format::Eml => "eml",
            Format::Mbox => "mbox",
            Format::Msg => "msg",
            Format::Ics => "ics",
            Format::Csv => "csv",
        }
    }
}

/// Limits and choices of an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Recurring calendar events are expanded within this window.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    /// A message larger than this is refused.
    pub max_message_bytes: usize,
    /// Occurrences of one recurring event beyond this are not imported.
    pub max_occurrences: usize,
}

impl Options {
    /// Defaults around `now`: recurrences from 180 days before to 180 days after.
    pub fn around(now: DateTime<Utc>) -> Options {
        Options {
            window: (now - Duration::days(180), now + Duration::days(180)),
            max_message_bytes: 25 * 1024 * 1024,
            max_occurrences: 500,
        }
    }
}

/// One communication read from a file, before matching and deduplication.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: CommKind,
    pub status: CommStatus,
    pub occurred_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub subject: String,
    pub text: String,
    /// Sender first, lower-case.
    pub addresses: Vec<String>,
    pub message_id: String,
    pub sequence: Option<i64>,
    pub attachments: Vec<crate::model::Attachment>,
    /// The bytes kept as evidence for this message.
    pub original: Vec<u8>,
    /// Data that replaces the built communication entirely (CSV rows give full records).
    pub full: Option<crate::model::Communication>,
    /// Further bytes kept by their SHA-256 (an Outlook message's attachments).
    pub blobs: Vec<Vec<u8>>,
}

impl Draft {
    /// What makes two drafts the same message: its Message-ID, else the
    /// SHA-256 of its original bytes.
    pub(crate) fn identity(&self, original_sha256: &str) -> String {
        if self.message_id.is_empty() {
            original_sha256.to_owned()
        } else {
            self.message_id.clone()
        }
    }
}

/// What happened to one message.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub file: String,
    /// Message index (mbox, ics event, a .msg file's embedded messages) or
    /// line (CSV), counting from 1.
    pub at: Option<u32>,
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "{} #{at}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

/// The summary that ends an import of one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub file: String,
    pub sha256: String,
    pub imported: Vec<Key>,
    pub amended: Vec<Key>,
    pub already_present: usize,
    pub refused: Vec<Refusal>,
    /// The whole file was refused: nothing of it was written.
    pub file_refused: bool,
    /// Something worth saying that is not a refusal ("the calendar holds no events").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What one file's write transaction did.
#[derive(Default)]
pub(crate) struct Outcome {
    pub imported: Vec<Key>,
    pub amended: Vec<Key>,
    pub present: usize,
}

/// One parsed message, or why it was refused (with its index).
pub(crate) type Parsed = Vec<(Option<u32>, std::result::Result<Draft, String>)>;

/// Runs `f` on hostile input: a panic becomes an error.
pub(crate) fn guarded<T>(
    what: &str,
    f: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(format!("the {what} parser failed on this input")))
}

/// One file to import: its format, its name (for reports) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct File<'a> {
    pub format: Format,
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Imports one file's bytes. `progress(done, total)` is called as messages
/// are processed; returning `false` cancels the import (nothing is written).
pub fn import_file(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    file: &File<'_>,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Report> {
    let File {
        format,
        name: file_name,
        bytes,
    } = *file;
    let sha256 = sha256_hex(bytes);
    let mut report = Report {
        file: file_name.to_owned(),
        sha256: sha256.clone(),
        ..Report::default()
    };
    let engagement_tz = store.time_zone()?;
    let mut notes = Vec::new();
    let parsed = match format {
        Format::Eml => Ok(vec![(None, mail::parse_message(bytes, options))]),
        Format::Mbox => mail::parse_mbox(bytes, options),
        Format::Msg => Ok(outlook::parse(bytes, options)),
        Format::Ics => calendar::parse(bytes, options, engagement_tz).map(|(p, n)| {
            notes = n;
            p
        }),
        Format::Csv => table::parse(bytes, engagement_tz),
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(reason) => {
            report.file_refused = true;
            report.refused.push(Refusal {
                file: file_name.to_owned(),
                at: None,
                reason,
            });
            return Ok(report);
        }
    };
    if matches!(format, Format::Eml | Format::Msg)
        && let Some((_, Err(reason))) = parsed.first()
    {
        report.file_refused = true;
        report.refused.push(Refusal {
            file: file_name.to_owned(),
            at: None,
            reason: reason.clone(),
        });
        return Ok(report);
    }
    if !notes.is_empty() {
        report.note = Some(notes.join("; "));
    }
    if parsed.is_empty() && report.note.is_none() {
        report.note = Some(match format {
            Format::Ics => "the calendar holds no events (only to-dos, journals or time zones): nothing to import".into(),
            _ => "the file holds nothing to import".into(),
        });
        return Ok(report);
    }
    let matcher = Matcher::load(store)?;
    let total = parsed.len();
    let mut drafts = Vec::with_capacity(total);
    let mut seen = HashSet::new();
    for (n, (at, draft)) in parsed.into_iter().enumerate() {
        if n % 64 == 0 && !progress(n, total) {
            return Err(Error::Refused(format!(
                "{file_name}: import cancelled; nothing was written"
            )));
        }
        let draft = match draft {
            Ok(d) => d,
            Err(reason) => {
                report.refused.push(Refusal {
                    file: file_name.to_owned(),
                    at,
                    reason,
                });
                continue;
            }
        };
        let original_sha = sha256_hex(&draft.original);
        if !seen.insert(draft.identity(&original_sha)) {
            report.already_present += 1;
            continue;
        }
        let source = Source {
            format: format.as_str().to_owned(),
            file: file_name.to_owned(),
            file_sha256: sha256.clone(),
            original_sha256: original_sha,
            message_id: draft.message_id.clone(),
            sequence: draft.sequence,
            index: at,
        };
        drafts.push((draft, source));
    }
    progress(total, total);
    if drafts.is_empty() {
        return Ok(report);
    }
    let whole_file = matches!(format, Format::Csv | Format::Mbox);
    let written = store.write(ids, |w| {
        let outcome = record(
            w,
            author,
            &matcher,
            drafts,
            format == Format::Ics,
            file_name,
        )?;
        if whole_file && !(outcome.imported.is_empty() && outcome.amended.is_empty()) {
            w.put_blobs(&[bytes])?;
        }
        Ok(outcome)
    });
    let written = written.map_err(|e| match e {
        Error::Invalid(errors) => Error::Refused(format!(
            "{file_name}: {}; nothing was written",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        )),
        other => other,
    })?;
    report.imported = written.imported;
    report.amended = written.amended;
    report.already_present += written.present;
    Ok(report)
}

/// Records each draft in the write `w`: a new communication, or nothing when
/// the message is already recorded (a calendar event with a higher SEQUENCE
/// amends its meeting instead). Every message's original is kept.
pub(crate) fn record(
    w: &mut crate::store::Writer<'_>,
    author: &Author,
    matcher: &Matcher,
    drafts: Vec<(Draft, Source)>,
    calendar: bool,
    file_name: &str,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for (draft, source) in drafts {
        let existing = w.find_imported(&draft.message_id, &source.original_sha256)?;
        let change = match existing {
            Some(existing) if calendar => {
                let old: Communication =
                    serde_json::from_value(existing.data.clone()).map_err(|e| {
                        Error::Damaged(format!(
                            "communication {}: stored data does not fit: {e}",
                            existing.key
                        ))
                    })?;
                if draft.sequence.unwrap_or(0) <= old.source.sequence.unwrap_or(0) {
                    outcome.present += 1;
                    continue;
                }
                let reason = format!(
                    "calendar event updated (SEQUENCE {}) in {file_name}",
                    draft.sequence.unwrap_or(0)
                );
                let data = matcher.update_event(old, &draft, source);
                outcome.amended.push(existing.key.clone());
                Change::amend(&existing, &data, reason)
            }
            Some(_) => {
                outcome.present += 1;
                continue;
            }
            None => {
                let key = w.new_key(author.at);
                outcome.imported.push(key.clone());
                Change::Create {
                    kind: Kind::Communication,
                    key: Some(key),
                    data: matcher.build(&draft, source),
                }
            }
        };
        w.put_blobs(std::slice::from_ref(&draft.original))?;
        w.put_blobs(&draft.blobs)?;
        w.apply(author, change)?;
    }
    Ok(outcome)
}
