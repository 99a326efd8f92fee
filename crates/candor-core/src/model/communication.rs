use super::Record;
use crate::key::Key;
use crate::kind::Kind;
use crate::validate::Validator;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What sort of communication it was.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CommKind {
    #[default]
    #[schemars(title = "Meeting")]
    Meeting,
    #[schemars(title = "Call")]
    Call,
    #[schemars(title = "E-mail")]
    Email,
    #[schemars(title = "Chat")]
    Chat,
    #[schemars(title = "Letter")]
    Letter,
    #[schemars(title = "Ticket")]
    Ticket,
}

/// Whether it went through an official channel, or which unofficial one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    #[schemars(title = "Official")]
    Official,
    #[schemars(title = "Personal phone")]
    PersonalPhone,
    #[schemars(title = "Personal e-mail")]
    PersonalEmail,
    #[schemars(title = "Personal messaging")]
    PersonalMessaging,
    #[schemars(title = "Other unofficial")]
    OtherUnofficial,
}

/// Who spoke to whom, from the provider's side.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the client or a third party to the provider.
    #[schemars(title = "Inbound (to us)")]
    Inbound,
    /// From the provider to the client or a third party.
    #[schemars(title = "Outbound (from us)")]
    Outbound,
    /// Within the provider.
    #[schemars(title = "Internal (within the provider)")]
    Internal,
    /// Both ways: a meeting or call.
    #[default]
    #[schemars(title = "Two-way (meeting, call)")]
    TwoWay,
}

/// Whether a communication took place.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CommStatus {
    #[default]
    #[schemars(title = "Held")]
    Held,
    /// Planned (an imported calendar event): not yet evidence that it happened.
    #[schemars(title = "Scheduled")]
    Scheduled,
    #[schemars(title = "Cancelled")]
    Cancelled,
}

/// Where a communication's record came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `typed`, `eml`, `mbox`, `msg`, `imap`, `ics` or `csv`.
    pub format: String,
    /// The imported file's name and SHA-256.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file_sha256: String,
    /// SHA-256 of the original bytes of this message or event (kept in the blob store).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub original_sha256: String,
    /// Message-ID of an e-mail, UID of a calendar event.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message_id: String,
    /// A calendar event's SEQUENCE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<i64>,
    /// Message index in an mbox, or line in a CSV, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
}

/// An attachment of an imported message: metadata only (the bytes stay in the original).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
}

/// What an item of a communication records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    Decision,
    Agreement,
    Action,
    Instruction,
}

/// Progress of an agreement or action item.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    Open,
    Done,
    Cancelled,
}

/// A decision, agreement/commitment, action item or instruction recorded in a communication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable within the record (flags and disclosures point at it).
    pub id: Key,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub text: String,
    /// The matter it is filed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<Key>,
    /// Who commits to it (agreements, actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Key>,
    /// Due at the end of this day in the engagement's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: ItemStatus,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    pub done_at: Option<DateTime<Utc>>,
    /// Instructions: the client department giving it, and its position on the matter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Key>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub position: String,
    /// The text is internal-only (never in the client edition).
    #[serde(default)]
    pub internal: bool,
}

impl Item {
    /// An open item of `item_type` with nothing but its id and text.
    pub fn new(id: Key, item_type: ItemType, text: &str) -> Item {
        Item {
            id,
            item_type,
            text: text.to_owned(),
            matter: None,
            owner: None,
            due: None,
            status: ItemStatus::Open,
            done_at: None,
            department: None,
            position: String::new(),
            internal: false,
        }
    }
}

