//! Day arithmetic in the engagement's time zone: "within N days" counts
//! calendar days there, and a due date means the end of that local day.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The local date of an instant.
pub fn local_date(t: DateTime<Utc>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// The first instant after local day `date` ends.
pub fn end_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = date + Duration::days(1);
    zone.from_local_datetime(&next.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&next.and_time(NaiveTime::MIN)))
}

/// The end of the Nth local day after `t`'s: the deadline of "within N days of t".
pub fn deadline(t: DateTime<Utc>, days: u32, zone: Tz) -> DateTime<Utc> {
    end_of_day(local_date(t, zone) + Duration::days(i64::from(days)), zone)
}

/// Whole local days from `from` to `to`.
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>, zone: Tz) -> i64 {
    (local_date(to, zone) - local_date(from, zone)).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_end_with_the_local_day() {
        let madrid: Tz = "Europe/Madrid".parse().unwrap();
        let t = crate::time::parse("2026-11-02T22:30:00Z").unwrap();
        // 22:30 UTC is 23:30 in Madrid, still 2 November there.
        assert_eq!(
            crate::time::format(deadline(t, 0, madrid)),
            "2026-11-02T23:00:00.000Z"
        );
        assert_eq!(
            crate::time::format(deadline(t, 2, madrid)),
            "2026-11-04T23:00:00.000Z"
        );
        assert_eq!(
            days_between(
                t,
                crate::time::parse("2026-11-03T08:00:00Z").unwrap(),
                madrid
            ),
            1
        );
    }
}
