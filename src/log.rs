//! `candor log add`: a communication typed at the terminal, with its items.

use anyhow::{Context, Result, bail};
use candor_core::model::{Communication, Item, ItemType, Source, from_name};
use candor_core::store::Store;
use candor_core::{Ids, Key, Kind, time};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

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
        let person = |text: &str| -> Result<Key> { Ok(store.resolve(Kind::Person, text)?.key) };
        let named = |kind: Kind, text: &str| -> Result<Key> { Ok(store.resolve(kind, text)?.key) };
        let mut items = Vec::new();
        let mut id = || ids.key(now);
        for text in &self.decision {
            let parts: Vec<&str> = text.split('|').map(str::trim).collect();
            let mut item = Item::new(id(), ItemType::Decision, parts[0]);
            if let Some(m) = parts.get(1).filter(|m| !m.is_empty()) {
                item.matter = Some(named(Kind::Matter, m)?);
            }
            items.push(item);
        }
        for (kind, list) in [
            (ItemType::Agreement, &self.agreement),
            (ItemType::Action, &self.action),
        ] {
            let flag = if kind == ItemType::Agreement {
                "agreement"
            } else {
                "action"
            };
            for text in list {
                let parts: Vec<&str> = text.split('|').map(str::trim).collect();
                let [text, owner, due] = parts[..] else {
                    bail!("--{flag} \"{text}\" must be TEXT|OWNER|DUE")
                };
                let due = NaiveDate::parse_from_str(due, "%Y-%m-%d").with_context(|| {
                    format!("--{flag} \"{text}\": \"{due}\" is not a day such as 2026-11-27")
                })?;
                let mut item = Item::new(id(), kind, text);
                item.owner = Some(person(owner)?);
                item.due = Some(due);
                items.push(item);
            }
        }
        for text in &self.instruction {
            let parts: Vec<&str> = text.split('|').map(str::trim).collect();
            let [text, department, matter, position] = parts[..] else {
                bail!("--instruction \"{text}\" must be TEXT|DEPARTMENT|MATTER|POSITION")
            };
            let mut item = Item::new(id(), ItemType::Instruction, text);
            item.position = position.to_owned();
            item.department = Some(named(Kind::Department, department)?);
            item.matter = Some(named(Kind::Matter, matter)?);
            items.push(item);
        }
        let communication = Communication {
            kind: choice(
                "kind",
                &self.kind,
                "meeting, call, email, chat, letter, ticket",
            )?,
            occurred_at: at,
            subject: self.subject.clone(),
            participants: self.with.iter().map(|w| person(w)).collect::<Result<_>>()?,
            channel: choice(
                "channel",
                &self.channel,
                "official, personal_phone, personal_email, personal_messaging, other_unofficial",
            )?,
            direction: choice(
                "direction",
                &self.direction,
                "inbound, outbound, internal, two_way",
            )?,
            minutes: self.minutes.clone(),
            minutes_internal: self.minutes_internal,
            internal_note: self.internal_note.clone(),
            source: Source {
                format: "typed".into(),
                ..Source::default()
            },
            items,
            ..Communication::default()
        };
        Ok(serde_json::to_value(communication)?)
    }
}

/// `--flag VALUE` as one of an enum's names.
fn choice<T: serde::de::DeserializeOwned>(flag: &str, value: &str, known: &str) -> Result<T> {
    from_name(value).with_context(|| format!("--{flag} \"{value}\" is not one of {known}"))
}
