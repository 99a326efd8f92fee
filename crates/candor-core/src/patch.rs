//! `field=value` assignments applied to an entity's JSON data, for the CLI.
//!
//! A value takes the type of the field it replaces: text stays text, `true`/`false`
//! for flags, numbers for numbers, comma-separated lists for lists. An empty
//! value clears an optional field; a list may also be given as JSON (`[…]`). For a field the data does not have yet, a
//! value that reads as a JSON number or boolean is taken as one, otherwise as text.

use crate::error::{Error, FieldError, Result};
use serde_json::{Map, Value};

/// Applies `assignments` (each `field=value`) to `data`.
pub fn apply(data: &Value, assignments: &[String]) -> Result<Value> {
    let mut map = match data {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for a in assignments {
        let (field, text) = a
            .split_once('=')
            .ok_or_else(|| invalid("", format!("\"{a}\" is not field=value")))?;
        let field = field.trim();
        if field.is_empty() {
            return Err(invalid("", format!("\"{a}\" has no field name")));
        }
        let value = convert(field, map.get(field), text)?;
        if value.is_null() {
            map.remove(field);
        } else {
            map.insert(field.to_owned(), value);
        }
    }
    Ok(Value::Object(map))
}

/// The fields `assignments` set, with their values typed against `data`
/// (`null` for a field cleared): what an amendment carries.
pub fn fields(data: &Value, assignments: &[String]) -> Result<Map<String, Value>> {
    let after = apply(data, assignments)?;
    let mut out = Map::new();
    for a in assignments {
        let field = a.split_once('=').map_or(a.as_str(), |(f, _)| f).trim();
        out.insert(
            field.to_owned(),
            after.get(field).cloned().unwrap_or(Value::Null),
        );
    }
    Ok(out)
}

fn convert(field: &str, current: Option<&Value>, text: &str) -> Result<Value> {
    Ok(match current {
        Some(Value::String(_)) => Value::String(text.to_owned()),
        Some(Value::Bool(_)) => match text.trim() {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            _ => {
                return Err(invalid(
                    field,
                    format!("expected true or false, not \"{text}\""),
                ));
            }
        },
        Some(Value::Number(_)) if text.trim().is_empty() => Value::Null,
        Some(Value::Number(_)) => {
            let n: i64 = text
                .trim()
                .parse()
                .map_err(|_| invalid(field, format!("expected a whole number, not \"{text}\"")))?;
            Value::from(n)
        }
        Some(Value::Array(_)) if text.trim_start().starts_with('[') => {
            serde_json::from_str(text.trim()).map_err(|e| {
                invalid(
                    field,
                    format!("expected a JSON list or comma-separated values: {e}"),
                )
            })?
        }
        Some(Value::Array(_)) => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ),
        _ if text.trim().is_empty() => Value::Null,
        _ => match serde_json::from_str::<Value>(text.trim()) {
            Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
            _ => Value::String(text.to_owned()),
        },
    })
}

fn invalid(field: &str, message: String) -> Error {
    Error::Invalid(vec![FieldError {
        entity: String::new(),
        field: field.to_owned(),
        message,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_take_the_type_of_the_field() {
        let data =
            json!({"name": "A", "key_stakeholder": false, "authority_level": 1, "emails": []});
        let out = apply(
            &data,
            &[
                "name=Maria 7".into(),
                "key_stakeholder=true".into(),
                "authority_level=3".into(),
                "emails=a@x.io, b@x.io".into(),
                "cadence_days=7".into(),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"name": "Maria 7", "key_stakeholder": true, "authority_level": 3, "emails": ["a@x.io", "b@x.io"], "cadence_days": 7})
        );
    }

    #[test]
    fn bad_values_name_the_field() {
        let err = apply(
            &json!({"authority_level": 1}),
            &["authority_level=high".into()],
        )
        .unwrap_err();
        assert!(err.to_string().contains("authority_level"), "{err}");
        assert!(apply(&json!({}), &["novalue".into()]).is_err());
    }

    #[test]
    fn empty_clears_optional_fields() {
        let out = apply(&json!({"cadence_days": 7}), &["cadence_days=".into()]).unwrap();
        assert_eq!(out, json!({}));
    }
}
