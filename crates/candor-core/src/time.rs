//! Instants as Candor writes them: UTC, RFC 3339, millisecond precision.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

/// Formats an instant the one way Candor stores and exports it.
pub fn format(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 instant (any offset) into UTC.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| truncate(t.with_timezone(&Utc)))
}

/// Drops sub-millisecond precision, so that what is stored is what is read back.
pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(at.timestamp_millis())
        .single()
        .unwrap_or(at)
}

/// Serde adapter for [`format`] / [`parse`].
pub mod serde_millis {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        super::parse(&text)
            .ok_or_else(|| D::Error::custom(format!("\"{text}\" is not an RFC 3339 instant")))
    }
}

/// Serde adapter for optional instants (absent when `None`).
pub mod serde_millis_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&super::format(*at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => super::parse(&text)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("\"{text}\" is not an RFC 3339 instant"))),
        }
    }
}

/// An ISO week ("2026-W47") as the UTC instants of its local Monday 00:00 and
/// the next Monday 00:00 in `zone`.
pub fn iso_week_range(week: &str, zone: chrono_tz::Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    use chrono::{NaiveDate, NaiveTime, Weekday};
    let (year, w) = week.trim().split_once("-W")?;
    let monday = NaiveDate::from_isoywd_opt(year.parse().ok()?, w.parse().ok()?, Weekday::Mon)?;
    let start = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    Some((start(monday)?, start(monday + chrono::Duration::days(7))?))
}

/// The ISO week ("2026-W47") that contains `at` in `zone`.
pub fn iso_week_of(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    use chrono::Datelike;
    let w = at.with_timezone(&zone).iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Reads a time typed by a person: RFC 3339, or "YYYY-MM-DD HH:MM" / "YYYY-MM-DD" in `zone`.
pub fn parse_local(text: &str, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
    if let Some(t) = parse(text) {
        return Some(t);
    }
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
        .ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// How an instant is written in documents: RFC 3339 in UTC with milliseconds
/// ("2026-11-20T17:00:00.000Z"). Its JSON Schema is a `date-time` string.
pub struct Instant;

crate::key::string_schema!(Instant, "instant", {
    "format": "date-time",
    "description": "An instant in UTC with milliseconds, e.g. 2026-11-20T17:00:00.000Z."
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_are_local_mondays() {
        let madrid: chrono_tz::Tz = "Europe/Madrid".parse().unwrap();
        let (from, to) = iso_week_range("2026-W47", madrid).unwrap();
        assert_eq!(format(from), "2026-11-15T23:00:00.000Z");
        assert_eq!(format(to), "2026-11-22T23:00:00.000Z");
        assert_eq!(iso_week_of(from, madrid), "2026-W47");
        assert_eq!(iso_week_of(to, madrid), "2026-W48");
        assert_eq!(
            iso_week_of(parse("2027-01-01T10:00:00Z").unwrap(), madrid),
            "2026-W53"
        );
        assert!(iso_week_range("2026-47", madrid).is_none());
    }
}
