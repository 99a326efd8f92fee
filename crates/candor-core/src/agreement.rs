//! The rules of engagement as people work with them: the editions on record,
//! drafting the next edition from the last, sending and confirming a draft,
//! and the clauses of an edition in words — what the CLI, the app and the
//! report show. The thresholds the flags take from the edition in force are
//! in [`crate::record::terms`]; what a write may do to an edition is checked
//! by the store inside the write.

use crate::error::{Error, Result};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::RulesOfEngagement;
use crate::record::Index;
use crate::record::calendar::local_date;
use crate::record::terms::{every, within};
use crate::store::{Change, EntityRow, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

/// One edition on record.
#[derive(Debug, Clone)]
pub struct Edition {
    pub row: EntityRow,
    pub data: RulesOfEngagement,
}

/// Every live edition, first edition first.
pub fn editions(store: &Store) -> Result<Vec<Edition>> {
    let mut out = store
        .list(Kind::Rules, false)?
        .into_iter()
        .map(|row| {
            let data = serde_json::from_value(row.data.clone()).map_err(|e| {
                Error::Damaged(format!("rules {}: stored data does not fit: {e}", row.key))
            })?;
            Ok(Edition { row, data })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|e| e.data.edition);
    Ok(out)
}

/// The edition not yet confirmed, if there is one.
pub fn draft(store: &Store) -> Result<Option<Edition>> {
    Ok(editions(store)?
        .into_iter()
        .rev()
        .find(|e| !e.data.is_confirmed()))
}

fn require_draft(store: &Store) -> Result<Edition> {
    draft(store)?.ok_or_else(|| {
        Error::NotFound("no draft of the rules of engagement: draft the next edition first".into())
    })
}

/// The data the next edition starts from: the last edition's clauses (not
/// its sending, confirmation or internal note) under the next number; `None`
/// while a draft is open (only one at a time).
pub fn next_edition(store: &Store) -> Result<Option<Value>> {
    let all = editions(store)?;
    if all.iter().any(|e| !e.data.is_confirmed()) {
        return Ok(None);
    }
    let mut data = match all.last() {
        Some(last) => last.row.data.clone(),
        None => Kind::Rules.template(),
    };
    let next = all.last().map_or(1, |e| e.data.edition + 1);
    if let Some(o) = data.as_object_mut() {
        for field in ["sent_in", "confirmed_by", "confirmed_at"] {
            o.remove(field);
        }
        o.insert("edition".into(), json!(next));
        o.insert("internal_note".into(), json!(""));
    }
    Ok(Some(data))
}

/// The change that drafts the next edition from [`next_edition`] with
/// `edit` applied to its data; refused while a draft is open.
pub fn draft_next(store: &Store, edit: impl FnOnce(Value) -> Result<Value>) -> Result<Change> {
    let Some(data) = next_edition(store)? else {
        let d = draft(store)?.expect("a draft is open");
        return Err(Error::Refused(format!(
            "edition {} ({}) is still a draft: amend, send or confirm it before drafting another",
            d.data.edition, d.row.key
        )));
    };
    Ok(Change::Create {
        kind: Kind::Rules,
        key: None,
        data: edit(data)?,
    })
}

/// The change that amends the draft with `assignments`.
pub fn amend_draft(store: &Store, assignments: &[String], reason: &str) -> Result<Change> {
    let d = require_draft(store)?;
    Ok(Change::Amend {
        key: d.row.key.clone(),
        base: d.row.version,
        fields: crate::patch::fields(&d.row.data, assignments)?,
        reason: reason.to_owned(),
    })
}

/// The change that records the draft as sent to the client in `communication`.
pub fn send(store: &Store, communication: &Key) -> Result<Change> {
    let d = require_draft(store)?;
    let mut fields = serde_json::Map::new();
    fields.insert("sent_in".into(), json!(communication));
    Ok(Change::Amend {
        key: d.row.key.clone(),
        base: d.row.version,
        fields,
        reason: format!("edition {} sent to the client", d.data.edition),
    })
}

/// The change that records the client's confirmation of the sent draft: in
/// force from `at`.
pub fn confirm(store: &Store, by: &Key, at: DateTime<Utc>) -> Result<Change> {
    let d = require_draft(store)?;
    let mut fields = serde_json::Map::new();
    fields.insert("confirmed_by".into(), json!(by));
    fields.insert("confirmed_at".into(), json!(crate::time::format(at)));
    Ok(Change::Amend {
        key: d.row.key.clone(),
        base: d.row.version,
        fields,
        reason: format!("edition {} confirmed by the client", d.data.edition),
    })
}

/// One clause in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// "Update cadence".
    pub title: String,
    /// "Maria Lopez: weekly; Northwind Foods Logistics: every two weeks".
    pub text: String,
}

/// An edition as a page reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub key: Key,
    pub edition: u32,
    /// "in force", "superseded", "sent, awaiting confirmation", "draft".
    pub state: String,
    /// "Sent in "Rules of engagement, edition 2" on 20 Oct 2026; confirmed by
    /// Maria Lopez (Northwind Foods Finance) on 3 Nov 2026".
    pub standing: String,
    pub clauses: Vec<Clause>,
    /// Internal-only; empty in the client's edition.
    pub internal_note: String,
}

