use super::*;
use chrono::Timelike;

/// Instants across whole local days: every hour of a winter day, of the day
/// Madrid leaves summer time, and of a day whose story starts on the day it
/// enters summer time.
fn hours_of_days() -> Vec<DateTime<Utc>> {
    [(2026, 12, 3), (2026, 10, 25), (2026, 5, 31)]
        .into_iter()
        .flat_map(|(y, m, d)| {
            let midnight = ZONE
                .with_ymd_and_hms(y, m, d, 0, 0, 0)
                .single()
                .expect("local midnight");
            (0..24).map(move |h| midnight.with_timezone(&Utc) + Duration::hours(h))
        })
        .chain([default_now() + Duration::minutes(67) + Duration::milliseconds(68)])
        .collect()
}

#[test]
fn the_demo_loads_whatever_the_time_of_day() {
    for now in hours_of_days() {
        let mut store = Store::open_in_memory().unwrap();
        let summary =
            load(&mut store, now, 1).unwrap_or_else(|e| panic!("the demo loaded at {now}: {e}"));
        assert!(
            summary.entities > 50,
            "at {now}: {} entities",
            summary.entities
        );
        assert_eq!(
            store.head_at(now).unwrap(),
            store.head().unwrap(),
            "everything the demo records at {now} is recorded by then"
        );
        let verification = crate::audit::verify(&store, None).unwrap();
        assert!(verification.ok(), "at {now}: {:?}", verification.findings);
        assert!(
            !crate::flags::at(&store, now).unwrap().is_empty(),
            "the demo loaded at {now} has flags to show"
        );
    }
}

#[test]
fn the_story_starts_at_seven_in_the_evening_nine_weeks_of_local_days_before_now() {
    for now in hours_of_days() {
        let start = story_start(now).with_timezone(&ZONE);
        assert_eq!((start.hour(), start.minute()), (19, 0), "from {now}");
        assert_eq!(
            now.with_timezone(&ZONE).date_naive() - start.date_naive(),
            Duration::days(63),
            "from {now}"
        );
    }
    assert_eq!(
        story_start(default_now()),
        default_now() - Duration::days(63)
    );
}
