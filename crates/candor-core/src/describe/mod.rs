//! The model described for a host's forms and words: each kind's fields with
//! their input, label, whether they are required and what they refer to, and
//! each choice's values with their labels.
//!
//! Nothing here is written twice. The fields, their types and labels come from
//! the model types' JSON Schema ([`crate::interchange::schema`], with the
//! `title` and `x-hint` the types carry); what is required and what refers to
//! what comes from running each kind's own validation on sample data (a
//! [`crate::validate::Validator::probing`]). The desktop's
//! `ui/src/lib/model.gen.ts` is [`typescript`] of this, committed and tested.

mod typescript;

pub use typescript::typescript;

use crate::flags::Rule;
use crate::kind::Kind;
use crate::model::AUTHORITY_LEVELS;
use crate::report::Format;
use crate::validate::{Demand, Lookup};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// What every internal note says of itself: the client edition of a report
/// is built without them.
const INTERNAL_HINT: &str = "Internal only: never shown to the client.";

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// A line of text.
    Text,
    /// A whole number.
    Number,
    /// Yes or no.
    Checkbox,
    /// One of an enum's values ([`Field::choices`] names it).
    Select,
    /// The key of another entity ([`Field::refs`] says of which kinds).
    Reference,
    /// Several lines of text, one value each.
    List,
    /// An instant, typed in the engagement's time zone and stored in UTC.
    Instant,
    /// A calendar day in the engagement's time zone.
    Day,
    /// Structured data no form field holds (items, attachments, a source).
    Other,
}

/// One field of a kind's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Its name in the data ("requested_by"); inside [`Field::nest`] when that is set.
    pub name: String,
    /// What a person calls it ("Requested by").
    pub label: String,
    /// A short explanation under the field, when the type gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// How it is entered.
    pub input: Input,
    /// Must be given: the data cannot be read without it, or validation refuses it empty.
    pub required: bool,
    /// Holds several values (participants, e-mail addresses).
    pub many: bool,
    /// The kinds a reference may name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<Kind>,
    /// The enum whose values a select offers (a key of [`Model::enums`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<String>,
    /// The object of the data this field sits in ("approval").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nest: Option<String>,
    /// The smallest value validation accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// The largest value validation accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// One kind of entity as forms see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindModel {
    /// Its name in the record ("scope").
    pub kind: Kind,
    /// What a person calls one ("scope item").
    pub noun: String,
    /// Its fields, in the order of the type.
    pub fields: Vec<Field>,
}

/// A value and what a person calls it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// The value in the record ("two_way", "update-gap", 4).
    pub value: Value,
    /// Its label ("Two-way (meeting, call)").
    pub label: String,
}

/// The whole description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Every kind, in the order of [`Kind::ALL`].
    pub kinds: Vec<KindModel>,
    /// Every enum of the model (those a field offers, and those inside
    /// structured data such as an item's type), by its type's name ("Direction").
    pub enums: BTreeMap<String, Vec<Choice>>,
    /// The authority levels, lowest first.
    pub authority_levels: Vec<Choice>,
    /// The flag rules, in listing order.
    pub rules: Vec<Choice>,
    /// The formats a report renders to.
    pub report_formats: Vec<Choice>,
}

/// Describes the model.
pub fn model() -> Model {
    let document = crate::interchange::schema();
    let defs = document["$defs"].as_object().cloned().unwrap_or_default();
    let mut enums = BTreeMap::new();
    let kinds = Kind::ALL
        .iter()
        .map(|&kind| {
            let version = &defs[&format!("{}_version", kind.as_str())];
            let data = deref(&defs, &version["properties"]["data"]);
            let mut fields = Vec::new();
            fields_of(&defs, data, None, &mut enums, &mut fields);
            apply_demands(kind, &defs, data, &mut fields);
            KindModel {
                kind,
                noun: kind.noun().to_owned(),
                fields,
            }
        })
        .collect();
    for (name, def) in &defs {
        if let Some(values) = enum_choices(def) {
            enums.entry(name.clone()).or_insert(values);
        }
    }
    Model {
        kinds,
        enums,
        authority_levels: choices(AUTHORITY_LEVELS.iter().map(|(l, n)| (json!(l), *n))),
        rules: choices(Rule::ALL.iter().map(|r| (json!(r.as_str()), r.title()))),
        report_formats: choices(Format::ALL.iter().map(|f| (json!(f.as_str()), f.label()))),
    }
}

/// Values with their labels.
fn choices<'a>(list: impl Iterator<Item = (Value, &'a str)>) -> Vec<Choice> {
    list.map(|(value, label)| Choice {
        value,
        label: label.to_owned(),
    })
    .collect()
}

/// The definition `schema` points at, or `schema` itself.
fn deref<'a>(defs: &'a Map<String, Value>, schema: &'a Value) -> &'a Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| defs.get(name))
        .unwrap_or(schema)
}

/// The referenced definition's name, when `schema` is a `$ref`.
fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")
}

/// `schema` without a `null` alternative (`Option<T>` is `anyOf [T, null]`).
fn non_null(schema: &Value) -> &Value {
    schema
        .get("anyOf")
        .and_then(Value::as_array)
        .and_then(|alts| alts.iter().find(|a| a.get("type") != Some(&json!("null"))))
        .unwrap_or(schema)
}

