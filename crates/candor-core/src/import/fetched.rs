//! Messages read from a mail server, taken selectively and recorded with the
//! folder's new place in the same transaction: a crash between the two cannot
//! lose a message or take it twice.

use super::matching::Matcher;
use super::{Options, Refusal, mail, record};
use crate::canonical::sha256_hex;
use crate::error::Result;
use crate::key::{Ids, Key};
use crate::model::Source;
use crate::store::{Author, FolderState, Store};
use serde::Serialize;
use std::collections::HashSet;

/// One message as the server gave it.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub uid: u32,
    /// The whole message's size as the server gave it (`RFC822.SIZE`).
    pub size: u64,
    /// The message, or only its header when that is all that was asked for.
    pub bytes: Vec<u8>,
}

/// Which messages an engagement takes: those to or from someone outside the
/// provider — a client or third-party person of the record (or an address
/// mapped to one), or an address of their domains. Mail among the provider's
/// own people, and mail from anyone else (newsletters, other clients), is
/// passed over: in the lead's mailbox every message is to the lead.
pub struct Capture {
    matcher: Matcher,
}

impl Capture {
    /// The record's people, mappings and domains as they are now.
    pub fn load(store: &Store) -> Result<Capture> {
        Ok(Capture {
            matcher: Matcher::load(store)?,
        })
    }

    /// Whether a message with these addresses is taken.
    pub fn wants(&self, addresses: &[String]) -> bool {
        addresses.iter().any(|a| self.matcher.is_outside(a))
    }
}

/// What the preview says of one message.
#[derive(Debug, Clone, Serialize)]
pub struct Glimpse {
    pub uid: u32,
    pub subject: String,
    pub from: String,
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    pub taken: bool,
    /// Why the message cannot be read, when it cannot (it would be refused, not passed over).
    pub problem: Option<String>,
}

/// What would be taken of these messages (headers are enough).
pub fn preview(capture: &Capture, messages: &[Fetched], options: &Options) -> Vec<Glimpse> {
    messages
        .iter()
        .map(|m| match mail::parse_message(&m.bytes, options) {
            Ok(d) => Glimpse {
                uid: m.uid,
                taken: capture.wants(&d.addresses),
                from: d.addresses.first().cloned().unwrap_or_default(),
                subject: d.subject,
                occurred_at: Some(d.occurred_at),
                problem: None,
            },
            Err(reason) => Glimpse {
                uid: m.uid,
                subject: String::new(),
                from: String::new(),
                occurred_at: None,
                taken: false,
                problem: Some(reason),
            },
        })
        .collect()
}

/// What one batch of fetched messages did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Taken {
    pub imported: Vec<Key>,
    pub already_present: usize,
    /// Messages not to or from the engagement's people and domains.
    pub passed_over: usize,
    pub refused: Vec<Refusal>,
}

/// Records the messages `capture` wants and moves the folder to `place`, in one transaction.
pub fn import_fetched(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    capture: &Capture,
    place: &FolderState,
    messages: Vec<Fetched>,
    options: &Options,
) -> Result<Taken> {
    let file = format!("{}/{}", place.account, place.folder);
    let mut taken = Taken::default();
    let mut drafts = Vec::new();
    let mut seen = HashSet::new();
    for m in messages {
        let draft = match mail::parse_message(&m.bytes, options) {
            Ok(d) => d,
            Err(reason) => {
                taken.refused.push(Refusal {
                    file: file.clone(),
                    at: Some(m.uid),
                    reason,
                });
                continue;
            }
        };
        if !capture.wants(&draft.addresses) {
            taken.passed_over += 1;
            continue;
        }
        let original_sha256 = sha256_hex(&draft.original);
        if !seen.insert(draft.identity(&original_sha256)) {
            taken.already_present += 1;
            continue;
        }
        let source = Source {
            format: "imap".into(),
            file: file.clone(),
            file_sha256: original_sha256.clone(),
            original_sha256,
            message_id: draft.message_id.clone(),
            sequence: None,
            index: Some(m.uid),
        };
        drafts.push((draft, source));
    }
    let outcome = store.write(ids, |w| {
        let outcome = record(w, author, &capture.matcher, drafts, false, &file)?;
        w.set_mail_folder(place, outcome.imported.len())?;
        Ok(outcome)
    })?;
    taken.imported = outcome.imported;
    taken.already_present += outcome.present;
    Ok(taken)
}
