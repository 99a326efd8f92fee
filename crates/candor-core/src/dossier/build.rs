//! Assembling a matter's dossier from the record, for one edition.

use super::model::*;
use crate::audit::Action;
use crate::error::{Error, Result};
use crate::flags::{self, Flag};
use crate::judge::owed::still_open;
use crate::judge::standing::{self, Judged, Words};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::*;
use crate::record::calendar::end_of_day;
use crate::record::{Index, Snapshot};
use crate::report::{self as report, Edition};
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

struct Ctx<'a> {
    ix: Index<'a>,
    s: &'a Snapshot,
    store: &'a Store,
    edition: Edition,
}

impl Ctx<'_> {
    fn internal(&self) -> bool {
        self.edition == Edition::Internal
    }

    fn text(&self, text: &str, internal_only: bool) -> String {
        if internal_only && !self.internal() {
            String::new()
        } else {
            text.to_owned()
        }
    }

    fn when(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.s.zone)
            .format("%a %-d %b %Y, %H:%M")
            .to_string()
    }

    fn day(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.s.zone)
            .format("%a %-d %b %Y")
            .to_string()
    }

    fn name(&self, key: &Key) -> String {
        self.s.label(key)
    }

    /// The audit events that recorded `key` by the dossier's instant, and
    /// for an imported communication its kept original.
    fn evidence(&self, key: &Key, source: Option<&Source>) -> Result<Vec<String>> {
        let hashes: BTreeMap<i64, String> = self.store.event_hashes(key)?.into_iter().collect();
        let mut out = Vec::new();
        for h in self.store.history(key)? {
            if h.version.recorded_at > self.s.at {
                continue;
            }
            let verb = match h.version.action {
                Action::Create => "Recorded",
                Action::Amend => "Amended",
                Action::Void => "Voided",
            };
            let hash = hashes.get(&h.seq).map(String::as_str).unwrap_or("");
            let reason = match &h.version.reason {
                Some(r) if self.internal() && !r.is_empty() => format!(": \"{r}\""),
                _ => String::new(),
            };
            out.push(format!(
                "{verb} by {} on {} — audit event #{}, hash {}{reason}",
                h.actor_name,
                self.when(h.version.recorded_at),
                h.seq,
                &hash[..hash.len().min(16)],
            ));
        }
        if let Some(src) = source {
            let sha = if src.original_sha256.is_empty() {
                &src.file_sha256
            } else {
                &src.original_sha256
            };
            if !sha.is_empty() {
                out.push(format!(
                    "Original kept ({}), SHA-256 {sha}",
                    src.format.to_uppercase()
                ));
            }
        }
        Ok(out)
    }
}

fn text_of(j: &Option<Judged>) -> Option<String> {
    j.as_ref().map(|j| j.text.clone())
}

