//! `candor log add`: a communication typed at the terminal, with its items.

use anyhow::{Context, Result, bail};
use candor_core::store::Store;
use candor_core::{Ids, Kind, time};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// Arguments of `candor log add`.
#[derive(clap::Args)]
pub struct AddArgs {
    /// meeting, call, email, chat, letter, ticket.
    #[arg(long, default_value = "meeting")]
    kind: String,
    /// When it happened: RFC 3339, or "YYYY-MM-DD HH:MM" in the engagement's time zone.
    #[arg(long)]
    at: String,
    #[arg(long)]
    subject: String,
    /// A participant (name, e-mail or key); repeat for each.
    #[arg(long = "with", value_name = "PERSON")]
    with: Vec<String>,
    /// official, personal_phone, personal_email, personal_messaging, other_unofficial.
    #[arg(long, default_value = "official")]
    channel: String,
    /// inbound, outbound, internal, two_way.
    #[arg(long, default_value = "two_way")]
    direction: String,
    /// Minutes (Markdown).
    #[arg(long, default_value = "")]
    minutes: String,
    /// The minutes are internal-only.
    #[arg(long)]
    minutes_internal: bool,
    #[arg(long, default_value = "")]
    internal_note: String,
    /// A decision: "TEXT" or "TEXT|MATTER".
    #[arg(long)]
    decision: Vec<String>,
    /// An agreement: "TEXT|OWNER|DUE" (DUE as YYYY-MM-DD).
    #[arg(long)]
    agreement: Vec<String>,
    /// An action item: "TEXT|OWNER|DUE".
    #[arg(long)]
    action: Vec<String>,
    /// An instruction: "TEXT|DEPARTMENT|MATTER|POSITION".
    #[arg(long)]
    instruction: Vec<String>,
    #[arg(long)]
    json: bool,
}

impl AddArgs {
    /// Whether the result is wanted as JSON.
    pub fn json(&self) -> bool {
        self.json
    }

    /// The communication's data, with names resolved to keys.
    pub fn data(&self, store: &Store, ids: &mut Ids, now: DateTime<Utc>) -> Result<Value> {
        let zone = store.time_zone()?;
        let at = time::parse_local(&self.at, zone)
            .with_context(|| format!("--at \"{}\" is not a time", self.at))?;
        let person =
            |text: &str| -> Result<String> { Ok(store.resolve(Kind::Person, text)?.key.0) };
        let participants: Vec<String> =
            self.with.iter().map(|w| person(w)).collect::<Result<_>>()?;
        let mut items = Vec::new();
        let mut id = || ids.key(now).0;
        for text in &self.decision {
            let parts: Vec<&str> = text.split('|').map(str::trim).collect();
            let mut item = json!({"id": id(), "type": "decision", "text": parts[0]});
            if let Some(m) = parts.get(1).filter(|m| !m.is_empty()) {
                item["matter"] = json!(store.resolve(Kind::Matter, m)?.key);
            }
            items.push(item);
        }
        for (kind, list) in [("agreement", &self.agreement), ("action", &self.action)] {
            for text in list {
                let parts: Vec<&str> = text.split('|').map(str::trim).collect();
                let [text, owner, due] = parts[..] else {
                    bail!("--{kind} \"{text}\" must be TEXT|OWNER|DUE")
                };
                items.push(json!({"id": id(), "type": kind, "text": text, "owner": person(owner)?, "due": due}));
            }
        }
        for text in &self.instruction {
            let parts: Vec<&str> = text.split('|').map(str::trim).collect();
            let [text, department, matter, position] = parts[..] else {
                bail!("--instruction \"{text}\" must be TEXT|DEPARTMENT|MATTER|POSITION")
            };
            items.push(json!({
                "id": id(), "type": "instruction", "text": text, "position": position,
                "department": store.resolve(Kind::Department, department)?.key,
                "matter": store.resolve(Kind::Matter, matter)?.key,
            }));
        }
        Ok(json!({
            "kind": self.kind, "occurred_at": time::format(at), "subject": self.subject, "participants": participants,
            "channel": self.channel, "direction": self.direction, "minutes": self.minutes,
            "minutes_internal": self.minutes_internal, "internal_note": self.internal_note,
            "source": {"format": "typed"}, "items": items,
        }))
    }
}