/// An enum's values and labels, when `def` is one.
fn enum_choices(def: &Value) -> Option<Vec<Choice>> {
    if let Some(values) = def.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .map(|v| Choice {
                    value: v.clone(),
                    label: human(v.as_str().unwrap_or_default()),
                })
                .collect(),
        );
    }
    let mut choices = Vec::new();
    for alt in def.get("oneOf")?.as_array()? {
        match alt.get("const") {
            Some(value) => choices.push(Choice {
                value: value.clone(),
                label: alt
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| human(value.as_str().unwrap_or_default())),
            }),
            None => choices.extend(enum_choices(alt)?),
        }
    }
    Some(choices)
}

/// The JSON type of `schema`, leaving out `null` (`["integer", "null"]` is "integer").
fn type_of(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

/// The fields of the object `def`, those of nested objects with their nest.
fn fields_of(
    defs: &Map<String, Value>,
    def: &Value,
    nest: Option<&str>,
    enums: &mut BTreeMap<String, Vec<Choice>>,
    out: &mut Vec<Field>,
) {
    let Some(props) = def.get("properties").and_then(Value::as_object) else {
        return;
    };
    let serde_required: Vec<&str> = def
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, prop) in props {
        let inner = non_null(prop);
        let many = type_of(inner) == Some("array");
        let item = if many { &inner["items"] } else { inner };
        let target = deref(defs, item);
        let mut choices = None;
        let input = match ref_name(item) {
            _ if prop.get("x-input") == Some(&json!("other")) => Input::Other,
            Some("key") => Input::Reference,
            Some("instant") => Input::Instant,
            Some(enum_name) if enum_choices(target).is_some() => {
                enums.insert(
                    enum_name.to_owned(),
                    enum_choices(target).unwrap_or_default(),
                );
                choices = Some(enum_name.to_owned());
                Input::Select
            }
            Some(_) if !many && nest.is_none() => {
                fields_of(defs, target, Some(name), enums, out);
                continue;
            }
            Some(_) => Input::Other,
            _ => match (type_of(target), many) {
                (Some("string"), true) => Input::List,
                (Some("string"), false) if target.get("format") == Some(&json!("date")) => {
                    Input::Day
                }
                (Some("string"), false) => Input::Text,
                (Some("integer"), false) => Input::Number,
                (Some("boolean"), false) => Input::Checkbox,
                _ => Input::Other,
            },
        };
        out.push(Field {
            name: name.clone(),
            label: prop
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| human(name)),
            hint: prop
                .get("x-hint")
                .and_then(Value::as_str)
                .or((name == "internal_note").then_some(INTERNAL_HINT))
                .map(str::to_owned),
            input,
            required: nest.is_none() && serde_required.contains(&name.as_str()),
            many,
            refs: Vec::new(),
            choices,
            nest: nest.map(str::to_owned),
            min: None,
            max: None,
        });
    }
}

/// Sample data for `schema`: every field present, every reference a key.
fn sample(defs: &Map<String, Value>, schema: &Value) -> Value {
    let schema = non_null(schema);
    match ref_name(schema) {
        Some("key") => return json!("probe"),
        Some("instant") => return json!("2026-01-01T00:00:00.000Z"),
        _ => {}
    }
    let def = deref(defs, schema);
    if let Some(first) = enum_choices(def).and_then(|c| c.into_iter().next()) {
        return first.value;
    }
    match type_of(def) {
        Some("object") => Value::Object(
            def.get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(name, p)| (name.clone(), sample(defs, p)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Some("array") => json!([sample(defs, &def["items"])]),
        Some("integer") => json!(
            def.get("minimum")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                .max(1)
        ),
        Some("boolean") => json!(true),
        Some("string") if def.get("format") == Some(&json!("date")) => json!("2026-01-01"),
        _ => json!("probe"),
    }
}

/// No entity exists: every reference is checked and none resolves.
struct Nothing;

impl Lookup for Nothing {
    fn find(&self, _: &crate::key::Key) -> Option<(Kind, bool)> {
        None
    }
}

/// Marks what `kind`'s validation asks of each field: on its empty template
/// (what is required) and on sample data with every field given (what each
/// reference may name, the bounds of numbers).
fn apply_demands(kind: Kind, defs: &Map<String, Value>, data: &Value, fields: &mut [Field]) {
    let mut demands = kind.probe(kind.template(), &Nothing).unwrap_or_default();
    let full = kind.probe(sample(defs, data), &Nothing).unwrap_or_default();
    demands.extend(full.into_iter().filter(|(_, d)| *d != Demand::Required));
    for (path, demand) in demands {
        let path = strip_index(&path);
        let Some(field) = fields.iter_mut().find(|f| match &f.nest {
            Some(nest) => path == format!("{nest}.{}", f.name),
            None => path == f.name,
        }) else {
            continue;
        };
        match demand {
            Demand::Required => field.required = true,
            Demand::Reference(kinds) => {
                for k in kinds {
                    if !field.refs.contains(&k) {
                        field.refs.push(k);
                    }
                }
            }
            Demand::Range(lo, hi) => {
                field.min = lo.parse().ok();
                field.max = hi.parse().ok();
            }
        }
    }
}

/// "participants[0]" → "participants".
fn strip_index(path: &str) -> String {
    match path.find('[') {
        Some(i) if path.ends_with(']') && !path[i..].contains('.') => path[..i].to_owned(),
        _ => path.to_owned(),
    }
}

/// "two_way" → "Two way".
fn human(name: &str) -> String {
    let mut s = name.replace(['_', '-'], " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

#[cfg(test)]
mod tests;
