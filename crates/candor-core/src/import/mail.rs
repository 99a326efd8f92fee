//! E-mail: single messages (.eml) and mailboxes (.mbox), via mail-parser.
//! Outlook .msg files are read in `outlook`.

use super::{Draft, Options, Parsed, guarded};
use crate::canonical::sha256_hex;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::model::{Attachment, CommKind, CommStatus, Communication};
use crate::store::Store;
use chrono::{DateTime, Utc};
use mail_parser::{Address, Message, MessageParser, MimeHeaders};
use serde::Serialize;

/// Text kept for search and display is cut at this many bytes (the original stays whole).
const MAX_TEXT: usize = 512 * 1024;

/// Parses one message's bytes.
pub(crate) fn parse_message(bytes: &[u8], options: &Options) -> std::result::Result<Draft, String> {
    if bytes.len() > options.max_message_bytes {
        return Err(format!(
            "the message is {} bytes, over the limit of {}",
            bytes.len(),
            options.max_message_bytes
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the message is empty".into());
    }
    guarded("e-mail", || {
        let message = MessageParser::default()
            .parse(bytes)
            .ok_or("not an e-mail message (no headers could be read)")?;
        draft(&message, bytes)
    })
}

fn draft(m: &Message<'_>, bytes: &[u8]) -> std::result::Result<Draft, String> {
    let has_headers = m.from().is_some()
        || m.subject().is_some()
        || m.date().is_some()
        || m.message_id().is_some();
    if !has_headers {
        return Err(
            "not an e-mail message: it has no From, Subject, Date or Message-ID header".into(),
        );
    }
    let received = m
        .received_all()
        .filter_map(|r| r.date())
        .find(|d| d.is_valid());
    let date = match (m.date(), received) {
        (Some(d), _) if d.is_valid() => *d,
        (Some(d), _) => return Err(format!("the Date header \"{d}\" is not a valid date")),
        (None, Some(r)) => r,
        (None, None) => return Err(
            "the message has no Date header (nor a Received date), so when it was sent is unknown"
                .into(),
        ),
    };
    let occurred_at = DateTime::<Utc>::from_timestamp(date.to_timestamp(), 0)
        .ok_or_else(|| format!("the Date header \"{date}\" is out of range"))?;
    let mut addresses: Vec<String> = Vec::new();
    let mut add = |a: Option<&Address<'_>>| {
        for addr in a.into_iter().flat_map(|a| a.iter()) {
            if let Some(x) = addr.address() {
                let x = x.trim().to_lowercase();
                if x.contains('@') && !addresses.contains(&x) {
                    addresses.push(x);
                }
            }
        }
    };
    add(m.from());
    add(m.to());
    add(m.cc());
    let subject = trimmed(m.subject()).unwrap_or("(no subject)").to_owned();
    let mut text = m.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    cut_for_display(&mut text);
    let attachments = m
        .attachments()
        .map(|part| {
            let content_type = part
                .content_type()
                .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("octet-stream")))
                .unwrap_or_else(|| "application/octet-stream".into());
            Attachment {
                name: part.attachment_name().unwrap_or("(unnamed)").to_owned(),
                content_type,
                size: part.contents().len() as u64,
                sha256: sha256_hex(part.contents()),
            }
        })
        .collect();
    Ok(Draft {
        kind: CommKind::Email,
        status: CommStatus::Held,
        occurred_at,
        ends_at: None,
        subject,
        text,
        addresses,
        message_id: m
            .message_id()
            .map(|id| id.trim().to_owned())
            .unwrap_or_default(),
        sequence: None,
        attachments,
        original: bytes.to_vec(),
        full: None,
        blobs: Vec::new(),
    })
}

/// Cuts text kept for search and display at [`MAX_TEXT`] bytes, on a character boundary.
pub(super) fn cut_for_display(text: &mut String) {
    if text.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n[… cut here; the original message is kept whole]");
    }
}

/// A header's value without surrounding white space, when any is left.
pub(super) fn trimmed(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Splits a mailbox into messages and parses each; one bad message does not lose the others.
pub(crate) fn parse_mbox(bytes: &[u8], options: &Options) -> std::result::Result<Parsed, String> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"From ") {
        return Err("not an mbox file: it does not start with a \"From \" line".into());
    }
    let messages: Vec<Vec<u8>> = guarded("mbox", || {
        mail_parser::mailbox::mbox::MessageIterator::new(&bytes[start..])
            .map(|m| m.map(|m| m.unwrap_contents()).map_err(|e| e.to_string()))
            .collect()
    })?;
    Ok(messages
        .into_iter()
        .enumerate()
        .map(|(i, raw)| (Some(i as u32 + 1), parse_message(&raw, options)))
        .collect())
}

/// An imported message's body for display: plain text, and the HTML part
/// sanitised (no scripts, no remote content) when there is one.
#[derive(Debug, Clone, Serialize)]
pub struct MessageBody {
    pub text: String,
    pub html: Option<String>,
}

/// The body of an imported e-mail, read again from the kept original.
pub fn message_body(store: &Store, key: &Key) -> Result<MessageBody> {
    let row = store.require(key)?;
    let comm: Communication = serde_json::from_value(row.data)
        .map_err(|e| Error::Damaged(format!("{key}: stored data does not fit: {e}")))?;
    let original = store
        .blob(&comm.source.original_sha256)?
        .ok_or_else(|| Error::NotFound(format!("{key} has no kept original message")))?;
    if comm.source.format == "msg" {
        return Ok(MessageBody {
            text: comm.minutes,
            html: super::outlook::original_html(&original).map(|h| super::sanitize_html(&h)),
        });
    }
    let html = guarded("e-mail", || {
        let m = MessageParser::default()
            .parse(&original)
            .ok_or("unreadable")?;
        Ok(m.body_html(0)
            .filter(|_| {
                m.html_body_count() > 0
                    && m.html_bodies().any(|p| p.is_content_type("text", "html"))
            })
            .map(|h| super::sanitize_html(&h)))
    })
    .unwrap_or(None);
    Ok(MessageBody {
        text: comm.minutes,
        html,
    })
}
