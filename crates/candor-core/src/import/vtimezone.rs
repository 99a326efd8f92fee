//! Custom time zones defined inside a calendar (VTIMEZONE with a TZID that is
//! not an IANA name, such as "Western/Central Europe"): the offset in force at
//! a local time, from the zone's STANDARD/DAYLIGHT observances.

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use icalendar::rrule::RRuleSet;

/// One STANDARD or DAYLIGHT block.
#[derive(Debug, Clone)]
struct Observance {
    start: NaiveDateTime,
    rrule: Option<String>,
    offset_to: i32,
}

/// The VTIMEZONE definitions of one calendar, by TZID.
#[derive(Debug, Default)]
pub(crate) struct Zones(Vec<(String, Vec<Observance>)>);

impl Zones {
    /// Reads every VTIMEZONE block of a calendar's (unfolded) text.
    pub fn read(text: &str) -> Zones {
        let unfolded = text
            .replace("\r\n ", "")
            .replace("\r\n\t", "")
            .replace("\n ", "")
            .replace("\n\t", "");
        let mut zones = Vec::new();
        let mut current: Option<(String, Vec<Observance>)> = None;
        let mut obs: Option<Observance> = None;
        for line in unfolded.lines().map(str::trim_end) {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            let prop = name.split(';').next().unwrap_or("").to_ascii_uppercase();
            match (prop.as_str(), value.to_ascii_uppercase().as_str()) {
                ("BEGIN", "VTIMEZONE") => current = Some((String::new(), Vec::new())),
                ("END", "VTIMEZONE") => zones.extend(current.take()),
                ("TZID", _) if obs.is_none() => {
                    if let Some(c) = current.as_mut() {
                        c.0 = value.trim().to_owned();
                    }
                }
                ("BEGIN", "STANDARD" | "DAYLIGHT") if current.is_some() => {
                    obs = Some(Observance {
                        start: NaiveDateTime::MIN,
                        rrule: None,
                        offset_to: 0,
                    })
                }
                ("END", "STANDARD" | "DAYLIGHT") => {
                    if let (Some(o), Some(c)) = (obs.take(), current.as_mut()) {
                        c.1.push(o);
                    }
                }
                ("DTSTART", _) => {
                    if let Some(o) = obs.as_mut() {
                        o.start = NaiveDateTime::parse_from_str(value.trim(), "%Y%m%dT%H%M%S")
                            .unwrap_or(NaiveDateTime::MIN);
                    }
                }
                ("RRULE", _) => {
                    if let Some(o) = obs.as_mut() {
                        o.rrule = Some(value.trim().to_owned());
                    }
                }
                ("TZOFFSETTO", _) => {
                    if let Some(o) = obs.as_mut() {
                        o.offset_to = parse_offset(value).unwrap_or(0);
                    }
                }
                _ => {}
            }
        }
        Zones(zones)
    }

    /// The UTC instant of `local` in the zone named `tzid`, if the calendar defines it.
    pub fn to_utc(&self, tzid: &str, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let (_, observances) = self.0.iter().find(|(id, _)| id == tzid)?;
        let (_, offset) = observances
            .iter()
            .filter_map(|o| Some((last_onset(o, local)?, o.offset_to)))
            .max_by_key(|(onset, _)| *onset)?;
        let offset = FixedOffset::east_opt(offset)?;
        offset
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// "+0130" / "-0500" as seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    let sign = if t.starts_with('-') { -1 } else { 1 };
    let digits = t.trim_start_matches(['+', '-']);
    let (h, rest) = digits.split_at_checked(2)?;
    let (m, s) = rest.split_at_checked(2)?;
    let secs =
        h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60 + s.parse::<i32>().unwrap_or(0);
    Some(sign * secs)
}

/// The latest onset of an observance at or before `local`.
fn last_onset(o: &Observance, local: NaiveDateTime) -> Option<NaiveDateTime> {
    if o.start > local {
        return None;
    }
    let Some(rule) = &o.rrule else {
        return Some(o.start);
    };
    let text = format!("DTSTART:{}\nRRULE:{rule}", o.start.format("%Y%m%dT%H%M%S"));
    let set: RRuleSet = text.parse().ok()?;
    let as_utc = |n: NaiveDateTime| icalendar::Tz::UTC.from_utc_datetime(&n);
    let from = as_utc(local - Duration::days(400).max(local - o.start));
    let found = set
        .after(from)
        .before(as_utc(local) + Duration::seconds(1))
        .all(800);
    found.dates.last().map(|d| d.naive_utc()).or(Some(o.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CET: &str = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Western/Central Europe\nBEGIN:DAYLIGHT\nDTSTART:19810329T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nBEGIN:STANDARD\nDTSTART:19961027T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR\n";

    #[test]
    fn custom_zone_follows_its_rules() {
        let zones = Zones::read(CET);
        let at = |s: &str| {
            zones
                .to_utc(
                    "Western/Central Europe",
                    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
                )
                .unwrap()
        };
        assert_eq!(
            crate::time::format(at("2026-07-01 12:00")),
            "2026-07-01T10:00:00.000Z"
        );
        assert_eq!(
            crate::time::format(at("2026-12-01 12:00")),
            "2026-12-01T11:00:00.000Z"
        );
        assert!(zones.to_utc("Elsewhere", NaiveDateTime::MIN).is_none());
        assert_eq!(parse_offset("-0530"), Some(-19800));
    }
}
