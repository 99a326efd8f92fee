//! What a dossier holds: plain data, already filtered for its edition, with
//! times as local text. Every format renders this one structure.

use crate::report::{Edition, FlagRow};
use serde::Serialize;

/// One matter's dossier.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub format: &'static str,
    /// `dossier`: tells the PDF typesetter which layout to use.
    pub document: &'static str,
    pub edition: Edition,
    pub engagement: String,
    pub client: String,
    pub provider: String,
    pub time_zone: String,
    /// The matter's key and name.
    pub key: String,
    pub matter: String,
    pub description: String,
    /// Internal edition only.
    pub internal_note: String,
    /// "Mon 7 Dec 2026, 09:00": the instant the record is read as known at.
    pub as_of: String,
    /// The audit chain head at that instant: the dossier's witness.
    pub checkpoint: String,
    pub summary: String,
    /// Each department's latest position on the matter.
    pub positions: Vec<Position>,
    /// Everything on record about the matter, oldest first.
    pub entries: Vec<Entry>,
    /// Flags about the matter's entries, as judged at `as_of`.
    pub flags: Vec<FlagRow>,
}

/// A department's position on the matter, from its latest instruction.
#[derive(Debug, Clone, Serialize)]
pub struct Position {
    /// "Northwind Foods Finance".
    pub department: String,
    pub position: String,
    /// When and where it was given: "Tue 10 Nov 2026 in "Cut-off: no exceptions"".
    pub given: String,
    /// Its earlier, different positions, oldest first ("accrue freight (Thu 1 Oct)").
    pub earlier: Vec<String>,
}

/// One entry of the dossier's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// "Tue 10 Nov 2026, 14:00" in the engagement's zone.
    pub when: String,
    /// "call", "meeting", "email", "workaround", "request", "incident", "disclosure", …
    pub kind: String,
    pub title: String,
    /// Facts in words: who took part, the approval, the disclosure, the minutes' standing.
    pub lines: Vec<String>,
    /// A communication's minutes (empty when internal-only in the client edition).
    pub minutes: String,
    /// A communication's items filed under the matter.
    pub items: Vec<ItemLine>,
    /// The audit events that recorded it, and its kept original.
    pub evidence: Vec<String>,
    /// Internal edition only.
    pub internal_note: String,
}

/// An instruction, decision, agreement or action item filed under the matter.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    /// "instruction", "decision", "agreement", "action".
    pub kind: String,
    pub text: String,
    /// A department's position, or an agreement's owner, due day and fate.
    pub detail: String,
}
