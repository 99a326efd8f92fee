//! Outlook `.msg` files: OLE compound files holding one MAPI message.
//!
//! msg_parser reads the structure (recipients, attachments, bodies, RTF).
//! It decodes 8-bit ("ANSI") strings as UTF-8 only, so the message's own
//! strings are read again here, through cfb, with the code page the message
//! declares. Only `IPM.Note` messages are taken: calendar items, contacts,
//! notes and tasks (and any other compound file, which msg_parser also reads
//! as an empty message) are refused by name.

use super::{Draft, Options, Parsed, guarded};
use crate::canonical::sha256_hex;
use crate::model::{Attachment, CommKind, CommStatus};
use chrono::{DateTime, Utc};
use mail_parser::{Address, MessageParser};
use msg_parser::Outlook;
use std::io::{Cursor, Read};

/// The first bytes of every OLE compound file.
const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// A single property stream larger than this is not read again.
const MAX_STREAM: u64 = 8 * 1024 * 1024;
/// Messages embedded in embedded messages are read to this depth.
const MAX_DEPTH: usize = 3;

const SUBJECT: u16 = 0x0037;
const TRANSPORT_HEADERS: u16 = 0x007D;
const BODY: u16 = 0x1000;
const HTML: u16 = 0x1013;
const INTERNET_MESSAGE_ID: u16 = 0x1035;
const MESSAGE_FLAGS: u16 = 0x0E07;
const MESSAGE_CODEPAGE: u16 = 0x3FFD;
const INTERNET_CPID: u16 = 0x3FDE;
const LOCALE_ID: u16 = 0x3FF1;
/// `MSGFLAG_UNSENT` in `PR_MESSAGE_FLAGS`.
const UNSENT: u32 = 0x8;

/// Whether `bytes` start like an OLE compound file.
pub(crate) fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Parses one `.msg` file's bytes: its message, then the messages embedded
/// in it (forwarded as attachments), depth first, to a bounded depth.
pub(crate) fn parse(bytes: &[u8], options: &Options) -> Parsed {
    let mut out = Vec::new();
    collect(bytes, options, 0, &mut out);
    out
}

fn collect(bytes: &[u8], options: &Options, depth: usize, out: &mut Parsed) {
    let at = (!out.is_empty()).then_some(out.len() as u32);
    match parse_one(bytes, options) {
        Ok((draft, embedded)) => {
            out.push((at, Ok(draft)));
            if depth < MAX_DEPTH {
                for file in embedded {
                    collect(&file, options, depth + 1, out);
                }
            }
        }
        Err(reason) => out.push((at, Err(reason))),
    }
}

/// One message, and the stand-alone files of the messages embedded in it.
fn parse_one(bytes: &[u8], options: &Options) -> Result<(Draft, Vec<Vec<u8>>), String> {
    if bytes.len() > options.max_message_bytes {
        return Err(format!(
            "the message is {} bytes, over the limit of {}",
            bytes.len(),
            options.max_message_bytes
        ));
    }
    if !is_compound_file(bytes) {
        return Err(
            "not an Outlook message: the file is not an OLE compound file (its first bytes are not D0 CF 11 E0)"
                .into(),
        );
    }
    guarded("Outlook message", || {
        let message = Outlook::from_slice(bytes)
            .map_err(|e| format!("the Outlook message cannot be read: {e}"))?;
        let root = RootProperties::read(bytes);
        let mut draft = draft(&message, &root, bytes)?;
        let embedded = super::embedded::files(bytes);
        for (name, file) in &embedded {
            draft.attachments.push(Attachment {
                name: name.clone(),
                content_type: "application/vnd.ms-outlook".into(),
                size: file.len() as u64,
                sha256: sha256_hex(file),
            });
        }
        let embedded: Vec<Vec<u8>> = embedded.into_iter().map(|(_, f)| f).collect();
        draft.blobs.extend(embedded.iter().cloned());
        Ok((draft, embedded))
    })
}

