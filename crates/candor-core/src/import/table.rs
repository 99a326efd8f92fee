//! CSV: one communication per row, with documented columns (docs/import.md).
//!
//! Required columns: `kind`, `occurred_at`, `subject`. Optional: `channel`,
//! `direction`, `status`, `participants` (e-mail addresses or person keys,
//! separated by `;`), `minutes`, `minutes_internal`, `internal_note`, `message_id`.

use super::{Draft, Parsed};
use crate::model::{CommKind, CommStatus, Communication, from_name};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use std::collections::HashMap;

const REQUIRED: [&str; 3] = ["kind", "occurred_at", "subject"];
const OPTIONAL: [&str; 9] = [
    "channel",
    "direction",
    "status",
    "participants",
    "minutes",
    "minutes_internal",
    "internal_note",
    "message_id",
    "ends_at",
];

/// What is wrong with a CSV row, as a sentence rather than the parser's words.
fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text (save the file as UTF-8 CSV)".into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("it has {len} fields where the header row has {expected_len}")
        }
        csv::ErrorKind::Io(io) => format!("the file cannot be read ({io})"),
        _ => "it is not valid CSV".into(),
    }
}

/// Parses a CSV file; a wrong header refuses the file, a bad row refuses that row.
pub(crate) fn parse(bytes: &[u8], zone: Tz) -> std::result::Result<Parsed, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line 1: the header row cannot be read: {}", csv_problem(&e)))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !headers.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "line 1: missing the column(s) {} (the columns are documented in docs/import.md)",
            missing.join(", ")
        ));
    }
    if let Some(unknown) = headers
        .iter()
        .find(|h| !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()))
    {
        return Err(format!("line 1: unknown column \"{unknown}\""));
    }
    let mut out: Parsed = Vec::new();
    for record in reader.records() {
        match record {
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32);
                out.push((
                    line,
                    Err(format!("the row cannot be read: {}", csv_problem(&e))),
                ));
            }
            Ok(record) => {
                let line = record.position().map(|p| p.line() as u32);
                let row: HashMap<&str, &str> = headers
                    .iter()
                    .map(String::as_str)
                    .zip(record.iter())
                    .collect();
                out.push((line, row_draft(&row, zone, &record)));
            }
        }
    }
    if out.is_empty() {
        return Err("the file has a header but no rows".into());
    }
    Ok(out)
}

fn instant(
    field: &str,
    text: &str,
    zone: Tz,
) -> std::result::Result<chrono::DateTime<chrono::Utc>, String> {
    if let Some(t) = crate::time::parse(text) {
        return Ok(t);
    }
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
        .map_err(|_| format!("{field}: \"{text}\" is not a time (use 2026-11-17T15:45:00Z or 2026-11-17 16:45 in the engagement's zone)"))?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| format!("{field}: {text} does not exist in {zone}"))
}

/// An optional cell naming one of an enum's values (empty: none given).
fn choice<T: serde::de::DeserializeOwned>(
    (field, text): (&str, &str),
    known: &str,
) -> std::result::Result<Option<T>, String> {
    match text {
        "" => Ok(None),
        text => from_name(&text.to_ascii_lowercase())
            .map(Some)
            .ok_or_else(|| format!("{field}: \"{text}\" is not one of {known}")),
    }
}

fn row_draft(
    row: &HashMap<&str, &str>,
    zone: Tz,
    record: &csv::StringRecord,
) -> std::result::Result<Draft, String> {
    let get = |name: &str| row.get(name).map(|s| s.trim()).unwrap_or("");
    let kind: CommKind = from_name(&get("kind").to_ascii_lowercase()).ok_or_else(|| {
        format!(
            "kind: \"{}\" is not one of meeting, call, email, chat, letter, ticket",
            get("kind")
        )
    })?;
    let occurred_at = instant("occurred_at", get("occurred_at"), zone)?;
    let ends_at = Some(get("ends_at"))
        .filter(|s| !s.is_empty())
        .map(|s| instant("ends_at", s, zone))
        .transpose()?;
    if get("subject").is_empty() {
        return Err("subject: is empty".into());
    }
    let status: CommStatus = match get("status") {
        "" => CommStatus::Held,
        s => from_name(&s.to_ascii_lowercase())
            .ok_or_else(|| format!("status: \"{s}\" is not held, scheduled or cancelled"))?,
    };
    let participants: Vec<String> = get("participants")
        .split(';')
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    let bool_field = |name: &str| match get(name).to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        other => Err(format!("{name}: \"{other}\" is not true or false")),
    };
    let mut full = Communication {
        kind,
        status,
        occurred_at,
        ends_at,
        subject: get("subject").to_owned(),
        minutes: get("minutes").to_owned(),
        minutes_internal: bool_field("minutes_internal")?,
        internal_note: get("internal_note").to_owned(),
        ..Communication::default()
    };
    if let Some(channel) = choice(
        ("channel", get("channel")),
        "official, personal_phone, personal_email, personal_messaging, other_unofficial",
    )? {
        full.channel = channel;
    }
    if let Some(direction) = choice(
        ("direction", get("direction")),
        "inbound, outbound, internal, two_way",
    )? {
        full.direction = direction;
    }
    let original = {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(record).map_err(|e| e.to_string())?;
        w.into_inner().map_err(|e| e.to_string())?
    };
    Ok(Draft {
        kind: full.kind,
        status: full.status,
        occurred_at: full.occurred_at,
        ends_at: full.ends_at,
        subject: full.subject.clone(),
        text: full.minutes.clone(),
        addresses: participants,
        message_id: get("message_id").to_owned(),
        sequence: None,
        attachments: Vec::new(),
        original,
        full: Some(full),
        blobs: Vec::new(),
    })
}
