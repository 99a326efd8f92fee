//! Reading one folder from where it was left: `EXAMINE` (the mailbox is never
//! changed), the UIDs after the folder's place, then in chunks the headers
//! (enough to decide what is taken) and the whole of the messages taken. Each
//! chunk is recorded with the folder's new place in one transaction, so a sync
//! stopped at any point resumes without losing or doubling a message.

use crate::connect::Imap;
use crate::{Error, Progress, Result, within};
use async_imap::types::NameAttribute;
use candor_core::import::{self, Capture, Fetched, Options, Refusal};
use candor_core::store::{Author, FolderState, Store};
use candor_core::{Ids, Key};
use chrono::Utc;
use futures_util::TryStreamExt;
use serde::Serialize;

/// UIDs whose headers are read per round trip.
const CHUNK: usize = 250;

/// Bytes of whole messages read per round trip (and recorded per transaction).
const GROUP_BYTES: u64 = 32 * 1024 * 1024;

/// What reading one folder did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FolderReport {
    pub folder: String,
    /// The server's UIDVALIDITY for the folder.
    pub uidvalidity: u32,
    /// The folder was read again from its start: its UIDVALIDITY changed.
    pub rescanned: bool,
    /// New messages looked at.
    pub seen: usize,
    pub imported: Vec<Key>,
    pub already_present: usize,
    /// Messages not to or from the engagement's people and domains.
    pub passed_over: usize,
    pub refused: Vec<Refusal>,
}

/// The record a sync writes to, and how.
pub(crate) struct Target<'a> {
    pub store: &'a mut Store,
    /// Who records; each group is recorded at its own instant.
    pub author: &'a Author,
    pub ids: &'a mut Ids,
    pub options: &'a Options,
}

/// Where a folder stands and which UIDs are new.
struct Start {
    uidvalidity: u32,
    after: u32,
    rescanned: bool,
    taken: i64,
    uids: Vec<u32>,
}

async fn start(session: &mut Imap, store: &Store, account: &str, folder: &str) -> Result<Start> {
    let mailbox = within(&format!("opening {folder}"), session.examine(folder))
        .await?
        .map_err(|e| Error::Folder {
            folder: folder.to_owned(),
            reason: e.to_string(),
        })?;
    drain(session);
    let uidvalidity = mailbox.uid_validity.ok_or_else(|| Error::Folder {
        folder: folder.to_owned(),
        reason: "the server gave no UIDVALIDITY".into(),
    })?;
    let place = store
        .mail_folders(Some(account))?
        .into_iter()
        .find(|f| f.folder == folder);
    let (after, rescanned, taken) = match place {
        Some(p) if p.uidvalidity == uidvalidity => (p.last_uid, false, p.taken),
        Some(p) => (0, true, p.taken),
        None => (0, false, 0),
    };
    let mut uids: Vec<u32> = if mailbox.exists == 0 {
        Vec::new()
    } else {
        // `n:*` always includes the highest UID, even below n: keep only those after.
        within(
            &format!("listing {folder}"),
            session.uid_search(format!("UID {}:*", u64::from(after) + 1)),
        )
        .await??
        .into_iter()
        .filter(|u| *u > after)
        .collect()
    };
    drain(session);
    uids.sort_unstable();
    Ok(Start {
        uidvalidity,
        after,
        rescanned,
        taken,
        uids,
    })
}

/// Reads the folder's new messages into the record.
pub(crate) async fn sync(
    session: &mut Imap,
    target: &mut Target<'_>,
    capture: &Capture,
    account: &str,
    folder: &str,
    progress: &mut dyn FnMut(&Progress),
) -> Result<FolderReport> {
    let start = start(session, target.store, account, folder).await?;
    let mut report = FolderReport {
        folder: folder.to_owned(),
        uidvalidity: start.uidvalidity,
        rescanned: start.rescanned,
        seen: start.uids.len(),
        ..FolderReport::default()
    };
    let mut place = FolderState {
        account: account.to_owned(),
        folder: folder.to_owned(),
        uidvalidity: start.uidvalidity,
        last_uid: start.after,
        synced_at: Utc::now(),
        taken: start.taken,
    };
    progress(&Progress {
        account: account.to_owned(),
        folder: folder.to_owned(),
        done: 0,
        total: start.uids.len(),
    });
    if start.uids.is_empty() {
        target.store.set_mail_folder(&place)?;
        return Ok(report);
    }
    let mut done = 0;
    for chunk in start.uids.chunks(CHUNK) {
        let headers = fetch(
            session,
            folder,
            chunk,
            "(UID RFC822.SIZE BODY.PEEK[HEADER])",
            true,
        )
        .await?;
        let glimpses = import::preview(capture, &headers, target.options);
        // Unreadable headers are fetched whole, so that the refusal says why.
        let wanted: Vec<(u32, u64)> = glimpses
            .iter()
            .zip(&headers)
            .filter(|(g, _)| g.taken || g.problem.is_some())
            .map(|(g, h)| (g.uid, h.size))
            .collect();
        report.passed_over += chunk.len() - wanted.len();
        // Bodies are read a few megabytes at a time; each group is recorded with
        // the place just past it, the last one with the chunk's end.
        let mut groups: Vec<Vec<u32>> = vec![Vec::new()];
        let mut bytes = 0;
        for (uid, size) in wanted {
            if size > target.options.max_message_bytes as u64 {
                report.refused.push(Refusal {
                    file: format!("{account}/{folder}"),
                    at: Some(uid),
                    reason: format!(
                        "the message is {size} bytes, over the limit of {}",
                        target.options.max_message_bytes
                    ),
                });
                continue;
            }
            if bytes + size > GROUP_BYTES && !groups.last().is_some_and(Vec::is_empty) {
                groups.push(Vec::new());
                bytes = 0;
            }
            bytes += size;
            groups.last_mut().expect("one group at least").push(uid);
        }
        let last = groups.len() - 1;
        for (i, group) in groups.into_iter().enumerate() {
            let bodies = if group.is_empty() {
                Vec::new()
            } else {
                fetch(session, folder, &group, "(UID BODY.PEEK[])", false).await?
            };
            place.last_uid = match group.last() {
                Some(uid) if i < last => *uid,
                _ => *chunk.last().expect("chunks are not empty"),
            };
            place.synced_at = Utc::now();
            let author = Author::new(target.author.actor.clone(), place.synced_at);
            let taken = import::import_fetched(
                target.store,
                &author,
                target.ids,
                capture,
                &place,
                bodies,
                target.options,
            )?;
            report.passed_over += taken.passed_over;
            report.already_present += taken.already_present;
            report.imported.extend(taken.imported);
            report.refused.extend(taken.refused);
        }
        done += chunk.len();
        progress(&Progress {
            account: account.to_owned(),
            folder: folder.to_owned(),
            done,
            total: start.uids.len(),
        });
    }
    Ok(report)
}