fn kind_word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// The dossier of `matter` (its key or name) for `edition`, from the record
/// as known at `at` and judged then. Reads the matter's communications and
/// what the flags read ([`Snapshot::load_matter`]), not the whole record.
pub fn build(store: &Store, matter: &str, edition: Edition, at: DateTime<Utc>) -> Result<Dossier> {
    let row = store.resolve(Kind::Matter, matter)?;
    let key = row.key;
    let s = Snapshot::load_matter(store, &key, at)?;
    let engagement = s
        .engagement
        .clone()
        .ok_or_else(|| Error::Refused("this database holds no engagement yet".into()))?;
    let m = s
        .matters
        .iter()
        .find(|m| m.key == key)
        .ok_or_else(|| Error::Refused(format!("{matter} was not on record at {at}")))?;
    let cx = Ctx {
        ix: Index::new(&s),
        s: &s,
        store,
        edition,
    };
    let party = |role: PartyRole| {
        s.parties
            .iter()
            .find(|p| p.data.role == role)
            .map(|p| p.data.name.clone())
            .unwrap_or_default()
    };
    let mut timeline: Vec<(DateTime<Utc>, Key, Entry)> = Vec::new();
    let mut about: BTreeSet<Key> = [key.clone()].into();
    let mut positions: BTreeMap<Key, Vec<(DateTime<Utc>, String, String)>> = BTreeMap::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();

    for c in s
        .communications
        .iter()
        .filter(|c| c.data.occurred_at <= at && report::shows(edition, &c.data))
    {
        let d = &c.data;
        let filed: Vec<&Item> = d
            .items
            .iter()
            .filter(|i| i.matter.as_ref() == Some(&key) && (cx.internal() || !i.internal))
            .collect();
        if filed.is_empty() {
            continue;
        }
        about.insert(c.key.clone());
        let mut items = Vec::new();
        for i in filed {
            about.insert(i.id.clone());
            let detail = match i.item_type {
                ItemType::Instruction => {
                    let dep = i
                        .department
                        .as_ref()
                        .map(|k| cx.ix.unit(k))
                        .unwrap_or_default();
                    if let Some(k) = &i.department {
                        positions.entry(k.clone()).or_default().push((
                            d.occurred_at,
                            i.position.clone(),
                            d.subject.clone(),
                        ));
                    }
                    *counts.entry("instruction").or_default() += 1;
                    format!("position of {dep}: {}", i.position)
                }
                ItemType::Agreement | ItemType::Action => {
                    *counts.entry("commitment").or_default() += 1;
                    fate(&cx, i)
                }
                _ => {
                    *counts.entry("decision").or_default() += 1;
                    String::new()
                }
            };
            items.push(ItemLine {
                kind: kind_word(&i.item_type),
                text: i.text.clone(),
                detail,
            });
        }
        let mut lines = vec![format!(
            "With {}",
            d.participants
                .iter()
                .map(|p| cx.name(p))
                .collect::<Vec<_>>()
                .join(", ")
        )];
        if d.channel != Channel::Official {
            lines.push(format!("Channel: {}", kind_word(&d.channel)));
        }
        if let Some(m) = minutes_standing(&cx, d) {
            lines.push(m);
        }
        let source =
            (!d.source.format.is_empty() && d.source.format != "typed").then_some(&d.source);
        timeline.push((
            d.occurred_at,
            c.key.clone(),
            Entry {
                when: cx.when(d.occurred_at),
                kind: kind_word(&d.kind),
                title: d.subject.clone(),
                lines,
                minutes: cx.text(&d.minutes, d.minutes_internal),
                items,
                evidence: cx.evidence(&c.key, source)?,
                internal_note: cx.text(&d.internal_note, true),
            },
        ));
    }

    let words = Words {
        internal: cx.internal(),
    };
    for w in s
        .workarounds
        .iter()
        .filter(|w| w.data.matter.as_ref() == Some(&key))
    {
        let d = &w.data;
        about.insert(w.key.clone());
        *counts.entry("workaround").or_default() += 1;
        let st = standing::workaround(&cx.ix, words, &w.key, d);
        let mut lines = vec![format!(
            "Procedure {} · by {}",
            cx.name(&d.procedure),
            cx.name(&d.performed_by)
        )];
        let why = cx.text(&d.justification, d.justification_internal);
        if !why.is_empty() {
            lines.push(format!("Why: {why}"));
        }
        lines.extend(text_of(&st.approval));
        lines.extend(text_of(&st.client));
        timeline.push((
            d.performed_at,
            w.key.clone(),
            Entry {
                when: cx.when(d.performed_at),
                kind: "workaround".into(),
                title: d.what.clone(),
                lines,
                minutes: String::new(),
                items: Vec::new(),
                evidence: cx.evidence(&w.key, None)?,
                internal_note: cx.text(&d.internal_note, true),
            },
        ));
    }
    for r in s
        .requests
        .iter()
        .filter(|r| r.data.matter.as_ref() == Some(&key))
    {
        let d = &r.data;
        about.insert(r.key.clone());
        *counts.entry("request").or_default() += 1;
        let st = standing::request(&cx.ix, words, &r.key, d);
        let mut lines = vec![format!(
            "Asked by {}{}; {}",
            cx.name(&d.requested_by),
            d.raised_in
                .as_ref()
                .and_then(|c| cx.ix.communication.get(c))
                .map(|c| format!(" in {}", c.data.subject))
                .unwrap_or_default(),
            if d.out_of_scope {
                "out of scope"
            } else {
                "in scope"
            }
        )];
        let outcome = kind_word(&d.outcome);
        lines.push(if d.outcome_note.is_empty() {
            format!("Outcome: {outcome}")
        } else {
            format!("Outcome: {outcome} — {}", d.outcome_note)
        });
        if cx.internal() {
            lines.extend(text_of(&st.management));
        }
        lines.extend(text_of(&st.client));
        timeline.push((
            d.requested_at,
            r.key.clone(),
            Entry {
                when: cx.when(d.requested_at),
                kind: "request".into(),
                title: d.summary.clone(),
                lines,
                minutes: String::new(),
                items: Vec::new(),
                evidence: cx.evidence(&r.key, None)?,
                internal_note: cx.text(&d.internal_note, true),
            },
        ));
    }
    for i in s
        .incidents
        .iter()
        .filter(|i| i.data.matter.as_ref() == Some(&key))
    {
        let d = &i.data;
        about.insert(i.key.clone());
        *counts.entry("incident").or_default() += 1;
        let st = standing::incident(&cx.ix, words, &i.key, d);
        let mut lines = vec![format!("Severity {}", kind_word(&d.severity))];
        if !d.description.is_empty() {
            lines.push(d.description.clone());
        }
        lines.extend(text_of(&st.client));
        timeline.push((
            d.known_at,
            i.key.clone(),
            Entry {
                when: cx.when(d.known_at),
                kind: "incident".into(),
                title: d.title.clone(),
                lines,
                minutes: String::new(),
                items: Vec::new(),
                evidence: cx.evidence(&i.key, None)?,
                internal_note: cx.text(&d.internal_note, true),
            },
        ));
    }
    for x in s
        .disclosures
        .iter()
        .filter(|x| about.contains(&x.data.subject) && x.data.disclosed_at <= at)
    {
        let d = &x.data;
        if d.audience == Audience::ProviderManagement && !cx.internal() {
            continue;
        }
        *counts.entry("disclosure").or_default() += 1;
        let to = match (d.audience, &d.department) {
            (Audience::ProviderManagement, _) => format!("{}'s management", cx.ix.provider()),
            (_, Some(dep)) => cx.ix.unit(dep),
            (_, None) => "the client".to_owned(),
        };
        let mut lines = vec![format!(
            "Disclosed to {to}{}",
            d.communication
                .as_ref()
                .and_then(|c| cx.ix.communication.get(c))
                .map(|c| format!(" in {}", c.data.subject))
                .unwrap_or_default()
        )];
        let note = cx.text(&d.note, d.internal);
        if !note.is_empty() {
            lines.push(format!("\"{note}\""));
        }
        timeline.push((
            d.disclosed_at,
            x.key.clone(),
            Entry {
                when: cx.when(d.disclosed_at),
                kind: "disclosure".into(),
                title: cx.name(&d.subject),
                lines,
                minutes: String::new(),
                items: Vec::new(),
                evidence: cx.evidence(&x.key, None)?,
                internal_note: cx.text(&d.internal_note, true),
            },
        ));
    }
    timeline.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));

    let flags: Vec<Flag> = flags::evaluate(&s)
        .into_iter()
        .filter(|f| f.subjects.iter().any(|e| about.contains(&e.key)))
        .collect();
    let items = report::items_of(&s);
    let flags = flags
        .iter()
        .filter(|f| report::visible(&cx.ix, &items, edition, f))
        .map(|f| report::flag_row(f, edition, s.zone))
        .collect();

    let positions = positions
        .into_iter()
        .map(|(dep, mut given)| {
            given.sort_by_key(|g| g.0);
            let (t, position, subject) = given.last().cloned().expect("at least one instruction");
            let mut earlier: Vec<String> = Vec::new();
            for (t, p, _) in &given[..given.len() - 1] {
                if *p != position && !earlier.iter().any(|e| e.starts_with(p.as_str())) {
                    earlier.push(format!("{p} ({})", cx.day(*t)));
                }
            }
            Position {
                department: cx.ix.unit(&dep),
                position,
                given: format!("{} in \"{subject}\"", cx.day(t)),
                earlier,
            }
        })
        .collect();
    let head = store
        .head_at(at)?
        .map(|h| h.to_string())
        .unwrap_or_else(|| "empty".into());
    let mut dossier = Dossier {
        format: "candor-dossier/1",
        document: "dossier",
        edition,
        engagement: engagement.name.clone(),
        client: party(PartyRole::Client),
        provider: party(PartyRole::Provider),
        time_zone: engagement.time_zone.clone(),
        key: key.to_string(),
        matter: m.data.name.clone(),
        description: m.data.description.clone(),
        internal_note: cx.text(&m.data.internal_note, true),
        as_of: cx.when(at),
        checkpoint: head,
        summary: String::new(),
        positions,
        entries: timeline.into_iter().map(|(_, _, e)| e).collect(),
        flags,
    };
    dossier.summary = summary(&dossier, &counts);
    Ok(dossier)
}

