//! How the CLI prints entries, histories and events.

use candor_core::audit::Event;
use candor_core::error::Class;
use candor_core::store::{EntityRow, HistoryEntry};
use serde::Serialize;
use std::io::Write;

/// Exit codes, one table for every command (docs/cli.md).
pub mod code {
    /// A check failed (`audit verify`, `report verify`).
    pub const CHECK_FAILED: u8 = 1;
    pub const INVALID: u8 = 3;
    pub const NOT_FOUND: u8 = 4;
    pub const CONFLICT: u8 = 5;
    pub const BUSY: u8 = 6;
    pub const DAMAGED: u8 = 7;
    pub const IO: u8 = 8;
}

/// Writes to standard output. A closed pipe (`candor list | head`) ends the
/// command quietly with success; any other failure (a full disk) is said once.
pub fn emit(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let what = if e.kind() == std::io::ErrorKind::StorageFull {
            "the disk is full".to_owned()
        } else {
            e.to_string()
        };
        eprintln!("candor: cannot write to standard output: {what}");
        std::process::exit(i32::from(code::IO));
    }
}

/// The exit code for an error: by the kind of the core's error, else by
/// whether a file could not be read or written, else invalid input.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if let Some(core) = e
        .chain()
        .find_map(|c| c.downcast_ref::<candor_core::Error>())
    {
        return match core.class() {
            Class::Invalid => code::INVALID,
            Class::NotFound => code::NOT_FOUND,
            Class::Conflict => code::CONFLICT,
            Class::Busy => code::BUSY,
            Class::Damaged => code::DAMAGED,
            Class::Io => code::IO,
        };
    }
    if e.chain().any(|c| c.is::<std::io::Error>()) {
        code::IO
    } else {
        code::INVALID
    }
}

/// An error and its causes, each said once.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() == std::io::ErrorKind::StorageFull => "the disk is full".into(),
            _ => cause.to_string(),
        };
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// Pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A value as one line of JSON (a stream of them: JSON Lines).
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
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
    println!(
        "{} {} (v{}){}",
        row.kind,
        row.key,
        row.version,
        if row.voided { " — voided" } else { "" }
    );
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
        let reason = v
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
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
        println!(
            "#{:<6} {} {:<38} {:<38} {}",
            e.seq,
            e.at,
            e.actor,
            e.entity,
            &e.hash[..16]
        );
    }
}

/// The summary that ends an import: imported, already present, refused with where and why.
pub fn import_summary(reports: &[candor_core::import::Report]) {
    let (mut imported, mut amended, mut present, mut refused) = (0, 0, 0, 0);
    for r in reports {
        imported += r.imported.len();
        amended += r.amended.len();
        present += r.already_present;
        refused += r.refused.len();
        for refusal in &r.refused {
            println!("refused {refusal}");
        }
        if let Some(note) = &r.note {
            println!("note {}: {note}", r.file);
        }
        if r.file_refused {
            println!(
                "refused the whole file {}: nothing of it was written",
                r.file
            );
        }
    }
    println!(
        "imported {imported}, updated {amended}, already present {present}, refused {refused}"
    );
}

/// A page of the communications log.
pub fn log_page(store: &candor_core::Store, page: &candor_core::log::Page) -> anyhow::Result<()> {
    let zone = store.time_zone()?;
    for r in &page.rows {
        let at = r.data["occurred_at"]
            .as_str()
            .and_then(candor_core::time::parse)
            .map(|t| {
                t.with_timezone(&zone)
                    .format("%a %d %b %Y %H:%M")
                    .to_string()
            });
        println!(
            "{:<38} {:<22} {:<8} {}",
            r.key,
            at.unwrap_or_default(),
            r.data["kind"].as_str().unwrap_or(""),
            r.label
        );
    }
    println!(
        "{} of {} (from {})",
        page.rows.len(),
        page.total,
        page.offset
    );
    Ok(())
}

/// Search hits with the matches in brackets.
pub fn hits(hits: &[candor_core::log::Hit]) {
    for h in hits {
        let snippet = h
            .snippet
            .replace(candor_core::log::MARK_START, "[")
            .replace(candor_core::log::MARK_END, "]")
            .replace('\n', " ");
        println!("{} {:<13} {}\n    {snippet}", h.key, h.kind, h.title);
    }
}

/// Flags grouped by severity, each as a sentence with its rule beneath.
pub fn flags(flags: &[candor_core::flags::Flag]) {
    for f in flags {
        let state = match f.state {
            candor_core::flags::State::Open => String::new(),
            s => format!(" [{}]", format!("{s:?}").to_lowercase()),
        };
        println!(
            "{:<6} {}{state}\n       {} · since {} · {}",
            format!("{:?}", f.severity).to_uppercase(),
            f.message,
            f.rule,
            candor_core::time::format(f.since),
            f.id
        );
        if let Some(clause) = &f.clause {
            println!("       rests on: {clause}");
        }
        if let Some(e) = &f.escalation {
            println!("       escalation: {}", e.clause);
        }
        if let Some(note) = &f.note {
            println!("       note: {note}");
        }
    }
    println!("{} flags", flags.len());
}
