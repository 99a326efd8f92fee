//! Calendars (.ics), via the icalendar crate: events import as scheduled
//! meetings; recurring events are expanded within the import window; TZIDs
//! are honoured; floating and all-day times are read in the engagement's zone.

use super::mail::trimmed;
use super::vtimezone::Zones;
use super::{Draft, Options, Parsed, guarded};
use crate::model::{CommKind, CommStatus};
use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use std::collections::HashSet;

/// Parses a calendar file into one draft per event occurrence, with notes
/// of recurrences that were cut.
pub(crate) fn parse(
    bytes: &[u8],
    options: &Options,
    zone: Tz,
) -> std::result::Result<(Parsed, Vec<String>), String> {
    if bytes.len() > options.max_message_bytes {
        return Err(format!(
            "the calendar is {} bytes, over the limit of {}",
            bytes.len(),
            options.max_message_bytes
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCALENDAR")
    {
        return Err("not an iCalendar file: it does not start with BEGIN:VCALENDAR".into());
    }
    guarded("calendar", || {
        let zones = Zones::read(&text);
        let calendar: icalendar::Calendar =
            text.parse().map_err(|e: String| unreadable_calendar(&e))?;
        let cancelled_all = calendar
            .property_value("METHOD")
            .is_some_and(|m| m.eq_ignore_ascii_case("CANCEL"));
        let overridden: HashSet<(String, Option<DateTime<Utc>>)> = calendar
            .events()
            .filter_map(|e| {
                Some((
                    e.get_uid()?.to_owned(),
                    e.get_recurrence_id()
                        .and_then(|r| to_utc(&r, zone, &zones).ok()),
                ))
            })
            .filter(|(_, rid)| rid.is_some())
            .collect();
        let mut out: Parsed = Vec::new();
        let mut notes = Vec::new();
        for (i, event) in calendar.calendar_events().enumerate() {
            let at = Some(i as u32 + 1);
            match occurrences(
                &event,
                &mut notes,
                zone,
                &zones,
                options,
                &overridden,
                cancelled_all,
                bytes,
            ) {
                Ok(drafts) => out.extend(drafts.into_iter().map(|d| (at, Ok(d)))),
                Err(reason) => out.push((at, Err(reason))),
            }
        }
        Ok((out, notes))
    })
}

/// The calendar parser's complaint as a sentence: where, not its grammar's internals.
fn unreadable_calendar(parser: &str) -> String {
    let line = parser
        .split("at line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty());
    match line {
        Some(n) => format!(
            "not a readable iCalendar file: line {n} is not a NAME:VALUE line, or a BEGIN there is never closed by its END"
        ),
        None => "not a readable iCalendar file: its lines are not NAME:VALUE pairs between BEGIN and END".into(),
    }
}

/// A calendar time as a UTC instant.
fn to_utc(
    t: &DatePerhapsTime,
    zone: Tz,
    zones: &Zones,
) -> std::result::Result<DateTime<Utc>, String> {
    let local = |naive: NaiveDateTime, tz: Tz| {
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| format!("{naive} does not exist in {tz}"))
    };
    match t {
        DatePerhapsTime::Date(d) => local(d.and_time(NaiveTime::MIN), zone),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(u)) => Ok(*u),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(n)) => local(*n, zone),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            match iana_zone(tzid) {
                Some(tz) => local(*date_time, tz),
                None => zones
                    .to_utc(tzid, *date_time)
                    .ok_or_else(|| format!("unknown time zone \"{tzid}\": neither an IANA name nor defined in the calendar")),
            }
        }
    }
}

/// An IANA zone for a TZID, also when a calendar prefixes it ("/mozilla.org/…/Europe/Berlin").
fn iana_zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse() {
        return Some(tz);
    }
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..=parts.len().min(3))
        .rev()
        .find_map(|n| parts[parts.len() - n..].join("/").parse().ok())
}

fn addresses(event: &icalendar::Event) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let organizer = event.property_value("ORGANIZER").map(str::to_owned);
    let attendees = event.get_attendees().into_iter().map(|a| a.cal_address);
    for raw in organizer.into_iter().chain(attendees) {
        let address = raw
            .trim()
            .trim_start_matches("mailto:")
            .trim_start_matches("MAILTO:")
            .to_lowercase();
        if address.contains('@') && !out.contains(&address) {
            out.push(address);
        }
    }
    out
}

