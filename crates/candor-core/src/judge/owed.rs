//! Commitments owed: open agreements and action items with a due day, as the
//! record stands at the snapshot's instant. The `commitment-overdue` rule,
//! the app's "owed this week" list and the due-today reminders read this.

use crate::key::Key;
use crate::model::{Item, ItemStatus, ItemType};
use crate::record::Index;
use crate::record::calendar::{end_of_day, local_date};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// An open agreement or action item with a due day.
#[derive(Debug, Clone, Serialize)]
pub struct Commitment {
    /// The communication it was made in, and its subject.
    pub communication: Key,
    pub source: String,
    /// The item's id within the communication.
    pub id: Key,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub text: String,
    pub owner: Option<Key>,
    /// The owner's name, or "" when nobody owns it.
    pub owner_name: String,
    pub due: NaiveDate,
    /// The end of the due day in the engagement's zone.
    #[serde(serialize_with = "crate::time::serde_millis::serialize")]
    pub due_end: DateTime<Utc>,
    /// Local days past the due day: 0 on it, negative before it.
    pub days_late: i64,
    /// Whether the due day has ended.
    pub overdue: bool,
}

/// Whether an item is still owed at `at`: an agreement or action, neither
/// cancelled nor done by then.
pub fn still_open(item: &Item, at: DateTime<Utc>) -> bool {
    matches!(item.item_type, ItemType::Agreement | ItemType::Action)
        && item.status != ItemStatus::Cancelled
        && !(item.status == ItemStatus::Done && item.done_at.is_none_or(|t| t <= at))
}

/// Every commitment still open at the snapshot's instant, in communications
/// that had happened by then; the earliest due first.
pub fn open_commitments(ix: &Index<'_>) -> Vec<Commitment> {
    let (at, zone) = (ix.s.at, ix.s.zone);
    let today = local_date(at, zone);
    let mut out = Vec::new();
    for c in
        ix.s.communications
            .iter()
            .filter(|c| c.data.occurred_at <= at)
    {
        for i in c.data.items.iter().filter(|i| still_open(i, at)) {
            let Some(due) = i.due else { continue };
            let due_end = end_of_day(due, zone);
            out.push(Commitment {
                communication: c.key.clone(),
                source: c.data.subject.clone(),
                id: i.id.clone(),
                item_type: i.item_type,
                text: i.text.clone(),
                owner: i.owner.clone(),
                owner_name: i.owner.as_ref().map(|o| ix.label(o)).unwrap_or_default(),
                due,
                due_end,
                days_late: (today - due).num_days(),
                overdue: at >= due_end,
            });
        }
    }
    out.sort_by(|a, b| (a.due, &a.text, &a.id).cmp(&(b.due, &b.text, &b.id)));
    out
}

/// The open commitments due on or before `until` (a local day), overdue ones included.
pub fn due_by(ix: &Index<'_>, until: NaiveDate) -> Vec<Commitment> {
    let mut list = open_commitments(ix);
    list.retain(|c| c.due <= until);
    list
}

/// The open commitments falling due on the snapshot's local day.
pub fn due_today(ix: &Index<'_>) -> Vec<Commitment> {
    let today = local_date(ix.s.at, ix.s.zone);
    let mut list = open_commitments(ix);
    list.retain(|c| c.due == today);
    list
}
