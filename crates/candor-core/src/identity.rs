//! Who may record: every change is made by a person of the provider, or by
//! the bootstrap actor while the record has no such person yet.

use crate::error::{Error, Result};
use crate::key::Key;
use crate::kind::Kind;
use crate::model::{Department, Party, PartyRole, Person};
use crate::store::{Author, Store};
use std::collections::HashSet;

/// The provider's people, as (key, person).
pub fn provider_people(store: &Store) -> Result<Vec<(Key, Person)>> {
    let providers: HashSet<Key> = store
        .load::<Party>()?
        .into_iter()
        .filter(|(_, p)| p.role == PartyRole::Provider)
        .map(|(k, _)| k)
        .collect();
    let departments: HashSet<Key> = store
        .load::<Department>()?
        .into_iter()
        .filter(|(_, d)| providers.contains(&d.party))
        .map(|(k, _)| k)
        .collect();
    Ok(store
        .load::<Person>()?
        .into_iter()
        .filter(|(_, p)| departments.contains(&p.department))
        .collect())
}

/// The actor for a change: `who` (a name, e-mail or key) must be a person of
/// the provider. Without `who`, the bootstrap actor while the provider has no people.
pub fn actor(store: &Store, who: Option<&str>) -> Result<String> {
    let people = provider_people(store)?;
    match who.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) if w == Author::BOOTSTRAP && people.is_empty() => Ok(Author::BOOTSTRAP.to_owned()),
        Some(w) => {
            let row = store.resolve(Kind::Person, w)?;
            if people.iter().any(|(k, _)| *k == row.key) {
                Ok(row.key.0)
            } else {
                Err(Error::Refused(format!("{} is not a person of the provider; changes are recorded by the provider's people", row.label)))
            }
        }
        None if people.is_empty() => Ok(Author::BOOTSTRAP.to_owned()),
        None => Err(Error::Refused("say who is recording: a person of the provider (name, e-mail or key)".into())),
    }
}
