//! Addresses of imported messages that match nobody, and remembering what
//! the user says about them.

use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::model::Communication;
use crate::store::{Author, Change, Store};
use serde::Serialize;
use serde_json::json;

/// An address seen on imported communications that matches no person and no mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    pub address: String,
    /// How many communications carry it.
    pub communications: i64,
}

/// Every unmatched address, most frequent first.
pub fn unmatched(store: &Store) -> Result<Vec<Unmatched>> {
    store.query_rows(
        "SELECT ca.address, count(*) FROM comm_addresses ca JOIN comm_index ci ON ci.key = ca.key AND ci.voided = 0
         WHERE ca.address NOT IN (SELECT lower(j.value) FROM entities e, json_each(e.data, '$.emails') j WHERE e.kind = 'person' AND e.voided = 0)
           AND ca.address NOT IN (SELECT json_extract(data, '$.address') FROM entities WHERE kind = 'address_mapping' AND voided = 0)
         GROUP BY ca.address ORDER BY count(*) DESC, ca.address",
        |r| Ok(Unmatched { address: r.get(0)?, communications: r.get(1)? }),
    )
}

/// Remembers that `address` belongs to `person` (or is to be ignored, with
/// `None`), and adds the person to every communication that carries the
/// address — one transaction, each communication amended with the reason.
pub fn map_address(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    address: &str,
    person: Option<&Key>,
) -> Result<usize> {
    let address = address.trim().to_lowercase();
    if !unmatched(store)?.iter().any(|u| u.address == address) {
        return Err(Error::Refused(format!(
            "\"{address}\" is not an unmatched address"
        )));
    }
    let mapping = Change::Create {
        kind: Kind::AddressMapping,
        key: None,
        data: json!({"address": address, "person": person}),
    };
    let mut keys = Vec::new();
    let mut label = String::new();
    if let Some(person) = person {
        label = store.require(person)?.label;
        keys = store.query_with(
            "SELECT ca.key FROM comm_addresses ca JOIN comm_index ci ON ci.key = ca.key AND ci.voided = 0 WHERE ca.address = ?1 ORDER BY ca.key",
            std::slice::from_ref(&address),
            |r| r.get::<_, String>(0),
        )?;
    }
    let n = store.write(ids, |w| {
        w.apply(author, mapping)?;
        let mut n = 0;
        let Some(person) = person else { return Ok(0) };
        for key in keys {
            let key = Key(key);
            let Some(row) = w.get(&key)?.filter(|r| !r.voided) else {
                continue;
            };
            let mut comm: Communication =
                serde_json::from_value(row.data.clone()).map_err(|e| {
                    Error::Damaged(format!(
                        "communication {key}: stored data does not fit: {e}"
                    ))
                })?;
            if comm.participants.contains(person) {
                continue;
            }
            comm.participants.push(person.clone());
            if comm.from.is_none() && comm.addresses.first() == Some(&address) {
                comm.from = Some(person.clone());
            }
            let data = serde_json::to_value(comm).expect("a communication serialises");
            w.apply(
                author,
                Change::amend(
                    &row,
                    &data,
                    format!("address {address} identified as {label}"),
                ),
            )?;
            n += 1;
        }
        Ok(n)
    })?;
    Ok(n)
}
