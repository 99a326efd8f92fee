//! How the CLI prints entries, histories and events.

use candor_core::audit::Event;
use candor_core::store::{EntityRow, HistoryEntry};
use serde::Serialize;

/// Pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// One line per entry: key, version, label.
pub fn rows(rows: &[EntityRow]) {
    for r in rows {
        let voided = if r.voided { "  [voided]" } else { "" };
        println!("{:<38} v{:<3} {}{voided}", r.key, r.version, r.label);
    }
}

/// An entry's fields, one per line.
pub fn entity(row: &EntityRow) {
    println!("{} {} (v{}){}", row.kind, row.key, row.version, if row.voided { " — voided" } else { "" });
    if let Some(map) = row.data.as_object() {
        for (field, value) in map {
            let shown = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("  {field}: {shown}");
        }
    }
}

/// Every version: when, who, what, why.
pub fn history(entries: &[HistoryEntry]) {
    for h in entries {
        let v = &h.version;
        let reason = v.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
        println!(
            "v{} {:<6} {} by {} (event #{}){reason}",
            v.version,
            format!("{:?}", v.action).to_lowercase(),
            candor_core::time::format(v.recorded_at),
            h.actor_name,
            h.seq
        );
    }
}

/// One line per audit event.
pub fn events(events: &[Event]) {
    for e in events {
        println!("#{:<6} {} {:<38} {:<38} {}", e.seq, e.at, e.actor, e.entity, &e.hash[..16]);
    }
}
