//! Desktop reminders: a notification when a high-severity flag opens or a
//! commitment falls due — once each — and a digest when the app opens. The
//! decision is separate from the delivery ([`Notifier`]), so it is tested
//! without a notification daemon.

use candor_core::flags::{Flag, Severity, State};
use candor_core::judge::owed::Commitment;
use std::collections::BTreeSet;

/// Delivers a notification (the desktop's, or a test double).
pub trait Notifier {
    fn notify(&self, title: &str, body: &str);
}

/// One notification to raise, with the id that makes it happen only once.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub body: String,
}

/// What to notify now: high-severity open flags and commitments due today
/// that were not notified before, plus a digest when `opening`.
pub fn decide(
    flags: &[Flag],
    due: &[Commitment],
    seen: &BTreeSet<String>,
    opening: bool,
) -> Vec<Notice> {
    let mut out = Vec::new();
    if opening {
        let open: Vec<&Flag> = flags.iter().filter(|f| f.state == State::Open).collect();
        let high = open.iter().filter(|f| f.severity == Severity::High).count();
        if !open.is_empty() || !due.is_empty() {
            out.push(Notice {
                id: String::new(),
                title: "Candor: today's digest".into(),
                body: format!(
                    "{} open flags ({high} high); {} commitments due today",
                    open.len(),
                    due.len()
                ),
            });
        }
    }
    for f in flags
        .iter()
        .filter(|f| f.severity == Severity::High && f.state == State::Open)
    {
        let id = format!("flag:{}", f.id);
        if !seen.contains(&id) {
            out.push(Notice {
                id,
                title: "High-severity flag".into(),
                body: f.message.clone(),
            });
        }
    }
    for d in due {
        let id = format!("due:{}", d.id);
        if !seen.contains(&id) {
            out.push(Notice {
                id,
                title: "Commitment due today".into(),
                body: format!("{} — {}", d.text, d.owner_name),
            });
        }
    }
    out
}

/// Raises `notices` and remembers their ids in `seen`.
pub fn deliver(notices: &[Notice], notifier: &dyn Notifier, seen: &mut BTreeSet<String>) {
    for n in notices {
        notifier.notify(&n.title, &n.body);
        if !n.id.is_empty() {
            seen.insert(n.id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::flags;
    use std::cell::RefCell;

    struct Recorder(RefCell<Vec<String>>);

    impl Notifier for Recorder {
        fn notify(&self, title: &str, _body: &str) {
            self.0.borrow_mut().push(title.to_owned());
        }
    }

    fn demo_flags() -> (Vec<Flag>, Vec<Commitment>) {
        let mut store = candor_core::Store::open_in_memory().unwrap();
        let now = candor_core::demo::default_now();
        candor_core::demo::load(&mut store, now, 1).unwrap();
        let snapshot = candor_core::record::Snapshot::load(&store, now).unwrap();
        let due = candor_core::judge::owed::due_today(&candor_core::record::Index::new(&snapshot));
        (flags::evaluate(&snapshot), due)
    }

    #[test]
    fn high_flags_and_due_commitments_notify_once() {
        let (flags, due) = demo_flags();
        let mut seen = BTreeSet::new();
        let first = decide(&flags, &due, &seen, true);
        let high = flags
            .iter()
            .filter(|f| f.severity == Severity::High && f.state == State::Open)
            .count();
        assert!(high > 0);
        assert_eq!(
            first
                .iter()
                .filter(|n| n.title == "High-severity flag")
                .count(),
            high
        );
        assert_eq!(first[0].title, "Candor: today's digest");
        let recorder = Recorder(RefCell::new(Vec::new()));
        deliver(&first, &recorder, &mut seen);
        assert_eq!(recorder.0.borrow().len(), first.len());
        assert!(
            decide(&flags, &due, &seen, false).is_empty(),
            "nothing is notified twice"
        );
    }

    #[test]
    fn a_new_high_flag_notifies_alone() {
        let (flags, due) = demo_flags();
        let mut seen = BTreeSet::new();
        deliver(
            &decide(&flags, &due, &seen, false),
            &Recorder(RefCell::new(Vec::new())),
            &mut seen,
        );
        let mut more = flags.clone();
        let mut extra = flags
            .iter()
            .find(|f| f.severity == Severity::High)
            .unwrap()
            .clone();
        extra.id = "bad-news-delayed:new".into();
        more.push(extra);
        let again = decide(&more, &due, &seen, false);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].id, "flag:bad-news-delayed:new");
    }
}
