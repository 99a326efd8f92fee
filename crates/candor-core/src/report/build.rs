//! Assembling a week's report from the record, for one edition.

use super::model::*;
use crate::error::{Error, Result};
use crate::flags::{self, Flag, Snapshot, State};
use crate::key::Key;
use crate::model::*;
use crate::store::Store;
use chrono::{DateTime, Datelike, Duration, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rules whose flags the client edition shows (without notes): the ones about
/// what the client is owed. The others concern the provider's own conduct and
/// stay in the internal edition (docs/report.md).
pub const CLIENT_RULES: [&str; 7] = [
    "update-gap",
    "agreement-unminuted",
    "minutes-unconfirmed",
    "commitment-overdue",
    "instructions-conflict",
    "bad-news-delayed",
    "deviation-undisclosed",
];

struct Ctx<'a> {
    s: &'a Snapshot,
    edition: Edition,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    people: HashMap<&'a Key, &'a Person>,
    departments: HashMap<&'a Key, &'a Department>,
    parties: HashMap<&'a Key, &'a Party>,
    comms: HashMap<&'a Key, &'a Communication>,
}

impl<'a> Ctx<'a> {
    fn internal(&self) -> bool {
        self.edition == Edition::Internal
    }

    /// Text for this edition: internal-only text is dropped from the client edition.
    fn text(&self, text: &str, internal_only: bool) -> String {
        if internal_only && !self.internal() {
            String::new()
        } else {
            text.to_owned()
        }
    }

    fn in_week(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }

    fn when(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.s.zone)
            .format("%a %-d %b, %H:%M")
            .to_string()
    }

    fn day(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.s.zone)
            .format("%a %-d %b")
            .to_string()
    }

    fn name(&self, key: &Key) -> String {
        self.s.label(key)
    }

    fn party_of(&self, person: &Key) -> Option<&'a Party> {
        let p = self.people.get(person)?;
        let d = self.departments.get(&p.department)?;
        self.parties.get(&d.party).copied()
    }

    fn unit(&self, key: &Key) -> String {
        match self.departments.get(key) {
            Some(d) => format!("{} {}", self.name(&d.party), d.name),
            None => self.name(key),
        }
    }

    fn level(&self, level: u8) -> &'static str {
        AUTHORITY_LEVELS
            .iter()
            .find(|(l, _)| *l == level)
            .map_or("unknown", |(_, n)| n)
    }

    /// Whether a communication appears in this edition at all.
    fn shows(&self, c: &Communication) -> bool {
        c.status == CommStatus::Held && (self.internal() || c.direction != Direction::Internal)
    }

    fn disclosure(
        &self,
        subject: &Key,
        audience: Audience,
        since: DateTime<Utc>,
    ) -> Option<String> {
        let d = self
            .s
            .disclosures
            .iter()
            .filter(|d| {
                d.data.subject == *subject
                    && d.data.audience == audience
                    && d.data.disclosed_at <= self.s.at
            })
            .min_by_key(|d| d.data.disclosed_at)?;
        let to = match (audience, &d.data.department) {
            (Audience::ProviderManagement, _) => "management".to_owned(),
            (_, Some(dep)) => self.unit(dep),
            (_, None) => "the client".to_owned(),
        };
        let place = d
            .data
            .communication
            .as_ref()
            .and_then(|c| self.comms.get(c))
            .map(|c| format!(" in {}", c.subject))
            .unwrap_or_default();
        let late = match crate::flags::days(since, d.data.disclosed_at, self.s.zone) {
            0 => "the same day".to_owned(),
            1 => "1 day after".to_owned(),
            n => format!("{n} days after"),
        };
        let note = self.text(&d.data.note, d.data.internal);
        let note = if note.is_empty() {
            String::new()
        } else {
            format!(": \"{note}\"")
        };
        Some(format!(
            "Disclosed to {to}{place}, {} ({late}){note}",
            self.day(d.data.disclosed_at)
        ))
    }
}

