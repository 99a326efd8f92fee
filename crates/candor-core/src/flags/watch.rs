//! Which communications the rules can read. Of a million, almost all are
//! settled: minutes sent and confirmed, items done. A communication is
//! *watched* until the instant from which no rule that judges communications
//! one at a time (or by matter) can flag it any more; the store keeps that
//! instant in `comm_watch`, in the communication's own write transaction, and
//! `audit verify` derives it again. The rules' other readings of
//! communications — the latest update each person had, the ones other
//! records cite, the ones still to happen — are found through their own
//! indexes ([`crate::record::Snapshot::load_now`]).
//!
//! The flags over the watched ones are exactly the flags over all of them:
//! a property test holds the two to each other.

use crate::model::{CommKind, CommStatus, Communication, ItemStatus, ItemType};
use chrono::{DateTime, Utc};

/// Forever: a watch that no instant ends.
pub const FOREVER: i64 = i64::MAX;

/// Until when (milliseconds since the epoch) `c` stays watched, or `None`
/// when no rule could ever flag it on its own.
pub fn until(c: &Communication) -> Option<i64> {
    let ms = |t: Option<DateTime<Utc>>| t.map_or(FOREVER, |t| t.timestamp_millis());
    let mut until: Option<i64> = None;
    let mut keep = |t: i64| until = Some(until.map_or(t, |u| u.max(t)));
    // agreement-unminuted: a held meeting or call with agreements, until its minutes go out.
    if matches!(c.kind, CommKind::Meeting | CommKind::Call)
        && c.status == CommStatus::Held
        && c.items
            .iter()
            .any(|i| matches!(i.item_type, ItemType::Agreement | ItemType::Decision))
    {
        keep(ms(c.minutes_sent_at));
    }
    // minutes-unconfirmed: minutes sent, until the client confirms them.
    if c.minutes_sent_at.is_some() {
        keep(ms(c.confirmed_at));
    }
    for i in &c.items {
        // commitment-overdue: an open agreement or action with a due day, until it is done.
        if i.due.is_some()
            && matches!(i.item_type, ItemType::Agreement | ItemType::Action)
            && i.status != ItemStatus::Cancelled
        {
            match (i.status, i.done_at) {
                (ItemStatus::Done, Some(done)) => keep(done.timestamp_millis()),
                (ItemStatus::Done, None) => {}
                _ => keep(FOREVER),
            }
        }
        // instructions-conflict: every instruction and decision on a matter.
        if i.matter.is_some() && matches!(i.item_type, ItemType::Instruction | ItemType::Decision) {
            keep(FOREVER);
        }
    }
    // off-channel-contact holds for good once it holds.
    if c.channel != crate::model::Channel::Official {
        keep(FOREVER);
    }
    until
}