/// The headers of the folder's new messages, for a preview (nothing is recorded).
pub(crate) async fn glimpse(
    session: &mut Imap,
    store: &Store,
    account: &str,
    folder: &str,
) -> Result<Vec<Fetched>> {
    let start = start(session, store, account, folder).await?;
    let mut all = Vec::new();
    for chunk in start.uids.chunks(CHUNK) {
        all.extend(
            fetch(
                session,
                folder,
                chunk,
                "(UID RFC822.SIZE BODY.PEEK[HEADER])",
                true,
            )
            .await?,
        );
    }
    Ok(all)
}

/// `UID FETCH` of these UIDs: their headers or their whole bytes.
async fn fetch(
    session: &mut Imap,
    folder: &str,
    uids: &[u32],
    query: &str,
    header: bool,
) -> Result<Vec<Fetched>> {
    let set = uid_set(uids);
    let what = format!("reading {folder}");
    let fetched = within(&what, async {
        let stream = session.uid_fetch(&set, query).await?;
        stream.try_collect::<Vec<_>>().await
    })
    .await??;
    drain(session);
    let mut out: Vec<Fetched> = fetched
        .iter()
        .filter_map(|f| {
            let uid = f.uid?;
            let bytes = if header { f.header() } else { f.body() }?;
            Some(Fetched {
                uid,
                size: f.size.map_or(bytes.len() as u64, u64::from),
                bytes: bytes.to_vec(),
            })
        })
        .filter(|f| uids.binary_search(&f.uid).is_ok())
        .collect();
    out.sort_by_key(|f| f.uid);
    out.dedup_by_key(|f| f.uid);
    Ok(out)
}

/// Sorted UIDs as an IMAP sequence set, runs folded into ranges: `1:4,7,9:12`.
fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let mut j = i;
        while j + 1 < uids.len() && uids[j + 1] == uids[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            uids[i].to_string()
        } else {
            format!("{}:{}", uids[i], uids[j])
        });
        i = j + 1;
    }
    parts.join(",")
}

/// Drops what the server said unasked (EXISTS, FLAGS…): nothing here needs it,
/// and a full queue would stall the session.
pub(crate) fn drain(session: &mut Imap) {
    while session.unsolicited_responses.try_recv().is_ok() {}
}

/// The account's folders as the server names them: a special-use name such as
/// `\Sent` becomes the folder marked so (RFC 6154), else one with a usual name;
/// one the server does not have is an error of its own, not of the others.
pub(crate) async fn resolve(session: &mut Imap, folders: &[String]) -> Result<Vec<Result<String>>> {
    if !folders.iter().any(|f| f.starts_with('\\')) {
        return Ok(folders.iter().cloned().map(Ok).collect());
    }
    let names = within("listing the folders", async {
        let stream = session.list(Some(""), Some("*")).await?;
        stream.try_collect::<Vec<_>>().await
    })
    .await??;
    drain(session);
    let mut out = Vec::new();
    for wanted in folders {
        let Some(special) = wanted.strip_prefix('\\') else {
            out.push(Ok(wanted.clone()));
            continue;
        };
        let marked = names.iter().find(|n| {
            n.attributes().iter().any(|a| match a {
                NameAttribute::Sent => special.eq_ignore_ascii_case("sent"),
                NameAttribute::Drafts => special.eq_ignore_ascii_case("drafts"),
                NameAttribute::Archive => special.eq_ignore_ascii_case("archive"),
                NameAttribute::All => special.eq_ignore_ascii_case("all"),
                _ => false,
            })
        });
        let usual: &[&str] = if special.eq_ignore_ascii_case("sent") {
            &[
                "Sent",
                "Sent Items",
                "Sent Messages",
                "Sent Mail",
                "INBOX.Sent",
                "[Gmail]/Sent Mail",
            ]
        } else {
            &[]
        };
        let named = || {
            usual
                .iter()
                .find_map(|u| names.iter().find(|n| n.name().eq_ignore_ascii_case(u)))
        };
        match marked.or_else(named) {
            Some(n) if out.iter().any(|o| o.as_ref().is_ok_and(|o| o == n.name())) => {}
            Some(n) => out.push(Ok(n.name().to_owned())),
            None => out.push(Err(Error::Folder {
                folder: wanted.clone(),
                reason: format!(
                    "the server marks no folder as {wanted} and none has a usual name for it; name the folder instead"
                ),
            })),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::uid_set;

    #[test]
    fn runs_of_uids_fold_into_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 4, 7, 9, 10, 11, 12]), "1:4,7,9:12");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[]), "");
        assert_eq!(uid_set(&[1, 3, 5]), "1,3,5");
    }
}