fn draft(m: &Outlook, root: &RootProperties, bytes: &[u8]) -> Result<Draft, String> {
    let class = clean(&m.message_class);
    if !is_note(class) {
        let what = if class.is_empty() {
            "it has no message class".to_owned()
        } else {
            format!("it is an Outlook item of class \"{class}\"")
        };
        return Err(format!(
            "not an e-mail: {what}; only IPM.Note messages are imported"
        ));
    }
    let headers = root
        .string(TRANSPORT_HEADERS)
        .filter(|h| !h.trim().is_empty())
        .map(|h| format!("{}\r\n\r\n", h.trim_end()));
    let parsed = headers
        .as_deref()
        .and_then(|h| MessageParser::default().parse_headers(h.as_bytes()));
    let subject = root
        .string(SUBJECT)
        .map(|s| clean(&s).to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| Some(clean(&m.subject).to_owned()).filter(|s| !s.is_empty()));
    let mut addresses: Vec<String> = Vec::new();
    let mut add = |address: &str| {
        let a = clean(address).to_lowercase();
        if (a.contains('@') || is_exchange(&a)) && !addresses.contains(&a) {
            addresses.push(a);
        }
    };
    let header_from = parsed.as_ref().and_then(|p| p.from());
    for a in header_from.into_iter().flat_map(Address::iter) {
        a.address().into_iter().for_each(&mut add);
    }
    add(&m.sender.email);
    if let Some(p) = &parsed {
        for a in [p.to(), p.cc()]
            .into_iter()
            .flatten()
            .flat_map(Address::iter)
        {
            a.address().into_iter().for_each(&mut add);
        }
    }
    for person in m.to.iter().chain(&m.cc) {
        add(&person.email);
    }
    let text = body_text(m, root);
    if subject.is_none() && addresses.is_empty() && text.trim().is_empty() {
        return Err("the message is empty: no sender, recipients, subject or body".into());
    }
    let header_date = parsed
        .as_ref()
        .and_then(|p| p.date())
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::<Utc>::from_timestamp(d.to_timestamp(), 0));
    let occurred_at = header_date
        .or_else(|| instant(&m.client_submit_time))
        .or_else(|| instant(&m.message_delivery_time))
        .ok_or(
            if root.integer(MESSAGE_FLAGS).is_some_and(|f| f & UNSENT != 0) {
                "an unsent draft with no sent time: nothing was communicated"
            } else {
                "the message has no sent or delivered time (nor a Date header), so when it was sent is unknown"
            },
        )?;
    let message_id = parsed
        .as_ref()
        .and_then(|p| p.message_id())
        .map(str::to_owned)
        .or_else(|| root.string(INTERNET_MESSAGE_ID))
        .map(|id| clean(&id).trim_matches(['<', '>']).to_owned())
        .unwrap_or_default();
    let (attachments, blobs) = attachments(m);
    Ok(Draft {
        kind: CommKind::Email,
        status: CommStatus::Held,
        occurred_at,
        ends_at: None,
        subject: subject.unwrap_or_else(|| "(no subject)".into()),
        text,
        addresses,
        message_id,
        sequence: None,
        attachments,
        original: bytes.to_vec(),
        full: None,
        blobs,
    })
}

/// `IPM.Note` and its kinds (`IPM.Note.SMIME`, …), not `IPM.Notes` or other items.
fn is_note(class: &str) -> bool {
    let class = class.to_ascii_lowercase();
    class == "ipm.note" || class.starts_with("ipm.note.")
}

/// An Exchange X.500 distinguished name (`/o=…/ou=…/cn=…`) rather than an SMTP address.
fn is_exchange(address: &str) -> bool {
    address.starts_with("/o=") || address.starts_with("/cn=")
}

/// A string property without its terminating NULs and surrounding white space.
fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c == '\0' || c.is_whitespace())
}

