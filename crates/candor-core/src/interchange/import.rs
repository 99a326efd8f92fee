use super::{ENVELOPE, FORMAT};
use crate::audit::{Action, Version};
use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::kind::Kind;
use crate::store::{Author, Store};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// One history entry as the document holds it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryItem {
    version: u32,
    action: Action,
    #[serde(with = "crate::time::serde_millis")]
    recorded_at: chrono::DateTime<chrono::Utc>,
    actor: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    data: Option<Value>,
}

/// Loads a `candor/1` document into an empty database: all of it, or nothing.
/// Errors name their place (JSON path, or line and column for malformed JSON).
/// Entities without a history are recorded as created now by `author`.
pub fn import_json(store: &mut Store, author: &Author, ids: &mut Ids, text: &str) -> Result<usize> {
    if !store.is_empty()? {
        return Err(Error::Refused(format!(
            "{} already holds a record; import loads a document into an empty database",
            store.path().display()
        )));
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| Error::Document {
        at: format!("line {}, column {}", e.line(), e.column()),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    let Value::Object(mut top) = doc else {
        return Err(doc_err("$", "the document must be a JSON object"));
    };
    match top.remove("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(doc_err(
                "$.format",
                &format!("expected \"{FORMAT}\", found {other}"),
            ));
        }
        None => {
            return Err(doc_err(
                "$.format",
                &format!("missing; this reader understands \"{FORMAT}\""),
            ));
        }
    }
    // (place, version, whether the document attests it with a history)
    let mut versions: Vec<(String, Version, bool)> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for &kind in Kind::ALL {
        let section = kind.plural();
        let entities = match top.remove(section) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(o)) if kind.is_singleton() => vec![Value::Object(o)],
            Some(Value::Array(a)) if !kind.is_singleton() => a,
            Some(_) => {
                let want = if kind.is_singleton() {
                    "an object"
                } else {
                    "an array"
                };
                return Err(doc_err(&format!("$.{section}"), &format!("must be {want}")));
            }
        };
        for (i, entity) in entities.into_iter().enumerate() {
            let place = if kind.is_singleton() {
                format!("$.{section}")
            } else {
                format!("$.{section}[{i}]")
            };
            let entity_versions = read_entity(kind, &place, entity, author)?;
            let key = entity_versions[0].1.key.0.clone();
            if let Some(first) = seen.insert(key.clone(), place.clone()) {
                return Err(doc_err(
                    &format!("{place}.key"),
                    &format!("duplicate key \"{key}\" (first used at {first})"),
                ));
            }
            versions.extend(
                entity_versions
                    .into_iter()
                    .map(|(p, v)| (p.clone(), v, p.ends_with(".data"))),
            );
        }
    }
    let people: std::collections::HashSet<&str> = versions
        .iter()
        .filter(|(_, v, _)| v.kind == Kind::Person)
        .map(|(_, v, _)| v.key.as_str())
        .collect();
    for (place, v, _) in &versions {
        if v.actor != Author::BOOTSTRAP
            && v.actor != author.actor
            && !people.contains(v.actor.as_str())
        {
            let at = place.trim_end_matches(".data");
            return Err(doc_err(
                &format!("{at}.actor"),
                &format!(
                    "\"{}\" is neither a person of the document nor {}",
                    v.actor,
                    Author::BOOTSTRAP
                ),
            ));
        }
    }
    let originals = read_originals(top.remove("originals"))?;
    if let Some(unknown) = top.keys().next() {
        return Err(doc_err(&format!("$.{unknown}"), "unknown section"));
    }
    let kind_rank = |k: Kind| Kind::ALL.iter().position(|x| *x == k);
    versions.sort_by(|(_, a, _), (_, b, _)| {
        (a.recorded_at, kind_rank(a.kind), &a.key, a.version).cmp(&(
            b.recorded_at,
            kind_rank(b.kind),
            &b.key,
            b.version,
        ))
    });
    let count = seen.len();
    store.append_versions(author, ids, versions, &originals)?;
    Ok(count)
}

/// The kept originals: base64 bytes whose SHA-256 must match.
fn read_originals(section: Option<Value>) -> Result<Vec<Vec<u8>>> {
    use base64::Engine;
    let items = match section {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(doc_err("$.originals", "must be an array")),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("$.originals[{i}]");
            let (Some(sha), Some(text)) = (item["sha256"].as_str(), item["base64"].as_str()) else {
                return Err(doc_err(&at, "needs sha256 and base64 strings"));
            };
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| doc_err(&format!("{at}.base64"), &format!("is not base64: {e}")))?;
            if crate::canonical::sha256_hex(&bytes) != sha {
                return Err(doc_err(&format!("{at}.sha256"), "does not match the bytes"));
            }
            Ok(bytes)
        })
        .collect()
}

