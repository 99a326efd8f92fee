//! The model as a TypeScript module for the desktop's UI.

use super::model;
use crate::kind::Kind;
use serde::Serialize;

const HEADER: &str = "\
// Generated from Candor's model types by `candor schema --typescript`: do not edit.
// Each kind's fields, each choice's labels, the rules and report formats, as the
// core describes them (crates/candor-core/src/describe). A test checks that this
// file is what the core prints; to change it, change the Rust types and run
// `candor schema --typescript > ui/src/lib/model.gen.ts`.
";

/// `ui/src/lib/model.gen.ts`: the [`model`] as typed constants.
pub fn typescript() -> String {
    let m = model();
    let mut out = String::from(HEADER);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    out += "\n/** Every kind of entry, in the record's order. */\n";
    out += &format!("export const KINDS = {} as const;\n", compact(&kinds));
    out += "export type Kind = (typeof KINDS)[number];\n";
    out += "\n/** How a field is entered. */\n";
    out += "export type Input = 'text' | 'number' | 'checkbox' | 'select' | 'reference' | 'list' | 'instant' | 'day' | 'other';\n";
    out += "\n/** One field of a kind's data, as the core describes it. */\n";
    out += "export interface ModelField {\n  name: string;\n  label: string;\n  hint?: string;\n  input: Input;\n  required: boolean;\n  many: boolean;\n  refs?: readonly Kind[];\n  choices?: EnumName;\n  nest?: string;\n  min?: number;\n  max?: number;\n}\n";
    out += "\n/** A value and its label. */\n";
    out += "export interface Choice<V = string> {\n  value: V;\n  label: string;\n}\n";
    out += "\n/** Each kind's name for people and its fields, in the type's order: a line a kind. */\n";
    out +=
        "export const MODEL: Record<Kind, { noun: string; fields: readonly ModelField[] }> = {\n";
    for k in &m.kinds {
        let line = serde_json::json!({"noun": k.noun, "fields": k.fields});
        out += &format!("  {}: {line},\n", k.kind.as_str());
    }
    out += "};\n";
    out += "\n/** Each enum's values and labels, by the Rust type's name: a line an enum. */\n";
    out += "export const ENUMS = {\n";
    for (name, choices) in &m.enums {
        out += &format!("  {name}: {},\n", compact(choices));
    }
    out += "} as const satisfies Record<string, readonly Choice[]>;\n";
    out += "export type EnumName = keyof typeof ENUMS;\n";
    out += "\n/** Authority levels, lowest first. */\n";
    out += &format!(
        "export const AUTHORITY_LEVELS: readonly Choice<number>[] = {};\n",
        compact(&m.authority_levels)
    );
    out += "\n/** The flag rules, in listing order. */\n";
    out += &format!(
        "export const RULES: readonly Choice[] = {};\n",
        compact(&m.rules)
    );
    out += "\n/** The formats a report renders to. */\n";
    out += &format!(
        "export const REPORT_FORMATS: readonly Choice[] = {};\n",
        compact(&m.report_formats)
    );
    out
}

fn compact(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the model serialises")
}