/// An ISO 8601 instant as msg_parser writes them, or nothing.
fn instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(clean(s))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// The plain body; else the text of the HTML body (or of the HTML its RTF body carries).
fn body_text(m: &Outlook, root: &RootProperties) -> String {
    let plain = root.string(BODY).unwrap_or_else(|| m.body.clone());
    let mut text = clean(&plain).to_owned();
    if text.is_empty()
        && let Some(html) = html_body(m, root)
    {
        text = mail_parser::decoders::html::html_to_text(&html)
            .trim()
            .to_owned();
    }
    super::mail::cut_for_display(&mut text);
    text
}

/// The message's HTML body, or the HTML its compressed RTF body encapsulates
/// (`\fromhtml1`; RTF written from plain text or by hand gives none).
fn html_body(m: &Outlook, root: &RootProperties) -> Option<String> {
    if let Some(html) = root.html().filter(|h| !clean(h).is_empty()) {
        return Some(clean(&html).to_owned());
    }
    super::rtf::html(&m.rtf_decompressed()?)
        .map(|h| clean(&h).to_owned())
        .filter(|h| !h.is_empty())
}

/// The HTML body of a kept `.msg` original, when it has one.
pub(crate) fn original_html(bytes: &[u8]) -> Option<String> {
    if !is_compound_file(bytes) {
        return None;
    }
    guarded("Outlook message", || {
        let root = RootProperties::read(bytes);
        Ok(Outlook::from_slice(bytes)
            .ok()
            .and_then(|m| html_body(&m, &root)))
    })
    .ok()
    .flatten()
}

/// The attachments stored by value, each kept by its SHA-256 (embedded
/// messages are added from their own storages).
fn attachments(m: &Outlook) -> (Vec<Attachment>, Vec<Vec<u8>>) {
    let mut blobs = Vec::new();
    let list = m
        .attachments
        .iter()
        .filter(|a| !a.is_embedded_message())
        .map(|a| {
            let name = [&a.long_file_name, &a.file_name, &a.display_name]
                .into_iter()
                .map(|n| clean(n))
                .find(|n| !n.is_empty())
                .unwrap_or("(unnamed)");
            let content_type = match clean(&a.mime_tag) {
                "" => "application/octet-stream".to_owned(),
                t => t.to_ascii_lowercase(),
            };
            if !a.payload_bytes.is_empty() {
                blobs.push(a.payload_bytes.clone());
            }
            Attachment {
                name: name.to_owned(),
                content_type,
                size: a.payload_bytes.len() as u64,
                sha256: sha256_hex(&a.payload_bytes),
            }
        })
        .collect();
    (list, blobs)
}

/// The root message's own properties, read straight from the compound file:
/// strings (Unicode, or 8-bit in the message's code page) and integers.
struct RootProperties {
    streams: Vec<(String, Vec<u8>)>,
    integers: Vec<(u16, u32)>,
    /// The code page of 8-bit strings.
    encoding: &'static encoding_rs::Encoding,
    /// The code page of the Internet form (a binary HTML body).
    internet: &'static encoding_rs::Encoding,
}

