//! The JSON Schema of the `candor/1` document, generated from the model's
//! types: each kind's data is its Rust type's schema; an entity is that data
//! with its key, voided flag and history; a history entry is a version with
//! the kind's data. `docs/candor-1.schema.json` is this, committed and tested.

use super::FORMAT;
use crate::audit::Action;
use crate::kind::Kind;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// The whole document's schema (JSON Schema 2020-12).
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let action = generator.subschema_for::<Action>().to_value();
    let mut data_refs = Vec::new();
    for kind in Kind::ALL {
        data_refs.push((*kind, kind.data_schema(&mut generator).to_value()));
    }
    let instant = generator.subschema_for::<crate::time::Instant>().to_value();
    let key = generator.subschema_for::<crate::key::Key>().to_value();
    let mut defs: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    let mut properties = Map::new();
    properties.insert(
        "format".into(),
        json!({"const": FORMAT, "description": "The format of this document."}),
    );
    for (kind, data) in data_refs {
        let name = kind.as_str();
        let version = format!("{name}_version");
        let entity = format!("{name}_entity");
        defs.insert(
            version.clone(),
            json!({
                "type": "object",
                "description": format!("One version of a {name}, as recorded in the audit log."),
                "additionalProperties": false,
                "required": ["version", "action", "recorded_at", "actor"],
                "properties": {
                    "version": {"type": "integer", "minimum": 1},
                    "action": action,
                    "recorded_at": instant,
                    "actor": {"type": "string", "minLength": 1, "description": "A person's key, or bootstrap."},
                    "reason": {"type": "string", "description": "Why: required for amendments and voids."},
                    "data": data,
                }
            }),
        );
        let mut object = reference(&defs, &data)
            .cloned()
            .unwrap_or_else(|| json!({"type": "object", "properties": {}}));
        if let Some(props) = object.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert("key".into(), key.clone());
            props.insert(
                "voided".into(),
                json!({"type": "boolean", "description": "Present and true once the entity is voided."}),
            );
            props.insert(
                "history".into(),
                json!({"type": "array", "minItems": 1, "items": {"$ref": format!("#/$defs/{version}")}}),
            );
        }
        let mut required: Vec<Value> = object
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        required.extend([json!("key"), json!("history")]);
        object["required"] = Value::Array(required);
        object["description"] = json!(format!(
            "A {name}: its current data, key and every version."
        ));
        defs.insert(entity.clone(), object);
        let section = if kind.is_singleton() {
            json!({"anyOf": [{"$ref": format!("#/$defs/{entity}")}, {"type": "null"}]})
        } else {
            json!({"type": ["array", "null"], "items": {"$ref": format!("#/$defs/{entity}")}})
        };
        properties.insert(kind.plural().into(), section);
    }
    properties.insert(
        "originals".into(),
        json!({
            "type": ["array", "null"],
            "description": "The original bytes of imported messages, by SHA-256.",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["sha256", "base64"],
                "properties": {
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "base64": {"type": "string"}
                }
            }
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Candor interchange document, format candor/1",
        "description": "One engagement's whole record with every version's history (docs/format.md). Generated from Candor's model types by `candor schema`. Rules a schema cannot express (references resolve to a live entity of the right kind, keys are unique, versions count up by one, the top-level fields equal the last data-bearing version, time zones exist) are checked by Candor on import.",
        "type": "object",
        "additionalProperties": false,
        "required": ["format"],
        "properties": properties,
        "$defs": defs,
    })
}

/// The definition a `{"$ref": "#/$defs/Name"}` points at.
fn reference<'a>(defs: &'a Map<String, Value>, schema: &Value) -> Option<&'a Value> {
    let name = schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
    defs.get(name)
}
