//! Issuing a report is an explicit, audited act: what was sent, to whom, and
//! the SHA-256 of the exact file, so the file can be verified later.

use crate::canonical::sha256_hex;
use crate::error::Result;
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::model::IssuedReport;
use crate::store::{Author, Change, Store};

pub use crate::model::IssuedReport as Issued;

/// Records that `bytes` (a rendered report) were sent to `recipients`.
#[allow(clippy::too_many_arguments)]
pub fn issue(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    week: &str,
    edition: &str,
    format: &str,
    file_name: &str,
    bytes: &[u8],
    checkpoint: &str,
    recipients: Vec<Key>,
) -> Result<Key> {
    let record = IssuedReport {
        week: week.to_owned(),
        edition: edition.to_owned(),
        format: format.to_owned(),
        recipients,
        file_name: file_name.to_owned(),
        sha256: sha256_hex(bytes),
        size: bytes.len() as u64,
        checkpoint: checkpoint.to_owned(),
    };
    let data = serde_json::to_value(record).expect("an issued report serialises");
    let done = store.apply(
        author,
        ids,
        vec![Change::Create {
            kind: Kind::IssuedReport,
            key: None,
            data,
        }],
    )?;
    Ok(done[0].0.clone())
}

/// The issued report whose file is exactly `bytes`, with when it was recorded.
pub fn verify_file(store: &Store, bytes: &[u8]) -> Result<Option<(String, IssuedReport)>> {
    let sha = sha256_hex(bytes);
    for row in store.list(Kind::IssuedReport, false)? {
        if row.data["sha256"].as_str() == Some(sha.as_str()) {
            let issued: IssuedReport = serde_json::from_value(row.data)
                .map_err(|e| crate::Error::Refused(format!("{}: {e}", row.key)))?;
            let recorded = store
                .history(&row.key)?
                .first()
                .map(|h| crate::time::format(h.version.recorded_at))
                .unwrap_or_default();
            return Ok(Some((recorded, issued)));
        }
    }
    Ok(None)
}