/// A meeting, call, e-mail, chat, letter or ticket, with what was said and agreed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    pub kind: CommKind,
    #[serde(default)]
    pub status: CommStatus,
    /// When it happened (the start of a meeting; an e-mail's Date).
    #[serde(with = "crate::time::serde_millis")]
    #[schemars(with = "crate::time::Instant")]
    #[schemars(title = "When")]
    pub occurred_at: DateTime<Utc>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    #[schemars(title = "Ended")]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default)]
    pub direction: Direction,
    /// The sender of a message, or the organiser of a meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Key>,
    /// Everyone who took part or received it (people of the record).
    #[serde(default)]
    pub participants: Vec<Key>,
    /// Raw addresses of an imported message or event, lower-case, sender first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-input" = "other"))]
    pub addresses: Vec<String>,
    pub subject: String,
    /// Markdown minutes or the message text.
    #[serde(default)]
    pub minutes: String,
    /// The minutes are internal-only.
    #[serde(default)]
    pub minutes_internal: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    #[schemars(title = "Minutes sent")]
    pub minutes_sent_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::serde_millis_opt"
    )]
    #[schemars(with = "Option<crate::time::Instant>")]
    #[schemars(title = "Client confirmed")]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<Key>,
    /// Where the record came from: written by Candor, never typed in a form.
    #[serde(default)]
    #[schemars(extend("x-input" = "other"))]
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Communication {
    fn label(&self) -> String {
        self.subject.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("subject", &self.subject);
        if let Some(end) = self.ends_at
            && end < self.occurred_at
        {
            v.fail("ends_at", "ends before it starts");
        }
        if let Some(from) = &self.from {
            v.reference("from", from, Kind::Person);
        }
        for (i, p) in self.participants.iter().enumerate() {
            v.reference(&format!("participants[{i}]"), p, Kind::Person);
        }
        if let Some(sent) = self.minutes_sent_at
            && sent < self.occurred_at
        {
            v.fail(
                "minutes_sent_at",
                "minutes cannot be sent before the communication took place",
            );
        }
        match (self.minutes_sent_at, self.confirmed_at) {
            (None, Some(_)) => v.fail(
                "confirmed_at",
                "minutes cannot be confirmed before they are sent",
            ),
            (Some(sent), Some(confirmed)) if confirmed < sent => {
                v.fail("confirmed_at", "is before the minutes were sent")
            }
            _ => {}
        }
        if let Some(by) = &self.confirmed_by {
            v.reference("confirmed_by", by, Kind::Person);
        }
        if !matches!(
            self.source.format.as_str(),
            "" | "typed" | "eml" | "mbox" | "msg" | "imap" | "ics" | "csv"
        ) {
            v.fail(
                "source.format",
                format!("unknown source format \"{}\"", self.source.format),
            );
        }
        let mut ids = std::collections::HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let f = |name: &str| format!("items[{i}].{name}");
            if !ids.insert(&item.id) {
                v.fail(&f("id"), format!("duplicate item id \"{}\"", item.id));
            }
            v.required(&f("id"), item.id.as_str());
            v.required(&f("text"), &item.text);
            if let Some(m) = &item.matter {
                v.reference(&f("matter"), m, Kind::Matter);
            }
            if let Some(o) = &item.owner {
                v.reference(&f("owner"), o, Kind::Person);
            }
            if item.status == ItemStatus::Done && item.done_at.is_none() {
                v.fail(&f("done_at"), "a done item needs the time it was done");
            }
            match item.item_type {
                ItemType::Agreement | ItemType::Action if item.owner.is_none() => v.fail(
                    &f("owner"),
                    "an agreement or action needs an owner (who commits to it)",
                ),
                ItemType::Instruction => {
                    match &item.department {
                        Some(d) => v.reference(&f("department"), d, Kind::Department),
                        None => v.fail(
                            &f("department"),
                            "an instruction needs the department that gave it",
                        ),
                    }
                    if item.matter.is_none() {
                        v.fail(&f("matter"), "an instruction is given on a matter");
                    }
                    v.required(&f("position"), &item.position);
                }
                _ => {}
            }
        }
    }
}

/// A named topic ("invoice cut-off") that instructions, decisions and agreements are filed under.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    #[schemars(extend("x-hint" = "A topic instructions and decisions are filed under, e.g. \"Invoice cut-off\"."))]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub internal_note: String,
}

impl Record for Matter {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.required("name", &self.name);
    }
}

/// A remembered answer for an e-mail address that matched nobody on import.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressMapping {
    /// The address, lower-case.
    pub address: String,
    /// The person it belongs to; absent when the address is to be ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Key>,
}

impl Record for AddressMapping {
    fn label(&self) -> String {
        self.address.clone()
    }
    fn validate(&self, v: &mut Validator<'_>) {
        v.email("address", &self.address);
        if self.address != self.address.to_lowercase() {
            v.fail("address", "addresses are kept in lower case");
        }
        if let Some(p) = &self.person {
            v.reference("person", p, Kind::Person);
        }
    }
}