/// An agreement's or action's owner, due day and fate at the dossier's instant.
fn fate(cx: &Ctx<'_>, i: &Item) -> String {
    let owner = i.owner.as_ref().map(|o| cx.name(o)).unwrap_or_default();
    let due = i.due.map(|d| format!(", due {}", d.format("%a %-d %b %Y")));
    let state = if still_open(i, cx.s.at) {
        match i.due.map(|d| end_of_day(d, cx.s.zone)) {
            Some(end) if cx.s.at >= end => "overdue".to_owned(),
            _ => "open".to_owned(),
        }
    } else if i.status == ItemStatus::Cancelled {
        "cancelled".to_owned()
    } else {
        match (i.done_at, i.due.map(|d| end_of_day(d, cx.s.zone))) {
            (Some(t), Some(end)) if t > end => format!("done {} (late)", cx.day(t)),
            (Some(t), _) => format!("done {}", cx.day(t)),
            (None, _) => "done".to_owned(),
        }
    };
    format!("{owner}{}: {state}", due.unwrap_or_default())
}

/// "Minutes sent Tue 10 Nov 2026, 17:20; confirmed by Maria Lopez on Wed 11 Nov 2026, 09:40".
fn minutes_standing(cx: &Ctx<'_>, d: &Communication) -> Option<String> {
    if !matches!(d.kind, CommKind::Meeting | CommKind::Call) {
        return None;
    }
    Some(match (d.minutes_sent_at, d.confirmed_at) {
        (None, _) => "Minutes not sent".to_owned(),
        (Some(sent), None) => format!("Minutes sent {}; not confirmed", cx.when(sent)),
        (Some(sent), Some(ok)) => format!(
            "Minutes sent {}; confirmed{} on {}",
            cx.when(sent),
            d.confirmed_by
                .as_ref()
                .map(|p| format!(" by {}", cx.name(p)))
                .unwrap_or_default(),
            cx.when(ok)
        ),
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn summary(d: &Dossier, counts: &BTreeMap<&'static str, usize>) -> String {
    if d.entries.is_empty() {
        return format!("Nothing is on record about {} yet.", d.matter);
    }
    let n = |k: &str| counts.get(k).copied().unwrap_or(0);
    let mut parts = Vec::new();
    for (k, one, many) in [
        ("instruction", "instruction", "instructions"),
        ("decision", "decision", "decisions"),
        (
            "commitment",
            "agreement or action",
            "agreements and actions",
        ),
        ("workaround", "workaround", "workarounds"),
        ("request", "request", "requests"),
        ("incident", "incident", "incidents"),
        ("disclosure", "disclosure", "disclosures"),
    ] {
        if n(k) > 0 {
            parts.push(plural(n(k), one, many));
        }
    }
    let differ = {
        let distinct: BTreeSet<&str> = d.positions.iter().map(|p| p.position.as_str()).collect();
        if distinct.len() > 1 {
            format!(
                " The departments' positions differ ({}).",
                d.positions
                    .iter()
                    .map(|p| p.department.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        }
    };
    format!(
        "{} on record about {} from {} to {}: {}.{differ}",
        plural(d.entries.len(), "entry", "entries"),
        d.matter,
        d.entries[0].when,
        d.entries[d.entries.len() - 1].when,
        parts.join(", "),
    )
}