/// The report of ISO `week` for `edition`, from the record as known at `now`.
pub fn build(store: &Store, week: &str, edition: Edition, now: DateTime<Utc>) -> Result<Report> {
    let zone = store.time_zone()?;
    let (from, to) = crate::time::iso_week_range(week, zone)
        .ok_or_else(|| Error::Refused(format!("\"{week}\" is not an ISO week such as 2026-W47")))?;
    if now < from {
        return Err(Error::Refused(format!("{week} has not started yet")));
    }
    let mut snapshot = Snapshot::load(store, now)?;
    let engagement = snapshot
        .engagement
        .clone()
        .ok_or_else(|| Error::Refused("this database holds no engagement yet".into()))?;
    snapshot.at = from;
    let before = flags::evaluate(&snapshot);
    snapshot.at = now.min(to);
    let current = flags::evaluate(&snapshot);
    let s = &snapshot;
    let cx = Ctx {
        s,
        edition,
        from,
        to,
        people: s.people.iter().map(|p| (&p.key, &p.data)).collect(),
        departments: s.departments.iter().map(|d| (&d.key, &d.data)).collect(),
        parties: s.parties.iter().map(|p| (&p.key, &p.data)).collect(),
        comms: s.communications.iter().map(|c| (&c.key, &c.data)).collect(),
    };
    let party = |role: PartyRole| {
        s.parties
            .iter()
            .find(|p| p.data.role == role)
            .map(|p| p.data.name.clone())
            .unwrap_or_default()
    };
    let head = store
        .head()?
        .map(|h| h.to_string())
        .unwrap_or_else(|| "empty".into());
    let last_day = to - Duration::days(1);
    let mut report = Report {
        format: "candor-report/1",
        edition,
        engagement: engagement.name.clone(),
        client: party(PartyRole::Client),
        provider: party(PartyRole::Provider),
        time_zone: engagement.time_zone.clone(),
        week: week.to_owned(),
        period: format!(
            "{} – {}",
            from.with_timezone(&zone).format("%a %-d %b %Y"),
            last_day.with_timezone(&zone).format("%a %-d %b %Y")
        ),
        checkpoint: head,
        summary: String::new(),
        bad_news: Vec::new(),
        communications: communications(&cx),
        decisions: items(&cx, ItemType::Decision),
        agreements: items(&cx, ItemType::Agreement),
        commitments: commitments(&cx),
        workarounds: workarounds(&cx),
        requests: requests(&cx),
        exceptions: exceptions(&cx),
        incidents: incidents(&cx),
        cadence: cadence(&cx, engagement.default_cadence_days),
        flags: flag_rows(&cx, &current),
        changes: changes(&cx, &before, &current),
        charts: Charts {
            days: Vec::new(),
            per_day: Vec::new(),
            cadence: Vec::new(),
        },
    };
    report.charts = charts(&cx, &report);
    report.bad_news = bad_news(&report);
    report.summary = summary(&report);
    Ok(report)
}

