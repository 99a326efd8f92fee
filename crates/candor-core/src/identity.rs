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
                Err(Error::Refused(format!(
                    "{} is not a person of the provider; changes are recorded by the provider's people",
                    row.label
                )))
            }
        }
        None if people.is_empty() => Ok(Author::BOOTSTRAP.to_owned()),
        None => Err(Error::Refused(
            "say who is recording: a person of the provider (name, e-mail or key)".into(),
        )),
    }
}

/// What a newcomer says about themselves on first run.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Newcomer {
    pub provider_name: String,
    pub department_name: String,
    pub name: String,
    pub email: String,
}

/// Records a newcomer as a person of the provider, creating the provider party
/// and department when absent, in one transaction. The bootstrap actor records
/// it while the provider has no people; after that the newcomer registers themself.
pub fn register(
    store: &mut Store,
    ids: &mut crate::Ids,
    at: chrono::DateTime<chrono::Utc>,
    who: &Newcomer,
) -> Result<Key> {
    use crate::store::Change;
    use serde_json::json;
    let has_people = !provider_people(store)?.is_empty();
    let person_key = ids.key(at);
    let mut changes = Vec::new();
    let providers: Vec<(Key, Party)> = store
        .load::<Party>()?
        .into_iter()
        .filter(|(_, p)| p.role == PartyRole::Provider)
        .collect();
    // The key of what exists, or of a new entity created with `data`.
    let mut existing_or_new = |found: Option<Key>, kind: Kind, data: serde_json::Value| {
        found.unwrap_or_else(|| {
            let k = ids.key(at);
            changes.push(Change::Create {
                kind,
                key: Some(k.clone()),
                data,
            });
            k
        })
    };
    let party = existing_or_new(
        providers.into_iter().next().map(|(k, _)| k),
        Kind::Party,
        json!({"name": who.provider_name, "role": "provider"}),
    );
    let wanted = who.department_name.trim().to_lowercase();
    let department = existing_or_new(
        store
            .load::<Department>()?
            .into_iter()
            .find(|(_, d)| d.party == party && d.name.trim().to_lowercase() == wanted)
            .map(|(k, _)| k),
        Kind::Department,
        json!({"name": who.department_name, "party": party}),
    );
    let emails: Vec<&str> = Some(who.email.trim())
        .filter(|e| !e.is_empty())
        .into_iter()
        .collect();
    changes.push(Change::Create {
        kind: Kind::Person,
        key: Some(person_key.clone()),
        data: json!({"name": who.name, "department": department, "emails": emails}),
    });
    let actor = if has_people {
        person_key.0.clone()
    } else {
        Author::BOOTSTRAP.to_owned()
    };
    store.apply(&Author::new(actor, at), ids, changes)?;
    Ok(person_key)
}
