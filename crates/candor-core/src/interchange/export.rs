use super::FORMAT;
use crate::audit::Version;
use crate::error::Result;
use crate::kind::Kind;
use crate::store::Store;
use serde_json::{Map, Value, json};

/// Writes the whole record as a `candor/1` document: pretty-printed, object
/// keys sorted, entities by key. The same record always gives the same bytes.
pub fn export_json(store: &Store) -> Result<String> {
    let versions = store.all_versions()?;
    let mut sections: Vec<(Kind, Vec<Value>)> =
        Kind::ALL.iter().map(|k| (*k, Vec::new())).collect();
    let mut i = 0;
    while i < versions.len() {
        let j = versions[i..]
            .iter()
            .position(|v| v.key != versions[i].key)
            .map_or(versions.len(), |n| i + n);
        let entity = entity_object(&versions[i..j]);
        let kind = versions[i].kind;
        if let Some((_, list)) = sections.iter_mut().find(|(k, _)| *k == kind) {
            list.push(entity);
        }
        i = j;
    }
    let mut out = String::from("{\n  \"format\": ");
    out.push_str(&serde_json::to_string(FORMAT).expect("a string serialises"));
    for (kind, mut list) in sections {
        out.push_str(",\n  ");
        out.push_str(&serde_json::to_string(kind.plural()).expect("a string serialises"));
        out.push_str(": ");
        let value = if kind.is_singleton() {
            list.pop().unwrap_or(Value::Null)
        } else {
            Value::Array(list)
        };
        out.push_str(&indent(
            &serde_json::to_string_pretty(&value).expect("a value serialises"),
        ));
    }
    out.push_str(",\n  \"originals\": ");
    let originals: Vec<Value> = store
        .blobs()?
        .into_iter()
        .map(|(sha256, bytes)| json!({"sha256": sha256, "base64": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)}))
        .collect();
    out.push_str(&indent(
        &serde_json::to_string_pretty(&Value::Array(originals)).expect("a value serialises"),
    ));
    out.push_str("\n}\n");
    Ok(out)
}

/// An entity as the document holds it: current data at the top, with key,
/// voided flag and the history of every version.
fn entity_object(versions: &[Version]) -> Value {
    let last = versions.last().expect("an entity has a version");
    let data = versions
        .iter()
        .rev()
        .find_map(|v| v.data.clone())
        .unwrap_or(Value::Null);
    let mut obj = match data {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    obj.insert("key".into(), json!(last.key));
    if last.data.is_none() {
        obj.insert("voided".into(), json!(true));
    }
    let history = versions
        .iter()
        .map(|v| {
            let mut h = serde_json::to_value(v).expect("a version serialises");
            if let Value::Object(m) = &mut h {
                m.remove("kind");
                m.remove("key");
            }
            h
        })
        .collect();
    obj.insert("history".into(), Value::Array(history));
    Value::Object(obj)
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n  ")
}