fn communications(cx: &Ctx<'_>) -> Vec<CommRow> {
    let mut list: Vec<&Entry> =
        cx.s.communications
            .iter()
            .filter(|c| cx.in_week(c.data.occurred_at) && cx.shows(&c.data))
            .collect();
    list.sort_by(|a, b| {
        a.data
            .occurred_at
            .cmp(&b.data.occurred_at)
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|c| {
            let d = &c.data;
            let with: Vec<String> = d.participants.iter().map(|p| cx.name(p)).collect();
            let mut minutes = cx.text(&d.minutes, d.minutes_internal);
            if minutes.chars().count() > 600 {
                minutes = minutes.chars().take(600).collect::<String>() + "…";
            }
            let minutes_state = match (d.kind, d.minutes_sent_at, d.confirmed_at) {
                (CommKind::Meeting | CommKind::Call, None, _) => "minutes not sent".to_owned(),
                (CommKind::Meeting | CommKind::Call, Some(sent), None) => {
                    format!("minutes sent {}, not confirmed", cx.day(sent))
                }
                (CommKind::Meeting | CommKind::Call, Some(sent), Some(ok)) => {
                    format!("minutes sent {}, confirmed {}", cx.day(sent), cx.day(ok))
                }
                _ => String::new(),
            };
            CommRow {
                when: cx.when(d.occurred_at),
                kind: enum_text(&d.kind),
                subject: d.subject.clone(),
                with: with.join(", "),
                channel: enum_text(&d.channel),
                minutes,
                minutes_state,
                internal_note: cx.text(&d.internal_note, true),
            }
        })
        .collect()
}

type Entry = crate::flags::Entry<Communication>;

fn enum_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

fn items(cx: &Ctx<'_>, kind: ItemType) -> Vec<ItemRow> {
    let mut out = Vec::new();
    let mut list: Vec<&Entry> =
        cx.s.communications
            .iter()
            .filter(|c| cx.in_week(c.data.occurred_at) && cx.shows(&c.data))
            .collect();
    list.sort_by(|a, b| {
        a.data
            .occurred_at
            .cmp(&b.data.occurred_at)
            .then(a.key.cmp(&b.key))
    });
    for c in list {
        for i in c
            .data
            .items
            .iter()
            .filter(|i| i.item_type == kind && (cx.internal() || !i.internal))
        {
            out.push(ItemRow {
                when: cx.day(c.data.occurred_at),
                text: i.text.clone(),
                matter: i.matter.as_ref().map(|m| cx.name(m)).unwrap_or_default(),
                owner: i.owner.as_ref().map(|o| cx.name(o)).unwrap_or_default(),
                due: i
                    .due
                    .map(|d| d.format("%a %-d %b").to_string())
                    .unwrap_or_default(),
                source: c.data.subject.clone(),
            });
        }
    }
    out
}

fn commitments(cx: &Ctx<'_>) -> Vec<CommitmentRow> {
    let mut out = Vec::new();
    let clock = cx.s.at;
    for c in
        cx.s.communications
            .iter()
            .filter(|c| c.data.occurred_at < cx.to && cx.shows(&c.data))
    {
        for i in &c.data.items {
            let (ItemType::Agreement | ItemType::Action) = i.item_type else {
                continue;
            };
            if !cx.internal() && i.internal {
                continue;
            }
            let Some(due) = i.due else { continue };
            let due_end = crate::flags::end_of_local_day(due, cx.s.zone);
            let done_at = i
                .done_at
                .filter(|t| i.status == ItemStatus::Done && *t <= clock);
            let due_in_week = cx.from < due_end && due_end <= cx.to + Duration::days(1);
            let state = match done_at {
                Some(t) if cx.in_week(t) => {
                    if t <= due_end {
                        "met"
                    } else {
                        "met late"
                    }
                }
                Some(_) => continue,
                None if i.status == ItemStatus::Cancelled => continue,
                None if clock >= due_end => "missed",
                None if due_in_week => "due",
                None => continue,
            };
            out.push(CommitmentRow {
                text: i.text.clone(),
                owner: i.owner.as_ref().map(|o| cx.name(o)).unwrap_or_default(),
                due: due.format("%a %-d %b").to_string(),
                state: state.to_owned(),
                source: c.data.subject.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        a.state
            .cmp(&b.state)
            .then(a.due.cmp(&b.due))
            .then(a.text.cmp(&b.text))
    });
    out
}

fn workarounds(cx: &Ctx<'_>) -> Vec<WorkaroundRow> {
    let procedures: HashMap<&Key, &Procedure> =
        cx.s.procedures.iter().map(|p| (&p.key, &p.data)).collect();
    let mut list: Vec<_> =
        cx.s.workarounds
            .iter()
            .filter(|w| cx.in_week(w.data.performed_at))
            .collect();
    list.sort_by(|a, b| {
        a.data
            .performed_at
            .cmp(&b.data.performed_at)
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|w| {
            let d = &w.data;
            let proc_ = procedures.get(&d.procedure);
            let required = proc_.and_then(|p| p.exception_authority);
            let approval = match (&d.approval, required) {
                (None, None) => "No approval needed".to_owned(),
                (None, Some(level)) => format!("Not approved (needs a {})", cx.level(level)),
                (Some(a), required) => {
                    let (level, from) =
                        crate::flags::authority_at(cx.s, &a.approver, a.approved_at);
                    let delegated = from
                        .map(|f| format!(", delegated by {}", cx.name(f)))
                        .unwrap_or_default();
                    let short = required
                        .filter(|r| level < *r)
                        .map(|r| format!(" — below the {} level required", cx.level(r)))
                        .unwrap_or_default();
                    format!(
                        "Approved by {} ({}{delegated}), {}{short}",
                        cx.name(&a.approver),
                        cx.level(level),
                        cx.day(a.approved_at)
                    )
                }
            };
            let disclosure = match cx.disclosure(&w.key, Audience::Client, d.performed_at) {
                Some(text) => text,
                None if proc_.is_some_and(|p| p.disclosure_required) => {
                    format!(
                        "Not disclosed — {} days",
                        crate::flags::days(d.performed_at, cx.s.at, cx.s.zone)
                    )
                }
                None => "Disclosure not required".to_owned(),
            };
            WorkaroundRow {
                when: cx.day(d.performed_at),
                procedure: cx.name(&d.procedure),
                by: cx.name(&d.performed_by),
                what: d.what.clone(),
                justification: cx.text(&d.justification, d.justification_internal),
                approval,
                disclosure,
                internal_note: cx.text(&d.internal_note, true),
            }
        })
        .collect()
}

fn outcome_text(o: Outcome) -> &'static str {
    match o {
        Outcome::Pending => "pending",
        Outcome::Declined => "declined",
        Outcome::ChangeRequestRaised => "change request raised",
        Outcome::DoneUnderContract => "done under contract",
        Outcome::DoneAsFavour => "done as a favour",
    }
}

fn requests(cx: &Ctx<'_>) -> Vec<RequestRow> {
    let mut list: Vec<_> =
        cx.s.requests
            .iter()
            .filter(|r| {
                r.data.requested_at < cx.to
                    && (cx.in_week(r.data.requested_at)
                        || (r.data.out_of_scope && r.data.outcome == Outcome::Pending))
            })
            .collect();
    list.sort_by(|a, b| {
        b.data
            .out_of_scope
            .cmp(&a.data.out_of_scope)
            .then(a.data.requested_at.cmp(&b.data.requested_at))
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|r| {
            let d = &r.data;
            let scope = match (&d.scope_item, d.out_of_scope) {
                (_, true) => "out of scope".to_owned(),
                (Some(s), false) => format!("in scope ({})", cx.name(s)),
                (None, false) => "in scope".to_owned(),
            };
            let mut disclosure: Vec<String> = Vec::new();
            if cx.internal() {
                disclosure.extend(
                    cx.disclosure(&r.key, Audience::ProviderManagement, d.requested_at)
                        .map(|t| t.replace("Disclosed to management", "Reported to management")),
                );
            }
            disclosure.extend(cx.disclosure(&r.key, Audience::Client, d.requested_at));
            let outcome = if d.outcome_note.is_empty() {
                outcome_text(d.outcome).to_owned()
            } else {
                format!("{}: {}", outcome_text(d.outcome), d.outcome_note)
            };
            RequestRow {
                when: cx.day(d.requested_at),
                summary: d.summary.clone(),
                requested_by: cx.name(&d.requested_by),
                scope,
                outcome,
                disclosure: disclosure.join("; "),
                internal_note: cx.text(&d.internal_note, true),
            }
        })
        .collect()
}

fn exceptions(cx: &Ctx<'_>) -> Vec<ExceptionRow> {
    let mut list: Vec<_> =
        cx.s.exceptions
            .iter()
            .filter(|e| cx.in_week(e.data.decided_at))
            .collect();
    list.sort_by(|a, b| {
        a.data
            .decided_at
            .cmp(&b.data.decided_at)
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|e| ExceptionRow {
            when: cx.day(e.data.decided_at),
            procedure: cx.name(&e.data.procedure),
            decision: if e.data.granted { "granted" } else { "refused" }.to_owned(),
            to: cx.unit(&e.data.to),
            by: cx.name(&e.data.decided_by),
            summary: e.data.summary.clone(),
            internal_note: cx.text(&e.data.internal_note, true),
        })
        .collect()
}

fn incidents(cx: &Ctx<'_>) -> Vec<IncidentRow> {
    let mut rows = Vec::new();
    let mut list: Vec<_> =
        cx.s.incidents
            .iter()
            .filter(|i| i.data.known_at < cx.to)
            .collect();
    list.sort_by(|a, b| {
        a.data
            .known_at
            .cmp(&b.data.known_at)
            .then(a.key.cmp(&b.key))
    });
    for i in list {
        let d = &i.data;
        let told_at =
            cx.s.disclosures
                .iter()
                .filter(|x| {
                    x.data.subject == i.key
                        && x.data.audience == Audience::Client
                        && x.data.disclosed_at <= cx.s.at
                })
                .map(|x| x.data.disclosed_at)
                .min();
        let relevant =
            cx.in_week(d.known_at) || told_at.is_some_and(|t| cx.in_week(t)) || told_at.is_none();
        if !relevant {
            continue;
        }
        let told = match cx.disclosure(&i.key, Audience::Client, d.known_at) {
            Some(t) => t.replace("Disclosed to", "Told"),
            None => format!(
                "Not yet told — {} days",
                crate::flags::days(d.known_at, cx.s.at, cx.s.zone)
            ),
        };
        rows.push(IncidentRow {
            title: d.title.clone(),
            severity: enum_text(&d.severity),
            known: cx.when(d.known_at),
            told,
            description: d.description.clone(),
            internal_note: cx.text(&d.internal_note, true),
        });
    }
    rows
}

fn cadence(cx: &Ctx<'_>, default: u32) -> Vec<CadenceRow> {
    let clock = cx.s.at;
    let mut updates: HashMap<&Key, Vec<DateTime<Utc>>> = HashMap::new();
    for c in
        cx.s.communications
            .iter()
            .filter(|c| c.data.occurred_at <= clock && crate::flags::is_update(&c.data))
    {
        for p in &c.data.participants {
            updates.entry(p).or_default().push(c.data.occurred_at);
        }
    }
    let mut rows: Vec<CadenceRow> =
        cx.s.people
            .iter()
            .filter(|p| {
                p.data.key_stakeholder
                    && cx
                        .party_of(&p.key)
                        .is_some_and(|party| party.role != PartyRole::Provider)
            })
            .map(|p| {
                let cadence = p
                    .data
                    .cadence_days
                    .or_else(|| {
                        cx.departments
                            .get(&p.data.department)
                            .and_then(|d| d.cadence_days)
                    })
                    .unwrap_or(default);
                let times = updates.get(&p.key).cloned().unwrap_or_default();
                let last = times.iter().max().copied();
                let days_since = crate::flags::days(last.unwrap_or(p.created), clock, cx.s.zone);
                let state = if days_since > i64::from(cadence) {
                    "overdue"
                } else if days_since + 2 >= i64::from(cadence) {
                    "due soon"
                } else {
                    "on track"
                };
                CadenceRow {
                    stakeholder: format!("{} ({})", p.data.name, cx.unit(&p.data.department)),
                    cadence_days: cadence,
                    last_update: last.map(|t| cx.day(t)).unwrap_or_else(|| "never".into()),
                    days_since,
                    state: state.to_owned(),
                    updates_this_week: times.iter().filter(|t| cx.in_week(**t)).count(),
                }
            })
            .collect();
    rows.sort_by(|a, b| a.stakeholder.cmp(&b.stakeholder));
    rows
}

fn visible(cx: &Ctx<'_>, f: &Flag) -> bool {
    cx.internal() || CLIENT_RULES.contains(&f.rule)
}

fn flag_rows(cx: &Ctx<'_>, flags: &[Flag]) -> Vec<FlagRow> {
    flags
        .iter()
        .filter(|f| visible(cx, f))
        .map(|f| FlagRow {
            rule: f.rule.to_owned(),
            severity: format!("{:?}", f.severity).to_lowercase(),
            message: f.message.clone(),
            state: match f.state {
                State::Open => "open",
                State::Acknowledged => "acknowledged",
                State::Resolved => "resolved",
            }
            .to_owned(),
            since: cx.day(f.since),
            note: if cx.internal() {
                f.note.clone().unwrap_or_default()
            } else {
                String::new()
            },
        })
        .collect()
}

fn changes(cx: &Ctx<'_>, before: &[Flag], now: &[Flag]) -> Vec<String> {
    let old: BTreeMap<&str, &Flag> = before
        .iter()
        .filter(|f| visible(cx, f))
        .map(|f| (f.id.as_str(), f))
        .collect();
    let new: BTreeMap<&str, &Flag> = now
        .iter()
        .filter(|f| visible(cx, f))
        .map(|f| (f.id.as_str(), f))
        .collect();
    let mut out = Vec::new();
    for (id, f) in &new {
        match old.get(id) {
            None => out.push(format!("New: {}", f.message)),
            Some(o) if o.severity < f.severity => out.push(format!("Worse: {}", f.message)),
            Some(_) => {}
        }
    }
    for (id, f) in &old {
        if !new.contains_key(id) {
            out.push(format!("Closed: {}", f.message));
        }
    }
    out
}

fn charts(cx: &Ctx<'_>, report: &Report) -> Charts {
    let days: Vec<DateTime<Utc>> = (0..7).map(|d| cx.from + Duration::days(d)).collect();
    let labels = days
        .iter()
        .map(|d| d.with_timezone(&cx.s.zone).format("%a %-d").to_string())
        .collect();
    let mut per_party: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for p in cx.s.parties.iter() {
        per_party.insert(p.data.name.clone(), vec![0; 7]);
    }
    for c in
        cx.s.communications
            .iter()
            .filter(|c| cx.in_week(c.data.occurred_at) && cx.shows(&c.data))
    {
        let day = c
            .data
            .occurred_at
            .with_timezone(&cx.s.zone)
            .weekday()
            .num_days_from_monday() as usize;
        let parties: BTreeSet<String> = c
            .data
            .participants
            .iter()
            .filter_map(|p| cx.party_of(p))
            .map(|p| p.name.clone())
            .collect();
        for name in parties {
            if let Some(v) = per_party.get_mut(&name) {
                v[day] += 1;
            }
        }
    }
    Charts {
        days: labels,
        per_day: per_party
            .into_iter()
            .map(|(name, values)| Series { name, values })
            .collect(),
        cadence: report
            .cadence
            .iter()
            .map(|c| CadenceBar {
                name: c
                    .stakeholder
                    .split(" (")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                days_since: c.days_since,
                cadence_days: c.cadence_days,
            })
            .collect(),
    }
}

fn bad_news(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = r
        .incidents
        .iter()
        .map(|i| format!("{} ({} severity) — {}.", i.title, i.severity, i.told))
        .collect();
    out.extend(
        r.commitments
            .iter()
            .filter(|c| c.state == "missed")
            .map(|c| {
                format!(
                    "Missed commitment: {} ({}, due {}).",
                    c.text, c.owner, c.due
                )
            }),
    );
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(r: &Report) -> String {
    let mut parts = vec![format!(
        "{} with {}",
        plural(r.communications.len(), "communication", "communications"),
        r.client
    )];
    let undisclosed = r
        .workarounds
        .iter()
        .filter(|w| w.disclosure.starts_with("Not disclosed"))
        .count();
    if !r.workarounds.is_empty() {
        let state = match undisclosed {
            0 => "all disclosed or not requiring disclosure".to_owned(),
            n => format!("{n} not yet disclosed"),
        };
        parts.push(format!(
            "{}, {state}",
            plural(r.workarounds.len(), "workaround", "workarounds")
        ));
    }
    let oos: Vec<&RequestRow> = r
        .requests
        .iter()
        .filter(|q| q.scope == "out of scope")
        .collect();
    if !oos.is_empty() {
        let outcomes: BTreeSet<&str> = oos
            .iter()
            .map(|q| q.outcome.split(':').next().unwrap_or(""))
            .collect();
        parts.push(format!(
            "{} ({})",
            plural(oos.len(), "out-of-scope request", "out-of-scope requests"),
            outcomes.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !r.incidents.is_empty() {
        parts.push(plural(r.incidents.len(), "incident", "incidents"));
    }
    let missed = r.commitments.iter().filter(|c| c.state == "missed").count();
    if missed > 0 {
        parts.push(plural(missed, "missed commitment", "missed commitments"));
    }
    let owed: Vec<&str> = r
        .cadence
        .iter()
        .filter(|c| c.state == "overdue")
        .map(|c| c.stakeholder.as_str())
        .collect();
    if !owed.is_empty() {
        parts.push(format!("{} owed an update", owed.join(" and ")));
    }
    format!("{}.", parts.join("; "))
}