/// A recurrence is expanded from its start through at most this many
/// occurrences, in or before the import window, so that no rule runs away.
const MAX_RECURRENCE_STEPS: usize = 100_000;

#[allow(clippy::too_many_arguments)]
fn occurrences(
    event: &icalendar::CalendarEvent<'_>,
    notes: &mut Vec<String>,
    zone: Tz,
    zones: &Zones,
    options: &Options,
    overridden: &HashSet<(String, Option<DateTime<Utc>>)>,
    cancelled_all: bool,
    bytes: &[u8],
) -> std::result::Result<Vec<Draft>, String> {
    let start_prop = event
        .get_start()
        .ok_or("the event has no start (DTSTART)")?;
    let start = to_utc(&start_prop, zone, zones)?;
    let end = event
        .get_end()
        .map(|e| to_utc(&e, zone, zones))
        .transpose()?
        .filter(|e| *e >= start);
    let uid = trimmed(event.get_uid()).map(str::to_owned);
    let subject = trimmed(event.get_summary())
        .unwrap_or("(untitled event)")
        .to_owned();
    let mut text = event.get_description().unwrap_or_default().to_owned();
    if let Some(location) = event.get_location().filter(|l| !l.trim().is_empty()) {
        text = if text.is_empty() {
            format!("Location: {location}")
        } else {
            format!("{text}\n\nLocation: {location}")
        };
    }
    let status = if cancelled_all || event.get_status() == Some(EventStatus::Cancelled) {
        CommStatus::Cancelled
    } else {
        CommStatus::Scheduled
    };
    let sequence = Some(i64::from(event.get_sequence().unwrap_or(0)));
    let recurrence_id = event
        .get_recurrence_id()
        .map(|r| to_utc(&r, zone, zones))
        .transpose()?;
    let base = Draft {
        kind: CommKind::Meeting,
        status,
        occurred_at: start,
        ends_at: end,
        subject,
        text,
        addresses: addresses(event),
        message_id: String::new(),
        sequence,
        attachments: Vec::new(),
        original: bytes.to_vec(),
        full: None,
        blobs: Vec::new(),
    };
    let id_at = |t: DateTime<Utc>| crate::time::format(t);
    let uid_or = |t: DateTime<Utc>| {
        uid.clone()
            .unwrap_or_else(|| format!("{}@{}", base.subject, id_at(t)))
    };
    let recurs = event.properties().contains_key("RRULE")
        || event.multi_properties().contains_key("RRULE")
        || event.properties().contains_key("RDATE");
    if !recurs || recurrence_id.is_some() {
        let mut d = base.clone();
        d.message_id = match recurrence_id {
            Some(rid) => format!("{}#{}", uid_or(start), id_at(rid)),
            None => uid_or(start),
        };
        return Ok(vec![d]);
    }
    let set = event
        .get_recurrence()
        .map_err(|e| format!("its recurrence rule cannot be read: {e}"))?;
    let (from, to) = options.window;
    let mut found = Vec::new();
    for (step, t) in (&set).into_iter().enumerate() {
        let t = t.with_timezone(&Utc);
        if t > to {
            break;
        }
        if step >= MAX_RECURRENCE_STEPS {
            notes.push(format!(
                "\"{}\": its recurrence was cut after {MAX_RECURRENCE_STEPS} occurrences from {} (it repeats too often to expand up to the import window's end)",
                base.subject,
                crate::time::format(start)
            ));
            break;
        }
        if t < from {
            continue;
        }
        if found.len() == options.max_occurrences {
            notes.push(format!(
                "\"{}\": only its first {} occurrences in the import window were imported",
                base.subject, options.max_occurrences
            ));
            break;
        }
        found.push(t);
    }
    let length = end.map(|e| e - start);
    let uid_text = uid_or(start);
    Ok(found
        .into_iter()
        .filter(|t| !overridden.contains(&(uid_text.clone(), Some(*t))))
        .map(|t| {
            let mut d = base.clone();
            d.occurred_at = t;
            d.ends_at = length.map(|l| t + l);
            d.message_id = format!("{uid_text}#{}", id_at(t));
            d
        })
        .collect())
}
