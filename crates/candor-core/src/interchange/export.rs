use super::FORMAT;
use crate::audit::Version;
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::store::Store;
use serde_json::{Map, Value, json};
use std::io::Write;

/// Writes the whole record as a `candor/1` document: pretty-printed, object
/// keys sorted, entities by key. The same record always gives the same bytes.
pub fn export_json(store: &Store) -> Result<String> {
    let mut out = Vec::new();
    export_json_to(store, &mut out, &mut |_, _| {})?;
    Ok(String::from_utf8(out).expect("JSON is UTF-8"))
}

/// [`export_json`] written to `out` as it is read, one entity at a time, so
/// memory stays bounded by the largest entity's history. `progress` hears
/// (versions written, versions in all) after each entity.
pub fn export_json_to(
    store: &Store,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let total = store.head()?.map_or(0, |h| h.seq.max(0) as u64);
    let mut done = 0u64;
    write!(out, "{{\n  \"format\": {}", json!(FORMAT))?;
    for kind in Kind::ALL {
        write!(out, ",\n  {}: ", json!(kind.plural()))?;
        let mut first = true;
        let mut last = None;
        store.each_history(*kind, |versions| {
            done += versions.len() as u64;
            let entity = entity_object(&versions);
            if kind.is_singleton() {
                last = Some(entity);
            } else {
                out.write_all(if first { b"[\n    " } else { b",\n    " })?;
                out.write_all(pretty(&entity, 4).as_bytes())?;
                first = false;
            }
            progress(done, total);
            Ok(())
        })?;
        if kind.is_singleton() {
            out.write_all(pretty(&last.unwrap_or(Value::Null), 2).as_bytes())?;
        } else {
            out.write_all(if first { b"[]" } else { b"\n  ]" })?;
        }
    }
    out.write_all(b",\n  \"originals\": ")?;
    let mut first = true;
    store.each_blob(|sha256, bytes| {
        let original = json!({"sha256": sha256, "base64": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)});
        out.write_all(if first { b"[\n    " } else { b",\n    " })?;
        out.write_all(pretty(&original, 4).as_bytes())?;
        first = false;
        Ok(())
    })?;
    out.write_all(if first { b"[]" } else { b"\n  ]" })?;
    out.write_all(b"\n}\n")?;
    out.flush().map_err(Error::from)
}

/// A value pretty-printed as it appears `depth` spaces in.
fn pretty(value: &Value, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("a value serialises");
    text.replace('\n', &format!("\n{}", " ".repeat(depth)))
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
