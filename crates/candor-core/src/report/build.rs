//! Assembling a week's report from the record, for one edition.

use super::model::*;
use crate::error::{Error, Result};
use crate::flags::{self, Flag, Rule, State};
use crate::judge::owed::still_open;
use crate::judge::standing::{self, Judged, Tone, Words};
use crate::key::Key;
use crate::model::*;
use crate::record::{Index, Snapshot};
use crate::store::Store;
use chrono::{DateTime, Datelike, Duration, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rules whose flags the client edition shows (without notes): the ones about
/// what the client is owed. The others concern the provider's own conduct and
/// stay in the internal edition (docs/report.md).
pub const CLIENT_RULES: [Rule; 7] = [
    Rule::UpdateGap,
    Rule::AgreementUnminuted,
    Rule::MinutesUnconfirmed,
    Rule::CommitmentOverdue,
    Rule::InstructionsConflict,
    Rule::BadNewsDelayed,
    Rule::DeviationUndisclosed,
];

struct Ctx<'a> {
    ix: Index<'a>,
    /// Every item by id, with its communication.
    items: Items<'a>,
    s: &'a Snapshot,
    edition: Edition,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl<'a> Ctx<'a> {
    fn internal(&self) -> bool {
        self.edition == Edition::Internal
    }

    fn words(&self) -> Words {
        Words {
            internal: self.internal(),
        }
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

    /// Whether a communication appears in this edition at all.
    fn shows(&self, c: &Communication) -> bool {
        shows(self.edition, c)
    }

    /// The first disclosure of `subject` to the client, if made by the judging instant.
    fn told_at(&self, subject: &Key) -> Option<DateTime<Utc>> {
        self.ix
            .first_disclosure(subject, Audience::Client)
            .map(|d| d.disclosed_at)
    }
}

fn text_of(j: &Option<Judged>) -> String {
    j.as_ref().map(|j| j.text.clone()).unwrap_or_default()
}

fn warns(j: &Option<Judged>) -> bool {
    j.as_ref().is_some_and(|j| j.tone == Tone::Warn)
}

/// The instant a week's report is judged at: the week's last instant, or
/// `now` while the week is still running.
pub fn judged_at(to: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    now.min(to - Duration::milliseconds(1))
}

/// How a report reads the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The week's communications and what the rules read (the store's indexes).
    Bounded,
    /// Every entry: what the bounded reading is held to in tests.
    #[cfg(test)]
    Whole,
}

/// The report of ISO `week` for `edition`, from the record as known at the
/// earlier of `now` and the week's last instant, judged then; what changed
/// is measured against the record as known when the week began. Only the
/// week's communications and those the rules read are read
/// ([`Snapshot::load_span`]), whatever the size of the record.
pub fn build(store: &Store, week: &str, edition: Edition, now: DateTime<Utc>) -> Result<Report> {
    build_reading(store, week, edition, now, Reading::Bounded)
}

/// [`build`], reading the record as `reading` says.
pub(crate) fn build_reading(
    store: &Store,
    week: &str,
    edition: Edition,
    now: DateTime<Utc>,
    reading: Reading,
) -> Result<Report> {
    let zone = store.time_zone()?;
    let (from, to) = crate::time::iso_week_range(week, zone).ok_or_else(|| {
        Error::input(
            "week",
            format!("\"{week}\" is not an ISO week such as 2026-W47"),
        )
    })?;
    if now < from {
        return Err(Error::Refused(format!("{week} has not started yet")));
    }
    let at = judged_at(to, now);
    let (snapshot, before) = store.reading(|store| {
        Ok(match reading {
            Reading::Bounded => (
                Snapshot::load_span(store, from, at)?,
                Snapshot::load_now(store, from)?,
            ),
            #[cfg(test)]
            Reading::Whole => (Snapshot::load(store, at)?, Snapshot::load(store, from)?),
        })
    })?;
    let engagement = snapshot
        .engagement
        .clone()
        .ok_or_else(|| Error::Refused("this database holds no engagement yet".into()))?;
    let before = flags::evaluate(&before);
    let current = flags::evaluate(&snapshot);
    let s = &snapshot;
    let cx = Ctx {
        ix: Index::new(s),
        items: items_of(s),
        s,
        edition,
        from,
        to,
    };
    let party = |role: PartyRole| {
        s.parties
            .iter()
            .find(|p| p.data.role == role)
            .map(|p| p.data.name.clone())
            .unwrap_or_default()
    };
    let head = store
        .head_at(at)?
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
        cadence: cadence(&cx),
        rules: rules(&cx),
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

type Entry = crate::record::Entry<Communication>;

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
            let due_end = crate::record::calendar::end_of_day(due, cx.s.zone);
            let due_in_week = cx.from < due_end && due_end <= cx.to + Duration::days(1);
            let state =
                if still_open(i, clock) {
                    if clock >= due_end {
                        "missed"
                    } else if due_in_week {
                        "due"
                    } else {
                        continue;
                    }
                } else {
                    match i.done_at {
                        Some(t) if i.status == ItemStatus::Done && cx.in_week(t) => {
                            if t <= due_end { "met" } else { "met late" }
                        }
                        _ => continue,
                    }
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
    out.sort_by(|a, b| (&a.state, &a.due, &a.text).cmp(&(&b.state, &b.due, &b.text)));
    out
}

/// The week's workarounds, and earlier ones still open: not disclosed when
/// they must be, not approved when they must be, or settled this week.
fn workarounds(cx: &Ctx<'_>) -> Vec<WorkaroundRow> {
    let mut list: Vec<_> =
        cx.s.workarounds
            .iter()
            .filter(|w| w.data.performed_at < cx.to)
            .map(|w| (w, standing::workaround(&cx.ix, cx.words(), &w.key, &w.data)))
            .filter(|(w, st)| {
                cx.in_week(w.data.performed_at)
                    || warns(&st.client)
                    || warns(&st.approval)
                    || cx.told_at(&w.key).is_some_and(|t| cx.in_week(t))
            })
            .collect();
    list.sort_by(|(a, _), (b, _)| {
        a.data
            .performed_at
            .cmp(&b.data.performed_at)
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|(w, st)| {
            let d = &w.data;
            WorkaroundRow {
                when: cx.day(d.performed_at),
                procedure: cx.name(&d.procedure),
                by: cx.name(&d.performed_by),
                what: d.what.clone(),
                justification: cx.text(&d.justification, d.justification_internal),
                approval: text_of(&st.approval),
                disclosure: text_of(&st.client),
                internal_note: cx.text(&d.internal_note, true),
                carried: d.performed_at < cx.from,
                undisclosed: warns(&st.client),
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

/// The week's requests, and earlier ones still open: pending, or not told
/// to management or the client when they must be.
fn requests(cx: &Ctx<'_>) -> Vec<RequestRow> {
    let mut list: Vec<_> =
        cx.s.requests
            .iter()
            .filter(|r| r.data.requested_at < cx.to)
            .map(|r| (r, standing::request(&cx.ix, cx.words(), &r.key, &r.data)))
            .filter(|(r, st)| {
                cx.in_week(r.data.requested_at)
                    || (r.data.out_of_scope && r.data.outcome == Outcome::Pending)
                    || warns(&st.client)
                    || (cx.internal() && warns(&st.management))
            })
            .collect();
    list.sort_by(|(a, _), (b, _)| {
        b.data
            .out_of_scope
            .cmp(&a.data.out_of_scope)
            .then(a.data.requested_at.cmp(&b.data.requested_at))
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|(r, st)| {
            let d = &r.data;
            let scope = match (&d.scope_item, d.out_of_scope) {
                (_, true) => "out of scope".to_owned(),
                (Some(s), false) => format!("in scope ({})", cx.name(s)),
                (None, false) => "in scope".to_owned(),
            };
            let mut disclosure = Vec::new();
            if cx.internal() && d.out_of_scope {
                disclosure.push(text_of(&st.management));
            }
            if warns(&st.client) || st.client.as_ref().is_some_and(|j| j.tone == Tone::Ok) {
                disclosure.push(text_of(&st.client));
            }
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
                carried: d.requested_at < cx.from,
                undisclosed: warns(&st.client),
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
            to: cx.ix.unit(&e.data.to),
            by: cx.name(&e.data.decided_by),
            summary: e.data.summary.clone(),
            internal_note: cx.text(&e.data.internal_note, true),
        })
        .collect()
}

/// The week's incidents, those told this week, and every one not yet told.
fn incidents(cx: &Ctx<'_>) -> Vec<IncidentRow> {
    let mut list: Vec<_> =
        cx.s.incidents
            .iter()
            .filter(|i| i.data.known_at < cx.to)
            .filter(|i| {
                let told = cx.told_at(&i.key);
                cx.in_week(i.data.known_at) || told.is_none_or(|t| cx.in_week(t))
            })
            .collect();
    list.sort_by(|a, b| {
        a.data
            .known_at
            .cmp(&b.data.known_at)
            .then(a.key.cmp(&b.key))
    });
    list.into_iter()
        .map(|i| {
            let d = &i.data;
            let st = standing::incident(&cx.ix, cx.words(), &i.key, d);
            IncidentRow {
                title: d.title.clone(),
                severity: enum_text(&d.severity),
                known: cx.when(d.known_at),
                told: text_of(&st.client),
                description: d.description.clone(),
                internal_note: cx.text(&d.internal_note, true),
                carried: d.known_at < cx.from,
                untold: warns(&st.client),
            }
        })
        .collect()
}

/// Every stakeholder owed updates, judged at the report's instant.
fn cadence(cx: &Ctx<'_>) -> Vec<CadenceRow> {
    use crate::judge::cadence::CadenceState;
    crate::judge::cadence::owed(&cx.ix)
        .into_iter()
        .map(|o| CadenceRow {
            stakeholder: o.name,
            cadence_days: o.cadence_days,
            last_update: o
                .last_update
                .map(|t| cx.day(t))
                .unwrap_or_else(|| "never".into()),
            days_since: o.days_since,
            state: match o.state {
                CadenceState::OnTrack => "on track",
                CadenceState::DueSoon => "due soon",
                CadenceState::Overdue => "overdue",
            }
            .to_owned(),
            updates_this_week: o.updates.iter().filter(|t| cx.in_week(**t)).count(),
        })
        .collect()
}

/// Whether a communication appears in `edition` at all: held, and for the
/// client's not internal.
pub(crate) fn shows(edition: Edition, c: &Communication) -> bool {
    c.status == CommStatus::Held
        && (edition == Edition::Internal || c.direction != Direction::Internal)
}

/// Every item of the snapshot's communications by id, with its communication.
pub(crate) type Items<'a> = HashMap<&'a Key, (&'a Communication, &'a Item)>;

/// The items of `s` by id.
pub(crate) fn items_of(s: &Snapshot) -> Items<'_> {
    s.communications
        .iter()
        .flat_map(|c| c.data.items.iter().map(move |i| (&i.id, (&c.data, i))))
        .collect()
}

/// Whether a flag appears in `edition`: the client's shows only the rules
/// about what the client is owed, and none resting on internal-only records
/// (an internal item, or a communication the client edition leaves out).
pub(crate) fn visible(ix: &Index<'_>, items: &Items<'_>, edition: Edition, f: &Flag) -> bool {
    edition == Edition::Internal
        || (CLIENT_RULES.contains(&f.rule)
            && f.evidence.iter().all(|e| match items.get(&e.key) {
                Some((c, i)) => !i.internal && shows(edition, c),
                None => ix
                    .communication
                    .get(&e.key)
                    .is_none_or(|c| shows(edition, &c.data)),
            }))
}

/// A flag as a report or dossier row for `edition` (notes in the internal edition only).
pub(crate) fn flag_row(f: &Flag, edition: Edition, zone: chrono_tz::Tz) -> FlagRow {
    FlagRow {
        rule: f.rule.as_str().to_owned(),
        severity: format!("{:?}", f.severity).to_lowercase(),
        message: f.message.clone(),
        clause: f.clause.clone().unwrap_or_default(),
        state: match f.state {
            State::Open => "open",
            State::Acknowledged => "acknowledged",
            State::Resolved => "resolved",
        }
        .to_owned(),
        since: f.since.with_timezone(&zone).format("%a %-d %b").to_string(),
        note: if edition == Edition::Internal {
            f.note.clone().unwrap_or_default()
        } else {
            String::new()
        },
    }
}

/// The edition in force at the end of the week, as the client confirmed it.
fn rules(cx: &Ctx<'_>) -> Option<RulesRow> {
    crate::agreement::pages(&cx.ix, !cx.internal())
        .into_iter()
        .find(|p| p.state == "in force")
        .map(|p| RulesRow {
            edition: p.edition,
            standing: p.standing,
            clauses: p.clauses,
            internal_note: p.internal_note,
        })
}

fn flag_rows(cx: &Ctx<'_>, flags: &[Flag]) -> Vec<FlagRow> {
    flags
        .iter()
        .filter(|f| visible(&cx.ix, &cx.items, cx.edition, f))
        .map(|f| flag_row(f, cx.edition, cx.s.zone))
        .collect()
}

fn changes(cx: &Ctx<'_>, before: &[Flag], now: &[Flag]) -> Vec<String> {
    let old: BTreeMap<&str, &Flag> = before
        .iter()
        .filter(|f| visible(&cx.ix, &cx.items, cx.edition, f))
        .map(|f| (f.id.as_str(), f))
        .collect();
    let new: BTreeMap<&str, &Flag> = now
        .iter()
        .filter(|f| visible(&cx.ix, &cx.items, cx.edition, f))
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
            .filter_map(|p| cx.ix.party_of(p))
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

/// "3 from earlier weeks", or nothing when all are this week's.
fn earlier(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" ({n} from earlier weeks)"),
    }
}

/// One sentence of what happened this week and what is still open, counted
/// from the report's own sections and flags.
fn summary(r: &Report) -> String {
    let mut parts = vec![format!(
        "{} with {}",
        plural(r.communications.len(), "communication", "communications"),
        r.client
    )];
    if !r.workarounds.is_empty() {
        let undisclosed = r.workarounds.iter().filter(|w| w.undisclosed).count();
        let carried = r.workarounds.iter().filter(|w| w.carried).count();
        let state = match undisclosed {
            0 => "all disclosed or not requiring disclosure".to_owned(),
            n => format!("{n} not yet disclosed"),
        };
        parts.push(format!(
            "{}{}, {state}",
            plural(r.workarounds.len(), "workaround", "workarounds"),
            earlier(carried)
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
        let undisclosed = oos.iter().filter(|q| q.undisclosed).count();
        let told = match undisclosed {
            0 => String::new(),
            n => format!(", {n} not yet disclosed"),
        };
        parts.push(format!(
            "{} ({}){told}",
            plural(oos.len(), "out-of-scope request", "out-of-scope requests"),
            outcomes.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !r.incidents.is_empty() {
        let untold = r.incidents.iter().filter(|i| i.untold).count();
        let told = match untold {
            0 => String::new(),
            n => format!(", {n} not yet told to the client"),
        };
        parts.push(format!(
            "{}{told}",
            plural(r.incidents.len(), "incident", "incidents")
        ));
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
    let open = r.flags.iter().filter(|f| f.state != "resolved").count();
    if open > 0 {
        parts.push(format!("{} not resolved", plural(open, "flag", "flags")));
    }
    format!("{}.", parts.join("; "))
}