fn doc_err(at: &str, message: &str) -> Error {
    Error::Document {
        at: at.to_owned(),
        message: message.to_owned(),
    }
}

/// The versions of one entity object, each with the place it came from.
fn read_entity(
    kind: Kind,
    place: &str,
    entity: Value,
    author: &Author,
) -> Result<Vec<(String, Version)>> {
    let Value::Object(mut obj) = entity else {
        return Err(doc_err(place, "must be an object"));
    };
    let key = match obj.remove("key") {
        Some(Value::String(k)) if !k.trim().is_empty() => Key(k),
        Some(Value::String(_)) => {
            return Err(doc_err(&format!("{place}.key"), "must not be empty"));
        }
        Some(other) => {
            return Err(doc_err(
                &format!("{place}.key"),
                &format!("must be a string, found {other}"),
            ));
        }
        None => return Err(doc_err(&format!("{place}.key"), "missing")),
    };
    let voided = match obj.remove("voided") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(other) => {
            return Err(doc_err(
                &format!("{place}.voided"),
                &format!("must be true or false, found {other}"),
            ));
        }
    };
    let history = obj.remove("history");
    debug_assert!(ENVELOPE.iter().all(|f| !obj.contains_key(*f)));
    let data = Value::Object(obj);
    let Some(history) = history else {
        if voided {
            return Err(doc_err(
                &format!("{place}.voided"),
                "a voided entry must carry its history",
            ));
        }
        let version = Version {
            kind,
            key,
            version: 1,
            action: Action::Create,
            recorded_at: author.at,
            actor: author.actor.clone(),
            reason: None,
            data: Some(data),
        };
        return Ok(vec![(place.to_owned(), version)]);
    };
    let items: Vec<HistoryItem> = serde_path_to_error::deserialize(history).map_err(|e| {
        doc_err(
            &format!("{place}.history{}", path_suffix(&e.path().to_string())),
            &e.into_inner().to_string(),
        )
    })?;
    if items.is_empty() {
        return Err(doc_err(
            &format!("{place}.history"),
            "must hold at least one version",
        ));
    }
    let mut out: Vec<(String, Version)> = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("{place}.history[{i}]");
        if item.version as usize != i + 1 {
            return Err(doc_err(
                &format!("{at}.version"),
                &format!("expected {}, found {}", i + 1, item.version),
            ));
        }
        if (i == 0) != (item.action == Action::Create) {
            let why = if i == 0 {
                "the first version must be a create"
            } else {
                "only the first version is a create"
            };
            return Err(doc_err(&format!("{at}.action"), why));
        }
        if item.recorded_at > author.at {
            return Err(doc_err(&format!("{at}.recorded_at"), "is in the future"));
        }
        if item.actor.trim().is_empty() {
            return Err(doc_err(&format!("{at}.actor"), "must name who recorded it"));
        }
        if (item.action == Action::Void) != item.data.is_none() {
            return Err(doc_err(
                &format!("{at}.data"),
                "a void carries no data; every other version does",
            ));
        }
        if let Some((_, prev)) = out.last()
            && item.recorded_at < prev.recorded_at
        {
            return Err(doc_err(
                &format!("{at}.recorded_at"),
                "is earlier than the version before it",
            ));
        }
        let version = Version {
            kind,
            key: key.clone(),
            version: item.version,
            action: item.action,
            recorded_at: item.recorded_at,
            actor: item.actor,
            reason: item.reason,
            data: item.data,
        };
        out.push((format!("{at}.data"), version));
    }
    let last_data = out.iter().rev().find_map(|(_, v)| v.data.as_ref());
    if last_data != Some(&data) {
        return Err(doc_err(
            place,
            "the entry's fields differ from the data of its last version in history",
        ));
    }
    let ends_voided = out.last().is_some_and(|(_, v)| v.action == Action::Void);
    if ends_voided != voided {
        return Err(doc_err(
            &format!("{place}.voided"),
            "does not match the last version in history",
        ));
    }
    Ok(out)
}

fn path_suffix(path: &str) -> String {
    if path == "." {
        String::new()
    } else if path.starts_with('[') {
        path.to_owned()
    } else {
        format!(".{path}")
    }
}