impl RootProperties {
    fn read(bytes: &[u8]) -> RootProperties {
        let mut streams = Vec::new();
        let mut integers = Vec::new();
        if let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) {
            let names: Vec<String> = file
                .read_root_storage()
                .filter(|e| e.is_stream() && e.len() <= MAX_STREAM)
                .map(|e| e.name().to_owned())
                .filter(|n| n.starts_with("__substg1.0_") || n == "__properties_version1.0")
                .collect();
            for name in names {
                let mut data = Vec::new();
                let Ok(mut s) = file.open_stream(format!("/{name}")) else {
                    continue;
                };
                if s.read_to_end(&mut data).is_err() {
                    continue;
                }
                if name == "__properties_version1.0" {
                    integers = fixed_integers(&data);
                } else {
                    streams.push((name, data));
                }
            }
        }
        let integer = |id: u16| integers.iter().find(|(i, _)| *i == id).map(|(_, v)| *v);
        let candidates = [
            integer(MESSAGE_CODEPAGE),
            integer(INTERNET_CPID).map(windows_code_page),
            integer(LOCALE_ID).and_then(code_page_of_locale),
        ];
        let ansi: Vec<&[u8]> = streams
            .iter()
            .filter(|(n, _)| n.ends_with("001E"))
            .map(|(_, d)| d.as_slice())
            .collect();
        let encoding = candidates
            .into_iter()
            .flatten()
            .filter_map(|cp| codepage::to_encoding(cp as u16))
            .find(|e| {
                ansi.iter().all(|d| {
                    e.decode_without_bom_handling_and_without_replacement(d)
                        .is_some()
                })
            })
            .unwrap_or(encoding_rs::WINDOWS_1252);
        let internet = integer(INTERNET_CPID)
            .and_then(|cp| codepage::to_encoding(cp as u16))
            .unwrap_or(encoding);
        RootProperties {
            streams,
            integers,
            encoding,
            internet,
        }
    }

    /// A string property of the root message, Unicode or 8-bit.
    fn string(&self, id: u16) -> Option<String> {
        let unicode = format!("__substg1.0_{id:04X}001F");
        let ansi = format!("__substg1.0_{id:04X}001E");
        let (name, data) = self
            .streams
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&unicode) || n.eq_ignore_ascii_case(&ansi))?;
        let text = if name.ends_with("001F") || name.ends_with("001f") {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            self.encoding
                .decode_without_bom_handling(data)
                .0
                .into_owned()
        };
        Some(text.trim_end_matches('\0').to_owned())
    }

    /// `PR_HTML`: binary (in the Internet code page, or UTF-8) or a string.
    fn html(&self) -> Option<String> {
        let binary = format!("__substg1.0_{HTML:04X}0102");
        match self
            .streams
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&binary))
        {
            Some((_, data)) => Some(match std::str::from_utf8(data) {
                Ok(text) => text.to_owned(),
                Err(_) => self
                    .internet
                    .decode_without_bom_handling(data)
                    .0
                    .into_owned(),
            }),
            None => self.string(HTML),
        }
        .map(|h| h.trim_end_matches('\0').to_owned())
    }

    fn integer(&self, id: u16) -> Option<u32> {
        self.integers
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| *v)
    }
}

/// The 32-bit integer properties (type 0x0003) of a top-level message's
/// property stream: 32 header bytes, then 16 bytes per property.
fn fixed_integers(data: &[u8]) -> Vec<(u16, u32)> {
    data.get(32..)
        .unwrap_or_default()
        .chunks_exact(16)
        .filter_map(|p| {
            let kind = u16::from_le_bytes([p[0], p[1]]);
            let id = u16::from_le_bytes([p[2], p[3]]);
            (kind == 0x0003).then(|| (id, u32::from_le_bytes([p[8], p[9], p[10], p[11]])))
        })
        .collect()
}

/// The Windows code page 8-bit strings are stored in when a message's
/// Internet code page is a 7-bit or stateful one (ISO-2022, US-ASCII, Latin-1).
fn windows_code_page(cpid: u32) -> u32 {
    match cpid {
        50220..=50222 | 51932 | 20932 => 932,
        50225 | 51949 => 949,
        52936 | 51936 | 20936 => 936,
        20127 | 28591 => 1252,
        other => other,
    }
}

/// The Windows code page of a locale (LCID), for the commonest non-Latin ones.
fn code_page_of_locale(lcid: u32) -> Option<u32> {
    Some(match lcid & 0x3FF {
        0x11 => 932,
        0x04 if lcid == 0x0404 || lcid == 0x0C04 || lcid == 0x1404 => 950,
        0x04 => 936,
        0x12 => 949,
        0x19 | 0x22 | 0x23 | 0x02 => 1251,
        0x08 => 1253,
        0x1F => 1254,
        0x0D => 1255,
        0x01 => 1256,
        0x1E => 874,
        0x05 | 0x0E | 0x15 | 0x18 | 0x1B | 0x24 => 1250,
        _ => return None,
    })
}
