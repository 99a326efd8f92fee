//! The thresholds in force at the snapshot's instant, each with the clause it
//! rests on. Per clause, the rules of engagement in force win over a
//! person's, department's or procedure's own field, which wins over the
//! engagement's default, which wins over the settings.

use super::{Entry, Index, Snapshot, calendar};
use crate::key::Key;
use crate::model::{Person, Procedure, RulesOfEngagement};

/// A threshold (days) and, when the rules of engagement set it, the clause
/// in words ("Cadence owed to Finance: weekly (rules of engagement edition 2,
/// confirmed by Maria Lopez on 3 Nov)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub days: u32,
    pub clause: Option<String>,
}

/// Whom a flag open too long goes to next, on the agreed escalation path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Escalation {
    /// The level reached (2 is the first above the day-to-day one).
    pub level: usize,
    /// "Ana Ruiz (Acme Services Delivery)", if the level names a provider person.
    pub provider: Option<String>,
    /// The client's person at that level, if named.
    pub client: Option<String>,
    /// The clause it rests on.
    pub clause: String,
}

/// The edition in force at `s.at`: of the editions confirmed by then, the
/// one confirmed last (the higher edition on a tie).
pub fn in_force(s: &Snapshot) -> Option<&Entry<RulesOfEngagement>> {
    s.rules
        .iter()
        .filter(|r| r.data.confirmed_at.is_some_and(|t| t <= s.at))
        .max_by_key(|r| (r.data.confirmed_at, r.data.edition))
}

/// "weekly", "every two weeks", "every 10 days".
pub fn every(days: u32) -> String {
    match days {
        1 => "daily".into(),
        7 => "weekly".into(),
        14 => "every two weeks".into(),
        28 => "every four weeks".into(),
        n => format!("every {n} days"),
    }
}

/// "within 2 days", "the same day".
pub fn within(days: u32) -> String {
    match days {
        0 => "the same day".into(),
        1 => "within 1 day".into(),
        n => format!("within {n} days"),
    }
}

impl<'a> Index<'a> {
    /// "(rules of engagement edition 2, confirmed by Maria Lopez on 3 Nov)".
    fn source(&self, r: &RulesOfEngagement) -> String {
        let by = r
            .confirmed_by
            .as_ref()
            .and_then(|k| self.person.get(k))
            .map_or_else(|| "the client".to_owned(), |p| p.name.clone());
        let on = r
            .confirmed_at
            .map(|t| {
                calendar::local_date(t, self.s.zone)
                    .format(" on %-d %b")
                    .to_string()
            })
            .unwrap_or_default();
        format!(
            "(rules of engagement edition {}, confirmed by {by}{on})",
            r.edition
        )
    }

    fn clause(&self, r: &RulesOfEngagement, what: String) -> Option<String> {
        Some(format!("{what} {}", self.source(r)))
    }

    /// A day threshold: the agreement's when it sets one, else `fallback`.
    fn days_term(
        &self,
        pick: impl Fn(&RulesOfEngagement) -> Option<u32>,
        what: &str,
        fallback: u32,
    ) -> Term {
        match self.rules.and_then(|r| pick(r).map(|d| (r, d))) {
            Some((r, days)) => Term {
                days,
                clause: self.clause(r, format!("{what}: {}", within(days))),
            },
            None => Term {
                days: fallback,
                clause: None,
            },
        }
    }

    /// The update cadence a person is owed: the agreement's for them, for
    /// their department or for everyone else; else their own, their
    /// department's, or the engagement's.
    pub fn cadence_of(&self, key: &Key, person: &Person) -> Term {
        let own = person.cadence_days.or_else(|| {
            self.department
                .get(&person.department)
                .and_then(|d| d.cadence_days)
        });
        self.agreed_cadence(&[key, &person.department], &person.name)
            .unwrap_or_else(|| Term {
                days: own.unwrap_or_else(|| self.default_cadence()),
                clause: None,
            })
    }

