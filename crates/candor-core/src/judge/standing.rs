//! Where a workaround, request or incident stands: approved, and by whom with
//! what authority; disclosed, to whom, where and how late. The report's
//! columns and the app's record views show these words; whether a standing
//! raises a flag is the rules' judgement, made from the same lookups.

use crate::key::Key;
use crate::model::{Audience, Incident, Outcome, Request, Workaround};
use crate::record::calendar::days_between;
use crate::record::{Index, level_name};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How a standing reads: settled, needing attention, or not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Ok,
    Warn,
    Neutral,
}

/// One standing, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judged {
    pub tone: Tone,
    pub text: String,
}

/// Everything that stands of one workaround, request or incident.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Standing {
    /// A workaround's approval against its procedure's exception authority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<Judged>,
    /// Whether the provider's management heard of an out-of-scope request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management: Option<Judged>,
    /// Whether, when and where the client was told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<Judged>,
}

/// Words for one edition: internal-only disclosure notes are left out of the client's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub internal: bool,
}

fn judged(tone: Tone, text: String) -> Judged {
    Judged { tone, text }
}

fn day(ix: &Index<'_>, t: DateTime<Utc>) -> String {
    t.with_timezone(&ix.s.zone).format("%a %-d %b").to_string()
}

fn days(n: i64) -> String {
    match n {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// "Not disclosed — 3 days", or "Not disclosed yet" on the same day.
fn not_yet(ix: &Index<'_>, prefix: &str, since: DateTime<Utc>) -> Judged {
    let n = days_between(since, ix.s.at, ix.s.zone).max(0);
    let text = if n == 0 {
        format!("{prefix} yet")
    } else {
        format!("{prefix} — {}", days(n))
    };
    judged(Tone::Warn, text)
}

/// "Disclosed to Northwind Foods Finance in Steering call #4, Thu 15 Oct (2 days after): "…"".
fn told(
    ix: &Index<'_>,
    words: Words,
    verb: &str,
    subject: &Key,
    audience: Audience,
    since: DateTime<Utc>,
) -> Option<Judged> {
    let d = ix.first_disclosure(subject, audience)?;
    let to = match (audience, &d.department) {
        (Audience::ProviderManagement, _) => format!("{}'s management", ix.provider()),
        (_, Some(dep)) => ix.unit(dep),
        (_, None) => "the client".to_owned(),
    };
    let place = d
        .communication
        .as_ref()
        .and_then(|c| ix.communication.get(c))
        .map(|c| format!(" in {}", c.data.subject))
        .unwrap_or_default();
    let late = match days_between(since, d.disclosed_at, ix.s.zone) {
        n if n <= 0 => "the same day".to_owned(),
        n => format!("{} after", days(n)),
    };
    let note = if d.note.is_empty() || (d.internal && !words.internal) {
        String::new()
    } else {
        format!(": \"{}\"", d.note)
    };
    Some(judged(
        Tone::Ok,
        format!(
            "{verb} {to}{place}, {} ({late}){note}",
            day(ix, d.disclosed_at)
        ),
    ))
}

/// Whether the client was told of `subject` (something since `since`), and
/// if not, whether it had to be.
fn client_disclosure(
    ix: &Index<'_>,
    words: Words,
    subject: &Key,
    since: DateTime<Utc>,
    required: bool,
) -> Judged {
    told(ix, words, "Disclosed to", subject, Audience::Client, since).unwrap_or_else(|| {
        if required {
            not_yet(ix, "Not disclosed", since)
        } else {
            judged(Tone::Neutral, "Disclosure not required".to_owned())
        }
    })
}

/// A workaround's approval and its disclosure to the client.
pub fn workaround(ix: &Index<'_>, words: Words, key: &Key, w: &Workaround) -> Standing {
    let procedure = ix.procedure.get(&w.procedure);
    let required = procedure.and_then(|p| p.exception_authority);
    let approval = match (&w.approval, required) {
        (Some(a), _) if a.approved_at <= ix.s.at => {
            let (level, from) = ix.authority(&a.approver, a.approved_at);
            let delegated = from
                .map(|f| format!(", delegated by {}", ix.label(f)))
                .unwrap_or_default();
            let text = format!(
                "Approved by {} ({}{delegated}), {}",
                ix.label(&a.approver),
                level_name(level),
                day(ix, a.approved_at)
            );
            match required.filter(|r| level < *r) {
                Some(r) => {
                    let code = procedure
                        .map(|p| p.code.clone())
                        .filter(|c| !c.is_empty())
                        .unwrap_or_else(|| ix.label(&w.procedure));
                    judged(
                        Tone::Warn,
                        format!("{text} — below the {} level {code} requires", level_name(r)),
                    )
                }
                None => judged(Tone::Ok, text),
            }
        }
        (_, None) => judged(Tone::Neutral, "No approval needed".to_owned()),
        (_, Some(level)) => judged(
            Tone::Warn,
            format!("Not approved — needs a {} or above", level_name(level)),
        ),
    };
    let required = procedure.is_some_and(|p| p.disclosure_required);
    let client = client_disclosure(ix, words, key, w.performed_at, required);
    Standing {
        approval: Some(approval),
        management: None,
        client: Some(client),
    }
}

/// Whether the work a request asked for was done (so out-of-scope work must be disclosed).
fn done(r: &Request) -> bool {
    matches!(
        r.outcome,
        Outcome::DoneAsFavour | Outcome::DoneUnderContract
    )
}

/// Whether the provider's management and the client heard of a request.
pub fn request(ix: &Index<'_>, words: Words, key: &Key, r: &Request) -> Standing {
    let management = told(
        ix,
        words,
        "Reported to",
        key,
        Audience::ProviderManagement,
        r.requested_at,
    )
    .unwrap_or_else(|| {
        if r.out_of_scope {
            not_yet(ix, "Management not told", r.requested_at)
        } else {
            judged(
                Tone::Neutral,
                "In scope: management need not be told".to_owned(),
            )
        }
    });
    let client = client_disclosure(ix, words, key, r.requested_at, r.out_of_scope && done(r));
    Standing {
        approval: None,
        management: Some(management),
        client: Some(client),
    }
}

/// When and where the client was told of an incident.
pub fn incident(ix: &Index<'_>, words: Words, key: &Key, i: &Incident) -> Standing {
    let client = told(ix, words, "Told", key, Audience::Client, i.known_at)
        .unwrap_or_else(|| not_yet(ix, "Client not told", i.known_at));
    Standing {
        approval: None,
        management: None,
        client: Some(client),
    }
}

/// The standing of every live workaround, request and incident, by key (the app's record views).
pub fn all(ix: &Index<'_>) -> std::collections::BTreeMap<Key, Standing> {
    let words = Words { internal: true };
    let s = ix.s;
    let mut out = std::collections::BTreeMap::new();
    for w in &s.workarounds {
        out.insert(w.key.clone(), workaround(ix, words, &w.key, &w.data));
    }
    for r in &s.requests {
        out.insert(r.key.clone(), request(ix, words, &r.key, &r.data));
    }
    for i in &s.incidents {
        out.insert(i.key.clone(), incident(ix, words, &i.key, &i.data));
    }
    out
}