/// Every edition known at the index's instant as a page reads it, latest
/// first; `client` leaves out internal notes and drafts not yet sent.
pub fn pages(ix: &Index<'_>, client: bool) -> Vec<Page> {
    let in_force = crate::record::terms::in_force(ix.s).map(|e| e.key.clone());
    let mut list: Vec<_> =
        ix.s.rules
            .iter()
            .filter(|e| !client || e.data.sent_in.is_some())
            .collect();
    list.sort_by_key(|e| std::cmp::Reverse(e.data.edition));
    list.into_iter()
        .map(|e| {
            let r = &e.data;
            let confirmed = r.confirmed_at.is_some_and(|t| t <= ix.s.at);
            let state = if in_force.as_ref() == Some(&e.key) {
                "in force"
            } else if confirmed {
                "superseded"
            } else if r.sent_in.is_some() {
                "sent, awaiting confirmation"
            } else {
                "draft"
            };
            Page {
                key: e.key.clone(),
                edition: r.edition,
                state: state.into(),
                standing: standing(ix, r),
                clauses: clauses(ix, r),
                internal_note: if client {
                    String::new()
                } else {
                    r.internal_note.clone()
                },
            }
        })
        .collect()
}

fn day(ix: &Index<'_>, t: DateTime<Utc>) -> String {
    local_date(t, ix.s.zone).format("%-d %b %Y").to_string()
}

fn standing(ix: &Index<'_>, r: &RulesOfEngagement) -> String {
    let mut parts = Vec::new();
    if let Some(c) = r.sent_in.as_ref().and_then(|k| ix.communication.get(k)) {
        parts.push(format!(
            "sent in \"{}\" on {}",
            c.data.subject,
            day(ix, c.data.occurred_at)
        ));
    }
    if let (Some(by), Some(at)) = (&r.confirmed_by, r.confirmed_at) {
        parts.push(format!("confirmed by {} on {}", ix.who(by), day(ix, at)));
    }
    let text = parts.join("; ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Not sent yet".into(),
    }
}

/// The clauses an edition sets, in words; those it leaves empty are not listed.
pub fn clauses(ix: &Index<'_>, r: &RulesOfEngagement) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut add = |title: &str, text: String| {
        out.push(Clause {
            title: title.into(),
            text,
        })
    };
    let mut cadence: Vec<String> = r
        .cadence
        .iter()
        .map(|c| {
            let name = match ix.person.get(&c.stakeholder) {
                Some(_) => ix.who(&c.stakeholder),
                None => ix.unit(&c.stakeholder),
            };
            format!("{name}: {}", every(c.days))
        })
        .collect();
    if let Some(days) = r.default_cadence_days {
        cadence.push(format!("every other key stakeholder: {}", every(days)));
    }
    if !cadence.is_empty() {
        add("Update cadence", cadence.join("; "));
    }
    if !r.official_channels.trim().is_empty() {
        add("Official channels", r.official_channels.trim().to_owned());
    }
    if let Some(days) = r.minutes_sent_days {
        add(
            "Minutes",
            format!("sent {} of a meeting or call with agreements", within(days)),
        );
    }
    if let Some(days) = r.minutes_confirmed_days {
        add(
            "Confirming minutes",
            format!("the client confirms {} of receiving them", within(days)),
        );
    }
    if r.bad_news_days.is_some() || !r.bad_news_to.is_empty() {
        let to: Vec<String> = r.bad_news_to.iter().map(|k| ix.who(k)).collect();
        let mut text = match r.bad_news_days {
            Some(days) => format!("the client is told of an incident {}", within(days)),
            None => "the client is told of an incident".into(),
        };
        if !to.is_empty() {
            text.push_str(&format!(", through {}", to.join(" and ")));
        }
        add("Bad news", text);
    }
    if !r.disclosure_procedures.is_empty() || r.disclosure_days.is_some() {
        let which: Vec<String> = r
            .disclosure_procedures
            .iter()
            .map(|k| ix.label(k))
            .collect();
        let mut text = if which.is_empty() {
            "deviations from procedures that require disclosure are disclosed".to_owned()
        } else {
            format!("deviations from {} are disclosed", which.join(", "))
        };
        if let Some(days) = r.disclosure_days {
            text.push_str(&format!(" {}", within(days)));
        }
        add("Disclosure of deviations", text);
    }
    if !r.escalation.is_empty() {
        let levels: Vec<String> = r
            .escalation
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let names: Vec<String> = [&l.provider, &l.client]
                    .into_iter()
                    .flatten()
                    .map(|k| ix.who(k))
                    .collect();
                format!("level {}: {}", i + 1, names.join(" with "))
            })
            .collect();
        let mut text = levels.join("; ");
        if let Some(days) = r.escalation_days {
            text.push_str(&format!(
                "; a matter unresolved for {days} days at one level goes to the next"
            ));
        }
        add("Escalation path", text);
    }
    out
}