    /// The update cadence a client department is owed.
    pub fn department_cadence(&self, key: &Key, own: Option<u32>) -> Term {
        self.agreed_cadence(&[key], &self.unit(key))
            .unwrap_or_else(|| Term {
                days: own.unwrap_or_else(|| self.default_cadence()),
                clause: None,
            })
    }

    /// The agreement's cadence for the first of `keys` it names, else its
    /// cadence for everyone else.
    fn agreed_cadence(&self, keys: &[&Key], name: &str) -> Option<Term> {
        let r = self.rules?;
        let named = keys
            .iter()
            .find_map(|k| r.cadence.iter().find(|c| &c.stakeholder == *k));
        let (days, to) = match named {
            Some(c) => (
                c.days,
                self.person
                    .get(&c.stakeholder)
                    .map_or_else(|| self.unit(&c.stakeholder), |p| p.name.clone()),
            ),
            None => (r.default_cadence_days?, name.to_owned()),
        };
        Some(Term {
            days,
            clause: self.clause(r, format!("Cadence owed to {to}: {}", every(days))),
        })
    }

    /// Days to send minutes of agreements.
    pub fn minutes_sent_term(&self) -> Term {
        let fallback = self.s.settings.agreement_unminuted_days;
        self.days_term(|r| r.minutes_sent_days, "Minutes sent", fallback)
    }

    /// Days for the client to confirm minutes.
    pub fn minutes_confirmed_term(&self) -> Term {
        let fallback = self.s.settings.minutes_unconfirmed_days;
        self.days_term(|r| r.minutes_confirmed_days, "Minutes confirmed", fallback)
    }

    /// Days to tell the client of an incident.
    pub fn bad_news_term(&self) -> Term {
        let fallback = self.s.settings.bad_news_days;
        let mut term = self.days_term(|r| r.bad_news_days, "Bad news told", fallback);
        if let (Some(r), Some(clause)) = (self.rules, term.clause.as_mut())
            && !r.bad_news_to.is_empty()
        {
            let to: Vec<String> = r.bad_news_to.iter().map(|k| self.label(k)).collect();
            *clause = clause.replacen(" (", &format!(", to {} (", to.join(" and ")), 1);
        }
        term
    }

    /// Days to disclose a deviation or out-of-scope work.
    pub fn disclosure_term(&self) -> Term {
        let fallback = self.s.settings.deviation_undisclosed_days;
        self.days_term(|r| r.disclosure_days, "Deviations disclosed", fallback)
    }

    /// Whether deviations from a procedure must be disclosed, and the clause
    /// that says so when the agreement names the procedures.
    pub fn disclosure_required(&self, key: &Key, p: &Procedure) -> (bool, Option<String>) {
        match self.rules {
            Some(r) if !r.disclosure_procedures.is_empty() => {
                let required = r.disclosure_procedures.contains(key);
                let clause = required
                    .then(|| {
                        self.clause(r, format!("Deviations from {} disclosed", self.label(key)))
                    })
                    .flatten();
                (required, clause)
            }
            _ => (p.disclosure_required, None),
        }
    }

    /// Where a flag open `days` local days goes on the agreed escalation
    /// path, once it is past the first window.
    pub fn escalation(&self, days: i64) -> Option<Escalation> {
        let r = self.rules?;
        let window = i64::from(r.escalation_days?);
        let steps = usize::try_from(days / window).ok()?;
        if steps == 0 || r.escalation.len() < 2 {
            return None;
        }
        let at = steps.min(r.escalation.len() - 1);
        let level = &r.escalation[at];
        let window = r.escalation_days?;
        Some(Escalation {
            level: at + 1,
            provider: level.provider.as_ref().map(|k| self.who(k)),
            client: level.client.as_ref().map(|k| self.who(k)),
            clause: format!(
                "Escalation after {} at each level {}",
                if window == 1 {
                    "1 day".into()
                } else {
                    format!("{window} days")
                },
                self.source(r)
            ),
        })
    }
}
